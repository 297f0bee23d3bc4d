"""The Nu HTML Checker (vnu.jar, from npm, on Java) on every built HTML file, as the server sends it."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from dataclasses import dataclass, field

from .pages import Page
from .report import Finding, Report
from .tools import Tools

# The checker refuses loopback URLs unless told otherwise (it guards its public service from SSRF).
# Checking over HTTP rather than as files means 'self' in the CSP resolves to the site, as for a reader,
# so the checker's CSP check has no false alarms about file: URLs.
ALLOW_LOOPBACK = "-Dnu.validator.servlet.allow-forbidden-hosts=true"


@dataclass
class VnuRun:
    """A checker running in the background (a thread waits on it) while the browser checks go on."""

    process: subprocess.Popen
    pages_by_url: dict
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0
    output: tuple = ("", "")
    waiter: threading.Thread | None = None

    def wait(self) -> None:
        """Collect the checker's output and note when it finished."""
        self.output = self.process.communicate()
        self.seconds = time.perf_counter() - self.started


def start_vnu(tools: Tools, base_url: str, pages: list[Page]) -> VnuRun:
    """Start vnu.jar on every page; the 404 page is checked at /404.html, where it answers 200."""
    urls = {base_url + ("404.html" if p.kind == "not-found" else p.url_path): p for p in pages}
    command = ["java", ALLOW_LOOPBACK, "-jar", str(tools.vnu), "--format", "json", "--skip-non-html", *urls]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run = VnuRun(process, urls)
    run.waiter = threading.Thread(target=run.wait, name="vnu", daemon=True)
    run.waiter.start()
    return run


def finish_vnu(run: VnuRun, report: Report, timeout: float = 600) -> int:
    """Wait for the checker; record its errors as failures and its warnings as warnings. Returns messages seen."""
    run.waiter.join(timeout)
    if run.waiter.is_alive():
        run.process.kill()
        report.fail(Finding("(all pages)", "vnu", "did-not-run", f"vnu.jar took more than {timeout:.0f} s"))
        return 0
    out, err = run.output
    try:
        messages = json.loads(err or out)["messages"]
    except (json.JSONDecodeError, KeyError):
        report.fail(Finding("(all pages)", "vnu", "did-not-run",
                            f"vnu.jar exited {run.process.returncode}: {(err or out).strip()[:300]}"))
        return 0
    for message in messages:
        record_message(message, run.pages_by_url, report)
    report.timings.append(("Nu HTML Checker (beside the browser)", run.seconds,
                           f"{len(run.pages_by_url)} files, {len(messages)} messages"))
    return len(messages)


def record_message(message: dict, pages_by_url: dict, report: Report) -> None:
    """An error (or a page the checker could not read) fails; a warning is reported; plain info is dropped."""
    page = pages_by_url.get(message.get("url", ""))
    name = page.name if page else message.get("url", "(unknown page)")
    kind = message.get("type")
    text = f"line {message.get('lastLine', '?')}: {message.get('message', '').strip()}"
    extract = message.get("extract")
    if extract:
        text += f" ({' '.join(extract.split())[:80]})"
    if kind in ("error", "non-document-error"):
        rule = "error" if kind == "error" else "unreadable"
        report.fail(Finding(name, "vnu", rule, text))
    elif kind == "info" and message.get("subType") == "warning":
        report.warn(Finding(name, "vnu", "warning", text))
