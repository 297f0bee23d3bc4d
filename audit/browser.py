"""Every page in Debian's Chromium at phone and desktop widths, light and dark: axe-core's WCAG 2.1 A/AA
rules, every request the page makes (none may leave the site), console errors and CSP violations."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from .pages import Page
from .report import Finding, Report
from .tools import Tools


@dataclass(frozen=True)
class Config:
    """A viewport and colour scheme a reader might bring."""

    device: str
    width: int
    height: int
    scheme: str

    @property
    def label(self) -> str:
        """'phone dark'."""
        return f"{self.device} {self.scheme}"

    def context_options(self) -> dict:
        """Playwright context options; the phone is a touch device that honours the viewport meta tag."""
        phone = self.device == "phone"
        return {"viewport": {"width": self.width, "height": self.height}, "color_scheme": self.scheme,
                "is_mobile": phone, "has_touch": phone}


CONFIGS = tuple(Config(device, w, h, scheme) for device, w, h in (("phone", 375, 800), ("desktop", 1280, 900))
                for scheme in ("light", "dark"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const shape = (v) => ({id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' '))});
  return {violations: result.violations.map(shape), incomplete: result.incomplete.map(shape)};
}"""
# Collects CSP violations from the first moment of each document, with what was blocked and where.
CSP_LISTENER = """window.__auditCsp = [];
window.addEventListener('securitypolicyviolation', (e) => window.__auditCsp.push({
  directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
  source: e.sourceFile, line: e.lineNumber}), true);"""
# Scrolls to the bottom a screen at a time (with some overlap), letting each step render, so anything loaded lazily
# (an IntersectionObserver, a chart that fetches its script when seen) starts its requests.
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let y = 0, steps = 0; y < document.documentElement.scrollHeight && steps < 400; y += innerHeight * 0.8, steps++) {
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, document.documentElement.scrollHeight);
  await frame();
}"""
# Closed <details> hide their content from axe; open them so the data tables inside are checked too.
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
NOT_FOUND_CONSOLE = "the server responded with a status of 404"
QUIET_MS, QUIET_LIMIT_MS = 500, 15000


@dataclass
class Visit:
    """What one page did while it loaded and was scrolled through."""

    requests: list = field(default_factory=list)  # every URL requested
    in_flight: set = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)
    bad_responses: list = field(default_factory=list)  # (url, status)
    failed: list = field(default_factory=list)  # (url, error)
    console_errors: list = field(default_factory=list)  # (text, url)
    page_errors: list = field(default_factory=list)


def is_external(url: str, origin: str) -> bool:
    """True for a network URL on another host or port than the site's; data:, blob: and about: stay local."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss", "ftp") and origin_of(url) != origin


