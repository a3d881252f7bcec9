"""The import structure of `models` and `simulation` (issue 14): no import cycle between their
modules, no module imports a `_private` name from another module, the analyses return data
(formatting and charts live in the results layer), and only `simulation.results.charts` imports
matplotlib, never on `import models` or `import simulation`.

Imports are read from the source with `ast` (also those inside functions), so a cycle hidden in
a function-level import is caught too.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "simulation")


def _modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def import_structure(root: Path, packages: tuple[str, ...] = PACKAGES
                     ) -> tuple[nx.DiGraph, list[tuple[str, str, str]]]:
    """The graph of imports between the packages' modules, and every (importer, module, name)
    of a `_private` name imported from another module."""
    modules = _modules(root, packages)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    private = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [(a.name, None) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                targets = [(f"{base}.{a.name}", (base, a.name)) for a in node.names]
            else:
                continue
            for target, imported in targets:
                if target in modules:
                    module = target
                elif imported is not None and imported[0] in modules:
                    module = imported[0]
                    if imported[1].startswith("_"):
                        private.append((name, module, imported[1]))
                else:
                    continue
                if module != name:
                    graph.add_edge(name, module)
    return graph, private


def layers_of(architecture: str) -> dict[str, int]:
    """Module -> layer number, from the "Layers" table of ARCHITECTURE.md."""
    layers: dict[str, int] = {}
    for line in architecture.splitlines():
        row = re.match(r"\|\s*(\d+) [^|]*\|(.*)\|\s*$", line)
        if row:
            for module in re.findall(r"`([\w.]+)`", row.group(2)):
                assert module not in layers, f"{module} is listed twice"
                layers[module] = int(row.group(1))
    return layers


def test_architecture_lists_every_module_once() -> None:
    graph, _ = import_structure(ROOT)
    layers = layers_of((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert sorted(layers) == sorted(graph)


def test_each_layer_imports_only_from_itself_and_below() -> None:
    graph, _ = import_structure(ROOT)
    layers = layers_of((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    upward = [(a, b) for a, b in graph.edges if layers[b] > layers[a]]
    assert upward == []


def test_no_import_cycle() -> None:
    graph, _ = import_structure(ROOT)
    assert len(graph) > 40  # the packages were found
    assert list(nx.simple_cycles(graph)) == []


def test_no_private_name_imported_from_another_module() -> None:
    _, private = import_structure(ROOT)
    assert private == []


def test_the_check_finds_a_cycle_and_a_private_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import thing\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.a import _hidden\n")
    graph, private = import_structure(tmp_path, ("pkg",))
    assert list(nx.simple_cycles(graph)) != []
    assert private == [("pkg.b", "pkg.a", "_hidden")]
    layers = layers_of("| 1 low | `pkg.b` |\n| 2 high | `pkg.a`, `pkg` |\n")
    assert [(a, b) for a, b in graph.edges if layers[b] > layers[a]] == [("pkg.b", "pkg.a")]


def _imported_packages(path: Path) -> set[str]:
    """Top-level names of the absolute imports of a module (also those inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_charts_module_imports_matplotlib() -> None:
    importers = [name for name, path in _modules(ROOT, PACKAGES).items()
                 if "matplotlib" in _imported_packages(path)]
    assert importers == ["simulation.results.charts"]


def test_the_analyses_return_data_and_format_nothing() -> None:
    """The analyses layer (ARCHITECTURE.md's layer 3) writes no text table, CSV, JSON or
    chart: no formatting module imported, no ``format_``/``write_`` function or ``_csv``."""
    layers = layers_of((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    analyses = sorted(m for m, layer in layers.items() if layer == 3)
    assert {"models.analyses.rules", "models.analyses.deadlines",
            "models.analyses.gaps"} <= set(analyses)
    modules = _modules(ROOT, PACKAGES)
    for name in analyses:
        tree = ast.parse(modules[name].read_text(encoding="utf-8"))
        formatting = _imported_packages(modules[name]) & {
            "matplotlib", "csv", "json", "textwrap", "io"}
        assert formatting == set(), (name, formatting)
        functions = [n.name for n in ast.walk(tree)
                     if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        assert [f for f in functions if f.startswith(("format_", "write_"))
                or f.endswith("_csv")] == [], name


def test_importing_the_packages_loads_no_matplotlib() -> None:
    code = ("import sys, models, simulation; "
            "assert not any(m.startswith('matplotlib') for m in sys.modules), "
            "sorted(m for m in sys.modules if m.startswith('matplotlib'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def folders_of(architecture: str) -> dict[int, str]:
    """Layer number -> its folder as a package name, from the first column of the table."""
    folders = {}
    for line in architecture.splitlines():
        row = re.match(r"\|\s*(\d+) [^|`]*`([\w/]+)/`\s*\|", line)
        if row:
            folders[int(row.group(1))] = row.group(2).replace("/", ".")
    return folders


def test_each_module_sits_in_its_layers_folder() -> None:
    """The tree shows the layers: a module of layer N is in layer N's folder (a layer's package
    is its folder itself)."""
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    layers, folders = layers_of(architecture), folders_of(architecture)
    assert sorted(folders) == sorted(set(layers.values())) == list(range(1, 9))
    modules = _modules(ROOT, PACKAGES)
    misplaced = []
    for module, layer in layers.items():
        path = modules[module]
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        if package != folders[layer]:
            misplaced.append((module, folders[layer]))
    assert misplaced == []
