"""One generated text corpus written twice: in this generator's layout and in Hugo's, for `--vs-hugo`.

Both copies hold the same Markdown, word for word: about 900 words an article with headings, a list, a
quote, numbered steps, cross-links and footnotes as the reference list; no charts, no figure roles, and
only the metadata both generators need (title, description, date, author). Two plain pages (methodology,
about) are there too, since the articles link to one of them. Each side lays the pages out with a template
of its own: ours are the repository's templates, Hugo's a minimal set written here that prints what ours
print for such an article (title, description, date, byline, table of contents, body; a home page listing
every article; a feed, a sitemap and a 404 page).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from corpus import REPO, article_body, sentence

TITLE_WORDS = ("river", "bridge", "convoy", "winter", "market", "station", "shelter", "district")
PAGES = {"methodology": "How the figures are chosen", "about": "Who writes these explainers"}

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Sievierodonetsk explained"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.extensions]
  linkify = false
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="/">{{ .Site.Title }}</a>
<nav><a href="/methodology/">Methodology</a> <a href="/about/">About</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
""",
    "home.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ol class="article-list">
{{ range .Site.RegularPages.ByDate.Reverse }}{{ if .Params.article }}<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p>{{ .Description }}</p><p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p></li>
{{ end }}{{ end }}</ol>{{ end }}
""",
    "single.html": """{{ define "main" }}<article class="explainer">
<h1>{{ .Title }}</h1><p class="dek">{{ .Description }}</p>
{{ if .Params.article }}<p class="meta">By {{ delimit .Params.byline ", " }}.
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
<nav class="toc" aria-label="Contents">{{ .TableOfContents }}</nav>
{{ .Content }}
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1><p><a href="/">Home</a></p>{{ end }}
""",
}


def page_body(rng: random.Random) -> str:
    """A plain page: two short sections."""
    return "\n\n".join(f"## Part {k}\n\n" + " ".join(sentence(rng, []) for _ in range(5)) for k in (1, 2)) + "\n"


def write_text_corpus(work: Path, n: int = 1000, seed: int = 18) -> tuple[Path, Path]:
    """Write the corpus under work/ours and work/hugo (replacing them); returns both roots."""
    ours, hugo = work / "ours", work / "hugo"
    for root in (ours, hugo):
        if root.exists():
            shutil.rmtree(root)
    (ours / "content" / "articles").mkdir(parents=True)
    (ours / "content" / "pages").mkdir()
    (hugo / "content").mkdir(parents=True)
    rng = random.Random(seed)
    for index in range(n):
        slug, body = f"article-{index:05d}", article_body(rng, index, n, None, footnotes=3, roles=False)
        title = " ".join(rng.choice(TITLE_WORDS) for _ in range(5)).capitalize() + f" ({index})"
        dek = sentence(rng, [])
        published = (dt.date(2022, 3, 1) + dt.timedelta(days=index % 900)).isoformat()
        (ours / "content" / "articles" / f"{slug}.md").write_text(body, encoding="utf-8")
        (ours / "content" / "articles" / f"{slug}.yaml").write_text(
            f'title: "{title}"\ndek: "{dek}"\npublished: {published}\nbyline: [Explainer desk]\n', encoding="utf-8")
        (hugo / "content" / f"{slug}.md").write_text(
            f'---\ntitle: "{title}"\ndescription: "{dek}"\ndate: {published}\nbyline: [Explainer desk]\n'
            f"article: true\n---\n{body}", encoding="utf-8")
    for slug, description in PAGES.items():
        front = f'---\ntitle: "{slug.capitalize()}"\ndescription: "{description}"\n---\n'
        body = page_body(rng)
        (ours / "content" / "pages" / f"{slug}.md").write_text(front + body, encoding="utf-8")
        (hugo / "content" / f"{slug}.md").write_text(front + body, encoding="utf-8")
    (ours / "content" / "sources.yaml").write_text("{}\n", encoding="utf-8")
    shutil.copytree(REPO / "templates", ours / "templates")
    shutil.copytree(REPO / "site", ours / "site")
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (hugo / "layouts").mkdir()
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    (hugo / "static").mkdir()
    shutil.copy(REPO / "site" / "static" / "style.css", hugo / "static" / "style.css")
    return ours, hugo
