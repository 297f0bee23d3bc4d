"""vl-convert's SVG made fit for a page: role="img", a <title> and <desc>, a viewBox instead of a
fixed size, and ids prefixed so that several charts inline on one page cannot clash."""

from __future__ import annotations

import re
from html import escape

ROOT_TAG = re.compile(r"<svg\b([^>]*)>")
ATTRIBUTE = re.compile(r'\s([\w:-]+)="([^"]*)"')
ID = re.compile(r'\bid="([^"]+)"')
ID_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')


def accessible_svg(svg: str, prefix: str, title: str, description: str, css_class: str) -> str:
    """The SVG with its accessibility attributes, a responsive root and ids unique to `prefix`."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
    svg = ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = ID_REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    match = ROOT_TAG.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    width, height = attributes.pop("width", None), attributes.pop("height", None)
    if "viewBox" not in attributes and width and height:
        attributes["viewBox"] = f"0 0 {width} {height}"
    attributes.update({"class": css_class, "role": "img", "focusable": "false",
                       "aria-labelledby": f"{prefix}-title {prefix}-desc"})
    root = "<svg" + "".join(f' {name}="{value}"' for name, value in attributes.items()) + ">"
    inner = (f'<title id="{prefix}-title">{escape(title)}</title>'
             f'<desc id="{prefix}-desc">{escape(description)}</desc>')
    return svg[:match.start()] + root + inner + svg[match.end():]


def view_box_size(svg: str) -> tuple[float, float]:
    """(width, height) of an SVG's viewBox, for sizing an iframe or the interactive view."""
    match = re.search(r'viewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) ([\d.]+)"', svg)
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)
