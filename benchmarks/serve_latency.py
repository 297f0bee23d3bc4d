#!/usr/bin/env python3
"""Edit-to-screen latency of `build.py serve`: save an article, time until its new text is in the open page.

Runs a real `serve` on a copy of the site (the repository's own by default) and a real Chromium. For each
edit the clock starts just before the file is written and stops when a MutationObserver, installed in every
document the tab loads, first finds the edit's token in the page (the page's own clock, so Playwright's
polling adds nothing). Between edits it waits a random 0-0.5 s, so some edits land while the new page is
still connecting its reload socket: the race a preview must not lose.

Stale: an edit whose text never reached the page (10 s), or a final page, 1.5 s after the last edit, that
does not show exactly the last edit.

    .venv/bin/python benchmarks/serve_latency.py [--edits 20] [--site PATH] [--article SLUG]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import ServeProcess  # noqa: E402

OBSERVER = """(() => {
  const token = sessionStorage.getItem('probe-token');
  if (!token) return;
  const check = () => {
    if (!window.probeSeenAt && document.body && document.body.textContent.includes(token)) {
      window.probeSeenAt = performance.timeOrigin + performance.now();
      window.probeToken = token;
      window.probeNavAt = performance.timeOrigin;
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener('DOMContentLoaded', check);
})();"""


def copy_site(source: Path, into: Path) -> Path:
    """The three source folders of a site, copied so that the benchmark never edits the real one."""
    root = into / "site-root"
    for name in ("content", "templates", "site"):
        shutil.copytree(source / name, root / name)
    return root


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def run(site: Path, article: str | None, edits: int) -> int:
    """Serve a copy of `site`, make `edits` edits, print p50, p95 and the stale count."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as temp:
        root = copy_site(site, Path(temp))
        slug = article or sorted(root.glob("content/articles/*.md"))[0].stem
        markdown = root / "content" / "articles" / f"{slug}.md"
        original = markdown.read_text(encoding="utf-8")
        server = ServeProcess(root)
        latencies, loads, stale, token = [], [], 0, ""
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                page = browser.new_page()
                page.add_init_script(OBSERVER)
                page.goto(server.url + f"{slug}/")
                for number in range(1, edits + 1):
                    token = f"Latency probe {number} {rng.randrange(10**9)}"
                    page.evaluate("t => sessionStorage.setItem('probe-token', t)", token)
                    started = time.time() * 1000
                    markdown.write_text(original + f"\n{token}.\n", encoding="utf-8")
                    try:
                        page.wait_for_function("t => window.probeToken === t", arg=token, timeout=10_000)
                        seen, navigated = page.evaluate("() => [window.probeSeenAt, window.probeNavAt]")
                        latencies.append(seen - started)
                        loads.append(seen - navigated)
                    except PlaywrightTimeout:
                        stale += 1
                    time.sleep(rng.uniform(0, 0.5))
                time.sleep(1.5)
                final = page.evaluate("() => document.body.textContent")
                if token not in final or len(re.findall(r"Latency probe \d+", final)) != 1:
                    stale += 1
                browser.close()
        finally:
            server.stop()
    report(latencies, loads, stale, server, slug)
    return 0 if stale == 0 else 1


def report(latencies: list[float], loads: list[float], stale: int, server: ServeProcess, slug: str) -> None:
    """The numbers, and what the server did meanwhile."""
    builds = [float(m) for line in server.lines["out"] if line.startswith("Rebuilt")
              for m in re.findall(r" in ([\d.]+) s ", line)]
    print(f"article: {slug}; load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if latencies:
        print(f"edit -> new text in the page, {len(latencies)} edits: p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms")
        print(f"of which the reload itself (navigation start -> text in the page): "
              f"p50 {statistics.median(loads):.0f} ms")
    if builds:
        print(f"server: {len(builds)} rebuilds, median rebuild {statistics.median(builds) * 1000:.0f} ms")
    print(f"stale: {stale}")


def main() -> int:
    """Parse the options and run."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--edits", type=int, default=20)
    options.add_argument("--site", type=Path, default=ROOT, help="a folder with content/, templates/ and site/")
    options.add_argument("--article", help="slug of the article to edit (default: the first)")
    args = options.parse_args()
    return run(args.site.resolve(), args.article, args.edits)


if __name__ == "__main__":
    sys.exit(main())
