"""Sources point at the document: a home page is refused, a section index is warned, a copy is named by `via`."""

from __future__ import annotations

import pytest
from support import ROOT, load_content, run_build, tiny_site_with, validate_site

from explainer.content.facts import url_problem

SOURCES = "content/sources.yaml"


@pytest.mark.parametrize("url", [
    "https://apnews.com", "https://apnews.com/", "https://www.reuters.com/", "https://dppa.un.org/en",
    "https://dppa.un.org/en/", "https://www.ohchr.org/en-gb/", "https://tass.com/?utm_source=feed",
])
def test_a_home_page_is_an_error(url):
    level, message = url_problem(url)
    assert level == "error" and message.startswith("'url' is the home page of ")


@pytest.mark.parametrize("url", [
    "https://www.bbc.com/news", "https://www.ohchr.org/en/news", "https://dppa.un.org/ar/reports/all",
    "https://www.ohchr.org/en/news/", "https://reliefweb.int/updates", "https://example.org/category/ukraine",
])
def test_a_section_index_is_a_warning(url):
    level, message = url_problem(url)
    assert level == "warning" and "is a section index" in message


@pytest.mark.parametrize("url", [
    "https://www.bbc.co.uk/news/world-europe-61936820", "https://cccv.info/?p=481973",
    "https://en.interfax.com.ua/news/general/923508.html", "https://dtm.iom.int/fr/node/16921",
    "https://www.cr4u.info/updates/archive/26-august-29",
])
def test_a_page_of_its_own_passes(url):
    assert url_problem(url) is None


def test_validation_names_the_line_of_each_url(tmp_path):
    root = tiny_site_with(tmp_path, {SOURCES: ("url: https://example.org/report", "url: https://example.org/")},
                          extra={})
    path = root / SOURCES
    path.write_text(path.read_text().replace("https://example.org/news/an-interview", "https://example.org/en/news"))
    problems, warnings = validate_site(root)
    assert problems == [f"{SOURCES}:4: source 'un-report': 'url' is the home page of example.org, not the document: "
                        "link to the page the figure was read on (a copy or another outlet's report, named with "
                        "'via', if that is what was read)"]
    assert f"{SOURCES}:10: source 'news-report': 'url' is a section index (/en/news), which lists documents rather " \
           "than being one: link to the page the figure was read on" in warnings


def test_an_archive_copy_that_is_a_home_page_is_refused(tmp_path):
    root = tiny_site_with(tmp_path, {SOURCES: ("  published: 2022-05-01\n",
                                               "  published: 2022-05-01\n  archived: https://web.archive.org/\n")})
    problems, _ = validate_site(root)
    assert problems == [f"{SOURCES}:6: source 'un-report': 'archived' is a home page, not a copy of the document"]


def test_the_build_refuses_a_home_page_and_leaves_public_alone(tiny_site):
    path = tiny_site / SOURCES
    path.write_text(path.read_text().replace("url: https://example.org/report", "url: https://example.org"))
    (tiny_site / "public").mkdir()
    (tiny_site / "public" / "index.html").write_text("as published", encoding="utf-8")
    result = run_build(tiny_site)
    assert result.code == 1
    assert f"{SOURCES}:4: source 'un-report': 'url' is the home page of example.org" in result.err
    assert (tiny_site / "public" / "index.html").read_text() == "as published"


def test_a_source_read_in_a_copy_names_it_for_readers(example_site):
    page = (example_site / "public" / "battle-for-sievierodonetsk" / "index.html").read_text(encoding="utf-8")
    assert "Associated Press, via Devdiscourse, <a href=\"https://www.devdiscourse.com/article/law-order/" \
           "2056339-mayor-says-half-of-sievierodonetsk-captured\"" in page


def test_no_example_source_links_to_a_home_page_or_a_section_index():
    content = load_content(ROOT)
    assert {ident: url_problem(s.url) for ident, s in content.sources.items() if url_problem(s.url)} == {}
