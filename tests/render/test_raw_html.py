"""Raw HTML, even with allow_raw_html: true, is held to nh3's allow-list: every probe of the attack run
(issue 16, failure 6) is an error, and what EDITING.md calls plain HTML still renders."""

from __future__ import annotations

import pytest

from explainer.render.markdown import Resolver, render_markdown

PROBES = [
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<img src="https://evil.example/track.png" alt="">',
    '<img src="//evil.example/track.png" alt="">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<span style="background:url(https://evil.example/)">x</span>',
    '<script>alert(1)</script>',
    '<i onclick="x()">i</i>',
    '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<form action="https://evil.example/"><input name=a></form>',
    '<base href="https://evil.example/">',
    '<object data="x.swf"></object>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<div><!DOCTYPE html></div>',
    '<a href="vbscript:msgbox(1)">x</a>',
]


@pytest.mark.parametrize("allowed", [True, False])
@pytest.mark.parametrize("probe", PROBES)
def test_every_probe_is_refused(probe, allowed):
    for text in (f"Text {probe} more.\n", f"{probe}\n"):  # inline, and as a block
        problems = render_markdown(text, Resolver(), allow_raw_html=allowed).problems
        assert any("never allowed" in message for _, message in problems), (text, problems)


@pytest.mark.parametrize("html", [
    "<b>bold</b>", '<abbr title="Organisation for Security and Co-operation in Europe">OSCE</abbr>',
    '<a href="https://example.org/report">a report</a>', '<a href="/about/">about</a>',
    '<img src="/assets/map.png" alt="A map">', "<details><summary>More</summary>Text</details>",
    '<time datetime="2022-06-25">25 June</time>', "<sup>1</sup>",
])
def test_plain_html_renders_when_allowed(html):
    rendered = render_markdown(f"{html}\n", Resolver(), allow_raw_html=True)
    assert rendered.problems == []
    assert html.split(">")[0] in rendered.html


def test_check_refuses_the_probes_too(tiny_site):
    from support import run_build

    site = tiny_site / "site/site.yaml"
    site.write_text(site.read_text() + "allow_raw_html: true\n")
    body = tiny_site / "content/articles/first-story.md"
    body.write_text(body.read_text() + '\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n\n'
                    'Go <a href="jav&#x09;ascript:alert(1)">here</a>.\n')
    for command in ([], ["check"]):
        result = run_build(tiny_site, *command)
        assert result.code == 1
        assert "content/articles/first-story.md:9: HTML that is never allowed: <meta> is not allowed" in result.err
        assert "content/articles/first-story.md:11: HTML that is never allowed: href=" in result.err
