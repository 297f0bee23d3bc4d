"""The built-site link checker: every internal link, anchor, image, stylesheet and script must resolve.

It reads the folder as a web server would serve it under `base_path`, so it catches what only shows
once the site is deployed under a subpath: a link that escapes the base path, a #fragment with no
matching id, a stylesheet the 404 page can only find at one depth, a resource loaded from another host.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import Problem
from ..output.paths import INDEX, NOT_FOUND, page_url_of

PLACEHOLDER_ORIGIN = "http://site.invalid"  # stands in for the host when the build has none
LOAD_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
LOAD_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"),
              "audio": ("src",), "track": ("src",), "iframe": ("src",), "embed": ("src",), "object": ("data",),
              "image": ("href", "xlink:href"), "use": ("href", "xlink:href")}
META_URLS = {"og:image", "og:url", "twitter:image"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Link:
    """A reference found in a built file: where, what, and whether a browser fetches it unasked."""

    url: str
    line: int
    loads: bool = False  # True for stylesheets, scripts, images: these must never come from another host


@dataclass
class ScannedFile:
    """The ids a file defines and the links it makes."""

    ids: dict = field(default_factory=dict)  # id -> first line
    duplicates: list = field(default_factory=list)  # (id, line)
    links: list = field(default_factory=list)


class PageScanner(HTMLParser):
    """Collects ids, anchors' names and every URL-bearing attribute of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = ScannedFile()

    def handle_starttag(self, tag, attrs):
        """Record the tag's id and URLs, with the line it starts on."""
        values = dict(attrs)
        line = self.getpos()[0]
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.add_id(values[name], line)
        for url, loads in tag_urls(tag, values):
            self.found.links.append(Link(url.strip(), line, loads))

    def add_id(self, ident: str, line: int) -> None:
        """Remember an id; a second one with the same name is a duplicate."""
        if ident in self.found.ids:
            self.found.duplicates.append((ident, line))
        else:
            self.found.ids[ident] = line


def tag_urls(tag: str, values: dict) -> list[tuple[str, bool]]:
    """The URLs a tag refers to, each with whether the browser loads it by itself."""
    if tag in ("a", "area") and values.get("href") is not None:
        return [(values["href"], False)]
    if tag == "link" and values.get("href"):
        rels = set((values.get("rel") or "").lower().split())
        return [(values["href"], bool(rels & LOAD_RELS))]
    if tag == "meta" and (values.get("property") or values.get("name")) in META_URLS and values.get("content"):
        return [(values["content"], False)]
    urls = []
    for attr in LOAD_ATTRS.get(tag, ()):
        value = values.get(attr)
        if value and attr == "srcset":
            urls += [(candidate.split()[0], True) for candidate in value.split(",") if candidate.strip()]
        elif value:
            urls.append((value, True))
    return urls


def scan_html(text: str) -> ScannedFile:
    """Parse one page."""
    scanner = PageScanner()
    scanner.feed(text)
    scanner.close()
    return scanner.found


def scan_css(text: str) -> ScannedFile:
    """url(...) and @import in a stylesheet; url(#id) refers to the page, not the file, so it is skipped."""
    found = ScannedFile()
    for match in CSS_URL.finditer(text):
        url = match.group(2) or match.group(4)
        if not url.startswith(("#", "data:")):
            found.links.append(Link(url.strip(), text.count("\n", 0, match.start()) + 1, True))
    return found


def scan_xml(text: str) -> ScannedFile:
    """Links in the Atom feed and the sitemap (always absolute)."""
    found = ScannedFile()
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        found.links.append(Link(f"xml-error:{err}", err.position[0]))
        return found
    for element in root.iter():
        if element.tag in (f"{ATOM}link", f"{SITEMAP}loc"):
            found.links.append(Link(element.get("href") or (element.text or "").strip(), 1))
    return found


SCANNERS = {".html": scan_html, ".css": scan_css, ".xml": scan_xml}


@dataclass
class Site:
    """A built folder as a server under base_path (and, when known, origin) would serve it."""

    folder: Path
    base_path: str
    origin: str
    scanned: dict = field(default_factory=dict)  # site path -> ScannedFile

    def url_of(self, path: str) -> str:
        """The URL a file is served at: 'a/index.html' is served as '.../a/'."""
        return (self.origin or PLACEHOLDER_ORIGIN) + self.base_path + page_url_of(path)

    def file_for(self, url_path: str) -> tuple[str | None, str]:
        """(site path of the file served at a URL path, or None; the reason when None)."""
        if not url_path.startswith(self.base_path):
            return None, f"outside the site's base path {self.base_path}"
        rel = unquote(url_path[len(self.base_path):])
        target = self.folder / rel
        if rel == "" or rel.endswith("/"):
            rel, target = rel + INDEX, target / INDEX
        elif target.is_dir():
            return None, f"'{rel}' is a folder: end the link with '/'"
        if ".." in Path(rel).parts or not target.is_file():
            return None, f"no file {rel} in the build"
        return rel, ""


def check_links(folder: Path, base_path: str, *, origin: str = "", origins: dict | None = None) -> list[Problem]:
    """Every broken internal link, anchor, image, stylesheet or script in a built site, by file and line.

    base_path is where the site is served ('/' or '/repo/'); origin ('https://host') lets absolute
    links to the site itself (canonical, og:image, feed, sitemap) be checked too; origins maps a
    built file to the source it was made from, for messages.
    """
    site = Site(Path(folder), "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/", origin.rstrip("/"))
    for path in sorted(site.folder.rglob("*")):
        scanner = SCANNERS.get(path.suffix)
        if scanner and path.is_file():
            site.scanned[path.relative_to(site.folder).as_posix()] = scanner(path.read_text("utf-8", "replace"))
    problems = []
    for path, scanned in site.scanned.items():
        made_from = f" (made from {origins[path]})" if origins and path in origins else ""
        for ident, line in scanned.duplicates:
            problems.append(Problem(path, line, f"duplicate id '{ident}': links to #{ident} are ambiguous{made_from}"))
        for link in scanned.links:
            message = check_link(site, path, link)
            if message:
                problems.append(Problem(path, link.line, message + made_from))
    return sorted(problems)


def check_link(site: Site, path: str, link: Link) -> str | None:
    """Why one link is broken, or None."""
    if link.url.startswith("xml-error:"):
        return f"not well-formed XML: {link.url[10:]}"
    if urlsplit(link.url).scheme in ("data", "mailto", "tel"):
        return None  # nothing to fetch from the site (data: is the empty favicon)
    if path == NOT_FOUND.file and not link.url.startswith(("/", "#")) and "://" not in link.url:
        return f"relative link '{link.url}' in the 404 page breaks when it is served at a deeper URL"
    page_url = site.url_of(path)
    parts = urlsplit(urljoin(page_url, link.url))
    if parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, data: images
    if f"{parts.scheme}://{parts.netloc}" != (site.origin or PLACEHOLDER_ORIGIN):
        return f"loads '{link.url}' from another host" if link.loads else None
    target, reason = site.file_for(parts.path)
    if target is None:
        return f"broken link '{link.url}': {reason}"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html") and fragment.lower() != "top":
        if fragment not in site.scanned[target].ids:
            where = "this page" if target == path else target
            return f"broken anchor '{link.url}': no id '{fragment}' in {where}"
    return None
