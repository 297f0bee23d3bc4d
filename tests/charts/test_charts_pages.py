"""A chart in its pages: as-of date, sources, notes, table, downloads, embed page, card, og:image."""

from __future__ import annotations

import html as htmllib
import json
import re
import struct

import pytest
from support import ROOT, run_build


def figure(html: str, chart_id: str) -> str:
    match = re.search(rf'<figure class="chart[^"]*" id="chart-{chart_id}".*?</figure>', html, re.S)
    assert match, f"no figure for {chart_id}"
    return match.group(0)


@pytest.fixture(scope="module")
def toll(example_site):  # noqa: F811
    return (example_site / "public" / "civilian-toll" / "index.html").read_text()


def test_figure_states_as_of_sources_notes_and_links_its_downloads(example_site, toll):  # noqa: F811
    fig = figure(toll, "civilian-casualties")
    assert '<time datetime="2026-01-31">31 January 2026</time>' in fig
    assert "Each point is a snapshot as published on its date" in fig
    assert '<p class="chart-subtitle">Civilians killed and injured since the invasion, verified by the UN' in fig
    assert not re.search(r">\[\d+\]<", fig.split('<details class="chart-data">')[0]), "no bracket numbers"
    sources = re.search(r'<span class="chart-sources">(.*?)</span>', fig, re.S).group(1)
    named = re.findall(r'<a href="#source-(\d+)"[^>]*>([^<]+)</a>', sources)
    assert [name for _, name in named] == ["UN Human Rights Monitoring Mission in Ukraine (HRMMU)", "OHCHR",
                                           "UN Department of Political and Peacebuilding Affairs (DPPA)"]
    assert {number for number, _ in named} <= set(re.findall(r'<li id="source-(\d+)">', toll))
    description = "A chart of the cumulative number of civilians killed and injured"
    assert description not in re.sub(r"<svg.*?</svg>", "", fig, flags=re.S), "the description is alt text only"
    assert re.search(rf'<desc id="[^"]+">{description}', fig)
    public = example_site / "public"
    for link in re.findall(r'href="/(charts/[^"]+)"', fig):
        assert (public / link).is_file(), link
    for kind in ("csv", "png", "svg", "vl.json"):
        assert f'href="/charts/civilian-casualties.{kind}"' in fig
    assert png_size((public / "charts" / "civilian-casualties.png").read_bytes())[0] >= 800
    image = (public / "charts" / "civilian-casualties.svg").read_text()
    assert "Civilian casualties in Ukraine verified by the UN" in image and "Source: " in image
    assert "currentColor" not in image, "a downloaded image keeps its colours away from the page"
    cite = re.search(r'<p class="chart-citation">(.*?)</p>', fig, re.S).group(1)
    assert "[chart] (/civilian-toll/#chart-civilian-casualties), accessed <span" in cite and "\n" not in cite


def test_data_table_has_a_row_per_value_and_the_trend_in_words(toll):
    fig = figure(toll, "civilian-casualties")
    table = re.search(r"<details class=\"chart-data\">.*?</details>", fig, re.S).group(0)
    assert len(re.findall(r"<tr><td>", table)) == 38  # nineteen snapshots of killed and injured
    assert "<caption>Killed rose from 1,081 on 24 March 2022 to 15,172 on 31 January 2026." in table


def test_inline_spec_is_the_downloadable_spec(example_site, toll):  # noqa: F811
    fig = figure(toll, "displacement")
    text = re.search(r'<script type="application/json" class="chart-spec" data-layout="wide">(.*?)</script>', fig, re.S).group(1)
    assert "<" not in text and ">" not in text and "&" not in text
    written = json.loads((example_site / "public" / "charts" / "displacement.vl.json").read_text())
    assert json.loads(text) == written
    assert written["data"]["values"] if "data" in written else written["layer"][0]["data"]["values"]


def test_embed_page_and_its_iframe_code(example_site, toll):  # noqa: F811
    fig = figure(toll, "civilians-killed-per-year")
    code = re.search(r'<details class="chart-embed">.*?<pre><code>(.*?)</code></pre>', fig, re.S).group(1)
    assert "<iframe" not in code, "the code is shown, not run"
    iframe = htmllib.unescape(code)
    assert iframe.startswith('<iframe src="/embed/civilians-killed-per-year/" title="Civilians killed each year')
    embed = (example_site / "public" / "embed" / "civilians-killed-per-year" / "index.html").read_text()
    assert 'class="chart-svg chart-svg-wide"' in embed and "site-header" not in embed
    assert 'target="_blank" rel="noopener"' in embed
    assert '<meta name="robots" content="noindex">' in embed
    assert csp(embed) == csp((ROOT / "templates" / "base.html").read_text())
    assert re.search(r'<script src="/assets/charts\.[0-9a-f]{10}\.js" data-vega="/assets/vega\.[0-9a-f]{10}\.js" defer>',
                     embed)


def csp(html: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_each_article_gets_a_social_card_from_its_first_chart(example_site, toll):  # noqa: F811
    public = example_site / "public"
    for slug in ("civilian-toll", "battle-for-sievierodonetsk"):
        assert png_size((public / slug / "card.png").read_bytes()) == (1200, 630)
    # With a path-only base URL there is no absolute address for og:image: see the absolute test below.


def test_pages_without_charts_load_no_chart_script(example_site):  # noqa: F811
    about = (example_site / "public" / "about" / "index.html").read_text()
    assert "charts." not in about and "vega" not in about


def test_absolute_base_url_gives_absolute_embed_and_card_urls(chart_site):  # noqa: F811
    result = run_build(chart_site, "--base-url", "https://example.org/repo/")
    assert result.code == 0, result.err
    page = (chart_site / "public" / "first-story" / "index.html").read_text()
    assert ("&lt;iframe src=&#34;https://example.org/repo/embed/counts-chart/&#34;" in page)
    assert '<meta property="og:image" content="https://example.org/repo/first-story/card.png">' in page
    assert 'href="/repo/charts/counts-chart.csv"' in page
    assert result.out.startswith("Built 6 pages and 1 charts (1 rendered, 0 reused from cache) in ")
