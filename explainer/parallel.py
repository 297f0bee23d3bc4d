"""Independent work shared between the machine's cores, only when there is enough of it to pay.

Workers are forked, so they start at once with everything the parent has loaded (content, templates,
compiled Jinja) and nothing is pickled on the way in (a chunk is sent as its bounds in the inherited items);
only results come back. Forking is skipped where it
is unsafe or slower: on systems without fork, in a process already running threads (the preview server),
inside a worker, and for small batches, where starting processes costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from contextlib import contextmanager
from typing import Callable, Sequence

_TASK: Callable | None = None  # the function workers call; set just before forking, inherited by the children
_ITEMS: Sequence = ()  # what it is called on, chunk by chunk; inherited likewise
_IN_WORKER = False


def cores() -> int:
    """How many processes to share work between: the cores this process may use, or EXPLAINER_WORKERS."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        available = os.cpu_count() or 1
    wanted = os.environ.get("EXPLAINER_WORKERS", "")
    return max(1, int(wanted) if wanted.isdigit() else available)


def can_fork() -> bool:
    """True where forking is available and safe: one thread in this process, and not already a worker.

    vl-convert runs its JavaScript engine on threads Python does not see, so a process that has loaded it
    never forks (a child would wait forever for that engine): draw charts in the workers instead.
    """
    return (not _IN_WORKER and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1 and "vl_convert" not in sys.modules)


def map_chunks(task: Callable[[Sequence], list], items: Sequence, *, min_items: int, stage: str = "",
               meanwhile: Callable[[], object] | None = None) -> list:
    """task(chunk) for chunks of items, concatenated in order; in forked workers when items are many. Named,
    the `stage` reports its progress as chunks finish (see below). `meanwhile()` is called in this process,
    while the workers run (after the task when there are none): work of its own that the task does not need."""
    with progress_stage(stage, len(items)) as report:
        return _map_chunks(task, items, min_items, report, meanwhile or _nothing)


def _nothing() -> None:
    pass


def _map_chunks(task, items: Sequence, min_items: int, report, meanwhile) -> list:
    workers = cores()
    if len(items) < max(min_items, 2) or workers < 2 or not can_fork():
        results = task(items)
        meanwhile()
        return results
    global _TASK, _ITEMS
    _TASK, _ITEMS = task, items
    # Bounds, not the items themselves: pickled, a chunk of 125 articles is a megabyte that the pool's one
    # thread in the parent pushes through a pipe while both workers wait for it (16 ms a chunk, 1,000 articles).
    chunks = guided_chunks(len(items), workers)
    # Frozen objects are never scanned by the collector: the workers then leave the parent's objects (and
    # the memory pages they share with it) alone instead of copying them while collecting garbage.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_mark_worker) as pool:
            if isinstance(report, _Silent):
                pending = pool.map_async(_run, chunks, chunksize=1)
                meanwhile()
                results = pending.get()
            else:
                results = []
                done = pool.imap(_run, chunks, chunksize=1)
                meanwhile()
                for result in done:  # in order, each as soon as it is ready
                    results.append(result)
                    report.advance(len(result))
    finally:
        _TASK, _ITEMS = None, ()
        gc.unfreeze()
    return [result for chunk in results for result in chunk]


def guided_chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """[start, stop) bounds cutting `count` items into chunks that shrink as the work runs out: a quarter of a
    worker's share at most (so progress is reported often), then a (2 x workers)th of what is left, down to a
    64th of a share. Workers take them in turn, so the last to finish waits only for a small one. (Even chunks,
    four a worker, left one of two idle for the last 0.23 s of 1.3 at 1,000 articles: chunks of 125 articles
    took 0.26-0.40 s each, however fast the other worker had been.)"""
    largest, smallest = -(-count // (workers * 4)), -(-count // (workers * 64))
    chunks, start = [], 0
    while start < count:
        size = min(largest, max(smallest, -(-(count - start) // (workers * 2))))
        chunks.append((start, min(start + size, count)))
        start += size
    return chunks


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    # A worker collects its own garbage, even when the parent has paused its collector for the build, but less
    # often: an article's tokens and pages are thousands of objects that live until it is made, so every young
    # collection of 700 found them alive and walked them again (workers at 10,000 articles spent 0.4 s each).
    gc.enable()
    gc.set_threshold(WORKER_YOUNG, *gc.get_threshold()[1:])


WORKER_YOUNG = 20_000  # new objects between a worker's young collections (Python's default is 700)


def _run(bounds: tuple[int, int]) -> list:
    assert _TASK is not None
    start, stop = bounds
    return _TASK(_ITEMS[start:stop])


# Progress of long stages on stderr: nothing for work under about two seconds, then the stage, done/total
# and the time it has taken; a bar that redraws itself on a terminal, plain lines (one a second at most)
# otherwise. Off unless the command line turns it on (never with -q).

AFTER_SECONDS = 2.0  # a stage that ends sooner says nothing
LINE_SECONDS = 1.0  # at most one plain line a second
BAR = 24

_stream = None  # where progress goes while it is on: a stream, or True for whatever sys.stderr is then


def enable_progress(stream=None) -> None:
    """Report progress on `stream` (by default sys.stderr, looked up when a stage starts)."""
    global _stream
    _stream = stream or True


def disable_progress() -> None:
    global _stream
    _stream = None


class Stage:
    """One stage's count, printed once it has run long enough."""

    def __init__(self, name: str, total: int, stream):
        self.name, self.total, self.stream = name, total, stream
        self.done, self.started, self.printed_at = 0, time.monotonic(), None
        self.tty = getattr(stream, "isatty", lambda: False)()

    def advance(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        now = time.monotonic()
        if now - self.started < AFTER_SECONDS:
            return
        if self.tty:
            filled = BAR * self.done // max(self.total, 1)
            self.stream.write(f"\r{self.name} [{'#' * filled}{'.' * (BAR - filled)}] {self.done}/{self.total} "
                              f"{now - self.started:.1f} s")
        elif self.printed_at is None or now - self.printed_at >= LINE_SECONDS or self.done == self.total:
            self.stream.write(f"{self.name}: {self.done}/{self.total} ({now - self.started:.1f} s)\n")
        else:
            return
        self.printed_at = now
        self.stream.flush()

    def finish(self) -> None:
        if self.done < self.total:
            self.advance(self.total - self.done)
        if self.tty and self.printed_at is not None:
            self.stream.write("\n")
            self.stream.flush()


class _Silent:
    def advance(self, count: int) -> None:
        pass


@contextmanager
def progress_stage(name: str, total: int):
    """`with progress_stage("making articles", n) as s: ... s.advance(k)`; silent while progress is off."""
    if _stream is None or not name:
        yield _Silent()
        return
    current = Stage(name, total, sys.stderr if _stream is True else _stream)
    try:
        yield current
    finally:
        current.finish()
