"""The children's home (provider) "Missing Children" model pins the document's timescales.

Source: shared/protocols/002_2663b7c2f01cb433.txt (Children's Homes Regulations, reg. 12). The
values asserted here are the document's words: daily contact attempts (6.4), a missing from care
meeting within 3 days and then at least monthly (6.4), the return interview offered and provided
within 72 hours of return (6.5), with the Home challenging the responsible authority when it is
not offered (6.5).
"""

from __future__ import annotations

import pytest

from models import load_model, verify_model
from models.data.model import ProtocolModel
from models.data.sources import document_path, quote_span, timescales


@pytest.fixture(scope="module")
def m() -> ProtocolModel:
    return load_model("childrens_home")


def _flow(m: ProtocolModel, source: str, target: str):
    found = [f for f in m.sequence_flows() if f.source == source and f.target == target]
    assert len(found) == 1, (source, target)
    return found[0]


def test_model_header(m: ProtocolModel) -> None:
    assert m.name == "childrens_home"
    assert m.authority == "Children's home (provider)"
    assert m.document == "002_2663b7c2f01cb433.txt"


def test_pools_and_lanes(m: ProtocolModel) -> None:
    names = {p.id: p.name for p in m.participants.values()}
    assert set(names) == {"p_child", "p_home", "p_police", "p_placing_la", "p_host_la"}
    assert not m.participants["p_child"].process  # black box
    roles = {lane.id: lane.role for lane in m.lanes.values()}
    assert roles["l_staff"] == "carer"
    assert roles["l_manager"] == "home_manager"
    assert roles["l_sw"] == "social_worker"
    assert roles["l_iro"] == "iro"
    assert roles["l_rhi"] == "return_interview_provider"
    assert roles["l_host"] == "front_door"
    assert {roles[x] for x in ("l_pol_control", "l_pol_command", "l_pol_officer")} == {
        "police_control_room", "police_supervisor", "police_officer"}


def test_daily_contact_attempts_cycle(m: ProtocolModel) -> None:
    t = m.elements["tm_daily"].timer
    assert t is not None and (t.duration, t.calendar) == ("P1D", "clock")
    assert m.elements["tm_daily"].process == m.participants["p_home"].process
    # the cycle: event gateway -> timer -> contact attempt -> back to the merge before the gateway
    _flow(m, "g_home_wait", "tm_daily")
    _flow(m, "tm_daily", "t_daily_contact")
    _flow(m, "t_daily_contact", "j_home_wait")
    _flow(m, "g_home_wait", "c_home_return")


def test_missing_from_care_meeting_within_3_days(m: ProtocolModel) -> None:
    el = m.elements["t_la_mfc_meeting"]
    assert el.task is not None and el.task.duty == "strategy_meeting"
    assert el.task.role == "social_worker"
    assert el.task.side is None  # the document does not say who convenes it
    (d,) = el.deadlines
    assert (d.limit, d.calendar, d.anchor, d.modality) == ("P3D", "clock", "ls_notified",
                                                           "should")
    assert d.duty == "strategy_meeting"


def test_missing_from_care_meetings_at_least_monthly(m: ProtocolModel) -> None:
    t = m.elements["tm_la_monthly"].timer
    assert t is not None and (t.duration, t.calendar) == ("P1M", "clock")
    assert t.change_from is None
    review = m.elements["t_la_mfc_review"]
    assert review.task is not None and review.task.duty == "review_strategy_meeting"
    _flow(m, "g_la_wait", "tm_la_monthly")
    _flow(m, "tm_la_monthly", "t_la_mfc_review")
    _flow(m, "t_la_mfc_review", "j_la_wait")
    _flow(m, "g_la_wait", "c_la_return")


def test_return_interview_offered_and_provided_within_72_hours(m: ProtocolModel) -> None:
    for el_id, duty, role in (("t_la_offer_rhi", "offer_return_interview", "social_worker"),
                              ("t_rhi", "return_interview", "return_interview_provider")):
        el = m.elements[el_id]
        assert el.task is not None
        assert (el.task.duty, el.task.role, el.task.side) == (duty, role, "responsible")
        (d,) = el.deadlines
        assert (d.limit, d.calendar, d.anchor, d.side) == ("PT72H", "clock", "returned",
                                                           "responsible")
        assert d.modality == "should"
        assert d.duty == duty


def test_home_challenges_when_interview_not_offered(m: ProtocolModel) -> None:
    t = m.elements["tm_rhi_not_offered"].timer
    assert t.anchor == "returned"  # 6.5 "within 72 hours of ... being located or returning"
    assert t is not None and (t.duration, t.calendar) == ("PT72H", "clock")
    ch = m.elements["t_challenge"]
    assert ch.task is not None
    assert (ch.task.duty, ch.task.role) == ("challenge_return_interview", "home_manager")
    assert m.elements["g_rhi_wait"].kind == "eventBasedGateway"
    _flow(m, "g_rhi_wait", "c_rhi_offered")
    _flow(m, "g_rhi_wait", "tm_rhi_not_offered")
    _flow(m, "t_challenge", "j_rhi_wait")
    offer = [f for f in m.message_flows() if f.target == "c_rhi_offered"]
    assert [f.source for f in offer] == ["t_la_offer_rhi"]


