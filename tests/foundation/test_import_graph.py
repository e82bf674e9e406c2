"""The shape of the code, read from the source with `ast` (nothing is imported): engine modules import no
cycle (imports inside functions included, so that none hides one), engine/ never imports the service layers
(api, persistence, jobs) nor the command line, the product never imports the research code
(engine/benchmarks/), and no module imports another's private (`_name`) names.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("engine", "api", "persistence", "jobs", "ge")
OUTER = ("api", "persistence", "jobs", "ge")


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # a project module
    name: str | None  # the name taken from it (`from module import name`), None for the module itself
    line: int


def module_names(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the project's packages under `root`."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def project_module(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` is, or lies in (an attribute of a module); None outside the project."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import statement of the module, at any depth (functions included), resolved to project modules."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        targets: list[tuple[str, str | None]] = []
        if isinstance(node, ast.Import):
            targets = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.append((full, None) if full in modules else (base, alias.name))
        for target, name in targets:
            imported = project_module(target, modules)
            if imported is not None and imported != module:
                found.append(Import(module, imported, name, node.lineno))
    return found + attributes_of(module, tree, modules, found)


def attributes_of(
    module: str, tree: ast.Module, modules: dict[str, Path], imports: list[Import]
) -> list[Import]:
    """`alias.name` where `alias` is a project module the module imported (`from engine.solver import
    relaxation` then `relaxation._Builder`): the name is used from that module as if imported."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in modules:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                taken = [imp.imported for imp in imports if imp.line == node.lineno and imp.name is None]
                if any(name.rpartition(".")[2] == alias.name for name in taken):
                    aliases[alias.asname or alias.name] = next(
                        name for name in taken if name.rpartition(".")[2] == alias.name
                    )
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            found.append(Import(module, aliases[node.value.id], node.attr, node.lineno))
    return found


@functools.cache
def project_imports(root: Path = ROOT) -> list[Import]:
    modules = module_names(root)
    return [imp for module, path in modules.items() for imp in imports_of(module, path, modules)]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def engine_edges(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for imp in imports:
        if imp.importer.startswith("engine") and imp.imported.startswith("engine"):
            edges.setdefault(imp.importer, set()).add(imp.imported)
    return edges


def private_imports(imports: list[Import]) -> list[Import]:
    return [imp for imp in imports if imp.name and imp.name.startswith("_") and not imp.name.startswith("__")]


def test_engine_modules_import_no_cycle() -> None:
    assert cycles(engine_edges(project_imports())) == []


def test_no_module_of_the_service_or_the_command_line_imports_a_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for imp in project_imports():
        edges.setdefault(imp.importer, set()).add(imp.imported)
    assert cycles(edges) == []


def test_engine_imports_neither_the_service_nor_the_command_line() -> None:
    found = [
        f"{imp.importer}:{imp.line} imports {imp.imported}"
        for imp in project_imports()
        if imp.importer.startswith("engine") and imp.imported.split(".")[0] in OUTER
    ]
    assert found == []


def test_the_product_never_imports_the_research_code() -> None:
    """engine/benchmarks/ (Curtois, LNS for rosters, column generation, ...) is measured against the
    product; only the `ge bench` commands and the benchmarks themselves may import it."""
    found = [
        f"{imp.importer}:{imp.line} imports {imp.imported}"
        for imp in project_imports()
        if imp.imported.startswith("engine.benchmarks")
        and imp.importer.split(".")[0] in ("engine", "api", "persistence", "jobs")
        and not imp.importer.startswith("engine.benchmarks")
    ]
    assert found == []


def test_no_module_imports_a_private_name_of_another() -> None:
    found = [
        f"{imp.importer}:{imp.line} imports {imp.imported}.{imp.name}"
        for imp in private_imports(project_imports())
    ]
    assert found == []


# the checks themselves, on a small tree written for them: each must see what it is meant to catch


def write(root: Path, files: dict[str, str]) -> None:
    for package in PACKAGES:
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")
    for name, text in files.items():
        (root / name).write_text(text)


def test_a_cycle_hidden_in_a_function_is_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "engine/a.py": "from engine.b import f\n",
            "engine/b.py": "def f():\n    from engine import a\n    return a\n",
        },
    )
    assert cycles(engine_edges(project_imports(tmp_path))) == [["engine.a", "engine.b"]]


def test_a_relative_import_counts_as_an_edge(tmp_path: Path) -> None:
    write(tmp_path, {"engine/a.py": "from . import b\n", "engine/b.py": "from .a import x\n"})
    assert cycles(engine_edges(project_imports(tmp_path))) == [["engine.a", "engine.b"]]


def test_a_private_name_from_another_module_is_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "api/a.py": "def _helper(): ...\n",
            "api/b.py": "from api.a import _helper\nfrom api.a import __doc__\n",
        },
    )
    assert [(imp.importer, imp.name) for imp in private_imports(project_imports(tmp_path))] == [
        ("api.b", "_helper")
    ]


def test_a_private_name_read_through_a_module_is_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "engine/a.py": "def _helper(): ...\n",
            "engine/b.py": "from engine import a\n\nx = a._helper\ny = a.__name__\n",
        },
    )
    assert [(imp.importer, imp.name) for imp in private_imports(project_imports(tmp_path))] == [
        ("engine.b", "_helper")
    ]


def test_an_engine_module_importing_persistence_is_found(tmp_path: Path) -> None:
    write(tmp_path, {"engine/a.py": "import persistence.db\n", "persistence/db.py": ""})
    found = [imp.imported for imp in project_imports(tmp_path) if imp.importer == "engine.a"]
    assert found == ["persistence.db"]
