"""Stage 6: Markdown to HTML and pages through Jinja (autoescaped, inheriting from base.html)."""

from __future__ import annotations

import functools
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from ..errors import Problems
from ..model import Content, Page
from ..numbers import (
    format_date,
    format_figure,
    format_number,
    format_short_date,
    unit_for,
)
from ..output.paths import NOT_FOUND, EditionPlaces, Place, edition_places, listing_page
from ..output.urls import Urls
from .compose import Explainer, PageResolver
from .languages import Languages, catalog, language_name, template_words
from .loader import CheckedBytecodeCache, ContainedLoader
from .markdown import Resolver, render_markdown
from .theme import template_folders
from .typography import typeset


@dataclass
class Templates:
    """The site's Jinja templates, bound to one build: its content, URLs and assets."""

    jinja: jinja2.Environment
    content: Content
    urls: Urls
    problems: Problems
    places: EditionPlaces = edition_places("")  # this edition's home, corrections, feed and sitemap
    local_pages: dict = field(default_factory=dict)  # an English page's site path -> this edition's, for links

    def words(self):
        """The words the Markdown renderer prints in an article's text, from templates/partials/words.html
        (the built-in ones if a site's theme has none)."""
        try:
            return self.jinja.get_template(WORDS).module
        except jinja2.TemplateNotFound:
            return Resolver.words

    def compile(self) -> None:
        """Compile the templates an article's files are rendered from now: before the work is shared out, so
        that each forked worker inherits them compiled instead of compiling them again. Not those of the pages
        only this process renders (it compiles them as it renders them, while the workers run), nor the charts'
        in a build without charts. A broken one is reported where it is rendered, as always. The language
        switch's names too (Babel reads a whole locale for each: 70 ms a worker)."""
        for language in self.content.site.languages if len(self.content.site.languages) > 1 else ():
            language_name(language)
        skipped = PARENT_TEMPLATES if self.content.charts else PARENT_TEMPLATES + CHART_TEMPLATES
        for name in self.jinja.list_templates(extensions=("html", "xml", "txt")):
            if name in skipped:
                continue
            try:
                self.jinja.get_template(name)
            except jinja2.TemplateError:
                pass

    def render(self, template: str, **context) -> str:
        """Render a template; a template error becomes a problem naming the template file and line."""
        try:
            return self.jinja.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as err:
            self.problems.add(Path(err.filename or self.content.site.templates_dir / template), err.lineno, err.message)
        except jinja2.TemplateNotFound as err:
            self.problems.add(self.content.site.templates_dir / str(err.name), 1, f"template '{err.name}' not found")
        except Exception as err:  # noqa: BLE001 - any error inside a template is the template's
            path, line = template_frame(err, self.content.site.templates_dir / template)
            self.problems.add(path, line, f"template error: {err}")
        return ""


def template_frame(err: Exception, fallback: Path) -> tuple[Path, int]:
    """The innermost template file and line in an exception's traceback."""
    found = (fallback, 1)
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            found = (Path(frame.filename), frame.lineno or 1)
    return found


