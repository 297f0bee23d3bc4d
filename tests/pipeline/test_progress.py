"""Progress of long stages: silent for short work, plain lines off a terminal, a bar on one, off with -q."""

from __future__ import annotations

import io
import time

from support import run_build

from explainer import parallel


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def slow_task(chunk):
    time.sleep(0.05)
    return [item * 2 for item in chunk]


def run_stage(stream, monkeypatch, after: float):
    monkeypatch.setattr(parallel, "AFTER_SECONDS", after)
    monkeypatch.setattr(parallel, "LINE_SECONDS", 0.0)
    parallel.enable_progress(stream)
    try:
        return parallel.map_chunks(slow_task, list(range(40)), min_items=2, stage="making articles")
    finally:
        parallel.disable_progress()


def test_plain_lines_say_the_stage_done_total_and_time(monkeypatch):
    stream = io.StringIO()
    assert run_stage(stream, monkeypatch, after=0.0) == [i * 2 for i in range(40)]
    lines = stream.getvalue().splitlines()
    assert lines and all(line.startswith("making articles: ") and line.endswith(" s)") for line in lines)
    assert lines[-1].startswith("making articles: 40/40 (")


def test_a_terminal_gets_one_bar_redrawn(monkeypatch):
    stream = Terminal()
    run_stage(stream, monkeypatch, after=0.0)
    text = stream.getvalue()
    assert text.startswith("\rmaking articles [") and text.endswith("\n") and text.count("\n") == 1
    assert "40/40" in text.rsplit("\r", 1)[-1]


def test_short_work_says_nothing(monkeypatch):
    stream = io.StringIO()
    run_stage(stream, monkeypatch, after=60.0)
    assert stream.getvalue() == ""


def test_quiet_builds_print_no_progress(tiny_site):
    done = run_build(tiny_site, "-q", "--base-url", "https://example.org/")
    assert done.code == 0 and done.err == "" and done.out == ""


def test_progress_ends_with_the_command(tiny_site, capsys):
    from explainer.cli import main

    assert main(["build", "--base-url", "https://news.example.net/"], root=tiny_site) == 0
    assert parallel._stream is None  # a later build in this process (a test, a script) prints no progress
