"""The files of the articles a small edit keeps are linked into the staging folder by a thread while the build
makes the others; the build still commits once, and a kept file that vanished from public/ is made again."""

from __future__ import annotations

from support import snapshot, write_files

import explainer.output.write as write
from explainer.errors import Problems
from explainer.output.write import Kept, KeptFiles, Output, open_staging, start_carrying, write_site
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder


def site(files: dict, root) -> Output:
    output, problems = Output(), Problems(root=root)
    for path, text in files.items():
        output.add(path, text, "test", problems)
    return output


def test_kept_files_are_linked_by_a_thread_and_the_site_swapped_in_once(tmp_path, monkeypatch):
    out = tmp_path / "public"
    first = site({f"{name}/index.html": name for name in "abcdef"}, tmp_path)
    write_site(first, out)
    previous = first.digests()
    kept = {f"{name}/index.html": (Kept(*previous[f"{name}/index.html"]), "test") for name in "bcdef"}
    staging = open_staging(out)
    start_carrying(staging, out, KeptFiles(kept), previous)
    assert write._CARRYING[staging].thread.name == "carry over"
    second = Output(files={"a/index.html": b"A", **{path: data for path, (data, _) in kept.items()}},
                    origins=dict.fromkeys(["a/index.html", *kept], "test"))
    inodes = {path: (out / path).stat().st_ino for path in kept}
    swaps = []
    monkeypatch.setattr(write, "COMMIT_HOOK", swaps.append)
    assert write_site(second, out, previous, staging=staging) == ["a/index.html"]
    assert snapshot(out) == {"a/index.html": b"A", **{f"{n}/index.html": n.encode() for n in "bcdef"}}
    assert {path: (out / path).stat().st_ino for path in kept} == inodes  # links, not copies
    assert swaps.count("swap") == 1 and swaps.count("stage") == 1  # only the changed file was left to stage
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.spare", ".public.spare.digests", "public"]


def test_a_kept_file_that_vanished_is_made_again(tiny_site, tmp_path):
    write_files(tiny_site, {"content/articles/second-story.yaml": "title: Second\ndek: A second story.\n"
                            "published: 2022-06-02\nbyline: [Test desk]\n",
                            "content/articles/second-story.md": "## Later\nWhat happened next.\n"})
    builder = IncrementalBuilder(tiny_site)
    builder.rebuild()
    (tiny_site / "public/second-story/index.md").unlink()  # someone deletes a kept article's file
    story = tiny_site / "content/articles/first-story.md"
    story.write_text(story.read_text().replace("## Beginning", "## The beginning"))
    builder.rebuild({story})
    build(tiny_site, out=tmp_path / "cold")
    assert snapshot(tiny_site / "public") == snapshot(tmp_path / "cold")
