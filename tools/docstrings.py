"""Which public functions of the core and which GUI classes have no docstring (issue 19).

The core is read by people building on it (the CLI, the GUI, scripts), so every public function says why it
exists and what it promises; a GUI class says what it is for in the app. Private helpers (`_name`) and the
methods Qt or Python call by name (`paintEvent`, `__init__`, `data`, ...) are left out: their contract is the
framework's. Prints one line per missing docstring and a summary; exits 1 when any is missing.

    python tools/docstrings.py [--summary]
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "xmdesk" / "core"
GUI = ROOT / "xmdesk" / "gui"


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Module-level public functions and the public methods of public classes, with their dotted names."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith("_"):
                    yield f"{node.name}.{item.name}", item


def _is_property_setter_or_overload(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A setter shares its property's docstring; an overload's is on the implementation."""
    for decorator in node.decorator_list:
        text = ast.unparse(decorator)
        if text.endswith(".setter") or text.endswith("overload"):
            return True
    return False


def missing_core() -> list[str]:
    """'path:line name' of each public core function or method without a docstring."""
    missing = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in _functions(tree):
            if ast.get_docstring(node) is None and not _is_property_setter_or_overload(node):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return missing


def missing_gui() -> list[str]:
    """'path:line name' of each GUI class (public or private) without a docstring."""
    missing = []
    for path in sorted(GUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return missing


def counts() -> dict[str, tuple[int, int]]:
    """(documented, total) for core public functions and for GUI classes."""
    core_total = sum(1 for path in CORE.rglob("*.py")
                     for _, node in _functions(ast.parse(path.read_text(encoding="utf-8")))
                     if not _is_property_setter_or_overload(node))
    gui_total = sum(1 for path in GUI.rglob("*.py") for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.ClassDef))
    return {"core public functions": (core_total - len(missing_core()), core_total),
            "GUI classes": (gui_total - len(missing_gui()), gui_total)}


def main() -> int:
    if "--summary" not in sys.argv:
        for line in missing_core() + missing_gui():
            print(line)
    for what, (done, total) in counts().items():
        print(f"{what}: {done}/{total} documented ({100 * done / max(total, 1):.0f} %)", file=sys.stderr)
    return 1 if missing_core() or missing_gui() else 0


if __name__ == "__main__":
    sys.exit(main())
