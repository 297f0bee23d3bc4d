#!/usr/bin/env python3
"""`make audit`: build the site into a temporary folder, serve it on loopback and hold it to the checkers
the web trusts: axe-core, the Nu HTML Checker, Lighthouse, and a watch on every request and console line.
Exits 1 naming the page and rule of every failure."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audit.browser import CONFIGS, check_pages  # noqa: E402
from audit.lighthouse import check_with_lighthouse  # noqa: E402
from audit.pages import Page, discover_pages, first_of_kind  # noqa: E402
from audit.report import Report  # noqa: E402
from audit.serve import serve_site  # noqa: E402
from audit.tools import ROOT, Tools, find_tools  # noqa: E402
from audit.vnu import finish_vnu, start_vnu  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """--root (the site's repository), --site (an already built folder), --no-lighthouse."""
    parser = argparse.ArgumentParser(prog="run_audit.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to build (default: this one)")
    parser.add_argument("--site", type=Path, help="audit this built folder instead of building")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (quicker, for tests)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every check; print failures, warnings, scores and timings; 0 when all pass, else 1."""
    args = parse_args(argv)
    started = time.perf_counter()
    tools = find_tools()
    missing = tools.missing()
    if missing:
        print("audit: cannot run:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1
    report = Report()
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = args.site.resolve() if args.site else build_site(args.root.resolve(), Path(tmp) / "site", report)
        if site is None:
            return 1
        audit_site(tools, site, report, lighthouse=not args.no_lighthouse)
    print(report.render(time.perf_counter() - started))
    return 1 if report.failures else 0


def build_site(root: Path, out: Path, report: Report) -> Path | None:
    """Build the site with the project's own pipeline; None (problems printed) when the build fails."""
    from explainer.errors import BuildError
    from explainer.pipeline.build import build

    try:
        with report.timed("build"):
            result = build(root, out=out)
    except BuildError as err:
        print("\n".join(str(p) for p in err.problems), file=sys.stderr)
        print("audit: the site does not build; fix the problems above first", file=sys.stderr)
        return None
    print(f"audit: {result.summary()}", flush=True)
    return out


def audit_site(tools: Tools, site: Path, report: Report, *, lighthouse: bool) -> None:
    """Serve `site` and run every checker against it."""
    pages = discover_pages(site)
    kinds = sorted({p.kind for p in pages})
    report.note(f"Pages: {len(pages)} ({', '.join(f'{k} {sum(p.kind == k for p in pages)}' for k in kinds)})")
    with serve_site(site) as base_url:
        # The HTML checker runs on Java beside the browser; Lighthouse runs last, alone, as it times things.
        vnu = start_vnu(tools, base_url, pages)
        print(f"audit: axe-core, requests and console on {len(pages)} pages x {len(CONFIGS)} views", flush=True)
        with report.timed("axe + requests + console", f"{len(pages) * len(CONFIGS)} page loads"):
            check_pages(tools, base_url, pages, report)
        finish_vnu(vnu, report)
        if lighthouse:
            for page in lighthouse_pages(pages, site):
                print(f"audit: Lighthouse on {page.name}", flush=True)
                with report.timed(f"Lighthouse {page.name}"):
                    check_with_lighthouse(tools, page.name, base_url + page.url_path, report)


def lighthouse_pages(pages: list[Page], site: Path) -> list[Page]:
    """The home page, the first article and the heaviest article (the most bytes of HTML: its charts are
    inline), where the site has them; and the first article of each other language's edition (/uk/)."""
    home = first_of_kind(pages, "home")
    articles = [p for p in pages if p.kind == "article" and (home is None or p.lang == home.lang)]
    heaviest = max(articles, key=lambda p: (site / p.file).stat().st_size, default=None)
    others = sorted({p.lang for p in pages if p.lang and home is not None and p.lang != home.lang})
    chosen = [home, first_of_kind(pages, "article"), heaviest] + [first_of_kind(pages, "article", lang)
                                                                   for lang in others]
    return [p for index, p in enumerate(chosen) if p and p not in chosen[:index]]


if __name__ == "__main__":
    sys.exit(main())
