"""Shared fixtures; the helpers they use, and that tests import, are in support.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import (
    CHROMIUM,
    ROOT,
    TINY_FILES,
    VEGA_LITE,
    copy_repository_site,
    run_build,
    seed_bundle,
    write_files,
    write_tiny_site,
    write_uk_site,
)

from explainer.charts.bundle import vega_bundle
from explainer.pipeline.build import build


@pytest.fixture(scope="session")
def tiny_cache(tmp_path_factory) -> Path:
    """The chart cache of the tiny site (its rendered chart and the Vega bundle), made once a session:
    making the bundle and starting vl-convert cost seconds that most tests have no reason to pay."""
    root = write_tiny_site(tmp_path_factory.mktemp("tiny-cache") / "site-root")
    build(root)
    return root / ".cache"


@pytest.fixture
def tiny_site(tmp_path: Path, tiny_cache: Path) -> Path:
    """A minimal valid site using the repository's own templates and static files, its cache warm."""
    root = write_tiny_site(tmp_path / "site-root")
    shutil.copytree(tiny_cache, root / ".cache")
    return root


@pytest.fixture(scope="session")
def bundle_cache(tmp_path_factory) -> Path:
    """A cache folder holding only the Vega bundle."""
    cache = tmp_path_factory.mktemp("bundle-cache")
    vega_bundle(cache, VEGA_LITE)
    return cache


@pytest.fixture(scope="session")
def example_site(tmp_path_factory, bundle_cache) -> Path:
    """The repository's two explainers, built once into <root>/public; returns the root."""
    root = copy_repository_site(tmp_path_factory.mktemp("example-site"))
    seed_bundle(root, bundle_cache)
    build(root)
    return root


@pytest.fixture
def chart_site(tmp_path: Path, bundle_cache) -> Path:
    """The tiny site of support.TINY_FILES (one casualties chart), with the bundle cache seeded."""
    root = tmp_path / "chart-site"
    write_files(root, TINY_FILES)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "site" / "static", root / "site" / "static")
    seed_bundle(root, bundle_cache)
    return root


@pytest.fixture(scope="session")
def published_example(tmp_path_factory) -> Path:
    """The repository's own content, built through the command line for a GitHub Pages subpath
    (https://example.github.io/explainer/), once a session; read it, do not change it."""
    out = tmp_path_factory.mktemp("published") / "public"
    result = run_build(ROOT, "build", "--base-url", "https://example.github.io/explainer/", "--out", str(out))
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def uk_site(tmp_path_factory, tiny_cache) -> Path:
    """The tiny site with its Ukrainian edition (support.write_uk_site), built once a session for a host
    (https://example.org/t/) into <root>/public; read it, do not change it."""
    root = write_uk_site(tmp_path_factory.mktemp("uk-site") / "site-root")
    shutil.copytree(tiny_cache, root / ".cache")
    build(root, base_url="https://example.org/t/")
    return root


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a test module: skipped without it, except under CI=true, where that is a failure."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def paged_nine(tmp_path: Path) -> Path:
    """Nine articles of the benchmarks' text corpus, three a page: the home page holds 8, 7, 6; page 2: 5, 4,
    3; page 3: 2, 1, 0 (and the feed the newest three: 8, 7, 6)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from text_corpus import write_text_corpus

    root, _ = write_text_corpus(tmp_path / "corpus", 9)
    with open(root / "site" / "site.yaml", "a", encoding="utf-8") as site:
        site.write("per_page: 3\n")
    return root

