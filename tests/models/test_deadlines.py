"""Static deadline reachability: hand-computed cases on tiny models, and the shipped models.

Reference week: Monday 11 January 2027 00:00 (no bank holiday); anchor hour i is i hours after
it, so Friday 18:00 is 4 * 24 + 18 = 114 and Saturday 10:00 is 5 * 24 + 10 = 130. The
bank-holiday week runs from Tuesday 25 May 2027 to the late-May bank holiday, Monday 31 May.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import models
from models import parse_model
from models.analyses.deadlines import (
    ALWAYS,
    NEVER,
    NOT_REACHABLE,
    SOME_HOURS,
    deadline_reachability,
    earliest_completions,
    hour_ranges,
)
from models.data.authoring import ModelBuilder, cite
from models.data.calendars import LONDON
from simulation.commands.cli import main

C = cite("1", "fixture")
FRI_1800 = 4 * 24 + 18
SAT_1000 = 5 * 24 + 10


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def single_task(role: str, limit: str, calendar: str, hours: str = "PT1H"):
    """A report starts the case; one task of ``role`` is due within ``limit`` of the report."""
    b = ModelBuilder("single", authority="Fixture", document="fixture.txt")
    lane = b.pool("p", "Agency", citation=C).lane("l", "Staff", role=role, citation=C)
    lane.start("s", "Reported missing", citation=C)
    lane.task("t", "The duty", duty="strategy_discussion", time=("ConstantParameter", hours),
              citation=C, deadlines=[dict(name="the deadline", anchor="s", limit=limit,
                                          calendar=calendar, modality="must")])
    lane.end("e", "Done", citation=C)
    b.chain("s", "t", "e")
    return parse_model(b.to_xml(), "single.bpmn")


def chain_model(latency: str | None = None):
    """Police task -> message -> office-hours front door -> social worker, 24 hours from report."""
    b = ModelBuilder("chain", authority="Fixture", document="fixture.txt")
    pol = b.pool("p_pol", "Police", citation=C).lane("l_pol", "Officer", role="police_officer",
                                                     citation=C)
    pol.start("s", "Reported missing", citation=C)
    pol.task("t_police", "Record and notify", kind="sendTask", duty="notify_social_worker",
             time=("ConstantParameter", "PT1H"), citation=C)
    pol.end("pe", "Notified", citation=C)
    b.chain("s", "t_police", "pe")
    la = b.pool("p_la", "Local authority", citation=C)
    fd = la.lane("l_fd", "Front door", role="front_door", citation=C)
    sw = la.lane("l_sw", "Social worker", role="social_worker", citation=C)
    fd.start("fd_start", "Notification received", event="message", citation=C)
    fd.task("t_screen", "Screen", duty="screen_notification",
            time=("ConstantParameter", "PT1H"), citation=C)
    sw.task("t_sw", "Strategy discussion", duty="strategy_discussion",
            time=("ConstantParameter", "PT2H"), citation=C,
            deadlines=[dict(name="within 24 hours of the report", anchor="s", limit="PT24H",
                            calendar="clock", modality="must")])
    sw.end("le", "Held", citation=C)
    b.chain("fd_start", "t_screen", "t_sw", "le")
    b.message("t_police", "fd_start", "notification", citation=C, latency=latency)
    return parse_model(b.to_xml(), "chain.bpmn")


def only(model, **kw):
    (r,) = deadline_reachability(model, **kw)
    return r


# ------------------------------------------------------------------ (a) one working day
def test_one_working_day_from_friday_evening_is_met_on_monday() -> None:
    # Friday 15 Jan 18:00: the office is closed, so the deemed start is Monday 09:00 and the
    # due time the next working day at that time, Tuesday 19 Jan 09:00. The social worker
    # starts Monday 09:00 and finishes the 2-hour task at 11:00: met with 22 hours to spare.
    r = only(single_task("social_worker", "P1D", "working_days", "PT2H"))
    h = r.reference.hours[FRI_1800]
    assert h.anchor_time == at(2027, 1, 15, 18)
    assert h.due == at(2027, 1, 19, 9)
    assert h.earliest == at(2027, 1, 18, 11)
    assert h.met and h.slack_hours == pytest.approx(22.0)
    assert h.path == ("s", "t")
    # Monday 16:00: due Tuesday 16:00; 1 hour on Monday, 1 on Tuesday: done Tuesday 10:00.
    monday = r.reference.hours[16]
    assert monday.earliest == at(2027, 1, 12, 10) and monday.met
    assert r.classification == ALWAYS
    # Bank holiday: Friday 28 May 18:00 is deemed Tuesday 1 June 09:00, due Wednesday 09:00.
    fri = r.bank_holiday.hours[3 * 24 + 18]
    assert fri.anchor_time == at(2027, 5, 28, 18)
    assert fri.due == at(2027, 6, 2, 9) and fri.earliest == at(2027, 6, 1, 11)


def test_one_working_day_is_never_enough_for_nine_hours_of_office_work() -> None:
    # 9 working hours always run past the same time on the next working day (8 open hours).
    r = only(single_task("social_worker", "P1D", "working_days", "PT9H"))
    assert r.classification == NEVER
    assert r.reference.unmet_ranges == "all week"


# ------------------------------------------------------------------ (b) 6 hours maximum
def test_six_hours_at_a_weekend_is_never_met_by_an_office_role() -> None:
    # Saturday 16 Jan 10:00: due 16:00; the front door opens Monday 09:00 and is done at 10:00.
    r = only(single_task("front_door", "PT6H", "clock"))
    h = r.reference.hours[SAT_1000]
    assert h.due == at(2027, 1, 16, 16) and h.earliest == at(2027, 1, 18, 10)
    assert not h.met and h.slack_hours == pytest.approx(-42.0)
    # Weekdays: an anchor at 04:00 is done at 10:00, just in time; at 17:00 it waits overnight.
    assert r.classification == SOME_HOURS
    assert r.reference.unmet_ranges == (
        "Mon 17:00-Tue 03:59, Tue 17:00-Wed 03:59, Wed 17:00-Thu 03:59, "
        "Thu 17:00-Fri 03:59, Fri 17:00-Mon 03:59")


def test_six_hours_at_a_weekend_is_met_out_of_hours_and_around_the_clock() -> None:
    edt = only(single_task("emergency_duty_team", "PT6H", "clock"))
    h = edt.reference.hours[SAT_1000]
    assert h.earliest == at(2027, 1, 16, 11) and h.met
    weekend = range(5 * 24, 7 * 24)
    assert all(edt.reference.hours[i].met for i in weekend)
    # The duty team opens at 17:00: a weekday anchor before 12:00 is done after 6 hours.
    assert edt.classification == SOME_HOURS
    assert edt.reference.unmet_ranges == ", ".join(
        f"{d} 09:00-11:59" for d in ("Mon", "Tue", "Wed", "Thu", "Fri"))
    # On the bank holiday Monday the duty team is open all day.
    assert all(edt.bank_holiday.hours[6 * 24 + i].met for i in range(24))
    assert only(single_task("carer", "PT6H", "clock")).classification == ALWAYS
    # A scenario's staffing can put the same office role on around-the-clock hours.
    staffed = only(single_task("front_door", "PT6H", "clock"), staffing={"front_door": "always"})
    assert staffed.classification == ALWAYS


# ------------------------------------------------------------------ (c) notification chain
def test_notification_chain_makes_24_hours_unreachable_from_friday_afternoon() -> None:
    # Friday 14:00: police done 15:00, front door 15:00-16:00, social worker 16:00-17:00 and
    # Monday 09:00-10:00: done Monday 10:00, due Saturday 14:00 (-44 h). Friday 13:00 is done
    # by 17:00. Sunday 11:00: done Monday 12:00 (front door 09-10, social worker 10-12), due
    # Monday 11:00; Sunday 12:00 is just in time.
    r = only(chain_model())
    assert r.classification == SOME_HOURS
    assert r.reference.unmet_ranges == "Fri 14:00-Sun 11:59"
    assert not r.reference.hours[FRI_1800].met
    assert r.reference.worst_slack == pytest.approx(-44.0)
    assert r.reference.worst_hour == 4 * 24 + 14
    assert r.reference.worst_path == ("s", "t_police", "fd_start", "t_screen", "t_sw")
    fri = r.reference.hours[FRI_1800]
    assert fri.earliest == at(2027, 1, 18, 12) and fri.due == at(2027, 1, 16, 18)


def test_message_latency_delays_the_chain() -> None:
    # 4 hours in transit: Friday 10:00 -> police 11:00 -> received 15:00 -> screened 16:00 ->
    # social worker 16:00-17:00 and Monday 09:00-10:00, past Saturday 10:00.
    r = only(chain_model(latency="PT4H"))
    assert r.reference.unmet_ranges == "Fri 10:00-Sun 11:59"


def test_bank_holiday_weekend_extends_the_hours_that_cannot_be_met() -> None:
    # The front door next opens on Tuesday 1 June: the social worker is done at 12:00. So a
    # report from Sunday 30 May 12:00 to the bank holiday Monday 11:00 is also missed.
    r = only(chain_model())
    assert r.bank_holiday_extra == "Sun 30 May 12:00-Mon 31 May 11:59"
    monday = r.bank_holiday.hours[6 * 24 + 12]
    assert monday.anchor_time == at(2027, 5, 31, 12) and monday.earliest == at(2027, 6, 1, 12)


# ------------------------------------------------------------------ (d) not reachable
def test_deadline_whose_anchor_cannot_reach_the_task() -> None:
    b = ModelBuilder("apart", authority="Fixture", document="fixture.txt")
    b.black_box("p_child", "Child", citation=C)
    lane = b.pool("p", "Police", citation=C).lane("l", "Officer", role="police_officer",
                                                  citation=C)
    lane.start("s", "Reported", citation=C)
    lane.gateway("g", "Risk?", citation=C)
    lane.task("t_a", "Search", duty="police_investigation", time=("ConstantParameter", "PT1H"),
              citation=C, deadlines=[dict(name="search after return", anchor="c_found",
                                          limit="PT72H", calendar="clock", modality="must")])
    lane.catch("c_found", "Child found", citation=C)
    lane.end("e1", "Searched", citation=C)
    lane.end("e2", "Found", citation=C)
    b.flow("s", "g")
    b.flow("g", "t_a", condition='risk == "high"', name="high")
    b.flow("g", "c_found", default=True, name="otherwise")
    b.chain("t_a", "e1")
    b.chain("c_found", "e2")
    b.message("p_child", "c_found", "found", citation=C)
    r = only(parse_model(b.to_xml(), "apart.bpmn"))
    assert r.classification == NOT_REACHABLE
    assert r.reference.worst_slack is None and r.reference.worst_path == ()


# ------------------------------------------------------------------ search rules
def _join_model():
    b = ModelBuilder("join", authority="Fixture", document="fixture.txt")
    pool = b.pool("p", "Home", citation=C)
    carer = pool.lane("l_c", "Carer", role="carer", citation=C)
    sw = pool.lane("l_s", "Social worker", role="social_worker", citation=C)
    one = ("ConstantParameter", "PT1H")
    carer.start("s", "Missing", citation=C)
    carer.gateway("fork", "Both", kind="parallel", citation=C)
    carer.task("t_fast", "Search", duty="locate_child", time=one, citation=C)
    sw.task("t_slow", "Visit", duty="notify_social_worker", time=one, citation=C)
    carer.gateway("join", "Both done", kind="parallel", citation=C)
    carer.task("t_final", "Record", duty="record_episode", time=one, citation=C, deadlines=[
        dict(name="from the start", anchor="s", limit="PT24H", calendar="clock",
             modality="must"),
        dict(name="from the search", anchor="t_fast", limit="PT24H", calendar="clock",
             modality="must")])
    carer.end("e", "Done", citation=C)
    b.chain("s", "fork", "t_fast", "join", "t_final", "e")
    b.chain("fork", "t_slow", "join")
    return parse_model(b.to_xml(), "join.bpmn")


def test_parallel_join_waits_for_the_latest_input_downstream_of_the_anchor() -> None:
    model = _join_model()
    fri = at(2027, 1, 15, 18)
    (done, path) = earliest_completions(model, "s", fri, ["t_final"])["t_final"]
    assert done == at(2027, 1, 18, 11)  # social worker Monday 09:00-10:00, then 1 hour
    assert path == ("s", "fork", "t_slow", "join", "t_final")
    # From the search, the social worker's branch is not downstream: assumed done already.
    (done, path) = earliest_completions(model, "t_fast", fri, ["t_final"])["t_final"]
    assert done == at(2027, 1, 15, 19) and path == ("t_fast", "join", "t_final")
    by_name = {r.deadline.name: r for r in deadline_reachability(model)}
    assert by_name["from the start"].classification == SOME_HOURS
    assert by_name["from the search"].classification == ALWAYS


def test_boundary_timer_is_a_way_out_at_host_start_plus_duration() -> None:
    b = ModelBuilder("boundary", authority="Fixture", document="fixture.txt")
    pool = b.pool("p", "Agency", citation=C)
    sw = pool.lane("l_s", "Social worker", role="social_worker", citation=C)
    sup = pool.lane("l_p", "Inspector", role="police_supervisor", citation=C)
    sw.start("s", "Reported", citation=C)
    sw.task("t_wait", "Long task", duty="record_episode", time=("ConstantParameter", "PT8H"),
            citation=C)
    sw.end("e", "Done", citation=C)
    sw.boundary("b_1h", "1 hour", attached_to="t_wait", duration="PT1H", citation=C)
    sup.task("t_esc", "Escalate", duty="notify_senior_manager",
             time=("ConstantParameter", "PT1H"), citation=C,
             deadlines=[dict(name="escalate in 3 hours", anchor="s", limit="PT3H",
                             calendar="clock", modality="must")])
    sup.end("e2", "Escalated", citation=C)
    b.chain("s", "t_wait", "e")
    b.chain("b_1h", "t_esc", "e2")
    r = only(parse_model(b.to_xml(), "boundary.bpmn"))
    h = r.reference.hours[SAT_1000]
    assert h.earliest == at(2027, 1, 16, 12)  # timer at 11:00 though the office is shut
    assert h.path == ("s", "t_wait", "b_1h", "t_esc")
    assert r.classification == ALWAYS


def test_hour_ranges_are_readable() -> None:
    assert hour_ranges([FRI_1800]) == "Fri 18:00-18:59"
    assert hour_ranges(range(4 * 24 + 17, 168)) == "Fri 17:00-Sun 23:59"
    assert hour_ranges([0, 1, 167]) == "Sun 23:00-Mon 01:59"
    assert hour_ranges([23, 24]) == "Mon 23:00-Tue 00:59"


# ------------------------------------------------------------------ the shipped models
@pytest.fixture(scope="module")
def shipped() -> dict[str, list]:
    return {n: deadline_reachability(models.load_model(n)) for n in models.MODEL_NAMES}


def _find(results, task: str, name_part: str):
    (r,) = [r for r in results if r.task == task and name_part in r.deadline.name]
    return r


def test_lambeth_return_interview_within_72_hours_is_always_reachable(shipped) -> None:
    # From the return (14.2 "within 72 hours of their return"): the social worker (office
    # hours) tells Barnardos in 10 minutes, then the 1-hour interview in office hours: a Friday
    # 17:00 return is told Monday 09:00-09:10 and interviewed 09:10-10:10, 6h50m inside the 72.
    r = _find(shipped["lambeth"], "rhi_interview", "72 hours")
    assert r.deadline.anchor == "returned"
    assert r.classification == ALWAYS
    assert r.reference.worst_slack == pytest.approx(6 + 50 / 60)
    assert r.reference.worst_path == ("la_e_search", "la_c_rhi_ret", "rhi_wait", "rhi_gw",
                                      "rhi_interview")
    assert (r.citation.section, r.citation.quote[:22]) == ("14.2", "will be offered an ind")
    # Before the bank holiday: a Friday 16:00 return is told 16:00-16:10, interviewed 16:10-17:00
    # and Tuesday 09:00-09:10, after Monday 16:00; a Saturday 10:00 return is told Tuesday
    # 09:00-09:10 and interviewed 09:10-10:10, after Tuesday 10:00.
    assert r.bank_holiday_extra == "Fri 28 May 16:00-Sat 29 May 10:59"


def test_lambeth_strategy_discussion_within_24_hours_of_the_report(shipped) -> None:
    # From the report (Friday 16:00): police grade and pass on (10 + 10 min), the front door
    # records (20 min) and the social worker is told (20 min) at 17:00; the 30-minute
    # discussion is on Monday 09:00-09:30, due Saturday 16:00.
    r = _find(shipped["lambeth"], "la_c_sd", "24 hours")
    assert r.classification == SOME_HOURS
    assert r.reference.unmet_ranges == "Fri 16:00-Sun 10:59"
    assert r.reference.worst_slack == pytest.approx(-41.5)
    assert r.citation.section == "12.4"
    assert _find(shipped["lambeth"], "la_c_sd", "first working day").classification == ALWAYS


def test_shipped_classifications(shipped) -> None:
    derby = _find(shipped["derby_derbyshire"], "t_carer_absent_notify", "6 hours")
    assert derby.classification == ALWAYS  # the carer is there around the clock
    assert "6 hours maximum" in derby.citation.quote
    # Somerset states no deadline in hours or days; its two "as soon as" duties are immediate
    assert {(r.task, r.deadline.kind) for r in shipped["somerset"]} == {
        ("c_report", "immediate"), ("la_sw_lm", "immediate")}
    assert _find(shipped["darlington"], "la_sd_cp", "one working day").classification == ALWAYS
    counts = {n: len(rs) for n, rs in shipped.items()}
    immediate = {n: sum(r.deadline.immediate for r in rs) for n, rs in shipped.items()}
    assert counts == {"lambeth": 11, "derby_derbyshire": 8, "childrens_home": 5,
                      "somerset": 2, "darlington": 10}
    assert immediate == {"lambeth": 3, "derby_derbyshire": 3, "childrens_home": 2,
                         "somerset": 2, "darlington": 1}
    assert all(r.classification != NOT_REACHABLE for rs in shipped.values() for r in rs)


# ------------------------------------------------------------------ the command
def test_cli_deadlines_table_csv_and_json(capsys) -> None:
    assert main(["deadlines", "lambeth"]) == 0
    table = capsys.readouterr().out
    assert "Lambeth: deadline reachability" in table
    assert "Fri 16:00-Sun 10:59" in table and "la_c_sd" in table
    assert main(["deadlines", "lambeth", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("authority,duty,deadline,limit,calendar")
    assert len(lines) == 1 + 11  # 8 deadlines and 3 immediate duties (issue 10)
    assert main(["deadlines", "derby_derbyshire", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["classification"] for d in data["deadlines"]} == {ALWAYS}
    assert len(data["deadlines"][0]["reference_week"]["slack_hours"]) == 168
