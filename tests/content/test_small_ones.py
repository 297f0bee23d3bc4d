"""The smaller failures of issue 16 (11): a nav entry naming a missing page, a domain that is not a host name,
an external Markdown image: each is an error with its line, in a plain build as in `check`."""

from __future__ import annotations

import pytest

from support import run_build


def append(path, text):
    path.write_text(path.read_text() + text)


def test_a_nav_entry_naming_a_missing_page_is_an_error(tiny_site):
    site = tiny_site / "site/site.yaml"
    site.write_text(site.read_text().replace("nav: [about]", "nav:\n  - about\n  - masthead"))
    result = run_build(tiny_site)
    assert result.code == 1
    assert "site/site.yaml:6: nav names the page 'masthead', but there is no content/pages/masthead.md" in result.err


@pytest.mark.parametrize("domain", ['"evil.example\\n\\"><script>alert(1)</script>"', "https://example.org",
                                    "example.org/path", "exa mple.org", "-bad.example", "localhost:8000"])
def test_a_domain_that_is_not_a_host_name_is_refused(tiny_site, domain):
    append(tiny_site / "site/site.yaml", f"domain: {domain}\n")
    result = run_build(tiny_site)
    assert result.code == 1
    assert "site/site.yaml:5: " in result.err and "is not a host name" in result.err
    assert not (tiny_site / "public").exists()


def test_a_host_name_makes_a_one_line_cname(tiny_site):
    append(tiny_site / "site/site.yaml", "domain: news.example.org\n")
    assert run_build(tiny_site).code == 0
    assert (tiny_site / "public/CNAME").read_text().strip().splitlines() == ["news.example.org"]


@pytest.mark.parametrize("src", ["https://evil.example/pixel.png", "//evil.example/pixel.png"])
def test_an_external_markdown_image_is_refused_by_the_build(tiny_site, src):
    append(tiny_site / "content/articles/first-story.md", f"\n![A pixel]({src})\n")
    result = run_build(tiny_site)
    assert result.code == 1
    assert f"content/articles/first-story.md:9: image '{src}' is on another host" in result.err
