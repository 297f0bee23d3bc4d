"""The generator as another newsroom gets it: a wheel, installed into a new virtual environment with no
source tree, used through its `explainer` command on a site made by `explainer init`."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from support import ROOT, seed_bundle

pytestmark = pytest.mark.slow

# What the wheel is built from: everything pyproject.toml names, nothing of the rest of the repository.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "explainer", "templates", "site/static")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built from a copy of its sources with the installed setuptools."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out),
                           str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "deprecated" not in done.stderr.lower(), done.stderr
    return next(out.glob("explainer-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new venv holding the wheel; its dependencies come from this environment's site-packages, which is
    added at the end of its path (so the wheel's explainer, not the source tree's, is the one imported)."""
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                           text=True).strip())
    ours = sysconfig.get_paths()["purelib"]
    (purelib / "dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return env


def run(env: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed `explainer` command, run in `cwd`, with nothing of this repository on its path."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(env / "bin" / "explainer"), *args], cwd=cwd, capture_output=True, text=True,
                          env=clean, timeout=600)


def test_the_wheel_carries_the_theme_the_starter_site_and_an_spdx_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    theme = {n for n in names if n.startswith("explainer/theme/")}
    expected = {f"explainer/theme/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                for p in (ROOT / "templates").rglob("*") if p.is_file()}
    expected |= {f"explainer/theme/static/{p.relative_to(ROOT / 'site' / 'static').as_posix()}"
                 for p in (ROOT / "site" / "static").rglob("*") if p.is_file()}
    assert theme == expected
    assert "explainer/editors/starter-site/site/site.yaml" in names
    assert "explainer/editors/json-schemas/article.json" in names
    metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = email.message_from_bytes(zipfile.ZipFile(wheel).read(metadata_name))
    assert metadata["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    requires = {r.split(">")[0].split("<")[0].split("=")[0].strip().lower() for r in metadata.get_all("Requires-Dist")
                if "extra ==" not in r}
    assert {"jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml", "altair", "vl-convert-python", "livereload",
            "tornado", "markupsafe"} <= requires


def test_every_package_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "explainer").rglob("__init__.py")}
    assert found <= listed


def test_a_new_site_builds_and_passes_check_with_the_installed_wheel(installed, tmp_path, bundle_cache):
    version = run(installed, tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("explainer "), version
    where = subprocess.check_output([str(installed / "bin" / "python"), "-c",
                                     "import explainer; print(explainer.__file__)"], cwd=tmp_path, text=True)
    assert Path(where).resolve().is_relative_to(installed.resolve())  # not the source tree

    made = run(installed, tmp_path, "init", "newsroom")
    assert made.returncode == 0, made.stderr
    site = tmp_path / "newsroom"
    assert not (site / "templates").exists() and not (site / "site" / "static").exists()
    seed_bundle(site, bundle_cache)

    built = run(installed, site, "build")
    assert built.returncode == 0, built.stderr
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "Flood explained" in home  # the name from the new site.yaml, through the packaged templates
    assert list((site / "public" / "assets").glob("style.*.css"))  # the packaged static files
    assert (site / "public" / "the-flood" / "index.html").is_file()

    checked = run(installed, site, "check")
    assert checked.returncode == 0, checked.stderr
    assert "Check passed" in checked.stdout


def test_a_site_template_and_static_file_override_the_theme_file_by_file(installed, tmp_path, bundle_cache):
    assert run(installed, tmp_path, "init", "site").returncode == 0
    site = tmp_path / "site"
    seed_bundle(site, bundle_cache)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>Our own page-not-found.</p>{% endblock %}', encoding="utf-8")
    (site / "site" / "static").mkdir(parents=True)
    (site / "site" / "static" / "house.css").write_text("body { color: black; }\n", encoding="utf-8")

    built = run(installed, site, "build")
    assert built.returncode == 0, built.stderr
    assert "Our own page-not-found." in (site / "public" / "404.html").read_text(encoding="utf-8")
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "Our own page-not-found." not in home and "Flood explained" in home  # the other templates: the theme's
    assets = {p.name.split(".")[0] for p in (site / "public" / "assets").iterdir()}
    assert {"house", "style", "charts"} <= assets  # the site's file beside the theme's
