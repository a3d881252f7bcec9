"""Hand-computed reference cases, run as scripted episodes in virtual time."""

from __future__ import annotations

import datetime as dt

import pytest

from models import parse_model
from models.data.authoring import ModelBuilder, cite
from models.data.calendars import LONDON
from models.data.model import Distribution
from simulation.run.records import Child, Episode
from simulation.run.runner import run_episodes, trace
from simulation.run.scenario import Override
from simulation.run.staffing import RoleSpec

C = cite("1", "reference")
EPOCH = dt.datetime(2026, 11, 30, tzinfo=LONDON)  # a Monday
CHILD = Child("C1", 15, "F", True)


def hours(*args: int) -> float:
    # subtract in UTC: aware datetimes sharing a tzinfo subtract as wall-clock times
    local = dt.datetime(*args, tzinfo=LONDON)
    return (local.astimezone(dt.UTC) - EPOCH.astimezone(dt.UTC)).total_seconds() / 3600


def at(h: float) -> dt.datetime:
    return (EPOCH.astimezone(dt.UTC) + dt.timedelta(hours=h)).astimezone(LONDON)


def interview_model(limit: str = "PT72H", calendar: str = "clock"):
    """The child returns; the interviewer does a 2-hour interview due within ``limit``."""
    b = ModelBuilder("rhi", authority="Reference", document="ref.txt")
    b.black_box("p_child", "Child", citation=C)
    lane = b.pool("p_rhi", "Provider", citation=C).lane(
        "l_rhi", "Interviewer", role="return_interview_provider", citation=C)
    lane.start("s_ret", "Child returned", event="message", citation=C)
    lane.task("t_rhi", "Return interview", duty="return_interview",
              time=("ConstantParameter", "PT2H"), citation=C,
              deadlines=[dict(name="RHI", anchor="s_ret", limit=limit, calendar=calendar,
                              modality="must")])
    lane.end("e", "Done", citation=C)
    b.chain("s_ret", "t_rhi", "e")
    b.message("p_child", "s_ret", "returns", citation=C)
    return parse_model(b.to_xml(), "rhi.bpmn")


def meeting_model(limit: str, calendar: str):
    """A report starts the case; a team manager holds a 2-hour meeting due within ``limit``."""
    b = ModelBuilder("meeting", authority="Reference", document="ref.txt")
    lane = b.pool("p_la", "Local authority", citation=C).lane(
        "l_tm", "Team manager", role="team_manager", citation=C)
    lane.start("s_rep", "Reported missing", citation=C)
    lane.task("t_sm", "Strategy meeting", duty="strategy_meeting",
              time=("ConstantParameter", "PT2H"), citation=C,
              deadlines=[dict(name="meeting", anchor="s_rep", limit=limit, calendar=calendar,
                              modality="should")])
    lane.end("e", "Held", citation=C)
    b.chain("s_rep", "t_sm", "e")
    return parse_model(b.to_xml(), "meeting.bpmn")


OFFICE_1 = {"return_interview_provider": RoleSpec("return_interview_provider", "office_hours", 1),
            "team_manager": RoleSpec("team_manager", "office_hours", 1)}


def _run(model, episodes):
    return run_episodes(model, episodes, epoch=EPOCH, horizon_hours=24 * 200, staffing=OFFICE_1)


def test_friday_evening_return_is_interviewed_monday_morning() -> None:
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 10), hours(2026, 12, 4, 18), "medium")
    result = _run(interview_model(), [ep])
    (d,) = result.deadlines
    assert at(d.done_hours) == dt.datetime(2026, 12, 7, 11, tzinfo=LONDON)
    assert at(d.due_hours) == dt.datetime(2026, 12, 7, 18, tzinfo=LONDON)
    assert d.status == "met" and d.lateness_hours == 0
    starts = [t for t in trace(result) if t[2] == "t_rhi" and t[3] == "start"]
    assert at(starts[0][0]) == dt.datetime(2026, 12, 7, 9, tzinfo=LONDON)


