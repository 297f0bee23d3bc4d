"""Which source files changed since the last look: told by the platform (watchfiles: inotify, FSEvents,
ReadDirectoryChangesW) where it can, found by polling their stat signatures where it cannot.

Why not livereload's own watcher: it checks every 800 ms on the server's event loop, stops at the first
changed file of a folder, runs the build on that loop, and has no debounce; its inotify variant needs
pyinotify, which is unmaintained and imports asyncore (gone in Python 3.12). The stat walk over content/,
templates/ and site/ works on every file system (bind mounts and network drives drop inotify events) and is
what a page request looks with, so a save just before it is never missed; but it costs time in proportion
to the site, so the serve loop polls less often on a large one. Notification tells of a save at once
whatever the size, so with it the serve loop waits for the watcher instead of polling, and walks the tree
only when a page is asked for, and now and then in case a notification was lost.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# Editors' swap, backup and lock files: saving through them must not trigger a rebuild of its own.
IGNORED_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~")
IGNORED_NAMES = {"4913", "__pycache__"}  # 4913: the file Vim creates to test whether a folder is writable


def is_ignored(name: str) -> bool:
    """Hidden files, editor swap and backup files: never content the build reads."""
    return name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES


def scan(folders: tuple[Path, ...]) -> dict[Path, tuple[int, int, int]]:
    """Every watched file with its (modification time in ns, size, inode)."""
    found: dict[Path, tuple[int, int, int]] = {}
    pending = [str(folder) for folder in folders]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # a folder removed, replaced or unreadable mid-walk: the next look sees what is there then
        for entry in entries:
            if is_ignored(entry.name):
                continue
            try:
                if entry.is_dir():
                    pending.append(entry.path)
                else:
                    info = entry.stat()
                    found[Path(entry.path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
            except OSError:
                continue  # removed between listing and stat
    return found


@dataclass
class FileWatch:
    """Remembers the last scan of some folders and reports added, changed and removed files."""

    folders: tuple[Path, ...]
    seen: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.seen = scan(self.folders)

    def changes(self) -> set[Path]:
        """Files that differ from the previous call (an atomic save counts: its inode changes)."""
        current = scan(self.folders)
        changed = {path for path in current.keys() | self.seen.keys() if current.get(path) != self.seen.get(path)}
        self.seen = current
        return changed

    def note(self, paths: set[Path]) -> set[Path]:
        """Take `paths` as changed (the platform said so): their signatures now, so the next walk does not
        report them again; those whose signature did not change (touched and put back) are dropped."""
        changed = set()
        for path in paths:
            try:
                info = path.stat()
                signature = (info.st_mtime_ns, info.st_size, info.st_ino) if not path.is_dir() else None
            except OSError:
                signature = None
            if path.is_dir() or signature is None and path not in self.seen:
                continue  # a folder (its files are reported themselves), or a file that came and went
            if self.seen.get(path) != signature:
                changed.add(path)
                if signature is None:
                    del self.seen[path]
                else:
                    self.seen[path] = signature
        return changed


class Notifier:
    """Changed paths as the platform reports them, gathered on a thread of their own (watchfiles) until taken.

    `on_change` is called on that thread after each batch. `start()` returns False where notification is
    unavailable (watchfiles missing, or the platform refuses: too many watches, an unsupported file system);
    FileWatch's polling then does the work alone."""

    STEP_MS = 5  # how often watchfiles looks for events; a batch ends when a step brings none
    # The longest a batch is held: short, so that a long burst arrives as a stream of batches that the serve
    # loop's debounce (explainer/preview/serve.py) coalesces, and a single save is delivered after one step.
    BATCH_MS = 10

    def __init__(self, folders: tuple[Path, ...], on_change: Callable[[], None]):
        self.folders = tuple(folder for folder in folders if folder.is_dir())
        self.on_change = on_change
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.pending: set[Path] = set()
        self.thread: threading.Thread | None = None
        self.failed: str | None = None

    def start(self) -> bool:
        try:
            from watchfiles import watch
        except ImportError:
            self.failed = "watchfiles is not installed"
            return False
        if not self.folders:
            return False
        ready, outcome = threading.Event(), {}

        def run():
            try:
                changes = watch(*self.folders, watch_filter=self.wanted, debounce=self.BATCH_MS, step=self.STEP_MS,
                                stop_event=self.stop, rust_timeout=100, yield_on_timeout=True, raise_interrupt=False)
                outcome["ok"] = True
                for batch in changes:
                    ready.set()  # the first batch comes once the watches are in place (or after a timeout)
                    if batch:
                        with self.lock:
                            self.pending |= {Path(path) for _, path in batch}
                        self.on_change()
            except Exception as err:  # noqa: BLE001 - any refusal of the platform's: polling takes over
                self.failed = f"{type(err).__name__}: {err}"
            finally:
                ready.set()

        self.thread = threading.Thread(target=run, name="file notifications", daemon=True)
        self.thread.start()
        ready.wait(5)
        return self.failed is None and self.thread.is_alive()

    def wanted(self, change, path: str) -> bool:
        """What the walk would see: no hidden, swap or backup file, nothing in a hidden folder."""
        for folder in self.folders:
            if path.startswith(str(folder) + os.sep):
                return not any(is_ignored(part) for part in Path(path[len(str(folder)) + 1:]).parts)
        return False

    def take(self) -> set[Path]:
        with self.lock:
            taken, self.pending = self.pending, set()
        return taken

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=2)
