"""The reader types what it reads once: calendars are `Calendar` members, staff hours are mapped
in one place (`staff_hours`), element kinds are listed in one place (`ELEMENT_KINDS`)."""

from __future__ import annotations

from models import load_model
from models.data.calendars import STAFF_HOURS, StaffHours, staff_hours
from models.data.catalogue import catalogue
from models.data.model import ACTIVITY_KINDS, CALENDARS, ELEMENT_KINDS, Calendar


def test_the_reader_gives_calendar_members() -> None:
    model = load_model("lambeth")
    deadlines = [d for el in model.elements.values() for d in el.deadlines]
    timers = [el.timer for el in model.elements.values() if el.timer is not None]
    assert deadlines and timers
    assert all(isinstance(d.calendar, Calendar) for d in deadlines)
    assert all(isinstance(t.calendar, Calendar) for t in timers)
    assert all(isinstance(p.calendar, Calendar) for p in model.provisions if p.calendar)
    assert {d.calendar for d in deadlines} <= set(CALENDARS)  # still equal to their names


def test_staff_hours_are_mapped_in_one_place() -> None:
    assert STAFF_HOURS == ("office_hours", "always", "out_of_hours")
    assert staff_hours("office") is StaffHours.OFFICE_HOURS
    assert staff_hours("always_open") is StaffHours.ALWAYS
    assert staff_hours("weekends") is None
    roles = catalogue().roles
    assert {catalogue().role_hours(r) for r in roles} == set(StaffHours)
    assert catalogue().role_hours("nobody") is StaffHours.OFFICE_HOURS


def test_element_kinds_are_listed_once() -> None:
    from simulation.run import engine

    assert ACTIVITY_KINDS < ELEMENT_KINDS
    assert engine.TASKS == ACTIVITY_KINDS
    assert engine.ACTIVITIES == ACTIVITY_KINDS - {"receiveTask"}


def test_the_reader_gives_element_kind_members() -> None:
    """Element kinds are typed on reading: every element's kind is an ``ElementKind`` member,
    equal to (and printed as) its BPMN name."""
    from models import MODEL_NAMES
    from models.data.model import ElementKind

    for name in MODEL_NAMES:
        kinds = {el.kind for el in load_model(name).elements.values()}
        assert all(type(k) is ElementKind for k in kinds), name
    assert ElementKind.USER_TASK == "userTask" and f"{ElementKind.USER_TASK}" == "userTask"
    assert ELEMENT_KINDS == frozenset(ElementKind)
    assert {k.value for k in ACTIVITY_KINDS} == {
        "task", "userTask", "manualTask", "sendTask", "receiveTask", "serviceTask",
        "businessRuleTask", "scriptTask"}


def test_deadline_outcomes_carry_typed_statuses() -> None:
    """A run's deadline outcomes are ``DeadlineStatus`` members, equal to (and printed as) met,
    missed and pending."""
    import dataclasses
    from pathlib import Path

    from simulation import load_scenario, run_replication
    from simulation.run.records import DeadlineStatus

    path = Path(__file__).resolve().parents[2] / "scenarios" / "default.yaml"
    scenario = dataclasses.replace(load_scenario(path), horizon_days=60, warmup_days=0)
    result = run_replication(scenario, 0)
    statuses = {d.status for d in result.deadlines}
    assert statuses and all(type(s) is DeadlineStatus for s in statuses)
    assert {f"{s}" for s in DeadlineStatus} == {"met", "missed", "pending"}
