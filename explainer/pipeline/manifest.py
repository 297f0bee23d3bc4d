"""What a build leaves for the next, on disk, so that `python build.py` run again redoes only what changed.

.cache/build/<out>.json is the manifest: every input file and every output file with its content hash
(outputs also with size and modification time, to notice a hand-edited or deleted output), and per article
the key it was made under, what it drew on and the files it made. A run whose inputs all hash as recorded,
and whose output folder is as recorded, stops there without importing the rendering stack.
.cache/build/<out>.pickle keeps the validated articles (content-addressed, without their text), so a run
that does have work skips parsing and validating the unchanged ones.
"""

from __future__ import annotations

import copy
import json
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from ..digests import build_date, digest_of
from ..errors import Problem
from ..model import SOURCE_FOLDERS
from .reuse import MANIFEST_VERSION, ArticleRecord, Reuse, code_version


@dataclass
class Manifest:
    """Where what one output folder's builds leave for the next is saved, and what it says."""

    json_path: Path
    pickle_path: Path
    data: dict
    warning: tuple | None = None  # (path, message) when what was saved was damaged and is ignored

    @property
    def outputs(self) -> dict:
        return self.data.get("outputs", {})


def manifest_for(root: Path, out: Path) -> Manifest:
    """The manifest of builds of `root` into `out` (one per output folder), loaded if it is usable."""
    folder = root / ".cache" / "build"
    name = f"{out.name}-{digest_of(str(out).encode())[:12]}"
    manifest = Manifest(folder / f"{name}.json", folder / f"{name}.pickle", {})
    try:
        data = json.loads(manifest.json_path.read_bytes())
    except FileNotFoundError:
        return manifest
    except (OSError, ValueError):
        data = None
    if (isinstance(data, dict) and fits(data.get("version"), int) and fits(data.get("code"), str)
            and (data["version"] != MANIFEST_VERSION or data["code"] != code_version())):
        return manifest  # made by another version of the generator: not damaged, only out of date
    if not fits(data, MANIFEST_SHAPE):
        manifest.warning = (manifest.json_path, "damaged build manifest (not what a build writes); "
                                                "ignored, this build starts cold")
        return manifest
    manifest.data = data
    return manifest


class Either(tuple):
    """A shape that is one of several."""


# The manifest's schema: a type, [shape] (a list of it), (shape, ...) (a row of these), {"*": shape} (a map
# from names), {key: shape, ...} (exactly these keys) or Either. Checked whole on load, so nothing trips later.
_ROW = (str, int, str)  # a warning: path, line, message
_USES = {"*": Either(([str], {"*": bool}))}  # ids of sources, datasets, events; links -> whether they resolved
MANIFEST_SHAPE = {
    "version": int, "code": str, "run": str, "inputs_at": int, "options": str, "shared": str, "world": str,
    "pickle": str, "inputs": {"*": (str, int, int, int, int)}, "outputs": {"*": (str, int, int)},
    "records": {"*": (str, _USES, {"*": (str, int, str)}, str, [_ROW])},
    "summary": {"pages": int, "charts": int, "warnings": [_ROW]},
}


def fits(value, shape) -> bool:
    """True when a JSON value has the shape (see MANIFEST_SHAPE)."""
    if isinstance(shape, type):
        return isinstance(value, shape) and (shape is not int or not isinstance(value, bool))
    if isinstance(shape, Either):
        return any(fits(value, choice) for choice in shape)
    if isinstance(shape, list):
        return isinstance(value, list) and all(fits(item, shape[0]) for item in value)
    if isinstance(shape, tuple):
        return (isinstance(value, list) and len(value) == len(shape)
                and all(fits(item, part) for item, part in zip(value, shape)))
    if not isinstance(value, dict):
        return False
    if "*" in shape:
        return all(isinstance(key, str) and fits(item, shape["*"]) for key, item in value.items())
    return value.keys() == shape.keys() and all(fits(value[key], part) for key, part in shape.items())


def run_key(root: Path, out: Path, base_url, drafts: bool) -> str:
    """Everything besides input files that decides the output: options, the build date, the code."""
    return digest_of(repr((MANIFEST_VERSION, code_version(), str(root), str(out), base_url, drafts,
                           build_date().isoformat())).encode())


RACY_NS = 2_000_000_000  # a file changed this close to when it was hashed may change again unseen


