"""Time axes that read at any span: drawn for real with vl-convert, the x-axis labels of the SVG are read
back: at least three, none overlapping another, and the year named where the span crosses one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from explainer.charts.data import ChartData
from explainer.charts.draw import convert
from explainer.charts.marks import build_spec
from explainer.charts.theme import NARROW, WIDE

SPANS = {  # name: (first day, last day)
    "2 days": ("2023-06-06", "2023-06-08"),
    "6 days": ("2023-06-06", "2023-06-12"),
    "2 months": ("2022-12-01", "2023-02-01"),
    "2 years": ("2021-03-01", "2023-03-01"),
    "20 years": ("2004-01-01", "2024-01-01"),
}


def series_over(first: str, last: str, points: int = 7) -> ChartData:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = [start + (end - start) * i / (points - 1) for i in range(points)]
    values = [{"date": day.isoformat(), "series": "Level", "value": 100 + i, "low": 100 + i, "high": 100 + i,
               "segment": 0, "tip": {"title": "Level"}, "text": "t", "order": 0, "is_range": False,
               "value_label": str(100 + i), "date_label": day.isoformat(), "by": "", "note": "", "source": "S"}
              for i, day in enumerate(days)]
    return ChartData(id="span", kind="line", title="A span", subtitle="", credit="", unit="metres", period=None,
                     description="A line.", series=["Level"], values=values)


def x_labels(svg: str, font_size: float) -> list[tuple[str, float, float]]:
    """(text, left, right) of each label of the x axis, from its position and an Arial-like width."""
    axis = re.search(r'aria-label="X-axis.*?</g></g>', svg, re.S)
    assert axis, "the SVG has an x axis"
    labels = []
    for attrs, text in re.findall(r"<text([^>]*)>([^<]*)</text>", axis.group(0)):
        x = float(re.search(r"translate\(([-\d.]+)", attrs).group(1))
        anchor = re.search(r'text-anchor="(\w+)"', attrs)
        width = len(text) * font_size * 0.56
        left = {"start": x, "end": x - width}.get(anchor.group(1) if anchor else "middle", x - width / 2)
        labels.append((text, left, left + width))
    return labels


@pytest.mark.parametrize("span", list(SPANS))
@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
def test_a_time_axis_reads_at_any_span(span, layout):
    first, last = SPANS[span]
    svg = convert("svg", build_spec(series_over(first, last), layout)).decode("utf-8")
    labels = x_labels(svg, layout.font_size)
    texts = [text for text, _, _ in labels]
    assert len([t for t in texts if t]) >= 3, texts
    for (a, _, a_right), (b, b_left, _) in zip(labels, labels[1:]):
        assert a_right + 2 <= b_left, f"'{a}' and '{b}' overlap: {labels}"
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", " ".join(texts))}
    assert years, f"no label names a year: {texts}"
    crossed = range(int(first[:4]) + 1, int(last[:4]) + 1)
    if len(crossed) == 1:
        assert crossed[0] in years, f"the span crosses into {crossed[0]} but no label says so: {texts}"
