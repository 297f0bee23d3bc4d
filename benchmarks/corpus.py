"""A generated site of N articles for the benchmark: varied Markdown, full YAML metadata, datasets, charts.

The text is assembled from a fixed stock of sentences with a seeded random generator, so the same N
always gives the same files. It uses the repository's own templates and static files.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = ("civilians shelter river bridge artillery evacuation convoy district factory hospital school "
         "governor mayor monitors report estimate figure count residents basement water power bread "
         "ceasefire corridor occupation withdrawal offensive front village market station railway "
         "volunteers buses trains border refugees families winter summer morning night week month").split()
PLACES = ("Sievierodonetsk", "Lysychansk", "Rubizhne", "Popasna", "Kreminna", "Severodonetsk district",
          "Luhansk Oblast", "Bakhmut", "Kramatorsk", "Sloviansk")
PEOPLE = ("the regional governor", "the city's mayor", "UN monitors", "a volunteer driver", "a hospital doctor",
          "the district administration", "an aid worker", "a railway official")
CHART_KINDS = ("line", "line", "estimates", "bar")
DATASETS = {  # id: (kind, measure, series, start value, step)
    "casualties": ("line", "cumulative", {"killed": "Killed", "injured": "Injured"}, 1000, 150),
    "displaced": ("line", "level", {"refugees": "Refugees abroad", "idps": "Internally displaced"},
                  3_000_000, 90_000),
    "remaining": ("estimates", "level", {"remaining": "People in the city"}, 100_000, -4_000),
    "killed-yearly": ("bar", "per-period", {"killed": "Killed"}, 1900, 60),
}
N_SOURCES = 60


def sentence(rng: random.Random, roles: list[str]) -> str:
    """A sentence of 10 to 16 words with some emphasis, a place, a person and perhaps a role."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.15:
        i = rng.randrange(1, len(words))
        words[i] = f"*{words[i]}*"
    words.insert(rng.randrange(1, len(words)), f"in {rng.choice(PLACES)}")
    words.insert(rng.randrange(1, len(words)), f"according to {rng.choice(PEOPLE)}")
    if roles and rng.random() < 0.08:
        words.insert(rng.randrange(1, len(words)), roles.pop(0))
    return " ".join(words) + rng.choice((".", ".", ".", ";", ",")).replace(";", ".").replace(",", ".")


def paragraph(rng: random.Random, roles: list[str], extras: list[str]) -> str:
    """A paragraph of three to six sentences, sometimes with a link or a footnote reference."""
    text = " ".join(sentence(rng, roles) for _ in range(rng.randint(3, 5)))
    if extras and rng.random() < 0.5:
        text += " " + extras.pop(0)
    return text


def article_body(rng: random.Random, index: int, n: int, chart_id: str | None, footnotes: int,
                 roles: bool = True) -> str:
    """About 900 words: sections with paragraphs, a list, a quote, links, footnotes and (unless `roles` is
    false, for plain CommonMark) figure roles."""
    roles = ["{fig}`killed`", "{fig}`remaining`", "{fig}`displaced`",
             "{data}`casualties/killed/2022-06-01`"] if roles else []
    other = (index * 7 + 3) % n
    extras = [f"See [the earlier explainer](/article-{other:05d}/) and the [methodology](/methodology/).",
              "The UN keeps a [public record](https://example.org/records) of verified cases."]
    extras += [f"Officials gave a different figure later.[^{k}]" for k in range(1, footnotes + 1)]
    rng.shuffle(extras)
    parts = []
    for section in range(5):
        parts.append(f"## {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} {section + 1}")
        for _ in range(2):
            parts.append(paragraph(rng, roles, extras))
        if section == 1:
            parts.append("\n".join(f"- {sentence(rng, [])}" for _ in range(4)))
        if section == 2:
            parts.append(f"### What {rng.choice(PEOPLE)} said")
            parts.append("> " + sentence(rng, []))
            parts.append("\n".join(f"{k}. {sentence(rng, [])}" for k in range(1, 4)))
        if section == 3 and chart_id:
            parts.append(f"::: chart {chart_id}")
    parts.append(paragraph(rng, roles, extras) + " " + " ".join(extras) + " " + " ".join(roles))
    parts.append("\n".join(f"[^{k}]: {sentence(rng, [])}" for k in range(1, footnotes + 1)))
    return "\n\n".join(parts) + "\n"


