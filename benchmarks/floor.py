"""The floor under a cold build: only the Markdown work, with the project's own Markdown set-up.

Reads every article's Markdown and parses and renders it with explainer.render.markdown (its
markdown-it parser, plugins and rules, the checks that run before rendering), shared between as many
forked worker processes as a build uses (explainer.parallel), and nothing else: no metadata, no
validation, no templates, no files written. Timed from a fresh interpreter, so start-up and imports count,
as they do for a build. Prints the number of articles and of HTML characters.

Run as a script: python benchmarks/floor.py SITE_ROOT [MIN_ITEMS]; below MIN_ITEMS articles it stays in one
process, as a build does below explainer.pipeline.articles.PARALLEL_MIN (which the benchmark passes, so that
this script need not import the pipeline).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explainer.parallel import cores, map_chunks  # noqa: E402
from explainer.render.markdown import Resolver, render_markdown  # noqa: E402


def render_all(paths: list) -> list[int]:
    """The length of each article's HTML; any problem in the Markdown stops the run."""
    sizes = []
    for path in paths:
        rendered = render_markdown(Path(path).read_text(encoding="utf-8"), Resolver())
        if rendered.problems:
            raise SystemExit(f"{path}:{rendered.problems[0][0]}: {rendered.problems[0][1]}")
        sizes.append(len(rendered.html))
    return sizes


def floor(root: Path, min_items: int) -> tuple[int, int]:
    """Render every article of root/content/articles, in cores() processes from min_items articles on:
    (articles, HTML characters)."""
    paths = sorted(str(path) for path in (root / "content" / "articles").glob("*.md"))
    sizes = map_chunks(render_all, paths, min_items=min_items)
    return len(sizes), sum(sizes)


if __name__ == "__main__":
    articles, characters = floor(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    print(f"{articles} articles, {characters} characters of HTML, up to {cores()} processes")
