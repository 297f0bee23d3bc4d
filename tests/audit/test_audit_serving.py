"""The audit serves a site as GitHub Pages does, text compressed for a browser that asks, so that Lighthouse
times the bytes a reader receives; and it runs Lighthouse on the heaviest article as well as the first."""

from __future__ import annotations

import gzip
import urllib.request

from support import write_files

from audit.pages import discover_pages
from audit.run_audit import lighthouse_pages
from audit.serve import serve_site

PAGE = '<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><title>x</title>'


def fetch(url: str, encoding: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_text_is_sent_compressed_to_a_browser_that_asks_and_plain_otherwise(tmp_path):
    body = PAGE + "<p>" + "A paragraph of an explainer. " * 400 + "</p>"
    write_files(tmp_path, {"index.html": body, "style.css": "p { margin: 0 }\n" * 200, "card.png": b"\x89PNG"})
    with serve_site(tmp_path) as base_url:
        headers, data = fetch(base_url, "gzip, deflate, br")
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert headers["Content-Security-Policy"] == "default-src 'self'"
        assert gzip.decompress(data).decode() == body and len(data) < len(body) / 10
        assert int(headers["Content-Length"]) == len(data)
        headers, data = fetch(base_url + "style.css", "gzip")
        assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "text/css"
        headers, data = fetch(base_url, None)
        assert headers["Content-Encoding"] is None and data.decode() == body
        headers, data = fetch(base_url + "card.png", "gzip")  # an image is already compressed
        assert headers["Content-Encoding"] is None and data == b"\x89PNG"


def test_lighthouse_runs_on_the_home_page_the_first_article_and_the_heaviest(tmp_path):
    article = '<!doctype html><title>x</title><article class="explainer">{}</article>'
    write_files(tmp_path, {"index.html": PAGE, "a-first/index.html": article.format("short"),
                           "b-heavy/index.html": article.format("<svg></svg>" * 500),
                           "c-light/index.html": article.format("text"), "about/index.html": PAGE})
    chosen = lighthouse_pages(discover_pages(tmp_path), tmp_path)
    assert [page.name for page in chosen] == ["/", "/a-first/", "/b-heavy/"]
    write_files(tmp_path, {"a-first/index.html": article.format("<svg></svg>" * 900)})
    assert [page.name for page in lighthouse_pages(discover_pages(tmp_path), tmp_path)] == ["/", "/a-first/"]
