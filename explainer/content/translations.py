"""The other editions of the site (issue 17): translation files read into a Content of their own.

A translation holds words only. `<slug>.uk.md` is the article's text in Ukrainian; `<slug>.uk.yaml` its
translated metadata, keyed by the English ids (key figures, charts) or in the English order (claims, updates,
mixed_counts); pages, datasets, events, sources and site.yaml have a `.uk` file each. Values, dates, sources
and ids have no field here, so they cannot be translated or written twice: the edition is the English
content with its words replaced, and every figure it prints is the English one. What a translation may not
do is write a figure of its own: a bare number in its text (other than a year, a date or a footnote mark) is
a problem at its line (`bare_numbers`).

Each translated article and page records the English content digest it was made from (`translated_from`);
when the English text or a figure it uses changes, the digest no longer matches and the translation is
stale: its page says so and `check` lists it with the digest to write.
"""

from __future__ import annotations

import dataclasses
import re

from ..digests import digest_of
from ..model import Article, ChartSpec, Content, Page, Site, Translation
from ..output.paths import article_paths, chart_paths, edition_folder, page_paths
from . import schema as s
from .collect import Collected, RawFile
from .sourcefile import SourceError, read_text
from .todos import find_todos

PENDING = "pending"  # what a translation carries before its digest is stamped
DIGEST = re.compile(r"^[0-9a-f]{12}$")


def translated_from(checker, value, line):
    """The English edition's content digest (12 hex digits), or 'pending'."""
    value = s.text(checker, value, line).strip()
    if value != PENDING and not DIGEST.match(value):
        raise s.Invalid(f"'{value[:40]}' is not a content digest: write the 12 hex digits `build.py check` "
                        f"prints for it (or {PENDING})")
    return value


def text_list(fields: dict, what: str):
    """A list of records of text fields, in the English list's order."""
    return s.Field(s.list_of(s.record(fields, lambda **f: dict(f), what)))


def by_id(fields: dict, what: str):
    """A mapping of an English id to a record of text fields."""

    def clean(checker, value, line):
        if not s.is_mapping(value):
            raise s.Invalid(f"expected a mapping of {what} ids to their translated words")
        cleaned, ok = {}, True
        for key, entry in value.items():
            try:
                cleaned[str(key)] = s.record(fields, lambda **f: dict(f), f"{what} '{key}'")(
                    checker, entry, value.line_of(key))
            except s.Reported:
                ok = False
            except s.Invalid as err:
                checker.report(value.line_of(key), f"{what} '{key}': {err}")
                ok = False
        if not ok:
            raise s.Reported
        return cleaned

    return s.Field(clean)


TEXT = s.Field(s.text)
ANNOTATION_TEXT = {"label": TEXT}
CHART_TEXT = {"title": TEXT, "subtitle": TEXT, "description": TEXT, "notes": TEXT,
              "annotations": text_list(ANNOTATION_TEXT, "an annotation")}
ARTICLE_TEXT = {
    "translated_from": s.Field(translated_from, required=True),
    "title": TEXT,
    "dek": TEXT,
    "byline": s.Field(s.list_of(s.text, allow_single=True)),
    # unit: a word, or the plural forms of one ([людина, людини, людей]) that numbers.unit_for chooses from
    "key_figures": by_id({"label": TEXT, "note": TEXT, "unit": s.Field(lambda c, v, line: unit_forms(c, v, line))},
                         "key figure"),
    "charts": by_id(CHART_TEXT, "chart"),
    "claims": text_list({"claim": TEXT, "context": TEXT}, "a claim"),
    "updates": text_list({"text": TEXT}, "an update"),
    "mixed_counts": text_list({"why": TEXT}, "a mixed_counts entry"),
}
PAGE_TEXT = {"title": s.Field(s.text, required=True), "description": s.Field(s.text, required=True),
             "translated_from": s.Field(translated_from, required=True)}
DATASET_TEXT = {"title": TEXT, "notes": TEXT, "unit": TEXT, "unit_short": TEXT,
                "series": s.Field(lambda c, v, line: series_names(v))}