def test_bank_holiday_monday_pushes_the_interview_past_72_hours() -> None:
    # Friday 28 May 2027 18:00; Monday 31 May 2027 is the spring bank holiday
    ep = Episode("E1", CHILD, hours(2027, 5, 28, 9), hours(2027, 5, 28, 18), "medium")
    result = _run(interview_model(), [ep])
    (d,) = result.deadlines
    assert at(d.done_hours) == dt.datetime(2027, 6, 1, 11, tzinfo=LONDON)
    assert d.status == "missed"
    assert d.lateness_hours == pytest.approx(17.0)


def test_second_return_queues_for_the_only_interviewer() -> None:
    eps = [Episode(f"E{i}", Child(f"C{i}", 15, "F", True), hours(2026, 12, 2, 8),
                   hours(2026, 12, 2, 9), "low") for i in (1, 2)]
    result = _run(interview_model(), eps)
    done = sorted(at(d.done_hours) for d in result.deadlines)
    assert done == [dt.datetime(2026, 12, 2, 11, tzinfo=LONDON),
                    dt.datetime(2026, 12, 2, 13, tzinfo=LONDON)]
    waits = sorted(u.granted_hours - u.requested_hours for u in result.resources)
    assert waits == pytest.approx([0.0, 2.0])


def test_strategy_meeting_within_3_days_of_a_saturday_0200_report() -> None:
    ep = Episode("E1", CHILD, hours(2026, 12, 5, 2), None, "high")
    result = _run(meeting_model("P3D", "clock"), [ep])
    (d,) = result.deadlines
    assert at(d.due_hours) == dt.datetime(2026, 12, 8, 2, tzinfo=LONDON)
    assert at(d.done_hours) == dt.datetime(2026, 12, 7, 11, tzinfo=LONDON)
    assert d.status == "met"


def test_one_working_day_deadline_spans_christmas_bank_holidays() -> None:
    # Thursday 24 Dec 2026 15:00; 25 Dec (Friday) and 28 Dec (Boxing Day substitute) are closed
    ep = Episode("E1", CHILD, hours(2026, 12, 24, 15), None, "high")
    result = _run(meeting_model("P1D", "working_days"), [ep])
    (d,) = result.deadlines
    assert at(d.due_hours) == dt.datetime(2026, 12, 29, 15, tzinfo=LONDON)
    assert at(d.done_hours) == dt.datetime(2026, 12, 24, 17, tzinfo=LONDON)
    assert d.status == "met"


def test_deadline_still_open_at_the_end_is_pending_not_met_or_missed() -> None:
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 10), hours(2026, 12, 4, 18), "medium")
    result = run_episodes(interview_model(), [ep], epoch=EPOCH,
                          horizon_hours=hours(2026, 12, 5, 12), staffing=OFFICE_1)
    (d,) = result.deadlines
    assert d.status == "pending" and d.done_hours is None


def test_editing_the_deadline_in_the_model_changes_the_outcome() -> None:
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 10), hours(2026, 12, 4, 18), "medium")
    (d,) = _run(interview_model(limit="PT48H"), [ep]).deadlines
    assert d.status == "missed" and d.lateness_hours == pytest.approx(17.0)


def test_a_role_with_no_staff_never_does_the_work() -> None:
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 10), hours(2026, 12, 4, 18), "medium")
    staffing = {"return_interview_provider": RoleSpec("return_interview_provider",
                                                      "office_hours", 0)}
    result = run_episodes(interview_model(), [ep], epoch=EPOCH, horizon_hours=24 * 30,
                          staffing=staffing)
    (d,) = result.deadlines
    assert d.status == "missed" and d.done_hours is None
    assert result.resources == []


# ---------------------------------------------------------------- anchors: the texts' events
def _override(element: str, field: str, value: object) -> Override:
    return Override(element=element, duty=None, field=field, value=value)


