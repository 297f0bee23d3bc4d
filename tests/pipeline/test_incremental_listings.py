"""Listing pages (home, /page/N/) are made again only when what they show changed, and an incremental
rebuild still equals a cold build byte for byte."""

from __future__ import annotations

import pytest
from support import set_metadata, snapshot

from explainer.pipeline import build as build_module
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

BASE = "https://example.org/"


@pytest.fixture
def rendered(monkeypatch):
    """The listing pages each build renders (the others are carried over from the last build)."""
    pages = []
    real = build_module.render_listing

    def spy(place, listing, articles, templates):
        pages.append(place.file)
        return real(place, listing, articles, templates)

    monkeypatch.setattr(build_module, "render_listing", spy)
    return pages


def retitle(root) -> None:
    set_metadata(root, "article-00001", "title", "A new headline")


def body(root) -> None:
    path = root / "content" / "articles" / "article-00001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def redate(root) -> None:  # article 1 becomes the newest: every page's articles move
    set_metadata(root, "article-00001", "published", "2030-01-01")


PAGE_3, PAGE_2, HOME = "page/3/index.html", "page/2/index.html", "index.html"

# name -> (the edit, the listing pages it must render again)
EDITS = {
    "a title on page 3": (retitle, [PAGE_3]),
    "a body on page 3": (body, []),
    "a date that reorders": (redate, [HOME, PAGE_2, PAGE_3]),
}


def cold(root, tmp_path) -> dict:
    out = tmp_path / "cold"
    build(root, out=out, base_url=BASE)
    return snapshot(out)


@pytest.mark.parametrize("persist", [False, True], ids=["in memory", "from disk"])
@pytest.mark.parametrize("name", list(EDITS))
def test_only_the_listings_that_show_a_change_are_made_again(paged_nine, tmp_path, rendered, name, persist):
    change, remade = EDITS[name]
    out = tmp_path / "out"
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, persist=persist)
    builder.rebuild()
    assert sorted(rendered) == [HOME, PAGE_2, PAGE_3]
    before = snapshot(out)
    change(paged_nine)
    rendered.clear()
    if persist:
        builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, persist=True)  # a new run, as the CLI starts
    builder.rebuild()
    assert sorted(rendered) == sorted(remade)
    after = snapshot(out)
    rendered.clear()
    assert after == cold(paged_nine, tmp_path)
    if name == "a title on page 3":
        changed = {path for path in after if after[path] != before.get(path)}
        assert {PAGE_3, "article-00001/index.html"} <= changed and not {HOME, PAGE_2} & changed


def test_a_listing_template_that_shows_the_text_is_made_again_when_the_text_changes(paged_nine, tmp_path, rendered):
    index = (paged_nine / "templates" / "index.html").read_text(encoding="utf-8")
    marked = index.replace('<p class="article-dek">{{ article.dek | typo }}</p>',
                           '<p class="article-dek">{{ article.dek | typo }}</p><p>{{ article.body | length }}</p>')
    assert marked != index
    (paged_nine / "templates" / "index.html").write_text(marked, encoding="utf-8")
    out = tmp_path / "out"
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE)
    builder.rebuild()
    body(paged_nine)
    rendered.clear()
    builder.rebuild()
    assert rendered == [PAGE_3]
    rendered.clear()
    assert snapshot(out) == cold(paged_nine, tmp_path)
