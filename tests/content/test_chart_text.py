"""Text a chart prints as a label or uses as a field name is checked before anything is drawn, at its own line:
a multi-line `unit` is the dataset's problem, not a failure of the chart that draws it. What still makes
vl-convert fail carries vl-convert's reason, never an empty message."""

from __future__ import annotations

import pytest
from support import tiny_site_with, validate_site

from explainer.charts.draw import DrawError, convert

BLOCK = "|\n  people\n  and more"


@pytest.mark.parametrize("name, old, new, where", [
    ("content/data/counts.yaml", "unit: people", f"unit: {BLOCK}", "content/data/counts.yaml:2: 'unit': must be one line"),
    ("content/data/counts.yaml", "unit: people", "unit_short: \"a\\\\b\"\nunit: people",
     "content/data/counts.yaml:2: 'unit_short': must not contain a backslash"),
    ("content/data/counts.yaml", "killed: Killed", "killed: \"Killed\\nin action\"",
     "content/data/counts.yaml:5: 'series': must be one line"),
    ("content/events.yaml", "label: Start", "label: \"Start\\nof it\"", "content/events.yaml:3: "),
    ("content/articles/first-story.yaml", "title: Counts over time", "title: \"Counts\\nover time\"",
     "content/articles/first-story.yaml:19: 'title': must be one line"),
])
def test_chart_text_with_a_line_break_is_refused_at_its_line(tmp_path, name, old, new, where):
    problems, _ = validate_site(tiny_site_with(tmp_path, {name: (old, new)}))
    assert [p for p in problems if p.startswith(where)], problems
    assert len(problems) == 1, problems


def test_a_folded_unit_is_one_line_and_accepted(tmp_path):
    problems, _ = validate_site(tiny_site_with(tmp_path, {"content/data/counts.yaml": (
        "unit: people", "unit: >-\n  people\n  and more")}))
    assert problems == []


def test_what_vl_convert_refuses_carries_its_reason():
    """A field name with a line break, as a multi-line unit used to give: vl-convert's own reason is kept."""
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
            "data": {"values": [{"a": 1, "b": 2}]}, "mark": "point",
            "transform": [{"calculate": "'people\nand more'", "as": "unit"}],
            "encoding": {"x": {"field": "a", "type": "quantitative"}, "y": {"field": "b", "type": "quantitative"}}}
    with pytest.raises(DrawError) as failed:
        convert("svg", spec)
    message = str(failed.value)
    assert message.startswith("Vega-Lite to SVG conversion failed: ") and "Unexpected token" in message, message
    assert "\n" not in message and " at " not in message
