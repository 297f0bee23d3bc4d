"""input_digests: what an incremental build knows of its inputs before it builds (pipeline/manifest.py)."""

from __future__ import annotations

import os

from explainer.digests import digest_of
from explainer.pipeline.manifest import input_digests


def site_tree(root):
    """Files in content/, templates/ and site/, nested, with links of each kind, and one folder outside."""
    for folder in ("content/articles/sub/deeper", "templates/partials", "site", "elsewhere/inner"):
        (root / folder).mkdir(parents=True)
    files = {"content/articles/b.md": "b", "content/articles/A.md": "a", "content/articles/sub/c.yaml": "c: 1",
             "content/articles/sub/deeper/d.csv": "date,value\n", "content/.hidden": "", "templates/base.html": "t",
             "templates/partials/x.html": "x", "site/site.yaml": "title: T", "elsewhere/e.md": "e" * 70_000,
             "elsewhere/inner/f.md": "f"}
    for path, text in files.items():
        (root / path).write_text(text, encoding="utf-8")
    (root / "content/articles/link.md").symlink_to(root / "elsewhere/e.md")
    (root / "content/articles/broken.md").symlink_to(root / "nowhere.md")
    (root / "content/linked").symlink_to(root / "elsewhere", target_is_directory=True)
    return files


def test_every_input_file_in_walk_order_with_its_bytes(tmp_path):
    files = site_tree(tmp_path)
    read: dict = {}
    found = input_digests(tmp_path, {}, read)
    walked = []
    for top in ("content", "templates", "site"):
        for folder, dirs, names in os.walk(tmp_path / top):
            dirs.sort()
            walked += [os.path.relpath(os.path.join(folder, name), tmp_path) for name in sorted(names)]
    assert list(found) == walked  # the folder linked from content/ is not walked, as os.walk does not
    assert "content/linked/inner/f.md" not in found and "content/linked" not in found
    for key, text in files.items():
        if key in found:
            stat = os.stat(tmp_path / key)
            assert found[key] == (digest_of(text.encode()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                                  stat.st_ino)
            assert read[f"{tmp_path}/{key}"] == text.encode()
    # a link is not the file it names, and a broken one is never taken for unchanged
    assert found["content/articles/link.md"][0].startswith("link:")
    assert read[f"{tmp_path}/content/articles/link.md"] == files["elsewhere/e.md"].encode()
    assert found["content/articles/broken.md"][0].startswith("unreadable-")
    assert f"{tmp_path}/content/articles/broken.md" not in read


def test_saved_digests_are_kept_for_untouched_files_and_changed_ones_are_read_again(tmp_path):
    site_tree(tmp_path)
    first = input_digests(tmp_path, {})
    saved = {"inputs": first, "inputs_at": 2**62}  # taken long after every file's last change
    read: dict = {}
    kept = input_digests(tmp_path, saved, read)
    assert not read  # nothing read again
    assert {key: entry for key, entry in kept.items() if "broken" not in key} == {
        key: entry for key, entry in first.items() if "broken" not in key}
    assert kept["content/articles/broken.md"][0].startswith("unreadable-")
    (tmp_path / "content/articles/b.md").write_text("b, edited", encoding="utf-8")
    read = {}
    again = input_digests(tmp_path, saved, read)
    assert again["content/articles/b.md"][0] == digest_of(b"b, edited")
    assert f"{tmp_path}/content/articles/b.md" in read
    assert again["templates/base.html"] == first["templates/base.html"]
    assert f"{tmp_path}/templates/base.html" not in read
    # hashed too soon after a change (git's racy-file rule): read again, whatever the stamps say
    read = {}
    input_digests(tmp_path, {"inputs": first, "inputs_at": 0}, read)
    assert f"{tmp_path}/templates/base.html" in read
