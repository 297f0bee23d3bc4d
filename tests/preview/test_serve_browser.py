"""`build.py serve` in real Chromium: every save shows up without touching the browser, under the strict CSP."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from support import ServeProcess

pytestmark = pytest.mark.browser

WAIT_MS = 20_000  # generous: the machine is shared; no timing is asserted here, only that the text arrives
ARTICLE = "content/articles/first-story"


@pytest.fixture
def served(tiny_site):
    server = ServeProcess(tiny_site)
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    """A fresh tab that records every CSP violation and script error, across reloads; none are allowed."""
    context = browser.new_context()
    tab = context.new_page()
    tab.problems = []
    tab.expose_function("reportViolation", lambda text: tab.problems.append(f"CSP violation: {text}"))
    tab.add_init_script("document.addEventListener('securitypolicyviolation', "
                        "e => window.reportViolation(e.violatedDirective + ' blocked ' + e.blockedURI));")
    tab.on("console", lambda message: tab.problems.append(f"console: {message.text}")
           if is_console_problem(message.type, message.text) else None)
    # The error page comes with status 500 on purpose, whether the tab loads it or the reload client fetches
    # it (marked by its header); a failing stylesheet or script never does.
    tab.on("response", lambda response: tab.problems.append(f"{response.status} for {response.url}")
           if response.status >= 400 and not is_page_load(response.request) else None)
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    yield tab
    problems = list(tab.problems)
    context.close()
    assert problems == []


def is_page_load(request) -> bool:
    """A document, loaded by the tab or fetched by the reload client to replace the page's body."""
    return request.resource_type == "document" or request.headers.get("x-preview-reload") == "1"


def is_console_problem(kind: str, text: str) -> bool:
    """Errors and CSP reports; a document's own error status is reported by the response check instead."""
    if text.startswith("Failed to load resource: the server responded with a status of"):
        return False
    return kind == "error" or "Content Security Policy" in text


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace text in a source file, as an editor's save would."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def see(page, text: str) -> None:
    """Wait until the page (whichever document it is by now) shows `text`."""
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text, timeout=WAIT_MS)


def test_markdown_edit_appears_without_a_manual_reload(served, tiny_site, page):
    page.goto(served.url + "first-story/")
    see(page, "Beginning")
    edit(tiny_site, f"{ARTICLE}.md", "## Beginning", "## Beginning\n\nA sentence written after the page opened.")
    see(page, "A sentence written after the page opened.")


def test_two_edits_half_a_second_apart_both_appear(served, tiny_site, page):
    page.goto(served.url + "first-story/")
    see(page, "Beginning")
    edit(tiny_site, f"{ARTICLE}.md", "## Beginning", "## Beginning\n\nFirst quick edit.")
    time.sleep(0.5)
    edit(tiny_site, f"{ARTICLE}.md", "First quick edit.", "First quick edit. Second quick edit.")
    see(page, "First quick edit. Second quick edit.")
    assert served.count(r"^Rebuilt for content/articles/first-story\.md") >= 1


def test_broken_yaml_shows_the_error_page_and_the_fix_brings_the_article_back(served, tiny_site, page):
    page.goto(served.url + "first-story/")
    see(page, "First story")
    original = (tiny_site / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    edit(tiny_site, f"{ARTICLE}.yaml", "title: First story", "title: [First story")
    see(page, "The preview could not be rebuilt")
    problem = page.locator("ul.problems li").first.inner_text()
    assert re.match(rf"{ARTICLE}\.yaml:\d+: \S", problem), problem
    (tiny_site / f"{ARTICLE}.yaml").write_text(original, encoding="utf-8")
    see(page, "What happened first.")
    assert page.locator("h1").inner_text() == "First story"


def test_template_edit_appears(served, tiny_site, page):
    page.goto(served.url + "first-story/")
    see(page, "First story")
    edit(tiny_site, "templates/article.html", '<p class="dek">', '<p class="dek">Edited template: ')
    see(page, "Edited template: What happened first.")


def test_the_reload_socket_connects_under_the_strict_csp(served, page):
    page.goto(served.url + "first-story/")
    # A function, not an expression: Playwright evaluates a bare expression with eval, which the CSP forbids.
    page.wait_for_function("() => window.previewReload && window.previewReload.connected", timeout=WAIT_MS)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert f"connect-src 'self' ws://{served.host}:{served.port};" in policy
    assert "script-src 'self';" in policy and "unsafe" not in policy


def test_the_violation_check_catches_a_violation(served, browser):
    context = browser.new_context()
    try:
        tab = context.new_page()
        seen = []
        tab.expose_function("reportViolation", lambda text: seen.append(text))
        tab.add_init_script("document.addEventListener('securitypolicyviolation', "
                            "e => window.reportViolation(e.violatedDirective));")
        tab.goto(served.url + "first-story/")
        tab.evaluate("fetch('http://192.0.2.1/').catch(() => null)")  # another host: connect-src refuses it
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            tab.wait_for_timeout(50)
        assert seen and seen[0].startswith("connect-src")
    finally:
        context.close()


def mark_document(page) -> None:
    """Once the reload socket is up, leave a mark that lives only as long as this document does."""
    page.wait_for_function("() => window.previewReload && window.previewReload.connected", timeout=WAIT_MS)
    page.evaluate("() => { window.sameDocument = true; }")


def test_an_edit_to_a_page_without_scripts_replaces_its_body_in_place(served, tiny_site, page):
    page.goto(served.url + "about/")
    see(page, "A test desk.")
    mark_document(page)
    edit(tiny_site, "content/pages/about.md", "A test desk.", "A test desk, edited in place.")
    see(page, "A test desk, edited in place.")
    assert page.evaluate("() => [window.sameDocument === true, window.previewReload.replaced]") == [True, 1]


def test_a_changed_head_reloads_the_whole_page(served, tiny_site, page):
    page.goto(served.url + "about/")
    see(page, "A test desk.")
    mark_document(page)
    edit(tiny_site, "content/pages/about.md", "title: About", "title: About us")
    page.wait_for_function("() => document.title.includes('About us')", timeout=WAIT_MS)
    assert page.evaluate("() => window.sameDocument === undefined")  # a new document, with the new <head>


def chart_drawn(page) -> None:
    """Scroll the chart into view and wait until its Vega view is drawn over the static SVG."""
    page.locator("figure.chart").first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('figure.chart.is-interactive .chart-view svg')",
                           timeout=WAIT_MS)


