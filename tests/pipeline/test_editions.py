"""The Ukrainian edition built (issue 17): its pages under /uk/, each pair linked both ways, `lang` right on
every page, a feed and sitemap per language, a stale translation marked, charts that speak Ukrainian."""

from __future__ import annotations

import re
import shutil

from explainer.pipeline.build import build
from support import run_build, write_uk_site

PAIRS = [("", "uk/"), ("first-story/", "uk/first-story/"), ("about/", "uk/about/"),
         ("corrections/", "uk/corrections/")]
ORIGIN = "https://example.org/t/"


def page(root, site_path: str) -> str:
    return (root / "public" / site_path / "index.html").read_text(encoding="utf-8")


def alternates(html: str) -> dict:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_each_pair_links_both_ways(uk_site):
    for english, ukrainian in PAIRS:
        for site_path in (english, ukrainian):
            assert alternates(page(uk_site, site_path)) == {
                "en": ORIGIN + english, "uk": ORIGIN + ukrainian, "x-default": ORIGIN + english}, site_path
        assert f'<a href="/t/{ukrainian}" hreflang="uk" lang="uk">Українська</a>' in page(uk_site, english)
        assert f'<a href="/t/{english}" hreflang="en" lang="en">English</a>' in page(uk_site, ukrainian)


def test_lang_is_right_on_every_page(uk_site):
    pages = sorted((uk_site / "public").rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        site_path = path.relative_to(uk_site / "public").as_posix()
        lang = re.search(r'<html lang="([^"]+)">', path.read_text(encoding="utf-8")).group(1)
        assert lang == ("uk" if site_path.startswith("uk/") else "en"), site_path


def test_a_page_without_a_translation_says_so_in_that_language(tmp_path, tiny_cache):
    root = write_uk_site(tmp_path / "site")
    (root / "content/pages/about.uk.md").unlink()
    shutil.copytree(tiny_cache, root / ".cache")
    build(root, base_url=ORIGIN)
    about = page(root, "about/")
    assert '<span lang="uk">Українська: цю сторінку ще не перекладено</span>' in about
    assert "hreflang" not in about.split("<body>")[0]  # a page in one language has no alternates
    # the Ukrainian navigation falls back to the English page
    assert '<a href="/t/about/">About</a>' in page(root, "uk/")
    assert alternates(page(root, "first-story/"))  # the pages that have a translation still name it


def test_the_ukrainian_page_reads_in_ukrainian(uk_site):
    html = page(uk_site, "uk/first-story/")
    assert '"inLanguage":"uk"' in html and '"inLanguage":"en"' in page(uk_site, "first-story/")
    for words in ("<h1>Перша історія</h1>", "Головні цифри", "щонайменше", "15 людей", "Опубліковано",
                  "Джерела", 'href="/t/uk/about/">як ми працюємо</a>', "Маленький сайт"):
        assert words in html, words
    assert ">Key figures<" not in html and ">Published<" not in html


def test_a_feed_and_a_sitemap_per_language(uk_site):
    public = uk_site / "public"
    feed, sitemap = (public / "uk/feed.xml").read_text(encoding="utf-8"), (public / "uk/sitemap.xml").read_text()
    assert 'xml:lang="uk"' in feed and f"<id>{ORIGIN}uk/first-story/</id>" in feed and "Перша історія" in feed
    assert f"<loc>{ORIGIN}uk/first-story/</loc>" in sitemap and f"<loc>{ORIGIN}first-story/</loc>" not in sitemap
    english = (public / "sitemap.xml").read_text()
    assert f"<loc>{ORIGIN}first-story/</loc>" in english and "/uk/" not in english
    assert "/uk/" not in (public / "feed.xml").read_text()


def test_a_changed_english_figure_marks_the_translation_stale(tmp_path, tiny_cache):
    root = write_uk_site(tmp_path / "site")
    shutil.copytree(tiny_cache, root / ".cache")
    listed = run_build(root, "translations")
    digest = re.search(r"first-story\.uk\.yaml: pending; translated_from: pending; the original's digest now: "
                       r"([0-9a-f]{12})", listed.out).group(1)
    stamped = root / "content/articles/first-story.uk.yaml"
    stamped.write_text(stamped.read_text(encoding="utf-8").replace("translated_from: pending",
                                                                   f"translated_from: {digest}"), encoding="utf-8")
    build(root)
    assert "translation-note" not in page(root, "uk/first-story/")
    data = root / "content/data/counts.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("killed: 15", "killed: 16"), encoding="utf-8")
    build(root)
    assert ('<p class="translation-note section-note" role="note">Цей переклад старіший за англійський текст '
            '(оновлено 2 червня 2022\u202fр.).</p>') in page(root, "uk/first-story/")
    assert "Цей переклад старіший за англійський текст.</p>" in page(root, "uk/about/")  # pending: no digest yet
    checked = run_build(root, "check")
    assert re.search(rf"warning: content/articles/first-story\.uk\.yaml:1: the uk translation of 'first-story' is "
                     rf"older than its original \(was made from {digest}\); bring it up to date, then write "
                     r"translated_from: [0-9a-f]{12}", checked.err), checked.err


def test_the_chart_speaks_ukrainian(uk_site):
    html = page(uk_site, "uk/first-story/")
    svg = html[html.index("<svg"):html.index("</svg>")]
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"1 бер. 2022", "8 бер.", "1 квіт.", "Загиблі", "Поранені", "Початок", "Люди"} <= set(labels), labels
    assert not any(month in label for label in labels for month in ("Mar", "Apr", "Killed", "People")), labels
    assert "Кількість з часом" in html
    csv = (uk_site / "public/uk/charts/counts-chart.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0] == "дата,набір_даних,ряд_id,ряд,значення,нижня_межа,верхня_межа,за_даними,джерело,примітка"
    assert ",Загиблі," in csv
    english = (uk_site / "public/charts/counts-chart.csv").read_text(encoding="utf-8")
    assert english.splitlines()[0].startswith("date,dataset,series_id") and ",Killed," in english
    spec = (uk_site / "public/uk/charts/counts-chart.vl.json").read_text(encoding="utf-8")
    assert '"locale"' in spec and "січня" in spec  # Vega's own formats in the reader's language too


def test_without_an_origin_there_are_no_alternates(tmp_path, tiny_cache):
    root = write_uk_site(tmp_path / "site")  # hreflang takes absolute URLs, as canonical links do
    shutil.copytree(tiny_cache, root / ".cache")
    build(root)
    assert "hreflang=\"x-default\"" not in page(root, "first-story/") and "<link rel=\"alternate\" hreflang" \
        not in page(root, "uk/first-story/")
    assert 'lang="en">English</a>' in page(root, "uk/first-story/")  # the switch is for readers: it stays


def test_a_one_language_site_names_no_alternates(tiny_site):
    build(tiny_site, base_url=ORIGIN)
    assert "hreflang" not in page(tiny_site, "first-story/") and not (tiny_site / "public/uk").exists()
