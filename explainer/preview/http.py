"""The preview's HTTP side: the built folder and nothing else, pages with a reload script the CSP allows.

What comes from livereload and why not all of it: `livereload.Server.application()` always installs an
output transform that injects an *inline* <script> before </head>. The pages' policy `script-src 'self'`
blocks it (and the browser reports a violation), and Server offers no way to replace that transform. Its
static handler is Tornado's, which answers `..` escapes with 403 rather than 404, serves dotfiles, follows
symlinks out of the folder and knows nothing of the base path or the build's errors. So this module owns the
Tornado application and the file handler, and takes from livereload only its WebSocket handler
(`LiveReloadHandler`: the livereload protocol handshake and the set of connected browsers), subclassed here
to accept same-origin sockets only and to catch a page that missed a reload. The client is the preview's own
(reload.js, served from this origin at /livereload.js): livereload's client reloads the whole page for every
change, which fetches every asset again; ours replaces only the body where the head is unchanged and the
page runs no script of its own.
Reloads are sent by `reload_browsers()`, not by `LiveReloadHandler.poll_tasks`: that method drops any reload
within `LiveReloadHandler.DEFAULT_RELOAD_TIME` (3 s) of the previous one, and with a watch delay still
waits at least 1 s (`max(3 - delay, 1)`); it reads `LiveReloadHandler.DEFAULT_RELOAD_TIME` by class name, so
a subclass cannot lower it. `reload_waiters()` has no throttle but needs livereload's own watcher for its log
line. Sending the reload message ourselves, once per finished rebuild, is both simpler and never drops one.
"""

from __future__ import annotations

import asyncio
import html
import json
import mimetypes
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.websocket import WebSocketHandler

from ..output.paths import INDEX, NOT_FOUND

RELOAD_SCRIPT = (Path(__file__).parent / "reload.js").read_bytes()
RELOAD = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}  # the page; reload.js decides how
VERSION_COOKIE = "preview_version"
RELOAD_HEADER = "X-Preview-Reload"  # sent by reload.js when it asks for a page because the server said so
RELOAD_COOKIE = "preview_reload"  # the same, set by reload.js for the whole-page reload it starts
FRESH_TIMEOUT = 10.0  # seconds a request waits for a rebuild in progress before getting what is on disk

HOST_HEADER = re.compile(r"^(?P<name>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?$")
CSP_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.IGNORECASE)
TEXT_TYPES = {".html": "text/html", ".md": "text/markdown", ".css": "text/css", ".js": "text/javascript",
              ".csv": "text/csv", ".txt": "text/plain", ".xml": "application/xml", ".json": "application/json",
              ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}
TRACE = os.environ.get("EXPLAINER_PREVIEW_TRACE") == "1"  # benchmarks/serve_latency.py: when each step happened


def trace(step: str) -> None:
    """With EXPLAINER_PREVIEW_TRACE=1, one stderr line per step of an edit, on the wall clock in ms."""
    if TRACE:
        # One write per line: print() writes the line and its end apart, and the notifier's thread traces too.
        sys.stderr.write(f"trace {step} {time.time() * 1000:.1f}\n")
        sys.stderr.flush()


@dataclass
class PreviewStatus:
    """What the server knows of the preview: the folder, the base path, the last build's problems."""

    folder: Path
    base_path: str = "/"
    problems: list = field(default_factory=list)  # `path:line: message` lines; empty after a good build
    version: int = 0  # counts the builds browsers were told about; a page older than this is stale
    loopback_only: bool = True
    fresh: asyncio.Event = field(default_factory=asyncio.Event)  # clear from a save until its rebuild ends
    notice: object = None  # the watcher's look for changes, run before a page is answered (None: not yet)

    async def until_fresh(self) -> None:
        """Wait while a rebuild is pending or running, so no page is served from a build about to change."""
        try:
            await asyncio.wait_for(self.fresh.wait(), FRESH_TIMEOUT)
        except TimeoutError:
            pass


@dataclass(frozen=True)
class Resolved:
    """Where a request leads: a file of the site, a redirect, or nowhere (both None)."""

    file: Path | None = None
    redirect: str | None = None


NOWHERE = Resolved()


def resolve_request(raw_path: str, base_path: str, folder: Path) -> Resolved:
    """Map a request path (still percent-encoded) to a file inside `folder`, never outside it; a path the
    system cannot even look up (too long, too deep) leads nowhere, like any other missing file."""
    try:
        return _resolve(raw_path, base_path, folder)
    except (OSError, ValueError):
        return NOWHERE


