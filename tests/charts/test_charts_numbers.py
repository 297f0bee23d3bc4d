"""Numbers as written: a value keeps the precision of its data in prose, data table, tooltip and CSV, and
prints with its dataset's short unit ('16.4 m', '70%')."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from support import run_build

from explainer.numbers import NBSP, format_figure, format_number, format_value


@pytest.mark.parametrize(("value", "written"), [
    (9.04, "9.04"), (11.74, "11.74"), (16.4, "16.4"), (1234.5, "1,234.5"), (0.125, "0.125"),
    (1500, "1,500"), (1500.0, "1,500"), (101135, "101,135"), ((12000, 13000), "12,000–13,000"),
    ((7.25, 8), "7.25–8"),
])
def test_a_number_keeps_the_digits_of_its_data(value, written):
    assert format_number(value) == written


def test_whole_numbers_and_key_figures_read_as_before():
    assert format_figure(15000, "about", "people") == "about 15,000 people"
    assert format_figure(8029000) == "8,029,000"


@pytest.mark.parametrize(("value", "unit", "written"), [
    (16.4, "m", f"16.4{NBSP}m"), (70, "%", "70%"), (9.04, "people", f"9.04{NBSP}people"),
    ((12, 13.5), "%", "12–13.5%"), (5, None, "5"),
])
def test_a_short_unit_prints_with_its_value(value, unit, written):
    assert format_value(value, unit) == written


def test_precision_and_unit_reach_prose_table_tooltip_and_csv(tiny_site):
    data = tiny_site / "content" / "data" / "counts.yaml"
    text = data.read_text().replace("unit: people\n", "unit: million people\nunit_short: m\n")
    data.write_text(text.replace("killed: 15\n", "killed: 9.04\n").replace("killed: 10\n", "killed: 8.5\n"))
    result = run_build(tiny_site)
    assert result.code == 0, result.err
    public = tiny_site / "public"
    page = (public / "first-story" / "index.html").read_text()
    prose = re.sub(r"<[^>]+>", "", re.search(r"by April it was (.*?)</p>", page).group(1)).replace("&nbsp;", NBSP)
    assert prose.startswith(f"9.04{NBSP}m."), prose
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert f"9.04{NBSP}m" in cells and f"8.5{NBSP}m" in cells, cells
    spec = json.loads((public / "charts" / "counts-chart.vl.json").read_text())
    tips = [v["tip"] for layer in spec["layer"] for v in layer.get("data", {}).get("values", []) if "tip" in v]
    assert {"title": "Killed", "Date": "1 April 2022", "Million people": f"9.04{NBSP}m", "Source": "United Nations"} in tips
    rows = list(csv.DictReader(io.StringIO((public / "charts" / "counts-chart.csv").read_text())))
    assert [r["value"] for r in rows if r["series_id"] == "killed"] == ["8.5", "9.04"]
