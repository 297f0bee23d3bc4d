"""The table of kinds: every kind drawn for real (Altair, then vl-convert), what each accepts, and the
refusals an editor sees: an old kind name with its replacement, a dataset its kind cannot draw."""

from __future__ import annotations

import re

import pytest
from support import ROOT, load_content, run_build

from explainer.charts import build_chart
from explainer.charts.data import chart_data
from explainer.charts.draw import convert
from explainer.charts.kinds import KINDS, RENAMED
from explainer.charts.marks import build_spec
from explainer.charts.theme import NARROW, WIDE
from explainer.model import ChartSpec
from explainer.output.paths import chart_paths

# kind -> (datasets, series, the mark types its spec must hold)
EXAMPLES = {
    "line": (("civilian-casualties",), None, {"line", "point"}),
    "area": (("civilian-casualties",), ("killed",), {"area", "line", "point"}),
    "stacked-area": (("civilian-casualties",), None, {"area"}),
    "bar": (("civilians-killed-per-year",), None, {"bar", "text"}),
    "stacked-bar": (("civilians-killed-per-year",), None, {"bar", "text"}),
    "estimates": (("sievierodonetsk-population",), None, {"rule", "tick", "point"}),
    "small-multiples": (("civilian-casualties",), None, {"line", "point"}),
}


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def example_spec(content, kind: str, layout=WIDE) -> dict:
    data, series, _ = EXAMPLES[kind]
    spec = ChartSpec(id=f"example-{kind}", kind=kind, data=data, title=f"A {kind} chart", description="Alt text.",
                     series=series, paths=chart_paths(f"example-{kind}"))
    chart = build_chart(spec, content)
    return build_spec(chart_data(spec, chart.series, chart.rows, content, chart.summary, "Source: test"), layout)


def mark_types(spec: dict) -> set[str]:
    found = set()
    for node in [spec, *spec.get("layer", []), *spec.get("concat", [])]:
        for layer in [node, *node.get("layer", [])]:
            if "mark" in layer:
                found.add(layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"])
    return found


def test_the_table_has_exactly_the_kinds_named_for_what_they_draw():
    assert list(KINDS) == ["line", "area", "stacked-area", "bar", "stacked-bar", "estimates", "small-multiples"]
    assert all(new in KINDS for new in RENAMED.values())


@pytest.mark.parametrize("kind", list(EXAMPLES))
@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
def test_each_kind_draws_its_marks_and_axes(content, kind, layout):
    spec = example_spec(content, kind, layout)
    assert EXAMPLES[kind][2] <= mark_types(spec)
    svg = convert("svg", spec).decode("utf-8")
    assert 'class="mark-' in svg
    axes = re.findall(r'aria-label="([XY])-axis', svg) or re.findall(r'role="graphics-object" aria-roledescription="axis"', svg)
    assert axes, "an axis is drawn"
    if KINDS[kind].time_axis:
        assert re.search(r">[^<]*\b20[0-9][0-9]</text>", svg), "the time axis names a year"


def test_bars_lie_horizontal_when_period_labels_are_long(content):
    from explainer.charts import marks

    data = chart_data(*_example_input(content, "bar"))
    data.values = [{**v, "date_label": f"A long name for the period {v['date_label']}"} for v in data.values]
    spec = marks.build_spec(data, NARROW)
    bar = next(layer for layer in spec["layer"] if mark_types(layer) == {"bar"})
    assert bar["encoding"]["y"]["field"] == "date_label" and bar["encoding"]["x"]["field"] == "value"


def _example_input(content, kind):
    data, series, _ = EXAMPLES[kind]
    spec = ChartSpec(id="x", kind=kind, data=data, title="T", description="D", series=series,
                     paths=chart_paths("x"))
    chart = build_chart(spec, content)
    return spec, chart.series, chart.rows, content, chart.summary, "Source: test"


@pytest.mark.parametrize("old", list(RENAMED))
def test_an_old_kind_name_is_refused_at_its_line_with_its_replacement(tiny_site, old):
    meta = tiny_site / "content" / "articles" / "first-story.yaml"
    meta.write_text(meta.read_text().replace("kind: line", f"kind: {old}"))
    result = run_build(tiny_site)
    assert result.code == 1
    assert (f"content/articles/first-story.yaml:17: 'kind': kind '{old}' was renamed for what it draws: "
            f"write 'kind: {RENAMED[old]}'") in result.err.splitlines(), result.err


@pytest.mark.parametrize(("kind", "message"), [
    ("bar", "chart 'counts-chart' is a bar chart, which needs per-period data, but dataset 'counts' has "
            "measure: cumulative (a kind that draws it: line, area)"),
    ("area", "chart 'counts-chart' shows 2 series, but a area chart takes 1 series of level or cumulative data, "
             "on a time axis"),
])
def test_a_dataset_its_kind_cannot_draw_is_refused_with_file_and_line(tiny_site, kind, message):
    meta = tiny_site / "content" / "articles" / "first-story.yaml"
    meta.write_text(meta.read_text().replace("kind: line", f"kind: {kind}"))
    result = run_build(tiny_site)
    assert result.code == 1
    assert f"content/articles/first-story.yaml:16: {message}" in result.err.splitlines(), result.err


def test_a_per_period_series_is_refused_as_a_line_of_totals(tiny_site):
    data = tiny_site / "content" / "data" / "counts.yaml"
    data.write_text(data.read_text().replace("measure: cumulative", "measure: per-period"))
    result = run_build(tiny_site)
    assert result.code == 1
    assert ("content/articles/first-story.yaml:16: chart 'counts-chart' is a line chart, which needs level or "
            "cumulative data, but dataset 'counts' has measure: per-period (a kind that draws it: bar)"
            ) in result.err.splitlines(), result.err
