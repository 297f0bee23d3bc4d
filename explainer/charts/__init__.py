"""Stage 5: chart definitions plus datasets become charts: what each shows (data table, CSV, sources, trend in
words), its Vega-Lite specs, and its drawings (static SVG for the page, a PNG social card), drawn once per
content hash.

Two steps, each returning what it made:
- make_charts (once a build, in the parent): every chart's data, and every drawing the cache lacks drawn into
  it, in worker processes when several need it;
- draw_article_charts (per article, where the article is made): the drawings its pages show, read from the
  cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..model import Article, ChartSpec, Content
from ..parallel import map_chunks
from .cache import DiskCache, digest
from .data import chart_data, chart_rows, chart_series, rows_to_csv
from .describe import describe_chart
from .draw import Drawer, DrawError, cache_key, vl_convert_version
from .palette import palette_problems
from .specs import cached_specs, load_specs, specs_key, vega_lite_version
from .svg import accessible_svg
from .theme import CARD, IMAGE, PAGE_BACKGROUNDS, PAGE_LAYOUTS, PALETTE

IMAGE_PNG = "image-png"  # the PNG drawn from the image layout's spec, beside its SVG
PARALLEL_CHARTS = 2  # one chart to draw is drawn in this process: starting workers would cost more


@dataclass(frozen=True)
class DrawingIndex:
    """Where a chart's drawings are in the cache: layout name -> (kind, cache key), and the Vega-Lite version
    its specs target; empty until its specs exist (or when vl-convert refused them)."""

    keys: dict = field(default_factory=dict)
    vl_version: str = ""
    drawn_now: bool = False  # some drawing was made by this build (else all came from the cache)

    def complete(self, cache: DiskCache) -> bool:
        """True when the cache holds every drawing."""
        return bool(self.keys) and all(cache.has(key, f".{kind}") for kind, key in self.keys.values())


@dataclass(frozen=True)
class Chart:
    """What one chart shows, from its definition and datasets, and where its drawings are kept."""

    spec: ChartSpec
    article: str  # the slug of the article that defines it
    with_card: bool  # the article's first chart: also drawn as its social card
    series: list
    rows: list
    as_of: dt.date | None
    sources: list
    csv: str
    summary: str  # the trend in words
    specs_key: str = ""  # where its Vega-Lite specs are cached (specs.specs_key); '' without data
    index: DrawingIndex = DrawingIndex()  # where its drawings are in the cache


@dataclass(frozen=True)
class Drawing:
    """What the pages show of a chart, read from the cache: its wide spec and its accessible SVGs by layout."""

    vl_spec: dict
    svgs: dict
    card: bytes | None = None  # the social card PNG, for an article's first chart
    drawn_now: bool = False
    image_svg: bytes = b""  # the chart to download, with its title and sources
    image_png: bytes = b""
    narrow_spec: dict | None = None  # the phone layout's spec, for the interactive view on a narrow screen

    def files(self, paths) -> list[tuple[str, bytes | str]]:
        """The chart's downloadable files besides its CSV: the Vega-Lite spec and the image as SVG and PNG."""
        return [(paths.spec.file, self.spec_file), (paths.svg.file, self.image_svg), (paths.png.file, self.image_png)]

    @property
    def svg(self) -> str:
        """The SVG for wide screens."""
        return self.svgs.get("wide", "")

    # The three below are cached: a chart's figure and its embed page each print the first two, and a
    # drawing the preview reads once (drawing_of) serves edit after edit (a drawing is immutable).
    @functools.cached_property
    def spec_json(self) -> str:
        """The spec as JSON safe inside <script type="application/json">: <, > and & are escaped."""
        return script_json(self.vl_spec)

    @functools.cached_property
    def narrow_spec_json(self) -> str:
        """The phone layout's spec, escaped as spec_json is."""
        return script_json(self.narrow_spec or self.vl_spec)

    @functools.cached_property
    def spec_file(self) -> str:
        """The downloadable spec: sorted keys without indentation, which json's C encoder writes at a tenth of
        the cost of an indented file."""
        return json.dumps(self.vl_spec, ensure_ascii=False, sort_keys=True) + "\n"


