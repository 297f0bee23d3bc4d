"""Work shared between processes, and the heavy chart libraries loaded only when a chart must be drawn.

Each case runs in a fresh interpreter: pytest's own workers run threads, where forking is refused, and
whether a module was imported can only be asked of a process that started clean.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from support import ROOT, snapshot

from explainer.pipeline.build import build


def python(code: str, timeout: int = 300) -> str:
    """Run code in a fresh interpreter with the repository importable; its last line of output."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_small_batches_stay_in_process_and_large_ones_are_shared():
    found = json.loads(python("""
        import json, os
        from explainer.parallel import map_chunks
        task = lambda items: [(item * 2, os.getpid()) for item in items]
        small = map_chunks(task, list(range(5)), min_items=10)
        large = map_chunks(task, list(range(40)), min_items=10)
        print(json.dumps({"me": os.getpid(), "small": small, "large": large}))
    """))
    assert [value for value, _ in found["small"]] == [i * 2 for i in range(5)]
    assert {pid for _, pid in found["small"]} == {found["me"]}
    assert [value for value, _ in found["large"]] == [i * 2 for i in range(40)]  # in order
    assert found["me"] not in {pid for _, pid in found["large"]}


def test_items_reach_the_workers_without_pickling():
    """Workers slice the items they inherited: items that cannot be pickled (here, lambdas) are shared too."""
    found = json.loads(python("""
        import json, os
        from explainer.parallel import map_chunks
        items = [lambda i=i: i * 3 for i in range(40)]
        done = map_chunks(lambda chunk: [(item(), os.getpid()) for item in chunk], items, min_items=10)
        print(json.dumps({"me": os.getpid(), "done": done}))
    """))
    assert [value for value, _ in found["done"]] == [i * 3 for i in range(40)]
    assert found["me"] not in {pid for _, pid in found["done"]}


