"""Stage 4: each article plus its metadata becomes an explainer: numbered sources, key figures,
attributed claims and an updates log, and the same page as a Markdown document (index.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape

from ..errors import Problems
from ..model import Article, Content
from ..numbers import format_date, format_figure, format_value, say
from ..output.paths import is_site_file
from ..output.urls import Urls
from .markdown import (
    Parsed,
    Resolver,
    Unresolved,
    parse_markdown,
    render_markdown,
    source_spans,
)
from .typography import APOSTROPHE, MORE_THAN_APOSTROPHES, TYPOGRAPHER_WORK, typeset


@dataclass
class SourceList:
    """The article's numbered sources, in order of first citation."""

    content: Content
    order: list = field(default_factory=list)

    def number(self, source_id: str) -> int:
        """The source's number in this article, assigning the next one on first use."""
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1

    def entries(self) -> list:
        """(number, Source) in order."""
        return [(i + 1, self.content.sources[sid]) for i, sid in enumerate(self.order)]


@dataclass
class Explainer:
    """An article composed into the parts of its page."""

    article: Article
    sources: SourceList
    roles: "FigureRoles"
    markdown: str = ""
    placed_charts: set = field(default_factory=set)  # chart ids the text places with '::: chart <id>'
    parsed: Parsed | None = None  # the body's tokens, parsed once here and consumed by render


class FigureRoles:
    """What an article's `{fig}` and `{data}` roles print, and the source each figure comes from."""

    def __init__(self, article: Article, content: Content):
        self.article, self.content = article, content
        self.datasets_used: set = set()  # what the page drew on, so an incremental build knows when to redo it

    def figure(self, name: str, ref: str) -> tuple[str, str]:
        """(formatted text, source id) of a `{fig}` or `{data}` reference."""
        if name == "fig":
            figures = {f.id: f for f in self.article.key_figures}
            if ref not in figures:
                raise Unresolved(f"unknown key figure '{ref}' in {{fig}}; this article has: "
                                 f"{', '.join(figures) or 'none'}")
            fig = figures[ref]
            return format_figure(fig.value, fig.qualifier, fig.unit), fig.source
        if name == "data":
            return self.data_value(ref)
        raise Unresolved(f"unknown role '{{{name}}}': use {{fig}}`id` or {{data}}`dataset/series/YYYY-MM-DD`")

    def data_value(self, ref: str) -> tuple[str, str]:
        parts = ref.split("/")
        if len(parts) != 3:
            raise Unresolved(f"{{data}}`{ref}` should be written dataset/series/YYYY-MM-DD")
        ident, series, day = parts
        self.datasets_used.add(ident)
        dataset = self.content.datasets.get(ident)
        if dataset is None:
            raise Unresolved(f"unknown dataset '{ident}' in {{data}}`{ref}`")
        try:
            point = dataset.value(series, dt.date.fromisoformat(day))
        except ValueError:
            raise Unresolved(f"'{day}' in {{data}}`{ref}` is not a date written YYYY-MM-DD") from None
        if point is None:
            raise Unresolved(f"dataset '{ident}' has no '{series}' value on {day}")
        return format_value(point.values[series], dataset.unit_short), point.source


class PageResolver(Resolver):
    """Resolves the links of a plain page: every link inside the site must lead to a page of it."""

    def __init__(self, urls, known_pages: set, words=None, local_pages: dict | None = None):
        self.urls, self.known_pages = urls, known_pages
        self.words = words or Resolver.words
        self.local_pages = local_pages or {}  # in a translation, a link to an English page leads to its own
        self.links_checked: dict = {}  # site path -> whether it was a page, so a rebuild knows when to redo it

    def chart(self, chart_id: str) -> str:
        raise Unresolved(f"unknown chart '{chart_id}': charts are placed in articles, not in plain pages")

    def role(self, name: str, ref: str) -> str:
        raise Unresolved(f"'{{{name}}}' prints an article's figures; a plain page has none")

    def link(self, href: str) -> str:
        if not href.startswith("/") or href.startswith("//"):
            if href.startswith(("../", "./")):
                raise Unresolved(f"write links inside the site from its root, e.g. '/methodology/', not '{href}'")
            return href
        path, _, fragment = href[1:].partition("#")
        if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"
        self.links_checked[path] = path in self.known_pages
        if path not in self.known_pages and not is_site_file(path):
            raise Unresolved(f"broken link '{href}': no page at /{path}")
        return self.urls.path(self.local_pages.get(path, path)) + (f"#{fragment}" if fragment else "")


