"""A chart in its pages: the figure placed in its article (sources numbered as in the article) and
its embed page /embed/<chart-id>/, with the iframe code that shows it elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from .svg import view_box_size

# Room under the graphic in the embed page: caption, source line, notes, links.
EMBED_EXTRA_HEIGHT = 300


@dataclass(frozen=True)
class SourceRef:
    """A source as a chart cites it: its number in the article and where its link goes."""

    id: str
    number: int
    publisher: str
    title: str
    href: str


def render_chart_pages(charts: dict, explainers: list, renderer) -> None:
    """Each chart's figure (chart.html) and embed page (in chart.files); articles learn their card."""
    by_slug = {explainer.article.slug: explainer for explainer in explainers}
    for chart in charts.values():
        explainer = by_slug.get(chart.article)
        if explainer is None:
            continue
        if chart.card and explainer.card is None:
            explainer.card = chart.card
        article_url = renderer.urls.absolute(explainer.article.url_path)
        if chart.spec.id in explainer.placed_charts:  # otherwise there is no figure to point at
            article_url += f"#chart-{chart.spec.id}"
        in_article = source_refs(chart, explainer, lambda number, source: f"#source-{number}")
        in_embed = source_refs(chart, explainer, lambda number, source: source.url)
        context = {"chart": chart, "article": explainer.article, "iframe": iframe_code(chart, renderer.urls)}
        chart.html = renderer.page("partials/chart.html", **context, refs=in_article,
                                   groups=by_publisher(in_article), embed=False)
        chart.files[f"embed/{chart.spec.id}/index.html"] = renderer.page(
            "embed.html", **context, refs=in_embed, groups=by_publisher(in_embed), embed=True,
            article_url=article_url, path=f"embed/{chart.spec.id}/")


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


def iframe_code(chart, urls) -> str:
    """The HTML a reader copies to show the chart on another site (printed escaped in the page)."""
    src = urls.absolute(f"embed/{chart.spec.id}/")
    height = round(view_box_size(chart.svg)[1]) + EMBED_EXTRA_HEIGHT
    title = chart.spec.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (f'<iframe src="{src}" title="{title}" width="100%" height="{height}" '
            f'style="border: 0" loading="lazy"></iframe>')