def script_json(spec: dict) -> str:
    """A spec as JSON safe inside <script type="application/json">: <, > and & are escaped."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def make_charts(content: Content, problems: Problems) -> dict[str, Chart]:
    """Every chart of every article, by id: its data and where its drawings are, any the cache lacks drawn into
    it now (in worker processes when several charts need it: Altair takes a tenth of a second a spec,
    vl-convert tens of milliseconds a drawing, and each a second to start)."""
    cache = DiskCache(content.site.cache_dir / "charts")
    charts, todo = {}, []
    for article in content.articles:
        for position, spec in enumerate(article.charts):
            chart = build_chart(spec, content, article.slug, with_card=position == 0)
            if not chart.rows:
                problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' has no data points to draw")
            else:
                chart = dataclasses.replace(chart, index=known_index(chart.specs_key, chart.with_card, cache))
                todo += [] if chart.index.complete(cache) else [chart]
            charts[spec.id] = chart
    # Code, not content (a developer's mistake), checked where it is drawn with: a build that draws nothing
    # (no charts, or all in the cache) does not pay the colour-vision library's import, a sixth of a second.
    for problem in palette_problems(PALETTE, PAGE_BACKGROUNDS) if todo else ():
        problems.add(Path(__file__).with_name("theme.py"), 1, problem)
    if len(todo) >= PARALLEL_CHARTS:
        drawn = map_chunks(lambda chunk: [draw_into_cache(chart, content, cache) for chart in chunk], todo,
                           min_items=PARALLEL_CHARTS, stage="drawing charts")
    else:  # one chart: drawn in this process, without starting workers
        drawn = [draw_into_cache(chart, content, cache) for chart in todo]
    for chart, index in zip(todo, drawn):  # no keys: vl-convert refused it, and the article will say why
        charts[chart.spec.id] = dataclasses.replace(chart, index=index)
    return charts


def build_chart(spec: ChartSpec, content: Content, article: str = "", with_card: bool = False) -> Chart:
    """One chart's data: the selected series, a row per point, its CSV, sources, trend in words, and where its
    specs are cached."""
    series = chart_series(spec, content)
    rows = chart_rows(series)
    events = [content.events[ident] for ident in spec.events]
    period = series[0].dataset.period if series else None
    chart = Chart(spec=spec, article=article, with_card=with_card, series=series, rows=rows,
                  as_of=max((row["date"] for row in rows), default=None),
                  sources=list(dict.fromkeys(row["source"] for row in rows)), csv=rows_to_csv(rows),
                  summary=describe_chart(rows, events, period, [line.label for line in series]))
    if not rows:
        return chart
    return dataclasses.replace(chart, specs_key=specs_key(chart_input(chart, content), chart_layouts(with_card)))


def draw_article_charts(article: Article, charts: dict, content: Content, problems: Problems) -> dict[str, Drawing]:
    """The drawings of an article's charts, by id, read from the cache (drawn now only if make_charts could not:
    then the problem vl-convert found is recorded here, against the article's YAML)."""
    cache, drawings = DiskCache(content.site.cache_dir / "charts"), {}
    for spec in article.charts:
        chart = charts.get(spec.id)
        if chart is None or not chart.rows:
            continue
        try:
            drawings[spec.id] = drawing_of(chart, content, cache)
        except DrawError as err:
            problems.add(article.yaml_path, spec.line, f"chart '{spec.id}' could not be drawn: {err}")
    return drawings


# Drawings read from the cache lately, by what they are made of (see drawing_of): the preview makes an edited
# article again, and its charts, unchanged, need not be read, checked and parsed again. Bounded: a drawing
# holds its SVGs and PNGs.
READ_DRAWINGS: dict[tuple, Drawing] = {}
READ_DRAWINGS_KEPT = 32


def drawing_of(chart: Chart, content: Content, cache: DiskCache) -> Drawing:
    """A chart's specs, its accessible SVGs and (for an article's first chart) its social card; the same
    Drawing as the last time when its specs and drawings (their cache keys) and its titles are the same."""
    spec = chart.spec
    known = (str(cache.folder), chart.specs_key, tuple(sorted(chart.index.keys.items())), chart.with_card,
             spec.paths.anchor, spec.title, spec.description) if chart.index.keys and chart.specs_key else None
    if known is not None and known in READ_DRAWINGS:
        return READ_DRAWINGS[known]
    drawing = read_drawing(chart, content, cache)
    if known is not None:
        if len(READ_DRAWINGS) >= READ_DRAWINGS_KEPT:
            READ_DRAWINGS.pop(next(iter(READ_DRAWINGS)))  # the oldest
        READ_DRAWINGS[known] = dataclasses.replace(drawing, drawn_now=False)
    return drawing