class ArticleResolver(PageResolver):
    """Resolves an article's chart directives, figure roles and links while its body is rendered."""

    def __init__(self, explainer: Explainer, figures: dict, urls, known_pages: set, words=None,
                 local_pages: dict | None = None):
        super().__init__(urls, known_pages, words, local_pages)
        self.explainer, self.figures = explainer, figures

    def chart(self, chart_id: str) -> str:
        charts = self.explainer.article.charts
        if chart_id not in {c.id for c in charts}:
            hint = ", ".join(c.id for c in charts) or "none defined in its YAML"
            raise Unresolved(f"unknown chart '{chart_id}': this article's charts are {hint}")
        return self.figures[chart_id].html if chart_id in self.figures else ""

    def role(self, name: str, ref: str) -> str:
        text, source_id = self.explainer.roles.figure(name, ref)
        sources = self.explainer.sources
        number = sources.number(source_id)
        source = sources.content.sources[source_id]
        return (f'<a class="figure-ref" href="#source-{number}" title="{escape(self.words.source_title)} {number}: '
                f'{escape(typeset(source.publisher))}">{escape(text)}</a>')


class TextCheck(ArticleResolver):
    """An article's roles, chart directives and links checked as its render would check them, printing nothing;
    a `{data}` role naming a dataset that failed to load is left to that dataset's own problem."""

    def __init__(self, article: Article, content: Content, urls, known_pages: set, unloaded: set):
        super().__init__(Explainer(article, SourceList(content), FigureRoles(article, content)), {}, urls, known_pages)
        self.unloaded = unloaded

    def role(self, name: str, ref: str) -> str:
        if not (name == "data" and ref.split("/")[0] in self.unloaded):
            self.explainer.roles.figure(name, ref)
        return ""


class DeclaredTextCheck(PageResolver):
    """The text of an article whose metadata did not validate, checked against what its YAML declares: a role
    or a chart naming an id it declares is left to the YAML's own problem."""

    def __init__(self, declared, content: Content, urls, known_pages: set, unloaded: set):
        super().__init__(urls, known_pages)
        self.declared, self.content, self.unloaded = declared, content, unloaded

    def chart(self, chart_id: str) -> str:
        if chart_id not in self.declared.charts:
            raise Unresolved(f"unknown chart '{chart_id}': this article's charts are "
                             f"{', '.join(sorted(self.declared.charts)) or 'none defined in its YAML'}")
        return ""

    def role(self, name: str, ref: str) -> str:
        if name == "fig" and ref not in self.declared.figures:
            raise Unresolved(f"unknown key figure '{ref}' in {{fig}}; this article has: "
                             f"{', '.join(sorted(self.declared.figures)) or 'none'}")
        if name == "data" and ref.split("/")[0] not in self.unloaded:
            FigureRoles(None, self.content).data_value(ref)
        elif name not in ("fig", "data"):
            raise Unresolved(f"unknown role '{{{name}}}': use {{fig}}`id` or {{data}}`dataset/series/YYYY-MM-DD`")
        return ""


def check_texts(content: Content, known_pages: set, unloaded: set, problems: Problems, declared=()) -> None:
    """The Markdown of every article whose metadata is valid, and of every page, checked for what its render
    would report (roles, chart directives, links, raw HTML), so that a build stopping for other problems names
    these in the same run; `declared` are the articles whose YAML parsed but did not validate, checked against
    the ids they declare. `known_pages` holds every page a link may name, `unloaded` the datasets that failed
    to load: their own problems are the ones reported."""
    urls, raw_html = Urls(content.site.base_url, content.site.domain), content.site.allow_raw_html
    texts = [(a.md_path, a.body, TextCheck(a, content, urls, known_pages, unloaded)) for a in content.articles]
    texts += [(d.md_path, d.body, DeclaredTextCheck(d, content, urls, known_pages, unloaded)) for d in declared]
    for path, body, resolver in texts:
        for line, message in render_markdown(body, resolver, allow_raw_html=raw_html).problems:
            problems.add(path, line, message)
    for page in content.pages:
        rendered = render_markdown(page.body, PageResolver(urls, known_pages), allow_raw_html=raw_html,
                                   first_line=page.body_line)
        for line, message in rendered.problems:
            problems.add(page.path, line, message)


