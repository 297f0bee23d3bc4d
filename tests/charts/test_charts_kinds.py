"""Each chart kind's Vega-Lite spec: its marks, encodings, inline data and UTC time scales."""

from __future__ import annotations

import json

import pytest
from support import ROOT, load_content, walk

from explainer.charts import build_chart, marks
from explainer.charts.data import chart_data
from explainer.charts.kinds import KINDS
from explainer.charts.marks import build_spec, subtitle_lines
from explainer.charts.theme import CARD, NARROW, WIDE


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def spec_of(content, chart_id: str, layout=WIDE) -> dict:
    spec = content.charts[chart_id]
    chart = build_chart(spec, content)
    return build_spec(chart_data(spec, chart.series, chart.rows, content, chart.summary, "Source: test"), layout)


def layers(spec: dict) -> list[dict]:
    """Each layer with the data and encodings Altair hoisted to the top level put back into it."""
    return [{**layer, "data": layer.get("data", spec.get("data")),
             "encoding": {**spec.get("encoding", {}), **layer.get("encoding", {})}} for layer in spec["layer"]]


def mark(layer: dict) -> str:
    return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]


def test_every_kind_names_a_builder_of_marks_py():
    assert all(callable(getattr(marks, kind.builder, None)) for kind in KINDS.values())


@pytest.mark.parametrize("chart_id", ["displacement", "internal-displacement", "civilian-casualties",
                                      "sievierodonetsk-population", "civilians-killed-per-year"])
@pytest.mark.parametrize("layout", [WIDE, NARROW, CARD], ids=lambda layout: layout.name)
def test_time_is_utc_data_is_inline_and_sizes_follow_the_layout(content, chart_id, layout):
    spec = spec_of(content, chart_id, layout)
    for node in walk(spec):
        if node.get("type") == "temporal":
            assert node["scale"]["type"] == "utc", node
            assert node.get("timeUnit", "utc").startswith("utc"), node
        assert "url" not in node, "data must be inline, never fetched"
    assert all("values" in layer["data"] for layer in layers(spec))
    assert (spec["width"], spec["height"]) == (layout.width, layout.height)
    assert spec["autosize"] == {"type": "fit", "contains": "padding"}
    assert spec["background"] == layout.background
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["description"] == build_chart(content.charts[chart_id], content).summary


def test_displacement_draws_a_coloured_line_and_dots_per_series(content):
    spec = spec_of(content, "displacement")
    marks = [mark(layer) for layer in layers(spec)]
    assert marks == ["line", "point", "rule", "text", "text"]  # the method break: its rule, its label on a halo
    line, points = layers(spec)[:2]
    assert line["encoding"]["color"]["scale"]["domain"] == ["Refugees in Europe, count to May 2023",
                                                            "Refugees in Europe, revised count from June 2023"]
    assert line["encoding"]["x"]["field"] == "date" and line["encoding"]["y"]["field"] == "value"
    assert points["encoding"]["tooltip"] == {"field": "tip", "type": "nominal"}
    sources = {value["tip"]["Source"] for value in line["data"]["values"]}
    assert sources == {"UNHCR"}


def test_a_change_of_method_starts_a_separate_series(content):
    line = layers(spec_of(content, "internal-displacement"))[0]
    assert line["encoding"]["color"]["scale"]["domain"] == [
        "Rounds 1–12 (original method)", "Round 13 (revised method)", "Rounds 14 on (new baseline)"]
    assert {value["tip"]["Source"] for value in line["data"]["values"]} == {"UNHCR", "IOM"}


def test_casualties_leave_the_gap_a_gap_and_mark_the_listed_events(content):
    spec = spec_of(content, "civilian-casualties")
    marks = [mark(layer) for layer in layers(spec)]
    # no dashed line bridges a gap without data; the events' rule, then labels and labelled point, each on a
    # halo; last, the series' names at the lines' ends (in place of a legend), on a halo too
    assert marks == ["line", "point", "rule", "text", "text", "text", "text", "text", "text"]
    line = layers(spec)[0]
    assert line["encoding"]["detail"]["field"] == "segment"
    segments = {v["segment"] for v in line["data"]["values"] if v["series"] == "Killed"}
    assert len(segments) == 3, "two long gaps split the line into three stretches"
    rules = layers(spec)[2]
    # events eight days apart would touch even on a wide chart spanning four years: one rule, both labels
    assert [e["label"] for e in rules["data"]["values"]] == [
        "Full-scale invasion", "Sievierodonetsk falls; Lysychansk withdrawal"]
    labels = layers(spec)[4]["data"]["values"]
    assert len({label["y"] for label in labels}) == 2, "labels that would overlap go on separate rows"


def test_estimates_show_ranges_disagreements_and_a_baseline_callout(content):
    spec = spec_of(content, "sievierodonetsk-population")
    marks = [mark(layer) for layer in layers(spec)]
    # the event's label and the shaded period's both right of their marks: one layer of labels over its halo
    assert marks == ["text", "rule", "rule", "tick", "tick", "point", "rect", "rule", "text", "text"]
    callout = layers(spec)[0]
    assert "y" not in callout["encoding"] and callout["data"]["values"][0]["value"] == 101135
    assert callout["data"]["values"][0]["label"][0] == "101,135, above the scale"
    disagreement = layers(spec)[1]["data"]["values"]
    assert [(d["date"], d["low"], d["high"]) for d in disagreement] == [("2022-05-31", 13000, 15000)]
    ranges = layers(spec)[2]
    assert ranges["encoding"]["y2"]["field"] == "high"
    assert [(v["low"], v["high"]) for v in ranges["data"]["values"]] == [(12000, 13000), (7000, 8000)]
    points = layers(spec)[5]["data"]["values"]
    assert {p["tip"]["According to"] for p in points if p["by"]} >= {
        "Serhiy Haidai, Luhansk regional governor",
        "Oleksandr Striuk, mayor and head of the city's military administration"}
    assert [" ".join(e["label"]) for e in layers(spec)[7]["data"]["values"]] == ["Sievierodonetsk falls"]  # wrapped


def test_killed_per_year_is_bars_in_date_order_with_their_values(content):
    spec = spec_of(content, "civilians-killed-per-year")
    assert [mark(layer) for layer in layers(spec)] == ["bar", "text"]
    x = layers(spec)[0]["encoding"]["x"]
    assert x["type"] == "ordinal" and x["sort"] == ["2023", "2024", "2025"]
    assert [v["value_label"] for v in layers(spec)[1]["data"]["values"]] == ["1,974", "2,088", "2,514"]


def test_card_layout_has_a_title_with_the_sources_and_solid_colours(content):
    spec = spec_of(content, "civilian-casualties", CARD)
    assert spec["title"]["text"] == "Civilian casualties in Ukraine verified by the UN"
    assert spec["title"]["subtitle"] == [
        "Civilians killed and injured since the invasion, verified by the UN (running totals)", "Source: test"]
    assert spec["config"]["axis"]["labelColor"] == "#1b1b1b"
    assert "currentColor" not in json.dumps(spec)


def test_page_layouts_draw_in_the_pages_text_colour(content):
    spec = spec_of(content, "displacement")
    assert spec["config"]["axis"]["labelColor"] == "currentColor"
    assert spec["background"] is None


def test_a_long_card_subtitle_wraps_onto_two_lines_and_is_cut_after():
    words = "Source: " + ", ".join(f"Publisher number {n}" for n in range(30))
    lines = subtitle_lines(words, CARD)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(len(line) * CARD.label_chars <= CARD.width for line in lines)
    assert subtitle_lines("Source: OHCHR", CARD) == ["Source: OHCHR"]
