"""A disk that fills while the site is written: a clear message naming the output, exit status 1, no traceback,
and the previous public/ as it was. Once with the error injected where a file is written, once on a real,
small tmpfs (mounted in a user namespace, where the system allows one)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from support import ROOT, snapshot

from explainer.cli import main


def edit(root) -> None:
    story = root / "content/articles/first-story.md"
    story.write_text(story.read_text().replace("## Beginning", "## The beginning"))


class FullDisk:
    """The os module as explainer.output.write sees it on a disk that is full after a file's first few bytes:
    write(2) fails as the kernel's would, and names no file."""

    def __getattr__(self, name):
        return getattr(os, name)

    def write(self, descriptor, data):
        if len(data) > 100:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(descriptor, data)


class QuotaReached(FullDisk):
    """The same module where creating a file fails, naming the file (as open(2) does)."""

    def open(self, path, *args, **kwargs):
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT), str(path))


def test_a_full_disk_while_writing_names_the_output_and_keeps_the_old_site(tiny_site, monkeypatch, capsys):
    import explainer.output.write as write

    assert main(["build"], root=tiny_site) == 0
    out = tiny_site / "public"
    old = snapshot(out)
    capsys.readouterr()
    edit(tiny_site)
    monkeypatch.setattr(write, "os", FullDisk())
    assert main(["build"], root=tiny_site) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["public:1: cannot write the site: no space left on device",
                                "Build failed: 1 problem; public/ was left as it was."], err
    assert snapshot(out) == old
    assert not list(tiny_site.glob(".public.staging-*")), "the half-written staging folder was left behind"
    monkeypatch.undo()
    assert main(["build"], root=tiny_site) == 0  # with room again, the edit is published
    assert b"The beginning" in (out / "first-story/index.html").read_bytes()


def test_an_error_at_a_staging_file_is_named_as_the_output_file(tiny_site, monkeypatch, capsys):
    import explainer.output.write as write

    assert main(["build"], root=tiny_site) == 0
    capsys.readouterr()
    edit(tiny_site)
    monkeypatch.setattr(write, "os", QuotaReached())
    assert main(["build"], root=tiny_site) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("public/"), err
    assert ".staging" not in err and "Errno" not in err and str(tiny_site) not in err, err
    assert ": cannot write the site: disk quota exceeded" in err


# In a user namespace, as root of it: a 2 MB tmpfs beside the site; the first build fits, then a file fills
# what is left, an edit is built, and both sites are copied out for the test to compare.
ON_TMPFS = textwrap.dedent("""
    set -u
    mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 77
    "$PYTHON" "$BUILD" --root "$SITE" --out "$DISK/public" > /dev/null 2>&1 || exit 78
    cp -a "$DISK/public" "$SITE/before"
    dd if=/dev/zero of="$DISK/filler" bs=4k 2> /dev/null
    sed -i 's/## Beginning/## The beginning/' "$SITE/content/articles/first-story.md"
    "$PYTHON" "$BUILD" --root "$SITE" --out "$DISK/public" > "$SITE/out.txt" 2> "$SITE/err.txt"
    echo $? > "$SITE/code.txt"
    cp -a "$DISK/public" "$SITE/after"
    ls -a "$DISK" > "$SITE/listing.txt"
""")


def test_a_real_full_tmpfs_leaves_the_old_site(tiny_site, tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) to mount a small tmpfs without root")
    disk = tmp_path / "disk"
    disk.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DISK": str(disk), "SITE": str(tiny_site),
           "PYTHON": sys.executable, "BUILD": str(ROOT / "build.py")}
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", ON_TMPFS], env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode in (1, 77) and not (tiny_site / "before").exists():
        pytest.skip(f"this system allows no tmpfs in a user namespace: {done.stderr.strip()[:120]}")
    assert done.returncode == 0, done.stderr
    err = (tiny_site / "err.txt").read_text()
    assert (tiny_site / "code.txt").read_text().strip() == "1", err
    assert "cannot write the site: no space left on device" in err and "Traceback" not in err, err
    assert err.splitlines()[0].startswith(f"{disk / 'public'}:1: "), err  # outside the project: named in full
    assert snapshot(tiny_site / "after") == snapshot(tiny_site / "before")
    assert not [name for name in (tiny_site / "listing.txt").read_text().split() if ".staging" in name]
