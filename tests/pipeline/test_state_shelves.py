"""The validated articles' shelves in the build state: what is pickled once, and where a loaded article goes."""

from __future__ import annotations

import pickle
from pathlib import Path

from explainer.model import Article
from explainer.pipeline.manifest import SHELVES, Manifest, shelf, shelve, unshelve, without_bodies


def article(folder: Path, slug: str) -> tuple:
    """A validated article and its key, its metadata path a copy of the key's (as a worker hands it back)."""
    key = (folder / f"{slug}.yaml", f"digest-{slug}", "known")
    return key, Article(slug=slug, md_path=folder / f"{slug}.md", yaml_path=Path(str(key[0])), body="Text.",
                        title=slug.title(), source_digest=f"digest-{slug}")


def test_a_shelf_holds_a_metadata_path_once_and_no_text(tmp_path):
    key, validated = article(tmp_path, "one-story")
    loaded = pickle.loads(pickle.dumps(without_bodies({key: validated})))
    (loaded_key, loaded_article), = loaded.items()
    assert loaded_article.yaml_path is loaded_key[0]  # one object: loading makes the path once
    assert loaded_article.yaml_path == validated.yaml_path and loaded_article.body == ""
    assert validated.body == "Text." and validated.yaml_path is not key[0]  # the article in use is untouched


def test_a_loaded_article_is_saved_on_its_own_shelf(tmp_path):
    validated = dict(article(tmp_path, f"story-{number}") for number in range(200))
    first = Manifest(tmp_path / "state", {})
    saved = shelve(first, validated)
    second = Manifest(tmp_path / "state", {})
    loaded = unshelve(second, saved)
    assert len(saved) == SHELVES and loaded.keys() == validated.keys()
    assert all(second.placed[key] == shelf(key) for key in loaded)
    new_key, new_article = article(tmp_path, "a-new-story")
    again = shelve(second, {**loaded, new_key: new_article})
    changed = [number for number in range(SHELVES) if again[number] is not saved[number]]
    assert changed == [shelf(new_key)]  # only the new article's shelf is pickled again
    assert new_key in pickle.loads(again[shelf(new_key)])
