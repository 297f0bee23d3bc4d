"""Stage 2: find every content file and read it, each into one object that knows where it came from."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..model import Site
from ..output.paths import reserved_slugs
from .folders import LOADED, joined, names
from .schema import SLUG
from .sourcefile import LineDict, SourceCache, SourceError, outside_problem, parse_yaml, read_source, reason


@dataclass
class RawFile:
    """A parsed content file: its path, its YAML (if any) and its Markdown body (if any)."""

    path: Path
    slug: str
    data: object = None
    body: str = ""
    body_line: int = 1
    md_path: Path | None = None
    digest: str = ""  # of the file's bytes (with the Markdown's, for an article): what incremental builds compare
    text: str = ""  # the YAML, when parsing it was put off (an article's metadata: see read_yaml_file)
    broken: bool = False  # could not be parsed; its problem is recorded, but its id still counts as known
    unread: bool = False  # its files are known unchanged by their digests and are read only when asked for


class UnreadArticle(RawFile):
    """An article whose two files the build knows by their digests, unchanged since the last build: their text
    is read only if something asks for it (validating it again, making its page, naming problems in it)."""

    def __init__(self, path: Path, md_path: Path, digest: str, cache: SourceCache, slug: str | None = None):
        # (RawFile's fields set at once: there are 10,000 of these in a one-article rebuild of a large site)
        self.__dict__.update(path=path, slug=path.stem if slug is None else slug, data=None, body_line=1,
                             md_path=md_path, digest=digest, broken=False, unread=True, _loaded=None, _cache=cache)

    def load(self) -> tuple[str, str]:
        """(YAML text, Markdown text), read now; FileNotFoundError when a file no longer reads as it was (the
        build is then run again, reading everything)."""
        if self._loaded is None:
            try:
                texts = [self._cache.read(path) for path in (self.path, self.md_path)]
            except (OSError, SourceError) as err:
                raise FileNotFoundError(f"{self.md_path} changed during the build; build again") from err
            if f"{texts[0][1]}+{texts[1][1]}" != self.digest:
                raise FileNotFoundError(f"{self.md_path} changed during the build; build again")
            self._loaded = (texts[0][0], texts[1][0])
        return self._loaded

    @property
    def text(self) -> str:
        return self.load()[0]

    @text.setter
    def text(self, value: str) -> None:
        if value:
            self._loaded = (value, self.load()[1])

    @property
    def body(self) -> str:
        return self.load()[1]

    @body.setter
    def body(self, value: str) -> None:
        if value:
            self._loaded = (self.load()[0], value)


def fill_bodies(articles: list, cache: SourceCache | None) -> None:
    """Give each article whose text was left unread (see UnreadArticle) its text."""
    if cache is None or not cache.unread_articles:
        return
    for article in articles:
        raw = cache.unread_articles.get(article.md_path)
        if raw is not None and not article.body:
            article.body = raw.body


@dataclass
class Collected:
    """Every content file found, parsed but not yet validated."""

    articles: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    datasets: list = field(default_factory=list)
    sources: RawFile | None = None
    events: RawFile | None = None
    translations: dict = field(default_factory=dict)  # language -> Translated: the files of each other edition
    languages: tuple = ()  # the site's editions, the default first


@dataclass
class Translated:
    """One edition's translation files, found beside the English ones and keyed by what they translate."""

    articles: dict = field(default_factory=dict)  # slug -> (Markdown RawFile or None, YAML RawFile or None)
    pages: dict = field(default_factory=dict)  # slug -> RawFile
    datasets: dict = field(default_factory=dict)  # dataset id -> RawFile
    sources: RawFile | None = None
    events: RawFile | None = None
    site: RawFile | None = None


