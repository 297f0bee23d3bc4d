"""JSON Schemas for the editors' YAML files, made from the validator's own field tables, so that an editor
(VS Code with the YAML extension) gets completion and the same shape checks as the build.

The schemas are files beside this module (json-schemas/*.json), written by `make schemas`
(`python -m explainer.editors.schemas`); tests/editors/test_schemas.py fails when they are out of date.
Each cleaner of content/schema.py has its JSON Schema below; a field whose cleaner is not known here stops
the generator, so a new kind of field is given a schema rather than silently none.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path, PurePosixPath

from ..charts.kinds import KINDS
from ..content import schema as s
from ..content.config import HOST_NAME, LANGUAGE, SITE_FIELDS, host_name, language_code
from ..content.todos import TODO
from ..content.validate import (
    ARTICLE_FIELDS,
    DATASET_FIELDS,
    EVENT_FIELDS,
    POINT_FIELDS,
    SOURCE_FIELDS,
    chart_kind,
    clean_series,
)

PACKAGED = Path(__file__).resolve().parent / "json-schemas"
SCHEMA_FOLDER = "schemas"  # where `init` puts them in a new site
DATE = r"^\d{4}-\d{2}-\d{2}$"
MONTH = r"^\d{4}-\d{2}(-\d{2})?$"
NUMBER = {"type": "number", "minimum": 0}
VALUE = {"anyOf": [NUMBER, {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2}],
         "description": "a number, or [low, high] when sources give a range"}

# The schema of each plain cleaner; the ones made by a function (one_of, list_of, ...) are in `cleaner`.
PLAIN = {
    s.text: {"type": ["string", "number"], "minLength": 1},
    s.one_line: {"type": ["string", "number"], "minLength": 1, "pattern": r"^[^\n\r\\]*$",
                 "description": "one line, without a backslash"},
    s.boolean: {"type": "boolean"},
    s.date: {"type": "string", "pattern": DATE, "description": "a date, YYYY-MM-DD"},
    s.date_or_month: {"type": "string", "pattern": MONTH, "description": "a date (YYYY-MM-DD) or a month (YYYY-MM)"},
    s.count: {"type": "integer", "minimum": 0},
    s.number: NUMBER,
    s.slug: {"type": "string", "pattern": s.SLUG.pattern, "description": "lowercase letters, digits and hyphens"},
    s.url: {"type": "string", "pattern": r"^https?://[^\s/]+\.[^\s]+$", "description": "an absolute http(s) URL"},
    host_name: {"type": "string", "pattern": HOST_NAME.pattern, "description": "a host name, e.g. news.example.org"},
    language_code: {"type": "string", "pattern": LANGUAGE.pattern, "description": "a language, e.g. en, uk or pt-BR"},
    chart_kind: {"enum": list(KINDS), "description": "what the chart draws"},
    clean_series: {"type": "object", "minProperties": 1, "propertyNames": {"pattern": s.SLUG.pattern},
                   "additionalProperties": {"type": "string", "minLength": 1},
                   "description": "each series' id and its label, e.g. killed: Killed"},
}

# Files: which table describes them, and whether the file is a mapping of ids to such records.
FILES = {
    "article": (ARTICLE_FIELDS, False, "An article's metadata: content/articles/<slug>.yaml"),
    "dataset": (DATASET_FIELDS, False, "A dataset: content/data/<id>.yaml"),
    "sources": (SOURCE_FIELDS, True, "Every source once, by id: content/sources.yaml"),
    "events": (EVENT_FIELDS, True, "Dated events charts can mark, by id: content/events.yaml"),
    "site": (SITE_FIELDS, False, "The site's settings: site/site.yaml"),
}

# Which files each schema is for, as globs from the site's folder (.vscode/settings.json, `init`, `new`).
GLOBS = {
    "article": "content/articles/*.yaml",
    "dataset": "content/data/*.yaml",
    "sources": "content/sources.yaml",
    "events": "content/events.yaml",
    "site": "site/site.yaml",
}


def cleaner(clean) -> dict:
    """The JSON Schema of the values a cleaner accepts."""
    if clean in PLAIN:
        return dict(PLAIN[clean])
    made_by = clean.__qualname__.split(".<locals>")[0]
    cells = inspect.getclosurevars(clean).nonlocals
    if made_by == "one_of":
        return {"enum": list(cells["choices"])}
    if made_by == "reference":
        return {"type": "string", "minLength": 1, "description": f"the id of a {cells['what']}"}
    if made_by == "or_todo":
        return {"anyOf": [cleaner(cells["clean"]), {"const": TODO, "description": "a draft's placeholder"}]}
    if made_by == "record":
        return table(cells["fields"])
    if made_by == "list_of":
        item = cells["item"]
        items = point() if getattr(item, "__name__", "") == "<lambda>" and "clean_point" in item.__code__.co_names \
            else cleaner(item)
        listed = {"type": "array", "items": items, **({"uniqueItems": True} if cells["unique"] else {})}
        return {"anyOf": [items, listed]} if cells["allow_single"] else listed
    if getattr(clean, "__name__", "") == "<lambda>":  # a table's lambda that calls a named cleaner
        for name in clean.__code__.co_names:
            named = clean.__globals__.get(name)
            if named in PLAIN:
                return dict(PLAIN[named])
    raise ValueError(f"no JSON Schema for the cleaner {clean.__qualname__} ({clean.__module__}): add it to "
                     "explainer/editors/schemas.py")


def table(fields: dict) -> dict:
    """A mapping with exactly these keys, the required ones required."""
    return {"type": "object", "additionalProperties": False,
            "properties": {name: cleaner(field.clean) for name, field in fields.items()},
            "required": [name for name, field in fields.items() if field.required]}


def point() -> dict:
    """A data point: its own fields, and a value for each of the dataset's series."""
    shape = table(POINT_FIELDS)
    shape["additionalProperties"] = VALUE
    shape["minProperties"] = len(shape["required"]) + 1
    return shape


