"""The chart kinds an article may ask for: one table of kind name -> how it is drawn and what data it accepts.

Validation reads this table to refuse a chart its kind cannot draw; charts/marks.py holds the builders it
names. It imports nothing heavy, so validating content never loads Altair."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """A chart kind: the builder in charts/marks.py that draws it, and what it can draw."""

    name: str
    builder: str
    measures: tuple | None = None  # the dataset measures it can show; None: any
    time_axis: bool = True  # False: one band per period, with no place on a time axis to mark an event


KINDS = {kind.name: kind for kind in (
    Kind("displacement", builder="line_chart"),
    Kind("city-population", builder="estimates_chart"),
    Kind("casualties-cumulative", builder="line_chart", measures=("cumulative",)),
    Kind("killed-per-year", builder="bar_chart", measures=("per-period",), time_axis=False),
)}