def test_an_edit_to_a_page_with_charts_replaces_its_body_and_draws_its_charts_again(served, tiny_site, page):
    loads = []
    page.on("request", lambda request: loads.append(request.url.split("?")[0].rsplit("/", 1)[-1])
            if request.resource_type == "script" else None)
    page.set_viewport_size({"width": 375, "height": 500})  # a phone: the chart is below the fold
    page.goto(served.url + "first-story/")
    chart_drawn(page)
    mark_document(page)
    page.evaluate("() => { window.oldView = document.querySelector('.chart-view'); }")
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 0  # the tab is smaller than the page: the chart was scrolled to
    edit(tiny_site, f"{ARTICLE}.md", "## Beginning", "## Beginning\n\nWritten next to a chart.")
    see(page, "Written next to a chart.")
    assert page.evaluate("() => [window.sameDocument === true, window.previewReload.replaced]") == [True, 1]
    assert page.evaluate("() => window.scrollY") == scrolled
    chart_drawn(page)
    # One view, the new body's: the old one was finalized and left with the old body.
    assert page.evaluate("""() => [window.explainerCharts.views(), document.querySelectorAll('.chart-view').length,
                                   document.body.contains(window.oldView)]""") == [1, 1, False]
    # Interactive: a pointer over the new view opens its tooltip.
    page.locator(".chart-view g.mark-symbol.role-mark path").first.hover(force=True)
    page.locator("#vg-tooltip-element.visible").wait_for(timeout=WAIT_MS)
    assert "2022" in page.locator("#vg-tooltip-element.visible").inner_text()
    # charts.js and the Vega bundle were each loaded once; the parsed page's scripts did not run again.
    assert [sum(name.startswith(script) for name in loads) for script in ("charts", "vega")] == [1, 1], loads


# What the in-place swap cannot take, on a page with charts: a changed <head>; a changed charts.js (new code
# cannot take over from the old on the same page: its new hashed URL is not the one running).
WHOLE_PAGE_EDITS = {
    "a changed head": ("content/articles/first-story.yaml", "title: First story", "title: First story, retitled",
                       "() => document.title.includes('retitled')"),
    "a changed chart script": ("site/static/charts.js", '"use strict";', '"use strict";\n  window.chartsEdited = true;',
                               "() => window.chartsEdited === true"),
}


@pytest.mark.parametrize("change", list(WHOLE_PAGE_EDITS))
def test_a_page_with_charts_reloads_whole_for_what_a_swap_cannot_take(served, tiny_site, page, change):
    name, old, new, arrived = WHOLE_PAGE_EDITS[change]
    page.goto(served.url + "first-story/")
    chart_drawn(page)
    mark_document(page)
    edit(tiny_site, name, old, new)
    page.wait_for_function(arrived, timeout=WAIT_MS)
    assert page.evaluate("() => window.sameDocument === undefined")  # a new document, with the new <head>
    chart_drawn(page)


def test_without_file_notification_polling_still_brings_every_edit(tiny_site, page, monkeypatch):
    monkeypatch.setenv("EXPLAINER_PREVIEW_POLL", "1")  # as on a machine where watchfiles is missing or refused
    server = ServeProcess(tiny_site)
    try:
        page.goto(server.url + "about/")
        see(page, "A test desk.")
        mark_document(page)
        for number in range(3):
            edit(tiny_site, "content/pages/about.md", "A test desk", f"A test desk (polled edit {number})")
            see(page, f"polled edit {number})")
        assert page.evaluate("() => [window.sameDocument === true, window.previewReload.replaced]") == [True, 3]
    finally:
        server.stop()
