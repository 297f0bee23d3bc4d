"""`explainer init DIR`: a new site that builds and passes `check` at once.

The files come from starter-site/ beside this module: site.yaml with every field explained, one sourced example
article with a chart, an About page, an editors' README, a GitHub Pages workflow and the editors' YAML
schemas. Templates and static files are not copied: the site uses the packaged theme until it puts a file
of the same name in its own templates/ or site/static/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import __version__
from ..errors import Problem
from .schemas import SCHEMA_FOLDER, schema_comment, schema_for

STARTER = Path(__file__).resolve().parent / "starter-site"
# Files whose name in starter-site/ differs from their name in the site (packaging leaves out dotfiles).
RENAMED = {"github": ".github", "gitignore": ".gitignore"}


def add_command(commands, add_build_options) -> None:
    """Register `init` on the command line."""
    command = commands.add_parser("init", help="start a new site in a folder: settings, an example article, "
                                               "a Pages workflow",
                                  description="Create a new site in DIR (which must be empty or not exist yet). "
                                              "It builds and passes `explainer check` at once.")
    command.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder")
    command.set_defaults(handler=run_init)


def starter_files(site_root: Path) -> dict[Path, str]:
    """Every file of a new site under `site_root`, with its text (YAML files start with their schema)."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or "__pycache__" in path.parts:
            continue
        parts = path.relative_to(STARTER).parts
        name = Path(RENAMED.get(parts[0], parts[0]), *parts[1:])
        text = path.read_text(encoding="utf-8")
        kind = schema_for(name)
        if kind:
            text = schema_comment(site_root / name, site_root / SCHEMA_FOLDER / f"{kind}.json") + text
        files[name] = text
    files[Path("requirements.txt")] = (
        "# The generator the publishing workflow installs: a version, a wheel's URL or a Git URL.\n"
        f"explainer=={__version__}\n")
    from .schemas import site_schemas

    for kind, text in site_schemas().items():
        files[Path(SCHEMA_FOLDER) / f"{kind}.json"] = text
    return files


def run_init(args) -> int:
    """Write the new site, never over an existing file."""
    folder = (Path.cwd() / args.folder).resolve() if not args.folder.is_absolute() else args.folder.resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(Problem(str(args.folder), 1, "already exists and is not an empty folder: `init` writes only into "
                      "a new or empty folder, so that no file is overwritten"), file=sys.stderr)
        return 1
    files = starter_files(folder)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    if not getattr(args, "quiet", False):
        print(f"Created a site in {args.folder} ({len(files)} files). Next:\n"
              f"  cd {args.folder}\n"
              "  explainer serve     # preview it on http://127.0.0.1:8000/\n"
              "  explainer check     # what the publishing workflow runs\n"
              "Change site/site.yaml first: the site's name, description and publisher are there.")
    return 0
