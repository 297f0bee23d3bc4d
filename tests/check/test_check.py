"""`build.py check`: every problem at once, annotations under GitHub Actions, nothing written."""

from __future__ import annotations

import pytest
from support import run_build, snapshot, write_files

from explainer.check import command as check
from explainer.cli import main
from explainer.errors import Problem

BROKEN = {
    # problems in two files: a dataset citing a source that does not exist, an article with a misspelt key
    "content/data/counts.yaml": """\
        title: Counts
        unit: people
        measure: cumulative
        series:
          killed: Killed
        points:
          - date: 2022-03-01
            killed: 10
            source: no-such-source
        """,
    "content/articles/second.yaml": """\
        title: Second
        dek: Another.
        published: 2022-06-02
        byline: [Test desk]
        tag: [test]
        """,
    "content/articles/second.md": "Text.\n",
}


def tree(root):
    """Every file under the site root except caches, which a check may warm."""
    return {path: data for path, data in snapshot(root).items() if not path.startswith(".cache/")}


def test_check_passes_on_a_valid_site_and_writes_nothing(tiny_site, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    before = tree(tiny_site)
    result = run_build(tiny_site, "check")
    assert result.code == 0, result.out + result.err
    assert result.out.startswith("Check passed: the content is valid and the site builds as published "
                                 "and as a preview with drafts")
    assert not (tiny_site / "public").exists()
    assert tree(tiny_site) == before


def test_check_prints_every_problem_and_leaves_public_alone(tiny_site, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tiny_site / "public").mkdir()
    (tiny_site / "public" / "index.html").write_text("the site as last published", encoding="utf-8")
    write_files(tiny_site, BROKEN)
    before = tree(tiny_site)
    result = run_build(tiny_site, "check")
    assert result.code == 1
    lines = result.err.splitlines()
    assert "content/articles/second.yaml:5: unknown key 'tag' in article metadata (did you mean 'tags'?)" in lines
    assert "content/data/counts.yaml:9: 'source': unknown source 'no-such-source'" in lines
    assert lines[-1] == f"Check failed: {len(lines) - 1} problems."
    assert "::error" not in result.out
    assert tree(tiny_site) == before


def test_check_reports_problems_in_every_article_text_at_once(tiny_site, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    write_files(tiny_site, {
        "content/articles/first-story.md": "## Beginning\n\nAt least {fig}`missing-figure` were killed.\n",
        "content/articles/second.yaml": "title: Second\ndek: Another.\npublished: 2022-06-02\nbyline: [Desk]\n"
                                        "draft: true\n",
        "content/articles/second.md": "Text.\n\n::: chart nowhere\n",
    })
    result = run_build(tiny_site, "check")
    assert result.code == 1
    lines = result.err.splitlines()
    assert "content/articles/first-story.md:3: unknown key figure 'missing-figure' in {fig}; this article has: " \
           "dead" in lines
    # A draft's text is only rendered in the preview; check builds that too, so its mistakes show early.
    assert "content/articles/second.md:3: unknown chart 'nowhere': this article's charts are none defined in " \
           "its YAML" in lines
    assert lines[-1] == "Check failed: 2 problems."


def test_check_annotates_problems_under_github_actions(tiny_site, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_files(tiny_site, {
        "content/articles/first-story.md": "## Beginning\n\nAt least {fig}`missing-figure` were killed.\n",
    })
    result = run_build(tiny_site, "check")
    assert result.code == 1
    message = "unknown key figure 'missing-figure' in {fig}; this article has: dead"
    assert f"content/articles/first-story.md:3: {message}" in result.err.splitlines()
    assert f"::error file=content/articles/first-story.md,line=3::{message}" in result.out.splitlines()
    assert not (tiny_site / "public").exists()


def test_check_annotates_each_todo_of_a_draft_as_a_warning(tiny_site, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_build(tiny_site, "new", "A new story").code == 0
    result = run_build(tiny_site, "check")
    assert result.code == 0, "a draft's TODOs are named, but a draft is never published"
    annotations = [line for line in result.out.splitlines() if line.startswith("::warning")]
    assert "::warning file=content/articles/a-new-story.yaml,line=5::TODO left in a draft: 'dek: TODO'; " \
           "fill it in before publishing" in annotations
    assert len([line for line in annotations if "TODO left in a draft" in line]) == 6
    assert "::warning file=site/site.yaml,line=1::the base URL '/' names no host" in "\n".join(annotations)
    assert run_build(tiny_site, "check", "--drafts").code == 0


@pytest.mark.parametrize("problem, expected", [
    (Problem("content/sources.yaml", 4, "50% sure: a, b\nnext"),
     "::error file=content/sources.yaml,line=4::50%25 sure: a, b%0Anext"),
    (Problem("content/odd,name:1.yaml", 2, "bad\r"),
     "::error file=content/odd%2Cname%3A1.yaml,line=2::bad%0D"),
    (Problem("chart 'x'", 1, "two outputs"), "::error::chart 'x':1: two outputs"),
])
def test_annotation_escaping(tmp_path, problem, expected):
    for name in ("content/sources.yaml", "content/odd,name:1.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert check.annotation(problem, tmp_path) == expected


def test_site_checks_run_on_the_built_site(tiny_site, monkeypatch, capsys):
    """The hook the link checker plugs into: it gets the built folder, the base path and the origin."""
    seen = []

    def complain_about_index(folder, base_path, *, origin, origins):
        seen.append((sorted(p.name for p in folder.iterdir()), base_path, origin))
        return [Problem("index.html", 7, "broken link to /nowhere/"),
                Problem(str(folder / "about" / "index.html"), 3, "broken anchor")]

    monkeypatch.setattr(check, "SITE_CHECKS", ((complain_about_index, "nothing is wrong"),))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code = main(["check", "--base-url", "https://example.github.io/repo/"], root=tiny_site)
    captured = capsys.readouterr()
    assert code == 1
    problems = [line for line in captured.err.splitlines() if not line.startswith("warning: ")]
    assert problems[:2] == ["public/about/index.html:3: broken anchor",
                                             "public/index.html:7: broken link to /nowhere/"]
    assert "::error::public/index.html:7: broken link to /nowhere/" in captured.out.splitlines()
    assert len(seen) == 2
    assert all("index.html" in names and base == "/repo/" and origin == "https://example.github.io"
               for names, base, origin in seen)
    assert not (tiny_site / "public").exists()

    monkeypatch.setattr(check, "SITE_CHECKS", ((lambda folder, base_path, **_: [], "nothing is wrong"),))
    assert main(["check"], root=tiny_site) == 0
    assert capsys.readouterr().out.strip().endswith("with drafts; nothing is wrong.")
