"""The command line's conventions: --version, -q/-v, --strict, --root, exit codes, the output folder named on
failure, the base-URL warning only where it matters, serve --no-drafts, and build.py under the wrong Python."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from support import ROOT, run_build

from explainer import __version__
from explainer.cli import parser

BASE_URL_WARNING = "names no host"


def test_version_from_the_module_and_build_py():
    for command in ([sys.executable, "-m", "explainer", "--version"], [sys.executable, str(ROOT / "build.py"), "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.returncode == 0 and done.stdout.strip() == f"explainer {__version__}", done


def test_a_wrong_command_line_exits_2(tiny_site):
    assert run_build(tiny_site, "build", "--no-such-option").code == 2


def test_quiet_prints_nothing_but_warnings_and_verbose_lists_the_files(tiny_site):
    quiet = run_build(tiny_site, "-q")
    assert quiet.code == 0 and quiet.out == "" and BASE_URL_WARNING in quiet.err
    (tiny_site / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About\ndescription: About this site.\n---\nChanged.\n", encoding="utf-8")
    verbose = run_build(tiny_site, "-v")
    assert verbose.code == 0 and "  about/index.html" in verbose.out.splitlines() and "Built " in verbose.out


def test_shared_options_may_come_before_the_command(tiny_site):
    done = run_build(tiny_site, "-q", "build", "--base-url", "https://news.example.net/")
    assert done.code == 0 and done.out == "" and done.err == ""


def test_strict_turns_warnings_into_a_failure(tiny_site):
    assert run_build(tiny_site).code == 0
    strict = run_build(tiny_site, "--strict")
    assert strict.code == 1 and BASE_URL_WARNING in strict.err and "--strict" in strict.err
    assert run_build(tiny_site, "--strict", "--base-url", "https://example.org/").code == 0
    checked = run_build(tiny_site, "check", "--strict")
    assert checked.code == 1 and BASE_URL_WARNING in checked.err and "--strict" in checked.err
    give_every_fact_field(tiny_site)  # check also asks what each figure counts, its stated form, archive copies
    assert run_build(tiny_site, "check", "--strict", "--base-url", "https://news.example.net/").code == 0


def give_every_fact_field(root) -> None:
    """The tiny site with what `check` asks of figures and sources: counts, stated and an archive note."""
    def edit(name, old, new):
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    edit("content/articles/first-story.yaml", "    unit: people\n",
         "    unit: people\n    counts: civilian casualties\n    stated: at least 15\n")
    edit("content/data/counts.yaml", "notes: Test data.\n", "notes: Test data.\ncounts: civilian casualties\n")
    edit("content/data/counts.yaml", "    injured: 20\n", "    injured: 20\n    stated: 10 killed, 20 injured\n")
    edit("content/data/counts.yaml", "    injured: 31\n", "    injured: 31\n    stated: 15 killed, 31 injured\n")
    edit("content/sources.yaml", "accessed: 2026-11-20\n", "accessed: 2026-11-20\n  not_archived: a source of the tests\n")


def test_the_base_url_warning_is_left_out_of_a_drafts_preview(tiny_site):
    done = run_build(tiny_site, "--drafts", "--out", str(tiny_site / "preview"))
    assert done.code == 0 and BASE_URL_WARNING not in done.err
    assert BASE_URL_WARNING in run_build(tiny_site, "check").err  # check is meant for publishing: it warns


def test_a_failed_build_names_the_output_folder_it_left(tiny_site, tmp_path):
    (tiny_site / "content" / "articles" / "first-story.yaml").write_text("title: [broken]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    done = run_build(tiny_site, "--out", str(elsewhere))
    assert done.code == 1 and f"{elsewhere} was left as it was" in done.err
    assert "public/ was left as it was" in run_build(tiny_site).err


def test_root_names_the_site_folder(tiny_site, tmp_path):
    done = subprocess.run([sys.executable, "-m", "explainer", "build", "--root", str(tiny_site), "-q"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tiny_site / "public" / "index.html").is_file() and not (tmp_path / "public").exists()


def test_serve_honours_no_drafts(tmp_path):
    from explainer.preview.serve import serve_options

    for flag, drafts in (([], True), (["--drafts"], True), (["--no-drafts"], False)):
        args = parser("serve").parse_args(["serve", *flag])
        args.root, args.out = tmp_path, None
        assert serve_options(args).drafts is drafts


def bare_python(folder: Path) -> Path:
    """A Python with none of the generator's dependencies, as a fresh clone's system Python is."""
    venv.create(folder, with_pip=False)
    return folder / "bin" / "python"


def test_build_py_under_a_python_without_the_dependencies_runs_again_under_the_venv(tmp_path):
    assert (ROOT / ".venv" / "bin" / "python").is_file(), "make test creates .venv"
    done = subprocess.run([str(bare_python(tmp_path / "bare")), str(ROOT / "build.py"), "--version"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"explainer {__version__}", done.stderr


def test_build_py_without_a_venv_says_what_to_run(tmp_path):
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copy2(ROOT / "build.py", clone / "build.py")
    done = subprocess.run([str(bare_python(tmp_path / "bare")), str(clone / "build.py"), "--drafts"],
                          capture_output=True, text=True, cwd=clone, timeout=120)
    assert done.returncode == 2
    assert "make site" in done.stderr and ".venv/bin/python build.py --drafts" in done.stderr
    assert "Traceback" not in done.stderr
