"""Publishing metadata: Atom feed, sitemap, robots.txt, CNAME, social cards and JSON-LD.

Everything here that a crawler or a feed reader reads needs absolute URLs, so it needs an origin
(explainer/output/urls.py says where one comes from). A build without one is a local preview: it still
writes robots.txt and CNAME, but leaves out feed.xml, sitemap.xml, canonical links, social images
and the absolute URLs in JSON-LD, and says so in a warning. It never writes relative URLs where
the formats demand absolute ones, because a feed or canonical link that is wrong is worse than
one that is missing.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import operator
from dataclasses import dataclass

from markupsafe import Markup

from ..digests import changed_at
from ..errors import Problems
from ..model import Article, Content
from ..output.paths import (CNAME, EMBED, ROBOTS, SITEMAP, edition_folder, edition_places, in_edition, is_page_file,
                            page_url_of)
from ..output.write import Output
from .typography import typeset

DEFAULT_IMAGE = "social-card.png"  # in site/static; drawn by scripts/make_social_card.py
NO_ORIGIN_WARNING = ("the base URL '{base}' names no host and site.yaml names no domain, so feed.xml, sitemap.xml, "
                     "canonical links and social images were left out; build with "
                     "--base-url https://<user>.github.io/<repo>/ (the Pages workflow does) to include them")


@dataclass
class Publishing:
    """What the publishing templates need to know about the site being built."""

    templates: object
    assets: object

    @property
    def urls(self):
        """The site's URL helper."""
        return self.templates.urls

    def image_path(self, card: str | None = None) -> str | None:
        """The site path of a page's share image: an article's card (the site path of its card.png, when its
        first chart was drawn as one), else the site's default."""
        return card or self.assets.paths.get(DEFAULT_IMAGE)

    def image_url(self, card: str | None = None) -> str | None:
        """The absolute URL of a page's share image, or None without an origin or an image."""
        path = self.image_path(card)
        return self.urls.absolute(path) if path and self.urls.has_origin else None


def add_publishing_globals(templates, assets) -> Publishing:
    """Teach the templates share images, JSON-LD and Atom dates; returns what the later steps share."""
    publishing = Publishing(templates, assets)
    templates.jinja.globals.update(share_image=publishing.image_url, feed_url=templates.places.feed.url,
                                   article_jsonld=lambda explainer, card: article_jsonld(explainer, card, publishing))
    templates.jinja.filters.update(rfc3339=rfc3339)
    return publishing


def rfc3339(day: dt.date) -> str:
    """A content date as an Atom timestamp: midnight UTC of that day, so no clock or time zone enters."""
    return f"{day.isoformat()}T00:00:00Z"


def article_jsonld(explainer, card: str | None, publishing: Publishing) -> Markup:
    """schema.org NewsArticle for an explainer, as JSON safe to place inside <script>."""
    article, site, urls = explainer.article, publishing.templates.content.site, publishing.urls
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": typeset(article.title),
        "description": typeset(article.dek),
        "datePublished": article.published.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "inLanguage": site.language,
        "author": [person_or_desk(name, site.publisher) for name in article.byline],
        "publisher": {"@type": "Organization", "name": typeset(site.publisher)},
        "keywords": list(article.tags),
        "contentLocation": [{"@type": "Place", "name": typeset(place)} for place in article.places],
        "isAccessibleForFree": True,
        "citation": [source_work(source) for _, source in explainer.sources.entries()],
    }
    corrections = [correction_comment(update) for update in sorted(article.updates, key=lambda u: u.date, reverse=True)
                   if update.kind == "correction"]
    if corrections:
        data["correction"] = corrections
    if site.license_url:
        data["license"] = site.license_url
    if urls.has_origin:
        data["url"] = data["mainEntityOfPage"] = urls.absolute(article.paths.page.url)
        image = publishing.image_url(card)
        if image:
            data["image"] = [image]
    return Markup(script_safe_json(data))


def correction_comment(update) -> dict:
    """A correction as schema.org's CorrectionComment: what was wrong and when it was put right."""
    return {"@type": "CorrectionComment", "text": typeset(update.text), "datePublished": update.date.isoformat()}


def person_or_desk(name: str, publisher: str) -> dict:
    """A byline as schema.org: the publisher's own name is an Organization, anyone else a Person."""
    return {"@type": "Organization" if name == publisher else "Person", "name": typeset(name)}


def source_work(source) -> dict:
    """A source as a schema.org CreativeWork with its URL, publisher and date."""
    work = {"@type": "CreativeWork", "name": typeset(source.title), "url": source.url,
            "publisher": {"@type": "Organization", "name": typeset(source.publisher)}}
    if source.published:
        work["datePublished"] = source.published.isoformat()
    return work


