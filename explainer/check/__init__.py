"""`build.py check` and the checks of a built site."""
