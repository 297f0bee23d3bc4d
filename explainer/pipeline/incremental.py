"""Incremental builds: remember what the last build read and made, and redo only what changed.

A cold build and a rebuild run the same stages (pipeline.build); the rebuild only skips work whose
inputs are unchanged, so its output is byte-identical by construction (tests/test_incremental.py checks it):
- files are read again only if they may have changed, and YAML parsed again only if its text did; told which
  paths changed, only the articles whose files those are are collected again (content/collect.py
  collect_again; anything else, such as a setting, a page or a translation, collects everything);
- an article is validated again only if its files or the ids it may refer to changed;
- an article's page, Markdown form and chart files are made again only if its files, or anything it drew
  on last time (the sources it cites, datasets, events, the pages its links point to), or anything every
  page shows (templates, static assets, plain pages, site settings, the generator's code) changed;
- a listing page (home, /page/N/) is made again only if what it shows of its articles (all but their text),
  their order, its place or anything every page shows changed; so is an edition's feed (its newest entries, all
  but their text, and the edition's words) and its sitemap (its pages, each article's last change and newest
  update; render/publish.py add_feed_and_sitemap); other site-wide pages are always made again (they are cheap);
- another edition's article (/uk/) is made again only if its default-language article is, or its translation
  or the edition's other translated files changed;
- the site is staged whole and swapped in at once; the staging folder is the site the last swap retired
  (the spare), so only what differs from the build before last is written (explainer/output/write.py).

IncrementalBuilder.rebuild() is the entry point for the preview server (what it reuses kept in memory) and
the command line (kept on disk in .cache/build/, one state file: a manifest of inputs and outputs with content
hashes, then what the next build may reuse, with the validated articles; see pipeline/manifest.py).
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from .reuse import Reuse


class IncrementalBuilder:
    """Builds one site again and again, redoing only what changed: the engine of `serve` and of the CLI.

    What it reuses (pipeline/reuse.py) lives in memory between calls. With persist=True it is also loaded from and saved to
    .cache/build/ (explainer/pipeline/manifest.py), so separate runs of `python build.py` share it. With
    serving=True (the preview), a build that leaves nothing to stage the next into gets it ready at once
    (Reuse.ready): the first edit costs what the later ones do.
    """

    def __init__(self, root: Path, *, out: Path | None = None, base_url: str | None = None, drafts: bool = False,
                 persist: bool = False, serving: bool = False, once: bool = False):
        self.root = Path(root).resolve()
        self.options = {"out": out, "base_url": base_url, "drafts": drafts}
        self.out = (Path(out) if out else self.root / "public").resolve()
        self.persist = persist
        self.serving = serving
        self.once = once  # the command line: one build, then the process ends (nothing to set aside for the next)
        self.reuse: Reuse | None = None
        self.out_identity: tuple | None = None
        self.manifest = None  # with persist: where what it remembers is saved, and the digests of inputs before a build
        self.inputs: dict | None = None
        self.read: dict = {}  # full path -> bytes read by hash_inputs, handed to the build's file cache
        self.unread: dict = {}  # full path -> digest of the files hash_inputs did not need to read
        self.inputs_at = 0
        self.run_key = ""

    def rebuild(self, changed_paths: set | None = None):
        """Build the site again and return its BuildResult (raises BuildError, like build()).

        `changed_paths` are files a watcher saw change, added or removed since the last call: other files
        read before are not read again. None (the default, and always safe) reads and hashes every file.
        One build of a site runs at a time (pipeline/lock.py): a second one waits for the first.

        A builder made for one build (`once`, the command line) pauses the cyclic collector throughout: what the
        run makes lives until the process ends, and the full collections it ran found nothing to free (0 objects,
        0.4 s of a 10,000-article cold build, most of it after the workers, once their results were in).
        """
        from .lock import build_lock

        with build_lock(self.root), no_collection() if self.once else contextlib.nullcontext():
            return self.rebuild_locked(changed_paths)

    def rebuild_locked(self, changed_paths: set | None):
        """rebuild(), with the lock held."""
        if self.reuse is None:
            loaded = self.load()
            if not isinstance(loaded, Reuse):
                return loaded  # nothing changed since the saved build
            self.reuse = loaded
            self.reuse.background = True  # a server should not wait for the old site to be deleted
            self.reuse.ready = self.serving
        elif self.out_identity != folder_identity(self.out):
            self.reuse.forget_outputs()  # someone else replaced or removed the output folder
        self.reuse.files.changed = expand_paths(changed_paths)
        if self.persist and self.inputs is None:
            self.hash_inputs()  # before building: an edit made during the build is seen by the next one
        self.reuse.files.prefetched, self.read = self.read, {}  # the bytes just hashed: not read twice
        self.reuse.files.unread, self.unread = self.unread, {}  # the digests of the others: read if needed
        from .build import build

        # An edit of a few articles of a site already built makes little garbage and walks much (the content, the
        # site's files): the collector waits for set_aside, which collects what the build dropped. (At 10,000
        # articles a dozen young collections cost 8 ms of a 130 ms edit.)
        small = bool(changed_paths and self.reuse.records) and not drops_much(
            len(changed_paths), len(self.reuse.records), changed_paths, self.root / "content")
        try:
            with no_collection() if small else contextlib.nullcontext():
                result = build(self.root, **self.options, reuse=self.reuse)
        except FileNotFoundError:  # a file to carry over vanished from the output folder, or an input changed
            self.reuse.forget_outputs()  # while it was being read: make everything, reading every file
            self.reuse.files.unread = {}
            result = build(self.root, **self.options, reuse=self.reuse)
        self.out_identity = folder_identity(self.out)
        if not self.once:
            set_aside(drops_much(result.articles_made, len(self.reuse.records), changed_paths, self.root / "content"))
        if self.persist:
            self.save(result)
            if self.manifest.warning:  # said once, after saving: the next run has a sound manifest
                path, message = self.manifest.warning
                result.warnings.insert(0, Problem(path.relative_to(self.root).as_posix(), 1, message))
                self.manifest.warning = None
        return result

    def load(self):
        """What the last run left to reuse; or, when no input changed and the output is as saved, the result of
        doing nothing."""
        if not self.persist:
            return Reuse()
        import time

        from .manifest import manifest_for, outputs_intact, refresh_inputs, restore_reuse, run_key

        started = time.perf_counter()
        self.manifest = manifest_for(self.root, self.out)
        self.hash_inputs()
        self.run_key = run_key(self.root, self.out, self.options["base_url"], self.options["drafts"])
        data = self.manifest.data
        if not data or not outputs_intact(self.out, data["outputs"]):
            return Reuse()
        if data["run"] == self.run_key and same_inputs(data["inputs"], self.inputs):
            self.reuse = None  # nothing loaded: a later rebuild() call loads properly
            if self.read:  # files read again to be sure: the next run need not (a few ms, once)
                with contextlib.suppress(OSError):  # (a state that cannot be written only costs time)
                    refresh_inputs(self.manifest, self.inputs, self.inputs_at)
            summary = data["summary"]
            return Unchanged(summary["pages"], summary["charts"], time.perf_counter() - started, self.out,
                             [Problem(*warning) for warning in summary["warnings"]])
        gc.collect()  # what earlier builds in this process left, so that it is not kept forever by the freeze below
        with no_collection():
            reuse = restore_reuse(self.manifest)
            gc.freeze()  # what was loaded lives as long as the run: no collection needs to walk it, not even the
            # one the collector would start as soon as it is on again (0.1 s at 10,000 articles)
        reuse.on_disk = [self.manifest.path]
        return reuse

    def hash_inputs(self) -> None:
        """Digest every input file now (reusing saved digests of files untouched since they were taken)."""
        import time

        from .manifest import input_digests

        self.inputs_at = time.time_ns()
        self.read = {}
        self.inputs = input_digests(self.root, self.manifest.data if self.manifest is not None else {}, self.read)
        root = f"{self.root}/"
        self.unread = {path: entry[0] for key, entry in self.inputs.items()
                       if (path := root + key) not in self.read
                       and not entry[0].startswith(("link:", "unreadable"))}

    def save(self, result) -> None:
        """Save what this build made for the next run (after every successful build)."""
        from .manifest import manifest_for, run_key, save_reuse

        if self.manifest is None:
            self.manifest = manifest_for(self.root, self.out)
            self.run_key = run_key(self.root, self.out, self.options["base_url"], self.options["drafts"])
        try:
            with no_collection():
                save_reuse(self.manifest, self.reuse, self.inputs, self.inputs_at, self.run_key, self.out,
                           result.changed, {"pages": result.pages, "charts": result.charts,
                                            "warnings": [[w.path, w.line, w.message] for w in result.warnings]})
        except OSError as err:  # the site is built and in place: a cache that cannot be written only costs time
            where = self.manifest.path.parent
            result.warnings.append(Problem(where.relative_to(self.root).as_posix() if where.is_relative_to(self.root)
                                           else str(where), 1, "could not save what this build made "
                                           f"({(err.strerror or type(err).__name__).lower()}); the next build "
                                           "starts cold"))
        self.inputs = None  # digests are taken afresh before the next build


@dataclass
class Unchanged:
    """The result of a command-line build that found nothing changed since the saved one (like BuildResult)."""

    pages: int
    charts: int
    seconds: float
    out: Path
    warnings: list = field(default_factory=list)
    articles_made: int = 0
    charts_drawn: int = 0
    changed: list = field(default_factory=list)

    def summary(self) -> str:
        """One line in BuildResult's words (scripts read it), saying that nothing had to be done."""
        return (f"Built {self.pages} pages and {self.charts} charts (0 rendered, {self.charts} reused from cache) "
                f"in {self.seconds:.2f} s into {self.out}: nothing had changed since the last build")


