"""`build.py factsheet <slug>`: a copy-desk sheet of an article, for a second reader to check every fact.

Every key figure, every data point the article charts or prints, every claim and every source, each with
the form its source stated, its as-of date, what it counts, its status and where the text uses it. Printed,
or with `--html FILE` written as a page of its own outside public/ and the site's sources."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..errors import Problem, Problems
from ..model import SOURCE_FOLDERS
from ..numbers import format_date, format_figure, format_number

COLUMNS = ("figure", "as readers see it", "stated", "as of", "counts", "status", "source", "used")
SOURCE_COLUMNS = ("source", "what was read", "url", "accessed", "", "archive", "published", "")


@dataclass(frozen=True)
class Entry:
    """One line of the sheet."""

    figure: str
    shown: str
    stated: str
    as_of: str
    counts: str
    status: str
    source: str
    used: str

    def cells(self) -> tuple:
        return (self.figure, self.shown, self.stated, self.as_of, self.counts, self.status, self.source, self.used)


@dataclass(frozen=True)
class Sheet:
    """The sheet of one article: its figures, claims and sources."""

    title: str
    slug: str
    figures: list
    claims: list
    sources: list


def add_command(commands, add_build_options) -> None:
    """Register `factsheet` on the command line."""
    command = commands.add_parser("factsheet", help="list every figure, claim and source of an article for a "
                                                    "second reader")
    command.add_argument("slug", help="the article, e.g. battle-for-sievierodonetsk")
    command.add_argument("--html", type=Path, metavar="FILE", help="also write the sheet as a page, outside public/")
    command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    command.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    command.set_defaults(handler=run_factsheet)


def run_factsheet(args) -> int:
    """Print the sheet (and write it as HTML); 1, with every problem, if it cannot be made."""
    sheet, problems = make_sheet(args.root, args.slug)
    if sheet and args.html and (refused := refuse_path(args.root, args.html)):
        problems.append(refused)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(sheet_text(sheet), end="")
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(sheet_html(sheet), encoding="utf-8")  # refuse_path keeps it out of the site
        print(f"Wrote {args.html}")
    return 0


def refuse_path(root: Path, target: Path) -> Problem | None:
    """A sheet is written beside the site, never into what it publishes or reads."""
    from ..content.config import load_site

    site = load_site(root, Problems(root=root))
    path = (target if target.is_absolute() else Path.cwd() / target).resolve()
    for folder, what in [(site.out, "public/, which the build publishes"),
                         *((root / name, f"{name}/, which the build reads") for name in SOURCE_FOLDERS)]:
        if path.is_relative_to(folder.resolve()):
            return Problem(str(target), 1, f"--html would write inside {what}: write the sheet elsewhere, "
                                           "e.g. --html factsheet.html")
    return None


def make_sheet(root: Path, slug: str) -> tuple[Sheet | None, list[Problem]]:
    """The sheet of an article, or the problems that stop it (the content must be valid)."""
    from ..content.collect import collect_content
    from ..content.config import load_site
    from ..content.validate import validate_content

    problems = Problems(root=root)
    site = load_site(root, problems)
    content = validate_content(site, collect_content(site, problems), problems)
    if problems:
        return None, sorted(problems.found)
    article = next((a for a in content.articles if a.slug == slug), None)
    if article is None:
        known = ", ".join(sorted(a.slug for a in content.articles)) or "none"
        return None, [Problem(f"content/articles/{slug}.yaml", 1, f"no article '{slug}'; the articles are: {known}")]
    return sheet_of(article, content), []


def text_uses(article) -> dict:
    """Where the text prints each figure: {('fig', id) or ('data', ref): ['text line 7', ...]}."""
    from ..content.counts import text_blocks
    from ..render.markdown import parse_markdown

    used: dict = {}
    for line, roles in text_blocks(parse_markdown(article.body or "")):
        for name, ref in roles:
            places = used.setdefault((name, ref), [])
            if f"text line {line}" not in places:
                places.append(f"text line {line}")
    return used


def stated_status(stated: str | None) -> str:
    """A figure's status on the sheet: validation has already checked any stated form against its value."""
    return "agrees with stated" if stated else "no stated form: check against the source"


