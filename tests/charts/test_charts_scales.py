"""Scales that show the story: in the Sievierodonetsk chart the pre-war population is a callout, not the top
of the axis, so the wartime estimates span at least half the plot's height (read from the drawn SVG)."""

from __future__ import annotations

import re

import pytest
from support import ROOT, load_content

from explainer.charts import build_chart
from explainer.charts.data import chart_data
from explainer.charts.draw import convert
from explainer.charts.marks import build_spec
from explainer.charts.theme import NARROW, WIDE


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def drawn(content, chart_id, layout) -> str:
    spec = content.charts[chart_id]
    chart = build_chart(spec, content)
    return convert("svg", build_spec(chart_data(spec, chart.series, chart.rows, content, chart.summary, ""),
                                     layout)).decode("utf-8")


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
def test_wartime_estimates_span_half_the_plot_and_the_prewar_figure_is_a_callout(content, layout):
    svg = drawn(content, "sievierodonetsk-population", layout)
    height = float(re.search(r'<path class="background" aria-hidden="true" d="M0,0h[\d.]+v([\d.]+)', svg).group(1))
    symbols = re.search(r'class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S).group(1)
    ys = [float(y) for y in re.findall(r'translate\([-\d.]+,([-\d.]+)\)', symbols)]
    assert len(ys) == 5, "a dot for each single wartime estimate, none for the pre-war figure"
    assert (max(ys) - min(ys)) / height >= 0.5, (min(ys), max(ys), height)
    assert "101,135, above the scale" in svg
    assert not re.search(r">100,000<", svg), "the pre-war figure does not set the top of the axis"