def _resolve(raw_path: str, base_path: str, folder: Path) -> Resolved:
    """resolve_request, which may raise on a path the file system refuses."""
    try:
        path, base = unquote(raw_path, errors="strict"), unquote(base_path)
    except UnicodeDecodeError:
        return NOWHERE
    if "\x00" in path or "\\" in path:
        return NOWHERE
    if not path.startswith(base):
        return Resolved(redirect=base_path) if path in ("/", base.rstrip("/")) else NOWHERE
    *folders, last = path[len(base):].split("/")
    if not all(map(is_public_name, folders)) or (last and not is_public_name(last)):
        return NOWHERE
    root = folder.resolve()
    real = folder.joinpath(*folders, last or INDEX).resolve()
    if not real.is_relative_to(root) or not all(map(is_public_name, real.relative_to(root).parts)):
        return NOWHERE  # a symlink that leaves the folder or lands on a dotfile
    if real.is_dir() and last:
        return Resolved(redirect=quote(path) + "/")  # as GitHub Pages does, so relative links keep working
    return Resolved(file=real) if real.is_file() else NOWHERE


def is_page_request(path: str) -> bool:
    """True for a request that may be answered with a page (a folder's URL or an .html file), not an asset."""
    last = path.rsplit("/", 1)[-1]
    return "." not in last or last.endswith(".html")


def is_public_name(name: str) -> bool:
    """A path segment the preview may serve: not empty, not '.' or '..', not a dotfile."""
    return bool(name) and not name.startswith(".")


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    name = host.strip("[]").lower()
    return name == "localhost" or name.endswith(".localhost") or name == "::1" or re.fullmatch(
        r"127(\.\d{1,3}){3}", name) is not None


def checked_host(header: str | None) -> str | None:
    """The Host header if it is a plain host[:port], else None (it is about to be written into HTML)."""
    return header if header and HOST_HEADER.match(header) else None


def split_host(header: str) -> tuple[str, str]:
    """'[::1]:8000' -> ('[::1]', '8000'); 'localhost' -> ('localhost', '80'); junk stays whole."""
    match = HOST_HEADER.match(header)
    return (match["name"], match["port"] or "80") if match else (header, "80")


def relax_csp(policy: str, ws_origin: str) -> str:
    """The policy plus what the reload script needs: itself from 'self', its socket in connect-src."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    for name, source in (("script-src", "'self'"), ("connect-src", ws_origin)):
        sources = directives.get(name, directives.get("default-src"))
        if sources is not None and source not in sources:
            directives[name] = [s for s in sources if s != "'none'"] + [source]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def prepare_page(page: bytes, host: str | None) -> bytes:
    """A page as the preview serves it: the reload script added, the CSP opened for its socket only."""
    text = page.decode("utf-8", errors="replace")
    if host:
        hostname, port = split_host(host)
        text = CSP_META.sub(lambda m: m[1] + relax_csp(m[2], f"ws://{host}") + m[3], text, count=1)
        tag = f'<script src="/livereload.js?host={hostname}&amp;port={port}" async></script>'
    else:
        tag = '<script src="/livereload.js" async></script>'
    for end in ("</head>", "</body>"):
        if end in text:
            return text.replace(end, tag + "\n" + end, 1).encode("utf-8")
    return (text + tag).encode("utf-8")


def error_page(problems: list[str]) -> bytes:
    """The page every HTML request gets while the build fails: each problem, escaped."""
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'">
<link rel="icon" href="data:,">
<title>Build failed: {count}</title>
</head>
<body>
<main>
<h1>The preview could not be rebuilt: {count}</h1>
<ul class="problems">
{items}
</ul>
<p>Fix the file and save it: this page reloads by itself. The last good build is kept on disk, but no page of it
is shown until the problems are fixed, so that nothing you read here is out of date.</p>
</main>
</body>
</html>
""".encode("utf-8")


def content_type(path: Path) -> str:
    """The Content-Type for a file of the site; text is always UTF-8."""
    kind = TEXT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def reload_browsers() -> None:
    """Tell every connected page to reload now (no throttle: each finished rebuild deserves one)."""
    for waiter in list(LiveReloadHandler.waiters):
        waiter.send_message(RELOAD)


