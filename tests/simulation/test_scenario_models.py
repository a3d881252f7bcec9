"""A scenario carries its models: a run reads each model file once (when the scenario is loaded),
compiles its plans once, and ships models and plans to the workers; overrides are applied to a
model as a new frozen model."""

from __future__ import annotations

import collections
import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest

import models.data.bpmn_xml
from models import load_model
from models.data.durations import Duration
from simulation.commands.cli import main
from simulation.run.plan import apply_overrides, compile_model, compile_plan
from simulation.run.runner import plan_run, replicate
from simulation.run.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = ROOT / "models" / "protocols"


def _scenario(tmp_path: Path, *, reps: int = 3, extra: str = "") -> Path:
    """Lambeth (a copy of its file, beside the scenario) with Somerset as out-of-area host."""
    shutil.copy(PROTOCOLS / "lambeth.bpmn", tmp_path / "m.bpmn")
    shutil.copy(PROTOCOLS / "somerset.bpmn", tmp_path / "host.bpmn")
    path = tmp_path / "s.yaml"
    path.write_text(
        "models: [m.bpmn]\nepoch: 2026-04-06\nhorizon_days: 20\nwarmup_days: 2\n"
        f"replications: {reps}\nseed: 7\npopulation: {{synthetic: {{}}}}\n"
        "out_of_area: {hosts: [host.bpmn], share: 0.5}\n"
        "overrides: [{duty: return_interview, field: limit, value: PT48H}]\n" + extra,
        encoding="utf-8")
    return path


def test_a_run_reads_each_model_file_once(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    reads: collections.Counter[str] = collections.Counter()
    parse = models.data.bpmn_xml.parse_model

    def counting(data: bytes | str, file: str = "<string>") -> models.ProtocolModel:
        reads[Path(file).name] += 1
        return parse(data, file)

    monkeypatch.setattr(models.data.bpmn_xml, "parse_model", counting)
    path = _scenario(tmp_path, reps=3)
    assert main(["simulate", str(path), "--out", str(tmp_path / "out"), "--jobs", "1",
                 "--quiet"]) == 0
    assert (tmp_path / "out" / "compliance.csv").is_file()
    assert dict(reads) == {"m.bpmn": 1, "host.bpmn": 1}  # 3 replications, one read each


def test_a_run_needs_no_model_file_after_load(tmp_path: Path) -> None:
    scenario = load_scenario(_scenario(tmp_path, reps=2))
    before = replicate(scenario, jobs=1)
    (tmp_path / "m.bpmn").unlink()
    (tmp_path / "host.bpmn").unlink()
    after = replicate(scenario, jobs=2)  # spawned workers get the models and plans pickled
    assert [r.deadlines for r in after] == [r.deadlines for r in before]
    assert [r.events for r in after] == [r.events for r in before]


def test_scenario_models_and_plans_pickle(tmp_path: Path) -> None:
    scenario = load_scenario(_scenario(tmp_path))
    assert set(scenario.loaded) == {str(tmp_path / "m.bpmn"), str(tmp_path / "host.bpmn")}
    copy = pickle.loads(pickle.dumps(scenario))  # noqa: S301 - our own bytes, as workers get
    assert copy.model() == scenario.model()
    assert copy == scenario
    plans = plan_run(scenario)
    again = pickle.loads(pickle.dumps(plans))  # noqa: S301 - likewise
    assert again.plan.elements.keys() == plans.plan.elements.keys()
    assert again.hosts is not None and plans.hosts is not None
    assert again.hosts.plans.keys() == plans.hosts.plans.keys()


def test_overrides_give_a_new_frozen_model(tmp_path: Path) -> None:
    scenario = load_scenario(_scenario(tmp_path))
    (override,) = scenario.overrides
    assert isinstance(override.value, Duration) and override.value.text == "PT48H"
    written = scenario.model()
    applied = apply_overrides(written, scenario.overrides, scenario.immediate_tolerance)
    assert applied is not written
    limits = {(el.id, d.name): d.limit for el in written.elements.values() for d in el.deadlines
              if d.duty == "return_interview"}
    assert limits and set(limits.values()) == {"PT72H"}  # the file is unchanged
    assert {(el.id, d.name): d.limit for el in applied.elements.values() for d in el.deadlines
            if d.duty == "return_interview"} == dict.fromkeys(limits, "PT48H")
    with pytest.raises(dataclasses.FrozenInstanceError):
        applied.name = "x"  # type: ignore[misc]
    plan = compile_plan(written, scenario.overrides, scenario.immediate_tolerance)
    assert compile_model(applied) == plan


def test_a_scenario_built_without_its_models_reads_them(tmp_path: Path) -> None:
    scenario = dataclasses.replace(load_scenario(_scenario(tmp_path)), loaded={})
    assert scenario.model() == load_model(tmp_path / "m.bpmn")
