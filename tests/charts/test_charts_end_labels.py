"""Series named at their lines' ends instead of in a legend, where the names fit: drawn by vl-convert, their
boxes read back from the SVG (inside the drawing, clear of each other, beside their own line's last figure);
a legend where they would not fit."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from support import ROOT, load_content
from test_charts_annotations import label_boxes

from explainer.charts import build_chart
from explainer.charts.data import chart_data
from explainer.charts.draw import convert
from explainer.charts.marks import build_spec
from explainer.charts.theme import CARD, IMAGE, NARROW, PALETTE, WIDE

LAYOUTS = [WIDE, NARROW, CARD, IMAGE]


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def data_of(content, chart_id):
    spec = content.charts[chart_id]
    chart = build_chart(spec, content)
    return chart_data(spec, chart.series, chart.rows, content, chart.summary, "Source: test")


def drawn(data, layout) -> str:
    return convert("svg", build_spec(data, layout)).decode("utf-8")


def end_names(svg: str) -> list[tuple[str, str, float, float, float, float]]:
    """(text, fill, left, top, right, bottom) of each name at a line's end, in the drawing's coordinates."""
    x0, y0 = map(float, re.search(r'<g fill="none" stroke-miterlimit="10" transform="translate\(([-\d.]+),([-\d.]+)\)',
                                  svg).groups())
    group = re.search(r'class="mark-text role-mark layer_\d+_marks"[^>]*>((?:(?!</g>).)*font-weight="bold" fill="#[^"]+"'
                      r'(?:(?!</g>).)*)</g>', svg[svg.index("annotation_end_halo_marks"):], re.S).group(1)
    fills = re.findall(r'<text[^>]*fill="(#[0-9a-f]{6})"', group)
    boxes = label_boxes(svg, "annotation_end")
    return [(text, fill, left + x0, top + y0, right + x0, bottom + y0)
            for (text, left, top, right, bottom), fill in zip(boxes, fills)]


def view_box(svg: str) -> tuple[float, float]:
    return tuple(map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()))


def last_points(svg: str) -> dict[str, tuple[float, float]]:
    """The rightmost dot of each colour, in the drawing's coordinates."""
    x0, y0 = map(float, re.search(r'transform="translate\(([-\d.]+),([-\d.]+)\)"', svg).groups())
    last = {}
    for x, y, fill in re.findall(r'aria-roledescription="point" transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*'
                                 r'fill="(#[0-9a-f]{6})"', svg):
        if fill not in last or float(x) > last[fill][0]:
            last[fill] = (float(x), float(y))
    return {fill: (x + x0, y + y0) for fill, (x, y) in last.items()}


def assert_names_fit(svg: str, data, layout):
    names = end_names(svg)
    assert sorted(name[0] for name in names) == sorted(data.series)
    assert 'aria-roledescription="legend"' not in svg, "named at the lines' ends, the chart has no legend"
    width, height = view_box(svg)
    for text, _, left, top, right, bottom in names:
        # (the width is estimated from the number of characters: Chromium measures it for real in the browser tests)
        assert 0 <= left and right <= width + 2 and 0 <= top and bottom <= height, f"'{text}' leaves the drawing"
    for a, b in itertools.combinations(names, 2):
        assert a[4] <= b[2] or b[4] <= a[2] or a[5] <= b[3] or b[5] <= a[3], f"'{a[0]}' and '{b[0]}' overlap"
    return names


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_each_series_is_named_beside_its_last_figure_in_its_colour(content, layout):
    data = data_of(content, "civilian-casualties")
    svg = drawn(data, layout)
    names = assert_names_fit(svg, data, layout)
    points = last_points(svg)
    for text, fill, left, top, _, bottom in names:
        assert fill == PALETTE[data.series.index(text)], f"'{text}' is written in its series' colour"
        x, y = points[fill]
        assert x < left <= x + layout.font_size * 1.5, f"'{text}' starts just right of its line's last dot"
        assert top - layout.font_size * 0.5 <= y <= bottom + layout.font_size * 0.5, f"'{text}' sits level with it"


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_names_of_lines_ending_together_are_pushed_apart(content, layout):
    data = data_of(content, "civilian-casualties")
    killed = {v["date"]: v for v in data.values if v["series"] == "Killed"}
    same = [{**v, **{k: killed[v["date"]][k] for k in ("value", "low", "high")}} if v["date"] in killed else v
            for v in data.values]
    assert_names_fit(drawn(dataclasses.replace(data, values=same), layout), data, layout)


@pytest.mark.parametrize("chart_id", ["internal-displacement", "displacement"])
@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
def test_series_that_stop_mid_chart_keep_a_legend(content, chart_id, layout):
    svg = drawn(data_of(content, chart_id), layout)
    assert 'aria-roledescription="legend"' in svg and "annotation_end" not in svg


def test_names_too_long_for_the_column_beside_the_plot_keep_a_legend(content):
    data = data_of(content, "civilian-casualties")
    long = {"Killed": "Civilians killed, as verified by the UN monitoring mission",
            "Injured": "Civilians injured, as verified by the UN monitoring mission"}
    renamed = dataclasses.replace(data, series=[long[s] for s in data.series],
                                  values=[{**v, "series": long[v["series"]]} for v in data.values])
    assert "annotation_end" in drawn(data, NARROW)
    svg = drawn(renamed, NARROW)
    assert 'aria-roledescription="legend"' in svg and "annotation_end" not in svg


def stacked_area(content):
    from explainer.model import ChartSpec
    from explainer.output.paths import chart_paths

    spec = ChartSpec(id="stacked", kind="stacked-area", data=("civilian-casualties",), series=None, title="Stacked",
                     subtitle="", description="Killed and injured, stacked.", paths=chart_paths("stacked"))
    chart = build_chart(spec, content)
    return chart_data(spec, chart.series, chart.rows, content, chart.summary, "Source: test")


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
def test_stacked_bands_are_drawn_once_per_date_and_named_beside_their_ends(content, layout):
    data = stacked_area(content)
    svg = drawn(data, layout)
    dates = len({v["date"] for v in data.values})
    for path in re.findall(r'aria-roledescription="area mark" d="([^"]+)"', svg):
        # a top edge and a bottom edge, a point per date each (Vega-Lite's own stack once drew teeth to the axis)
        assert len(re.findall(r"[ML][-\d.]+,[-\d.]+", path)) == 2 * dates
    names = {name[0]: name for name in assert_names_fit(svg, data, layout)}
    assert names["Injured"][5] <= names["Killed"][3], "the band on top is named above the one below it"
