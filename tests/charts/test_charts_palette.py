"""The palette check: the site's series colours pass, a red/green pair fails for colour-blind readers, a pale
colour fails for contrast, and the build itself runs the check."""

from __future__ import annotations

from explainer.charts.palette import palette_problems
from explainer.charts.theme import PAGE_BACKGROUNDS, PALETTE


def test_the_sites_palette_passes_for_every_vision_and_both_backgrounds():
    assert palette_problems(PALETTE, PAGE_BACKGROUNDS) == []


def test_a_red_green_pair_fails_for_deuteranopia():
    problems = palette_problems(("#d62728", "#2ca02c"), PAGE_BACKGROUNDS)
    assert any("#d62728 and #2ca02c" in p and "deutan" in p for p in problems), problems


def test_a_pale_colour_fails_for_contrast_on_the_light_page():
    problems = palette_problems(("#ffd43b", "#0072b2"), PAGE_BACKGROUNDS)
    assert any(p.startswith("series colour #ffd43b has") and "#fdfdfc" in p for p in problems), problems
