"""The per-article unit of work: compose one article, draw its charts and make every file it owns.

Articles do not depend on each other's pages, so this is what an incremental build redoes for an
article that changed (and nothing else), and what a cold build shares between two processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..charts import draw_article_charts
from ..charts.page import chart_figures
from ..errors import Problems
from ..model import Article, Content
from ..output.write import write_file
from ..parallel import map_chunks
from ..render.compose import ArticleResolver, compose_explainer
from ..render.pages import Templates, render_article

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
    charts_drawn: int = 0  # of its charts, how many vl-convert drew in this build


def make_articles(content: Content, charts: dict, templates: Templates, problems: Problems,
                  known_pages: set, staging: str, meanwhile=None) -> list[ArticleFiles]:
    """The files of every article in `content`, in order; in two processes when there are many. Each file is
    written into the `staging` folder by the process that made it, and only its digest comes back. This
    process calls `meanwhile()` while the others work (see parallel.map_chunks)."""

    def task(articles):
        return [make_article(article, content, charts, templates, known_pages, staging) for article in articles]

    if len(content.articles) >= PARALLEL_MIN:
        templates.compile()  # once here, not once in each worker
    made = map_chunks(task, content.articles, min_items=PARALLEL_MIN, stage="making articles", meanwhile=meanwhile)
    for item in made:
        problems.found.extend(item.problems)
        problems.warnings.extend(item.warnings)
    return made


def make_article(article: Article, content: Content, charts: dict, templates: Templates, known_pages: set,
                 staging: str) -> ArticleFiles:
    """One article's page, its Markdown form and its charts' files, with the problems found making them
    (handed back with the result rather than recorded, so the same path works in a worker process)."""
    with templates.problems.set_apart() as (problems, warnings):
        made = article_files(article, content, charts, templates, known_pages)
    made.problems, made.warnings = problems, warnings
    made.files = [(path, write_file(staging, path, data), origin) for path, data, origin in made.files]
    return made


def article_files(article: Article, content: Content, charts: dict, templates: Templates,
                  known_pages: set) -> ArticleFiles:
    """make_article's work: draw, compose, place the figures, render."""
    problems, paths = templates.problems, article.paths
    drawings = draw_article_charts(article, charts, content, problems)
    words = templates.words()
    explainer = compose_explainer(article, content, charts, templates.urls, problems, words)
    figures = chart_figures(charts, drawings, explainer, templates)
    resolver = ArticleResolver(explainer, figures, templates.urls, known_pages, words, templates.local_pages)
    cards = [drawing.card for drawing in drawings.values() if drawing.card is not None]
    origin = problems.relative(article.md_path)
    made = ArticleFiles(article.slug, charts_drawn=sum(drawing.drawn_now for drawing in drawings.values()))
    # Encoded here, in the worker: bytes cross between processes as cheaply as text and need no copy after.
    page = render_article(explainer, resolver, paths.card.url if cards else None, templates)
    made.files += [(paths.page.file, page.encode(), origin), (paths.markdown.file, explainer.markdown.encode(), origin)]
    for spec in article.charts:
        chart, drawing, figure = charts.get(spec.id), drawings.get(spec.id), figures.get(spec.id)
        made_by = f"chart '{spec.id}'"
        if chart is not None:
            made.files.append((spec.paths.csv.file, chart.csv, made_by))
        if drawing is not None:
            made.files += [(file, data, made_by) for file, data in drawing.files(spec.paths)]
        if figure is not None:
            made.files.append((spec.paths.embed.file, figure.embed_page, made_by))
    made.files += [(paths.card.file, card, f"chart '{article.charts[0].id}'") for card in cards]
    made.uses = {
        "sources": sorted(explainer.sources.order),
        "datasets": sorted(explainer.roles.datasets_used | {d for spec in article.charts for d in spec.data}),
        "events": sorted({e for spec in article.charts for e in spec.events}),
        "links": dict(sorted(resolver.links_checked.items())),
    }
    return made
