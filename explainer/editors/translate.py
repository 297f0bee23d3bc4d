"""`build.py new --lang uk --from <slug>`: start a translation of an article, and `build.py translations`,
which lists every translation with the digest of its original.

The starter keeps the English text's skeleton: every heading, paragraph and list item becomes a TODO line
holding the English, with its {fig} and {data} roles, footnote marks and `::: chart` blocks exactly where
they were, so the translator writes around figures that are already in place; its .yaml has every text key
of the English with a TODO and the English in a comment, and the English edition's current digest. Nothing
is ever overwritten. A translation with a TODO left is previewed with --drafts and refused by the build that
publishes (content/translations.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import BuildError, Problem


def add_command(commands, add_build_options) -> None:
    """Register `translations` on the command line."""
    command = commands.add_parser("translations", help="list every translation: up to date or stale, and the "
                                                       "digest its translated_from should hold")
    command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    command.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    command.set_defaults(handler=run_translations)


def load(root: Path):
    """The validated content and its collected files; BuildError on a problem."""
    from ..content.collect import collect_content
    from ..content.config import load_site
    from ..content.validate import validate_content
    from ..errors import Problems

    problems = Problems(root=root)
    site = load_site(root, problems, drafts=True)
    problems.stop_if_any()
    found = collect_content(site, problems)
    content = validate_content(site, found, problems)
    problems.stop_if_any()
    return content, found, problems


def run_translations(args) -> int:
    """One line a translation: its file, whether it is current, and the digest of its original now."""
    try:
        content, _found, problems = load(args.root)
    except BuildError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    from ..content.translations import english_digest  # noqa: F401 - the same digest the build compares

    rows = []
    for language, edition in sorted(content.editions.items()):
        for item in [*edition.articles, *edition.pages]:
            done = item.translation
            state = "current" if not done.stale else ("pending" if done.translated_from == "pending" else "stale")
            rows.append(f"{problems.relative(done.path)}: {state}; translated_from: {done.translated_from}; "
                        f"the original's digest now: {done.current}")
    print("\n".join(rows) if rows else "No translations yet: python build.py new --lang <language> --from <slug>")
    return 0


def run_new_translation(args) -> int:
    """Write <slug>.<language>.md and .yaml beside the English article, or say why not."""
    root, language, slug = args.root, args.lang, args.from_slug
    problem = write_translation(root, language, slug)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    print(f"Created content/articles/{slug}.{language}.md and content/articles/{slug}.{language}.yaml.\n"
          "Translate each TODO (numbers stay in their {fig} and {data} roles), preview with "
          "`python build.py serve --drafts`.")
    return 0


def write_translation(root: Path, language: str, slug: str) -> Problem | None:
    """The two starter files, never overwriting; a Problem when the article or the language is unknown."""
    try:
        content, found, _problems = load(root)
    except BuildError as err:
        return err.problems[0]
    if language == content.site.language or language not in content.site.languages:
        return Problem("site/site.yaml", 1, f"'{language}' is not one of the site's other languages "
                                            f"({', '.join(content.site.languages[1:]) or 'none'}): add it to "
                                            f"languages: [{', '.join(content.site.languages)}, {language}]")
    article = next((a for a in content.articles if a.slug == slug), None)
    if article is None:
        return Problem(f"content/articles/{slug}.md", 1, f"there is no article '{slug}' to translate")
    from ..content.translations import english_digest

    raw = next(raw for raw in found.articles if raw.slug == slug)
    folder = root / "content" / "articles"
    files = {folder / f"{slug}.{language}.md": markdown_skeleton(article.body),
             folder / f"{slug}.{language}.yaml": metadata_skeleton(article, english_digest(raw, article, content))}
    for path in files:
        if path.exists():
            return Problem(f"content/articles/{path.name}", 1, "already exists, and a translation is never "
                                                               "overwritten: edit it instead")
    for path, text in files.items():
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return None


def markdown_skeleton(body: str) -> str:
    """The English text as TODO lines, its roles, footnote marks, chart blocks and headings' levels kept."""
    out = []
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith(":::"):
            out.append(line)
        elif stripped.startswith("#"):
            marks, _, text = stripped.partition(" ")
            out.append(f"{marks} TODO: {text}")
        elif stripped.startswith("[^") and "]:" in stripped:
            mark, _, text = stripped.partition(":")
            out.append(f"{mark}: TODO: {text.strip()}")
        else:
            lead = line[:len(line) - len(line.lstrip())]
            item, text = "", stripped
            if stripped[:2] in ("- ", "* "):
                item, text = stripped[:2], stripped[2:]
            out.append(f"{lead}{item}TODO: {text}")
    return "\n".join(out)


def text(value: str | None) -> str:
    """A TODO with the English in a comment."""
    return "TODO" + (f"  # {json.dumps(value, ensure_ascii=False)}" if value else "")


def metadata_skeleton(article, digest: str) -> str:
    """Every text key of the English article, each a TODO with the English beside it."""
    lines = ["# The Ukrainian words of this article, keyed by the English ids: only text, never a value, date,",
             "# source or id (docs/EDITING.md, 'Translations'). Replace each placeholder; the English is in its comment.",
             f"translated_from: {digest}  # the English edition's digest this translation is made from",
             f"title: {text(article.title)}", f"dek: {text(article.dek)}"]
    if article.key_figures:
        lines.append("key_figures:")
        for fig in article.key_figures:
            lines += [f"  {fig.id}:", f"    label: {text(fig.label)}"]
            if fig.note:
                lines.append(f"    note: {text(fig.note)}")
            if fig.unit:
                lines.append(f"    unit: {text(fig.unit)}  # or its plural forms: [людина, людини, людей]")
    if article.charts:
        lines.append("charts:")
        for chart in article.charts:
            lines += [f"  {chart.id}:", f"    title: {text(chart.title)}"]
            lines += [f"    {name}: {text(getattr(chart, name))}" for name in ("subtitle", "description", "notes")
                      if getattr(chart, name)]
            if chart.annotations:
                lines.append("    annotations:")
                lines += [f"      - label: {text(note['label'])}" for note in chart.annotations]
    for key, field in (("claims", "claim"), ("updates", "text"), ("mixed_counts", "why")):
        items = getattr(article, key)
        if items:
            lines.append(f"{key}:")
            lines += [f"  - {field}: {text(getattr(item, field))}" for item in items]
    return "\n".join(lines) + "\n"
