"""How numbers and dates read on the page: '1,500', 'more than 1,500', '12,000–13,000', '31 May 2022'.

That is English, the site's default language. An edition in another language is made inside `speaking(...)`:
numbers, dates and month names then come from Babel's locale data ('7 900 139', '25 червня 2022 р.'), and the
qualifiers from that edition's message catalog."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable

NBSP = "\u00a0"
GLUED_UNITS = ("%", "‰", "°")  # written against the number: '70%', not '70 %'


@dataclass(frozen=True)
class Speech:
    """How an edition other than English reads: its Babel locale ('uk') and its catalog's gettext."""

    locale: str
    gettext: Callable[[str], str] = str


SPEECH: contextvars.ContextVar[Speech | None] = contextvars.ContextVar("speech", default=None)


@contextlib.contextmanager
def speaking(speech: Speech | None):
    """Format numbers and dates as `speech` reads them inside the block (English when None); forked workers
    started inside it inherit it."""
    token = SPEECH.set(speech)
    try:
        yield speech
    finally:
        SPEECH.reset(token)


def N_(text: str) -> str:  # noqa: N802 - the name message extraction looks for
    """Marks a word for the message catalog; the word is translated where it is printed."""
    return text


def say(text: str, **values) -> str:
    """A message in the language being spoken (as it is in English), with its %(name)s values filled in."""
    speech = SPEECH.get()
    message = speech.gettext(text) if speech is not None else text
    return message % values if values else message


# What a key figure's qualifier says, to be translated (content/validate.py accepts these values).
QUALIFIERS = (N_("about"), N_("more than"), N_("up to"), N_("at least"), N_("fewer than"), N_("nearly"))


def format_number(value) -> str:
    """Thousands separated by commas; decimals as the data has them ('9.04' stays '9.04', '7' stays '7')."""
    if isinstance(value, tuple):
        return f"{format_number(value[0])}–{format_number(value[1])}"
    if (speech := SPEECH.get()) is not None:
        return babel_number(value, speech.locale, type(value))  # (1 and 1.0 are one key without the type)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"  # the shortest text that reads back as the value: the digits the data was written with
    return f"{int(value):,}"


def format_value(value, unit_short: str | None = None) -> str:
    """A value with its dataset's short unit: '16.4 m' (a non-breaking space), '70%' (none before %)."""
    number = format_number(value)
    if not unit_short:
        return number
    return f"{number}{unit_short}" if unit_short in GLUED_UNITS else f"{number}{NBSP}{unit_short}"


def format_figure(value, qualifier: str | None = None, unit: str | None = None) -> str:
    """A key figure as a reader sees it: qualifier, number, unit."""
    speech = SPEECH.get()
    words = [speech.gettext(qualifier) if speech and qualifier else qualifier, format_number(value),
             unit_for(value, unit)]
    return " ".join(w for w in words if w)


PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


def unit_for(value, unit) -> str | None:
    """A unit as it reads after `value`: a text as it is, or one of a translation's plural forms (['людина',
    'людини', 'людей']: one, few, many, in the order of the language's plural categories; a fraction, which
    the list may leave out, takes the 'few' form, as in Ukrainian)."""
    if not isinstance(unit, tuple):
        return unit
    if (speech := SPEECH.get()) is None:
        return unit[-1]
    locale = babel_locale(speech.locale)
    tags = [tag for tag in PLURAL_ORDER if tag in locale.plural_form.tags or tag == "other"]
    forms = dict(zip(tags, unit))
    number = value[1] if isinstance(value, tuple) else value
    tag = locale.plural_form(number)
    return forms.get(tag) or forms.get("few") or unit[-1]


def format_date(day: dt.date | None) -> str:
    """'31 May 2022' (no leading zero, no locale dependence)."""
    if getattr(day, "is_todo", False):  # a draft's date still to be set (explainer/content/todos.py)
        return "TODO"
    if day is None:
        return ""
    if len(day.isoformat()) == 7:  # a month without a day (schema.Month)
        return format_month(day)
    if (speech := SPEECH.get()) is not None:
        return babel_date(day, "long", speech.locale)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# Babel's formatting, remembered: a page prints the same few dates and numbers many times over (a source's
# dates under every citation), and each call reads the locale's patterns again (about 40 us).

@functools.lru_cache(maxsize=4096)
def babel_date(day: dt.date, width: str, locale: str) -> str:
    from babel.dates import format_date

    return format_date(day, width, locale=locale)


@functools.lru_cache(maxsize=4096)
def babel_number(value, locale: str, kind: type) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale, decimal_quantization=False)


@functools.lru_cache(maxsize=None)
def babel_locale(locale: str):
    from babel import Locale

    return Locale.parse(locale)


def format_month(day: dt.date) -> str:
    """A month of a year: 'May 2022', 'травень 2022 р.'."""
    if (speech := SPEECH.get()) is not None:
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", dt.date(day.year, day.month, 1), locale=speech.locale)
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_abbreviation(month: int, with_day: bool = False) -> str:
    """A month's short name for chart axes: 'Jun'; 'черв.' (the form that follows a day, with `with_day`)."""
    if (speech := SPEECH.get()) is not None:
        from babel.dates import get_month_names

        return get_month_names("abbreviated", "format" if with_day else "stand-alone", speech.locale)[month]
    return MONTHS[month - 1][:3]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def format_short_date(day: dt.date | None) -> str:
    """'31 May 2022', '24 Nov 2026': the month cut to three letters, for dates that sit beside a headline."""
    full = format_date(day)
    if not full or full == "TODO":
        return full
    if (speech := SPEECH.get()) is not None:
        return babel_date(day, "medium", speech.locale) if len(day.isoformat()) == 10 else full
    *rest, month, year = full.split(" ")
    return " ".join([*rest, month[:3], year])
