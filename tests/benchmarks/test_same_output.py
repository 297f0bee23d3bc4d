"""benchmarks/same_output.py, the check that speed work changes no byte of a cold build: its comparison
finds a changed, a missing and an extra file, and a build shared between two processes writes exactly what
one process writes (the forked path is where the speed work lives)."""

from __future__ import annotations

import sys

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import same_output  # noqa: E402
from text_corpus import write_text_corpus  # noqa: E402

from explainer.pipeline.articles import PARALLEL_MIN  # noqa: E402


def test_differences_names_each_kind_of_change(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    for folder in (before, after):
        (folder / "a").mkdir(parents=True)
        (folder / "a" / "index.html").write_text("<p>same</p>\n", encoding="utf-8")
    (before / "page.html").write_text("<p>one</p>\n", encoding="utf-8")
    (after / "page.html").write_text("<p>two</p>\n", encoding="utf-8")
    (before / "gone.xml").write_text("x", encoding="utf-8")
    (after / "new.xml").write_text("x", encoding="utf-8")
    found = same_output.differences(before, after)
    assert "only before: gone.xml" in found and "only after: new.xml" in found
    assert "changed: page.html" in found and "    -<p>one</p>" in found and "    +<p>two</p>" in found
    assert not any("a/index.html" in line for line in found)
    assert same_output.differences(before, before) == []


@pytest.mark.slow
def test_two_processes_build_what_one_builds(tmp_path):
    corpus, _ = write_text_corpus(tmp_path / "corpus", PARALLEL_MIN + 12)
    one, two = tmp_path / "one", tmp_path / "two"
    same_output.cold_build(ROOT, corpus, one, workers="1")
    same_output.cold_build(ROOT, corpus, two, workers="2")
    assert len(list(one.glob("article-*/index.html"))) == PARALLEL_MIN + 12
    assert same_output.differences(one, two) == []
