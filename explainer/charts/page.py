"""A chart in its pages: the figure placed in its article (sources numbered as in the article) and
its embed page /embed/<chart-id>/, with the iframe code that shows it elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from .svg import view_box_size

# Room under the graphic in the embed page: caption, source line, notes, links.
EMBED_EXTRA_HEIGHT = 300
EMBED_SOURCE_HEIGHT = 48  # the embed page lists each source it cites, a line or two each


@dataclass(frozen=True)
class SourceRef:
    """A source as a chart cites it: its number in the article and where its link goes."""

    id: str
    number: int
    publisher: str
    title: str
    href: str


@dataclass(frozen=True)
class Figure:
    """A chart's HTML: the figure its article places, and its embed page."""

    html: str
    embed_page: str


def chart_figures(charts: dict, drawings: dict, explainer, templates) -> dict[str, Figure]:
    """The figure and embed page of each drawn chart of an explainer's article, by id."""
    article = explainer.article
    figures = {}
    for spec in article.charts:
        chart, drawing = charts.get(spec.id), drawings.get(spec.id)
        if chart is None or drawing is None:
            continue
        article_url = templates.urls.absolute(article.paths.page.url)
        if spec.id in explainer.placed_charts:  # otherwise there is no figure to point at
            article_url += f"#{spec.paths.anchor}"
        in_article = source_refs(chart, explainer, lambda number, source: f"#source-{number}")
        in_embed = source_refs(chart, explainer, lambda number, source: source.url)
        context = {"chart": chart, "drawing": drawing, "article": article,
                   "iframe": iframe_code(spec, drawing, templates.urls, len(chart.sources))}
        figures[spec.id] = Figure(
            html=templates.render("partials/chart.html", **context, refs=in_article, groups=by_publisher(in_article),
                                  embed=False),
            embed_page=templates.render("embed.html", **context, refs=in_embed, groups=by_publisher(in_embed),
                                        embed=True, article_url=article_url, path=spec.paths.embed.url))
    return figures


def source_refs(chart, explainer, href) -> dict[str, SourceRef]:
    """The chart's sources by id, numbered as in its article, each linked by `href(number, source)`."""
    refs = {}
    for source_id in chart.sources:
        source = explainer.sources.content.sources[source_id]
        number = explainer.sources.number(source_id)
        refs[source_id] = SourceRef(source_id, number, source.publisher, source.title, href(number, source))
    return refs


def by_publisher(refs: dict[str, SourceRef]) -> list[tuple[str, list[SourceRef]]]:
    """Sources grouped under their publisher, in order of first appearance: 'OHCHR [1] [2]; DPPA [3]'."""
    groups: dict[str, list[SourceRef]] = {}
    for ref in sorted(refs.values(), key=lambda r: r.number):
        groups.setdefault(ref.publisher, []).append(ref)
    return list(groups.items())


def iframe_code(spec, drawing, urls, sources: int = 0) -> str:
    """The HTML a reader copies to show the chart on another site (printed escaped in the page)."""
    src = urls.absolute(spec.paths.embed.url)
    height = round(view_box_size(drawing.svg)[1]) + EMBED_EXTRA_HEIGHT + EMBED_SOURCE_HEIGHT * sources
    title = spec.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (f'<iframe src="{src}" title="{title}" width="100%" height="{height}" '
            f'style="border: 0" loading="lazy"></iframe>')
