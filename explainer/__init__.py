"""The explainer site generator: content and data in, a static site out."""

__version__ = "0.1.0"
