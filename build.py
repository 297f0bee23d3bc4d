#!/usr/bin/env python3
"""Build, preview and check this repository's site: `python build.py --help` (the same command line as
`explainer`). Run by a Python without the generator's dependencies, it runs again under .venv/bin/python,
or says how to make one."""

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NEEDED = ("jinja2", "markdown_it", "mdit_py_plugins", "yaml", "altair", "vl_convert", "tornado", "livereload")


def ensure_dependencies() -> None:
    """Re-run under the project's .venv when this Python lacks a dependency; otherwise say what to run."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if not missing:
        return
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.is_file() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(venv_python, [str(venv_python), str(Path(__file__).resolve()), *sys.argv[1:]])
    print(f"error: this Python ({sys.executable}) lacks the generator's packages ({', '.join(missing)}).\n"
          f"Run `make site` in {ROOT} once: it creates .venv and builds the site. Then use "
          f"`{' '.join(['.venv/bin/python', 'build.py', *sys.argv[1:]])}`.", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    ensure_dependencies()
    sys.path.insert(0, str(ROOT))
    from explainer.cli import process

    sys.exit(process(root=ROOT, prog="build.py"))
