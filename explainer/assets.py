"""Static assets copied with a content hash in their names, so browsers may cache them forever."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems


@dataclass
class Assets:
    """Maps an asset's plain name ('style.css') to its hashed path in the site and its bytes."""

    paths: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> str:
        """Register a file; returns its hashed site path, e.g. 'assets/style.1a2b3c4d.css'."""
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        path = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{name}.{digest}"
        self.paths[name], self.files[path] = path, data
        return path

    def path(self, name: str) -> str:
        """The hashed site path of an asset; a missing asset is a template error."""
        if name not in self.paths:
            raise KeyError(f"no asset named '{name}' in site/static/")
        return self.paths[name]


def collect_assets(static_dir: Path, problems: Problems) -> Assets:
    """Every file under site/static/, hashed."""
    assets = Assets()
    if not static_dir.is_dir():
        return assets
    for path in sorted(static_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            if path.is_symlink() and not path.resolve().is_relative_to(static_dir.parent.parent.resolve()):
                problems.add(path, 1, "symbolic link points outside the repository")
                continue
            assets.add(path.relative_to(static_dir).as_posix(), path.read_bytes())
    return assets
