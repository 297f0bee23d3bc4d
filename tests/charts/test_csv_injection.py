"""Chart CSVs open safely in a spreadsheet: a cell that starts with =, +, -, @, a tab or a carriage return is
prefixed with a quote (OWASP's advice against CSV injection); numbers, negative ones included, are untouched."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from explainer.charts.data import CSV_COLUMNS, rows_to_csv


def row(**values):
    base = {column: "" for column in CSV_COLUMNS}
    return {**base, "date": datetime.date(2022, 5, 1), "value": 10, **values}


def cells(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("hostile", ['=HYPERLINK("https://evil.example/","x")', "=cmd|' /C calc'!A0", "+1+1",
                                     "-2+3", "@SUM(A1)", "\tindent", "\r=1+1"])
@pytest.mark.parametrize("column", ["series", "by", "note", "dataset", "source"])
def test_formula_cells_are_neutralised(hostile, column):
    (found,) = cells(rows_to_csv([row(**{column: hostile})]))
    assert found[column] == "'" + hostile.replace("\r", "\n")  # a lone CR would end the row unquoted


@pytest.mark.parametrize("number, written", [(-5, "-5"), (-2.5, "-2.5"), (3.0, "3"), (0, "0"), (12, "12")])
def test_numbers_are_untouched(number, written):
    (found,) = cells(rows_to_csv([row(value=number, low=number, high=number)]))
    assert (found["value"], found["low"], found["high"]) == (written, written, written)


def test_a_hostile_series_label_in_a_build(tiny_site):
    from support import run_build

    data = tiny_site / "content/data/counts.yaml"
    data.write_text(data.read_text().replace("killed: Killed", 'killed: \'=HYPERLINK("https://evil.example/")\''))
    assert run_build(tiny_site).code == 0
    (written,) = (tiny_site / "public/charts").glob("*.csv")
    assert all(not cell.startswith("=") for line in cells(written.read_text()) for cell in line.values())
    assert "'=HYPERLINK" in written.read_text()
