"""Output claims files by path; the files a build keeps from the last are claimed at once (add_kept) and are
checked as each file added alone is: no path that leaves the site, no path claimed twice."""

from __future__ import annotations

import pytest

from explainer.errors import Problems
from explainer.output.write import Kept, KeptFiles, Output


def claimed(kept: dict, tmp_path, at_once: bool):
    output, problems = Output(), Problems(root=tmp_path)
    output.add("index.html", "home", "templates/index.html", problems)
    if at_once:
        output.add_kept(KeptFiles(kept), problems)
    else:
        for path, (data, origin) in kept.items():
            output.add(path, data, origin, problems)
    return output.files, output.origins, [(p.path, p.message) for p in problems.found]


KEPT = {f"article-{n}/index.html": (Kept(f"d{n}", n), f"content/articles/article-{n}.md") for n in range(5)}


@pytest.mark.parametrize("bad", [None, "", "/etc/passwd", "a/../../b", "..", "index.html", "x\n/y"])
def test_claiming_kept_files_at_once_is_claiming_each(tmp_path, bad):
    kept = dict(KEPT)
    if bad is not None:
        kept[bad] = (Kept("d", 1), "content/articles/bad.md")
    files, origins, problems = claimed(kept, tmp_path, at_once=True)
    assert (files, origins, problems) == claimed(kept, tmp_path, at_once=False)
    assert bool(problems) == (bad not in (None, "x\n/y"))
    assert list(files) == ["index.html", *(path for path in kept if path in files and path != "index.html")]
