"""Staff pools: a task cut short by its boundary event gives its place in the queue back."""

from __future__ import annotations

import datetime as dt

import pytest

from models import parse_model
from models.data.authoring import ModelBuilder, cite
from models.data.calendars import LONDON
from simulation.run.records import Child, Episode
from simulation.run.runner import run_episodes
from simulation.run.staffing import RoleSpec

C = cite("1", "staff")
EPOCH = dt.datetime(2027, 1, 4, tzinfo=LONDON)  # a Monday


def impatient_model():
    """High risk: a 4-hour task for the one coordinator. Otherwise a 2-hour task, given up
    (an interrupting boundary timer) after an hour."""
    b = ModelBuilder("impatient", authority="Queue", document="queue.txt")
    lane = b.pool("p_q", "Service", citation=C).lane(
        "l_q", "Coordinator", role="missing_coordinator", citation=C)
    lane.start("s", "Arrival", citation=C)
    lane.gateway("g", "High risk?", citation=C)
    lane.task("t_long", "Long task", duty="record_episode", time=("ConstantParameter", "PT4H"),
              citation=C)
    lane.task("t", "Serve", duty="record_episode", time=("ConstantParameter", "PT2H"),
              citation=C)
    lane.end("e", "Done", citation=C)
    lane.end("e_long", "Done", citation=C)
    lane.boundary("b", "Gave up", attached_to="t", duration="PT1H", citation=C)
    lane.end("e_gave_up", "Gave up", citation=C)
    b.chain("s", "g")
    b.flow("g", "t_long", condition='risk == "high"', name="high")
    b.flow("g", "t", default=True, name="other")
    b.chain("t_long", "e_long")
    b.chain("t", "e")
    b.chain("b", "e_gave_up")
    return parse_model(b.to_xml(), "impatient.bpmn")


@pytest.mark.parametrize("calendar", ["always", "office_hours"])
def test_a_request_abandoned_in_the_queue_does_not_keep_the_member_of_staff(
        calendar: str) -> None:
    # A (high risk) holds the coordinator 10:00-14:00. B arrives at 10:30, queues, and gives up
    # at 11:30 still queued. C arrives at 13:30, queues, and must be served when A is done at
    # 14:00 (B's abandoned request must not take the coordinator first, and keep it for good),
    # until it gives up at 14:30.
    child = Child("K", 14, "F", False)
    eps = [Episode("A", child, 10.0, None, "high"), Episode("B", child, 10.5, None, "low"),
           Episode("C", child, 13.5, None, "low")]
    staffing = {"missing_coordinator": RoleSpec("missing_coordinator", calendar, 1)}
    result = run_episodes(impatient_model(), eps, epoch=EPOCH, horizon_hours=48.0,
                          staffing=staffing)
    uses = {u.case_id: u for u in result.resources}
    assert uses["A"].granted_hours == pytest.approx(10.0)
    assert uses["A"].released_hours == pytest.approx(14.0)
    assert "B" not in uses  # never served
    assert uses["C"].granted_hours == pytest.approx(14.0)
    assert uses["C"].released_hours == pytest.approx(14.5)
    gave_up = {e.case_id for e in result.events if e.element_id == "b"}
    assert gave_up == {"B", "C"}
