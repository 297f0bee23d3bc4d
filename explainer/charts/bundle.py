"""The Vega bundle (Vega, Vega-Lite, Vega-Embed) served from the site itself, never from a CDN.

vl_convert.javascript_bundle() takes seconds, so the bundle is kept on disk between builds,
keyed by the vl-convert version and the Vega-Lite version the specs were written for.
"""

from __future__ import annotations

import re
from pathlib import Path

from .cache import DiskCache, digest
from .draw import vl_convert_version

ASSET_NAME = "vega.js"
VERSION_KEY = "vega-lite-version"
VERSION = re.compile(rb"\d+(\.\d+)*")


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
    cache = DiskCache(cache_dir / "vega")  # the version is kept as an entry, so it is checked like the bundle
    remembered = cache.get(VERSION_KEY, ".txt")
    remembered = remembered.decode("ascii") if remembered is not None and VERSION.fullmatch(remembered) else None
    versions = sorted({chart.index.vl_version for chart in charts.values() if chart.index.vl_version})
    if versions:
        version = versions[-1]
        if remembered != version:
            cache.put(VERSION_KEY, ".txt", version.encode("ascii"))
    elif site_has_charts:  # lost from the cache: the version Altair writes specs for (imported only then)
        version = remembered or altair_vega_lite_version()
    else:
        return
    assets.add(ASSET_NAME, vega_bundle(cache_dir, version)[0])


def altair_vega_lite_version() -> str:
    """'6.4': the Vega-Lite version of the specs Altair writes, as vega_lite_version() reads it from one."""
    from altair import SCHEMA_VERSION

    return ".".join(SCHEMA_VERSION.removeprefix("v").split(".")[:2])
