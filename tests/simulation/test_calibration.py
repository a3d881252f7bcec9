"""The calibration report: `missingsim population scenarios/england.yaml --check` at a size CI can
afford (half of England, three seeds), every published figure within its stated tolerance.

The full-size report (England, 5 seeds) is the same command without ``--scale``; the README
shows its table. A population built on a wrong figure must fail the report, and does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from models.data.calendars import LONDON
from simulation.commands.cli import main
from simulation.run.calibration import TARGETS, calibrate, format_calibration, measure
from simulation.run.population import PopulationSpec, generate_episodes

ROOT = Path(__file__).resolve().parents[2]
ENGLAND = str(ROOT / "scenarios" / "england.yaml")


def test_england_passes_the_calibration_report_at_half_its_size(capsys):
    status = main(["population", ENGLAND, "--check", "--scale", "0.5", "--seeds", "3"])
    out = capsys.readouterr().out
    print(out)  # the table, for the CI log (pytest -s)
    lines = out.splitlines()
    assert lines[-1] == f"{len(TARGETS)} of {len(TARGETS)} figures within tolerance", out
    assert status == 0
    for target in TARGETS:  # every published figure used is listed, with its source
        assert any(line.startswith(target.name) and target.source in line for line in lines)
    for needed in ("M periods lasting 1-2 days", "A mean calendar days per period",
                   "M incidents per missing LAC", "missing LAC who went missing more than once",
                   "police-recorded episodes found < 8 h",
                   "A incidents from placements out of area", "M incidents aged 16-17",
                   "M incidents from foster placements"):
        assert any(t.name == needed for t in TARGETS), needed


EPOCH = dt.datetime(2023, 4, 1, tzinfo=LONDON)


def _rows(spec: PopulationSpec, seeds: int = 2):
    cla = spec.child_population * spec.looked_after_per_10k / 1e4 * spec.looked_after_turnover

    def draw(r: int):
        return generate_episodes(spec, authority="x", epoch=EPOCH, horizon_hours=366 * 24.0,
                                 rng=np.random.default_rng([7, r]))
    return {row.target.name: row for row in calibrate(draw, seeds, EPOCH, cla)}


def test_a_population_built_on_wrong_figures_fails():
    wrong = PopulationSpec(child_population=600_000, incidents_per_missing_looked_after=5.0,
                           away_duration_components=((1.0, 8.0, 1.2),),
                           placement_mix=(("foster", 1.0),))
    rows = _rows(wrong)
    assert not rows["M incidents per missing LAC"].passed
    assert not rows["A mean calendar days per period"].passed
    assert not rows["M incidents from foster placements"].passed
    assert rows["police-recorded episodes found < 24 h"].passed  # what was not changed holds
    text = format_calibration(list(rows.values()), title="t")
    assert "FAIL" in text and text.splitlines()[-1].endswith("figures within tolerance")


def test_measure_counts_calendar_days_as_dfe_does():
    from simulation.run.records import Child, Episode

    child = Child(id="C1", age=15, sex="F", looked_after=True, placement="foster")
    # 23:00 to 01:00 next day is 2 hours but 1 calendar day (table 2a: "would be counted as
    # being missing for 1 day"); 09:00 to 17:00 the same day is 0 days
    late = Episode("C1-E001", child, 23.0, 25.0, "medium")
    day = Episode("C1-E002", child, 33.0, 41.0, "medium")
    m = measure([late, day], EPOCH, looked_after_during_year=100.0)
    assert m["M periods lasting < 1 day (same date)"] == pytest.approx(0.5)
    assert m["M periods lasting 1-2 days"] == pytest.approx(0.5)
    assert m["M mean calendar days per period"] == pytest.approx(0.5)
    assert m["M incidents per missing LAC"] == 2
    assert m["LAC with an M incident (share of CLA during year)"] == pytest.approx(0.01)
