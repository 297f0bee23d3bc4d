"""The builders of the chart kinds (charts/kinds.py names which draws which), each turning ChartData into an
Altair chart.

Imported only when a spec is not in the cache, because Altair takes half a second to import.
Every time scale is UTC and every date a reader sees is formatted in Python, so the output does
not depend on the machine's time zone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import altair as alt

from ..numbers import SPEECH
from . import axes, layers
from .data import ChartData
from .kinds import KINDS
from .theme import PALETTE, Layout, theme_config

DATE = layers.DATE
SHAPES = ("circle", "square", "triangle-up", "diamond")  # series told apart by more than their colour


def line_chart(data: ChartData, layout: Layout):
    """Lines with a dot per published figure; a long gap without data is left a gap, not bridged by a trend.
    Several series are named at their lines' ends where the names fit there, else in a legend."""
    ends = layers.end_labels(data, layout)
    scale = alt.Scale(domain=[0, layers.value_top(data.values)], nice=False) \
        if ends else alt.Undefined  # the scale end_labels placed the names on
    base = alt.Chart(alt.Data(values=data.values)).encode(
        x=_x(data, layout), y=_y(data, layout, scale=scale), color=_color(data, legend=not ends))
    lines = base.mark_line(strokeWidth=_stroke(layout)).encode(detail="segment:N")
    return alt.layer(lines, _points(base, data, layout, legend=not ends),
                     *layers.event_layers(data, data.values, layout, right=layers.end_label_width(ends, layout)),
                     *layers.end_label_layers(ends, data, layout, PALETTE))


def area_chart(data: ChartData, layout: Layout):
    """One series with the area under its line filled, and a dot per figure."""
    base = alt.Chart(alt.Data(values=data.values)).encode(x=_x(data, layout), y=_y(data, layout), color=_color(data))
    area = base.mark_area(opacity=0.3, line=False).encode(detail="segment:N")
    line = base.mark_line(strokeWidth=_stroke(layout)).encode(detail="segment:N")
    return alt.layer(area, line, _points(base, data, layout), *layers.event_layers(data, data.values, layout))


def stacked_area_chart(data: ChartData, layout: Layout):
    """Series stacked on one another: the top edge is their sum; each band's tooltip gives its own value.
    Bands are named beside their ends where the names fit there, else in a legend."""
    ends = layers.end_labels(data, layout, stacked=True)
    scale = alt.Scale(domain=[0, layers.value_top(data.values, stacked=True)], nice=False) if ends else alt.Undefined
    base = alt.Chart(alt.Data(values=layers.stacked(data.values))).encode(
        x=_x(data, layout), color=_color(data, legend=not ends))
    title, axis = _value_axis(data, layout)
    # Stacked here, not by Vega-Lite: its stack groups by the tooltip field too, which gives every figure a band
    # of its own, filled with zeros elsewhere (the bands were drawn as teeth down to the axis).
    area = base.mark_area(opacity=0.85, line={"strokeWidth": 1}).encode(
        y=alt.Y("top:Q", title=title, axis=axis, scale=scale), y2="base:Q", detail="series:N",
        tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))
    return alt.layer(area, *layers.event_layers(data, data.values, layout, right=layers.end_label_width(ends, layout)),
                     *layers.end_label_layers(ends, data, layout, PALETTE))


def estimates_chart(data: ChartData, layout: Layout):
    """Dated estimates as dots, ranges as bars with caps, and a dashed span where sources disagree.

    An estimate made long before the others (the pre-war population) is a callout in the corner, off
    the scale, so that the wartime estimates fill the plot instead of its bottom sixth; the value axis
    then starts near the lowest estimate, not at zero (dots and ranges, unlike bars, need no zero).
    """
    baseline, values = layers.split_baseline(data.values)
    x = _x(data, layout, values)
    room = alt.Scale(domain=layers.room_for_callout(values), zero=False, nice=False)
    y = _y(data, layout, shared=values, scale=room if baseline else alt.Undefined)
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
    callout = layers.baseline_layers(baseline, layout)
    reserved = layers.callout_extent(baseline, layout) if baseline else None
    return alt.layer(*callout, *drawn, *layers.event_layers(data, values, layout, reserved))


