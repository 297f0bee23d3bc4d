"""The words the renderer prints inside an article's text come from the site's templates, not from Python."""

from __future__ import annotations

from support import run_build


def test_a_site_gives_the_words_of_figure_links_notes_and_claim_labels(tiny_site, tmp_path):
    (tiny_site / "templates" / "partials" / "words.html").write_text(
        '{% set source_title = "Джерело" %}\n{% set back_to_text = "Назад до тексту" %}\n'
        '{% set status = {"confirmed": "Підтверджено", "unverified": "Не перевірено", "disputed": "Заперечується"} %}\n'
        '{% set status_label = {"confirmed": "Так", "unverified": "Не перевірено", "disputed": "Ні"} %}\n',
        encoding="utf-8")
    body = tiny_site / "content" / "articles" / "first-story.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nA note.[^1]\n\n[^1]: What the note says.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(tiny_site, "--out", str(out))
    assert result.code == 0, result.err
    page = (out / "first-story" / "index.html").read_text(encoding="utf-8")
    assert 'title="Джерело 1: United Nations"' in page
    assert 'aria-label="Назад до тексту"' in page
    assert "Не перевірено" in page and "Unverified" not in page
    assert "**Не перевірено.**" in (out / "first-story" / "index.md").read_text(encoding="utf-8")
