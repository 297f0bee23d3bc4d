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


def event_layers(data: ChartData, drawn: list[dict], layout: Layout, reserved: tuple | None = None,
                 right: float = 0) -> list:
    """Shaded periods, a rule and a label for each event, method break and note, and labelled points
    (none of them: no layers). Labels take rows at the top of the plot so that none overlaps another,
    and each has a halo in the background's colour so that gridlines and lines do not strike through it.

    `drawn` are the values placed along the time axis: with the annotations they make its domain.
    `reserved` is (rows, (left, right)) of the plot's top already taken by a callout; `right` the pixels
    right of the plot that line-end names take from its width.
    """
    x = alt.X("date:T", scale=DATE)
    layers = []
    if data.periods:
        layers.append(alt.Chart(alt.Data(values=data.periods)).mark_rect(color=layout.ink, opacity=0.09).encode(
            x=x, x2="date2:T", tooltip=alt.Tooltip("label:N"), description=alt.Description("text:N")))
    dated = [*data.events, *({**p, "style": "period", "date_label": p["text"]} for p in data.periods)]
    placed = place_events(dated, drawn, layout, reserved, right) if dated else []
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
    for align, points in _point_label_sides(data.labelled, drawn, layout, right).items():
        layers += _haloed(alt.Chart(alt.Data(values=points)), layout, "annotation_point", dict(
            align=align, baseline="bottom", dy=-8, fontSize=size, fontWeight="bold"),
            x=x, y=alt.Y("value:Q"), text="label:N")
    return layers


def _point_label_sides(labelled: list[dict], drawn: list[dict], layout: Layout, right: float = 0) -> dict:
    """Labelled points by the side their label takes above the dot: centred, or ending at the dot ('right') or
    starting at it ('left') where a centred label would run over the next figure on one side only."""
    if not labelled:
        return {}
    days = [dt.date.fromisoformat(item["date"]) for item in [*drawn, *labelled]]
    first, span = min(days), max((max(days) - min(days)).days, 1)
    plot_width = layout.width * 0.8 - right

    def at(item):
        return (dt.date.fromisoformat(item["date"]) - first).days / span * plot_width

    sides: dict[str, list[dict]] = {}
    for point in labelled:
        half = len(point["label"]) * layout.label_chars * 0.55 + 6  # bold, a little wider than plain text
        others = [at(item) - at(point) for item in drawn if item["date"] != point["date"]]
        crowded_right, crowded_left = any(0 < d <= half for d in others), any(-half <= d < 0 for d in others)
        align = "right" if crowded_right and not crowded_left else "left" if crowded_left and not crowded_right \
            else "center"
        sides.setdefault(align, []).append(point)
    return sides


def _haloed(base, layout: Layout, name: str, mark: dict, **encoding) -> list:
    """A text layer over a halo of itself: a wide stroke in the background's colour (charts.css gives it the
    page's background; a drawing with a background of its own gets that)."""
    halo = base.mark_text(**mark, stroke=layout.background or "transparent", strokeWidth=4, strokeJoin="round",
                          color=layout.background or "transparent").encode(**encoding).properties(name=f"{name}_halo")
    return [halo, base.mark_text(**mark, color=layout.ink).encode(**encoding)]


def place_events(events: list[dict], drawn: list[dict], layout: Layout, reserved: tuple | None = None,
                 right: float = 0) -> list[dict]:
    """Each event with its label's side (right of the rule, or left where it would leave the plot) and row; events
    whose rules would touch are merged into one, their labels joined. Rows are added until no label overlaps
    another, so a crowded chart pushes labels down rather than over each other."""
    days = [dt.date.fromisoformat(item["date"]) for item in [*drawn, *events]]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    plot_width = layout.width * 0.8 - right  # the rest goes to the axis labels
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
        # Right of its rule, wrapped to the room there, unless it would then leave the plot or take more than
        # three lines: then left of it. The same side for every kind of rule, so a label reads as its rule's.
        lines = _fit_label(event["label"], plot_width - at - 8, layout)
        length = max(len(line) for line in lines) * layout.label_chars + 8
        align = "left"  # Vega's word for text that starts at the rule and runs right
        if at + length > plot_width or len(lines) > 3:
            lines = _fit_label(event["label"], at - 8, layout)
            length = max(len(line) for line in lines) * layout.label_chars + 8
            align = "right"
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
    if len(lines) > 1 and len(lines[-1]) <= 4 and " " in lines[-2]:  # no "14)" alone: "(Round 14)" together
        rest, moved = lines[-2].rsplit(" ", 1)
        lines[-2:] = [rest, f"{moved} {lines[-1]}"]
    return lines or [label]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def stacked(values: list[dict]) -> list[dict]:
    """Each value with where its band starts and ends ('base', 'top'): the series below it on the same date
    (in the order of the YAML, first at the bottom) added up."""
    below: dict[str, float] = {}
    placed = []
    for value in sorted(values, key=lambda v: (v["date"], v["order"])):
        start = below.get(value["date"], 0)
        below[value["date"]] = start + value["value"]
        placed.append({**value, "base": start, "top": start + value["value"]})
    return placed


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


END_LABEL_COLUMN = 0.28  # the most of the chart's width a column of line-end labels may take
END_LABEL_REACH = 0.1  # a series whose last figure is further than this share of the span from the end: a legend


