"""The Vega bundle (Vega, Vega-Lite, Vega-Embed) served from the site itself, never from a CDN.

vl_convert.javascript_bundle() takes seconds, so the bundle is kept on disk between builds,
keyed by the vl-convert version and the Vega-Lite version the specs were written for.
"""

from __future__ import annotations

from pathlib import Path

from .cache import DiskCache, digest
from .render import vl_convert_version

ASSET_NAME = "vega.js"


def vega_bundle(cache_dir: Path, vl_version: str) -> tuple[bytes, bool]:
    """(the bundle's bytes, whether it had to be made now)."""
    cache = DiskCache(cache_dir / "vega")
    key = digest("javascript_bundle", vl_convert_version(), vl_version)
    cached = cache.get(key, ".js")
    if cached is not None:
        return cached, False
    import vl_convert

    code = vl_convert.javascript_bundle(vl_version=vl_version).encode("utf-8")
    cache.put(key, ".js", code)
    return code, True


def add_vega_bundle(assets, charts: dict, cache_dir: Path) -> None:
    """Serve the bundle as assets/vega.<hash>.js when the site has any chart."""
    versions = sorted({chart.vl_version for chart in charts.values() if chart.vl_version})
    if versions:
        assets.add(ASSET_NAME, vega_bundle(cache_dir, versions[-1])[0])
