"""Reading editors' files safely: UTF-8 text, and YAML that remembers the line of every value."""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path

import yaml

from ..digests import digest_of

try:  # the C loader is several times faster; fall back when PyYAML was built without it
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml import SafeLoader as _BaseLoader

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32


class SourceError(Exception):
    """A file that cannot be read as what it claims to be; knows the line it went wrong on."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 1
    key_lines: dict

    def line_of(self, key) -> int:
        """The line a key is written on, or the mapping's own line."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        """The line an item starts on."""
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def outside_problem(path: Path, folder: Path) -> str | None:
    """Why a symbolic link may not be read as a file of `folder` (it resolves out of it), or None.

    Sources are read only from inside their own folder: a link into .git, another folder of the project or
    anywhere else would publish what it names."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([real, top]) != top:
        return f"symbolic link points outside {Path(folder).name}/; copy the file in instead"
    return None


def reason(err: OSError) -> str:
    """An OSError in an editor's words: 'permission denied', without [Errno] or the absolute path."""
    return (err.strerror or type(err).__name__).lower()


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a byte-order mark is allowed), naming the line of the first bad byte."""
    return decode_text(path.read_bytes())


def read_text_and_digest(path: Path) -> tuple[str, str]:
    """A file's text (as read_text) and the digest of its bytes."""
    data = path.read_bytes()
    return decode_text(data), digest_of(data)


class SourceCache:
    """Texts and parsed YAML from earlier builds, so a rebuild reads and parses only what changed.

    With `changed` set to the paths a file watcher reported, any other file read before is taken from
    memory without touching the disk; with `changed` None, every file is read again and compared by digest.
    """

    def __init__(self):
        self.texts: dict = {}  # path -> (text, digest)
        self.parsed: dict = {}  # digest of a YAML text -> what it parsed into
        self.changed: set | None = None
        self.listed: dict = {}  # folder -> (its files, as list_files found them; the same as a set)
        self.fresh: set = set()  # paths read during this build
        self.prefetched: dict = {}  # full path (str) -> bytes just read for another purpose, used once
        # full path (str) -> digest of a file known unchanged since the last build (its size, times and inode
        # are as then): an article's files listed here are read only when their text is needed
        self.unread: dict = {}
        self.unread_articles: dict = {}  # Markdown path -> collect's UnreadArticle, for this build
        self.articles: dict = {}  # Markdown path -> (YAML path, the article's RawFile as collect made it)

    def read(self, path: Path) -> tuple[str, str]:
        """A file's text and digest (read_text_and_digest), from memory when it cannot have changed."""
        if path in self.fresh or (self.changed is not None and path not in self.changed and path in self.texts):
            return self.texts[path]
        data = self.prefetched.pop(str(path), None)
        self.texts[path] = (decode_text(data), digest_of(data)) if data is not None else read_text_and_digest(path)
        self.fresh.add(path)
        return self.texts[path]

    def unchanged_article(self, md: Path, meta: Path):
        """The RawFile collect made of an article last time, when the watcher saw neither of its files change."""
        if self.changed is None or md in self.changed or meta in self.changed:
            return None
        found = self.articles.get(md)
        return found[1] if found is not None and found[0] == meta else None

    def listing(self, folder: Path):
        """The files of a folder as listed last time, unless a changed path in it was added, removed or
        turned into something other than a plain file (else None: list it again)."""
        if self.changed is None or folder not in self.listed:
            return None
        files, known = self.listed[folder]
        for path in self.changed:
            if path.parent == folder and not (path in known and not path.is_symlink() and path.is_file()):
                return None
        return files

    def parse(self, text: str, digest: str):
        """parse_yaml(text), reusing the result for a text parsed before."""
        if digest not in self.parsed:
            self.parsed[digest] = parse_yaml(text)
        return self.parsed[digest]


def read_source(path: Path, cache: SourceCache | None) -> tuple[str, str]:
    """A file's text and digest, through the cache when there is one."""
    return cache.read(path) if cache is not None else read_text_and_digest(path)


def decode_text(data: bytes) -> str:
    """Bytes of a UTF-8 file as text with Unix newlines; a bad file is a SourceError naming its line."""
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if b"\x00" in data:
        raise SourceError(data[: data.index(b"\x00")].count(b"\n") + 1, "file is binary (contains a NUL byte), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(line, f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _LineLoader(_BaseLoader):
    """A safe loader that refuses aliases, duplicate keys and absurd nesting, and records lines."""

    def construct_document(self, node):
        _check_shape(node)
        return super().construct_document(node)

    def construct_mapping(self, node, deep=False):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SourceError(key_node.start_mark.line + 1, "YAML merge keys (<<) are not allowed")
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise SourceError(line, "a mapping key must be a plain value")
            if key in mapping:
                raise SourceError(line, f"duplicate key '{key}' (first on line {mapping.key_lines[key]})")
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = line
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


def _check_shape(root) -> None:
    """Refuse aliases (a node reached twice: the root of alias bombs) and deep nesting."""
    seen: set[int] = set()
    stack = deque([(root, 1, root.start_mark.line + 1)])
    while stack:
        node, depth, line = stack.popleft()
        if id(node) in seen:
            raise SourceError(line, "YAML anchors and aliases (&name, *name) are not allowed; write the value out")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise SourceError(line, f"YAML is nested more than {MAX_DEPTH} levels deep")
        if not isinstance(node.value, list):
            continue
        for child in node.value:
            if isinstance(child, tuple):  # a mapping's (key, value): an alias value is reported on its key's line
                key_line = child[0].start_mark.line + 1
                stack.extend([(child[0], depth + 1, key_line), (child[1], depth + 1, key_line)])
            else:  # a shared node keeps its anchor's position, so name the list that repeats it
                stack.append((child, depth + 1, line))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def construct_timestamp(loader, node):
    """Dates stay dates; an impossible one ('2022-13-45') stays text so the schema can name its line."""
    try:
        return _BaseLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)


def parse_yaml(text: str, first_line: int = 1):
    """Parse YAML text into LineDict/LineList values; `first_line` is where the text starts in its file."""
    text = "\n" * (first_line - 1) + text  # so every recorded line is a line of the file
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except SourceError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else first_line
        raise SourceError(line, f"malformed YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise SourceError(first_line, f"malformed YAML: {err}") from None
    except RecursionError:
        raise SourceError(first_line, "YAML is nested too deeply") from None


def load_yaml(path: Path):
    """Read and parse a YAML file of content."""
    return parse_yaml(read_text(path))
