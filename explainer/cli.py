"""The command line: `python build.py [build|serve|check|new|import] ...`."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .errors import BuildError

COMMANDS = ("build", "serve", "check", "new", "import", "factsheet")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """Arguments of every command, or (given its name) of the one that runs: the modules of the others
    are then not imported, which a rebuild with nothing to do notices (a tenth of a second of 0.3)."""
    main = argparse.ArgumentParser(prog="build.py", description="Build the explainer site from content/ into public/.")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site (the default command)")
    add_build_options(build)
    add_serve_command(commands)
    if command in (None, "check", "new", "import", "factsheet"):
        from .check import command as check
        from .editors import (
            factsheet,
            importer,
            new,  # each command in its own module registers itself
        )

        for module in (check, new, importer, factsheet):
            module.add_command(commands, add_build_options)
    return main


def add_serve_command(commands) -> None:
    """`serve`: the preview, with the build options and where to listen."""
    serve = commands.add_parser("serve", help="preview with drafts and live reload on http://127.0.0.1:8000/",
                                description="Build into .cache/preview (drafts included, public/ untouched), "
                                            "serve it and rebuild and reload the browser on every save.")
    add_build_options(serve, out_default=".cache/preview; never public/")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, only this machine)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")


def add_build_options(command: argparse.ArgumentParser, out_default: str = "public/") -> None:
    """Options shared by every command that builds."""
    command.add_argument("--base-url", help="URL or path the site is served under, e.g. /repo/ (default: site.yaml)")
    command.add_argument("--out", type=Path, help=f"output folder (default: {out_default})")
    command.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    command.add_argument("--debug", action="store_true", help="show a traceback when something goes wrong")
    command.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run a command; print problems as path:line: message and return 1 if there are any."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = parser(argv[0] if argv[0] in ("build", "serve") else None).parse_args(argv)
    args.root = (args.root or root or Path.cwd()).resolve()
    try:
        return run(args)
    except BuildError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"Build failed: {len(err.problems)} problem{'s' if len(err.problems) != 1 else ''}; "
              "public/ was left as it was.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - a bug must still not drown the editor in a traceback
        if args.debug:
            raise
        print(f"error: {type(err).__name__}: {err} (run with --debug for the traceback)", file=sys.stderr)
        return 1


def run(args) -> int:
    """Dispatch to the command."""
    if getattr(args, "handler", None):
        return args.handler(args)
    if args.command == "serve":
        from .preview.serve import serve

        return serve(args)
    from .pipeline.incremental import IncrementalBuilder

    builder = IncrementalBuilder(args.root, out=args.out, base_url=args.base_url, drafts=args.drafts, persist=True)
    result = builder.rebuild()  # redoes only what changed since the last build (.cache/build/)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(result.summary())
    return 0
