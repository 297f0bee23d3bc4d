"""The default theme: the templates and static files a site uses wherever it has none of its own.

In this repository they are its top-level templates/ and site/static/; the wheel carries the same files as
explainer/theme/ (pyproject.toml maps them there), so there is one copy. A site's own templates/ and
site/static/ go first, file by file (render/pages.py's loader, render/assets.py's overlay).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def theme_folder(name: str) -> Path:
    """The default theme's 'templates' or 'static' folder: packaged, else the source tree's."""
    packaged = PACKAGE / "theme" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE.parent / ("templates" if name == "templates" else "site/static")


def template_folders(site_templates: Path) -> list[Path]:
    """Where templates are looked for, in order: the site's, then the theme's (once, if they differ)."""
    theme = theme_folder("templates")
    return [site_templates] if theme == site_templates.resolve() else [site_templates, theme]


def static_folders(site_static: Path) -> list[Path]:
    """The static folders overlaid, the theme's first so that the site's files replace them."""
    theme = theme_folder("static")
    return [site_static] if theme == site_static.resolve() else [theme, site_static]
