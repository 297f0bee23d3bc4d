"""Jinja's loader for templates/, held to the rule every source follows: a template is a regular file inside
its own folder. A symbolic link that leads out of templates/ (to /etc/passwd, to .git, to content/) would
publish whatever it names, so it is an error at the link's path instead. And Jinja's bytecode cache, held to
the rule every cache follows: checked on read, never trusted."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os

import jinja2
from jinja2.loaders import split_template_path


class ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads only regular files that resolve inside its search path."""

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path):
                continue
            problem = outside_problem(path, folder)
            if problem:  # a syntax error carries a file name, so the problem is reported at the link
                raise jinja2.TemplateSyntaxError(problem, 1, name=template, filename=os.path.normpath(path))
            break
        return super().get_source(environment, template)


def outside_problem(path: str, folder: str) -> str | None:
    """Why `path` may not be read as a file of `folder`, or None."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([real, top]) != top:
        return f"symbolic link points outside {os.path.basename(top)}/; copy the file in instead"
    if not os.path.isfile(real):
        return "not a regular file"
    return None


BYTECODE_HEADER = b"explainer-jinja sha256="


class CheckedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, each with the sha256 of its bytes, checked before it is loaded:
    Jinja's own check covers the template's source, not the file, so a truncated or overwritten file would
    stop every build (or load a damaged code object). A bad file is removed and the template compiled again."""

    def load_bytecode(self, bucket) -> None:
        path = os.path.join(self.directory, self._get_cache_filename(bucket))
        try:
            with open(path, "rb") as handle:
                entry = handle.read()
        except OSError:
            return
        head, newline, body = entry.partition(b"\n")
        if not (newline and head.startswith(BYTECODE_HEADER)
                and head[len(BYTECODE_HEADER):] == hashlib.sha256(body).hexdigest().encode()):
            with contextlib.suppress(OSError):
                os.unlink(path)
            return
        try:
            bucket.load_bytecode(io.BytesIO(body))
        except Exception:  # noqa: BLE001 - a sound file from another Jinja: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        buffer = io.BytesIO()
        bucket.write_bytecode(buffer)
        body = buffer.getvalue()
        path = os.path.join(self.directory, self._get_cache_filename(bucket))
        temporary = f"{path}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as handle:
                handle.write(BYTECODE_HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(temporary, path)
        except OSError:  # a cache that cannot be written only costs time
            with contextlib.suppress(OSError):
                os.unlink(temporary)
