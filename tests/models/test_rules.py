"""The rule table is generated from the file: editing a timer in a copy changes what it prints."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil

from models import load_model, model_path, parse_model
from models.checks.applicability import applicability
from models.data.authoring import ModelBuilder, cite
from models.data.catalogue import catalogue
from models.data.conditions import Const, format_condition, parse_condition, satisfiable
from simulation.commands.cli import main


def _rules(capsys, path, fmt="csv") -> str:
    assert main(["rules", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def test_editing_a_timer_changes_the_rules(tmp_path, capsys) -> None:
    original = model_path("lambeth")
    copy = tmp_path / "lambeth_variant.bpmn"
    shutil.copy(original, copy)
    before = list(csv.DictReader(io.StringIO(_rules(capsys, copy))))
    text = copy.read_text(encoding="utf-8")
    first = re.search(r"(<bpmn:timeDuration[^>]*>)([^<]+)(</bpmn:timeDuration>)", text)
    assert first is not None
    old = first.group(2)
    new = "PT99H" if old != "PT99H" else "PT98H"
    copy.write_text(text[: first.start(2)] + new + text[first.end(2):], encoding="utf-8")
    after = list(csv.DictReader(io.StringIO(_rules(capsys, copy))))
    changed = [(b["element_id"], b["deadline"], a["deadline"]) for b, a in zip(before, after,
                                                                              strict=True)
               if b != a]
    assert len(changed) == 1
    assert old in changed[0][1] and new in changed[0][2]


def test_rules_table_lists_deadlines_with_calendar_and_citation(capsys) -> None:
    data = json.loads(_rules(capsys, "lambeth", "json"))
    deadlines = [r for r in data["rules"] if r["kind"] == "deadline"]
    assert deadlines
    assert all(r["calendar"] and r["section"] and r["quote"] for r in deadlines)
    assert data["not_encoded"] and all(o["reason"] for o in data["not_encoded"])
    table = _rules(capsys, "lambeth", "table")
    assert "Not encoded (deliberately):" in table


# ---------------------------------------------------------------- which children a rule covers

SHIPPED = ["lambeth", "derby_derbyshire", "childrens_home", "somerset", "darlington"]


def _children_of(row: dict[str, str]) -> str:
    """The children part of a conditions cell (before the chance branches)."""
    return row["conditions"].split("; by chance: ")[0]


def _implies(condition: str, consequence: str) -> bool:
    """Every child that satisfies ``condition`` satisfies ``consequence``."""
    domains = catalogue().domains()
    return not satisfiable(parse_condition(f"({condition}) and not ({consequence})"), domains)


def test_every_deadline_of_every_model_says_which_children(capsys) -> None:
    """The conditions cell of every deadline is "all children" or a condition some child meets,
    and agrees with the analysis; at least one deadline per model that has a conditional route
    names its children (no empty cell anywhere)."""
    for name in SHIPPED:
        data = json.loads(_rules(capsys, name, "json"))
        applies = applicability(load_model(name))
        for row in data["rules"]:
            assert row["conditions"], (name, row["element_id"])
            children = _children_of(row)
            assert children == applies[row["element_id"]].children_text
            if row["kind"] == "deadline" and children != "all children":
                assert satisfiable(parse_condition(children), catalogue().domains()), row
        assert data["not_encoded"] is not None
        assert all(o["reason"].strip() for o in data["not_encoded"]), name


def test_lambeth_looked_after_deadlines_say_looked_after(capsys) -> None:
    rows = json.loads(_rules(capsys, "lambeth", "json"))["rules"]
    care = [r for r in rows
            if r["kind"] == "deadline" and r["element_id"] in ("la_c_sd", "la_c_sm")]
    assert len(care) == 3  # strategy discussion (24 hours, next working day), meeting (3 days)
    for r in care:
        assert _implies(_children_of(r), "looked_after"), r
        assert satisfiable(parse_condition(_children_of(r) + " and looked_after"),
                           catalogue().domains())
    home = [r for r in rows if r["kind"] == "deadline" and r["element_id"] == "la_h_sm"]
    assert home and all(_implies(_children_of(r), "not looked_after") for r in home)
    # the return interview: referred for looked-after children, then the child's choice
    rhi = next(r for r in rows if r["kind"] == "deadline" and r["element_id"] == "rhi_interview")
    assert _implies(_children_of(rhi), "looked_after")
    assert rhi["conditions"].endswith("by chance: Child accepts the interview? Accepted")


def test_darlington_return_interviews_name_their_children_across_pools(capsys) -> None:
    """The guard of each return-interview route sits in the council's pool, across the message
    flow that starts the provider's process: each route covers its own children, and no child is
    on two routes."""
    rows = json.loads(_rules(capsys, "darlington", "json"))["rules"]
    routes = {r["element_id"]: _children_of(r) for r in rows if r["kind"] == "deadline"
              and r["element_id"] in ("rhi_ri_sw", "rhi_arrange", "rhi_ri_eh", "rhi_ri_no")}
    assert len(routes) == 4 and "all children" not in routes.values()
    assert routes["rhi_arrange"] == "looked_after and out_of_area"
    for a, b in itertools.combinations(routes.values(), 2):
        assert not satisfiable(parse_condition(f"({a}) and ({b})"), catalogue().domains())


def test_derby_return_interview_routes(capsys) -> None:
    rows = json.loads(_rules(capsys, "derby_derbyshire", "json"))["rules"]
    cells = {r["element_id"]: r["conditions"] for r in rows if r["kind"] == "deadline"}
    assert cells["t_la_sw_ri"] == "looked_after"
    assert cells["t_la_mat_ri"] == 'risk in ["low", "medium", "high"] and not looked_after'


C = cite("1", "fixture")
TIME = ("ConstantParameter", "PT1H")


def _merge_and_message_model() -> str:
    """Branches that merge, a guard upstream of a message flow, hours that grow, a chance."""
    b = ModelBuilder("applies", authority="Fixture", document="fixture.txt")
    b.black_box("p_child", "Child", citation=C)
    la = b.pool("p_la", "Council", citation=C).lane("l_sw", "SW", role="social_worker",
                                                     citation=C)
    la.start("s", "Reported", citation=C)
    la.gateway("g", "Which child?", citation=C)
    la.task("t_older", "Older looked-after child", duty="record_episode", time=TIME, citation=C)
    la.task("t_home", "Child at home", kind="sendTask", duty="notify_parent", time=TIME,
            citation=C)
    la.task("t_young", "Younger looked-after child", duty="record_episode", time=TIME,
            citation=C)
    la.gateway("g_m", "Merge", citation=C)
    la.task("t_merged", "After the merge", duty="strategy_meeting", time=TIME, citation=C)
    la.gateway("g_h", "Under 24 hours?", citation=C)
    la.catch("c_24", "24 hours missing", event="conditional", condition="missing_hours >= 24",
             citation=C)
    la.task("t_late", "Late review", duty="review_strategy_meeting", time=TIME, citation=C)
    la.end("e1", "Done", citation=C)
    la.end("e2", "Done young", citation=C)
    la.end("e3", "Done late", citation=C)
    b.chain("s", "g")
    b.flow("g", "t_older", condition="looked_after and age >= 10", name="older")
    b.flow("g", "t_home", condition="not looked_after", name="home")
    b.flow("g", "t_young", default=True, name="younger")
    b.chain("t_older", "g_m")
    b.chain("t_home", "g_m", "t_merged", "g_h")
    b.flow("g_h", "c_24", condition="missing_hours < 24", name="yes")
    b.flow("g_h", "e1", default=True, name="no")
    b.chain("c_24", "t_late", "e3")
    b.chain("t_young", "e2")
    pol = b.pool("p_rhi", "Provider", citation=C).lane("l_rhi", "RHI",
                                                      role="return_interview_provider",
                                                      citation=C)
    pol.start("ps", "Referral", event="message", citation=C)
    pol.gateway("g_c", "Child accepts?", citation=C)
    pol.task("t_rhi", "Interview", duty="return_interview", time=TIME, citation=C)
    pol.end("pe", "Closed", citation=C)
    b.chain("ps", "g_c")
    b.flow("g_c", "t_rhi", condition='decision == "accepted"', name="Accepted",
           probability=0.7)
    b.flow("g_c", "pe", default=True, name="Refused", probability=0.3)
    b.chain("t_rhi", "pe")
    b.message("t_home", "ps", "referral", citation=C)
    return b.to_xml()


def test_applicability_by_hand() -> None:
    model = parse_model(_merge_and_message_model(), "applies.bpmn")
    a = applicability(model)
    assert a["s"].all_children and a["g"].all_children
    assert a["t_older"].text == "looked_after and age >= 10"
    assert a["t_young"].text == "looked_after and age < 10"
    # merged: (looked_after and age >= 10) or not looked_after, simplified
    assert a["t_merged"].text == "not looked_after or age >= 10"
    # under 24 hours at the gateway, 24 hours or more later: the same run
    assert a["t_late"].text == "missing_hours >= 24 and (not looked_after or age >= 10)"
    # across the message flow: only children at home are referred; then their choice
    assert a["ps"].text == "not looked_after"
    assert a["t_rhi"].children_text == "not looked_after"
    assert a["t_rhi"].text == "not looked_after; by chance: Child accepts? Accepted"
    assert format_condition(a["t_rhi"].with_chance) == \
        'not looked_after and decision == "accepted"'


def test_reach_for_a_child_and_difference_between_conditions() -> None:
    """What the gap analysis asks: does a duty apply to this child; whom does one condition
    cover that another does not."""
    from models.checks.applicability import reach
    from models.data.conditions import difference

    r = reach(parse_model(_merge_and_message_model(), "applies.bpmn"))
    assert r.for_child("t_rhi", {"looked_after": False})
    assert not r.for_child("t_rhi", {"looked_after": True})
    assert r.for_child("t_older", {"looked_after": True, "age": 12})
    assert not r.for_child("t_older", {"looked_after": True, "age": 9})
    assert r.for_child("t_older", {"risk": "high"})  # never read: free
    domains = catalogue().domains()
    lambeth, derby = applicability(load_model("lambeth")), applicability(
        load_model("derby_derbyshire"))
    # Derby's social-worker return interview covers every looked-after child, Lambeth's referral
    # only those reported missing (not an unauthorised absence with known whereabouts)
    only_derby = difference(derby["t_la_sw_ri"].children, lambeth["rhi_interview"].children,
                            domains)
    assert format_condition(only_derby) == \
        "looked_after and whereabouts_known and not trafficking_risk and not exploitation_risk"
    assert difference(lambeth["rhi_interview"].children, derby["t_la_sw_ri"].children,
                      domains) == Const(False)
