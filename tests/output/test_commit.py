"""A build commits once: whatever stops it (a kill between any two renames, a write that fails), the output
folder holds the old site or the new one, never a mix of both."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from support import ROOT, run_build, snapshot

# A build as the command line runs it, killed (os._exit: no cleanup, as SIGKILL) just before its n-th step:
# each rename or exchange output/write.py makes, and each point it marks with commit_point().
KILLED_BUILD = textwrap.dedent("""
    import os, sys, traceback
    import explainer.output.write as write
    limit, count = int(sys.argv[1]), [0]
    def step(*_):
        count[0] += 1
        if count[0] == limit:
            os._exit(9)
    def counted(real):
        def call(*args, **kwargs):
            if sys._getframe(1).f_code.co_filename == write.__file__:
                step()
            return real(*args, **kwargs)
        return call
    os.replace, os.rename = counted(os.replace), counted(os.rename)
    real_exchange = write.exchange
    write.exchange = lambda a, b: (step(), real_exchange(a, b))[1]
    write.COMMIT_HOOK = step
    from explainer.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def edit(root) -> None:
    """Change two articles' worth of pages: the story and the about page."""
    story = root / "content/articles/first-story.md"
    story.write_text(story.read_text().replace("## Beginning", "## The beginning"))
    about = root / "content/pages/about.md"
    about.write_text(about.read_text().replace("A test desk.", "A desk of tests."))


def test_a_kill_between_any_two_renames_leaves_the_old_site_or_the_new(tiny_site, tmp_path):
    out = tiny_site / "public"
    assert run_build(tiny_site).code == 0
    old = snapshot(out)
    edit(tiny_site)
    reference = tmp_path / "reference"
    assert run_build(tiny_site, "--out", str(reference)).code == 0
    new = snapshot(reference)
    saved = tmp_path / "saved"
    shutil.copytree(tiny_site, saved, symlinks=True)  # the old site, its manifest and the edited sources
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for limit in range(1, 200):
        shutil.rmtree(tiny_site)
        shutil.copytree(saved, tiny_site, symlinks=True)  # each kill meets the same starting point
        done = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(limit), "--root", str(tiny_site)],
                              env=env, capture_output=True, text=True, timeout=300)
        if out.is_dir():
            assert snapshot(out) in (old, new), f"a mix of two builds after a kill at step {limit}"
        if done.returncode == 0:
            break
        assert done.returncode == 9, done.stderr
        assert run_build(tiny_site).code == 0 and snapshot(out) == new  # the next build recovers
    else:
        pytest.fail("the build never finished")
    assert snapshot(out) == new


def test_a_failed_write_leaves_the_old_site_and_says_where(tiny_site, monkeypatch):
    import explainer.output.write as write
    from explainer.errors import BuildError
    from explainer.pipeline.incremental import IncrementalBuilder

    out = tiny_site / "public"
    IncrementalBuilder(tiny_site, persist=True).rebuild()
    old = snapshot(out)
    edit(tiny_site)
    calls = []
    real_replace = os.replace

    def failing(source, target, *args, **kwargs):  # a read-only subfolder, as a non-root user meets it
        if sys._getframe(1).f_code.co_filename == write.__file__:
            calls.append(target)
            if len(calls) == 2:
                raise PermissionError(13, "Permission denied", str(target))
        return real_replace(source, target, *args, **kwargs)

    def refuse_swap(step):
        if step == "swap":
            raise PermissionError(13, "Permission denied", str(out / "about"))

    monkeypatch.setattr(os, "replace", failing)
    monkeypatch.setattr(write, "COMMIT_HOOK", refuse_swap, raising=False)
    with pytest.raises(BuildError) as caught:
        IncrementalBuilder(tiny_site, persist=True).rebuild()
    assert snapshot(out) == old
    assert [str(p) for p in caught.value.problems] == ["public/about:1: cannot write the site: permission denied"]
    assert not list(tiny_site.glob(".public.staging-*"))
