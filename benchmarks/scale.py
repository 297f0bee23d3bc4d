"""`make bench BENCH=--scale`: how the build grows with the site, at 1,000, 3,000 and 10,000 articles.

For each size it writes the text corpus (text_corpus.py, the one --vs-hugo uses) on tmpfs and measures, as
editors run them: a cold build (no .cache, a new output folder; once), a no-op rebuild and a one-article edit
through the command line (`python build.py`, the median of --repeat), the same edit through the preview's
engine (IncrementalBuilder kept in memory, as `serve` runs it), and the peak memory of the largest process of
the cold build (wait4's rusage). Then it says whether each grows linearly with the number of articles.

    python benchmarks/bench.py --scale [--sizes 1000,3000,10000] [--repeat 3] [--dir /dev/shm]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from measure import effective_cores, run_measured  # noqa: E402
from text_corpus import write_text_corpus  # noqa: E402
from vs_hugo import default_dir, filesystem_kind  # noqa: E402

TARGETS = {10_000: {"cold s": 12.0, "no-op s": 0.5, "edit s": 1.0, "serve edit s": 0.15, "peak MB": 600}}
# Grows linearly: what 1,000 more articles add is the same from each size to the next, within this factor.
LINEAR = 1.3

SERVE_EDITS = """
import json, statistics, sys, threading, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from explainer.pipeline.incremental import IncrementalBuilder
root, repeat = Path({root!r}), {repeat}
builder = IncrementalBuilder(root, out=Path({out!r}), base_url="https://example.org/", serving=True)  # as serve's
builder.rebuild()
times = []
for i in range(repeat):
    for thread in threading.enumerate():  # edits are seconds apart: the previous site's removal has finished
        if thread.name == "remove previous site":
            thread.join()
    md = root / "content/articles" / f"article-{{i + 3:05d}}.md"
    md.write_text(md.read_text(encoding="utf-8") + f"\\nA sentence written while serving ({{i}}).\\n", encoding="utf-8")
    started = time.perf_counter()
    builder.rebuild({{md}})
    times.append(time.perf_counter() - started)
print(json.dumps(statistics.median(times)))
"""


def build(root: Path, out: Path):
    return run_measured([sys.executable, str(REPO / "build.py"), "--root", str(root), "--out", str(out),
                         "--base-url", "https://example.org/", "-q"])


def edit(root: Path, index: int, text: str) -> None:
    path = root / "content" / "articles" / f"article-{index:05d}.md"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def measure(work: Path, n: int, repeat: int) -> dict:
    """One size: cold once, then no-op and one-article edits (command line), then edits through serve's engine."""
    root, _ = write_text_corpus(work / f"corpus-{n}", n)
    shutil.rmtree(work / f"corpus-{n}" / "hugo", ignore_errors=True)
    out = work / f"out-{n}"
    cold = build(root, out)
    pages = len(list(out.glob("article-*/index.html")))
    if pages != n:
        raise SystemExit(f"the cold build of {n} articles made {pages} article pages")
    noop, edits = [], []
    for round_ in range(repeat):
        noop.append(build(root, out).wall)
        edit(root, 1, f"\nOne more sentence ({round_}).\n")
        edits.append(build(root, out).wall)
    page = (out / "article-00001" / "index.html").read_text(encoding="utf-8")
    if f"One more sentence ({repeat - 1})." not in page:
        raise SystemExit("the one-article edit did not reach its page")
    script = SERVE_EDITS.format(repo=str(REPO), root=str(root), out=str(work / f"serve-out-{n}"), repeat=repeat)
    serve = json.loads(run_measured([sys.executable, "-c", script]).out.strip().splitlines()[-1])
    shutil.rmtree(work / f"corpus-{n}", ignore_errors=True)
    for folder in (out, work / f"serve-out-{n}"):
        shutil.rmtree(folder, ignore_errors=True)
    return {"cold s": cold.wall, "no-op s": statistics.median(noop), "edit s": statistics.median(edits),
            "serve edit s": serve, "peak MB": cold.peak_mb}


def growth(rows: dict, column: str) -> str:
    """Whether a column grows linearly with the articles: the same added cost per 1,000 articles from each size
    to the next (within LINEAR), whatever the fixed cost of a build."""
    sizes = sorted(rows)
    if len(sizes) < 2:
        return "one size only"
    steps = [(rows[b][column] - rows[a][column]) / (b - a) * 1000 for a, b in zip(sizes, sizes[1:])]
    said = " then ".join(f"{step:+.3f}" for step in steps) + " per 1,000 more articles"
    if len(steps) < 2:
        return f"{said} (two sizes: linearity needs three)"
    low, high = min(steps), max(steps)
    if high <= 0 or (low > 0 and high / low <= LINEAR):
        verdict = "linear" if high > 0 else "flat"
    else:
        verdict = "faster than linear" if steps[-1] > steps[0] else "slower than linear"
    return f"{verdict}: {said}"


def report(rows: dict, repeat: int, work: Path, cores: list, load: str) -> str:
    columns = ("cold s", "no-op s", "edit s", "serve edit s", "peak MB")
    lines = [f"Text corpus (text_corpus.py) on {filesystem_kind(work)}; cold once, no-op and one-article edit "
             f"through the command line and through serve's engine the median of {repeat}; peak MB: the largest "
             f"process of the cold build; this run got {' then '.join(map(str, cores))} cores; load average "
             f"{load}", "", f"{'articles':>9}" + "".join(f"{name:>14}" for name in columns)]
    for n, row in sorted(rows.items()):
        lines.append(f"{n:>9,}" + "".join(f"{row[name]:>14.{0 if name == 'peak MB' else 3}f}" for name in columns))
    lines.append("")
    for name in columns:
        lines.append(f"{name:<13} {growth(rows, name)}")
    for n, targets in TARGETS.items():
        if n in rows:
            lines.append(f"targets at {n:,}: " + ", ".join(
                f"{name} {rows[n][name]:.{0 if name == 'peak MB' else 2}f} (<= {limit:g}: "
                f"{'met' if rows[n][name] <= limit else 'NOT met'})" for name, limit in targets.items()))
    return "\n".join(lines)


def loadavg() -> str:
    with open("/proc/loadavg", encoding="utf-8") as file:
        return " ".join(file.read().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="store_true", help="this benchmark (bench.py hands it over)")
    parser.add_argument("--sizes", default="1000,3000,10000", help="article counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each rebuild (default 3)")
    parser.add_argument("--dir", type=Path, default=default_dir(), help="where to write (default /dev/shm)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="explainer-scale-", dir=args.dir))
    try:
        cores, loads, rows = [effective_cores()], [loadavg()], {}
        for n in sizes:
            rows[n] = measure(work, n, args.repeat)
            loads.append(loadavg())
            print(f"{n} articles: " + ", ".join(f"{k} {v:.3f}" for k, v in rows[n].items()), file=sys.stderr)
        cores.append(effective_cores())
        print(report(rows, args.repeat, work, cores, " / ".join(loads)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
