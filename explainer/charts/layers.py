"""What charts draw besides the data: event rules with labels, ranges where sources disagree, a
reference line for a baseline and the totals of stacked bars. Placement is worked out here, in Python, so that the
labels of events a week apart do not print over each other."""

from __future__ import annotations

import datetime as dt
import math

import altair as alt

from ..numbers import format_number, say
from .data import ChartData
from .theme import Layout

CALLOUT_HEADROOM = 0.45  # the share of the value range added above the data, where a callout sits
# Every time scale is UTC; a little padding keeps the first and last dots off the axes.
DATE = alt.Scale(type="utc", padding=8)


RULES = {  # how each kind of dated mark is drawn: an event, a break in a series' method, a short note
    "event": {"strokeDash": [4, 3], "strokeWidth": 1.25, "opacity": 0.75},
    "method-break": {"strokeDash": [1, 2], "strokeWidth": 2, "opacity": 0.9},
    "note": {"strokeWidth": 1, "opacity": 0.35},
}
MERGE_PX = 8  # rules closer than this on the plot are drawn as one, their labels joined


def event_layers(data: ChartData, drawn: list[dict], layout: Layout, reserved: tuple | None = None) -> list:
    """Shaded periods, a rule and a label for each event, method break and note, and labelled points
    (none of them: no layers). Labels take rows at the top of the plot so that none overlaps another,
    and each has a halo in the background's colour so that gridlines and lines do not strike through it.

    `drawn` are the values placed along the time axis: with the annotations they make its domain.
    `reserved` is (rows, (left, right)) of the plot's top already taken by a callout.
    """
    x = alt.X("date:T", scale=DATE)
    layers = []
    if data.periods:
        layers.append(alt.Chart(alt.Data(values=data.periods)).mark_rect(color=layout.ink, opacity=0.09).encode(
            x=x, x2="date2:T", tooltip=alt.Tooltip("label:N"), description=alt.Description("text:N")))
    dated = [*data.events, *({**p, "style": "period", "date_label": p["text"]} for p in data.periods)]
    placed = place_events(dated, drawn, layout, reserved) if dated else []
    for style, look in RULES.items():
        rules = [e for e in placed if e["style"] == style]
        if rules:  # a layer without data warns "Infinite extent" in the browser console
            layers.append(alt.Chart(alt.Data(values=rules)).mark_rule(color=layout.ink, **look).encode(
                x=x, tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N")))
    size = round(layout.font_size * 0.92)
    for align, dx in (("left", 4), ("right", -4)):
        rows = [e for e in placed if e["align"] == align]
        if rows:
            layers += _haloed(alt.Chart(alt.Data(values=rows)), layout, f"annotation_{align}", dict(
                align=align, baseline="top", dx=dx, fontSize=size, lineHeight=round(layout.font_size * 1.25)), x=x, y=alt.Y("y:Q", scale=None), text="label:N")
    if data.labelled:
        layers += _haloed(alt.Chart(alt.Data(values=data.labelled)), layout, "annotation_point", dict(
            align="center", baseline="bottom", dy=-8, fontSize=size, fontWeight="bold"),
            x=x, y=alt.Y("value:Q"), text="label:N")
    return layers


def _haloed(base, layout: Layout, name: str, mark: dict, **encoding) -> list:
    """A text layer over a halo of itself: a wide stroke in the background's colour (charts.css gives it the
    page's background; a drawing with a background of its own gets that)."""
    halo = base.mark_text(**mark, stroke=layout.background or "transparent", strokeWidth=4, strokeJoin="round",
                          color=layout.background or "transparent").encode(**encoding).properties(name=f"{name}_halo")
    return [halo, base.mark_text(**mark, color=layout.ink).encode(**encoding)]


def place_events(events: list[dict], drawn: list[dict], layout: Layout, reserved: tuple | None = None) -> list[dict]:
    """Each event with its label's side (right of the rule, or left near the right edge) and row; events
    whose rules would touch are merged into one, their labels joined. Rows are added until no label overlaps
    another, so a crowded chart pushes labels down rather than over each other."""
    days = [dt.date.fromisoformat(item["date"]) for item in [*drawn, *events]]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    plot_width = layout.width * 0.8  # the rest goes to the axis labels
    taken: list[list[tuple[float, float]]] = [[] for _ in range(reserved[0] if reserved else 0)]
    for row in taken:
        row.append(reserved[1])
    placed: list[dict] = []
    for event in sorted(events, key=lambda e: e["date"]):
        at = (dt.date.fromisoformat(event["date"]) - first).days / span * plot_width
        if placed and placed[-1]["style"] == event["style"] != "period" and at - placed[-1]["at"] < MERGE_PX:
            merged = placed.pop()
            event = {**merged, "label": f"{merged['whole']}; {event['label']}",
                     "text": f"{merged['text']}; {event['label']}, {event['date_label']}",
                     "tip": {"title": f"{merged['whole']}; {event['label']}",
                             "Dates": f"{merged['date_label']}; {event['date_label']}"}}
            at = merged["at"]
        else:
            event = {**event, "tip": {"title": event["label"], "Date": event["date_label"]},
                     "text": f"{event['label']}, {event['date_label']}"}
        taken = [[extent for extent in row if extent != event.get("extent")] for row in taken]
        lines = _fit_label(event["label"], max(at, plot_width - at) - 8, layout)
        length = max(len(line) for line in lines) * layout.label_chars + 8
        # Right of its rule where it fits there (and the rule is not near the right edge), else left of it.
        right_fits, left_fits = at + length <= plot_width, at - length >= 0
        align = "right" if left_fits and (at > plot_width * 0.55 or not right_fits) else "left"
        extent = (at - length, at) if align == "right" else (at, at + length)
        free = [r for r in range(len(taken) + len(lines)) if all(
            not any(_overlap(extent, e) for e in (taken[r + i] if r + i < len(taken) else ()))
            for i in range(len(lines)))]
        row = free[0]
        while len(taken) < row + len(lines):
            taken.append([])
        for i in range(len(lines)):
            taken[row + i].append(extent)
        placed.append({**event, "whole": event["label"], "label": lines if len(lines) > 1 else lines[0], "at": at, "extent": extent,
                       "align": align, "y": 2 + row * round(layout.font_size * 1.25)})
    return [{k: v for k, v in e.items() if k not in ("at", "extent", "whole")} for e in placed]


def _fit_label(label: str, room: float, layout: Layout) -> list[str]:
    """A label as one line, or broken into lines no wider than `room` pixels where one would not fit."""
    most = max(int(room / layout.label_chars), 12)
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


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
    """A callout in the plot's top-left corner for each baseline value, off the value scale: an arrow up,
    the value, and what it is with its date (two lines, so that it fits a phone's width)."""
    if not baseline:
        return []
    rows = [{**v, "label": callout_lines(v)} for v in baseline[:1]]
    return [alt.Chart(alt.Data(values=rows)).mark_text(
        align="left", baseline="top", x=4, y=2, color=layout.ink, lineHeight=round(layout.font_size * 1.25),
        fontSize=round(layout.font_size * 0.92)).encode(
        text="label:N", tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))]


def callout_lines(value: dict) -> list[str]:
    """'Before: 101,135, off the scale', then what it is and its date, each on a line of its own."""
    what = (value["note"] or value["series"]).rstrip(".")
    return [f"{value['value_label']}, above the scale", what, value["date_label"]]


def callout_extent(baseline: list[dict], layout: Layout) -> tuple[int, tuple[float, float]]:
    """How many label rows the callout takes at the top of the plot, and from where to where."""
    lines = callout_lines(baseline[0])
    return len(lines), (0.0, 4 + max(len(line) for line in lines) * layout.label_chars * 0.92 + 8)


def room_for_callout(values: list[dict]) -> list[float]:
    """A value domain from a round number below the data to well above it, leaving the top for a callout."""
    low, high = min(v["low"] for v in values), max(v["high"] for v in values)
    spread = max(high - low, abs(high) * 0.1, 1)
    step = 10 ** max(int(math.log10(spread)) - 1, 0)
    floor = math.floor((low - spread * 0.1) / step) * step
    return [max(floor, 0) if low >= 0 else floor, high + spread * CALLOUT_HEADROOM]


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
                      "text": say("Sources disagree on %(date)s: ", date=same_day[0]["date_label"])
                              + "; ".join(f"{v['by'] or v['source']}, {v['value_label']}" for v in same_day),
                      "tip": {"title": say("Sources disagree"), say("Date"): same_day[0]["date_label"],
                              **{v["by"] or v["source"]: v["value_label"] for v in same_day}}})
    return spans
