"""Stage 2: find every content file and read it, each into one object that knows where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems
from .model import Site
from .schema import SLUG
from .sourcefile import SourceError, parse_yaml, read_text

RESERVED_SLUGS = {"assets", "charts", "embed", "data", "tags", "feed", "404"}


@dataclass
class RawFile:
    """A parsed content file: its path, its YAML (if any) and its Markdown body (if any)."""

    path: Path
    slug: str
    data: object = None
    body: str = ""
    body_line: int = 1
    md_path: Path | None = None


@dataclass
class Collected:
    """Every content file found, parsed but not yet validated."""

    articles: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    datasets: list = field(default_factory=list)
    sources: RawFile | None = None
    events: RawFile | None = None


def collect_content(site: Site, problems: Problems) -> Collected:
    """Read content/: articles (.md + .yaml), pages, datasets, sources and events."""
    content = site.content_dir
    found = Collected()
    found.articles = collect_articles(content / "articles", site, problems)
    found.pages = [page for path in list_files(content / "pages", site, problems, {".md"})
                   if (page := read_page(path, problems))]
    found.datasets = [raw for path in list_files(content / "data", site, problems, {".yaml"})
                      if (raw := read_yaml_file(path, problems))]
    found.sources = read_yaml_file(content / "sources.yaml", problems, required=True)
    found.events = read_yaml_file(content / "events.yaml", problems, required=False)
    check_slugs(found, problems)
    return found


def list_files(folder: Path, site: Site, problems: Problems, suffixes: set[str]) -> list[Path]:
    """The files of a content folder in a stable order; strays and escaping symlinks are problems."""
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(site.root.resolve()):
            problems.add(path, 1, "symbolic link points outside the repository; copy the file in instead")
        elif path.suffix not in suffixes or not path.is_file():
            problems.add(path, 1, f"unexpected file in {folder.name}/: expected {' or '.join(sorted(suffixes))} files")
        else:
            files.append(path)
    return files


def collect_articles(folder: Path, site: Site, problems: Problems) -> list[RawFile]:
    """Pair each article's Markdown with its YAML metadata."""
    files = list_files(folder, site, problems, {".md", ".yaml"})
    stems = {path.stem for path in files}
    articles = []
    for stem in sorted(stems):
        md, meta = folder / f"{stem}.md", folder / f"{stem}.yaml"
        if md not in files:
            problems.add(meta, 1, f"metadata without an article: create {stem}.md beside it")
            continue
        if meta not in files:
            problems.add(md, 1, f"article without metadata: create {stem}.yaml beside it")
            continue
        raw = read_yaml_file(meta, problems)
        body = read_markdown(md, problems)
        if raw is not None and body is not None:
            raw.body, raw.md_path = body, md
            articles.append(raw)
    return articles


def read_markdown(path: Path, problems: Problems) -> str | None:
    """A Markdown file's text, or None after recording why it cannot be read."""
    try:
        return read_text(path)
    except SourceError as err:
        problems.add(path, err.line, err.message)
        return None


def read_yaml_file(path: Path, problems: Problems, required: bool = True) -> RawFile | None:
    """A YAML content file, parsed with line numbers."""
    if not path.is_file():
        if required:
            problems.add(path, 1, f"{path.name} is missing")
        return None
    try:
        data = parse_yaml(read_text(path))
    except SourceError as err:
        problems.add(path, err.line, err.message)
        return None
    if data is None:
        problems.add(path, 1, "file is empty")
        return None
    return RawFile(path=path, slug=path.stem, data=data)


def read_page(path: Path, problems: Problems) -> RawFile | None:
    """A plain page: YAML front matter between '---' lines, then Markdown."""
    text = read_markdown(path, problems)
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
    except SourceError as err:
        problems.add(path, err.line, err.message)
        return None
    return RawFile(path=path, slug=path.stem, data=data, body="\n".join(lines[end + 1:]), body_line=end + 2)


def check_slugs(found: Collected, problems: Problems) -> None:
    """Slugs become folder names under public/: they must be safe, unreserved and unique."""
    seen: dict[str, Path] = {}
    for raw in [*found.articles, *found.pages]:
        path = raw.md_path or raw.path
        if not SLUG.match(raw.slug):
            problems.add(path, 1, f"file name '{raw.slug}' is not a valid slug: use lowercase letters, digits and hyphens")
        elif raw.slug in RESERVED_SLUGS:
            problems.add(path, 1, f"'{raw.slug}' is reserved for the site's own pages; rename the file")
        elif raw.slug in seen:
            problems.add(path, 1, f"slug '{raw.slug}' is already used by {problems.relative(seen[raw.slug])}")
        else:
            seen[raw.slug] = path
    for raw in found.datasets:
        if not SLUG.match(raw.slug):
            problems.add(raw.path, 1, f"dataset file name '{raw.slug}' is not a valid id: use lowercase letters, digits and hyphens")
