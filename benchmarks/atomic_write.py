"""What the whole-build commit costs on a small edit: every unchanged file is hard-linked into the staging
folder before the one exchange, so a one-article edit pays a link per file of the site.

Times one-article edits rebuilt through the preview's engine (IncrementalBuilder, kept in memory) on the
example site and on a generated text corpus, and inside each the write stage: completing the staging folder
(links and new files) and swapping it in. Medians in milliseconds.

    python benchmarks/atomic_write.py [--n 1000] [--repeat 7] [--compare]

With --compare, the corpus's edits are rebuilt alternately with and without the thread that links the kept
articles' files while the others are made (output/write.py start_carrying), in one process and one warm
builder, so that both sides meet the same machine; it prints each side's median and the median of the
paired ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from text_corpus import write_text_corpus  # noqa: E402

import explainer.output.write as write  # noqa: E402
import explainer.pipeline.build as pipeline_build  # noqa: E402
from explainer.pipeline.incremental import IncrementalBuilder  # noqa: E402


class Timed:
    """Wraps a function of output/write.py and adds up the seconds spent in it."""

    def __init__(self, name: str):
        self.name, self.real, self.seconds = name, getattr(write, name), 0.0
        setattr(write, name, self)

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.real(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def settle() -> None:
    """Let the previous site's deletion finish, as it would between an editor's saves."""
    for thread in threading.enumerate():
        if thread.name == "remove previous site":
            thread.join()


def measure(root: Path, article: Path, repeat: int) -> dict:
    builder = IncrementalBuilder(root, out=root / "public")
    builder.rebuild()
    files = sum(1 for path in (root / "public").rglob("*") if path.is_file())
    fill, swap = Timed("fill_staging"), Timed("swap_in")
    found = {"rebuild": [], "fill staging": [], "swap in": []}
    try:
        for round_ in range(repeat):
            article.write_text(article.read_text() + f"\nA sentence added in round {round_}.\n")
            settle()
            fill.seconds = swap.seconds = 0.0
            started = time.perf_counter()
            builder.rebuild({article})
            found["rebuild"].append(time.perf_counter() - started)
            found["fill staging"].append(fill.seconds)
            found["swap in"].append(swap.seconds)
    finally:
        write.fill_staging, write.swap_in = fill.real, swap.real
    settle()
    return {"files": files, **{name: statistics.median(times) * 1000 for name, times in found.items()}}


def compare(root: Path, repeat: int) -> tuple[list, list]:
    """One-article edits rebuilt alternately with carrying (A) and without (B): (A's seconds, B's seconds)."""
    builder = IncrementalBuilder(root, out=root / "public")
    builder.rebuild()
    real, sides = pipeline_build.start_carrying, ([], [])
    try:
        for round_ in range(2 * repeat):
            pipeline_build.start_carrying = real if round_ % 2 == 0 else (lambda *args: None)
            article = root / "content/articles" / f"article-{11 + round_ % 5:05d}.md"
            article.write_text(article.read_text() + f"\nA sentence added in round {round_}.\n")
            settle()
            started = time.perf_counter()
            builder.rebuild({article})
            sides[round_ % 2].append(time.perf_counter() - started)
    finally:
        pipeline_build.start_carrying = real
    settle()
    return sides


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the generated corpus")
    parser.add_argument("--repeat", type=int, default=7, help="edits measured on each site")
    parser.add_argument("--compare", action="store_true", help="with and without carrying, side by side")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atomic-write-") as folder:
        work = Path(folder)
        if args.compare:
            with_, without = compare(write_text_corpus(work / "corpus", args.n)[0], args.repeat)
            ratios = [a / b for a, b in zip(with_, without)]
            print(f"one-article edit of the {args.n}-article corpus, {args.repeat} pairs (ms): with carrying "
                  f"{statistics.median(with_) * 1000:.1f}, without {statistics.median(without) * 1000:.1f}; "
                  f"paired ratio with/without {statistics.median(ratios):.2f} "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
            return 0
        example = work / "example"
        for name in ("content", "site", "templates"):
            shutil.copytree(REPO / name, example / name)
        if (REPO / ".cache" / "vega").is_dir():  # the bundle takes seconds to make and is not what is measured
            shutil.copytree(REPO / ".cache" / "vega", example / ".cache" / "vega")
        corpus, _ = write_text_corpus(work / "corpus", args.n)
        rows = [("example site", measure(example, example / "content/articles/civilian-toll.md", args.repeat)),
                (f"{args.n}-article corpus", measure(corpus, corpus / "content/articles/article-00011.md",
                                                     args.repeat))]
    print(f"one-article edit, median of {args.repeat} (ms)")
    print(f"{'site':<22}{'files':>7}{'rebuild':>10}{'fill staging':>14}{'swap in':>10}")
    for name, row in rows:
        print(f"{name:<22}{row['files']:>7}{row['rebuild']:>10.1f}{row['fill staging']:>14.1f}{row['swap in']:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
