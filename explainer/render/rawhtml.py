"""Raw HTML in Markdown (allowed by `allow_raw_html: true` in site.yaml) held to an allow-list by a real
sanitizer, nh3 (Ammonia), instead of a pattern: markdown-it hands over fragments (an opening tag, a block),
and every tag of a fragment is given to nh3 on its own. Whatever nh3 would drop or change, a tag off the list,
an attribute off it, a URL with a scheme other than http(s) or mailto however it is spelled (`&#106;avascript:`,
`jav&#x09;ascript:`), an image or a stylesheet from another host, is an error, never silently published."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from html.parser import HTMLParser

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
EVERYWHERE = {"class", "lang", "dir", "title"}
ATTRIBUTES = {
    "*": EVERYWHERE, "a": {"href", "hreflang"}, "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"}, "details": {"open"},
}
SCHEMES = {"http", "https", "mailto"}


class _Tags(HTMLParser):
    """The start tags of a fragment, and anything that is not a tag or text (a declaration, `<?...>`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list = []
        self.odd: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_decl(self, decl):
        self.odd.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.odd.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.odd.append(f"<![{data}]>")


def tags_of(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _keep_site_images(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: an image's source must be a file of the site (a page must not make readers'
    browsers ask another host)."""
    if tag == "img" and name == "src" and ("://" in value or value.lstrip().startswith("//")):
        return None
    return value


@lru_cache(maxsize=4096)
def sanitized(tag: str, attrs: tuple) -> tuple:
    """What nh3 keeps of one tag with its attributes: (tag, attributes), tag '' when it is dropped."""
    import nh3  # on first use: most sites never allow raw HTML

    written = "".join(f' {name}="{escape(value or "", quote=True)}"' if value is not None else f" {name}"
                      for name, value in attrs)
    clean = nh3.clean(f"<{tag}{written}></{tag}>", tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                      url_schemes=set(SCHEMES), link_rel=None, strip_comments=True,
                      attribute_filter=_keep_site_images)
    found = tags_of(clean).tags
    return (found[0][0], tuple(sorted((name, value or "") for name, value in found[0][1]))) if found else ("", ())


def html_problems(html: str) -> list[str]:
    """What in a fragment of raw HTML is off the allow-list, in words an editor can act on."""
    parsed = tags_of(html)
    problems = [f"{odd[:40]!r} is not allowed in HTML" for odd in parsed.odd]
    for tag, attrs in parsed.tags:
        attrs = tuple(sorted((name, value or "") for name, value in attrs))
        kept_tag, kept = sanitized(tag, attrs)
        if not kept_tag:
            problems.append(f"<{tag}> is not allowed (allowed tags: {', '.join(sorted(TAGS))})")
            continue
        for name, value in attrs:
            if (name, value) not in kept:
                what = f"{name}={value[:40]!r}" if name in ("href", "src", "cite") else f"attribute '{name}'"
                problems.append(f"{what} is not allowed on <{tag}>"
                                + (": only http(s), mailto and site links; images from the site itself"
                                   if name in ("href", "src", "cite") else ""))
    return problems
