"""The site's other editions (issue 17): each language's pages, made as the default one's are, in its words.

An edition is a Content of its own (content/translations.py): its articles are the English ones with the
translation's words, so its charts, figures and sources are theirs. It is made inside `speaking(...)`, so
numbers and dates read as its language writes them, with templates that speak it (its message catalog), and
its files go under its folder (/uk/). An edition's article is made again when its default-language article
is, or when its translation or the edition's other translated files changed (what it made is remembered in
memory by the preview and in the build state by the command line); the rest of an edition (its listings,
pages, feed) is made at every build.
"""

from __future__ import annotations

import dataclasses
import operator

from ..charts import make_charts
from ..digests import digest_of
from ..errors import Problems
from ..model import Content
from ..numbers import speaking
from ..output.paths import article_paths, edition_folder, edition_places, page_paths
from ..output.write import Kept, Output
from ..render.languages import Languages, speech
from ..render.pages import (jinja_environment, listing_pages, make_templates, render_corrections, render_index,
                            render_page)
from ..render.publish import add_feed_and_sitemap, add_publishing_globals
from .articles import make_articles
from .reuse import EditionRecord, Plan


def site_languages(content: Content, memo: list | None = None) -> Languages:
    """Which page of each edition is which page of the default one. With `memo` ([key, Languages] of an earlier
    call, updated here), the last Languages is given again when every edition's articles and pages are the same
    slugs in the same order (their paths are made from the slug and the edition's folder, in validation): a
    tuple of 10,000 slugs is quicker to make and compare than the 10,000 entries of a Languages."""
    if memo is None:
        return languages_of(content)
    site = content.site
    key = (site.language, site.languages, site.per_page, tuple(
        (language, tuple(map(SLUG, edition.articles)), tuple(map(SLUG, edition.pages)))
        for language in site.languages
        if (edition := content if language == site.language else content.editions.get(language)) is not None))
    if not memo or memo[0] != key:
        memo[:] = [key, languages_of(content)]
    return memo[1]


SLUG = operator.attrgetter("slug")


def languages_of(content: Content) -> Languages:
    """site_languages worked out afresh."""
    site = content.site
    languages = Languages(site.language, site.languages)
    english = edition_places("")
    english_listings = [place for place, _, _ in listing_pages(content.articles, site.per_page)]
    for language in site.languages:
        edition = content if language == site.language else content.editions.get(language)
        if edition is None:
            continue
        places = edition_places(edition_folder(language, site.language))
        languages.add(language, english.home.url, places.home.url)
        languages.add(language, english.corrections.url, places.corrections.url)
        listings = listing_pages(edition.articles, site.per_page, places.folder)
        for english_listing, (place, _, _) in zip(english_listings[1:], listings[1:]):  # /page/2/ is /uk/page/2/
            languages.add(language, english_listing.url, place.url)
        for article in edition.articles:  # (the default edition's articles are where article_paths puts them)
            url = article.paths.page.url
            languages.add(language, url if edition is content else article_paths(article.slug).page.url, url)
        for page in edition.pages:
            languages.add(language, page_paths(page.slug).url, page.paths.url)
    return languages


def make_editions(content: Content, languages: Languages, assets, output: Output, plan: Plan,
                  problems: Problems, staging: str) -> int:
    """Every other edition's files into `output`; the number of charts vl-convert drew for them. An article
    whose default-language article the `plan` keeps, and whose translation is unchanged, keeps its files."""
    if not content.editions:
        return 0  # (a site in one language: not even the union below, 10,000 pages long)
    site, drawn = content.site, 0
    known = plan.known_pages | set(languages.original)
    for language, edition in content.editions.items():
        wide = edition_words(edition)
        work = keep_articles(edition, language, wide, plan, output, problems)
        with speaking(speech(language, site.language)):
            charts = make_charts(work, problems)
            jinja = plan.edition_jinja.get(language)  # kept from the last build, its templates compiled
            if jinja is None:
                jinja = plan.edition_jinja[language] = jinja_environment(site.templates_dir, site.cache_dir / "jinja")
            templates = make_templates(edition, assets, problems, jinja, languages, english=content)
            publishing = add_publishing_globals(templates, assets)
            made = make_articles(work, charts, templates, problems, known, staging)
            drawn += add_articles(made, work, language, wide, plan, output, problems)
            for page in edition.pages:
                output.add(page.paths.file, render_page(page, known, templates), problems.relative(page.path),
                           problems)
            folder = problems.relative(site.templates_dir)
            for place, listing in render_index(edition.articles, templates):
                output.add(place.file, listing, f"{folder}/index.html", problems)
            output.add(templates.places.corrections.file, render_corrections(edition.articles, templates),
                       f"{folder}/corrections.html", problems)
            add_feed_and_sitemap(output, edition, publishing, problems, plan.listings)
    return drawn


def edition_words(edition: Content) -> str:
    """What an edition's translated files other than its articles' say (site words, pages, data, events,
    sources), as a digest: any change makes each of its articles again."""
    return digest_of(repr((edition.site, edition.pages, sorted(edition.datasets.items()), edition.events,
                           sorted(edition.sources.items()))).encode())


def keep_articles(edition: Content, language: str, wide: str, plan: Plan, output: Output,
                  problems: Problems) -> Content:
    """The edition with only the articles to make again; the others' files, as the last build made them, go
    into `output`, and what making them warned about is said again."""
    work = []
    for article in edition.articles:
        record = plan.edition_article(language, article, wide)
        if record is None:
            work.append(article)
            continue
        for path, (digest, size, origin) in record.outputs.items():
            output.add(path, Kept(digest, size), origin, problems)
        problems.warnings.extend(record.warnings)
        plan.editions[(language, article.slug)] = record
    return dataclasses.replace(edition, articles=work)


def add_articles(made: list, work: Content, language: str, wide: str, plan: Plan, output: Output,
                 problems: Problems) -> int:
    """The files of the edition's articles just made into `output`, each article remembered for the next
    build; the number of charts vl-convert drew for them."""
    digests = {article.slug: article.source_digest for article in work.articles}
    for item in made:
        for path, data, origin in item.files:
            output.add(path, data, origin, problems)
        if not item.problems:
            outputs = {path: (data.digest, data.size, origin) for path, data, origin in item.files}
            plan.editions[(language, item.slug)] = EditionRecord((wide, digests[item.slug]), outputs,
                                                                 tuple(item.warnings))
    return sum(item.charts_drawn for item in made)