def make_templates(content: Content, assets, problems: Problems, jinja: jinja2.Environment | None = None,
                   languages: Languages | None = None, english: Content | None = None) -> Templates:
    """The Jinja environment: autoescape always, undefined names are errors, filters for numbers and dates.

    Pass the `jinja` environment of a previous build of the same site to keep its compiled templates (Jinja
    recompiles a template whose file changed); everything that depends on this build is set again here.
    For an edition in another language, `content` is the edition's, `english` the default language's (whose
    pages the navigation falls back to) and `languages` says which page of one is which of the other.
    """
    site = content.site
    urls = Urls(site.base_url, site.domain)
    jinja = jinja if jinja is not None else jinja_environment(site.templates_dir)
    checked_once(jinja)
    jinja.install_gettext_translations(catalog(site.language), newstyle=True)
    jinja.globals.update(template_words(catalog(site.language)))
    languages = languages or Languages(site.language, site.languages)
    local = languages.local(site.language) if english is not None else {}
    places = edition_places(local.get("", ""))
    pages = {page.slug: page for page in (english.pages if english is not None else ())}
    pages.update((page.slug, page) for page in content.pages)
    words = Templates(jinja, content, urls, problems).words()
    jinja.filters.update(date=format_date, short_date=format_short_date, number=format_number, figure=format_figure,
                         typo=typographer, unit=lambda unit, value: unit_for(value, unit),
                         full_stop=full_stop)
    jinja.globals.update(
        site=site,
        urls=urls,
        url=urls.path,
        absolute_url=urls.absolute,
        asset=lambda name: urls.path(assets.path(name)),
        status_words=words.status,
        status_labels=words.status_label,
        nav_pages=[pages[slug] for slug in site.nav if slug in pages],
        page_slugs=set(pages),  # so a template links only to pages that exist
        page_paths={slug: page.paths.url for slug, page in pages.items()},
        home_url=places.home.url,
        corrections_url=places.corrections.url,
        alternates=languages.alternates,
        language_switch=lambda path: languages.switch(path, site.language),
        stale_notice=stale_notice,
        sitewide=sitewide_parts(jinja),
    )
    return Templates(jinja, content, urls, problems, places, local)


def sitewide_parts(jinja: jinja2.Environment):
    """The templates' `sitewide(name)`: a partial that is the same on every page of an edition (the footer),
    rendered from the site's settings once a build and kept as markup, where an include would render it again
    on every page (50 µs a page). Made again with each build's settings, so nothing is kept from the last."""

    @functools.lru_cache(maxsize=None)
    def sitewide(name: str) -> Markup:
        return Markup(jinja.get_template(name).render())

    return sitewide


def full_stop(text) -> str:
    """The full stop a sentence ending in `text` takes: none after an abbreviation's ('25 червня 2022 р.')."""
    return "" if str(text).endswith(".") else "."


def stale_notice(translation) -> bool:
    """True when a translated page should say it is older than its original."""
    return translation is not None and translation.stale


def checked_once(jinja: jinja2.Environment) -> None:
    """Compiled templates whose files changed are dropped now, once a build, and not checked again in it: Jinja
    would otherwise look at each template's file every time a page asks for it (a dozen times a page)."""
    for key, template in list(jinja.cache.items()):
        if not template.is_up_to_date:
            del jinja.cache[key]
    jinja.auto_reload = False


def typographer(text) -> Markup:
    """Plain text (a YAML field) set as the Markdown body is: curly quotes and apostrophes, en and em dashes,
    ellipses; the result is escaped HTML. Only the typographer's rules run, so '*' and '_' stay as written."""
    if text is None:
        return Markup("")
    if isinstance(text, Markup):
        return text
    return typeset_html(str(text))


@functools.lru_cache(maxsize=4096)
def typeset_html(text: str) -> Markup:
    """typographer's work, remembered: a page sets the same few texts again and again (the site's title four
    times, its publisher three, the article's title four), and listings, feeds and editions set them again."""
    return Markup(escapeHtml(typeset(text)))


WORDS = "partials/words.html"
PARENT_TEMPLATES = ("index.html", "page.html", "corrections.html", "404.html", "feed.xml", "sitemap.xml")
CHART_TEMPLATES = ("partials/chart.html", "embed.html", "partials/embed-sources.html")  # (charts/page.py)


