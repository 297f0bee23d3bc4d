"""The preview's first build retires no site to stage the next one into; with serving=True it links one (the
spare, a copy of the live site in hard links) and makes the kept files, so the first edit stages only what
changed instead of linking every file of the site (20,000 at 10,000 articles)."""

from __future__ import annotations

import os

from support import append, snapshot

from explainer.output import write
from explainer.pipeline.incremental import IncrementalBuilder

BASE = "https://example.org/"


def links_made(monkeypatch) -> list:
    """Record every file carried over (hard-linked from the live site) from now on."""
    made, carry_over = [], write.carry_over
    monkeypatch.setattr(write, "carry_over", lambda source, target: made.append(target) or carry_over(source, target))
    return made


def test_the_first_build_of_the_preview_leaves_a_spare_that_is_the_live_site(paged_nine, tmp_path):
    out = tmp_path / "out"
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, serving=True)
    builder.rebuild()
    spare, record = write.spare_paths(out.resolve())
    held = write.read_record(record)["digests"]
    assert held == builder.reuse.outputs and len(held) > 20
    for path in held:
        assert os.stat(spare / path).st_ino == os.stat(out / path).st_ino
    assert snapshot(spare) == snapshot(out)
    assert write.spare_differs(str(out.resolve()), held, dict(builder.reuse.outputs)) == []
    assert set(builder.reuse.kept[1]) == set(builder.reuse.records)  # what the first edit keeps, made already


def test_its_first_edit_links_only_what_changed_and_builds_what_a_cold_build_does(paged_nine, tmp_path, monkeypatch):
    out = tmp_path / "out"
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, serving=True)
    builder.rebuild()
    md = paged_nine / "content" / "articles" / "article-00002.md"
    append(md, "\nOne more line, written while serving.\n")
    made = links_made(monkeypatch)
    result = builder.rebuild({str(md)})
    assert "One more line" in (out / "article-00002" / "index.html").read_text(encoding="utf-8")
    assert len(made) <= len(result.changed) < len(builder.reuse.outputs) / 4
    monkeypatch.undo()
    cold = tmp_path / "cold"
    IncrementalBuilder(paged_nine, out=cold, base_url=BASE).rebuild()
    assert snapshot(out) == snapshot(cold)
    append(md, "\nAnd a second one.\n")  # later edits go on from the spare the first edit retired
    builder.rebuild({str(md)})
    IncrementalBuilder(paged_nine, out=cold, base_url=BASE).rebuild()
    assert snapshot(out) == snapshot(cold)


def test_a_command_line_build_links_no_spare(paged_nine, tmp_path):
    out = tmp_path / "out"
    IncrementalBuilder(paged_nine, out=out, base_url=BASE, persist=True).rebuild()
    spare, record = write.spare_paths(out.resolve())
    assert not spare.exists() and not record.exists()


def test_a_spare_that_cannot_be_linked_whole_is_given_up_and_leaves_nothing(paged_nine, tmp_path, monkeypatch):
    out = tmp_path / "built" / "out"
    carry_over = write.carry_over
    monkeypatch.setattr(write, "carry_over", lambda source, target: not target.endswith("feed.xml")
                        and carry_over(source, target))
    builder = IncrementalBuilder(paged_nine, out=out, base_url=BASE, serving=True)
    builder.rebuild()
    spare, record = write.spare_paths(out.resolve())
    assert not spare.exists() and not record.exists()
    assert sorted(path.name for path in out.parent.iterdir()) == ["out"]
    assert (out / "feed.xml").is_file()
    monkeypatch.undo()
    md = paged_nine / "content" / "articles" / "article-00002.md"
    append(md, "\nOne more line.\n")
    builder.rebuild({str(md)})  # without a spare, as before
    cold = tmp_path / "cold"
    IncrementalBuilder(paged_nine, out=cold, base_url=BASE).rebuild()
    assert snapshot(out) == snapshot(cold)
