"""Stage 4: each article plus its metadata becomes an explainer: numbered sources, key figures,
attributed claims and an updates log, and the same page as a Markdown document (index.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape

from .errors import Problems
from .markdown import Parsed, Resolver, Unresolved, parse_markdown
from .model import Article, Content
from .numbers import format_date, format_figure, format_number

ROLE_IN_TEXT = re.compile(r"\{(\w+)\}`([^`]*)`")
CHART_LINE = re.compile(r"^:::\s*chart\s+(\S+)\s*$", re.M)
STATUS_WORDS = {
    "confirmed": "Confirmed: independent sources agree",
    "unverified": "Unverified: not independently confirmed",
    "disputed": "Disputed: contradicted by other evidence or the other side",
}


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
    resolver: "ArticleResolver"
    markdown: str = ""
    card: str | None = None  # site path of the social card PNG, drawn from the first chart
    placed_charts: set = field(default_factory=set)  # chart ids the text places with '::: chart <id>'
    parsed: Parsed | None = None  # the body's tokens, parsed once here and consumed by render


class ArticleResolver(Resolver):
    """Resolves an article's chart directives and figure roles against the content."""

    def __init__(self, article: Article, content: Content, sources: SourceList, charts: dict, urls,
                 known_paths: set | None = None):
        self.article, self.content, self.sources, self.charts, self.urls = article, content, sources, charts, urls
        self.known_paths = site_paths(content) if known_paths is None else known_paths
        self.datasets_used: set = set()  # what the page drew on, so an incremental build knows when to redo it
        self.links_checked: dict = {}

    def chart(self, chart_id: str) -> str:
        if chart_id not in {c.id for c in self.article.charts}:
            hint = ", ".join(c.id for c in self.article.charts) or "none defined in its YAML"
            raise Unresolved(f"unknown chart '{chart_id}': this article's charts are {hint}")
        return self.charts[chart_id].html if chart_id in self.charts else ""

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
        return format_number(point.values[series]), point.source

    def role(self, name: str, ref: str) -> str:
        text, source_id = self.figure(name, ref)
        number = self.sources.number(source_id)
        source = self.content.sources[source_id]
        return (f'<a class="figure-ref" href="#source-{number}" title="Source {number}: '
                f'{escape(source.publisher)}">{escape(text)}</a>')

    def link(self, href: str) -> str:
        if not href.startswith("/") or href.startswith("//"):
            if href.startswith(("../", "./")):
                raise Unresolved(f"write links inside the site from its root, e.g. '/methodology/', not '{href}'")
            return href
        path, _, fragment = href[1:].partition("#")
        if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"
        self.links_checked[path] = path in self.known_paths
        if path not in self.known_paths and not path.startswith(("charts/", "embed/", "assets/")):
            raise Unresolved(f"broken link '{href}': no page at /{path}")
        return self.urls.path(path) + (f"#{fragment}" if fragment else "")


def site_paths(content: Content) -> set:
    """Every page path in the site ('', 'slug/'), which links written in Markdown may point to."""
    return {""} | {f"{a.slug}/" for a in content.articles} | {f"{p.slug}/" for p in content.pages}


def compose_explainers(content: Content, charts: dict, urls, problems: Problems,
                       known_paths: set | None = None) -> list[Explainer]:
    """Number every article's sources and write its Markdown form."""
    known_paths = site_paths(content) if known_paths is None else known_paths
    return [compose_explainer(article, content, charts, urls, problems, known_paths) for article in content.articles]


def compose_explainer(article: Article, content: Content, charts: dict, urls, problems: Problems,
                      known_paths: set | None = None) -> Explainer:
    """One article: sources numbered in reading order (key figures, text, charts, claims, extras)."""
    sources = SourceList(content)
    resolver = ArticleResolver(article, content, sources, charts, urls, known_paths)
    parsed = parse_markdown(article.body, content.site.allow_raw_html)
    for fig in article.key_figures:
        sources.number(fig.source)
    roles, placed = scan_body(parsed)
    for chart in article.charts:
        if chart.id not in placed:
            problems.warn(article.yaml_path, chart.line, f"chart '{chart.id}' is not placed in the text; add a line "
                                                         f"'::: chart {chart.id}' where it belongs")
    for name, ref in roles:
        try:
            sources.number(resolver.figure(name, ref)[1])
        except Unresolved:
            pass  # reported with its line when the body is rendered
    for chart in article.charts:
        for source_id in charts[chart.id].sources if chart.id in charts else ():
            sources.number(source_id)
    for claim in article.claims:
        sources.number(claim.source)
    for source_id in article.sources:
        sources.number(source_id)
    explainer = Explainer(article, sources, resolver, placed_charts=placed, parsed=parsed)
    explainer.markdown = explainer_markdown(explainer, charts, urls)
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


def explainer_markdown(explainer: Explainer, charts: dict, urls) -> str:
    """The explainer as one portable Markdown document, figures written out and sources numbered."""
    article, sources = explainer.article, explainer.sources
    out = [f"# {article.title}", "", f"*{article.dek}*", "",
           f"By {', '.join(article.byline)}. Published {format_date(article.published)}"
           + (f", updated {format_date(article.updated)}." if article.updated else "."), ""]
    if article.key_figures:
        out += ["## Key figures", ""]
        for fig in article.key_figures:
            who = f", according to {fig.by}" if fig.by else ""
            out.append(f"- **{format_figure(fig.value, fig.qualifier, fig.unit)}**: {fig.label}{who} "
                       f"(as of {format_date(fig.as_of)}) [{sources.number(fig.source)}]"
                       + (f". {fig.note}" if fig.note else ""))
        out.append("")
    out += [markdown_body(explainer, charts, urls), ""]
    if article.claims:
        out += ["## What each side claimed", ""]
        for claim in article.claims:
            out.append(f"- {claim.by}, {format_date(claim.date)}: {claim.claim} "
                       f"**{STATUS_WORDS[claim.status]}.** [{sources.number(claim.source)}]"
                       + (f" {claim.context}" if claim.context else ""))
        out.append("")
    out += ["## Sources", ""]
    for number, source in sources.entries():
        out.append(f"{number}. {source.publisher}" + (f", via {source.via}" if source.via else "")
                   + f", [{source.title}]({source.url})"
                   + (f", {format_date(source.published)}" if source.published else "")
                   + f" (accessed {format_date(source.accessed)})." + (f" {source.note}" if source.note else ""))
    if article.updates:
        out += ["", "## Updates and corrections", ""]
        for update in sorted(article.updates, key=lambda u: u.date, reverse=True):
            out.append(f"- {format_date(update.date)}, {update.kind}: {update.text}")
    return "\n".join(out).rstrip() + "\n"


def markdown_body(explainer: Explainer, charts: dict, urls) -> str:
    """The body with figures written out and chart directives turned into a data link."""

    def figure(match):
        try:
            text, source_id = explainer.resolver.figure(match.group(1), match.group(2).strip())
        except Unresolved:
            return match.group(0)
        return f"{text} [{explainer.sources.number(source_id)}]"

    def chart(match):
        spec = next((c for c in explainer.article.charts if c.id == match.group(1)), None)
        if spec is None:
            return match.group(0)
        return (f"**Chart: {spec.title}.** {spec.description} "
                f"Data: [CSV]({urls.path(f'charts/{spec.id}.csv')}).\n")

    return CHART_LINE.sub(chart, ROLE_IN_TEXT.sub(figure, explainer.article.body)).strip()
