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
