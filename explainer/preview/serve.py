"""`build.py serve`: build a preview with drafts, serve it, and on every save rebuild and reload the browser.

The loop that keeps the preview from ever being stale:
1. Watch content/, templates/ and site/ (explainer/preview/watch.py): told of each save by the platform's file
   notification where there is one, polling their stat signatures where not; a page request walks them too
   (with notification, not one that reload.js makes because this server just told it to reload).
   A change marks the preview not fresh at once: HTML requests then wait for the rebuild instead of getting
   the build that is about to be replaced.
2. Wait until the files have been quiet for a moment (DEBOUNCE_SECONDS when polling; with notification
   NOTIFIED_DEBOUNCE_SECONDS, since the notifier delivers a save after one quiet step), so a burst of saves
   is one rebuild of the union of the changed paths.
3. Rebuild in a worker thread (the server keeps answering) into the preview folder, swapped in atomically.
4. Look again: if anything changed during the rebuild, that rebuild is already stale; go back to 2.
   Otherwise the preview is fresh: count a new version and tell every connected browser to reload
   (reload.js then replaces the page's body in place when it can, else reloads the whole page).
A failed rebuild keeps the last good folder on disk and makes every HTML response the error page.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from ..content.config import load_site
from ..errors import BuildError, Problems
from ..model import SOURCE_FOLDERS
from ..output.safety import output_refusal
from ..output.urls import Urls, normalize_base_url
from ..pipeline.build import BuildResult
from .http import PreviewStatus, is_loopback, make_app, reload_browsers, trace
from .watch import FileWatch, Notifier

POLL_SECONDS = 0.025  # how often the sources are looked at (raised when a look takes long)
POLL_ONLY = "EXPLAINER_PREVIEW_POLL"  # =1: no file notification, as where watchfiles is missing or refused
WALK_SECONDS = 1.0  # with notification: how often the sources are walked all the same, in case one was lost
DEBOUNCE_SECONDS = 0.05  # quiet time after the last save before a rebuild starts, when polling
# The same with notification, which delivers a save once a step (Notifier.STEP_MS) has passed quiet: a little
# longer than Notifier.BATCH_MS, so that a long burst, delivered in batches that far apart, is still one
# rebuild. (At 20 ms it was a sixth of an edit's time on the example site.)
NOTIFIED_DEBOUNCE_SECONDS = 0.012


@dataclass(frozen=True)
class ServeOptions:
    """What `serve` was asked for, with paths resolved."""

    root: Path
    out: Path
    base_url: str | None
    host: str
    port: int
    debug: bool = False
    drafts: bool = True  # --no-drafts previews the site as it would be published


@dataclass(frozen=True)
class Outcome:
    """What one rebuild did: a summary line, or the problems that stopped it."""

    summary: str | None
    problems: list
    base_path: str


Rebuild = Callable[[frozenset], BuildResult]


def make_rebuild(options: ServeOptions) -> Rebuild:
    """The seam between preview and build engine: the set of changed paths in, the rebuilt preview out.

    The incremental engine keeps what the last build made in memory and redoes only what the changed files
    touch (an article, the articles that chart a dataset, everything for a template or site.yaml)."""
    from ..pipeline.incremental import IncrementalBuilder

    return IncrementalBuilder(options.root, out=options.out, base_url=options.base_url,
                              drafts=options.drafts, serving=True).rebuild


def serve(args) -> int:
    """Build the preview, serve it on --host/--port and keep it current until Ctrl+C."""
    try:
        options = serve_options(args)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not is_loopback(options.host):
        print(f"warning: serving on {options.host}: anyone who can reach this machine can read the preview, "
              "drafts included; leave out --host to keep it on 127.0.0.1", file=sys.stderr)
    try:
        sockets = bind_sockets(options.port, options.host)
    except OSError as err:
        print(f"error: cannot listen on {options.host}:{options.port}: {err.strerror}; choose another --port",
              file=sys.stderr)
        return 1
    preview = Preview(options, make_rebuild(options), loopback_only=is_loopback(options.host))
    try:
        asyncio.run(preview.run(sockets))
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        if preview.notifier is not None:
            preview.notifier.close()
        preview.executor.shutdown(wait=True, cancel_futures=True)
    return 0


def serve_options(args) -> ServeOptions:
    """Options from the command line; the preview folder may not be public/ or inside a watched folder."""
    root = args.root
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port {args.port} is not a port: choose one from 1 to 65535, or 0 for any free one")
    out = (args.out or root / ".cache" / "preview").resolve()
    refusal = output_refusal(root, out)  # each rebuild replaces the whole folder: it holds only the preview
    if refusal is None and out.is_relative_to((root / "public").resolve()):
        refusal = f"the preview folder {out} is inside public/, which holds the published site"
    if refusal:
        raise ValueError(f"{refusal}; leave out --out to use .cache/preview")
    return ServeOptions(root, out, args.base_url, args.host, args.port, getattr(args, "debug", False),
                        getattr(args, "drafts", True))


class Preview:
    """The watch, rebuild and reload loop around one preview folder."""

    def __init__(self, options: ServeOptions, rebuild: Rebuild, loopback_only: bool = True):
        self.options = options
        self.rebuild = rebuild
        self.status = PreviewStatus(folder=options.out, loopback_only=loopback_only)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild")
        folders = tuple(options.root / name for name in SOURCE_FOLDERS)
        self.watch = FileWatch(folders)  # before the first build, so that a save during it is seen
        self.woken: asyncio.Event | None = None  # set, from the notifier's thread, when a save is reported
        self.loop: asyncio.AbstractEventLoop | None = None
        self.notifier: Notifier | None = Notifier(folders, self.wake)
        if os.environ.get(POLL_ONLY) == "1" or not self.notifier.start():
            self.notifier = None  # polling alone
        self.debounce = DEBOUNCE_SECONDS if self.notifier is None else NOTIFIED_DEBOUNCE_SECONDS
        self.walked_at = time.monotonic()
        self.interval = POLL_SECONDS
        self.pending: set[Path] = set()  # changed since the last rebuild started
        self.last_change = 0.0
        self.rebuilding = False

    async def run(self, sockets) -> None:
        """Build once, serve, then watch forever."""
        self.loop, self.woken = asyncio.get_running_loop(), asyncio.Event()
        self.apply(self.attempt(frozenset()), frozenset())
        self.settle()
        server = HTTPServer(make_app(self.status))
        server.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        host = f"[{self.options.host}]" if ":" in self.options.host else self.options.host
        print(f"Serving the preview, drafts {'included' if self.options.drafts else 'left out'}, on http://{host}:{port}{self.status.base_path} "
              "(Ctrl+C to stop)", flush=True)
        await self.watch_forever()

    async def watch_forever(self) -> None:
        """Collect changes until they go quiet, rebuild once for all of them, reload browsers when fresh."""
        self.status.notice = self.notice  # a page request looks first: a save just before it is not missed
        while True:
            await self.wait()
            if self.notice(walk=self.notifier is None or time.monotonic() - self.walked_at >= WALK_SECONDS):
                continue
            if self.pending and not self.rebuilding and time.monotonic() - self.last_change >= self.debounce:
                batch, self.pending = frozenset(self.pending), set()
                self.rebuilding = True
                trace("rebuild-start")
                try:
                    outcome = await asyncio.get_running_loop().run_in_executor(self.executor, self.attempt, batch)
                finally:
                    self.rebuilding = False
                trace("rebuild-done")
                self.apply(outcome, batch)
                self.notice(walk=self.notifier is None)  # saved during the rebuild: this build is stale already
                if not self.pending:
                    self.settle()

    def wake(self) -> None:
        """Called on the notifier's thread after each batch of changes: the loop looks at once."""
        trace("notified")
        if self.loop is not None and self.woken is not None:
            self.loop.call_soon_threadsafe(self.woken.set)

    async def wait(self) -> None:
        """Until the next look: a poll interval; with notification, until a save is reported, the debounce of
        pending changes ends, or it is time to walk the sources anyway."""
        if self.notifier is None or self.woken is None:
            await asyncio.sleep(self.interval)
            return
        due = self.last_change + self.debounce if self.pending else self.walked_at + WALK_SECONDS
        try:
            await asyncio.wait_for(self.woken.wait(), max(due - time.monotonic(), 0.001))
        except asyncio.TimeoutError:
            pass
        self.woken.clear()

    def notice(self, walk: bool = True) -> bool:
        """Look for changes now (walking the sources, unless `walk` is False and the platform tells of saves);
        any marks the preview not fresh until the rebuild they start has finished."""
        if self.rebuilding:
            return False  # looked at once the rebuild ends
        changed = self.look(walk)
        if changed:
            self.pending |= changed
            self.last_change = time.monotonic()
            self.status.fresh.clear()
            trace("noticed")
        return bool(changed)

    def look(self, walk: bool = True) -> set[Path]:
        """Changed files; the polling interval grows with the time a walk takes, so big sites stay cheap."""
        changed = self.watch.note(self.notifier.take()) if self.notifier is not None else set()
        if walk or self.notifier is None:
            started = time.monotonic()
            changed |= self.watch.changes()
            self.walked_at = time.monotonic()
            self.interval = max(POLL_SECONDS, 10 * (self.walked_at - started))
        return changed

    def attempt(self, changed: frozenset) -> Outcome:
        """Rebuild (in the worker thread); never raises, so the server outlives any error."""
        try:
            summary, problems = self.rebuild(changed).summary(), []
        except BuildError as err:
            summary, problems = None, [str(problem) for problem in err.problems]
        except Exception as err:  # noqa: BLE001 - a bug in a stage must not stop the preview
            if self.options.debug:
                traceback.print_exc()
            hint = "" if self.options.debug else " (run with --debug for the traceback)"
            summary, problems = None, [f"error: {type(err).__name__}: {err}{hint}"]
        return Outcome(summary, problems, self.base_path())

    def base_path(self) -> str:
        """The path the site lives under: from --base-url, else site.yaml (it may have just changed)."""
        if self.options.base_url is not None:
            return Urls(normalize_base_url(self.options.base_url)).base_path
        site = load_site(self.options.root, Problems(root=self.options.root))
        return Urls(site.base_url).base_path if site else self.status.base_path

    def apply(self, outcome: Outcome, changed: frozenset) -> None:
        """Record a rebuild's result for the server, and log it: one line per rebuild."""
        self.status.problems = outcome.problems
        self.status.base_path = outcome.base_path
        reason = f"Rebuilt for {describe(changed, self.options.root)}: " if changed else ""
        if outcome.summary:
            print(f"{reason}{outcome.summary}", flush=True)
            return
        for problem in outcome.problems:
            print(problem, file=sys.stderr, flush=True)
        count = len(outcome.problems)
        print(f"{'Rebuild failed for ' + describe(changed, self.options.root) if changed else 'Build failed'}: "
              f"{count} problem{'s' if count != 1 else ''}; the browser shows them until they are fixed",
              flush=True)

    def settle(self) -> None:
        """The folder matches the sources: let requests through and reload every open page."""
        self.status.version += 1
        self.status.fresh.set()
        reload_browsers()
        trace("reload-sent")


def describe(changed: frozenset, root: Path) -> str:
    """'content/articles/a.md' or '3 files (content/articles/a.md, ...)' for the log line."""
    names = sorted(path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path) for path in changed)
    if len(names) == 1:
        return names[0]
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    return f"{len(names)} files ({shown})"
