"""--out never names a folder that holds the project, its sources or its history, nor an editor's file."""

from __future__ import annotations

import subprocess

import pytest

from support import run_build, snapshot


def project_files(root):
    return {path: data for path, data in snapshot(root).items() if not path.startswith(".cache/")}


@pytest.mark.parametrize("out", ["content", "content/articles", ".", "..", "README.md", "templates", "site",
                                 "site/static/built", ".git", ".git/objects"])
def test_build_refuses_an_output_folder_that_would_replace_the_project(tiny_site, out):
    (tiny_site / "README.md").write_text("An editor's notes.\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tiny_site)], check=True)
    before = project_files(tiny_site)
    result = run_build(tiny_site, "--out", str(tiny_site / out))
    assert result.code == 1, result.out
    assert "--out refused: the output folder" in result.err
    assert "Traceback" not in result.err
    assert project_files(tiny_site) == before


def test_build_accepts_a_folder_of_its_own(tiny_site, tmp_path):
    assert run_build(tiny_site, "--out", str(tiny_site / "public")).code == 0
    assert run_build(tiny_site, "--out", str(tmp_path / "elsewhere" / "site")).code == 0


def test_a_symlink_to_the_sources_is_refused_too(tiny_site):
    (tiny_site / "sneaky").symlink_to(tiny_site / "content")
    before = project_files(tiny_site)
    result = run_build(tiny_site, "--out", str(tiny_site / "sneaky"))
    assert result.code == 1 and "is inside content/" in result.err
    assert project_files(tiny_site) == before


def test_the_rule_names_its_reason(tmp_path):
    from explainer.output.safety import output_refusal

    (tmp_path / "notes.txt").write_text("x")
    assert "is the project folder" in output_refusal(tmp_path, tmp_path)
    assert "holds the project folder" in output_refusal(tmp_path, tmp_path.parent)
    assert "inside content/" in output_refusal(tmp_path, tmp_path / "content" / "x")
    assert "inside .git/" in output_refusal(tmp_path, tmp_path / ".git")
    assert "existing file" in output_refusal(tmp_path, tmp_path / "notes.txt")
    assert output_refusal(tmp_path, tmp_path / "public") is None
    assert output_refusal(tmp_path, tmp_path / ".cache" / "preview") is None
