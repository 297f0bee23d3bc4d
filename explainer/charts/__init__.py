"""Stage 5: chart definitions plus datasets become chart outputs (data table, CSV, sources)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..errors import Problems
from ..model import ChartSpec, Content, Dataset


@dataclass
class Series:
    """One line, bar or set of points on a chart: which dataset and column it comes from."""

    dataset: Dataset
    id: str
    label: str


@dataclass
class ChartOutput:
    """Everything a page needs to show one chart; `html` is filled in by the render stage."""

    spec: ChartSpec
    series: list
    rows: list
    as_of: object
    sources: list
    csv: str
    svg: str = ""
    summary: str = ""
    files: dict = field(default_factory=dict)
    html: str = ""


def build_charts(content: Content, problems: Problems) -> dict[str, ChartOutput]:
    """Every chart of every article, by id."""
    return {spec.id: build_chart(spec, content) for article in content.articles for spec in article.charts}


def build_chart(spec: ChartSpec, content: Content) -> ChartOutput:
    """One chart's data: the selected series, a row per point, its CSV and sources."""
    series = chart_series(spec, content)
    rows = chart_rows(series)
    sources = list(dict.fromkeys(row["source"] for row in rows))
    as_of = max((row["date"] for row in rows), default=None)
    return ChartOutput(spec=spec, series=series, rows=rows, as_of=as_of, sources=sources, csv=rows_to_csv(rows))


def chart_series(spec: ChartSpec, content: Content) -> list[Series]:
    """The series a chart shows: those named in its YAML, else every series of its datasets."""
    found = []
    for ident in spec.data:
        dataset = content.datasets[ident]
        for series_id, label in dataset.series.items():
            if spec.series is None or series_id in spec.series:
                found.append(Series(dataset, series_id, label))
    return found


def chart_rows(series: list[Series]) -> list[dict]:
    """One row per (point, series): date, series, value, low, high, attribution, source."""
    rows = []
    for line in series:
        for point in line.dataset.points:
            if line.id not in point.values:
                continue
            value = point.values[line.id]
            low, high = value if isinstance(value, tuple) else (value, value)
            rows.append({"date": point.date, "series": line.label, "series_id": line.id,
                         "value": value if not isinstance(value, tuple) else (low + high) / 2,
                         "low": low, "high": high, "by": point.by or "", "note": point.note or "",
                         "source": point.source, "dataset": line.dataset.id})
    return sorted(rows, key=lambda r: (r["date"], r["series_id"], r["by"]))


CSV_COLUMNS = ("date", "dataset", "series_id", "series", "value", "low", "high", "by", "source", "note")


def rows_to_csv(rows: list[dict]) -> str:
    """The chart's data as CSV, one row per value, with its source id."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row["date"].isoformat() if c == "date" else _csv_value(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def _csv_value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
