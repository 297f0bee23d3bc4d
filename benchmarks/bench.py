"""`make bench`: the generator against a bare markdown-it-py + Jinja + PyYAML loop, on a generated corpus.

One run measures, each as the median of several (interleaved with the bare loop, since machines are
noisy): a cold build, a no-op rebuild, a one-article edit, a one-dataset edit and a one-template edit
through the command line, the same rebuilds through the preview server's engine (kept in memory), and
the peak memory of a cold build. Then it prints the gzipped weight of each kind of page.

    python benchmarks/bench.py [--n 1000] [--repeat 5] [--quick] [--keep]

With --vs-hugo (and/or --profile, --budget) it runs vs_hugo.py instead: cold builds against Hugo's on a text corpus;
with --scale, scale.py: cold, no-op, one edit and memory at 1,000, 3,000 and 10,000 articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402
from measure import Run, effective_cores, run_measured  # noqa: E402

CLI_TARGETS = {"cold": "<= 1.3x bare", "no-op rebuild": "<= 0.3 s"}
SERVE_TARGETS = {"no-op rebuild": "<= 0.3 s", "one-article edit": "<= 0.15 s"}


def build_cli(root: Path, *extra: str) -> Run:
    """python build.py against the corpus, as an editor runs it."""
    return run_measured([sys.executable, str(REPO / "build.py"), "--root", str(root), *extra])


def bare(root: Path, out: Path) -> Run:
    """The bare loop, from a fresh interpreter like the build."""
    shutil.rmtree(out, ignore_errors=True)
    return run_measured([sys.executable, str(HERE / "bare_loop.py"), str(root), str(out)])


def make_cold(root: Path) -> None:
    """Forget every previous build (output and manifest) but keep rendered charts, as CI's cache would."""
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / ".cache" / "build", ignore_errors=True)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def bump_dataset(root: Path, round_: int) -> None:
    """Change one value of a dataset that only a few articles chart."""
    path = root / "content" / "data" / "remaining.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"remaining: (\d+)", lambda m: f"remaining: {int(m.group(1)) + round_ + 1}", text, 1),
                    encoding="utf-8")


def edit_template(root: Path, round_: int) -> None:
    """Change what every article page prints."""
    path = root / "templates" / "article.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"<article class=\"explainer\"( data-v=\"\d+\")?>",
                           f'<article class="explainer" data-v="{round_}">', text, 1), encoding="utf-8")


def measure_cli(root: Path, work: Path, repeat: int) -> dict:
    """Every command-line measurement, interleaved with the bare loop."""
    times: dict = {name: [] for name in ("bare", "cold", "no-op rebuild", "one-article edit",
                                         "one-dataset edit", "one-template edit")}
    peaks: dict = {"bare": [], "cold": []}
    for round_ in range(repeat):
        result = bare(root, work / "bare-out")
        times["bare"].append(result)
        peaks["bare"].append(result.peak_mb)
        make_cold(root)
        result = build_cli(root)
        times["cold"].append(result)
        peaks["cold"].append(result.peak_mb)
        times["no-op rebuild"].append(build_cli(root))
        append(root / "content" / "articles" / f"article-{round_ + 1:05d}.md", f"\nOne more sentence ({round_}).\n")
        times["one-article edit"].append(build_cli(root))
        bump_dataset(root, round_)
        times["one-dataset edit"].append(build_cli(root))
        edit_template(root, round_)
        times["one-template edit"].append(build_cli(root))
    return {"times": times, "peaks": peaks}


