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
    """Builds links from paths inside the site ('', 'about/', 'assets/x.css')."""

    base_url: str

    @property
    def base_path(self) -> str:
        """The path part of the base URL: '/', or '/repo/' on GitHub Pages."""
        return urlsplit(self.base_url).path if "://" in self.base_url else self.base_url

    @property
    def origin(self) -> str:
        """'https://host' when the base URL is absolute, else ''."""
        if "://" not in self.base_url:
            return ""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def path(self, site_path: str = "") -> str:
        """The root-relative URL of a path in the site, for links between pages."""
        return self.base_path + site_path.lstrip("/")

    def absolute(self, site_path: str = "") -> str:
        """The full URL when the base URL names a host (feeds, canonical links), else the path."""
        return self.origin + self.path(site_path)
