"""`python -m explainer`: the same command line as the `explainer` console script."""

import sys

from .cli import process

sys.exit(process())
