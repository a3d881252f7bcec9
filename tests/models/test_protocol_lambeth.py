"""The Lambeth model pins the document's timescales by value and calendar."""

from __future__ import annotations

import pytest

from models import load_model
from models.data.sources import document_path, quote_span, timescales


@pytest.fixture(scope="module")
def m():
    return load_model("lambeth")


@pytest.fixture(scope="module")
def text(m):
    return document_path(m.document).read_text(encoding="utf-8")


def _deadline(m, el_id, limit):
    found = [d for d in m.elements[el_id].deadlines if d.limit == limit]
    assert len(found) == 1, (el_id, limit, m.elements[el_id].deadlines)
    return found[0]


def _flows(m, source, target):
    return [f for f in m.sequence_flows() if f.source == source and f.target == target]


def test_identity(m) -> None:
    assert (m.name, m.authority, m.document) == ("lambeth", "Lambeth", "000_73184d58ab7670c6.txt")
    assert 40 <= len(m.elements) <= 90


def test_pools_and_lanes(m) -> None:
    assert "p_child" in m.participants and not m.participants["p_child"].process
    roles = {lane.role for lane in m.lanes.values()}
    assert {"carer", "police_control_room", "police_supervisor", "police_officer", "front_door",
            "social_worker", "team_manager", "iro", "missing_coordinator", "senior_manager",
            "return_interview_provider", "education"} <= roles
    assert "First Response Team" in m.lanes["l_fd"].name


def test_strategy_meeting_within_3_days_from_care(m) -> None:
    d = _deadline(m, "la_c_sm", "P3D")
    assert (d.calendar, d.anchor, d.modality, d.side) == ("clock", "missing", "should",
                                                          "responsible")
    assert m.elements["la_c_sm"].task.duty == "strategy_meeting"
    assert m.elements["la_c_sm"].task.role == "team_manager"
    into = _flows(m, "la_gw_path", "la_m_care")
    assert into[0].condition == "looked_after and not out_of_area"


def test_strategy_meeting_within_7_days_from_home(m) -> None:
    d = _deadline(m, "la_h_sm", "P7D")
    assert (d.calendar, d.anchor, d.modality) == ("clock", "missing", "should")
    assert m.elements["la_h_sm"].task.duty == "strategy_meeting"


@pytest.mark.parametrize("el_id", ["la_c_sd", "la_h_sm"])
def test_first_meeting_or_discussion_within_first_working_day(m, el_id) -> None:
    d = _deadline(m, el_id, "P1D")
    assert (d.calendar, d.anchor, d.modality) == ("working_days", "missing", "should")


def test_looked_after_strategy_discussion_within_24_hours(m) -> None:
    d = _deadline(m, "la_c_sd", "PT24H")
    assert (d.calendar, d.anchor, d.duty) == ("clock", "c_report", "strategy_discussion")
    assert d.modality == "describes"  # "it is expected that", recorded as AMBIGUOUS


def test_meeting_cancelled_on_return_unless_high_risk_or_repeat(m) -> None:
    for boundary, task in (("la_c_sm_ret", "la_c_sm"), ("la_h_sm_ret", "la_h_sm")):
        el = m.elements[boundary]
        assert el.kind == "boundaryEvent" and el.event == "message"
        assert el.attached_to == task and el.cancel_activity
    keep = _flows(m, "la_gw_keep", "la_pm")[0].condition
    assert 'risk == "high"' in keep and 'episodes_in("P90D") >= 2' in keep
    assert "missing_hours > 120" in keep  # 11.2: missing over 5 days, back within 7
    assert m.elements["la_gw_keep"].default_flow == _flows(m, "la_gw_keep", "la_m_post")[0].id


@pytest.mark.parametrize("el_id", ["la_h_rhi", "rhi_interview"])
def test_return_home_interview_within_72_hours_of_the_return(m, el_id) -> None:
    # 14.2 "within 72 hours of their return": from the return, not from being told of it
    d = _deadline(m, el_id, "PT72H")
    assert (d.calendar, d.anchor, d.duty) == ("clock", "returned", "return_interview")


