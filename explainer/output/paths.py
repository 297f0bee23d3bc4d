"""Where every output of the site goes: the one module that spells an output path.

Each object's places are worked out once (validation gives every article, page and chart its own, as
MkDocs' File does) and every later stage reads them from the object. A `Place` is a file in the output
folder and the site path that links to it use; output/urls.py turns a site path into a link under the
base URL. The slugs an article or page may not take follow from the site's own places."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

INDEX = "index.html"  # the file a folder's URL is served from (GitHub Pages and the preview alike)


@dataclass(frozen=True)
class Place:
    """One output: the file written in the output folder and the site path links use ('about/')."""

    file: str
    url: str


def folder_page(folder: str) -> Place:
    """A page served at a folder's URL: 'about/' is written as 'about/index.html'."""
    return Place(f"{folder}{INDEX}", folder)


def file_place(file: str) -> Place:
    """A file linked by its own name ('feed.xml', 'charts/x.csv')."""
    return Place(file, file)


@dataclass(frozen=True)
class ArticlePaths:
    """An article's outputs: its page, the same explainer as Markdown, and its social card."""

    page: Place
    markdown: Place
    card: Place


@dataclass(frozen=True)
class ChartPaths:
    """A chart's outputs besides its figure in the article: data, specification and embed page."""

    csv: Place
    spec: Place
    embed: Place
    png: Place  # the chart as an image with its title and sources, to download
    svg: Place
    anchor: str  # the figure's id in its article, for links to it


ASSETS = "assets/"  # static files, named by content hash
CHARTS = "charts/"  # each chart's data and specification
EMBED = "embed/"  # each chart on a page of its own, for iframes

HOME = folder_page("")
NOT_FOUND = file_place("404.html")
FEED = file_place("feed.xml")
SITEMAP = file_place("sitemap.xml")
ROBOTS = file_place("robots.txt")
CNAME = file_place("CNAME")
NO_JEKYLL = file_place(".nojekyll")  # tells GitHub Pages to serve the folder as it is
CORRECTIONS = folder_page("corrections/")  # every update and correction of every explainer, newest first
LISTING = "page/"  # the list of explainers goes on from the home page to /page/2/, /page/3/, ...

SITE_FILES = (HOME, NOT_FOUND, FEED, SITEMAP, ROBOTS, CNAME, NO_JEKYLL)
SITE_FOLDERS = (ASSETS, CHARTS, EMBED)
SITE_PAGES = (CORRECTIONS,)  # pages the site makes itself, beside the home page
# A page named like one of the site's own files or folders would fight it for its URL (or read as if it were).
RESERVED_SLUGS = frozenset(
    {folder.strip("/") for folder in SITE_FOLDERS}
    | {posixpath.splitext(place.file)[0].lower().lstrip(".") for place in SITE_FILES} - {""}
    | {place.url.strip("/") for place in SITE_PAGES} | {LISTING.strip("/")})


def listing_page(number: int, folder: str = "") -> Place:
    """Page `number` (from 1) of an edition's list of explainers: its home page, then /page/2/, /page/3/, ...
    (/uk/, /uk/page/2/, ... in the edition whose `folder` is 'uk/')."""
    return folder_page(folder) if number == 1 else folder_page(f"{folder}{LISTING}{number}/")


def article_paths(slug: str, edition: str = "") -> ArticlePaths:
    """Where an article's files go: /<slug>/, /<slug>/index.md, /<slug>/card.png (under /uk/ in the
    Ukrainian edition: `edition` is edition_folder's)."""
    return ArticlePaths(page=folder_page(f"{edition}{slug}/"), markdown=file_place(f"{edition}{slug}/index.md"),
                        card=file_place(f"{edition}{slug}/card.png"))


def page_paths(slug: str, edition: str = "") -> Place:
    """Where a plain page goes: /<slug>/ (/uk/<slug>/)."""
    return folder_page(f"{edition}{slug}/")


def chart_paths(chart_id: str, edition: str = "") -> ChartPaths:
    """Where a chart's files go: /charts/<id>.csv, .vl.json, .png and .svg, and /embed/<id>/ (each under /uk/
    in the Ukrainian edition, whose charts speak Ukrainian)."""
    charts, embed = f"{edition}{CHARTS}", f"{edition}{EMBED}"
    return ChartPaths(csv=file_place(f"{charts}{chart_id}.csv"), spec=file_place(f"{charts}{chart_id}.vl.json"),
                      embed=folder_page(f"{embed}{chart_id}/"), anchor=f"chart-{chart_id}",
                      png=file_place(f"{charts}{chart_id}.png"), svg=file_place(f"{charts}{chart_id}.svg"))


def edition_folder(language: str, default: str) -> str:
    """The folder an edition's pages go under: '' for the site's default language, 'uk/' for Ukrainian. Its
    name is reserved for slugs (reserved_slugs)."""
    return "" if language == default else f"{language.lower()}/"


@dataclass(frozen=True)
class EditionPlaces:
    """The site-level pages of one edition: its home page, corrections, feed and sitemap."""

    folder: str
    home: Place
    corrections: Place
    feed: Place
    sitemap: Place


def edition_places(folder: str) -> EditionPlaces:
    """The site's own pages in an edition: /, /corrections/, /feed.xml, /sitemap.xml (or /uk/...). The 404 page
    stays one, at the root: a host serves one file for every missing path."""
    return EditionPlaces(folder, home=folder_page(folder), corrections=folder_page(f"{folder}{CORRECTIONS.url}"),
                         feed=file_place(f"{folder}{FEED.file}"), sitemap=file_place(f"{folder}{SITEMAP.file}"))


def reserved_slugs(languages=()) -> frozenset:
    """RESERVED_SLUGS and the folder of each edition ('uk')."""
    return RESERVED_SLUGS | {language.lower() for language in languages}


def in_edition(site_path: str, folders) -> bool:
    """True for a site path under one of the edition `folders` ('uk/')."""
    return any(folder and site_path.startswith(folder) for folder in folders)


def asset_place(name: str, digest: str) -> Place:
    """A static file under its content hash: 'style.css' -> 'assets/style.<digest>.css'."""
    stem, dot, suffix = name.rpartition(".")
    return file_place(f"{ASSETS}{stem}.{digest}.{suffix}" if dot else f"{ASSETS}{name}.{digest}")


def is_site_file(site_path: str) -> bool:
    """True for a path under one of the site's own folders (assets, chart data, embeds), which a link may
    name without a page to match it."""
    return site_path.startswith(SITE_FOLDERS)


def page_urls(articles, pages) -> set[str]:
    """Every page's site path ('', 'slug/'): what links written in Markdown may point to."""
    return ({HOME.url} | {place.url for place in SITE_PAGES} | {article.paths.page.url for article in articles}
            | {page.paths.url for page in pages})


def is_page_file(site_path: str) -> bool:
    """True for an HTML page served at a folder's URL ('index.html', 'about/index.html')."""
    return site_path == INDEX or site_path.endswith(f"/{INDEX}")


def page_url_of(site_path: str) -> str:
    """The site path a page file is linked by: 'about/index.html' -> 'about/'."""
    return site_path.removesuffix(INDEX) if is_page_file(site_path) else site_path
