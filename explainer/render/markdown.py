"""Markdown to HTML with markdown-it-py: footnotes, heading anchors, a table of contents,
`::: chart <id>` block directives and `{fig}`id`` / `{data}`dataset/series/date`` roles.

Raw HTML is an error unless site.yaml allows it; even then whatever the sanitizer's allow-list
would drop (scripts, event handlers, styles, script URLs, images from other hosts) is an error. Problems are reported with the line of the Markdown file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from types import SimpleNamespace

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.myst_role import myst_role_plugin
from mdit_py_plugins.myst_role.index import myst_role

from .rawhtml import html_problems

DIRECTIVE = re.compile(r"^:::\s*(\S+)(?:\s+(.*?))?\s*$")
EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:)?//", re.I)
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)


class Unresolved(Exception):
    """A reference in Markdown that the resolver cannot satisfy; the message says why."""


class Resolver:
    """What Markdown may refer to. The base class knows nothing: every reference is an error.

    `words` are the few words the renderer prints in the text (a figure's tooltip, a note's way back); the
    site's templates give them (templates/partials/words.html), these are for a resolver made without."""

    words = SimpleNamespace(source_title="Source", back_to_text="Back to where this note is marked", status={
        "confirmed": "Confirmed: independent sources agree",
        "unverified": "Unverified: not independently confirmed",
        "disputed": "Disputed: contradicted by other evidence or the other side"},
        status_label={"confirmed": "Confirmed", "unverified": "Unverified", "disputed": "Disputed"})

    def chart(self, chart_id: str) -> str:
        """The HTML of a chart placed with `::: chart <id>`."""
        raise Unresolved(f"unknown chart '{chart_id}'")

    def role(self, name: str, ref: str) -> str:
        """The HTML of an inline `{name}`ref`` role."""
        raise Unresolved(f"unknown role '{{{name}}}'")

    def link(self, href: str) -> str:
        """The final href of a link written in Markdown."""
        return href


@dataclass
class Rendered:
    """The HTML of a Markdown text, its headings for a table of contents, and its problems."""

    html: str
    toc: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (line, message)
    notes: str = ""  # the footnotes as list items, for the page's "Notes" section (the template heads it)


def slugify(text: str) -> str:
    """A heading's anchor: ASCII lowercase words joined by hyphens ('Azot plant' -> 'azot-plant')."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


@lru_cache(maxsize=2)
def markdown_parser(allow_raw_html: bool) -> MarkdownIt:
    """The site's markdown-it configuration (built once per setting)."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.validateLink = lambda url: True  # checked in check_tokens, where the line is known
    md.use(footnote_plugin).use(myst_role_plugin)
    md.inline.ruler.at("myst_role", located_role)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    md.block.ruler.before("fence", "directive", directive_rule, {"alt": ["paragraph"]})
    md.add_render_rule("directive", render_directive)
    md.add_render_rule("myst_role", render_role)
    md.add_render_rule("footnote_ref", render_note_ref)
    md.add_render_rule("footnote_anchor", render_note_backref)
    md.add_render_rule("footnote_block_open", lambda *args: "")
    md.add_render_rule("footnote_block_close", lambda *args: "")
    md.options["allow_raw_html"] = allow_raw_html
    return md


def located_role(inline, silent: bool) -> bool:
    """myst_role_plugin's rule, also noting where the role stands in its inline text: meta['span']."""
    start = inline.pos
    if not myst_role(inline, silent):
        return False
    if not silent:
        inline.tokens[-1].meta["span"] = (start, inline.pos)
    return True


def directive_rule(block, start: int, end: int, silent: bool) -> bool:
    """A block directive: one line `::: name argument`."""
    pos = block.bMarks[start] + block.tShift[start]
    line = block.src[pos:block.eMarks[start]]
    if block.sCount[start] - block.blkIndent >= 4 or not line.startswith(":::"):
        return False
    match = DIRECTIVE.match(line)
    if not match:
        return False
    if silent:
        return True
    token = block.push("directive", "", 0)
    token.info, token.content = match.group(1), (match.group(2) or "").strip()
    token.map = [start, start + 1]
    block.line = start + 1
    return True