def script_safe_json(data) -> str:
    """JSON that cannot close its <script> element or open a comment: <, > and & become \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def add_publishing_files(output: Output, content: Content, publishing: Publishing, problems: Problems,
                         listings=None) -> None:
    """feed.xml, sitemap.xml, robots.txt and CNAME, made last so the sitemap sees every page (`listings`: see
    add_feed_and_sitemap)."""
    site, urls = content.site, publishing.urls
    if urls.has_origin:
        add_feed_and_sitemap(output, content, publishing, problems, listings)
    else:
        problems.warn(site.root / "site" / "site.yaml", 1, NO_ORIGIN_WARNING.format(base=urls.base_url))
    sitemaps = [edition_places(edition_folder(language, site.language)).sitemap for language in site.languages]
    output.add(ROBOTS.file, robots_txt(urls, sitemaps), "the build", problems)
    if site.domain:
        output.add(CNAME.file, site.domain.strip() + "\n", "site/site.yaml", problems)


def add_feed_and_sitemap(output: Output, content: Content, publishing: Publishing, problems: Problems,
                         listings=None) -> None:
    """One edition's feed and sitemap (/feed.xml, or /uk/feed.xml), when the build knows its origin. With
    `listings` (pipeline/reuse.py Listings), each is carried over from the last build when what it shows is as it
    was: the feed, its entries (all but their text) and the edition's words; the sitemap, its pages and each
    one's last change."""
    templates = publishing.templates
    if not publishing.urls.has_origin:
        return
    folder = problems.relative(content.site.templates_dir)
    places, site = templates.places, content.site
    entries = feed_entries(content.articles, site.per_page,  # the newest, as many as the home page
                           listings.newest if listings and not places.folder else None)
    kept = listings and listings.kept_as(
        places.feed.file, repr(site), listings.digests(entries, memo=not places.folder))
    output.add(places.feed.file, kept or render_feed(entries, templates), f"{folder}/feed.xml", problems)
    editions = {edition_folder(language, site.languages[0]) for language in site.languages}
    kept = listings and listings.kept_as(
        places.sitemap.file, sorted(editions), listings.all_dates(content.articles, memo=not places.folder))
    if kept and not listings.same_paths(output.files.keys(), lambda path: in_sitemap(path, places, editions)):
        kept = None  # a page added or removed
    output.add(places.sitemap.file,
               kept or render_sitemap(output, page_changes(content.articles, places), templates, editions),
               f"{folder}/sitemap.xml", problems)


def feed_entries(articles: list, count: int = 0, memo: list | None = None) -> list[Article]:
    """Explainers for the feed: most recently changed first, so an update or correction rises to the top; the
    first `count` of them (0: all), picked without sorting them all (heapq.nlargest is the sort, cut).

    `memo` (a list, empty at first) remembers the last call's articles and answer. When the articles are those
    but for a few new objects, and none of the ones they replace was among the newest, the newest are picked
    from the last answer and the new ones alone: the others ranked below the last answer and still do. (No two
    articles tie: the slug is in the key.)"""
    key = operator.attrgetter("last_modified", "published", "slug")
    candidates = articles
    if memo and count and memo[1] == count and (positions := changed_at(articles, memo[0])) is not None:
        replaced = {id(memo[0][at]) for at in positions}
        if not any(id(article) in replaced for article in memo[2]):
            candidates = [*memo[2], *(articles[at] for at in positions)]
    newest = heapq.nlargest(count, candidates, key=key) if count else sorted(articles, key=key, reverse=True)
    if memo is not None:
        memo[:] = [list(articles), count, newest]
    return newest


def render_feed(entries: list, templates) -> str:
    """The Atom feed of the most recently changed explainers (`entries`: feed_entries, site.yaml's per_page of
    them); its updated date is the newest entry's, never the clock."""
    # An empty feed still needs <updated>; the Unix epoch keeps the output reproducible.
    updated = entries[0].last_modified if entries else dt.date(1970, 1, 1)
    return templates.render("feed.xml", entries=entries, updated=updated, path=templates.places.feed.url)


@dataclass(frozen=True)
class SitemapEntry:
    """One <url> of the sitemap."""

    loc: str
    lastmod: dt.date | None = None


def page_changes(articles: list, places=None) -> dict:
    """Each page's last change where the content says it, by URL: an article's, the home page's (the newest
    article's) and the corrections page's (the newest update's), of one edition (`places`: the default one's
    unless given)."""
    places = places or edition_places("")
    changed = {a.paths.page.url: a.last_modified for a in articles}
    changed[places.home.url] = max(changed.values(), default=None)
    changed[places.corrections.url] = max((u.date for a in articles for u in a.updates), default=None)
    return changed


def in_sitemap(path: str, places, editions=()) -> bool:
    """True for a site path the sitemap of one edition lists: an HTML page of that edition (`places`), not of
    another (`editions`: the folders of every edition) and not an embed."""
    if not (is_page_file(path) and path.startswith(places.folder)) or path.startswith(f"{places.folder}{EMBED}"):
        return False
    return not in_edition(path, [folder for folder in editions if folder != places.folder])


def sitemap_entries(output: Output, changes: dict, urls, places=None, editions=()) -> list[SitemapEntry]:
    """Every HTML page of one edition (`places`: the default one's unless given) except the 404 page and
    embeds, with its last change where known (`changes`: page_changes); `editions` are the folders of every
    edition."""
    places = places or edition_places("")
    pages = sorted(page_url_of(path) for path in output.files if in_sitemap(path, places, editions))
    return sorted((SitemapEntry(urls.absolute(page), changes.get(page)) for page in pages),
                  key=lambda entry: entry.loc)


def render_sitemap(output: Output, changes: dict, templates, editions=()) -> str:
    """sitemap.xml (sitemaps.org protocol 0.9) of one edition."""
    return templates.render("sitemap.xml", entries=sitemap_entries(output, changes, templates.urls, templates.places,
                                                                   editions), path=templates.places.sitemap.url)


def robots_txt(urls, sitemaps=(SITEMAP,)) -> str:
    """Allow everything and name each edition's sitemap. Crawlers read robots.txt only at a host's root, so under
    a subpath (user.github.io/repo/) this file is a courtesy and the sitemap must be submitted by hand."""
    lines = ["User-agent: *", "Allow: /"]
    if urls.has_origin:
        lines += [f"Sitemap: {urls.absolute(sitemap.url)}" for sitemap in sitemaps]
    return "\n".join(lines) + "\n"
