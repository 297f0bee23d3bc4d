"""The site's languages: each edition's message catalog, and which page of one edition is which of another.

The words of the templates (and the few Python prints) are translated through Babel message catalogs in
explainer/locale/ (`make translations` extracts, updates and compiles them); the English ones are the
messages themselves. A page names its counterparts in every language (hreflang alternates, with English as
x-default) and offers a switch to them, or says in that language that there is none yet.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..numbers import N_, Speech

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
NOT_TRANSLATED = N_("Not translated into this language yet")


@functools.lru_cache(maxsize=None)
def catalog(language: str):
    """The compiled catalog of a language (gettext's NullTranslations for English, or one without a catalog)."""
    from babel.support import NullTranslations, Translations

    found = Translations.load(str(LOCALE_DIR), [language.replace("-", "_")], DOMAIN)
    return found if found.__class__ is Translations else NullTranslations()


def template_words(translations) -> dict:
    """The templates' `_`, `gettext` and `ngettext`: what jinja2.ext.i18n's new-style callables return
    (the message translated, as markup, always %-formatted with its escaped variables), without their two
    context-passing calls on each message, each message translated once. A page asks for dozens."""
    from markupsafe import Markup

    @functools.lru_cache(maxsize=None)
    def translated(message: str) -> Markup:
        return Markup(translations.gettext(message))

    @functools.lru_cache(maxsize=None)
    def alone(message: str) -> Markup:  # a message without variables ('%%' still becomes '%'): formatted once
        return translated(message) % {}

    def gettext(message: str, **variables) -> Markup:
        return translated(message) % variables if variables else alone(message)

    def ngettext(singular: str, plural: str, count: int, **variables) -> Markup:
        variables.setdefault("num", count)
        return Markup(translations.ngettext(singular, plural, count)) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def speech(language: str, default: str) -> Speech | None:
    """How numbers and dates read in a language (None: the default, English, as numbers.py writes them)."""
    return None if language == default else Speech(language.replace("-", "_"), catalog(language).gettext)


@functools.lru_cache(maxsize=None)
def language_name(language: str) -> str:
    """A language's name in itself: 'English', 'Українська'."""
    from babel import Locale

    name = Locale.parse(language, sep="-").get_display_name(language.replace("-", "_")) or language
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Alternate:
    """A language a page is offered in: its code, its name, the page in it (None: not translated yet) and what
    the switch says then, in that language."""

    language: str
    name: str
    path: str | None
    note: str = ""


@dataclass
class Languages:
    """Every edition of the site and its pages: for each page of the default language, its site path in each
    language that has it."""

    default: str
    languages: tuple
    pages: dict = field(default_factory=dict)  # default-language site path -> {language: site path}
    original: dict = field(default_factory=dict)  # any page's site path -> the default language's

    @property
    def several(self) -> bool:
        """True when the site has more than one language (a one-language site's pages name no alternates)."""
        return len(self.languages) > 1

    def add(self, language: str, original: str, path: str) -> None:
        """Record that `path` is the page at `original` in `language`."""
        self.pages.setdefault(original, {})[language] = path
        self.original[path] = original

    def versions(self, path: str) -> dict:
        """The page at `path` in each language that has it."""
        return self.pages.get(self.original.get(path, path), {})

    def alternates(self, path: str) -> list[tuple[str, str]]:
        """(hreflang, site path) for a page's every language, then x-default (the default language's)."""
        versions = self.versions(path)
        if not self.several or len(versions) < 2:  # a page in one language only has no alternates
            return []
        found = [(language, versions[language]) for language in self.languages if language in versions]
        return found + [("x-default", versions[self.default])] if self.default in versions else found

    def switch(self, path: str, current: str) -> list[Alternate]:
        """The other languages, each with the page at `path` in it, or a note that there is none yet."""
        versions = self.versions(path)
        return [Alternate(language, language_name(language), versions.get(language),
                          "" if language in versions else catalog(language).gettext(NOT_TRANSLATED))
                for language in self.languages if language != current] if self.several else []

    def local(self, language: str) -> dict:
        """Default-language site path -> the same page in `language`, for the pages it has: where a link in its
        text to an English page leads."""
        return {original: versions[language] for original, versions in self.pages.items() if language in versions}
