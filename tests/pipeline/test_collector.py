"""What a rebuild in memory keeps for the next one is taken out of the cyclic collector's walk (so that `serve`
at 10,000 articles does not walk millions of objects every few edits), and what a build that made much again
dropped is still collected."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest
from support import ROOT

from explainer.pipeline.incremental import IncrementalBuilder

sys.path.insert(0, str(ROOT / "benchmarks"))
from text_corpus import write_text_corpus  # noqa: E402


@pytest.fixture
def nine(tmp_path):
    root, _ = write_text_corpus(tmp_path / "corpus", 9)
    yield root
    gc.unfreeze()  # the other tests' objects back in the collector's care


def walked() -> set:
    """The ids of every object the cyclic collector walks (those frozen are not among them)."""
    return {id(thing) for generation in range(3) for thing in gc.get_objects(generation)}


def test_what_a_rebuild_keeps_is_not_walked_again(nine, tmp_path):
    builder = IncrementalBuilder(nine, out=tmp_path / "out", base_url="https://example.org/")
    builder.rebuild()
    page = nine / "content" / "articles" / "article-00004.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    builder.rebuild({page})
    record, article = builder.reuse.records["article-00004"], next(iter(builder.reuse.validated.values()))
    assert gc.is_tracked(record) and gc.is_tracked(article)
    ids = walked()
    assert id(record) not in ids and id(article) not in ids and id(builder.reuse.jinja) not in ids


def test_a_template_change_lets_the_old_environment_go(nine, tmp_path):
    """Every article is made again, so the build collects what it dropped, frozen before or not: the Jinja
    environment of the old templates (full of reference cycles) does not outlive it."""
    builder = IncrementalBuilder(nine, out=tmp_path / "out", base_url="https://example.org/")
    builder.rebuild()
    page = nine / "content" / "articles" / "article-00004.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    builder.rebuild({page})  # a small rebuild: the environment is frozen with the rest
    old = weakref.ref(builder.reuse.jinja)
    assert id(builder.reuse.jinja) not in walked()
    base = nine / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    builder.rebuild({base})
    assert builder.reuse.jinja is not None and old() is None


def test_only_a_rebuild_that_may_drop_much_collects_everything(tmp_path):
    """A full collection (which walks what was frozen) is for a changed template, setting or asset, or many
    articles made again; one article's text edited on a small site is not that."""
    from explainer.pipeline.incremental import drops_much

    content = tmp_path / "content"
    text = {content / "articles" / "a.md"}
    assert not drops_much(1, 2, text, content) and not drops_much(1, 10_000, text, content)
    assert drops_much(2, 2, text | {content / "sources.yaml"}, content)  # shared data: both articles again
    assert drops_much(1, 1, {tmp_path / "templates" / "base.html"}, content)
    assert drops_much(1, 2, {tmp_path / "site" / "site.yaml"}, content)
    # No paths (a command-line build): the count alone; one article edited at 10,000 is not much.
    assert not drops_much(1, 10_000, None, content) and drops_much(9, 9, None, content)
    assert not drops_much(300, 10_000, text, content) and drops_much(2_500, 10_000, text, content)


def test_a_text_edit_freezes_no_garbage_of_its_own(tmp_path):
    """What a rebuild drops is collected before the rest is frozen: otherwise every edit of `serve` would leave
    its garbage (hundreds of objects on the example site) in the frozen generation for good."""
    root, _ = write_text_corpus(tmp_path / "corpus", 2)
    builder = IncrementalBuilder(root, out=tmp_path / "out", base_url="https://example.org/")
    try:
        builder.rebuild()
        page = root / "content" / "articles" / "article-00001.md"
        for number in range(4):
            page.write_text(page.read_text(encoding="utf-8") + f"\nSentence {number}.\n", encoding="utf-8")
            builder.rebuild({page})
        gc.unfreeze()
        assert gc.collect() < 50
    finally:
        gc.unfreeze()