EVENT_TEXT = {"label": s.Field(s.text, required=True)}
SOURCE_TEXT = {"title": s.Field(s.text, required=True)}
SITE_TEXT = {"title": TEXT, "description": TEXT, "publisher": TEXT, "author": TEXT, "license": TEXT}


def unit_forms(checker, value, line):
    """A unit's translation: one word, or its plural forms in the language's order (one, few, many)."""
    if isinstance(value, list):
        if not 2 <= len(value) <= 4:
            raise s.Invalid("write a unit's plural forms as a list of two to four words (one, few, many)")
        return tuple(s.text(checker, form, line) for form in value)
    return s.text(checker, value, line)


def series_names(value) -> dict:
    """series: {<key>: <translated name>}."""
    if not s.is_mapping(value):
        raise s.Invalid("expected a mapping of series key to its translated name")
    return {str(key): s.text(None, name, value.line_of(key)) for key, name in value.items()}


# A number a translation may write itself: a year, a date with its month's name (genitive, as a date reads in
# Ukrainian: '25 червня 2022 р.', '27 травня – 25 червня'), a footnote mark, a numbered list's marker.
MONTHS_GENITIVE = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
                   "жовтня", "листопада", "грудня")
NOT_FIGURES = [
    re.compile(r"\{[a-z]+\}`[^`]*`"),  # a {fig} or {data} role: the figure the English prints
    re.compile(r"`[^`]*`"),  # code
    re.compile(r"\[\^[^\]]*\]"),  # a footnote mark or definition
    re.compile(r"\]\([^)]*\)"),  # a link's address
    re.compile(r"\{#[^}]*\}"),  # a heading's id
    re.compile(r"^\s*\d+[.)]\s", re.M),  # a numbered list's marker
    re.compile(r"\b\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?:\s+(?:19|20)\d\d)?",
               re.I),
    re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)"),  # a year, 1900-2099
]
TODO_LINE = re.compile(r"\bTODO\b")
DIGIT = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")  # '7 900 139', '7,5': one number; '1, 4': two


def bare_numbers(text: str) -> list[tuple[int, str]]:
    """(line within `text`, number) of every number a translation writes that is not a year, a date, a
    footnote mark or a role: each must come from the English figures through {fig} or {data}."""
    found = []
    for index, line in enumerate(text.split("\n")):
        if line.lstrip().startswith(":::") or TODO_LINE.search(line):  # a chart block (its id may hold
            continue  # digits), or English still to translate (`new --lang`), which the TODO rule reports
        for pattern in NOT_FIGURES:
            line = pattern.sub(" ", line)
        found += [(index, match.group().strip()) for match in DIGIT.finditer(line)]
    return found


BARE_NUMBER = ("the number '{number}' is written out in a translation: print it with {{fig}}`id` or "
               "{{data}}`dataset/series/date`, so it is the English edition's own figure, or write it in words "
               "(years, dates with the month's name and footnote marks may stay)")


def check_bare_numbers(checker, text: str, first_line: int) -> None:
    """Report each bare number of a translated text at its line."""
    for line, number in bare_numbers(text):
        checker.report(first_line + line, BARE_NUMBER.format(number=number))


def check_text_fields(checker, data, first_line: int = 1) -> None:
    """A translated YAML file's text fields hold no bare numbers either (walked with their lines)."""
    if s.is_mapping(data):
        for key, value in data.items():
            if key == "translated_from":
                continue
            if isinstance(value, str):
                check_bare_numbers(checker, value, data.line_of(key))
            else:
                check_text_fields(checker, value)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                check_bare_numbers(checker, value, data.line_of(index) if hasattr(data, "line_of") else first_line)
            else:
                check_text_fields(checker, value)


# The English edition's content digest --------------------------------------------------------------------

DATA_ROLE = re.compile(r"\{data\}`([^`/]+)/([^`/]+)/([^`]+)`")


