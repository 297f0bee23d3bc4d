"""Sources are read only from regular files inside their own folder: a symbolic link that leads out of it
(into .git, another folder of the project, anywhere) is an error at its path, cold and incremental alike."""

from __future__ import annotations

import os
import shutil
import subprocess

import jinja2
import pytest

from support import run_build


def test_a_static_link_into_git_is_refused(tiny_site):
    subprocess.run(["git", "init", "-q", str(tiny_site)], check=True)
    (tiny_site / "site/static/gitconfig.txt").symlink_to("../../.git/config")
    result = run_build(tiny_site)
    assert result.code == 1
    assert "site/static/gitconfig.txt:1: symbolic link points outside site/static/" in result.err
    assert not (tiny_site / "public").exists()


def test_a_static_file_in_a_hidden_folder_is_not_published(tiny_site):
    (tiny_site / "site/static/.private").mkdir()
    (tiny_site / "site/static/.private/notes.txt").write_text("not for readers")
    assert run_build(tiny_site).code == 0
    assert not any("notes" in p.name for p in (tiny_site / "public").rglob("*"))


def test_sources_yaml_linked_from_outside_is_refused(tiny_site, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(tiny_site / "content/sources.yaml", outside)
    (tiny_site / "content/sources.yaml").symlink_to(outside)
    result = run_build(tiny_site)
    assert result.code == 1
    assert "content/sources.yaml:1: symbolic link points outside content/" in result.err


def test_a_page_linked_into_another_project_folder_is_refused(tiny_site):
    (tiny_site / "templates/leak.md").write_text("---\ntitle: Leak\n---\nsecret\n")
    (tiny_site / "content/pages/leak.md").symlink_to(tiny_site / "templates/leak.md")
    result = run_build(tiny_site)
    assert result.code == 1
    assert "content/pages/leak.md:1: symbolic link points outside content/" in result.err


def test_a_data_file_swapped_for_a_link_to_a_copy_fails_incremental_and_cold(tiny_site, tmp_path):
    assert run_build(tiny_site).code == 0
    data = tiny_site / "content/data/counts.yaml"
    copy = tmp_path / "counts.yaml"
    shutil.copy2(data, copy)
    data.unlink()
    data.symlink_to(copy)
    warm = run_build(tiny_site)
    assert warm.code == 1 and "content/data/counts.yaml:1: symbolic link points outside content/" in warm.err
    shutil.rmtree(tiny_site / ".cache/build")
    cold = run_build(tiny_site)
    assert cold.code == 1 and "content/data/counts.yaml:1: symbolic link points outside content/" in cold.err


def test_a_link_inside_content_is_fine(tiny_site):
    (tiny_site / "content/shared").mkdir()
    shutil.move(tiny_site / "content/data/counts.yaml", tiny_site / "content/shared/counts.yaml")
    (tiny_site / "content/data/counts.yaml").symlink_to("../shared/counts.yaml")
    assert run_build(tiny_site).code == 0


def test_events_yaml_as_a_folder_names_itself(tiny_site):
    os.unlink(tiny_site / "content/events.yaml")
    (tiny_site / "content/events.yaml").mkdir()
    result = run_build(tiny_site)
    assert result.code == 1
    assert "content/events.yaml:1: events.yaml should be a file" in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_an_unreadable_file_is_named_without_errno(tiny_site):
    path = tiny_site / "content/articles/first-story.md"
    path.chmod(0)
    try:
        result = run_build(tiny_site)
    finally:
        path.chmod(0o644)
    assert result.code == 1
    assert "content/articles/first-story.md:1: file cannot be read: permission denied" in result.err
    assert "Errno" not in result.err and str(tiny_site) not in result.err


def test_the_template_loader_refuses_a_link_out_of_templates(tmp_path):
    from explainer.render.loader import ContainedLoader

    (tmp_path / "templates").mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    (tmp_path / "templates/page.html").write_text("{% include 'leak.txt' %}")
    (tmp_path / "templates/leak.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "templates/fine.html").write_text("fine")
    jinja = jinja2.Environment(loader=ContainedLoader(str(tmp_path / "templates")))
    assert jinja.get_template("fine.html").render() == "fine"
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        jinja.get_template("page.html").render()
    assert "symbolic link points outside templates/" in caught.value.message
    assert caught.value.filename == str(tmp_path / "templates/leak.txt")


def test_a_template_including_a_link_to_a_file_outside_is_refused_by_the_build(tiny_site, tmp_path):
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (tiny_site / "templates/leak.txt").symlink_to(tmp_path / "passwd")
    page = tiny_site / "templates/page.html"
    page.write_text(page.read_text().replace("{{ body | safe }}", "{{ body | safe }}{% include 'leak.txt' %}", 1))
    result = run_build(tiny_site)
    assert result.code == 1
    assert "templates/leak.txt:1: symbolic link points outside templates/" in result.err
    assert not (tiny_site / "public").exists()
