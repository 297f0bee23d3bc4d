"""The `typo` filter: YAML text set like the Markdown body, still escaped, never read as Markdown."""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import Markup

from explainer.numbers import format_short_date
from explainer.render.pages import typographer


@pytest.mark.parametrize("text, expected", [
    ("Haidai's \"count\"", "Haidai’s “count”"),
    ("2022--2023, and -- as he said --- later...", "2022–2023, and – as he said — later…"),
    ("*not emphasis* and _not_ either", "*not emphasis* and _not_ either"),
    ("</script><!-- & more", "&lt;/script&gt;&lt;!-- &amp; more"),
    ("", ""),
])
def test_typographer_sets_quotes_and_dashes_and_escapes(text, expected):
    result = typographer(text)
    assert isinstance(result, Markup) and str(result) == expected


def test_typographer_leaves_markup_alone_and_none_empty():
    assert typographer(Markup("<b>x</b>")) == Markup("<b>x</b>") and typographer(None) == ""


@pytest.mark.parametrize("day, expected", [
    (dt.date(2026, 11, 24), "24 Nov 2026"), (dt.date(2022, 5, 31), "31 May 2022"), (None, ""),
])
def test_short_dates_beside_a_headline(day, expected):
    assert format_short_date(day) == expected
