"""The scenario knob for immediate duties: ``immediate_tolerance`` (default PT1H)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import ScenarioError
from models.data.model import IMMEDIATE_TOLERANCE
from simulation.run.plan import compile_plan
from simulation.run.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def _scenario(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(f"base: {ROOT / 'scenarios' / 'lambeth.yaml'}\n{extra}", encoding="utf-8")
    return path


def test_default_and_given_tolerance(tmp_path: Path) -> None:
    assert load_scenario(_scenario(tmp_path, "")).immediate_tolerance == IMMEDIATE_TOLERANCE
    given = load_scenario(_scenario(tmp_path, "immediate_tolerance: PT2H\n"))
    assert given.immediate_tolerance == "PT2H"
    from models import load_model

    plan = compile_plan(load_model("lambeth"), given.overrides, given.immediate_tolerance)
    (swc,) = plan.elements["p_swc"].deadlines
    assert swc.immediate and swc.limit.nominal_hours == 2.0
    (rhi,) = plan.elements["rhi_interview"].deadlines  # a 'within' deadline keeps its limit
    assert not rhi.immediate and rhi.limit.nominal_hours == 72.0


@pytest.mark.parametrize("value", ["soon", "PT0S", "3"])
def test_a_bad_tolerance_is_one_line_naming_the_key(tmp_path: Path, value: str) -> None:
    with pytest.raises(ScenarioError, match="immediate_tolerance"):
        load_scenario(_scenario(tmp_path, f"immediate_tolerance: {value}\n"))
