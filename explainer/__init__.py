"""The explainer site generator: content and data in, a static site out."""
