"""What the preview remembers by identity between builds: validate_articles' articles by position, the sitemap's
line for each article and the feed's newest articles. After an edit only the files and articles that are new
objects are looked at again; each time the answer must be what working it out afresh gives, and the site what a
cold build makes."""

from __future__ import annotations

import heapq
import operator
import shutil

import pytest
from support import append, set_metadata, snapshot

from explainer.content import validate
from explainer.digests import EachRemembered, changed_at
from explainer.errors import BuildError
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder
from explainer.render import publish

BASE = "https://example.org/"


def md(root, slug: str):
    return root / "content" / "articles" / f"{slug}.md"


def test_changed_at_names_the_positions_of_new_objects():
    a, b, c, d = (object() for _ in range(4))
    assert changed_at([a, b, c], [a, b, c]) == []
    assert changed_at([a, d, c], [a, b, c]) == [1]
    assert changed_at([d, b, d], [a, b, c]) == [0, 2]
    assert changed_at([a, b], [a, b, c]) is None


def test_each_remembered_works_out_only_the_new_items():
    calls = []

    def length(text):
        calls.append(text)
        return len(text)

    each = EachRemembered()
    first, second = ["a", "bb", "ccc"], ["a", "dddd", "ccc"]
    assert each(length, first) == [1, 2, 3] and calls == first
    calls.clear()
    assert each(length, second) == [1, 4, 3] and calls == ["dddd"]
    assert each(length, ["a"]) == [1]  # another length: all again
    calls.clear()
    assert each(length, ["a"]) == [1] and calls == []


class Entry:
    def __init__(self, slug: str, last_modified: int, published: int = 0):
        self.slug, self.last_modified, self.published = slug, last_modified, published


def afresh(articles, count):
    return sorted(articles, key=operator.attrgetter("last_modified", "published", "slug"), reverse=True)[:count]


def test_the_newest_from_memory_are_the_newest_picked_afresh():
    import random

    rng = random.Random(18)
    articles = [Entry(f"a{n:03d}", rng.randrange(50)) for n in range(200)]
    memo = []
    for _ in range(300):
        at = rng.randrange(len(articles))
        # an edit: the article validated again, its date unchanged, moved later or earlier
        articles[at] = Entry(articles[at].slug, rng.choice((articles[at].last_modified, rng.randrange(60))))
        assert publish.feed_entries(articles, 5, memo) == afresh(articles, 5)
    assert publish.feed_entries(articles[:150], 5, memo) == afresh(articles[:150], 5)  # some removed


def test_the_newest_are_picked_from_the_last_ones_when_none_of_them_was_replaced(monkeypatch):
    articles = [Entry(f"a{n}", n) for n in range(100)]
    memo = []
    publish.feed_entries(articles, 3, memo)
    seen = []
    original = heapq.nlargest
    monkeypatch.setattr(publish.heapq, "nlargest", lambda n, items, key: seen.append(len(items)) or original(
        n, items, key=key))
    articles[10] = Entry("a10", 10)  # not among the newest: the last three and this one are compared
    assert publish.feed_entries(articles, 3, memo) == afresh(articles, 3) and seen == [4]
    articles[99] = Entry("a99", 1)  # the newest one moved down: all of them again
    assert publish.feed_entries(articles, 3, memo) == afresh(articles, 3) and seen == [4, 100]


def rebuild(builder, root, names):
    builder.rebuild({str(root / "content" / "articles" / name) for name in names})


