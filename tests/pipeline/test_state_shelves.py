"""The shelves of the build state (validated articles, records): what is pickled once, and where a loaded one goes."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace

from explainer.content.collect import scan_folder
from explainer.errors import Problem, Problems
from explainer.model import Article
from explainer.pipeline.manifest import (SHELVES, Manifest, child_path, record_shelf, shelf, shelve, shelve_records,
                                         unshelve, unshelve_records, without_bodies)
from explainer.pipeline.reuse import ArticleRecord


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
    assert all(second.placed[id(article)] == shelf(key) for key, article in loaded.items())
    new_key, new_article = article(tmp_path, "a-new-story")
    again = shelve(second, {**loaded, new_key: new_article})
    changed = [number for number in range(SHELVES) if again[number] is not saved[number]]
    assert changed == [shelf(new_key)]  # only the new article's shelf is pickled again
    assert new_key in pickle.loads(again[shelf(new_key)])


def record(slug: str) -> ArticleRecord:
    return ArticleRecord(f"key-{slug}", {"sources": ["a-source"]}, {f"{slug}/index.html": ("d", 10, "o")},
                         f"digest-{slug}", [Problem(f"content/articles/{slug}.yaml", 3, "a warning")])


def test_only_the_shelf_of_a_record_made_again_is_pickled_again(tmp_path):
    records = {f"story-{number}": record(f"story-{number}") for number in range(200)}
    saved = shelve_records(Manifest(tmp_path / "state", {}), records)
    second = Manifest(tmp_path / "state", {})
    loaded = unshelve_records(second, saved)
    assert loaded == records and len(saved) == SHELVES
    again = shelve_records(second, {**loaded, "story-7": record("story-7")})  # made again: a new, equal record
    changed = [number for number in range(SHELVES) if again[number] is not saved[number]]
    assert changed == [record_shelf("story-7")]
    assert unshelve_records(Manifest(tmp_path / "state", {}), again) == records
    gone = dict(loaded)
    del gone["story-9"]  # an article removed: its shelf is pickled again without it
    assert "story-9" not in unshelve_records(Manifest(tmp_path / "state", {}), shelve_records(second, gone))


def test_a_listed_file_is_the_very_path_the_build_state_loaded(tmp_path):
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    for name in ("one-story.md", "one-story.yaml", "two-story.md"):
        (folder / name).write_text("text", encoding="utf-8")
    from_state = child_path(str(folder), "one-story.yaml")  # as loading a validated article makes its path
    site = SimpleNamespace(content_dir=tmp_path / "content")
    listed = scan_folder(folder, site, Problems(tmp_path), {".md", ".yaml"})
    assert listed == [folder / "one-story.md", folder / "one-story.yaml", folder / "two-story.md"]
    assert listed[1] is from_state  # made (and hashed) once for both
