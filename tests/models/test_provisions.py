"""A document's stated deadline (ms:provision) and the model's ms:deadline say the same thing.

The gap analysis compares provisions; the simulator measures deadlines. Editing one without the
other must fail verification, so the two answers cannot drift apart.
"""

from __future__ import annotations

import pytest

from models import MODEL_NAMES, model_path, parse_model, verify_model

RHI_DEADLINE = ('duty="return_interview" anchor="returned" limit="PT72H" calendar="clock"')


def _lambeth_text() -> str:
    return model_path("lambeth").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_shipped_models_have_no_provision_findings(name: str) -> None:
    report = verify_model(parse_model(model_path(name).read_text(encoding="utf-8"), name))
    assert [f for f in report.findings if f.kind == "provision"] == []


def test_a_deadline_edited_without_its_provision_fails() -> None:
    text = _lambeth_text()
    assert text.count(RHI_DEADLINE) == 2  # Lambeth's two return-interview tasks
    edited = text.replace(RHI_DEADLINE, RHI_DEADLINE.replace("PT72H", "PT48H"))
    report = verify_model(parse_model(edited, "lambeth-48h.bpmn"))
    found = [f for f in report.findings if f.kind == "provision"]
    assert [f.element_id for f in found] == ["provision:return_interview"]
    assert "PT72H" in found[0].message and "returned" in found[0].message
    assert not report.ok


def test_a_deadline_counted_from_another_event_fails() -> None:
    text = _lambeth_text()
    edited = text.replace(RHI_DEADLINE, RHI_DEADLINE.replace('"returned"', '"missing"'))
    report = verify_model(parse_model(edited, "lambeth-anchor.bpmn"))
    assert [f.element_id for f in report.findings if f.kind == "provision"] == [
        "provision:return_interview"]


def test_one_deadline_carrying_the_provision_is_enough() -> None:
    text = _lambeth_text()
    edited = text.replace(RHI_DEADLINE, RHI_DEADLINE.replace("PT72H", "PT48H"), 1)
    report = verify_model(parse_model(edited, "lambeth-one.bpmn"))
    assert [f for f in report.findings if f.kind == "provision"] == []
