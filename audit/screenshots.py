#!/usr/bin/env python3
"""`make screenshots`: the home page and an article at phone and desktop widths, light and dark, as PNGs in
docs/screenshots/ (shown in the README). --full-page captures whole pages, for reviewing the design."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from audit.browser import CONFIGS  # noqa: E402
from audit.pages import discover_pages, first_of_kind  # noqa: E402
from audit.serve import serve_site  # noqa: E402
from audit.tools import ROOT, find_tools  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """--out (folder), --page (URL path of the page), --full-page."""
    parser = argparse.ArgumentParser(prog="screenshots.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to build (default: this one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="where the PNGs go")
    parser.add_argument("--page", help="URL path to capture, e.g. civilian-toll/ (default: the first article and home)")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not the first screen")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build the site, serve it and write one PNG per viewport and colour scheme."""
    from explainer.errors import BuildError
    from explainer.pipeline.build import build

    args = parse_args(argv)
    chromium = find_tools().chromium
    if not chromium.is_file():
        print(f"screenshots: {chromium} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        site = Path(tmp) / "site"
        try:
            build(args.root.resolve(), out=site)
        except BuildError as err:
            print("\n".join(str(p) for p in err.problems), file=sys.stderr)
            return 1
        article = first_of_kind(discover_pages(site), "article")
        if args.page is not None:
            targets = {"article": args.page}
        else:
            targets = {"article": article.url_path if article else "", "home": ""}
        with serve_site(site) as base_url:
            written = [file for name, path in targets.items()
                       for file in capture(chromium, base_url + path, args.out, args.full_page, name)]
    for file in written:
        print(f"screenshots: wrote {file}")
    return 0


def capture(chromium: Path, url: str, out: Path, full_page: bool, name: str = "article") -> list[Path]:
    """One PNG per configuration, named <name>-<device>-<scheme>.png."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        for config in CONFIGS:
            context = browser.new_context(**config.context_options())
            tab = context.new_page()
            tab.goto(url, wait_until="networkidle")
            file = out / f"{name}-{config.device}-{config.scheme}.png"
            tab.screenshot(path=str(file), full_page=full_page, animations="disabled")
            written.append(file)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    sys.exit(main())
