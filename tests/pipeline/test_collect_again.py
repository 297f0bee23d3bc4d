"""A rebuild told which paths changed collects again only those articles (content/collect.py collect_again) and
takes the rest of the last collection as it was; anything else it cannot vouch for (a setting, a page, a stray,
a bad name) is collected whole. Either way the rebuild equals a cold build byte for byte, and a broken edit
is named as a cold build names it."""

from __future__ import annotations

import os

import pytest
from support import append, set_metadata, snapshot

from explainer.errors import BuildError
from explainer.pipeline import build as build_module
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

BASE = "https://example.org/"


def files_of(root) -> dict:
    """Every file under the site's root -> its bytes: what a watcher would compare."""
    found = {}
    for folder, _, names in os.walk(root):
        if "/.cache" in folder or "/public" in folder:
            continue
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                found[path] = file.read()
    return found


def changes(before: dict, after: dict) -> set:
    """The paths a watcher reports: added, removed or with other bytes."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def articles(root):
    return root / "content" / "articles"


def relink(root, slug: str, to: str) -> None:
    """The links to one article turned to another page."""
    for path in articles(root).glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if f"/{slug}/" in text:
            path.write_text(text.replace(f"/{slug}/", f"/{to}/"), encoding="utf-8")


def rename(root, old: str, new: str) -> None:
    for suffix in ("md", "yaml"):
        (articles(root) / f"{old}.{suffix}").rename(articles(root) / f"{new}.{suffix}")
    relink(root, old, new)


def to_drafts(root, slug: str) -> None:
    set_metadata(root, slug, "draft", "true")
    relink(root, slug, "about")


def add(root, slug: str, like: str = "article-00002") -> None:
    for suffix in ("md", "yaml"):
        (articles(root) / f"{slug}.{suffix}").write_bytes((articles(root) / f"{like}.{suffix}").read_bytes())


def remove(root, slug: str) -> None:
    for suffix in ("md", "yaml"):
        (articles(root) / f"{slug}.{suffix}").unlink()
    relink(root, slug, "about")  # (no article links to a page that is gone)


# name -> (the edit, whether the rebuild may take the last collection and collect only what changed)
EDITS = {
    "a body": (lambda root: append(articles(root) / "article-00007.md", "\nOne more sentence.\n"), True),
    "a .yaml without its .md": (lambda root: set_metadata(root, "article-00003", "title", '"Another title"'), True),
    "an article added": (lambda root: add(root, "article-00100"), True),
    "an article added first in order": (lambda root: add(root, "a-first-one"), True),
    "an article removed": (lambda root: remove(root, "article-00004"), True),
    "an article renamed": (lambda root: rename(root, "article-00000", "renamed-article"), True),
    "an article moved to drafts": (lambda root: to_drafts(root, "article-00008"), True),
    "site.yaml edited": (lambda root: append(root / "site" / "site.yaml", "author: Explainer desk\n"), False),
    "a page edited": (lambda root: append(root / "content" / "pages" / "about.md", "\nA new line.\n"), False),
}


@pytest.fixture
def full_collections(monkeypatch):
    """How many times a build collected all of content/ (collect_content)."""
    calls = []
    real = build_module.collect_content

    def collect_content(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "collect_content", collect_content)
    return calls


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_told_what_changed_equals_a_cold_build(paged_nine, tmp_path, full_collections, name):
    edit, partial = EDITS[name]
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    append(articles(paged_nine) / "article-00005.md", "\nA first edit.\n")  # a partial collection to build on
    before = files_of(paged_nine)
    builder.rebuild({str(articles(paged_nine) / "article-00005.md")})
    edit(paged_nine)
    full_collections.clear()
    builder.rebuild(changes(before, files_of(paged_nine)))
    assert len(full_collections) == (0 if partial else 1)
    build(paged_nine, out=tmp_path / "cold", base_url=BASE)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")


def test_edits_one_after_another_each_equal_a_cold_build(paged_nine, tmp_path, full_collections):
    """What one partial collection leaves is what the next builds on."""
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    full_collections.clear()
    for step, (edit, _) in enumerate(EDITS[name] for name in ("an article added", "an article renamed", "a body",
                                                               "an article removed", "a .yaml without its .md")):
        before = files_of(paged_nine)
        edit(paged_nine)
        builder.rebuild(changes(before, files_of(paged_nine)))
        assert not full_collections, step
        build(paged_nine, out=tmp_path / f"cold-{step}", base_url=BASE)
        full_collections.clear()
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / f"cold-{step}"), step


def problems_of(root, out, changed=None, builder=None) -> list:
    with pytest.raises(BuildError) as caught:
        if builder is None:
            build(root, out=out, base_url=BASE)
        else:
            builder.rebuild(changed)
    return [str(problem) for problem in caught.value.problems]


# name -> an edit a full collection reports a problem in
BROKEN = {
    "a .md without its .yaml": lambda root: (articles(root) / "lonely.md").write_text("Text.\n", encoding="utf-8"),
    "a .yaml removed": lambda root: (articles(root) / "article-00006.yaml").unlink(),
    "a stray file": lambda root: (articles(root) / "notes.txt").write_text("x\n", encoding="utf-8"),
    "a slug that is not one": lambda root: add(root, "Bad_Name"),
    "a slug of a page": lambda root: add(root, "about"),
    "a reserved slug": lambda root: add(root, "page"),
    "a translation into an unknown language": lambda root: add(root, "article-00002.de"),
    "broken metadata": lambda root: append(articles(root) / "article-00001.yaml", "title: [\n"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_edit_is_named_as_a_cold_build_names_it_and_mending_it_builds(paged_nine, tmp_path, name):
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    good = files_of(paged_nine)
    BROKEN[name](paged_nine)
    broken = files_of(paged_nine)
    found = problems_of(paged_nine, tmp_path / "out", changes(good, broken), builder)
    assert found == problems_of(paged_nine, tmp_path / "cold")
    for path in changes(good, broken):  # mended: every file as it was
        if path in good:
            with open(path, "wb") as file:
                file.write(good[path])
        else:
            os.unlink(path)
    builder.rebuild(changes(broken, files_of(paged_nine)))
    build(paged_nine, out=tmp_path / "cold", base_url=BASE)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")
