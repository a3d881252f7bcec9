"""The exported Missing table passes DfE's SSDA903 validation rules that need no other table.

Rules 564, 565, 566, 567, 570, 571 and 574, implemented here from their definitions in the DfE
validator (data-to-insight/csc-validator-be-903, ``lac_validator/rules/lac2022_23/rule_5xx.py``,
HEAD 10ad07c; figures source id V903): each function returns the row numbers (0-based) the rule
flags, as the validator does. Each rule is first run on small test rows, so that the
implementation can be seen to fail (for 574 they are the validator's own test rows), then on the
export of every shipped authority scenario and of England at a reduced size. The validator is
not a dependency.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest

from simulation.results.population_export import write_population
from simulation.run.runner import population_for
from simulation.run.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
Row = dict[str, str]


def _date(text: str) -> dt.date | None:
    """dd/mm/yyyy as a date; anything else (blank, bad) as None, like pandas' errors='coerce'."""
    parts = text.split("/") if isinstance(text, str) else []
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def _blank(text: str | None) -> bool:
    return text is None or text == ""


def rule_564(rows: list[Row]) -> list[int]:
    """MISSING is M or A (any case) and MIS_START is blank."""
    return [i for i, r in enumerate(rows)
            if r["MISSING"] in ("M", "A", "m", "a") and _blank(r["MIS_START"])]


def rule_565(rows: list[Row]) -> list[int]:
    """MIS_START is given and MISSING is blank."""
    return [i for i, r in enumerate(rows) if not _blank(r["MIS_START"]) and _blank(r["MISSING"])]


def rule_566(rows: list[Row]) -> list[int]:
    """MIS_END is given and MISSING is blank."""
    return [i for i, r in enumerate(rows) if _blank(r["MISSING"]) and not _blank(r["MIS_END"])]


def rule_567(rows: list[Row]) -> list[int]:
    """MIS_END is before MIS_START."""
    out = []
    for i, r in enumerate(rows):
        start, end = _date(r["MIS_START"]), _date(r["MIS_END"])
        if start is not None and end is not None and start > end:
            out.append(i)
    return out


def rule_570(rows: list[Row], collection_end: dt.date) -> list[int]:
    """MIS_START is after the end of the collection year."""
    return [i for i, r in enumerate(rows)
            if (d := _date(r["MIS_START"])) is not None and d > collection_end]


def rule_571(rows: list[Row], collection_start: dt.date, collection_end: dt.date) -> list[int]:
    """MIS_END is before the start or after the end of the collection year."""
    return [i for i, r in enumerate(rows)
            if (d := _date(r["MIS_END"])) is not None
            and (d < collection_start or d > collection_end)]


def rule_574(rows: list[Row]) -> list[int]:
    """A period starts while the child's previous one is open, or before it ended.

    As the validator: rows sorted by CHILD, then MIS_END (MIS_START when open), then MIS_START;
    a row is flagged when the row before it is the same child's and that row's MIS_END is blank,
    or this row's MIS_START is before it.
    """
    def key(i: int) -> tuple[str, dt.date, dt.date]:
        r = rows[i]
        start = _date(r["MIS_START"]) or dt.date.min
        return r["CHILD"], _date(r["MIS_END"]) or start, start

    order = sorted(range(len(rows)), key=key)
    out = []
    for prev, cur in itertools.pairwise(order):
        if rows[prev]["CHILD"] != rows[cur]["CHILD"]:
            continue
        prev_end = _date(rows[prev]["MIS_END"])
        start = _date(rows[cur]["MIS_START"])
        if prev_end is None or (start is not None and start < prev_end):
            out.append(cur)
    return sorted(out)


def _rows(*items: tuple[str, str, str, str]) -> list[Row]:
    return [{"CHILD": c, "MISSING": m, "MIS_START": s, "MIS_END": e} for c, m, s, e in items]


# ---------------------------------------------------------------------------------------------
# the implementations against the validator's own test rows