def english_digest(raw: RawFile, article: Article, content: Content) -> str:
    """What a translation was made from: the English Markdown and YAML, and the value of every figure the
    article prints (its {data} roles and the data its charts draw), as the first 12 hex of a sha256."""
    values = []
    for ident, series, day in DATA_ROLE.findall(raw.body):
        dataset = content.datasets.get(ident)
        point = next((p for p in dataset.points if p.date.isoformat() == day and series in p.values), None) \
            if dataset else None
        values.append((ident, series, day, point.values[series] if point else None))
    for chart in article.charts:
        for ident in chart.data:
            dataset = content.datasets.get(ident)
            values.append((ident, [(p.date.isoformat(), sorted(p.values.items())) for p in dataset.points]
                           if dataset else None))
    text = "\0".join([raw.body, raw.text or "", repr(values)])
    return digest_of(text.encode())[:12]


def page_digest(raw: RawFile) -> str:
    """A page's English digest: its front matter and text."""
    return digest_of(f"{raw.data!r}\0{raw.body}".encode())[:12]


# Validation -------------------------------------------------------------------------------------------------


def validate_editions(site: Site, found: Collected, content: Content, problems) -> dict:
    """Each other language's edition: its translated articles and pages over the English content."""
    editions = {}
    english = {raw.slug: raw for raw in found.articles}
    for language, files in found.translations.items():
        folder = edition_folder(language, site.language)
        edition = Edition(language, folder, content, problems)
        edition_site = edition.site(files.site)
        datasets = {ident: edition.dataset(dataset, files.datasets.get(ident))
                    for ident, dataset in content.datasets.items()}
        edition.report_strays(files.datasets, content.datasets, "dataset", "content/data/{}.yaml")
        events = edition.registry(content.events, files.events, EVENT_TEXT, "event")
        sources = edition.registry(content.sources, files.sources, SOURCE_TEXT, "source")
        translated = Content(site=edition_site, datasets=datasets, events=events, sources=sources)
        articles = {article.slug: article for article in content.articles}
        for slug, (md, meta) in sorted(files.articles.items()):
            if slug not in articles:
                stray = (md or meta).path if (md or meta) else None
                if stray is not None:
                    problems.add(stray, 1, f"a translation of '{slug}', but there is no article {slug}.md to "
                                           "translate; name it after the English file")
                continue
            if md is None or meta is None:
                have = (md or meta).path
                problems.add(have, 1, f"a translation needs both {slug}.{language}.md and {slug}.{language}.yaml: "
                                      f"create the other (python build.py new --lang {language} --from {slug})")
                continue
            article = edition.article(articles[slug], md, meta, english_digest(english[slug], articles[slug],
                                                                                  content))
            if article is not None:
                translated.articles.append(article)
        pages = {page.slug: page for page in content.pages}
        english_pages = {raw.slug: raw for raw in found.pages}
        for slug, raw in sorted(files.pages.items()):
            if slug not in pages:
                problems.add(raw.path, 1, f"a translation of the page '{slug}', but there is no page {slug}.md")
            elif (page := edition.page(pages[slug], raw, page_digest(english_pages[slug]))) is not None:
                translated.pages.append(page)
        editions[language] = translated
    return editions


