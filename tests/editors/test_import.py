"""`build.py import`: a plain-text report becomes a draft that keeps the text and quotations, drops the
promotional lines and lists every number as a key-figure candidate."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import run_build

from explainer.content.sourcefile import parse_yaml
from explainer.editors.figures import figures_in
from explainer.editors.importer import escape_markdown
from explainer.editors.wiretext import promo_reason
from explainer.render.markdown import Resolver, render_markdown

REPORTS = Path(__file__).parent / "fixtures" / "reports"

# For each report: the slug it gets, sentences the draft must keep, lines it must drop, and the figures
# (value, qualifier, unit) it must list.
CASES = {
    "wire-azot.txt": dict(
        slug="hundreds-shelter-in-chemical-plant-as-fighting-grips",
        kept=["Some 568 civilians, including 38 children, were sheltering in bunkers beneath the Azot chemical "
              "plant on Wednesday, regional officials said, as street fighting for the city went on.",
              "More than 1,500 people have been buried in the city since the war began",
              "Officials said about 12,000-13,000 people remained in a city that had a pre-war population of "
              "around 100,000."],
        quotes=['> "People are sitting in the basements without water and without light," said Olena Marchenko, '
                'a volunteer who helped to organise evacuations before the last bridge was destroyed. "We cannot '
                'reach them any more."'],
        dropped=["Download our app", "Reporting by", "Follow us on Telegram", "All rights reserved",
                 "By Example Staff Reporter", "SIEVIERODONETSK, Ukraine"],
        figures=[(568, "about", "civilians"), (38, None, "children"), (1500, "more than", "people"),
                 (12000, "at least", "people"), (100000, "about", None)],
        places=["Sievierodonetsk"]),
    "app-displacement.txt": dict(
        slug="un-agency-2-5-million-more-people-displaced-as-eastern",
        kept=["The number of people forced from their homes inside the country rose by 2.5 million in a month",
              "The agency said 40% of those newly displaced came from the east, and that nearly 60 percent of "
              "them were women.",
              "The agency counted over 7 million internally displaced people in total."],
        quotes=["> “Every day we see families arriving with nothing,” a spokesperson for the agency told a "
                "briefing in Geneva. “Many of them had already fled once, in 2014.\n>\n> “What they need first "
                "is shelter, water and cash,” she added."],
        dropped=["Share this article", "Read more", "Subscribe to our newsletter", "Click here",
                 "Published 3 June 2022"],
        figures=[(2500000, None, None), (40, None, "percent"), (60, "nearly", "percent"),
                 (7000000, "more than", None)],
        places=["Kyiv"]),
    "wire-lysychansk.txt": dict(
        slug="lysychansk-evacuation-convoy-leaves-as-shelling-intensifies",
        kept=["A convoy of 14 buses left Lysychansk on Tuesday",
              'and that there was "no safe place left" in the old town.',
              "Residents used a messaging app to coordinate the evacuation, sending lists of names to "
              "volunteers, who told drivers to follow the river road.",
              "Before the war, Lysychansk was home to about 100,000 people."],
        quotes=[],
        dropped=["Advertisement", "Get the ENA app", "Sign up for our morning briefing", "https://example.org",
                 "#Ukraine"],
        figures=[(14, None, "buses"), (300, "about", "residents"), (15000, "up to", "people"),
                 (60, "at least", "houses"), (100000, "about", "people")],
        places=["Lysychansk"]),
}


def import_report(root: Path, name: str):
    result = run_build(root, "import", str(REPORTS / name))
    assert result.code == 0, result.err
    slug = CASES[name]["slug"]
    folder = root / "content" / "articles"
    return (result, (folder / f"{slug}.md").read_text(encoding="utf-8"),
            (folder / f"{slug}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_keeps_the_text_and_drops_the_promotion(tiny_site, name):
    case = CASES[name]
    result, markdown, yaml_text = import_report(tiny_site, name)
    paragraphs = markdown.split("\n\n")
    assert paragraphs[0].startswith("**TODO: imported text. Rewrite it in our own words before publishing.**")
    assert yaml_text.startswith(f"# IMPORTED from {name} by build.py import.")
    assert "rewrite it in our own words" in yaml_text
    for sentence in case["kept"]:
        assert sentence in markdown
    for quote in case["quotes"]:
        assert quote in paragraphs
    assert sum(p.startswith(">") for p in paragraphs) == len(case["quotes"])
    body = "\n\n".join(paragraphs[1:])  # the notice names the dateline; the text must not keep it
    for line in case["dropped"]:
        assert line not in body, f"{line!r} should have been left out"
    assert "Left out" in result.out


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_lists_every_figure_with_source_and_date_to_fill(tiny_site, name):
    case = CASES[name]
    _, _, yaml_text = import_report(tiny_site, name)
    data = parse_yaml(yaml_text)
    listed = [(f["value"], f.get("qualifier"), f.get("unit")) for f in data["key_figures"]]
    assert listed == case["figures"]
    assert all(f["source"] == "TODO" and f["as_of"] == "TODO" and f["label"] == "TODO"
               for f in data["key_figures"])
    assert data["draft"] is True and data["sources"] == ["TODO"] and data["places"] == case["places"]
    # each candidate carries its sentence as a comment right above it
    lines = yaml_text.split("\n")
    for figure in data["key_figures"]:
        index = lines.index(f"  - id: {figure['id']}")
        assert lines[index - 1].startswith("  # "), lines[index - 1]


def test_imported_draft_previews_and_production_names_its_todos(tiny_site):
    _, _, yaml_text = import_report(tiny_site, "wire-azot.txt")
    preview = run_build(tiny_site, "--drafts", "--out", str(tiny_site / "public"))
    assert preview.code == 0, preview.err
    page = (tiny_site / "public" / CASES["wire-azot.txt"]["slug"] / "index.html").read_text(encoding="utf-8")
    assert "<blockquote>" in page and "We cannot reach them any more." in page
    production = run_build(tiny_site, "--out", str(tiny_site / "public"))
    assert production.code == 0 and not (tiny_site / "public" / CASES["wire-azot.txt"]["slug"]).exists()
    yaml_todos = [n for n, line in enumerate(yaml_text.split("\n"), start=1) if "TODO" in line]
    for number in yaml_todos:
        assert f"{CASES['wire-azot.txt']['slug']}.yaml:{number}: TODO left in a draft" in production.err
    assert f"{CASES['wire-azot.txt']['slug']}.md:1: TODO left in a draft" in production.err


def test_import_refuses_to_overwrite_and_reports_bad_files(tiny_site, tmp_path):
    import_report(tiny_site, "wire-azot.txt")
    again = run_build(tiny_site, "import", str(REPORTS / "wire-azot.txt"))
    assert again.code == 1 and "already exists, and an article is never overwritten" in again.err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Headline\n\nCaf\xe9 shelled.\n".encode("latin-1"))
    bad = run_build(tiny_site, "import", str(latin1))
    assert bad.code == 1
    assert bad.err.strip() == f"{latin1}:3: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    promo_only = tmp_path / "promo.txt"
    promo_only.write_text("Headline\n\nDownload our app now.\n", encoding="utf-8")
    empty = run_build(tiny_site, "import", str(promo_only))
    assert empty.code == 1 and "no text to import" in empty.err
    missing = run_build(tiny_site, "import", str(tmp_path / "missing.txt"))
    assert missing.code == 1 and "missing.txt:1: No such file or directory" in missing.err


def test_markdown_in_a_report_is_printed_as_text(tiny_site, tmp_path):
    report = tmp_path / "tricky.txt"
    report.write_text("Tricky report\n\n1. The first point was <b>bold</b> and *starred* [here](x).\n\n"
                      "# not a heading\n\n- not a list, 5_000 {fig}`x` ::: chart y\n", encoding="utf-8")
    assert run_build(tiny_site, "import", str(report)).code == 0
    preview = run_build(tiny_site, "--drafts", "--out", str(tiny_site / "public"))
    assert preview.code == 0, preview.err
    page = (tiny_site / "public" / "tricky-report" / "index.html").read_text(encoding="utf-8")
    assert "<p>1. The first point was &lt;b&gt;bold&lt;/b&gt; and *starred* [here](x).</p>" in page
    assert "<p># not a heading</p>" in page
    assert "<p>- not a list, 5_000 {fig}`x` ::: chart y</p>" in page


@pytest.mark.parametrize("text", [
    "1. one", "# hash", "> quote", "- dash", "+ plus", "a <b> & &amp; c", "*x* _y_ `z` [l](u) ~~s~~ a|b",
    "::: chart x", "2022) year", "back\\slash",
])
def test_escaped_text_renders_exactly(text):
    html = render_markdown(escape_markdown(text), Resolver()).html
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html.strip() == f"<p>{expected}</p>"


@pytest.mark.parametrize("line, why", [
    ("Download our app for the latest news from Ukraine.", "app download"),
    ("Get the ENA app: news, alerts and live updates.", "app download"),
    ("Available on the App Store and Google Play", "app download"),
    ("Subscribe to our newsletter.", "subscription"),
    ("Stay informed: sign up for alerts", "subscription"),
    ("Follow us on Telegram: t.me/example", "follow us"),
    ("Join our channel on Viber for updates", "follow us"),
    ("Click here to read the full report", "click here"),
    ("Read more: Evacuation trains leave Lysychansk", "read more"),
    ("RELATED:", "read more"),
    ("Share this article on Facebook", "share prompt"),
    ("© 2022 Example News Agency", "copyright"),
    ("Copyright 2022 ENA. All rights reserved.", "copyright"),
    ("Advertisement", "advertising"),
    ("Support independent journalism: donate today", "support us"),
    ("Reporting by A. Writer; Editing by B. Editor", "credit line"),
    ("https://example.org/live", "web address"),
    ("#Ukraine #StandWithUkraine", "hashtags"),
    ("* * *", "separator"),
    # sentences of the report itself
    ("Residents used a messaging app to coordinate the evacuation.", None),
    ("Volunteers told drivers to follow the river road.", None),
    ("Share prices of the plant's owner fell.", None),
    ("The governor said residents could register now for evacuation buses at the school.", None),
    ("Related fighting was reported near Lysychansk, officials said.", None),
    ("The governor urged residents to download the state app to register for evacuation, saying " + "x " * 40,
     None),
])
def test_promotional_lines(line, why):
    assert promo_reason(line) == why


@pytest.mark.parametrize("sentence, figures", [
    ("More than 1,500 people were buried.", [(1500, "more than", "people", None)]),
    ("Over 1,500 graves were dug.", [(1500, "more than", "graves", None)]),
    ("It had 100,000 residents.", [(100000, None, "residents", None)]),
    ("About 12,000-13,000 people remained.", [(12000, "about", "people", 13000)]),
    ("Between 12,000 to 13,000 stayed.", [(12000, None, None, 13000)]),
    ("They included 38 children.", [(38, None, "children", None)]),
    ("Some 2.5 million fled.", [(2500000, "about", None, None)]),
    ("Nearly 40% left, and 60 per cent were women.", [(40, "nearly", "percent", None),
                                                       (60, None, "percent", None)]),
    ("Up to 15\u202f000 people stayed, and 1\u00a0500 of them were children.",
     [(15000, "up to", "people", None), (1500, None, None, None)]),
    ("It happened on 15 June 2022 at 09:41, as in 2014.", []),
    ("On June 15, Su-25 jets and COVID-19 were the 6th topic.", []),
    ("At least 60 houses and fewer than 10 shelters.", [(60, "at least", "houses", None),
                                                        (10, "fewer than", "shelters", None)]),
])
def test_figures_in_a_sentence(sentence, figures):
    found = [(f.value, f.qualifier, f.unit, f.high) for f in figures_in(sentence)]
    assert found == figures
