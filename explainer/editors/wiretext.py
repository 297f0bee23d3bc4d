"""Reading a plain-text news report as wire services and news apps deliver it: headline, byline,
timestamp, dateline, paragraphs and quotations, with promotional lines and wire furniture left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A short lead-in such as "Stay informed: " or "ENA app — " before a call to action.
LEAD = r"^(?:[^.!?:—–]{0,30}[:—–-]\s*)?"

# Lines that are not the report: (why, pattern), tried in order on each line of at most PROMO_WORDS words.
PROMO_PATTERNS = tuple((why, re.compile(pattern, re.I)) for why, pattern in (
    ("app download", LEAD + r"(?:download|get|install|try|open)\b.{0,40}\bapps?\b"),
    ("app download", r"\b(?:app store|google play)\b"),
    ("subscription", LEAD + r"(?:subscribe|sign up|signup|register now|join us)\b"),
    ("newsletter", r"\bnewsletters?\b.{0,40}\b(?:sign|subscribe|inbox|email)|\b(?:inbox|e-?mail)\b.{0,20}\bevery\b"),
    ("follow us", LEAD + r"follow (?:us|@\w+|our\b)"),
    ("follow us", r"\b(?:follow|join) (?:us|our \w+) on\b"),
    ("click here", r"\b(?:click|tap|press) here\b"),
    ("read more", r"^(?:read (?:more|also)|also read|more on this(?: story)?|see also|related(?: \w+)?|watch|"
                  r"listen|live updates?)\s*(?:[:|>»]|$)"),
    ("share prompt", r"^share (?:this|on|via|it)\b|\bshare (?:this|the) (?:story|article|post|video|page)\b"),
    ("copyright", r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b"),
    ("advertising", r"^(?:advertisement|advert|sponsored(?: content)?|promoted|ad)\.?$"),
    ("support us", LEAD + r"(?:support|donate to|become a (?:member|subscriber|supporter))\b.{0,40}"
                          r"\b(?:journalism|us|newsroom|work|reporting)\b"),
    ("credit line", r"^(?:reporting|writing|editing|additional reporting|compiled|edited) by\b"),
    ("credit line", r"^our standards\b"),
    ("web address", r"^(?:https?://|www\.)\S+$"),
    ("hashtags", r"^(?:#\w+[\s,]*)+$"),
    ("separator", r"^[\s*#=_~-]{3,}$"),
))
PROMO_WORDS = 40

TIMESTAMP = re.compile(r"^(?:first |last )?(?:published|updated|posted|modified)\b:?\s*(?:on |at )?\S*\d", re.I)
BYLINE = re.compile(r"^[Bb]y\s+[A-ZА-ЯІЇЄҐ][^.!?]{0,80}$")
DATELINE = re.compile(r"""^(?P<dateline>
    (?P<place>[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’.\- ]{2,40}?|[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’\-]+)  # SIEVIERODONETSK or Kyiv
    (?:,\s*[A-Z][A-Za-z.\- ]{1,30}?)?                                                 # , Ukraine
    (?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s*\d{4})?)?  # , June 15
    \s*(?:\([^)]{1,30}\))?                                                            # (ENA)
    )\s*(?:-|–|—|--)\s+""", re.X)
OPENING_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
SENTENCE_END = tuple('.!?:…"”’»)')


@dataclass
class Dropped:
    """A line left out of the draft, and why."""

    line: int
    text: str
    why: str


@dataclass
class Report:
    """A report read from plain text: its parts, in order, with what was left out."""

    title: str
    paragraphs: list = field(default_factory=list)   # plain text, one string per paragraph
    byline: str = ""
    timestamp: str = ""
    dateline: str = ""
    place: str = ""
    dropped: list = field(default_factory=list)


def parse_report(text: str) -> Report:
    """Headline from the first line; then header lines, promotional lines, paragraphs, dateline."""
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    filled = [(number, line) for number, line in lines if line]
    if not filled:
        return Report(title="")
    title_line, title = filled[0]
    report = Report(title=title if len(title) <= 200 else "")
    kept = lines[title_line:] if report.title else lines
    kept = drop_furniture(kept, report)
    report.paragraphs = group_paragraphs(kept)
    take_dateline(report)
    return report


def promo_reason(line: str) -> str | None:
    """Why a line is promotional or wire furniture, or None if it is part of the report."""
    if len(line.split()) > PROMO_WORDS:
        return None
    return next((why for why, pattern in PROMO_PATTERNS if pattern.search(line)), None)


def drop_furniture(lines: list, report: Report) -> list:
    """Remove promotional lines (with a wrapped continuation), and take the byline and timestamp."""
    kept, dropping, header = [], False, True
    for number, line in lines:
        if not line:
            kept.append((number, line))
            dropping = False
            continue
        why = promo_reason(line)
        if not why and dropping and line[:1].islower():  # the wrapped rest of a promotional line
            why = report.dropped[-1].why
        dropping = bool(why)
        if why:
            report.dropped.append(Dropped(number, line, why))
        elif header and BYLINE.match(line) and not report.byline:
            report.byline = line
        elif TIMESTAMP.match(line) and len(line.split()) <= 12:
            report.timestamp = report.timestamp or line
        else:
            kept.append((number, line))
            header = False
    return kept


def group_paragraphs(lines: list) -> list[str]:
    """Blank lines separate blocks. A block whose lines each end a sentence is one paragraph a line
    (as news apps deliver text); otherwise its lines are a hard-wrapped paragraph and are joined."""
    blocks, block = [], []
    for _number, line in [*lines, (0, "")]:
        if line:
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    paragraphs = []
    for block in blocks:
        if len(block) > 1 and all(line.endswith(SENTENCE_END) for line in block[:-1]):
            paragraphs.extend(block)
        else:
            paragraphs.append(" ".join(block))
    return paragraphs


def take_dateline(report: Report) -> None:
    """A wire dateline ('KYIV, June 3 (ENA) - ') opens the first paragraph: note it, then cut it."""
    if not report.paragraphs:
        return
    match = DATELINE.match(report.paragraphs[0])
    if not match or len(match.group(0)) > 80:
        return
    report.dateline = match.group("dateline").strip()
    report.place = match.group("place").strip().title()
    report.paragraphs[0] = report.paragraphs[0][match.end():]


def quotation_groups(paragraphs: list[str]) -> list[tuple[bool, list[str]]]:
    """(is_quotation, paragraphs): a paragraph that opens with a quotation mark is a quotation, and one
    whose quotation is left open (news style for a quote over several paragraphs) continues into the next."""
    groups, open_quote = [], False
    for paragraph in paragraphs:
        quoted = paragraph[:1] in OPENING_QUOTES
        if open_quote and quoted:
            groups[-1][1].append(paragraph)
        else:
            groups.append((quoted, [paragraph]))
        open_quote = quoted and quote_left_open(paragraph)
    return groups


def quote_left_open(paragraph: str) -> bool:
    """True when a paragraph opens more quotations than it closes."""
    mark = paragraph[0]
    closing = OPENING_QUOTES[mark]
    if mark == closing:
        return paragraph.count(mark) % 2 == 1
    return paragraph.count(mark) > paragraph.count(closing)