@dataclasses.dataclass
class Edition:
    """Reads one language's translation files against the English content they translate."""

    language: str
    folder: str
    english: Content
    problems: object

    def checker(self, path) -> s.Checker:
        return s.Checker(path, self.problems, {})

    def fields(self, raw: RawFile | None, table: dict, what: str) -> dict | None:
        """A translation file's fields, cleaned (None when absent or wrong), its text checked for numbers."""
        if raw is None or raw.broken:
            return None
        checker = self.checker(raw.path)
        cleaned = checker.mapping(raw.data, table, getattr(raw.data, "line", 1), what)
        check_text_fields(checker, raw.data)
        return cleaned

    def site(self, raw: RawFile | None) -> Site:
        site = self.english.site
        fields = self.fields(raw, SITE_TEXT, f"site.{self.language}.yaml") or {}
        return dataclasses.replace(site, language=self.language,
                                   **{key: value for key, value in fields.items() if value is not None})

    def dataset(self, dataset, raw: RawFile | None):
        fields = self.fields(raw, DATASET_TEXT, "a dataset translation")
        if not fields:
            return dataset
        series = fields["series"] or {}
        for key in series:
            if key not in dataset.series:
                self.checker(raw.path).report(raw.data["series"].line_of(key),
                                              f"unknown series '{key}'{s.suggest(key, dataset.series)}; the "
                                              f"dataset's series are: {', '.join(dataset.series)}")
        return dataclasses.replace(dataset, title=fields["title"] or dataset.title, notes=fields["notes"] or
                                   dataset.notes, unit=fields["unit"] or dataset.unit,
                                   unit_short=fields["unit_short"] or dataset.unit_short, series={key: series.get(key, name)
                                                          for key, name in dataset.series.items()})

    def report_strays(self, files: dict, english: dict, what: str, original: str) -> None:
        for ident, raw in files.items():
            if ident not in english and not raw.broken:
                self.problems.add(raw.path, 1, f"a translation of the {what} '{ident}', but there is no "
                                               f"{original.format(ident)}")

    def registry(self, english: dict, raw: RawFile | None, table: dict, what: str) -> dict:
        """events or sources with their translated words (only the fields the table names)."""
        if raw is None or raw.broken:
            return english
        checker = self.checker(raw.path)
        if not s.is_mapping(raw.data):
            checker.report(getattr(raw.data, "line", 1), f"{raw.path.name} must map each {what} id to its words")
            return english
        check_text_fields(checker, raw.data)
        out = dict(english)
        for key, value in raw.data.items():
            line = raw.data.line_of(key)
            if key not in english:
                checker.report(line, f"unknown {what} '{key}'{s.suggest(key, english)}: translate only the ids "
                                     "of the English file")
                continue
            cleaned = checker.mapping(value, table, getattr(value, "line", line), f"{what} '{key}'")
            if cleaned:
                out[key] = dataclasses.replace(english[key], **cleaned)
        return out

    def article(self, article: Article, md: RawFile, meta: RawFile, current: str) -> Article | None:
        """The English article with the translation's words: same figures, data, sources and charts."""
        checker = self.checker(meta.path)
        fields = self.fields(meta, ARTICLE_TEXT, "a translation")
        check_bare_numbers(self.checker(md.path), md.body, 1)
        for raw, text in ((meta, meta.text or file_text(meta.path)), (md, md.body)):
            self.todos(raw, text)
        if fields is None:
            return None
        data = meta.data
        figures = self.by_id(checker, data, fields["key_figures"] or {}, article.key_figures, "key_figures",
                             "key figure")
        charts = self.by_id(checker, data, fields["charts"] or {}, article.charts, "charts", "chart")
        for key in ("claims", "updates", "mixed_counts"):
            self.same_length(checker, data, key, fields[key], getattr(article, key))
        for ident, words in charts.items():
            english = next(chart for chart in article.charts if chart.id == ident)
            notes = data["charts"][ident]
            self.same_length(checker, notes, "annotations", words.get("annotations"), english.annotations)
        translation = Translation(self.language, fields["translated_from"], current, article.last_modified,
                                  meta.path, data.line_of("translated_from"))
        return dataclasses.replace(
            article, body=md.body, md_path=md.path, title=fields["title"] or article.title,
            dek=fields["dek"] or article.dek, byline=tuple(fields["byline"] or article.byline),
            key_figures=tuple(dataclasses.replace(fig, **words_of(figures.get(fig.id))) for fig in article.key_figures),
            charts=tuple(self.chart(chart, charts.get(chart.id)) for chart in article.charts),
            claims=overlay(article.claims, fields["claims"]), updates=overlay(article.updates, fields["updates"]),
            mixed_counts=overlay(article.mixed_counts, fields["mixed_counts"]),
            source_digest=f"{article.source_digest}+{md.digest}+{meta.digest}",
            paths=article_paths(article.slug, self.folder), translation=translation)

    def todos(self, raw: RawFile, text: str) -> None:
        """A translation still being written (`new --lang` leaves TODO in each place) is previewed with
        --drafts, and refused by the build that publishes."""
        for todo in find_todos(raw.path, text):
            message = f"still to translate: {todo.text[:60]}"
            if self.english.site.drafts:
                self.problems.warn(raw.path, todo.line, message)
            else:
                self.problems.add(raw.path, todo.line, f"{message} (translate it, or build with --drafts to "
                                                       "preview)")

    def by_id(self, checker, data, words: dict, english: tuple, key: str, what: str) -> dict:
        ids = [item.id for item in english]
        for ident in words:
            if ident not in ids:
                checker.report(data[key].line_of(ident), f"unknown {what} '{ident}'{s.suggest(ident, ids)}; the "
                                                         f"English article's are: {', '.join(ids) or 'none'}")
        return {ident: value for ident, value in words.items() if ident in ids}

    def same_length(self, checker, data, key: str, words, english: tuple) -> None:
        if words is not None and len(words) != len(english):
            checker.report(data.line_of(key), f"'{key}' has {len(words)} entries, but the English has "
                                              f"{len(english)}: translate each, in the same order")

    def chart(self, chart: ChartSpec, words: dict | None) -> ChartSpec:
        words = words_of(words)
        notes = words.pop("annotations", None)
        annotations = chart.annotations
        if notes and len(notes) == len(annotations):
            annotations = tuple({**note, "label": new["label"] or note["label"]}
                                for note, new in zip(annotations, notes))
        return dataclasses.replace(chart, **{k: v for k, v in words.items() if v}, annotations=annotations,
                                   paths=chart_paths(chart.id, self.folder))

    def page(self, page: Page, raw: RawFile, current: str) -> Page | None:
        checker = self.checker(raw.path)
        fields = checker.mapping(raw.data, PAGE_TEXT, getattr(raw.data, "line", 2), "page front matter")
        check_text_fields(checker, raw.data)
        check_bare_numbers(checker, raw.body, raw.body_line)
        if fields is None:
            return None
        translation = Translation(self.language, fields.pop("translated_from"), current, None, raw.path,
                                  raw.data.line_of("translated_from"))
        return dataclasses.replace(page, path=raw.path, body=raw.body, body_line=raw.body_line,
                                   paths=page_paths(page.slug, self.folder), translation=translation, **fields)


