"""Stage 3: schemas and cross-references; every problem collected, then the build stops once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..charts.kinds import KINDS, RENAMED
from ..digests import changed_at, digest_of
from ..errors import Problems
from ..model import Article, ChartSpec, Claim, Content, Dataset, Event, KeyFigure, Page, Point, Site, Source, Update
from ..output.paths import article_paths, chart_paths, page_paths
from ..render.markdown import parse_roles
from . import schema as s
from .collect import Collected, RawFile
from .counts import add_counts_fields, check_chart_counts, check_text_counts, may_mix_counts, text_blocks
from .facts import check_article_stated, check_point_stated, check_sources
from .sourcefile import SourceError, parse_yaml
from .translations import validate_editions
from .todos import TodoDate, allow_todos, article_todos, check_todos, or_todo, todo_date, todo_source

SOURCE_FIELDS = {
    "publisher": s.Field(s.text, required=True),
    "title": s.Field(s.text, required=True),
    "url": s.Field(s.url, required=True),
    "published": s.Field(s.date),
    "accessed": s.Field(s.date, required=True),
    "note": s.Field(s.text),
    "via": s.Field(s.text),
    "archived": s.Field(s.url),
    "not_archived": s.Field(s.text),  # why there is no archive copy, so that `check` does not ask for one
}

EVENT_FIELDS = {
    "date": s.Field(s.date, required=True),
    "label": s.Field(s.one_line, required=True),
    "source": s.Field(s.reference("sources", "source"), required=True),
}

DATASET_FIELDS = {
    "title": s.Field(s.text, required=True),
    "unit": s.Field(s.one_line, required=True),
    "unit_short": s.Field(s.one_line),
    "measure": s.Field(s.one_of("cumulative", "per-period", "level"), required=True),
    "period": s.Field(s.one_of("day", "month", "year")),
    "notes": s.Field(s.text),
    "counts": s.Field(s.text),
    "series": s.Field(lambda c, v, line: clean_series(c, v, line), required=True),
    "points": s.Field(s.list_of(lambda c, v, line: c.clean_point(v, line)), required=True),
}

POINT_FIELDS = {
    "date": s.Field(s.date, required=True),
    "source": s.Field(s.reference("sources", "source"), required=True),
    "by": s.Field(s.text),
    "note": s.Field(s.text),
    "stated": s.Field(s.text),
}

KEY_FIGURE_FIELDS = {
    "id": s.Field(s.slug, required=True),
    "label": s.Field(s.text, required=True),
    "value": s.Field(s.number, required=True),
    "qualifier": s.Field(s.one_of("about", "more than", "up to", "at least", "fewer than", "nearly")),
    "unit": s.Field(s.one_line),
    "as_of": s.Field(s.date_or_month, required=True),
    "source": s.Field(s.reference("sources", "source"), required=True),
    "by": s.Field(s.text),
    "note": s.Field(s.text),
    "stated": s.Field(s.text),
    "counts": s.Field(s.text),
}

ANNOTATION_KINDS = ("period", "point", "method-break", "note")
ANNOTATION_FIELDS = {
    "kind": s.Field(s.one_of(*ANNOTATION_KINDS), required=True),
    "label": s.Field(s.one_line, required=True),
    "date": s.Field(s.date),  # a point, a method break or a note
    "from": s.Field(s.date),  # a shaded period, from/to
    "to": s.Field(s.date),
    "series": s.Field(s.slug),  # a labelled point: which series' value on `date`
}

CHART_FIELDS = {
    "id": s.Field(s.slug, required=True),
    "kind": s.Field(lambda c, v, line: chart_kind(v), required=True),
    "data": s.Field(s.list_of(s.reference("datasets", "dataset"), allow_single=True, unique=True), required=True),
    "title": s.Field(s.one_line, required=True),
    "subtitle": s.Field(s.one_line),
    "description": s.Field(s.text, required=True),
    "notes": s.Field(s.text),
    "series": s.Field(s.list_of(s.slug, allow_single=True, unique=True)),
    "events": s.Field(s.list_of(s.reference("events", "event"), allow_single=True, unique=True), default=tuple),
    "annotations": s.Field(s.list_of(s.record(ANNOTATION_FIELDS, lambda **f: dict(f), "an annotation")),
                           default=tuple),
}

CLAIM_FIELDS = {
    "claim": s.Field(s.text, required=True),
    "by": s.Field(s.text, required=True),
    "party": s.Field(s.one_of("ukraine", "russia", "other"), required=True),
    "date": s.Field(s.date_or_month, required=True),
    "status": s.Field(s.one_of("confirmed", "unverified", "disputed"), required=True),
    "source": s.Field(s.reference("sources", "source"), required=True),
    "context": s.Field(s.text),
    "stated": s.Field(s.text),
}

UPDATE_FIELDS = {
    "date": s.Field(s.date, required=True),
    "kind": s.Field(s.one_of("update", "correction"), required=True),
    "text": s.Field(s.text, required=True),
}

ARTICLE_FIELDS = {
    "title": s.Field(s.text, required=True),
    "dek": s.Field(s.text, required=True),
    "published": s.Field(s.date, required=True),
    "updated": s.Field(s.date),
    "byline": s.Field(s.list_of(s.text, allow_single=True), required=True),
    "places": s.Field(s.list_of(s.text, allow_single=True), default=tuple),
    "tags": s.Field(s.list_of(s.slug, allow_single=True, unique=True), default=tuple),
    "draft": s.Field(s.boolean, default=False),
    "sources": s.Field(s.list_of(or_todo(s.reference("sources", "source"), todo_source), allow_single=True,
                                 unique=True), default=tuple),
    "key_figures": s.Field(s.list_of(s.record(KEY_FIGURE_FIELDS, KeyFigure, "a key figure")), default=tuple),
    "charts": s.Field(s.list_of(s.record(CHART_FIELDS, lambda **f: ChartSpec(**f, paths=chart_paths(f["id"])),
                                         "a chart")), default=tuple),
    "claims": s.Field(s.list_of(s.record(CLAIM_FIELDS, Claim, "a claim")), default=tuple),
    "updates": s.Field(s.list_of(s.record(UPDATE_FIELDS, Update, "an update")), default=tuple),
}

# A draft may write TODO for a date or a source id it has still to find; see todos.py.
allow_todos(ARTICLE_FIELDS, published=todo_date, updated=todo_date)
allow_todos(KEY_FIGURE_FIELDS, as_of=todo_date, source=todo_source)
allow_todos(CLAIM_FIELDS, date=todo_date, source=todo_source)
allow_todos(UPDATE_FIELDS, date=todo_date)
add_counts_fields(CHART_FIELDS, ARTICLE_FIELDS)  # mixed_counts: why figures that count different things meet

PAGE_FIELDS = {
    "title": s.Field(s.text, required=True),
    "description": s.Field(s.text, required=True),
}


class ContentChecker(s.Checker):
    """A checker that also knows the series of the dataset being cleaned, and whether it reads a draft."""

    series: dict = {}
    draft: bool = False  # a draft may write TODO for a date or a source id
    today: dt.date = dt.date(1970, 1, 1)  # the day the site is built for, which a draft's TODO date stands in as

    def clean_point(self, value, line):
        """A data point: date, source, optional attribution, and one value per known series."""
        if not isinstance(value, dict):
            raise s.Invalid(f"a point must be a mapping (date, source, series values), not {s.describe(value)}")
        fixed = {k: v for k, v in value.items() if k in POINT_FIELDS}
        fixed = _with_lines(fixed, value)
        cleaned = self.mapping(fixed, POINT_FIELDS, value.line, "a data point")
        values, ok = {}, cleaned is not None
        for key in value:
            if key in POINT_FIELDS:
                continue
            if key not in self.series:
                self.report(value.line_of(key), f"unknown series '{key}' in a data point{s.suggest(key, self.series)}"
                            f"; the dataset's series are: {', '.join(self.series) or 'none'}")
                ok = False
                continue
            try:
                values[key] = clean_value(value[key])
            except s.Invalid as err:
                self.report(value.line_of(key), f"'{key}': {err}")
                ok = False
        if ok and not values:
            self.report(value.line, "a data point needs at least one series value")
            ok = False
        if ok and cleaned["stated"]:
            ok = check_point_stated(self, value, cleaned["stated"], values)
        if not ok:
            raise s.Reported
        return Point(values=values, line=value.line, **cleaned)


def _with_lines(subset: dict, original) -> dict:
    out = type(original)(subset)
    out.line, out.key_lines = original.line, original.key_lines
    return out


def clean_value(value):
    """A series value: a count, or [low, high] when sources give a range."""
    if isinstance(value, list):
        if len(value) != 2:
            raise s.Invalid("a range is written [low, high]")
        low, high = (s.number(None, v, 0) for v in value)
        if low > high:
            raise s.Invalid(f"range [{low}, {high}] has its low end above its high end")
        return (low, high)
    return s.number(None, value, 0)


def clean_series(checker, value, line):
    """series: a mapping of series id to its label."""
    if not isinstance(value, dict) or not value:
        raise s.Invalid("expected a mapping of series id to label, e.g. 'killed: Killed'")
    checker.series = dict(value)  # declared, valid or not: points are checked against them without a cascade
    for key in value:
        s.slug(checker, key, line)
        s.one_line(checker, value[key], line)
    return dict(value)


def validate_content(site: Site, found: Collected, problems: Problems, validated: dict | None = None,
                     last: list | None = None) -> Content:
    """Turn collected files into the typed content model, checking every reference.

    `validated` maps (an article's digest, what it may refer to) to the Article it made last time; `last` (a
    list, empty at first) remembers the last call's articles by position (see validate_articles).
    """
    content = Content(site=site)
    known: dict = {}
    content.sources = validate_registry(found.sources, SOURCE_FIELDS, Source, "a source", known, problems)
    if content.sources:
        check_sources(found.sources, content.sources, problems)
    known["sources"] = registry_ids(found.sources, content.sources)
    content.events = validate_registry(found.events, EVENT_FIELDS, Event, "an event", known, problems)
    known["events"] = registry_ids(found.events, content.events)
    for raw in found.datasets:
        if not raw.broken and (dataset := validate_dataset(raw, known, problems)):
            content.datasets[dataset.id] = dataset
    known["datasets"] = set(content.datasets) | {raw.slug for raw in found.datasets}
    known["dataset_series"] = {raw.slug: declared_series(raw) for raw in found.datasets}
    known["dataset_measures"] = {ident: d.measure for ident, d in content.datasets.items()}
    known["dataset_counts"] = {ident: d.counts for ident, d in content.datasets.items()}
    content.articles = validate_articles(found.articles, known, problems, {} if validated is None else validated,
                                         site.today, last)
    content.pages = [p for raw in found.pages if (p := validate_page(raw, known, problems))]
    check_articles(content, problems)
    check_todos(content, problems)
    content.editions = validate_editions(site, found, content, problems)
    return content


def validate_articles(found: list, known: dict, problems: Problems, validated: dict, today: dt.date,
                      last: list | None = None) -> list:
    """Every article's metadata, reusing the result for an article whose files and references are unchanged.

    All in this process: checking an article's metadata takes about 0.1 ms, less than sending the Article it
    makes back from a worker would (at 10,000 articles, workers took longer and twice the processor time).
    With `last` (the preview's, in memory), when the files found are the very objects of the last call but for
    a few, each made one clean article then, and what articles may refer to is unchanged, only those few are
    looked at (the others' results are the same objects, at the same places).
    """
    known_key = digest_of(repr((_sorted_deep(known), today)).encode())
    if last and last[0] == known_key and (positions := changed_at(found, last[1])) is not None:
        articles = again_at(positions, found, last, validated, problems, today, known)
        if articles is not None:
            last[1:] = [list(found), articles]
            return articles
    articles, used = [], {}
    for raw in found:
        key = (raw.path, raw.digest, known_key)
        article = validated.get(key) if raw.digest else None
        if article is not None:
            if not raw.unread:  # a saved state leaves the text out (same digest, same text); else read when needed
                article.body = article.body or raw.body
            articles.append(article)
            used[key] = article
            continue
        article, found_problems, warnings = check_article(raw, known, today, problems)
        problems.found.extend(found_problems)
        problems.warnings.extend(warnings)
        if article is not None:
            articles.append(article)
            if not found_problems:
                used[key] = article  # only a clean result may stand in for validating again
    validated.clear()
    validated.update(used)  # keep what this build used, so the memo does not grow with every edit
    if last is not None:  # by position only when each file found made one clean article
        whole = len(used) == len(found) == len(articles) and all(raw.digest for raw in found)
        last[:] = [known_key, list(found), articles] if whole else []
    return articles


def again_at(positions: list, found: list, last: list, validated: dict, problems: Problems, today: dt.date,
             known: dict) -> list | None:
    """validate_articles' answer when only the files found at `positions` are new objects: the last call's
    articles with those made again; None (validate them all) when one of them does not come out clean."""
    known_key, articles = last[0], last[2].copy()
    for at in positions:
        raw, before = found[at], last[1][at]
        article = validated.get((raw.path, raw.digest, known_key)) if raw.digest else None
        if article is None:
            article, found_problems, warnings = check_article(raw, known, today, problems)
            if found_problems or article is None:
                return None  # (the whole loop checks it again and says what it finds)
            problems.warnings.extend(warnings)
        elif not raw.unread:
            article.body = article.body or raw.body
        validated.pop((before.path, before.digest, known_key), None)
        validated[(raw.path, raw.digest, known_key)] = article
        articles[at] = article
    return articles


def check_article(raw: RawFile, known: dict, today: dt.date, problems: Problems) -> tuple[Article | None, list, list]:
    """Parse (if collect put it off) and validate one article's metadata: the article, or None, and the
    problems and warnings found, handed back so that the caller knows whether the article came out clean."""
    article = None
    with problems.set_apart() as (found, warnings):
        try:
            if raw.data is None:
                raw.data = parse_yaml(raw.text)
        except SourceError as err:
            problems.add(raw.path, err.line, err.message)
        else:
            if raw.data is None:
                problems.add(raw.path, 1, "file is empty")
            else:
                article = validate_article(raw, known, today, problems)
    return article, found, warnings


@dataclass(frozen=True)
class Declared:
    """What an article whose YAML parsed but did not validate declares, so its text can still be checked:
    the ids of its key figures and charts, valid or not."""

    slug: str
    md_path: object
    body: str
    figures: frozenset
    charts: frozenset


def declared_articles(found: list, valid: set, drafts: bool) -> list[Declared]:
    """The articles of `found` not in `valid` (slugs) whose YAML parses to a mapping, drafts only with `drafts`."""
    declared = []
    for raw in found:
        if raw.slug in valid:
            continue
        try:
            data = raw.data if raw.data is not None else parse_yaml(raw.text)
        except SourceError:
            continue
        if not s.is_mapping(data) or (data.get("draft") is True and not drafts):
            continue
        ids = {name: frozenset(str(item["id"]) for item in data.get(name) or () if s.is_mapping(item) and "id" in item)
               if isinstance(data.get(name), list) else frozenset() for name in ("key_figures", "charts")}
        declared.append(Declared(raw.slug, raw.md_path, raw.body or "", ids["key_figures"], ids["charts"]))
    return declared


def _sorted_deep(value):
    """Sets and mappings as sorted lists, so equal values print equally."""
    if isinstance(value, dict):
        return sorted((repr(k), _sorted_deep(v)) for k, v in value.items())
    if isinstance(value, s.Anything):
        return "any id"
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    return value


def registry_ids(raw: RawFile | None, valid: dict) -> set:
    """The ids references to sources.yaml or events.yaml may use: those it declares, valid or not, so that
    one bad entry does not cascade; any id at all when the file itself is missing or unreadable, whose own
    problem is then the one reported."""
    if raw is None:
        return set()  # events.yaml left out: there are no events
    if raw.broken or not s.is_mapping(raw.data):
        return s.Anything()
    return set(valid) | declared_ids(raw)


def declared_ids(raw: RawFile | None) -> set:
    """The ids a registry file declares, valid or not, so one bad entry does not cascade."""
    return {str(key) for key in raw.data} if raw is not None and s.is_mapping(raw.data) else set()


def declared_series(raw: RawFile) -> set:
    """The series a dataset file declares, valid or not."""
    series = raw.data.get("series") if s.is_mapping(raw.data) else None
    return {str(key) for key in series} if isinstance(series, dict) else set()


def validate_registry(raw: RawFile | None, fields, build, what, known, problems) -> dict:
    """sources.yaml or events.yaml: a mapping of id to fields."""
    if raw is None or raw.broken:
        return {}
    checker = ContentChecker(raw.path, problems, known)
    if not s.is_mapping(raw.data):
        checker.report(getattr(raw.data, "line", 1), f"{raw.path.name} must map each id to its fields")
        return {}
    entries = {}
    for key, value in raw.data.items():
        line = raw.data.line_of(key)
        try:
            ident = s.slug(checker, key, line)
        except s.Invalid as err:
            checker.report(line, str(err))
            continue
        cleaned = checker.mapping(value, fields, getattr(value, "line", line), f"{what} ('{ident}')")
        if cleaned is not None:
            entries[ident] = build(id=ident, line=line, **cleaned)
    return entries


def validate_dataset(raw: RawFile, known, problems) -> Dataset | None:
    """content/data/<id>.yaml."""
    checker = ContentChecker(raw.path, problems, known)
    data = raw.data
    if s.is_mapping(data) and "series" in data:  # series first: points are checked against them
        try:
            clean_series(checker, data["series"], data.line_of("series"))
        except s.Invalid:
            pass
    cleaned = checker.mapping(data, DATASET_FIELDS, getattr(data, "line", 1), "a dataset")
    if cleaned is None:
        return None
    if cleaned["period"] and cleaned["measure"] != "per-period":
        checker.report(data.line_of("period"), "'period' only applies to datasets with 'measure: per-period'")
        return None
    cleaned["points"] = tuple(sorted(cleaned["points"], key=lambda p: p.date))
    dates = [p.date for p in cleaned["points"]]
    for point in cleaned["points"]:
        if dates.count(point.date) > 1 and any(
                q is not point and q.date == point.date and set(q.values) & set(point.values) and q.by == point.by
                for q in cleaned["points"]):
            checker.report(point.line, f"two points give the same series for {point.date.isoformat()}; "
                                       "add 'by:' to tell the sources apart, or remove one")
            return None
    return Dataset(id=raw.slug, path=raw.path, line=getattr(data, "line", 1), **cleaned)


def validate_article(raw: RawFile, known, today: dt.date, problems) -> Article | None:
    """An article's YAML metadata; its Markdown is checked when it is rendered."""
    checker = ContentChecker(raw.path, problems, known)
    checker.draft = s.is_mapping(raw.data) and raw.data.get("draft") is True
    checker.today = today
    cleaned = checker.mapping(raw.data, ARTICLE_FIELDS, getattr(raw.data, "line", 1), "article metadata")
    if cleaned is None:
        return None
    todos = article_todos(raw.path, raw.md_path, raw.body, raw.text)
    article = Article(slug=raw.slug, md_path=raw.md_path, yaml_path=raw.path, body=raw.body, todos=todos,
                      paths=article_paths(raw.slug),
                      source_digest=raw.digest,
                      **{k: tuple(v) if isinstance(v, list) else v for k, v in cleaned.items()})
    check_unique(checker, article.key_figures, "key figure")
    check_unique(checker, article.charts, "chart")
    check_article_stated(checker, raw.data, article)
    for chart in article.charts:
        check_chart_counts(checker, chart, known.get("dataset_counts", {}))
    dataset_counts, body = known.get("dataset_counts", {}), raw.body or ""
    blocks = text_blocks(parse_roles(body)) if may_mix_counts(article, dataset_counts, body) else []
    check_text_counts(checker, article, dataset_counts, blocks)
    for chart in article.charts:
        check_chart(checker, chart, known)
    if article.updated and article.updated < article.published and not isinstance(article.published, TodoDate):
        checker.report(raw.data.line_of("updated"), "'updated' is earlier than 'published'")
    return article


def check_unique(checker, items, what: str) -> None:
    """Ids within one article must differ."""
    seen = {}
    for item in items:
        if item.id in seen:
            checker.report(item.line, f"{what} id '{item.id}' is used twice (first on line {seen[item.id]})")
        seen.setdefault(item.id, item.line)


def chart_kind(value) -> str:
    """A chart's kind: a name of the kinds table; an old topic name is refused with the name that replaced it."""
    if value in RENAMED:
        raise s.Invalid(f"kind '{value}' was renamed for what it draws: write 'kind: {RENAMED[value]}'")
    return s.one_of(*KINDS)(None, value, 0)


def check_chart(checker, chart: ChartSpec, known) -> None:
    """A chart's series must exist in its datasets, and its kind must accept their measure and number."""
    datasets = known.get("dataset_series", {})
    available = {name for ident in chart.data for name in datasets.get(ident, ())}
    for name in chart.series or ():
        if name not in available:
            checker.report(chart.line, f"chart '{chart.id}' asks for series '{name}', which its data does not have"
                                       f"{s.suggest(name, available)}")
    kind = KINDS[chart.kind]
    for ident in chart.data:
        measure = known.get("dataset_measures", {}).get(ident)
        if measure and measure not in kind.measures:
            checker.report(chart.line, f"chart '{chart.id}' is a {chart.kind} chart, which needs "
                                       f"{' or '.join(kind.measures)} data, but dataset '{ident}' "
                                       f"has measure: {measure}{_kind_for(measure)}")
    count = len(chart.series) if chart.series is not None else sum(len(datasets.get(i, ())) for i in chart.data)
    if count and (count < kind.fewest_series or (kind.most_series is not None and count > kind.most_series)):
        checker.report(chart.line, f"chart '{chart.id}' shows {count} series, but a {chart.kind} chart takes "
                                   f"{kind.accepts()}")
    for note in chart.annotations:
        check_annotation(checker, chart, note, available)
    if (chart.events or chart.annotations) and not kind.time_axis:
        checker.report(chart.line, f"chart '{chart.id}': a {chart.kind} chart has one bar per period and cannot "
                                   "mark events; remove 'events'")


def check_annotation(checker, chart: ChartSpec, note: dict, available: set) -> None:
    """A period needs from and to (in order); the others a date; a labelled point a series of the chart."""
    where = f"chart '{chart.id}': a {note['kind']} annotation"
    if note["kind"] == "period":
        if not (note["from"] and note["to"]) or note["date"]:
            checker.report(note["line"], f"{where} is written with 'from' and 'to' (not 'date')")
        elif note["from"] > note["to"]:
            checker.report(note["line"], f"{where} ends ('to') before it begins ('from')")
    elif not note["date"] or note["from"] or note["to"]:
        checker.report(note["line"], f"{where} is written with 'date' (not 'from'/'to')")
    if note["kind"] == "point" and note["series"] not in available:
        checker.report(note["line"], f"{where} needs 'series', one of: {', '.join(sorted(available))}")
    elif note["kind"] != "point" and note["series"]:
        checker.report(note["line"], f"{where} takes no 'series' (only a labelled point does)")


def _kind_for(measure: str) -> str:
    """'; try kind: line' for a measure a simpler kind draws."""
    fits = [name for name, kind in KINDS.items() if measure in kind.measures and kind.fewest_series == 1]
    return f" (a kind that draws it: {', '.join(fits)})" if fits else ""


def validate_page(raw: RawFile, known, problems) -> Page | None:
    """A plain page's front matter."""
    checker = ContentChecker(raw.path, problems, known)
    cleaned = checker.mapping(raw.data, PAGE_FIELDS, getattr(raw.data, "line", 2), "page front matter")
    if cleaned is None:
        return None
    return Page(slug=raw.slug, path=raw.path, body=raw.body, body_line=raw.body_line, paths=page_paths(raw.slug),
                **cleaned)


def check_articles(content: Content, problems: Problems) -> None:
    """Cross-article rules: chart ids are global (they name embed pages)."""
    seen = {}
    for article in content.articles:
        for chart in article.charts:
            if chart.id in seen:
                problems.add(article.yaml_path, chart.line,
                             f"chart id '{chart.id}' is already used by {problems.relative(seen[chart.id])}")
            seen.setdefault(chart.id, article.yaml_path)
