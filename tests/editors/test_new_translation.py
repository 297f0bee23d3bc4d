"""`build.py new --lang uk --from <slug>` starts a translation with every figure role and chart in place, and
`build.py translations` prints the digest each should record (issue 17)."""

from __future__ import annotations

import re

from support import run_build, write_uk_site

UK_MD = "content/articles/first-story.uk.md"
UK_YAML = "content/articles/first-story.uk.yaml"


def test_new_lang_starts_a_translation_with_every_role_in_place(tmp_path):
    root = write_uk_site(tmp_path / "site")
    (root / UK_MD).unlink()
    (root / UK_YAML).unlink()
    made = run_build(root, "new", "--lang", "uk", "--from", "first-story")
    assert made.code == 0, made.err
    english = (root / "content/articles/first-story.md").read_text(encoding="utf-8")
    body = (root / UK_MD).read_text(encoding="utf-8")
    roles = re.compile(r"\{(?:fig|data)\}`[^`]+`|^::: chart \S+|^#+ ", re.M)
    assert roles.findall(body) == roles.findall(english)
    meta = (root / UK_YAML).read_text(encoding="utf-8")
    digest = re.search(r"the original's digest now: ([0-9a-f]{12})",
                       run_build(root, "translations").out).group(1)
    assert f"translated_from: {digest}" in meta
    for key in ("title: TODO", "  dead:\n    label: TODO", "  counts-chart:\n    title: TODO", "claims:\n  - claim: TODO",
                "updates:\n  - text: TODO"):
        assert key in meta, key
    # a translation still to write is previewed with --drafts and refused by the build that publishes
    refused = run_build(root)
    assert refused.code == 1 and f"{UK_YAML}:4: still to translate" in refused.err, refused.err
    assert run_build(root, "--drafts").code == 0
    again = run_build(root, "new", "--lang", "uk", "--from", "first-story")
    assert again.code == 1 and "never overwritten" in again.err


def test_new_lang_refuses_what_it_cannot_translate(tmp_path):
    root = write_uk_site(tmp_path / "site")
    assert "there is no article 'nothing'" in run_build(root, "new", "--lang", "uk", "--from", "nothing").err
    assert "not one of the site's other languages" in run_build(root, "new", "--lang", "de", "--from",
                                                                "first-story").err
    assert "reserved" in run_build(root, "new", "A title", "--slug", "uk").err