def test_rules_on_the_validators_examples():
    assert rule_564(_rows(("1", "M", "", ""), ("2", "A", "01/01/2021", ""),
                          ("3", "a", "", "02/01/2021"), ("4", "", "", ""))) == [0, 2]
    assert rule_565(_rows(("1", "", "01/01/2021", ""), ("2", "M", "01/01/2021", ""))) == [0]
    assert rule_566(_rows(("1", "", "", "01/01/2021"), ("2", "A", "", "01/01/2021"))) == [0]
    assert rule_567(_rows(("1", "M", "08/01/2021", "01/01/2021"),
                          ("2", "M", "01/01/2021", "01/01/2021"),
                          ("3", "M", "01/01/2021", ""))) == [0]
    start, end = dt.date(2020, 4, 1), dt.date(2021, 3, 31)
    assert rule_570(_rows(("1", "M", "01/04/2021", ""), ("2", "M", "31/03/2021", "")),
                    end) == [0]
    assert rule_571(_rows(("1", "M", "01/03/2020", "31/03/2020"),
                          ("2", "M", "01/03/2021", "01/04/2021"),
                          ("3", "M", "01/03/2021", "31/03/2021"),
                          ("4", "M", "01/03/2021", "")), start, end) == [0, 1]
    # rule 574's own test rows (validator test_validate): rows 0, 4, 6, 9 fail
    rows = _rows(("111", "M", "01/06/2020", "05/06/2020"), ("111", "M", "04/06/2020", ""),
                 ("222", "M", "03/06/2020", "04/06/2020"), ("222", "M", "04/06/2020", ""),
                 ("222", "M", "07/06/2020", "09/06/2020"), ("333", "M", "02/06/2020", "04/06/2020"),
                 ("333", "M", "03/06/2020", "09/06/2020"), ("444", "M", "06/06/2020", "08/06/2020"),
                 ("444", "M", "10/06/2020", "10/06/2020"), ("444", "M", "08/06/2020", "10/08/2020"),
                 ("555", "M", "", "05/06/2020"), ("555", "M", "", "05/06/2020"))
    assert rule_574(rows) == [0, 4, 6, 9]


# ---------------------------------------------------------------------------------------------
# the exports


SCENARIOS = ["lambeth", "derby_derbyshire", "childrens_home", "somerset", "darlington",
             "england"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_exported_missing_table_passes_the_missing_only_rules(name, tmp_path):
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    if name == "england":  # a twentieth of England: ~10,000 episodes
        spec = dataclasses.replace(scenario.population, child_population=600_000)
        scenario = dataclasses.replace(scenario, population=spec)
    episodes = population_for(scenario, 0, name)
    write_population(episodes, tmp_path, epoch=scenario.epoch,
                     horizon_hours=scenario.horizon_days * 24.0, seed=scenario.seed)
    with (tmp_path / "missing.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows, "no looked-after episodes exported"
    assert list(rows[0]) == ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]
    assert {r["MISSING"] for r in rows} <= {"M", "A"}
    # the collection year holding the epoch: every shipped scenario runs exactly one
    local = scenario.epoch.date()
    year = local.year if (local.month, local.day) >= (4, 1) else local.year - 1
    start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    last_day = (scenario.epoch + dt.timedelta(days=scenario.horizon_days)).date()
    assert last_day <= end + dt.timedelta(days=1), "scenario runs past its collection year"
    failures = {
        "564": rule_564(rows), "565": rule_565(rows), "566": rule_566(rows),
        "567": rule_567(rows), "570": rule_570(rows, end), "571": rule_571(rows, start, end),
        "574": rule_574(rows),
    }
    assert not any(failures.values()), {k: v[:5] for k, v in failures.items() if v}
    assert all(r["MIS_START"] and _date(r["MIS_START"]) >= start for r in rows)
    assert any(r["MIS_END"] == "" for r in rows) or name != "england"  # open at year end


def test_a_period_open_at_the_horizon_is_written_open_and_passes_574(tmp_path):
    # rows 574 would flag if an open period were followed by another of the same child
    rows = _rows(("C1", "M", "30/03/2024", "31/03/2024"), ("C1", "A", "31/03/2024", ""))
    assert rule_574(rows) == []
    assert rule_574(list(reversed(rows))) == []
    assert np.array_equal(rule_574(_rows(("C1", "M", "01/03/2024", ""),
                                         ("C1", "M", "05/03/2024", "06/03/2024"))), [1])
