"""`check --base REF`: a figure that changed since REF, in an article already published, needs an update or a
correction entry dated on or after the change.

Only local git is asked: the files at REF come from `git show`, the day of a change from `git log` (the newest
commit since REF that touched the file), or the build's today when the working copy differs from HEAD."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Problems
from ..numbers import format_figure, format_number


@dataclass(frozen=True)
class Change:
    """A value that differs from REF: where it is now, what it was and is, and the day it changed."""

    path: Path
    line: int
    what: str  # "'killed' on 2022-04-01 in dataset 'counts'", "key figure 'dead'"
    before: str
    after: str
    day: dt.date


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """A git command in the site's folder, its output as text."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def default_base(root: Path) -> str:
    """The upstream of main (origin/main), or main itself when it has none."""
    upstream = git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "main@{upstream}")
    return upstream.stdout.strip() if upstream.returncode == 0 and upstream.stdout.strip() else "main"


def file_at(root: Path, ref: str, path: Path) -> str | None:
    """A file's text at REF, or None if it did not exist there."""
    shown = git(root, "show", f"{ref}:./{path.relative_to(root).as_posix()}")
    return shown.stdout if shown.returncode == 0 else None


def changed_on(root: Path, ref: str, path: Path, today: dt.date) -> dt.date:
    """The day a file last changed since REF: today if the working copy differs from HEAD, else the day of the
    newest commit since REF that touched it."""
    relative = path.relative_to(root).as_posix()
    if git(root, "diff", "--quiet", "HEAD", "--", f"./{relative}").returncode != 0:
        return today
    logged = git(root, "log", "-1", "--format=%ct", f"{ref}..HEAD", "--", f"./{relative}").stdout.strip()
    if not logged.isdigit():
        return today
    return dt.datetime.fromtimestamp(int(logged), tz=dt.timezone.utc).date()  # the day in UTC, as build_date


def old_values(text: str):
    """The YAML of a file at REF, parsed; None if it cannot be read (then nothing in it can be compared)."""
    from ..content.sourcefile import SourceError, parse_yaml

    try:
        return parse_yaml(text)
    except SourceError:
        return None


def point_changes(root: Path, ref: str, dataset, today: dt.date) -> list[tuple[Change, tuple]]:
    """(change, (dataset, series, date)) for each point value of a dataset that differs from REF or is gone."""
    from ..content.schema import Invalid
    from ..content.validate import POINT_FIELDS, clean_value

    data = old_values(file_at(root, ref, dataset.path) or "")
    if not isinstance(data, dict) or not isinstance(data.get("points"), list):
        return []
    before = {}
    for point in data["points"]:
        if isinstance(point, dict):
            for series, value in point.items():
                if series in POINT_FIELDS:
                    continue
                try:
                    before[(str(point.get("date")), point.get("by"), series)] = clean_value(value)
                except Invalid:  # a value that was invalid at REF was never published
                    continue
    changes, now = [], set()
    for point in dataset.points:
        for series, value in point.values.items():
            key = (point.date.isoformat(), point.by, series)
            now.add(key)
            if before.get(key, value) != value:
                changes.append((Change(dataset.path, point.line, f"'{series}' on {key[0]} in dataset '{dataset.id}'",
                                       format_number(before[key]), format_number(value),
                                       changed_on(root, ref, dataset.path, today)), (dataset.id, series, key[0])))
    for key in before.keys() - now:
        day, by, series = key
        changes.append((Change(dataset.path, dataset.line, f"'{series}' on {day} in dataset '{dataset.id}'",
                               format_number(before[key]), "nothing (the point was removed)",
                               changed_on(root, ref, dataset.path, today)), (dataset.id, series, day)))
    return sorted(changes, key=lambda found: (found[0].line, found[0].what))


def figure_changes(root: Path, ref: str, article, today: dt.date) -> list[Change]:
    """Each key figure of an article whose value or qualifier differs from REF."""
    data = old_values(file_at(root, ref, article.yaml_path) or "")
    figures = data.get("key_figures") if isinstance(data, dict) else None
    before = {str(f.get("id")): f for f in figures or () if isinstance(f, dict)}
    changes = []
    for fig in article.key_figures:
        old = before.get(fig.id)
        if old is None or (old.get("value"), old.get("qualifier")) == (fig.value, fig.qualifier):
            continue
        was = format_figure(old.get("value"), old.get("qualifier")) if isinstance(old.get("value"), (int, float)) \
            else str(old.get("value"))
        changes.append(Change(article.yaml_path, fig.line, f"key figure '{fig.id}'", was,
                              format_figure(fig.value, fig.qualifier), changed_on(root, ref, article.yaml_path, today)))
    return changes


def was_published(text: str | None, today: dt.date) -> bool:
    """Whether an article's metadata at REF had it published: not a draft, and dated today or earlier."""
    data = old_values(text) if text is not None else None
    if not isinstance(data, dict) or data.get("draft") is True:
        return False
    published = data.get("published")
    return isinstance(published, dt.date) and published <= today


def uses(article) -> tuple[set, set]:
    """(datasets the article charts, (dataset, series, date) its text prints)."""
    from ..content.counts import text_blocks
    from ..render.markdown import parse_markdown

    charted = {ident for chart in article.charts for ident in chart.data}
    printed = set()
    for _line, roles in text_blocks(parse_markdown(article.body or "")):
        for name, ref in roles:
            parts = ref.split("/")
            if name == "data" and len(parts) == 3:
                printed.add((parts[0], parts[1], parts[2]))
    return charted, printed


def check_revisions(root: Path, base: str | None) -> tuple[list[Problem], list[Problem]]:
    """Every changed figure of a published article without a dated entry: (problems, warnings)."""
    from ..content.collect import collect_content
    from ..content.config import load_site
    from ..content.validate import validate_content

    problems = Problems(root=root)
    ref = base or default_base(root)
    if git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        problems.add(root / "content", 1, f"check --base: '{ref}' is not a commit of this repository; name a "
                                          "branch or commit to compare the figures with (default: main's upstream)")
        return list(problems.found), []
    site = load_site(root, problems)
    content = validate_content(site, collect_content(site, problems), problems)
    if problems:
        return [], []  # the builds have reported them
    published = [a for a in content.articles if not a.draft and a.published <= site.today
                 and was_published(file_at(root, ref, a.yaml_path), site.today)]
    points = [c for dataset in content.datasets.values() for c in point_changes(root, ref, dataset, site.today)]
    for article in published:
        charted, printed = uses(article)
        shown = [change for change, point in points if point[0] in charted or point in printed]
        for change in shown + figure_changes(root, ref, article, site.today):
            if not any(entry.date >= change.day for entry in article.updates):
                problems.add(change.path, change.line,
                             f"{change.what} changed from {change.before} to {change.after} since {ref}, and the "
                             f"published article '{article.slug}' shows it: add an update or correction entry "
                             f"dated {change.day.isoformat()} or later to {problems.relative(article.yaml_path)}")
    return list(problems.found), []
