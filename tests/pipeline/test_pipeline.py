"""Each pipeline stage on the tiny site, then the whole build."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from support import ROOT, run_build, snapshot

from explainer.charts import make_charts
from explainer.content.collect import collect_content
from explainer.content.config import load_site
from explainer.content.validate import validate_content
from explainer.errors import BuildError, Problems
from explainer.output.urls import Urls, normalize_base_url
from explainer.output.write import Output, write_site
from explainer.pipeline.build import build
from explainer.render.compose import compose_explainer
from explainer.render.markdown import Resolver, render_markdown, slugify


def load(root):
    problems = Problems(root=root)
    site = load_site(root, problems)
    content = validate_content(site, collect_content(site, problems), problems)
    assert not problems.found, problems.found
    return content


def test_config_reads_site_yaml_and_overrides(tiny_site):
    problems = Problems(root=tiny_site)
    site = load_site(tiny_site, problems, base_url="explainer")
    assert site.title == "Tiny site" and site.base_url == "/explainer/" and site.language == "en"
    assert site.author == "Test desk" and site.nav == ("about",) and site.out == tiny_site / "public"


def test_collect_and_validate_build_the_model(tiny_site):
    content = load(tiny_site)
    article = content.articles[0]
    assert article.slug == "first-story" and article.published == dt.date(2022, 6, 1)
    assert article.key_figures[0].value == 15 and article.key_figures[0].line == 8
    assert article.charts[0].data == ("counts",) and article.claims[0].status == "unverified"
    assert [p.slug for p in content.pages] == ["about"] and content.pages[0].body_line == 5
    assert content.datasets["counts"].points[1].values == {"killed": 15, "injured": 31}
    assert set(content.sources) == {"un-report", "news-report"}


def test_compose_numbers_sources_in_reading_order(tiny_site):
    content = load(tiny_site)
    charts = make_charts(content, Problems(root=tiny_site))
    explainer = compose_explainer(content.articles[0], content, charts, Urls("/"), Problems(root=tiny_site))
    assert [s.id for _, s in explainer.sources.entries()] == ["un-report", "news-report"]
    md = explainer.markdown
    assert md.startswith("# First story\n\n*What happened first.*")
    assert "- **at least 15 people**: People killed (as of 1 April 2022) [1]" in md
    assert "At least at least 15 people [1] were killed; by April it was 15 [1]." in md
    assert "**Unverified: not independently confirmed.** [2]" in md
    assert "1. United Nations, [A report](https://example.org/report), 1 May 2022" in md
    assert "## Corrections and updates\n\n- **Corrected 2 June 2022:** Fixed a figure." in md
    assert "Data: [CSV](/charts/counts-chart.csv)" in md


@pytest.mark.parametrize("text, expected", [
    ("Azot plant", "azot-plant"), ("Sievierodonetsk’s fall!", "sievierodonetsks-fall"),
    ("Київ", "section"), ("  --  ", "section"),
])
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_render_markdown_plugins():
    rendered = render_markdown("## One\n\n### Two\n\nText[^n].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^n]: A note.\n",
                               Resolver())
    assert '<h2 id="one">One</h2>' in rendered.html and '<h3 id="two">Two</h3>' in rendered.html
    assert 'class="footnote-ref"' in rendered.html and "<table>" in rendered.html
    assert rendered.toc == [(2, "one", "One"), (3, "two", "Two")] and rendered.problems == []


def test_raw_html_allowed_by_setting_but_never_scripts():
    allowed = render_markdown("<b>bold</b> and <i onclick=\"x()\">i</i>\n", Resolver(), allow_raw_html=True)
    assert allowed.problems == [(1, "HTML that is never allowed: attribute 'onclick' is not allowed on <i>")]
    assert render_markdown("<b>bold</b>\n", Resolver(), allow_raw_html=True).problems == []


@pytest.mark.parametrize("given, base", [
    ("/", "/"), ("", "/"), ("explainer", "/explainer/"), ("/explainer", "/explainer/"),
    ("https://example.github.io/explainer", "https://example.github.io/explainer/"),
    ("https://example.org", "https://example.org/"),
])
def test_base_urls_normalize(given, base):
    assert normalize_base_url(given) == base


def test_urls_under_a_subpath():
    urls = Urls("https://example.github.io/explainer/")
    assert urls.path("about/") == "/explainer/about/" and urls.path("") == "/explainer/"
    assert urls.absolute("about/") == "https://example.github.io/explainer/about/"


def test_write_refuses_two_outputs_for_one_path(tiny_site):
    problems = Problems(root=tiny_site)
    output = Output()
    output.add("a/index.html", "one", "content/articles/a.md", problems)
    output.add("a/index.html", "two", "content/pages/a.md", problems)
    output.add("../escape.html", "x", "content/pages/b.md", problems)
    assert [str(p) for p in problems.found] == [
        "content/pages/a.md:1: two outputs for one path: 'a/index.html' is also made by content/articles/a.md",
        "content/pages/b.md:1: output path '../escape.html' would leave the site folder",
    ]


def test_write_swaps_in_and_cleans_leftovers(tmp_path):
    out = tmp_path / "public"
    (tmp_path / ".public.staging-999").mkdir()
    (tmp_path / ".public.staging-999" / "junk").write_text("x")
    output = Output()
    output.add("index.html", "new", "test", Problems(root=tmp_path))
    write_site(output, out)
    write_site(output, out)
    assert snapshot(out) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_build_writes_the_site(tiny_site):
    result = build(tiny_site)
    files = snapshot(tiny_site / "public")
    assert result.pages == 6 and result.charts == 1  # home, article, about, corrections, 404, the chart's embed page
    assert {"index.html", "404.html", "first-story/index.html", "first-story/index.md", "about/index.html",
            "charts/counts-chart.csv", ".nojekyll"} <= set(files)
    html = files["first-story/index.html"].decode()
    assert '<html lang="en">' in html and 'href="#main"' in html and "<main" in html
    assert 'href="#source-1"' in html and '<li id="source-2">' in html
    assert 'href="/about/"' in html
    assert "Content-Security-Policy" in html and "<style" not in html and "<script>" not in html


def test_drafts_only_with_the_flag(tiny_site):
    path = tiny_site / "content/articles/first-story.yaml"
    path.write_text(path.read_text().replace("draft", "draft") + "draft: true\n")
    build(tiny_site)
    assert not (tiny_site / "public/first-story").exists()
    build(tiny_site, drafts=True)
    assert "Draft: not published" in (tiny_site / "public/first-story/index.html").read_text()


def test_problems_raise_build_error(tiny_site):
    (tiny_site / "content/articles/first-story.md").write_text("::: chart nope\n")
    with pytest.raises(BuildError) as caught:
        build(tiny_site)
    assert str(caught.value.problems[0]).startswith("content/articles/first-story.md:1: unknown chart 'nope'")


def test_example_site_builds_and_is_byte_identical(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outs = []
    for index, tz in enumerate(["UTC", "Asia/Tokyo"]):
        out = tmp_path / f"out{index}"
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out)], capture_output=True,
                              text=True, env={**env, "TZ": tz}, timeout=600)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Built ")
        outs.append(snapshot(out))
    assert outs[0] == outs[1]
    files = outs[0]
    assert {"battle-for-sievierodonetsk/index.html", "civilian-toll/index.html", "methodology/index.html",
            "about/index.html", "battle-for-sievierodonetsk/index.md"} <= set(files)
    battle = files["battle-for-sievierodonetsk/index.html"].decode()
    assert "1,500" in battle and "from all causes" in battle and "not verified war deaths" in battle.replace("\n", " ")
    home = files["index.html"].decode()
    assert home.index("civilian-toll/") < home.index("battle-for-sievierodonetsk/")  # newest first


def test_help_lists_options():
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for option in ("--base-url", "--out", "--drafts", "--debug"):
        assert option in done.stdout


def test_a_second_build_after_a_failure_still_works(tiny_site):
    assert run_build(tiny_site).code == 0
    body = tiny_site / "content/articles/first-story.md"
    good = body.read_text()
    body.write_text(good + "\n::: chart missing\n")
    assert run_build(tiny_site).code == 1
    body.write_text(good)
    assert run_build(tiny_site).code == 0


def test_month_precision_dates_print_as_months(tiny_site):
    path = tiny_site / "content/articles/first-story.yaml"
    path.write_text(path.read_text().replace("date: 2022-05-02", "date: 2022-05"))
    build(tiny_site)
    html = (tiny_site / "public/first-story/index.html").read_text()
    assert '<time datetime="2022-05">May 2022</time>' in html


def test_problems_set_apart_are_handed_back_not_kept(tmp_path):
    problems = Problems(root=tmp_path)
    problems.add("a.yaml", 1, "before")
    with problems.set_apart() as (found, warnings):
        problems.add("b.yaml", 2, "inside")
        problems.warn("b.yaml", 3, "a warning")
    assert [str(p) for p in found] == ["b.yaml:2: inside"] and [str(w) for w in warnings] == ["b.yaml:3: a warning"]
    assert [str(p) for p in problems.found] == ["a.yaml:1: before"] and problems.warnings == []
    with pytest.raises(RuntimeError), problems.set_apart() as (found, _):
        problems.add("c.yaml", 4, "then a crash")
        raise RuntimeError("bug")
    assert [str(p) for p in found] == ["c.yaml:4: then a crash"] and len(problems.found) == 1
