"""`explainer init DIR`: a new site that builds and passes check at once, and never writes over a file."""

from __future__ import annotations

import re

import yaml
from support import ROOT, run_build, seed_bundle

from explainer.cli import main
from explainer.content.config import SITE_FIELDS
from explainer.editors.init import STARTER


def test_a_new_site_builds_and_passes_check_at_once(tmp_path, bundle_cache):
    assert main(["init", str(tmp_path / "new")]) == 0
    site = tmp_path / "new"
    for name in ("site/site.yaml", "content/articles/the-flood.md", "content/articles/the-flood.yaml",
                 "content/data/shelter-occupancy.yaml", "content/sources.yaml", "content/pages/about.md",
                 ".github/workflows/pages.yml", "README.md", ".gitignore", "requirements.txt"):
        assert (site / name).is_file(), name
    seed_bundle(site, bundle_cache)
    built = run_build(site)
    assert built.code == 0, built.err
    page = (site / "public" / "the-flood" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Example Town Council" in page  # the chart is drawn, its source listed
    checked = run_build(site, "check")
    assert checked.code == 0 and "Check passed" in checked.out, checked.err


def test_site_yaml_explains_every_field():
    text = (STARTER / "site" / "site.yaml").read_text(encoding="utf-8")
    for name in SITE_FIELDS:
        line = next((line for line in text.splitlines() if re.match(rf"^#? ?{name}:", line)), None)
        assert line is not None, f"site.yaml does not show '{name}'"
        before = text.splitlines()[text.splitlines().index(line) - 1]
        assert before.startswith("# "), f"'{name}' has no comment above it"
    assert set(yaml.safe_load(text)) <= set(SITE_FIELDS)


def test_the_site_identity_is_in_site_yaml_not_in_templates():
    settings = yaml.safe_load((ROOT / "site" / "site.yaml").read_text(encoding="utf-8"))
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for field in ("title", "description", "publisher"):
                assert settings[field] not in text, f"{path.name} spells the site's {field}"
            assert "Sievierodonetsk" not in text, path.name


def test_init_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_build(tmp_path, "init", str(tmp_path / "old"))
    assert done.code == 1 and "not an empty folder" in done.err
    assert (tmp_path / "old" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == ["notes.txt"]
