"""What one build leaves for the next: per-article records, output digests, caches; and the plan that
decides, from them, which articles a build must make again (see incremental.py for the whole story)."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import digest_of
from ..output.write import Kept

STATE_VERSION = 2


@dataclass
class ArticleRecord:
    """What making one article drew on and produced, when it was last made."""

    key: str
    uses: dict
    outputs: dict  # site path -> (digest, size, origin)
    source_digest: str = ""  # the article's own files, for the quick check when nothing it could use changed
    warnings: list = field(default_factory=list)  # Problems that did not stop it, repeated while it is kept


@dataclass
class BuildState:
    """What the previous build of one site made; an empty state makes a cold build."""

    options: str = ""  # site settings, build date and generator version the records were made under
    env: str = ""  # templates, assets and plain pages: what every article page shows
    world: str = ""  # every source, dataset, event and page path: what articles may draw on
    templates: str = ""  # the template files `jinja` compiled
    records: dict = field(default_factory=dict)  # slug -> ArticleRecord
    outputs: dict = field(default_factory=dict)  # site path -> (digest, size): what the output folder holds
    sources: object = field(default_factory=lambda: new_source_cache())  # a SourceCache
    validated: dict = field(default_factory=dict)  # (path, digest, known ids) -> Article
    jinja: object = None  # the Jinja environment, with its compiled templates
    background: bool = False  # delete the previous output folder in a thread (IncrementalBuilder does)
    on_disk: list = field(default_factory=list)  # files that describe this state, removed before `out` changes

    def reader(self):
        """The file cache for collect, ready for a new build."""
        self.sources.fresh = set()
        return self.sources

    def retire(self) -> None:
        """Forget the saved copy before the output folder changes, so a killed build never leaves one that lies."""
        for path in self.on_disk:
            Path(path).unlink(missing_ok=True)

    def forget_outputs(self) -> None:
        """Make every article again and write every file (the output folder is not what we left)."""
        self.records, self.outputs = {}, {}


def new_source_cache():
    """An empty SourceCache (imported here, late: the no-op check must not load the YAML library)."""
    from ..content.sourcefile import SourceCache

    return SourceCache()


@dataclass
class Plan:
    """What this build will make again, and what it carries over."""

    work: object  # the content with only the articles to make again
    kept: dict  # site path -> (Kept, origin): files of unchanged articles
    previous: dict  # site path -> (digest, size) of the output folder now
    known_paths: set
    jinja: object
    env: str
    uses: "Uses"
    slugs: set  # every published article
    warnings: list  # what making the kept articles warned about, so a rebuild says it again


class Uses:
    """The current digest of anything an article may draw on, each computed once per build."""

    def __init__(self, content, known_paths: set):
        self.content, self.known_paths, self.memo = content, known_paths, {}

    def digest(self, kind: str, ident: str) -> str:
        """Digest of a source, dataset or event as validated now ('' when it no longer exists)."""
        if (kind, ident) not in self.memo:
            value = getattr(self.content, kind).get(ident)
            self.memo[kind, ident] = digest_of(repr(value).encode()) if value is not None else ""
        return self.memo[kind, ident]

    def world(self) -> str:
        """One digest of everything any article may draw on."""
        parts = [f"{kind}:{ident}:{self.digest(kind, ident)}" for kind in ("sources", "datasets", "events")
                 for ident in sorted(getattr(self.content, kind))]
        return digest_of("\n".join(parts + sorted(self.known_paths)).encode())

    def key(self, env: str, article, uses: dict) -> str:
        """The digest of everything one article's files are made from."""
        parts = [env, article.slug, article.source_digest]
        for kind in ("sources", "datasets", "events"):
            parts += [f"{kind}:{ident}:{self.digest(kind, ident)}" for ident in uses.get(kind, ())]
        parts += [f"link:{path}:{path in self.known_paths}" for path in uses.get("links", ())]
        return digest_of("\n".join(parts).encode())


def plan_build(state: BuildState, content, assets) -> Plan:
    """Decide which published articles must be made again; the files of the others are kept."""
    from ..render.compose import site_paths
    from ..render.pages import jinja_environment

    site = content.site
    options = digest_of(repr((STATE_VERSION, code_version(), site)).encode())
    if options != state.options:
        state.options, state.jinja = options, None
        state.forget_outputs()
    templates = digest_folder(site.templates_dir)
    if templates != state.templates or state.jinja is None:
        state.templates, state.jinja = templates, jinja_environment(site.templates_dir, site.cache_dir / "jinja")
    env = digest_of(repr((templates, sorted(assets.paths.items()), content.pages)).encode())
    if env != state.env:
        state.env, state.records = env, {}
    known_paths = site_paths(content)
    uses = Uses(content, known_paths)
    world = uses.world()
    quick, state.world = world == state.world, world  # if nothing shared changed, only own files matter
    work, kept, warnings = [], {}, []
    for article in content.articles:
        record = state.records.get(article.slug)
        if record is not None and (record.source_digest == article.source_digest if quick
                                   else record.key == uses.key(env, article, record.uses)):
            kept.update((path, (Kept(d, size), origin)) for path, (d, size, origin) in record.outputs.items())
            warnings += record.warnings
        else:
            work.append(article)
    return Plan(dataclasses.replace(content, articles=work), kept, dict(state.outputs), known_paths,
                state.jinja, env, uses, {article.slug for article in content.articles}, warnings)


def remember_build(state: BuildState, plan: Plan, made: list, output, changed: list | None) -> None:
    """Record what a successful build made, for the next one (nothing, if it wrote nothing)."""
    if changed is None:
        return
    digests = output.digests()
    articles = {article.slug: article for article in plan.work.articles}
    for item in made:
        outputs = {path: (*digests[path], origin) for path, _, origin in item.files}
        key = plan.uses.key(plan.env, articles[item.slug], item.uses)
        state.records[item.slug] = ArticleRecord(key, item.uses, outputs, articles[item.slug].source_digest,
                                                 list(item.warnings))
    state.records = {slug: record for slug, record in state.records.items() if slug in plan.slugs}
    state.outputs = digests


def digest_folder(folder: Path) -> str:
    """One digest of every file under a folder (names and bytes)."""
    parts = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            parts.append(f"{path.relative_to(folder).as_posix()}:{digest_of(path.read_bytes())}")
    return digest_of("\n".join(parts).encode())


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's own source and the installed packages' versions: a change to either starts cold."""
    package = Path(__file__).resolve().parent.parent
    parts = [sys.version] + [f"{p.relative_to(package)}:{digest_of(p.read_bytes())}"
                             for p in sorted(package.rglob("*.py"))]
    for folder in sorted({p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)}):
        parts += sorted(name for name in os.listdir(folder) if name.endswith(".dist-info"))
    return digest_of("\n".join(parts).encode())
