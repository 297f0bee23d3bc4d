"""`build.py import REPORT.txt`: turn a plain-text news report into a draft article to rewrite.

The draft keeps the report's paragraphs and quotations, leaves out promotional lines, lists every number
as a key-figure candidate with its sentence, and marks what an editor must do with TODO, so that it can
be previewed but never published as it is."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

from ..content.sourcefile import SourceError, read_text
from ..errors import Problem
from .figures import Figure, find_figures
from .new import choose_slug, metadata_yaml, write_draft, yaml_word
from .wiretext import Report, parse_report, quotation_groups

NOTICE = ("**TODO: imported text. Rewrite it in our own words before publishing.** This draft was made by "
          "`build.py import` from {name}{dateline}. Check every figure against its source and register the "
          "source, keep quotations word for word and attributed, then delete this paragraph.")
HEADER = ("IMPORTED from {name} by build.py import. The text in {slug}.md is a starting point, not ours to "
          "publish: rewrite it in our own words, keep quotations word for word and attributed, check every "
          "figure against its source, and register that source in content/sources.yaml.")
ESCAPED = re.compile(r"([\\`*_\[\]<>~|])")
LINE_START = re.compile(r"^(#|[+\-]\s|=+\s*$|-+\s*$|:::)")
ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)]\s)")
ENTITY = re.compile(r"&(?=#?\w+;)")


def add_command(commands, add_build_options) -> None:
    """Register `import` on the command line."""
    command = commands.add_parser("import", help="turn a plain-text news report into a draft article")
    command.add_argument("report", type=Path, help="the report, a UTF-8 .txt file")
    command.add_argument("--slug", help="file name and URL (default: made from the headline)")
    command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    command.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    command.set_defaults(handler=run_import)


def run_import(args) -> int:
    """Read the report, write the draft, and say what was left out."""
    try:
        report = parse_report(read_text(args.report))
    except (OSError, SourceError) as err:
        line = getattr(err, "line", 1)
        print(Problem(str(args.report), line, getattr(err, "message", None) or err.strerror or str(err)),
              file=sys.stderr)
        return 1
    if not report.paragraphs:
        print(Problem(str(args.report), 1, "no text to import: the file is empty or holds only promotional lines"),
              file=sys.stderr)
        return 1
    title = report.title or args.report.stem.replace("-", " ").replace("_", " ")
    slug, problem = choose_slug(args.root, title, args.slug)
    figures = report_figures(report)
    problem = problem or write_draft(args.root, slug, draft_metadata(report, figures, slug, args.report.name),
                                     draft_markdown(report, args.report.name))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(summary(report, figures, slug, args.report))
    return 0


def report_figures(report: Report) -> list[Figure]:
    """The body's figures, then any in the headline that the body does not repeat."""
    figures = find_figures(report.paragraphs)
    values = {figure.value for figure in figures}
    return figures + [f for f in find_figures([report.title]) if f.value not in values]


def draft_markdown(report: Report, name: str) -> str:
    """The notice, then the report's paragraphs; quotations become block quotes."""
    dateline = f" (dateline: {report.dateline})" if report.dateline else ""
    blocks = [NOTICE.format(name=escape_markdown(name), dateline=escape_markdown(dateline))]
    for is_quote, paragraphs in quotation_groups(report.paragraphs):
        if is_quote:
            blocks.append("\n>\n".join("> " + escape_markdown(p) for p in paragraphs))
        else:
            blocks.extend(escape_markdown(p) for p in paragraphs)
    return "\n\n".join(blocks) + "\n"


def escape_markdown(text: str) -> str:
    """Plain text that Markdown prints as it is: no emphasis, links, raw HTML, lists or headings."""
    text = ENTITY.sub(r"\\&", ESCAPED.sub(r"\\\1", text))
    return ORDERED_ITEM.sub(r"\1\\\2", LINE_START.sub(r"\\\1", text))


def draft_metadata(report: Report, figures: list[Figure], slug: str, name: str) -> str:
    """The YAML of the draft: every field explained, figure candidates listed, the import noted."""
    lines = [f"# {label}: {value}" for label, value in (("Headline", report.title), ("Byline", report.byline),
                                                         ("Timestamp", report.timestamp),
                                                         ("Dateline", report.dateline)) if value]
    header = "".join(line + "\n" for line in comment_lines(HEADER.format(name=name, slug=slug), indent="") + lines)
    text = metadata_yaml(report.title or "TODO", slug, places=[report.place] if report.place else [],
                         sources=["TODO"], key_figures=figures_yaml(figures), header=header)
    return text + dropped_comment(report)


def figures_yaml(figures: list[Figure]) -> str:
    """Each number of the report as a key figure to keep or delete, its sentence above it."""
    if not figures:
        return ""
    out = ["", "  # Every number in the report, each with its sentence. Keep the ones that matter, delete the",
           "  # rest, and give each a label, the day it describes (as_of) and the id of its source."]
    ids: set[str] = set()
    for figure in figures:
        ident = unique_id(figure.id, ids)
        out += comment_lines(f'"{figure.sentence}"')
        if figure.high is not None:
            out.append(f"  # The report gives a range, {figure.text}: a key figure holds one number, so this "
                       "is 'at least' its low end.")
        out += [f"  - id: {ident}", "    label: TODO", f"    value: {figure.value}"]
        qualifier = "at least" if figure.high is not None else figure.qualifier
        if qualifier:
            out.append(f"    qualifier: {qualifier}")
        if figure.unit:
            out.append(f"    unit: {yaml_word(figure.unit)}")
        out += ["    as_of: TODO", "    source: TODO"]
    return "\n".join(out)


def unique_id(ident: str, taken: set[str]) -> str:
    """The id, or the id with -2, -3 ... when an earlier figure has it."""
    candidate, number = ident, 2
    while candidate in taken:
        candidate, number = f"{ident}-{number}", number + 1
    taken.add(candidate)
    return candidate


def comment_lines(text: str, indent: str = "  ") -> list[str]:
    """A long text as YAML comment lines of a readable width."""
    width = 100 - len(indent) - 2
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)]


def dropped_comment(report: Report) -> str:
    """The lines left out, for an editor to check that nothing of substance went with them."""
    if not report.dropped:
        return ""
    out = ["", "# Left out of the draft as promotional lines or wire furniture; check nothing of substance went:"]
    for dropped in report.dropped:
        out += comment_lines(f"line {dropped.line} ({dropped.why}): {dropped.text}", indent="")
    return "\n".join(out) + "\n"


def summary(report: Report, figures: list[Figure], slug: str, path: Path) -> str:
    """What the command made and what it left out, for the terminal."""
    quotes = sum(1 for is_quote, _ in quotation_groups(report.paragraphs) if is_quote)
    lines = [f"Created content/articles/{slug}.md and content/articles/{slug}.yaml (a draft) from {path.name}: "
             f"{len(report.paragraphs)} paragraphs, {quotes} block quotation{'s' if quotes != 1 else ''}, "
             f"{len(figures)} figure candidate{'s' if len(figures) != 1 else ''}."]
    if report.dropped:
        lines.append(f"Left out {len(report.dropped)} line{'s' if len(report.dropped) != 1 else ''}:")
        lines += [f"  {path.name}:{d.line}: {d.why}: {d.text}" for d in report.dropped]
    lines.append("Rewrite the text in our own words and fill in each TODO; preview with `python build.py --drafts`.")
    return "\n".join(lines)
