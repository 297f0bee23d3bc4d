"""`stated:` is a figure exactly as its source wrote it ("more than 1,500", "12,000–13,000", "about 7 million",
"1,081 killed, 1,707 injured"); this module reads it and says where it disagrees with the value we hold.

Everything here is offline: it compares two things an editor wrote, the number and the source's words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..numbers import format_number

# The source's words before a number, and the `qualifier` each one means (None: the figure is exact).
QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "almost": "nearly", "nearly": "nearly", "close to": "nearly",
    "more than": "more than", "over": "more than", "above": "more than", "in excess of": "more than",
    "up to": "up to", "as many as": "up to", "at least": "at least", "no fewer than": "at least",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
}
SCALES = {"thousand": 1000, "million": 1000000, "mln": 1000000, "billion": 1000000000}
_QUALIFIER = "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = "|".join(SCALES)
FIGURE = re.compile(
    rf"^(?:(?P<qualifier>{_QUALIFIER})\s+)?(?:between\s+)?(?P<low>{_NUMBER})(?:\s*(?P<low_scale>{_SCALE}))?"
    rf"(?:\s*(?:–|—|-|to|and)\s*(?P<high>{_NUMBER}))?(?:\s*(?P<scale>{_SCALE}))?(?:\s+(?P<label>[^\d,;]+))?$")
WORDING = "write it as the source did, e.g. 'more than 1,500', '12,000–13,000', 'about 7 million'"


class Unreadable(ValueError):
    """A `stated` text that gives no figure this module can read."""


@dataclass(frozen=True)
class Stated:
    """One figure of a stated text: its qualifier (as a `qualifier:` value), low and high ends, and the words
    after it that name what it counts ('killed'), if any."""

    qualifier: str | None
    low: Decimal
    high: Decimal
    label: str | None = None

    @property
    def value(self):
        """As a value of the content model: a number, or (low, high)."""
        return as_number(self.low) if self.low == self.high else (as_number(self.low), as_number(self.high))


def read_stated(text: str) -> list[Stated]:
    """The figures of a stated text, in order; several when it names each ('1,081 killed, 1,707 injured')."""
    words = re.sub(r"[\s\u00a0\u202f]+", " ", str(text)).strip().lower()
    if FIGURE.match(words):  # one figure, perhaps a range: 'between 12,000 and 13,000'
        return [read_figure(words, text)]
    parts = [part.strip() for part in re.split(r",\s+|;\s*|\s+and\s+(?=\D*\d)", words) if part.strip()]
    return [read_figure(part, text) for part in parts or [words]]


def read_figure(part: str, text: str) -> Stated:
    """One figure: '[qualifier] number[–number] [million|thousand] [what it counts]'."""
    match = FIGURE.match(part)
    if not match:
        raise Unreadable(f"'{text}' gives no figure this build can read: {WORDING}")
    scale = SCALES[match["scale"]] if match["scale"] else 1
    low_scale = SCALES[match["low_scale"]] if match["low_scale"] else scale
    low = number(match["low"]) * low_scale
    high = number(match["high"]) * scale if match["high"] else low
    if high < low:
        raise Unreadable(f"'{text}' gives a range whose low end is above its high end")
    qualifier = QUALIFIERS[match["qualifier"]] if match["qualifier"] else None
    return Stated(qualifier, low, high, (match["label"] or "").strip() or None)


def number(digits: str) -> Decimal:
    """'1,081' -> 1081, '6.48' -> 6.48 (commas only ever separate thousands here)."""
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        raise Unreadable(f"'{digits}' is not a number") from None


def as_number(value: Decimal):
    """A Decimal as the int or float the content model holds."""
    return int(value) if value == value.to_integral_value() else float(value)


def same_value(stated: Stated, value) -> bool:
    """True when a value (a number, or (low, high)) is exactly what the stated figure gives."""
    low, high = value if isinstance(value, tuple) else (value, value)
    return Decimal(str(low)) == stated.low and Decimal(str(high)) == stated.high


def shown(value) -> str:
    """A value as an editor reads it in a message."""
    return format_number(value)


def key_figure_disagreement(stated: str, value, qualifier: str | None) -> str | None:
    """What is wrong between a key figure's `stated` and its value and qualifier, or None if they agree."""
    try:
        figures = read_stated(stated)
    except Unreadable as err:
        return f"'stated': {err}"
    if len(figures) != 1:
        return f"'stated': '{stated}' gives {len(figures)} figures; a key figure has one"
    figure = figures[0]
    if not same_value(figure, value):
        return f"'stated' is '{stated}', which gives {shown(figure.value)}, but 'value' is {shown(value)}"
    if figure.qualifier != qualifier:
        said = f"says '{figure.qualifier}'" if figure.qualifier else "gives an exact figure"
        held = f"'qualifier' is '{qualifier}'" if qualifier else "there is no 'qualifier'"
        fix = f"set 'qualifier: {figure.qualifier}'" if figure.qualifier else "remove 'qualifier'"
        return f"'stated' is '{stated}', which {said}, but {held}: {fix}, or correct 'stated'"
    return None


def point_disagreements(stated: str, values: dict, series: dict) -> list[str]:
    """What is wrong between a data point's `stated` and its series values; [] if they agree. A point with
    several values names each in its stated text ('1,081 killed, 1,707 injured'), by series id or label."""
    try:
        figures = read_stated(stated)
    except Unreadable as err:
        return [f"'stated': {err}"]
    if len(values) == 1 and len(figures) == 1:
        (name, value), = values.items()
        return [] if same_value(figures[0], value) else [
            f"'stated' is '{stated}', which gives {shown(figures[0].value)}, but '{name}' is {shown(value)}"]
    problems, matched = [], set()
    for figure in figures:
        name = series_named(figure.label, values, series)
        if name is None:
            problems.append(f"'stated': '{stated}' gives {shown(figure.value)} without naming one of this "
                            f"point's series ({', '.join(values)}); write e.g. '1,081 killed, 1,707 injured'")
            continue
        matched.add(name)
        if not same_value(figure, values[name]):
            problems.append(f"'stated' is '{stated}', which gives {shown(figure.value)} for '{name}', "
                            f"but '{name}' is {shown(values[name])}")
    for name in values:
        if name not in matched and not problems:
            problems.append(f"'stated': '{stated}' gives no figure for '{name}'")
    return problems


def series_named(label: str | None, values: dict, series: dict) -> str | None:
    """The series a stated figure's words name: its id, its label, or a word of its label."""
    if not label:
        return None
    words = set(re.findall(r"[a-z0-9-]+", label))
    for name in values:
        title = str(series.get(name, "")).lower()
        if label in (name.lower(), title) or words & ({name.lower()} | set(re.findall(r"[a-z0-9-]+", title))):
            return name
    return None


def claim_disagreement(stated: str, claim: str) -> str | None:
    """A claim is in our words, but a figure in it carries over: its `stated` must be found in its text."""
    flat = " ".join(claim.lower().replace("\u00a0", " ").split())
    if " ".join(stated.lower().split()) in flat:
        return None
    try:
        figures = read_stated(stated)
    except Unreadable:
        return f"'stated' is '{stated}', which the claim's text does not give"
    written = {match.group(0).replace(",", "") for match in re.finditer(_NUMBER, flat)}
    missing = [shown(f.value) for f in figures if str(as_number(f.low)) not in written]
    if missing:
        return f"'stated' is '{stated}', but the claim's text does not give {', '.join(missing)}"
    return None