def test_ten_lambeth_children_back_on_christmas_eve_all_miss_the_72_hours_from_return() -> None:
    """Lambeth 14.2: "within 72 hours of their return". Ten looked-after children return on
    Thursday 24 December 2026 at 18:00. The social worker (office hours) tells Barnardos on the
    next working day, Tuesday 29 December 09:00 (25 December and the Boxing Day substitute, 28
    December, are bank holidays), taking 10 minutes; the only Barnardos worker (office hours)
    then does one 2-hour interview after another: 09:10-11:10, 11:10-13:10, 13:10-15:10,
    15:10-17:00 + 10 minutes on Wednesday 30 December 09:00-09:10, and so on, four and a bit a
    day. Due: Sunday 27 December 18:00, 72 hours after the return, whatever Barnardos was told.
    Lateness, done - due: Tue 11:10 = 41h10m, 13:10 = 43h10m, 15:10 = 45h10m, Wed 09:10 = 63h10m
    (15:10 + 1h50m to 17:00, + 10 min from 09:00), 11:10 = 65h10m, 13:10 = 67h10m, 15:10 =
    69h10m, Thu 31 Dec 09:10 = 87h10m, 11:10 = 89h10m, 13:10 = 91h10m."""
    start, back = hours(2026, 12, 24, 10), hours(2026, 12, 24, 18)
    eps = [Episode(f"E{i}", Child(f"C{i}", 14, "M", True), start, back, "medium")
           for i in range(10)]
    staffing = {"return_interview_provider": RoleSpec("return_interview_provider",
                                                      "office_hours", 1),
                "social_worker": RoleSpec("social_worker", "office_hours", 10)}
    two_hours = Distribution("ConstantParameter", (("value", 2.0),))
    result = run_episodes("lambeth", eps, epoch=EPOCH, horizon_hours=24 * 60,
                          staffing=staffing,
                          overrides=[_override("f_84", "probability", 1.0),
                                     _override("rhi_interview", "processing_time", two_hours)])
    rhi = sorted((d for d in result.deadlines if d.element_id == "rhi_interview"),
                 key=lambda d: d.done_hours or 0)
    assert len(rhi) == 10
    due = dt.datetime(2026, 12, 27, 18, tzinfo=LONDON)
    assert {at(d.anchor_hours) for d in rhi} == {dt.datetime(2026, 12, 24, 18, tzinfo=LONDON)}
    assert {at(d.due_hours) for d in rhi} == {due}
    assert [d.status for d in rhi] == ["missed"] * 10
    expected = [41 + 1 / 6, 43 + 1 / 6, 45 + 1 / 6, 63 + 1 / 6, 65 + 1 / 6, 67 + 1 / 6,
                69 + 1 / 6, 87 + 1 / 6, 89 + 1 / 6, 91 + 1 / 6]
    assert [d.lateness_hours for d in rhi] == pytest.approx(expected, abs=1e-6)
    told = {round(t[0], 4) for t in trace(result)
            if t[2] == "la_c_rhi_ret" and t[3] == "complete"}
    assert told == {round(hours(2026, 12, 29, 9, 10), 4)}
    # counted from Barnardos being told (the anchor before issue 10), every one was "met"
    assert all(d.done_hours is not None and d.done_hours <= min(told) + 72 for d in rhi)


