"""What one build leaves for the next (per-article records, output digests, caches) and the plan that decides,
from them, which articles a build must make again: the seam between the pipeline and incremental work
(pipeline/incremental.py tells the whole story)."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import EachRemembered, changed_at, digest_of, same_objects
from ..output.write import Kept, KeptFiles

MANIFEST_VERSION = 4  # of what is saved between runs (pipeline/manifest.py)


@dataclass
class ArticleRecord:
    """What making one article drew on and produced, when it was last made."""

    key: str
    uses: dict
    outputs: dict  # site path -> (digest, size, origin)
    source_digest: str = ""  # the article's own files, for the quick check when nothing it could use changed
    warnings: list = field(default_factory=list)  # Problems that did not stop it, repeated while it is kept

    def kept(self) -> dict:
        """Its files as a build that keeps them claims them: site path -> (Kept, origin); made once."""
        files = self.__dict__.get("_kept")
        if files is None:
            files = self.__dict__["_kept"] = {path: (Kept(digest, size), origin)
                                              for path, (digest, size, origin) in self.outputs.items()}
        return files


@dataclass
class Reuse:
    """What the previous build of one site left that this build may reuse; empty, it makes a cold build.

    It is the one seam between a build and incremental work: the build asks it for the source files it has
    read before (`source_files`), the articles it validated before (`validated`), a plan of which articles to
    make again (`plan`), and tells it what it made (`remember`)."""

    options: str = ""  # site settings, build date and generator version the records were made under
    shared: str = ""  # templates, assets and plain pages: what every article page shows
    world: str = ""  # every source, dataset, event and page path: what articles may draw on
    templates: str = ""  # the template files `jinja` compiled
    records: dict = field(default_factory=dict)  # slug -> ArticleRecord
    listings: dict = field(default_factory=dict)  # site path of a listing page -> the key it was made under
    shown: dict = field(default_factory=dict)  # slug -> (source digest, digest of what a listing may show of it)
    dated: dict = field(default_factory=dict)  # slug -> (source digest, what a sitemap shows of it); in memory
    listing_words: str = ""  # "body" when a listing template may show an article's text (see listing_reads_body)
    outputs: dict = field(default_factory=dict)  # site path -> (digest, size): what the output folder holds
    files: object = field(default_factory=lambda: new_source_cache())  # a SourceCache
    validated: dict = field(default_factory=dict)  # (path, digest, known ids) -> Article
    validated_memo: list = field(default_factory=list)  # validate_articles' last call, by position; in memory only
    jinja: object = None  # the Jinja environment, with its compiled templates
    edition_jinja: dict = field(default_factory=dict)  # language -> another edition's environment, likewise
    background: bool = False  # delete the previous output folder in a thread (IncrementalBuilder does)
    ready: bool = False  # the preview: after a build that kept no spare, make one, and the kept files (see remember)
    editions: dict = field(default_factory=dict)  # (language, slug) -> EditionRecord
    on_disk: list = field(default_factory=list)  # files that describe this state, removed before `out` changes
    collected: object = None  # the last build's Collected, for collect_again; in memory only
    listing_keys: dict = field(default_factory=dict)  # site path -> (what it showed, key): Listings.keys; in memory
    world_memo: list = field(default_factory=list)  # what Uses.world digested last; in memory only
    languages_memo: list = field(default_factory=list)  # site_languages' last key and Languages; in memory only
    listed: dict = field(default_factory=dict)  # site path -> (articles, digests): Listings.listed; in memory
    published_memo: list = field(default_factory=list)  # published()'s last articles and order; in memory only
    edition_pages: tuple = (None, [])  # (a Languages, its pages in more than one language, sorted); in memory only
    kept: tuple | None = None  # (KeptFiles, slug -> ArticleRecord) the last plan kept, for kept_files; in memory
    # what the sitemap showed of each article, and the feed's newest articles, by identity (Listings); in memory only
    each_dates: EachRemembered = field(default_factory=EachRemembered)
    newest: list = field(default_factory=list)
    urls_memo: list = field(default_factory=list)  # page_urls' last articles, pages and answer; in memory only

    def source_files(self):
        """The file cache for collect, ready for a new build."""
        self.files.fresh, self.files.unread_articles = set(), {}
        return self.files

    def before_write(self) -> None:
        """Forget the saved copy before the output folder changes, so a killed build never leaves one that lies."""
        for path in self.on_disk:
            Path(path).unlink(missing_ok=True)

    def forget_outputs(self) -> None:
        """Make every article again and write every file (the output folder is not what we left)."""
        self.records, self.outputs, self.listings, self.editions = {}, {}, {}, {}

    def plan(self, content, assets, problems, languages) -> Plan:
        """Decide which published articles must be made again; the files of the others are kept, and what
        making them warned about is said again (into `problems`). Which page exists in which language
        (`languages`) is on every page, in its language switch: a translation added or removed makes all again."""
        from ..render.pages import jinja_environment

        site = content.site
        options = digest_of(repr((MANIFEST_VERSION, code_version(), site)).encode())
        if options != self.options:
            self.options, self.jinja, self.edition_jinja = options, None, {}
            self.forget_outputs()
        from ..render.theme import template_folders

        templates = digest_of(repr([digest_folder(f) for f in template_folders(site.templates_dir)]).encode())
        if templates != self.templates or self.jinja is None:
            self.templates = templates
            self.jinja = jinja_environment(site.templates_dir, site.cache_dir / "jinja")
            self.edition_jinja = {}
            self.listing_words = "body" if listing_reads_body(template_folders(site.templates_dir)) else ""
        editions = self.edition_pages[1] if self.edition_pages[0] is languages else sorted(
            (page, sorted(versions.items())) for page, versions in languages.pages.items()
            if len(versions) > 1)  # (a page in one language only says so, whichever it is)
        self.edition_pages = (languages, editions)  # (site_languages gives the same Languages when unchanged)
        shared = digest_of(repr((templates, sorted(assets.paths.items()), content.pages, editions)).encode())
        if shared != self.shared:
            self.shared, self.records = shared, {}
        known_pages = self.known_pages(content)
        uses = Uses(content, known_pages)
        world = uses.world(self.world_memo)
        quick, self.world = world == self.world, world  # if nothing shared changed, only own files matter
        if not quick:
            self.shown = {}  # the same files may validate into other articles when what they refer to changed
        work, keeping, warnings, records = [], {}, [], self.records
        for article in content.articles:  # (the quick test inlined: this loop runs over every article)
            record = records.get(article.slug)
            if record is not None and (record.source_digest == article.source_digest if quick
                                       else record.key == uses.key(shared, article, record.uses)):
                keeping[article.slug] = record
                if record.warnings:
                    warnings += record.warnings
            else:
                work.append(article)
        kept = self.kept_files(keeping)
        problems.warnings.extend(warnings)
        from ..content.collect import fill_bodies

        fill_bodies(work, self.files)  # the articles to make again need their text
        listing = digest_of(repr((options, shared, world, self.listing_words)).encode())
        return Plan(dataclasses.replace(content, articles=work), kept, dict(self.outputs), known_pages,
                    self.jinja, shared, uses, keeping.keys() | {article.slug for article in work},
                    Listings(listing, self.listings, self.outputs, self.shown, bool(self.listing_words),
                             self.dated, self.listing_keys, self.listed, self.each_dates, self.newest),
                    made_before=self.editions, edition_jinja=self.edition_jinja)

    def known_pages(self, content) -> set:
        """page_urls(content.articles, content.pages), from the last build's when the articles are its very
        objects but for a few that kept their URL (a preview edit: 4 ms a walk of 10,000 articles)."""
        from ..output.paths import page_urls

        last, pages = self.urls_memo, [page.paths.url for page in content.pages]
        articles = content.articles
        if last and last[1] == pages and (positions := changed_at(articles, last[0])) is not None and all(
                articles[at].paths.page.url == last[0][at].paths.page.url for at in positions):
            urls = set(last[2])
        else:
            urls = page_urls(articles, content.pages)
        self.urls_memo = [list(articles), pages, frozenset(urls)]  # (a copy: the build may add to its set)
        return urls

    def kept_files(self, keeping: dict) -> KeptFiles:
        """The files of the articles kept (`keeping`: slug -> ArticleRecord), made from the last build's by
        taking out and putting in the files of the articles whose record or keeping changed (a record is made
        anew whenever its article is made): at 10,000 articles a one-article edit changes two."""
        last, kept_before = self.kept if self.kept is not None else (KeptFiles(), {})
        files = last.copy()
        for slug, record in kept_before.items():
            if keeping.get(slug) is not record:
                files.take(record.outputs)
        for slug, record in keeping.items():
            if kept_before.get(slug) is not record:
                files.put(record.kept())
        self.kept = (files, keeping)
        return files

    def remember(self, plan: Plan, made: list, output) -> None:
        """Record what a successful build made, for the next one."""
        digests = output.digests()
        articles = {article.slug: article for article in plan.work.articles}
        for item in made:
            outputs = {path: (*digests[path], origin) for path, _, origin in item.files}
            key = plan.uses.key(plan.shared, articles[item.slug], item.uses)
            self.records[item.slug] = ArticleRecord(key, item.uses, outputs, articles[item.slug].source_digest,
                                                     list(item.warnings))
        self.outputs = digests
        self.listings = plan.listings.made
        for name in ("listing_keys", "listed"):  # a listing page gone (a set test first)
            if not (memo := getattr(self, name)).keys() <= self.listings.keys():
                setattr(self, name, {path: known for path, known in memo.items() if path in self.listings})
        for name in ("records", "shown", "dated"):  # forget the articles gone (a set test first: usually none)
            if not (memo := getattr(self, name)).keys() <= plan.slugs:
                setattr(self, name, {slug: value for slug, value in memo.items() if slug in plan.slugs})
        self.editions = plan.editions
        if self.ready and self.records and not (self.kept and self.kept[1]):  # (the preview's first build)
            self.kept_files(dict(self.records))  # what its first edit keeps, but for the one article edited


def new_source_cache():
    """An empty SourceCache (imported here, late: the no-op check must not load the YAML library)."""
    from ..content.sourcefile import SourceCache

    return SourceCache()


@dataclass
class Plan:
    """What this build will make again, and what it carries over."""

    work: object  # the content with only the articles to make again
    kept: KeptFiles  # site path -> (Kept, origin): files of unchanged articles
    previous: dict  # site path -> (digest, size) of the output folder now
    known_pages: set  # every page's site path, which links may point to
    jinja: object
    shared: str
    uses: "Uses"
    slugs: set  # every published article
    listings: "Listings" = None
    editions: dict = field(default_factory=dict)  # what make_editions made or kept, for Reuse.remember
    made_before: dict = field(default_factory=dict)  # the last build's EditionRecords
    # language -> the Jinja environment of another edition, kept with its compiled templates (Reuse's own dict)
    edition_jinja: dict = field(default_factory=dict)

    def edition_article(self, language: str, article, wide: str):
        """The EditionRecord of an edition's article whose files the last build made from the same things, else
        None (make it). Kept only when its default-language article is kept (nothing it draws on changed), and
        its translation and the edition's other translated files (`wide`) are as they were."""
        record = self.made_before.get((language, article.slug))
        if record is None or record.key != (wide, article.source_digest) or article.slug in self.work_slugs:
            return None
        return record

    @functools.cached_property
    def work_slugs(self) -> set:
        """The default-language articles this build makes again."""
        return {article.slug for article in self.work.articles}


