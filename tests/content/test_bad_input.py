"""Bad input: each case exits 1, names the file and line, prints no traceback, leaves public/ alone."""

from __future__ import annotations

import pytest
from support import run_build, snapshot, write_files

ARTICLE = "content/articles/first-story.yaml"
BODY = "content/articles/first-story.md"
DATA = "content/data/counts.yaml"


def replace_in(name: str, old: str, new: str):
    """An edit that replaces text in one file of the tiny site."""

    def edit(root):
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(name: str, data):
    """An edit that writes (or overwrites) a file."""
    return lambda root: write_files(root, {name: data})


def remove(name: str):
    """An edit that deletes a file."""
    return lambda root: (root / name).unlink()


# (id, edit, expected "path:line" prefix, expected words in the message)
CASES = [
    ("malformed-yaml", replace_in(ARTICLE, "dek: What happened first.", "dek: [unclosed"),
     f"{ARTICLE}:3", "malformed YAML"),
    ("wrong-type-title", replace_in(ARTICLE, "title: First story", "title: [a, b]"),
     f"{ARTICLE}:1", "'title': expected text"),
    ("missing-field", replace_in(ARTICLE, "dek: What happened first.\n", ""),
     f"{ARTICLE}:1", "missing the required field 'dek'"),
    ("unknown-key-typo", replace_in(ARTICLE, "tags: [test]", "tgas: [test]"),
     f"{ARTICLE}:6", "unknown key 'tgas' in article metadata (did you mean 'tags'?)"),
    ("bad-date", replace_in(ARTICLE, "published: 2022-06-01", "published: 2022-13-45"),
     f"{ARTICLE}:3", "'published': expected a date written YYYY-MM-DD"),
    ("unknown-source", replace_in(ARTICLE, "    source: un-report", "    source: un-reprot"),
     f"{ARTICLE}:14", "'source': unknown source 'un-reprot' (did you mean 'un-report'?)"),
    ("key-figure-without-source", replace_in(ARTICLE, "    source: un-report\n", ""),
     f"{ARTICLE}:8", "a key figure is missing the required field 'source'"),
    ("key-figure-without-as-of", replace_in(ARTICLE, "    as_of: 2022-04-01\n", ""),
     f"{ARTICLE}:8", "a key figure is missing the required field 'as_of'"),
    ("duplicate-slug", lambda root: write_files(root, {"content/pages/first-story.md":
                                                       "---\ntitle: X\ndescription: Y\n---\nText\n"}),
     "content/pages/first-story.md:1", "slug 'first-story' is already used by content/articles/first-story.md"),
    ("unsafe-file-name", lambda root: write_files(root, {"content/pages/Bad Name.md": "---\ntitle: X\ndescription: Y\n---\n"}),
     "content/pages/Bad Name.md:1", "file name 'Bad Name' is not a valid slug"),
    ("unsafe-chart-id", replace_in(ARTICLE, "id: counts-chart", "id: ../../etc"),
     f"{ARTICLE}:16", "'id': '../../etc' is not a valid id"),
    ("non-utf8", write(BODY, "## Caf\u00e9\n".encode("latin-1")),
     f"{BODY}:1", "not valid UTF-8"),
    ("non-utf8-later-line", write(BODY, b"## Fine\n\nstill fine\n\nbad \xff byte\n"),
     f"{BODY}:5", "not valid UTF-8"),
    ("empty-yaml", write(ARTICLE, ""), f"{ARTICLE}:1", "file is empty"),
    ("script-in-markdown", replace_in(BODY, "## Beginning", "## Beginning\n\n<script>alert(1)</script>"),
     f"{BODY}:3", "HTML that is never allowed: <script> is not allowed"),
    ("raw-html-off", replace_in(BODY, "See [how", "See <b>bold</b> [how"),
     f"{BODY}:7", "raw HTML is not allowed"),
    ("javascript-link", replace_in(BODY, "(/about/)", "(javascript:alert(1))"),
     f"{BODY}:7", "link to 'javascript:alert(1)' is not allowed"),
    ("broken-internal-link", replace_in(BODY, "(/about/)", "(/abuot/)"),
     f"{BODY}:7", "broken link '/abuot/'"),
    ("unknown-chart", replace_in(BODY, "::: chart counts-chart", "::: chart count-chart"),
     f"{BODY}:5", "unknown chart 'count-chart'"),
    ("unknown-figure", replace_in(BODY, "{fig}`dead`", "{fig}`deaths`"),
     f"{BODY}:3", "unknown key figure 'deaths'"),
    ("unknown-data-date", replace_in(BODY, "2022-04-01`", "2022-04-02`"),
     f"{BODY}:3", "dataset 'counts' has no 'killed' value on 2022-04-02"),
    ("broken-template", replace_in("templates/article.html", "{% block main %}", "{% block main %}{% if %}"),
     "templates/article.html:", "Expected an expression"),
    ("undefined-in-template", replace_in("templates/index.html", "{{ site.description | typo }}", "{{ site.nonexistent }}"),
     "templates/index.html:", "nonexistent"),
    ("negative-count", replace_in(DATA, "killed: 10", "killed: -10"),
     f"{DATA}:10", "'killed': must not be negative (got -10)"),
    ("point-without-source", replace_in(DATA, "    injured: 20\n    source: un-report\n", "    injured: 20\n"),
     f"{DATA}:9", "a data point is missing the required field 'source'"),
    ("unknown-series", replace_in(DATA, "injured: 31", "injurd: 31"),
     f"{DATA}:15", "unknown series 'injurd' in a data point (did you mean 'injured'?)"),
    ("duplicate-key", replace_in(ARTICLE, "tags: [test]", "tags: [test]\ntags: [other]"),
     f"{ARTICLE}:7", "duplicate key 'tags' (first on line 6)"),
    ("yaml-alias-bomb", write(DATA, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
     f"{DATA}:2", "anchors and aliases"),
    ("tabs-in-yaml", replace_in(ARTICLE, "byline: [Test desk]", "byline:\n\t- Test desk"), f"{ARTICLE}:5", "malformed YAML"),
    ("unknown-status", replace_in(ARTICLE, "status: unverified", "status: unverifed"),
     f"{ARTICLE}:27", "'status': expected one of confirmed, unverified, disputed, got text ('unverifed') (did you mean 'unverified'?)"),
    ("unknown-chart-kind", replace_in(ARTICLE, "kind: line", "kind: pie"),
     f"{ARTICLE}:17", "'kind': expected one of"),
    ("unknown-dataset", replace_in(ARTICLE, "data: [counts]", "data: [count]"),
     f"{ARTICLE}:18", "item 1: unknown dataset 'count' (did you mean 'counts'?)"),
    ("unknown-event", replace_in(ARTICLE, "events: [start]", "events: [begin]"),
     f"{ARTICLE}:21", "item 1: unknown event 'begin'"),
    ("md-without-yaml", remove(ARTICLE), f"{BODY}:1", "article without metadata"),
    ("stray-file", write("content/articles/notes.txt", "x"), "content/articles/notes.txt:1", "unexpected file"),
    ("missing-site-yaml", remove("site/site.yaml"), "site/site.yaml:1", "site configuration is missing"),
    ("site-yaml-unknown-key", replace_in("site/site.yaml", "publisher:", "publsher:"),
     "site/site.yaml:3", "unknown key 'publsher' in site.yaml (did you mean 'publisher'?)"),
    ("binary-file", write(BODY, b"\x89PNG\r\n\x1a\n\x00\x00binary"), f"{BODY}:", "binary"),
    ("page-without-front-matter", write("content/pages/about.md", "Just text\n"),
     "content/pages/about.md:1", "must start with front matter"),
    ("page-front-matter-typo", replace_in("content/pages/about.md", "description:", "desciption:"),
     "content/pages/about.md:3", "unknown key 'desciption'"),
    ("source-bad-url", replace_in("content/sources.yaml", "url: https://example.org/report", "url: example.org"),
     "content/sources.yaml:4", "not an absolute http(s) URL"),
]


@pytest.mark.parametrize("edit, where, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_cleanly(tiny_site, edit, where, words):
    assert run_build(tiny_site).code == 0
    before = snapshot(tiny_site / "public")
    edit(tiny_site)
    result = run_build(tiny_site)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.startswith(where)]
    assert any(words in line for line in lines), result.err
    assert snapshot(tiny_site / "public") == before
    assert not list(tiny_site.glob(".public.*"))


def test_all_errors_are_reported_in_one_run(tiny_site):
    replace_in(ARTICLE, "title: First story", "title: [a]")(tiny_site)
    replace_in(DATA, "killed: 10", "killed: -10")(tiny_site)
    replace_in(BODY, "::: chart counts-chart", "::: chart nope")(tiny_site)
    result = run_build(tiny_site)
    assert result.code == 1
    assert f"{ARTICLE}:1:" in result.err and f"{DATA}:10:" in result.err
    assert "problems; public/ was left as it was." in result.err


def test_debug_shows_a_traceback(tiny_site):
    replace_in(ARTICLE, "title: First story", "title: [a]")(tiny_site)
    result = run_build(tiny_site, "--debug")
    assert result.code == 1 and "Traceback" in result.err
