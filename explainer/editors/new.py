"""`build.py new "Title"`: start a draft article, every metadata field written out and explained."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..content.schema import SLUG
from ..errors import Problem
from ..output.paths import reserved_slugs
from .slugs import slugify_title

METADATA_HELP = """\
# Metadata for {slug}.md; docs/EDITING.md explains each field.
# Fill in each placeholder. A draft that still has one can be previewed (build.py --drafts),
# but the site is not published while one is left anywhere in this file or in the article.
"""

FIELDS = """\
title: {title}  # the headline, as readers see it
dek: {dek}  # one or two sentences under the headline; the home page shows them too
published: TODO  # the day it goes live, YYYY-MM-DD; a day in the future schedules it
updated:  # empty until you change the article after it is published; then the day of the change
byline: [TODO]  # who wrote it, e.g. [Explainer desk]
places: {places}  # places it is about, e.g. [Sievierodonetsk, Luhansk Oblast]
tags: []  # lowercase words joined by hyphens, e.g. [civilians, displacement]
draft: true  # set to false when it is ready; until then it stays out of the published site
sources: {sources}  # ids from content/sources.yaml cited in the text, beyond those of figures and charts
"""

LISTS = """\
# Numbers for the key-figures box; write one in the text as {{fig}}`its-id`. For example:
#   - id: people-sheltering        # lowercase words joined by hyphens, unique in this article
#     label: Civilians sheltering at the Azot chemical plant
#     value: 800                   # the number alone: no commas, no words
#     qualifier: about             # optional: about, more than, up to, at least, fewer than, nearly
#     stated: about 800            # the figure as the source wrote it; the build checks it against value
#     counts: civilians sheltering at the Azot plant   # what it counts, in the same words as like figures
#     unit: people                 # optional
#     as_of: 2022-06-02            # the day the number describes, YYYY-MM-DD
#     source: haidai-2022-06-02    # an id from content/sources.yaml
#     by: Serhiy Haidai, Luhansk regional governor   # optional: who gave the number
#     note: An official's estimate; not independently verified.   # optional
key_figures:{key_figures}
# Charts; place each in the text on a line of its own as ::: chart its-id. For example:
#   - id: population-left          # unique across the whole site
#     kind: estimates              # line, area, stacked-area, bar, stacked-bar, estimates, small-multiples
#     data: [sievierodonetsk-population]   # ids of datasets in content/data/
#     title: How many people were left in Sievierodonetsk
#     description: A sentence saying what the chart shows, for readers who cannot see it.
#     notes: Optional caveats printed under the chart.
#     series: [remaining]          # optional: which of the datasets' series to show
#     events: [fall-of-sievierodonetsk]   # optional: ids from content/events.yaml to mark
charts: []
# Figures that count different things set side by side in one paragraph, and why. For example:
#   - figures: [people-sheltering, children-sheltering]   # key figure ids and dataset ids
#     why: The children are part of the count of civilians, and the text says so.
mixed_counts: []
# Statements by parties to the war, each attributed and labelled. For example:
#   - claim: Ukrainian forces had been ordered to leave Sievierodonetsk.
#     by: Serhiy Haidai, Luhansk regional governor
#     party: ukraine               # ukraine, russia or other
#     date: 2022-06-24
#     status: confirmed            # confirmed, unverified or disputed
#     source: haidai-2022-06-24
#     context: Optional: what else is known.
claims: []
# Changes after publishing, newest last; kind is update or correction. For example:
#   - date: 2022-06-30
#     kind: correction
#     text: An earlier version gave the wrong date for the evacuation. It was 30 June.
updates: []
"""

YAML_KEYWORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}

BODY = """\
TODO: the opening paragraph: what happened, where and when, and why it matters to readers.

## TODO: a heading for the first section

