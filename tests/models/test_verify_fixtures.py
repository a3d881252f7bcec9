"""Broken models must fail verification naming the element at fault; the sound base must pass."""

from __future__ import annotations

import json

import pytest
from model_fixtures import BROKEN, base

from models import parse_model, verify, verify_model
from simulation.cli import main


def test_sound_base_model_passes() -> None:
    b, _ = base()
    report = verify_model(parse_model(b.to_xml(), "base.bpmn"))
    assert report.ok, [str(f) for f in report.findings]
    assert report.properties["safeness"] and report.properties["option_to_complete"]
    assert report.properties["proper_completion"]
    assert report.properties["dead_activities"] == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_model_names_element(name: str, tmp_path, capsys) -> None:
    xml, kind, element_id = BROKEN[name]()
    path = tmp_path / "broken.bpmn"
    path.write_text(xml, encoding="utf-8")
    report = verify(path)
    assert not report.ok
    assert element_id in report.ids(kind), [str(f) for f in report.findings]
    finding = next(f for f in report.findings if f.kind == kind and f.element_id == element_id)
    assert finding.label and finding.citation is not None

    status = main(["verify", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert status == 1
    assert not out["ok"]
    assert any(f["element_id"] == element_id and f["kind"] == kind
               for f in out["models"][0]["findings"])


def test_task_without_duty_is_reported() -> None:
    b, _ = base("no_duty")
    b.nodes["t_grade"].attrs["duty"] = "not_a_duty"
    report = verify_model(parse_model(b.to_xml(), "x.bpmn"))
    assert "t_grade" in report.ids("task")


def test_probabilities_above_one_are_reported() -> None:
    b, _ = base("probs")
    for f in b.flows:
        if f.source == "g_risk":
            f.probability = 0.8
    report = verify_model(parse_model(b.to_xml(), "x.bpmn"))
    assert "g_risk" in report.ids("gateway")
