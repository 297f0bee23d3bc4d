"""Which page of each edition is which page of the default one (site_languages) is carried from build to build
in memory while every edition's article and page paths are as they were, and worked out again when one came,
went or moved: each time it must equal what working it out afresh gives, and the site a cold build."""

from __future__ import annotations

import shutil

from support import snapshot, write_uk_site

from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder
from explainer.pipeline.reuse import Reuse

STORY = "first-story"
UK_SECOND = ("content/articles/second-story.uk.md", "content/articles/second-story.uk.yaml")


def second_story(root) -> None:
    """A second explainer in both languages."""
    articles = root / "content" / "articles"
    for path in sorted(articles.glob(f"{STORY}.*")):
        text = path.read_text(encoding="utf-8").replace("counts-chart", "second-chart")
        (articles / path.name.replace(STORY, "second-story")).write_text(text, encoding="utf-8")


def append(root, name: str, text: str) -> None:
    with open(root / name, "a", encoding="utf-8") as file:
        file.write(text)


def copy(root, name: str, new: str) -> None:
    (root / new).write_text((root / name).read_text(encoding="utf-8"), encoding="utf-8")


def remove(root, *names: str):
    """Remove files; the function that puts them back."""
    texts = {root / name: (root / name).read_text(encoding="utf-8") for name in names}
    for path in texts:
        path.unlink()
    return lambda: [path.write_text(text, encoding="utf-8") for path, text in texts.items()]


def test_the_languages_are_carried_over_only_while_their_paths_are_as_they_were(tmp_path, tiny_cache):
    root = write_uk_site(tmp_path / "site")
    shutil.copytree(tiny_cache, root / ".cache")
    second_story(root)
    builder = IncrementalBuilder(root, out=tmp_path / "out")
    builder.rebuild()
    put_back = []
    steps = [  # (the edit, whether the last Languages may be given again)
        (lambda: append(root, "content/articles/second-story.md", "\nOne more sentence.\n"), True),
        (lambda: put_back.append(remove(root, *UK_SECOND)), False),  # one gone from /uk/
        (lambda: append(root, "content/articles/second-story.md", "\nAnd one more.\n"), True),
        (lambda: put_back.pop()(), False),  # back in /uk/
        (lambda: copy(root, "content/pages/about.md", "content/pages/colophon.md"), False),  # a page in English
    ]
    for step, (edit, carried) in enumerate(steps):
        before = builder.reuse.languages_memo[1]
        edit()
        builder.rebuild()
        languages = builder.reuse.languages_memo[1]
        assert (languages is before) == carried, step
        cold = Reuse()
        build(root, out=tmp_path / f"cold-{step}", reuse=cold)
        assert languages == cold.languages_memo[1], step
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / f"cold-{step}"), step
