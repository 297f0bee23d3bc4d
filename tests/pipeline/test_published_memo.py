"""The articles a reader may see, newest first (published()), are carried from build to build in memory: after an
edit that moves no article the last order is given again with the edited article in its place, and an edit
that changes a date, a slug or a draft sorts again. Each time the order must be what sorting afresh gives, and
the site a cold build."""

from __future__ import annotations

import operator

from support import append, set_metadata, snapshot, watched_edits

from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder

BASE = "https://example.org/"


def md(root, slug: str):
    return root / "content" / "articles" / f"{slug}.md"


STEPS = [  # (the edit, the paths a watcher reports, None for "cannot say")
    (lambda root: append(md(root, "article-00004"), "\nOne more.\n"), ["article-00004.md"]),
    (lambda root: set_metadata(root, "article-00001", "published", "2030-01-01"), ["article-00001.yaml"]),
    (lambda root: set_metadata(root, "article-00005", "published", "2022-02-01"), ["article-00005.yaml"]),
    (lambda root: set_metadata(root, "article-00007", "draft", "true"), ["article-00007.yaml"]),
    (lambda root: append(md(root, "article-00003"), "\nAnd more.\n"), None),
]


def test_the_order_carried_over_is_the_order_sorted_afresh(paged_nine, tmp_path):
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    for step in watched_edits(builder, paged_nine, STEPS):
        (drafts, today), articles, order, places, slugs = builder.reuse.published_memo
        visible = [a for a in articles if drafts or (not a.draft and a.published <= today)]
        afresh = sorted(visible, key=operator.attrgetter("published", "slug"), reverse=True)
        assert [id(a) for a in order] == [id(a) for a in afresh], step  # the very articles validated now
        assert places == {id(a): place for place, a in enumerate(afresh)}, step
        assert slugs == {a.slug: place for place, a in enumerate(afresh)}, step  # what orders the editions
        build(paged_nine, out=tmp_path / f"cold-{step}", base_url=BASE)
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / f"cold-{step}"), step