SERVE_SCRIPT = """
import json, re, sys, threading, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from explainer.pipeline.incremental import IncrementalBuilder
root, repeat = Path({root!r}), {repeat}
builder = IncrementalBuilder(root, out=root / "serve-out")
def pause():  # an editor's edits are seconds apart: let the previous site's deletion finish, as it would
    for thread in threading.enumerate():
        if thread.name == "remove previous site":
            thread.join()
builder.rebuild()
found = {{"no-op rebuild": [], "one-article edit": [], "one-dataset edit": [], "charts rendered": []}}
for i in range(repeat):
    pause()
    started = time.perf_counter(); builder.rebuild(set()); found["no-op rebuild"].append(time.perf_counter() - started)
    md = root / "content/articles" / f"article-{{i + 11:05d}}.md"
    md.write_text(md.read_text() + f"\\nA sentence written while serving ({{i}}).\\n")
    pause()
    started = time.perf_counter(); result = builder.rebuild({{md}})
    found["one-article edit"].append(time.perf_counter() - started)
    found["charts rendered"].append(getattr(result, "charts_drawn", 0))
# Neither a no-op nor a text edit may load the chart libraries; a dataset edit redraws its charts, so it may.
found["modules"] = sorted(name for name in ("altair", "vl_convert") if name in sys.modules)
data = root / "content/data/remaining.yaml"
for i in range(repeat):
    data.write_text(re.sub(r"remaining: (\\d+)", lambda m: str(int(m.group(1)) + 1).join(["remaining: ", ""]),
                           data.read_text(), 1))
    pause()
    started = time.perf_counter(); builder.rebuild({{data}})
    found["one-dataset edit"].append(time.perf_counter() - started)
print(json.dumps(found))
"""


def measure_serve(root: Path, repeat: int) -> dict:
    """Rebuilds through IncrementalBuilder with what they reuse kept in memory, as `serve` runs them."""
    script = SERVE_SCRIPT.format(repo=str(REPO), root=str(root), repeat=repeat)
    result = run_measured([sys.executable, "-c", script])
    return json.loads(result.out.strip().splitlines()[-1])


def cached_build_imports(root: Path) -> list[str]:
    """Which of altair / vl_convert a warm build imports (python -X importtime), for a cold pipeline run."""
    code = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path; "
            f"from explainer.pipeline.build import build; build(Path({str(root)!r}), out=Path({str(root / 'warm-out')!r}))")
    out = run_measured([sys.executable, "-X", "importtime", "-c", code]).out
    return sorted({name for name in ("altair", "vl_convert") if re.search(rf"\| +{name}(\.|$)", out, re.M)})


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def page_weight(public: Path, page: str) -> dict:
    """Gzipped bytes of a page: its HTML (inline SVG included), its stylesheets, its scripts."""
    html = (public / page).read_bytes()
    text = html.decode("utf-8")
    css = [m.group(1) for m in re.finditer(r'<link rel="stylesheet" href="/?([^"]+)"', text)]
    js = [m.group(1) for m in re.finditer(r'<script[^>]* src="/?([^"]+)"', text)]
    # The Vega bundle is named in a data-vega attribute and fetched only when a reader asks for interaction.
    vega = sorted({m.group(1) for m in re.finditer(r'data-vega="/?([^"]+)"', text)} | {n for n in js if "vega" in n})
    weight = {"html": gz(html), "css": sum(gz((public / name).read_bytes()) for name in css),
              "js": sum(gz((public / name).read_bytes()) for name in js if name not in vega)}
    weight["total"] = weight["html"] + weight["css"] + weight["js"]
    weight["vega"] = sum(gz((public / name).read_bytes()) for name in vega)
    return weight


def page_weights(public: Path) -> dict:
    """One page of each kind."""
    kinds = {"home": "index.html", "article": "article-00001/index.html",
             "article with chart": "article-00000/index.html", "page": "methodology/index.html", "404": "404.html"}
    return {kind: page_weight(public, page) for kind, page in kinds.items() if (public / page).exists()}


def filesystem(folder: Path) -> str:
    """The file system the corpus is written to, as the report names it. On ext4 without a journal the
    kernel checks every recently deleted inode of a block group before it reuses one, so creating files
    soon after deleting many (each cold run deletes the last output) costs more the more files a build
    writes: this machine's disk is such a file system, and `--dir /dev/shm` (tmpfs) shows the difference."""
    best, kind, device = "", "unknown", ""
    with open("/proc/mounts", encoding="utf-8") as mounts:
        for line in mounts:
            source, point, fstype = line.split()[:3]
            path = str(folder.resolve())
            if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
                best, kind, device = point, fstype, source
    if kind == "ext4" and not any(entry.startswith(Path(device).name + "-")
                                  for entry in (os.listdir("/proc/fs/jbd2") if os.path.isdir("/proc/fs/jbd2") else [])):
        return "ext4 without a journal (slow to create files soon after deleting many; compare --dir /dev/shm)"
    return kind


