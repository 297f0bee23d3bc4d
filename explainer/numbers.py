"""How numbers and dates read on the page: '1,500', 'more than 1,500', '12,000–13,000', '31 May 2022'."""

from __future__ import annotations

import datetime as dt

NBSP = "\u00a0"
GLUED_UNITS = ("%", "‰", "°")  # written against the number: '70%', not '70 %'


def format_number(value) -> str:
    """Thousands separated by commas; decimals as the data has them ('9.04' stays '9.04', '7' stays '7')."""
    if isinstance(value, tuple):
        return f"{format_number(value[0])}–{format_number(value[1])}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"  # the shortest text that reads back as the value: the digits the data was written with
    return f"{int(value):,}"


def format_value(value, unit_short: str | None = None) -> str:
    """A value with its dataset's short unit: '16.4 m' (a non-breaking space), '70%' (none before %)."""
    number = format_number(value)
    if not unit_short:
        return number
    return f"{number}{unit_short}" if unit_short in GLUED_UNITS else f"{number}{NBSP}{unit_short}"


def format_figure(value, qualifier: str | None = None, unit: str | None = None) -> str:
    """A key figure as a reader sees it: qualifier, number, unit."""
    words = [qualifier, format_number(value), unit]
    return " ".join(w for w in words if w)


def format_date(day: dt.date | None) -> str:
    """'31 May 2022' (no leading zero, no locale dependence)."""
    if getattr(day, "is_todo", False):  # a draft's date still to be set (explainer/content/todos.py)
        return "TODO"
    if day is None:
        return ""
    if len(day.isoformat()) == 7:  # a month without a day (schema.Month)
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def format_short_date(day: dt.date | None) -> str:
    """'31 May 2022', '24 Nov 2026': the month cut to three letters, for dates that sit beside a headline."""
    full = format_date(day)
    if not full or full == "TODO":
        return full
    *rest, month, year = full.split(" ")
    return " ".join([*rest, month[:3], year])
