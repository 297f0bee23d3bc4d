"""What a build leaves for the next, on disk, so that `python build.py` run again redoes only what changed.

.cache/build/<out>.state is one file, replaced whole (through a temporary file) after each build, in two parts,
each behind its own checksum, and beside it the folder <out>.shelves of the shelves it names:
- the manifest (marshal: plain dicts and tuples, quick to read): every input file with its content hash, size,
  times and inode, and every output file with its hash, size and modification time (to notice a hand-edited or
  deleted output). A run whose inputs all hash as recorded, and whose output folder is as recorded, stops
  after reading this part, without importing the rendering stack;
- what the next build may reuse (pickle, read only when there is work): per article the key it was made
  under, what it drew on and the files it made; the same of each other edition's article (/uk/), so that
  the command line keeps those as the preview does; per listing page its key; and the validated articles
  (content-addressed, without their text), so that unchanged ones are not parsed and validated again. The
  records and the validated articles are each on SHELVES shelves: pickles in files of their own, each named
  by the digest of its bytes. Saving pickles and writes again only a shelf whose objects are not the very
  ones it was loaded with; the new shelves are written before the state file that names them, and the
  shelves no state names any more are removed after it, so a build stopped between two files leaves the
  old state whole (or the new one), never half of each. A shelf missing, or whose bytes are not the ones its
  name says, is damage like any other.
A file cut short, overwritten or of another shape is reported once and ignored: the build starts cold.
"""

from __future__ import annotations

import copy
import functools
import io
import marshal
import os
import pickle
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PosixPath

from ..content.folders import loaded
from ..digests import build_date, digest_of
from ..errors import Problem
from ..model import SOURCE_FOLDERS
from .reuse import MANIFEST_VERSION, ArticleRecord, EditionRecord, Reuse, code_version, same_objects

MAGIC = b"explainer build state\n"
DIGEST_BYTES = 40  # digest_of's hex digest
DAMAGED = "damaged build state (not what a build writes); ignored, this build starts cold"


@dataclass
class Manifest:
    """Where what one output folder's builds leave for the next is saved, and what its manifest part says."""

    path: Path
    data: dict
    warning: tuple | None = None  # (path, message) when what was saved was damaged and is ignored
    saved: bytes = b""  # the reuse part as read, checked only when needed (restore_reuse)
    # Shelf number -> (what is on it, as loaded or last saved, by key; its file's name): the validated articles,
    # and the articles' records. What is on a shelf is held here, so that an object's id stays its own for the run.
    shelves: dict = field(default_factory=dict)
    record_shelves: dict = field(default_factory=dict)
    placed: dict = field(default_factory=dict)  # id() of a validated article loaded or saved -> its shelf number

    @property
    def outputs(self) -> dict:
        return self.data.get("outputs", {})


def manifest_for(root: Path, out: Path) -> Manifest:
    """The manifest of builds of `root` into `out` (one per output folder), loaded if it is usable."""
    name = f"{out.name}-{digest_of(str(out).encode())[:12]}"
    manifest = Manifest(root / ".cache" / "build" / f"{name}.state", {})
    try:
        data = manifest.path.read_bytes()
    except FileNotFoundError:
        return manifest
    except OSError:
        data = b""
    parts = split_state(data)
    if parts is None:
        manifest.warning = (manifest.path, DAMAGED)
        return manifest
    head, manifest.saved = parts
    try:
        loaded = marshal.loads(head)
    except (EOFError, ValueError, TypeError):
        loaded = None
    if (isinstance(loaded, dict) and loaded.get("version") != MANIFEST_VERSION
            or isinstance(loaded, dict) and loaded.get("code") != code_version()):
        return manifest  # made by another version of the generator: not damaged, only out of date
    if not manifest_fits(loaded):
        manifest.warning = (manifest.path, DAMAGED)
        return manifest
    manifest.data = loaded
    return manifest


