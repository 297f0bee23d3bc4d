"""The series colours checked for readers who see colour differently, and against both page backgrounds.

Each pair of series colours must stay apart (CIEDE2000 distance) as people with deuteranopia,
protanopia and tritanopia see them, simulated with coloraide's colour-vision filters; each colour must
keep 3:1 contrast against the light and the dark page (WCAG 1.4.11, non-text contrast)."""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

VISIONS = ("normal", "deutan", "protan", "tritan")
MIN_DISTANCE = 12.0  # CIEDE2000: below this two series read as one colour
MIN_CONTRAST = 3.0


def palette_problems(colours: tuple[str, ...], backgrounds: tuple[str, ...]) -> list[str]:
    """What is wrong with a palette, in words (nothing: an empty list)."""
    return list(_problems(tuple(colours), tuple(backgrounds)))


@lru_cache(maxsize=8)
def _problems(colours: tuple[str, ...], backgrounds: tuple[str, ...]) -> tuple[str, ...]:
    from coloraide import Color  # imported on first use: content checks need none of this

    found = []
    for vision in VISIONS:
        seen = [Color(c) if vision == "normal" else Color(c).filter(vision).convert("srgb") for c in colours]
        for (a, ca), (b, cb) in combinations(zip(colours, seen), 2):
            distance = ca.delta_e(cb, method="2000")
            if distance < MIN_DISTANCE:
                found.append(f"series colours {a} and {b} are {distance:.1f} apart as seen with {vision} vision; "
                             f"they need {MIN_DISTANCE:g}")
    for colour in colours:
        for background in backgrounds:
            ratio = Color(colour).contrast(background, method="wcag21")
            if ratio < MIN_CONTRAST:
                found.append(f"series colour {colour} has {ratio:.2f}:1 contrast against {background}; "
                             f"marks need {MIN_CONTRAST:g}:1")
    return tuple(found)
