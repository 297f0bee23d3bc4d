"""What a reader needs to trust a page (issue 14), checked on the repository's own site as built for GitHub
Pages: one marker system, corrections labelled and listed, contact and licence on every page, typography."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import ROOT, load_content

PUBLIC_URL = "https://example.github.io/explainer/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(published_example) -> Path:
    return published_example


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def reader_pages(built: Path) -> list[Path]:
    """Every page a reader browses (embeds are framed in other sites' pages, and have no footer)."""
    return sorted(p for p in built.rglob("*.html") if "embed" not in p.relative_to(built).parts)


class Markers(HTMLParser):
    """Each marker a page shows, with what it points to: (mark text, target) for links in <sup> and .cite."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list = []  # (kind, href) of the marker link being read
        self.found: list = []  # (kind, text, href)
        self.in_sup = 0
        self.text = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "sup":
            self.in_sup += 1
        if tag == "a":
            classes = (values.get("class") or "").split()
            kind = "cite" if "cite" in classes else "note" if self.in_sup else None
            self.open.append((kind, values.get("href", "")))
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "sup":
            self.in_sup -= 1
        if tag == "a" and self.open:
            kind, href = self.open.pop()
            if kind:
                self.found.append((kind, self.text.strip(), href.split("#")[-1]))

    def handle_data(self, data):
        self.text += data


def markers(page: Path) -> list:
    parser = Markers()
    parser.feed(page.read_text())
    return parser.found


def test_no_marker_is_used_for_two_things_on_any_page(built):
    checked = 0
    for page in reader_pages(built) + sorted((built / "embed").rglob("*.html")):
        found = markers(page)
        by_kind: dict = {}
        for kind, text, target in found:
            by_kind.setdefault(kind, {}).setdefault(text, set()).add(target)
        notes, cites = by_kind.get("note", {}), by_kind.get("cite", {})
        assert not set(notes) & set(cites), f"{page}: marks used both as notes and as sources: {set(notes) & set(cites)}"
        for text, targets in {**notes, **cites}.items():
            assert len(targets) == 1, f"{page}: the mark {text!r} points to {sorted(targets)}"
        assert all(re.fullmatch(r"[a-z]+", text) for text in notes), f"{page}: notes are lettered: {sorted(notes)}"
        assert all(re.fullmatch(r"\[\d+\]", text) for text in cites), f"{page}: sources are numbered: {sorted(cites)}"
        checked += bool(notes) + bool(cites)
    assert checked >= 3  # the battle article has both, and the other pages were really read


def test_the_battle_article_has_headed_notes_and_a_named_sources_list_with_back_links(built):
    html = (built / "battle-for-sievierodonetsk" / "index.html").read_text()
    assert '<h2 id="notes">Notes</h2>' in html and '<h2 id="sources">Sources</h2>' in html
    assert html.index('id="notes"') < html.index('id="sources"')
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1" data-note="a">a</a></sup>' in html
    assert re.search(r'<li id="fn1" class="footnote-item">.*?href="#fnref1"', html, re.S)
    assert re.search(r'<li id="source-1">.*?<a class="backref" href="#figure-prewar-population"', html, re.S)


def test_corrections_page_lists_every_correction_newest_first_linked_to_its_article(built, content):
    html = (built / "corrections" / "index.html").read_text()
    expected = [(u.date, a) for a in content.articles for u in a.updates]
    assert expected, "the example content has corrections"
    dates = re.findall(r'<li class="change change-(?:correction|update)">.*?<time datetime="([\d-]+)"', html, re.S)
    assert len(dates) == len(expected) and dates == sorted(dates, reverse=True)
    battle = next(a for a in content.articles if a.slug == "battle-for-sievierodonetsk")
    correction = next(u for u in battle.updates if u.kind == "correction")
    assert "Corrected" in html and correction.text.split(",")[0].replace("'", "’") in html
    assert 'href="/explainer/battle-for-sievierodonetsk/#updates"' in html
    home = (built / "index.html").read_text()
    assert 'href="/explainer/corrections/"' in home  # reachable from every page's navigation


def test_a_correction_is_labelled_on_its_article_in_the_feed_and_in_json_ld(built):
    html = (built / "battle-for-sievierodonetsk" / "index.html").read_text()
    assert re.search(r'<p class="change-note"><span class="update-kind update-correction">Corrected '
                     r'<time datetime="2026-12-01">1 Dec 2026</time></span>', html)
    assert re.search(r'<span class="update-kind update-correction">Corrected <time datetime="2026-12-01">1 Dec 2026'
                     r'</time></span>: ', html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["correction"] and all(c["@type"] == "CorrectionComment" for c in data["correction"])
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    feed = ET.parse(built / "feed.xml").getroot()
    for entry in feed.findall(f"{ATOM}entry"):
        terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
        assert "corrected" in terms  # both example explainers have been corrected
        assert "(corrected 1 Dec 2026)" in entry.findtext(f"{ATOM}title")
        assert "Corrected 1 Dec 2026:" in entry.findtext(f"{ATOM}content")


def test_licence_and_contact_are_on_every_page(built, content):
    site = content.site
    assert site.contact and site.license == "CC BY 4.0"
    pages = reader_pages(built)
    assert len(pages) >= 6
    for page in pages:
        html = page.read_text()
        assert f'<a href="mailto:{site.contact}">{site.contact}</a>' in html, page
        assert f'<a href="{site.license_url}" rel="license">CC BY 4.0</a>' in html, page
    for slug in ("about", "methodology"):  # in the page itself, not only in its footer
        main = (built / slug / "index.html").read_text().split("<main")[1].split("</main>")[0]
        assert f"mailto:{site.contact}" in main, slug


def test_an_article_says_how_to_cite_it_and_shares_without_scripts(built, content):
    html = (built / "battle-for-sievierodonetsk" / "index.html").read_text()
    url = f"{PUBLIC_URL}battle-for-sievierodonetsk/"
    assert re.search(r'<p class="citation">Explainer desk\. “The battle for Sievierodonetsk: what is known, and what '
                     rf'is claimed\.” <i>Sievierodonetsk explained</i>, 18 November 2026, updated 1 December 2026\. '
                     rf'{re.escape(url)}</p>', html)
    assert f'readonly value="{url}"' in html
    assert 'href="mailto:?subject=' in html
    for platform in content.site.share:
        assert f'rel="external noopener">{platform.name}</a>' in html
    assert "https%3A//example.github.io/explainer/battle-for-sievierodonetsk/" in html
    share = html.split('<section class="reuse"')[1].split("</section>")[0]
    assert "<script" not in share


def test_markdown_and_spec_links_sit_in_a_developers_disclosure(built):
    html = (built / "battle-for-sievierodonetsk" / "index.html").read_text()
    dev = re.search(r'<details class="for-developers">\s*<summary>For developers: data and source</summary>(.*?)'
                    r'</details>', html, re.S)
    assert dev and "This explainer as Markdown" in dev.group(1)
    assert html.count("This explainer as Markdown") == 1


def test_yaml_text_is_set_with_curly_quotes_and_dashes(built):
    html = (built / "battle-for-sievierodonetsk" / "index.html").read_text()
    main = html.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]
    main = re.sub(r'<figure class="chart.*?</figure>', "", main, flags=re.S)  # the charts' own furniture is not ours
    main = re.sub(r"<(pre|code)\b.*?</\1>", "", main, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'").replace("&#34;", '"')
    assert "Sievierodonetsk’s population" in text  # a key figure's label, written with ' in the YAML
    for straight in re.finditer(r".{0,30}['\"].{0,30}", text):
        pytest.fail(f"a straight quote in the article's text: {straight.group(0)!r}")


def test_home_names_the_site_once_and_leads_with_one_explainer_and_its_key_number(built, content):
    html = (built / "index.html").read_text()
    main = html.split("<main")[1].split("</main>")[0]
    assert content.site.title not in main
    lead = max(content.articles, key=lambda a: (a.published, a.slug))
    assert re.search(r'<article class="lead-story"[^>]*>\s*<h2 id="lead-title"><a href="/explainer/'
                     + lead.slug + '/">', main)
    assert '<div class="lead-figure">' in main and "More explainers" in main
    assert re.search(r'<p class="meta">Updated <time datetime="2026-12-01">1 Dec 2026</time>', main)


def test_an_embed_page_lists_every_source_it_cites(built):
    embeds = sorted((built / "embed").rglob("index.html"))
    assert embeds
    for page in embeds:
        figure, _, sources = page.read_text().partition('<div class="embed-sources"')
        cited = set(re.findall(r'<a href="(https?://[^"]+)"', figure.split('class="chart-sources"')[1].split("</p>")[0]))
        listed = set(re.findall(r'<a href="(https?://[^"]+)"', sources))
        assert cited and cited <= listed, (page, cited - listed)
