"""A label that looks like markup stays text everywhere a chart prints it: HTML, SVG, inline JSON."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from support import run_build

EVIL = "</script><script>alert(1)</script>"


class PageReader(HTMLParser):
    """Counts the script elements of a page and keeps its text outside them."""

    def __init__(self):
        super().__init__()
        self.scripts, self.text, self.in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
            self.in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if not self.in_script:
            self.text.append(data)


def test_markup_in_labels_is_escaped_everywhere(chart_site):  # noqa: F811
    data = chart_site / "content" / "data" / "counts.yaml"
    data.write_text(data.read_text().replace("killed: Killed", f"killed: '{EVIL}'")
                    .replace("    source: un-report\n", f"    source: un-report\n    by: '{EVIL} & co'\n", 1))
    events = chart_site / "content" / "events.yaml"
    events.write_text(events.read_text().replace("label: Start", f"label: '{EVIL}'"))
    meta = chart_site / "content" / "articles" / "first-story.yaml"  # the description is the SVG's <desc>
    meta.write_text(meta.read_text().replace("Killed and injured rose over time.", f"'{EVIL} rose.'"))
    result = run_build(chart_site)
    assert result.code == 0, result.err
    public = chart_site / "public"
    for page in (public / "first-story" / "index.html", public / "embed" / "counts-chart" / "index.html"):
        html = page.read_text()
        assert "<script>alert(1)" not in html
        reader = PageReader()
        reader.feed(html)
        scripts = [s.get("type", s.get("src", "")[:15]) for s in reader.scripts if s.get("type") != "application/ld+json"]
        assert scripts == ["application/json", "application/json", "/assets/charts."]
        assert EVIL in "".join(reader.text)  # shown to the reader as text, in the data table

        spec_text = re.search(r'<script type="application/json" class="chart-spec" data-layout="wide">(.*?)</script>', html, re.S).group(1)
        assert "<" not in spec_text
        spec = json.loads(spec_text)
        labels = {v["series"] for layer in spec["layer"] for v in layer.get("data", spec.get("data", {}))
                  .get("values", []) if "series" in v}
        assert EVIL in labels

        for svg in re.findall(r'<svg [^>]*class="chart-svg.*?</svg>', html, re.S):
            root = ET.fromstring(svg)
            texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
            assert EVIL in texts  # the legend and the event label
            assert EVIL in root.find("{http://www.w3.org/2000/svg}desc").text

    assert EVIL in json.dumps(json.loads((public / "charts" / "counts-chart.vl.json").read_text()),
                              ensure_ascii=False)
    rows = list(csv.DictReader(io.StringIO((public / "charts" / "counts-chart.csv").read_text())))
    assert {row["series"] for row in rows} == {EVIL, "Injured"}
