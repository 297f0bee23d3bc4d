"""Where one article's time goes in a cold build, without a profiler: for `--budget` (vs_hugo.py).

cProfile's share of a stage grows with the number of Python calls in it, so its table overstates the stages
made of many small calls (Jinja, the renderer) against those made of few. Here the build runs as build.py
runs it, in one process (EXPLAINER_WORKERS=1), with a clock around each stage of making an article instead:

- parse: markdown-it-py's parse of the body (compose.parse_markdown);
- tokens -> HTML: rendering those tokens, with the checks made on them (pages.render_body);
- Jinja page: the article's page through its template (render_article, less the above);
- Markdown edition: the article as one Markdown document (compose.explainer_markdown);
- writing: its files into the staging folder (articles.write_file);
- the rest of making an article: what make_article does beyond these (numbering sources, resolving).

The first two are the floor's work (floor.py renders each text once with the same set-up). Outside
make_article, the parent's serial work is the build's wall time less the articles' (imports, collecting,
validation, listings, feed, sitemap, the saved state).

    python benchmarks/stage_times.py RESULT.json BUILD ARGUMENTS

Writes one JSON object to RESULT.json: seconds per stage, summed over the articles, with "articles" (how
many were made) and "wall" (the whole build, from the command's start to its end).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOTAL = "make_article"
STAGES = {  # name printed: (module, attribute) whose calls inside make_article it times
    "parse": ("explainer.render.compose", "parse_markdown"),
    "tokens -> HTML": ("explainer.render.pages", "render_body"),
    "Jinja page": ("explainer.pipeline.articles", "render_article"),
    "Markdown edition": ("explainer.render.compose", "explainer_markdown"),
    "writing": ("explainer.pipeline.articles", "write_file"),
}
REST = "rest of make_article"
FLOOR_STAGES = ("parse", "tokens -> HTML")  # the work floor.py does too
OTHER_STAGES = tuple(name for name in STAGES if name not in FLOOR_STAGES) + (REST,)


def instrument(seconds: dict) -> None:
    """Put the clocks in place: make_article's around each article, and each stage's around its calls while an
    article is being made (each function is looked up in its module when it is called, so it is replaced there)."""
    import importlib

    making = False

    def article_clock(function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            nonlocal making
            making, started = True, time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                making = False
                seconds[TOTAL] = seconds.get(TOTAL, 0.0) + time.perf_counter() - started
                seconds["articles"] = seconds.get("articles", 0) + 1

        return timed

    def stage_clock(function, name: str):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if not making:
                return function(*args, **kwargs)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started

        return timed

    articles = importlib.import_module("explainer.pipeline.articles")
    articles.make_article = article_clock(articles.make_article)
    for name, (module, attribute) in STAGES.items():
        owner = importlib.import_module(module)
        setattr(owner, attribute, stage_clock(getattr(owner, attribute), name))


def split(seconds: dict) -> dict:
    """The clocks' sums as stages that add up: the page without its tokens' rendering, and the rest."""
    out = dict(seconds)
    out["Jinja page"] = out.get("Jinja page", 0.0) - out.get("tokens -> HTML", 0.0)
    out[REST] = out.get(TOTAL, 0.0) - sum(out.get(name, 0.0) for name in STAGES)
    return out


def main(argv: list[str]) -> int:
    os.environ["EXPLAINER_WORKERS"] = "1"
    seconds: dict = {}
    instrument(seconds)
    from explainer import cli

    started = time.perf_counter()
    status = cli.process(["build", *argv[1:]])  # as build.py runs it
    seconds["wall"] = time.perf_counter() - started
    Path(argv[0]).write_text(json.dumps(split(seconds)), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
