"""The preview server under stress: 500 file changes in a burst, then hostile paths; it keeps serving."""

from __future__ import annotations

import time

from support import ServeProcess


def test_server_survives_500_changes_and_refuses_escapes(tiny_site):
    server = ServeProcess(tiny_site)
    try:
        assert server.url.startswith("http://127.0.0.1:"), "the preview must bind to loopback by default"
        body = tiny_site / "content/articles/first-story.md"
        original = body.read_text()
        scratch = tiny_site / "content/pages"
        before = server.count(r"^Rebuil")
        logged = len(server.lines["out"])
        for i in range(500):  # edits to one article and new and removed pages, as fast as the disk allows
            body.write_text(original + f"\nEdit number {i}.\n")
            page = scratch / f"burst-{i % 7}.md"
            if i % 2:
                page.write_text(f"---\ntitle: Burst {i}\ndescription: A page made by the burst.\n---\nText {i}.\n")
            elif page.exists():
                page.unlink()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            answer = server.get("/first-story/")  # answered once no rebuild is pending
            if "Edit number 499." in answer.body:
                break
            time.sleep(0.2)
        assert answer.status == 200 and "Edit number 499." in answer.body
        # The server logs a rebuild before it serves its pages, but this process reads that log on a thread of
        # its own, which may not have got there yet under load: wait for the line, then count.
        server.wait_for(r"^Rebuil", start=logged)
        rebuilds = server.count(r"^Rebuil") - before
        assert 1 <= rebuilds <= 60, f"{rebuilds} rebuilds for 500 changes: saves must be coalesced"
        for raw in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/.cache/"):
            escaped = server.get(raw)
            assert escaped.status == 404 and "root:" not in escaped.body, raw
        assert server.get("/about/").status == 200
    finally:
        server.stop()