def bar_chart(data: ChartData, layout: Layout):
    """One bar per period (a year, a month) with its value written at its end; several series side by side.

    Bars lie horizontal when the period labels would not fit under them. The axis is one band per period,
    so a bar chart marks no events: validation says so.
    """
    order, horizontal = _periods(data, layout)
    several = len(data.series) > 1
    band = alt.X if not horizontal else alt.Y
    length = alt.Y if not horizontal else alt.X
    title, axis = _value_axis(data, layout)
    encoding = {"x" if not horizontal else "y": band("date_label:O", title=None, sort=order, axis=alt.Axis(
        labelAngle=0, ticks=False)), "y" if not horizontal else "x": length("value:Q", title=title, axis=axis)}
    if several:
        encoding["xOffset" if not horizontal else "yOffset"] = alt.XOffset("series:N", sort=data.series) \
            if not horizontal else alt.YOffset("series:N", sort=data.series)
    base = alt.Chart(alt.Data(values=data.values)).encode(**encoding)
    bars = base.mark_bar(**({} if several else {"color": PALETTE[0]}), **(
        {"width": {"band": 0.7}} if not horizontal else {"height": {"band": 0.7}})).encode(
        **({"color": _color(data)} if several else {}), tooltip=alt.Tooltip("tip:N"),
        description=alt.Description("text:N"))
    labels = base.mark_text(**({"dy": -layout.font_size * 0.4, "baseline": "bottom"} if not horizontal else
                               {"dx": 4, "align": "left", "baseline": "middle"}),
                            fontWeight="bold", fontSize=layout.font_size if not several else
                            round(layout.font_size * 0.85)).encode(text="value_label:N")
    return alt.layer(bars, labels)


def stacked_bar_chart(data: ChartData, layout: Layout):
    """One bar per period, its series stacked, with the period's total written above it."""
    order, _ = _periods(data, layout)
    x = alt.X("date_label:O", title=None, sort=order, axis=alt.Axis(labelAngle=0, ticks=False))
    bars = alt.Chart(alt.Data(values=data.values)).mark_bar(width={"band": 0.7}).encode(
        x=x, y=_y(data, layout, stack="zero"), color=_color(data),
        order=alt.Order("order:Q"), tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))
    totals = alt.Chart(alt.Data(values=layers.period_totals(data.values))).mark_text(
        dy=-layout.font_size * 0.4, baseline="bottom", fontWeight="bold").encode(
        x=x, y=alt.Y("value:Q"), text="value_label:N")
    return alt.layer(bars, totals)


