"""What is the same on every page (the footer) is rendered once a build through sitewide(), and reads as it did
when every page rendered it inline."""

from __future__ import annotations

import jinja2
from support import ROOT, run_build, snapshot

from explainer.pipeline.build import build


def test_a_site_base_with_the_footer_written_inline_makes_the_same_pages(tiny_site, tmp_path):
    """A site's own base.html from before partials/footer.html (the footer's markup in it) renders every page as
    the theme's base.html does with sitewide()."""
    theme = ROOT / "templates"
    footer = (theme / "partials" / "footer.html").read_text(encoding="utf-8")
    inline = footer[footer.index("<footer"):]
    base = (theme / "base.html").read_text(encoding="utf-8")
    call = base[base.index("{# The footer is the same"):base.index("-}}\n") + len("-}}\n")]
    first = run_build(tiny_site, "--out", str(tmp_path / "theme"))
    assert first.code == 0, first.err
    (tiny_site / "templates" / "base.html").write_text(base.replace(call, inline), encoding="utf-8")
    (tiny_site / "templates" / "partials" / "footer.html").unlink()
    second = run_build(tiny_site, "--out", str(tmp_path / "inline"))
    assert second.code == 0, second.err
    assert snapshot(tmp_path / "inline") == snapshot(tmp_path / "theme")
    assert 'class="site-footer"' in (tmp_path / "theme" / "index.html").read_text(encoding="utf-8")


def test_the_footer_is_rendered_once_a_build_and_a_site_can_give_its_own(tiny_site, tmp_path, monkeypatch):
    (tiny_site / "templates" / "partials" / "footer.html").write_text(
        '<footer class="ours">{{ site.title | typo }}</footer>\n', encoding="utf-8")
    rendered = []
    render = jinja2.Template.render

    def counted(self, *args, **kwargs):
        rendered.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    result = build(tiny_site, out=tmp_path / "out")
    pages = [path for path in snapshot(result.out) if path.endswith(".html") and "embed" not in path]
    assert len(pages) > 3
    assert all('<footer class="ours">' in (result.out / path).read_text(encoding="utf-8") for path in pages)
    assert rendered.count("partials/footer.html") == 1
