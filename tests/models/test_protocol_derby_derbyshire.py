"""The Derby and Derbyshire model pins the joint protocol's timescales by value and calendar."""

from __future__ import annotations

import pytest

from models import load_model, verify_model
from models.data.sources import document_path, quote_span, timescales

NAME = "derby_derbyshire"
RETURNED = "returned"  # 6.7 "within 72 hours ... of the child returning"


@pytest.fixture(scope="module")
def m():
    return load_model(NAME)


@pytest.fixture(scope="module")
def text(m):
    return document_path(m.document).read_text(encoding="utf-8")


def _deadline(m, el_id):
    el = m.elements[el_id]
    assert len(el.deadlines) == 1, el_id
    return el.deadlines[0]


def _flow(m, source, target):
    [f] = [f for f in m.sequence_flows() if f.source == source and f.target == target]
    return f


def test_identity(m) -> None:
    assert m.name == NAME
    assert m.authority == "Derby and Derbyshire"
    assert m.document == "001_d79ef67c129974ea.txt"
    assert 40 <= len(m.elements) <= 90


def test_pools_lanes_and_front_doors(m) -> None:
    assert "p_child" in m.participants and not m.participants["p_child"].process
    assert m.participants["p_police"].name == "Derbyshire Constabulary"
    roles = {lane.role for lane in m.lanes.values()}
    assert {"carer", "police_control_room", "police_supervisor", "police_officer",
            "police_missing_coordinator", "front_door", "social_worker",
            "return_interview_provider", "team_manager"} <= roles
    front = m.lanes["l_la_front"]
    assert front.role == "front_door"
    assert "Starting Point" in front.name and "First Contact" in front.name
    # the office hours statement (Derby's First Contact Team, Mon-Fri 9am - 5pm)
    assert "9am - 5pm" in front.citations[0].quote
    # Derbyshire's front door is cited where the report is screened
    assert any("Starting Point during office hours" in c.quote
               for c in m.elements["t_la_check"].citations)
    assert m.elements["t_la_check"].task.role == "front_door"


def test_child_returns_reach_every_waiting_catch(m) -> None:
    catches = {e.id for e in m.elements.values()
               if e.kind == "intermediateCatchEvent" and e.event == "message"}
    from_child = {f.target for f in m.message_flows() if f.source == "p_child"}
    assert catches == from_child
    assert {"c_carer_return", "c_pol_found_nar", "c_pol_found", "c_la_return",
            "c_la_cpp_return"} == from_child


def test_report_starts_police_and_compact_starts_local_authority(m) -> None:
    pairs = {(f.source, f.target) for f in m.message_flows()}
    assert ("t_carer_report", "s_pol") in pairs
    assert ("t_pol_compact", "s_la") in pairs
    assert ("t_carer_absent_notify", "s_la") in pairs


def test_no_apparent_risk_for_at_most_24_hours(m) -> None:
    t = m.elements["tm_pol_nar"].timer
    assert (t.duration, t.calendar) == ("PT24H", "clock")
    assert _flow(m, "gw_pol_risk", "t_pol_nar").condition == 'risk == "no_apparent_risk"'
    assert m.elements["t_pol_regrade"].task.duty == "police_review_risk"


def test_high_risk_branch(m) -> None:
    assert _flow(m, "gw_pol_risk", "t_pol_high_command").condition == 'risk == "high"'
    assert m.elements["t_pol_high_command"].task.role == "police_supervisor"
    assert m.elements["t_pol_publicity"].task.duty == "publicity"


def test_away_without_authorisation_six_hours(m) -> None:
    d = _deadline(m, "t_carer_absent_notify")
    assert (d.limit, d.calendar, d.anchor, d.modality) == ("PT6H", "clock", "missing", "should")
    assert d.duty == "notify_social_worker"
    cond = _flow(m, "gw_carer_known", "t_carer_absent_notify").condition
    assert cond == "whereabouts_known and looked_after"


def test_strategy_meeting_at_three_days_then_every_five_days(m) -> None:
    t = m.elements["tm_la_sm"].timer
    assert (t.duration, t.calendar) == ("P3D", "clock")
    assert (t.change_from, t.change_after, t.later_duration) == ("s_la", "P3D", "P5D")
    assert t.anchor == "missing"  # 5.4 "If the child is missing for three days"
    assert m.elements["t_la_sm"].task.duty == "strategy_meeting"
    assert m.elements["t_la_sm_review"].task.duty == "review_strategy_meeting"
    # the meeting is held only while the child is still missing
    gw = m.elements["eg_la"]
    assert gw.kind == "eventBasedGateway"
    assert {m.flows[f].target for f in gw.outgoing} == {"c_la_return", "tm_la_sm"}


