"""Markdown text shared by ``report.md`` (:mod:`simulation.results.report`) and ``compare.md``
(:mod:`simulation.results.compare_report`): a cell escaped for a pipe table, and the table
itself."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["md_cell", "md_table"]


def md_cell(text: object) -> str:
    """``text`` as one cell (or line) of markdown: pipes escaped, line breaks made spaces.

    Examples
    --------
    >>> md_cell("a | b\\nc")
    'a \\\\| b c'
    """
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Sequence[Sequence[object]], *,
             empty: str = "_None in this run._") -> list[str]:
    """The lines of a pipe table with ``header`` and ``rows`` (every cell through
    :func:`md_cell`), then a blank line; ``empty`` and a blank line when there are no rows.

    Examples
    --------
    >>> md_table(("Role", "Busy"), [("carer", "40%")])
    ['| Role | Busy |', '|---|---|', '| carer | 40% |', '']
    """
    if not rows:
        return [empty, ""]
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]