def end_labels(data: ChartData, layout: Layout, stacked: bool = False) -> list[dict]:
    """Each series' name beside its last figure (`stacked`: beside the middle of its band), in its colour, when
    every series runs to the chart's right edge and the names fit a narrow column there and the plot's height;
    otherwise none (the chart keeps its legend).

    A series that stops mid-chart would be named in the middle of the others' data, so then a legend reads
    better. Names are pushed apart vertically, so that two lines ending at the same height keep legible names.
    """
    if len(data.series) < 2 or not data.values or min(v["low"] for v in data.values) < 0:
        return []
    days = [dt.date.fromisoformat(v["date"]) for v in data.values]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    room = layout.width * END_LABEL_COLUMN
    top, plot_height = value_top(data.values, stacked), plot_height_of(layout)
    line_height = round(layout.font_size * 1.25)
    finals = {label: max((v for v in data.values if v["series"] == label), key=lambda v: v["date"])
              for label in data.series}
    if stacked and len({final["date"] for final in finals.values()}) > 1:
        return []  # a band that stops early has no end beside the others'
    ends, below = [], 0.0
    for label, final in sorted(finals.items(), key=lambda item: item[1]["order"] if stacked else 0):
        lines = _fit_label(label, room, layout)
        if (last - dt.date.fromisoformat(final["date"])).days > span * END_LABEL_REACH or len(lines) > 2 \
                or max(len(line) for line in lines) * layout.label_chars > room:
            return []
        middle = below + final["value"] / 2 if stacked else final["value"]
        below += final["value"]
        ends.append({"series": label, "date": final["date"], "value": final["value"],
                     "label": lines if len(lines) > 1 else lines[0],
                     "at": plot_height * (1 - middle / top), "height": len(lines) * line_height})
    ends.sort(key=lambda end: end["at"])
    for above, below in zip(ends, ends[1:]):  # push each name down until it clears the one above
        below["at"] = max(below["at"], above["at"] + (above["height"] + below["height"]) / 2 + 2)
    overflow = ends[-1]["at"] + ends[-1]["height"] / 2 - plot_height
    if overflow > 0:  # the lowest would leave the plot: move them all up, and give up if the top is passed
        for end in ends:
            end["at"] -= overflow
        if ends[0]["at"] - ends[0]["height"] / 2 < 0:
            return []
    return [{**{k: v for k, v in end.items() if k not in ("at", "height")},
             "y": top * (1 - end["at"] / plot_height)} for end in ends]


def value_top(values: list[dict], stacked: bool = False) -> float:
    """The top of the value scale the names at the lines' ends are placed on: the highest value (or sum of a
    date's values, stacked), rounded up as Vega rounds it."""
    if not stacked:
        return nice_top(max(v["high"] for v in values))
    totals: dict[str, float] = {}
    for value in values:
        totals[value["date"]] = totals.get(value["date"], 0) + value["value"]
    return nice_top(max(totals.values()))


def end_label_layers(ends: list[dict], data: ChartData, layout: Layout, palette: tuple) -> list:
    """The names beside the lines' ends, in their series' colours, over a halo like the annotations'."""
    if not ends:
        return []
    base = alt.Chart(alt.Data(values=ends))
    mark = dict(align="left", baseline="middle", dx=layout.font_size * 0.75, fontWeight="bold",
                fontSize=layout.font_size, lineHeight=round(layout.font_size * 1.25))
    encoding = dict(x=alt.X("date:T", scale=DATE), y=alt.Y("y:Q"), text="label:N")
    colour = alt.Color("series:N", scale=alt.Scale(domain=data.series, range=list(palette)), legend=None)
    halo = base.mark_text(**mark, stroke=layout.background or "transparent", strokeWidth=4, strokeJoin="round",
                          color=layout.background or "transparent", aria=False).encode(**encoding)
    return [halo.properties(name="annotation_end_halo"),  # the name: charts.css gives halos the page's background
            base.mark_text(**mark).encode(**encoding, color=colour, description=alt.Description("series:N"))]


def end_label_width(ends: list[dict], layout: Layout) -> float:
    """The width the column of line-end names takes right of the plot, in pixels."""
    if not ends:
        return 0.0
    longest = max(len(line) for end in ends for line in (end["label"] if isinstance(end["label"], list)
                                                          else [end["label"]]))
    return layout.font_size * 0.75 + longest * layout.label_chars * 1.1


def plot_height_of(layout: Layout) -> float:
    """Roughly the plot's height in a layout without a legend: its height less the time axis's labels."""
    title = layout.font_size * 5 if layout.with_title else 0  # a title and two lines of subtitle
    return layout.height - 2 * layout.font_size - 6 - title


def nice_top(high: float, count: int = 10) -> float:
    """The top of a zero-based value scale as Vega's `nice` rounds it up (d3's step for ten ticks)."""
    if high <= 0:
        return 1.0
    step = high / count
    power = 10 ** math.floor(math.log10(step))
    error = step / power
    step = power * (10 if error >= 50 ** 0.5 else 5 if error >= 10 ** 0.5 else 2 if error >= 2 ** 0.5 else 1)
    return math.ceil(high / step) * step
