"""Rendering is cached by content hash: a rebuild with no data change renders no chart, and does not
even import Altair or vl_convert."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from support import ROOT, run_build, snapshot

from explainer.charts import draw
from explainer.pipeline.build import build


def test_second_build_reuses_every_chart_and_writes_the_same_site(chart_site):  # noqa: F811
    first = run_build(chart_site)
    assert first.code == 0, first.err
    assert "1 charts (1 rendered, 0 reused from cache)" in first.out
    before = snapshot(chart_site / "public")
    second = run_build(chart_site)
    assert "1 charts (0 rendered, 1 reused from cache)" in second.out
    assert snapshot(chart_site / "public") == before


def test_cache_hit_calls_no_renderer(chart_site, monkeypatch):  # noqa: F811
    build(chart_site)

    def refuse(kind, spec):
        raise AssertionError("a cached chart was rendered again")

    monkeypatch.setattr(draw, "convert", refuse)
    result = build(chart_site)
    assert (result.charts, result.charts_drawn) == (1, 0)


def test_a_changed_value_renders_that_chart_again(chart_site):  # noqa: F811
    assert run_build(chart_site).code == 0
    data = chart_site / "content" / "data" / "counts.yaml"
    data.write_text(data.read_text().replace("killed: 15", "killed: 16"))
    result = run_build(chart_site)
    assert "1 charts (1 rendered, 0 reused from cache)" in result.out, result.err
    assert "2022-04-01,counts,killed,Killed,16," in (chart_site / "public" / "charts" / "counts-chart.csv").read_text()


def test_cached_rebuild_imports_neither_altair_nor_vl_convert(chart_site):  # noqa: F811
    assert run_build(chart_site).code == 0
    probe = ("import sys; from pathlib import Path; from explainer.pipeline.build import build; "
             f"build(Path({str(chart_site)!r})); "
             "print(sorted(m for m in ('altair', 'vl_convert') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_deleted_cache_is_rebuilt(chart_site):  # noqa: F811
    assert run_build(chart_site).code == 0
    for path in (chart_site / ".cache" / "charts").rglob("*.*"):
        path.unlink()
    shutil.rmtree(chart_site / ".cache" / "build")  # the build state too, or nothing needs drawing at all
    result = run_build(chart_site)
    assert result.code == 0 and "(1 rendered, 0 reused from cache)" in result.out
