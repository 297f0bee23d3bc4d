"""The pipeline: build() and what makes a rebuild cheap (per-article work, reuse of the last build, its manifest)."""
