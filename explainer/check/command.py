"""`build.py check`: validate the content and the built site without touching public/.

The site is built twice into a temporary folder: as it would be published (so every TODO is named) and as
a preview with drafts (so a draft's own mistakes show up before anyone publishes it). Every problem is
printed at once, as `path:line: message` on stderr like the build's; under GitHub Actions each is also a
workflow annotation (on stdout, where the runner reads them) on the pull request's diff."""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from ..errors import BuildError, Problem
from .links import check_links
from .revisions import check_revisions

# Checks of the built site, each with what it shows when it passes. A check is called as
# check(folder, base_path, origin=..., origins=...) and returns Problems whose paths are relative to the
# folder; origin is 'https://host' when known, origins maps a built file to the source that made it.
SITE_CHECKS: tuple = (
    (check_links, "every link, anchor, image, stylesheet and script resolves"),
)


def add_command(commands, add_build_options) -> None:
    """Register `check` on the command line."""
    command = commands.add_parser("check", help="validate content and the built site; public/ is not touched")
    command.add_argument("--base-url", help="URL or path the site is served under (default: site.yaml)")
    command.add_argument("--drafts", action="store_true", help="check only the preview, drafts included")
    command.add_argument("--base", nargs="?", const="", default=None, metavar="REF",
                         help="also fail for a figure changed since REF (default: main's upstream, else main) in a "
                              "published article without an update or correction entry dated on or after the change")
    command.add_argument("--debug", action="store_true", help="show a traceback when something goes wrong")
    command.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    command.set_defaults(handler=run_check)


def run_check(args) -> int:
    """Print every problem (and annotations under GitHub Actions); 1 if there are any."""
    modes = (True,) if args.drafts else (False, True)
    found = [check_build(args.root, args.base_url, drafts) for drafts in modes]
    found.append(check_facts(args.root))
    if args.base is not None:
        found.append(check_revisions(args.root, args.base or None))
    problems = sorted({p for problems, _ in found for p in problems}, key=lambda p: (p.path, p.line, p.message))
    warnings = sorted({p for _, warnings in found for p in warnings}, key=lambda p: (p.path, p.line, p.message))
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for warning in warnings:
            print(annotation(warning, args.root, "warning"))
        for problem in problems:
            print(annotation(problem, args.root))
    if problems:
        print(f"Check failed: {len(problems)} problem{'s' if len(problems) != 1 else ''}.", file=sys.stderr)
        return 1
    if warnings and getattr(args, "strict", False):
        print(f"Check failed: {len(warnings)} warning{'s' if len(warnings) != 1 else ''} and --strict.", file=sys.stderr)
        return 1
    built = "with drafts" if args.drafts else "as published and as a preview with drafts"
    print("; ".join([f"Check passed: the content is valid and the site builds {built}",
                     *(shows for _check, shows in SITE_CHECKS)]) + ".")
    return 0


def check_build(root: Path, base_url: str | None, drafts: bool) -> tuple[list[Problem], list[Problem]]:
    """Build into a temporary folder, then run the site checks on what was built: (problems, warnings)."""
    from ..pipeline.build import build  # imported here so that `new` and `import` start quickly

    with tempfile.TemporaryDirectory(prefix="explainer-check-") as folder:
        out = Path(folder) / "public"
        try:
            result = build(root, out=out, base_url=base_url, drafts=drafts)
        except BuildError as err:
            return list(err.problems), []
        return [relocate(problem, out) for check, _shows in SITE_CHECKS
                for problem in check(out, result.urls.base_path, origin=result.urls.origin,
                                     origins=result.origins)], list(result.warnings)


def check_facts(root: Path) -> tuple[list[Problem], list[Problem]]:
    """What `check` asks of the content beyond what the build needs: every dataset and key figure says what
    it counts, every figure gives the form its source stated, every source has an archive copy or says why
    not: (problems, warnings)."""
    from ..content.collect import collect_content
    from ..content.config import load_site
    from ..content.counts import counts_warnings
    from ..content.facts import archive_warnings, stated_warnings
    from ..content.translations import translation_warnings
    from ..content.validate import validate_content
    from ..errors import Problems

    problems = Problems(root=root)
    site = load_site(root, problems)
    found = collect_content(site, problems)
    content = validate_content(site, found, problems)
    if problems:
        return [], []  # the builds above have reported them
    facts = Problems(root=root)
    counts_warnings(content, facts)
    stated_warnings(content, facts)
    if found.sources is not None:
        archive_warnings(found.sources, content.sources, facts)
    contact_warnings(site, facts)
    translation_warnings(content, facts)
    return list(facts.found), list(facts.warnings)


# Domains kept for examples and tests (RFC 2606 and 6761): mail sent there reaches nobody.
PLACEHOLDER = re.compile(r"(^|[@.])(example\.(com|net|org)|[^.@\s]+\.(example|invalid|test|localhost))$", re.I)


def contact_warnings(site, facts) -> None:
    """Every page shows `contact`: an address at a domain reserved for examples is a placeholder to replace
    before publishing."""
    if site.contact and PLACEHOLDER.search(site.contact.strip().rstrip(">").removeprefix("mailto:")):
        path = site.root / "site" / "site.yaml"
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            line = next((n for n, text in enumerate(lines, 1) if text.startswith("contact:")), 1)
        except (OSError, UnicodeError):
            line = 1
        facts.warn(path, line, f"contact '{site.contact}' is a placeholder (its domain is reserved for examples "
                               "and reaches nobody): give the desk's real address before publishing")


def relocate(problem: Problem, out: Path) -> Problem:
    """A problem in the temporary build names the file as it would be in public/."""
    path = Path(problem.path)
    if path.is_absolute():
        path = path.resolve().relative_to(out.resolve())
    return Problem(f"public/{path.as_posix()}", problem.line, problem.message)


def annotation(problem: Problem, root: Path, level: str = "error") -> str:
    """A GitHub workflow command that marks the problem on its file and line (built files are not in the
    repository, so a problem in one is a note on the run rather than on a line)."""
    if not problem.path.startswith("public/") and (root / problem.path).is_file():
        return (f"::{level} file={escape_property(problem.path)},line={problem.line}::"
                f"{escape_data(problem.message)}")
    return f"::{level}::{escape_data(str(problem))}"


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF percent-encoded (GitHub's toolkit rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and ':' and ',' too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
