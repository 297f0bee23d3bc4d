"""What the tests share: a tiny site written into tmp_path, the command line run as an editor runs it, the
repository's own site, a real `build.py serve` process, and a stand-in for GitHub Pages.

Fixtures that use these live in conftest.py."""

from __future__ import annotations

import http.client
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's (playwright install cannot download here)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# A tiny site and the command line ------------------------------------------------------------------

TINY_FILES = {
    "site/site.yaml": """\
        title: Tiny site
        description: A site for tests.
        publisher: Test desk
        nav: [about]
        """,
    "content/sources.yaml": """\
        un-report:
          publisher: United Nations
          title: A report
          url: https://example.org/report
          published: 2022-05-01
          accessed: 2026-11-20
        news-report:
          publisher: A newspaper
          title: An interview
          url: https://example.org/news/an-interview
          accessed: 2026-11-20
        """,
    "content/events.yaml": """\
        start:
          date: 2022-02-24
          label: Start
          source: un-report
        """,
    "content/data/counts.yaml": """\
        title: Counts
        unit: people
        measure: cumulative
        notes: Test data.
        series:
          killed: Killed
          injured: Injured
        points:
          - date: 2022-03-01
            killed: 10
            injured: 20
            source: un-report
          - date: 2022-04-01
            killed: 15
            injured: 31
            source: un-report
        """,
    "content/articles/first-story.yaml": """\
        title: First story
        dek: What happened first.
        published: 2022-06-01
        byline: [Test desk]
        places: [Somewhere]
        tags: [test]
        key_figures:
          - id: dead
            label: People killed
            value: 15
            qualifier: at least
            unit: people
            as_of: 2022-04-01
            source: un-report
        charts:
          - id: counts-chart
            kind: line
            data: [counts]
            title: Counts over time
            description: Killed and injured rose over time.
            events: [start]
        claims:
          - claim: Something was said.
            by: An official
            party: ukraine
            date: 2022-05-02
            status: unverified
            source: news-report
        updates:
          - date: 2022-06-02
            kind: correction
            text: Fixed a figure.
        """,
    "content/articles/first-story.md": """\
        ## Beginning

        At least {fig}`dead` were killed; by April it was {data}`counts/killed/2022-04-01`.

        ::: chart counts-chart

        See [how we work](/about/).
        """,
    "content/pages/about.md": """\
        ---
        title: About
        description: About this site.
        ---
        ## Who we are

        A test desk.
        """,
}


@dataclass
class Result:
    """What a command printed and returned."""

    code: int
    out: str
    err: str


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write files (text is dedented) under root."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")


def write_tiny_site(root: Path) -> Path:
    """The tiny site's files under root, with the repository's templates and static files."""
    write_files(root, TINY_FILES)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "site" / "static", root / "site" / "static")
    return root


def run_build(root: Path, *args: str) -> Result:
    """Run `build.py` in a subprocess against `root`, as an editor would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, env=env, timeout=300)
    return Result(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# The repository's own site and its charts ------------------------------------------------------------

VEGA_LITE = "6.4"


def seed_bundle(root: Path, bundle_cache: Path) -> None:
    """Give a site the ready-made bundle, so its first build renders charts but not the bundle."""
    shutil.copytree(bundle_cache / "vega", root / ".cache" / "vega", dirs_exist_ok=True)


def copy_repository_site(root: Path) -> Path:
    """The repository's content, site settings and templates, copied under `root`."""
    for name in ("content", "site", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root


def load_content(root: Path):
    """The validated content of a site (stages 1-3), for tests of later stages."""
    from explainer.content.collect import collect_content
    from explainer.content.config import load_site
    from explainer.content.validate import validate_content
    from explainer.errors import Problems

    problems = Problems(root=root)
    site = load_site(root, problems)
    content = validate_content(site, collect_content(site, problems), problems)
    problems.stop_if_any()
    return content


def walk(spec):
    """Every dict inside a spec, depth first (layers, encodings, marks)."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from walk(item)


# A real preview server --------------------------------------------------------------------------------

SERVING = re.compile(r"Serving the preview.* on (http://\S+)")


@dataclass
class Response:
    """What the server answered to one raw request."""

    status: int
    headers: dict
    body: str


class ServeProcess:
    """`build.py serve --port 0 --root <root>` in a subprocess; stdout and stderr collected line by line."""

    def __init__(self, root: Path, *args: str, startup_timeout: float = 90, env: dict[str, str] | None = None):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", **(env or {})}
        command = [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--root", str(root), *args]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines = {"out": [], "err": []}
        self.changed = threading.Condition()
        for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()
        self.url = self.wait_for(SERVING, timeout=startup_timeout)[1]
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port

    def _read(self, name: str, stream) -> None:
        for line in stream:
            with self.changed:
                self.lines[name].append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, pattern, timeout: float = 30, stream: str = "out", start: int = 0) -> re.Match:
        """The first line (from index `start`) matching `pattern`; fails with the output if none comes."""
        pattern = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in self.lines[stream][start:]:
                    if match := pattern.search(line):
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(f"no line matching {pattern.pattern!r} within {timeout} s; "
                                         f"stdout: {self.lines['out']}, stderr: {self.lines['err']}")
                self.changed.wait(min(left, 0.2))

    def count(self, pattern, stream: str = "out") -> int:
        """How many lines so far match `pattern`."""
        with self.changed:
            return sum(1 for line in self.lines[stream] if re.search(pattern, line))

    def get(self, raw_path: str, headers: dict | None = None, method: str = "GET") -> Response:
        """Send a request exactly as written (no path clean-up, unlike urllib and browsers)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, raw_path, headers=headers or {})
            answer = connection.getresponse()
            body = answer.read().decode("utf-8", errors="replace")
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, body)
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop the server (the process we started, by its id)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# GitHub Pages, locally ---------------------------------------------------------------------------------

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


