"""What Reuse carries from build to build in memory instead of working it out again over every article: the kept
articles' files (Reuse.kept_files), each listing page's key (Listings.keys) and the digests of the articles it
lists (Listings.listed), and the digest of what articles may
draw on (Uses.world). Each must be what working it out afresh gives, edit after edit, and the site a cold build."""

from __future__ import annotations

from support import append, set_metadata, snapshot, watched_edits

from explainer.digests import digest_of
from explainer.pipeline.build import build
from explainer.pipeline.incremental import IncrementalBuilder
from explainer.pipeline.reuse import Listings

BASE = "https://example.org/"


def article(root, slug: str, suffix: str):
    return root / "content" / "articles" / f"{slug}.{suffix}"


def move(root, old: str, new: str) -> None:
    for suffix in ("md", "yaml"):
        article(root, old, suffix).rename(article(root, new, suffix))
    for path in (root / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if f"/{old}/" in text:
            path.write_text(text.replace(f"/{old}/", f"/{new}/"), encoding="utf-8")


# each step: (the edit, the paths a watcher reports, None for "cannot say")
STEPS = [
    (lambda root: append(article(root, "article-00004", "md"), "\nOne more.\n"), ["article-00004.md"]),
    (lambda root: set_metadata(root, "article-00002", "title", '"A new headline"'), ["article-00002.yaml"]),
    (lambda root: move(root, "article-00006", "article-00066"), None),
    (lambda root: append(root / "content" / "pages" / "about.md", "\nA line.\n"), None),  # all made again
    (lambda root: move(root, "article-00066", "article-00006"), None),
    (lambda root: append(article(root, "article-00008", "md"), "\nAnd more.\n"), ["article-00008.md"]),
]


def test_what_is_carried_over_is_what_working_it_out_afresh_gives(paged_nine, tmp_path):
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    for step in watched_edits(builder, paged_nine, STEPS):
        reuse = builder.reuse
        files, keeping = reuse.kept
        afresh = {}
        for record in keeping.values():
            afresh.update(record.kept())
        assert dict(files.items()) == afresh, step
        assert files.known == {path: (kept.digest, kept.size) for path, (kept, _) in afresh.items()}, step
        assert len(keeping) == {0: 8, 1: 8, 3: 0, 5: 8}.get(step, len(keeping)), step  # (one made, or all)
        for path, ((base, shown), key) in reuse.listing_keys.items():
            assert key == digest_of(repr((base, path, shown)).encode()), (step, path)
        afresh = Listings("", {}, {}, {}, False, {})
        assert reuse.listed, step
        for path, (listed, digests) in reuse.listed.items():
            assert digests == [afresh.digest(item, False) for item in listed], (step, path)
        build(paged_nine, out=tmp_path / f"cold-{step}", base_url=BASE)
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / f"cold-{step}"), step


def test_only_the_listing_of_the_edited_article_digests_its_articles_again(paged_nine, tmp_path, monkeypatch):
    builder = IncrementalBuilder(paged_nine, out=tmp_path / "out", base_url=BASE)
    builder.rebuild()
    digested = []
    real = Listings.digests
    monkeypatch.setattr(Listings, "digests",
                        lambda self, articles, memo=True: digested.append([a.slug for a in articles])
                        or real(self, articles, memo))
    append(article(paged_nine, "article-00004", "md"), "\nOne more.\n")
    builder.rebuild({str(article(paged_nine, "article-00004", "md"))})
    feed = ["article-00008", "article-00007", "article-00006"]
    assert sorted(filter(None, digested)) == sorted([["article-00005", "article-00004", "article-00003"], feed])  # page 2, feed
    build(paged_nine, out=tmp_path / "cold", base_url=BASE)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "cold")