def file_text(path) -> str:
    """A file's text, read again (a parsed YAML file keeps no comments), or '' if it went away meanwhile."""
    try:
        return read_text(path)
    except (OSError, SourceError):
        return ""


def words_of(words: dict | None) -> dict:
    """The translated fields that are given."""
    return {key: value for key, value in (words or {}).items() if value is not None and key != "line"}


def overlay(english: tuple, words) -> tuple:
    """English records (claims, updates) with the translated text fields laid over them, when the list matches."""
    if not words or len(words) != len(english):
        return english
    return tuple(dataclasses.replace(item, **words_of(new)) for item, new in zip(english, words))


# What `check` says of the translations ----------------------------------------------------------------------


def translation_warnings(content: Content, problems) -> None:
    """Each stale translation, with the digest to write once it is brought up to date, and each translated
    article's words still shown in English."""
    for language, edition in content.editions.items():
        english = {article.slug: article for article in content.articles}
        for item in [*edition.articles, *edition.pages]:
            done = item.translation
            if done.stale:
                was = "has no digest yet" if done.translated_from == PENDING else \
                    f"was made from {done.translated_from}"
                problems.warn(done.path, done.line, f"the {language} translation of '{item.slug}' is older than "
                                                    f"its original ({was}); bring it up to date, then write "
                                                    f"translated_from: {done.current}")
        for article in edition.articles:
            left = untranslated(english[article.slug], article)
            if left:
                problems.warn(article.translation.path, 1, f"shown in English until translated: {', '.join(left)}")


def untranslated(english: Article, translated: Article) -> list[str]:
    """The text fields a translation left as the English has them."""
    left = [name for name in ("title", "dek") if getattr(english, name) == getattr(translated, name)]
    left += [f"key figure '{a.id}' label" for a, b in zip(english.key_figures, translated.key_figures)
             if a.label == b.label]
    for a, b in zip(english.charts, translated.charts):
        left += [f"chart '{a.id}' {name}" for name in ("title", "description") if getattr(a, name) == getattr(b, name)]
    left += [f"claim {n}" for n, (a, b) in enumerate(zip(english.claims, translated.claims), 1) if a.claim == b.claim]
    left += [f"update {n}" for n, (a, b) in enumerate(zip(english.updates, translated.updates), 1) if a.text == b.text]
    return left
