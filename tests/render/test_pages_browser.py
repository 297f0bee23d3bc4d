"""In real Chromium: JSON-LD causes no CSP violation, and the 404 page is styled at any depth under the subpath."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import ROOT, run_build, serve_folder

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)

# Recorded from the very start of each document, before any inline element is parsed.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "public"
    result = run_build(ROOT, "build", "--base-url", "https://example.github.io/explainer/", "--out", str(out))
    assert result.code == 0, result.err
    with serve_folder(out, "/explainer/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "CI=true: the browser tests need /usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def open_page(browser, url: str):
    """A fresh page that records CSP violations and console errors, loaded at url."""
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    response = page.goto(url, wait_until="load")
    return page, response, console


def test_json_ld_is_read_as_data_and_violates_no_content_security_policy(browser, site_url):
    page, response, console = open_page(browser, site_url + "civilian-toll/")
    assert response.status == 200
    headline = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
                             ".headline")
    assert headline.startswith("The civilian toll")
    assert page.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content") \
        .count("script-src 'self'") == 1
    assert page.evaluate("window.__violations") == []
    assert [text for text in console if "Content Security Policy" in text] == []
    page.close()


def test_an_inline_script_on_the_same_page_would_be_reported(browser, site_url):
    """The recorder is live: a real inline script is refused and reported, so the test above can fail."""
    page, _, _ = open_page(browser, site_url + "civilian-toll/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                              document.body.append(s); }""")
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
    page.close()


def test_the_404_page_deep_under_the_subpath_is_styled_and_its_links_work(browser, site_url):
    page, response, _ = open_page(browser, site_url + "a/b/c/missing")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 10
    # The stylesheet's own rule for the site navigation is in force, so the CSS really applied.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header nav')).display") == "flex"
    page.click("text=See all explainers")
    page.wait_for_load_state("load")
    assert page.url == site_url
    assert page.evaluate("window.__violations") == []
    page.close()
