"""What `check` asks of the facts beyond what the build needs: counts on every figure, an archive copy (or why
there is none) for every source; and readers see an archive copy beside its link."""

from __future__ import annotations

from support import run_build

SOURCES = "content/sources.yaml"


def test_check_warns_for_missing_counts_and_archive_copies_but_passes(tiny_site, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = run_build(tiny_site, "check")
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert "warning: content/data/counts.yaml:1: dataset 'counts' does not say what it counts: add 'counts:', " \
           "e.g. 'verified civilian deaths'" in lines
    assert "warning: content/articles/first-story.yaml:8: key figure 'dead' does not say what it counts: add " \
           "'counts:', e.g. 'burials from all causes'" in lines
    assert "warning: content/data/counts.yaml:9: data point of 2022-03-01 in 'counts' has no 'stated': add the " \
           "figure as the source wrote it" in lines
    assert "warning: content/articles/first-story.yaml:8: key figure 'dead' has no 'stated': add the figure as " \
           "the source wrote it" in lines
    assert f"warning: {SOURCES}:1: source 'un-report' has no archive copy: add 'archived: <URL of the copy>', or " \
           "'not_archived: <why>' when there is none" in lines
    assert f"warning: {SOURCES}:7: source 'news-report' has no archive copy: add 'archived: <URL of the copy>', " \
           "or 'not_archived: <why>' when there is none" in lines


def test_an_archive_copy_or_a_reason_quiets_check(tiny_site, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    path = tiny_site / SOURCES
    text = path.read_text(encoding="utf-8")
    text = text.replace("  published: 2022-05-01\n", "  published: 2022-05-01\n"
                        "  archived: https://web.archive.org/web/2022/https://example.org/report\n")
    interview = "  url: https://example.org/news/an-interview\n"
    text = text.replace(interview, interview + "  not_archived: the outlet refuses archiving\n")
    path.write_text(text, encoding="utf-8")
    result = run_build(tiny_site, "check")
    assert result.code == 0, result.err
    assert "archive copy" not in result.err
    built = run_build(tiny_site)
    assert built.code == 0, built.err
    html = (tiny_site / "public" / "first-story" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="https://example.org/report" rel="external noopener">A report</a> (<a href="https://web.'
            'archive.org/web/2022/https://example.org/report" rel="external noopener">archived copy</a>)') in html
    markdown = (tiny_site / "public" / "first-story" / "index.md").read_text(encoding="utf-8")
    assert "[A report](https://example.org/report) ([archived copy](https://web.archive.org/web/2022/" \
           "https://example.org/report))" in markdown


def test_a_source_with_both_an_archive_copy_and_a_reason_for_none_is_refused(tiny_site):
    path = tiny_site / SOURCES
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  published: 2022-05-01\n", "  published: 2022-05-01\n  archived: https://web.archive.org/web/2022/x\n"
                                     "  not_archived: none\n"), encoding="utf-8")
    result = run_build(tiny_site)
    assert result.code == 1
    assert f"{SOURCES}:7: source 'un-report' has both 'archived' and 'not_archived': keep the one that is true" \
           in result.err.splitlines()


def test_the_example_content_checks_with_no_warning_of_these_kinds(example_site):
    result = run_build(example_site, "check")
    assert result.code == 0, result.err
    kinds = ("archive copy", "does not say what it counts", "section index", "mixed_counts", "stated", "home page")
    assert [line for line in result.err.splitlines() if any(kind in line for kind in kinds)] == []


