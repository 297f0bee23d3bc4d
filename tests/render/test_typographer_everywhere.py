"""The typographer on every text a reader meets outside the HTML body too: the JSON-LD's text fields and the
Markdown edition (index.md), body and YAML fields, with what Markdown needs as written left alone; and the
Markdown edition's own words come from the templates, so a second language can give its own."""

from __future__ import annotations

import json
import re

import pytest
from support import run_build

STRAIGHT = re.compile(r"[\"']|--")


def quoted(root) -> None:
    """Quotes, apostrophes and dashes in the story's YAML and Markdown, as editors type them."""
    meta = root / "content/articles/first-story.yaml"
    meta.write_text(meta.read_text()
                    .replace("title: First story", "title: \"The 'first' story -- as told\"")
                    .replace("dek: What happened first.", "dek: \"What the UN's monitors saw first...\"")
                    .replace("label: People killed", "label: \"People killed, the UN's count\"")
                    .replace("text: Fixed a figure.", "text: \"Fixed the 'killed' figure -- it was 14.\"")
                    .replace("claim: Something was said.", "claim: \"He said it was 'over'.\""))
    body = root / "content/articles/first-story.md"
    body.write_text(body.read_text()
                    + '\nThe mayor\'s "count" -- not ours -- was `a "b" --c` and [a "link"](/about/ "How we work").\n'
                    + "\n| one | two |\n|---|---|\n| \"x\" | y |\n\n---\n\n```\n\"as written\" -- here\n```\n")


def test_json_ld_text_is_set_by_the_typographer(tiny_site, tmp_path):
    quoted(tiny_site)
    out = tmp_path / "out"
    assert run_build(tiny_site, "--out", str(out), "--base-url", "https://example.org/").code == 0
    html = (out / "first-story" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["headline"] == "The ‘first’ story – as told"
    assert data["description"] == "What the UN’s monitors saw first…"
    assert data["correction"][0]["text"] == "Fixed the ‘killed’ figure – it was 14."
    texts = [data["headline"], data["description"], data["correction"][0]["text"],
             *(work["name"] for work in data["citation"])]
    assert not [text for text in texts if STRAIGHT.search(text)], texts


def test_the_markdown_edition_is_set_by_the_typographer_and_keeps_markdown_as_written(tiny_site, tmp_path):
    quoted(tiny_site)
    out = tmp_path / "out"
    assert run_build(tiny_site, "--out", str(out)).code == 0
    edition = (out / "first-story" / "index.md").read_text(encoding="utf-8")
    assert edition.startswith("# The ‘first’ story – as told\n\n*What the UN’s monitors saw first…*")
    assert "People killed, the UN’s count" in edition
    assert "He said it was ‘over’." in edition
    assert "Fixed the ‘killed’ figure – it was 14." in edition
    assert "The mayor’s “count” – not ours – was `a \"b\" --c`" in edition  # a code span as written
    assert '[a “link”](/about/ "How we work")' in edition  # a link's target and title as written
    assert "|---|---|\n| “x” | y |\n\n---\n\n```\n\"as written\" -- here\n```" in edition


@pytest.mark.parametrize("text", [
    "[r]: https://example.org/a--b \"Title\"\n",
    "<span title=\"a--b\">x</span>\n",
    "See https://example.org/a--b'c.\n",
    "A note.[^it's--so]\n",
    "::: chart a--b\n",
    "~~~\n\"x\" -- y\n~~~\n",
    "- - -\n",
])
def test_what_markdown_needs_as_written_is_left_alone(text):
    from explainer.render.compose import smart_markdown

    assert smart_markdown(text) == text


def test_the_markdown_editions_words_come_from_the_catalog(uk_site):
    """index.md's headings and the words round its figures are the interface's, translated with the rest."""
    english = (uk_site / "public" / "first-story" / "index.md").read_text(encoding="utf-8")
    assert "## Key figures" in english and "## Sources" in english and "**Corrected " in english
    edition = (uk_site / "public" / "uk" / "first-story" / "index.md").read_text(encoding="utf-8")
    assert "## Головні цифри" in edition and "## Джерела" in edition and "**Виправлено " in edition
    assert "Key figures" not in edition and "## Sources" not in edition and "Corrected" not in edition


def test_a_figure_links_tooltip_is_set_by_the_typographer(tiny_site, tmp_path):
    sources = tiny_site / "content/sources.yaml"
    sources.write_text(sources.read_text().replace("publisher: United Nations", "publisher: \"The UN's office\""))
    out = tmp_path / "out"
    assert run_build(tiny_site, "--out", str(out)).code == 0
    assert 'title="Source 1: The UN’s office"' in (out / "first-story" / "index.html").read_text(encoding="utf-8")
