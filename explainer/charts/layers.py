"""What charts draw besides the data: event rules with labels, ranges where sources disagree, a
reference line for a baseline and the totals of stacked bars. Placement is worked out here, in Python, so that the
labels of events a week apart do not print over each other."""

from __future__ import annotations

import datetime as dt

import altair as alt

from ..numbers import format_number
from .data import ChartData
from .theme import Layout

LABEL_ROWS = 3
# Every time scale is UTC; a little padding keeps the first and last dots off the axes.
DATE = alt.Scale(type="utc", padding=8)


def event_layers(data: ChartData, drawn: list[dict], layout: Layout) -> list:
    """A dashed rule and a label for each event the chart lists (none: no layers).

    `drawn` are the values placed along the time axis: with the events they make its domain.
    """
    if not data.events:
        return []
    placed = place_events(data.events, drawn, layout)
    x = alt.X("date:T", scale=DATE)
    rules = alt.Chart(alt.Data(values=placed)).mark_rule(
        strokeDash=[4, 3], strokeWidth=1.25, color=layout.ink, opacity=0.75).encode(
        x=x, tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))
    labels = []
    for align, dx in (("left", 4), ("right", -4)):
        if not any(e["align"] == align for e in placed):
            continue  # a layer without data warns "Infinite extent" in the browser console
        labels.append(alt.Chart(alt.Data(values=[e for e in placed if e["align"] == align])).mark_text(
            align=align, baseline="top", dx=dx, fontSize=round(layout.font_size * 0.92), color=layout.ink).encode(
            x=x, y=alt.Y("y:Q", scale=None), text="label:N"))
    return [rules, *labels]


def place_events(events: list[dict], drawn: list[dict], layout: Layout) -> list[dict]:
    """Each event with its label's side (right of the rule, or left near the right edge) and row."""
    days = [dt.date.fromisoformat(item["date"]) for item in [*drawn, *events]]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    plot_width = layout.width * 0.8  # the rest goes to the axis labels
    taken: list[list[tuple[float, float]]] = [[] for _ in range(LABEL_ROWS)]
    placed = []
    for event in events:
        at = (dt.date.fromisoformat(event["date"]) - first).days / span * plot_width
        length = len(event["label"]) * layout.label_chars + 8
        align = "right" if at > plot_width * 0.55 else "left"
        extent = (at - length, at) if align == "right" else (at, at + length)
        row = next((r for r in range(LABEL_ROWS) if not any(_overlap(extent, e) for e in taken[r])), LABEL_ROWS - 1)
        taken[row].append(extent)
        placed.append({**event, "align": align, "y": 2 + row * round(layout.font_size * 1.25),
                       "tip": {"title": event["label"], "Date": event["date_label"]},
                       "text": f"{event['label']}, {event['date_label']}"})
    return placed


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def period_totals(values: list[dict]) -> list[dict]:
    """For a stacked bar chart: one value per period, the sum of its series, with its label."""
    totals: dict[str, dict] = {}
    for value in values:
        total = totals.setdefault(value["date_label"], {"date_label": value["date_label"], "value": 0})
        total["value"] += value["value"]
    return [{**total, "value_label": format_number(total["value"])} for total in totals.values()]


def split_baseline(values: list[dict]) -> tuple[list[dict], list[dict]]:
    """Values of a first segment that is followed by a long gap (a pre-war figure), and the rest."""
    if not values or all(v["segment"] == 0 for v in values):
        return [], values
    return [v for v in values if v["segment"] == 0], [v for v in values if v["segment"] > 0]


def baseline_layers(baseline: list[dict], layout: Layout) -> list:
    """A solid reference line at each baseline value, labelled with what it is and its date."""
    if not baseline:
        return []
    rows = [{**v, "label": [(v["note"] or v["series"]).rstrip("."), f"{v['date_label']}: {v['value_label']}"]}
            for v in baseline]  # two lines, so that the label fits a phone's width
    base = alt.Chart(alt.Data(values=rows))
    rule = base.mark_rule(strokeWidth=1.5, color=layout.ink, opacity=0.6).encode(
        y="value:Q", tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))
    label = base.mark_text(align="right", baseline="top", dx=-2, dy=4, x=alt.expr("width"), color=layout.ink,
                           fontSize=round(layout.font_size * 0.92)).encode(y="value:Q", text="label:N")
    return [rule, label]


def disagreements(values: list[dict]) -> list[dict]:
    """One span per date on which sources gave different figures: from the lowest to the highest."""
    by_date: dict[str, list[dict]] = {}
    for value in values:
        by_date.setdefault(value["date"], []).append(value)
    spans = []
    for date, same_day in sorted(by_date.items()):
        if len(same_day) < 2:
            continue
        low, high = min(v["low"] for v in same_day), max(v["high"] for v in same_day)
        spans.append({"date": date, "low": low, "high": high,
                      "text": f"Sources disagree on {same_day[0]['date_label']}: "
                              + "; ".join(f"{v['by'] or v['source']}, {v['value_label']}" for v in same_day),
                      "tip": {"title": "Sources disagree", "Date": same_day[0]["date_label"],
                              **{v["by"] or v["source"]: v["value_label"] for v in same_day}}})
    return spans
