"""File names from titles: ASCII, lowercase, hyphens. Cyrillic is transliterated with Ukraine's official
2010 table (which gives 'Sievierodonetsk', 'Lysychansk', 'Kyiv'), with a few letters read the Russian way
in text that is plainly Russian; other letters lose their accents, and anything left over is dropped."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    # Russian letters that Ukrainian does not use
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}
# At the start of a word these letters are written differently (Yenakiieve, Yizhakevych, Yuzhne, Yahotyn).
WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ё": "yo"}
# Russian text (letters Ukrainian lacks, none that only Ukrainian has) reads these letters differently.
RUSSIAN = {"г": "g", "и": "i", "й": "y", "х": "kh", "ы": "y"}
ONLY_RUSSIAN, ONLY_UKRAINIAN = set("ыэёъ"), set("іїєґ")
APOSTROPHES = "'’ʼ`"


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin ones; every other character is kept as it is."""
    letters = set(text.lower())
    table = CYRILLIC
    if letters & ONLY_RUSSIAN and not letters & ONLY_UKRAINIAN:
        table = {**CYRILLIC, **RUSSIAN}
    out = []
    previous = ""
    for char in text:
        lower = char.lower()
        if lower in table:
            at_start = not previous.isalpha()
            latin = WORD_START[lower] if at_start and lower in WORD_START else table[lower]
            if lower == "г" and previous.lower() == "з" and table is CYRILLIC:
                latin = "gh"  # 'зг' is written 'zgh', so it does not read as 'zh'
            out.append(latin.capitalize() if char != lower else latin)
        elif char in APOSTROPHES and previous.lower() in CYRILLIC:
            pass  # the Ukrainian apostrophe is not transliterated: Слов'янськ -> Sloviansk
        else:
            out.append(char)
        if char not in APOSTROPHES:
            previous = char
    return "".join(out)


def slugify_title(title: str) -> str:
    """'Битва за Сєвєродонецьк' -> 'bytva-za-sievierodonetsk'; '' when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", transliterate(title)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower().replace("'", "")).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_SLUG and slug:
            break
        slug = f"{slug}-{word}" if slug else word[:MAX_SLUG]
    return slug