def render_directive(self, tokens, idx, options, env) -> str:
    """Directives: only `chart` for now; anything else is an error at its line."""
    token = tokens[idx]
    try:
        if token.info != "chart":
            raise Unresolved(f"unknown directive '::: {token.info}' (did you mean '::: chart <id>'?)")
        if not token.content:
            raise Unresolved("'::: chart' needs a chart id, e.g. '::: chart civilian-casualties'")
        return env["resolver"].chart(token.content) + "\n"
    except Unresolved as err:
        env["problems"].append((token.map[0], str(err)))
        return ""


def render_role(self, tokens, idx, options, env) -> str:
    """Inline roles print figures drawn from the data, linked to their sources."""
    token = tokens[idx]
    try:
        return env["resolver"].role(token.meta["name"], token.content.strip())
    except Unresolved as err:
        env["problems"].append((env["line_of"](token), str(err)))
        return escape(token.content)


def note_letter(index: int) -> str:
    """A footnote's marker, kept apart from the sources' [1], [2]: 0 -> 'a', 25 -> 'z', 26 -> 'aa'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def render_note_ref(self, tokens, idx, options, env) -> str:
    """A footnote mark: a superscript letter linking to its note (sources keep the bracketed numbers)."""
    meta = tokens[idx].meta
    number, letter = meta["id"] + 1, note_letter(meta["id"])
    ref = f"fnref{number}" + (f"-{meta['subId']}" if meta.get("subId", 0) > 0 else "")
    return f'<sup class="footnote-ref"><a href="#fn{number}" id="{ref}" data-note="{letter}">{letter}</a></sup>'


def render_note_backref(self, tokens, idx, options, env) -> str:
    """The link from a note back to where it is marked in the text."""
    meta = tokens[idx].meta
    ref = f"fnref{meta['id'] + 1}" + (f"-{meta['subId']}" if meta.get("subId", 0) > 0 else "")
    label = escape(env["resolver"].words.back_to_text)
    return (f' <a href="#{ref}" class="footnote-backref" data-backref="{note_letter(meta["id"])}" '
            f'aria-label="{label}">\u21a9\ufe0e</a>')


@dataclass
class Parsed:
    """A Markdown text's token stream and the parser's notes (footnotes), made once and rendered once."""

    tokens: list
    env: dict


def parse_markdown(text: str, allow_raw_html: bool = False) -> Parsed:
    """Parse Markdown into tokens; parsing is most of the cost, so compose and render share the result."""
    env: dict = {}
    return Parsed(markdown_parser(allow_raw_html).parse(text, env), env)


# What every `{name}`content`` role starts with (myst_role's name pattern and its opening backtick): a text
# without it has no roles, whatever else it holds, since an inline block's content is cut from its source.
ROLE_MARK = re.compile(r"\{[a-zA-Z0-9_\-+:]+\}`")


def parse_roles(text: str, allow_raw_html: bool = False) -> Parsed:
    """The tokens of a text as far as its roles go: parse_markdown's when it may hold a role, and none when it
    cannot. Validation reads only the roles and their lines, and most texts have none: it need not parse them
    (the article is parsed again, in full, when it is made)."""
    if not ROLE_MARK.search(text):
        return Parsed([], {})
    return parse_markdown(text, allow_raw_html)


def render_markdown(text: str, resolver: Resolver, *, allow_raw_html: bool = False, first_line: int = 1,
                    parsed: Parsed | None = None) -> Rendered:
    """Render Markdown (or its `parsed` tokens, which this consumes); problem lines count from `first_line`."""
    md = markdown_parser(allow_raw_html)
    parsed = parsed or parse_markdown(text, allow_raw_html)
    env = {**parsed.env, "resolver": resolver, "problems": []}
    tokens = parsed.tokens
    check_tokens(tokens, env, resolver, allow_raw_html)
    split = next((i for i, token in enumerate(tokens) if token.type == "footnote_block_open"), len(tokens))
    html = md.renderer.render(tokens[:split], md.options, env)
    notes = md.renderer.render(tokens[split:], md.options, env)
    problems = [(line + first_line, message) for line, message in env["problems"]]
    return Rendered(html=html, toc=table_of_contents(tokens), problems=sorted(problems), notes=notes)


def check_tokens(tokens, env, resolver: Resolver, allow_raw_html: bool) -> None:
    """Raw HTML policy and link checks, before rendering; also teaches roles their lines."""
    parents = {}
    for token in tokens:
        if token.type == "html_block":
            check_html(token.content, token.map[0], env, allow_raw_html)
        for child in token.children or ():
            kind = child.type
            if kind == "myst_role":
                parents[id(child)] = token
            elif kind == "html_inline":  # lines are worked out only where a problem may need one
                check_html(child.content, _line_in(token, child), env, allow_raw_html)
            elif kind == "image" and EXTERNAL.match(str(child.attrs.get("src", ""))):
                env["problems"].append((_line_in(token, child), f"image '{str(child.attrs['src'])[:60]}' is on "
                                        "another host: copy it into site/static/ (pages never ask other hosts)"))
            elif kind == "link_open" or kind == "image":
                attr = "href" if kind == "link_open" else "src"
                child.attrs[attr] = check_link(str(child.attrs.get(attr, "")), _line_in(token, child), env, resolver)
    env["line_of"] = lambda t: _line_in(parents.get(id(t)), t)


def _line_in(parent, child) -> int:
    """The 0-based line of an inline token: its block's first line plus newlines before it."""
    if parent is None or not parent.map:
        return 0
    needle = child.markup or child.content
    offset = parent.content.find(needle) if needle else -1
    return parent.map[0] + (parent.content.count("\n", 0, offset) if offset > 0 else 0)


