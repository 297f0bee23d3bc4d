"""Stage 5: chart definitions plus datasets become chart outputs: data table, CSV, sources, the
Vega-Lite spec, static SVG for the page and a PNG social card, rendered once per content hash."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import Problems
from ..model import Article, ChartSpec, Content
from .cache import DiskCache
from .data import chart_data, chart_rows, chart_series, rows_to_csv
from .describe import describe_chart
from .render import RenderError, StaticRenderer
from .specs import load_specs, vega_lite_version
from .svg import accessible_svg
from .theme import CARD, PAGE_LAYOUTS


@dataclass
class ChartOutput:
    """Everything a page needs to show one chart; `html` is filled in by the render stage."""

    spec: ChartSpec
    series: list
    rows: list
    as_of: object
    sources: list
    csv: str
    article: str = ""
    summary: str = ""  # the trend in words
    vl_spec: dict = field(default_factory=dict)  # the wide layout, data inline
    svgs: dict = field(default_factory=dict)  # layout name -> accessible SVG
    card: str | None = None  # site path of the social card PNG, for the chart an article leads with
    rendered: bool = False  # False when every rendering came from the cache
    files: dict = field(default_factory=dict)
    html: str = ""

    @property
    def svg(self) -> str:
        """The SVG for wide screens."""
        return self.svgs.get("wide", "")

    @property
    def vl_version(self) -> str:
        """The Vega-Lite version the spec targets ('6.4')."""
        return vega_lite_version(self.vl_spec) if self.vl_spec else ""

    @property
    def spec_json(self) -> str:
        """The spec as JSON safe inside <script type="application/json">: <, > and & are escaped."""
        text = json.dumps(self.vl_spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def build_charts(content: Content, problems: Problems) -> dict[str, ChartOutput]:
    """Every chart of every article, by id, rendered through the cache in site.cache_dir."""
    cache = DiskCache(content.site.cache_dir / "charts")
    charts = {}
    for article in content.articles:
        for index, spec in enumerate(article.charts):
            renderer = StaticRenderer(cache)
            chart = build_chart(spec, content)
            chart.article = article.slug
            charts[spec.id] = chart
            if not chart.rows:
                problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' has no data points to draw")
                continue
            try:
                draw_chart(chart, article, content, cache, renderer, with_card=index == 0)
            except RenderError as err:
                problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' could not be drawn: {err}")
            chart.rendered = renderer.rendered > 0
    return charts


def build_chart(spec: ChartSpec, content: Content) -> ChartOutput:
    """One chart's data: the selected series, a row per point, its CSV, sources and trend in words."""
    series = chart_series(spec, content)
    rows = chart_rows(series)
    sources = list(dict.fromkeys(row["source"] for row in rows))
    as_of = max((row["date"] for row in rows), default=None)
    events = [content.events[ident] for ident in spec.events]
    period = series[0].dataset.period if series else None
    return ChartOutput(spec=spec, series=series, rows=rows, as_of=as_of, sources=sources, csv=rows_to_csv(rows),
                       summary=describe_chart(rows, events, period, [line.label for line in series]))


def draw_chart(chart: ChartOutput, article: Article, content: Content, cache: DiskCache,
               renderer: StaticRenderer, with_card: bool) -> None:
    """Specs, SVGs and (for an article's first chart) the social card; the files they become."""
    spec = chart.spec
    publishers = ", ".join(dict.fromkeys(content.sources[s].publisher for s in chart.sources))
    subtitle = f"Source: {publishers}. {content.site.title}" if publishers else content.site.title
    data = chart_data(spec, chart.series, chart.rows, content, chart.summary, subtitle)
    layouts = PAGE_LAYOUTS + ((CARD,) if with_card else ())
    specs = load_specs(data, layouts, cache)
    chart.vl_spec = specs["wide"]
    for layout in PAGE_LAYOUTS:
        prefix = f"chart-{spec.id}-{layout.name}"
        chart.svgs[layout.name] = accessible_svg(renderer.svg(specs[layout.name]), prefix, spec.title,
                                                 chart.summary, f"chart-svg chart-svg-{layout.name}")
    chart.files[f"charts/{spec.id}.vl.json"] = json.dumps(chart.vl_spec, ensure_ascii=False, sort_keys=True,
                                                          indent=1) + "\n"
    if with_card:
        chart.card = f"{article.slug}/card.png"
        chart.files[chart.card] = renderer.png(specs[CARD.name])
