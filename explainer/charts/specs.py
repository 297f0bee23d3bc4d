"""Vega-Lite specs, cached on disk by what they are made from, so a rebuild need not import Altair."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..numbers import SPEECH
from .cache import DiskCache, digest, package_version, stable_json
from .data import ChartData
from .theme import Layout

# The modules whose code shapes a spec: editing one of them must not serve specs built by the old code.
BUILDER_FILES = ("axes.py", "data.py", "kinds.py", "layers.py", "marks.py", "specs.py", "theme.py")


@lru_cache(maxsize=1)
def builder_fingerprint() -> str:
    """A hash of the chart-building code and the Altair version it runs on."""
    here = Path(__file__).parent
    return digest(package_version("altair"), *((here / name).read_bytes() for name in BUILDER_FILES))


def specs_key(data: ChartData, layouts: tuple[Layout, ...]) -> str:
    """The cache key of a chart's specs (and of the language they speak, in an edition other than English)."""
    speech = SPEECH.get()
    return digest(stable_json(data), stable_json(list(layouts)),
                  builder_fingerprint(), *([speech.locale] if speech is not None else []))


def cached_specs(key: str, cache: DiskCache) -> dict[str, dict] | None:
    """The specs cached under a specs_key(), or None (nothing is built)."""
    cached = cache.get(key, ".specs.json")
    return json.loads(cached) if cached is not None else None


def load_specs(data: ChartData, layouts: tuple[Layout, ...], cache: DiskCache, key: str = "") -> dict[str, dict]:
    """The chart's spec in each layout, by layout name: from the cache, else built with Altair. `key` is the
    specs_key() when the caller knows it."""
    key = key or specs_key(data, layouts)
    cached = cached_specs(key, cache)
    if cached is not None:
        return cached
    from .marks import build_spec  # Altair is imported here, on a miss only

    text = stable_json({layout.name: build_spec(data, layout) for layout in layouts})
    cache.put(key, ".specs.json", text.encode("utf-8"))
    return json.loads(text)  # the same dict a cache hit would give, key order included


def vega_lite_version(spec: dict) -> str:
    """'6.4' from a spec's $schema URL ('.../vega-lite/v6.4.1.json'), the form vl-convert asks for."""
    name = spec.get("$schema", "").rsplit("/", 1)[-1]
    parts = name.removeprefix("v").removesuffix(".json").split(".")
    return ".".join(parts[:2])