def test_home_first_steps_and_sides(m: ProtocolModel) -> None:
    assert _flow(m, "g_home_first", "t_away_wellbeing").condition == "whereabouts_known"
    assert _flow(m, "g_home_first", "j_home_report").condition == \
        'not whereabouts_known and risk == "high"'
    assert m.elements["g_home_first"].default_flow == _flow(m, "g_home_first", "t_checks").id
    report = m.elements["t_report_police"].task
    notify = m.elements["t_notify_placing"].task
    assert report is not None and (report.duty, report.side) == ("report_missing", "host")
    assert notify is not None and (notify.duty, notify.side) == ("notify_placing_authority",
                                                                 "responsible")


def test_police_grading(m: ProtocolModel) -> None:
    assert _flow(m, "g_pol_grade", "t_pol_command").condition == \
        'not whereabouts_known and risk == "high"'
    assert _flow(m, "g_pol_grade", "j_pol_investigate").condition == \
        'not whereabouts_known and risk in ["low", "medium"]'
    absent = _flow(m, "g_pol_grade", "t_pol_absent")
    assert absent.condition is None
    assert m.elements["g_pol_grade"].default_flow == absent.id
    recat = _flow(m, "g_pol_recat", "t_pol_recat")
    assert recat.condition == 'decision == "recategorised"' and recat.probability == 0.2
    swc = m.elements["t_pol_safe_well"].task
    assert swc is not None and swc.duty == "safe_and_well_check"


def test_out_of_area_host_notification(m: ProtocolModel) -> None:
    f = _flow(m, "g_la_ooa", "t_la_notify_host")
    assert f.condition == "out_of_area"
    task = m.elements["t_la_notify_host"].task
    assert task is not None and (task.duty, task.side) == ("notify_host_authority", "responsible")
    (mf,) = [x for x in m.message_flows() if x.source == "t_la_notify_host"]
    assert mf.target == "hs_notified"
    liaise = m.elements["t_host_liaise"]
    assert liaise.task is not None and liaise.task.side == "host"
    assert liaise.process == m.participants["p_host_la"].process


def test_interview_chance_branches(m: ProtocolModel) -> None:
    acc = _flow(m, "g_la_rhi", "t_rhi")
    known = _flow(m, "g_la_rhi", "t_la_known_person")
    refused = _flow(m, "g_la_rhi", "t_la_carer_info")
    assert (acc.condition, acc.probability) == ('decision == "accepted"', 0.65)
    assert (known.condition, known.probability) == ('decision == "prefers_known_person"', 0.1)
    assert m.elements["g_la_rhi"].default_flow == refused.id


def test_child_return_reaches_the_home_only(m: ProtocolModel) -> None:
    from_child = [f for f in m.message_flows() if f.source == "p_child"]
    assert [f.target for f in from_child] == ["c_home_return"]
    targets = {f.source: f.target for f in m.message_flows()}
    assert targets["t_inform_police_return"] == "c_pol_return"
    assert targets["t_inform_sw_return"] == "c_la_return"


def test_omissions_cover_the_unencoded_timescales(m: ProtocolModel) -> None:
    quotes = [o.citation.quote for o in m.omissions]
    for needle in ("for up to 72 hours", "within one week", "within 48 hours",
                   "two or more occasions", "regular weekly contact"):
        assert any(needle in q for q in quotes), needle
    findings = [o for o in m.omissions if o.reason.startswith(("AMBIGUOUS:", "SILENT:"))]
    assert len(findings) >= 10
    two_or_more = next(o for o in m.omissions if "two or more occasions" in o.citation.quote)
    assert two_or_more.reason.startswith("AMBIGUOUS:")


def test_every_stated_timescale_is_covered(m: ProtocolModel) -> None:
    text = document_path(m.document).read_text(encoding="utf-8")
    quotes = [c.quote for table in (m.elements, m.lanes, m.participants, m.flows)
              for item in table.values() for c in item.citations]
    quotes += [o.citation.quote for o in m.omissions]
    spans = []
    for q in quotes:
        span = quote_span(text, q)
        assert span is not None, q
        assert len(q.split()) <= 25, q
        spans.append(span)
    uncovered = [t.text for t in timescales(text)
                 if not any(a <= t.start and t.end <= b for a, b in spans)]
    assert uncovered == []


def test_model_verifies(m: ProtocolModel) -> None:
    report = verify_model(m)
    assert report.ok, [str(f) for f in report.findings]
    assert report.properties["explored_completely"] is True
