"""A real `build.py serve` process for tests and benchmarks: started on a free port, its output read live."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SERVING = re.compile(r"Serving the preview.* on (http://\S+)")


@dataclass
class Response:
    """What the server answered to one raw request."""

    status: int
    headers: dict
    body: str


class ServeProcess:
    """`build.py serve --port 0 --root <root>` in a subprocess; stdout and stderr collected line by line."""

    def __init__(self, root: Path, *args: str, startup_timeout: float = 90):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
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
