"""A small schema language: tables of field cleaners that report every problem with its line.

A cleaner takes (checker, value, line) and returns the cleaned value or raises Invalid.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import Problems
from .sourcefile import LineDict, LineList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Invalid(Exception):
    """A value that a cleaner refuses; the message says what was expected."""


class Reported(Exception):
    """A nested value whose problems have already been recorded."""


@dataclass(frozen=True)
class Field:
    """One key of a mapping: how to clean it, and whether it must be there."""

    clean: Callable
    required: bool = False
    default: Any = None


@dataclass
class Checker:
    """Cleans the values of one file against field tables, recording problems with lines."""

    path: Any
    problems: Problems
    known: dict

    def report(self, line: int, message: str) -> None:
        """Record a problem in this checker's file."""
        self.problems.add(self.path, line, message)

    def mapping(self, data, fields: dict[str, Field], line: int, what: str) -> dict | None:
        """Clean a mapping against a field table; None if anything in it was wrong."""
        if not isinstance(data, dict):
            self.report(line, f"{what} must be a mapping of keys to values, not {describe(data)}")
            return None
        ok = True
        cleaned = {}
        for key in data:
            if key not in fields:
                self.report(data.line_of(key), unknown_key_message(key, fields, what))
                ok = False
        for name, spec in fields.items():
            if name not in data or data[name] is None:
                if spec.required:
                    self.report(data.line, f"{what} is missing the required field '{name}'")
                    ok = False
                cleaned[name] = spec.default() if callable(spec.default) else spec.default
                continue
            try:
                cleaned[name] = spec.clean(self, data[name], data.line_of(name))
            except Invalid as err:
                self.report(data.line_of(name), f"'{name}': {err}")
                ok = False
            except Reported:
                ok = False
        return cleaned if ok else None


def describe(value) -> str:
    """Name a YAML value's type the way an editor would."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"text ('{short}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def suggest(word, choices) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def unknown_key_message(key, fields, what: str) -> str:
    """The message for a key the schema does not know, with a suggestion."""
    hint = suggest(key, fields)
    if not hint:
        hint = "; allowed: " + ", ".join(sorted(fields))
    return f"unknown key '{key}' in {what}{hint}"


# Cleaners ---------------------------------------------------------------------------------------


def text(checker, value, line):
    """A non-empty string."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise Invalid(f"expected text, got {describe(value)}")
    if not value.strip():
        raise Invalid("must not be empty")
    return value.strip()


def one_line(checker, value, line):
    """A short text that a chart prints as a label or names a field with (a unit, a series, a title): one line,
    without a backslash, which the drawing would read as an escape."""
    value = text(checker, value, line)
    if "\n" in value or "\r" in value:
        raise Invalid("must be one line: write it on the line of its key, or fold it with '>-'")
    if "\\" in value:
        raise Invalid("must not contain a backslash ('\\')")
    return value


def boolean(checker, value, line):
    """true or false."""
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {describe(value)}")
    return value


def date(checker, value, line):
    """A calendar date written as YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        raise Invalid("expected a date (YYYY-MM-DD) without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"expected a date written YYYY-MM-DD, got {describe(value)}")


class Month(dt.date):
    """A date known only to the month ('2022-06'): prints as 'June 2022', sorts as its first day."""

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def date_or_month(checker, value, line):
    """A date (YYYY-MM-DD), or a month (YYYY-MM) when sources give no day."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}$", value.strip()):
        year, month = map(int, value.strip().split("-"))
        if 1 <= month <= 12:
            return Month(year, month, 1)
    try:
        return date(checker, value, line)
    except Invalid:
        raise Invalid(f"expected a date written YYYY-MM-DD (or YYYY-MM for a month), got {describe(value)}") from None


def count(checker, value, line):
    """A whole number that is not negative."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got {describe(value)}")
    if value < 0:
        raise Invalid(f"must not be negative (got {value})")
    return value


def number(checker, value, line):
    """A number (whole or decimal) that is not negative."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"expected a number, got {describe(value)}")
    if value != value or value in (float("inf"), float("-inf")):
        raise Invalid(f"must be a finite number (got {value})")
    if value < 0:
        raise Invalid(f"must not be negative (got {value})")
    return value


def slug(checker, value, line):
    """Lowercase letters, digits and single hyphens: safe in a URL and a file name."""
    value = text(checker, value, line)
    if not SLUG.match(value):
        raise Invalid(f"'{value}' is not a valid id: use lowercase letters, digits and hyphens")
    return value


def url(checker, value, line):
    """An absolute http(s) URL."""
    value = text(checker, value, line)
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise Invalid(f"'{value}' is not an absolute http(s) URL")
    return value


def one_of(*choices: str):
    """A cleaner accepting one of a fixed set of words."""

    def clean(checker, value, line):
        if value not in choices:
            raise Invalid(f"expected one of {', '.join(choices)}, got {describe(value)}{suggest(value, choices)}")
        return value

    return clean


class Anything(frozenset):
    """What a registry that could not be read may hold: every id, so that references to it are not each
    reported as unknown (its own problem names the root cause once)."""

    def __contains__(self, item) -> bool:
        return True


def reference(registry: str, what: str):
    """A cleaner for an id that must exist in `checker.known[registry]`."""

    def clean(checker, value, line):
        value = text(checker, value, line)
        known = checker.known.get(registry, ())
        if value not in known:
            raise Invalid(f"unknown {what} '{value}'{suggest(value, known)}")
        return value

    return clean


def list_of(item, *, allow_single: bool = False, unique: bool = False):
    """A cleaner for a list whose items are each cleaned by `item`; all item problems reported."""

    def clean(checker, value, line):
        if allow_single and not isinstance(value, list):
            value = LineList([value])
            value.line, value.item_lines = line, [line]
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {describe(value)}")
        out, failed, seen = [], False, set()
        for index, raw in enumerate(value):
            item_line = value.line_of(index) if isinstance(value, LineList) else line
            try:
                cleaned = item(checker, raw, item_line)
            except Invalid as err:
                checker.report(item_line, f"item {index + 1}: {err}")
                failed = True
                continue
            except Reported:
                failed = True
                continue
            if unique and cleaned in seen:
                checker.report(item_line, f"item {index + 1}: '{cleaned}' is listed twice")
                failed = True
            seen.add(cleaned) if unique else None
            out.append(cleaned)
        if failed:
            raise Reported
        return out

    return clean


def record(fields: dict[str, Field], build: Callable, what: str):
    """A cleaner for a nested mapping, built into an object with `build(line=..., **fields)`."""

    def clean(checker, value, line):
        if isinstance(value, LineDict):
            line = value.line
        cleaned = checker.mapping(value, fields, line, what)
        if cleaned is None:
            raise Reported
        return build(line=line, **{k: tuple(v) if isinstance(v, list) else v for k, v in cleaned.items()})

    return clean


def is_mapping(value) -> bool:
    """True for a YAML mapping."""
    return isinstance(value, LineDict)
