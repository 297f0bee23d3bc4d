"""Shared fixtures: a tiny site written into tmp_path, and ways to run the command line on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TINY_FILES = {
    "site/site.yaml": """\
        title: Tiny site
        description: A site for tests.
        publisher: Test desk
        nav: [about]
        """,
    "content/sources.yaml": """\
        un-report:
          publisher: United Nations
          title: A report
          url: https://example.org/report
          published: 2022-05-01
          accessed: 2026-11-20
        news-report:
          publisher: A newspaper
          title: An interview
          url: https://example.org/news
          accessed: 2026-11-20
        """,
    "content/events.yaml": """\
        start:
          date: 2022-02-24
          label: Start
          source: un-report
        """,
    "content/data/counts.yaml": """\
        title: Counts
        unit: people
        measure: cumulative
        notes: Test data.
        series:
          killed: Killed
          injured: Injured
        points:
          - date: 2022-03-01
            killed: 10
            injured: 20
            source: un-report
          - date: 2022-04-01
            killed: 15
            injured: 31
            source: un-report
        """,
    "content/articles/first-story.yaml": """\
        title: First story
        dek: What happened first.
        published: 2022-06-01
        byline: [Test desk]
        places: [Somewhere]
        tags: [test]
        key_figures:
          - id: dead
            label: People killed
            value: 15
            qualifier: at least
            unit: people
            as_of: 2022-04-01
            source: un-report
        charts:
          - id: counts-chart
            kind: casualties-cumulative
            data: [counts]
            title: Counts over time
            description: Killed and injured rose over time.
            events: [start]
        claims:
          - claim: Something was said.
            by: An official
            party: ukraine
            date: 2022-05-02
            status: unverified
            source: news-report
        updates:
          - date: 2022-06-02
            kind: correction
            text: Fixed a figure.
        """,
    "content/articles/first-story.md": """\
        ## Beginning

        At least {fig}`dead` were killed; by April it was {data}`counts/killed/2022-04-01`.

        ::: chart counts-chart

        See [how we work](/about/).
        """,
    "content/pages/about.md": """\
        ---
        title: About
        description: About this site.
        ---
        ## Who we are

        A test desk.
        """,
}


@dataclass
class Result:
    """What a command printed and returned."""

    code: int
    out: str
    err: str


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write files (text is dedented) under root."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")


def write_tiny_site(root: Path) -> Path:
    """The tiny site's files under root, with the repository's templates and static files."""
    write_files(root, TINY_FILES)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "site" / "static", root / "site" / "static")
    return root


@pytest.fixture(scope="session")
def tiny_cache(tmp_path_factory) -> Path:
    """The chart cache of the tiny site (its rendered chart and the Vega bundle), made once a session:
    making the bundle and starting vl-convert cost seconds that most tests have no reason to pay."""
    from explainer.build.pipeline import build

    root = write_tiny_site(tmp_path_factory.mktemp("tiny-cache") / "site-root")
    build(root)
    return root / ".cache"


@pytest.fixture
def tiny_site(tmp_path: Path, tiny_cache: Path) -> Path:
    """A minimal valid site using the repository's own templates and static files, its cache warm."""
    root = write_tiny_site(tmp_path / "site-root")
    shutil.copytree(tiny_cache, root / ".cache")
    return root


def run_build(root: Path, *args: str) -> Result:
    """Run `build.py` in a subprocess against `root`, as an editor would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, env=env, timeout=300)
    return Result(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