def read_drawing(chart: Chart, content: Content, cache: DiskCache) -> Drawing:
    """A chart's drawing from the cache (drawn into it first where it lacks one)."""
    spec, specs, drawer = chart.spec, chart_specs(chart, content, cache), Drawer(cache)
    keys = chart.index.keys or {name: (kind, "") for kind, name, _ in drawings_needed(specs, chart.with_card)}
    svgs = {}
    for layout in PAGE_LAYOUTS:
        prefix = f"{spec.paths.anchor}-{layout.name}"
        svg = drawer.draw("svg", specs[layout.name], keys[layout.name][1]).decode("utf-8")
        svgs[layout.name] = accessible_svg(svg, prefix, spec.title, spec.description,
                                           f"chart-svg chart-svg-{layout.name}")
    card = drawer.draw("png", specs[CARD.name], keys[CARD.name][1]) if chart.with_card else None
    image_svg = drawer.draw("svg", specs[IMAGE.name], keys[IMAGE.name][1])
    image_png = drawer.draw("png", specs[IMAGE.name], keys[IMAGE_PNG][1], from_svg=image_svg)
    return Drawing(vl_spec=specs["wide"], svgs=svgs, card=card, image_svg=image_svg, image_png=image_png,
                   narrow_spec=specs["narrow"],
                   drawn_now=chart.index.drawn_now or drawer.drawn > 0)


def drawings_needed(specs: dict, with_card: bool) -> list[tuple[str, str, dict]]:
    """(kind, layout name, spec) of every drawing a chart needs."""
    return [("svg", layout.name, specs[layout.name]) for layout in PAGE_LAYOUTS] + [
        ("svg", IMAGE.name, specs[IMAGE.name]), ("png", IMAGE_PNG, specs[IMAGE.name])] + (
        [("png", CARD.name, specs[CARD.name])] if with_card else [])


def known_index(key: str, with_card: bool, cache: DiskCache) -> DrawingIndex:
    """Where a chart's drawings are, from a small index kept beside its specs (so that checking a cached chart
    neither reads nor hashes its specs); empty when its specs are not in the cache yet."""
    entry = cache.get(index_key(key), ".keys.json")
    if entry is not None:
        found = json.loads(entry)
        return DrawingIndex({name: tuple(pair) for name, pair in found["keys"].items()}, found["version"])
    specs = cached_specs(key, cache)
    return remember_index(key, specs, with_card, cache) if specs is not None else DrawingIndex()


def remember_index(key: str, specs: dict, with_card: bool, cache: DiskCache, drawn_now: bool = False
                        ) -> DrawingIndex:
    """Hash each drawing of the specs and keep the keys, with the Vega-Lite version, in the index."""
    keys = {name: (kind, cache_key(kind, spec)) for kind, name, spec in drawings_needed(specs, with_card)}
    version = vega_lite_version(specs["wide"])
    cache.put(index_key(key), ".keys.json",
              json.dumps({"keys": keys, "version": version}, sort_keys=True).encode("utf-8"))
    return DrawingIndex(keys, version, drawn_now)


def index_key(key: str) -> str:
    """Where the index of a specs_key's drawings is kept: it names vl-convert's version, as its keys do."""
    return digest("renderings", key, vl_convert_version())  # the index's name in caches made so far


def draw_into_cache(chart: Chart, content: Content, cache: DiskCache) -> DrawingIndex:
    """Build and draw one chart into the cache (in a worker): where its drawings are (empty if vl-convert
    refused it), and whether any was made now."""
    drawer = Drawer(cache)
    try:
        specs = chart_specs(chart, content, cache)
        drawn = {}
        for kind, name, spec in drawings_needed(specs, chart.with_card):
            drawn[name] = drawer.draw(kind, spec, from_svg=drawn.get(IMAGE.name) if name == IMAGE_PNG else None)
    except DrawError:
        return DrawingIndex(drawn_now=drawer.drawn > 0)
    return remember_index(chart.specs_key, specs, chart.with_card, cache, drawn_now=drawer.drawn > 0)


def chart_input(chart: Chart, content: Content):
    """What the chart's specs are built from (ChartData): its rows, words and source line."""
    publishers = ", ".join(dict.fromkeys(content.sources[s].publisher for s in chart.sources))
    credit = f"Source: {publishers}. {content.site.title}" if publishers else content.site.title
    return chart_data(chart.spec, chart.series, chart.rows, content, chart.summary, credit)


def chart_layouts(with_card: bool) -> tuple:
    """The layouts a chart is drawn in: the page's, and the social card for an article's first chart."""
    return PAGE_LAYOUTS + (IMAGE,) + ((CARD,) if with_card else ())


def chart_specs(chart: Chart, content: Content, cache: DiskCache) -> dict:
    """The chart's Vega-Lite spec in each layout it is drawn in (built with Altair if the cache lacks it)."""
    return load_specs(chart_input(chart, content), chart_layouts(chart.with_card), cache, chart.specs_key)