def sheet_of(article, content) -> Sheet:
    """Every figure, claim and source of an article."""
    used = text_uses(article)
    sources: list = []
    figures = []
    for fig in article.key_figures:
        by = f", by {fig.by}" if fig.by else ""
        figures.append(Entry(f"key figure {fig.id}", format_figure(fig.value, fig.qualifier, fig.unit),
                             fig.stated or "", format_date(fig.as_of), fig.counts or "", stated_status(fig.stated),
                             fig.source + by, "; ".join(["key figures box", *used.get(("fig", fig.id), [])])))
        sources.append(fig.source)
    charted = {}
    for chart in article.charts:
        for ident in chart.data:
            charted.setdefault(ident, []).append(f"chart {chart.id}")
    printed = {ref.split("/")[0] for name, ref in used if name == "data"}
    for ident in [*charted, *sorted(printed - set(charted))]:
        dataset = content.datasets.get(ident)
        for point in dataset.points if dataset else ():
            for series, value in point.values.items():
                ref = f"{ident}/{series}/{point.date.isoformat()}"
                places = [*charted.get(ident, []), *used.get(("data", ref), [])]
                if not places:
                    continue
                by = f", by {point.by}" if point.by else ""
                figures.append(Entry(f"data {ref}", format_number(value), point.stated or "",
                                     format_date(point.date), dataset.counts or "", stated_status(point.stated),
                                     point.source + by, "; ".join(places)))
                sources.append(point.source)
    claims = []
    for number, claim in enumerate(article.claims, 1):
        claims.append(Entry(f"claim {number}: {claim.by}", claim.claim, claim.stated or "", format_date(claim.date),
                            "", claim.status, claim.source, "claims section"))
        sources.append(claim.source)
    sources += list(article.sources)
    return Sheet(article.title, article.slug, figures, claims,
                 [source_entry(content.sources[ident]) for ident in dict.fromkeys(sources) if ident in content.sources])


def source_entry(source) -> Entry:
    """A source as the sheet lists it: who, what was read, where, and its archive copy or why none."""
    via = f", via {source.via}" if source.via else ""
    archive = source.archived or (f"none: {source.not_archived}" if source.not_archived else "none, no reason given")
    return Entry(f"source {source.id}", f"{source.publisher}{via}: {source.title}", source.url,
                 format_date(source.accessed), "", archive, format_date(source.published) if source.published else "",
                 "")


def sections(sheet: Sheet) -> tuple:
    """(heading, column names, entries) of each part of the sheet."""
    return (("Figures", COLUMNS, sheet.figures), ("Claims", COLUMNS, sheet.claims),
            ("Sources", SOURCE_COLUMNS, sheet.sources))


def sheet_text(sheet: Sheet) -> str:
    """The sheet as plain text, one block per entry."""
    out = [f"Factsheet: {sheet.title} ({sheet.slug})", ""]
    for heading, names, entries in sections(sheet):
        out += [f"{heading} ({len(entries)})", ""]
        for entry in entries:
            out.append(f"- {entry.figure}: {entry.shown}")
            for name, cell in zip(names[2:], entry.cells()[2:]):
                if cell and name:
                    out.append(f"    {name}: {cell}")
        out.append("")
    return "\n".join(out)


def sheet_html(sheet: Sheet) -> str:
    """The sheet as a page of its own: tables, no script, nothing fetched from anywhere."""
    parts = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>Factsheet: {escape(sheet.title)}</title>\n"
             "<style>body{font:15px/1.4 system-ui,sans-serif;margin:1rem}.wide{overflow-x:auto}"
             "table{border-collapse:collapse;width:100%;min-width:60rem}"
             "th,td{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}"
             "th{background:#eee}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}"
             "th{background:#333}}</style>\n</head>\n<body>\n",
             f"<h1>Factsheet: {escape(sheet.title)}</h1>\n<p>{escape(sheet.slug)}</p>\n"]
    for heading, names, entries in sections(sheet):
        keep = [i for i, name in enumerate(names) if name]
        parts.append(f"<h2>{heading} ({len(entries)})</h2>\n<div class=\"wide\">\n<table>\n<tr>"
                     + "".join(f'<th scope="col">{escape(names[i])}</th>' for i in keep) + "</tr>\n")
        for entry in entries:
            parts.append("<tr>" + "".join(f"<td>{escape(entry.cells()[i])}</td>" for i in keep) + "</tr>\n")
        parts.append("</table>\n</div>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
