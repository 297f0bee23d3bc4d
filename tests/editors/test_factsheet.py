"""`build.py factsheet <slug>`: every figure, claim and source of an article for a second reader."""

from __future__ import annotations

import re

from support import ROOT, copy_repository_site, load_content, run_build

SLUG = "battle-for-sievierodonetsk"


def test_the_sheet_lists_every_figure_claim_and_source_of_an_article(tmp_path):
    root = copy_repository_site(tmp_path / "site")
    result = run_build(root, "factsheet", SLUG)
    assert result.code == 0, result.err
    article = next(a for a in load_content(ROOT).articles if a.slug == SLUG)
    content = load_content(ROOT)
    listed = re.findall(r"^- (.+?): ", result.out, re.M)
    for fig in article.key_figures:
        assert f"key figure {fig.id}" in listed
    for chart in article.charts:
        for ident in chart.data:
            for point in content.datasets[ident].points:
                for series in point.values:
                    assert f"data {ident}/{series}/{point.date.isoformat()}" in listed
    assert len([line for line in listed if line.startswith("claim ")]) == len(article.claims)
    for source in article.sources:
        assert f"source {source}" in listed
    block = result.out.split("- key figure burials:")[1].split("\n- ")[0]
    assert block.splitlines() == [
        " more than 1,500 people", "    stated: more than 1,500", "    as of: 31 May 2022",
        "    counts: burials from all causes", "    status: agrees with stated",
        "    source: ap-2022-05-31, by Oleksandr Striuk, mayor of Sievierodonetsk",
        "    used: key figures box; text line 27"]
    assert "status: disputed" in result.out


def test_the_sheet_as_html_is_written_outside_the_site(tmp_path):
    root = copy_repository_site(tmp_path / "site")
    target = tmp_path / "desk" / "sheet.html"
    result = run_build(root, "factsheet", "civilian-toll", "--html", str(target))
    assert result.code == 0, result.err
    page = target.read_text(encoding="utf-8")
    assert "<td>key figure killed-to-2026-01</td><td>15,172 people</td><td>15,172</td>" in page
    assert "archived copy" not in page and "webarchive.archive.unhcr.org" in page
    assert not re.search(r"<(script|link|img)\b", page), "the sheet fetches nothing"
    assert not (root / "public").exists()


def test_the_sheet_refuses_to_write_into_public_or_the_sources(tmp_path):
    root = copy_repository_site(tmp_path / "site")
    for inside, what in (("public/sheet.html", "public/, which the build publishes"),
                         ("content/sheet.html", "content/, which the build reads"),
                         ("templates/sheet.html", "templates/, which the build reads")):
        result = run_build(root, "factsheet", SLUG, "--html", str(root / inside))
        assert result.code == 1
        assert f"--html would write inside {what}: write the sheet elsewhere" in result.err
        assert not (root / inside).exists()


def test_an_unknown_article_is_named(tmp_path):
    root = copy_repository_site(tmp_path / "site")
    result = run_build(root, "factsheet", "no-such-story")
    assert result.code == 1
    assert result.err.strip() == "content/articles/no-such-story.yaml:1: no article 'no-such-story'; the articles " \
                                 "are: battle-for-sievierodonetsk, civilian-toll"