def test_childrens_home_two_hour_episodes_start_the_72_hours_at_the_return() -> None:
    """Children's home 6.5: "within 72 hours of the child/young person being located or
    returning". A two-hour episode starting at each of the 168 hours of a week (Monday 11
    January 2027 00:00 on): both 72-hour deadlines count from the return itself, whenever the
    Home's own process (whose notices may wait for the registered manager) catches it."""
    week = hours(2027, 1, 11, 0)
    eps = [Episode(f"E{h}", Child(f"C{h}", 14, "F", True), week + h, week + h + 2, "medium")
           for h in range(168)]
    result = run_episodes("childrens_home", eps, epoch=EPOCH, horizon_hours=week + 24 * 60)
    back = {e.id: e.end_hours for e in eps}
    for element in ("t_la_offer_rhi", "t_rhi"):
        found = [d for d in result.deadlines if d.element_id == element]
        assert found, element
        assert all(d.anchor_hours == pytest.approx(back[d.case_id]) for d in found), element
        assert all(d.due_hours == pytest.approx(back[d.case_id] + 72) for d in found)
    offered = {d.case_id for d in result.deadlines if d.element_id == "t_la_offer_rhi"}
    assert offered == set(back)  # every hour of the week


def test_childrens_home_challenges_72_hours_after_the_return_not_after_its_own_notices() -> None:
    """6.5: "If an independent return home interview is not offered or arranged by the
    responsible local authority, the Home will challenge this". A child back on Friday 4
    December 2026 at 18:00 whose authority never offers (no social worker): the Home's own
    process catches the return on Monday 7 December (its notices wait for the registered
    manager's hours); the challenge timer still fires at Monday 18:00, 72 clock hours after the
    return (before issue 10 it counted from the Home catching the return)."""
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 16), hours(2026, 12, 4, 18), "medium")
    result = run_episodes("childrens_home", [ep], epoch=EPOCH, horizon_hours=24 * 30,
                          staffing={"social_worker": RoleSpec("social_worker", "office_hours", 0)})
    fired = [t[0] for t in trace(result) if t[2] == "tm_rhi_not_offered"]
    caught = [t[0] for t in trace(result) if t[2] == "c_home_return"]
    assert fired[0] == pytest.approx(hours(2026, 12, 7, 18))
    assert caught[0] > hours(2026, 12, 7, 9)  # the Home caught the return on Monday


def test_derby_strategy_meeting_timer_counts_three_days_from_going_missing() -> None:
    """Derby and Derbyshire 5.4: "If the child is missing for three days ... the local
    authority will convene an emergency professionals / 'missing' strategy meeting". A
    looked-after child missing from Friday 4 December 2026 18:00 who does not return: the
    council's process (office hours) reaches the three-day wait on Monday 7 December after its
    checks (09:00-11:06); the timer fires at Monday 18:00, three days after going missing (before
    issue 10: three days after the council reached it, Thursday 10 December about 11:06), and
    the 2-hour-odd meeting starts at the next opening, Tuesday 09:00."""
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 18), None, "medium")
    result = run_episodes("derby_derbyshire", [ep], epoch=EPOCH, horizon_hours=24 * 30)
    steps = trace(result)
    fired = [t[0] for t in steps if t[2] == "tm_la_sm"]
    reached = [t[0] for t in steps if t[2] == "t_la_iro" and t[3] == "complete"]
    meeting = [t[0] for t in steps if t[2] == "t_la_sm" and t[3] == "start"]
    assert fired[0] == pytest.approx(hours(2026, 12, 7, 18))
    assert hours(2026, 12, 7, 9) < reached[0] < hours(2026, 12, 7, 18)
    assert meeting[0] == pytest.approx(hours(2026, 12, 8, 9))


