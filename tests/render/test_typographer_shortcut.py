"""The typographer without a parse (render/typography.py) gives exactly what markdown-it's typographer gives,
for any text made of the characters its rules look at: as plain text (JSON-LD, the Markdown edition) and as
the `typo` filter's escaped HTML."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from explainer.render.pages import typographer
from explainer.render.typography import TYPOGRAPHER, typeset

PIECES = list("ab c'\"\r\n\0+-.?!,()ctmrCTMR<>&*_`[]{}#\\\t\u2019é 7ї\u00a0") + [
    "...", "--", "---", "(c)", "(TM)", "'s", "n't", "l'", "&amp;", "&quot;", "\r\n", "\n\n", "«", "„"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_the_filter_matches_the_typographer(text):
    assert typographer(text) == Markup(TYPOGRAPHER.renderInline(text))


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_plain_text_matches_the_typographer(text):
    assert typeset(text) == html.unescape(TYPOGRAPHER.renderInline(text))


def test_plain_text_is_escaped_and_quotes_still_curl():
    assert typographer("Azot & <plant>") == "Azot &amp; &lt;plant&gt;"
    assert typographer("the city's \"last\" bridge") == "the city\u2019s \u201clast\u201d bridge"
    assert typeset("\"Azot\" -- 'the plant'...") == "\u201cAzot\u201d \u2013 \u2018the plant\u2019\u2026"


def test_an_apostrophe_inside_a_word_needs_no_parse(monkeypatch):
    """The commonest work (the city's, l'été, 1990's) is done without markdown-it's rules, which cost five times as
    much; a quote that could open or close still goes to them."""
    import explainer.render.typography as typography

    monkeypatch.setattr(typography, "StateCore", None)
    assert typeset("the city's mayor, l'été of 1990's") == "the city\u2019s mayor, l\u2019été of 1990\u2019s"
    with pytest.raises(TypeError):
        typeset("the 'city")


MARKDOWN_PIECES = PIECES + ["\n\n", "\n \n", "\n", "[a](/x--y/)", "[^1]", "[^a--b]", "<b>'x'</b>", "https://a.b/--c",
                            "```\n'a'\n\n--\n```", "~~~\n\"x\"\n~~~", "`'q'`", "---", "| - | : |", "::: chart",
                            "[ref]: /a--b 'c'", "](", "\U000F0001",
                            "a'b", "[x](/a'b)", "<a'b>", "https://a'b", "[^a'b]", "[a'b]: /c", "::: a'b", "***"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=20).map("".join))
def test_paragraph_by_paragraph_is_the_whole_text_at_once(text):
    """smart_markdown's shortcut (a paragraph held alone, one without the typographer's work left alone) sets
    a document exactly as holding and setting the whole of it does."""
    from explainer.render.compose import PRIVATE, set_paragraphs, smart_markdown

    assert smart_markdown(text) == (text if PRIVATE.search(text) else set_paragraphs(text))


def test_a_paragraph_whose_only_work_is_apostrophes_is_set_without_holding(monkeypatch):
    """Most paragraphs the typographer touches only have "city's": nothing is held for them; one with a link
    target (where an apostrophe stays as written) still is."""
    import explainer.render.compose as compose

    held = []
    monkeypatch.setattr(compose, "set_paragraphs", lambda text: held.append(text) or text)
    assert compose.smart_markdown("The city's mayor.\n\nIts river's banks.\n") == \
        "The city\u2019s mayor.\n\nIts river\u2019s banks.\n"
    assert held == []
    compose.smart_markdown("The city's [mayor](/a'b/).\n")
    assert held == ["The city's [mayor](/a'b/).\n"]
