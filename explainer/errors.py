"""One error type for everything an editor can get wrong, each knowing its file and line."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """A single thing wrong with the input, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildError(Exception):
    """Raised when the build must stop; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_reading_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _reading_order(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.message)


@dataclass
class Problems:
    """Collects problems across a whole stage so that the editor sees all of them at once."""

    root: Path
    found: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # printed, but do not stop the build

    def add(self, path: Path | str, line: int, message: str) -> None:
        """Record one problem; `path` may be absolute or relative to the project root."""
        self.found.append(Problem(self.relative(path), max(int(line or 1), 1), message))

    def warn(self, path: Path | str, line: int, message: str) -> None:
        """Record something the editor should see that does not make the site wrong."""
        self.warnings.append(Problem(self.relative(path), max(int(line or 1), 1), message))

    def relative(self, path: Path | str) -> str:
        """The path as an editor would type it: relative to the project root, with slashes."""
        path = Path(path)
        if path.is_absolute() and path.is_relative_to(self.root) and ".." not in path.parts:
            return path.relative_to(self.root).as_posix()  # the common case, without resolve()'s system calls
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @contextlib.contextmanager
    def set_apart(self):
        """Yield (problems, warnings), two lists that receive what the block records when it ends; it is
        taken out of this object, so work that may run in a worker process can hand it back with its result."""
        before, warned, taken = len(self.found), len(self.warnings), ([], [])
        try:
            yield taken
        finally:
            taken[0].extend(self.found[before:])
            taken[1].extend(self.warnings[warned:])
            del self.found[before:], self.warnings[warned:]

    def stop_if_any(self) -> None:
        """Raise BuildError if anything has been recorded."""
        if self.found:
            raise BuildError(self.found)

    def __bool__(self) -> bool:
        return bool(self.found)