TODO: the text. Put each number in the key-figures box and each chart in the metadata first;
docs/EDITING.md shows how to place them in the text.
"""


def add_command(commands, add_build_options) -> None:
    """Register `new` on the command line."""
    command = commands.add_parser("new", help="start a draft article: content/articles/<slug>.md and .yaml; or, "
                                                "with --lang and --from, a translation of one")
    command.add_argument("title", nargs="?", default="", help="the article's headline, in quotes")
    command.add_argument("--lang", help="with --from: the language of a translation to start, e.g. uk")
    command.add_argument("--from", dest="from_slug", metavar="SLUG",
                         help="with --lang: the article to translate (<slug>.<lang>.md and .yaml beside it)")
    command.add_argument("--slug", help="file name and URL (default: made from the title)")
    command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    command.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    command.set_defaults(handler=run_new)


def run_new(args) -> int:
    """Write the two files of a new draft (or of a translation), or explain why not."""
    if args.lang or args.from_slug:
        if not (args.lang and args.from_slug):
            print("content/articles:1: a translation needs both --lang <language> and --from <slug>", file=sys.stderr)
            return 1
        from .translate import run_new_translation

        return run_new_translation(args)
    title = args.title.strip()
    slug, problem = choose_slug(args.root, title, args.slug)
    if problem is None:
        problem = write_draft(args.root, slug, metadata_yaml(title, slug), BODY)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Created content/articles/{slug}.md and content/articles/{slug}.yaml (a draft).\n"
          "Fill in each TODO, then preview with `python build.py serve` or `python build.py --drafts`.")
    return 0


def choose_slug(root: Path, title: str, wanted: str | None) -> tuple[str, Problem | None]:
    """The slug for a title (or the one asked for), and a problem if it cannot be used."""
    slug = wanted.strip() if wanted else slugify_title(title)
    where = f"content/articles/{slug or '?'}.md"
    if not title:
        return slug, Problem("content/articles", 1, "the title is empty: write it in quotes, e.g. new \"A title\"")
    if not slug:
        return slug, Problem("content/articles", 1, f"cannot make a file name from '{title}': pass --slug a-name")
    if not SLUG.match(slug):
        return slug, Problem(where, 1, f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens")
    if slug in reserved_slugs(site_languages(root)):
        return slug, Problem(where, 1, f"'{slug}' is reserved for the site's own pages: pass --slug another-name")
    page = root / "content" / "pages" / f"{slug}.md"
    if page.exists():
        return slug, Problem(f"content/pages/{slug}.md", 1, f"a page already uses '{slug}': pass --slug another-name")
    return slug, None


def site_languages(root: Path) -> tuple:
    """The languages site.yaml lists (their folders, /uk/, are reserved slugs); none if it cannot be read."""
    from ..content.config import load_site
    from ..errors import Problems

    site = load_site(root, Problems(root=root))
    return site.languages if site is not None else ()


def write_draft(root: Path, slug: str, metadata: str, body: str) -> Problem | None:
    """Create <slug>.yaml and <slug>.md; never overwrite either."""
    from .schemas import header

    folder = root / "content" / "articles"
    files = {folder / f"{slug}.yaml": header(root, folder / f"{slug}.yaml") + metadata, folder / f"{slug}.md": body}
    for path in files:
        if path.exists():
            return Problem(f"content/articles/{path.name}", 1, "already exists, and an article is never "
                           "overwritten: choose another title, pass --slug, or edit the existing file")
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    return None


def metadata_yaml(title: str, slug: str, *, dek: str = "TODO", places=(), sources=(), key_figures: str = "",
                  header: str = "") -> str:
    """Every metadata field with a comment; `key_figures` is an already-written YAML list (or empty)."""
    return (header + METADATA_HELP.format(slug=slug)
            + FIELDS.format(title=yaml_text(title), dek=dek, places=yaml_list(places),
                            sources=yaml_list(sources))
            + LISTS.format(key_figures=key_figures or " []"))


def yaml_text(value: str) -> str:
    """A string as a YAML scalar that reads back exactly (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def yaml_word(value: str) -> str:
    """A word left plain where YAML reads it back as the same text, quoted otherwise."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z-]*", value) and value.lower() not in YAML_KEYWORDS
    return value if plain else yaml_text(value)


def yaml_list(values) -> str:
    """A short flow list: [Sievierodonetsk, "Luhansk Oblast"]."""
    return "[" + ", ".join(yaml_word(v) for v in values) + "]"
