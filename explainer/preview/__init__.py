"""`build.py serve`: the preview server, its file watch and live reload."""