def compose_explainer(article: Article, content: Content, charts: dict, urls, problems: Problems,
                      words=Resolver.words) -> Explainer:
    """One article: sources numbered in reading order (key figures, text, charts, claims, extras)."""
    sources = SourceList(content)
    roles = FigureRoles(article, content)
    parsed = parse_markdown(article.body, content.site.allow_raw_html)
    for fig in article.key_figures:
        sources.number(fig.source)
    found, placed = scan_body(parsed)
    for chart in article.charts:
        if chart.id not in placed:
            problems.warn(article.yaml_path, chart.line, f"chart '{chart.id}' is not placed in the text; add a line "
                                                         f"'::: chart {chart.id}' where it belongs")
    for name, ref in found:
        try:
            sources.number(roles.figure(name, ref)[1])
        except Unresolved:
            pass  # reported with its line when the body is rendered
    for chart in article.charts:
        for source_id in charts[chart.id].sources if chart.id in charts else ():
            sources.number(source_id)
    for claim in article.claims:
        sources.number(claim.source)
    for source_id in article.sources:
        sources.number(source_id)
    explainer = Explainer(article, sources, roles, placed_charts=placed, parsed=parsed)
    explainer.markdown = explainer_markdown(explainer, urls, words)
    return explainer


def scan_body(parsed: Parsed) -> tuple[list[tuple[str, str]], set[str]]:
    """The (role, reference) pairs in a parsed Markdown body, in order, and the charts it places."""
    roles, charts = [], set()
    for token in parsed.tokens:
        if token.type == "directive" and token.info == "chart":
            charts.add(token.content)
        for child in token.children or ():
            if child.type == "myst_role":
                roles.append((child.meta["name"], child.content.strip()))
    return roles, charts


def explainer_markdown(explainer: Explainer, urls, words=Resolver.words) -> str:
    """The explainer as one portable Markdown document, figures written out and sources numbered, its text set
    by the typographer as the page's is."""
    article, sources = explainer.article, explainer.sources
    out = [f"# {article.title}", "", f"*{article.dek}*", "",
           say("By %(names)s. Published %(date)s", names=", ".join(article.byline), date=format_date(article.published))
           + (stop(say(", updated %(date)s", date=format_date(article.updated))) if article.updated
              else stop(format_date(article.published))[len(format_date(article.published)):]), ""]
    if article.key_figures:
        out += ["## " + say("Key figures"), ""]
        for fig in article.key_figures:
            who = say(", according to %(by)s", by=fig.by) if fig.by else ""
            as_of = say("as of %(date)s", date=format_date(fig.as_of))
            out.append(f"- **{format_figure(fig.value, fig.qualifier, fig.unit)}**: {fig.label}{who} "
                       f"({as_of}) [{sources.number(fig.source)}]"
                       + (f". {fig.note}" if fig.note else ""))
        out.append("")
    out += [markdown_body(explainer, urls), ""]
    if article.claims:
        out += ["## " + say("What each side claimed"), ""]
        for claim in article.claims:
            out.append(f"- {claim.by}, {format_date(claim.date)}: {claim.claim} "
                       f"**{stop(str(words.status[claim.status]))}** [{sources.number(claim.source)}]"
                       + (f" {claim.context}" if claim.context else ""))
        out.append("")
    out += ["## " + say("Sources"), ""]
    for number, source in sources.entries():
        out.append(f"{number}. {source.publisher}" + (say(", via %(outlet)s", outlet=source.via) if source.via else "")
                   + f", [{source.title}]({source.url})"
                   + (" ([" + say("archived copy") + f"]({source.archived}))" if source.archived else "")
                   + (f", {format_date(source.published)}" if source.published else "")
                   + " (" + say("accessed %(date)s", date=format_date(source.accessed)) + ")."
                   + (f" {source.note}" if source.note else ""))
    if article.updates:
        out += ["", "## " + say("Corrections and updates"), ""]
        for update in sorted(article.updates, key=lambda u: u.date, reverse=True):
            label = say("Corrected") if update.kind == "correction" else say("Updated")
            out.append(f"- **{label} {format_date(update.date)}:** {update.text}")
    return smart_markdown("\n".join(out).rstrip() + "\n")


