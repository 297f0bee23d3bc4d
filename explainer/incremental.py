"""Incremental builds: remember what the last build read and made, and redo only what changed.

A cold build and a rebuild run the same stages (pipeline.build); the rebuild only skips work whose
inputs are unchanged, so its output is byte-identical by construction (tests/test_incremental.py checks it):
- files are read again only if they may have changed, and YAML parsed again only if its text did;
- an article is validated again only if its files or the ids it may refer to changed;
- an article's page, Markdown form and chart files are made again only if its files, or anything it drew
  on last time (the sources it cites, datasets, events, the pages its links point to), or anything every
  page shows (templates, static assets, plain pages, site settings, the generator's code) changed;
- listings and site-wide pages are always made again (they are cheap), and unchanged files are
  hard-linked from the live site into the staging folder instead of being written.

IncrementalBuilder.rebuild() is the entry point for the preview server (state in memory) and the command
line (state on disk in .cache/build/: a JSON manifest of inputs and outputs with content hashes, and a
pickle of validated articles).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .digests import digest_of
from .write import Kept

STATE_VERSION = 1


@dataclass
class ArticleRecord:
    """What making one article drew on and produced, when it was last made."""

    key: str
    uses: dict
    outputs: dict  # site path -> (digest, size, origin)
    source_digest: str = ""  # the article's own files, for the quick check when nothing it could use changed


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
    on_disk: list = field(default_factory=list)  # files that describe this state, removed before `out` changes

    def reader(self):
        """The file cache for collect, told which articles' metadata need not be parsed unless asked."""
        self.sources.settled = {(path, digest.split("+")[0]) for path, digest, _ in self.validated}
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
    from .sourcefile import SourceCache

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
    from .compose import site_paths
    from .render import jinja_environment

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
    work, kept = [], {}
    for article in content.articles:
        record = state.records.get(article.slug)
        if record is not None and (record.source_digest == article.source_digest if quick
                                   else record.key == uses.key(env, article, record.uses)):
            kept.update((path, (Kept(d, size), origin)) for path, (d, size, origin) in record.outputs.items())
        else:
            work.append(article)
    return Plan(dataclasses.replace(content, articles=work), kept, dict(state.outputs), known_paths,
                state.jinja, env, uses, {article.slug for article in content.articles})


def remember_build(state: BuildState, plan: Plan, made: list, output, changed: list | None) -> None:
    """Record what a successful build made, for the next one (nothing, if it wrote nothing)."""
    if changed is None:
        return
    digests = output.digests()
    articles = {article.slug: article for article in plan.work.articles}
    for item in made:
        outputs = {path: (*digests[path], origin) for path, _, origin in item.files}
        key = plan.uses.key(plan.env, articles[item.slug], item.uses)
        state.records[item.slug] = ArticleRecord(key, item.uses, outputs, articles[item.slug].source_digest)
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
    package = Path(__file__).resolve().parent
    parts = [f"{p.relative_to(package)}:{digest_of(p.read_bytes())}" for p in sorted(package.rglob("*.py"))]
    for folder in sorted({p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)}):
        parts += sorted(name for name in os.listdir(folder) if name.endswith(".dist-info"))
    return digest_of("\n".join(parts).encode())


