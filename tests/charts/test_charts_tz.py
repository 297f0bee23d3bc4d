"""Charts do not depend on the machine's time zone: builds under three zones are byte-identical."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import ROOT, copy_repository_site, seed_bundle, snapshot

ZONES = ("UTC", "Asia/Tokyo", "America/Los_Angeles")  # west of UTC too: a date can slip a day back


@pytest.mark.slow
def test_builds_in_different_time_zones_are_byte_identical(tmp_path, bundle_cache):  # noqa: F811
    sites = {}
    for zone in ZONES:
        root = copy_repository_site(tmp_path / zone.replace("/", "-"))
        seed_bundle(root, bundle_cache)  # the bundle only; every chart is rendered under this zone
        env = {**os.environ, "TZ": zone, "SOURCE_DATE_EPOCH": "1800000000", "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root)], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "10 charts (10 rendered, 0 reused from cache)" in done.stdout
        sites[zone] = snapshot(root / "public")
    reference = sites["UTC"]
    assert {"civilian-toll/card.png", "charts/displacement.vl.json", "embed/displacement/index.html"} <= set(reference)
    for zone in ZONES[1:]:
        differing = sorted(p for p in set(reference) | set(sites[zone]) if reference.get(p) != sites[zone].get(p))
        assert differing == [], f"{zone} differs from UTC in {differing}"
