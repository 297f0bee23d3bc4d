"""The Vega bundle (Vega, Vega-Lite, Vega-Embed) served from the site itself, never from a CDN.

vl_convert.javascript_bundle() takes seconds, so the bundle is kept on disk between builds,
keyed by the vl-convert version and the Vega-Lite version the specs were written for.
"""

from __future__ import annotations

from pathlib import Path

from .cache import DiskCache, digest
from .draw import vl_convert_version

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


def add_vega_bundle(assets, charts: dict, cache_dir: Path, site_has_charts: bool = True) -> None:
    """Serve the bundle as assets/vega.<hash>.js when the site has any chart.

    `charts` holds only the charts this build draws; when an incremental build redraws none, the Vega-Lite
    version of the last build that did is remembered in the cache (a change of package versions starts a
    cold build, so the remembered one is still right)."""
    remembered = cache_dir / "vega" / "vega-lite-version"
    versions = sorted({chart.index.vl_version for chart in charts.values() if chart.index.vl_version})
    if versions:
        version = versions[-1]
        if not remembered.is_file() or remembered.read_text(encoding="utf-8") != version:
            remembered.parent.mkdir(parents=True, exist_ok=True)
            remembered.write_text(version, encoding="utf-8")
    elif site_has_charts and remembered.is_file():
        version = remembered.read_text(encoding="utf-8").strip()
    else:
        return
    assets.add(ASSET_NAME, vega_bundle(cache_dir, version)[0])
