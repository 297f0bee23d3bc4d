"""The builders of the chart kinds (charts/kinds.py names which draws which), each turning ChartData into an
Altair chart.

Imported only when a spec is not in the cache, because Altair takes half a second to import.
Every time scale is UTC and every date a reader sees is formatted in Python, so the output does
not depend on the machine's time zone.
"""

from __future__ import annotations

import datetime as dt

import altair as alt

from . import layers
from .data import ChartData
from .kinds import KINDS
from .theme import PALETTE, Layout, theme_config

DATE = layers.DATE


def line_chart(data: ChartData, layout: Layout):
    """Lines with a dot per published figure; a gap without data is drawn dashed."""
    base = alt.Chart(alt.Data(values=data.values)).encode(x=_x(data, layout), y=_y(data, layout), color=_color(data))
    lines = base.mark_line(strokeWidth=2.5 if layout.name != "card" else 4).encode(detail="segment:N")
    links = layers.gap_links(data.values)
    gaps = [alt.Chart(alt.Data(values=links)).mark_line(strokeWidth=1.5, strokeDash=[3, 4]).encode(
        x=_x(data, layout), y="value:Q", color=_color(data), detail="link:N")] if links else []
    points = base.mark_point(filled=True, size=_dot(layout), opacity=1).encode(
        tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))
    return alt.layer(lines, *gaps, points, *layers.event_layers(data, data.values, layout))


def estimates_chart(data: ChartData, layout: Layout):
    """Dated estimates as dots, ranges as bars with caps, and a dashed span where sources disagree.

    An estimate made long before the others (the pre-war population) is a horizontal reference
    line across the chart, so that the wartime estimates are not crowded into one corner.
    """
    baseline, values = layers.split_baseline(data.values)
    x, y = _x(data, layout, values), _y(data, layout)
    spans, ranges = layers.disagreements(values), [v for v in values if v["is_range"]]
    singles = [v for v in values if not v["is_range"]]
    drawn = []
    if spans:
        drawn.append(alt.Chart(alt.Data(values=spans)).mark_rule(
            strokeWidth=1.5, strokeDash=[2, 3], color=PALETTE[0]).encode(
            x=x, y="low:Q", y2="high:Q", tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N")))
    if ranges:
        base = alt.Chart(alt.Data(values=ranges))
        drawn.append(base.mark_rule(strokeWidth=3, color=PALETTE[0]).encode(
            x=x, y="low:Q", y2="high:Q", tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N")))
        drawn += [base.mark_tick(color=PALETTE[0], thickness=2, size=12).encode(x=x, y=alt.Y(f"{end}:Q"))
                  for end in ("low", "high")]
    if singles:
        drawn.append(alt.Chart(alt.Data(values=singles)).mark_point(
            filled=True, size=_dot(layout), opacity=1, color=PALETTE[0]).encode(
            x=x, y=y, tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N")))
    return alt.layer(*layers.baseline_layers(baseline, layout), *drawn, *layers.event_layers(data, values, layout))


def bar_chart(data: ChartData, layout: Layout):
    """One bar per period (a year, a month), labelled under it and with its value written above it.

    The x axis is ordinal (one band per period), so a bar chart marks no events: validation says so.
    """
    order = [v["date_label"] for v in sorted(data.values, key=lambda v: v["date"])]
    x = alt.X("date_label:O", title=None, sort=order, axis=alt.Axis(labelAngle=0, ticks=False))
    base = alt.Chart(alt.Data(values=data.values)).encode(x=x, y=_y(data, layout))
    bars = base.mark_bar(color=PALETTE[0], width={"band": 0.7}).encode(
        tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))
    labels = base.mark_text(dy=-layout.font_size * 0.4, baseline="bottom", fontWeight="bold").encode(
        text="value_label:N")
    return alt.layer(bars, labels)


def build_spec(data: ChartData, layout: Layout) -> dict:
    """The Vega-Lite spec of a chart in one layout, as a dict with its data inline."""
    builder = globals()[KINDS[data.kind].builder]  # a function of this module, named in the kinds table
    chart = builder(data, layout).properties(
        width=layout.width, height=layout.height, description=data.description,
        autosize=alt.AutoSizeParams(type="fit", contains="padding"))
    if layout.with_title:
        chart = chart.properties(title=alt.Title(data.title, subtitle=subtitle_lines(data.subtitle, layout)
                                                 or alt.Undefined))
    spec = chart.to_dict()
    spec["config"] = theme_config(layout)
    spec["background"] = layout.background
    return spec


def subtitle_lines(text: str, layout: Layout, most: int = 2) -> list[str]:
    """A subtitle broken into lines that fit the width: a long one would squeeze the plot instead."""
    fits = int(layout.width * 0.95 / layout.label_chars)
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= fits:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][:fits - 1].rstrip(" ,") + "…"
    return lines


def _x(data: ChartData, layout: Layout, drawn: list[dict] | None = None):
    # Years on a long axis, every few months on a short one: fixed in the spec, so the interactive
    # view (which may be narrower) keeps labels a reader can place in time.
    days = [v["date"] for v in (data.values if drawn is None else drawn)] + [e["date"] for e in data.events]
    span = (dt.date.fromisoformat(max(days)) - dt.date.fromisoformat(min(days))).days if days else 0
    if span > 540:
        ticks, label_format = alt.TimeIntervalStep(interval="year", step=1), "%Y"
    else:
        ticks, label_format = alt.TimeIntervalStep(interval="month", step=3 if span > 200 else 1), alt.Undefined
    return alt.X("date:T", title=None, scale=DATE,
                 axis=alt.Axis(tickCount=ticks, format=label_format, labelOverlap=True, grid=False))


def _y(data: ChartData, layout: Layout):
    # '8M' reads better than '8,000,000' on an axis, but '30,000' better than '30k'
    big = max((v["high"] for v in data.values), default=0) >= 1_000_000
    axis = alt.Axis(tickCount=max(3, layout.height // 80), format=alt.Undefined if big else ",d",
                    labelExpr="format(datum.value, '~s')" if big else alt.Undefined)
    return alt.Y("value:Q", title=data.unit[:1].upper() + data.unit[1:], axis=axis)


def _color(data: ChartData):
    legend = alt.Legend(title=None) if len(data.series) > 1 else None
    return alt.Color("series:N", scale=alt.Scale(domain=data.series, range=list(PALETTE)), legend=legend)


def _dot(layout: Layout) -> int:
    return layout.font_size * 4 if layout.name != "card" else 180
