"""The flat, typed records that flow between population, engine, KPIs and report.

Simulation time is float hours since the scenario's epoch (a timezone-aware datetime); names carry
their unit (``start_hours``). Nothing here knows SimPy, BPMN or matplotlib.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "Child", "DeadlineOutcome", "Episode", "EventRow", "ResourceUse", "RunResult", "Trigger",
]

Hours = float


@dataclass(frozen=True, slots=True)
class Child:
    """A child in the population; attributes are those the model conditions may test."""

    id: str
    age: int
    sex: str  # "M", "F" or "U"
    looked_after: bool
    placement: str = "home"  # home, foster, childrens_home, semi_independent, other
    out_of_area: bool = False
    host_authority: str | None = None
    child_protection_plan: bool = False
    child_in_need: bool = False
    exploitation_risk: bool = False
    trafficking_risk: bool = False


@dataclass(frozen=True, slots=True)
class Episode:
    """One missing episode: when it starts, when the child returns (None while still missing)."""

    id: str
    child: Child
    start_hours: Hours
    end_hours: Hours | None
    risk: str  # absent, no_apparent_risk, low, medium, high
    whereabouts_known: bool = False
    extra: tuple[tuple[str, Any], ...] = ()

    def attributes(self) -> dict[str, Any]:
        """The values conditions read (catalogue attributes), ``missing_hours`` excluded."""
        c = self.child
        values: dict[str, Any] = {
            "risk": self.risk, "looked_after": c.looked_after, "out_of_area": c.out_of_area,
            "child_protection_plan": c.child_protection_plan, "child_in_need": c.child_in_need,
            "exploitation_risk": c.exploitation_risk, "trafficking_risk": c.trafficking_risk,
            "placement": c.placement, "age": c.age, "whereabouts_known": self.whereabouts_known,
        }
        values.update(dict(self.extra))
        return values


@dataclass(frozen=True, slots=True)
class EventRow:
    """One line of the event log (pm4py names: case:concept:name, concept:name, time:timestamp,
    lifecycle:transition, org:resource, org:role)."""

    case_id: str
    activity: str
    element_id: str
    lifecycle: str  # start or complete
    time_hours: Hours
    resource: str
    role: str
    authority: str
    duty: str = ""


@dataclass(frozen=True, slots=True)
class DeadlineOutcome:
    """A deadline of one episode: met, missed, or still pending when the run ends (censored)."""

    case_id: str
    authority: str
    element_id: str
    name: str
    duty: str
    anchor_hours: Hours
    due_hours: Hours
    done_hours: Hours | None
    status: str  # met, missed, pending
    lateness_hours: Hours  # done - due when missed (or now - due when pending and overdue), else 0
    out_of_area: bool = False
    looked_after: bool = False


@dataclass(frozen=True, slots=True)
class ResourceUse:
    """One request for a member of staff: when asked, when granted, when released."""

    role: str
    case_id: str
    element_id: str
    requested_hours: Hours
    granted_hours: Hours
    released_hours: Hours


@dataclass(frozen=True, slots=True)
class Trigger:
    """A child-level rule (conditional start or event) that fired."""

    case_id: str
    element_id: str
    name: str
    time_hours: Hours


@dataclass
class RunResult:
    """Everything one replication produced."""

    authority: str
    replication: int
    seed: int
    horizon_hours: Hours
    warmup_hours: Hours
    episodes: int
    events: list[EventRow] = field(default_factory=list)
    deadlines: list[DeadlineOutcome] = field(default_factory=list)
    resources: list[ResourceUse] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    capacity_hours: dict[str, Hours] = field(default_factory=dict)  # staff-hours on roster


R = TypeVar("R")


def fast_constructor(cls: type[R]) -> Callable[..., R]:
    """A positional constructor for a frozen, slotted record class, for the engine's hot loop.

    A frozen dataclass sets each field through ``object.__setattr__`` (about 1.5 microseconds
    for an `EventRow`; the engine makes dozens per episode). This builds the same object in a
    plain class with the same slots, then gives it ``cls`` as its class (the layouts are the
    same, so Python allows it): the result is an ordinary, frozen ``cls`` instance, equal to
    ``cls(*args)``. Every field must be given, in order.
    """
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    builder = type(f"_{cls.__name__}Builder", (), {"__slots__": names})
    args = ", ".join(names)
    source = (f"def make({args}):\n    o = new(builder)\n"
              + "".join(f"    o.{n} = {n}\n" for n in names)
              + "    o.__class__ = cls\n    return o\n")
    scope: dict[str, Any] = {"new": object.__new__, "builder": builder, "cls": cls}
    exec(source, scope)  # noqa: S102  (code built from the class's own field names)
    make: Callable[..., R] = scope["make"]
    make.__doc__ = f"``{cls.__name__}(*fields)``, faster: see `fast_constructor`."
    return make


new_event_row = fast_constructor(EventRow)
new_resource_use = fast_constructor(ResourceUse)
new_deadline_outcome = fast_constructor(DeadlineOutcome)