STEPS = [  # (the edit, the files a watcher reports)
    (lambda root: append(md(root, "article-00004"), "\nOne more.\n"), ["article-00004.md"]),
    (lambda root: set_metadata(root, "article-00001", "updated", "2031-01-01"), ["article-00001.yaml"]),
    (lambda root: append(md(root, "article-00001"), "\nThe newest, edited.\n"), ["article-00001.md"]),
    (lambda root: set_metadata(root, "article-00002", "updated", "2030-06-01"), ["article-00002.yaml"]),
    (lambda root: [set_metadata(root, "article-00001", key, day) for key, day in (
        ("published", "2020-01-01"), ("updated", "2020-02-01"))], ["article-00001.yaml"]),  # the newest: the oldest
    (lambda root: set_metadata(root, "article-00006", "title", "A new title"), ["article-00006.yaml"]),
    (lambda root: [shutil.copy(root / "content" / "articles" / f"article-00005.{kind}",
                               root / "content" / "articles" / f"article-00010.{kind}") for kind in ("md", "yaml")],
     ["article-00010.md", "article-00010.yaml"]),  # one more article, one more URL
    (lambda root: [(root / "content" / "articles" / f"article-00010.{kind}").unlink() for kind in ("md", "yaml")],
     ["article-00010.md", "article-00010.yaml"]),
]


def test_what_is_remembered_by_identity_is_what_is_worked_out_afresh(paged_nine, tmp_path, monkeypatch):
    checked = []
    original = validate.check_article
    monkeypatch.setattr(validate, "check_article", lambda raw, *rest: checked.append(raw.slug) or original(raw, *rest))
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    for step, (edit, reported) in enumerate(STEPS):
        checked.clear()
        edit(paged_nine)
        rebuild(builder, paged_nine, reported)
        assert checked == ([reported[-1].split(".")[0]] if step < len(STEPS) - 1 else []), step  # the edited one
        reuse = builder.reuse
        known_key, found, articles = reuse.validated_memo
        assert [a.slug for a in articles] == [raw.slug for raw in found]
        items, values = reuse.each_dates.items, reuse.each_dates.values
        assert sorted(a.slug for a in items) == sorted(a.slug for a in articles)  # (newest first)
        assert values == [f"{a.paths.page.url} {a.last_modified} {max((u.date for u in a.updates), default=None)}"
                          for a in items], step
        assert {url for url in reuse.urls_memo[2] if url.startswith("article-")} == {
            a.paths.page.url for a in articles}, step  # the pages links may name
        last, count, newest = reuse.newest
        assert [id(a) for a in newest] == [id(a) for a in afresh(last, count)], step
        build(paged_nine, out=tmp_path / f"cold-{step}", base_url=BASE)
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / f"cold-{step}"), step


def test_a_broken_edit_is_named_once_and_its_fix_is_seen(paged_nine, tmp_path):
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    yaml = paged_nine / "content" / "articles" / "article-00003.yaml"
    good = yaml.read_text(encoding="utf-8")
    set_metadata(paged_nine, "article-00003", "published", "not a date")
    with pytest.raises(BuildError) as raised:
        rebuild(builder, paged_nine, ["article-00003.yaml"])
    problems = [p for p in raised.value.problems if "article-00003.yaml" in str(p.path)]
    assert len(problems) == 1, raised.value.problems
    assert builder.reuse.validated_memo == []  # not by position while a file makes no clean article
    yaml.write_text(good, encoding="utf-8")
    set_metadata(paged_nine, "article-00003", "title", "Fixed story")
    rebuild(builder, paged_nine, ["article-00003.yaml"])
    build(paged_nine, out=tmp_path / "cold", base_url=BASE)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")
    assert "Fixed story" in (tmp_path / "out" / "article-00003" / "index.html").read_text(encoding="utf-8")


def test_a_small_edit_is_built_with_the_collector_paused(paged_nine, tmp_path, monkeypatch):
    import gc

    from explainer.pipeline import build as pipeline

    enabled = []
    original = pipeline.build
    monkeypatch.setattr(pipeline, "build", lambda *args, **kwargs: enabled.append(gc.isenabled()) or original(
        *args, **kwargs))
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    append(md(paged_nine, "article-00002"), "\nMore.\n")
    rebuild(builder, paged_nine, ["article-00002.md"])
    (paged_nine / "templates" / "page.html").write_text(
        (paged_nine / "templates" / "page.html").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    builder.rebuild({str(paged_nine / "templates" / "page.html")})
    assert enabled == [True, False, True]  # the first build and a template's change collect as they go
    assert gc.isenabled()
