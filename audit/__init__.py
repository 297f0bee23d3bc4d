"""Quality gates for the built site: third-party checkers driven from Python (see run_audit.py)."""
