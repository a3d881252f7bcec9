"""Analyses give the same answer whatever Python's string-hash seed (principle 4).

`deadlines derby_derbyshire --format json` once named one of two equally early paths depending on
the iteration order of a set of element ids, which changes with PYTHONHASHSEED from one process
to the next; the search now walks the elements in the file's order.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(args: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    code = "from simulation.commands.cli import main; raise SystemExit(main())"
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=600, check=True)
    return done.stdout


@pytest.mark.parametrize("name", ["derby_derbyshire", "lambeth"])
def test_deadline_paths_do_not_depend_on_the_hash_seed(name: str) -> None:
    outputs = {_run(["deadlines", name, "--format", "json"], seed) for seed in ("0", "1", "2")}
    assert len(outputs) == 1