@dataclass(frozen=True)
class EditionRecord:
    """What making one article of another edition produced: its files and its warnings."""

    key: tuple  # (the edition's other translated files, the article's source digest with its translation's)
    outputs: dict  # site path -> (digest, size, origin)
    warnings: tuple


class Listings:
    """The pages that list articles (home, /page/N/): each is made again only when what it shows changed: the
    title, dek, dates... of its articles, their order, its place among the pages, or what every page shows."""

    def __init__(self, base: str, previous: dict, outputs: dict, shown: dict, with_body: bool, dated: dict,
                 keys: dict | None = None, listed: dict | None = None, each_dates: EachRemembered | None = None,
                 newest: list | None = None):
        self.base, self.previous, self.outputs, self.shown, self.with_body = base, previous, outputs, shown, with_body
        self.dated = dated
        self.keys = {} if keys is None else keys  # site path -> (what it showed, its key): the last key made of it
        self.listed = {} if listed is None else listed  # site path -> (the articles it listed, their digests)
        self.each_dates = EachRemembered() if each_dates is None else each_dates  # all_dates, by identity
        self.newest = [] if newest is None else newest  # [articles, count, the newest of them]: feed_entries
        self.made: dict = {}  # site path -> key, for the next build

    def kept(self, path: str, url: str, listing, articles: list) -> Kept | None:
        """The file the last build made at `path` if it was made from the same things, else None (render it)."""
        return self.kept_as(path, url, listing, self.listed_digests(path, articles))

    def listed_digests(self, path: str, articles: list) -> list:
        """self.digests(articles), given again when `articles` are the very objects the last build listed at
        `path`: what a listing shows of an article is made from its fields alone, which nothing changes once it
        is validated, but its text (filled in when needed: so not when a listing shows the text)."""
        if self.with_body:
            return self.digests(articles)
        known = self.listed.get(path)
        if known is not None and same_objects(known[0], articles):
            return known[1]
        digests = self.digests(articles)
        self.listed[path] = (articles, digests)
        return digests

    def digests(self, articles: list, memo: bool = True) -> list:
        """[self.digest(article, memo) for article in articles], the remembered ones looked up in the loop
        itself (a call per article is most of the time it takes)."""
        if not memo:
            return [self.digest(article, False) for article in articles]
        shown = self.shown
        return [known[1] if (known := shown.get(article.slug)) is not None and known[0] == article.source_digest
                else self.digest(article) for article in articles]

    def all_dates(self, articles: list, memo: bool = True) -> str:
        """"\n".join(self.dates(article, memo) for each article); with `memo`, only the articles that are not the
        very objects the last call was given are looked up (by slug, as `digests` does)."""
        if not memo:
            return "\n".join(self.dates(article, False) for article in articles)
        return "\n".join(self.each_dates(self.dates, articles))

    def kept_as(self, path: str, *shown) -> Kept | None:
        """The file the last build made at `path` if what it shows (`shown`, with what every page shows) is
        as it was, else None (make it). A feed or a sitemap is kept this way too."""
        known = self.keys.get(path)
        if known is not None and known[0] == (self.base, shown):  # (comparing is cheaper than repr, at 500 pages)
            key = known[1]
        else:
            key = digest_of(repr((self.base, path, shown)).encode())
            self.keys[path] = ((self.base, shown), key)
        self.made[path] = key
        if self.previous.get(path) != key or path not in self.outputs:
            return None
        return Kept(*self.outputs[path])

    def same_paths(self, paths, among) -> bool:
        """True when the site holds the same files of those `among` picks (a function of a site path) as the last
        build did: the paths in `paths` (the site as assembled so far) but not in the last build's, and the other
        way round, are only ones `among` passes over. Set operations, not a loop over the whole site."""
        return not any(among(path) for path in paths ^ self.outputs.keys())

    def dates(self, article, memo: bool = True) -> str:
        """What a sitemap shows of an article: its page, its last change and its newest update's (which dates the
        corrections page). Remembered by slug like `digest`."""
        known = self.dated.get(article.slug) if memo else None
        if known is not None and known[0] == article.source_digest:
            return known[1]
        newest = max((update.date for update in article.updates), default=None)
        said = f"{article.paths.page.url} {article.last_modified} {newest}"
        if memo:
            self.dated[article.slug] = (article.source_digest, said)
        return said

    def digest(self, article, memo: bool = True) -> str:
        """What a listing may show of an article: all it was validated into, but its text (unless a listing
        template names it) and the digest of its files. Remembered by slug for the default edition's articles;
        another edition's (memo=False, the same slug) are digested each time."""
        known = self.shown.get(article.slug) if memo else None
        if known is not None and known[0] == article.source_digest:
            return known[1]
        shown = dataclasses.replace(article, source_digest="", body=article.body if self.with_body else "")
        digest = digest_of(repr(shown).encode())
        if memo:
            self.shown[article.slug] = (article.source_digest, digest)
        return digest


