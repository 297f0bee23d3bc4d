"""The measure guard: figures that count different things ('verified civilian deaths', 'burials from all
causes') are not set side by side unless the editor says why, in `mixed_counts: <why>`.

What counts as setting side by side, so that the build can check it:
- a chart whose datasets do not all have the same `counts` (a small-multiples grid is a chart with several
  datasets, so the same rule holds for it); the chart says `mixed_counts: <why>`;
- a paragraph of an article's text (or a list item, a heading, a table cell: one Markdown block) whose `{fig}`
  and `{data}` roles print figures of different `counts`; the article lists those figures (key figure ids,
  dataset ids) in an entry of its `mixed_counts:` with `why:`.
Two figures count the same thing when their `counts` read the same, ignoring case and spacing."""

from __future__ import annotations

from ..model import MixedCounts
from . import schema as s

MIXED_COUNTS_ENTRY = {
    "figures": s.Field(s.list_of(s.slug, unique=True), required=True),
    "why": s.Field(s.text, required=True),
}


def add_counts_fields(chart_fields: dict, article_fields: dict) -> None:
    """`mixed_counts` on a chart (why it draws data that count different things) and on an article (which
    figures its text may set side by side, and why)."""
    chart_fields["mixed_counts"] = s.Field(s.text)
    article_fields["mixed_counts"] = s.Field(s.list_of(s.record(MIXED_COUNTS_ENTRY, MixedCounts,
                                                                "a mixed_counts entry")), default=tuple)


def same_counts(text: str | None) -> str | None:
    """What two `counts` must share to count the same thing."""
    return " ".join(text.casefold().split()) if text else None


def listed(counts: dict) -> str:
    """'"x" (a, b); "y" (c)' for a message: each `counts` once, with the figures that have it."""
    groups: dict = {}
    for ident, text in counts.items():
        groups.setdefault(same_counts(text), (text, []))[1].append(ident)
    return "; ".join(f'"{text}" ({", ".join(idents)})' for text, idents in groups.values())


def check_chart_counts(checker, chart, dataset_counts: dict) -> None:
    """A chart draws data of one `counts`, or says why not."""
    counts = {ident: dataset_counts[ident] for ident in chart.data if dataset_counts.get(ident)}
    mixed = len({same_counts(text) for text in counts.values()}) > 1
    if mixed and not getattr(chart, "mixed_counts", None):
        checker.report(chart.line, f"chart '{chart.id}' draws data that count different things ({listed(counts)}); "
                                   "draw them apart, or say why they belong together with 'mixed_counts: <why>'")
    elif getattr(chart, "mixed_counts", None) and not mixed and all(ident in dataset_counts for ident in chart.data):
        # a stale reason would cover a later mix unseen (a dataset that failed to load counts nothing known)
        checker.report(chart.line, f"chart '{chart.id}' has 'mixed_counts', but its data all count the same "
                                   "thing; remove it")


def role_counts(name: str, ref: str, figures: dict, dataset_counts: dict) -> tuple[str, str | None] | None:
    """(the key figure or dataset id a role prints from, its `counts`), or None for a role that is not a figure."""
    if name == "fig" and ref in figures:
        return ref, figures[ref].counts
    if name == "data" and ref.count("/") == 2:
        ident = ref.split("/")[0]
        return ident, dataset_counts.get(ident)
    return None


def check_text_counts(checker, article, dataset_counts: dict, blocks) -> None:
    """Each block of the text prints figures of one `counts`, or is covered by an entry of `mixed_counts`.

    `blocks` are (line, [(role, reference)]) for every Markdown block that has roles."""
    figures = {fig.id: fig for fig in article.key_figures}
    entries = getattr(article, "mixed_counts", ()) or ()
    used = set()
    for entry in entries:
        for ident in entry.figures:
            if ident not in figures and ident not in checker.known.get("datasets", dataset_counts):
                checker.report(entry.line, f"mixed_counts: '{ident}' is neither a key figure of this article nor "
                                           f"a dataset{s.suggest(ident, [*figures, *dataset_counts])}")
    for line, roles in blocks:
        counts = {}
        for name, ref in roles:
            found = role_counts(name, ref, figures, dataset_counts)
            if found and found[1]:
                counts.setdefault(found[0], found[1])
        if len({same_counts(text) for text in counts.values()}) < 2:
            continue
        entry = next((e for e in entries if set(counts) <= set(e.figures)), None)
        if entry is None:
            checker.problems.add(article.md_path, line, f"this paragraph sets side by side figures that count "
                                                        f"different things ({listed(counts)}); give each its "
                                                        "own paragraph, or list them in an entry of the article's "
                                                        "'mixed_counts' with 'why'")
        else:
            used.add(id(entry))
    for entry in entries:
        if id(entry) not in used:  # an error, like a stale chart reason: it would cover a later mix unseen
            checker.report(entry.line, f"mixed_counts entry ({', '.join(entry.figures)}) matches no paragraph of "
                                       "the text; remove it")


def may_mix_counts(article, dataset_counts: dict, body: str) -> bool:
    """Whether a block of `body` could set side by side figures that count different things. Not when the key
    figures and datasets whose ids the text holds anywhere (a role's reference is written out in it) count one
    thing at most: its roles then need not be parsed out (most articles)."""
    if getattr(article, "mixed_counts", ()):
        return True  # each entry must match a paragraph
    named = {same_counts(fig.counts) for fig in article.key_figures if fig.counts and fig.id in body}
    named.update(same_counts(text) for ident, text in dataset_counts.items() if text and ident in body)
    return len(named) > 1


def text_blocks(parsed) -> list[tuple[int, list[tuple[str, str]]]]:
    """(1-based line, [(role, reference)]) of every Markdown block of a parsed text that has roles."""
    blocks = []
    for token in parsed.tokens:
        roles = [(child.meta["name"], child.content.strip()) for child in token.children or ()
                 if child.type == "myst_role"]
        if roles and token.map:
            blocks.append((token.map[0] + 1, roles))
    return blocks


def counts_warnings(content, problems) -> None:
    """`check` asks every dataset and key figure to say what it counts."""
    for dataset in content.datasets.values():
        if not dataset.counts:
            problems.warn(dataset.path, dataset.line, f"dataset '{dataset.id}' does not say what it counts: add "
                                                      "'counts:', e.g. 'verified civilian deaths'")
    for article in content.articles:
        for fig in article.key_figures:
            if not fig.counts:
                problems.warn(article.yaml_path, fig.line, f"key figure '{fig.id}' does not say what it counts: "
                                                           "add 'counts:', e.g. 'burials from all causes'")
