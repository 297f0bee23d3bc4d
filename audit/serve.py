"""Serve a built site on loopback as GitHub Pages would: text compressed with gzip for a browser that asks
(as Pages does, so Lighthouse times the bytes a reader receives), and each page's CSP sent as a header too."""

from __future__ import annotations

import contextlib
import gzip
import html
import http.server
import re
import threading
from functools import lru_cache, partial
from pathlib import Path

CSP_META = re.compile(
    r"""<meta\s+http-equiv=(["'])Content-Security-Policy\1\s+content=(["'])(.*?)\2""", re.I | re.S)


# What GitHub Pages compresses: text of every kind the site holds (its images are already compressed).
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".md", ".csv"}


@lru_cache(maxsize=512)
def gzipped(path: Path, mtime: float) -> bytes:
    """A file's bytes compressed as a web host would (level 6), the same bytes every time."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@lru_cache(maxsize=512)
def page_policy(path: Path, mtime: float) -> str | None:
    """The Content-Security-Policy a page declares in its <meta>, if any (cached per file version)."""
    match = CSP_META.search(path.read_text(encoding="utf-8", errors="replace"))
    return html.unescape(match.group(3)) if match else None


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing path gets 404.html with status 404, like GitHub Pages."""

    protocol_version = "HTTP/1.1"  # keep-alive, as any real host offers

    def send_head(self):
        """Serve the file, or the site's 404 page; HTML carries its CSP as a header."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().send_head()  # the standard redirect to the slash form
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return self.send_not_found()
        self._policy = page_policy(path, path.stat().st_mtime) if path.suffix == ".html" else None
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self.send_gzipped(path)
        return super().send_head()

    def send_gzipped(self, path: Path):
        """The file compressed, with the headers a host sends with a compressed body."""
        body = gzipped(path, path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)

    def send_not_found(self):
        """The site's own 404.html with status 404 (or a bare 404 when the site has none)."""
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404)
            return None
        body = page.read_bytes()
        self._policy = page_policy(page, page.stat().st_mtime)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)

    def end_headers(self):
        """Add the page's policy as a real header: a <meta> CSP cannot carry every directive."""
        policy = getattr(self, "_policy", None)
        if policy:
            self.send_header("Content-Security-Policy", policy)
        self._policy = None
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Quiet: the audit reports what matters."""


class _BytesFile:
    """The minimal file object SimpleHTTPRequestHandler copies a body from."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


@contextlib.contextmanager
def serve_site(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL ('http://127.0.0.1:PORT/')."""
    handler = partial(SiteHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="audit-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
