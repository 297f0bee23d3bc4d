"""In real Chromium: a reader of the Ukrainian page switches to the English one and back, and each page
reads to the browser in its own language, without an error in the console."""

from __future__ import annotations

import shutil

import pytest
from support import serve_folder, write_uk_site

from explainer.pipeline.build import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, tiny_cache):
    root = write_uk_site(tmp_path_factory.mktemp("uk-browser") / "site-root")
    shutil.copytree(tiny_cache, root / ".cache")
    build(root, base_url="https://example.github.io/explainer/")
    with serve_folder(root / "public", "/explainer/") as url:
        yield url


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(browser, site_url):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site_url + "uk/first-story/", wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert page.locator("h1").inner_text() == "Перша історія"
    page.locator(".language-switch a[hreflang=en]").click()
    page.wait_for_url(site_url + "first-story/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "First story"
    page.locator(".language-switch a[hreflang=uk]").click()
    page.wait_for_url(site_url + "uk/first-story/")
    assert page.locator("h2#key-figures-title").inner_text().lower() == "головні цифри"
    assert errors == []
    page.close()
