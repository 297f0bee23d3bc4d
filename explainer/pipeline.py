"""build(): the whole pipeline, one stage a line."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from .assets import collect_assets
from .charts import build_charts
from .charts.bundle import add_vega_bundle
from .charts.page import render_chart_pages
from .collect import collect_content
from .compose import compose_explainers
from .config import load_site
from .errors import Problems
from .model import Content
from .publish import add_publishing_files, add_publishing_globals
from .render import make_renderer, render_article, render_index, render_not_found, render_page
from .validate import validate_content
from .write import Output, write_site


@dataclass
class BuildResult:
    """What a build made, for the summary line."""

    pages: int
    charts: int
    seconds: float
    out: Path
    charts_rendered: int = 0
    urls: object = None
    warnings: list = field(default_factory=list)
    origins: dict = field(default_factory=dict)  # built file -> what made it, for the link checker's messages
    notices: list = field(default_factory=list)  # Problems that do not stop the build (a draft's TODOs)

    def summary(self) -> str:
        """One line: pages, charts (rendered now or reused from the cache), time."""
        reused = self.charts - self.charts_rendered
        return (f"Built {self.pages} pages and {self.charts} charts ({self.charts_rendered} rendered, "
                f"{reused} reused from cache) in {self.seconds:.2f} s into {self.out}")


def build(root: Path, *, out: Path | None = None, base_url: str | None = None, drafts: bool = False,
          write: bool = True) -> BuildResult:
    """Read, validate, compose, chart, render and write the site; raise BuildError on any problem."""
    started = time.perf_counter()
    problems = Problems(root=root)
    site = load_site(root, problems, out=out, base_url=base_url, drafts=drafts)
    problems.stop_if_any()
    content = validate_content(site, collect_content(site, problems), problems)
    problems.stop_if_any()
    content.articles = select_published(content)
    charts = build_charts(content, problems)
    assets = collect_assets(site.static_dir, problems)
    add_vega_bundle(assets, charts, site.cache_dir)
    renderer = make_renderer(content, assets, problems)
    publishing = add_publishing_globals(renderer, assets, charts)
    explainers = compose_explainers(content, charts, renderer.urls, problems)
    render_chart_pages(charts, explainers, renderer)
    output = render_site(content, explainers, charts, assets, renderer, problems)
    problems.warnings.sort()
    warnings = [str(w) for w in problems.warnings] + add_publishing_files(output, content, publishing, problems)
    problems.stop_if_any()
    if write:
        write_site(output, site.out)
    pages = sum(1 for path in output.files if path.endswith(".html"))
    rendered = sum(1 for chart in charts.values() if chart.rendered)
    return BuildResult(pages, len(charts), time.perf_counter() - started, site.out, rendered, renderer.urls,
                       warnings, output.origins, problems.warnings)


def select_published(content: Content) -> list:
    """Articles a reader may see: drafts and future-dated ones only with --drafts; newest first."""
    site = content.site
    visible = [a for a in content.articles if site.drafts or (not a.draft and a.published <= site.today)]
    return sorted(visible, key=lambda a: (a.published, a.slug), reverse=True)


def render_site(content: Content, explainers, charts, assets, renderer, problems: Problems) -> Output:
    """Every file of the site, in memory."""
    output = Output()
    templates = content.site.templates_dir
    for explainer in explainers:
        article = explainer.article
        origin = problems.relative(article.md_path)
        output.add(f"{article.slug}/index.html", render_article(explainer, renderer), origin, problems)
        output.add(f"{article.slug}/index.md", explainer.markdown, origin, problems)
    for page in content.pages:
        output.add(f"{page.slug}/index.html", render_page(page, content, renderer), problems.relative(page.path),
                   problems)
    for chart in charts.values():
        output.add(f"charts/{chart.spec.id}.csv", chart.csv, f"chart '{chart.spec.id}'", problems)
        for path, data in chart.files.items():
            output.add(path, data, f"chart '{chart.spec.id}'", problems)
    output.add("index.html", render_index(content.articles, renderer), problems.relative(templates / "index.html"),
               problems)
    output.add("404.html", render_not_found(renderer), problems.relative(templates / "404.html"), problems)
    output.add(".nojekyll", "", "the build", problems)
    for path, data in assets.files.items():
        output.add(path, data, "site/static", problems)
    return output


def dump_json(value) -> str:
    """Stable JSON for files the site serves."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
