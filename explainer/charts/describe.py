"""The trend of a chart in words, for its SVG's <desc> and for readers who cannot see the graphic."""

from __future__ import annotations

from ..numbers import format_date, format_number
from .data import period_label


def describe_chart(rows: list[dict], events: list, period: str | None = None, order: list | None = None) -> str:
    """One sentence per series (first value, peak, last value), then the events it marks."""
    sentences = []
    for label in dict.fromkeys([*(order or ()), *(row["series"] for row in rows)]):
        if not any(row["series"] == label for row in rows):
            continue
        sentences.append(describe_series(label, [r for r in rows if r["series"] == label], period))
    if events:
        marked = "; ".join(f"{event.label} ({format_date(event.date)})" for event in events)
        sentences.append(f"Marked on the chart: {marked}.")
    return " ".join(sentences) or "The chart has no data."


def describe_series(label: str, rows: list[dict], period: str | None) -> str:
    """'Killed rose from 1,081 on 24 March 2022 to 12,456 on 31 December 2024.' and its variants."""
    rows = sorted(rows, key=lambda r: r["date"])
    first, last = rows[0], rows[-1]
    peak = max(rows, key=lambda r: (r["high"], -r["date"].toordinal()))
    if len(rows) == 1:
        return f"{label}: {_value(first)} {_when(first, period)}."
    if peak is not first and peak is not last and peak["high"] > max(first["high"], last["high"]):
        start = f"{label} rose from {_value(first)} {_when(first, period)}"
        return (f"{start} to a peak of {_value(peak)} {_when(peak, period)}, "
                f"then {_verb(peak, last)} to {_value(last)} {_when(last, period)}.")
    return (f"{label} {_verb(first, last)} from {_value(first)} {_when(first, period)} "
            f"to {_value(last)} {_when(last, period)}.")


def _verb(before: dict, after: dict) -> str:
    if after["high"] > before["high"]:
        return "rose"
    if after["high"] < before["high"]:
        return "fell"
    return "stayed level"


def _value(row: dict) -> str:
    if "label" in row:  # chart_rows wrote it with its unit
        return row["label"]
    return format_number((row["low"], row["high"]) if row["low"] != row["high"] else row["low"])


def _when(row: dict, period: str | None) -> str:
    return f"{'in' if period in ('year', 'month') else 'on'} {period_label(row['date'], period)}"
