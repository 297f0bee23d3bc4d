#!/usr/bin/env python3
"""Draw site/static/social-card.png, the 1200x630 image shared links show when an article has no card.

Run once after changing the site title; the PNG is committed, so builds never depend on this script.
Usage: .venv/bin/python scripts/make_social_card.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import vl_convert
import yaml

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1200, 630
COLORS = {"background": "#161615", "text": "#ecebe8", "muted": "#b3b0a8", "accent": "#fdba74"}


def text_layer(text: str, x: float, y: float, size: int, color: str, weight: str = "normal") -> dict:
    """One line of text, placed in pixels from the top left."""
    return {
        "data": {"values": [{"x": x, "y": y, "text": text}]},
        "mark": {"type": "text", "align": "left", "baseline": "alphabetic", "fontSize": size,
                 "fontWeight": weight, "color": color, "font": "DejaVu Sans"},
        "encoding": {"x": {"field": "x", "type": "quantitative", "scale": None},
                     "y": {"field": "y", "type": "quantitative", "scale": None},
                     "text": {"field": "text"}},
    }


def card_spec(title: str, line: str, publisher: str) -> dict:
    """A Vega-Lite spec: dark panel, an accent rule, the title, one line of description, the publisher."""
    rule = {"data": {"values": [{"x": 80, "x2": 200, "y": 200}]},
            "mark": {"type": "rule", "strokeWidth": 8, "color": COLORS["accent"]},
            "encoding": {"x": {"field": "x", "type": "quantitative", "scale": None},
                         "x2": {"field": "x2"},
                         "y": {"field": "y", "type": "quantitative", "scale": None}}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH, "height": HEIGHT, "padding": 0, "autosize": "none",
        "background": COLORS["background"],
        "config": {"view": {"stroke": None}},
        "layer": [rule,
                  text_layer(title, 80, 300, 64, COLORS["text"], "bold"),
                  text_layer(line, 80, 380, 34, COLORS["muted"]),
                  text_layer(publisher, 80, 550, 30, COLORS["accent"], "bold")],
    }


def main() -> int:
    """Read the title from site.yaml and write the PNG."""
    site = yaml.safe_load((ROOT / "site" / "site.yaml").read_text(encoding="utf-8"))
    spec = card_spec(site["title"], "Sourced explainers: the battle, and the toll on civilians", site["publisher"])
    png = vl_convert.vegalite_to_png(spec, scale=1)
    target = ROOT / "site" / "static" / "social-card.png"
    target.write_bytes(png)
    print(f"wrote {target.relative_to(ROOT)} ({len(png)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