def check_html(html: str, line: int, env, allow_raw_html: bool) -> None:
    """Raw HTML is off unless allowed; even then only what the sanitizer's allow-list keeps (render/rawhtml.py)."""
    refused = html_problems(html)
    for problem in refused:
        env["problems"].append((line, f"HTML that is never allowed: {problem}"))
    if not refused and not allow_raw_html:
        env["problems"].append((line, f"raw HTML is not allowed ({html.strip()[:40]!r}); write Markdown instead, "
                                      "or set allow_raw_html in site/site.yaml"))


def check_link(href: str, line: int, env, resolver: Resolver) -> str:
    """Refuse script URLs; let the resolver check and rewrite links inside the site."""
    if UNSAFE_SCHEME.match(href):
        env["problems"].append((line, f"link to '{href[:40]}' is not allowed: only http(s), mailto and site links"))
        return "#"
    try:
        return resolver.link(href)
    except Unresolved as err:
        env["problems"].append((line, str(err)))
        return href


@dataclass(frozen=True)
class Span:
    """Where a role or a directive stands in the Markdown text: [start, end) as offsets into it."""

    start: int
    end: int
    token: object


def source_spans(text: str, tokens) -> list[Span]:
    """Every role and block directive of a parsed text with its place in the text, in order.

    An inline block's content is its source lines without their block markers ('> ', a list's indent, a
    table's pipes), so each of its lines is found again in the source line it came from."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    spans, cursor = [], {}  # source line -> where the next block on it may start (a table row's cells)
    for block in tokens:
        if block.type == "directive" and block.map:
            line = block.map[0]
            spans.append(Span(starts[line] + lines[line].find(":::"), starts[line] + len(lines[line]), block))
        if block.type != "inline" or not block.map:
            continue
        found: dict = {}  # line of the content -> where it starts in the text
        for child in block.children or ():
            if child.type == "myst_role" and "span" in child.meta:
                start, end = (_in_text(block, offset, found, lines, starts, cursor) for offset in child.meta["span"])
                if start is not None and end is not None:
                    spans.append(Span(start, end, child))
    return sorted(spans, key=lambda span: span.start)


def _in_text(block, offset: int, found: dict, lines: list, starts: list, cursor: dict) -> int | None:
    """The text offset of an offset into an inline block's content."""
    content = block.content
    line = content.count("\n", 0, offset)
    line_start = content.rfind("\n", 0, offset) + 1
    if line not in found:
        end = content.find("\n", line_start)
        wanted = content[line_start:end if end >= 0 else len(content)]
        source = block.map[0] + line
        column = lines[source].find(wanted, cursor.get(source, 0)) if source < len(lines) else -1
        if column < 0:
            found[line] = None
        else:
            found[line] = starts[source] + column
            cursor[source] = column + len(wanted)
    return None if found[line] is None else found[line] + offset - line_start


def table_of_contents(tokens) -> list:
    """(level, id, text) for each h2/h3, in order."""
    entries = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3") and token.attrs.get("id"):
            entries.append((int(token.tag[1]), token.attrs["id"], tokens[index + 1].content))
    return entries
