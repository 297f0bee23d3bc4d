"""Stage 5: chart definitions plus datasets become chart outputs: data table, CSV, sources, the
Vega-Lite spec, static SVG for the page and a PNG social card, rendered once per content hash."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import Problems
from ..model import Article, ChartSpec, Content
from ..parallel import map_chunks
from .cache import DiskCache, digest
from .data import chart_data, chart_rows, chart_series, rows_to_csv
from .describe import describe_chart
from .draw import RenderError, StaticRenderer, cache_key, vl_convert_version
from .specs import cached_specs, load_specs, specs_key, vega_lite_version
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
    specs_key: str = ""  # where its Vega-Lite specs are cached (specs.specs_key)
    keys: dict = field(default_factory=dict)  # layout name -> (kind, cache key) of its rendering, once known
    vl_version: str = ""  # the Vega-Lite version its specs target ('6.4'), once known
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
            chart.specs_key = specs_key(chart_input(chart, content), chart_layouts(chart.with_card))
            chart.keys, chart.vl_version = known_renderings(chart, cache)
            if not chart.keys or not all(cache.has(key, f".{kind}") for kind, key in chart.keys.values()):
                todo.append(chart)
    if len(todo) >= PARALLEL_CHARTS:
        drawn = map_chunks(lambda chunk: [draw_into_cache(chart, content, cache) for chart in chunk], todo,
                           min_items=PARALLEL_CHARTS)
    else:  # one chart: drawn in this process, without starting workers
        drawn = [draw_into_cache(chart, content, cache) for chart in todo]
    for chart, (keys, version, rendered) in zip(todo, drawn):
        # No keys: vl-convert refused it, and draw_charts will say why.
        chart.keys, chart.vl_version, chart.rendered = keys, version, rendered > 0
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


def known_renderings(chart: ChartOutput, cache: DiskCache) -> tuple[dict, str]:
    """Layout name -> (kind, cache key) of each rendering of a chart, and the Vega-Lite version its specs
    target, from a small index kept beside its specs (so that checking a cached chart neither reads nor hashes
    its specs); ({}, "") when its specs are not in the cache yet."""
    entry = cache.get(renderings_key(chart.specs_key), ".keys.json")
    if entry is not None:
        found = json.loads(entry)
        return {name: tuple(pair) for name, pair in found["keys"].items()}, found["version"]
    specs = cached_specs(chart.specs_key, cache)
    return remember_renderings(chart, specs, cache) if specs is not None else ({}, "")


def remember_renderings(chart: ChartOutput, specs: dict, cache: DiskCache) -> tuple[dict, str]:
    """Hash each rendering of the specs and keep the keys, with the Vega-Lite version, in the index."""
    keys = {name: (kind, cache_key(kind, spec)) for kind, name, spec in renderings(specs, chart.with_card)}
    version = vega_lite_version(specs["wide"])
    cache.put(renderings_key(chart.specs_key), ".keys.json",
              json.dumps({"keys": keys, "version": version}, sort_keys=True).encode("utf-8"))
    return keys, version


def renderings_key(key: str) -> str:
    """Where the index of a specs_key's renderings is kept: it names vl-convert's version, as its keys do."""
    return digest("renderings", key, vl_convert_version())


def draw_into_cache(chart: ChartOutput, content: Content, cache: DiskCache) -> tuple[dict, str, int]:
    """Build and render one chart into the cache (in a worker): its rendering keys and Vega-Lite version (as
    known_renderings gives them; ({}, "") if vl-convert refused it) and how many renderings were made."""
    renderer = StaticRenderer(cache)
    try:
        specs = chart_specs(chart, content, cache)
        for kind, _, spec in renderings(specs, chart.with_card):
            renderer.render(kind, spec)
    except RenderError:
        return {}, "", renderer.rendered
    return (*remember_renderings(chart, specs, cache), renderer.rendered)


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


def chart_specs(chart: ChartOutput, content: Content, cache: DiskCache) -> dict:
    """The chart's Vega-Lite spec in each layout it is drawn in (built with Altair if the cache lacks it)."""
    return load_specs(chart_input(chart, content), chart_layouts(chart.with_card), cache, chart.specs_key)


def draw_chart(chart: ChartOutput, article: Article, content: Content, cache: DiskCache,
               renderer: StaticRenderer) -> None:
    """Specs (unless already known), SVGs and (for an article's first chart) the social card; their files."""
    spec, specs = chart.spec, chart_specs(chart, content, cache)
    keys = chart.keys or {name: (kind, "") for kind, name, _ in renderings(specs, chart.with_card)}
    chart.vl_spec = specs["wide"]
    for layout in PAGE_LAYOUTS:
        prefix = f"chart-{spec.id}-{layout.name}"
        svg = renderer.render("svg", specs[layout.name], keys[layout.name][1]).decode("utf-8")
        chart.svgs[layout.name] = accessible_svg(svg, prefix, spec.title, chart.summary,
                                                 f"chart-svg chart-svg-{layout.name}")
    # Sorted keys without indentation: json's C encoder writes it, at a tenth of the cost of an indented file.
    chart.files[f"charts/{spec.id}.vl.json"] = json.dumps(chart.vl_spec, ensure_ascii=False, sort_keys=True) + "\n"
    if chart.with_card:
        chart.card = f"{article.slug}/card.png"
        chart.files[chart.card] = renderer.render("png", specs[CARD.name], keys[CARD.name][1])
