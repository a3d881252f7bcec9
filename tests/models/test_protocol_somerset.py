"""The Somerset model pins the document's timescales by value and calendar, and its findings."""

from __future__ import annotations

import pytest

from models import load_model
from models.data.sources import document_path, quote_span, timescales

OPEN = "child_in_need or looked_after or child_protection_plan"


@pytest.fixture(scope="module")
def m():
    return load_model("somerset")


@pytest.fixture(scope="module")
def text(m):
    return document_path(m.document).read_text(encoding="utf-8")


def _flow(m, source, target):
    found = [f for f in m.flows.values()
             if f.kind == "sequence" and f.source == source and f.target == target]
    assert len(found) == 1, (source, target)
    return found[0]


def _successors(m, el_id):
    return {f.target for f in m.flows.values() if f.kind == "sequence" and f.source == el_id}


def _timer(m, el_id):
    el = m.elements[el_id]
    assert el.timer is not None, el_id
    return el.timer


def test_identity(m) -> None:
    assert m.name == "somerset"
    assert m.authority == "Somerset"
    assert m.document == "003_5b004b400d0de97a.txt"
    assert 40 <= len(m.elements) <= 90


def test_pools_lanes_and_front_door(m) -> None:
    assert "p_child" in m.participants and not m.participants["p_child"].process
    assert {"p_carer", "p_police", "p_la", "p_pmex"} <= set(m.participants)
    roles = {lane.role for lane in m.lanes.values()}
    assert {"carer", "police_control_room", "police_supervisor", "police_officer", "front_door",
            "social_worker", "senior_manager", "emergency_duty_team",
            "return_interview_provider", "team_manager"} <= roles
    sd = m.lanes["l_sd"]
    assert sd.role == "front_door" and sd.name == "Somerset Direct"


def test_police_inform_somerset_direct_which_starts_the_la_process(m) -> None:
    start = m.elements["la_start"]
    assert start.kind == "startEvent" and start.event == "message"
    mf = [f for f in m.message_flows() if f.target == "la_start"]
    assert [f.source for f in mf] == ["p_notify_sd"]
    assert m.elements["p_notify_sd"].task.duty == "notify_social_worker"


def test_only_absent_and_missing_are_defined(m) -> None:
    absent = _flow(m, "p_grade", "p_abs_ask")
    assert absent.condition == 'risk in ["absent", "no_apparent_risk"]'
    missing = m.elements["p_grade"].default_flow
    assert m.flows[missing].target == "p_m_merge"
    # no timer re-grades an absent child: the way back to missing is a further report
    abs_wait = _successors(m, "p_abs_wait")
    assert abs_wait == {"p_abs_ret", "p_abs_rereport"}
    assert m.elements["p_abs_rereport"].event == "conditional"
    assert all(m.elements[x].timer is None for x in abs_wait)


def test_strategy_discussion_after_24_hours_for_children_open_to_csc(m) -> None:
    t = _timer(m, "la_t24")
    assert (t.duration, t.calendar, t.anchor) == ("PT24H", "clock", "missing")
    assert _successors(m, "la_a_wait") == {"la_a_ret", "la_t24"}
    assert _flow(m, "la_a_gw", "la_a_wait").condition == OPEN
    strat = m.elements["la_strat"]
    assert strat.task.duty == "strategy_discussion"
    assert strat.task.role == "social_worker"
    assert any(c.modality == "must" for c in strat.citations)


def test_looked_after_child_reported_to_cla_operations_manager_after_24_hours(m) -> None:
    assert _successors(m, "la_t24") == {"la_cla_gw"}
    assert _flow(m, "la_cla_gw", "la_cla_rep").condition == "looked_after"
    rep = m.elements["la_cla_rep"].task
    assert (rep.duty, rep.side) == ("notify_senior_manager", "responsible")


def test_review_strategy_discussions_every_24_hours_until_returned(m) -> None:
    t = _timer(m, "la_t24r")
    assert (t.duration, t.calendar) == ("PT24H", "clock")
    assert m.elements["la_rev_wait"].kind == "eventBasedGateway"
    assert _successors(m, "la_rev_wait") == {"la_rev_ret", "la_t24r"}
    assert _successors(m, "la_t24r") == {"la_rev"}
    assert _successors(m, "la_rev") == {"la_rev_m"}
    assert _successors(m, "la_rev_m") == {"la_rev_wait"}
    assert m.elements["la_rev"].task.duty == "review_strategy_meeting"
    returns = [f for f in m.message_flows() if f.target == "la_rev_ret"]
    assert [f.source for f in returns] == ["p_child"]


