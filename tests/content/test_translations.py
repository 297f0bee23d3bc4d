"""Editions by file (issue 17): a translation holds words only, and cannot write a figure of its own."""

from __future__ import annotations

import pytest

from explainer.content.config import load_site
from explainer.content.translations import bare_numbers
from explainer.errors import Problems
from support import load_content, validate_site, write_uk_site

UK_MD = "content/articles/first-story.uk.md"
UK_YAML = "content/articles/first-story.uk.yaml"


def test_a_translation_is_an_edition_of_the_english_article(tmp_path):
    content = load_content(write_uk_site(tmp_path))
    english, = content.articles
    ukrainian, = content.editions["uk"].articles
    assert (ukrainian.title, ukrainian.key_figures[0].label, ukrainian.charts[0].title) == \
        ("Перша історія", "Загиблі", "Кількість з часом")
    # the same figures, dates, sources and charts: only the words differ
    for a, b in zip(english.key_figures, ukrainian.key_figures):
        assert (a.value, a.as_of, a.source, a.qualifier) == (b.value, b.as_of, b.source, b.qualifier)
    assert [c.data for c in english.charts] == [c.data for c in ukrainian.charts]
    assert [(c.date, c.source, c.status) for c in english.claims] == [(c.date, c.source, c.status)
                                                                        for c in ukrainian.claims]
    assert ukrainian.paths.page.url == "uk/first-story/" and english.paths.page.url == "first-story/"
    edition = content.editions["uk"]
    assert edition.datasets["counts"].points == content.datasets["counts"].points
    assert edition.datasets["counts"].series == {"killed": "Загиблі", "injured": "Поранені"}
    assert edition.events["start"].date == content.events["start"].date and edition.events["start"].label == "Початок"
    assert edition.site.language == "uk" and edition.site.title == "Маленький сайт"


def test_a_bare_number_in_a_translation_fails_at_its_line(tmp_path):
    root = write_uk_site(tmp_path, edits={
        UK_MD: ("Загинули {fig}`dead`;", "Загинули 15 осіб;"),
        UK_YAML: ("dek: Що сталося спочатку.", "dek: Загинули 7 900 людей."),
    })
    problems, _ = validate_site(root)
    assert any(p.startswith(f"{UK_MD}:3: the number '15'") for p in problems), problems
    assert any(p.startswith(f"{UK_YAML}:3: the number '7 900'") for p in problems), problems


@pytest.mark.parametrize("text", [
    "у 2022 році", "25 червня", "25 червня 2022 р.", "з 27 травня – 25 червня", "27–28 травня 2022",
    "примітка[^1] і [^note-2]", "{fig}`dead-2024` і {data}`counts/killed/2022-04-01`", "[див.](/about-2/)",
    "::: chart chart-2022", "1. перший пункт",
])
def test_years_dates_footnotes_and_roles_are_not_bare_numbers(text):
    assert bare_numbers(text) == []


@pytest.mark.parametrize("text, number", [("понад 1 500 осіб", "1 500"), ("7,5 тисячі", "7,5"),
                                          ("чотирнадцятий раунд, а не 14", "14"), ("у 1812 році", "1812"),
                                          ("32 червень", "32")])
def test_other_numbers_are(text, number):
    assert [found for _, found in bare_numbers(text)] == [number]


def test_unknown_keys_value_fields_and_mismatched_lists_are_refused_at_their_lines(tmp_path):
    root = write_uk_site(tmp_path, edits={UK_YAML: ("dek: Що сталося спочатку.\n",
                                                    "dek: Що сталося спочатку.\npublished: 2022-06-01\ntitel: x\n")})
    problems, _ = validate_site(root)
    assert f"{UK_YAML}:4: unknown key 'published' in a translation; allowed: byline, charts, claims, dek, " \
           "key_figures, mixed_counts, title, translated_from, updates" in problems
    assert any(p.startswith(f"{UK_YAML}:5: unknown key 'titel'") and "did you mean 'title'" in p for p in problems)
    root = write_uk_site(tmp_path / "two", edits={UK_YAML: ("  - text: Виправили число.\n",
                                                            "  - text: Виправили число.\n  - text: Друге.\n"),
                                                  "content/data/counts.uk.yaml": ("injured:", "wounded:")})
    problems, _ = validate_site(root)
    assert f"{UK_YAML}:12: 'updates' has 2 entries, but the English has 1: translate each, in the same order" \
        in problems, problems
    assert any(p.startswith("content/data/counts.uk.yaml:3: unknown series 'wounded'") for p in problems)


def test_ids_the_english_article_lacks_are_refused(tmp_path):
    root = write_uk_site(tmp_path, edits={UK_YAML: ("  dead:", "  deaths:")})
    problems, _ = validate_site(root)
    assert any(p.startswith(f"{UK_YAML}:5: unknown key figure 'deaths'") and "'dead'" in p for p in problems)


def test_a_translation_of_nothing_and_half_a_translation_are_refused(tmp_path):
    root = write_uk_site(tmp_path, edits={})
    (root / "content/articles/ghost.uk.md").write_text("Текст.\n", encoding="utf-8")
    (root / UK_YAML).unlink()
    problems, _ = validate_site(root)
    assert any(p.startswith("content/articles/ghost.uk.md:1: a translation of 'ghost'") for p in problems)
    assert any(p.startswith(f"{UK_MD}:1: a translation needs both") for p in problems), problems


def test_the_language_folder_is_a_reserved_slug(tmp_path):
    root = write_uk_site(tmp_path)
    (root / "content/pages/uk.md").write_text("---\ntitle: U\ndescription: U.\n---\nText.\n", encoding="utf-8")
    problems, _ = validate_site(root)
    assert "content/pages/uk.md:1: 'uk' is reserved for the site's own pages; rename the file" in problems


def test_languages_must_start_with_the_default(tmp_path):
    root = write_uk_site(tmp_path)
    site = root / "site/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [en, uk]", "language: en\nlanguages: [uk, en]"),
                    encoding="utf-8")
    problems = Problems(root=root)
    assert load_site(root, problems) is None
    assert [str(p) for p in problems.found] == [
        "site/site.yaml:6: languages starts with 'uk', but language says the default is 'en': list the default "
        "language first"]


def test_a_translation_into_a_language_the_site_lacks_says_what_to_add(tmp_path):
    root = write_uk_site(tmp_path)
    site = root / "site/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [en, uk]\n", ""), encoding="utf-8")
    problems, _ = validate_site(root)
    assert f"{UK_MD}:1: a translation into 'uk', which is not one of the site's languages: add languages: " \
           "[en, uk] to site/site.yaml" in problems, problems
