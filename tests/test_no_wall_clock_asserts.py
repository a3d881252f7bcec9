"""No test asserts a wall-clock time (issue 14): speed is measured in `bench/`, and a test that
passes on an idle machine and fails on a loaded one pins nothing. A loop guard that gives up
after a while (``while ... and time.monotonic() < deadline``) is allowed; an ``assert`` that
reads a clock is not."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCKS = {"time", "perf_counter", "monotonic", "process_time", "perf_counter_ns", "monotonic_ns",
          "time_ns", "process_time_ns"}


def clock_asserts(source: str) -> list[int]:
    """Line numbers of the ``assert`` statements that call a clock of the `time` module."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert):
            for call in ast.walk(node.test):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr in CLOCKS and isinstance(call.func.value, ast.Name)
                        and call.func.value.id == "time"):
                    lines.append(node.lineno)
    return lines


def test_no_test_asserts_a_wall_clock_time() -> None:
    found = [f"{path.relative_to(TESTS)}:{line}" for path in sorted(TESTS.rglob("*.py"))
             for line in clock_asserts(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_finds_a_timed_assert() -> None:
    assert clock_asserts("import time\nt = time.perf_counter()\n"
                         "assert time.perf_counter() - t < 2\n") == [3]
    assert clock_asserts("import time\nwhile time.monotonic() < 5:\n    pass\n") == []
