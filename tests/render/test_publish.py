"""Feed, sitemap, robots.txt, CNAME, social tags and JSON-LD on the tiny site."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import run_build, snapshot, write_files

from explainer.output.urls import Urls, normalize_base_url
from explainer.render.publish import Publishing, rfc3339, script_safe_json

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.github.io/explainer/"

SECOND_STORY = {
    "content/articles/second-story.yaml": """\
        title: "Second story: </script><!-- & more"
        dek: What happened next.
        published: 2022-05-01
        updated: 2022-05-20
        byline: [Ann Writer, Test desk]
        places: [Elsewhere]
        tags: [test]
        updates:
          - date: 2022-07-15
            kind: correction
            text: Corrected a date.
        """,
    "content/articles/second-story.md": "## Start\n\nA second story.\n",
}


def build(root: Path, out: Path, *args: str):
    result = run_build(root, "--out", str(out), *args)
    assert result.code == 0, result.err
    return result


@pytest.mark.parametrize(("given", "expected"), [
    ("/", "/"), ("", "/"), ("repo", "/repo/"), ("/repo", "/repo/"), ("/repo/", "/repo/"),
    ("https://example.github.io/repo", "https://example.github.io/repo/"),
    ("https://example.github.io", "https://example.github.io/"),
    ("https://news.example/a/b/", "https://news.example/a/b/"),
])
def test_base_urls_are_normalized_to_end_in_a_slash(given, expected):
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize(("base", "domain", "path", "absolute"), [
    ("/", None, "/about/", "/about/"),
    ("/repo/", None, "/repo/about/", "/repo/about/"),
    ("https://example.github.io/repo/", None, "/repo/about/", "https://example.github.io/repo/about/"),
    ("/", "news.example", "/about/", "https://news.example/about/"),
    ("/", "https://news.example/", "/about/", "https://news.example/about/"),
    ("https://example.github.io/repo/", "news.example", "/repo/about/", "https://example.github.io/repo/about/"),
])
def test_urls_take_their_origin_from_the_base_url_then_the_domain(base, domain, path, absolute):
    urls = Urls(base, domain)
    assert urls.path("about/") == path
    assert urls.absolute("about/") == absolute
    assert urls.has_origin == absolute.startswith("https://")


def test_feed_entries_are_dated_by_their_last_update_or_correction(tiny_site, tmp_path):
    write_files(tiny_site, SECOND_STORY)
    build(tiny_site, tmp_path / "out", "--base-url", BASE)
    feed = ET.parse(tmp_path / "out" / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    assert list(entries) == [f"{BASE}second-story/", f"{BASE}first-story/"]  # most recently changed first
    second = entries[f"{BASE}second-story/"]
    assert second.findtext(f"{ATOM}published") == "2022-05-01T00:00:00Z"
    assert second.findtext(f"{ATOM}updated") == "2022-07-15T00:00:00Z"  # the correction, not 'updated:'
    assert second.findtext(f"{ATOM}title") == "Second story: </script><!-- & more (corrected 15 Jul 2022)"
    assert "corrected" in [c.get("term") for c in second.findall(f"{ATOM}category")]
    assert [a.findtext(f"{ATOM}name") for a in second.findall(f"{ATOM}author")] == ["Ann Writer", "Test desk"]
    assert "Corrected a date." in second.findtext(f"{ATOM}content")
    assert entries[f"{BASE}first-story/"].findtext(f"{ATOM}updated") == "2022-06-02T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2022-07-15T00:00:00Z"


def test_feed_and_sitemap_do_not_depend_on_the_clock_or_time_zone(tiny_site, tmp_path, monkeypatch):
    outputs = []
    for zone, epoch in (("UTC", "1700000000"), ("Pacific/Kiritimati", "1800000000"), ("America/Adak", "")):
        monkeypatch.setenv("TZ", zone)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        out = tmp_path / f"out-{len(outputs)}"
        build(tiny_site, out, "--base-url", BASE)
        outputs.append({name: data for name, data in snapshot(out).items() if name.endswith((".xml", ".html"))})
    assert outputs[0] == outputs[1] == outputs[2]


def test_an_empty_site_still_has_a_valid_reproducible_feed(tiny_site, tmp_path):
    for name in ("first-story.md", "first-story.yaml"):
        (tiny_site / "content" / "articles" / name).unlink()
    build(tiny_site, tmp_path / "out", "--base-url", BASE)
    feed = ET.parse(tmp_path / "out" / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_sitemap_dates_articles_and_the_home_page_but_not_undated_pages(tiny_site, tmp_path):
    write_files(tiny_site, SECOND_STORY)
    build(tiny_site, tmp_path / "out", "--base-url", BASE)
    root = ET.parse(tmp_path / "out" / "sitemap.xml").getroot()
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    assert lastmod == {BASE: "2022-07-15", f"{BASE}about/": None, f"{BASE}corrections/": "2022-07-15",
                       f"{BASE}first-story/": "2022-06-02", f"{BASE}second-story/": "2022-07-15"}


def test_a_base_url_without_a_host_leaves_absolute_metadata_out_and_says_so(tiny_site, tmp_path):
    result = build(tiny_site, tmp_path / "out", "--base-url", "/explainer/")
    out = tmp_path / "out"
    assert "warning: site/site.yaml:1: the base URL '/explainer/' names no host and site.yaml names no domain" \
        in result.err
    assert not (out / "feed.xml").exists() and not (out / "sitemap.xml").exists()
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    html = (out / "first-story" / "index.html").read_text()
    head_without_json_ld = re.sub(r"<script type=\"application/ld\+json\">.*?</script>", "", html.split("</head>")[0])
    for absent in ('rel="canonical"', "application/atom+xml", 'property="og:image"', 'property="og:url"', "https://"):
        assert absent not in head_without_json_ld, absent
    assert '<meta property="og:title" content="First story">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert "url" not in data and "image" not in data and data["headline"] == "First story"


def test_a_custom_domain_writes_cname_and_gives_the_feed_its_origin(tiny_site, tmp_path):
    site_yaml = tiny_site / "site" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "domain: explainer.news.example\n")
    result = build(tiny_site, tmp_path / "out")
    out = tmp_path / "out"
    assert "warning" not in result.err
    assert (out / "CNAME").read_text() == "explainer.news.example\n"
    assert "https://explainer.news.example/first-story/" in (out / "feed.xml").read_text()
    assert "Sitemap: https://explainer.news.example/sitemap.xml" in (out / "robots.txt").read_text()
    assert (out / ".nojekyll").exists()


def test_no_domain_means_no_cname(tiny_site, tmp_path):
    build(tiny_site, tmp_path / "out", "--base-url", BASE)
    assert not (tmp_path / "out" / "CNAME").exists()


def test_json_ld_cannot_break_out_of_its_script_element(tiny_site, tmp_path):
    write_files(tiny_site, SECOND_STORY)
    build(tiny_site, tmp_path / "out", "--base-url", BASE)
    html = (tmp_path / "out" / "second-story" / "index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["headline"] == "Second story: </script><!-- & more"
    assert data["dateModified"] == "2022-07-15" and data["datePublished"] == "2022-05-01"
    assert data["author"] == [{"@type": "Person", "name": "Ann Writer"}, {"@type": "Organization", "name": "Test desk"}]
    assert data["image"][0].startswith(f"{BASE}assets/social-card.")


@pytest.mark.parametrize("value", ["</script>", "<!--", "a & b", "\u2028", {"x": ["</SCRIPT >"]}])
def test_script_safe_json_round_trips(value):
    text = script_safe_json(value)
    assert json.loads(text) == value and not set("<>&") & set(text)


def test_rfc3339_is_midnight_utc():
    assert rfc3339(dt.date(2022, 6, 24)) == "2022-06-24T00:00:00Z"


def test_an_articles_own_card_is_preferred_to_the_default_image():
    assets = SimpleNamespace(paths={"social-card.png": "assets/social-card.abc.png"}, files={})
    templates = SimpleNamespace(urls=Urls("https://example.github.io/explainer/"))
    publishing = Publishing(templates, assets)
    assert publishing.image_url("with-card/card.png") == "https://example.github.io/explainer/with-card/card.png"
    assert publishing.image_url(None) == "https://example.github.io/explainer/assets/social-card.abc.png"
    assert Publishing(SimpleNamespace(urls=Urls("/")), assets).image_url("with-card/card.png") is None


def test_the_404_page_is_not_indexed_and_has_no_canonical(tiny_site, tmp_path):
    build(tiny_site, tmp_path / "out", "--base-url", BASE)
    head = (tmp_path / "out" / "404.html").read_text().split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in head and "canonical" not in head
    assert 'href="/explainer/assets/style.' in head