def test_child_protection_plan_20_working_days(m) -> None:
    t = m.elements["tm_la_cpp"].timer
    assert (t.duration, t.calendar) == ("P20D", "working_days")
    assert t.anchor == "missing"  # 5.4 "if they are not found within 20 working days"
    assert _flow(m, "gw_la_cpp", "t_la_cpm").condition == "child_protection_plan"
    assert m.elements["t_la_conf"].task.duty == "child_protection_review"


def test_core_group_within_5_working_days(m) -> None:
    d = _deadline(m, "t_la_core")
    assert (d.limit, d.calendar, d.anchor, d.modality) == ("P5D", "working_days", RETURNED,
                                                           "should")


@pytest.mark.parametrize("el_id,role", [("t_la_sw_ri", "social_worker"),
                                        ("t_la_mat_ri", "return_interview_provider")])
def test_return_interview_within_72_hours(m, el_id, role) -> None:
    d = _deadline(m, el_id)
    assert (d.limit, d.calendar, d.anchor, d.modality) == ("PT72H", "clock", RETURNED, "must")
    assert d.duty == "return_interview"
    assert m.elements[el_id].task.role == role


def test_return_interview_branches(m) -> None:
    # children in care regardless of category (6.8); others only if low / medium / high (6.7)
    assert _flow(m, "gw_la_ri", "t_la_sw_ri").condition == "looked_after"
    cond = _flow(m, "gw_la_ri", "t_la_mat_ri").condition
    assert cond == 'not looked_after and risk in ["low", "medium", "high"]'
    sw_ri = m.elements["t_la_sw_ri"]
    assert sw_ri.task.side == "responsible" and sw_ri.deadlines[0].side == "responsible"


def test_out_of_area_host_forwards_to_placing_authority(m) -> None:
    host = m.elements["t_la_host"]
    assert host.task.side == "host" and host.task.duty == "notify_placing_authority"
    assert _flow(m, "gw_la_ooa", "t_la_host").condition == "looked_after and out_of_area"


def test_repeat_rules(m) -> None:
    # LA: three or more in 30 days -> strategy meeting (6.6 / 6.7 Derbyshire triage)
    assert _flow(m, "gw_la_rep30", "t_la_rep_sm").condition == 'episodes_in("P30D") >= 3'
    # police: 3 times within 90 days -> review (6.6)
    assert _flow(m, "gw_pol_rep", "t_pol_repeat").condition == 'episodes_in("P90D") >= 3'
    assert m.elements["t_pol_repeat"].task.duty == "repeat_review"
    # two or more episodes, no window stated (7.3)
    assert _flow(m, "gw_la_rep2", "t_la_persist").condition == 'episodes_in("P18Y") >= 2'


def test_monthly_meeting_for_unknown_no_apparent_risk(m) -> None:
    d = _deadline(m, "t_la_nar_monthly")
    assert (d.limit, d.calendar, d.anchor) == ("P1M", "clock", "s_la")


def test_safe_and_well_check_by_investigating_officer(m) -> None:
    t = m.elements["t_pol_prevention"].task
    assert (t.role, t.duty) == ("police_officer", "safe_and_well_check")


def test_ambiguities_are_recorded(m) -> None:
    reasons = [o.reason for o in m.omissions]
    assert sum(r.startswith(("AMBIGUOUS:", "SILENT:")) for r in reasons) >= 8
    sections = {o.citation.section for o in m.omissions if o.reason.startswith("AMBIGUOUS:")}
    assert {"3.2", "6.7", "4.1.4", "4.1"} <= sections


def test_quotes_are_verbatim(m, text) -> None:
    cits = [c for table in (m.elements, m.lanes, m.participants, m.flows)
            for item in table.values() for c in item.citations]
    cits += [o.citation for o in m.omissions]
    missing = [c.quote for c in cits if quote_span(text, c.quote) is None]
    assert not missing
    assert all(len(c.quote.split()) <= 25 for c in cits)


def test_every_timescale_is_encoded_or_omitted(m, text) -> None:
    cits = [c for table in (m.elements, m.lanes, m.participants, m.flows)
            for item in table.values() for c in item.citations]
    cits += [o.citation for o in m.omissions]
    spans = [s for s in (quote_span(text, c.quote) for c in cits) if s]
    uncovered = [t.text for t in timescales(text)
                 if not any(a <= t.start and t.end <= b for a, b in spans)]
    assert not uncovered


def test_verifies(m) -> None:
    report = verify_model(m)
    assert report.ok, [str(f) for f in report.findings]
