"""The command line builds once and exits: it does not collect and freeze what the build leaves for a next build
in the same process (set_aside: 0.08 s at 10,000 articles), as the preview does."""

from __future__ import annotations

import gc

from explainer.pipeline.incremental import IncrementalBuilder

BASE = "https://example.org/"


def frozen_after(site, out, **options) -> int:
    gc.unfreeze()
    IncrementalBuilder(site, out=out, base_url=BASE, persist=True, **options).rebuild()
    try:
        return gc.get_freeze_count()
    finally:
        gc.unfreeze()


def test_a_one_build_run_sets_nothing_aside_and_a_lasting_builder_does(paged_nine, tmp_path):
    assert frozen_after(paged_nine, tmp_path / "once", once=True) == 0
    assert frozen_after(paged_nine, tmp_path / "lasting") > 0