# What the typographer must not touch in Markdown: code, link targets, URLs, HTML, footnote names, reference
# definitions, and lines of only dashes, pipes and colons (a table's rule, a thematic break) or a directive.
# (The lookahead is the first character every alternative needs: it lets the search skip the rest, 3x faster.)
KEEP_AS_WRITTEN = re.compile(r"(?=[`~(<h^\[\-*_:|\t]|^ )(?:^(```|~~~).*?^\1[^\n]*$|(`+).*?\2|(?<=\])\([^)\n]*\)|<[^<>\n]+>|https?://[^\s)\]>]+"
                             r"|(?<=\[)\^[^\]\n]+(?=\])|^ {0,3}\[(?!\^)[^\]\n]+\]:[^\n]*$|^[ \t]*[-*_:| \t]{3,}$|^:::[^\n]*$)",
                             re.M | re.S)


PRIVATE = re.compile("[\U000F0000-\U000FFFFD]")


BLANK_LINE = re.compile(r"(\n[ \t]*\n)")


def smart_markdown(text: str) -> str:
    """A Markdown document set by the typographer paragraph by paragraph, what must stay as written kept
    (each such part stands in the text as one private-use character while the rest is set)."""
    if PRIVATE.search(text):
        return text  # (never written by an editor; but a stand-in must not be mistaken for one)
    if "`" in text or "~~~" in text:  # code can run on across a blank line: hold it in the whole text
        return set_paragraphs(text)
    # Nothing else that is kept spans a line, so each paragraph can be held alone, and one the typographer's
    # rules would not touch (most of them) is left as it is.
    return "".join(set_paragraph(part) if TYPOGRAPHER_WORK.search(part) else part for part in BLANK_LINE.split(text))


# What each part KEEP_AS_WRITTEN keeps that could hold an apostrophe needs (outside code): a link's target, HTML or an
# autolink, a URL, a footnote's name, a reference definition, a directive.
KEPT_SIGNS = ("](", "<", "://", "[^", "]:", ":::")


def set_paragraph(part: str) -> str:
    """One paragraph (of a text without code) set as set_paragraphs sets it; at once, without holding anything,
    when its only work is apostrophes inside words and it has nothing kept as written that could hold one (most
    of the paragraphs the typographer touches: 'the city's mayor')."""
    if any(sign in part for sign in KEPT_SIGNS) or MORE_THAN_APOSTROPHES.search(part):
        return set_paragraphs(part)
    return part.replace("'", APOSTROPHE)


def set_paragraphs(text: str) -> str:
    """smart_markdown's work on `text`: what is kept stood in for, each paragraph set, the kept put back."""
    kept: list = []

    def keep(match) -> str:
        kept.append(match.group(0))
        return chr(0xF0000 + len(kept) - 1)

    held = KEEP_AS_WRITTEN.sub(keep, text)
    paragraphs = [typeset(part) for part in BLANK_LINE.split(held)]
    return PRIVATE.sub(lambda m: kept[ord(m.group(0)) - 0xF0000], "".join(paragraphs))


def stop(text: str) -> str:
    """A sentence's end: a full stop, unless it ends in an abbreviation's ('25 червня 2022 р.')."""
    return text if text.endswith(".") else f"{text}."


def markdown_body(explainer: Explainer, urls) -> str:
    """The body with figures written out and chart directives turned into a data link: the parsed roles and
    directives are replaced where they stand in the text (one in a code span is neither, and stays)."""
    text, out, done = explainer.article.body, [], 0
    for span in source_spans(text, explainer.parsed.tokens):
        if span.token.type == "myst_role":
            written = figure_text(explainer, span.token)
        else:  # a paragraph of its own: what follows on the next line must not join it
            written = chart_text(explainer, span.token, urls)
            if written is not None and text[span.end:span.end + 2] not in ("", "\n", "\n\n"):
                written += "\n"
        if written is not None:
            out += [text[done:span.start], written]
            done = span.end
    return "".join(out + [text[done:]]).strip()


def figure_text(explainer: Explainer, role) -> str | None:
    """A figure role written out with its source number: '1,500 [3]' (None if it cannot be resolved)."""
    try:
        text, source_id = explainer.roles.figure(role.meta["name"], role.content.strip())
    except Unresolved:
        return None
    return f"{text} [{explainer.sources.number(source_id)}]"


def chart_text(explainer: Explainer, directive, urls) -> str | None:
    """A chart directive as a paragraph: its title, description and a link to its data."""
    spec = next((c for c in explainer.article.charts if c.id == directive.content), None)
    if directive.info != "chart" or spec is None:
        return None
    heading, data = say("Chart: %(title)s.", title=spec.title), say("Data")
    return f"**{heading}** {spec.description} {data}: [CSV]({urls.path(spec.paths.csv.url)})."
