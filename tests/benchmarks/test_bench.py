"""The benchmark runs end to end on a tiny corpus (its numbers are not checked here: machines are noisy)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import ROOT


@pytest.mark.slow
def test_bench_runs_and_reports_every_row(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks/bench.py"), "--n", "12", "--repeat", "1",
                           "--dir", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    for row in ("bare", "cold", "no-op rebuild", "one-article edit", "one-dataset edit", "one-template edit",
                "peak memory", "article with chart", "404"):
        assert row in report, f"{row!r} missing from:\n{report}"
    assert "charts rendered by warm rebuilds (no-op and text edits): 0 " in report
    assert "modules they imported: neither altair nor vl_convert" in report
    assert not list(tmp_path.iterdir()), "the corpus was not cleaned up"
