"""The chart kinds an article may ask for: one table of kind name -> how it is drawn and what data it accepts.

Kinds are named for what they draw, not for a topic, so that an editor writing about a reservoir's level
finds `line` as readily as one writing about refugees. Validation reads this table to refuse a chart its
kind cannot draw; charts/marks.py holds the builders it names. It imports nothing heavy, so validating
content never loads Altair."""

from __future__ import annotations

from dataclasses import dataclass

MEASURES = ("level", "cumulative", "per-period")
TOTALS = ("level", "cumulative")  # a quantity at a moment: a line or an area, never bars of change


@dataclass(frozen=True)
class Kind:
    """A chart kind: the builder in charts/marks.py that draws it, and what data it accepts."""

    name: str
    builder: str
    draws: str  # one line for editors: what the kind shows
    measures: tuple = MEASURES  # the dataset measures it can show
    fewest_series: int = 1
    most_series: int | None = None  # None: any number
    axis: str = "time"  # 'time': a date axis events can be marked on; 'category': one band per period

    @property
    def time_axis(self) -> bool:
        """True when the kind places values on a time axis (so events and shaded periods can be marked)."""
        return self.axis == "time"

    def accepts(self) -> str:
        """What the kind accepts, in words: '1 or more series of level or cumulative data on a time axis'."""
        most = "or more" if self.most_series is None else (
            "" if self.most_series == self.fewest_series else f"to {self.most_series}")
        count = " ".join(w for w in (str(self.fewest_series), most) if w)
        return f"{count} series of {' or '.join(self.measures)} data, on a {self.axis} axis"


KINDS = {kind.name: kind for kind in (
    Kind("line", "line_chart", "one or more series over time; a gap without data is left a gap",
         measures=TOTALS),
    Kind("area", "area_chart", "one series over time, the area under its line filled", measures=TOTALS,
         most_series=1),
    Kind("stacked-area", "stacked_area_chart", "series over time stacked on one another, adding up to a whole",
         measures=TOTALS, fewest_series=2),
    Kind("bar", "bar_chart", "one bar per period, side by side for several series; horizontal when labels are long",
         measures=("per-period",), axis="category"),
    Kind("stacked-bar", "stacked_bar_chart", "one bar per period, its series stacked",
         measures=("per-period",), fewest_series=2, axis="category"),
    Kind("estimates", "estimates_chart", "dated estimates from several sources, ranges drawn from low to high",
         measures=("level",)),
    Kind("small-multiples", "small_multiples_chart", "a grid of line charts, one panel per series",
         measures=TOTALS, fewest_series=2),
)}

# Kinds the site used before they were named for what they draw: refused, with the name to write instead.
RENAMED = {
    "displacement": "line",
    "casualties-cumulative": "line",
    "city-population": "estimates",
    "killed-per-year": "bar",
}