def split_state(data: bytes) -> tuple[bytes, bytes] | None:
    """The two parts of a state file (manifest, reuse), the first with its checksum verified; None if damaged."""
    start = len(MAGIC) + 12 + DIGEST_BYTES
    if not data.startswith(MAGIC) or len(data) < start:
        return None
    try:
        length = int(data[len(MAGIC):len(MAGIC) + 12])
    except ValueError:
        return None
    head = data[start:start + length]
    if len(head) != length or digest_of(head).encode() != data[start - DIGEST_BYTES:start]:
        return None
    return head, data[start + length:]


def join_state(head: bytes, rest: bytes) -> bytes:
    """A state file's bytes (see split_state); the reuse part carries its own checksum in front."""
    return b"".join((MAGIC, b"%012d" % len(head), digest_of(head).encode(), head, digest_of(rest).encode(), rest))


class Either(tuple):
    """A shape that is one of several."""


# The saved parts' schema: a type, [shape] (a list of it), (shape, ...) (a row of these), {"*": shape} (a map
# from names), {key: shape, ...} (exactly these keys) or Either. Both parts are behind checksums, so a file
# damaged on disk never gets this far; the manifest part is checked whole (it is small and plain), the reuse
# part by its outer shape, and anything amiss inside it when it is restored counts as damage too.
MANIFEST_SHAPE = {
    "version": int, "code": str, "run": str, "inputs_at": int,
    "inputs": {"*": (str, int, int, int, int)}, "outputs": {"*": (str, int, int)},
    "summary": {"pages": int, "charts": int, "warnings": [(str, int, str)]},
}
REUSE_SHAPE = {"options": str, "shared": str, "world": str, "records": [str], "listings": dict, "shown": dict,
               "editions": dict, "validated": [str]}
SHELVES = 64  # the validated articles and the records are each saved on this many shelves: an edit pickles one
# or two of them again, and a shelf whose objects are the very ones it was loaded with keeps its file


def manifest_fits(data) -> bool:
    """fits(data, MANIFEST_SHAPE), quicker for the two long tables (what marshal wrote: tuples of str and int)."""
    if not isinstance(data, dict) or data.keys() != MANIFEST_SHAPE.keys():
        return False
    rows = {"inputs": (str, int, int, int, int), "outputs": (str, int, int)}
    short = {key: ({} if key in rows else value) for key, value in data.items()}
    if not fits(short, MANIFEST_SHAPE):
        return False
    for key, types in rows.items():
        table = data[key]
        if not isinstance(table, dict) or not all(
                type(path) is str and type(row) is tuple and tuple(map(type, row)) == types
                for path, row in table.items()):
            return False
    return True


