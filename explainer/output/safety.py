"""Which folders a build may replace: the one rule `build` and `serve` share for --out.

A build replaces its output folder whole (output/write.py swaps a new one in), so that folder must hold
nothing but a built site: never the project, its sources or its history, never an editor's file."""

from __future__ import annotations

from pathlib import Path

PROTECTED = ("content", "templates", "site", ".git")  # the project's sources and its history


def output_refusal(root: Path, out: Path) -> str | None:
    """Why `out` may not be a build's output folder, or None when it may."""
    root, out = Path(root).resolve(), Path(out).resolve()
    if root.is_relative_to(out):
        where = "is the project folder" if out == root else "holds the project folder"
        return f"the output folder {out} {where}; building there would replace the project's files"
    for name in PROTECTED:
        folder = (root / name).resolve()
        if out.is_relative_to(folder):
            return (f"the output folder {out} is inside {name}/, which holds the project's "
                    f"{'history' if name == '.git' else 'sources'}; building there would replace them")
        if folder.is_relative_to(out):
            return f"the output folder {out} holds {name}/; building there would replace it"
    if out.exists() and not out.is_dir():
        return f"the output folder {out} is an existing file, not a folder; building there would replace it"
    return None
