"""The baseline the benchmark compares against: what a developer would write in an afternoon.

For each article: read its YAML with PyYAML's C loader and its Markdown, render the Markdown with
markdown-it-py (CommonMark plus footnotes, since the articles use them), put it in a Jinja page, write it;
then an index page listing every article. No validation, no sources, no charts, no incremental anything.

Run as a script: python benchmarks/bare_loop.py SITE_ROOT OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ meta.title }}</title>
<meta name="description" content="{{ meta.dek }}"><link rel="stylesheet" href="/style.css"></head>
<body><main><article><h1>{{ meta.title }}</h1><p class="dek">{{ meta.dek }}</p>
<p>Published {{ meta.published }}. By {{ meta.byline | join(", ") }}.</p>
{{ body | safe }}
</article></main></body>
</html>
"""
INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Explainers</title></head>
<body><ol>{% for slug, meta in articles %}<li><a href="/{{ slug }}/">{{ meta.title }}</a> {{ meta.dek }}</li>
{% endfor %}</ol></body></html>
"""


def bare_loop(root: Path, out: Path) -> int:
    """Render every article of root/content/articles into out; returns the number of pages."""
    md = MarkdownIt("commonmark").use(footnote_plugin)
    env = jinja2.Environment(autoescape=True)
    page, index = env.from_string(PAGE), env.from_string(INDEX)
    articles = []
    for meta_path in sorted((root / "content" / "articles").glob("*.yaml")):
        meta = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        body = md.render(meta_path.with_suffix(".md").read_text(encoding="utf-8"))
        target = out / meta_path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.render(meta=meta, body=body), encoding="utf-8")
        articles.append((meta_path.stem, meta))
    (out / "index.html").write_text(index.render(articles=articles), encoding="utf-8")
    return len(articles) + 1


if __name__ == "__main__":
    print(bare_loop(Path(sys.argv[1]), Path(sys.argv[2])), "pages")
