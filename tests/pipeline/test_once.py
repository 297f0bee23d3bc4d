"""The command line builds once and exits: it does not collect and freeze what the build leaves for a next build
in the same process (set_aside: 0.08 s at 10,000 articles), as the preview does."""

from __future__ import annotations

import gc
import json
import sys

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


def collections_during(site, out, **options) -> list:
    """The generations the collector ran in this process while IncrementalBuilder built the site once (from
    when it holds the build lock: the lazy imports before it may collect)."""
    runs: list = []

    def seen(phase, info):
        if phase == "start" and building():
            runs.append(info["generation"])

    gc.callbacks.append(seen)
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # a collection at every allocation that may start one: any build would run many
    try:
        IncrementalBuilder(site, out=out, base_url=BASE, persist=True, **options).rebuild()
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(seen)
        gc.unfreeze()
    return runs


def building() -> bool:
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code.co_name == "rebuild_locked":
            return True
        frame = frame.f_back
    return False


def test_a_one_build_run_pauses_the_collector_and_a_lasting_builder_does_not(paged_nine, tmp_path):
    assert collections_during(paged_nine, tmp_path / "once", once=True) == []
    assert gc.isenabled()  # given back after the build
    assert collections_during(paged_nine, tmp_path / "lasting")  # (the preview's own set_aside collects too)


def test_workers_collect_their_own_garbage_when_the_parent_does_not_and_less_often():
    from test_parallel import python

    found = json.loads(python("""
        import gc, json
        from explainer.parallel import map_chunks
        gc.disable()
        done = map_chunks(lambda chunk: [(gc.isenabled(), gc.get_threshold()) for _ in chunk], list(range(40)),
                          min_items=10)
        print(json.dumps({"done": done, "here": [gc.isenabled(), gc.get_threshold()]}))
    """))
    from explainer.parallel import WORKER_YOUNG

    enabled, threshold = found["here"]
    assert found["done"] == [[True, [WORKER_YOUNG, *threshold[1:]]]] * 40
    assert not enabled and threshold[0] != WORKER_YOUNG  # the parent's own settings are left as they were


def test_a_build_process_pauses_the_collector_throughout_and_freezes_what_it_made(paged_nine, tmp_path):
    from test_parallel import python

    found = json.loads(python(f"""
        import gc, json
        from explainer import cli
        from explainer.pipeline import incremental
        seen = []
        rebuild = incremental.IncrementalBuilder.rebuild
        def watched(self, *args):
            seen.append(gc.isenabled())
            return rebuild(self, *args)
        incremental.IncrementalBuilder.rebuild = watched
        status = cli.process(["build", "--root", {str(paged_nine)!r}, "--out", {str(tmp_path / "out")!r}, "-q"])
        after = [gc.isenabled(), gc.get_freeze_count()]
        gc.enable(); gc.unfreeze()
        again = cli.main(["build", "--root", {str(paged_nine)!r}, "--out", {str(tmp_path / "again")!r}, "-q"])
        print(json.dumps({{"status": [status, again], "seen": seen, "after": after, "then": gc.isenabled()}}))
    """))
    assert found["status"] == [0, 0]
    assert found["seen"] == [False, True]  # process() paused it before the build; main() leaves it alone
    assert found["after"][0] is False and found["after"][1] > 1000  # what the build made is frozen, not walked
    assert found["then"] is True
