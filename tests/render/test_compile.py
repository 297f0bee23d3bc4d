"""Templates.compile: before the work is shared out, only the templates the workers render an article from."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from explainer.render.pages import Templates, jinja_environment

SITE_TEMPLATES = ("article.html", "base.html", "partials/meta.html", "index.html", "page.html", "corrections.html",
                  "404.html", "feed.xml", "sitemap.xml", "embed.html", "partials/chart.html",
                  "partials/embed-sources.html")


@pytest.mark.parametrize("charts, with_charts", [({}, False), ({"counts": object()}, True)])
def test_compiles_the_articles_templates_not_the_pages_only_the_parent_renders(tmp_path, charts, with_charts):
    for name in SITE_TEMPLATES:  # plain files: they compile without the build's filters
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<p>{name}</p>\n")
    jinja = jinja_environment(tmp_path)
    content = SimpleNamespace(site=SimpleNamespace(languages=("en",)), charts=charts)
    Templates(jinja, content, urls=None, problems=None).compile()
    compiled = {name for _, name in jinja.cache.keys()}
    assert {"article.html", "base.html", "partials/meta.html"} <= compiled
    assert not compiled & {"index.html", "page.html", "corrections.html", "404.html", "feed.xml", "sitemap.xml"}
    assert ({"embed.html", "partials/chart.html", "partials/embed-sources.html"} <= compiled) == with_charts
