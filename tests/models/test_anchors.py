"""Anchors as data: what a deadline or timer counts from, read and checked on load."""

from __future__ import annotations

import json
import re

import pytest

from models import ModelError, load_model, model_path, parse_model, verify_model
from models.analyses.deadlines import deadline_reachability
from models.data.model import ENVIRONMENT_EVENTS, IMMEDIATE_TOLERANCE
from simulation.results.analysis_tables import format_deadlines, format_rules

LAMBETH = model_path("lambeth").read_text(encoding="utf-8")
RHI = 'anchor="returned" limit="PT72H" calendar="clock"'


def _lambeth(old: str, new: str) -> str:
    """Lambeth with the last occurrence of ``old`` replaced (for RHI: rhi_interview's)."""
    assert old in LAMBETH
    head, _, tail = LAMBETH.rpartition(old)
    return head + new + tail


def test_a_deadline_anchored_on_an_environment_event_or_a_node_is_read() -> None:
    model = parse_model(LAMBETH)
    (d,) = model.elements["rhi_interview"].deadlines
    assert d.anchor == "returned" and d.kind == "within" and not d.immediate
    assert model.anchor_label(d.anchor) == ENVIRONMENT_EVENTS["returned"]
    node = parse_model(_lambeth(RHI, 'anchor="rhi_wait" limit="PT72H" calendar="clock"'))
    (d,) = node.elements["rhi_interview"].deadlines
    assert d.anchor == "rhi_wait" and node.anchor_label(d.anchor) == "Told the child has returned"
    assert "dangling_reference" not in verify_model(node).by_kind()
    bad = parse_model(_lambeth(RHI, 'anchor="nowhere" limit="PT72H" calendar="clock"'))
    assert "rhi_interview" in verify_model(bad).ids("dangling_reference")


def test_a_timer_anchor_is_read_and_a_dangling_one_is_a_finding() -> None:
    model = parse_model(LAMBETH)
    assert model.elements["p_t24"].timer.anchor == "missing"  # type: ignore[union-attr]
    assert model.elements["la_rev_t"].timer.anchor is None  # type: ignore[union-attr]
    bad = parse_model(_lambeth('<ms:anchor value="missing"/>',
                               '<ms:anchor value="no_such_node"/>'))
    dangling = [e.id for e in bad.elements.values()
                if e.timer and e.timer.anchor == "no_such_node"]
    assert len(dangling) == 1
    assert dangling[0] in verify_model(bad).ids("dangling_reference")


@pytest.mark.parametrize("event", sorted(ENVIRONMENT_EVENTS))
def test_an_element_may_not_take_an_environment_event_name(event: str) -> None:
    text = _lambeth('id="rhi_interview"', f'id="{event}"')
    with pytest.raises(ModelError, match=f"id '{event}' is reserved"):
        parse_model(text, "x.bpmn")


def test_an_immediate_deadline_takes_the_default_tolerance_and_no_limit() -> None:
    model = parse_model(_lambeth(RHI, 'anchor="returned" kind="immediate"'))
    (d,) = model.elements["rhi_interview"].deadlines
    assert d.immediate and d.limit == IMMEDIATE_TOLERANCE and d.calendar == "clock"
    with pytest.raises(ModelError, match="takes no limit or calendar"):
        parse_model(_lambeth(RHI, RHI + ' kind="immediate"'), "x.bpmn")
    with pytest.raises(ModelError, match="needs attribute 'limit'"):
        parse_model(_lambeth(RHI, 'anchor="returned" calendar="clock"'), "x.bpmn")
    with pytest.raises(ModelError, match="invalid extension value"):
        parse_model(_lambeth(RHI, RHI + ' kind="soon"'), "x.bpmn")


def test_every_shipped_anchor_is_an_event_or_a_flow_node() -> None:
    for name in ("lambeth", "derby_derbyshire", "childrens_home", "somerset", "darlington"):
        model = load_model(name)
        for el in model.elements.values():
            anchors = [d.anchor for d in el.deadlines]
            if el.timer and el.timer.anchor:
                anchors.append(el.timer.anchor)
            for a in anchors:
                assert a in ENVIRONMENT_EVENTS or a in model.elements, (name, el.id, a)
                assert re.fullmatch(r"[A-Za-z_][\w.-]*", a)


IMMEDIATE_WORDS = re.compile(r"immediately|without delay|as soon as possible|at once", re.I)


@pytest.mark.parametrize("name", ["lambeth", "derby_derbyshire", "childrens_home", "somerset",
                                  "darlington"])
def test_rules_json_gives_every_deadline_and_timer_an_anchor(name: str) -> None:
    data = json.loads(format_rules(load_model(name), "json"))
    timed = [r for r in data["rules"] if r["kind"] == "deadline" or "timer" in r["kind"]]
    assert timed
    assert all(r["anchor"] for r in timed), [r["element_id"] for r in timed if not r["anchor"]]
    for o in data["not_encoded"]:
        if IMMEDIATE_WORDS.search(o["quote"]):
            assert "no timescale" not in o["reason"].lower(), o


def test_immediate_deadlines_are_listed_in_rules_and_deadlines() -> None:
    model = load_model("lambeth")
    rows = {(r["element_id"], r["deadline"]) for r in
            json.loads(format_rules(model, "json"))["rules"] if r["kind"] == "deadline"}
    assert ("p_swc", f"immediately (tolerance {IMMEDIATE_TOLERANCE})") in rows
    reach = {(r.task, r.deadline.kind): r for r in deadline_reachability(model)}
    swc = reach[("p_swc", "immediate")]
    assert swc.deadline.anchor == "returned" and swc.deadline.limit == IMMEDIATE_TOLERANCE
    assert "immediately" in format_deadlines(model, "csv")