def origin_of(url: str) -> str:
    """'http://127.0.0.1:8123/x/' -> 'http://127.0.0.1:8123'."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_pages(tools: Tools, base_url: str, pages: list[Page], report: Report) -> int:
    """Visit every page in every configuration; record findings. Returns how many visits were made."""
    origin = origin_of(base_url)
    visits = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(tools.chromium), args=["--no-sandbox"])
        try:
            for config in CONFIGS:
                context = browser.new_context(**config.context_options())
                # axe goes in as an init script: Chromium adds those through DevTools, outside the page's
                # CSP, so the pages' real policy stays on for this run (no bypass_csp) and is tested too.
                context.add_init_script(path=str(tools.axe))
                context.add_init_script(script=CSP_LISTENER)
                # Nothing may leave this machine, even if a page tries: record and refuse other hosts.
                context.route(lambda url: is_external(url, origin), lambda route: route.abort("blockedbyclient"))
                for page in pages:
                    visit_page(context, base_url, page, config, origin, report)
                    visits += 1
                context.close()
        finally:
            browser.close()
    return visits


def visit_page(context, base_url: str, page: Page, config: Config, origin: str, report: Report) -> None:
    """Load, scroll through, run axe, then report what the page requested, logged and violated."""
    tab = context.new_page()
    visit = Visit()
    watch(tab, visit)
    url = base_url + page.url_path
    try:
        tab.goto(url, wait_until="load", timeout=30000)
        tab.evaluate(SCROLL_THROUGH)
        wait_until_quiet(tab, visit)
        tab.evaluate(OPEN_DETAILS)
        axe = tab.evaluate(RUN_AXE, AXE_TAGS)
        csp = tab.evaluate("() => window.__auditCsp || []")
    except PlaywrightError as err:
        report.fail(Finding(page.name, "browser", "page-error", str(err).splitlines()[0]), config.label)
        tab.close()
        return
    tab.close()
    record_axe(page, axe, config, report)
    record_traffic(page, url, visit, csp, config, origin, report)


def watch(tab, visit: Visit) -> None:
    """Listen to every request, response, failure, console message and uncaught error of a tab."""
    def started(request):
        visit.requests.append(request.url)
        visit.in_flight.add(request)
        visit.last_activity = time.monotonic()

    def ended(request):
        visit.in_flight.discard(request)
        visit.last_activity = time.monotonic()

    def failed(request):
        ended(request)
        visit.failed.append((request.url, request.failure or "failed"))

    tab.on("request", started)
    tab.on("requestfinished", ended)
    tab.on("requestfailed", failed)
    tab.on("response", lambda r: r.status >= 400 and visit.bad_responses.append((r.url, r.status)))
    tab.on("console", lambda m: m.type == "error" and visit.console_errors.append((m.text, m.location.get("url", ""))))
    tab.on("pageerror", lambda err: visit.page_errors.append(str(err)))
    tab.on("websocket", lambda socket: visit.requests.append(socket.url))  # not a request event


def wait_until_quiet(tab, visit: Visit) -> None:
    """Wait until no request has been in flight for half a second (lazy scripts have loaded), or 15 s."""
    deadline = time.monotonic() + QUIET_LIMIT_MS / 1000
    while time.monotonic() < deadline:
        if not visit.in_flight and time.monotonic() - visit.last_activity >= QUIET_MS / 1000:
            return
        tab.wait_for_timeout(100)


def record_axe(page: Page, axe: dict, config: Config, report: Report) -> None:
    """Each axe violation fails, naming the rule and the elements; 'needs review' results are warnings."""
    for violation in axe["violations"]:
        report.fail(Finding(page.name, "axe", violation["id"], describe(violation)), config.label)
    for result in axe["incomplete"]:
        report.warn(Finding(page.name, "axe", result["id"], "needs review: " + describe(result)), config.label)


def describe(result: dict) -> str:
    """'Images must have alternative text: img, p > img (and 3 more)'."""
    targets = result["targets"]
    more = f" (and {len(targets) - 3} more)" if len(targets) > 3 else ""
    return f"{result['help']}: {', '.join(targets[:3])}{more}"


def record_traffic(page: Page, url: str, visit: Visit, csp: list, config: Config, origin: str,
                   report: Report) -> None:
    """Requests to other hosts, broken resources, console errors and CSP violations, each a failure."""
    fail = lambda check, rule, detail: report.fail(Finding(page.name, check, rule, detail), config.label)  # noqa: E731
    blocked_urls = {v.get("blocked") or "" for v in csp}
    for requested in dict.fromkeys([*visit.requests, *sorted(blocked_urls)]):
        if is_external(requested, origin):
            note = " (blocked by CSP)" if requested in blocked_urls else ""
            fail("network", "external-request", f"requested {requested}{note}")
    for violation in csp:
        blocked = violation.get("blocked") or ""
        fail("csp", violation.get("directive") or "violation", f"blocked {blocked or 'inline code'}"
             + (f" from {violation['source']}:{violation['line']}" if violation.get("source") else ""))
    expected_404 = page.kind == "not-found"
    for bad_url, status in visit.bad_responses:
        if not (expected_404 and bad_url == url and status == 404):
            fail("network", "broken-resource", f"{bad_url} answered {status}")
    for failed_url, error in visit.failed:
        if not is_external(failed_url, origin):
            fail("network", "request-failed", f"{failed_url}: {error}")
    for text, where in visit.console_errors:
        if expected_404 and where == url and NOT_FOUND_CONSOLE in text:
            continue  # Chromium logs the 404 page's own status; the 404 is the point of that page
        if csp and "Content Security Policy" in text:
            continue  # already reported, with more detail, from the violation event
        fail("console", "error", text.splitlines()[0][:300])
    for error in visit.page_errors:
        fail("console", "uncaught-exception", error.splitlines()[0][:300])
