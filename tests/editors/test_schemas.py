"""The editors' JSON Schemas: current with the validator's field tables, accepting the content that builds and
refusing the shape errors the build refuses."""

from __future__ import annotations

import datetime as dt
import textwrap

import jsonschema
import pytest
import yaml
from support import ROOT, TINY_FILES

from explainer.editors.init import STARTER
from explainer.editors.schemas import GLOBS, PACKAGED, file_schema, schema_for, site_schemas


def as_json(value):
    """YAML as the YAML language server sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(file_schema(kind))
    return [e.message for e in validator.iter_errors(as_json(yaml.safe_load(textwrap.dedent(text))))]


def test_the_schema_files_are_current():
    on_disk = {p.stem: p.read_text(encoding="utf-8") for p in PACKAGED.glob("*.json")}
    assert on_disk == site_schemas(), "run `make schemas`"


def test_every_schema_is_a_valid_json_schema():
    for kind in site_schemas():
        jsonschema.Draft202012Validator.check_schema(file_schema(kind))


@pytest.mark.parametrize("folder", [ROOT, STARTER], ids=["this repository", "explainer init"])
def test_the_schemas_accept_content_that_builds(folder):
    checked = 0
    for kind, glob in GLOBS.items():
        for path in sorted(folder.glob(glob)):
            if "." in path.stem:  # a translation: no schema of its own (the build checks its words)
                assert schema_for(path.relative_to(folder)) is None
                continue
            assert schema_for(path.relative_to(folder)) == kind
            assert errors(kind, path.read_text(encoding="utf-8")) == [], path
            checked += 1
    assert checked >= 5


def test_the_schemas_accept_the_tiny_test_site():
    for name, text in TINY_FILES.items():
        if schema_for(name):
            assert errors(schema_for(name), text) == [], name


@pytest.mark.parametrize("kind, text, expected", [
    ("article", TINY_FILES["content/articles/first-story.yaml"].replace("title: First story", "title: [a]"),
     "is not of type"),
    ("article", TINY_FILES["content/articles/first-story.yaml"].replace("dek:", "dekk:"), "'dekk' was unexpected"),
    ("article", TINY_FILES["content/articles/first-story.yaml"].replace("        published: 2022-06-01\n", ""),
     "'published' is a required property"),
    ("article", TINY_FILES["content/articles/first-story.yaml"].replace("status: unverified", "status: maybe"),
     "is not one of"),
    ("article", TINY_FILES["content/articles/first-story.yaml"].replace("kind: line", "kind: pie"),
     "is not one of"),
    ("dataset", TINY_FILES["content/data/counts.yaml"].replace("killed: 10", "killed: -10"), "is not valid under"),
    ("dataset", TINY_FILES["content/data/counts.yaml"].replace("measure: cumulative", "measure: total"),
     "is not one of"),
    ("sources", TINY_FILES["content/sources.yaml"].replace("accessed: 2026-11-20", "accessed: last week", 1),
     "does not match"),
    ("sources", TINY_FILES["content/sources.yaml"].replace("url: https://example.org/report", "url: example.org"),
     "does not match"),
    ("events", TINY_FILES["content/events.yaml"].replace("          label: Start\n", ""), "'label' is a required property"),
    ("site", TINY_FILES["site/site.yaml"].replace("nav: [about]", "nav: About"), "is not of type"),
])
def test_the_schemas_refuse_shape_errors(kind, text, expected):
    found = errors(kind, text)
    assert any(expected in message for message in found), found


def test_files_made_by_init_and_new_name_their_schema(tmp_path):
    from support import run_build

    from explainer.cli import main

    assert main(["init", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    for name in ("site/site.yaml", "content/sources.yaml", "content/events.yaml",
                 "content/articles/the-flood.yaml", "content/data/shelter-occupancy.yaml"):
        first = (site / name).read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert schema != first and (site / name).parent.joinpath(schema).resolve().is_file(), name
    assert run_build(site, "new", "A second story").code == 0
    first = (site / "content" / "articles" / "a-second-story.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/article.json"


def test_vscode_maps_the_folders_to_the_schemas():
    import json

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {glob for globs in settings["yaml.schemas"].values() for glob in ([globs] if isinstance(globs, str) else globs)}
    assert {"content/articles/*.yaml", "content/data/*.yaml", "content/sources.yaml", "content/events.yaml",
            "site/site.yaml"} <= mapped
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file()