def test_fourteen_day_discussion_convened_by_reviewing_detective_inspector(m) -> None:
    b = m.elements["p_t14"]
    assert b.kind == "boundaryEvent" and b.attached_to == "p_search" and b.cancel_activity
    assert (b.timer.duration, b.timer.calendar, b.timer.anchor) == ("P14D", "clock", "missing")
    assert _successors(m, "p_t14") == {"p_14d"}
    task = m.elements["p_14d"].task
    assert (task.role, task.duty) == ("police_supervisor", "strategy_discussion")
    # applies to every missing child, not only those open to CSC
    assert m.elements["p_search"].kind == "receiveTask"


def test_six_month_review_by_director_for_looked_after_children(m) -> None:
    b = m.elements["la_t6m"]
    assert b.kind == "boundaryEvent" and b.attached_to == "la_b_recv"
    assert (b.timer.duration, b.timer.calendar, b.timer.anchor) == ("P6M", "clock", "missing")
    assert _flow(m, "la_b_gw", "la_sw_lm").condition == "looked_after"
    review = m.elements["la_6m"].task
    assert (review.role, review.side) == ("senior_manager", "responsible")
    assert _successors(m, "la_6m") == {"la_iro"}
    assert m.elements["la_iro"].task.duty == "notify_iro"


def test_trigger_plan_for_three_or_more_episodes_in_28_days(m) -> None:
    f = _flow(m, "la_trig_gw", "la_trigger")
    assert f.condition == 'episodes_in("P28D") >= 3'
    assert m.elements["la_trigger"].task.duty == "repeat_review"
    assert m.elements["la_trigger"].citations[0].modality == "should"


def test_return_home_interview_has_no_stated_deadline(m) -> None:
    rhi = m.elements["pm_rhi"]
    assert rhi.task.duty == "return_interview"
    assert rhi.task.role == "return_interview_provider"
    assert rhi.deadlines == ()
    # the only deadlines are the text's "as soon as" duties (issue 10), measured as immediate
    timed = {(e.id, d.kind) for e in m.elements.values() for d in e.deadlines}
    assert timed == {("c_report", "immediate"), ("la_sw_lm", "immediate")}
    silent = [o for o in m.omissions if "timely way" in o.citation.quote]
    assert silent and silent[0].reason.startswith("SILENT:")
    assert "72" in silent[0].reason


def test_safe_and_well_check_then_referral_through_somerset_direct_to_pmex(m) -> None:
    assert m.elements["p_sw"].task.duty == "safe_and_well_check"
    targets = {f.source: f.target for f in m.message_flows()}
    assert targets["p_refer"] == "la_ref"
    assert targets["p_liaise"] == "la_unsafe"
    assert targets["la_pmex"] == "pm_start"
    assert m.elements["la_pmex"].task.duty == "offer_return_interview"
    assert _flow(m, "la_oh_gw", "la_edt").probability == pytest.approx(0.6)
    assert m.elements["la_edt"].task.role == "emergency_duty_team"


def test_out_of_area_duties_by_side(m) -> None:
    assert _flow(m, "la_host_gw", "la_liaise_pa").condition == "looked_after and out_of_area"
    assert m.elements["la_liaise_pa"].task.side == "host"
    assert _flow(m, "c_oa_gw", "c_notify_som").condition == "looked_after and out_of_area"
    assert m.elements["c_notify_som"].task.duty == "notify_placing_authority"
    assert m.elements["la_care_plan"].task.side == "responsible"


def test_every_return_catch_has_a_message_from_the_child(m) -> None:
    from_child = {f.target for f in m.message_flows() if f.source == "p_child"}
    assert from_child == {"p_abs_ret", "p_search", "p_found2", "la_a_ret", "la_rev_ret",
                          "la_b_recv"}


def test_findings_are_recorded_as_omissions(m, text) -> None:
    reasons = [o.reason for o in m.omissions]
    assert sum(r.startswith("SILENT:") for r in reasons) >= 6
    assert sum(r.startswith("AMBIGUOUS:") for r in reasons) >= 6
    for o in m.omissions:
        assert quote_span(text, o.citation.quote) is not None, o.citation.quote


def test_every_stated_timescale_is_covered(m, text) -> None:
    spans = [quote_span(text, c.quote)
             for item in [*m.elements.values(), *m.flows.values(), *m.lanes.values(),
                          *m.participants.values()]
             for c in item.citations]
    spans += [quote_span(text, o.citation.quote) for o in m.omissions]
    spans = [s for s in spans if s]
    found = timescales(text)
    assert [t.text for t in found].count("24 hours") == 3
    assert {t.text for t in found} >= {"three or more occasions", "28 day", "14 days",
                                       "six months"}
    assert [t.context for t in found if not any(a <= t.start and t.end <= b for a, b in spans)] \
        == []
