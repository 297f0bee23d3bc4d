"""`stated:` read as the source wrote it, and checked against the value, range and qualifier we print."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support import ROOT, load_content, run_build, tiny_site_with, validate_site

from explainer.content.stated import (
    Unreadable,
    claim_disagreement,
    key_figure_disagreement,
    point_disagreements,
    read_stated,
)

ARTICLE = "content/articles/first-story.yaml"
DATA = "content/data/counts.yaml"
SERIES = {"killed": "Killed", "injured": "Injured"}


@pytest.mark.parametrize("text, qualifier, low, high, label", [
    ("1500", None, 1500, 1500, None),
    ("1,500", None, 1500, 1500, None),
    ("8,255,288", None, 8255288, 8255288, None),
    ("more than 1,500", "more than", 1500, 1500, None),
    ("over 7.7 million", "more than", 7700000, 7700000, None),
    ("about 7 million", "about", 7000000, 7000000, None),
    ("about 5.9 million", "about", 5900000, 5900000, None),
    ("6.48 million", None, 6480000, 6480000, None),
    ("2,121.3 thousand", None, 2121300, 2121300, None),
    ("up to 15,000", "up to", 15000, 15000, None),
    ("at least 12,456", "at least", 12456, 12456, None),
    ("nearly 800", "nearly", 800, 800, None),
    ("almost 800", "nearly", 800, 800, None),
    ("fewer than 40", "fewer than", 40, 40, None),
    ("12,000–13,000", None, 12000, 13000, None),
    ("12,000-13,000", None, 12000, 13000, None),
    ("7,000 to 8,000", None, 7000, 8000, None),
    ("between 12,000 and 13,000", None, 12000, 13000, None),
    ("7 to 8 million", None, 7000000, 8000000, None),
    ("about 7\u00a0million", "about", 7000000, 7000000, None),
])
def test_each_form_of_a_single_figure_reads(text, qualifier, low, high, label):
    (figure,) = read_stated(text)
    assert (figure.qualifier, figure.low, figure.high, figure.label) == (qualifier, Decimal(low), Decimal(high), label)


def test_a_multi_series_point_reads_one_figure_per_series():
    figures = read_stated("1,081 killed, 1,707 injured")
    assert [(f.low, f.label) for f in figures] == [(1081, "killed"), (1707, "injured")]
    figures = read_stated("about 15,000 killed, about 40,600 injured")
    assert [(f.qualifier, f.low, f.label) for f in figures] == [("about", 15000, "killed"), ("about", 40600, "injured")]
    assert [f.low for f in read_stated("1,974 killed and 6,651 injured")] == [1974, 6651]


@pytest.mark.parametrize("text", ["lots", "a third", "", "twelve thousand", "13,000–12,000"])
def test_a_stated_text_without_a_readable_figure_is_refused(text):
    with pytest.raises(Unreadable):
        read_stated(text)


@pytest.mark.parametrize("stated, value, qualifier", [
    ("more than 1,500", 1500, "more than"),
    ("over 7.7 million", 7700000, "more than"),
    ("about 5.9 million", 5900000, "about"),
    ("2,121.3 thousand", 2121300, None),
    ("568", 568, None),
])
def test_a_key_figure_that_agrees_passes(stated, value, qualifier):
    assert key_figure_disagreement(stated, value, qualifier) is None


@pytest.mark.parametrize("stated, value, qualifier, message", [
    ("more than 1,500", 1400, "more than",
     "'stated' is 'more than 1,500', which gives 1,500, but 'value' is 1,400"),
    ("about 7 million", 7000000, None,
     "'stated' is 'about 7 million', which says 'about', but there is no 'qualifier': set 'qualifier: about', "
     "or correct 'stated'"),
    ("1,500", 1500, "more than",
     "'stated' is '1,500', which gives an exact figure, but 'qualifier' is 'more than': remove 'qualifier', "
     "or correct 'stated'"),
    ("over 7.7 million", 7700000, "about",
     "'stated' is 'over 7.7 million', which says 'more than', but 'qualifier' is 'about': set 'qualifier: more "
     "than', or correct 'stated'"),
    ("12,000–13,000", 12000, None,
     "'stated' is '12,000–13,000', which gives 12,000–13,000, but 'value' is 12,000"),
])
def test_a_key_figure_that_disagrees_is_named(stated, value, qualifier, message):
    assert key_figure_disagreement(stated, value, qualifier) == message


def test_a_point_is_checked_series_by_series():
    assert point_disagreements("1,081 killed, 1,707 injured", {"killed": 1081, "injured": 1707}, SERIES) == []
    assert point_disagreements("12,000–13,000", {"remaining": (12000, 13000)}, {"remaining": "People"}) == []
    assert point_disagreements("about 15,000", {"remaining": 15000}, {"remaining": "People"}) == []
    assert point_disagreements("1,081 killed, 1,707 injured", {"killed": 1081, "injured": 1770}, SERIES) == [
        "'stated' is '1,081 killed, 1,707 injured', which gives 1,707 for 'injured', but 'injured' is 1,770"]
    assert point_disagreements("1,081 killed", {"killed": 1081, "injured": 1707}, SERIES) == [
        "'stated': '1,081 killed' gives no figure for 'injured'"]
    assert point_disagreements("12,000", {"remaining": (12000, 13000)}, {"remaining": "People"}) == [
        "'stated' is '12,000', which gives 12,000, but 'remaining' is 12,000–13,000"]


def test_a_claims_stated_figure_must_be_in_its_text():
    assert claim_disagreement("about a third", "About a third of the city was held.") is None
    assert claim_disagreement("1,500", "More than 1500 people left.") is None
    assert claim_disagreement("about a third", "Half of the city was held.") == \
        "'stated' is 'about a third', which the claim's text does not give"
    assert claim_disagreement("1,500", "About 1,400 people left.") == \
        "'stated' is '1,500', but the claim's text does not give 1,500"


def test_validation_refuses_a_disagreeing_point_and_key_figure_at_their_lines(tmp_path):
    root = tiny_site_with(tmp_path, {
        DATA: ("    injured: 20\n", "    injured: 20\n    stated: 10 killed, 21 injured\n"),
        ARTICLE: ("    qualifier: at least\n", "    qualifier: at least\n    stated: at least 16\n"),
    })
    problems, _ = validate_site(root)
    assert f"{DATA}:12: 'stated' is '10 killed, 21 injured', which gives 21 for 'injured', but 'injured' is 20" \
        in problems
    assert f"{ARTICLE}:12: key figure 'dead': 'stated' is 'at least 16', which gives 16, but 'value' is 15" \
        in problems


def test_validation_accepts_stated_forms_that_agree(tmp_path):
    root = tiny_site_with(tmp_path, {
        DATA: ("    injured: 20\n", "    injured: 20\n    stated: 10 killed, 20 injured\n"),
        ARTICLE: ("    qualifier: at least\n", "    qualifier: at least\n    stated: at least 15\n"),
    })
    assert validate_site(root)[0] == []


def test_the_build_fails_with_file_and_line_when_stated_disagrees(tiny_site):
    path = tiny_site / ARTICLE
    path.write_text(path.read_text().replace("    qualifier: at least\n", "    qualifier: at least\n"
                                                                       "    stated: more than 15\n"), encoding="utf-8")
    result = run_build(tiny_site)
    assert result.code == 1
    assert f"{ARTICLE}:12: key figure 'dead': 'stated' is 'more than 15', which says 'more than', but 'qualifier' " \
           "is 'at least': set 'qualifier: more than', or correct 'stated'" in result.err.splitlines()
    assert "Traceback" not in result.err and not (tiny_site / "public").exists()


def test_the_example_content_states_every_figure_and_agrees_with_it():
    content = load_content(ROOT)
    missing = [f"{a.slug}/{f.id}" for a in content.articles for f in a.key_figures if not f.stated]
    missing += [f"{d.id}/{p.date}" for d in content.datasets.values() for p in d.points if not p.stated]
    assert missing == []

