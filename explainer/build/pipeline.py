"""build(): the whole pipeline, one stage a line."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..charts import build_charts
from ..charts.bundle import add_vega_bundle
from ..content.collect import collect_content
from ..content.config import load_site
from ..content.validate import validate_content
from ..errors import Problems
from ..model import Content
from ..output.write import Output, staging_folder, write_site
from ..render.assets import collect_assets
from ..render.pages import make_renderer, render_index, render_not_found, render_page
from ..render.publish import add_publishing_files, add_publishing_globals
from .articles import render_articles
from .reuse import BuildState, plan_build, remember_build


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
    articles_rendered: int = 0  # articles made again; the others were carried over from the last build
    changed: list | None = None  # site paths written, added or removed (None when nothing was written)

    def summary(self) -> str:
        """One line: pages, charts (rendered now or reused from the cache), time."""
        reused = self.charts - self.charts_rendered
        return (f"Built {self.pages} pages and {self.charts} charts ({self.charts_rendered} rendered, "
                f"{reused} reused from cache) in {self.seconds:.2f} s into {self.out}")


def build(root: Path, *, out: Path | None = None, base_url: str | None = None, drafts: bool = False,
          write: bool = True, state: BuildState | None = None) -> BuildResult:
    """Read, validate, compose, chart, render and write the site; raise BuildError on any problem.

    `state` is what the previous build of this site made (explainer/build/incremental.py): with it, only files
    and articles that changed are read, parsed and rendered again. Without it the build starts cold.
    """
    started = time.perf_counter()
    state = state if state is not None else BuildState()
    problems = Problems(root=root)
    site = load_site(root, problems, out=out, base_url=base_url, drafts=drafts)
    problems.stop_if_any()
    content = validate_content(site, collect_content(site, problems, state.reader()), problems, state.validated)
    problems.stop_if_any()
    content.articles = select_published(content)
    assets = collect_assets(site.static_dir, problems)
    plan = plan_build(state, content, assets)  # which articles to make again; the others' files are kept
    problems.warnings.extend(plan.warnings)
    charts = build_charts(plan.work, problems)
    add_vega_bundle(assets, charts, site.cache_dir, site_has_charts=bool(content.charts))
    renderer = make_renderer(content, assets, problems, plan.jinja)
    publishing = add_publishing_globals(renderer, assets, charts)
    with staging_folder(site.out if write else None) as staging:  # articles' files are written there as made
        made = render_articles(plan.work, charts, renderer, problems, plan.known_paths, staging)
        output = render_site(content, made, plan.kept, assets, renderer, problems)
        warnings = [str(w) for w in sorted(problems.warnings)] + add_publishing_files(output, content, publishing,
                                                                                      problems)
        problems.stop_if_any()
        changed = write_site(output, site.out, plan.previous, state.retire, state.background, staging) \
            if write else None
    remember_build(state, plan, made, output, changed)
    pages = sum(1 for path in output.files if path.endswith(".html"))
    rendered = sum(item.charts_rendered for item in made)
    return BuildResult(pages, len(content.charts), time.perf_counter() - started, site.out, rendered,
                       renderer.urls, warnings, output.origins, sorted(problems.warnings),
                       articles_rendered=len(made), changed=changed)


def select_published(content: Content) -> list:
    """Articles a reader may see: drafts and future-dated ones only with --drafts; newest first."""
    site = content.site
    visible = [a for a in content.articles if site.drafts or (not a.draft and a.published <= site.today)]
    return sorted(visible, key=lambda a: (a.published, a.slug), reverse=True)


def render_site(content: Content, made: list, kept: dict, assets, renderer, problems: Problems) -> Output:
    """Every file of the site, in memory: the articles' files (`made` now, or `kept` from the last build),
    then the pages that list or frame them."""
    output = Output()
    templates = content.site.templates_dir
    for article in made:
        for path, data, origin in article.files:
            output.add(path, data, origin, problems)
    for path, (data, origin) in kept.items():
        output.add(path, data, origin, problems)
    for page in content.pages:
        output.add(f"{page.slug}/index.html", render_page(page, content, renderer), problems.relative(page.path),
                   problems)
    output.add("index.html", render_index(content.articles, renderer), problems.relative(templates / "index.html"),
               problems)
    output.add("404.html", render_not_found(renderer), problems.relative(templates / "404.html"), problems)
    output.add(".nojekyll", "", "the build", problems)
    for path, data in assets.files.items():
        output.add(path, data, "site/static", problems)
    return output
