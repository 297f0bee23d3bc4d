"""The site a swap retires is kept as the spare (.public.spare) and the next build stages into it: an edit
costs what changed since the build before last. Its files share inodes with the live site's, so the live
site must never be written through them; a spare whose record cannot be trusted is not used."""

from __future__ import annotations

import marshal
import os

from support import snapshot, write_files

import explainer.output.write as write
from explainer.errors import Problems
from explainer.output.write import Output, write_site
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder


def site(files: dict, root) -> Output:
    output, problems = Output(), Problems(root=root)
    for path, text in files.items():
        output.add(path, text, "test", problems)
    return output


def files_of(output: Output) -> dict:
    return {path: data.encode() if isinstance(data, str) else data for path, data in output.files.items()}


def three_sites(tmp_path):
    one = site({f"{name}/index.html": name for name in "abcdef"} | {"deep/er/gone.txt": "x"}, tmp_path)
    two = site({f"{name}/index.html": name for name in "abcdef"} | {"a/index.html": "A2"}, tmp_path)
    three = site({f"{name}/index.html": name for name in "bcdef"} | {"b/index.html": "B3", "new/index.html": "n"},
                 tmp_path)
    return one, two, three


def test_the_next_build_stages_into_the_spare_and_writes_only_what_it_lacks(tmp_path, monkeypatch):
    out = tmp_path / "public"
    one, two, three = three_sites(tmp_path)
    write_site(one, out)
    write_site(two, out, one.digests())
    assert snapshot(tmp_path / ".public.spare") == files_of(one)
    steps = []
    monkeypatch.setattr(write, "COMMIT_HOOK", steps.append)
    live_before = snapshot(out)

    def live_untouched(step):  # just before the swap, the live site is still exactly the second build's
        steps.append(step)
        if step == "swap":
            assert snapshot(out) == live_before

    monkeypatch.setattr(write, "COMMIT_HOOK", live_untouched)
    assert write_site(three, out, two.digests()) == ["a/index.html", "b/index.html", "new/index.html"]
    assert snapshot(out) == files_of(three)
    # the spare held the first site: only b/ (changed) and new/ were staged; c-f were there, a/ is gone
    assert steps.count("stage") == 2
    assert not (out / "deep").exists() and not (out / "a").exists()  # removed files take their empty folders
    assert snapshot(tmp_path / ".public.spare") == files_of(two)


def test_a_shared_file_is_replaced_never_written_through(tmp_path):
    out = tmp_path / "public"
    one, two, _ = three_sites(tmp_path)
    write_site(one, out)
    write_site(two, out, one.digests())
    shared = (out / "b/index.html").stat().st_ino
    assert (tmp_path / ".public.spare/b/index.html").stat().st_ino == shared  # one file in both folders
    staging = write.open_staging(out)
    write.write_file(staging, "b/index.html", "rewritten")  # as a worker writes a file it made again
    assert (out / "b/index.html").read_bytes() == b"b"  # the live file kept its bytes
    write.discard_staging(staging)


def test_a_spare_whose_record_does_not_match_is_not_used(tmp_path):
    out = tmp_path / "public"
    one, two, three = three_sites(tmp_path)
    write_site(one, out)
    write_site(two, out, one.digests())
    (tmp_path / ".public.spare/c/index.html").unlink()  # someone changes the spare behind the build's back
    (tmp_path / ".public.spare/c/stray").write_text("?")
    os.utime(tmp_path / ".public.spare", ns=(1, 1))  # and the folder no longer looks as recorded
    write_site(three, out, two.digests())
    assert snapshot(out) == files_of(three)


def test_a_damaged_record_or_a_link_in_the_spares_place_is_ignored(tmp_path):
    out, elsewhere = tmp_path / "public", tmp_path / "content"
    one, two, three = three_sites(tmp_path)
    write_site(one, out)
    write_site(two, out, one.digests())
    (tmp_path / ".public.spare.digests").write_bytes(b"\x00garbage")
    write_site(three, out, two.digests())
    assert snapshot(out) == files_of(three)
    write_files(elsewhere, {"notes.md": "an editor's file"})
    write.remove_path(tmp_path / ".public.spare")
    (tmp_path / ".public.spare").symlink_to(elsewhere, target_is_directory=True)
    state = os.lstat(tmp_path / ".public.spare")
    record = {"version": write.SPARE_RECORD, "folder": (state.st_dev, state.st_ino, state.st_mtime_ns),
              "digests": {"notes.md": ("x", 1)}}
    (tmp_path / ".public.spare.digests").write_bytes(marshal.dumps(record))
    write_site(one, out, three.digests())
    assert snapshot(out) == files_of(one)
    assert snapshot(elsewhere) == {"notes.md": b"an editor's file"}  # a link is never staged into


def test_edits_through_the_spare_build_what_a_cold_build_builds(tiny_site, tmp_path):
    """Several command-line builds in turn (each stages into the one before last), then a cold build."""
    story = tiny_site / "content/articles/first-story.md"
    for step in range(4):
        story.write_text(story.read_text(encoding="utf-8") + f"\nStep {step}.\n", encoding="utf-8")
        IncrementalBuilder(tiny_site, persist=True).rebuild()
    write_files(tiny_site, {"content/articles/second-story.yaml": "title: Second\ndek: A second story.\n"
                            "published: 2022-06-02\nbyline: [Test desk]\n",
                            "content/articles/second-story.md": "## Later\nWhat happened next.\n"})
    IncrementalBuilder(tiny_site, persist=True).rebuild()
    for path in ("second-story.yaml", "second-story.md"):
        (tiny_site / "content/articles" / path).unlink()
    IncrementalBuilder(tiny_site, persist=True).rebuild()
    build(tiny_site, out=tmp_path / "cold")
    assert snapshot(tiny_site / "public") == snapshot(tmp_path / "cold")
    assert not (tiny_site / "public/second-story").exists()


def test_the_record_this_process_wrote_is_not_read_again_unless_the_file_changed(tmp_path, monkeypatch):
    """A serve edit at 10,000 articles need not load the spare's 20,000 digests it wrote itself; a record
    written by anyone else since (here: the same size, one digest changed) is read from the file."""
    out = tmp_path / "public"
    one, two, three = three_sites(tmp_path)
    loads = []
    real = write.marshal.load
    monkeypatch.setattr(write.marshal, "load", lambda handle: loads.append(handle.name) or real(handle))
    write_site(one, out)
    write_site(two, out, one.digests())
    write_site(three, out, two.digests())  # stages into the spare the second build left, as it recorded it
    assert snapshot(out) == files_of(three) and loads == []
    record = tmp_path / ".public.spare.digests"
    held = marshal.loads(record.read_bytes())
    path, (digest, size) = sorted(held["digests"].items())[0]
    held["digests"][path] = (("0" if digest[0] != "0" else "1") + digest[1:], size)
    changed = marshal.dumps(held)
    assert len(changed) == record.stat().st_size
    record.write_bytes(changed)
    write_site(one, out, three.digests())
    assert snapshot(out) == files_of(one) and loads == [str(record)]
