"""The flat, typed records that flow between population, engine, KPIs and report.

Simulation time is float hours since the scenario's epoch (a timezone-aware datetime); names carry
their unit (``start_hours``). Nothing here knows SimPy, BPMN or matplotlib.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar, overload

import numpy as np

__all__ = [
    "Child", "DeadlineLog", "DeadlineOutcome", "DeadlineStatus", "Episode", "EventLog", "EventRow",
    "RecordColumns", "ResourceLog", "ResourceUse", "RunResult", "Trigger",
]

Hours = float
_NAN = float("nan")


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


class DeadlineStatus(StrEnum):
    """A deadline's outcome in a run: met, missed, or still open at the horizon and not yet
    overdue (pending, censored in the KPIs). A member is its name as a string."""

    MET = "met"
    MISSED = "missed"
    PENDING = "pending"


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
    status: DeadlineStatus
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
    """Everything one replication produced.

    The event rows, deadline outcomes and staff uses are held in columns (`EventLog`,
    `DeadlineLog`, `ResourceLog`): a few bytes a record instead of a Python object each. They
    read as sequences of the records (`EventRow`, ...), built as they are read, and take lists
    of records too (turned into columns here).
    """

    authority: str
    replication: int
    seed: int
    horizon_hours: Hours
    warmup_hours: Hours
    episodes: int
    events: EventLog = field(default_factory=lambda: EventLog())
    deadlines: DeadlineLog = field(default_factory=lambda: DeadlineLog())
    resources: ResourceLog = field(default_factory=lambda: ResourceLog())
    triggers: list[Trigger] = field(default_factory=list)
    capacity_hours: dict[str, Hours] = field(default_factory=dict)  # staff-hours on roster

    def __post_init__(self) -> None:
        if not isinstance(self.events, EventLog):
            self.events = EventLog(self.events)
        if not isinstance(self.deadlines, DeadlineLog):
            self.deadlines = DeadlineLog(self.deadlines)
        if not isinstance(self.resources, ResourceLog):
            self.resources = ResourceLog(self.resources)


R = TypeVar("R")
C = TypeVar("C", bound="RecordColumns[Any]")


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


# --------------------------------------------------------------------------- columns


class RecordColumns(Generic[R]):
    """Records of one kind held in columns: a case column, a kind column and float columns.

    A record's text and flag fields (all but its case id and its times) take few distinct
    values over a run: each distinct combination is a *kind*, kept once in `kinds`, and a
    record keeps its index. Case ids are kept once each in `case_ids`. So a record costs two
    4-byte indices and 8 bytes a time, where a record object cost over 100 bytes. Reading the
    columns as a sequence builds the records (equal to those appended) one at a time.
    Subclasses say which fields are which (`_split`, `_join`).
    """

    kind_fields: tuple[str, ...] = ()
    time_fields: tuple[str, ...] = ()

    def __init__(self, records: Iterable[R] = ()) -> None:
        self.case_ids: list[str] = []
        self.kinds: list[tuple[Any, ...]] = []
        self.case = array("i")
        self.kind = array("i")
        self.times: tuple[array[float], ...] = tuple(array("d") for _ in self.time_fields)
        self._case_index: dict[str, int] = {}
        self._kind_index: dict[tuple[Any, ...], int] = {}
        self.extend(records)

    # ---------------------------------------------------------------- building
    def case_of(self, case_id: str) -> int:
        """The index of a case id (added when new)."""
        index = self._case_index.get(case_id)
        if index is None:
            index = self._case_index[case_id] = len(self.case_ids)
            self.case_ids.append(case_id)
        return index

    def kind_of(self, kind: tuple[Any, ...]) -> int:
        """The index of a kind (added when new)."""
        index = self._kind_index.get(kind)
        if index is None:
            index = self._kind_index[kind] = len(self.kinds)
            self.kinds.append(kind)
        return index

    def append(self, record: R) -> None:
        case_id, kind, times = self._split(record)
        self.case.append(self.case_of(case_id))
        self.kind.append(self.kind_of(kind))
        for column, value in zip(self.times, times, strict=True):
            column.append(value)

    def extend(self, records: Iterable[R]) -> None:
        for record in records:
            self.append(record)

    def relabelled(self: C, group_of: Callable[[str], Hashable],
                   rename: Callable[[Any, R], R]) -> C:
        """A copy with each record ``r`` of a case in group ``g = group_of(case_id)`` (not
        None) replaced by ``rename(g, r)``, which may change the record's text and flag fields
        only (not its case id or times); called once per group and kind of record."""
        out = type(self)()
        out.case_ids, out._case_index = list(self.case_ids), dict(self._case_index)
        out.case, out.times = array("i", self.case), tuple(array("d", t) for t in self.times)
        groups = [group_of(c) for c in self.case_ids]
        renamed: dict[tuple[Hashable, int], int] = {}
        kinds = out.kind
        for i, (c, k) in enumerate(zip(self.case, self.kind, strict=True)):
            key = (groups[c], k)
            new = renamed.get(key)
            if new is None:
                kind = self.kinds[k]
                if key[0] is not None:
                    kind = self._split(rename(key[0], self._record(i)))[1]
                new = renamed[key] = out.kind_of(kind)
            kinds.append(new)
        return out

    def _split(self, record: R) -> tuple[str, tuple[Any, ...], tuple[float, ...]]:
        raise NotImplementedError

    def _join(self, case_id: str, kind: tuple[Any, ...], times: tuple[float, ...]) -> R:
        raise NotImplementedError

    # ---------------------------------------------------------------- reading
    def time_column(self, name: str) -> np.ndarray:
        """A float column as a numpy array (a copy: the columns may still grow)."""
        return np.array(self.times[self.time_fields.index(name)], dtype=float)

    def case_column(self) -> np.ndarray:
        """Each record's case, an index into `case_ids`."""
        return np.array(self.case, dtype=np.int64)

    def kind_column(self) -> np.ndarray:
        """Each record's kind, an index into `kinds` (and `kind_field`)."""
        return np.array(self.kind, dtype=np.int64)

    def kind_field(self, name: str) -> np.ndarray:
        """A field of the records' kinds, by kind (``kind_field(f)[kind_column()]`` gives it
        by record)."""
        i = self.kind_fields.index(name)
        out = np.empty(len(self.kinds), dtype=object)
        out[:] = [k[i] for k in self.kinds]
        return out

    def index_of(self, case_id: str) -> int | None:
        """The index of a case id in `case_ids`, None when it has no record."""
        return self._case_index.get(case_id)

    def __len__(self) -> int:
        return len(self.case)

    def _record(self, i: int) -> R:
        return self._join(self.case_ids[self.case[i]], self.kinds[self.kind[i]],
                          tuple(column[i] for column in self.times))

    def __iter__(self) -> Iterator[R]:
        case_ids, kinds, join = self.case_ids, self.kinds, self._join
        for c, k, *times in zip(self.case, self.kind, *self.times, strict=True):
            yield join(case_ids[c], kinds[k], tuple(times))

    @overload
    def __getitem__(self, i: int) -> R: ...
    @overload
    def __getitem__(self, i: slice) -> list[R]: ...
    def __getitem__(self, i: int | slice) -> R | list[R]:
        if isinstance(i, slice):
            return [self._record(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._record(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecordColumns | list | tuple):
            return len(self) == len(other) and all(
                a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} records)"

    def __getstate__(self) -> dict[str, Any]:
        return {"case_ids": self.case_ids, "kinds": self.kinds, "case": self.case,
                "kind": self.kind, "times": self.times}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.case_ids, self.kinds = state["case_ids"], state["kinds"]
        self.case, self.kind, self.times = state["case"], state["kind"], state["times"]
        self._case_index = {c: i for i, c in enumerate(self.case_ids)}
        self._kind_index = {k: i for i, k in enumerate(self.kinds)}


class EventLog(RecordColumns[EventRow]):
    """`EventRow` records in columns; a kind is ``(activity, element_id, lifecycle, resource,
    role, authority, duty)``, the time column ``time_hours``."""

    kind_fields = ("activity", "element_id", "lifecycle", "resource", "role", "authority", "duty")
    time_fields = ("time_hours",)

    def add(self, case: int, kind: int, time_hours: float) -> None:
        """Append a row by its case and kind indices (`case_of`, `kind_of`)."""
        self.case.append(case)
        self.kind.append(kind)
        self.times[0].append(time_hours)

    def appenders(self) -> tuple[Callable[[int], None], Callable[[int], None],
                                 Callable[[float], None]]:
        """The append methods of the case, kind and time columns: `add` as three calls, for
        the engine's hot loop (all three, in this order, for each row)."""
        return self.case.append, self.kind.append, self.times[0].append

    def _split(self, r: EventRow) -> tuple[str, tuple[Any, ...], tuple[float, ...]]:
        return (r.case_id, (r.activity, r.element_id, r.lifecycle, r.resource, r.role,
                            r.authority, r.duty), (r.time_hours,))

    def _join(self, case_id: str, kind: tuple[Any, ...], times: tuple[float, ...]) -> EventRow:
        activity, element_id, lifecycle, resource, role, authority, duty = kind
        return new_event_row(case_id, activity, element_id, lifecycle, times[0], resource, role,
                             authority, duty)


class DeadlineLog(RecordColumns[DeadlineOutcome]):
    """`DeadlineOutcome` records in columns; a kind is ``(authority, element_id, name, duty,
    status, out_of_area, looked_after)``; ``done_hours`` None is kept as NaN."""

    kind_fields = ("authority", "element_id", "name", "duty", "status", "out_of_area",
                   "looked_after")
    time_fields = ("anchor_hours", "due_hours", "done_hours", "lateness_hours")

    def record(self, case_id: str, authority: str, element_id: str, name: str, duty: str,
               anchor: float, due: float, done: float | None, status: DeadlineStatus,
               lateness: float,
               out_of_area: bool, looked_after: bool) -> None:
        """Append ``DeadlineOutcome(...)`` of these fields, in its field order."""
        case = self._case_index.get(case_id)
        self.case.append(self.case_of(case_id) if case is None else case)
        key = (authority, element_id, name, duty, status, out_of_area, looked_after)
        kind = self._kind_index.get(key)
        self.kind.append(self.kind_of(key) if kind is None else kind)
        times = self.times
        times[0].append(anchor)
        times[1].append(due)
        times[2].append(_NAN if done is None else done)
        times[3].append(lateness)

    def _split(self, d: DeadlineOutcome) -> tuple[str, tuple[Any, ...], tuple[float, ...]]:
        return (d.case_id, (d.authority, d.element_id, d.name, d.duty, d.status, d.out_of_area,
                            d.looked_after),
                (d.anchor_hours, d.due_hours, _NAN if d.done_hours is None else d.done_hours,
                 d.lateness_hours))

    def _join(self, case_id: str, kind: tuple[Any, ...],
              times: tuple[float, ...]) -> DeadlineOutcome:
        authority, element_id, name, duty, status, out_of_area, looked_after = kind
        anchor, due, done, late = times
        return new_deadline_outcome(case_id, authority, element_id, name, duty, anchor, due,
                                    None if done != done else done, status, late, out_of_area,
                                    looked_after)


class ResourceLog(RecordColumns[ResourceUse]):
    """`ResourceUse` records in columns; a kind is ``(role, element_id)``."""

    kind_fields = ("role", "element_id")
    time_fields = ("requested_hours", "granted_hours", "released_hours")

    def record(self, role: str, case_id: str, element_id: str, requested: float, granted: float,
               released: float) -> None:
        """Append ``ResourceUse(role, case_id, element_id, requested, granted, released)``."""
        case = self._case_index.get(case_id)
        self.case.append(self.case_of(case_id) if case is None else case)
        kind = self._kind_index.get((role, element_id))
        self.kind.append(self.kind_of((role, element_id)) if kind is None else kind)
        times = self.times
        times[0].append(requested)
        times[1].append(granted)
        times[2].append(released)

    def add(self, case: int, kind: int, requested: float, granted: float,
            released: float) -> None:
        """Append a record given its case's and kind's indices (`case_of`, `kind_of`): the
        engine's staff pools keep both at hand, so their hot loop makes no lookup."""
        self.case.append(case)
        self.kind.append(kind)
        times = self.times
        times[0].append(requested)
        times[1].append(granted)
        times[2].append(released)

    def _split(self, u: ResourceUse) -> tuple[str, tuple[Any, ...], tuple[float, ...]]:
        return u.case_id, (u.role, u.element_id), (u.requested_hours, u.granted_hours,
                                                   u.released_hours)

    def _join(self, case_id: str, kind: tuple[Any, ...], times: tuple[float, ...]) -> ResourceUse:
        requested, granted, released = times
        return new_resource_use(kind[0], case_id, kind[1], requested, granted, released)
