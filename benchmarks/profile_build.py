"""Where a cold build's time goes: one build under cProfile, each process profiled, time put into stages.

Run as a script, it is the build (explainer.cli, as build.py runs it) with cProfile on in the parent from
before the first import, and in each forked worker for its whole life; every process leaves its stats in
STATS_DIR. Results that come back from the workers are unpickled on a thread of the parent's pool, which
cProfile does not see, so that time is measured around the unpickling and saved beside the stats.

    python benchmarks/profile_build.py STATS_DIR -- BUILD ARGUMENTS

`stage_table(STATS_DIR, start_up)` reads them back: every function's own time goes to a stage by the module
it is in (markdown-it's block and inline rules: parse; its renderer: render tokens; jinja2 and the
templates: Jinja; ...). Time in a function that belongs to no stage (the standard library, builtins, the
shared base modules) goes to the stages of its callers, in proportion to the time spent in it from each.
"""

from __future__ import annotations

import cProfile

PARENT = cProfile.Profile()
if __name__ == "__main__":
    PARENT.enable()

import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
STAGES = ("parse", "render tokens", "Jinja: compile templates", "Jinja: render", "validation", "compose",
          "writing", "pickling", "pool: fork, queues", "start-up and imports", "other")
WAITING = "waiting"  # for results (the parent) or for work (a worker): shown apart, outside the total


def profile_workers(stats_dir: Path) -> None:
    """Profile every worker process a multiprocessing pool starts from now on, and time the parent's
    unpickling of what they send back."""
    import multiprocessing.connection as connection
    import multiprocessing.pool as pool
    import multiprocessing.queues as queues

    original, start = pool.worker, pool.Pool.__init__

    def numbered(self, *args, **kwargs):  # the workers inherit the number of the pool that forked them
        POOLS[0] += 1
        start(self, *args, **kwargs)

    pool.Pool.__init__ = numbered

    def worker(*args, **kwargs):
        PARENT.disable()  # the parent's profiler, copied by fork, would go on counting here
        profiler = cProfile.Profile()
        # The pool ends its idle workers with SIGTERM: exit cleanly instead, so that the stats are saved.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        profiler.enable()
        try:
            return original(*args, **kwargs)
        finally:
            profiler.disable()
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the pool's SIGTERM may come while the stats are saved
            saving = stats_dir / f"worker-{POOLS[0]:03d}-{os.getpid():08d}.prof.part"
            profiler.dump_stats(saving)
            saving.rename(saving.with_suffix(""))

    pool.worker = worker
    loads = connection._ForkingPickler.loads

    def timed_loads(*args, **kwargs):
        started = time.perf_counter()
        try:
            return loads(*args, **kwargs)
        finally:
            UNPICKLED[0] += time.perf_counter() - started

    timed = type("TimedPickler", (connection._ForkingPickler,), {"loads": staticmethod(timed_loads)})
    connection._ForkingPickler = queues._ForkingPickler = timed  # pipes and the pool's queues


UNPICKLED = [0.0]
POOLS = [0]  # how many pools this process has started


def run(stats_dir: Path, build_args: list[str]) -> int:
    """The build, profiled."""
    profile_workers(stats_dir)
    sys.path.insert(0, str(REPO))
    from explainer.cli import main

    started = time.perf_counter()
    status = main(build_args, root=REPO)
    PARENT.disable()
    PARENT.dump_stats(stats_dir / "parent.prof")
    (stats_dir / "parent.json").write_text(json.dumps({"unpickled": UNPICKLED[0],
                                                       "wall": time.perf_counter() - started}))
    return status


# Where each function's own time goes: the first rule that matches its file (and name) wins.
MARKDOWN_PARSE = ("markdown_parser", "parse_markdown", "directive_rule", "located_role")
MARKDOWN_RENDER = ("render_markdown", "render_directive", "render_role")
JINJA_COMPILER = ("/lexer.py", "/parser.py", "/compiler.py", "/nodes.py", "/visitor.py", "/optimizer.py",
                  "/idtracking.py")
JINJA_COMPILING = ("compile", "_compile", "_parse", "_generate", "_tokenize", "lex", "preprocess", "parse")
MARKDOWN_CHECKS = ("check_tokens", "check_html", "check_link", "_line_in")


