"""The interface's words in every language (issue 17): every message the templates and charts print has a
translation in each catalog, the catalogs are current with the templates, and numbers, dates and plurals
come from Babel's locale data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from explainer.numbers import Speech, format_date, format_figure, format_number, format_short_date, speaking
from explainer.render.languages import LOCALE_DIR, catalog
from support import ROOT

LANGUAGES = sorted(path.name for path in LOCALE_DIR.iterdir() if (path / "LC_MESSAGES").is_dir())


def template_messages() -> set:
    """Every message id in the templates and the Python that prints words, as `make translations` finds them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "say": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map, keywords):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


def read_catalog(language: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_there_is_a_ukrainian_catalog():
    assert "uk" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_message_has_a_translation(language):
    po = read_catalog(language)
    messages = template_messages()
    known = {m.id if isinstance(m.id, str) else tuple(m.id) for m in po if m.id}
    assert not messages - known, f"run `make translations`: messages missing from the {language} catalog"
    assert not known - messages, f"run `make translations`: the {language} catalog has messages no template uses"
    untranslated = [m.id for m in po if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))
                                                  or m.fuzzy)]
    assert not untranslated, f"translate these in {language}/LC_MESSAGES/messages.po: {untranslated}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_po_file(language):
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(language))
    compiled = (LOCALE_DIR / language / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert compiled == buffer.getvalue(), "run `make translations` to compile the .po file again"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    for message in read_catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == wanted, (message.id, string)


def test_babel_formats_ukrainian_dates_numbers_and_plurals():
    with speaking(Speech("uk", catalog("uk").gettext)):
        assert format_date(dt.date(2022, 6, 25)) == "25 червня 2022\u202fр."
        assert format_short_date(dt.date(2022, 6, 25)) == "25 черв. 2022\u202fр."
        assert format_number(7900139) == "7\u00a0900\u00a0139"  # Babel's group separator for uk
        assert format_number(9.04) == "9,04"
        people = ("людина", "людини", "людей")
        assert [format_figure(n, None, people) for n in (1, 3, 5, 21, 11)] == [
            "1 людина", "3 людини", "5 людей", "21 людина", "11 людей"]
        assert format_figure(800, "about", "людей") == "близько 800 людей"
    updates = [catalog("uk").ngettext("%(num)d update", "%(num)d updates", n) % {"num": n} for n in (1, 2, 5)]
    assert updates == ["1 оновлення", "2 оновлення", "5 оновлень"]


def test_english_is_as_it_was():
    assert format_date(dt.date(2022, 6, 25)) == "25 June 2022"
    assert format_number(7900139) == "7,900,139"
    assert format_figure(800, "about", ("person", "people")) == "about 800 people"
