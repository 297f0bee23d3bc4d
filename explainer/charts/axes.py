"""Time-axis ticks worked out in Python, so that an axis reads at any span from two days to twenty years.

Vega picks ticks by itself but leaves a two-month span with one label and drops the year from a span
that crosses one. Here the finest step whose labels fit the plot's width is chosen, with at least three
ticks; a label names its year on the first tick and wherever a new year begins.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..numbers import month_abbreviation

FEWEST_TICKS = 3
MOST_TICKS = 8
LABEL_GAP = 10  # pixels between two labels at least


@dataclass(frozen=True)
class Tick:
    """A labelled tick: when (UTC midnight or an hour of it) and what it says."""

    at: dt.datetime
    label: str

    @property
    def epoch_ms(self) -> int:
        """Milliseconds since 1970 (UTC), as Vega places a time."""
        return calendar.timegm(self.at.timetuple()) * 1000

    @property
    def vega(self) -> dict:
        """The instant as a Vega-Lite DateTime in UTC (a browser's Vega ignores plain numbers as tick values)."""
        return {"year": self.at.year, "month": self.at.month, "date": self.at.day, "hours": self.at.hour, "utc": True}


# From fine to coarse: (unit, step). Days of the month 1/8/15/22 and 1/15 read better than every 7th day.
STEPS = (("hour", 6), ("hour", 12), ("day", 1), ("day", 2), ("week", 7), ("half-month", 15), ("month", 1),
         ("month", 2), ("month", 3), ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10))


def time_ticks(first: dt.date, last: dt.date, plot_width: float, char_width: float) -> list[Tick]:
    """The ticks of a time axis from `first` to `last` on a plot `plot_width` pixels wide: the coarsest
    calendar step that gives enough ticks (three on a phone, four wider) whose labels fit."""
    start, end = _midnight(first), _midnight(last)
    if end <= start:
        end = start + dt.timedelta(days=1)
    wanted = FEWEST_TICKS if plot_width < 400 else FEWEST_TICKS + 1
    enough, crowded = [], []
    for unit, step in reversed(STEPS):
        ticks = _label(_instants(unit, step, start, end), unit)
        if len(ticks) < FEWEST_TICKS or len(ticks) > MOST_TICKS:
            continue
        crowded = crowded or ticks
        if not _fits(ticks, start, end, plot_width, char_width):
            continue
        enough = enough or ticks
        if len(ticks) >= wanted:
            return ticks
    return enough or crowded


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _instants(unit: str, step: int, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Every instant of a step from start to end, both included, aligned to the calendar."""
    found = []
    if unit in ("hour", "day"):
        delta = dt.timedelta(hours=step) if unit == "hour" else dt.timedelta(days=step)
        at = start
        while at <= end:
            found.append(at)
            at += delta
        return found
    if unit in ("week", "half-month"):
        days = (1, 8, 15, 22) if unit == "week" else (1, 15)
        at = dt.datetime(start.year, start.month, 1)
        while at <= end:
            found += [at.replace(day=d) for d in days if start <= at.replace(day=d) <= end]
            at = _add_months(at, 1)
        return found
    if unit == "month":
        at = dt.datetime(start.year, start.month, 1)
        while at <= end:
            if at >= start and (at.month - 1) % step == 0:
                found.append(at)
            at = _add_months(at, 1)
        return found
    year = start.year + (0 if start == dt.datetime(start.year, 1, 1) else 1)
    year += -year % step
    while dt.datetime(year, 1, 1) <= end:
        found.append(dt.datetime(year, 1, 1))
        year += step
    return found


def _add_months(at: dt.datetime, months: int) -> dt.datetime:
    index = at.month - 1 + months
    return at.replace(year=at.year + index // 12, month=index % 12 + 1, day=1)


def _label(instants: list[dt.datetime], unit: str) -> list[Tick]:
    """'6 Jun 2023', '12:00', '7 Jun' ...; 'Jun 2022', 'Sep', '2023' (for January); '2022'. A year is named on the
    first tick and wherever a new one begins."""
    ticks, year = [], None
    for at in instants:
        new_year = at.year != year
        year = at.year
        month = month_abbreviation(at.month, with_day=unit not in ("year", "month"))
        if unit == "year":
            text = str(at.year)
        elif unit == "month":
            text = str(at.year) if new_year and at.month == 1 else f"{month} {at.year}" if new_year else month
        elif unit == "hour" and at.hour:
            text = f"{at.hour:02d}:00"
        else:
            text = f"{at.day} {month} {at.year}" if new_year else f"{at.day} {month}"
        ticks.append(Tick(at, text))
    return ticks


def _fits(ticks: list[Tick], start: dt.datetime, end: dt.datetime, width: float, char_width: float) -> bool:
    """True when no two neighbouring labels, centred on their ticks, come closer than LABEL_GAP."""
    span = (end - start).total_seconds()
    places = [(t.at - start).total_seconds() / span * width for t in ticks]
    sizes = [len(t.label) * char_width for t in ticks]
    return all(places[i + 1] - places[i] >= (sizes[i] + sizes[i + 1]) / 2 + LABEL_GAP for i in range(len(ticks) - 1))


def label_expression(ticks: list[Tick]) -> str:
    """A Vega expression giving each tick its label (a chain of comparisons, which Vega's expression
    interpreter runs under the page's Content-Security-Policy)."""
    chain = "''"
    for tick in reversed(ticks):
        text = tick.label.replace("\\", "\\\\").replace("'", "\\'")
        chain = f"time(datum.value) === {tick.epoch_ms} ? '{text}' : {chain}"
    return chain
