"""Listing pages (home, /page/N/) are made again only when what they show changed, and an incremental
rebuild still equals a cold build byte for byte."""

from __future__ import annotations

import sys

import pytest
from support import ROOT, snapshot

from explainer.pipeline import build as build_module
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

sys.path.insert(0, str(ROOT / "benchmarks"))
from text_corpus import write_text_corpus  # noqa: E402

BASE = "https://example.org/"


@pytest.fixture
def nine(tmp_path):
    """Nine articles, three a page: the home page holds 8, 7, 6; page 2: 5, 4, 3; page 3: 2, 1, 0."""
    root, _ = write_text_corpus(tmp_path / "corpus", 9)
    with open(root / "site" / "site.yaml", "a", encoding="utf-8") as site:
        site.write("per_page: 3\n")
    return root


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


def edit(root, slug: str, suffix: str, old: str, new: str) -> None:
    path = root / "content" / "articles" / f"{slug}.{suffix}"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retitle(root) -> None:
    path = root / "content" / "articles" / "article-00001.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"title: A new headline{line[6:]}" if line.startswith("title:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def body(root) -> None:
    path = root / "content" / "articles" / "article-00001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def redate(root) -> None:  # article 1 becomes the newest: every page's articles move
    path = root / "content" / "articles" / "article-00001.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = ["published: 2030-01-01" if line.startswith("published:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
def test_only_the_listings_that_show_a_change_are_made_again(nine, tmp_path, rendered, name, persist):
    change, remade = EDITS[name]
    out = tmp_path / "out"
    builder = IncrementalBuilder(nine, out=out, base_url=BASE, persist=persist)
    builder.rebuild()
    assert sorted(rendered) == [HOME, PAGE_2, PAGE_3]
    before = snapshot(out)
    change(nine)
    rendered.clear()
    if persist:
        builder = IncrementalBuilder(nine, out=out, base_url=BASE, persist=True)  # a new run, as the CLI starts
    builder.rebuild()
    assert sorted(rendered) == sorted(remade)
    after = snapshot(out)
    rendered.clear()
    assert after == cold(nine, tmp_path)
    if name == "a title on page 3":
        changed = {path for path in after if after[path] != before.get(path)}
        assert {PAGE_3, "article-00001/index.html"} <= changed and not {HOME, PAGE_2} & changed


def test_a_listing_template_that_shows_the_text_is_made_again_when_the_text_changes(nine, tmp_path, rendered):
    index = (nine / "templates" / "index.html").read_text(encoding="utf-8")
    marked = index.replace('<p class="article-dek">{{ article.dek | typo }}</p>',
                           '<p class="article-dek">{{ article.dek | typo }}</p><p>{{ article.body | length }}</p>')
    assert marked != index
    (nine / "templates" / "index.html").write_text(marked, encoding="utf-8")
    out = tmp_path / "out"
    builder = IncrementalBuilder(nine, out=out, base_url=BASE)
    builder.rebuild()
    body(nine)
    rendered.clear()
    builder.rebuild()
    assert rendered == [PAGE_3]
    rendered.clear()
    assert snapshot(out) == cold(nine, tmp_path)
