"""The interactive layer in real Chromium, served with the site's strict CSP as an HTTP header:
scrolling to a chart loads the site's own Vega bundle, hovering a point shows a tooltip, and the
page logs no error, breaks no CSP rule and asks no other host for anything; the keyboard reaches every
mark and opens its tooltip; the names at the lines' ends sit inside the chart at phone and desktop widths."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""

pytestmark = pytest.mark.browser


class StrictHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with the CSP header a strict host would send."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(example_site):  # noqa: F811
    handler = functools.partial(StrictHandler, directory=str(example_site / "public"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


class Watched:
    """A page with every console error, failed response and request it makes recorded."""

    def __init__(self, browser, base: str, **options):
        self.base = base
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status} {r.url}"))

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def check_clean(self):
        assert self.errors == []
        assert self.page.evaluate("() => window.__violations") == []
        assert [url for url in self.requests if not url.startswith(self.base + "/")] == []

    def close(self):
        self.context.close()


def test_scrolling_to_a_chart_makes_it_interactive_with_tooltips(browser, server):
    watched = Watched(browser, server, viewport={"width": 1000, "height": 700})
    page = watched.open("/civilian-toll/")
    figure = page.locator("#chart-civilian-casualties")
    page.wait_for_timeout(500)
    if figure.bounding_box()["y"] > 700 + 200:  # out of view, beyond the observer's margin
        assert not any("/assets/vega." in url for url in watched.requests), "the bundle waits for the chart"
    figure.scroll_into_view_if_needed()
    page.wait_for_selector("#chart-civilian-casualties.is-interactive", timeout=30_000)
    assert any("/assets/vega." in url for url in watched.requests)
    assert figure.locator(".chart-svg-wide").is_hidden() and figure.locator(".chart-view svg").is_visible()

    tooltip = page.locator("#vg-tooltip-element.visible")
    points = figure.locator(".chart-view g.mark-symbol.role-mark path")
    assert points.count() == 38
    points.nth(0).hover(force=True)
    tooltip.wait_for(timeout=5_000)
    text = tooltip.inner_text()
    assert "24 March 2022" in text and "OHCHR" in text and ("1,081" in text or "1,707" in text)
    watched.check_clean()
    watched.close()


def test_every_chart_of_the_site_runs_clean_on_a_phone_in_dark_mode(browser, server):
    watched = Watched(browser, server, viewport={"width": 375, "height": 740}, color_scheme="dark")
    for path, count in (("/civilian-toll/", 4), ("/battle-for-sievierodonetsk/", 1),
                        ("/embed/sievierodonetsk-population/", 1)):
        page = watched.open(path)
        for index in range(count):
            page.locator("figure.chart").nth(index).scroll_into_view_if_needed()
        page.locator("figure.chart.is-interactive").nth(count - 1).wait_for(timeout=30_000)
        view_width = page.locator("figure.chart .chart-view svg").first.bounding_box()["width"]
        assert 300 <= view_width <= 375, "the view fills a phone's column"
    # In dark mode the drawing takes the page's light text colour (currentColor), not black.
    colour = page.evaluate("() => getComputedStyle(document.querySelector('.chart-view text')).fill")
    assert colour not in ("rgb(0, 0, 0)", "#000")
    watched.check_clean()
    watched.close()


def test_without_javascript_the_static_chart_and_table_remain(browser, server):
    watched = Watched(browser, server, viewport={"width": 375, "height": 740}, java_script_enabled=False)
    page = watched.open("/civilian-toll/")
    figure = page.locator("#chart-displacement")
    figure.scroll_into_view_if_needed()
    assert figure.locator(".chart-svg-narrow").is_visible() and figure.locator(".chart-svg-wide").is_hidden()
    assert figure.locator(".chart-svg-narrow").bounding_box()["width"] <= 375
    frame = figure.locator(".chart-svg-narrow").bounding_box()
    legend = figure.locator(".chart-svg-narrow [aria-roledescription='legend'] text")
    assert legend.count() == 2
    for index in range(legend.count()):  # the phone drawing's legend is whole, inside its viewBox
        box = legend.nth(index).bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    figure.locator("details.chart-data summary").click()
    assert figure.locator("details.chart-data tbody tr").count() == 13
    assert not any("/assets/vega." in url for url in watched.requests)
    watched.check_clean()
    watched.close()


def test_on_a_phone_the_interactive_view_keeps_its_legend_and_a_tapped_points_tooltip_in_view(browser, server):
    watched = Watched(browser, server, viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    page = watched.open("/civilian-toll/")
    figure = page.locator("#chart-internal-displacement")
    figure.scroll_into_view_if_needed()
    page.wait_for_selector("#chart-internal-displacement.is-interactive", timeout=30_000)
    legend = figure.locator(".chart-view [aria-roledescription='legend'] text")
    assert legend.count() == 3
    for index in range(legend.count()):
        box = legend.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, legend.nth(index).text_content()
    labels = figure.locator(".chart-view [aria-label^='X-axis'] text")
    assert labels.count() >= 3 and all(labels.nth(i).text_content() for i in range(labels.count()))
    point = figure.locator(".chart-view g.mark-symbol.role-mark path").last
    point.scroll_into_view_if_needed()
    point.tap(force=True)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=5_000)
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] >= 0 and box["y"] + box["height"] <= 740
    watched.check_clean()
    watched.close()


def test_without_javascript_the_static_chart_follows_the_dark_scheme(browser, server):
    watched = Watched(browser, server, viewport={"width": 1000, "height": 740}, color_scheme="dark",
                      java_script_enabled=False)
    page = watched.open("/civilian-toll/")
    svg = page.locator("#chart-civilian-casualties .chart-svg-wide")
    svg.scroll_into_view_if_needed()
    fill = svg.locator("text").first.evaluate("t => getComputedStyle(t).fill")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in fill[fill.index("(") + 1:-1].split(",")[:3]]
    assert min(channels) > 180, f"axis text is light on the dark page: {fill} on {background}"
    halo = svg.locator("[class*='_halo_marks'] text").first.evaluate("t => getComputedStyle(t).stroke")
    assert halo == background, "label halos take the dark page's background"
    watched.check_clean()
    watched.close()


def test_the_keyboard_reaches_every_point_and_opens_its_tooltip_inside_a_phones_screen(browser, server):
    watched = Watched(browser, server, viewport={"width": 375, "height": 740})
    page = watched.open("/civilian-toll/")
    figure = page.locator("#chart-civilian-casualties")
    figure.scroll_into_view_if_needed()
    page.wait_for_selector("#chart-civilian-casualties.is-interactive", timeout=30_000)
    view, tooltip = figure.locator(".chart-view"), page.locator("#vg-tooltip-element.visible")
    page.evaluate("""v => {  // focus the last link before the chart: Tab from there reaches the chart
        const stops = [...document.querySelectorAll('a[href], summary, [tabindex="0"]')];
        stops[stops.indexOf(v) - 1].focus();
    }""", view.element_handle())
    page.keyboard.press("Tab")
    assert view.evaluate("v => v === document.activeElement"), "the interactive chart is one tab stop"
    assert view.evaluate("v => getComputedStyle(v).outlineStyle") == "solid", "its focus is visible"
    assert "arrow keys" in view.get_attribute("aria-label")
    tooltip.wait_for(timeout=5_000)
    first = figure.locator(".chart-spoken").text_content()
    assert "Full-scale invasion" in tooltip.inner_text() and "24 February 2022" in first, "leftmost: the event"
    page.keyboard.press("ArrowRight")
    assert "24 March 2022" in tooltip.inner_text(), "then the first figures"
    seen = {first, figure.locator(".chart-spoken").text_content()}
    for _ in range(38):  # 38 points and two event rules: the arrow keys visit each
        page.keyboard.press("ArrowRight")
        seen.add(figure.locator(".chart-spoken").text_content())
    assert len(seen) == 40
    page.keyboard.press("End")  # the last point, at the right edge, where a tooltip would leave the screen
    spoken = figure.locator(".chart-spoken").text_content()
    assert "31 January 2026" in spoken
    text, box = tooltip.inner_text(), tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] >= 0 and box["y"] + box["height"] <= 740
    ring = figure.locator(".chart-focus").bounding_box()
    point = figure.locator(f'.chart-view path[aria-label="{spoken}"]')
    centre = point.bounding_box()
    assert ring["x"] <= centre["x"] + centre["width"] / 2 <= ring["x"] + ring["width"], "the ring is round the point"
    page.set_viewport_size({"width": 340, "height": 740})  # the view redraws narrower: the ring follows its mark
    page.wait_for_function("""([ring, point]) => {
        const r = ring.getBoundingClientRect(), p = point.getBoundingClientRect(), x = p.x + p.width / 2;
        return p.right < 340 && r.x <= x && x <= r.right;
    }""", arg=[figure.locator(".chart-focus").element_handle(), point.element_handle()], timeout=10_000)
    page.set_viewport_size({"width": 375, "height": 740})
    page.keyboard.press("ArrowUp")
    assert figure.locator(".chart-spoken").text_content().startswith("Injured, 31 January 2026"), \
        "up goes to the other series on the same date"
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=5_000)
    page.mouse.click(5, 5)
    point.hover(force=True)  # the tooltip a pointer opens on that point says what the keyboard's said
    tooltip.wait_for(timeout=5_000)
    assert tooltip.inner_text() == text
    watched.check_clean()
    watched.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("javascript", [True, False], ids=["interactive", "static"])
def test_the_names_at_the_lines_ends_sit_inside_the_chart(browser, server, width, javascript):
    watched = Watched(browser, server, viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    page = watched.open("/civilian-toll/")
    figure = page.locator("#chart-civilian-casualties")
    figure.scroll_into_view_if_needed()
    if javascript:
        page.wait_for_selector("#chart-civilian-casualties.is-interactive", timeout=30_000)
    drawing = figure.locator(".chart-view svg" if javascript else ".chart-svg:visible").first
    frame = drawing.bounding_box()
    names = drawing.locator("[class*='_marks'] text[fill^='#']")  # text in a series' colour
    found = {names.nth(i).text_content(): names.nth(i).bounding_box() for i in range(names.count())}
    assert set(found) == {"Killed", "Injured"}
    assert drawing.locator("[aria-roledescription='legend']").count() == 0
    for name, box in found.items():  # measured by Chromium, in the font the reader sees
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"], name
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"], name
    watched.close()
