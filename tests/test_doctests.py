"""The examples in the docstrings of `models` and `simulation` run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import models
import simulation


def _modules() -> list[str]:
    names = []
    for package in (models, simulation):
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            names.append(info.name)
    return sorted(names)


def _has_examples(name: str) -> bool:
    module = importlib.import_module(name)
    return any(test.examples for test in doctest.DocTestFinder().find(module))


MODULES_WITH_EXAMPLES = [name for name in _modules() if _has_examples(name)]


def test_some_modules_have_examples() -> None:
    # The collection itself is under test: a refactoring that loses the examples fails here.
    assert "models.data.authoring" in MODULES_WITH_EXAMPLES
    assert "models.analyses.deadlines" in MODULES_WITH_EXAMPLES


@pytest.mark.parametrize("name", MODULES_WITH_EXAMPLES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
