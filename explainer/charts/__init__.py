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
from .specs import cached_specs, load_specs
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
    with_card: bool = False  # the article's first chart: also drawn as its social card
    specs: dict | None = None  # layout name -> Vega-Lite spec, once found in (or drawn into) the cache
    keys: dict = field(default_factory=dict)  # layout name -> (kind, cache key) of its rendering: render_keys()
    files: dict = field(default_factory=dict)
    html: str = ""

    @property
    def svg(self) -> str:
        """The SVG for wide screens."""
        return self.svgs.get("wide", "")

    @property
    def spec_json(self) -> str:
        """The spec as JSON safe inside <script type="application/json">: <, > and & are escaped."""
        text = json.dumps(self.vl_spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def build_charts(content: Content, problems: Problems) -> dict[str, ChartOutput]:
    """Every chart of every article, by id: its data, its specs and renderings found in the cache, and any
    the cache lacks drawn into it (in worker processes when several charts need it: Altair takes a tenth of a
    second a spec, vl-convert tens of milliseconds a rendering, and each a second to start). What a page
    shows is taken from the cache by draw_charts, per article, where the article is rendered."""
    cache = DiskCache(content.site.cache_dir / "charts")
    charts, todo = {}, []
    for article in content.articles:
        for index, spec in enumerate(article.charts):
            chart = build_chart(spec, content)
            chart.article, chart.with_card = article.slug, index == 0
            charts[spec.id] = chart
            if not chart.rows:
                problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' has no data points to draw")
                continue
            chart.specs = cached_specs(chart_input(chart, content), chart_layouts(chart.with_card), cache)
            if chart.specs is None or not all(cache.has(key, f".{kind}") for kind, key in render_keys(chart).values()):
                todo.append(chart)
    if len(todo) >= PARALLEL_CHARTS:
        drawn = map_chunks(lambda chunk: [draw_into_cache(chart, content, cache) for chart in chunk], todo,
                           min_items=PARALLEL_CHARTS)
    else:  # one chart: drawn in this process, without starting workers
        drawn = [draw_into_cache(chart, content, cache) for chart in todo]
    for chart, (specs, rendered) in zip(todo, drawn):
        chart.specs, chart.rendered = specs, rendered > 0  # specs None: it failed, and draw_charts says why
    return charts


def draw_charts(article: Article, charts: dict, content: Content, problems: Problems) -> int:
    """Fill in the article's charts (specs, accessible SVGs, files) from the cache; returns how many had to be
    rendered now (normally none: build_charts drew what the cache lacked)."""
    cache, rendered = DiskCache(content.site.cache_dir / "charts"), 0
    for spec in article.charts:
        chart = charts.get(spec.id)
        if chart is None or not chart.rows:
            continue
        renderer = StaticRenderer(cache)
        try:
            draw_chart(chart, article, content, cache, renderer)
        except RenderError as err:
            problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' could not be drawn: {err}")
        chart.rendered = chart.rendered or renderer.rendered > 0
        rendered += chart.rendered
    return rendered


def renderings(specs: dict, with_card: bool) -> list[tuple[str, str, dict]]:
    """(kind, layout name, spec) of every rendering a chart needs."""
    return [("svg", layout.name, specs[layout.name]) for layout in PAGE_LAYOUTS] + (
        [("png", CARD.name, specs[CARD.name])] if with_card else [])


def render_keys(chart: ChartOutput) -> dict[str, tuple[str, str]]:
    """Layout name -> (kind, cache key) of every rendering of a chart whose specs are known; hashed once, kept."""
    if not chart.keys:
        chart.keys = {name: (kind, cache_key(kind, spec)) for kind, name, spec in renderings(chart.specs, chart.with_card)}
    return chart.keys


def draw_into_cache(chart: ChartOutput, content: Content, cache: DiskCache) -> tuple[dict | None, int]:
    """Build and render one chart into the cache (in a worker): its specs (None if vl-convert refused it) and
    how many renderings were made."""
    renderer = StaticRenderer(cache)
    try:
        specs = chart_specs(chart, content, cache, chart.with_card)
        for kind, _, spec in renderings(specs, chart.with_card):
            renderer.render(kind, spec)
    except RenderError:
        return None, renderer.rendered
    return specs, renderer.rendered


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
               renderer: StaticRenderer) -> None:
    """Specs (unless already known), SVGs and (for an article's first chart) the social card; their files."""
    spec = chart.spec
    if chart.specs is None:
        chart.specs, chart.keys = chart_specs(chart, content, cache, chart.with_card), {}
    keys = render_keys(chart)
    chart.vl_spec = chart.specs["wide"]
    for layout in PAGE_LAYOUTS:
        prefix = f"chart-{spec.id}-{layout.name}"
        svg = renderer.render("svg", chart.specs[layout.name], keys[layout.name][1]).decode("utf-8")
        chart.svgs[layout.name] = accessible_svg(svg, prefix, spec.title, chart.summary,
                                                 f"chart-svg chart-svg-{layout.name}")
    # Sorted keys without indentation: json's C encoder writes it, at a tenth of the cost of an indented file.
    chart.files[f"charts/{spec.id}.vl.json"] = json.dumps(chart.vl_spec, ensure_ascii=False, sort_keys=True) + "\n"
    if chart.with_card:
        chart.card = f"{article.slug}/card.png"
        chart.files[chart.card] = renderer.render("png", chart.specs[CARD.name], keys[CARD.name][1])
