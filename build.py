#!/usr/bin/env python3
"""Build, preview and check the explainer site. Run `python build.py --help`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from explainer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
