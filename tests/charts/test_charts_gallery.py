"""docs/CHARTS.md and its pictures (docs/charts/) are what `make gallery` makes from today's code and data:
regenerated into a temporary folder and compared byte for byte. The drawings go through the site's chart
cache, so after a build or a first run this draws nothing and takes a couple of seconds."""

from __future__ import annotations

import pytest
from support import ROOT

from explainer.charts.gallery import write_gallery

pytestmark = pytest.mark.slow  # on a cold cache it draws 28 SVGs with vl-convert


def test_the_chart_gallery_is_current(tmp_path):
    page = write_gallery(ROOT, tmp_path)
    made = {path.relative_to(tmp_path).as_posix(): path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    kept = {path.relative_to(ROOT / "docs").as_posix(): path.read_bytes()
            for path in [ROOT / "docs" / "CHARTS.md", *(ROOT / "docs" / "charts").glob("*")]}
    assert page == tmp_path / "CHARTS.md" and len(made) == 29
    stale = sorted(name for name in made.keys() | kept.keys() if made.get(name) != kept.get(name))
    assert not stale, f"docs/ is out of date, run `make gallery`: {', '.join(stale)}"
