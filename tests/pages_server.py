"""A local stand-in for GitHub Pages: serves a built folder under a subpath, with 404.html for misses."""

from __future__ import annotations

import mimetypes
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def make_handler(folder: Path, prefix: str):
    """A handler class serving `folder` at `prefix` ('/explainer/') the way Pages does."""
    folder = folder.resolve()

    class PagesHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.respond(send_body=True)

        def do_HEAD(self):
            self.respond(send_body=False)

        def respond(self, send_body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            target = self.resolve(path)
            if isinstance(target, str):  # a redirect, as Pages does for a folder without its slash
                self.send_response(301)
                self.send_header("Location", target)
                self.end_headers()
                return
            status = 200 if target else 404
            target = target or folder / "404.html"
            body = target.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def resolve(self, path: str):
            """The file for a URL path, a redirect location, or None."""
            if not path.startswith(prefix):
                return None
            target = (folder / path[len(prefix):]).resolve()
            if not target.is_relative_to(folder):
                return None
            if target.is_dir():
                if not path.endswith("/"):
                    return path + "/"
                target = target / "index.html"
            return target if target.is_file() else None

        def log_message(self, *args):  # keep test output quiet
            pass

    return PagesHandler


@contextmanager
def serve_folder(folder: Path, prefix: str = "/explainer/"):
    """Serve a folder on 127.0.0.1 (a free port) under prefix; yields the site's root URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(folder, prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
