"""`make audit` holds the Ukrainian edition to the same checkers: its pages are found, with their kinds, and
Lighthouse runs on its first article too."""

from __future__ import annotations

from audit.pages import discover_pages
from audit.run_audit import lighthouse_pages


def test_the_audit_includes_the_ukrainian_pages(uk_site):
    pages = discover_pages(uk_site / "public")
    kinds = {p.name: (p.kind, p.lang) for p in pages}
    assert kinds["/uk/"] == ("home", "uk") and kinds["/"] == ("home", "en")
    assert kinds["/uk/first-story/"] == ("article", "uk") and kinds["/uk/embed/counts-chart/"] == ("embed", "uk")
    assert kinds["/uk/about/"] == ("page", "uk")
    assert [p.name for p in lighthouse_pages(pages, uk_site / "public")] == ["/", "/first-story/", "/uk/first-story/"]
