"""TODO markers: what an editor still has to fill in. A draft may keep them and be previewed;
the production build names every one with its file and line, and refuses those of an article that
would be published."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problems
from ..model import Content, Source
from .schema import Invalid
from .sourcefile import SourceError, read_text

TODO = "TODO"
TODO_WORD = re.compile(r"\bTODO\b")

# What a preview shows for `source: TODO`; the production build never gets this far with a TODO.
PLACEHOLDER_SOURCE = Source(id=TODO, publisher="TODO", title="source still to be added", url="#",
                            accessed=dt.date(1970, 1, 1), note="Preview only: add the source and its id.")


@dataclass(frozen=True)
class Todo:
    """One TODO left in a file: where it is and the line it stands on."""

    path: Path
    line: int
    text: str


class TodoDate(dt.date):
    """A date still to be set. It stands in as the build day so that a preview sorts and renders,
    and reads as 'TODO' wherever a date is printed."""

    is_todo = True


def article_todos(yaml_path: Path, md_path: Path, body: str, yaml_text: str = "") -> tuple[Todo, ...]:
    """Every TODO of an article, in its YAML text (read again if not given: the parsed form has no comments)
    and its Markdown."""
    try:
        yaml_text = yaml_text or read_text(yaml_path)
    except (OSError, SourceError):
        yaml_text = ""  # it was read a moment ago; a file changing under the build is reported next time
    return find_todos(yaml_path, yaml_text) + find_todos(md_path, body)


def find_todos(path: Path, text: str) -> tuple[Todo, ...]:
    """Every line of a file that holds the word TODO (in values, prose or comments)."""
    if TODO not in text:  # nearly every file: no line to look at
        return ()
    return tuple(Todo(path, number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)
                 if TODO_WORD.search(line))


def todo_message(todo: Todo, draft: bool) -> str:
    """How the production build names a TODO."""
    text = todo.text
    comment = text.find(" #")
    if comment > text.find(TODO):  # a YAML line: the value is the point, not the comment after it
        text = text[:comment].rstrip()
    excerpt = text if len(text) <= 60 else text[:57] + "..."
    return f"TODO left in {'a draft' if draft else 'an article'}: '{excerpt}'; fill it in before publishing"


def or_todo(clean, stand_in):
    """A cleaner that also accepts the word TODO in a draft, where `stand_in(checker)` replaces it."""

    def cleaner(checker, value, line):
        if isinstance(value, str) and value.strip() == TODO:
            if getattr(checker, "draft", False):
                return stand_in(checker)
            raise Invalid("TODO is a placeholder only a draft may keep: fill it in, or set 'draft: true'")
        return clean(checker, value, line)

    return cleaner


def allow_todos(fields: dict, **stand_ins) -> None:
    """Let a draft write TODO in these fields of a schema table, whatever cleaner each field has."""
    for name, stand_in in stand_ins.items():
        fields[name] = dataclasses.replace(fields[name], clean=or_todo(fields[name].clean, stand_in))


def todo_date(checker) -> TodoDate:
    """The stand-in for a date still to be set: the day the site is built for (Site.today), so a preview
    sorts the draft as the newest."""
    today = checker.today
    return TodoDate(today.year, today.month, today.day)


def todo_source(checker) -> str:
    """The stand-in for a source id still to be chosen."""
    return TODO


def check_todos(content: Content, problems: Problems) -> None:
    """A TODO may be previewed (--drafts) but never published: the production build names each one."""
    if content.site.drafts:
        if any(article.todos for article in content.articles):
            content.sources.setdefault(TODO, PLACEHOLDER_SOURCE)
        return
    for article in content.articles:
        for todo in article.todos:  # a draft stays out of the site, so its TODOs are only named
            report = problems.warn if article.draft else problems.add
            report(todo.path, todo.line, todo_message(todo, article.draft))
