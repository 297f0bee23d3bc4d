"""The static SVG: well-formed, role="img" with a <title> and <desc>, responsive, ids unique per page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from explainer.charts.svg import accessible_svg, view_box_size

SVG = "http://www.w3.org/2000/svg"
SAMPLE = ('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="640" height="360" viewBox="0 0 640 360">'
          '<defs><clipPath id="clip1"><rect width="10" height="10"/></clipPath></defs>'
          '<g clip-path="url(#clip1)"><use href="#clip1"/><text>A &lt;b&gt;</text></g></svg>')


def test_accessible_svg_adds_role_title_desc_and_a_viewbox_only_size():
    svg = accessible_svg(SAMPLE, "chart-x-wide", "Title & <more>", "Rose from 1 to 2 </desc><script>", "chart-svg")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-x-wide-title chart-x-wide-desc"
    assert root.get("width") is None and root.get("height") is None and root.get("viewBox") == "0 0 640 360"
    assert root.get("class") == "chart-svg" and root.get("focusable") == "false"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id"), title.text) == (f"{{{SVG}}}title", "chart-x-wide-title", "Title & <more>")
    assert (desc.tag, desc.get("id"), desc.text) == (f"{{{SVG}}}desc", "chart-x-wide-desc",
                                                    "Rose from 1 to 2 </desc><script>")
    assert 'id="chart-x-wide-clip1"' in svg and "url(#chart-x-wide-clip1)" in svg and 'href="#chart-x-wide-clip1"' in svg
    assert view_box_size(svg) == (640.0, 360.0)


def test_a_size_without_viewbox_becomes_one():
    svg = accessible_svg('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"></svg>', "p", "t", "d", "c")
    assert ET.fromstring(svg).get("viewBox") == "0 0 20 10"


def chart_svgs(html: str) -> list[str]:
    return re.findall(r'<svg [^>]*class="chart-svg.*?</svg>', html, re.S)


@pytest.mark.parametrize("slug, charts", [("civilian-toll", 4), ("battle-for-sievierodonetsk", 1)])
def test_built_svgs_are_well_formed_and_accessible(example_site, slug, charts):  # noqa: F811
    html = (example_site / "public" / slug / "index.html").read_text()
    svgs = chart_svgs(html)
    assert len(svgs) == 2 * charts  # a wide and a narrow rendering of each
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag == f"{{{SVG}}}svg" and root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        title, desc = root.find(f"{{{SVG}}}title"), root.find(f"{{{SVG}}}desc")
        assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
        assert title.text and desc.text.startswith("A ")  # the editor's description is the alt text
        assert root.get("width") is None and root.get("viewBox")
        texts = [t.text for t in root.iter(f"{{{SVG}}}text") if t.text]
        assert texts, "axis labels and legends are drawn as text"


def test_ids_are_unique_on_a_page_with_several_charts(example_site):  # noqa: F811
    html = (example_site / "public" / "civilian-toll" / "index.html").read_text()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    for reference in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', html):
        name = reference[0] or reference[1]
        assert name in ids, f"#{name} points nowhere"