def fixed_stage(file: str, name: str) -> str | None:
    """The stage of a function by where it is defined; None for one that takes its callers' stage."""
    file = file.replace("\\", "/")
    if file.startswith("<frozen importlib") or name == "<module>" or "zipimport" in file:
        return "start-up and imports"
    if (file.endswith(("/pickle.py", "/copyreg.py", "/multiprocessing/reduction.py"))
            or (file == "~" and "pickle" in name.lower())):
        return "pickling"
    if (file.endswith(("/multiprocessing/connection.py", "/selectors.py"))
            or (file.endswith("/threading.py") and name in ("wait", "join", "_wait_for_tstate_lock"))):
        return WAITING
    if "/multiprocessing/" in file or file.endswith("/threading.py"):
        return "pool: fork, queues"
    if "/markdown_it/renderer" in file or ("/mdit_py_plugins/" in file and "render" in name):
        return "render tokens"
    if "/markdown_it/" in file or "/mdit_py_plugins/" in file:
        return "parse"
    if file.endswith("explainer/render/markdown.py"):
        if name in MARKDOWN_PARSE:
            return "parse"
        if name in MARKDOWN_RENDER:
            return "render tokens"
        if name in MARKDOWN_CHECKS:
            return "validation"
        if name in ("source_spans", "_in_text", "table_of_contents"):
            return "compose"
        return None  # slugify, for one: the anchors rule calls it while parsing
    if "/jinja2/" in file and (file.endswith(JINJA_COMPILER) or (file.endswith("/environment.py")
                                                                and name in JINJA_COMPILING)):
        return "Jinja: compile templates"
    if ("/jinja2/" in file or "/markupsafe/" in file or file.endswith("explainer/render/pages.py")
            or file == "<template>" or file.endswith((".html", ".xml"))):
        return "Jinja: render"
    if "explainer/content/" in file or "/yaml/" in file or "_yaml" in file:
        return "validation"
    if file.endswith("explainer/render/compose.py"):
        return "compose"
    if file.endswith(("explainer/output/write.py", "explainer/pipeline/manifest.py", "/shutil.py")):
        return "writing"
    shared = ("explainer/numbers.py", "explainer/digests.py", "explainer/errors.py", "explainer/model.py",
              "explainer/output/paths.py", "explainer/output/urls.py")
    if file == "~" or file.endswith(shared) or ("/python3" in file and "site-packages" not in file) or \
            file.startswith("<"):
        return None
    return "other"


def stage_shares(stats: dict) -> dict:
    """For each function, how its time divides between the stages: {function: {stage: fraction}}."""
    memo: dict = {}

    def shares(key, seen: frozenset) -> dict:
        if key in memo:
            return memo[key]
        stage = fixed_stage(key[0], key[2])
        if stage is not None:
            result = {stage: 1.0}
        else:
            callers = stats[key][4] if key in stats else {}
            total = sum(entry[3] for caller, entry in callers.items() if caller not in seen)
            if total <= 0:
                result = {"other": 1.0}
            else:
                result = {}
                for caller, entry in callers.items():
                    if caller in seen or entry[3] <= 0:
                        continue
                    for name, part in shares(caller, seen | {key}).items():
                        result[name] = result.get(name, 0.0) + part * entry[3] / total
        memo[key] = result  # inside a cycle of calls this depends a little on where the walk came in
        return result

    return {key: shares(key, frozenset()) for key in stats}


def process_stages(path: Path) -> dict:
    """Seconds per stage of one process's profile."""
    stats = pstats.Stats(str(path)).stats
    found = dict.fromkeys((*STAGES, WAITING), 0.0)
    for key, parts in stage_shares(stats).items():
        own = stats[key][2]
        for stage, part in parts.items():
            found[stage] += own * part
    return found


def stage_table(stats_dir: Path, start_up: float, cold_wall: float | None = None) -> str:
    """The table: a column per process (the parent, then each worker), seconds of each stage."""
    parent = process_stages(stats_dir / "parent.prof")
    extra = json.loads((stats_dir / "parent.json").read_text())
    parent["start-up and imports"] += start_up
    parent["pickling"] += extra["unpickled"]
    columns, pools = [("parent", parent)], {}
    for path in sorted(stats_dir.glob("worker-*.prof")):
        pool = int(path.stem.split("-")[1])
        pools[pool] = pools.get(pool, 0) + 1
        columns.append((f"w {len(pools)}.{pools[pool]}", process_stages(path)))
    every = {stage: sum(column[stage] for _, column in columns) for stage in (*STAGES, WAITING)}
    total = sum(every[stage] for stage in STAGES) or 1.0
    head = f"{'stage (s under cProfile)':<32}" + "".join(f"{name:>10}" for name, _ in columns)
    lines = [head + f"{'all':>10}{'share':>8}"]
    for stage in STAGES:
        lines.append(f"{stage:<32}" + "".join(f"{column[stage]:>10.3f}" for _, column in columns)
                     + f"{every[stage]:>10.3f}{every[stage] / total:>8.1%}")
    lines.append(f"{'total':<32}" + "".join(f"{sum(column[stage] for stage in STAGES):>10.3f}"
                                            for _, column in columns) + f"{total:>10.3f}{1:>8.0%}")
    lines.append(f"{'(waiting, not in the total)':<32}" + "".join(f"{column[WAITING]:>10.3f}" for _, column in columns)
                 + f"{every[WAITING]:>10.3f}")
    note = ("w P.K is worker K of the P-th pool of processes the build started. "
            f"Wall time of the profiled build {extra['wall'] + start_up:.2f} s"
            + (f" against {cold_wall:.2f} s unprofiled" if cold_wall else "")
            + "; cProfile slows Python-heavy stages (parsing most), so read the shares, not the seconds. "
              f"'start-up and imports' includes the interpreter's start ({start_up:.3f} s, measured apart); the "
              "parent's 'pickling' includes unpickling the workers' results on the pool's thread, which overlaps "
              "its waiting; 'validation' is reading and checking content (YAML, fields, links).")
    return "\n".join(lines) + "\n" + note


if __name__ == "__main__":
    separator = sys.argv.index("--")
    sys.exit(run(Path(sys.argv[1]), sys.argv[separator + 1:]))
