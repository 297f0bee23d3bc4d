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
from ..parallel import map_chunks
from .render import RenderError, StaticRenderer, cache_key
from .specs import cached_specs, load_specs, vega_lite_version
from .svg import accessible_svg
from .theme import CARD, PAGE_LAYOUTS

PARALLEL_CHARTS = 2  # one chart to draw is drawn in this process: starting workers would cost more


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
    prerendered, known_specs = prerender(content, cache)
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
                draw_chart(chart, article, content, cache, renderer, index == 0, known_specs.get(spec.id))
            except RenderError as err:
                problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' could not be drawn: {err}")
            chart.rendered = renderer.rendered > 0 or spec.id in prerendered
    return charts


def prerender(content: Content, cache: DiskCache) -> tuple[set[str], dict]:
    """Build the specs and draw the renderings the cache lacks, in worker processes when several charts need
    it (Altair takes a tenth of a second a spec, vl-convert tens of milliseconds a rendering, and each a second
    to start); the results land in the cache, where draw_chart finds them. Returns the charts drawn here,
    and the specs of those found whole in the cache; anything that failed is left for draw_chart to report."""
    todo, known = [], {}
    for article in content.articles:
        for index, spec in enumerate(article.charts):
            chart = build_chart(spec, content)
            specs = cached_specs(chart_input(chart, content), chart_layouts(index == 0), cache) if chart.rows else None
            if specs is not None and all(cache.get(cache_key(kind, s), f".{kind}") is not None
                                         for kind, s in renderings(specs, index == 0)):
                known[spec.id] = specs
            elif chart.rows:
                todo.append((chart, index == 0))
    if len(todo) < PARALLEL_CHARTS:
        return set(), known  # one chart: drawn in this process by draw_chart, without starting workers
    drawn = map_chunks(lambda chunk: [draw_into_cache(chart, content, cache, card) for chart, card in chunk],
                       todo, min_items=PARALLEL_CHARTS)
    return {chart.spec.id for (chart, _), ok in zip(todo, drawn) if ok}, known


def renderings(specs: dict, with_card: bool) -> list[tuple[str, dict]]:
    """(kind, spec) of every rendering a chart needs."""
    return [("svg", specs[layout.name]) for layout in PAGE_LAYOUTS] + ([("png", specs[CARD.name])] if with_card else [])


def draw_into_cache(chart: ChartOutput, content: Content, cache: DiskCache, with_card: bool) -> bool:
    """Build and render one chart into the cache (in a worker); False if vl-convert refused it."""
    renderer = StaticRenderer(cache)
    try:
        for kind, spec in renderings(chart_specs(chart, content, cache, with_card), with_card):
            if kind == "svg":
                renderer.svg(spec)
            else:
                renderer.png(spec)
    except RenderError:
        return False
    return True


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


def chart_input(chart: ChartOutput, content: Content):
    """What the chart's specs are built from (ChartData): its rows, words and source line."""
    publishers = ", ".join(dict.fromkeys(content.sources[s].publisher for s in chart.sources))
    subtitle = f"Source: {publishers}. {content.site.title}" if publishers else content.site.title
    return chart_data(chart.spec, chart.series, chart.rows, content, chart.summary, subtitle)


def chart_layouts(with_card: bool) -> tuple:
    """The layouts a chart is drawn in: the page's, and the social card for an article's first chart."""
    return PAGE_LAYOUTS + ((CARD,) if with_card else ())


def chart_specs(chart: ChartOutput, content: Content, cache: DiskCache, with_card: bool) -> dict:
    """The chart's Vega-Lite spec in each layout it is drawn in."""
    return load_specs(chart_input(chart, content), chart_layouts(with_card), cache)


def draw_chart(chart: ChartOutput, article: Article, content: Content, cache: DiskCache,
               renderer: StaticRenderer, with_card: bool, specs: dict | None = None) -> None:
    """Specs (unless already known), SVGs and (for an article's first chart) the social card; their files."""
    spec = chart.spec
    specs = specs if specs is not None else chart_specs(chart, content, cache, with_card)
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