def input_digests(root: Path, saved: dict, read: dict | None = None) -> dict:
    """Every file a build may read (content/, templates/, site/): path -> [digest, size, mtime, ctime, inode].

    A file whose size, times and inode are as saved, and whose last change was well before it was hashed,
    keeps its saved digest without being read (as git does; the ctime cannot be set back by hand).
    The bytes of the files that were read go into `read` (by full path), so the build need not read them again.
    """
    previous, hashed_at = saved.get("inputs", {}), saved.get("inputs_at", 0)
    found = {}
    for top in SOURCE_FOLDERS:
        for folder, dirs, files in os.walk(root / top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                key = path[len(str(root)) + 1:]
                try:
                    stat = os.stat(path)
                    stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
                    old = previous.get(key)
                    if old is not None and old[1:] == stamp and stat.st_ctime_ns < hashed_at - RACY_NS:
                        found[key] = old
                        continue
                    with open(path, "rb") as handle:
                        data = handle.read()
                except OSError:  # unreadable or a broken link: the build names it; never "unchanged"
                    found[key] = [f"unreadable-{time.time_ns()}", 0, 0, 0, 0]
                    continue
                # A link is not the file it names: replacing a file by a link to a copy is a change.
                found[key] = [f"link:{digest_of(os.fsencode(os.path.realpath(path)) + data)}"
                              if os.path.islink(path) else digest_of(data), *stamp]
                if read is not None:
                    read[path] = data
    return found


def outputs_intact(out: Path, outputs: dict) -> bool:
    """True when every recorded output file still has the size and modification time recorded."""
    folder = str(out)
    try:
        for path, (_, size, mtime) in outputs.items():
            stat = os.stat(os.path.join(folder, path))
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
    except (OSError, ValueError, TypeError):
        return False
    return True


def restore_reuse(manifest: Manifest) -> Reuse:
    """What a manifest that is usable but out of date (some input changed) lets the next build reuse."""
    data, reuse = manifest.data, Reuse()
    if not data:
        return reuse
    reuse.options, reuse.shared, reuse.world = data["options"], data["shared"], data["world"]
    reuse.records = {slug: ArticleRecord(key, uses, {p: tuple(v) for p, v in outputs.items()}, source,
                                         [Problem(*warning) for warning in warnings])
                     for slug, (key, uses, outputs, source, warnings) in data["records"].items()}
    reuse.outputs = {path: (digest, size) for path, (digest, size, _) in data["outputs"].items()}
    reuse.validated = load_validated(manifest)
    return reuse


def load_validated(manifest: Manifest) -> dict:
    """The validated articles saved beside the manifest, if their bytes are the ones it recorded."""
    try:
        data = manifest.pickle_path.read_bytes()
    except OSError:
        return {}
    if digest_of(data) != manifest.data.get("pickle"):
        if data:
            manifest.warning = (manifest.pickle_path, "damaged cache of validated articles (its checksum does "
                                                      "not match); ignored, every article is validated again")
        return {}
    try:
        validated = pickle.loads(data)  # noqa: S301 - our own cache, written by save_reuse, checksum verified
    except Exception:  # noqa: BLE001 - an unreadable pickle only costs time
        return {}
    return validated if isinstance(validated, dict) else {}


def save_reuse(manifest: Manifest, reuse: Reuse, inputs: dict, inputs_at: int, key: str, out: Path,
               changed: list, summary: dict) -> None:
    """Write the manifest and the validated articles (atomically, each through a temporary file)."""
    previous = manifest.outputs
    outputs = {}
    for path, (digest, size) in reuse.outputs.items():
        old = previous.get(path)
        if old is None or path in changed or old[0] != digest:
            old = (digest, size, os.stat(out / path).st_mtime_ns)
        outputs[path] = list(old)
    records = {slug: [r.key, r.uses, {p: list(v) for p, v in r.outputs.items()}, r.source_digest,
                      [[w.path, w.line, w.message] for w in r.warnings]]
               for slug, r in reuse.records.items()}
    data = {"version": MANIFEST_VERSION, "code": code_version(), "run": key, "inputs": inputs,
            "inputs_at": inputs_at, "outputs": outputs,
            "records": records, "options": reuse.options, "shared": reuse.shared, "world": reuse.world,
            "summary": summary}
    manifest.json_path.parent.mkdir(parents=True, exist_ok=True)
    validated = pickle.dumps(without_bodies(reuse.validated), pickle.HIGHEST_PROTOCOL)
    data["pickle"] = digest_of(validated)
    write_atomically(manifest.pickle_path, validated)
    write_atomically(manifest.json_path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
    manifest.data = data
    reuse.on_disk = [manifest.json_path, manifest.pickle_path]


def without_bodies(validated: dict) -> dict:
    """Validated articles without their Markdown text, which every run reads anyway (see validate_articles)."""
    light = {}
    for key, article in validated.items():
        light[key] = copy.copy(article)
        light[key].body = ""
    return light


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file in one step, so a reader never sees half of it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
