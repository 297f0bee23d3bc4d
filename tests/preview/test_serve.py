"""`build.py serve` without a browser: path safety, CSP and script injection, host checks, debounce, base URL."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time

import pytest
from support import ServeProcess, run_build, write_files
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from explainer.preview.http import error_page, is_loopback, prepare_page, relax_csp, resolve_request
from explainer.preview.watch import FileWatch
from explainer.preview.serve import NOTIFIED_DEBOUNCE_SECONDS

BASE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")

ESCAPES = [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2f..%2fetc%2fpasswd",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/first-story/../../../etc/passwd",
    "/first-story/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "//etc/passwd",
    "/.nojekyll",
    "/%2enojekyll",
    "/index.html%00.css",
    "/%ff%fe",
]


# --- pure functions -----------------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    site = tmp_path / "preview"
    write_files(site, {"index.html": "home", "a/index.html": "a", "a/b.css": "b", ".nojekyll": "", ".git/x": "x"})
    (tmp_path / "secret.txt").write_text("secret")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "etc").symlink_to("/etc")
    (site / "hidden.txt").symlink_to(site / ".nojekyll")
    (site / "inside.css").symlink_to(site / "a" / "b.css")
    return site


@pytest.mark.parametrize("raw, base, expected", [
    ("/", "/", "index.html"),
    ("/a/", "/", "a/index.html"),
    ("/a/b.css", "/", "a/b.css"),
    ("/a/b.css?v=1", "/", None),  # the handler passes the path without its query; a literal '?' is a name
    ("/inside.css", "/", "a/b.css"),
    ("/repo/a/", "/repo/", "a/index.html"),
    ("/a/", "/repo/", None),
    ("/missing/", "/", None),
    ("/a//b.css", "/", None),
    ("/leak.txt", "/", None),
    ("/etc/passwd", "/", None),
    ("/hidden.txt", "/", None),
    ("/.git/x", "/", None),
    *((raw, "/", None) for raw in ESCAPES),
])
def test_resolve_request_serves_only_files_inside_the_folder(folder, raw, base, expected):
    found = resolve_request(raw, base, folder)
    assert found.redirect is None
    assert found.file == ((folder.resolve() / expected).resolve() if expected else None)


@pytest.mark.parametrize("raw, base, location", [
    ("/", "/repo/", "/repo/"),
    ("/repo", "/repo/", "/repo/"),
    ("/a", "/", "/a/"),
    ("/repo/a", "/repo/", "/repo/a/"),
])
def test_resolve_request_redirects_to_the_base_path_and_to_folders_with_a_slash(folder, raw, base, location):
    assert resolve_request(raw, base, folder).redirect == location


@pytest.mark.parametrize("host, expected", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("preview.localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False),
    ("example.org", False), ("127.0.0.1.example.org", False),
])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def test_relax_csp_adds_only_the_reload_socket():
    relaxed = relax_csp(BASE_CSP, "ws://127.0.0.1:8000")
    assert relaxed == BASE_CSP.replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:8000")


def test_relax_csp_derives_missing_directives_from_default_src_and_drops_none():
    assert relax_csp("default-src 'none'", "ws://h:1") == "default-src 'none'; script-src 'self'; connect-src ws://h:1"
    assert relax_csp("img-src 'self'", "ws://h:1") == "img-src 'self'"  # no default-src: nothing was blocked


def test_prepare_page_adds_the_script_from_self_and_changes_nothing_else():
    page = f'<html><head><meta http-equiv="Content-Security-Policy" content="{BASE_CSP}"></head><body>x</body></html>'
    served = prepare_page(page.encode(), "localhost:8123").decode()
    tag = '<script src="/livereload.js?host=localhost&amp;port=8123" async></script>\n'
    assert served == page.replace("connect-src 'self'", "connect-src 'self' ws://localhost:8123").replace(
        "</head>", tag + "</head>")
    assert "<script>" not in served  # nothing inline


def test_error_page_escapes_every_problem():
    page = error_page(["content/articles/a.yaml:3: bad value '<script>alert(1)</script>'"]).decode()
    assert "content/articles/a.yaml:3: bad value &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in page
    assert "<script>alert" not in page


def test_file_watch_reports_added_changed_and_removed_files_but_not_swap_files(tmp_path):
    write_files(tmp_path, {"content/a.md": "a", "content/b.md": "b"})
    watch = FileWatch((tmp_path / "content", tmp_path / "missing"))
    assert watch.changes() == set()
    write_files(tmp_path, {"content/a.md": "changed", "content/new/c.md": "c", "content/.a.md.swp": "x",
                           "content/a.md~": "x", "content/4913": ""})
    (tmp_path / "content" / "b.md").unlink()
    assert watch.changes() == {tmp_path / "content/a.md", tmp_path / "content/new/c.md", tmp_path / "content/b.md"}
    os.replace(tmp_path / "content/new/c.md", tmp_path / "content/new/d.md")
    assert watch.changes() == {tmp_path / "content/new/c.md", tmp_path / "content/new/d.md"}


# --- a real server ------------------------------------------------------------------------------------

@pytest.fixture
def served(tiny_site):
    server = ServeProcess(tiny_site)
    yield server
    server.stop()


@pytest.mark.parametrize("raw", ESCAPES)
def test_no_request_leaves_the_built_site(served, raw):
    answer = served.get(raw)
    assert answer.status == 404, raw
    assert "Page not found" in answer.body  # the site's own 404.html
    assert "root:" not in answer.body


def test_missing_page_gets_the_sites_404_page_with_the_reload_script(served):
    answer = served.get("/no-such-page/")
    assert answer.status == 404 and "Page not found" in answer.body
    assert '<script src="/livereload.js' in answer.body


def test_listens_on_loopback_by_default_without_a_warning(served):
    assert served.url.startswith("http://127.0.0.1:")
    assert not any("warning" in line for line in served.lines["err"])
    assert served.get("/", headers={"Host": "evil.example:80"}).status == 403  # DNS rebinding


def test_warns_when_listening_beyond_loopback(tiny_site):
    server = ServeProcess(tiny_site, "--host", "0.0.0.0")
    try:
        server.wait_for(r"^warning: serving on 0\.0\.0\.0: anyone who can reach this machine", stream="err")
        assert server.get("/first-story/", headers={"Host": "192.0.2.1:80"}).status == 200
    finally:
        server.stop()


def test_reload_script_is_added_by_the_server_only(served, tiny_site):
    disk = (tiny_site / ".cache" / "preview" / "first-story" / "index.html").read_text(encoding="utf-8")
    answer = served.get("/first-story/")
    origin = f"{served.host}:{served.port}"
    tag = f'<script src="/livereload.js?host={served.host}&amp;port={served.port}" async></script>\n'
    assert answer.status == 200 and answer.headers["cache-control"] == "no-store"
    assert answer.body == disk.replace("connect-src 'self'", f"connect-src 'self' ws://{origin}").replace(
        "</head>", tag + "</head>")
    assert "livereload" not in disk
    assert run_build(tiny_site).code == 0
    public = [p for p in (tiny_site / "public").rglob("*") if p.is_file()]
    assert public and not any(b"livereload" in p.read_bytes() for p in public)
    assert not (tiny_site / "public" / "first-story" / "index.html").read_text().count("ws://")


def test_preview_shows_drafts_with_the_banner_and_never_writes_public(tiny_site):
    path = tiny_site / "content/articles/first-story.yaml"
    path.write_text(path.read_text() + "draft: true\n")
    server = ServeProcess(tiny_site)
    try:
        answer = server.get("/first-story/")
        assert answer.status == 200 and "Draft: not published" in answer.body
        assert not (tiny_site / "public").exists()
    finally:
        server.stop()


@pytest.mark.parametrize("out", ["public", "public/preview", "site/preview", ".", ".."])
def test_refuses_a_preview_folder_that_would_replace_something_else(tiny_site, out):
    result = run_build(tiny_site, "serve", "--out", str(tiny_site / out))
    assert result.code == 1
    assert "leave out --out to use .cache/preview" in result.err and "Traceback" not in result.err
    assert not (tiny_site / "public").exists()


def test_starts_even_when_the_first_build_fails_and_recovers_when_fixed(tiny_site):
    path = tiny_site / "content/articles/first-story.yaml"
    original = path.read_text()
    path.write_text(original.replace("dek: What happened first.", "dek: [What happened first."))
    server = ServeProcess(tiny_site)
    try:
        assert server.count(r"^Build failed: 1 problem") == 1
        answer = server.get("/first-story/")
        assert answer.status == 404
        assert re.search(r"<code>content/articles/first-story\.yaml:\d+: malformed YAML", answer.body)
        path.write_text(original)
        server.wait_for(r"^Rebuilt for content/articles/first-story.yaml: Built")
        assert server.get("/first-story/").status == 200
    finally:
        server.stop()


def test_base_url_previews_the_site_under_its_subpath(tiny_site):
    server = ServeProcess(tiny_site, "--base-url", "/repo/")
    try:
        assert server.url.endswith("/repo/")
        root = server.get("/")
        assert root.status == 302 and root.headers["location"] == "/repo/"
        page = server.get("/repo/first-story/")
        assert page.status == 200 and 'href="/repo/about/"' in page.body
        assert server.get("/first-story/").status == 404
        assert server.get("/repo/first-story").headers["location"] == "/repo/first-story/"
    finally:
        server.stop()


def test_a_burst_of_saves_causes_one_rebuild(tiny_site):
    server = ServeProcess(tiny_site, env={"EXPLAINER_PREVIEW_TRACE": "1"})
    try:
        names = ["content/articles/first-story.md", "content/articles/first-story.yaml", "content/pages/about.md",
                 "templates/article.html", "site/site.yaml"]
        originals = {name: (tiny_site / name).read_text() for name in names}
        logged, traced = len(server.lines["out"]), len(server.lines["err"])
        for i in range(50):
            name = names[i % len(names)]
            (tiny_site / name).write_text(originals[name] + ("\n" * (i // len(names) + 1)))
            # A burst spread over several polls and notifier steps: only the debounce keeps it to one rebuild.
            time.sleep(NOTIFIED_DEBOUNCE_SECONDS * 0.1)
        settle = server.get("/first-story/")  # answered only once no rebuild is pending
        assert settle.status == 200
        server.wait_for(r"^Rebuil", start=logged)  # logged before the page is served, but read on another thread
        server.wait_for(r"^trace page-sent", stream="err", start=traced)  # after every rebuild's trace
        steps = [line.split()[1:] for line in server.lines["err"][traced:] if line.startswith("trace ")]
    finally:
        server.stop()
    # Judged on the server's own clock, since a busy machine delays the notices of saves made close together
    # (into a pause as long as the debounce, which rightly starts a rebuild). Each rebuild must start only after
    # the changes it takes have been quiet for the debounce (without one, it starts on the first notice), and
    # each ties up the server for the debounce and the rebuild, so a burst can hold only so many.
    noticed, starts, shortest = [], [], float("inf")
    for step, at in ((step, float(at)) for step, at in steps):
        if step == "noticed":
            noticed.append(at)
        elif step == "rebuild-start":
            assert noticed and at - noticed[-1] >= NOTIFIED_DEBOUNCE_SECONDS * 1000 - 0.2, steps
            starts.append(at)
        elif step == "rebuild-done":
            shortest = min(shortest, at - starts[-1])
    assert starts, steps
    span = noticed[-1] - noticed[0]
    assert len(starts) <= 2 + span / (NOTIFIED_DEBOUNCE_SECONDS * 1000 + shortest), (span, shortest, steps)


def test_broken_build_shows_problems_for_every_page_but_still_serves_assets(served, tiny_site):
    (tiny_site / "content/articles/first-story.yaml").write_text("title: [unclosed\n")
    served.wait_for(r"^Rebuild failed for content/articles/first-story.yaml: 1 problem")
    for path, status in (("/first-story/", 500), ("/", 500), ("/nowhere/", 404)):
        answer = served.get(path)
        assert answer.status == status
        assert re.search(r"<code>content/articles/first-story\.yaml:\d+: [^<]+</code>", answer.body), answer.body
        assert '<script src="/livereload.js' in answer.body
    css = re.search(r'href="(/assets/style\.[0-9a-f]+\.css)"', served.get("/about/").body)
    assert css is None  # the page is the error page, not the site
    assert any(p.suffix == ".css" for p in (tiny_site / ".cache/preview/assets").iterdir())


def test_a_page_that_missed_its_reload_is_reloaded_when_it_connects(served, tiny_site):
    page = served.get("/first-story/")
    cookie = page.headers["set-cookie"].split(";")[0]
    path = tiny_site / "content/articles/first-story.md"
    path.write_text(path.read_text() + "\nA later paragraph.\n")
    served.wait_for(r"^Rebuilt for content/articles/first-story.md")
    assert "A later paragraph." in served.get("/first-story/").body

    async def hello(headers: dict) -> list:
        url = f"ws://{served.host}:{served.port}/livereload"
        socket = await websocket_connect(HTTPRequest(url, headers=headers))
        socket.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        socket.write_message(json.dumps({"command": "info", "url": served.url + "first-story/"}))
        messages = [json.loads(await socket.read_message())]
        try:
            messages.append(json.loads(await asyncio.wait_for(socket.read_message(), 2)))
        except asyncio.TimeoutError:
            pass
        socket.close()
        return messages

    origin = {"Origin": f"http://{served.host}:{served.port}"}
    stale = asyncio.run(hello({**origin, "Cookie": cookie}))
    assert [m["command"] for m in stale] == ["hello", "reload"]
    current = served.get("/first-story/").headers["set-cookie"].split(";")[0]
    assert [m["command"] for m in asyncio.run(hello({**origin, "Cookie": current}))] == ["hello"]
    with pytest.raises(Exception, match="403"):
        asyncio.run(hello({"Origin": "http://evil.example", "Cookie": current}))


def test_assets_are_revalidated_and_pages_never_cached(served):
    page = served.get("/first-story/")
    assert page.headers["cache-control"] == "no-store" and "etag" not in page.headers
    css = re.search(r'href="(/assets/style\.[0-9a-f]+\.css)"', page.body)[1]
    first = served.get(css)
    assert first.status == 200 and first.headers["cache-control"] == "no-cache" and first.headers["etag"]
    again = served.get(css, headers={"If-None-Match": first.headers["etag"]})
    assert again.status == 304 and again.body == ""  # a whole-page reload costs a round trip, not the bytes
    assert served.get(css, headers={"If-None-Match": '"other"'}).status == 200
    head = served.get(css, method="HEAD")
    assert head.status == 200 and "etag" not in head.headers  # HEAD has no body to make a validator from
    script = served.get("/livereload.js")
    assert script.headers["cache-control"] == "no-cache" and "previewReload" in script.body


def test_the_reload_cookie_lasts_one_page(served, tiny_site):
    answer = served.get("/first-story/", headers={"Cookie": "preview_reload=1"})
    assert answer.status == 200 and 'preview_reload=""' in answer.headers["set-cookie"]
    path = tiny_site / "content/articles/first-story.md"
    path.write_text(path.read_text() + "\nSaved just before a page was asked for.\n")
    assert "Saved just before a page was asked for." in served.get("/first-story/").body  # no hint: walked