@pytest.mark.parametrize("timer", ["p_t24", "la_u_t24", "la_e_t3", "la_e_t7", "la_ua_t3",
                                   "e_t10"])
def test_missing_for_timers_count_from_going_missing(m, timer) -> None:
    assert m.elements[timer].timer.anchor == "missing"


def test_barnardos_referral_for_looked_after_children(m) -> None:
    assert m.elements["la_c_rhi_ref"].kind == "sendTask"
    assert _flows(m, "la_e_gw0", "la_c_rhi_ref")[0].condition == "looked_after"
    msgs = {(f.source, f.target) for f in m.message_flows()}
    assert {("la_c_rhi_ref", "rhi_start"), ("la_c_rhi_ret", "rhi_wait"),
            ("rhi_end_rec", "la_c_rhi_rec"), ("rhi_end_ref", "la_c_rhi_rec")} <= msgs
    accepted = _flows(m, "rhi_gw", "rhi_interview")[0]
    assert accepted.condition == 'decision == "accepted"' and accepted.probability == 0.7


def test_home_interview_only_for_children_classed_as_missing(m) -> None:
    cond = _flows(m, "la_gw_rhi", "la_h_rhi")[0].condition
    assert cond.startswith("not looked_after") and "missing_hours >= 24" in cond


def test_police_absent_becomes_missing_after_24_hours(m) -> None:
    t = m.elements["p_t24"]
    assert (t.timer.duration, t.timer.calendar) == ("PT24H", "clock")
    assert t.attached_to == "p_monitor" and t.cancel_activity
    assert [f.target for f in m.sequence_flows() if f.source == "p_t24"] == ["p_m_inv"]
    absent = _flows(m, "p_gw_grade", "p_monitor")[0]
    assert absent.condition == 'risk in ["absent", "no_apparent_risk"]'
    assert _flows(m, "p_gw_grade", "p_high")[0].condition == 'risk == "high"'


def test_unallocated_strategy_discussion_after_24_hours(m) -> None:
    t = m.elements["la_u_t24"]
    assert (t.timer.duration, t.timer.calendar) == ("PT24H", "clock")
    assert t.attached_to == "la_u_screen"
    assert [f.target for f in m.sequence_flows() if f.source == "la_u_t24"] == ["la_u_sd"]
    assert m.elements["la_u_sd"].task.duty == "strategy_discussion"


@pytest.mark.parametrize("timer,duration,task,role", [
    ("la_e_t3", "P3D", "la_e_ad", "team_manager"),
    ("la_e_t7", "P7D", "la_e_dir", "senior_manager")])
def test_looked_after_escalations_at_3_and_7_days(m, timer, duration, task, role) -> None:
    t = m.elements[timer]
    assert (t.timer.duration, t.timer.calendar) == (duration, "clock")
    assert t.kind == "boundaryEvent" and not t.cancel_activity
    assert t.attached_to == "la_e_search"
    assert [f.target for f in m.sequence_flows() if f.source == timer] == [task]
    assert m.elements[task].task.duty == "notify_senior_manager"
    assert m.elements[task].task.role == role


def test_review_meetings_fortnightly_then_every_28_days(m) -> None:
    t = m.elements["la_rev_t"].timer
    assert (t.duration, t.calendar) == ("P14D", "clock")
    assert (t.change_from, t.change_after, t.later_duration) == ("c_start", "P1M", "P28D")
    assert m.elements["la_rev_gw"].kind == "eventBasedGateway"
    assert {f.target for f in m.sequence_flows() if f.source == "la_rev_gw"} == {"la_rev_t",
                                                                                 "la_rev_ret"}


def test_iro_chairs_after_28_days_and_closure_review_after_three_months(m) -> None:
    iro = _flows(m, "la_rev_chair", "la_rev_iro")[0].condition
    assert iro == "looked_after and missing_hours >= 672"  # 28 days
    close = _flows(m, "la_rev_chair", "la_sm_close")[0].condition
    assert "missing_hours >= 2160" in close and "not looked_after" in close
    assert m.elements["la_rev_iro"].task.role == "iro"
    assert m.elements["la_sm_close"].task.role == "senior_manager"


