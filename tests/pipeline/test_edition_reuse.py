"""The preview's engine keeps another edition's article when nothing it is made from changed (its default-
language article is kept, its translation and the edition's other translated files are as they were), and
makes it again when any of them changed: each rebuild equals a cold build byte for byte."""

from __future__ import annotations

import pytest
from support import snapshot, write_uk_site

import explainer.pipeline.editions as editions
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

STORY = "first-story"


def second_story(root) -> None:
    """A second explainer in both languages, so that one can change while the other is kept."""
    articles = root / "content" / "articles"
    for path in sorted(articles.glob(f"{STORY}.*")):
        text = path.read_text(encoding="utf-8").replace("counts-chart", "second-chart")
        (articles / path.name.replace(STORY, "second-story")).write_text(text, encoding="utf-8")


def replace(root, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "the English text": ("content/articles/second-story.md", "\n", "\nOne more English sentence.\n"),
    "the translation": ("content/articles/second-story.uk.md", "\n", "\nЩе одне речення.\n"),
    "the edition's data words": ("content/data/counts.uk.yaml", "Поранені", "Поранені люди"),
    "the edition's site words": ("site/site.uk.yaml", "Маленький сайт", "Дуже маленький сайт"),
    "nothing it is made of (a comment)": ("content/data/counts.uk.yaml", "title:", "# a comment\ntitle:"),
}


MADE_AGAIN = {"the English text": ["second-story"], "the translation": ["second-story"],
              "the edition's data words": [STORY, "second-story"], "the edition's site words": [STORY, "second-story"],
              "nothing it is made of (a comment)": []}


@pytest.mark.parametrize("persist", [False, True], ids=["in memory", "from the saved state"])
@pytest.mark.parametrize("edit", EDITS)
def test_an_edition_rebuilt_equals_a_cold_build(tmp_path, edit, persist, monkeypatch):
    """The preview's engine (in memory) and the command line (a new process each run, what it reuses read from
    .cache/build/) keep the same Ukrainian articles."""
    root = write_uk_site(tmp_path / "site")
    second_story(root)
    builder = IncrementalBuilder(root, persist=persist)
    builder.rebuild()
    made = []
    real = editions.make_articles
    monkeypatch.setattr(editions, "make_articles",
                        lambda content, *args: made.extend(a.slug for a in content.articles) or real(content, *args))
    name, old, new = EDITS[edit]
    replace(root, name, old, new)
    if persist:
        result = IncrementalBuilder(root, persist=True).rebuild()
        assert not [w for w in result.warnings if "build state" in w.message]  # the state was read, not ignored
    else:
        builder.rebuild({root / name})
    assert sorted(made) == MADE_AGAIN[edit]  # the Ukrainian articles made again; the others were kept
    build(root, out=tmp_path / "cold")
    assert snapshot(root / "public") == snapshot(tmp_path / "cold")
