"""The Darlington model pins the document's timescales by value and calendar."""

from __future__ import annotations

import pytest

from models import load_model
from models.data.sources import document_path, quote_span, timescales

RETURNED = "returned"  # the child's return / found date, not the carer catching it


@pytest.fixture(scope="module")
def m():
    return load_model("darlington")


@pytest.fixture(scope="module")
def text(m):
    return document_path(m.document).read_text(encoding="utf-8")


def test_identity(m) -> None:
    assert m.name == "darlington"
    assert m.authority == "Darlington"
    assert m.document == "004_9f545ef69107aa00.txt"
    # 92: the drafted 89, and 6.4's call to the police on a harmed return (issue 10)
    assert 40 <= len(m.elements) <= 92


def test_pools_and_front_door(m) -> None:
    roles = {lane.role for lane in m.lanes.values()}
    assert {"carer", "police_control_room", "police_officer", "front_door", "social_worker",
            "early_help_practitioner", "team_manager", "return_interview_provider",
            "education"} <= roles
    assert "p_child" in m.participants and not m.participants["p_child"].process
    cap = m.lanes["l_cap"]
    assert cap.role == "front_door" and "CAP" in cap.name


def _deadline(m, el_id):
    el = m.elements[el_id]
    assert len(el.deadlines) == 1, el_id
    return el.deadlines[0]


@pytest.mark.parametrize("el_id", ["rhi_ri_sw", "rhi_ri_eh", "rhi_ri_no", "rhi_arrange"])
def test_return_interview_within_72_hours_of_found(m, el_id) -> None:
    d = _deadline(m, el_id)
    assert (d.limit, d.calendar, d.anchor, d.modality) == ("PT72H", "clock", RETURNED, "should")
    assert m.elements[el_id].task.role == "return_interview_provider"
    assert d.duty in ("return_interview", "offer_return_interview")


def test_out_of_area_interview_is_the_responsible_authoritys(m) -> None:
    el = m.elements["rhi_arrange"]
    assert el.task.side == "responsible" and el.deadlines[0].side == "responsible"
    assert m.elements["la_pass"].task.side == "host"
    assert m.elements["la_pass"].task.duty == "notify_placing_authority"


@pytest.mark.parametrize("el_id,role", [("la_plan_sw", "social_worker"),
                                        ("la_plan_eh", "early_help_practitioner"),
                                        ("rhi_plan_no", "return_interview_provider")])
def test_action_plan_within_6_working_days_of_found(m, el_id, role) -> None:
    d = _deadline(m, el_id)
    assert (d.limit, d.calendar, d.anchor) == ("P6D", "working_days", RETURNED)
    assert d.duty == "action_plan"
    assert m.elements[el_id].task.role == role


def test_team_manager_authorises_plans(m) -> None:
    for el_id in ("la_tm_sw", "la_tm_eh"):
        assert m.elements[el_id].task.role == "team_manager"
        assert m.elements[el_id].task.duty == "action_plan"


def test_strategy_discussion_within_one_working_day(m) -> None:
    cp = _deadline(m, "la_sd_cp")
    other = _deadline(m, "la_sd")
    assert (cp.limit, cp.calendar, cp.modality) == ("P1D", "working_days", "must")
    assert (other.limit, other.calendar, other.modality) == ("P1D", "working_days", "should")
    assert cp.anchor == other.anchor == RETURNED
    into_cp = [f for f in m.sequence_flows() if f.target == "la_sd_cp"]
    assert into_cp[0].condition == "child_protection_plan"


@pytest.mark.parametrize("gateway,target", [("la_gw_rep_sw", "la_meet_sw"),
                                            ("la_gw_rep_eh", "la_advise_cap")])
def test_three_or_more_in_90_days(m, gateway, target) -> None:
    flows = [f for f in m.sequence_flows() if f.source == gateway and f.target == target]
    assert len(flows) == 1
    assert flows[0].condition.replace(" ", "") == 'episodes_in("P90D")>=3'


def test_children_missing_education_thresholds(m) -> None:
    start = m.elements["e_start"]
    assert start.event == "conditional" and start.condition == "missing_education"
    t5, t20 = m.elements["e_t5"].timer, m.elements["e_t20"].timer
    assert (t5.duration, t5.calendar) == ("P5D", "school_days")
    assert (t20.duration, t20.calendar) == ("P20D", "school_days")
    assert t5.anchor == t20.anchor == "missing"  # days of "the absence period" (8.4)
    assert m.elements["e_referral"].task.duty == "cme_referral"


def test_child_messages_reach_every_return_wait(m) -> None:
    targets = {f.target for f in m.message_flows() if f.source == "p_child"}
    assert targets == {"c_returned", "e_loc1", "e_loc2", "e_loc3"}


def test_no_police_regrading_timers(m) -> None:
    # the document gives no re-grading interval: recorded as a SILENT finding, not invented
    police_timers = [e for e in m.elements.values()
                     if e.process == "proc_p_police" and e.timer is not None]
    assert police_timers == []
    assert any(o.reason.startswith("SILENT") and o.citation.section == "2.1"
               for o in m.omissions)


def test_findings_are_marked(m) -> None:
    reasons = [o.reason for o in m.omissions]
    assert sum(r.startswith(("AMBIGUOUS:", "SILENT:")) for r in reasons) >= 10


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
    spans = []
    cited = [c for e in m.elements.values() for c in e.citations]
    cited += [c for f in m.flows.values() for c in f.citations]
    cited += [o.citation for o in m.omissions]
    for c in cited:
        span = quote_span(text, c.quote)
        if span:
            spans.append(span)
    uncovered = [t.context for t in timescales(text)
                 if not any(a <= t.start and t.end <= b for a, b in spans)]
    assert uncovered == []


def test_verifies(m) -> None:
    from models import verify_model

    report = verify_model(m)
    assert report.ok, [str(f) for f in report.findings]
