#!/usr/bin/env python3
"""Edit-to-screen latency of `build.py serve`: save an article, time until its new text is painted in the page.

Runs a real `serve` on a copy of the site (the repository's own by default, or with --corpus N the generated
text corpus of text_corpus.py) and a real Chromium. For each edit the clock starts just before the file is
written and stops at the first animation frame after a MutationObserver, installed in every document the
tab loads, finds the edit's token in the page: the frame that paints it, on the page's own clock, so that
Playwright's polling adds nothing. Whether the page was reloaded whole or had its body replaced, the text
counts only once it is in the page the reader sees. Between edits it waits a random 0-0.5 s, so some edits
land while the new page is still connecting its reload socket: the race a preview must not lose.

Stale: an edit whose text never reached the page (10 s), or a final page, 1.5 s after the last edit, that
does not show exactly the last edit.

The server runs with EXPLAINER_PREVIEW_TRACE=1, so the report also says where the time goes: the median
time from the save to each step (notified, rebuild started and done, reload sent, page asked and sent,
navigation, text in the DOM, text painted).

    .venv/bin/python benchmarks/serve_latency.py [--edits 20] [--site PATH | --corpus 1000] [--article SLUG]
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
  const check = () => {
    const token = sessionStorage.getItem('probe-token');
    if (!token || window.probeFound === token || !document.body || !document.body.textContent.includes(token)) return;
    window.probeFound = token;
    const inDom = performance.timeOrigin + performance.now();
    // Visible: the frame that paints the new text (no frame is painted while a stylesheet still blocks).
    requestAnimationFrame(() => {
      window.probeSeenAt = performance.timeOrigin + performance.now();
      window.probeInDomAt = inDom;
      window.probeNavAt = performance.timeOrigin;
      window.probeToken = token;
    });
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener('DOMContentLoaded', check);
})();"""


def corpus_site(articles: int, into: Path) -> Path:
    """The generated text corpus (the one --vs-hugo and scale.py use), in this generator's layout."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from text_corpus import write_text_corpus

    return write_text_corpus(into / "corpus", articles)[0]


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


def run(site: Path | None, article: str | None, edits: int, corpus: int = 0) -> int:
    """Serve a copy of `site` (or a corpus of `corpus` articles), make `edits` edits, print p50, p95 and the
    stale count."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as temp:
        root = corpus_site(corpus, Path(temp)) if corpus else copy_site(site, Path(temp))
        slug = article or sorted(root.glob("content/articles/*.md"))[0].stem
        markdown = root / "content" / "articles" / f"{slug}.md"
        original = markdown.read_text(encoding="utf-8")
        os.environ["EXPLAINER_PREVIEW_TRACE"] = "1"  # the server logs when each step of an edit happened
        server = ServeProcess(root)
        latencies, loads, stale, token, timelines = [], [], 0, "", []
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
                        seen, in_dom, navigated = page.evaluate(
                            "() => [window.probeSeenAt, window.probeInDomAt, window.probeNavAt]")
                        latencies.append(seen - started)
                        if navigated > started:  # a whole-page reload, not the body replaced in place
                            loads.append(seen - navigated)
                        timelines.append((started, navigated, in_dom, seen))
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
    report_steps(timelines, server)
    return 0 if stale == 0 else 1


def report(latencies: list[float], loads: list[float], stale: int, server: ServeProcess, slug: str) -> None:
    """The numbers, and what the server did meanwhile."""
    builds = [float(m) for line in server.lines["out"] if line.startswith("Rebuilt")
              for m in re.findall(r" in ([\d.]+) s ", line)]
    print(f"article: {slug}; load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if latencies:
        print(f"edit -> new text in the page, {len(latencies)} edits: p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms")
    print(f"{len(latencies) - len(loads)} edits replaced the body in place, {len(loads)} reloaded the whole page")
    if loads:
        print(f"of which the whole-page reload itself (navigation start -> text painted): "
              f"p50 {statistics.median(loads):.0f} ms")
    if builds:
        print(f"server: {len(builds)} rebuilds, median rebuild {statistics.median(builds) * 1000:.0f} ms")
    print(f"stale: {stale}")


STEPS = ("notified", "rebuild-start", "rebuild-done", "reload-sent", "page-asked", "page-sent")


def report_steps(timelines: list[tuple[float, float, float, float]], server: ServeProcess) -> None:
    """Where the time of an edit goes: the median time from the save to each step, server steps from the
    server's trace lines (the first of each after the step before it), browser steps from the page's clock."""
    events = [(line.split()[1], float(line.split()[2])) for line in server.lines["err"] if line.startswith("trace ")]
    offsets: dict[str, list[float]] = {step: [] for step in (*STEPS, "navigation", "text in DOM", "text painted")}
    for started, navigated, in_dom, seen in timelines:
        at = started
        for step in STEPS:
            found = next((when for name, when in events if name == step and at <= when <= seen), None)
            if found is not None:  # (no "notified" when polling)
                offsets[step].append(found - started)
                at = found
        if navigated > started:
            offsets["navigation"].append(navigated - started)
        offsets["text in DOM"].append(in_dom - started)
        offsets["text painted"].append(seen - started)
    print("median time from the save to each step (ms):")
    for step, values in offsets.items():
        if values:
            print(f"  {step:<14} {statistics.median(values):6.0f}  ({len(values)} edits)")


def main() -> int:
    """Parse the options and run."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--edits", type=int, default=20)
    options.add_argument("--site", type=Path, default=ROOT, help="a folder with content/, templates/ and site/")
    options.add_argument("--corpus", type=int, default=0, metavar="N",
                         help="serve the generated text corpus of N articles instead of --site")
    options.add_argument("--article", help="slug of the article to edit (default: the first)")
    args = options.parse_args()
    return run(args.site.resolve(), args.article, args.edits, args.corpus)


if __name__ == "__main__":
    sys.exit(main())
