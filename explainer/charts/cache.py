"""A small on-disk cache of build products (specs, SVG, PNG, the Vega bundle), keyed by content hash."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sys
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """sha256 of the parts, each length-prefixed so that ('ab', 'c') and ('a', 'bc') differ."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(f"{len(data)}:".encode())
        sha.update(data)
    return sha.hexdigest()


def stable_json(value) -> str:
    """The one JSON text of a value, so equal specs hash equal."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def _plain(value):
    """What JSON cannot write itself: a dataclass as its fields (the encoder recurses, so this matches
    dataclasses.asdict without its deep copy, which cost 10 ms a chart), anything else as its str()."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return str(value)


@lru_cache(maxsize=None)  # asked for every rendering; reading package metadata takes a millisecond
def package_version(name: str) -> str:
    """An installed package's version, read from its metadata without importing it (imports are slow; so is
    importlib.metadata's own, 20-40 ms, which a site without charts never needs)."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


HEADER = b"explainer-cache sha256="  # every entry starts with this, its body's digest and a newline


@dataclass(frozen=True)
class DiskCache:
    """Files under one folder, named by key; writes are atomic so parallel builds cannot tear a file.

    Nothing read back is trusted: each entry carries the sha256 of its bytes, checked on every read, so a
    truncated, emptied or overwritten entry is dropped (with a warning) and made again, never shipped."""

    folder: Path

    def path(self, key: str, suffix: str) -> Path:
        """Where the entry for `key` lives."""
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, key: str, suffix: str) -> bytes | None:
        """The cached bytes, or None on a miss (a damaged entry is removed and counts as one)."""
        path = self.path(key, suffix)
        try:
            entry = path.read_bytes()
        except OSError:
            return None
        body = verified(entry)
        if body is None:
            self.drop(path)
        return body

    def has(self, key: str, suffix: str) -> bool:
        """True if the cache holds a sound entry for `key`."""
        return self.get(key, suffix) is not None

    def put(self, key: str, suffix: str, data: bytes) -> None:
        """Store bytes under `key`; a cache that cannot be written only costs time, so errors pass."""
        target = self.path(key, suffix)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(HEADER + hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
            os.replace(temporary, target)
        except OSError:
            pass

    def drop(self, path: Path) -> None:
        """Remove a damaged entry and say so (on stderr: this may run in a worker process)."""
        with contextlib.suppress(OSError):
            path.unlink()
        shown = path.relative_to(self.folder.parent.parent) if path.is_relative_to(self.folder.parent.parent) else path
        print(f"warning: {shown.as_posix()}:1: damaged cache entry (its checksum does not match); dropped and "
              "made again", file=sys.stderr, flush=True)


def verified(entry: bytes) -> bytes | None:
    """The body of a cache entry whose digest matches it, else None."""
    head, newline, body = entry.partition(b"\n")
    if not newline or not head.startswith(HEADER):
        return None
    return body if hmac.compare_digest(head[len(HEADER):], hashlib.sha256(body).hexdigest().encode()) else None
