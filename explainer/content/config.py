"""Stage 1: site/site.yaml into a validated Site."""

from __future__ import annotations

import re
from pathlib import Path

from ..digests import build_date
from ..errors import Problems
from ..model import SharePlatform, Site
from ..output.urls import normalize_base_url
from . import schema as s
from .sourcefile import SourceError, load_yaml

SITE_FIELDS = {
    "title": s.Field(s.text, required=True),
    "description": s.Field(s.text, required=True),
    "publisher": s.Field(s.text, required=True),
    "base_url": s.Field(s.text, default="/"),
    "language": s.Field(lambda checker, value, line: language_code(checker, value, line), default=None),
    # Every edition the site publishes, the default language first (issue 17); the others are made from
    # translation files beside the English ones (content/translations.py) under /<language>/.
    "languages": s.Field(s.list_of(lambda checker, value, line: language_code(checker, value, line),
                                   unique=True), default=None),
    "author": s.Field(s.text, default=None),
    "domain": s.Field(lambda checker, value, line: host_name(checker, value, line), default=None),
    "allow_raw_html": s.Field(s.boolean, default=False),
    "nav": s.Field(s.list_of(s.slug), default=tuple),
    # Trust and reuse (issue 14): shown in the footer, on About and Methodology, and under each explainer.
    "contact": s.Field(s.text, default=None),
    "license": s.Field(s.text, default="CC BY 4.0"),
    "license_url": s.Field(s.url, default="https://creativecommons.org/licenses/by/4.0/"),
    "share": s.Field(s.list_of(s.record({"name": s.Field(s.text, required=True),
                                         "url": s.Field(s.url, required=True)}, SharePlatform, "share platform")),
                     default=tuple),
    "per_page": s.Field(s.count, default=20),  # explainers on the home page and each /page/N/; 0: all on one
}


def load_site(root: Path, problems: Problems, *, out: Path | None = None, base_url: str | None = None,
              drafts: bool = False) -> Site | None:
    """Read site/site.yaml; command-line options override what it says."""
    path = root / "site" / "site.yaml"
    if not path.is_file():
        problems.add(path, 1, "site configuration is missing: create site/site.yaml")
        return None
    try:
        data = load_yaml(path)
    except SourceError as err:
        problems.add(path, err.line, err.message)
        return None
    checker = s.Checker(path, problems, {})
    fields = checker.mapping(data, SITE_FIELDS, getattr(data, "line", 1), "site.yaml")
    if fields is None:
        return None
    fields["base_url"] = normalize_base_url(base_url if base_url is not None else fields["base_url"])
    fields["author"] = fields["author"] or fields["publisher"]
    fields["nav"] = tuple(fields["nav"])
    check_nav(root, data, fields["nav"], path, problems)
    fields["share"] = tuple(fields["share"])
    if not check_languages(fields, data, path, problems):
        return None
    return Site(**fields, root=root, out=out or root / "public", drafts=drafts, today=build_date())


LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


def language_code(checker, value, line):
    """A language as BCP 47 writes it for `lang` ('en', 'uk', 'pt-BR'), one Babel has locale data for."""
    value = s.text(checker, value, line)
    if not LANGUAGE.match(value):
        raise s.Invalid(f"'{value[:20]}' is not a language code: write it like en, uk or pt-BR")
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value, sep="-")
    except (UnknownLocaleError, ValueError):
        raise s.Invalid(f"no locale data for the language '{value}'") from None
    return value


def check_languages(fields: dict, data, path: Path, problems: Problems) -> bool:
    """`languages` lists every edition, the default first; `language` (the default) is the first of them."""
    languages, language = fields.pop("languages"), fields["language"]
    if languages is None:
        languages = (language or "en",)
    if language is not None and language != languages[0]:
        problems.add(path, data.line_of("languages"), f"languages starts with '{languages[0]}', but language says "
                     f"the default is '{language}': list the default language first")
        return False
    fields["language"], fields["languages"] = languages[0], tuple(languages)
    return True


HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")


def host_name(checker, value, line):
    """A host name for CNAME and absolute links ('example.org'): no scheme, path, port or spaces."""
    value = s.text(checker, value, line)
    if not HOST_NAME.match(value):
        raise s.Invalid(f"'{value[:60]}' is not a host name: write it like news.example.org, without "
                        "https:// or a path")
    return value


def check_nav(root: Path, data, nav: tuple, path: Path, problems: Problems) -> None:
    """Every page the navigation names must exist (a missing one used to be dropped without a word)."""
    items = data.get("nav") if hasattr(data, "get") else None
    for index, slug in enumerate(nav):
        if not (root / "content" / "pages" / f"{slug}.md").is_file():
            line = items.line_of(index) if hasattr(items, "line_of") else data.line_of("nav")
            problems.add(path, line, f"nav names the page '{slug}', but there is no content/pages/{slug}.md")
