"""An incremental rebuild after each kind of edit equals a cold build of the same files, byte for byte."""

from __future__ import annotations

import os
import shutil

import pytest
from support import run_build, snapshot, write_files

from explainer.errors import BuildError, Problems
from explainer.output.write import Output, write_site
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

SECOND = {
    "content/articles/second-story.yaml": """\
        title: Second story
        dek: What happened next.
        published: 2022-07-01
        byline: [Test desk]
        sources: [news-report]
        """,
    "content/articles/second-story.md": """\
        ## After

        The interview is in the [first story](/first-story/).
        """,
}


def edit(root, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# name -> (change the files, paths a watcher would report, how many articles must be made again)
EDITS = {
    "article md": (lambda r: edit(r, "content/articles/first-story.md", "## Beginning", "## The beginning"),
                   ["content/articles/first-story.md"], 1),
    "article yaml": (lambda r: edit(r, "content/articles/second-story.yaml", "What happened next.", "Then."),
                     ["content/articles/second-story.yaml"], 1),
    "dataset": (lambda r: edit(r, "content/data/counts.yaml", "killed: 15", "killed: 16"),
                ["content/data/counts.yaml"], 1),
    "template": (lambda r: edit(r, "templates/article.html", "<h1>", "<h1 class=\"title\">"),
                 ["templates/article.html"], 2),
    "site.yaml": (lambda r: edit(r, "site/site.yaml", "Tiny site", "Small site"), ["site/site.yaml"], 2),
    "static css": (lambda r: (r / "site/static/style.css").write_text("body { color: black; }\n"),
                   ["site/static/style.css"], 2),
    "sources.yaml, cited by one": (lambda r: edit(r, "content/sources.yaml", "An interview", "A long interview"),
                                   ["content/sources.yaml"], 2),
    "sources.yaml, cited by none": (lambda r: (r / "content/sources.yaml").write_text(
        (r / "content/sources.yaml").read_text() + "unused:\n  publisher: X\n  title: Y\n"
        "  url: https://example.org/y\n  accessed: 2026-11-20\n"), ["content/sources.yaml"], 0),
    "events.yaml": (lambda r: edit(r, "content/events.yaml", "label: Start", "label: The start"),
                    ["content/events.yaml"], 1),
    "page": (lambda r: edit(r, "content/pages/about.md", "A test desk.", "A desk."), ["content/pages/about.md"], 2),
    "add an article": (lambda r: write_files(r, {"content/articles/third-story.yaml": SECOND[
        "content/articles/second-story.yaml"].replace("Second", "Third"), "content/articles/third-story.md": "Text.\n"}),
                       ["content/articles/third-story.yaml", "content/articles/third-story.md"], 1),
    "delete an article": (lambda r: [(r / f"content/articles/second-story.{s}").unlink() for s in ("md", "yaml")],
                          ["content/articles/second-story.yaml", "content/articles/second-story.md"], 0),
    "delete the linked article": (
        lambda r: (edit(r, "content/articles/second-story.md", "[first story](/first-story/)", "first story"),
                   [(r / f"content/articles/first-story.{s}").unlink() for s in ("md", "yaml")]),
        ["content/articles/second-story.md", "content/articles/first-story.yaml",
         "content/articles/first-story.md"], 1),
}


@pytest.fixture
def two_articles(tiny_site):
    write_files(tiny_site, SECOND)
    return tiny_site


def cold(root, tmp_path):
    out = tmp_path / "cold"
    build(root, out=out)
    return snapshot(out), folders(out)


def folders(out) -> set:
    """Every folder under `out` (an incremental build must not leave empty ones behind)."""
    return {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_dir()}


@pytest.mark.parametrize("name", list(EDITS))
def test_rebuild_in_memory_equals_cold_build(two_articles, tmp_path, name):
    change, watched, remade = EDITS[name]
    builder = IncrementalBuilder(two_articles)
    assert builder.rebuild().articles_made == 2
    assert builder.rebuild(set()).changed == []  # nothing changed: nothing written
    change(two_articles)
    result = builder.rebuild({two_articles / path for path in watched})
    public = two_articles / "public"
    assert (snapshot(public), folders(public)) == cold(two_articles, tmp_path)
    assert result.articles_made == remade
    assert builder.rebuild().changed == []


@pytest.mark.parametrize("name", list(EDITS))
def test_rebuild_from_the_saved_manifest_equals_cold_build(two_articles, tmp_path, name):
    change, _, remade = EDITS[name]
    IncrementalBuilder(two_articles, persist=True).rebuild()
    change(two_articles)
    result = IncrementalBuilder(two_articles, persist=True).rebuild()  # a new process, as the CLI runs
    public = two_articles / "public"
    assert (snapshot(public), folders(public)) == cold(two_articles, tmp_path)
    assert result.articles_made == remade
    again = IncrementalBuilder(two_articles, persist=True).rebuild()
    assert again.changed == [] and again.articles_made == 0


def test_failed_rebuild_changes_nothing_and_the_next_one_recovers(two_articles, tmp_path):
    builder = IncrementalBuilder(two_articles)
    builder.rebuild()
    before = snapshot(two_articles / "public")
    edit(two_articles, "content/articles/first-story.md", "{fig}`dead`", "{fig}`nobody`")
    with pytest.raises(BuildError):
        builder.rebuild({two_articles / "content/articles/first-story.md"})
    assert snapshot(two_articles / "public") == before
    with pytest.raises(BuildError):  # still reported: a failed article is never taken as done
        builder.rebuild(set())
    edit(two_articles, "content/articles/first-story.md", "{fig}`nobody`", "{fig}`dead`")
    builder.rebuild({two_articles / "content/articles/first-story.md"})
    assert snapshot(two_articles / "public") == before


def test_output_folder_removed_or_edited_between_builds(two_articles, tmp_path):
    builder = IncrementalBuilder(two_articles, persist=True)
    builder.rebuild()
    shutil.rmtree(two_articles / "public")
    builder.rebuild(set())
    assert (snapshot(two_articles / "public"), folders(two_articles / "public")) == cold(two_articles, tmp_path)
    page = two_articles / "public/second-story/index.html"
    page.write_text("tampered")
    os.utime(page, ns=(1, 1))
    result = IncrementalBuilder(two_articles, persist=True).rebuild()
    assert result.articles_made == 2
    assert (snapshot(two_articles / "public"), folders(two_articles / "public")) == cold(two_articles, tmp_path)


def test_command_line_rebuild_uses_the_manifest(two_articles, tmp_path):
    assert run_build(two_articles).code == 0
    assert list((two_articles / ".cache/build").glob("public-*.state"))
    edit(two_articles, "content/articles/first-story.md", "## Beginning", "## The beginning")
    result = run_build(two_articles)
    assert result.code == 0, result.err
    assert (snapshot(two_articles / "public"), folders(two_articles / "public")) == cold(two_articles, tmp_path)
    unchanged = run_build(two_articles)
    assert unchanged.code == 0 and unchanged.out.startswith("Built ")
    assert "nothing had changed since the last build" in unchanged.out




def test_a_plain_page_is_rendered_again_only_when_what_it_shows_changed(two_articles, monkeypatch):
    import explainer.pipeline.build as stage

    rendered = []
    real = stage.render_page
    monkeypatch.setattr(stage, "render_page", lambda page, *rest: rendered.append(page.slug) or real(page, *rest))
    builder = IncrementalBuilder(two_articles)
    builder.rebuild()
    assert rendered == ["about"]
    # an article's own files are not on the page; a template, the site or the page is (and what any page may
    # draw on, such as the data or the pages a link may name, renders it again to be safe: see EDITS)
    for name in ("article md", "article yaml", "page", "template", "site.yaml"):
        change, watched, _ = EDITS[name]
        rendered.clear()
        change(two_articles)
        builder.rebuild({two_articles / path for path in watched})
        assert rendered == ([] if name.startswith("article") else ["about"]), name

def test_a_run_that_finds_nothing_changed_records_the_files_it_read_again(two_articles, monkeypatch):
    """Files changed just before they were hashed (a checkout, then a build) are read again by the next run in
    case they changed unseen; once a run has read them and found them the same, later runs leave them unread."""
    import time

    from explainer.pipeline.incremental import Unchanged

    IncrementalBuilder(two_articles, persist=True).rebuild()
    later = time.time_ns() + 60 * 10**9  # a minute on: what the build just hashed has settled since
    monkeypatch.setattr(time, "time_ns", lambda: later)
    runs = [IncrementalBuilder(two_articles, persist=True) for _ in range(2)]
    results = [run.rebuild() for run in runs]
    assert all(isinstance(result, Unchanged) for result in results)
    assert len(runs[0].read) > 0  # each input had changed too close to the first hashing to be trusted
    assert runs[1].read == {}
    edit(two_articles, "content/articles/first-story.md", "## Beginning", "## The beginning")
    assert IncrementalBuilder(two_articles, persist=True).rebuild().articles_made == 1  # the state still sound

def test_a_small_edit_swaps_in_a_folder_of_links_to_the_unchanged_files(two_articles):
    """A build commits once (tests/output/test_commit.py): even a small edit swaps in a whole folder, whose
    unchanged files are hard links to the previous ones (never copied, never rewritten)."""
    public = two_articles / "public"
    builder = IncrementalBuilder(two_articles)
    builder.rebuild()
    folder, untouched = public.stat().st_ino, (public / "second-story/index.md").stat().st_ino
    edit(two_articles, "content/articles/first-story.md", "## Beginning", "## The beginning")
    changed = builder.rebuild({two_articles / "content/articles/first-story.md"}).changed
    assert "first-story/index.html" in changed and len(changed) * 2 < len(snapshot(public))
    assert public.stat().st_ino != folder and (public / "second-story/index.md").stat().st_ino == untouched
    # the previous folder stays as the spare the next build stages into; nothing else is left beside public/
    assert sorted(p.name for p in two_articles.glob(".public*")) == [".public.spare", ".public.spare.digests"]
    assert (two_articles / ".public.spare").stat().st_ino == folder


def test_write_site_swaps_in_a_folder_linking_the_unchanged_files(tmp_path):
    out, problems = tmp_path / "public", Problems(root=tmp_path)

    def site(files: dict) -> Output:
        output = Output()
        for path, text in files.items():
            output.add(path, text, "test", problems)
        return output

    first = site({f"{name}/index.html": name for name in "abcdef"})
    write_site(first, out)
    folder, kept = out.stat().st_ino, (out / "b/index.html").stat().st_ino
    few = site({"a/index.html": "A", **{f"{name}/index.html": name for name in "bcde"}})  # one changed, f removed
    assert write_site(few, out, first.digests()) == ["a/index.html", "f/index.html"]
    assert snapshot(out) == {"a/index.html": b"A", **{f"{name}/index.html": name.encode() for name in "bcde"}}
    assert not (out / "f").exists() and out.stat().st_ino != folder and (out / "b/index.html").stat().st_ino == kept
    many = site({f"{name}/index.html": name * 2 for name in "abcde"})
    write_site(many, out, few.digests())
    assert snapshot(out) == {f"{name}/index.html": name.encode() * 2 for name in "abcde"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.spare", ".public.spare.digests", "public"]
    assert snapshot(tmp_path / ".public.spare") == snapshot_of(few)  # the site before: the next staging folder


def snapshot_of(output: Output) -> dict:
    return {path: data.encode() if isinstance(data, str) else data for path, data in output.files.items()}


@pytest.mark.parametrize("persist", [False, True], ids=["in memory", "from the saved manifest"])
def test_a_kept_article_still_warns(two_articles, persist):
    """Warnings come from making an article; a rebuild that keeps its files must repeat them."""
    edit(two_articles, "content/articles/first-story.md", "::: chart counts-chart\n", "")
    builder = IncrementalBuilder(two_articles, persist=persist)
    warning = "chart 'counts-chart' is not placed in the text"
    assert any(warning in str(w) for w in builder.rebuild().warnings)
    edit(two_articles, "content/articles/second-story.md", "## After", "## Later")
    again = (builder if not persist else IncrementalBuilder(two_articles, persist=True)).rebuild(
        {two_articles / "content/articles/second-story.md"} if not persist else None)
    assert again.articles_made == 1 and any(warning in str(w) for w in again.warnings)


@pytest.fixture
def settled(monkeypatch):
    """Files written a moment ago count as settled (else they are always read again, in case they change
    within the same tick of the clock), so that unchanged articles are left unread, as on an editor's disk."""
    import explainer.pipeline.manifest as manifest

    monkeypatch.setattr(manifest, "RACY_NS", 0)


def unread(root) -> int:
    """How many articles the next command-line run would leave unread."""
    builder = IncrementalBuilder(root, persist=True)
    builder.load()
    return sum(1 for path in builder.unread if "/content/articles/" in path and path.endswith(".md"))


def test_a_run_that_reads_only_the_changed_files_still_names_problems_in_the_unchanged_ones(two_articles,
                                                                                            settled):
    """A command-line rebuild leaves the text of unchanged articles unread; when the build stops on a problem,
    the problems in their text (a link to an article just deleted) are named as a cold build names them."""
    IncrementalBuilder(two_articles, persist=True).rebuild()
    assert unread(two_articles) == 2
    for suffix in ("md", "yaml"):
        (two_articles / f"content/articles/first-story.{suffix}").unlink()
    with pytest.raises(BuildError) as warm:
        IncrementalBuilder(two_articles, persist=True).rebuild()
    shutil.rmtree(two_articles / ".cache" / "build")
    with pytest.raises(BuildError) as cold_run:
        IncrementalBuilder(two_articles, persist=True).rebuild()
    assert "second-story.md" in str(warm.value) and str(warm.value) == str(cold_run.value)


def test_an_unread_article_edited_during_the_build_is_read_when_made(two_articles, tmp_path, settled):
    """An article left unread (its files as the last build saw them) but made again because what it draws on
    changed is read then; if it no longer reads as its digest said, the build starts again, reading everything."""
    IncrementalBuilder(two_articles, persist=True).rebuild()
    from explainer.content import collect

    real, edits = collect.UnreadArticle.load, []

    def edited_meanwhile(self):
        if self._loaded is None and not edits:  # an editor saves the file while the build reads the others
            edits.append(self.md_path)
            edit(two_articles, "content/articles/first-story.md", "## Beginning", "## The beginning")
        return real(self)

    edit(two_articles, "content/sources.yaml", "An interview", "A long interview")  # first-story cites it
    assert unread(two_articles) == 2
    collect.UnreadArticle.load = edited_meanwhile
    try:
        IncrementalBuilder(two_articles, persist=True).rebuild()
    finally:
        collect.UnreadArticle.load = real
    public = two_articles / "public"
    assert (snapshot(public), folders(public)) == cold(two_articles, tmp_path)
    assert edits and "The beginning" in (public / "first-story/index.html").read_text(encoding="utf-8")
