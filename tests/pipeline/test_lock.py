"""One build of a site at a time: .cache/build.lock (an advisory flock) makes a second build wait, with a
message, instead of tripping over the first one's manifest and staging folder."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

from support import ROOT, run_build, snapshot


def test_a_build_waits_for_the_lock_and_says_so(tiny_site):
    lock = tiny_site / ".cache/build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        waiting = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(tiny_site)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = waiting.stderr.readline()  # the event: it says it waits (and nothing was built meanwhile)
        assert "Waiting for another build of this site to finish" in line
        assert waiting.poll() is None and not (tiny_site / "public").exists()
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert (tiny_site / "public/index.html").is_file()


def test_simultaneous_builds_all_succeed(tiny_site, tmp_path):
    assert run_build(tiny_site, "--out", str(tmp_path / "reference")).code == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(3):
        story = tiny_site / "content/articles/first-story.md"
        story.write_text(story.read_text() + f"\nRound {round_}.\n")
        builds = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(tiny_site)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
        results = [(build.wait(timeout=300), build.stderr.read()) for build in builds]
        assert [code for code, _ in results] == [0, 0, 0, 0], [err for _, err in results]
    reference = tmp_path / "again"
    assert run_build(tiny_site, "--out", str(reference)).code == 0
    assert snapshot(tiny_site / "public") == snapshot(reference)

