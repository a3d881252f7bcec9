"""Small models for tests: a sound base, and deliberately broken variants of it.

Each broken variant returns (xml text, kind of finding expected, element id expected).
"""

from __future__ import annotations

from collections.abc import Callable

from models.data.authoring import ModelBuilder, cite

C = cite("1", "fixture")
TIME = ("ConstantParameter", "PT1H")


def base(name: str = "base") -> tuple[ModelBuilder, object]:
    """Carer reports, police grade and wait for the child to return: sound."""
    b = ModelBuilder(name, authority="Fixture", document="fixture.txt")
    b.black_box("p_child", "Child", citation=C)
    home = b.pool("p_home", "Home", citation=C)
    carer = home.lane("l_carer", "Carer", role="carer", citation=C)
    carer.start("s", "Child not where expected", citation=C)
    carer.task("t_search", "Search", duty="locate_child", time=TIME, citation=C)
    carer.task("t_report", "Report to police", kind="sendTask", duty="report_missing",
               time=TIME, citation=C)
    carer.end("e", "Reported", citation=C)
    b.chain("s", "t_search", "t_report", "e")
    police = b.pool("p_police", "Police", citation=C)
    cr = police.lane("l_cr", "Control room", role="police_control_room", citation=C)
    cr.start("ps", "Report received", event="message", citation=C)
    cr.task("t_grade", "Grade risk", duty="police_risk_assessment", time=TIME, citation=C,
            deadlines=[dict(name="grade in 1 hour", anchor="ps", limit="PT1H",
                            calendar="clock", modality="must")])
    cr.gateway("g_risk", "Risk?", citation=C)
    cr.task("t_search_high", "Immediate search", duty="police_investigation", time=TIME,
            citation=C)
    cr.gateway("g_merge", "Merge", citation=C)
    cr.catch("c_found", "Child found", citation=C)
    cr.task("t_sw", "Safe and well check", duty="safe_and_well_check", time=TIME, citation=C,
            deadlines=[dict(name="within 72 hours", anchor="c_found", limit="PT72H",
                            calendar="clock", modality="must")])
    cr.end("pe", "Closed", citation=C)
    b.chain("ps", "t_grade", "g_risk")
    b.flow("g_risk", "t_search_high", condition='risk == "high"', name="high")
    b.flow("g_risk", "g_merge", default=True, name="otherwise")
    b.chain("t_search_high", "g_merge", "c_found", "t_sw", "pe")
    b.message("t_report", "ps", "report", citation=C)
    b.message("p_child", "c_found", "returns", citation=C)
    return b, cr


def unreachable_task() -> tuple[str, str, str]:
    b, cr = base("unreachable")
    cr.task("t_orphan", "Orphan task", duty="record_episode", time=TIME, citation=C)  # type: ignore[attr-defined]
    b.flow("t_orphan", "pe")
    return b.to_xml(), "unreachable", "t_orphan"


def dead_end() -> tuple[str, str, str]:
    b, cr = base("dead_end")
    cr.task("t_stuck", "Task leading nowhere", duty="record_episode", time=TIME, citation=C)  # type: ignore[attr-defined]
    b.flows = [f for f in b.flows if not (f.source == "g_risk" and f.target == "t_search_high")]
    b.flow("g_risk", "t_stuck", condition='risk == "high"', name="high")
    b.flows = [f for f in b.flows if f.source != "t_search_high"]
    b.nodes.pop("t_search_high")
    return b.to_xml(), "dead_end", "t_stuck"


def xor_split_and_join() -> tuple[str, str, str]:
    b, cr = base("deadlock")
    cr.gateway("j_and", "Both done?", kind="parallel", citation=C)  # type: ignore[attr-defined]
    b.flows = [f for f in b.flows if f.target != "g_merge" and f.source != "g_merge"]
    b.nodes.pop("g_merge")
    b.flow("g_risk", "j_and", default=True, name="otherwise")
    b.chain("t_search_high", "j_and", "c_found")
    return b.to_xml(), "no_option_to_complete", "j_and"