def test_guided_chunks_cover_the_items_in_order_and_shrink_to_a_small_last_one():
    from explainer.parallel import guided_chunks

    for count in (1, 2, 7, 40, 999, 1000, 10_000):
        for workers in (2, 3, 8):
            chunks = guided_chunks(count, workers)
            assert chunks[0][0] == 0 and chunks[-1][1] == count
            assert all(stop == start for (_, stop), (start, _) in zip(chunks, chunks[1:]))
            sizes = [stop - start for start, stop in chunks]
            assert min(sizes) >= 1 and sizes == sorted(sizes, reverse=True)
            share = count / workers
            assert max(sizes) <= -(-share // 4)  # progress is reported at least four times a worker
            # the tail each worker may be left waiting on is about a 64th of its share, not a quarter
            assert all(size <= max(1, -(-share // 32)) for size in sizes[-workers:]), (count, workers, sizes)
    assert guided_chunks(0, 2) == []
    assert [stop - start for start, stop in guided_chunks(1000, 2)][:5] == [125] * 5


def test_meanwhile_runs_here_while_the_workers_run_and_after_the_task_without_them():
    found = json.loads(python("""
        import json, os, time
        from explainer.parallel import map_chunks
        def task(items):
            time.sleep(0.3)  # 13 chunks (guided_chunks), two workers: at least 1.8 s
            return [os.getpid() for _ in items]
        def meanwhile():
            called.append((os.getpid(), time.monotonic(), len(done)))
        called, done = [], []
        done = map_chunks(task, list(range(40)), min_items=10, meanwhile=meanwhile)
        shared = called.pop() + (time.monotonic(),)
        alone = map_chunks(lambda items: called.append("task") or items, [1], min_items=10, meanwhile=meanwhile)
        print(json.dumps({"me": os.getpid(), "shared": shared, "called": called, "alone": alone}))
    """))
    me, at, results_then, finished = found["shared"]
    assert me == found["me"] and results_then == 0 and finished - at > 0.6  # the workers were still at it
    assert found["called"][0] == "task" and found["called"][1][0] == found["me"] and found["alone"] == [1]


def test_no_fork_once_vl_convert_is_loaded_or_threads_run():
    assert python("""
        import threading, time
        from explainer.parallel import can_fork
        before = can_fork()
        thread = threading.Thread(target=time.sleep, args=(0.5,)); thread.start()
        during_thread = can_fork(); thread.join()
        import vl_convert
        print(before, during_thread, can_fork())
    """) == "True False False"


def test_charts_rendered_in_forked_workers_match_rendering_in_one_process():
    """vl-convert started in each worker (never in the parent) draws the same SVG as a single process."""
    specs = """
        specs = [{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 200, "height": 100,
                  "data": {"values": [{"d": "2022-0%d-01" % m, "v": m * k} for m in range(1, 7)]},
                  "mark": "line", "encoding": {"x": {"field": "d", "type": "temporal", "scale": {"type": "utc"}},
                                               "y": {"field": "v", "type": "quantitative"}}} for k in range(1, 5)]
        def draw(chunk):
            import os, vl_convert
            return [(os.getpid(), vl_convert.vegalite_to_svg(spec)) for spec in chunk]
    """
    shared = json.loads(python(specs + """
        import json, os
        from explainer.parallel import map_chunks
        drawn = map_chunks(draw, specs, min_items=2)
        print(json.dumps({"me": os.getpid(), "drawn": drawn}))
    """))
    alone = json.loads(python(specs + """
        import json
        print(json.dumps([svg for _, svg in draw(specs)]))
    """))
    assert [svg for _, svg in shared["drawn"]] == alone and all("<svg" in svg for svg in alone)
    assert shared["me"] not in {pid for pid, _ in shared["drawn"]}


def test_a_cached_build_imports_neither_altair_nor_vl_convert(tiny_site, tmp_path):
    """Charts drawn once are read from .cache: a cold pipeline run after that must not load the chart stack."""
    build(tiny_site, out=tmp_path / "first")
    loaded = python(f"""
        import sys
        from pathlib import Path
        from explainer.pipeline.build import build
        build(Path({str(tiny_site)!r}), out=Path({str(tmp_path / "second")!r}))
        print(sorted(name for name in ("altair", "vl_convert") if name in sys.modules))
    """)
    assert loaded == "[]"


def test_a_site_without_charts_imports_neither(tiny_site, tmp_path):
    meta = tiny_site / "content/articles/first-story.yaml"
    text = meta.read_text()
    meta.write_text(text[:text.index("charts:")] + text[text.index("claims:"):])
    body = tiny_site / "content/articles/first-story.md"
    body.write_text(body.read_text().replace("::: chart counts-chart\n", ""))
    loaded = python(f"""
        import sys
        from pathlib import Path
        from explainer.pipeline.build import build
        result = build(Path({str(tiny_site)!r}), out=Path({str(tmp_path / "out")!r}))
        assert result.charts == 0
        print(sorted(name for name in ("altair", "vl_convert") if name in sys.modules))
    """)
    assert loaded == "[]"


SHARED_BUILD = """
    import json, os, sys
    from pathlib import Path
    import explainer.pipeline.articles, explainer.content.validate
    from explainer.errors import BuildError
    from explainer.pipeline.build import build
    explainer.pipeline.articles.PARALLEL_MIN = 2  # share even a tiny site
    pids = Path(sys.argv[1]) / "pids.txt"
    def noting(name, function):  # record which process ran a stage's work
        def wrapper(*args, **kwargs):
            with open(pids, "a") as handle:
                handle.write(f"{{name}} {{os.getpid()}}\\n")
            return function(*args, **kwargs)
        return wrapper
    explainer.content.validate.check_article = noting("validate", explainer.content.validate.check_article)
    import multiprocessing, explainer.pipeline.build
    listing = explainer.pipeline.build.render_listing
    def listing_noted(*args, **kwargs):  # how many workers are still alive when a listing page is rendered
        with open(Path(sys.argv[1]) / "listings.txt", "a") as handle:
            handle.write(f"{{len(multiprocessing.active_children())}}\\n")
        return listing(*args, **kwargs)
    explainer.pipeline.build.render_listing = listing_noted
    explainer.pipeline.articles.write_file = noting("write", explainer.pipeline.articles.write_file)
    try:
        result = build(Path({root!r}), out=Path({out!r}))
        print(json.dumps({{"me": os.getpid(), "problems": [], "pages": result.pages}}))
    except BuildError as err:
        print(json.dumps({{"me": os.getpid(), "problems": [str(p) for p in err.problems]}}))
"""


def copy_articles(site, count: int) -> None:
    """`count` more articles like the tiny site's first (without its chart, whose id must stay unique)."""
    meta = (site / "content/articles/first-story.yaml").read_text()
    meta = meta[:meta.index("charts:")] + meta[meta.index("claims:"):]
    body = (site / "content/articles/first-story.md").read_text().replace("::: chart counts-chart\n", "")
    for number in range(count):
        (site / f"content/articles/story-{number}.yaml").write_text(meta.replace("First story", f"Story {number}"))
        (site / f"content/articles/story-{number}.md").write_text(body)


def build_shared(site, out, tmp_path, workers: str) -> tuple[dict, dict]:
    """Build in a fresh interpreter with EXPLAINER_WORKERS=workers; the result and which processes did what."""
    folder = tmp_path / f"run-{workers}-{out.name}"
    folder.mkdir()
    code = textwrap.dedent(SHARED_BUILD.format(root=str(site), out=str(out)))
    done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                            "EXPLAINER_WORKERS": workers})
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    stages: dict = {}
    for line in (folder / "pids.txt").read_text().splitlines():
        stage, pid = line.split()
        stages.setdefault(stage, set()).add(int(pid))
    return found, {stage: pids - {found["me"]} for stage, pids in stages.items()}


def test_a_build_shared_between_processes_equals_one_made_in_one(tiny_site, tmp_path):
    """Rendering in forked workers, each writing its own files into the staging folder, gives the same site,
    byte for byte, as one process doing everything. (Validation stays in the parent: it is cheaper there.)"""
    copy_articles(tiny_site, 7)
    shared, workers = build_shared(tiny_site, tmp_path / "shared", tmp_path, "2")
    alone, helpers = build_shared(tiny_site, tmp_path / "alone", tmp_path, "1")
    # Really done in other processes: one or both (on a busy machine one worker may take every chunk).
    assert not workers["validate"] and 1 <= len(workers["write"]) <= 2
    assert not helpers["validate"] and not helpers["write"]
    assert shared["pages"] == alone["pages"] == 13  # 8 articles, 1 embed, home, about, corrections, 404
    assert snapshot(tmp_path / "shared") == snapshot(tmp_path / "alone")
    assert not list(tmp_path.glob(".shared.*")) and not list(tmp_path.glob(".alone.*"))  # no staging left
    # The parent renders the listing pages while the workers make the articles.
    assert (tmp_path / "run-2-shared/listings.txt").read_text().split() == ["2"]
    assert (tmp_path / "run-1-alone/listings.txt").read_text().split() == ["0"]


def test_problems_found_in_workers_are_all_reported_and_nothing_is_written(tiny_site, tmp_path):
    copy_articles(tiny_site, 7)
    articles = tiny_site / "content/articles"
    (articles / "story-1.yaml").write_text((articles / "story-1.yaml").read_text().replace("title:", "title: [oops"))
    (articles / "story-4.yaml").write_text((articles / "story-4.yaml").read_text().replace("dek:", "dekk:"))
    shared, workers = build_shared(tiny_site, tmp_path / "shared", tmp_path, "2")
    alone, _ = build_shared(tiny_site, tmp_path / "alone", tmp_path, "1")
    assert shared["problems"] == alone["problems"]
    assert sorted({p.split(":")[0] for p in shared["problems"]}) == [
        "content/articles/story-1.yaml", "content/articles/story-4.yaml"]
    assert any("'dekk'" in p for p in shared["problems"])
    assert not (tmp_path / "shared").exists() and not list(tmp_path.glob(".shared.*"))
    # Metadata fixed, a broken link in one article's text is found by the worker that renders it.
    copy_articles(tiny_site, 7)
    (articles / "story-6.md").write_text("A link to [nowhere](/no-such-page/).\n")
    shared, workers = build_shared(tiny_site, tmp_path / "linked", tmp_path, "2")
    assert 1 <= len(workers["write"]) <= 2
    assert [p.split(":")[0] for p in shared["problems"]] == ["content/articles/story-6.md"]
    assert "/no-such-page/" in shared["problems"][0]
    assert not (tmp_path / "linked").exists() and not list(tmp_path.glob(".linked.*"))
