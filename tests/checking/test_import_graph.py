"""The checker's modules import one another without cycles, and stay cheap to import.

Imports inside functions count (they run when the function does); ``TYPE_CHECKING``
ones do not. Importing a module from another package also runs that package's
``__init__``, and a name taken from a lazy face (``_HOMES``) loads the module it lives in.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("studyapp.checking", "studyapp.references")


def _modules() -> dict[str, Path]:
    found = {}
    for path in (ROOT / "studyapp").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == (
        "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for other in node.orelse:
                yield from _imports(ast.Module(body=[other], type_ignores=[]))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        else:
            yield from _imports(node)


def _lazy_homes(modules: dict[str, Path]) -> dict[str, dict[str, str]]:
    homes = {}
    for name, path in modules.items():
        if path.name != "__init__.py":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_HOMES":
                table = ast.literal_eval(node.value)
                homes[name] = {n: f"{name}.{m}" for m, names in table.items() for n in names}
    return homes


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    homes = _lazy_homes(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        if not name.startswith(CHECKED):
            continue
        targets = set()
        for node in _imports(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            if node.level or node.module is None:
                continue
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                targets.add(
                    full
                    if full in modules
                    else homes.get(node.module, {}).get(alias.name, node.module)
                )
        edges = graph.setdefault(name, set())
        for target in targets & modules.keys():
            parts = target.split(".")
            for depth in range(2, len(parts) + 1):  # a package's __init__ runs first
                loaded = ".".join(parts[:depth])
                inside = name == loaded or name.startswith(loaded + ".")
                if loaded in modules and loaded.startswith(CHECKED) and not inside:
                    edges.add(loaded)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_checking_and_references_have_no_import_cycle() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " → ".join(cycle or [])


def test_the_graph_sees_a_lazy_face_load_its_module() -> None:
    edges = _graph()["studyapp.checking.meaning.domains"]
    assert "studyapp.checking.reading.parse" in edges


def test_importing_the_checker_does_not_load_sympy() -> None:
    code = (
        "import sys, studyapp.checking, studyapp.checking.exercises.grade\n"
        "from studyapp.checking import Verdict, grade_exercise\n"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
