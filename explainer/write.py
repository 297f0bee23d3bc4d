"""Stage 7: write everything into a staging folder beside the output, then swap it in at once."""

from __future__ import annotations

import ctypes
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import Problems

_RENAME_EXCHANGE = 2


@dataclass
class Output:
    """Files the site will hold, by path inside the site; two claims on one path are an error."""

    files: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)

    def add(self, path: str, data: str | bytes, origin: str, problems: Problems) -> None:
        """Claim a path for `origin` (what made it, for messages)."""
        clean = PurePosixPath(path)
        if clean.is_absolute() or ".." in clean.parts or not path:
            problems.add(origin, 1, f"output path '{path}' would leave the site folder")
            return
        if path in self.files:
            problems.add(origin, 1, f"two outputs for one path: '{path}' is also made by {self.origins[path]}")
            return
        self.files[path] = data.encode("utf-8") if isinstance(data, str) else data
        self.origins[path] = origin


def write_site(output: Output, out: Path) -> None:
    """Write every file into a fresh staging folder, then exchange it with `out` in one step."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(out)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    for path, data in sorted(output.files.items()):
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    swap_in(staging, out)


def swap_in(staging: Path, out: Path) -> None:
    """Make `staging` the new `out`. With renameat2(RENAME_EXCHANGE), `out` is never missing."""
    if out.exists() and exchange(staging, out):
        shutil.rmtree(staging)  # now holds the previous site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def recover_leftovers(out: Path) -> None:
    """Remove staging or old folders that a killed build left behind; restore `out` if it vanished."""
    leftovers = sorted(out.parent.glob(f".{out.name}.staging-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))
    if not out.exists():
        old = [p for p in leftovers if ".old-" in p.name]
        if old:
            os.rename(old[-1], out)
            leftovers.remove(old[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)
