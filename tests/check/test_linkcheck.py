"""The built-site link checker, on hand-made folders and on real builds of the tiny site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import run_build, write_files

from explainer.check.links import check_links
from explainer.errors import Problem

PAGE = '<!doctype html><html><head>{head}</head><body id="top-of-page">\n{body}\n</body></html>'


def page(body: str = "", head: str = "") -> str:
    return PAGE.format(head=head, body=body)


GOOD_FILES = {
    "index.html": page('<a href="/repo/about/">About</a> <a href="about/#team">Team</a> <a href="#top-of-page">Up</a>',
                       '<link rel="stylesheet" href="/repo/assets/style.css">'),
    "about/index.html": page('<h2 id="team">Team</h2><img src="../assets/logo.png" alt="">'
                             '<img srcset="/repo/assets/logo.png 1x, /repo/assets/logo.png 2x" alt="">'
                             '<a href="https://example.org/elsewhere">Elsewhere</a> <a href="mailto:desk@example.org">Mail</a>'),
    "assets/style.css": "body { background: url('logo.png'); } .x { fill: url(#pattern); }",
    "assets/logo.png": b"\x89PNG",
    "404.html": page('<a href="/repo/">Home</a>', '<link rel="stylesheet" href="/repo/assets/style.css">'),
}


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    write_files(tmp_path, GOOD_FILES)
    return tmp_path


def test_a_site_whose_links_all_resolve_has_no_problems(good_site):
    assert check_links(good_site, "/repo/") == []


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("index.html", page('<a href="/repo/about/#nobody">x</a>'),
     "index.html:2: broken anchor '/repo/about/#nobody': no id 'nobody' in about/index.html"),
    ("index.html", page('<a href="#nowhere">x</a>'),
     "index.html:2: broken anchor '#nowhere': no id 'nowhere' in this page"),
    ("index.html", page('<img src="/repo/assets/missing.png" alt="">'),
     "index.html:2: broken link '/repo/assets/missing.png': no file assets/missing.png in the build"),
    ("index.html", page('<a href="/about/">x</a>'),
     "index.html:2: broken link '/about/': outside the site's base path /repo/"),
    ("index.html", page('<a href="/repo/about">x</a>'),
     "index.html:2: broken link '/repo/about': 'about' is a folder: end the link with '/'"),
    ("index.html", page('<script src="https://cdn.example.com/lib.js"></script>'),
     "index.html:2: loads 'https://cdn.example.com/lib.js' from another host"),
    ("index.html", page('<h2 id="a">A</h2>\n<h2 id="a">Again</h2>'),
     "index.html:3: duplicate id 'a': links to #a are ambiguous"),
    ("404.html", page(head='<link rel="stylesheet" href="assets/style.css">'),
     "404.html:1: relative link 'assets/style.css' in the 404 page breaks when it is served at a deeper URL"),
    ("assets/style.css", "h1 {}\nbody { background: url(\"../img/gone.png\"); }",
     "assets/style.css:2: broken link '../img/gone.png': no file img/gone.png in the build"),
    ("feed.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://news.example/repo/gone/"/></feed>',
     "feed.xml:1: broken link 'https://news.example/repo/gone/': no file gone/index.html in the build"),
])
def test_each_kind_of_broken_reference_is_named_with_its_file_and_line(good_site, path, text, expected):
    write_files(good_site, {path: text})
    assert [str(p) for p in check_links(good_site, "/repo/", origin="https://news.example")] == [expected]


def test_the_origin_makes_absolute_links_to_the_site_itself_checked(good_site):
    write_files(good_site, {"index.html": page('', '<meta property="og:image" content="https://news.example/repo/x.png">')})
    assert check_links(good_site, "/repo/") == []  # without an origin it is just another host
    assert check_links(good_site, "/repo/", origin="https://news.example") == [
        Problem("index.html", 1, "broken link 'https://news.example/repo/x.png': no file x.png in the build")]


def test_the_source_a_page_was_made_from_is_named(good_site):
    write_files(good_site, {"story/index.html": page('<a href="#gone">x</a>')})
    problems = check_links(good_site, "/repo/", origins={"story/index.html": "content/articles/story.md"})
    assert [p.message for p in problems] == [
        "broken anchor '#gone': no id 'gone' in this page (made from content/articles/story.md)"]


BROKEN_ARTICLE = """\
    ## Beginning

    At least {fig}`dead` were killed.

    See [the team](/about/#nobody) and the map:

    ![A map](/assets/missing-map.png)
    """


def test_build_check_lists_a_broken_anchor_and_a_missing_image_with_their_source(tiny_site):
    write_files(tiny_site, {"content/articles/first-story.md": BROKEN_ARTICLE})
    result = run_build(tiny_site, "check", "--base-url", "/explainer/")
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.startswith("public/")]
    made_from = "(made from content/articles/first-story.md)"
    assert len(lines) == 2, result.err
    assert lines[0].startswith("public/first-story/index.html:")
    assert lines[0].endswith(f": broken anchor '/explainer/about/#nobody': no id 'nobody' in about/index.html {made_from}")
    assert lines[1].endswith(": broken link '/explainer/assets/missing-map.png': no file assets/missing-map.png "
                             f"in the build {made_from}")
    assert "Check failed: 2 problems." in result.err


def test_build_check_passes_on_a_good_site_and_writes_nothing_to_public(tiny_site):
    result = run_build(tiny_site, "check", "--base-url", "https://example.github.io/explainer/")
    assert result.code == 0, result.err
    assert "every link, anchor, image, stylesheet and script resolves" in result.out
    assert not (tiny_site / "public").exists()


def test_the_same_content_builds_for_a_domain_root_and_a_subpath(tiny_site, tmp_path):
    at_root, at_subpath = tmp_path / "root", tmp_path / "subpath"
    assert run_build(tiny_site, "--base-url", "/", "--out", str(at_root)).code == 0
    assert run_build(tiny_site, "--base-url", "/explainer/", "--out", str(at_subpath)).code == 0
    assert check_links(at_root, "/") == []
    assert check_links(at_subpath, "/explainer/") == []
    files = sorted(p.relative_to(at_root).as_posix() for p in at_root.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(at_subpath).as_posix() for p in at_subpath.rglob("*") if p.is_file())
    for name in files:
        root_text = (at_root / name).read_bytes()
        subpath_text = (at_subpath / name).read_bytes()
        # The only difference between the two builds is the base path in front of each link.
        assert re.sub(rb'(["(]|&#34;)/explainer/', rb"\1/", subpath_text) == root_text, name
    # And the checker is not fooled: the subpath build, read as if served at the root, is broken.
    assert any("outside" in p.message or "no file" in p.message for p in check_links(at_subpath, "/"))
