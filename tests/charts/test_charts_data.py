"""Chart data: the CSV equals the dataset, the trend in words, and the dataset errors an editor sees."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from support import ROOT, load_content, run_build

from explainer.charts import build_chart
from explainer.charts.describe import describe_chart
from explainer.model import Event


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


@pytest.mark.parametrize("chart_id", ["displacement", "internal-displacement", "civilian-casualties",
                                      "sievierodonetsk-population", "civilians-killed-per-year"])
def test_csv_holds_every_value_of_the_dataset_with_its_source(content, chart_id):
    spec = content.charts[chart_id]
    chart = build_chart(spec, content)
    written = list(csv.DictReader(io.StringIO(chart.csv)))
    expected = []
    for ident in spec.data:
        dataset = content.datasets[ident]
        for point in dataset.points:
            for series, value in point.values.items():
                if spec.series is None or series in spec.series:
                    low, high = value if isinstance(value, tuple) else (value, value)
                    expected.append((ident, point.date.isoformat(), series, str(low), str(high), point.source,
                                     point.by or "", point.note or ""))
    got = [(r["dataset"], r["date"], r["series_id"], r["low"], r["high"], r["source"], r["by"], r["note"])
           for r in written]
    assert sorted(got) == sorted(expected)
    assert all(r["series"] == content.datasets[r["dataset"]].series[r["series_id"]] for r in written)


def rows(*points, series="Killed"):
    return [{"date": dt.date.fromisoformat(day), "series": series, "low": low, "high": high}
            for day, low, high in points]


@pytest.mark.parametrize("points, period, words", [
    ([("2022-03-24", 1081, 1081), ("2024-12-31", 12456, 12456)], None,
     "Killed rose from 1,081 on 24 March 2022 to 12,456 on 31 December 2024."),
    ([("2022-04-01", 7, 7), ("2022-05-03", 9, 9), ("2023-05-23", 5, 5)], None,
     "Killed rose from 7 on 1 April 2022 to a peak of 9 on 3 May 2022, then fell to 5 on 23 May 2023."),
    ([("2023-12-31", 1974, 1974), ("2025-12-31", 2514, 2514)], "year", "Killed rose from 1,974 in 2023 to 2,514 in 2025."),
    ([("2022-06-01", 12000, 13000), ("2022-12-15", 7000, 7000)], None,
     "Killed fell from 12,000–13,000 on 1 June 2022 to 7,000 on 15 December 2022."),
    ([("2022-06-01", 5, 5)], None, "Killed: 5 on 1 June 2022."),
    ([("2022-06-01", 5, 5), ("2022-07-01", 5, 5)], None, "Killed stayed level from 5 on 1 June 2022 to 5 on 1 July 2022."),
])
def test_trend_in_words(points, period, words):
    assert describe_chart(rows(*points), [], period) == words


def test_trend_in_words_follows_the_series_order_and_names_the_events():
    data = rows(("2022-01-01", 1, 1), ("2022-02-01", 2, 2), series="B") + rows(("2022-01-01", 3, 3), series="A")
    event = Event(id="e", date=dt.date(2022, 1, 15), label="Something <happened>", source="s")
    assert describe_chart(data, [event], None, ["A", "B"]) == (
        "A: 3 on 1 January 2022. B rose from 1 on 1 January 2022 to 2 on 1 February 2022. "
        "Marked on the chart: Something <happened> (15 January 2022).")


BAD_DATASET = """\
title: Counts
unit: people
measure: cumulative
series:
  killed: Killed
  injured: Injured
points:
  - date: 2022-03-01
    killed: 10
  - date: 2022-04-01
    killed: -15
    source: un-report
  - date: 2022-02-31
    killed: 20
    source: un-report
  - date: 2022-05-01
    killed: 25
    wounded: 3
    source: un-report
  - date: "1 May"
    killed: 25
    source: un-report
"""


def test_bad_data_points_are_reported_with_file_and_line(tiny_site):
    (tiny_site / "content" / "data" / "counts.yaml").write_text(BAD_DATASET, encoding="utf-8")
    result = run_build(tiny_site)
    assert result.code == 1
    assert "Traceback" not in result.err
    path = "content/data/counts.yaml"
    for line in (
        f"{path}:8: a data point is missing the required field 'source'",
        f"{path}:11: 'killed': must not be negative (got -15)",
        f"{path}:13: 'date': expected a date written YYYY-MM-DD, got text ('2022-02-31')",
        f"{path}:18: unknown series 'wounded' in a data point; the dataset's series are: killed, injured",
        f"{path}:20: 'date': expected a date written YYYY-MM-DD, got text ('1 May')",
    ):
        assert line in result.err.splitlines()


@pytest.mark.parametrize("change, message", [
    ("events: [start]\n    series: [killed, wounded]",
     "content/articles/first-story.yaml:16: chart 'counts-chart' asks for series 'wounded', which its data does "
     "not have"),
    ("events: [start, finish]", "content/articles/first-story.yaml:21: item 2: unknown event 'finish'"),
])
def test_chart_options_the_data_cannot_satisfy_are_errors(tiny_site, change, message):
    meta = tiny_site / "content" / "articles" / "first-story.yaml"
    meta.write_text(meta.read_text().replace("events: [start]", change))
    result = run_build(tiny_site)
    assert result.code == 1
    assert any(line.startswith(message) for line in result.err.splitlines()), result.err


def test_a_kind_refuses_data_it_cannot_draw(tiny_site):
    meta = tiny_site / "content" / "articles" / "first-story.yaml"
    meta.write_text(meta.read_text().replace("kind: line", "kind: bar"))
    result = run_build(tiny_site)
    assert result.code == 1
    lines = result.err.splitlines()
    assert ("content/articles/first-story.yaml:16: chart 'counts-chart' is a bar chart, which needs "
            "per-period data, but dataset 'counts' has measure: cumulative (a kind that draws it: line, area)") in lines
    assert ("content/articles/first-story.yaml:16: chart 'counts-chart': a bar chart has one bar per "
            "period and cannot mark events; remove 'events'") in lines


def test_a_chart_with_nothing_to_draw_is_an_error(tiny_site):
    data = tiny_site / "content" / "data" / "counts.yaml"
    text = data.read_text()
    data.write_text(text[:text.index("points:")] + "points: []\n")
    result = run_build(tiny_site)
    assert result.code == 1
    assert "content/articles/first-story.yaml:16: chart 'counts-chart' has no data points to draw" in result.err


def test_vl_convert_errors_become_render_errors():
    from explainer.charts.draw import DrawError, convert

    with pytest.raises(DrawError):
        convert("svg", {"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json", "mark": "no-such-mark"})
