"""kpis.xlsx / compare.xlsx: the KPI tables as sheets, the same values as the CSV files, the
same bytes for the same tables."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from simulation.results.workbook import write_workbook

openpyxl = pytest.importorskip("openpyxl")

ROWS = [{"deadline": "Return home interview within 48 hours", "met": 3, "share": 0.75},
        {"deadline": "Strategy discussion", "met": 0, "share": math.nan}]


def test_sheets_hold_the_rows_with_empty_cells_for_missing_values(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "k.xlsx", [("compliance", ("deadline", "met", "share"), ROWS),
                                               ("a/b:c[d]*?", ("x",), [])],
                          about=[("Scenario", "test"), ("Seed", 7)])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["About", "compliance", "a_b_c_d___"]
    assert [[c.value for c in r] for r in book["About"].iter_rows()] == [["Scenario", "test"],
                                                                       ["Seed", 7]]
    rows = [[c.value for c in r] for r in book["compliance"].iter_rows()]
    assert rows == [["deadline", "met", "share"],
                    ["Return home interview within 48 hours", 3, 0.75],
                    ["Strategy discussion", 0, None]]
    assert book["compliance"].freeze_panes == "A2"
    assert book["compliance"]["A1"].font.bold


def test_the_same_tables_give_the_same_bytes(tmp_path: Path) -> None:
    import time

    sheets = [("compliance", ("deadline", "met", "share"), ROWS)]
    first = write_workbook(tmp_path / "a.xlsx", sheets).read_bytes()
    time.sleep(1.1)  # a writer that stamped the time of writing would differ now
    second = write_workbook(tmp_path / "b.xlsx", sheets).read_bytes()
    assert first == second