def small_multiples_chart(data: ChartData, layout: Layout):
    """A grid of line charts, one panel per series, on one shared scale so that panels compare."""
    columns = 1 if layout.width < 480 else 2
    rows = -(-len(data.series) // columns)
    width = (layout.width - (columns - 1) * 24) // columns - 40
    height = max(90, (layout.height - rows * (layout.font_size * 2 + 8)) // rows - 24)
    panels = []
    for label in data.series:
        values = [v for v in data.values if v["series"] == label]
        panel_data = dataclasses.replace(data, values=values, series=[label])
        base = alt.Chart(alt.Data(values=values)).encode(
            x=_x(data, layout, data.values, width), y=_y(data, layout, shared=data.values),
            color=alt.Color("series:N", scale=alt.Scale(domain=data.series, range=list(PALETTE)), legend=None))
        panels.append(alt.layer(base.mark_line(strokeWidth=_stroke(layout)).encode(detail="segment:N"),
                                _points(base, panel_data, layout),
                                *layers.event_layers(panel_data, data.values, layout)).properties(
            width=width, height=height, title=alt.Title(label, anchor="start", fontSize=layout.font_size,
                                                        fontWeight="bold")))
    return alt.concat(*panels, columns=columns, spacing=24).resolve_scale(y="shared", x="shared")


def build_spec(data: ChartData, layout: Layout) -> dict:
    """The Vega-Lite spec of a chart in one layout, as a dict with its data inline."""
    builder = globals()[KINDS[data.kind].builder]  # a function of this module, named in the kinds table
    chart = builder(data, layout)
    if isinstance(chart, alt.ConcatChart):  # its panels have their own sizes, and 'fit' fits one view only
        chart = chart.properties(description=data.description, autosize=alt.AutoSizeParams(type="pad"))
    else:
        chart = chart.properties(width=layout.width, height=layout.height, description=data.description,
                                 autosize=alt.AutoSizeParams(type="fit", contains="padding"))
    if layout.with_title:
        lines = [*(subtitle_lines(data.subtitle, layout, most=1) if data.subtitle else []),
                 *subtitle_lines(data.credit, layout)]
        chart = chart.properties(title=alt.Title(data.title, subtitle=lines or alt.Undefined))
    spec = chart.to_dict()
    spec["config"] = theme_config(layout)
    if (locale := vega_locale()) is not None:  # axis numbers and dates as the edition's language writes them
        spec["config"]["locale"] = locale
    spec["background"] = layout.background
    spec["padding"] = layout.padding
    return spec


def vega_locale() -> dict | None:
    """d3's number and time formats for the language being spoken (None in English, Vega's own), from
    vl-convert's locale tables ('uk' is 'uk-UA' there)."""
    speech = SPEECH.get()
    if speech is None:
        return None
    import vl_convert
    from babel.core import get_global

    likely = get_global("likely_subtags").get(speech.locale, speech.locale).split("_")
    name = f"{likely[0]}-{likely[-1]}" if len(likely) > 1 else likely[0]
    try:
        return {"number": vl_convert.get_format_locale(name), "time": vl_convert.get_time_format_locale(name)}
    except Exception:  # noqa: BLE001 - vl-convert has no table for this language: Vega's English stays
        return None


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


def _x(data: ChartData, layout: Layout, drawn: list[dict] | None = None, width: float | None = None):
    """The time axis, its ticks and labels chosen in Python (axes.py) and fixed in the spec, so that the
    interactive view keeps labels a reader can place in time."""
    days = [v["date"] for v in (data.values if drawn is None else drawn)] + [e["date"] for e in data.events]
    days += [day for shade in getattr(data, "periods", ()) for day in (shade["date"], shade["date2"])]
    first, last = (dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))) if days else (None, None)
    if first is None:
        return alt.X("date:T", title=None, scale=DATE)
    ticks = axes.time_ticks(first, last, (width or layout.width) * 0.82, layout.label_chars)
    return alt.X("date:T", title=None, scale=DATE, axis=alt.Axis(
        values=[tick.vega for tick in ticks], labelExpr=axes.label_expression(ticks), labelOverlap=False,
        grid=False))


def _y(data: ChartData, layout: Layout, shared: list[dict] | None = None, **options):
    """The value axis; `shared` are the values its scale must hold (all panels of small multiples)."""
    title, axis = _value_axis(data, layout, shared)
    return alt.Y("value:Q", title=title, axis=axis, **options)


def _value_axis(data: ChartData, layout: Layout, shared: list[dict] | None = None) -> tuple[str, alt.Axis]:
    # '8M' reads better than '8,000,000' on an axis, but '30,000' better than '30k'
    big = max((v["high"] for v in (shared or data.values)), default=0) >= 1_000_000
    axis = alt.Axis(tickCount=max(3, layout.height // 80), format=alt.Undefined if big else ",d",
                    labelExpr="format(datum.value, '~s')" if big else alt.Undefined)
    return data.unit[:1].upper() + data.unit[1:], axis


def _color(data: ChartData, legend: bool = True):
    legend = alt.Legend(title=None) if len(data.series) > 1 and legend else None
    return alt.Color("series:N", scale=alt.Scale(domain=data.series, range=list(PALETTE)), legend=legend)


def _points(base, data: ChartData, layout: Layout, legend: bool = True):
    """A dot per figure, with its tooltip and its sentence for screen readers."""
    shape = alt.Shape("series:N", scale=alt.Scale(domain=data.series, range=list(SHAPES)),
                      legend=alt.Legend(title=None) if len(data.series) > 1 and legend else None)
    return base.mark_point(filled=True, size=_dot(layout), opacity=1).encode(
        shape=shape, tooltip=alt.Tooltip("tip:N"), description=alt.Description("text:N"))


def _periods(data: ChartData, layout: Layout) -> tuple[list[str], bool]:
    """The period labels in date order, and whether they are too long to sit under vertical bars."""
    order = list(dict.fromkeys(v["date_label"] for v in sorted(data.values, key=lambda v: v["date"])))
    band = layout.width * 0.85 / max(len(order), 1)
    return order, max((len(label) for label in order), default=0) * layout.label_chars > band * 0.9


def _stroke(layout: Layout) -> float:
    return 2.5 if layout.name != "card" else 4


def _dot(layout: Layout) -> int:
    return layout.font_size * 4 if layout.name != "card" else 180
