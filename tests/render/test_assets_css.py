"""Stylesheets refer to the hashed names of the files they use, so every asset can be cached forever."""

from __future__ import annotations

from support import run_build, write_files

from explainer.check.links import check_links
from explainer.errors import Problems
from explainer.render.assets import collect_assets

CSS = """\
@font-face { font-family: Body; src: url("fonts/body.woff2") format("woff2"); }
.mark { background: url(img/mark.png); }
.pattern { fill: url(#stripes); }
.far { background: url('../elsewhere.png'); }
"""


def test_css_urls_name_hashed_files_relative_to_the_stylesheet(tmp_path):
    write_files(tmp_path / "static", {"css/site.css": CSS, "css/fonts/body.woff2": b"wOF2", "css/img/mark.png": b"PNG"})
    assets = collect_assets(tmp_path / "static", Problems(tmp_path))
    css = assets.files[assets.path("css/site.css")].decode()
    font, mark = assets.path("css/fonts/body.woff2"), assets.path("css/img/mark.png")
    assert f'url("{font.removeprefix("assets/css/")}")' in css and font.startswith("assets/css/fonts/body.")
    assert f"url({mark.removeprefix('assets/css/')})" in css
    assert "url(#stripes)" in css and "url('../elsewhere.png')" in css  # not ours to rewrite


def test_changing_a_font_changes_the_stylesheets_hash(tmp_path):
    write_files(tmp_path / "static", {"css/site.css": CSS, "css/fonts/body.woff2": b"one"})
    first = collect_assets(tmp_path / "static", Problems(tmp_path)).path("css/site.css")
    write_files(tmp_path / "static", {"css/fonts/body.woff2": b"two"})
    assert collect_assets(tmp_path / "static", Problems(tmp_path)).path("css/site.css") != first


def test_a_built_stylesheet_with_a_font_passes_the_link_checker_under_a_subpath(tiny_site, tmp_path):
    style = tiny_site / "site" / "static" / "style.css"
    write_files(tiny_site, {"site/static/fonts/body.woff2": b"wOF2",
                            "site/static/style.css": style.read_text() + '\n@font-face { src: url("fonts/body.woff2"); }\n'})
    assert run_build(tiny_site, "--base-url", "/explainer/", "--out", str(tmp_path / "out")).code == 0
    assert check_links(tmp_path / "out", "/explainer/") == []