def test_repeat_episodes_two_in_90_days(m) -> None:
    s = m.elements["la_rep_start"]
    assert s.kind == "startEvent" and s.event == "conditional"
    assert s.condition.startswith('episodes_in("P90D") >= 2')
    assert m.elements["la_rep_alloc"].task.duty == "repeat_review"


def test_unauthorised_absence_3_to_7_days(m) -> None:
    t = m.elements["la_ua_t3"]
    assert (t.timer.duration, t.timer.calendar) == ("P3D", "clock")
    assert t.attached_to == "la_ua_watch" and not t.cancel_activity
    d = _deadline(m, "la_ua_decide", "P7D")
    assert (d.calendar, d.anchor, d.modality) == ("clock", "missing", "should")
    assert m.elements["la_ua_decide"].task.role == "team_manager"
    assert ("c_ua_notify", "la_ua_start") in {(f.source, f.target) for f in m.message_flows()}


def test_children_missing_education_after_10_school_days(m) -> None:
    s = m.elements["e_start"]
    assert s.event == "conditional" and s.condition == "missing_education"
    t = m.elements["e_t10"].timer
    assert (t.duration, t.calendar) == ("P10D", "school_days")
    assert m.elements["e_cme"].task.duty == "cme_referral"
    assert m.elements["e_cme"].task.role == "education"


def test_out_of_area_sides(m) -> None:
    host = m.elements["la_oa_notify"].task
    assert (host.side, host.duty) == ("host", "notify_placing_authority")
    assert _flows(m, "la_gw_path", "la_oa_notify")[0].condition == "looked_after and out_of_area"
    for el_id in ("la_c_sm", "la_c_sd", "la_c_rhi_ref", "la_e_ad", "la_e_dir", "la_rev_iro"):
        assert m.elements[el_id].task.side == "responsible", el_id


def test_child_messages_reach_every_return_wait(m) -> None:
    targets = {f.target for f in m.message_flows() if f.source == "p_child"}
    assert targets == {"p_monitor", "p_investigate", "la_c_sm_ret", "la_h_sm_ret",
                       "la_u_screen", "la_rev_ret", "la_mc_liaise", "la_e_search",
                       "la_ua_watch", "e_ret"}


def test_findings_are_marked(m) -> None:
    reasons = [o.reason for o in m.omissions]
    assert sum(r.startswith(("AMBIGUOUS:", "SILENT:")) for r in reasons) >= 14
    sections = {o.citation.section for o in m.omissions if o.reason.startswith("AMBIGUOUS:")}
    assert {"4", "10", "12.4", "14.2"} <= sections


def test_quotes_are_verbatim(m, text) -> None:
    cited = [c for e in m.elements.values() for c in e.citations]
    cited += [c for f in m.flows.values() for c in f.citations]
    cited += [c for lane in m.lanes.values() for c in lane.citations]
    cited += [c for p in m.participants.values() for c in p.citations]
    cited += [o.citation for o in m.omissions]
    for c in cited:
        assert len(c.quote.split()) <= 25, c.quote
        assert quote_span(text, c.quote) is not None, c.quote


def test_every_timescale_is_covered(m, text) -> None:
    cited = [c for e in m.elements.values() for c in e.citations]
    cited += [c for f in m.flows.values() for c in f.citations]
    cited += [c for p in m.participants.values() for c in p.citations]
    cited += [o.citation for o in m.omissions]
    spans = [s for s in (quote_span(text, c.quote) for c in cited) if s]
    uncovered = [t.context for t in timescales(text)
                 if not any(a <= t.start and t.end <= b for a, b in spans)]
    assert uncovered == []


def test_verifies(m) -> None:
    from models import verify_model

    report = verify_model(m)
    assert report.ok, [str(f) for f in report.findings]