def test_somerset_24_hour_discussion_timer_counts_from_going_missing() -> None:
    """Somerset, Timescales: Case Escalation: "After 24 hours of missing, a multi-agency
    strategy discussion ... must be convened". A looked-after child missing from Tuesday 1
    December 2026 10:00: Somerset Direct reaches the 24-hour wait that afternoon and the timer
    fires on Wednesday 2 December 10:00, 24 hours after going missing (before issue 10: 24 hours
    after Somerset Direct reached the wait). Missing from Friday 4 December 18:00, Somerset
    Direct (office hours) reaches the wait on Monday morning, after the 24 hours: it fires at
    once, when the wait is reached."""
    tuesday = Episode("E1", CHILD, hours(2026, 12, 1, 10), None, "medium")
    friday = Episode("E2", Child("C2", 15, "F", True), hours(2026, 12, 4, 18), None, "medium")
    result = run_episodes("somerset", [tuesday, friday], epoch=EPOCH, horizon_hours=24 * 12)
    steps = trace(result)

    def first(case: str, element: str, lifecycle: str = "complete") -> float:
        return next(t[0] for t in steps if t[1] == case and t[2] == element and t[3] == lifecycle)

    assert first("E1", "la_t24") == pytest.approx(hours(2026, 12, 2, 10))
    assert first("E1", "la_notify") < hours(2026, 12, 1, 18)
    assert first("E2", "la_t24") == pytest.approx(first("E2", "la_notify"))
    assert hours(2026, 12, 7, 9) < first("E2", "la_t24") < hours(2026, 12, 7, 12)


def test_darlington_child_missing_education_recorded_after_20_school_days_of_absence() -> None:
    """Darlington 8.4: "If the child is not located after 20 school days the child will be
    recorded as Missing from Education (CME)". A child does not return to school on Monday 30
    November 2026 09:00 and is not located. School days exclude weekends and bank holidays (25
    December, 28 December for Boxing Day); no school holidays are given. 5 school days on:
    Monday 7 December 09:00, the referral to CAP. 20 school days on (1-4, 7-11, 14-18, 21-24,
    29, 30 December): Wednesday 30 December 09:00, the CME record. Before issue 10 the 20 school
    days counted from the end of the CAP's enquiries (Monday 7 December, late morning): some
    25 school days of absence."""
    ep = Episode("E1", Child("C1", 12, "M", False), hours(2026, 11, 30, 9), None, "medium",
                 extra=(("missing_education", True),))
    result = run_episodes("darlington", [ep], epoch=EPOCH, horizon_hours=24 * 45)
    steps = trace(result)
    referral = next(t[0] for t in steps if t[2] == "e_t5")
    recorded = next(t[0] for t in steps if t[2] == "e_t20")
    enquiries_done = next(t[0] for t in steps if t[2] == "e_cme" and t[3] == "complete")
    assert referral == pytest.approx(hours(2026, 12, 7, 9))
    assert recorded == pytest.approx(hours(2026, 12, 30, 9))
    assert enquiries_done > referral


# ---------------------------------------------------------------- immediate duties
@pytest.mark.parametrize("tolerance,status,late", [(None, "missed", 0.5), ("PT2H", "met", 0.0)])
def test_safe_and_well_check_as_soon_as_possible_is_measured_against_the_tolerance(
        tolerance: str | None, status: str, late: float) -> None:
    """Lambeth 3.6: "Carry out safe and well checks as soon as possible when the child
    returns." An immediate deadline from the return: a child back on Friday 4 December 2026
    18:00, one officer on duty around the clock, a 90-minute check done at 19:30. Against the
    default tolerance (1 hour) it is missed by 30 minutes; with immediate_tolerance PT2H, met.
    Either way the time taken is 1.5 hours."""
    ep = Episode("E1", CHILD, hours(2026, 12, 4, 10), hours(2026, 12, 4, 18), "medium")
    ninety = Distribution("ConstantParameter", (("value", 1.5),))
    result = run_episodes("lambeth", [ep], epoch=EPOCH, horizon_hours=24 * 30,
                          staffing={"police_officer": RoleSpec("police_officer", "always", 1)},
                          overrides=[_override("p_swc", "processing_time", ninety)],
                          immediate_tolerance=tolerance)
    (d,) = [d for d in result.deadlines if d.element_id == "p_swc"]
    assert d.anchor_hours == pytest.approx(hours(2026, 12, 4, 18))
    assert d.done_hours is not None
    assert d.done_hours - d.anchor_hours == pytest.approx(1.5)
    assert (d.status, d.lateness_hours) == (status, pytest.approx(late))
