"""The per-article unit of work: compose one article and render every file it owns.

Articles do not depend on each other's pages, so this is what an incremental build redoes for an
article that changed (and nothing else), and what a cold build shares between two processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..charts import draw_charts
from ..charts.page import render_chart_pages
from ..errors import Problems
from ..model import Article, Content
from ..output.write import write_file
from ..parallel import map_chunks
from ..render.compose import compose_explainer
from ..render.pages import Renderer, render_article

# Below this many articles, starting worker processes costs more than it saves (about 6 ms an article).
PARALLEL_MIN = 48


@dataclass
class ArticleFiles:
    """What making one article produced: its files, what it drew on, and any problems."""

    slug: str
    files: list = field(default_factory=list)  # (site path, text or bytes, origin for messages)
    uses: dict = field(default_factory=dict)  # sources, datasets, events, links: so a rebuild knows when to redo it
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    charts_rendered: int = 0  # of its charts, how many vl-convert drew in this build


def render_articles(content: Content, charts: dict, renderer: Renderer, problems: Problems,
                    known_paths: set, staging: str | None = None) -> list[ArticleFiles]:
    """The files of every article in `content`, in order; in two processes when there are many. With a
    `staging` folder, each file is written there by the process that made it, and only its digest returns."""

    def task(articles):
        return [render_explainer(article, content, charts, renderer, known_paths, staging) for article in articles]

    made = map_chunks(task, content.articles, min_items=PARALLEL_MIN)
    for item in made:
        problems.found.extend(item.problems)
        problems.warnings.extend(item.warnings)
    return made


def render_explainer(article: Article, content: Content, charts: dict, renderer: Renderer,
                     known_paths: set, staging: str | None = None) -> ArticleFiles:
    """One article's page, its Markdown form and its charts' files, with the problems found making them
    (handed back with the result rather than recorded, so the same path works in a worker process)."""
    with renderer.problems.set_apart() as (problems, warnings):
        made = make_explainer(article, content, charts, renderer, known_paths, staging)
    made.problems, made.warnings = problems, warnings
    return made


def make_explainer(article: Article, content: Content, charts: dict, renderer: Renderer, known_paths: set,
                   staging: str | None) -> ArticleFiles:
    """render_explainer's work: compose, draw, render, and write into `staging` if given."""
    problems = renderer.problems
    charts_rendered = draw_charts(article, charts, content, problems)
    explainer = compose_explainer(article, content, charts, renderer.urls, problems, known_paths)
    render_chart_pages({spec.id: charts[spec.id] for spec in article.charts if spec.id in charts}, [explainer],
                       renderer)
    origin = problems.relative(article.md_path)
    made = ArticleFiles(article.slug, charts_rendered=charts_rendered)
    # Encoded here, in the worker: bytes cross between processes as cheaply as text and need no copy after.
    made.files.append((f"{article.slug}/index.html", render_article(explainer, renderer).encode(), origin))
    made.files.append((f"{article.slug}/index.md", explainer.markdown.encode(), origin))
    for spec in article.charts:
        chart = charts.get(spec.id)
        if chart is not None:
            made.files.append((f"charts/{spec.id}.csv", chart.csv, f"chart '{spec.id}'"))
            made.files.extend((path, data, f"chart '{spec.id}'") for path, data in chart.files.items())
    if staging is not None:
        made.files = [(path, write_file(staging, path, data), origin) for path, data, origin in made.files]
    made.uses = {
        "sources": sorted(explainer.sources.order),
        "datasets": sorted(explainer.resolver.datasets_used | {d for spec in article.charts for d in spec.data}),
        "events": sorted({e for spec in article.charts for e in spec.events}),
        "links": dict(sorted(explainer.resolver.links_checked.items())),
    }
    return made