@contextlib.contextmanager
def no_collection():
    """The cyclic garbage collector paused: loading or saving the state makes hundreds of thousands of objects
    and no garbage, and each collection would walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def set_aside(made_much: bool) -> None:
    """Take what a build leaves (the site's state, kept until the next one) out of the cyclic collector's walk:
    at 10,000 articles a full collection walks millions of objects (0.3-0.5 s), and without this one ran every
    few rebuilds of `serve`. What the build itself dropped is collected first (the young generations: a few
    milliseconds), so that it is not frozen with the rest; a build that may have dropped much of what was frozen
    before (see drops_much) collects everything, frozen or not."""
    if made_much:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


def drops_much(made: int, articles: int, changed: set | None, content: Path) -> bool:
    """True when a rebuild may have let go of much that an earlier one froze: a template, a setting or an
    asset changed (a Jinja environment's compiled templates, full of reference cycles), or a quarter of the
    articles, more than one, were made again. An edit to one article's text is not that, even on a site of
    two (where the full collection, 60 ms on the example site, was a third of the preview's edit). Without
    the `changed` paths (the command line's one build, or a watcher that cannot say) only the count tells."""
    if changed is not None:
        content = content.resolve()
        if any(not Path(path).resolve().is_relative_to(content) for path in changed):
            return True
    return made > 1 and made * 4 >= articles


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
