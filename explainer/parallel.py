"""Independent work shared between the machine's cores, only when there is enough of it to pay.

Workers are forked, so they start at once with everything the parent has loaded (content, templates,
compiled Jinja) and nothing is pickled on the way in; only results come back. Forking is skipped where it
is unsafe or slower: on systems without fork, in a process already running threads (the preview server),
inside a worker, and for small batches, where starting processes costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from typing import Callable, Sequence

_TASK: Callable | None = None  # the function workers call; set just before forking, inherited by the children
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


def map_chunks(task: Callable[[Sequence], list], items: Sequence, *, min_items: int) -> list:
    """task(chunk) for chunks of items, concatenated in order; in forked workers when items are many."""
    workers = cores()
    if len(items) < max(min_items, 2) or workers < 2 or not can_fork():
        return task(items)
    global _TASK
    _TASK = task
    size = -(-len(items) // (workers * 4))  # several chunks a worker, so a slow one does not hold up the rest
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    # Frozen objects are never scanned by the collector: the workers then leave the parent's objects (and
    # the memory pages they share with it) alone instead of copying them while collecting garbage.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_mark_worker) as pool:
            results = pool.map(_run, chunks, chunksize=1)
    finally:
        _TASK = None
        gc.unfreeze()
    return [result for chunk in results for result in chunk]


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def _run(chunk: Sequence) -> list:
    assert _TASK is not None
    return _TASK(chunk)