def file_schema(kind: str) -> dict:
    """The schema of one kind of file."""
    fields, registry, title = FILES[kind]
    shape = table(fields)
    if registry:
        shape = {"type": "object", "propertyNames": {"pattern": s.SLUG.pattern}, "additionalProperties": shape}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **shape}


def site_schemas() -> dict[str, str]:
    """Every schema as the text of its file, by kind."""
    return {kind: json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n" for kind in FILES}


def schema_for(name: Path | str) -> str | None:
    """The kind of schema for a file of a site, by its path from the site's folder ('content/sources.yaml')."""
    path = PurePosixPath(Path(name).as_posix())
    if "." in path.stem:  # a translation ('<slug>.uk.yaml'): words only, checked by the build, not a schema
        return None
    return next((kind for kind, glob in GLOBS.items() if path.match(glob) and len(path.parts) == glob.count("/") + 1),
                None)


def schema_folder(root: Path) -> Path | None:
    """Where a site keeps its schemas: schemas/ (made by `init`), or in this repository the packaged ones."""
    for folder in (root / SCHEMA_FOLDER, PACKAGED):
        if folder.is_dir() and folder.resolve().is_relative_to(root.resolve()):
            return folder
    return None


def schema_comment(file: Path, schema: Path) -> str:
    """The first line of a YAML file that tells the YAML language server its schema (a relative path)."""
    return f"# yaml-language-server: $schema={Path(os.path.relpath(schema, file.parent)).as_posix()}\n"


def header(root: Path, file: Path) -> str:
    """The schema line for a new file of a site (for `new` and `import`), or '' when it has no schemas."""
    folder, kind = schema_folder(root), schema_for(file.relative_to(root))
    return schema_comment(file, folder / f"{kind}.json") if folder and kind else ""


def write_schemas(folder: Path = PACKAGED) -> list[Path]:
    """Write every schema into `folder`; returns the files whose text changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind, text in site_schemas().items():
        path = folder / f"{kind}.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed


if __name__ == "__main__":
    written = write_schemas()
    print(f"{len(written)} schema file{'s' if len(written) != 1 else ''} rewritten in {PACKAGED}", file=sys.stderr)