class IncrementalBuilder:
    """Builds one site again and again, redoing only what changed: the engine of `serve` and of the CLI.

    The state lives in memory between calls. With persist=True it is also loaded from and saved to
    .cache/build/ (explainer/manifest.py), so separate runs of `python build.py` share it.
    """

    def __init__(self, root: Path, *, out: Path | None = None, base_url: str | None = None, drafts: bool = False,
                 persist: bool = False):
        self.root = Path(root).resolve()
        self.options = {"out": out, "base_url": base_url, "drafts": drafts}
        self.out = (Path(out) if out else self.root / "public").resolve()
        self.persist = persist
        self.state: BuildState | None = None
        self.out_identity: tuple | None = None
        self.manifest = None  # with persist: where the state is saved, and the digests of inputs before a build
        self.inputs: dict | None = None
        self.inputs_at = 0
        self.run_key = ""

    def rebuild(self, changed_paths: set | None = None):
        """Build the site again and return its BuildResult (raises BuildError, like build()).

        `changed_paths` are files a watcher saw change, added or removed since the last call: other files
        read before are not read again. None (the default, and always safe) reads and hashes every file.
        """
        if self.state is None:
            loaded = self.load()
            if not isinstance(loaded, BuildState):
                return loaded  # nothing changed since the saved build
            self.state = loaded
        elif self.out_identity != folder_identity(self.out):
            self.state.forget_outputs()  # someone else replaced or removed the output folder
        self.state.sources.changed = expand_paths(changed_paths)
        if self.persist and self.inputs is None:
            self.hash_inputs()  # before building: an edit made during the build is seen by the next one
        from .pipeline import build

        try:
            result = build(self.root, **self.options, state=self.state)
        except FileNotFoundError:  # a file to carry over vanished from the output folder: make everything
            self.state.forget_outputs()
            result = build(self.root, **self.options, state=self.state)
        self.out_identity = folder_identity(self.out)
        if self.persist:
            self.save(result)
        return result

    def load(self):
        """The saved state; or, when no input changed and the output is as saved, the result of doing nothing."""
        if not self.persist:
            return BuildState()
        import time

        from .manifest import manifest_for, outputs_intact, restore_state, run_key

        started = time.perf_counter()
        self.manifest = manifest_for(self.root, self.out)
        self.hash_inputs()
        self.run_key = run_key(self.root, self.out, self.options["base_url"], self.options["drafts"])
        data = self.manifest.data
        if not data or not outputs_intact(self.out, data["outputs"]):
            return BuildState()
        if data["run"] == self.run_key and same_inputs(data["inputs"], self.inputs):
            self.state = None  # nothing loaded: a later rebuild() call loads properly
            return Unchanged(**data["summary"], seconds=time.perf_counter() - started, out=self.out)
        state = restore_state(self.manifest)
        state.on_disk = [self.manifest.json_path, self.manifest.pickle_path]
        return state

    def hash_inputs(self) -> None:
        """Digest every input file now (reusing saved digests of files untouched since they were taken)."""
        import time

        from .manifest import input_digests

        self.inputs_at = time.time_ns()
        self.inputs = input_digests(self.root, self.manifest.data if self.manifest is not None else {})

    def save(self, result) -> None:
        """Save the state for the next run (after every successful build)."""
        from .manifest import manifest_for, run_key, save_state

        if self.manifest is None:
            self.manifest = manifest_for(self.root, self.out)
            self.run_key = run_key(self.root, self.out, self.options["base_url"], self.options["drafts"])
        changed = result.changed if result.changed is not None else list(self.state.outputs)
        save_state(self.manifest, self.state, self.inputs, self.inputs_at, self.run_key, self.out, changed,
                   {"pages": result.pages, "charts": result.charts, "warnings": list(getattr(result, "warnings", []))})
        self.inputs = None  # digests are taken afresh before the next build


@dataclass
class Unchanged:
    """The result of a command-line build that found nothing changed since the saved one (like BuildResult)."""

    pages: int
    charts: int
    seconds: float
    out: Path
    warnings: list = field(default_factory=list)
    articles_rendered: int = 0
    changed: list = field(default_factory=list)

    def summary(self) -> str:
        """One line, as BuildResult prints it."""
        return (f"Nothing changed: {self.pages} pages and {self.charts} charts in {self.out} are up to date "
                f"({self.seconds:.2f} s)")


def same_inputs(saved: dict, now: dict) -> bool:
    """True when the same input files have the same digests."""
    return saved.keys() == now.keys() and all(saved[path][0] == now[path][0] for path in now)


def folder_identity(folder: Path) -> tuple | None:
    """Which directory a path names now: a swap or removal changes it."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def expand_paths(paths) -> set | None:
    """Changed paths as collect sees them (absolute and resolved forms); None when any is a folder."""
    if paths is None:
        return None
    found = set()
    for path in paths:
        if os.path.isdir(path):
            return None  # a folder event says too little: read everything again
        found |= {Path(os.path.abspath(path)), Path(os.path.realpath(path))}
    return found