LISTING_TEMPLATES = ("index.html", "base.html", "partials", "feed.xml")  # the feed is kept like a listing
BODY_WORD = re.compile(r"(?<![</\w])body\b")  # a variable or attribute, not the <body> element


def listing_reads_body(folders: list) -> bool:
    """True when a template a listing page is made from may print an article's text (its `body`), which then
    counts among what the listing shows."""
    for folder in folders:
        for name in LISTING_TEMPLATES:
            path = folder / name
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            for file in files:
                try:
                    if file.is_file() and BODY_WORD.search(file.read_text(encoding="utf-8", errors="replace")):
                        return True
                except OSError:
                    return True
    return False


class Uses:
    """The current digest of anything an article may draw on, each computed once per build."""

    def __init__(self, content, known_pages: set):
        self.content, self.known_pages, self.memo = content, known_pages, {}

    def digest(self, kind: str, ident: str) -> str:
        """Digest of a source, dataset or event as validated now ('' when it no longer exists)."""
        if (kind, ident) not in self.memo:
            value = getattr(self.content, kind).get(ident)
            self.memo[kind, ident] = digest_of(repr(value).encode()) if value is not None else ""
        return self.memo[kind, ident]

    def world(self, last: list | None = None) -> str:
        """One digest of everything any article may draw on. With `last` ([parts, pages, digest] of an earlier
        call, updated here), the digest is taken again only when something in it changed: comparing 10,000
        page paths as sets is quicker than sorting and digesting them."""
        parts = [f"{kind}:{ident}:{self.digest(kind, ident)}" for kind in ("sources", "datasets", "events")
                 for ident in sorted(getattr(self.content, kind))]
        if last and last[0] == parts and last[1] == self.known_pages:
            return last[2]
        world = digest_of("\n".join(parts + sorted(self.known_pages)).encode())
        if last is not None:
            last[:] = [parts, frozenset(self.known_pages), world]  # (a copy: the build goes on with its set)
        return world

    def key(self, shared: str, article, uses: dict) -> str:
        """The digest of everything one article's files are made from."""
        parts = [shared, article.slug, article.source_digest]
        for kind in ("sources", "datasets", "events"):
            parts += [f"{kind}:{ident}:{self.digest(kind, ident)}" for ident in uses.get(kind, ())]
        parts += [f"link:{path}:{path in self.known_pages}" for path in uses.get("links", ())]
        return digest_of("\n".join(parts).encode())


def digest_folder(folder: Path, leave_out: str | None = None) -> str:
    """One digest of every file under a folder (names and bytes), but those under a folder named `leave_out`."""
    parts = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file() and leave_out not in path.relative_to(folder).parts:
            parts.append(f"{path.relative_to(folder).as_posix()}:{digest_of(path.read_bytes())}")
    return digest_of("\n".join(parts).encode())


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's own files and the installed packages' versions: a change to either starts cold. All its
    files, not only the Python: the translations (.mo) and the preview's script change what a build makes too;
    compiled bytecode is left out, being made from the rest. Once per process, since the code that runs is the
    code imported at its start."""
    parts = [sys.version, digest_folder(Path(__file__).resolve().parent.parent, leave_out="__pycache__")]
    for folder in sorted({p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)}):
        parts += sorted(name for name in os.listdir(folder) if name.endswith(".dist-info"))
    return digest_of("\n".join(parts).encode())