def tiny_site_with(root: Path, edits: dict[str, tuple[str, str]], extra: dict | None = None) -> Path:
    """The tiny site's content (no templates) under root, each (old, new) replaced once in its file."""
    files = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    for name, (old, new) in edits.items():
        assert old in files[name], f"fixture text {old!r} not in {name}"
        files[name] = files[name].replace(old, new, 1)
    write_files(root, {**files, **(extra or {})})
    return root


def validate_site(root: Path) -> tuple[list[str], list[str]]:
    """Stages 1-3 of a site without stopping: its problems and warnings, each as `path:line: message`."""
    from explainer.content.collect import collect_content
    from explainer.content.config import load_site
    from explainer.content.validate import validate_content
    from explainer.errors import Problems

    problems = Problems(root=root)
    site = load_site(root, problems)
    validate_content(site, collect_content(site, problems), problems)
    return [str(p) for p in problems.found], [str(w) for w in problems.warnings]


# The tiny site in two languages (issue 17): a Ukrainian edition of its article and page -----------------

UK_FILES = {
    "site/site.uk.yaml": """\
        title: Маленький сайт
        description: Сайт для тестів.
        """,
    "content/articles/first-story.uk.md": """\
        ## Початок

        Загинули {fig}`dead`; у квітні 2022 року їх було {data}`counts/killed/2022-04-01`.

        ::: chart counts-chart

        Див. [як ми працюємо](/about/), з 24 лютого до 1 квітня 2022 р.[^1]

        [^1]: Примітка.
        """,
    "content/articles/first-story.uk.yaml": """\
        translated_from: {digest}
        title: Перша історія
        dek: Що сталося спочатку.
        key_figures:
          dead: {{label: Загиблі, unit: [людина, людини, людей]}}
        charts:
          counts-chart:
            title: Кількість з часом
            description: Кількість загиблих і поранених зростала.
        claims:
          - claim: Щось сказали.
        updates:
          - text: Виправили число.
        """,
    "content/data/counts.uk.yaml": """\
        title: Кількість
        unit: люди
        series: {killed: Загиблі, injured: Поранені}
        """,
    "content/events.uk.yaml": """\
        start: {label: Початок}
        """,
    "content/pages/about.uk.md": """\
        ---
        title: Про нас
        description: Про цей сайт.
        translated_from: pending
        ---
        ## Хто ми

        Тестова редакція.
        """,
}


def write_uk_site(root: Path, digest: str = "pending", edits: dict | None = None) -> Path:
    """The tiny site with `languages: [en, uk]` and its Ukrainian files (the article's translated_from set to
    `digest`), each (old, new) of `edits` replaced once; templates and static files as write_tiny_site's."""
    write_tiny_site(root)
    files = {name: textwrap.dedent(text) for name, text in UK_FILES.items()}
    files["content/articles/first-story.uk.yaml"] = files["content/articles/first-story.uk.yaml"].format(digest=digest)
    for name, (old, new) in (edits or {}).items():
        assert old in files[name], f"fixture text {old!r} not in {name}"
        files[name] = files[name].replace(old, new, 1)
    write_files(root, files)
    site = root / "site" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "languages: [en, uk]\n", encoding="utf-8")
    return root


def set_metadata(root: Path, slug: str, key: str, value: str) -> None:
    """Set one top-level key of an article's metadata (added when it is not there)."""
    path = root / "content" / "articles" / f"{slug}.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    path.write_text("\n".join(lines + [f"{key}: {value}"]) + "\n", encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add `text` at the end of a file, as an editor's save does."""
    with open(path, "a", encoding="utf-8") as file:
        file.write(text)


def watched_edits(builder, root: Path, steps: list):
    """Make each step's edit (`steps`: (edit(root), names in content/articles/ a watcher reports, or None when it
    cannot say)) and rebuild with what a watcher would report; yields each step's number, after its rebuild."""
    for step, (edit, reported) in enumerate(steps):
        edit(root)
        builder.rebuild(None if reported is None else {str(root / "content" / "articles" / name) for name in reported})
        yield step
