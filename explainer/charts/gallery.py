"""`make gallery`: docs/CHARTS.md, a picture of every chart kind at phone and desktop widths in light and dark,
with the YAML that made it and what data it accepts, drawn from this site's own datasets."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import yaml

from ..model import ChartSpec
from ..output.paths import chart_paths
from . import build_chart
from .cache import DiskCache
from .data import chart_data
from .draw import Drawer
from .kinds import KINDS
from .marks import build_spec
from .theme import NARROW, WIDE

# kind -> (datasets, series): an example of each, from content/data/
EXAMPLES = {
    "line": (("civilian-casualties",), None),
    "area": (("civilian-casualties",), ("killed",)),
    "stacked-area": (("civilian-casualties",), None),
    "bar": (("civilians-killed-per-year",), ("killed",)),
    "stacked-bar": (("civilians-killed-per-year",), None),
    "estimates": (("sievierodonetsk-population",), None),
    "small-multiples": (("civilian-casualties",), None),
}
# What the kinds table's one line leaves out, for editors.
MORE = {"line": "Several series are named at their lines' ends, in their colours, where the names fit there "
                "(every series runs to the right edge and each name takes at most two short lines); "
                "otherwise a legend names them.",
        "stacked-area": "Bands are named beside their ends where the names fit there, as lines are; otherwise a "
                        "legend names them."}
SCHEMES = {"light": ("#1b1b1b", "#fdfdfc"), "dark": ("#ecebe8", "#161615")}  # text and page colours


def write_gallery(root: Path, docs: Path | None = None) -> Path:
    """Draw every example and write CHARTS.md beside its pictures (charts/) in `docs` (the site's docs/ folder
    unless told); returns the page. Drawings go through the site's chart cache, so a second run draws nothing."""
    sys.path.insert(0, str(root / "tests"))
    from support import load_content  # the validated content, as the tests read it

    content = load_content(root)
    docs = docs or root / "docs"
    folder = docs / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    drawer = Drawer(DiskCache(content.site.cache_dir / "charts"))
    lines = ["# Chart kinds", "", "Every kind a chart may ask for (`kind:` in an article's `charts:`), drawn from this",
             "site's datasets at phone and desktop widths, light and dark. Regenerate with `make gallery`.", ""]
    for name, (data, series) in EXAMPLES.items():
        kind = KINDS[name]
        fields = {"id": f"example-{name}", "kind": name, "data": list(data), "title": f"An example {name} chart",
                  "subtitle": "What is measured, in what unit", "description": "One or two sentences of alt text."}
        if series:
            fields["series"] = list(series)
        spec = ChartSpec(**{**fields, "data": tuple(data), "series": series}, paths=chart_paths(fields["id"]))
        chart = build_chart(spec, content)
        made = chart_data(spec, chart.series, chart.rows, content, chart.summary, "")
        more = f" {MORE[name]}" if name in MORE else ""
        lines += [f"## `{name}`", "", f"{kind.draws[:1].upper()}{kind.draws[1:]}. Accepts {kind.accepts()}.{more}", "",
                  "```yaml", yaml.safe_dump([fields], sort_keys=False, allow_unicode=True).rstrip(), "```", ""]
        row = []
        for scheme, (ink, page) in SCHEMES.items():
            for layout in (NARROW, WIDE):
                drawn = dataclasses.replace(layout, ink=ink, background=page)
                file = folder / f"{name}-{layout.name}-{scheme}.svg"
                file.write_bytes(drawer.draw("svg", build_spec(made, drawn)))
                row.append(f'<img src="charts/{file.name}" alt="{name}, {layout.name}, {scheme}" '
                           f'width="{layout.width // 2}">')
        lines += [" ".join(row), ""]
    page = docs / "CHARTS.md"
    page.write_text("\n".join(lines), encoding="utf-8")
    return page


if __name__ == "__main__":
    print(f"gallery: wrote {write_gallery(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())}")
