"""build(): the whole pipeline, one stage a line."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import operator
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..charts import make_charts
from ..charts.bundle import add_vega_bundle
from ..content.collect import collect_again, collect_content, fill_bodies
from ..content.config import load_site
from ..content.sourcefile import reason
from ..content.validate import declared_articles, validate_content
from ..digests import changed_at
from ..errors import Problems
from ..model import Content
from ..output.paths import CORRECTIONS, NO_JEKYLL, NOT_FOUND, page_paths, page_urls
from ..output.safety import output_refusal
from ..output.write import Output, live_path, staging_folder, start_carrying, write_site
from ..render.assets import collect_assets
from ..render.compose import check_texts
from ..render.pages import (listing_pages, make_templates, render_corrections, render_listing, render_not_found,
                             render_page)
from ..render.publish import add_publishing_files, add_publishing_globals
from .articles import make_articles
from .editions import make_editions, site_languages
from .reuse import Plan, Reuse


@dataclass
class BuildResult:
    """What a build made, for the summary line."""

    pages: int
    charts: int
    seconds: float
    out: Path
    charts_drawn: int = 0  # charts vl-convert drew in this build; the others came from the cache
    urls: object = None
    warnings: list = field(default_factory=list)  # Problems that did not stop the build, in reading order
    origins: dict = field(default_factory=dict)  # built file -> what made it, for the link checker's messages
    articles_made: int = 0  # articles made again; the others were carried over from the last build
    changed: list = field(default_factory=list)  # site paths written, added or removed

    def summary(self) -> str:
        """One line: pages, charts (drawn now or reused from the cache), time."""
        reused = self.charts - self.charts_drawn
        return (f"Built {self.pages} pages and {self.charts} charts ({self.charts_drawn} rendered, "
                f"{reused} reused from cache) in {self.seconds:.2f} s into {self.out}")


def build(root: Path, *, out: Path | None = None, base_url: str | None = None, drafts: bool = False,
          reuse: Reuse | None = None) -> BuildResult:
    """Read, validate, compose, chart, render and write the site; raise BuildError on any problem.

    `reuse` is what the previous build of this site left (pipeline/incremental.py keeps it): with it, only files
    and articles that changed are read, parsed and made again. Without it the build starts cold.
    """
    started = time.perf_counter()
    reuse = reuse if reuse is not None else Reuse()
    problems = Problems(root=root)
    site = load_site(root, problems, out=out, base_url=base_url, drafts=drafts)
    if site is not None and (refusal := output_refusal(root, site.out)):  # before anything is written
        problems.add(site.out, 1, f"--out refused: {refusal}; choose a folder of its own, such as public/")
    problems.stop_if_any()
    files = reuse.source_files()
    collected = collect_again(site, problems, files, reuse.collected) or collect_content(site, problems, files)
    # kept for the next build's collect_again when whole and sound (not from a saved state's unread articles)
    reuse.collected = collected if not problems and not files.unread_articles else None
    content = validate_content(site, collected, problems, reuse.validated, reuse.validated_memo)
    if problems:  # the build stops here: name the problems of the texts in the same run
        fill_bodies(content.articles, reuse.files)
        check_texts(published(content), listed_pages(site, content, published(content)),
                    {raw.slug for raw in collected.datasets} - set(content.datasets), problems,
                    declared_articles(collected.articles, {a.slug for a in content.articles}, site.drafts))
    problems.stop_if_any()
    content = published(content, reuse.published_memo)
    assets = collect_assets(site.static_dir, problems)
    languages = site_languages(content, reuse.languages_memo)
    plan = reuse.plan(content, assets, problems, languages)  # which articles to make again; the others' are kept
    charts = make_charts(plan.work, problems)
    site_charts = content.charts  # (every article walked: once a build)
    add_vega_bundle(assets, charts, site.cache_dir, site_has_charts=bool(site_charts))
    templates = make_templates(content, assets, problems, plan.jinja, languages)
    publishing = add_publishing_globals(templates, assets)
    try:
        with staging_folder(site.out) as staging:  # articles' files are written there as they are made
            start_carrying(staging, site.out, plan.kept, plan.previous)  # the kept ones linked meanwhile
            framing = []  # the pages that list or frame the articles, rendered while workers make those
            made = make_articles(plan.work, charts, templates, problems, plan.known_pages, staging,
                                 meanwhile=lambda: framing.extend(site_pages(content, plan, templates, problems)))
            output = assemble_site(made, plan, framing, assets, problems)
            edition_charts = make_editions(content, languages, assets, output, plan, problems, staging)
            add_publishing_files(output, content, publishing, problems, plan.listings)
            problems.stop_if_any()
            changed = write_site(output, site.out, plan.previous, reuse.before_write, reuse.background, staging,
                                 reuse.ready)
    except OSError as err:  # the old site is intact: say where and why, without [Errno] noise
        if err.errno not in WRITE_ERRORS:
            raise
        problems.add(written_where(err, site.out), 1, f"cannot write the site: {reason(err)}")
        problems.stop_if_any()
    reuse.remember(plan, made, output)
    pages = len([path for path in output.files if path.endswith(".html")])
    charts_count = len(site_charts) + sum(len(edition.charts) for edition in content.editions.values())
    return BuildResult(pages, charts_count, time.perf_counter() - started, site.out,
                       sum(item.charts_drawn for item in made) + edition_charts, templates.urls, sorted(problems.warnings),
                       output.origins, articles_made=len(made), changed=changed)


WRITE_ERRORS = (errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EISDIR, errno.ENOTDIR)


def written_where(err: OSError, out: Path) -> Path:
    """The output file or folder a write failed on (a staging file named as the output file it would have
    become), else the output folder itself (a full disk names no file)."""
    return (live_path(out, Path(err.filename)) if err.filename else None) or out


def listed_pages(site, content: Content, shown: Content) -> set:
    """Every page a link may name: those `shown`, and those of every article or page file listed but not
    valid, so that a link to one whose metadata is broken is not reported as well."""
    stems = set()
    for folder in (site.content_dir / "articles", site.content_dir / "pages"):
        with contextlib.suppress(OSError):
            stems |= {entry.name[:-3] for entry in os.scandir(folder) if entry.name.endswith(".md")}
    stems -= {article.slug for article in content.articles}  # valid, so shown or not as published() says
    return page_urls(shown.articles, shown.pages) | {page_paths(stem).url for stem in stems}


def published(content: Content, memo: list | None = None) -> Content:
    """The content with the articles a reader may see (drafts and future-dated ones only with --drafts),
    newest first. With `memo` (the last call's [settings, articles, order, id of each one shown -> its place],
    updated here), the last order is given again with the articles that changed put in their places, when none
    changed its slug, date or draft."""
    site = content.site
    order = slugs = None
    if memo and memo[0] == (site.drafts, site.today) and (changed := changed_at(content.articles, memo[1])) is not None:
        last = memo[1]
        if len(changed) <= MOVED_AT_MOST and all(placing(content.articles[i]) == placing(last[i]) for i in changed):
            order, places, slugs = list(memo[2]), memo[3], memo[4]  # (no slug moved: each is where it was)
            for i in changed:
                if (place := places.pop(id(last[i]), None)) is not None:  # (None: not shown, a draft)
                    order[place], places[id(content.articles[i])] = content.articles[i], place
    if order is None:
        visible = [a for a in content.articles if site.drafts or (not a.draft and a.published <= site.today)]
        order = sorted(visible, key=operator.attrgetter("published", "slug"), reverse=True)
        places = {id(article): place for place, article in enumerate(order)}
    if slugs is None and content.editions:
        slugs = {article.slug: place for place, article in enumerate(order)}
    if memo is not None:  # (the articles are held here, so no id in `places` is taken by another object)
        memo[:] = [(site.drafts, site.today), list(content.articles), list(order), places, slugs]
    if not content.editions:
        return dataclasses.replace(content, articles=order)
    editions = {language: dataclasses.replace(edition, articles=sorted(
        (a for a in edition.articles if a.slug in slugs), key=lambda a: slugs[a.slug]))
        for language, edition in content.editions.items()}
    return dataclasses.replace(content, articles=order, editions=editions)


MOVED_AT_MOST = 16  # changed articles published() puts in the last order's places; more are sorted again


def placing(article) -> tuple:
    """What decides whether and where published() lists an article."""
    return article.slug, article.published, article.draft


def site_pages(content: Content, plan: Plan, templates, problems: Problems) -> list:
    """The pages that list or frame the articles, each (site path, text, origin): the plain pages, the
    listings, corrections and 404. Made from the content alone, not from the articles' files."""
    folder = content.site.templates_dir
    listed_by = problems.relative(folder / "index.html")
    pages = []
    for page in content.pages:  # (what a page shows, the pages among it, is in what every listing shows)
        kept = plan.listings.kept_as(page.paths.file)
        pages.append((page.paths.file, kept or render_page(page, plan.known_pages, templates),
                      problems.relative(page.path)))
    for place, listing, articles in listing_pages(content.articles, content.site.per_page, templates.places.folder):
        page = plan.listings.kept(place.file, place.url, listing, articles)  # unchanged since the last build?
        pages.append((place.file, page or render_listing(place, listing, articles, templates), listed_by))
    pages.append((CORRECTIONS.file, render_corrections(content.articles, templates),
                  problems.relative(folder / "corrections.html")))
    pages.append((NOT_FOUND.file, render_not_found(templates), problems.relative(folder / "404.html")))
    return pages


def assemble_site(made: list, plan: Plan, pages: list, assets, problems: Problems) -> Output:
    """Every file of the site: the articles' files (`made` now, or kept from the last build), then the
    `pages` that list or frame them (site_pages), then the assets."""
    output = Output()
    for article in made:
        for path, data, origin in article.files:
            output.add(path, data, origin, problems)
    output.add_kept(plan.kept, problems)
    for path, data, origin in pages:
        output.add(path, data, origin, problems)
    output.add(NO_JEKYLL.file, "", "the build", problems)
    for path, data in assets.files.items():
        output.add(path, data, "site/static", problems)
    return output
