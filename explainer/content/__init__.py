"""Reading the editors' files: site.yaml, content files, their schemas and cross-references (stages 1-3)."""
