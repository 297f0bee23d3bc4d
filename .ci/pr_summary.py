#!/usr/bin/env python3
"""A pull request's job summary: the pages it adds, changes and removes against the base branch's build, the
charts the build drew, and its warnings, as Markdown (CI appends it to $GITHUB_STEP_SUMMARY).

    .ci/pr_summary.py BASE_SITE HEAD_SITE BUILD_LOG
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path


def pages(folder: Path) -> dict[str, str]:
    """Every HTML page of a built site by its path, with a digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.html"))} if folder.is_dir() else {}


def summary(base: Path, head: Path, log: str) -> str:
    """The Markdown of the summary."""
    before, after = pages(base), pages(head)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(after) & set(before) if after[p] != before[p])
    drawn = re.search(r"\((\d+) rendered, (\d+) reused from cache\)", log)
    warnings = [line.removeprefix("warning: ") for line in log.splitlines() if line.startswith("warning: ")]
    lines = ["## The site this pull request builds", "",
             "| pages added | pages changed | pages removed | charts drawn | warnings |",
             "| ---: | ---: | ---: | ---: | ---: |",
             f"| {len(added)} | {len(changed)} | {len(removed)} | {drawn.group(1) if drawn else '?'} | {len(warnings)} |"]
    for title, names in (("Added", added), ("Changed", changed), ("Removed", removed)):
        if names:
            lines += ["", f"**{title}:** " + ", ".join(f"`{name}`" for name in names[:50])
                      + (f" and {len(names) - 50} more" if len(names) > 50 else "")]
    if warnings:
        lines += ["", "**Warnings:**", ""] + [f"- {w}" for w in warnings]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    base, head, log = sys.argv[1:4]
    sys.stdout.write(summary(Path(base), Path(head), Path(log).read_text(encoding="utf-8")))
