"""How charts look: sizes for each drawing and a Vega-Lite config that reads on light and dark pages.

In the page the SVG draws text, axes and annotations in `currentColor`, so it takes the page's
text colour in light and dark mode alike; the series colours were picked to keep at least 3:1
contrast against both page backgrounds. The social card is a PNG, so it gets fixed colours.
"""

from __future__ import annotations

from dataclasses import dataclass

# Orange, blue, green, pink: at least 3:1 against both page backgrounds and apart from one another as
# readers with deuteranopia, protanopia or tritanopia see them (charts/palette.py checks both, every build).
PALETTE = ("#d9480f", "#0072b2", "#0ca678", "#cc79a7")
PAGE_BACKGROUNDS = ("#fdfdfc", "#161615")  # style.css: --bg, light and dark
# Arial and its metric twins: vl-convert measures labels with Liberation Sans when it lays a chart out,
# and a browser that draws them in a wider face (DejaVu Sans, behind Linux's system-ui) overlaps them.
FONT = 'Arial, Helvetica, "Liberation Sans", sans-serif'
PAGE_INK = "currentColor"
CARD_INK = "#1b1b1b"
CARD_BACKGROUND = "#fdfdfc"


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its name, total size in pixels, type size and colours."""

    name: str
    width: int
    height: int
    font_size: int = 12
    ink: str = PAGE_INK
    background: str | None = None  # None: transparent, the page shows through
    legend_columns: int | None = None
    with_title: bool = False
    padding: int = 5  # pixels around everything; a drawing that travels alone gets a margin, like a print


    @property
    def label_chars(self) -> float:
        """Roughly how many pixels one character of a label takes (to keep labels from colliding)."""
        return self.font_size * 0.58


WIDE = Layout("wide", 640, 360)
NARROW = Layout("narrow", 340, 320, font_size=12, legend_columns=1)
CARD = Layout("card", 1200, 630, font_size=22, ink=CARD_INK, background=CARD_BACKGROUND, with_title=True,
              padding=36)
# The downloadable image: a chart that travels alone, so it carries its title, subtitle and sources.
IMAGE = Layout("image", 800, 500, font_size=14, ink=CARD_INK, background=CARD_BACKGROUND, with_title=True,
               padding=24)
PAGE_LAYOUTS = (WIDE, NARROW)


def theme_config(layout: Layout) -> dict:
    """The Vega-Lite `config` for a layout."""
    ink, size = layout.ink, layout.font_size
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelColor": ink, "titleColor": ink, "domainColor": ink, "tickColor": ink, "gridColor": ink,
                 "gridOpacity": 0.14, "domainOpacity": 0.7, "tickOpacity": 0.7, "labelFontSize": size,
                 "titleFontSize": size, "titleFontWeight": "normal", "labelFlush": True, "labelOverlap": True},
        "legend": {"labelColor": ink, "titleColor": ink, "labelFontSize": size, "symbolSize": size * 10,
                   "symbolStrokeWidth": 3, "columnPadding": 16, "orient": "top", "direction": "horizontal",
                   "labelLimit": 0,
                   **({"columns": layout.legend_columns} if layout.legend_columns else {})},
        "title": {"color": ink, "fontSize": round(size * 1.35), "subtitleColor": ink, "subtitleFontSize": size,
                  "anchor": "start", "offset": size, "limit": layout.width - 2 * size},
        "text": {"color": ink, "fontSize": size},
    }
