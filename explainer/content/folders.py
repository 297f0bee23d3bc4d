"""Paths of listed files, made quickly: a build at 10,000 articles makes some 50,000 of them (the content
folders listed, the validated articles loaded from the build state). Imports nothing heavy, so that a
rebuild with nothing to do may use it."""

from __future__ import annotations

import sys
from pathlib import Path

FAST_JOIN = sys.version_info[:2] == (3, 11) and hasattr(Path, "_from_parsed_parts")


def joined(folder: Path, name: str) -> Path:
    """`folder / name` for a plain file name (no slash, not '.' or '..', as a folder listing gives): pathlib
    parses every part of a path again on each join: 15% of a one-article rebuild at 10,000 articles under
    cProfile (20,000 files listed, 30,000 paths loaded from the build state). On the Python whose pathlib
    this knows (3.11) the path is made from its parts; elsewhere it is joined as usual."""
    if not FAST_JOIN:
        return folder / name
    path = folder._from_parsed_parts(folder._drv, folder._root, [*folder._parts, name])
    if folder._parts:  # its text too, which pathlib would join from the parts when first asked
        text = str(folder)
        path._str = f"{text}{name}" if text.endswith("/") else f"{text}/{name}"
    return path


def names(paths: list) -> list[str]:
    """Each path's name (path.name, a property worked out again at each call: 40,000 calls for a listing of
    10,000 articles); on the Python whose pathlib this knows, read from its parts."""
    if not FAST_JOIN:
        return [path.name for path in paths]
    return [parts[-1] if len(parts := path._parts) > (1 if path._root or path._drv else 0) else "" for path in paths]


# (folder's text, name) -> a path the build state loaded (pipeline/manifest.py): listing that folder hands out
# the same objects, so that a run at 10,000 articles makes each of 20,000 paths (and hashes it) once, not twice
LOADED: dict = {}


def loaded(folder: Path, name: str) -> Path:
    """joined(folder, name), remembered for a listing of the folder (see LOADED)."""
    key = (str(folder), name)
    path = LOADED.get(key)
    if path is None:
        path = LOADED[key] = joined(folder, name)
    return path
