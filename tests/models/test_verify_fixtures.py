"""Broken models must fail verification naming the element at fault; the sound base must pass."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from model_fixtures import BROKEN, base

from models import parse_model, verify, verify_model
from models.data.findings import EXIT_INCONCLUSIVE, exit_status
from simulation.commands.cli import main


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


# ------------------------------------------------- coverage of splits, integer lists, state limit

DATA = Path(__file__).resolve().parents[1] / "data"
UNCOVERED = DATA / "invalid" / "verify_split_uncovered.bpmn"
INTEGER_LIST = DATA / "valid" / "verify_integer_list.bpmn"
CONCURRENT = DATA / "valid" / "verify_concurrent.bpmn"


def test_split_leaving_children_uncovered_names_an_example_child(capsys) -> None:
    """``risk == "high"`` and ``age >= 10`` with no default: a child under 10 not at high risk
    takes no branch (the token game alone passes it: branches are free choices there)."""
    report = verify(UNCOVERED)
    assert report.status == "fail"
    [finding] = [f for f in report.findings if f.kind == "no_branch"]
    assert finding.element_id == "g_split" and finding.citation is not None
    assert 'risk = "absent", age = 0' in finding.message
    assert 'every child with: risk != "high" and age < 10' in finding.message
    assert report.properties["option_to_complete"]  # only the new check sees it
    assert main(["verify", str(UNCOVERED)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL verify_split_uncovered") and "no_branch: g_split" in out


def test_branch_no_child_takes_is_a_warning() -> None:
    """The carer reports only looked-after children; the police's branch for a child not looked
    after, across the message flow, is never taken: a warning (a combined model has many)."""
    report = verify(DATA / "valid" / "verify_branch_never_taken.bpmn")
    assert report.ids("branch_never_taken") == {"f_never"}
    [warning] = report.findings
    assert warning.severity == "warning" and report.status == "pass"


def test_integer_list_condition_passes() -> None:
    """``age in [12, 13, 14, 15]`` can be true, and with its negation covers every child."""
    report = verify(INTEGER_LIST)
    assert report.ok, [str(f) for f in report.findings]
    assert report.properties["dead_activities"] == []


def test_every_shipped_model_covers_its_splits() -> None:
    from models import MODEL_NAMES, load_model
    from models.checks.structure import uncovered_splits
    from models.data.catalogue import catalogue

    for name in MODEL_NAMES:
        assert list(uncovered_splits(load_model(name), catalogue())) == [], name


def test_truncated_exploration_is_inconclusive(monkeypatch, capsys) -> None:
    """Cut off at 10 states, the exploration decides nothing it did not see: no "can get stuck"
    or "dead activity" finding, the status is inconclusive, and so is the exit status (3)."""
    whole = verify(CONCURRENT)
    assert whole.ok and whole.properties["states"] > 10
    cut = verify(CONCURRENT, state_limit=10)
    assert cut.status == "inconclusive" and not cut.ok
    assert [f.kind for f in cut.findings] == ["inconclusive"]
    assert "inconclusive: exploration stopped at its limit of 10 states" in cut.findings[0].message
    assert cut.properties["option_to_complete"] is None
    assert cut.properties["dead_activities"] is None
    monkeypatch.setattr("simulation.commands.cli.verify", functools.partial(verify, state_limit=10))
    assert main(["verify", str(CONCURRENT)]) == EXIT_INCONCLUSIVE == 3
    out = capsys.readouterr().out
    assert out.startswith("INCONCLUSIVE verify_concurrent") and "dead activities=not decided" \
        in out
    assert main(["verify", str(CONCURRENT), "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["models"][0]["status"] == "inconclusive" and not data["ok"]
    # a failing model beside it: findings win (1)
    assert main(["verify", str(CONCURRENT), str(UNCOVERED)]) == 1


def test_exit_status_order() -> None:
    passed = verify(INTEGER_LIST)
    cut = verify(CONCURRENT, state_limit=10)
    failed = verify(UNCOVERED)
    assert exit_status([passed]) == 0
    assert exit_status([passed, cut]) == 3
    assert exit_status([cut, failed]) == 1
