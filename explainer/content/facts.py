"""Rules that make figures hold: what a source stated agrees with the value we print, a source's URL is the
document rather than a home page or a section index, and a source says where its archive copy is.

Validation calls these after the field tables have cleaned a file; each reports at the line of the field."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from .sourcefile import LineDict, LineList
from .stated import claim_disagreement, key_figure_disagreement, point_disagreements

# Paths that list documents rather than being one, after any leading language segment ('/en', '/ar') is set
# aside: a source that links to one of these is warned, because a reader cannot find the figure from it.
SECTION_INDEXES = {
    "news", "latest", "latest-news", "world", "world-news", "updates", "press", "press-releases",
    "media", "media-centre", "media-center", "newsroom", "stories", "articles", "blog", "reports",
    "reports/all", "publications", "documents", "resources", "statements", "speeches", "briefings",
    "search", "live", "topics", "category", "tag", "archive", "news/world", "news/world-europe",
}
# Query parameters that only track where a reader came from: a home page with them is still a home page.
TRACKING_PREFIXES = ("utm_", "ns_")
TRACKING_KEYS = {"ref", "fbclid", "gclid", "ito", "amp", "output"}


def language_segment(segment: str) -> bool:
    """'en', 'ar', 'fr', 'en-gb': the language a site serves a page in, not a part of the document's address."""
    head, _, tail = segment.partition("-")
    return len(head) == 2 and head.isalpha() and (not tail or (len(tail) == 2 and tail.isalpha()))


def url_problem(url: str) -> tuple[str, str] | None:
    """('error' | 'warning', message) when a source's URL is not the document, else None."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.lower().split("/") if segment]
    specific_query = [key for key, _ in parse_qsl(parts.query)
                      if not key.lower().startswith(TRACKING_PREFIXES) and key.lower() not in TRACKING_KEYS]
    if specific_query:
        return None  # '/?p=481973' names a post
    if not segments or (len(segments) == 1 and language_segment(segments[0])):
        return ("error", f"'url' is the home page of {parts.hostname}, not the document: link to the page the "
                         "figure was read on (a copy or another outlet's report, named with 'via', if that is "
                         "what was read)")
    rest = "/".join(segments[1:] if language_segment(segments[0]) else segments)
    if rest in SECTION_INDEXES or rest.split("/")[0] in ("category", "tag", "topics"):
        return ("warning", f"'url' is a section index ({parts.path}), which lists documents rather than being "
                           "one: link to the page the figure was read on")
    return None


def check_sources(raw, sources: dict, problems) -> None:
    """Every source's URL and archive copy, reported at the line of the field."""
    for ident, source in sources.items():
        entry = raw.data.get(ident) if isinstance(raw.data, LineDict) else None
        line_of = entry.line_of if isinstance(entry, LineDict) else (lambda key: source.line)
        found = url_problem(source.url)
        if found:
            level, message = found
            record = problems.add if level == "error" else problems.warn
            record(raw.path, line_of("url"), f"source '{ident}': {message}")
        if source.archived and (url_problem(source.archived) or ("",))[0] == "error":
            problems.add(raw.path, line_of("archived"), f"source '{ident}': 'archived' is a home page, not a copy "
                                                        "of the document")
        if source.archived and source.not_archived:
            problems.add(raw.path, line_of("not_archived"), f"source '{ident}' has both 'archived' and "
                                                            "'not_archived': keep the one that is true")


def archive_warnings(raw, sources: dict, problems) -> None:
    """`check` asks every source for its archive copy, or for why there is none."""
    for ident, source in sources.items():
        if not source.archived and not source.not_archived:
            problems.warn(raw.path, source.line, f"source '{ident}' has no archive copy: add 'archived: <URL of "
                                                 "the copy>', or 'not_archived: <why>' when there is none")


def stated_warnings(content, problems) -> None:
    """`check` asks every key figure, data point and claim with a number for the form its source stated."""
    for dataset in content.datasets.values():
        for point in dataset.points:
            if not point.stated:
                problems.warn(dataset.path, point.line, f"data point of {point.date.isoformat()} in '{dataset.id}' "
                                                        "has no 'stated': add the figure as the source wrote it")
    for article in content.articles:
        for fig in article.key_figures:
            if not fig.stated:
                problems.warn(article.yaml_path, fig.line, f"key figure '{fig.id}' has no 'stated': add the figure "
                                                           "as the source wrote it")
        for claim in article.claims:
            if not claim.stated and any(character.isdigit() for character in claim.claim):
                problems.warn(article.yaml_path, claim.line, f"claim by {claim.by} gives a number but has no "
                                                             "'stated': add the figure as the source wrote it")


def item_line(raw_items, index: int, key: str, default: int) -> int:
    """The line of `key` in the index-th mapping of a YAML list, or `default`."""
    if isinstance(raw_items, LineList) and index < len(raw_items) and isinstance(raw_items[index], LineDict):
        return raw_items[index].line_of(key)
    return default


def check_article_stated(checker, data, article) -> None:
    """Each key figure and claim that carries `stated` agrees with it."""
    raw = data if isinstance(data, LineDict) else {}
    for index, fig in enumerate(article.key_figures):
        if fig.stated and (wrong := key_figure_disagreement(fig.stated, fig.value, fig.qualifier)):
            line = item_line(raw.get("key_figures"), index, "stated", fig.line)
            checker.report(line, f"key figure '{fig.id}': {wrong}")
    for index, claim in enumerate(article.claims):
        if claim.stated and (wrong := claim_disagreement(claim.stated, claim.claim)):
            checker.report(item_line(raw.get("claims"), index, "stated", claim.line), f"claim by {claim.by}: {wrong}")


def check_point_stated(checker, point_data, stated: str, values: dict) -> bool:
    """A data point's `stated` agrees with its series values; False (each problem reported) if not."""
    wrong = point_disagreements(stated, values, checker.series)
    for message in wrong:
        checker.report(point_data.line_of("stated"), message)
    return not wrong
