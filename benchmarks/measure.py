"""How the benchmarks time a process and tell how busy the machine is (shared by bench.py, vs_hugo.py and
scale.py, which bench.py hands over to)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """One timed process: wall seconds, CPU seconds (user + system, children included), peak memory."""

    wall: float
    cpu: float
    peak_mb: float
    out: str


def run_measured(args: list[str]) -> Run:
    """run(), with CPU time and peak memory from os.wait4."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=REPO)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{out.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode())


SPIN = "s = 0\nfor j in range(4_000_000): s += j"


def effective_cores() -> float:
    """How many cores this process really gets now: two CPU-bound processes against one (2.0 on an idle machine)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", SPIN], check=True)
    one = time.perf_counter() - started
    started = time.perf_counter()
    both = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
    for process in both:
        process.wait()
    return round(2 * one / (time.perf_counter() - started), 2)
