"""Nothing lost, nothing injected, same bytes every time: kills, hostile input, generated input."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, run_build, snapshot, write_files

from explainer.errors import BuildError
from explainer.pipeline.build import build

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def build_process(root, out):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_during(process, staging_glob, offset: float) -> bool:
    """Kill a build `offset` s after its staging folder appears (or at once if it never does)."""
    while process.poll() is None and not list(staging_glob()):
        time.sleep(0.0005)
    time.sleep(offset)
    mid_write = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return mid_write


def test_killed_builds_leave_a_complete_site(tiny_site, tmp_path):
    """SIGKILL before, during and after writing: public/ is always one whole build; the next one recovers."""
    out = tiny_site / "public"
    body = tiny_site / "content/articles/first-story.md"
    body.write_text(body.read_text().replace("## Beginning", "## Beginning alpha", 1))
    versions = {}
    for word in ("alpha", "beta"):
        body.write_text(body.read_text().replace("beta", word).replace("alpha", word))
        reference = tmp_path / f"reference-{word}"
        assert run_build(tiny_site, "--out", str(reference)).code == 0
        versions[word] = snapshot(reference)
    assert run_build(tiny_site, "--out", str(out)).code == 0
    staging = lambda: [p for p in tiny_site.glob(".public.*") if not p.name.startswith(".public.spare")]  # noqa: E731
    killed_mid_write = 0
    for attempt, offset in enumerate([0, 0, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.008, 0.012, 0.02, 0.05]):
        word = "alpha" if attempt % 2 == 0 else "beta"
        body.write_text(body.read_text().replace("beta", word).replace("alpha", word))
        killed_mid_write += kill_during(build_process(tiny_site, out), staging, offset)
        assert snapshot(out) in versions.values(), f"public/ is not a whole build after a kill at +{offset} s"
    for early in (0.05, 0.15):  # before the staging folder exists: while importing, reading, rendering
        process = build_process(tiny_site, out)
        time.sleep(early)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert snapshot(out) in versions.values()
    assert killed_mid_write >= 3, "no kill landed while the build was writing; the test proves nothing"
    assert run_build(tiny_site, "--out", str(out)).code == 0
    assert snapshot(out) == versions["beta" if "beta" in body.read_text() else "alpha"]
    assert not list(staging()), "leftover staging folders were not cleaned up"


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: style elements and attributes, handlers, inline scripts."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style> element")
        if "style" in names:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} handler on <{tag}>" for name in names if name.startswith("on")]
        if tag == "script" and "src" not in names and names.get("type") not in ("application/json",
                                                                                "application/ld+json"):
            self.found.append("inline <script>")

    handle_startendtag = handle_starttag


def test_every_page_has_a_strict_csp_and_no_inline_code(tmp_path):
    out = tmp_path / "out"
    assert run_build(ROOT, "--out", str(out)).code == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = CSP_META.search(html)
        assert match, f"{page} has no CSP meta"
        policy = match.group(1)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        parser = InlineCode()
        parser.feed(html)
        assert parser.found == [], f"{page}: {parser.found}"


def test_the_inline_code_scan_finds_what_it_looks_for():
    parser = InlineCode()
    parser.feed('<p style="x">a</p><svg><rect onclick="f()"/></svg><script>x()</script><style>p{}</style>'
                '<pre><code>&lt;iframe style="border: 0"&gt;</code></pre><script type="application/json">{}</script>')
    assert parser.found == ["style attribute on <p>", "onclick handler on <rect>", "inline <script>",
                            "<style> element"]


def test_symlink_out_of_the_repository_is_refused(tiny_site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\ndescription: Not ours.\n---\nsecret\n")
    (tiny_site / "content/pages/leak.md").symlink_to(secret)
    result = run_build(tiny_site)
    assert result.code == 1
    assert "content/pages/leak.md:1: symbolic link points outside content/" in result.err


@pytest.mark.parametrize("name, data, expect_ok", [
    ("bom", "\ufefftitle: First story\n", True),
    ("crlf", None, True),
    ("huge", "x: '" + "a" * (3 * 1024 * 1024) + "'\n", False),
    ("deep", "x: " + "[" * 200 + "]" * 200 + "\n", False),
])
def test_file_encodings_and_sizes(tiny_site, name, data, expect_ok):
    path = tiny_site / "content/articles/first-story.yaml"
    original = path.read_text()
    if name == "bom":
        path.write_bytes(("\ufeff" + original).encode("utf-8"))
    elif name == "crlf":
        path.write_bytes(original.replace("\n", "\r\n").encode("utf-8"))
    else:
        path.write_text(data)
    result = run_build(tiny_site)
    assert "Traceback" not in result.err
    if expect_ok:
        assert result.code == 0, result.err
    else:
        assert result.code == 1 and result.err.startswith("content/articles/first-story.yaml:1: "), result.err


# Generated input ---------------------------------------------------------------------------------

yaml_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
markdown_pieces = st.sampled_from([
    "## Heading", "Plain text.", "{fig}`dead`", "{fig}`nope`", "{data}`counts/killed/2022-04-01`",
    "{data}`counts/x`", "::: chart counts-chart", "::: chart nope", ":::", "[link](/about/)", "[bad](/nowhere/)",
    "<b>html</b>", "<script>alert(1)</script>", "[x](javascript:alert(1))", "[^1]\n\n[^1]: note", "> quote",
    "| a | b |\n|---|---|\n| 1 | 2 |", "`code {fig}`dead``", "* list", "1. item", "\x00", "\u202e", "---",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=yaml_text, value=st.one_of(st.integers(-5, 10**12), st.floats(allow_nan=True), yaml_text, st.none()),
       date=st.one_of(st.dates().map(str), yaml_text), pieces=st.lists(markdown_pieces, max_size=8),
       extra_key=st.one_of(st.none(), st.sampled_from(["titel", "draft", "tags", "charts"])))
def test_generated_articles_build_or_fail_cleanly(tiny_site, title, value, date, pieces, extra_key):
    build(tiny_site)
    before = snapshot(tiny_site / "public")
    meta = {
        "title": title, "dek": "Dek.", "published": date, "byline": ["Desk"],
        "key_figures": [{"id": "dead", "label": "Dead", "value": value, "as_of": "2022-04-01",
                         "source": "un-report"}],
        "charts": [{"id": "gen-chart", "kind": "line", "data": ["counts"], "title": "T",
                    "description": "D"}],
    }
    if extra_key:
        meta[extra_key] = "yes"
    import json

    write_files(tiny_site, {"content/articles/generated.yaml": json.dumps(meta),  # JSON is YAML
                            "content/articles/generated.md": "\n\n".join(pieces).replace("counts-chart", "gen-chart")})
    try:
        build(tiny_site)
    except BuildError as err:
        assert err.problems and all(p.path and p.line >= 1 for p in err.problems)
        assert snapshot(tiny_site / "public") == before
    finally:
        for suffix in (".yaml", ".md"):
            (tiny_site / f"content/articles/generated{suffix}").unlink()
