"""A chart's data: the series it shows, one row per value, its CSV, and the plain values its spec embeds."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..model import ChartSpec, Content, Dataset
from ..numbers import N_, SPEECH, format_date, format_month, format_value, say

# A wider gap than this between two points of a line is drawn dashed: nothing was measured in between.
GAP_DAYS = 200
# The CSV's header, in the reader's language (the English names are the columns' own).
CSV_COLUMNS = (N_("date"), N_("dataset"), N_("series_id"), N_("series"), N_("value"), N_("low"), N_("high"), N_("by"),
               N_("source"), N_("note"))


@dataclass
class Series:
    """One line, bar or set of points on a chart: which dataset and column it comes from."""

    dataset: Dataset
    id: str
    label: str


@dataclass
class ChartData:
    """Everything a kind's builder draws from, as plain JSON values (hashed to key the spec cache)."""

    id: str
    kind: str
    title: str
    subtitle: str  # what is measured, in what unit ('' if the chart has none)
    credit: str  # 'Source: OHCHR. Site title', for drawings that travel without their page
    unit: str
    period: str | None
    description: str
    series: list = field(default_factory=list)  # labels, in the order of the YAML
    values: list = field(default_factory=list)  # one dict per row, see plain_values
    events: list = field(default_factory=list)  # {date, label, date_label, style}: events, method breaks, notes
    periods: list = field(default_factory=list)  # {date, date2, label}: shaded periods
    labelled: list = field(default_factory=list)  # {date, value, label, series}: labelled points


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
                         "label": format_value((low, high) if low != high else low, line.dataset.unit_short),
                         "value": value if not isinstance(value, tuple) else (low + high) / 2,
                         "low": low, "high": high, "by": point.by or "", "note": point.note or "",
                         "source": point.source, "dataset": line.dataset.id})
    return sorted(rows, key=lambda r: (r["date"], r["series_id"], r["by"]))


def rows_to_csv(rows: list[dict]) -> str:
    """The chart's data as CSV, one row per value, with its source id."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([say(column) for column in CSV_COLUMNS] if SPEECH.get() else CSV_COLUMNS)
    for row in rows:
        writer.writerow([row["date"].isoformat() if c == "date" else _csv_value(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # what a spreadsheet may run as a formula (OWASP)


def _csv_value(value):
    """A cell: whole floats as integers; text a spreadsheet would take for a formula prefixed with a quote
    (OWASP's advice for CSV injection), so it opens as the text it is; a carriage return is a line break.
    Numbers are never touched."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # csv quotes a field with \n, not one with \r
        return "'" + value if value.startswith(FORMULA_START) else value
    return value


def chart_data(spec: ChartSpec, series: list[Series], rows: list[dict], content: Content,
               description: str, credit: str) -> ChartData:
    """The builder's input: rows as plain values with their words, and the events the chart lists."""
    first = series[0].dataset if series else None
    period = first.period if first else None
    events = [content.events[ident] for ident in spec.events]
    unit = first.unit if first else ""
    labels = list(dict.fromkeys(line.label for line in series))
    values = [{**value, "order": labels.index(value["series"])} for value in plain_values(rows, content, period, unit)]
    return ChartData(
        id=spec.id, kind=spec.kind, title=spec.title, subtitle=spec.subtitle or "", credit=credit, unit=unit,
        period=period,
        description=description, series=labels, values=values,
        events=sorted([{"date": e.date.isoformat(), "label": e.label, "date_label": format_date(e.date),
                        "style": "event"} for e in events] + [
            {"date": a["date"].isoformat(), "label": a["label"], "date_label": format_date(a["date"]),
             "style": a["kind"]} for a in spec.annotations if a["kind"] in ("method-break", "note")],
            key=lambda e: e["date"]),
        periods=[{"date": a["from"].isoformat(), "date2": a["to"].isoformat(), "label": a["label"],
                  "text": say("%(label)s, %(start)s to %(end)s", label=a["label"], start=format_date(a["from"]),
                              end=format_date(a["to"]))}
                 for a in spec.annotations if a["kind"] == "period"],
        labelled=labelled_points(spec, series, values))


def labelled_points(spec: ChartSpec, series: list[Series], values: list[dict]) -> list[dict]:
    """Each labelled point with the value it sits on (the series' value on its date; none: not drawn)."""
    labels = {line.id: line.label for line in series}
    found = []
    for note in spec.annotations:
        if note["kind"] != "point":
            continue
        on = [v for v in values if v["date"] == note["date"].isoformat() and v["series"] == labels.get(note["series"])]
        if on:
            found.append({"date": on[0]["date"], "value": on[0]["value"], "label": note["label"],
                          "series": on[0]["series"]})
    return found


def plain_values(rows: list[dict], content: Content, period: str | None, unit: str) -> list[dict]:
    """Rows as the JSON the spec embeds: dates as ISO text, words already formatted for tooltips."""
    values, last_seen = [], {}
    segment = {}
    for row in sorted(rows, key=lambda r: (r["series_id"], r["date"], r["by"])):
        previous = last_seen.get(row["series"])
        if previous and (row["date"] - previous).days > GAP_DAYS:
            segment[row["series"]] = segment.get(row["series"], 0) + 1
        last_seen[row["series"]] = row["date"]
        source = content.sources[row["source"]]
        value = {
            "date": row["date"].isoformat(), "series": row["series"], "value": row["value"],
            "low": row["low"], "high": row["high"], "is_range": row["low"] != row["high"],
            "value_label": row["label"],
            "date_label": period_label(row["date"], period), "by": row["by"], "note": row["note"],
            "source": source.publisher, "segment": segment.get(row["series"], 0)}
        values.append({**value, **value_words(value, unit)})
    return sorted(values, key=lambda v: (v["date"], v["series"], v["by"]))


def value_words(value: dict, unit: str) -> dict:
    """A value's tooltip (a title and only the lines that have something to say) and its one-line text."""
    tip = {"title": value["series"], say("Date"): value["date_label"],
           unit.capitalize() or say("Value"): value["value_label"], say("According to"): value["by"],
           say("Source"): value["source"], say("Note"): value["note"]}
    who = value["by"] or value["source"]
    return {"tip": {key: text for key, text in tip.items() if text},
            "text": say("%(series)s, %(date)s: %(value)s, according to %(who)s", series=value["series"],
                        date=value["date_label"], value=value["value_label"], who=who)}


def period_label(day, period: str | None) -> str:
    """How a point's date reads: '2023' for a yearly total, 'May 2022' for a monthly one, else the day."""
    if period == "year":
        return str(day.year)
    if period == "month":
        return format_month(day)
    return format_date(day)
