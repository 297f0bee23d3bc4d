#!/usr/bin/env python3
"""What charts cost: render time cold (empty cache) and warm (cache hit), and the Vega bundle's weight
and the time to make it, cold and from its cache.

Each measurement runs in a fresh Python process, so import time (Altair, vl_convert) is counted
where a real build pays it. Run: .venv/bin/python benchmarks/charts.py [--runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys, time
from pathlib import Path
from explainer.charts.bundle import vega_bundle
from explainer.pipeline.build import build
root, what = Path(sys.argv[1]), sys.argv[2]
if what == "bundle":
    t, cpu = time.perf_counter(), time.process_time()
    code, made = vega_bundle(root / ".cache", "6.4")
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu, "made": made}))
else:
    import explainer.pipeline.build as pipeline
    stage, charts_stage = {}, pipeline.make_charts
    def timed(*args):
        t, cpu = time.perf_counter(), time.process_time()
        charts = charts_stage(*args)
        stage["charts"], stage["cpu"] = time.perf_counter() - t, time.process_time() - cpu
        return charts
    pipeline.make_charts = timed
    t = time.perf_counter(); result = build(root)
    print(json.dumps({"seconds": time.perf_counter() - t, "charts_stage": stage["charts"], "charts_cpu": stage["cpu"],
                      "rendered": result.charts_drawn, "charts": result.charts}))
"""


def measure(root: Path, what: str) -> dict:
    """Run one measurement in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(root), what], capture_output=True, text=True,
                          cwd=ROOT, check=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh_site(folder: Path) -> Path:
    """A copy of the repository's site with no cache."""
    for name in ("content", "site", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def run(runs: int) -> dict:
    """Every measurement, `runs` times each; medians reported."""
    samples: dict[str, list[float]] = {name: [] for name in (
        "bundle_cold", "bundle_cold_cpu", "bundle_cached", "build_cold", "build_warm", "charts_cold",
        "charts_cold_cpu", "charts_warm")}
    facts: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(runs):
            root = fresh_site(Path(scratch) / f"site-{index}")
            cold = measure(root, "bundle")
            assert cold["made"], "the bundle cache was expected to be empty"
            cached = measure(root, "bundle")
            samples["bundle_cold"].append(cold["seconds"])
            samples["bundle_cold_cpu"].append(cold["cpu"])
            samples["bundle_cached"].append(cached["seconds"])
            first, second = measure(root, "build"), measure(root, "build")
            assert second["rendered"] == 0, "a second build should render nothing"
            samples["build_cold"].append(first["seconds"])
            samples["build_warm"].append(second["seconds"])
            samples["charts_cold"].append(first["charts_stage"])
            samples["charts_cold_cpu"].append(first["charts_cpu"])
            samples["charts_warm"].append(second["charts_stage"])
            facts["charts"] = first["charts"]
            bundle = next((root / ".cache" / "vega").rglob("*.js")).read_bytes()
            facts["bundle_bytes"], facts["bundle_gzip_bytes"] = len(bundle), len(gzip.compress(bundle, 9))
    return {"runs": runs, **facts, **{name: statistics.median(values) for name, values in samples.items()}}


def report(numbers: dict) -> str:
    """The numbers as a reader would want them."""
    charts = numbers["charts"]
    return "\n".join([
        f"Charts ({charts} in the example site, median of {numbers['runs']} runs; each in a fresh process):",
        f"  chart stage, empty cache: {numbers['charts_cold']:.2f} s wall, {numbers['charts_cold_cpu']:.2f} s CPU "
        "(specs by Altair, SVG and PNG by vl-convert, imports included)",
        f"  chart stage, cached:      {numbers['charts_warm'] * 1000:.0f} ms (nothing rendered, nothing imported)",
        f"  whole build, empty chart cache: {numbers['build_cold']:.2f} s; cached: {numbers['build_warm']:.2f} s "
        "(the bundle cached in both)",
        "Vega bundle (vl_convert.javascript_bundle):",
        f"  size: {numbers['bundle_bytes']:,} bytes, {numbers['bundle_gzip_bytes']:,} bytes gzipped (level 9)",
        f"  made cold: {numbers['bundle_cold']:.2f} s wall, {numbers['bundle_cold_cpu']:.2f} s CPU; "
        f"read from the cache: {numbers['bundle_cached'] * 1000:.1f} ms",
    ])


def main() -> int:
    """Measure and print; --json for machines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    numbers = run(args.runs)
    print(json.dumps(numbers, indent=1) if args.json else report(numbers))
    print(f"(measured in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