def collect_content(site: Site, problems: Problems, cache: SourceCache | None = None) -> Collected:
    """Read content/: articles (.md + .yaml), pages, datasets, sources and events.

    With a `cache` from earlier builds, only files that changed are read and parsed again.
    """
    content = site.content_dir
    found = Collected(languages=site.languages)
    others = site.languages[1:]
    found.translations = {language: Translated() for language in others}
    articles, translated = edition_files(list_files(content / "articles", site, problems, {".md", ".yaml"}, cache),
                                         others)
    found.articles = collect_articles(articles, problems, cache)
    pages, translated_pages = edition_files(list_files(content / "pages", site, problems, {".md"}, cache), others)
    found.pages = [page for path in pages if (page := read_page(path, problems, cache))]
    datasets, translated_data = edition_files(list_files(content / "data", site, problems, {".yaml"}, cache), others)
    found.datasets = [read_yaml_file(path, problems, cache=cache) for path in datasets]
    found.sources = read_yaml_file(content / "sources.yaml", problems, required=True, cache=cache, top=content)
    found.events = read_yaml_file(content / "events.yaml", problems, required=False, cache=cache, top=content)
    for language, edition in found.translations.items():
        for path in translated.get(language, ()):
            md, meta = edition.articles.get(path.stem.rsplit(".", 1)[0], (None, None))
            if path.suffix == ".md":
                md = read_markdown_file(path, problems, cache)
            else:
                meta = read_yaml_file(path, problems, cache=cache)
            edition.articles[path.stem.rsplit(".", 1)[0]] = (md, meta)
        edition.pages = {path.stem.rsplit(".", 1)[0]: page for path in translated_pages.get(language, ())
                         if (page := read_page(path, problems, cache))}
        edition.datasets = {path.stem.rsplit(".", 1)[0]: read_yaml_file(path, problems, cache=cache)
                            for path in translated_data.get(language, ())}
        edition.sources, edition.events = (
            read_yaml_file(content / f"{name}.{language}.yaml", problems, required=False, cache=cache, top=content)
            for name in ("sources", "events"))
        edition.site = read_yaml_file(site.root / "site" / f"site.{language}.yaml", problems, required=False,
                                      cache=cache, top=site.root / "site")
    check_slugs(found, problems)
    return found


def collect_again(site: Site, problems: Problems, cache: SourceCache | None, last: Collected | None):
    """What collect_content would find now, made from the `last` collection by collecting again only the
    articles whose files the watcher saw change (`cache.changed`: edited, added, removed or renamed); None
    when that cannot be said (no paths, a path outside content/articles/, a translation, a stray, or any
    problem), and the caller collects everything, naming the problems as a full collection does."""
    changed = cache.changed if cache is not None else None
    if last is None or changed is None or last.languages != site.languages:
        return None
    folder, stems = site.content_dir / "articles", set()
    for path in changed:
        stem, dot, suffix = path.name.rpartition(".")
        if path.parent != folder or not dot or suffix not in ("md", "yaml") or path.name.startswith("."):
            return None
        if stem.rpartition(".")[1]:
            return None  # a translation ('about.uk.md') or a slug with a dot: the full collection says which
        stems.add(stem)
    with problems.set_apart() as (found, warnings):
        list_files(folder, site, problems, {".md", ".yaml"}, cache)  # listed again only if a file came or went
        listed = cache.listed.get(folder)
        if listed is not None and not problems.found:
            known = listed[1]
            paths = [path for stem in sorted(stems) for name in (f"{stem}.md", f"{stem}.yaml")
                     if (path := joined(folder, name)) in known]
            again = {raw.slug: raw for raw in collect_articles(paths, problems, cache)}
            check_slugs(Collected(articles=list(again.values()), pages=last.pages, languages=last.languages),
                        problems)
    if found or warnings or listed is None:
        return None
    articles = [again.pop(raw.slug, raw) for raw in last.articles if raw.slug in again or raw.slug not in stems]
    if again:  # an article added (or renamed): in its place, in the order collect_content gives
        articles = sorted([*articles, *again.values()], key=lambda raw: raw.slug)
    return dataclasses.replace(last, articles=articles)


def edition_files(paths: list[Path], languages: tuple) -> tuple[list[Path], dict]:
    """Split a folder's files into the default language's and each other edition's ('about.uk.md')."""
    own, translated = [], {}
    for path, name in zip(paths, names(paths)):  # (each listed with one of its folder's suffixes: see scan_folder)
        stem, dot, language = name.rpartition(".")[0].rpartition(".")
        if dot and language in languages:
            translated.setdefault(language, []).append(path)
        else:
            own.append(path)
    return own, translated


def read_markdown_file(path: Path, problems: Problems, cache: SourceCache | None) -> RawFile | None:
    """A translated article's Markdown, as a RawFile."""
    body, digest = read_markdown(path, problems, with_digest=True, cache=cache)
    return RawFile(path=path, slug=path.stem, body=body, md_path=path, digest=digest) if body is not None else None


