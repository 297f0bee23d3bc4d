"""The trend of a chart in words, for its SVG's <desc> and for readers who cannot see the graphic."""

from __future__ import annotations

from ..numbers import N_, SPEECH, format_date, format_number, say
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
        sentences.append(say("Marked on the chart: %(events)s.", events=marked))
    return " ".join(sentences) or say("The chart has no data.")


def describe_series(label: str, rows: list[dict], period: str | None) -> str:
    """'Killed rose from 1,081 on 24 March 2022 to 12,456 on 31 December 2024.' and its variants."""
    rows = sorted(rows, key=lambda r: r["date"])
    first, last = rows[0], rows[-1]
    peak = max(rows, key=lambda r: (r["high"], -r["date"].toordinal()))
    if len(rows) == 1:
        return say("%(label)s: %(value)s %(when)s.", label=label, value=_value(first), when=_when(first, period))
    if peak is not first and peak is not last and peak["high"] > max(first["high"], last["high"]):
        then = {"rose": say("then rose to %(value)s %(when)s."), "fell": say("then fell to %(value)s %(when)s."),
                "stayed level": say("then stayed level at %(value)s %(when)s.")}[_verb(peak, last)]
        return (say("%(label)s rose from %(first)s %(first_when)s to a peak of %(peak)s %(peak_when)s, ",
                    label=label, first=_value(first), first_when=_when(first, period), peak=_value(peak),
                    peak_when=_when(peak, period))
                + then % {"value": _value(last), "when": _when(last, period)}) if SPEECH.get() else (
            f"{label} rose from {_value(first)} {_when(first, period)} to a peak of {_value(peak)} "
            f"{_when(peak, period)}, then {_verb(peak, last)} to {_value(last)} {_when(last, period)}.")
    sentence = {"rose": N_("%(label)s rose from %(first)s %(first_when)s to %(last)s %(last_when)s."),
                "fell": N_("%(label)s fell from %(first)s %(first_when)s to %(last)s %(last_when)s."),
                "stayed level": N_("%(label)s stayed level from %(first)s %(first_when)s to %(last)s %(last_when)s.")}
    return say(sentence[_verb(first, last)], label=label, first=_value(first), first_when=_when(first, period),
               last=_value(last), last_when=_when(last, period))


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
    when = N_("in %(period)s") if period in ("year", "month") else N_("on %(day)s")
    return say(when, period=period_label(row["date"], period), day=period_label(row["date"], period))