def loop_without_exit() -> tuple[str, str, str]:
    b, cr = base("loop")
    cr.gateway("g_loop_in", "Again", citation=C)  # type: ignore[attr-defined]
    cr.task("t_review", "Review", duty="police_review_risk", time=TIME, citation=C)  # type: ignore[attr-defined]
    cr.gateway("g_loop", "Still missing?", citation=C)  # type: ignore[attr-defined]
    b.flows = [f for f in b.flows if not (f.source == "g_merge")]
    b.chain("g_merge", "g_loop_in", "t_review", "g_loop")
    b.flow("g_loop", "g_loop_in", condition='risk == "high"', name="yes")
    b.flow("g_loop", "g_loop_in", default=True, name="no")
    b.nodes.pop("c_found")
    b.nodes.pop("t_sw")
    b.nodes.pop("pe")
    b.flows = [f for f in b.flows if f.source not in ("c_found", "t_sw")]
    b.messages = [m for m in b.messages if m.target != "c_found"]
    return b.to_xml(), "no_option_to_complete", "g_loop"


def dangling_flow() -> tuple[str, str, str]:
    b, _ = base("dangling")
    xml = b.to_xml()
    fid = next(f.id for f in b.flows if f.source == "t_sw")
    xml = xml.replace(f'id="{fid}" sourceRef="t_sw" targetRef="pe"',
                      f'id="{fid}" sourceRef="t_sw" targetRef="pe_missing"')
    return xml, "dangling_reference", fid


def bad_timer() -> tuple[str, str, str]:
    b, cr = base("bad_timer")
    cr.boundary("b_24h", "24 hours missing", attached_to="t_grade", interrupting=False,  # type: ignore[attr-defined]
                duration="PT24 hours", citation=C)
    cr.task("t_escalate", "Escalate", duty="notify_senior_manager", time=TIME, citation=C)  # type: ignore[attr-defined]
    cr.end("e_esc", "Escalated", citation=C)  # type: ignore[attr-defined]
    b.chain("b_24h", "t_escalate", "e_esc")
    return b.to_xml(), "timer", "b_24h"


def never_true_condition() -> tuple[str, str, str]:
    b, _ = base("never_true")
    for f in b.flows:
        if f.source == "g_risk" and f.condition:
            f.condition = "age > 17 and age < 3"
            return b.to_xml(), "condition", f.id
    raise AssertionError("base model changed")


def unsafe_merge() -> tuple[str, str, str]:
    b, cr = base("unsafe")
    cr.gateway("g_fork", "Both", kind="parallel", citation=C)  # type: ignore[attr-defined]
    cr.task("t_a", "Task A", duty="record_episode", time=TIME, citation=C)  # type: ignore[attr-defined]
    cr.task("t_b", "Task B", duty="record_episode", time=TIME, citation=C)  # type: ignore[attr-defined]
    cr.gateway("g_x", "Either", citation=C)  # type: ignore[attr-defined]
    b.flows = [f for f in b.flows if not (f.source == "t_sw")]
    b.chain("t_sw", "g_fork")
    b.flow("g_fork", "t_a")
    b.flow("g_fork", "t_b")
    b.flow("t_a", "g_x")
    b.flow("t_b", "g_x")
    fid = b.flow("g_x", "pe")
    return b.to_xml(), "unsafe", fid


BROKEN: dict[str, Callable[[], tuple[str, str, str]]] = {
    "unreachable task": unreachable_task,
    "dead end": dead_end,
    "exclusive split joined by a parallel join": xor_split_and_join,
    "loop with no exit": loop_without_exit,
    "dangling flow reference": dangling_flow,
    "unparsable timer duration": bad_timer,
    "condition that can never be true": never_true_condition,
    "two tokens on one flow": unsafe_merge,
}
