"""Find the pages of a built site and tell what kind each is, from the files alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LANG = re.compile(r"""<html\b[^>]*\blang=["']([^"']+)""", re.I)
ARTICLE_MARK = re.compile(r"""<article\b[^>]*\bclass=["'][^"']*\bexplainer\b""", re.I)
# The 404 page is fetched at a made-up address two levels deep, as a reader with a broken link would
# reach it, so its links and stylesheet are checked from a depth other than the root.
NOT_FOUND_URL = "no-such-page/not-here/"


@dataclass(frozen=True)
class Page:
    """One built HTML file: where it is, the URL path the audit loads it at, and its kind."""

    file: str  # inside the site folder, e.g. 'civilian-toll/index.html'
    url_path: str  # relative to the base URL, e.g. 'civilian-toll/'
    kind: str  # home, article, page, embed, not-found
    lang: str = ""  # its <html lang>: the edition it belongs to ('en', 'uk')

    @property
    def name(self) -> str:
        """How reports name the page: its URL path from the site root."""
        return "/" + self.url_path

    def __repr__(self) -> str:
        return f"Page({self.name!r}, {self.kind})"


def discover_pages(folder: Path) -> list[Page]:
    """Every HTML file under `folder`, sorted by URL path, each with its kind."""
    pages = []
    for path in sorted(folder.rglob("*.html")):
        file = path.relative_to(folder).as_posix()
        found = LANG.search(path.read_text(encoding="utf-8", errors="replace")[:2000])
        pages.append(Page(file, url_path_of(file), page_kind(file, path), found.group(1) if found else ""))
    return sorted(pages, key=lambda p: p.url_path)


def url_path_of(file: str) -> str:
    """'a/index.html' -> 'a/'; 'index.html' -> ''; '404.html' -> a missing address; others unchanged."""
    if file == "404.html":
        return NOT_FOUND_URL
    if file == "index.html":
        return ""
    return file[: -len("index.html")] if file.endswith("/index.html") else file


EDITION_HOME = re.compile(r"^[a-z]{2,3}(-[a-z]{2})?/index\.html$")  # another language's home page, 'uk/index.html'
EDITION_EMBED = re.compile(r"^([a-z]{2,3}(-[a-z]{2})?/)?embed/")


def page_kind(file: str, path: Path) -> str:
    """home, not-found, embed (anything under embed/), article (an explainer) or page; an edition's pages
    (under /uk/) are of the same kinds."""
    if file == "index.html" or EDITION_HOME.match(file):
        return "home"
    if file == "404.html":
        return "not-found"
    if EDITION_EMBED.match(file):
        return "embed"
    if ARTICLE_MARK.search(path.read_text(encoding="utf-8", errors="replace")):
        return "article"
    return "page"


def first_of_kind(pages: list[Page], kind: str, lang: str | None = None) -> Page | None:
    """The first page of a kind (in a language, if given), or None when the site has none."""
    return next((p for p in pages if p.kind == kind and (lang is None or p.lang == lang)), None)
