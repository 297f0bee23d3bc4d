"""The one URL helper: every link the site prints goes through here, so subpaths never break."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


def normalize_base_url(value: str) -> str:
    """'/repo', 'repo/', 'https://x.github.io/repo' -> a base ending in '/' ('/repo/', ...)."""
    value = value.strip()
    if re.match(r"^https?://", value):
        parts = urlsplit(value)
        path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        return f"{parts.scheme}://{parts.netloc}{path}"
    path = value.strip("/")
    return f"/{path}/" if path else "/"


@dataclass(frozen=True)
class Urls:
    """Builds links from paths inside the site ('', 'about/', 'assets/x.css').

    Absolute URLs (feed, sitemap, canonical, Open Graph) need a host: the base URL's own, or else
    `https://<domain>` when site.yaml names a custom domain. Without either there is no origin, and
    the outputs that need one are left out of the build with a warning (see explainer/render/publish.py).
    """

    base_url: str
    domain: str | None = None

    @property
    def base_path(self) -> str:
        """The path part of the base URL: '/', or '/repo/' on GitHub Pages."""
        return urlsplit(self.base_url).path if "://" in self.base_url else self.base_url

    @property
    def origin(self) -> str:
        """'https://host' from an absolute base URL, else from the custom domain, else ''."""
        if "://" in self.base_url:
            parts = urlsplit(self.base_url)
            return f"{parts.scheme}://{parts.netloc}"
        if self.domain:
            return "https://" + self.domain.strip().strip("/").removeprefix("https://").removeprefix("http://")
        return ""

    @property
    def has_origin(self) -> bool:
        """True when absolute URLs can be made."""
        return bool(self.origin)

    def path(self, site_path: str = "") -> str:
        """The root-relative URL of a path in the site, for links between pages."""
        return self.base_path + site_path.lstrip("/")

    def absolute(self, site_path: str = "") -> str:
        """The full URL when an origin is known (feeds, canonical links), else the root-relative path."""
        return self.origin + self.path(site_path)
