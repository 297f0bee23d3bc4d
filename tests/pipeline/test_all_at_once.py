"""Every problem in one run, each once at its root: the text's roles and links are checked in the same pass as
the YAML, and a file that fails to load is named alone, not through every reference to it."""

from __future__ import annotations

import pytest
from support import TINY_FILES, tiny_site_with

from explainer.errors import BuildError
from explainer.pipeline.build import build

SECOND_STORY = TINY_FILES["content/articles/first-story.yaml"].replace("First story", "Second story")


def problems_of(root) -> list[str]:
    with pytest.raises(BuildError) as failed:
        build(root)
    return [str(problem) for problem in failed.value.problems]


def test_five_broken_files_give_five_problems_in_one_run(tmp_path):
    root = tiny_site_with(tmp_path, {
        "content/articles/first-story.md": ("{fig}`dead`", "{fig}`deaths`"),
        "content/pages/about.md": ("A test desk.", "A test desk; see [the archive](/archive/)."),
    }, extra={
        # broken YAML: the link to it from first-story is not reported as well
        "content/articles/second-story.yaml": "title: [Second story\n",
        "content/articles/second-story.md": "Text of the second story.\n",
        "content/articles/third-story.yaml": SECOND_STORY.replace("dek: What happened first.\n", "")
                                                         .replace("Second story", "Third story"),
        "content/articles/third-story.md": "Text of the third story.\n",
        "content/data/other.yaml": "title: Other\nunit: [people\n",
    })
    body = root / "content/articles/first-story.md"
    body.write_text(body.read_text() + "The [second story](/second-story/) follows.\n")
    found = problems_of(root)
    assert [problem.split(":")[:2] for problem in found] == [
        ["content/articles/first-story.md", "3"],
        ["content/articles/second-story.yaml", "2"],
        ["content/articles/third-story.yaml", "2"],
        ["content/data/other.yaml", "3"],
        ["content/pages/about.md", "7"],
    ], found
    assert "unknown key figure 'deaths'" in found[0]
    assert "no page at /archive/" in found[4]


def test_a_broken_yaml_and_a_bad_fig_in_another_article_are_reported_at_once(tmp_path):
    root = tiny_site_with(tmp_path, {"content/articles/first-story.md": ("{fig}`dead`", "{fig}`nobody`")},
                          extra={"content/articles/second-story.yaml": "title: Second\ndek: [open\n",
                                 "content/articles/second-story.md": "Text.\n"})
    found = problems_of(root)
    assert len(found) == 2, found
    assert found[0].startswith("content/articles/first-story.md:3: unknown key figure 'nobody'")
    assert found[1].startswith("content/articles/second-story.yaml:3: malformed YAML")


def test_a_broken_events_file_is_named_once_not_through_each_chart(tmp_path):
    root = tiny_site_with(tmp_path, {"content/events.yaml": ("start:", "start: [")})
    assert problems_of(root) == [problem for problem in problems_of(root) if problem.startswith("content/events")]
    assert len(problems_of(root)) == 1


def test_events_yaml_as_a_folder_is_named_once(tmp_path):
    root = tiny_site_with(tmp_path, {})
    (root / "content/events.yaml").unlink()
    (root / "content/events.yaml").mkdir()
    assert problems_of(root) == ["content/events.yaml:1: events.yaml should be a file, not a folder or a broken link"]


def test_without_events_yaml_an_unknown_event_is_still_an_error(tmp_path):
    root = tiny_site_with(tmp_path, {})
    (root / "content/events.yaml").unlink()
    assert problems_of(root) == ["content/articles/first-story.yaml:21: item 1: unknown event 'start'"]


def test_a_broken_sources_file_is_named_once_and_the_other_problems_still_show(tmp_path):
    root = tiny_site_with(tmp_path, {
        "content/sources.yaml": ("un-report:", "un-report: ["),
        "content/articles/first-story.md": ("{fig}`dead`", "{fig}`nobody`"),
    }, extra={"content/articles/second-story.yaml": SECOND_STORY.replace("places:", "place:"),
              "content/articles/second-story.md": "Text.\n"})
    found = problems_of(root)
    assert not [problem for problem in found if "unknown source" in problem], found
    assert [problem.split(":")[:2] for problem in found] == [
        ["content/articles/first-story.md", "3"],
        ["content/articles/second-story.yaml", "5"],
        ["content/sources.yaml", "3"],
    ], found


def test_a_broken_dataset_is_named_once_not_through_its_chart_or_its_data_roles(tmp_path):
    root = tiny_site_with(tmp_path, {
        "content/data/counts.yaml": ("unit: people", "unit: [people"),
        "content/articles/first-story.yaml": ("events: [start]", "events: [start]\n    mixed_counts: Both kinds."),
    })
    found = problems_of(root)
    assert len(found) == 1 and found[0].startswith("content/data/counts.yaml:3: malformed YAML"), found


def test_the_text_of_an_article_whose_yaml_parsed_but_did_not_validate_is_checked_against_what_it_declares(tmp_path):
    root = tiny_site_with(tmp_path, {}, extra={
        "content/articles/second-story.yaml": SECOND_STORY.replace("places:", "place:"),
        "content/articles/second-story.md": "## Then\nAt least {fig}`dead` and {fig}`missing` died; "
                                            "[more](/nowhere/), {data}`counts/killed/2022-04-01`, "
                                            "{data}`counts/killed/1999-01-01`.\n\n::: chart counts-chart\n\n"
                                            "::: chart no-chart\n"})
    found = problems_of(root)
    assert [problem.split(": ", 1)[0] for problem in found] == [
        "content/articles/second-story.md:2", "content/articles/second-story.md:2",
        "content/articles/second-story.md:2", "content/articles/second-story.md:6",
        "content/articles/second-story.yaml:5"], found
    text = "\n".join(found)
    assert "unknown key figure 'missing'" in text and "'dead'" not in text.split("this article has")[0]
    assert "no page at /nowhere/" in text and "no 'killed' value on 1999-01-01" in text
    assert "unknown chart 'no-chart'" in text and "unknown key 'place'" in text
