"""`build.py new`: a draft with every field explained, that builds once its TODOs are filled."""

from __future__ import annotations

import re

import pytest
from support import run_build

from explainer.content.validate import ARTICLE_FIELDS
from explainer.editors.slugs import slugify_title

SLUG = "evacuation-of-lysychansk"


@pytest.mark.parametrize("title, slug", [
    ("Evacuation of Lysychansk", "evacuation-of-lysychansk"),
    ("Битва за Сєвєродонецьк", "bytva-za-sievierodonetsk"),
    ("Лисичанськ і Київ", "lysychansk-i-kyiv"),
    ("Запоріжжя", "zaporizhzhia"),
    ("Слов'янськ", "sloviansk"),
    ("Єнакієве та Юнокомунарівськ", "yenakiieve-ta-yunokomunarivsk"),
    ("Згурівка", "zghurivka"),
    ("Ёлка и подъезд", "yolka-i-podezd"),
    ("Kyiv’s Azot plant: 800 civilians?", "kyivs-azot-plant-800-civilians"),
    ("Ça déjà vu", "ca-deja-vu"),
    ("  --  ", ""),
    ("東京", ""),
    ("word " * 30, "-".join(["word"] * 12)),
])
def test_slug_from_title(title, slug):
    assert slugify_title(title) == slug


def test_new_writes_a_draft_with_every_field_explained(tiny_site):
    result = run_build(tiny_site, "new", "Evacuation of Lysychansk")
    assert result.code == 0, result.err
    assert f"content/articles/{SLUG}.md" in result.out
    yaml_text = (tiny_site / "content" / "articles" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    lines = yaml_text.split("\n")
    for field in ARTICLE_FIELDS:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
        explained = "  # " in lines[index] or lines[index - 1].startswith("#")
        assert explained, f"field '{field}' has no comment: {lines[index]!r}"
    assert re.search(r"^draft: true\b", yaml_text, re.M)
    assert re.search(r'^title: "Evacuation of Lysychansk"', yaml_text, re.M)
    assert (tiny_site / "content" / "articles" / f"{SLUG}.md").read_text(encoding="utf-8").startswith("TODO")


def test_new_refuses_to_overwrite(tiny_site):
    assert run_build(tiny_site, "new", "Evacuation of Lysychansk").code == 0
    md = tiny_site / "content" / "articles" / f"{SLUG}.md"
    md.write_text("Work in progress.\n", encoding="utf-8")
    again = run_build(tiny_site, "new", "Evacuation of Lysychansk")
    assert again.code == 1
    assert again.err.strip() == (f"content/articles/{SLUG}.yaml:1: already exists, and an article is never "
                                 "overwritten: choose another title, pass --slug, or edit the existing file")
    assert md.read_text(encoding="utf-8") == "Work in progress.\n"
    assert "Traceback" not in again.err


@pytest.mark.parametrize("args, message", [
    (["First story"], "content/articles/first-story.yaml:1: already exists"),
    (["About"], "content/pages/about.md:1: a page already uses 'about': pass --slug another-name"),
    (["Charts"], "content/articles/charts.md:1: 'charts' is reserved for the site's own pages"),
    (["东京"], "content/articles:1: cannot make a file name from '东京': pass --slug a-name"),
    (["A title", "--slug", "Not A Slug"], "'Not A Slug' is not a valid slug"),
])
def test_new_explains_what_it_cannot_do(tiny_site, args, message):
    before = sorted(p.name for p in (tiny_site / "content" / "articles").iterdir())
    result = run_build(tiny_site, "new", *args)
    assert result.code == 1
    assert message in result.err
    assert sorted(p.name for p in (tiny_site / "content" / "articles").iterdir()) == before


def test_new_draft_previews_but_production_names_each_todo(tiny_site):
    assert run_build(tiny_site, "new", "Evacuation of Lysychansk").code == 0
    production = run_build(tiny_site, "--out", str(tiny_site / "public"))
    assert production.code == 0, production.err
    todo_lines = [line.removeprefix("warning: ") for line in production.err.splitlines()
                  if "TODO left in a draft" in line]
    yaml_path, md_path = f"content/articles/{SLUG}.yaml", f"content/articles/{SLUG}.md"
    assert [line.split(": TODO left")[0] for line in todo_lines] == [
        f"{md_path}:1", f"{md_path}:3", f"{md_path}:5", f"{yaml_path}:5", f"{yaml_path}:6", f"{yaml_path}:8"]
    assert f"{yaml_path}:6: TODO left in a draft: 'published: TODO'; fill it in before publishing" in todo_lines
    assert not (tiny_site / "public" / SLUG).exists()

    preview = run_build(tiny_site, "--drafts", "--out", str(tiny_site / "public"))
    assert preview.code == 0, preview.err
    page = (tiny_site / "public" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Draft: not published" in page and "Published <time" in page and ">TODO</time>" in page


def fill_todos(root, *, draft: bool) -> None:
    """What an editor does: replace every TODO with real words, dates and ids."""
    yaml_path = root / "content" / "articles" / f"{SLUG}.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("dek: TODO", "dek: How the last residents left.")
    text = text.replace("published: TODO", "published: 2022-06-20")
    text = text.replace("byline: [TODO]", "byline: [Test desk]")
    text = text.replace("sources: []", "sources: [news-report]")
    text = text.replace("draft: true", f"draft: {'true' if draft else 'false'}")
    yaml_path.write_text(text, encoding="utf-8")
    (root / "content" / "articles" / f"{SLUG}.md").write_text(
        "Buses left the city.\n\n## The last convoy\n\nAt least {fig}`dead` had been killed by then.\n",
        encoding="utf-8")


def test_new_article_builds_once_its_todos_are_filled(tiny_site):
    assert run_build(tiny_site, "new", "Evacuation of Lysychansk").code == 0
    fill_todos(tiny_site, draft=False)
    # {fig}`dead` belongs to another article: the editor is told, with the line.
    broken = run_build(tiny_site, "--out", str(tiny_site / "public"))
    assert f"content/articles/{SLUG}.md:5: unknown key figure 'dead'" in broken.err
    md = tiny_site / "content" / "articles" / f"{SLUG}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("At least {fig}`dead` had", "Many people had"),
                  encoding="utf-8")
    result = run_build(tiny_site, "--out", str(tiny_site / "public"))
    assert result.code == 0, result.err
    page = (tiny_site / "public" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "How the last residents left." in page and "TODO" not in page
    assert "Draft: not published" not in page
    assert f'href="/{SLUG}/"' in (tiny_site / "public" / "index.html").read_text(encoding="utf-8")


def test_filled_draft_passes_production_but_stays_out(tiny_site):
    assert run_build(tiny_site, "new", "Evacuation of Lysychansk").code == 0
    fill_todos(tiny_site, draft=True)
    md = tiny_site / "content" / "articles" / f"{SLUG}.md"
    md.write_text("Buses left the city.\n", encoding="utf-8")
    result = run_build(tiny_site, "--out", str(tiny_site / "public"))
    assert result.code == 0, result.err
    assert not (tiny_site / "public" / SLUG).exists()