def list_files(folder: Path, site: Site, problems: Problems, suffixes: set[str],
               cache: SourceCache | None = None) -> list[Path]:
    """The files of a content folder in a stable order; strays and escaping symlinks are problems."""
    if cache is not None and (files := cache.listing(folder)) is not None:
        return files
    before = len(problems.found)
    files = scan_folder(folder, site, problems, suffixes)
    if cache is not None and len(problems.found) == before:  # a folder with problems is scanned again
        cache.listed[folder] = (files, Known(files))
    return files


class Known:
    """The files of a listing as a set, made the first time a path is looked up in it: a command-line build,
    which never asks, does not hash 20,000 paths for nothing."""

    __slots__ = ("files", "made")

    def __init__(self, files: list):
        self.files, self.made = files, None

    def __contains__(self, path) -> bool:
        if self.made is None:
            self.made = set(self.files)
        return path in self.made


def scan_folder(folder: Path, site: Site, problems: Problems, suffixes: set[str]) -> list[Path]:
    """list_files, from the disk."""
    if not folder.is_dir():
        if os.path.lexists(folder):
            problems.add(folder, 1, f"{folder.name} should be a folder")
        return []
    files, endings = [], tuple(suffixes)
    try:
        with os.scandir(folder) as entries:  # scandir knows each entry's type without a system call per file
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError as err:
        problems.add(folder, 1, f"folder cannot be read: {reason(err)}")
        return []
    text, shared = str(folder), LOADED  # (the paths the build state loaded are used again: see folders.LOADED)
    for entry in listed:
        if entry.name.startswith("."):
            continue
        path = shared.get((text, entry.name)) or joined(folder, entry.name)
        if entry.is_symlink() and (escape := outside_problem(path, site.content_dir)):
            problems.add(path, 1, escape)
        elif not entry.name.endswith(endings) or not entry.is_file():  # (the name does not start with a dot)
            problems.add(path, 1, f"unexpected file in {folder.name}/: expected {' or '.join(sorted(suffixes))} files")
        else:
            files.append(path)
    return files


def collect_articles(paths: list[Path], problems: Problems, cache: SourceCache | None) -> list[RawFile]:
    """Pair each article's Markdown with its YAML metadata."""
    pairs: dict = {}
    for path, name in zip(paths, names(paths)):
        stem, _, suffix = name.rpartition(".")  # (a listed file has a suffix: see scan_folder)
        pairs.setdefault(stem, {})[f".{suffix}"] = path
    articles = []
    for stem, pair in sorted(pairs.items()):
        md, meta = pair.get(".md"), pair.get(".yaml")
        if md is None:
            problems.add(meta, 1, f"metadata without an article: create {stem}.md beside it")
            continue
        if meta is None:
            problems.add(md, 1, f"article without metadata: create {stem}.yaml beside it")
            continue
        if cache is not None and (raw := cache.unchanged_article(md, meta) or unread_article(meta, md, cache, stem)):
            articles.append(raw)
            continue
        raw = read_yaml_file(meta, problems, cache=cache, defer=True)
        body, md_digest = read_markdown(md, problems, with_digest=True, cache=cache)
        if not raw.broken and body is not None:
            raw.body, raw.md_path, raw.digest = body, md, f"{raw.digest}+{md_digest}"
            articles.append(raw)
            if cache is not None:
                cache.articles[md] = (meta, raw)
    return articles


def unread_article(meta: Path, md: Path, cache: SourceCache, stem: str) -> UnreadArticle | None:
    """An article whose files the cache knows by their digests, as an UnreadArticle; else None (read them)."""
    yaml_digest, md_digest = cache.unread.get(str(meta)), cache.unread.get(str(md))
    if yaml_digest is None or md_digest is None:
        return None
    raw = UnreadArticle(meta, md, f"{yaml_digest}+{md_digest}", cache, stem)
    cache.unread_articles[md] = raw
    return raw


def read_markdown(path: Path, problems: Problems, with_digest: bool = False, cache: SourceCache | None = None):
    """A Markdown file's text, or None after recording why it cannot be read (with its digest if asked)."""
    try:
        text, digest = read_source(path, cache)
    except SourceError as err:
        problems.add(path, err.line, err.message)
        text, digest = None, ""
    except OSError as err:
        problems.add(path, 1, f"file cannot be read: {reason(err)}")
        text, digest = None, ""
    return (text, digest) if with_digest else text


