"""The command line: `explainer [build|serve|check|new|import|init] ...` (also `python -m explainer`, and
`python build.py` in a site's repository)."""

from __future__ import annotations

import argparse
import gc
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import BuildError

COMMANDS = ("build", "serve", "check", "new", "import", "init", "factsheet", "translations")

EXIT_CODES = """exit status:
  0  done (a build, or a check that found nothing)
  1  the content has problems (each printed as path:line: message) or, with --strict, warnings
  2  the command line is wrong (an unknown option or command)"""


class Command(argparse.ArgumentParser):
    """A command's parser: every command takes -q, -v, --strict, --root and --debug (a command's own module
    may define one again; its definition then wins)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("conflict_handler", "resolve")
        kwargs.setdefault("epilog", EXIT_CODES)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        loudness = self.add_mutually_exclusive_group()
        loudness.add_argument("-q", "--quiet", action="store_true", help="print only warnings and problems")
        loudness.add_argument("-v", "--verbose", action="store_true", help="also list every file written or removed")
        self.add_argument("--strict", action="store_true", help="treat warnings as problems: exit 1 (for CI)")
        self.add_argument("--root", type=Path, default=None,
                          help="the site's folder, holding content/ and site/site.yaml (default: here)")
        self.add_argument("--debug", action="store_true", help="show a traceback when something goes wrong")


def parser(command: str | None = None, prog: str = "explainer") -> argparse.ArgumentParser:
    """Arguments of every command, or (given its name) of the one that runs: the modules of the others
    are then not imported, which a rebuild with nothing to do notices (a tenth of a second of 0.3)."""
    main = argparse.ArgumentParser(prog=prog, description="Build a site of sourced explainers from content/ "
                                   "into public/. The command is `build` when none is given.",
                                   epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--version", action="version", version=f"explainer {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", parser_class=Command)
    build = commands.add_parser("build", help="build the site (the default command)")
    add_build_options(build)
    add_serve_command(commands)
    if command in (None, "check", "new", "import", "init", "factsheet", "translations"):
        from .check import command as check
        from .editors import factsheet, importer, new, translate
        from .editors import init as init_command  # each command in its own module registers itself

        for module in (check, new, importer, init_command, factsheet, translate):
            module.add_command(commands, add_build_options)
    return main


def add_serve_command(commands) -> None:
    """`serve`: the preview, with the build options and where to listen."""
    serve = commands.add_parser("serve", help="preview with drafts and live reload on http://127.0.0.1:8000/",
                                description="Build into .cache/preview (drafts included unless --no-drafts, "
                                            "public/ untouched), serve it and rebuild and reload the browser on "
                                            "every save.")
    add_build_options(serve, out_default=".cache/preview; never public/", drafts=True)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, only this machine)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")


def add_build_options(command: argparse.ArgumentParser, out_default: str = "public/", drafts: bool = False) -> None:
    """Options shared by every command that builds."""
    command.add_argument("--base-url", help="URL or path the site is served under, e.g. /repo/ (default: site.yaml)")
    command.add_argument("--out", type=Path, help=f"output folder (default: {out_default})")
    command.add_argument("-D", "--drafts", action=argparse.BooleanOptionalAction, default=drafts,
                         help="include drafts and future-dated articles "
                              f"(default: {'yes' if drafts else 'no'})")


def output_folder(args) -> Path | None:
    """The folder a command writes its site into, resolved: --out, else the command's default (None for
    commands that write no site). Every command's output folder is decided here."""
    if args.command == "serve":
        return (args.out or args.root / ".cache" / "preview").resolve()
    if args.command in (None, "build"):
        return (args.out or args.root / "public").resolve()
    return None


def process(argv: list[str] | None = None, root: Path | None = None, prog: str = "explainer") -> int:
    """main() as the whole life of a process: build.py, `python -m explainer` and the `explainer` command.

    A build is then the last thing the process does, so the cyclic collector is paused from the start and
    what the build made is frozen after it: neither a collection once the build is over nor the interpreter's
    own last one walks all of it (0.2 s of a 10,000-article build; those the build ran found nothing to free).
    """
    return main(argv, root, prog, last=True)


def main(argv: list[str] | None = None, root: Path | None = None, prog: str = "explainer", *,
         last: bool = False) -> int:
    """Run a command; print problems as path:line: message and return 1 if there are any. (`last`: see
    process(); main() itself may be called again in a process, as tests and scripts do.)"""
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((i for i, word in enumerate(argv) if not word.startswith("-")), 0)
    if first and argv[first] in COMMANDS:  # `explainer -q build`: the shared options may come first
        argv = [argv[first], *argv[:first], *argv[first + 1:]]
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")
    args = parser(argv[0] if argv[0] in ("build", "serve") else None, prog).parse_args(argv)
    args.root = (args.root or root or Path.cwd()).resolve()
    if hasattr(args, "out"):
        args.out = output_folder(args)
    from .parallel import disable_progress, enable_progress

    if args.command in (None, "build", "check") and not args.quiet:
        enable_progress()  # long stages say how far they are on stderr
    one_build = last and args.command in (None, "build")
    if one_build:
        gc.disable()  # (the preview, which lives on, and check, which builds twice, collect as ever)
    try:
        return run(args)
    except BuildError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"Build failed: {len(err.problems)} problem{'s' if len(err.problems) != 1 else ''}; "
              f"{shown(args.out, args.root)} was left as it was.", file=sys.stderr)
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
    finally:
        disable_progress()  # main() may be called again in this process (tests, scripts)
        if one_build:
            gc.freeze()


def shown(folder: Path | None, root: Path) -> str:
    """An output folder as the editor knows it: from the site's folder when inside it ('public/'), else whole."""
    if folder is None:
        return "the output folder"
    return f"{folder.relative_to(root).as_posix()}/" if folder.is_relative_to(root) else str(folder)


def run(args) -> int:
    """Dispatch to the command."""
    if getattr(args, "handler", None):
        return args.handler(args)
    if args.command == "serve":
        from .preview.serve import serve

        return serve(args)
    from .pipeline.incremental import IncrementalBuilder

    builder = IncrementalBuilder(args.root, out=args.out, base_url=args.base_url, drafts=args.drafts, persist=True,
                                 once=True)
    result = builder.rebuild()  # redoes only what changed since the last build (.cache/build/)
    warnings = result.warnings
    if args.drafts:  # a preview with drafts is never published: where feeds would point does not matter yet
        from .render.publish import NO_ORIGIN_WARNING  # (only here: a build with nothing to do renders nothing)

        warnings = [w for w in warnings if not w.message.startswith(NO_ORIGIN_WARNING.split("{")[0])]
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.verbose:
        for path in result.changed:
            print(f"  {path}")
    if not args.quiet:
        print(result.summary())
    if args.strict and warnings:
        print(f"Build failed: {len(warnings)} warning{'s' if len(warnings) != 1 else ''} and --strict.",
              file=sys.stderr)
        return 1
    return 0

