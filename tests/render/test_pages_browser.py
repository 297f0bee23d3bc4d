"""In real Chromium: JSON-LD causes no CSP violation, and the 404 page is styled at any depth under the subpath."""

from __future__ import annotations

import pytest
from support import ROOT, run_build, serve_folder

pytestmark = pytest.mark.browser


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


def phone_page(browser, url: str, **options):
    """A page at 375 px, as a phone shows it (the viewport meta tag honoured)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True, **options)
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response.status == 200
    return context, page


def test_the_battle_articles_key_figures_fit_one_phone_screen_as_two_columns_of_cards(browser, site_url):
    context, page = phone_page(browser, site_url + "battle-for-sievierodonetsk/")
    height = page.evaluate("document.querySelector('.key-figures').getBoundingClientRect().height")
    assert 200 < height <= 900, height
    lefts = page.evaluate("[...document.querySelectorAll('.key-figures > .figure-grid > .key-figure')]"
                          ".map((card) => Math.round(card.getBoundingClientRect().left))")
    assert len(set(lefts)) == 2, lefts  # two columns
    # The value comes first and is the largest text in its card.
    sizes = page.evaluate("""() => { const card = document.querySelector('.key-figure');
        const size = (el) => parseFloat(getComputedStyle(el).fontSize);
        return [card.firstElementChild.className, size(card.querySelector('.figure-number')),
                size(card.querySelector('.figure-label')), size(card.querySelector('.figure-meta'))]; }""")
    assert sizes[0] == "figure-value" and sizes[1] >= 1.5 * sizes[2] > sizes[3], sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    context.close()


def test_more_figures_open_without_javascript(browser, site_url):
    context, page = phone_page(browser, site_url + "battle-for-sievierodonetsk/", java_script_enabled=False)
    hidden = page.locator(".more-figures .key-figure").first
    assert not hidden.is_visible()
    page.click(".more-figures > summary")
    assert hidden.is_visible()
    context.close()


def test_print_leaves_out_the_navigation_and_shows_every_figure_and_the_sources_urls(browser, site_url):
    page = browser.new_page(viewport={"width": 375, "height": 800})  # a phone prints the page-wide drawing
    page.goto(site_url + "battle-for-sievierodonetsk/", wait_until="load")
    assert page.locator(".site-header ul").is_visible()
    assert not page.locator(".chart-graphic .chart-svg-wide").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header ul").is_visible()
    assert not page.locator(".toc").is_visible() and not page.locator(".share-links").is_visible()
    assert page.locator(".more-figures .key-figure").first.is_visible()  # printed though the disclosure is shut
    after = page.evaluate("getComputedStyle(document.querySelector('#source-1 a'), '::after').content")
    assert "https://" in after
    assert page.locator(".chart-graphic .chart-svg-wide").first.is_visible()  # the static drawing prints
    pdf = page.pdf(format="A4")
    letter = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and letter.startswith(b"%PDF")
    page.close()


@pytest.mark.parametrize("width", [320, 1440])
def test_pages_hold_from_320_to_1440_px_without_sideways_scroll(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ("", "battle-for-sievierodonetsk/", "civilian-toll/", "corrections/", "methodology/"):
        page.goto(site_url + path, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        h1 = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
        assert 16 <= body <= 18 and h1 > body, (path, body, h1)
    context.close()