def read_yaml_file(path: Path, problems: Problems, required: bool = True,
                   cache: SourceCache | None = None, defer: bool = False, top: Path | None = None) -> RawFile | None:
    """A YAML content file, parsed with line numbers; with `defer` (an article's metadata), only read: it is
    parsed where it is validated (validate.check_article), in worker processes when there are many, and not
    at all when it was validated before. With `top`, a symbolic link that leads out of it is refused."""
    escape = outside_problem(path, top) if top is not None and path.is_symlink() else None
    if escape:
        problems.add(path, 1, escape)
        return RawFile(path=path, slug=path.stem, broken=True)
    if not defer and not path.is_file():  # (a deferred file was just listed)
        if os.path.lexists(path):
            problems.add(path, 1, f"{path.name} should be a file, not a folder or a broken link")
        elif required:
            problems.add(path, 1, f"{path.name} is missing")
        else:
            return None  # an optional file left out: it declares nothing (and nothing is wrong)
        return RawFile(path=path, slug=path.stem, broken=True)
    try:
        text, digest = read_source(path, cache)
        if defer:
            return RawFile(path=path, slug=path.stem, digest=digest, text=text)
        data = cache.parse(text, digest) if cache is not None else parse_yaml(text)
    except SourceError as err:
        problems.add(path, err.line, err.message)
        return RawFile(path=path, slug=path.stem, broken=True)
    except OSError as err:
        problems.add(path, 1, f"file cannot be read: {reason(err)}")
        return RawFile(path=path, slug=path.stem, broken=True)
    if data is None:
        problems.add(path, 1, "file is empty")
        return RawFile(path=path, slug=path.stem, broken=True)
    return RawFile(path=path, slug=path.stem, data=data, digest=digest)


def read_page(path: Path, problems: Problems, cache: SourceCache | None = None) -> RawFile | None:
    """A plain page: YAML front matter between '---' lines, then Markdown."""
    text = read_markdown(path, problems, cache=cache)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "a page must start with front matter: a '---' line, 'title: ...', then '---'")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(path, 1, "front matter is not closed: add a '---' line after it")
        return None
    try:
        data = parse_yaml("\n".join(lines[1:end]), first_line=2)
        if data is None:
            data = LineDict()
            data.line, data.key_lines = 2, {}
    except SourceError as err:
        problems.add(path, err.line, err.message)
        return None
    return RawFile(path=path, slug=path.stem, data=data, body="\n".join(lines[end + 1:]), body_line=end + 2)


LANGUAGE_SUFFIX = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")  # 'about.uk.md' names a translation


def check_slugs(found: Collected, problems: Problems) -> None:
    """Slugs become folder names under public/: they must be safe, unreserved and unique."""
    seen: dict[str, Path] = {}
    reserved = reserved_slugs(found.languages)
    for raw in [*found.articles, *found.pages]:
        path = raw.md_path or raw.path
        stem, dot, language = raw.slug.rpartition(".")
        if dot and SLUG.match(stem) and LANGUAGE_SUFFIX.match(language):
            problems.add(path, 1, f"a translation into '{language}', which is not one of the site's languages: add "
                                  f"languages: [{', '.join((*found.languages, language))}] to site/site.yaml")
        elif not SLUG.match(raw.slug):
            problems.add(path, 1, f"file name '{raw.slug}' is not a valid slug: use lowercase letters, digits and hyphens")
        elif raw.slug in reserved:
            problems.add(path, 1, f"'{raw.slug}' is reserved for the site's own pages; rename the file")
        elif raw.slug in seen:
            problems.add(path, 1, f"slug '{raw.slug}' is already used by {problems.relative(seen[raw.slug])}")
        else:
            seen[raw.slug] = path
    for raw in found.datasets:
        stem, dot, language = raw.slug.rpartition(".")
        if dot and SLUG.match(stem) and LANGUAGE_SUFFIX.match(language):
            problems.add(raw.path, 1, f"a translation into '{language}', which is not one of the site's languages: "
                                      f"add languages: [{', '.join((*found.languages, language))}] to site/site.yaml")
        elif not SLUG.match(raw.slug):
            problems.add(raw.path, 1, f"dataset file name '{raw.slug}' is not a valid id: use lowercase letters, digits and hyphens")
