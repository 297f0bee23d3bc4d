"""Drafts and future-dated articles: absent from the production build, present with --drafts,
published on their day; TODO placeholders allowed only in drafts and never published."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from support import run_build, snapshot, write_files

ARTICLE = """\
    title: {title}
    dek: A dek.
    published: {published}
    byline: [Test desk]
    draft: {draft}
    key_figures:
      - id: injured
        label: People injured
        value: 31
        as_of: {as_of}
        source: {source}
    """
HIDDEN = ("a-draft", "scheduled-story")


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for midnight UTC of a day: the build's 'today'."""
    return str(calendar.timegm(dt.date.fromisoformat(day).timetuple()))


def article(title, published, draft="false", as_of="2022-04-01", source="un-report") -> str:
    return ARTICLE.format(title=title, published=published, draft=draft, as_of=as_of, source=source)


@pytest.fixture
def site_with_hidden(tiny_site, monkeypatch):
    """The tiny site (published 2022-06-01) plus a draft and an article scheduled for 2022-07-01."""
    write_files(tiny_site, {
        "content/articles/a-draft.yaml": article("A draft", "2022-05-01", draft="true"),
        "content/articles/a-draft.md": "Not ready yet.\n",
        "content/articles/scheduled-story.yaml": article("Scheduled story", "2022-07-01"),
        "content/articles/scheduled-story.md": "Goes live on the first of July.\n",
    })
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2022-06-15"))
    return tiny_site


def site_text(folder) -> str:
    """Every text file of a built site, joined: where a leaked slug would show."""
    return "\n".join(data.decode("utf-8", "replace") for path, data in snapshot(folder).items()
                     if path.endswith((".html", ".xml", ".txt", ".json", ".md")))


def test_production_build_leaves_out_drafts_and_future_articles(site_with_hidden):
    out = site_with_hidden / "public"
    result = run_build(site_with_hidden, "--out", str(out))
    assert result.code == 0, result.err
    assert (out / "first-story" / "index.html").is_file()
    text = site_text(out)
    for slug in HIDDEN:
        assert not (out / slug).exists()
        assert slug not in text, f"'{slug}' leaked into the production site"
    assert "A draft" not in text and "Scheduled story" not in text


def test_drafts_option_includes_them_marked_as_drafts(site_with_hidden):
    out = site_with_hidden / "public"
    result = run_build(site_with_hidden, "--drafts", "--out", str(out))
    assert result.code == 0, result.err
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in HIDDEN:
        page = (out / slug / "index.html").read_text(encoding="utf-8")
        assert "Draft: not published" in page
        assert f'href="/{slug}/"' in index
    assert "Draft: not published" not in (out / "first-story" / "index.html").read_text(encoding="utf-8")
    # newest first: the scheduled story heads the preview's index
    assert index.index("/scheduled-story/") < index.index("/first-story/") < index.index("/a-draft/")


def test_scheduled_article_is_published_on_its_day(site_with_hidden, monkeypatch):
    out = site_with_hidden / "public"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2022-06-30"))
    assert run_build(site_with_hidden, "--out", str(out)).code == 0
    assert not (out / "scheduled-story").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch("2022-07-01")) + 60))  # the cron run, just after midnight
    assert run_build(site_with_hidden, "--out", str(out)).code == 0
    assert "Draft: not published" not in (out / "scheduled-story" / "index.html").read_text(encoding="utf-8")
    assert 'href="/scheduled-story/"' in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "a-draft").exists()


def test_draft_may_hold_todo_dates_and_sources_for_preview(tiny_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2022-06-15"))
    write_files(tiny_site, {
        "content/articles/todo-draft.yaml": article("Todo draft", "TODO", draft="true", as_of="TODO",
                                                     source="TODO"),
        "content/articles/todo-draft.md": "Text.\n",
    })
    out = tiny_site / "public"
    preview = run_build(tiny_site, "--drafts", "--out", str(out))
    assert preview.code == 0, preview.err
    page = (out / "todo-draft" / "index.html").read_text(encoding="utf-8")
    assert 'of <time datetime="2022-06-15">TODO</time>' in page
    assert "TODO, <a href=\"#\" rel=\"external noopener\">source still to be added</a>" in page

    production = run_build(tiny_site, "--out", str(out))
    assert production.code == 0, "a draft is not published, so its TODOs are named but do not stop the build"
    assert production.err.splitlines()[:3] == [
        "warning: content/articles/todo-draft.yaml:3: TODO left in a draft: 'published: TODO'; fill it in before publishing",
        "warning: content/articles/todo-draft.yaml:10: TODO left in a draft: 'as_of: TODO'; fill it in before publishing",
        "warning: content/articles/todo-draft.yaml:11: TODO left in a draft: 'source: TODO'; fill it in before publishing",
    ]
    assert not (out / "todo-draft").exists(), "a draft never reaches the published site"


def test_todo_placeholder_is_refused_outside_drafts(tiny_site):
    write_files(tiny_site, {
        "content/articles/not-a-draft.yaml": article("Not a draft", "2022-06-01", as_of="TODO", source="TODO"),
        "content/articles/not-a-draft.md": "Text.\n",
    })
    for args in ((), ("--drafts",)):
        result = run_build(tiny_site, *args, "--out", str(tiny_site / "public"))
        assert result.code == 1
        message = "TODO is a placeholder only a draft may keep: fill it in, or set 'draft: true'"
        assert f"content/articles/not-a-draft.yaml:10: 'as_of': {message}" in result.err
        assert f"content/articles/not-a-draft.yaml:11: 'source': {message}" in result.err


def test_todo_in_text_or_comment_blocks_publication_but_not_preview(tiny_site):
    write_files(tiny_site, {
        "content/articles/first-story.md": "## Beginning\n\nThe count rose. TODO: check the figure.\n",
    })
    yaml_path = tiny_site / "content" / "articles" / "first-story.yaml"
    original = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(original + "# TODO ask the desk about the claim\n", encoding="utf-8")
    comment_line = len(original.splitlines()) + 1
    production = run_build(tiny_site, "--out", str(tiny_site / "public"))
    assert production.code == 1
    assert ("content/articles/first-story.md:3: TODO left in an article: 'The count rose. TODO: check the "
            "figure.'; fill it in before publishing") in production.err
    assert (f"content/articles/first-story.yaml:{comment_line}: TODO left in an article: "
            "'# TODO ask the desk about the claim'") in production.err
    assert run_build(tiny_site, "--drafts", "--out", str(tiny_site / "public")).code == 0


def test_lowercase_todo_in_prose_is_not_a_marker(tiny_site):
    write_files(tiny_site, {"content/articles/first-story.md": "## Beginning\n\nA todo list of the mayor's.\n"})
    assert run_build(tiny_site, "--out", str(tiny_site / "public")).code == 0