class PageHandler(web.RequestHandler):
    """Every request that is not the reload machinery: a file of the built site, a redirect or a 404."""

    def initialize(self, status: PreviewStatus) -> None:
        self.status = status
        self.cacheable = False

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")  # a reload must fetch the new build, never a cached one
        self.set_header("X-Content-Type-Options", "nosniff")

    def compute_etag(self) -> str | None:
        return super().compute_etag() if self.cacheable else None  # assets only; pages and errors never

    async def get(self) -> None:
        await self.respond(include_body=True)

    async def head(self) -> None:
        await self.respond(include_body=False)

    async def respond(self, include_body: bool) -> None:
        """Answer from the folder as it is once the pending rebuild (if any) has finished."""
        header = self.request.headers.get("Host")
        if self.status.loopback_only and header and not is_loopback(split_host(header)[0]):
            # A page on another site that rebinds its name to 127.0.0.1 must not read the drafts.
            return self.send(403, b"This preview answers to localhost only.\n", "text/plain; charset=utf-8",
                             include_body)
        if is_page_request(self.request.path):
            trace("page-asked")
            if self.status.notice is not None:
                # A save a moment ago (before the next poll) waits for its rebuild too. A page that asks
                # because the server told it to reload needs no walk of the sources: the rebuild that told it
                # has just looked, and a save since then reloads it again once rebuilt.
                self.status.notice(walk=not self.follows_reload())
        await self.status.until_fresh()
        found = resolve_request(self.request.path, self.status.base_path, self.status.folder)
        if found.redirect:
            return self.redirect(found.redirect)
        is_page = found.file is None or found.file.suffix == ".html"
        if self.status.problems and is_page:
            return self.send_page(404 if found.file is None else 500, error_page(self.status.problems),
                                  include_body)
        if found.file is None:
            return self.send_page(404, self.not_found_page(), include_body)
        try:
            data = found.file.read_bytes()
        except OSError:  # swapped away between resolving and reading: a rebuild just finished
            return self.send_page(404, self.not_found_page(), include_body)
        if is_page:
            return self.send_page(200, data, include_body)
        # Kept by the browser but asked again each time (If-None-Match, 304 when unchanged): a whole-page
        # reload then costs a round trip per asset, not its bytes, and never shows an old one.
        self.set_header("Cache-Control", "no-cache")
        self.cacheable = include_body  # the ETag is a digest of the body written, which HEAD leaves out
        return self.send(200, data, content_type(found.file), include_body)

    def follows_reload(self) -> bool:
        """True when reload.js asks for this page because this server told it to reload."""
        return self.request.headers.get(RELOAD_HEADER) == "1" or self.get_cookie(RELOAD_COOKIE) == "1"

    def not_found_page(self) -> bytes:
        """The site's own 404.html, or a line of text if the build has never produced one."""
        page = self.status.folder / NOT_FOUND.file
        return page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title><p>Not found.</p>"

    def send_page(self, status: int, page: bytes, include_body: bool) -> None:
        """An HTML answer, with the reload script and a note of the build it shows."""
        self.set_cookie(VERSION_COOKIE, str(self.status.version), httponly=True, samesite="Strict")
        if self.get_cookie(RELOAD_COOKIE) is not None:
            self.clear_cookie(RELOAD_COOKIE)  # one page: the next one the reader opens is looked for as usual
        body = prepare_page(page, checked_host(self.request.headers.get("Host")))
        self.send(status, body, "text/html; charset=utf-8", include_body)
        trace("page-sent")

    def send(self, status: int, body: bytes, kind: str, include_body: bool) -> None:
        """Finish the response; HEAD gets the headers only."""
        self.set_status(status)
        self.set_header("Content-Type", kind)
        if include_body:
            self.finish(body)
        else:
            self.set_header("Content-Length", len(body))
            self.finish()


class ReloadScriptHandler(web.RequestHandler):
    """The preview's reload client (reload.js), from this origin, so `script-src 'self'` allows it."""

    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")  # revalidated (ETag) on every load: 304 unless it changed
        self.finish(RELOAD_SCRIPT)


class ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, limited to pages of this server, and catching pages that missed a reload."""

    live_css = False

    def initialize(self, status: PreviewStatus) -> None:
        self.status = status

    def check_origin(self, origin: str) -> bool:
        # livereload accepts any origin; Tornado's default accepts only pages served by this host.
        return WebSocketHandler.check_origin(self, origin)

    async def get(self, *args, **kwargs):
        # The Host rule of pages holds for the socket too: a DNS-rebinding page must not learn of saves.
        header = self.request.headers.get("Host")
        if self.status.loopback_only and header and not is_loopback(split_host(header)[0]):
            self.set_status(403)
            return self.finish("This preview answers to localhost only.\n")
        return await super().get(*args, **kwargs)

    def on_message(self, message) -> None:
        if _command(message) is None:
            return  # not a livereload command (bad JSON, binary, another shape): ignored quietly
        super().on_message(message)
        # A page served just before a rebuild finished may connect after the reload went out; the cookie
        # says which build it shows, so such a page is reloaded as soon as it says hello.
        if _command(message) == "info" and self.get_cookie(VERSION_COOKIE) != str(self.status.version):
            self.send_message(RELOAD)


def _command(message) -> str | None:
    """The command of a livereload message, or None for anything else."""
    try:
        data = json.loads(message)
    except (TypeError, ValueError, RecursionError):
        return None
    command = data.get("command") if isinstance(data, dict) else None
    return command if isinstance(command, str) else None


def make_app(status: PreviewStatus) -> web.Application:
    """The Tornado application: the reload socket and client, then the site for every other path."""
    return web.Application(
        [(r"/livereload", ReloadSocket, {"status": status}),
         (r"/livereload\.js", ReloadScriptHandler),
         (r".*", PageHandler, {"status": status})],
        log_function=lambda handler: None,  # one line per rebuild is the log; requests are not news
    )
