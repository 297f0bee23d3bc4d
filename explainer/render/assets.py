"""Static assets copied with a content hash in their names, so browsers may cache them forever."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..output.paths import ASSETS, asset_place
from .theme import static_folders


@dataclass
class Assets:
    """Maps an asset's plain name ('style.css') to its hashed path in the site and its bytes."""

    paths: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> str:
        """Register a file; returns its hashed site path, e.g. 'assets/style.1a2b3c4d.css'."""
        path = asset_place(name, hashlib.sha256(data).hexdigest()[:10]).file
        self.paths[name], self.files[path] = path, data
        return path

    def path(self, name: str) -> str:
        """The hashed site path of an asset; a missing asset is a template error."""
        if name not in self.paths:
            raise KeyError(f"no asset named '{name}' in site/static/")
        return self.paths[name]


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")#?]+)([^'")]*)\1\s*\)""")


def static_files(static_dir: Path) -> dict[str, tuple[Path, Path]]:
    """The static files by name ('css/site.css'), each with its path and the folder it is in: the default
    theme's, overlaid by the site's own site/static/ file by file."""
    found = {}
    for folder in static_folders(static_dir):
        if folder.is_dir():
            found.update((p.relative_to(folder).as_posix(), (p, folder)) for p in sorted(folder.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return found


def collect_assets(static_dir: Path, problems: Problems) -> Assets:
    """Every static file (the site's over the theme's), hashed; stylesheets last, so their url()s can name
    hashed files."""
    assets = Assets()
    files = static_files(static_dir)
    for name, (path, folder) in sorted(files.items(), key=lambda item: (item[1][0].suffix == ".css", item[0])):
        if not path.resolve().is_relative_to(folder.resolve()):  # a link, or a file in a linked folder, leaving it
            problems.add(path, 1, "symbolic link points outside site/static/; copy the file in instead")
            continue
        try:
            data = path.read_bytes()
        except OSError as err:
            problems.add(path, 1, f"file cannot be read: {(err.strerror or type(err).__name__).lower()}")
            continue
        assets.add(name, rewrite_css_urls(name, data, assets) if path.suffix == ".css" else data)
    return assets


def rewrite_css_urls(name: str, css: bytes, assets: Assets) -> bytes:
    """Point a stylesheet's relative url()s at the hashed names of the files they mean."""
    folder = posixpath.dirname(name)

    def hashed(match: re.Match) -> str:
        quote, target, suffix = match.groups()
        if "://" in target or target.startswith(("/", "data:")):
            return match.group(0)
        wanted = posixpath.normpath(posixpath.join(folder, target))
        if wanted not in assets.paths:
            return match.group(0)  # left as written: the link checker reports it
        new = posixpath.relpath(assets.paths[wanted], posixpath.join(ASSETS, folder))
        return f"url({quote}{new}{suffix}{quote})"

    return CSS_URL.sub(hashed, css.decode("utf-8")).encode("utf-8")
