"""The content model: what validation produces and every later stage reads."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # where each object's files go, worked out once by validation (output/paths.py)
    from .output.paths import ArticlePaths, ChartPaths, Place

Value = Union[int, float, tuple]  # a count, or a (low, high) range when sources disagree

# The project folders a build reads: what the manifest hashes and the preview watches.
SOURCE_FOLDERS = ("content", "templates", "site")


@dataclass(frozen=True)
class Site:
    """site/site.yaml, plus the folders every stage reads from or writes to."""

    title: str
    description: str
    publisher: str
    base_url: str
    language: str
    author: str
    domain: str | None
    allow_raw_html: bool
    nav: tuple
    root: Path
    out: Path
    drafts: bool = False
    today: dt.date = dt.date(1970, 1, 1)
    # What a reader needs to trust and reuse the site (issue 14): where to write, the licence, where to share.
    contact: str | None = None  # an e-mail address
    license: str = "CC BY 4.0"
    license_url: str = "https://creativecommons.org/licenses/by/4.0/"
    share: tuple = ()  # SharePlatform, in the order the share links are shown
    per_page: int = 20  # explainers a listing page shows (and the feed's newest entries); 0: all on one
    languages: tuple = ("en",)  # every edition the site publishes, the default (English) first (issue 17)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "site" / "static"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


@dataclass(frozen=True)
class Translation:
    """What a translated article or page was made from, against what its original now is."""

    language: str
    translated_from: str  # the original's content digest the translator worked from ('pending' until stamped)
    current: str  # the original's content digest now
    original_updated: dt.date | None  # when the original last changed, for the notice on a stale translation
    path: Path  # the translation's own metadata file (or the page), for check's list
    line: int = 1

    @property
    def stale(self) -> bool:
        """True when the original changed since the translator's digest (or none was recorded yet)."""
        return self.translated_from != self.current


@dataclass(frozen=True)
class SharePlatform:
    """A place a reader may share an article to: its name and a link with {url} and {title} to fill in."""

    name: str
    url: str
    line: int = 1


@dataclass(frozen=True)
class Source:
    """One published document that figures are taken from."""

    id: str
    publisher: str
    title: str
    url: str
    accessed: dt.date
    published: dt.date | None = None
    note: str | None = None
    via: str | None = None  # the outlet or copy actually read, when it is not the publisher's own page
    archived: str | None = None  # an archive copy of the page
    not_archived: str | None = None  # why there is no archive copy
    line: int = 1


@dataclass(frozen=True)
class Event:
    """A dated event that charts can mark."""

    id: str
    date: dt.date
    label: str
    source: str
    line: int = 1


@dataclass(frozen=True)
class Point:
    """One dated observation of a dataset: series values and the source they come from."""

    date: dt.date
    values: dict
    source: str
    by: str | None = None
    note: str | None = None
    stated: str | None = None  # the figure as the source wrote it
    line: int = 1


@dataclass(frozen=True)
class Dataset:
    """content/data/<id>.yaml: a table of dated, sourced values."""

    id: str
    title: str
    unit: str
    measure: str
    notes: str | None
    series: dict
    points: tuple
    path: Path
    period: str | None = None
    counts: str | None = None  # what it counts, so that figures counting different things differ visibly
    unit_short: str | None = None  # printed with each value: '16.4 m', '70%'
    line: int = 1

    def value(self, series: str, date: dt.date) -> Point | None:
        """The point holding `series` on `date`, if any."""
        for point in self.points:
            if point.date == date and series in point.values:
                return point
        return None


@dataclass(frozen=True)
class KeyFigure:
    """A number shown in an article's key-figures box and usable in its text."""

    id: str
    label: str
    value: float
    as_of: dt.date
    source: str
    qualifier: str | None = None
    unit: str | None = None
    by: str | None = None
    note: str | None = None
    stated: str | None = None
    counts: str | None = None
    line: int = 1


@dataclass(frozen=True)
class ChartSpec:
    """An article's chart: which kind, which datasets and series, and its words."""

    id: str
    kind: str
    data: tuple
    title: str
    description: str
    notes: str | None = None
    series: tuple | None = None
    events: tuple = ()
    mixed_counts: str | None = None  # why it draws data that count different things (content/counts.py)
    line: int = 1
    paths: ChartPaths | None = None
    subtitle: str | None = None  # one line under the title: what is measured, in what unit
    annotations: tuple = ()  # dicts: kind (period, point, method-break, note), label, date or from/to, series


@dataclass(frozen=True)
class Claim:
    """Something a party to the war said, attributed and labelled with what is known of it."""

    claim: str
    by: str
    party: str
    date: dt.date
    status: str
    source: str
    context: str | None = None
    stated: str | None = None
    line: int = 1


@dataclass(frozen=True)
class MixedCounts:
    """Figures of an article that count different things and that its text may set side by side, and why."""

    figures: tuple
    why: str
    line: int = 1


@dataclass(frozen=True)
class Update:
    """An entry in an article's log of updates and corrections."""

    date: dt.date
    kind: str
    text: str
    line: int = 1


@dataclass
class Article:
    """An explainer: Markdown body plus its YAML metadata."""

    slug: str
    md_path: Path
    yaml_path: Path
    body: str
    title: str = ""
    dek: str = ""
    published: dt.date | None = None
    updated: dt.date | None = None
    byline: tuple = ()
    places: tuple = ()
    tags: tuple = ()
    draft: bool = False
    sources: tuple = ()
    key_figures: tuple = ()
    charts: tuple = ()
    claims: tuple = ()
    updates: tuple = ()
    mixed_counts: tuple = ()  # MixedCounts entries
    todos: tuple = ()
    source_digest: str = ""  # of its .yaml and .md files, so an incremental build can tell it is unchanged
    paths: ArticlePaths | None = None
    translation: Translation | None = None  # in an edition other than the default: what it was translated from

    @functools.cached_property
    def last_modified(self) -> dt.date:
        """The newest date the article carries: published, updated or an update entry (worked out once: the
        feed and the sitemap ask for every article's)."""
        dates = [self.published, self.updated, *(u.date for u in self.updates)]
        return max(d for d in dates if d)


@dataclass
class Page:
    """A plain page (about, methodology): Markdown with a small front matter."""

    slug: str
    path: Path
    body: str
    body_line: int
    title: str = ""
    description: str = ""
    paths: Place | None = None
    translation: Translation | None = None


@dataclass
class Content:
    """Everything validated: what compose, charts and render work from."""

    site: Site
    articles: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    datasets: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    # The site in each other language (issue 17): language -> a Content of its translated articles and pages,
    # the same figures, sources and data with their words translated (content/translations.py).
    editions: dict = field(default_factory=dict)

    @property
    def charts(self) -> dict:
        """Every chart of every article, by id."""
        return {chart.id: chart for article in self.articles for chart in article.charts}
