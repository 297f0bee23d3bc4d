"""Annotations written in YAML: events, method breaks, shaded periods and labelled points, drawn for real;
their labels' boxes, read back from the SVG, never overlap; mistakes are refused with file:line."""

from __future__ import annotations

import itertools
import re

import pytest
from support import ROOT, load_content, run_build

from explainer.charts import build_chart
from explainer.charts.data import chart_data
from explainer.charts.draw import convert
from explainer.charts.marks import build_spec
from explainer.charts.theme import CARD, NARROW, WIDE


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def spec_of(content, chart_id, layout):
    spec = content.charts[chart_id]
    chart = build_chart(spec, content)
    return build_spec(chart_data(spec, chart.series, chart.rows, content, chart.summary, "Source: test"), layout)


def label_boxes(svg: str, layer: str = r"annotation_\w+") -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every annotation label (or those of the layers `layer` matches),
    from its halo's position and size, in the plot's coordinates."""
    boxes = []
    for group in re.findall(rf'class="mark-text role-mark {layer}_halo_marks"[^>]*>(.*?)</g>', svg, re.S):
        for attrs, inner in re.findall(r"<text([^>]*)>(.*?)</text>", group, re.S):
            lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", inner) or [inner]
            text = max(lines, key=len)
            x, y = map(float, re.search(r"translate\(([-\d.]+),([-\d.]+)\)", attrs).groups())
            size = float(re.search(r'font-size="([\d.]+)px"', attrs).group(1))
            width = len(text) * size * 0.56
            anchor = (re.search(r'text-anchor="(\w+)"', attrs) or re.match("", "")).group(1) if "text-anchor" in attrs \
                else "start"
            left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
            boxes.append((text, left, y - size, left + width, y + (len(lines) - 1) * size * 1.25))
    return boxes


@pytest.mark.parametrize("chart_id", ["civilian-casualties", "internal-displacement", "displacement",
                                      "sievierodonetsk-population"])
@pytest.mark.parametrize("layout", [WIDE, NARROW, CARD], ids=lambda layout: layout.name)
def test_annotation_labels_never_overlap(content, chart_id, layout):
    svg = convert("svg", spec_of(content, chart_id, layout)).decode("utf-8")
    boxes = label_boxes(svg)
    assert boxes, "the chart has annotation labels"
    width = float(re.search(r'<path class="background" aria-hidden="true" d="M0,0h([\d.]+)v', svg).group(1))
    beside = {box[0] for box in label_boxes(svg, "annotation_end")}  # names at the lines' ends sit right of the plot
    for text, left, _, right, _ in boxes:
        if text not in beside:
            assert -2 <= left and right <= width + 2, f"'{text}' runs off the plot ({left:.0f}..{right:.0f} of {width})"
    for a, b in itertools.combinations(boxes, 2):
        apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
        assert apart, f"'{a[0]}' and '{b[0]}' overlap: {a[1:]} {b[1:]}"


def test_method_breaks_are_dotted_rules_with_their_labels(content):
    spec = spec_of(content, "internal-displacement", WIDE)
    breaks = [layer for layer in spec["layer"] if isinstance(layer.get("mark"), dict)
              and layer["mark"].get("strokeDash") == [1, 2]]
    assert len(breaks) == 1
    assert [" ".join(v["label"]) if isinstance(v["label"], list) else v["label"]  # (a long one is wrapped)
            for v in breaks[0]["data"]["values"]] == [
        "New survey method (Round 13)", "New population baseline (Round 14)"]


def test_a_period_is_shaded_from_to_and_a_point_is_labelled(content):
    spec = spec_of(content, "sievierodonetsk-population", WIDE)
    shade = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
    assert shade["encoding"]["x2"]["field"] == "date2"
    assert shade["data"]["values"][0] | {} == {**shade["data"]["values"][0], "date": "2022-05-27",
                                               "date2": "2022-06-25", "label": "Street fighting"}
    point = spec_of(content, "civilian-casualties", WIDE)
    texts = [v for layer in point["layer"] for v in layer.get("data", {}).get("values", []) if v.get("label") ==
             "12,456 killed"]
    assert texts and texts[0]["value"] == 12456


def test_events_a_week_apart_merge_on_a_phone(content):
    spec = spec_of(content, "civilian-casualties", NARROW)
    labels = {" ".join(v["label"]) if isinstance(v["label"], list) else v["label"]
              for layer in spec["layer"] for v in layer.get("data", {}).get("values", []) if "label" in v}
    assert "Sievierodonetsk falls; Lysychansk withdrawal" in labels


@pytest.mark.parametrize(("annotation", "message"), [
    ("{kind: period, from: 2022-03-05, label: Siege}", "a period annotation is written with 'from' and 'to'"),
    ("{kind: period, from: 2022-03-05, to: 2022-03-01, label: Siege}", "a period annotation ends ('to') before"),
    ("{kind: point, date: 2022-03-01, label: First}", "a point annotation needs 'series', one of: injured, killed"),
    ("{kind: pointer, date: 2022-03-01, label: First}", "'kind': expected one of period, point, method-break, note"),
])
def test_a_mistaken_annotation_is_refused_at_its_line(tiny_site, annotation, message):
    meta = tiny_site / "content" / "articles" / "first-story.yaml"
    meta.write_text(meta.read_text().replace("    events: [start]\n", f"    events: [start]\n    annotations:\n"
                                                                     f"      - {annotation}\n"))
    result = run_build(tiny_site)
    assert result.code == 1
    assert re.search(rf"content/articles/first-story\.yaml:23: .*{re.escape(message)}", result.err), result.err


def rule_labels(svg: str) -> list[tuple[str, float, float, str]]:
    """(label, its rule's x, the label's x, its text-anchor) for every labelled rule, from the drawn SVG."""
    rules = {label: float(x) for label, x in re.findall(
        r'<line aria-label="([^"]+)" role="graphics-symbol" aria-roledescription="rule mark" '
        r'transform="translate\(([-\d.]+),0\)"', svg)}
    found = []
    for group in re.findall(r'class="mark-text role-mark annotation_(?:left|right)_halo_marks"[^>]*>(.*?)</g>', svg, re.S):
        for label, anchor, x in re.findall(r'<text aria-label="[^"]*label: ([^"]+)"[^>]*text-anchor="(\w+)" '
                                           r'transform="translate\(([-\d.]+),', group):
            first = label.split(";")[0].split(",")[0]
            rule = next((at for text, at in rules.items() if text.startswith(first)), None)
            if rule is not None:  # (a shaded period's label has no rule)
                found.append((label, rule, float(x), anchor))
    return found


@pytest.mark.parametrize("layout", [WIDE, NARROW, CARD], ids=lambda layout: layout.name)
def test_method_break_labels_sit_right_of_their_rules(content, layout):
    svg = convert("svg", spec_of(content, "internal-displacement", layout)).decode("utf-8")
    placed = rule_labels(svg)
    assert len(placed) == 2
    for label, rule, x, anchor in placed:  # the Round 14 label once sat left of its rule, under Round 13's
        assert anchor == "start" and x > rule, f"'{label}' starts right of its rule"


@pytest.mark.parametrize("chart_id", ["civilian-casualties", "internal-displacement", "displacement",
                                      "sievierodonetsk-population"])
@pytest.mark.parametrize("layout", [WIDE, NARROW, CARD], ids=lambda layout: layout.name)
def test_a_rule_label_goes_left_only_where_the_right_has_no_room(content, chart_id, layout):
    svg = convert("svg", spec_of(content, chart_id, layout)).decode("utf-8")
    width = float(re.search(r'<path class="background" aria-hidden="true" d="M0,0h([\d.]+)v', svg).group(1))
    for label, rule, x, anchor in rule_labels(svg):
        assert abs(x - rule) <= 6, f"'{label}' is beside its rule"
        if anchor == "end":
            assert x < rule and rule > width / 2, f"'{label}' is left of its rule only near the plot's right edge"
        else:
            assert x > rule


@pytest.mark.parametrize("layout", [WIDE, NARROW, CARD], ids=lambda layout: layout.name)
def test_a_points_label_runs_over_no_other_dot(content, layout):
    svg = convert("svg", spec_of(content, "civilian-casualties", layout)).decode("utf-8")
    dots = [(float(x), float(y)) for x, y in re.findall(
        r'aria-roledescription="point" transform="translate\(([-\d.]+),([-\d.]+)\)"', svg)]
    (text, left, top, right, bottom), = label_boxes(svg, "annotation_point")
    radius = layout.font_size * 0.3
    inside = [(x, y) for x, y in dots if left - radius < x < right + radius and top - radius < y < bottom + radius]
    assert not inside, f"'{text}' covers the dots at {inside}"
