"""Fixtures and helpers for the chart tests: the repository's own site built once per test session,
and a Vega bundle made once and copied into each fresh site (making it takes seconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, TINY_FILES, write_files

from explainer.build.pipeline import build
from explainer.charts.bundle import vega_bundle

VEGA_LITE = "6.4"


@pytest.fixture(scope="session")
def bundle_cache(tmp_path_factory) -> Path:
    """A cache folder holding only the Vega bundle."""
    cache = tmp_path_factory.mktemp("bundle-cache")
    vega_bundle(cache, VEGA_LITE)
    return cache


def seed_bundle(root: Path, bundle_cache: Path) -> None:
    """Give a site the ready-made bundle, so its first build renders charts but not the bundle."""
    shutil.copytree(bundle_cache / "vega", root / ".cache" / "vega", dirs_exist_ok=True)


def copy_repository_site(root: Path) -> Path:
    """The repository's content, site settings and templates, copied under `root`."""
    for name in ("content", "site", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.fixture(scope="session")
def example_site(tmp_path_factory, bundle_cache) -> Path:
    """The repository's two explainers, built once into <root>/public; returns the root."""
    root = copy_repository_site(tmp_path_factory.mktemp("example-site"))
    seed_bundle(root, bundle_cache)
    build(root)
    return root


@pytest.fixture
def chart_site(tmp_path: Path, bundle_cache) -> Path:
    """The tiny site of conftest (one casualties chart), with the bundle cache seeded."""
    root = tmp_path / "chart-site"
    write_files(root, TINY_FILES)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "site" / "static", root / "site" / "static")
    seed_bundle(root, bundle_cache)
    return root


def load_content(root: Path):
    """The validated content of a site (stages 1-3), for tests of later stages."""
    from explainer.content.collect import collect_content
    from explainer.content.config import load_site
    from explainer.content.validate import validate_content
    from explainer.errors import Problems

    problems = Problems(root=root)
    site = load_site(root, problems)
    content = validate_content(site, collect_content(site, problems), problems)
    problems.stop_if_any()
    return content


def walk(spec):
    """Every dict inside a spec, depth first (layers, encodings, marks)."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from walk(item)
