"""The feed and the sitemap of each edition are carried over from the last build when what they show is as it
was (the feed: its entries, all but their text; the sitemap: its pages and each one's last change), and made
again otherwise; an incremental rebuild still equals a cold build byte for byte."""

from __future__ import annotations

import pytest
from support import set_metadata, snapshot, write_uk_site

from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder
from explainer.render import publish

BASE = "https://example.org/"
FEED, SITEMAP, UK_FEED, UK_SITEMAP = "feed.xml", "sitemap.xml", "uk/feed.xml", "uk/sitemap.xml"


@pytest.fixture
def made(monkeypatch):
    """The feeds and sitemaps each build renders (the others are carried over from the last build)."""
    files = []
    real_feed, real_sitemap = publish.render_feed, publish.render_sitemap

    def feed(entries, templates):
        files.append(templates.places.feed.file)
        return real_feed(entries, templates)

    def sitemap(output, changes, templates, editions=()):
        files.append(templates.places.sitemap.file)
        return real_sitemap(output, changes, templates, editions)

    monkeypatch.setattr(publish, "render_feed", feed)
    monkeypatch.setattr(publish, "render_sitemap", sitemap)
    return files


def add_article(root) -> None:
    articles = root / "content" / "articles"
    for suffix in ("md", "yaml"):
        text = (articles / f"article-00002.{suffix}").read_text(encoding="utf-8")
        (articles / f"article-00100.{suffix}").write_text(text, encoding="utf-8")


def remove_article(root) -> None:
    """The newest article removed, and the links to it turned to the about page."""
    articles = root / "content" / "articles"
    for suffix in ("md", "yaml"):
        (articles / f"article-00008.{suffix}").unlink()
    for path in articles.glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("/article-00008/", "/about/"), encoding="utf-8")


# name -> (the edit, the feeds and sitemaps it must render again)
EDITS = {
    "a body": (lambda root: (root / "content/articles/article-00007.md").open("a").write("\nOne more.\n"), []),
    "a title in the feed": (lambda root: set_metadata(root, "article-00007", "title", "A new headline"), [FEED]),
    "a title not in the feed": (lambda root: set_metadata(root, "article-00001", "title", "A new headline"), []),
    "an update date (lastmod, and the article rises in the feed)":
        (lambda root: set_metadata(root, "article-00001", "updated", "2030-01-02"), [FEED, SITEMAP]),
    "an article added": (add_article, [FEED, SITEMAP]),
    "an article removed": (remove_article, [FEED, SITEMAP]),
}


@pytest.mark.parametrize("persist", [False, True], ids=["in memory", "from disk"])
@pytest.mark.parametrize("name", list(EDITS))
def test_a_feed_or_sitemap_is_made_again_only_when_what_it_shows_changed(paged_nine, tmp_path, made, name, persist):
    change, remade = EDITS[name]
    out = tmp_path / "out"
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, persist=persist)
    builder.rebuild()
    assert {FEED, SITEMAP} <= set(made)
    change(paged_nine)
    made.clear()
    if persist:
        builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, persist=True)  # a new run, as the CLI starts
    builder.rebuild()
    assert sorted(path for path in made if not path.startswith("uk/")) == sorted(remade)
    made.clear()
    build(paged_nine, out=tmp_path / "cold", base_url=BASE)
    assert snapshot(out) == snapshot(tmp_path / "cold")


def test_another_editions_feed_is_made_again_when_its_translation_changes(tmp_path, made):
    """The Ukrainian article has the English one's slug: its feed entry must not be taken for the English one's."""
    root = write_uk_site(tmp_path / "site")
    builder = IncrementalBuilder(root, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    assert {FEED, SITEMAP, UK_FEED, UK_SITEMAP} <= set(made)
    made.clear()
    path = root / "content" / "articles" / "first-story.uk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Перша історія", "Нова перша історія"), encoding="utf-8")
    builder.rebuild({path})
    assert made == [UK_FEED]
    build(root, out=tmp_path / "cold", base_url=BASE)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")
