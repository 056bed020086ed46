"""The layout rules of docs/architecture.md, checked on the source tree.

The core never imports textual, SQL is spoken only in ``studyapp/store/``, module imports form
no cycle (imports inside functions count, ``TYPE_CHECKING`` ones do not), and modules and
folders stay small enough to read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "studyapp"
CORE_PACKAGES = ("content", "store", "scheduling", "checking", "references", "report")
SQL_STATEMENT = re.compile(
    r"^\s*(SELECT\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b"
    r"|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|VIRTUAL\s+TABLE|TRIGGER)\b|WITH\s+\w+\s+AS\b"
    r"|PRAGMA\b|BEGIN\b|VACUUM\b)",
    re.IGNORECASE,
)
MAX_MODULE_LINES = 600
MAX_MODULES_PER_FOLDER = 16


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


MODULES = source_modules()


def lazy_homes() -> dict[str, dict[str, str]]:
    """For each face that loads its names on first use (``_HOMES``), where each name lives."""
    homes: dict[str, dict[str, str]] = {}
    for name, path in MODULES.items():
        if path.name != "__init__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_HOMES":
                table = ast.literal_eval(node.value)
                homes[name] = {n: f"{name}.{m}" for m, names in table.items() for n in names}
    return homes


HOMES = lazy_homes()


def is_type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at module level or inside a function."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if is_type_checking_block(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def resolve_from(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imported_modules(module: str, path: Path) -> set[str]:
    """The names of the modules an import statement loads explicitly."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    targets: set[str] = set()
    for node in runtime_import_nodes(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = resolve_from(module, path, node)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            lazy = HOMES.get(base, {}).get(alias.name, base)
            targets.add(submodule if submodule in MODULES else lazy)
    return targets


def loaded_modules(module: str, path: Path) -> set[str]:
    """What importing ``module`` runs: each explicit import and the package faces above it
    (a package's ``__init__`` runs first), except the packages ``module`` itself is in."""
    loaded: set[str] = set()
    for target in imported_modules(module, path) & MODULES.keys():
        parts = target.split(".")
        for depth in range(2, len(parts) + 1):
            face = ".".join(parts[:depth])
            if face in MODULES and not (module == face or module.startswith(face + ".")):
                loaded.add(face)
    return loaded


def test_core_never_imports_textual() -> None:
    offenders = [
        f"{name} imports {target}"
        for name, path in MODULES.items()
        if name.split(".")[1:2] and name.split(".")[1] in CORE_PACKAGES
        for target in imported_modules(name, path)
        if target == "textual" or target.startswith(("textual.", "textual_plotext"))
    ]
    assert offenders == []


def test_no_sql_outside_the_store() -> None:
    offenders = []
    for name, path in MODULES.items():
        if name.startswith("studyapp.store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and SQL_STATEMENT.match(node.value):
                offenders.append(f"{path.relative_to(PACKAGE_ROOT.parent)}:{node.lineno}")
    assert offenders == []


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a path of module names, or [] when there is none."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        trail.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*trail[trail.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = 2
        trail.pop()
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


def test_find_cycle_reports_a_cycle_and_accepts_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycles() -> None:
    graph = {name: loaded_modules(name, path) for name, path in MODULES.items()}
    assert find_cycle(graph) == []


def test_the_graph_sees_a_lazy_face_load_its_module() -> None:
    domains = "studyapp.checking.meaning.domains"
    assert "studyapp.checking.reading.parse" in loaded_modules(domains, MODULES[domains])


def test_submodules_never_import_through_their_own_package_face() -> None:
    offenders = [
        f"{name} imports {package}"
        for name, path in MODULES.items()
        if path.name != "__init__.py"
        and (package := name.rpartition(".")[0]) != "studyapp"
        and package in imported_modules(name, path)
    ]
    assert offenders == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small_enough_to_read(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def test_no_folder_holds_more_than_sixteen_modules() -> None:
    crowded = {
        str(folder.relative_to(PACKAGE_ROOT.parent)): count
        for folder in [PACKAGE_ROOT, *(p for p in PACKAGE_ROOT.rglob("*") if p.is_dir())]
        if (count := sum(1 for p in folder.glob("*.py") if p.name != "__init__.py"))
        > MAX_MODULES_PER_FOLDER
    }
    assert crowded == {}


def test_no_module_borrows_a_private_name_from_another() -> None:
    """A helper two modules share has a public home (``_x`` is its own module's business)."""
    offenders = [
        f"{name} imports {node.module}.{alias.name}"
        for name, path in MODULES.items()
        for node in runtime_import_nodes(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("studyapp")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert offenders == []
