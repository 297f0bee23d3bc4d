"""Listings are paginated: the home page shows site.yaml's per_page explainers (newest first), the rest go on
to /page/2/, /page/3/, ... linked with rel=prev/next, and the feed keeps the newest per_page entries."""

from __future__ import annotations

import re
import sys

import pytest
from support import ROOT, snapshot, write_files, write_uk_site

from explainer.errors import BuildError
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

sys.path.insert(0, str(ROOT / "benchmarks"))
from text_corpus import write_text_corpus  # noqa: E402

BASE = "https://example.org/news/"


def corpus(tmp_path, n: int, per_page: int | None):
    root, _ = write_text_corpus(tmp_path / "corpus", n)
    if per_page is not None:
        with open(root / "site" / "site.yaml", "a", encoding="utf-8") as site:
            site.write(f"per_page: {per_page}\n")
    return root


def listed(page: str) -> list[str]:
    """The slugs a listing page links to, in order (the lead story first)."""
    return re.findall(r'<h[23][^>]*><a href="/news/(article-\d+)/">', page)


def test_seven_explainers_three_a_page(tmp_path):
    root = corpus(tmp_path, 7, 3)
    build(root, out=tmp_path / "out", base_url=BASE)
    out = tmp_path / "out"
    newest = [f"article-{i:05d}" for i in range(6, -1, -1)]  # the corpus dates article i at day i
    home, two, three = ((out / path).read_text(encoding="utf-8")
                        for path in ("index.html", "page/2/index.html", "page/3/index.html"))
    assert not (out / "page" / "4").exists() and not (out / "page" / "1").exists()
    assert listed(home) == newest[:3] and listed(two) == newest[3:6] and listed(three) == newest[6:]
    assert 'class="lead-story"' in home and 'class="lead-story"' not in two
    assert '<link rel="next" href="/news/page/2/">' in home and 'rel="prev"' not in home
    assert '<link rel="prev" href="/news/">' in two and '<link rel="next" href="/news/page/3/">' in two
    assert '<a rel="prev" href="/news/page/2/">' in three and 'rel="next"' not in three
    assert "Page 3 of 3" in three and "<title>Explainers, page 3 of 3 · " in three
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert re.findall(r"<id>https://example.org/news/(article-\d+)/</id>", feed) == newest[:3]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}page/2/</loc>" in sitemap and f"<loc>{BASE}page/3/</loc>" in sitemap


def test_one_page_when_everything_fits_or_per_page_is_zero(tmp_path):
    for per_page in (None, 0):  # the default (20) holds 7; 0 puts every explainer on the home page
        root = corpus(tmp_path / str(per_page), 7, per_page)
        out = tmp_path / f"out-{per_page}"
        build(root, out=out, base_url=BASE)
        home = (out / "index.html").read_text(encoding="utf-8")
        assert len(listed(home)) == 7 and not (out / "page").exists()
        assert 'rel="next"' not in home and "pagination" not in home
        assert len(re.findall("<entry>", (out / "feed.xml").read_text(encoding="utf-8"))) == 7


def test_per_page_must_be_a_whole_number(tmp_path):
    root = corpus(tmp_path, 2, None)
    with open(root / "site" / "site.yaml", "a", encoding="utf-8") as site:
        site.write("per_page: many\n")
    with pytest.raises(BuildError) as raised:
        build(root, out=tmp_path / "out", base_url=BASE)
    assert "site.yaml" in str(raised.value) and "per_page" in str(raised.value)


def test_a_page_may_not_be_called_page(tmp_path):
    root = corpus(tmp_path, 2, None)
    write_files(root, {"content/pages/page.md": "---\ntitle: Page\ndescription: A page named page\n---\nText.\n"})
    with pytest.raises(BuildError) as raised:
        build(root, out=tmp_path / "out", base_url=BASE)
    assert "page.md" in str(raised.value) and "reserved" in str(raised.value).lower()


def test_the_ukrainian_listing_pages_speak_ukrainian(tmp_path):
    root = write_uk_site(tmp_path / "site")
    articles = root / "content" / "articles"
    for path in sorted(articles.glob("first-story.*")):  # a second explainer, in both languages
        text = path.read_text(encoding="utf-8").replace("counts-chart", "second-chart")  # chart ids are the site's
        (articles / path.name.replace("first-story", "second-story")).write_text(text, encoding="utf-8")
    with open(root / "site" / "site.yaml", "a", encoding="utf-8") as site:
        site.write("per_page: 1\n")
    build(root, out=tmp_path / "out", base_url=BASE)
    two = (tmp_path / "out" / "uk" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert "Сторінка 2 із 2" in two and "Новіші пояснення" in two
    assert "<title>Пояснення: сторінка 2 із 2 · " in two and 'aria-label="Сторінки пояснень"' in two
    assert not re.search(r"Page \d|[NO][a-z]+ explainers|Explainers,", two)
    assert '<a href="/news/page/2/" hreflang="en" lang="en">English</a>' in two  # the switch: the same page number
    assert "Older explainers" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("persist", [False, True])
def test_a_translation_added_remakes_the_pages_whose_language_switch_changes(tmp_path, persist):
    """The English article and listing page a new translation stands beside must link to it, in an
    incremental build as in a cold one (in memory, as `serve` builds, and from the saved state)."""
    root = write_uk_site(tmp_path / "site")
    with open(root / "site" / "site.yaml", "a", encoding="utf-8") as site:
        site.write("per_page: 1\n")
    articles = root / "content" / "articles"

    def copy(pattern: str) -> None:
        for path in sorted(articles.glob(pattern)):
            text = path.read_text(encoding="utf-8").replace("counts-chart", "second-chart")
            (articles / path.name.replace("first-story", "second-story")).write_text(text, encoding="utf-8")

    builder = IncrementalBuilder(root, persist=persist)
    builder.rebuild()
    copy("first-story.[my]*")  # a second English explainer, not translated yet
    (builder if not persist else IncrementalBuilder(root, persist=True)).rebuild()
    copy("first-story.uk.*")  # and now its translation
    (builder if not persist else IncrementalBuilder(root, persist=True)).rebuild()
    build(root, out=tmp_path / "cold")
    assert snapshot(root / "public") == snapshot(tmp_path / "cold")
    assert 'href="/uk/second-story/"' in (root / "public/second-story/index.html").read_text(encoding="utf-8")
