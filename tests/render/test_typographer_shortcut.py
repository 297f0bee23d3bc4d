"""The typo filter's shortcut (a text the typographer's rules would not touch is only escaped) gives exactly
what markdown-it's typographer gives, for any text made of the characters those rules look at."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from explainer.render.pages import TYPOGRAPHER, typographer

PIECES = list("ab c'\"\r\n\0+-.?!,()ctmrCTMR<>&*_`[]{}#\\\t\u2019é") + ["...", "--", "---", "(c)", "(TM)", "'s"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_shortcut_matches_the_typographer(text):
    assert typographer(text) == Markup(TYPOGRAPHER.renderInline(text))


def test_plain_text_is_escaped_and_quotes_still_curl():
    assert typographer("Azot & <plant>") == "Azot &amp; &lt;plant&gt;"
    assert typographer("the city's \"last\" bridge") == "the city\u2019s \u201clast\u201d bridge"
