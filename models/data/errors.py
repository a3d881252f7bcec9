"""One exception tree for input that cannot be used; only the CLI catches the base class."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

__all__ = ["DataError", "MissingsimError", "ModelError", "ScenarioError", "did_you_mean",
           "unknown_key"]


def did_you_mean(typed: object, choices: Sequence[str]) -> str:
    """``"; did you mean X?"`` when one of ``choices`` is most likely what was typed: the same
    in other case or with ``-`` or spaces for ``_``, the one choice it begins (three characters
    or more), or the one close spelling; empty when none is (a message then ends as it was)."""
    if not isinstance(typed, str) or not typed.strip() or len(typed) > 60:
        return ""
    text = typed.strip().lower().replace("-", "_").replace(" ", "_")
    same = [c for c in choices if c.lower() == text]
    starting = [c for c in choices if len(text) >= 3 and c.lower().startswith(text)]
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.75)
    for found in (same, starting, close):
        if len(found) == 1:
            return f"; did you mean {found[0]}?"
    return ""


def unknown_key(name: object, allowed: Sequence[str]) -> str:
    """The message for a key that is not one of ``allowed``: the keys it may be, and the one
    it was most likely meant to be when one is close (``horizon_day``: ``horizon_days``)."""
    return f"unknown key (expected one of {', '.join(allowed)})" + did_you_mean(name, allowed)


class MissingsimError(Exception):
    """Base of every input error; ``str(e)`` is one line naming file and place."""


class ModelError(MissingsimError):
    """A BPMN model file cannot be read or breaks the extension schema."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        element_id: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = file
        self.element_id = element_id
        self.line = line
        self.message = message
        where = file
        if line is not None:
            where += f":{line}"
        if element_id:
            where += f": element '{element_id}'"
        super().__init__(f"{where}: {message}")


class ScenarioError(MissingsimError):
    """A scenario file is invalid."""

    def __init__(self, file: str, key: str | None, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        super().__init__(f"{file}: {key}: {message}" if key else f"{file}: {message}")


class DataError(MissingsimError):
    """An imported data file (SSDA903) is invalid."""

    def __init__(self, file: str, message: str, *, row: int | None = None,
                 column: str | None = None) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        where = file
        if row is not None:
            where += f": line {row}"
        if column:
            where += f": column {column}"
        super().__init__(f"{where}: {message}")
