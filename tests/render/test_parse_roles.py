"""parse_roles, validation's shortcut: the roles (and their lines) it finds are those a full parse finds, for
every article of the example site and for texts that only look like they hold a role."""

from __future__ import annotations

import pytest
from support import ROOT

from explainer.content.counts import text_blocks
from explainer.render.markdown import parse_markdown, parse_roles

TEXTS = [
    "{fig}`a`", "Before {data}`d/s/2022-01-01` after.", "{fig} `a`", "\\{fig}`a`", "`{fig}`a``", "{x}",
    "> quoted {fig}`q`\n\n| a | b |\n|---|---|\n| {fig}`cell` | x |\n",
    "Text.[^1]\n\n[^1]: A note with {fig}`in-note`.\n", "```\n{fig}`fenced`\n```\n", "- item\n  {fig}`in-list`\n",
]


@pytest.mark.parametrize("text", TEXTS + [path.read_text(encoding="utf-8")
                                          for path in sorted((ROOT / "content").rglob("*.md"))])
def test_parse_roles_finds_what_a_full_parse_finds(text):
    assert text_blocks(parse_roles(text)) == text_blocks(parse_markdown(text))


def test_a_text_without_role_syntax_is_not_parsed():
    assert parse_roles("## Heading\n\nPlain text with {braces} and `code`.\n").tokens == []
