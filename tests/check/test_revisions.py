"""`check --base REF`: a figure changed since REF in a published article needs a dated update or correction.
Each test makes a real git repository of the tiny site in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from support import ROOT, run_build, tiny_site_with

from explainer.check.revisions import check_revisions

ARTICLE = "content/articles/first-story.yaml"
DATA = "content/data/counts.yaml"
TODAY = "2026-12-01"
ENV = {"SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01 00:00 UTC


def git(root, *args, date="2026-11-20T12:00:00+00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Desk",
           "GIT_AUTHOR_EMAIL": "desk@example.org", "GIT_COMMITTER_NAME": "Desk",
           "GIT_COMMITTER_EMAIL": "desk@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    root = tiny_site_with(tmp_path / "site", {})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "published")
    return root


def edit(root, name, old, new):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(root, base="main"):
    problems, warnings = check_revisions(root, base)
    assert warnings == []
    return [str(p) for p in problems]


def test_an_unchanged_site_passes(repo):
    assert messages(repo) == []


def test_a_revised_point_without_a_correction_fails_at_its_line(repo):
    edit(repo, DATA, "    killed: 15\n", "    killed: 16\n")
    assert messages(repo) == [
        f"{DATA}:13: 'killed' on 2022-04-01 in dataset 'counts' changed from 15 to 16 since main, and the published "
        f"article 'first-story' shows it: add an update or correction entry dated {TODAY} or later to {ARTICLE}"]


def test_a_removed_point_counts_as_a_change(repo):
    edit(repo, DATA, "  - date: 2022-03-01\n    killed: 10\n    injured: 20\n    source: un-report\n", "")
    assert messages(repo) == [
        f"{DATA}:1: 'injured' on 2022-03-01 in dataset 'counts' changed from 20 to nothing (the point was removed) "
        f"since main, and the published article 'first-story' shows it: add an update or correction entry dated "
        f"{TODAY} or later to {ARTICLE}",
        f"{DATA}:1: 'killed' on 2022-03-01 in dataset 'counts' changed from 10 to nothing (the point was removed) "
        f"since main, and the published article 'first-story' shows it: add an update or correction entry dated "
        f"{TODAY} or later to {ARTICLE}"]


def test_a_correction_dated_on_or_after_the_change_lets_it_pass(repo):
    edit(repo, DATA, "    killed: 15\n", "    killed: 16\n")
    edit(repo, ARTICLE, "updates:\n", f"updates:\n  - date: {TODAY}\n    kind: correction\n    text: Revised.\n")
    assert messages(repo) == []


def test_an_entry_dated_before_the_change_does_not_count(repo):
    edit(repo, DATA, "    killed: 15\n", "    killed: 16\n")
    edit(repo, ARTICLE, "updates:\n", "updates:\n  - date: 2026-11-30\n    kind: update\n    text: Earlier.\n")
    assert len(messages(repo)) == 1


def test_a_committed_change_is_dated_by_its_commit(repo):
    edit(repo, ARTICLE, "    value: 15\n", "    value: 17\n")
    git(repo, "checkout", "-q", "-b", "revise")
    git(repo, "commit", "-q", "-am", "revise", date="2026-11-25T23:30:00-02:00")  # 26 November in UTC
    assert messages(repo) == [
        f"{ARTICLE}:8: key figure 'dead' changed from at least 15 to at least 17 since main, and the published "
        f"article 'first-story' shows it: add an update or correction entry dated 2026-11-26 or later to {ARTICLE}"]
    edit(repo, ARTICLE, "updates:\n", "updates:\n  - date: 2026-11-26\n    kind: update\n    text: Revised.\n")
    git(repo, "commit", "-q", "-am", "log it", date="2026-11-26T10:00:00+00:00")
    assert messages(repo) == []


def test_a_value_no_published_article_uses_is_free_to_change(repo):
    edit(repo, ARTICLE, "tags: [test]\n", "tags: [test]\ndraft: true\n")
    git(repo, "commit", "-q", "-am", "unpublish")
    git(repo, "tag", "base")
    edit(repo, DATA, "    killed: 15\n", "    killed: 16\n")
    assert messages(repo, "base") == []


def test_an_article_that_was_a_draft_at_the_base_is_not_yet_published(repo):
    edit(repo, ARTICLE, "tags: [test]\n", "tags: [test]\ndraft: true\n")
    git(repo, "commit", "-q", "-am", "back to draft")
    git(repo, "tag", "draft-base")
    edit(repo, ARTICLE, "draft: true\n", "")
    edit(repo, ARTICLE, "    value: 15\n", "    value: 17\n")
    assert messages(repo, "draft-base") == []


def test_an_unknown_base_is_named(repo):
    assert messages(repo, "no-such-branch") == [
        "content:1: check --base: 'no-such-branch' is not a commit of this repository; name a branch or commit to "
        "compare the figures with (default: main's upstream)"]


def test_the_command_fails_and_defaults_to_main(repo):
    shutil.copytree(ROOT / "templates", repo / "templates")
    shutil.copytree(ROOT / "site" / "static", repo / "site" / "static")
    edit(repo, DATA, "    killed: 15\n", "    killed: 16\n")
    result = run_build(repo, "check", "--base")
    assert result.code == 1
    assert f"{DATA}:13: 'killed' on 2022-04-01 in dataset 'counts' changed from 15 to 16 since main" in result.err
    assert result.err.splitlines()[-1] == "Check failed: 1 problem."
    assert run_build(repo, "check").code == 0, "without --base nothing is compared"
