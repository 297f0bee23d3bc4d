"""Turning content into HTML and Markdown: compose, Markdown, Jinja pages, publishing files, assets (stages 4 and 6)."""