def median(runs: list, attribute: str = "wall") -> float:
    return statistics.median(getattr(r, attribute) if not isinstance(r, float) else r for r in runs)


def report(root: Path, n: int, repeat: int, cli: dict, serve: dict, imports: list, weights: dict, cores: list) -> str:
    """The table."""
    times, bare_wall = cli["times"], median(cli["times"]["bare"])
    bare_cpu = median(cli["times"]["bare"], "cpu")
    lines = [f"Corpus: {n} articles (~900 words, 1 in 10 with a chart) in {root}; median of {repeat}; "
             f"{os.cpu_count()} cores, "
             f"of which this run got {' then '.join(map(str, cores))} (2 processes against 1: other load on the "
             f"machine lowers it, and with it the cold build's gain from working in two processes); "
             f"file system: {filesystem(root)}", "",
             f"{'command line':<22}{'wall s':>9}{'x bare':>9}{'CPU s':>9}{'x bare':>9}  target"]
    for name, runs in times.items():
        wall, cpu = median(runs), median(runs, "cpu")
        lines.append(f"{name:<22}{wall:>9.3f}{wall / bare_wall:>9.2f}{cpu:>9.3f}{cpu / bare_cpu:>9.2f}  "
                     f"{CLI_TARGETS.get(name, '')}")
    lines += ["", f"{'serve engine (in memory)':<26}{'wall s':>9}  target"]
    for name in ("no-op rebuild", "one-article edit", "one-dataset edit"):
        lines.append(f"{name:<26}{median(serve[name]):>9.3f}  {SERVE_TARGETS.get(name, '')}")
    lines += ["", f"charts rendered by warm rebuilds (no-op and text edits): {sum(serve['charts rendered'])} "
              f"(target 0); modules they imported: {', '.join(serve['modules']) or 'neither altair nor vl_convert'}; "
              f"a cached cold pipeline imported: {', '.join(imports) or 'neither'}",
              f"peak memory: cold build {max(cli['peaks']['cold']):.0f} MB, bare loop {max(cli['peaks']['bare']):.0f} MB",
              "", f"{'page weight, gzip -6':<22}{'HTML':>8}{'CSS':>8}{'JS':>8}{'total':>8}{'+ Vega':>9}  target"]
    for kind, w in weights.items():
        target = "<= 50 KB" if kind.startswith("article") else ""
        lines.append(f"{kind:<22}{w['html']:>8,}{w['css']:>8,}{w['js']:>8,}{w['total']:>8,}{w['vega']:>9,}  {target}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, measure, print."""
    if "--scale" in (sys.argv[1:] if argv is None else argv):
        from scale import main as scale

        return scale(argv)
    if {"--vs-hugo", "--profile", "--budget"} & set(sys.argv[1:] if argv is None else argv):
        from vs_hugo import main as vs_hugo

        return vs_hugo(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="articles in the corpus (default 1000; 200 with --quick)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 5; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a small corpus and fewer runs")
    parser.add_argument("--keep", action="store_true", help="keep the corpus folder and print its path")
    parser.add_argument("--dir", type=Path, help="where to make the corpus (default: the system's temporary folder)")
    args = parser.parse_args(argv)
    n = args.n or (200 if args.quick else 1000)
    repeat = args.repeat or (3 if args.quick else 5)
    work = Path(tempfile.mkdtemp(prefix="explainer-bench-", dir=args.dir))
    try:
        root = write_corpus(work / "site", n)
        cores = [effective_cores()]
        cli = measure_cli(root, work, repeat)
        weights = page_weights(root / "public")
        serve = measure_serve(root, repeat)
        imports = cached_build_imports(root)
        cores.append(effective_cores())
        print(report(root, n, repeat, cli, serve, imports, weights, cores))
    finally:
        if args.keep:
            print(f"corpus kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
