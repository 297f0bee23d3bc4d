"""Every number in a report's text, read as a key-figure candidate: 'over 1,500', '12,000-13,000 people',
'2.5 million', '40%'. Dates, years and times are not figures and are left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
NUMBER = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
QUALIFIERS = {
    "more than": "more than", "over": "more than", "at least": "at least", "about": "about",
    "around": "about", "roughly": "about", "approximately": "about", "some": "about", "an estimated": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "up to": "up to", "as many as": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
}
QUALIFIER_WORDS = "|".join(q.replace(" ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True))
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
FIGURE = re.compile(rf"""
    (?:(?P<qualifier>\b(?:{QUALIFIER_WORDS})\s+))?
    (?<![\w.,:/\-−])(?P<low>{NUMBER})(?![\d:])
    (?:\s*(?:-|–|—|to)\s*(?P<high>{NUMBER})(?![\d:]))?
    (?:\s*(?P<scale>{'|'.join(SCALES)})\b)?
    (?P<percent>\s*%|\s+percent\b|\s+per\s+cent\b)?
    (?![\w])
    (?:\s+(?P<unit>[a-z][a-z\-]+))?
    """, re.X | re.I)
DATE_AROUND = (re.compile(rf"{MONTH}\s+$", re.I), re.compile(rf"^\s+{MONTH}", re.I))
NOT_UNITS = {"of", "in", "and", "or", "to", "the", "a", "an", "were", "was", "had", "have", "has", "are", "is",
             "on", "at", "by", "for", "from", "since", "as", "per", "more", "than", "who", "which", "that",
             "this", "these", "those", "with", "would", "will", "could", "can", "may", "people's", "said",
             "last", "next", "it", "they", "we", "he", "she", "but", "if", "so", "be", "been",
             "fled", "left", "stayed", "remain", "remained", "died", "arrived", "returned", "rose", "fell"}
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’»]?\s+(?=[\"“«„A-ZА-ЯІЇЄҐ0-9])")


@dataclass
class Figure:
    """A number found in the text, what it seems to count, and the sentence it stands in."""

    text: str
    value: int | float
    sentence: str
    qualifier: str | None = None
    unit: str | None = None
    high: int | float | None = None

    @property
    def id(self) -> str:
        """An id for the key figure: what it counts and its value ('children-38')."""
        return re.sub(r"[^a-z0-9]+", "-", f"{self.unit or 'figure'}-{self.value}".lower()).strip("-")


def find_figures(paragraphs: list[str]) -> list[Figure]:
    """Every figure in the paragraphs, in reading order; the same figure in the same sentence once."""
    found, seen = [], set()
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            for figure in figures_in(sentence):
                key = (figure.text, figure.sentence)
                if key not in seen:
                    seen.add(key)
                    found.append(figure)
    return found


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (a full stop after an abbreviation may split one in two)."""
    return [part.strip() for part in SENTENCE_BREAK.split(paragraph) if part.strip()]


def figures_in(sentence: str) -> list[Figure]:
    """The figures of one sentence."""
    figures = []
    for match in FIGURE.finditer(sentence):
        if is_date_or_year(match, sentence):
            continue
        scale = SCALES.get((match.group("scale") or "").lower(), 1)
        percent = bool(match.group("percent"))
        unit = "percent" if percent else clean_unit(match.group("unit"))
        qualifier = QUALIFIERS.get(" ".join((match.group("qualifier") or "").lower().split()))
        text = sentence[match.start():figure_end(match, unit_used=bool(unit) and not percent)]
        figures.append(Figure(text=text.strip(), value=to_number(match.group("low"), scale), sentence=sentence,
                              qualifier=qualifier, unit=unit,
                              high=to_number(match.group("high"), scale) if match.group("high") else None))
    return figures


def figure_end(match: re.Match, unit_used: bool) -> int:
    """Where the figure's words end: after its unit if the unit counts, else after the number itself."""
    if unit_used:
        return match.end("unit")
    last = next(name for name in ("percent", "scale", "high", "low") if match.group(name))
    return match.end(last)


def is_date_or_year(match: re.Match, sentence: str) -> bool:
    """'15 June', 'June 15', '2014' and the like are when, not how many."""
    low = match.group("low")
    if match.group("qualifier") or match.group("scale") or match.group("percent"):
        return False
    before, after = sentence[: match.start("low")], sentence[match.end("low"):]
    if DATE_AROUND[0].search(before) or DATE_AROUND[1].match(after):
        return True
    return bool(re.fullmatch(r"(?:19|20)\d\d", low)) and not match.group("high")


def clean_unit(word: str | None) -> str | None:
    """The word after a number, if it names what is counted."""
    if not word:
        return None
    word = word.lower().strip("-")
    if word in NOT_UNITS or word.endswith("ly") or len(word) < 2:
        return None
    return word


def to_number(text: str, scale: int = 1) -> int | float:
    """'1,500' -> 1500; '2.5' with a million scale -> 2500000."""
    value = float(re.sub(r"[,\u00a0\u202f]", "", text)) * scale
    return int(value) if value.is_integer() else value