def jinja_environment(templates_dir: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """A fresh Environment for the site's templates over the default theme's (a site's own file wins, name by
    name); compiled templates are kept in `cache_dir` if given, so a new process does not compile them again
    (Jinja checks each against its template's source)."""
    bytecode = None
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            bytecode = CheckedBytecodeCache(str(cache_dir))
        except OSError:
            pass  # a cache that cannot be written only costs time
    return jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.ChoiceLoader([ContainedLoader(folder) for folder in template_folders(templates_dir)]),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_body(text: str, resolver: Resolver, path: Path, first_line: int, templates: Templates, parsed=None):
    """Markdown (or its tokens, already `parsed`) to HTML; each problem reported against the Markdown file."""
    rendered = render_markdown(text, resolver, allow_raw_html=templates.content.site.allow_raw_html,
                               first_line=first_line, parsed=parsed)
    for line, message in rendered.problems:
        templates.problems.add(path, line, message)
    return rendered


def render_article(explainer: Explainer, resolver: Resolver, card: str | None, templates: Templates) -> str:
    """An explainer page; `resolver` places its charts' figures and checks its links, `card` is the site path of
    its share image (None: the site's default)."""
    article = explainer.article
    body = render_body(article.body, resolver, article.md_path, 1, templates, explainer.parsed)
    explainer.parsed = None  # rendering consumed the tokens (links were rewritten in place)
    return templates.render("article.html", article=article, explainer=explainer, body=body.html, toc=body.toc,
                            notes=body.notes, sources=explainer.sources.entries(), card=card,
                            path=article.paths.page.url)


def render_page(page: Page, known_pages: set, templates: Templates) -> str:
    """A plain page (about, methodology)."""
    resolver = PageResolver(templates.urls, known_pages, templates.words(), templates.local_pages)
    body = render_body(page.body, resolver, page.path, page.body_line, templates)
    return templates.render("page.html", page=page, body=body.html, toc=body.toc, notes=body.notes,
                            path=page.paths.url)


@dataclass(frozen=True)
class Listing:
    """Where one page of the list of explainers stands: its number of `count`, and the pages either side."""

    number: int
    count: int
    previous: Place | None  # newer explainers
    next: Place | None  # older ones


def listing_pages(articles: list, per_page: int, folder: str = "") -> list[tuple[Place, Listing, list]]:
    """The list of explainers cut into pages of `per_page` (0: one page), each with its place and articles."""
    size = per_page or max(len(articles), 1)
    chunks = [articles[start:start + size] for start in range(0, len(articles), size)] or [[]]
    def place(number):
        return listing_page(number, folder) if 1 <= number <= len(chunks) else None

    return [(place(number), Listing(number, len(chunks), place(number - 1), place(number + 1)), chunk)
            for number, chunk in enumerate(chunks, 1)]


def render_index(articles: list, templates: Templates) -> list[tuple[Place, str]]:
    """An edition's home page and the pages after it (/page/2/, /uk/page/2/, ...): its explainers newest first,
    a page of them each."""
    return [(place, render_listing(place, listing, chunk, templates))
            for place, listing, chunk in listing_pages(articles, templates.content.site.per_page, templates.places.folder)]


def render_listing(place: Place, listing: Listing, articles: list, templates: Templates) -> str:
    """One page of the list of explainers (see listing_pages)."""
    return templates.render("index.html", articles=articles, listing=listing,
                            content_sources=templates.content.sources, path=place.url)


@dataclass(frozen=True)
class Change:
    """One entry of the corrections page: an update or correction and the explainer it changed."""

    date: object
    kind: str
    text: str
    article: object


def site_changes(articles: list) -> list[Change]:
    """Every update and correction of every explainer, newest first (then by headline, for a stable order)."""
    changes = [Change(u.date, u.kind, u.text, a) for a in articles for u in a.updates]
    changes.sort(key=lambda c: c.article.title)
    return sorted(changes, key=lambda c: c.date, reverse=True)


def render_corrections(articles: list, templates: Templates) -> str:
    """/corrections/: what changed on the site, newest first, each linked to its explainer."""
    return templates.render("corrections.html", changes=site_changes(articles), path=templates.places.corrections.url)


def render_not_found(templates: Templates) -> str:
    """404.html: links are root-relative, so it works at any depth under the base path."""
    return templates.render("404.html", path=NOT_FOUND.url)
