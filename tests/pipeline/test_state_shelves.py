"""The shelves of the build state (validated articles, records): what is pickled once, and where a loaded one goes."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from types import SimpleNamespace

from support import write_tiny_site

from explainer.content.collect import scan_folder
from explainer.errors import Problem, Problems
from explainer.model import Article
from explainer.pipeline import manifest as manifest_module
from explainer.pipeline.incremental import IncrementalBuilder
from explainer.pipeline.manifest import (SHELVES, Manifest, child_path, load_saved, manifest_for, read_shelf,
                                         record_shelf, shelf, shelf_folder, shelve, shelve_records, unshelve,
                                         unshelve_records, without_bodies)
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


def manifest(tmp_path: Path) -> Manifest:
    """A state's manifest with its folder of shelves."""
    made = Manifest(tmp_path / "build" / "public.state", {})
    shelf_folder(made).mkdir(parents=True, exist_ok=True)
    return made


def test_a_loaded_article_is_saved_on_its_own_shelf(tmp_path, monkeypatch):
    validated = dict(article(tmp_path, f"story-{number}") for number in range(200))
    saved = shelve(manifest(tmp_path), validated)
    second = manifest(tmp_path)
    loaded = unshelve(second, saved)
    assert len(saved) == SHELVES and loaded.keys() == validated.keys()
    assert all(second.placed[id(article)] == shelf(key) for key, article in loaded.items())
    new_key, new_article = article(tmp_path, "a-new-story")
    pickled = []
    monkeypatch.setattr(manifest_module, "dump_saved", lambda data: pickled.append(data) or pickle.dumps(data))
    again = shelve(second, {**loaded, new_key: new_article})
    changed = [number for number in range(SHELVES) if again[number] != saved[number]]
    assert changed == [shelf(new_key)] and len(pickled) == 1  # only the new article's shelf is pickled again
    assert new_key in pickle.loads(read_shelf(second, again[shelf(new_key)]))


def record(slug: str) -> ArticleRecord:
    return ArticleRecord(f"key-{slug}", {"sources": ["a-source"]}, {f"{slug}/index.html": ("d", 10, "o")},
                         f"digest-{slug}", [Problem(f"content/articles/{slug}.yaml", 3, "a warning")])


def test_only_the_shelf_of_a_record_made_again_is_pickled_again(tmp_path, monkeypatch):
    records = {f"story-{number}": record(f"story-{number}") for number in range(200)}
    saved = shelve_records(manifest(tmp_path), records)
    second = manifest(tmp_path)
    loaded = unshelve_records(second, saved)
    assert loaded == records and len(saved) == SHELVES
    pickled = []
    monkeypatch.setattr(manifest_module, "dump_saved", lambda data: pickled.append(data) or pickle.dumps(data))
    again = shelve_records(second, {**loaded, "story-7": record("story-7")})  # made again: a new, equal record
    changed = [number for number in range(SHELVES) if again[number] != saved[number]]
    assert changed == [record_shelf("story-7")] and len(pickled) == 1
    assert unshelve_records(manifest(tmp_path), again) == records
    gone = dict(loaded)
    del gone["story-9"]  # an article removed: its shelf is pickled again without it
    assert "story-9" not in unshelve_records(manifest(tmp_path), shelve_records(second, gone))


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


def test_a_save_stopped_before_the_state_file_leaves_the_old_state_whole(tmp_path, monkeypatch):
    root = write_tiny_site(tmp_path / "site")
    IncrementalBuilder(root, persist=True).rebuild()
    (state,) = (root / ".cache/build").glob("*.state")
    old, folder = state.read_bytes(), state.with_suffix(".shelves")
    first = {path.name for path in folder.iterdir()}
    story = sorted((root / "content/articles").glob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    replace = manifest_module.write_atomically

    def stopped(path, data):  # the shelves are written; the state file that would name them is not
        if path == state:
            raise OSError(28, "No space left on device")
        replace(path, data)

    monkeypatch.setattr(manifest_module, "write_atomically", stopped)
    result = IncrementalBuilder(root, persist=True).rebuild()
    assert any("could not save" in w.message for w in result.warnings)
    assert {path.name for path in folder.iterdir()} > first  # new shelves beside the old, none removed
    monkeypatch.setattr(manifest_module, "write_atomically", replace)
    state.write_bytes(old)  # the old state, as it was when the build stopped: still whole
    story.write_text(story.read_text(encoding="utf-8") + "\nAnother.\n", encoding="utf-8")
    again = IncrementalBuilder(root, persist=True).rebuild()
    assert not any("damaged" in w.message or "could not" in w.message for w in again.warnings)
    assert again.articles_made == 1  # the old state was used, not a cold start
    named = manifest_for(root, root / "public")
    saved = load_saved(named)
    assert {path.name for path in folder.iterdir()} == {*saved["validated"], *saved["records"]}  # the rest removed


def test_what_the_state_loads_is_frozen_before_the_collector_can_walk_it(tmp_path, monkeypatch):
    root = write_tiny_site(tmp_path / "site")
    IncrementalBuilder(root, persist=True).rebuild()
    story = sorted((root / "content/articles").glob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    restored, young = [], []  # the young generation's size at each collection after the state is restored
    restore = manifest_module.restore_reuse
    monkeypatch.setattr(manifest_module, "restore_reuse", lambda manifest: restored.append(1) or restore(manifest))

    def watch(phase, info):
        if phase == "start" and restored:
            young.append(len(gc.get_objects(0)))

    builder = IncrementalBuilder(root, persist=True)
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # a collection as soon as the collector may run: the first one is the one that matters
    gc.callbacks.append(watch)
    try:
        builder.load()
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*threshold)
    assert restored and young and max(young) < 50, young  # not the hundreds of objects just loaded
