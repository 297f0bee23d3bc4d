"""The typographer alone, for text that is not a Markdown body: YAML fields on a page, JSON-LD, the Markdown
edition. Curly quotes and apostrophes, en and em dashes, ellipses, as markdown-it's typographer sets the body.

markdown-it reads a text in the zero preset's inline mode as a single text token, so its typographer is its
two core rules (replacements, smartquotes) run on that one token: `typeset` does just that, without parsing
and rendering (a page asks for dozens of these, the Markdown edition for one a paragraph).
tests/render/test_typographer_shortcut.py holds it to TYPOGRAPHER.renderInline, the reference.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import normalize, replace, smartquotes
from markdown_it.rules_core.smartquotes import APOSTROPHE
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

TYPOGRAPHER = MarkdownIt("zero", {"typographer": True}).enable(["replacements", "smartquotes"])
# What the typographer's rules act on (quotes; replacements' triggers, as markdown-it's rules_core/replacements
# tests for them; what normalize rewrites): a text with none of it comes out as itself. (Every alternative begins
# with a character of its own, not a class: the search then skips to the next of those characters, 2.4x faster.)
TYPOGRAPHER_WORK = re.compile(r"""'|"|\r|\0|\+-|\.\.|\?\?\?\?|!!!!|,,|--|\((?:c|tm|r)\)""", re.IGNORECASE)
# That work but for the commonest: an apostrophe inside a word ("city's": a "'" between two letters or digits, which
# markdown-it's smartquotes makes an apostrophe whatever stands around it, since a letter or digit is neither
# space nor punctuation to it, so such a quote can neither open nor close).
MORE_THAN_APOSTROPHES = re.compile(r"""'(?:(?<![^\W_]')|(?![^\W_]))|"|\r|\0|\+-|\.\.|\?\?\?\?|!!!!|,,|--|\((?:c|tm|r)\)""",
                                   re.IGNORECASE)


def typeset(text: str) -> str:
    """`text` as markdown-it's typographer sets it, as plain text (not escaped)."""
    if not text or not TYPOGRAPHER_WORK.search(text):  # most titles and labels
        return text
    if not MORE_THAN_APOSTROPHES.search(text):
        return text.replace("'", APOSTROPHE)
    state = StateCore(text, TYPOGRAPHER, {})
    normalize(state)
    words = Token("text", "", 0)
    words.content = state.src
    line = Token("inline", "", 0)
    line.content, line.children = state.src, [words]
    state.tokens = [line]
    replace(state)
    smartquotes(state)
    return words.content