def fits(value, shape) -> bool:
    """True when a saved value has the shape (see MANIFEST_SHAPE)."""
    if isinstance(shape, type):
        return isinstance(value, shape) and (shape is not int or not isinstance(value, bool))
    if isinstance(shape, Either):
        return any(fits(value, choice) for choice in shape)
    if isinstance(shape, list):
        return isinstance(value, (list, tuple)) and all(fits(item, shape[0]) for item in value)
    if isinstance(shape, tuple):
        return (isinstance(value, (list, tuple)) and len(value) == len(shape)
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
    """Every file a build may read (content/, templates/, site/): path -> (digest, size, mtime, ctime, inode).

    A file whose size, times and inode are as saved, and whose last change was well before it was hashed,
    keeps its saved digest without being read (as git does; the ctime cannot be set back by hand).
    The bytes of the files that were read go into `read` (by full path), so the build need not read them again.
    """
    previous, hashed_at = saved.get("inputs", {}), saved.get("inputs_at", 0)
    found, start = {}, len(str(root)) + 1
    for top in SOURCE_FOLDERS:
        for entry in files_under(f"{root}/{top}"):
            path = entry.path
            key = path[start:]
            try:
                if (old := previous.get(key)) is not None:
                    stat = os.stat(path)
                    if old[1:] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino) \
                            and stat.st_ctime_ns < hashed_at - RACY_NS:
                        found[key] = old
                        continue
                data, stat = read_file(path)
            except OSError:  # unreadable or a broken link: the build names it; never "unchanged"
                found[key] = (f"unreadable-{time.time_ns()}", 0, 0, 0, 0)
                continue
            # A link is not the file it names: replacing a file by a link to a copy is a change.
            found[key] = (f"link:{digest_of(os.fsencode(os.path.realpath(path)) + data)}"
                          if entry.is_symlink() else digest_of(data),
                          stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            if read is not None:
                read[path] = data
    return found


def files_under(folder: str):
    """The files in a folder and the folders under it, as os.DirEntry, in os.walk's order with names sorted:
    a folder's files, then each of its folders in turn. Like os.walk, it does not follow links to folders, and
    a link to a file, or a broken one, is a file. (Its entries know, without asking the system again, which
    are links: with os.walk each file cost a stat more, 0.15 s of 0.37 at 20,000 files.)"""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if not is_folder:
            yield entry
        elif not entry.is_symlink():
            folders.append(entry)
    for entry in folders:
        yield from files_under(entry.path)


def read_file(path: str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its status, taken from the open file before it is read (so a change made while it is
    read shows in the status's times), in as few system calls as the file allows: open, status, one read, close."""
    handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        stat = os.fstat(handle)
        data = os.read(handle, stat.st_size + 1)
        if len(data) != stat.st_size:  # it grew or shrank since its status was taken: read to its end
            parts = [data]
            while part := os.read(handle, 1 << 20):
                parts.append(part)
            data = b"".join(parts)
        return data, stat
    finally:
        os.close(handle)


def outputs_intact(out: Path, outputs: dict) -> bool:
    """True when every recorded output file still has the size and modification time recorded."""
    folder = f"{out}/"
    try:
        for path, (_, size, mtime) in outputs.items():
            stat = os.stat(folder + path)
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
    except (OSError, ValueError, TypeError):
        return False
    return True


def restore_reuse(manifest: Manifest) -> Reuse:
    """What a manifest that is usable but out of date (some input changed) lets the next build reuse."""
    reuse = Reuse()
    if not manifest.data:
        return reuse
    saved = load_saved(manifest)
    if saved is None:
        return reuse
    try:
        reuse.records = unshelve_records(manifest, saved["records"])
        reuse.listings, reuse.shown = saved["listings"], saved["shown"]
        reuse.editions = {(language, slug): EditionRecord((wide, digest), outputs, tuple(Problem(*w) for w in warnings))
                          for (language, slug), ((wide, digest), outputs, warnings) in saved["editions"].items()}
        reuse.validated = unshelve(manifest, saved["validated"])
        reuse.options, reuse.shared, reuse.world = saved["options"], saved["shared"], saved["world"]
        reuse.outputs = {path: (digest, size) for path, (digest, size, _) in manifest.data["outputs"].items()}
    except Exception:  # noqa: BLE001 - not what save_reuse writes (unpacked wrongly, an unreadable pickle)
        manifest.warning, manifest.shelves, manifest.record_shelves, manifest.placed = (manifest.path, DAMAGED), {}, {}, {}
        return Reuse()
    return reuse


def load_saved(manifest: Manifest) -> dict | None:
    """The reuse part of the state, if its bytes are the ones its checksum names and it has the right shape."""
    data = manifest.saved
    body = data[DIGEST_BYTES:]
    if digest_of(body).encode() != data[:DIGEST_BYTES]:
        manifest.warning = (manifest.path, DAMAGED)
        return None
    try:
        saved = pickle.loads(body)  # noqa: S301 - our own cache, written by save_reuse, checksum verified
    except Exception:  # noqa: BLE001 - an unreadable pickle only costs time
        saved = None
    if not fits(saved, REUSE_SHAPE):
        manifest.warning = (manifest.path, DAMAGED)
        return None
    return saved


def save_reuse(manifest: Manifest, reuse: Reuse, inputs: dict, inputs_at: int, key: str, out: Path,
               changed: list, summary: dict) -> None:
    """Write the state file (in one step, through a temporary file), after the shelves it names."""
    shelf_folder(manifest).mkdir(parents=True, exist_ok=True)
    previous = manifest.outputs
    outputs = {}
    changed, folder = set(changed), f"{out}/"  # (a string join: 20,000 Path objects cost 0.1 s at 10,000 articles)
    for path, (digest, size) in reuse.outputs.items():
        old = previous.get(path)
        if old is None or path in changed or old[0] != digest:
            old = (digest, size, os.stat(folder + path).st_mtime_ns)
        outputs[path] = old
    data = {"version": MANIFEST_VERSION, "code": code_version(), "run": key, "inputs": inputs,
            "inputs_at": inputs_at, "outputs": outputs, "summary": summary}
    editions = {place: (r.key, r.outputs, [(w.path, w.line, w.message) for w in r.warnings])
                for place, r in reuse.editions.items()}
    saved = {"options": reuse.options, "shared": reuse.shared, "world": reuse.world,
             "records": shelve_records(manifest, reuse.records),
             "listings": reuse.listings, "shown": reuse.shown, "editions": editions,
             "validated": shelve(manifest, reuse.validated)}
    rest = dump_saved(saved)
    write_atomically(manifest.path, join_state(marshal.dumps(data), rest))
    for older in (manifest.path.with_suffix(".json"), manifest.path.with_suffix(".pickle")):
        older.unlink(missing_ok=True)  # what versions before the state file left
    named = set(saved["validated"]) | set(saved["records"])
    with os.scandir(shelf_folder(manifest)) as entries:  # the shelves only the state just replaced named
        for entry in entries:
            if entry.name not in named:
                os.unlink(entry.path)
    manifest.data = data
    reuse.on_disk = [manifest.path]


def refresh_inputs(manifest: Manifest, inputs: dict, inputs_at: int) -> None:
    """After a run that found nothing changed but had to read files again (changed too close to the last hashing
    to be trusted unread, as after a checkout): their stamps and the time they were hashed now, so that the
    next run need not read them again. The reuse part is kept byte for byte."""
    data = {**manifest.data, "inputs": inputs, "inputs_at": inputs_at}
    write_atomically(manifest.path, join_state(marshal.dumps(data), manifest.saved[DIGEST_BYTES:]))
    manifest.data = data


class StatePickler(pickle.Pickler):
    """A pickler that writes a path as its parent and name, so that loading it rebuilds the path from a parent
    made once (pickle's own form parses every path from its parts, the most of loading 10,000 articles)."""

    def reducer_override(self, obj):
        if type(obj) is PosixPath and obj.name:
            return child_path, (str(obj.parent), obj.name)
        return NotImplemented


@functools.lru_cache(maxsize=256)
def parent_path(folder: str) -> Path:
    return Path(folder)


def child_path(folder: str, name: str) -> Path:
    """A path written by StatePickler."""
    return loaded(parent_path(folder), name)


def dump_saved(saved: dict) -> bytes:
    """The reuse part's bytes."""
    buffer = io.BytesIO()
    StatePickler(buffer, pickle.HIGHEST_PROTOCOL).dump(saved)
    return buffer.getvalue()


def shelf(key) -> int:
    """Which shelf a validated article goes on: by its file's name, the same in every run."""
    return zlib.crc32(key[0].name.encode()) % SHELVES


def shelf_folder(manifest: Manifest) -> Path:
    """Where the shelves of a state file are."""
    return manifest.path.with_suffix(".shelves")


DIGEST_NAME = re.compile(r"[0-9a-f]{%d}" % DIGEST_BYTES)


def read_shelf(manifest: Manifest, name: str) -> bytes:
    """A shelf's bytes, which must be the ones its name (their digest) says: else ValueError (or OSError)."""
    if not DIGEST_NAME.fullmatch(name):
        raise ValueError(f"not a shelf's name: {name!r}")
    data = (shelf_folder(manifest) / name).read_bytes()
    if digest_of(data) != name:
        raise ValueError(f"shelf {name} is damaged")
    return data


def read_shelves(manifest: Manifest, names: list, kind: str):
    """(number, name, the dict it holds) for each of a state's SHELVES shelves of `kind`; ValueError or
    TypeError when they are not that."""
    if len(names) != SHELVES:
        raise ValueError(f"not one shelf of {kind} for each number")
    for number, name in enumerate(names):
        held = pickle.loads(read_shelf(manifest, name))  # noqa: S301 - our own cache, checksum verified
        if not isinstance(held, dict):
            raise TypeError(f"a shelf of {kind} is not a dict")
        yield number, name, held


def write_shelf(manifest: Manifest, data: bytes) -> str:
    """Put a shelf's bytes in the file their digest names (written again even if it is there: it may be the
    damaged one a cold build found); its name."""
    name = digest_of(data)
    write_atomically(shelf_folder(manifest) / name, data)
    return name


def unshelve(manifest: Manifest, names: list) -> dict:
    """The validated articles of every shelf, each shelf's articles and name kept for shelve()."""
    validated = {}
    for number, name, articles in read_shelves(manifest, names, "validated articles"):
        manifest.shelves[number] = (articles, name)
        manifest.placed.update(dict.fromkeys(map(id, articles.values()), number))
        validated.update(articles)
    return validated


def shelve(manifest: Manifest, validated: dict) -> list:
    """The validated articles (without their text) on SHELVES shelves; their names. A loaded article goes back on its shelf
    (known by its identity: working it out again from its key was most of saving), and a shelf that holds
    the very articles it held, in the same order, keeps its bytes (the keys are content digests, and an
    article is only ever kept under the key it was found by)."""
    shelves = [{} for _ in range(SHELVES)]
    placed = manifest.placed
    for key, article in validated.items():
        number = placed.get(id(article))
        shelves[shelf(key) if number is None else number][key] = article
    saved = []
    for number, articles in enumerate(shelves):
        loaded = manifest.shelves.get(number)
        if loaded is not None and same_objects(loaded[0].values(), articles.values()):
            saved.append(loaded[1])
            continue
        saved.append(write_shelf(manifest, dump_saved(without_bodies(articles))))
        manifest.shelves[number] = (articles, saved[-1])
        placed.update(dict.fromkeys(map(id, articles.values()), number))
    return saved


def record_shelf(slug: str) -> int:
    """Which shelf an article's record goes on: by its slug, the same in every run."""
    return zlib.crc32(slug.encode()) % SHELVES


def unshelve_records(manifest: Manifest, names: list) -> dict:
    """Every article's record (slug -> ArticleRecord), each shelf's records and name kept for shelve_records()."""
    records = {}
    for number, name, rows in read_shelves(manifest, names, "records"):
        on_shelf = {slug: ArticleRecord(key, uses, outputs, source, [Problem(*warning) for warning in warnings])
                    for slug, (key, uses, outputs, source, warnings) in rows.items()}
        manifest.record_shelves[number] = (on_shelf, name)
        records.update(on_shelf)
    return records


def shelve_records(manifest: Manifest, records: dict) -> list:
    """The records on SHELVES shelves; their names. A shelf that holds the very records it was loaded with (a
    record kept is the same object; one made again is a new one) keeps its file."""
    shelves = [{} for _ in range(SHELVES)]
    for slug, record in records.items():
        shelves[record_shelf(slug)][slug] = record
    saved = []
    for number, on_shelf in enumerate(shelves):
        loaded = manifest.record_shelves.get(number)
        if (loaded is not None and loaded[0].keys() == on_shelf.keys()
                and same_objects(loaded[0].values(), on_shelf.values())):
            saved.append(loaded[1])
            continue
        rows = {slug: (r.key, r.uses, r.outputs, r.source_digest,
                       [(w.path, w.line, w.message) for w in r.warnings] if r.warnings else [])
                for slug, r in on_shelf.items()}
        saved.append(write_shelf(manifest, dump_saved(rows)))
        manifest.record_shelves[number] = (on_shelf, saved[-1])
    return saved


def without_bodies(validated: dict) -> dict:
    """Validated articles without their Markdown text, which every run reads anyway (see validate_articles),
    each naming its metadata file by its key's path, so that the pickle holds that path once, not twice (an
    article validated in a worker came back with a copy of it)."""
    light = {}
    for key, article in validated.items():
        copied = article.yaml_path is not key[0] and article.yaml_path == key[0]
        if article.body or copied:
            article = copy.copy(article)
            article.body = ""
            if copied:
                article.yaml_path = key[0]
        light[key] = article
    return light


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file in one step, so a reader never sees half of it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
