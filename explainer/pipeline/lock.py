"""One build at a time per site: builds and preview rebuilds take .cache/build.lock (an advisory flock).

Two builds at once used to trip over each other's manifest and staging folders; now the second waits, says
so once, and then builds on what the first left. The lock is the kernel's: a killed build releases it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path

LOCK_FILE = Path(".cache") / "build.lock"


@contextlib.contextmanager
def build_lock(root: Path):
    """Hold the site's build lock for the length of a block, waiting (with a message) while another has it.
    Where .cache cannot be written there is nothing to share, and no lock is taken."""
    path = Path(root) / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Waiting for another build of this site to finish ({LOCK_FILE.as_posix()})...",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
