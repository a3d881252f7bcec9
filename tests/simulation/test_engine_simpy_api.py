"""The engine uses SimPy through its public API only (issue 14): no subclass of a SimPy class,
no private attribute (``env._now``, ``Process._resume``) of a SimPy object. A SimPy release that
changes its internals cannot then break a run silently; pyproject.toml pins the major version."""

from __future__ import annotations

import ast
from pathlib import Path

import simpy

ROOT = Path(__file__).resolve().parents[2]
ENGINE_MODULES = ("simulation/run/engine.py", "simulation/run/staffing.py")


def _private_uses(source: str) -> list[str]:
    """``x._name`` where ``x`` is not ``self`` or ``cls`` (whose own private names are theirs),
    and classes derived from a ``simpy`` class."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if "simpy" in ast.unparse(base):
                    found.append(f"line {node.lineno}: class {node.name}({ast.unparse(base)})")
    return found


def test_the_check_finds_a_private_simpy_name() -> None:
    bad = ("class Token(simpy.Process):\n    def _resume(self, event):\n"
           "        self.env._active_proc = self\n")
    assert _private_uses(bad) == ["line 1: class Token(simpy.Process)",
                                  "line 3: ._active_proc"]


def test_the_engine_uses_simpy_through_its_public_api_only() -> None:
    for module in ENGINE_MODULES:
        assert _private_uses((ROOT / module).read_text(encoding="utf-8")) == [], module


def test_the_installed_simpy_is_in_the_pinned_range() -> None:
    major, minor = (int(p) for p in simpy.__version__.split(".")[:2])
    assert (4, 1) <= (major, minor) < (5, 0), simpy.__version__
