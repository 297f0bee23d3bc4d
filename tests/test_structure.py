"""The package's layout holds: no import cycle, no package importing one above it, a small top level."""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "explainer"
# Lowest first. A module may import its own folder and any folder of a lower layer, never a higher one.
LAYERS = (("base",), ("output",), ("render", "charts"), ("content",), ("pipeline",),
          ("preview", "check", "editors"), ("cli",))
BASE = {"__init__", "model", "errors", "numbers", "digests", "parallel"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The explainer modules a file imports (anywhere in it, but not under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    skipped = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
               and getattr(block.test, "id", "") == "TYPE_CHECKING" for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name in MODULES}


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {name: imports(path) for name, path in MODULES.items()}


def folder(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return "cli" if parts[-1] in ("cli", "__main__") else "base"  # __main__ is `python -m explainer`


def layer(module: str) -> int:
    return next(index for index, names in enumerate(LAYERS) if folder(module) in names)


def test_no_import_cycle():
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            assert state.get(target) != 1, "import cycle: " + " -> ".join(path + [target])
            if target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_no_module_imports_a_folder_above_its_own():
    upward = [f"{module} imports {target}" for module, targets in GRAPH.items() for target in targets
              if folder(target) != folder(module) and layer(target) >= layer(module)]
    assert upward == []


def test_the_top_level_holds_the_base_and_the_command_line_only():
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top <= BASE | {"cli", "__main__"} and len(top) <= 8
