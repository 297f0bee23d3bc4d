"""The explainer's Markdown form (index.md) writes figures out where the parser found roles and charts."""

from __future__ import annotations

import pytest

from explainer.render.markdown import parse_markdown, source_spans


def replaced(text: str) -> str:
    """The text with every role and directive the parser found written as «name:content»."""
    out, done = [], 0
    for span in source_spans(text, parse_markdown(text).tokens):
        token = span.token
        label = token.meta["name"] if token.type == "myst_role" else token.info
        out += [text[done:span.start], f"«{label}:{token.content.strip()}»"]
        done = span.end
    return "".join(out + [text[done:]])


@pytest.mark.parametrize("text, expected", [
    ("Text {fig}`a` and {data}`d/s/2022-01-01`.", "Text «fig:a» and «data:d/s/2022-01-01»."),
    ("| one | two |\n|---|---|\n| {fig}`a` | {fig}`a` |\n",
     "| one | two |\n|---|---|\n| «fig:a» | «fig:a» |\n"),
    ("> a quote {fig}`a`\n> goes on {fig}`b`\n", "> a quote «fig:a»\n> goes on «fig:b»\n"),
    ("- item\n  continued {fig}`a`\n", "- item\n  continued «fig:a»\n"),
    ("## Heading with {fig}`a`\n", "## Heading with «fig:a»\n"),
    ("::: chart c1\n\n> ::: chart c2\n", "«chart:c1»\n\n> «chart:c2»\n"),
    ("A role across lines {fig}`a\nb` ends.", "A role across lines «fig:a b» ends."),
    ("Code ``{fig}`a` `` and a real {fig}`a`.", "Code ``{fig}`a` `` and a real «fig:a»."),
    ("```\n{fig}`a`\n::: chart c1\n```\n", "```\n{fig}`a`\n::: chart c1\n```\n"),
    ("Note.[^1]\n\n[^1]: From {fig}`a`.\n", "Note.[^1]\n\n[^1]: From «fig:a».\n"),
])
def test_roles_and_directives_are_found_where_they_stand(text, expected):
    assert replaced(text) == expected
