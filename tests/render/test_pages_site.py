"""The real site built for https://example.github.io/explainer/, served under /explainer/ and crawled over HTTP.

The crawler here is written independently of explainer/check/links.py, so the two check each other.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from support import ROOT, serve_folder

PUBLIC_URL = "https://example.github.io/explainer/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def built(published_example) -> Path:
    """The repository's own content, built through the command line for a GitHub Pages subpath."""
    return published_example


@pytest.fixture(scope="module")
def served(built):
    with serve_folder(built, "/explainer/") as root_url:
        yield root_url


class Refs(HTMLParser):
    """Every id and every href/src/srcset/content URL of a page, with the tag that holds it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src", "poster", "data"):
            if values.get(name):
                self.refs.append((tag, name, values[name], values))
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.refs.append((tag, "srcset", candidate.split()[0], values))
        if tag == "meta" and (values.get("content") or "").startswith("http"):
            self.refs.append((tag, "content", values["content"], values))


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, following redirects; errors are statuses, not exceptions."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read()


def crawl(root_url: str) -> tuple[dict, list]:
    """Fetch everything reachable inside the site from its home page; returns (pages' ids by URL, broken)."""
    local_origin = root_url[: root_url.index("/explainer/")]
    queue, seen, ids, broken, anchors = [root_url], {root_url}, {}, [], []
    while queue:
        url = queue.pop()
        status, kind, body = fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        text = body.decode("utf-8", "replace")
        if kind == "text/html":
            refs = Refs()
            refs.feed(text)
            ids[url] = refs.ids
            found = [ref for _, _, ref, _ in refs.refs]
        elif kind == "text/css":
            found = [m for m in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if not m.startswith(("#", "data:"))]
        else:
            found = []
        for ref in found:
            # The site's absolute URLs (canonical, og:image) point at production; map them to this server.
            target = urljoin(url, ref.replace(PUBLIC_URL, f"{local_origin}/explainer/"))
            if not target.startswith(local_origin):
                continue  # a link to another site, which a reader may choose to follow
            page, fragment = urldefrag(target)
            if fragment:
                anchors.append((url, page, fragment))
            if page not in seen:
                seen.add(page)
                queue.append(page)
    for source, page, fragment in anchors:
        if page in ids and fragment not in ids[page]:
            broken.append(f"{source}: no id '{fragment}' in {page}")
    return ids, broken


def test_crawl_from_home_page_finds_nothing_broken(served, built):
    ids, broken = crawl(served)
    assert broken == []
    pages = {urlsplit(url).path for url in ids}
    expected = {"/explainer/" + p.relative_to(built).as_posix().removesuffix("index.html")
                for p in built.rglob("index.html")}
    assert expected <= pages, "every page should be reachable from the home page"
    assert len(pages) >= 5


def test_crawl_fetched_stylesheets_scripts_images_and_csv(served):
    status, _, body = fetch(served)
    refs = Refs()
    refs.feed(body.decode())
    stylesheet = [ref for tag, _, ref, values in refs.refs if tag == "link" and values.get("rel") == "stylesheet"]
    assert stylesheet and stylesheet[0].startswith("/explainer/assets/style.")
    assert fetch(urljoin(served, stylesheet[0]))[:2] == (200, "text/css")
    status, kind, _ = fetch(urljoin(served, "charts/civilian-casualties.csv"))
    assert (status, kind) == (200, "text/csv")


def test_missing_page_deep_under_the_subpath_gets_the_404_page_with_its_stylesheet(served):
    missing = urljoin(served, "a/b/c/missing")
    status, kind, body = fetch(missing)
    assert (status, kind) == (404, "text/html")
    refs = Refs()
    refs.feed(body.decode())
    assert "Page not found" in body.decode()
    sheets = [ref for tag, _, ref, values in refs.refs if tag == "link" and values.get("rel") == "stylesheet"]
    assert len(sheets) == 1
    assert fetch(urljoin(missing, sheets[0]))[:2] == (200, "text/css")
    for tag, _, ref, _ in refs.refs:
        if tag == "a" and not ref.startswith(("http", "#", "mailto:")):
            assert fetch(urljoin(missing, ref))[0] == 200, ref


def test_feed_is_atom_with_absolute_urls_and_content_dates(built):
    feed = ET.parse(built / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    slugs = sorted(p.stem for p in (ROOT / "content" / "articles").glob("*.md") if "." not in p.stem)
    links = sorted(e.find(f"{ATOM}link").get("href") for e in entries)
    assert links == [f"{PUBLIC_URL}{slug}/" for slug in slugs]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", u) for u in updated)
    assert feed.findtext(f"{ATOM}updated") == max(updated)
    self_link = [l.get("href") for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_link == [f"{PUBLIC_URL}feed.xml"]


def test_sitemap_lists_every_page_once_with_absolute_urls(built):
    sitemap = ET.parse(built / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SITEMAP}loc") for u in sitemap.findall(f"{SITEMAP}url")]
    pages = {PUBLIC_URL + p.relative_to(built).as_posix().removesuffix("index.html") for p in built.rglob("index.html")}
    pages -= {u for u in pages if "/embed/" in u}
    ukrainian = {u for u in pages if u.startswith(f"{PUBLIC_URL}uk/")}  # the edition's own sitemap lists them
    assert sorted(locs) == sorted(pages - ukrainian)
    edition = ET.parse(built / "uk" / "sitemap.xml").getroot()
    assert sorted(u.findtext(f"{SITEMAP}loc") for u in edition.findall(f"{SITEMAP}url")) == sorted(ukrainian)
    robots = (built / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {PUBLIC_URL}sitemap.xml" in robots and f"Sitemap: {PUBLIC_URL}uk/sitemap.xml" in robots


def test_article_json_ld_is_a_news_article_with_sources(built):
    html = (built / "civilian-toll" / "index.html").read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    for key in ("headline", "datePublished", "dateModified", "author", "publisher", "image", "citation"):
        assert data[key], key
    assert data["image"][0].startswith(PUBLIC_URL) and data["url"] == f"{PUBLIC_URL}civilian-toll/"
    assert all(work["@type"] == "CreativeWork" and work["url"].startswith("http") for work in data["citation"])
    cited = {htmllib.unescape(url) for url in re.findall(r'<li id="source-\d+">.*?<a href="([^"]+)"', html)}
    assert {work["url"] for work in data["citation"]} == cited


def test_pages_carry_canonical_feed_and_social_tags(built):
    html = (built / "civilian-toll" / "index.html").read_text()
    assert f'<link rel="canonical" href="{PUBLIC_URL}civilian-toll/">' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/explainer/feed.xml"' in html
    for prop in ("og:title", "og:description", "og:image", "og:url"):
        assert f'<meta property="{prop}" content="' in html, prop
    for name in ("twitter:card", "twitter:title", "twitter:description", "twitter:image"):
        assert f'<meta name="{name}" content="' in html, name
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert image.startswith(PUBLIC_URL) and (built / image.removeprefix(PUBLIC_URL)).is_file()


LOADING_ATTRS = re.compile(r"""<(\w+)\b[^>]*?\s(src|srcset|poster|data)\s*=\s*["']([^"']*)""", re.I)
LINK_TAGS = re.compile(r"<link\b[^>]*>", re.I)


def test_no_built_file_loads_anything_from_another_host(built):
    offenders = []
    for path in sorted(built.rglob("*")):
        text = path.read_text("utf-8", "replace") if path.suffix in (".html", ".css", ".xml", ".txt") else ""
        name = path.relative_to(built).as_posix()
        if path.suffix == ".html":
            offenders += [f"{name}: <{t} {a}={v}>" for t, a, v in LOADING_ATTRS.findall(text) if "//" in v]
            for tag in LINK_TAGS.findall(text):
                href = re.search(r'href="([^"]*)"', tag).group(1)
                metadata = re.search(r'rel="(canonical|alternate)"', tag)
                if "//" in href and not (metadata and href.startswith(PUBLIC_URL)):
                    offenders.append(f"{name}: {tag}")
            for content in re.findall(r'<meta (?:property|name)="[^"]+" content="(https?://[^"]*)"', text):
                if not content.startswith(PUBLIC_URL):
                    offenders.append(f"{name}: meta {content}")
        elif path.suffix == ".css":
            offenders += [f"{name}: url({u})" for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if "//" in u]
        elif path.suffix == ".xml":
            urls = re.findall(r'(?:href="|<loc>|<id>)(https?://[^"<]+)', text)
            offenders += [f"{name}: {u}" for u in urls if not u.startswith(PUBLIC_URL)]
    assert offenders == []
