"""The measure guard: a chart or a paragraph that sets figures of different `counts` side by side is refused
unless it says `mixed_counts`."""

from __future__ import annotations

from support import ROOT, load_content, tiny_site_with, validate_site

ARTICLE = "content/articles/first-story.yaml"
BODY = "content/articles/first-story.md"
DATA = "content/data/counts.yaml"

OTHER_DATA = {"content/data/burials.yaml": """\
    title: Burials
    unit: people
    measure: cumulative
    counts: burials from all causes
    series:
      killed: Buried
    points:
      - date: 2022-04-01
        killed: 40
        source: news-report
    """}
WITH_COUNTS = ("measure: cumulative\n", "measure: cumulative\ncounts: verified civilian deaths and injuries\n")
FIGURE_COUNTS = ("    qualifier: at least\n", "    qualifier: at least\n    counts: burials from all causes\n")


def test_a_chart_of_data_with_different_counts_is_refused_at_its_line(tmp_path):
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS, ARTICLE: ("data: [counts]", "data: [counts, burials]")},
                          extra=OTHER_DATA)
    problems, _ = validate_site(root)
    assert problems == [
        f"{ARTICLE}:16: chart 'counts-chart' draws data that count different things (\"verified civilian deaths "
        "and injuries\" (counts); \"burials from all causes\" (burials)); draw them apart, or say why they belong "
        "together with 'mixed_counts: <why>'"]


def test_a_chart_that_says_why_it_mixes_counts_passes(tmp_path):
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS, ARTICLE: (
        "data: [counts]", "data: [counts, burials]\n    mixed_counts: drawn as separate series, and the notes say so")},
                          extra=OTHER_DATA)
    assert validate_site(root) == ([], [])


def test_a_chart_of_one_count_refuses_a_stale_mixed_counts(tmp_path):
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS, ARTICLE: (
        "data: [counts]", "data: [counts]\n    mixed_counts: no reason")})
    problems, _ = validate_site(root)
    assert problems == [
        f"{ARTICLE}:16: chart 'counts-chart' has 'mixed_counts', but its data all count the same thing; remove it"]


def test_a_paragraph_that_mixes_counts_is_refused_at_its_line(tmp_path):
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS, ARTICLE: FIGURE_COUNTS})
    problems, _ = validate_site(root)
    assert problems == [
        f"{BODY}:3: this paragraph sets side by side figures that count different things (\"burials from all "
        "causes\" (dead); \"verified civilian deaths and injuries\" (counts)); give each its own paragraph, or list "
        "them in an entry of the article's 'mixed_counts' with 'why'"]


def test_figures_of_different_counts_in_separate_paragraphs_pass(tmp_path):
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS, ARTICLE: FIGURE_COUNTS, BODY: (
        " were killed; by April", " were buried.\n\nBy April")})
    assert validate_site(root) == ([], [])


def test_a_paragraph_listed_under_mixed_counts_passes_and_a_stale_entry_is_refused(tmp_path):
    entry = ("claims:\n", "mixed_counts:\n  - figures: [dead, counts]\n    why: the text says which is which\n"
                          "  - figures: [dead, nowhere]\n    why: stale\nclaims:\n")
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS, ARTICLE: FIGURE_COUNTS})
    path = root / ARTICLE
    path.write_text(path.read_text().replace(*entry, 1))
    problems, _ = validate_site(root)
    assert problems == [f"{ARTICLE}:26: mixed_counts: 'nowhere' is neither a key figure of this article nor a dataset",
                        f"{ARTICLE}:26: mixed_counts entry (dead, nowhere) matches no paragraph of the text; remove it"]


def test_figures_without_counts_are_not_compared(tmp_path):
    """The tiny site says nothing of what it counts: `check` asks for it (tests/check); validation cannot compare."""
    assert validate_site(tiny_site_with(tmp_path, {}))[0] == []


def test_every_example_dataset_and_key_figure_says_what_it_counts():
    content = load_content(ROOT)
    assert [d.id for d in content.datasets.values() if not d.counts] == []
    assert [f.id for a in content.articles for f in a.key_figures if not f.counts] == []


def test_a_text_whose_figures_count_one_thing_is_not_parsed_for_the_guard(tmp_path, monkeypatch):
    """Validation parses a text's roles only when the figures it names could count different things."""
    import explainer.content.validate as validate

    parsed = []
    real = validate.parse_roles
    monkeypatch.setattr(validate, "parse_roles", lambda text, *a: parsed.append(text) or real(text, *a))
    root = tiny_site_with(tmp_path, {DATA: WITH_COUNTS})
    assert validate_site(root) == ([], [])
    assert parsed == []
    mixed = tiny_site_with(tmp_path / "mixed", {DATA: WITH_COUNTS, ARTICLE: FIGURE_COUNTS})
    problems, _ = validate_site(mixed)
    assert len(parsed) == 1 and [problem.split(":")[:2] for problem in problems] == [[BODY, "3"]]
