"""Drawing specs with vl-convert: SVG for the page, PNG for the social card, cached by spec hash.

vl_convert is imported on a cache miss only: a rebuild with unchanged data draws nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import DiskCache, digest, package_version, stable_json
from .specs import vega_lite_version

CARD_SCALE = 1.0


class DrawError(Exception):
    """vl-convert refused a spec; the message is its own."""


@dataclass
class Drawer:
    """Draws specs through the cache and counts what it had to draw."""

    cache: DiskCache
    drawn: int = 0

    def draw(self, kind: str, spec: dict, key: str | None = None, from_svg: bytes | None = None) -> bytes:
        """The drawing of a spec as `kind` ('svg' or 'png'); `key` is its cache_key when already known.
        A PNG of a spec whose SVG is at hand (`from_svg`) is rasterised from it, without running Vega again."""
        key = key or cache_key(kind, spec)
        cached = self.cache.get(key, f".{kind}")
        if cached is not None:
            return cached
        data = rasterise(from_svg) if kind == "png" and from_svg else convert(kind, spec)
        self.drawn += 1
        self.cache.put(key, f".{kind}", data)
        return data


def vl_convert_version() -> str:
    """The installed vl-convert's version, read without importing it."""
    return package_version("vl-convert-python")


def cache_key(kind: str, spec: dict) -> str:
    """sha256 of the output kind, the spec's JSON and the vl-convert version."""
    return digest(kind, str(CARD_SCALE) if kind == "png" else "", stable_json(spec), vl_convert_version())


def rasterise(svg: bytes) -> bytes:
    """A PNG of an SVG that vl-convert drew (its fonts, its scale); errors become DrawError."""
    import vl_convert

    try:
        return vl_convert.svg_to_png(svg.decode("utf-8"), scale=CARD_SCALE)
    except Exception as err:  # noqa: BLE001 - vl-convert raises plain ValueError/RuntimeError
        raise DrawError(reason_of(err)) from err


def reason_of(err: Exception) -> str:
    """vl-convert's message in one line: its summary ('Vega-Lite to SVG conversion failed:') and the reason it
    gives on the next line, without the JavaScript stack."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip() and not line.strip().startswith("at ")]
    return " ".join(lines[:2]) or type(err).__name__


def convert(kind: str, spec: dict) -> bytes:
    """Run vl-convert; its errors become DrawError."""
    import vl_convert

    try:
        if kind == "svg":
            return vl_convert.vegalite_to_svg(spec, vl_version=vega_lite_version(spec)).encode("utf-8")
        return vl_convert.vegalite_to_png(spec, vl_version=vega_lite_version(spec), scale=CARD_SCALE)
    except Exception as err:  # noqa: BLE001 - vl-convert raises plain ValueError/RuntimeError
        raise DrawError(reason_of(err)) from err