def article_yaml(rng: random.Random, index: int, chart_id: str | None) -> str:
    """Metadata with key figures, sources, claims, an update and, for one in ten, a chart."""
    published = dt.date(2022, 3, 1) + dt.timedelta(days=index % 900)
    src = [f"source-{(index + k) % N_SOURCES:03d}" for k in range(4)]
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    lines = [f"title: {title} ({index})",
             f"dek: {sentence(rng, [])}",
             f"published: {published.isoformat()}",
             "byline: [Explainer desk]",
             f"places: [{rng.choice(PLACES)}]",
             f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}-{index % 5}]",
             f"sources: [{src[3]}]",
             "key_figures:"]
    for ident, value in (("killed", 1500 + index), ("remaining", 13000 - index), ("displaced", 8_000_000 + index)):
        lines += [f"  - id: {ident}", f"    label: {ident.capitalize()} according to officials",
                  f"    value: {value}", "    qualifier: about", "    unit: people",
                  f"    as_of: {published.isoformat()}", f"    source: {src[0]}"]
    if chart_id:
        dataset = list(DATASETS)[index % len(DATASETS)]
        lines += ["charts:", f"  - id: {chart_id}", f"    kind: {DATASETS[dataset][0]}", f"    data: [{dataset}]",
                  f"    title: Chart for article {index}", "    description: How the numbers changed over time."]
    lines += ["claims:",
              "  - claim: The city is fully encircled.", "    by: A regional official", "    party: ukraine",
              f"    date: {published.isoformat()}", "    status: unverified", f"    source: {src[1]}",
              "  - claim: Civilians are being evacuated.", "    by: A military spokesman", "    party: russia",
              f"    date: {published.isoformat()}", "    status: disputed", f"    source: {src[2]}",
              "updates:",
              f"  - date: {(published + dt.timedelta(days=3)).isoformat()}", "    kind: update",
              "    text: Added a figure from the regional administration."]
    return "\n".join(lines) + "\n"


def dataset_yaml(ident: str, points: int = 24) -> str:
    """A dataset of monthly points from March 2022."""
    kind, measure, series, start, step = DATASETS[ident]
    lines = [f"title: Generated {ident}", "unit: people", f"measure: {measure}"]
    if measure == "per-period":
        lines.append("period: year")
    lines += [f"notes: Generated data for the benchmark ({kind}).", "series:"]
    lines += [f"  {key}: {label}" for key, label in series.items()]
    lines.append("points:")
    for k in range(points if measure != "per-period" else 4):
        day = dt.date(2022 + k, 12, 31) if measure == "per-period" else dt.date(2022 + (k + 2) // 12, (k + 2) % 12 + 1, 1)
        lines.append(f"  - date: {day.isoformat()}")
        for offset, key in enumerate(series):
            lines.append(f"    {key}: {start + step * k + offset * 10}")
        lines.append(f"    source: source-{k % N_SOURCES:03d}")
    return "\n".join(lines) + "\n"


def sources_yaml() -> str:
    """N_SOURCES sources."""
    lines = []
    for k in range(N_SOURCES):
        lines += [f"source-{k:03d}:", f"  publisher: Publisher {k % 7}", f"  title: \"Report number {k}\"",
                  f"  url: https://example.org/reports/{k}", "  published: 2022-06-01", "  accessed: 2026-11-20"]
    return "\n".join(lines) + "\n"


def write_corpus(root: Path, n: int = 1000, seed: int = 8) -> Path:
    """Write a whole site for n articles under root (replacing it); returns root."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed)
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    for index in range(n):
        chart_id = f"chart-{index:05d}" if index % 10 == 0 else None
        slug = f"article-{index:05d}"
        (articles / f"{slug}.md").write_text(article_body(rng, index, n, chart_id, footnotes=3), encoding="utf-8")
        (articles / f"{slug}.yaml").write_text(article_yaml(rng, index, chart_id), encoding="utf-8")
    (root / "content" / "data").mkdir()
    for ident in DATASETS:
        (root / "content" / "data" / f"{ident}.yaml").write_text(dataset_yaml(ident), encoding="utf-8")
    (root / "content" / "sources.yaml").write_text(sources_yaml(), encoding="utf-8")
    (root / "content" / "events.yaml").write_text(
        "invasion:\n  date: 2022-02-24\n  label: Full-scale invasion\n  source: source-000\n", encoding="utf-8")
    shutil.copytree(REPO / "content" / "pages", root / "content" / "pages")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "site", root / "site")
    return root


if __name__ == "__main__":
    import sys

    target = write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    print(f"wrote {target}")
