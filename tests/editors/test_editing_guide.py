"""docs/EDITING.md: its complete example is real files that build with the repository's content."""

from __future__ import annotations

import calendar
import datetime as dt
import shutil

from markdown_it import MarkdownIt
from support import ROOT, run_build

GUIDE = ROOT / "docs" / "EDITING.md"


def example_files() -> dict[str, str]:
    """The guide's code blocks marked with a path, e.g. ```yaml path=content/data/x.yaml."""
    files = {}
    for token in MarkdownIt("commonmark").parse(GUIDE.read_text(encoding="utf-8")):
        words = token.info.split() if token.type == "fence" else []
        for word in words[1:]:
            if word.startswith("path="):
                files[word.removeprefix("path=")] = token.content
    return files


def test_guide_example_has_a_dataset_an_article_and_its_text():
    assert set(example_files()) == {"content/data/azot-shelter.yaml", "content/articles/sheltering-at-azot.yaml",
                                    "content/articles/sheltering-at-azot.md"}


def test_guide_example_builds_with_the_site(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    for folder in ("content", "site", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    for path, text in example_files().items():
        target = root / path
        assert not target.exists(), f"the example must add files, not replace {path}"
        target.write_text(text, encoding="utf-8")
    day = dt.date(2026, 11, 25)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm(day.timetuple())))
    result = run_build(root, "--out", str(root / "public"))
    assert result.code == 0, result.err
    page = (root / "public" / "sheltering-at-azot" / "index.html").read_text(encoding="utf-8")
    for text in ("Sheltering at the Azot plant", "38 children", ">800</a>", ">568</a>",
                 "People left in Sievierodonetsk as the fighting reached the plant",
                 "A Russian airstrike hit a tank of nitric acid", "The officials’ figure was 568."):
        assert text in page, text
    assert "TODO" not in page
    assert 'href="/sheltering-at-azot/"' in (root / "public" / "index.html").read_text(encoding="utf-8")
