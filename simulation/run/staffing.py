"""Staff of each role as SimPy resources that work only while their calendar or roster is open.

Opening times are turned once into sorted intervals of simulation hours, so the engine asks
"when does this role next open, and when does it close again" with a bisection, not with
datetime arithmetic. Work on a task pauses at closing and resumes at the next opening, and each
stretch of work is one `ResourceUse` record, so utilisation counts only rostered time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import simpy

from models.data.calendars import LONDON, WorkingCalendar, opening_hours_on
from models.data.catalogue import catalogue
from simulation.run.plan import ElementPlan
from simulation.run.records import ResourceLog

__all__ = ["OpeningTimes", "RoleSpec", "StaffPool", "WorkingCase", "opening_times"]


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """How a role is staffed: a calendar name and a count, or shifts with their own counts.

    ``count`` None means unconstrained (nobody queues). ``shifts`` are (weekdays, start minute,
    end minute, count); an end before the start crosses midnight.
    """

    role: str
    calendar: str = "office_hours"  # office_hours, always, out_of_hours, roster
    count: int | None = None
    shifts: tuple[tuple[frozenset[int], int, int, int], ...] = ()


class WorkingCase(Protocol):
    """What `StaffPool.work` needs of the case whose task it does (the engine's `Case`)."""

    id: str
    use_index: int | None  # the case's index in the staff uses' columns, once it has one

    def log(self, el: ElementPlan, lifecycle: str, resource: str = "",
            now: float | None = None) -> None: ...


class OpeningTimes:
    """Open intervals in simulation hours, with bisection lookups."""

    def __init__(self, intervals: Sequence[tuple[float, float]]) -> None:
        merged: list[list[float]] = []
        for a, b in sorted(intervals):
            if merged and a <= merged[-1][1] + 1e-9:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def next_open(self, t: float) -> float:
        """The first open instant at or after ``t`` (infinity when none is left)."""
        i = bisect.bisect_right(self.ends, t)
        if i >= len(self.starts):
            return float("inf")
        return max(t, self.starts[i])

    def closes_after(self, t: float) -> float:
        """When the interval open at ``t`` closes (``t`` itself when closed)."""
        i = bisect.bisect_right(self.ends, t)
        if i >= len(self.starts) or self.starts[i] > t:
            return t
        return self.ends[i]

    def open_hours(self, a: float, b: float) -> float:
        """Open time within [a, b]."""
        return sum(max(0.0, min(e, b) - max(s, a)) for s, e in zip(self.starts, self.ends,
                                                                   strict=True))


def _hours(epoch: dt.datetime, day: dt.date, minute: int) -> float:
    """Simulation hours of a local wall-clock minute of ``day`` (clock changes respected)."""
    wall = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(minutes=minute)
    instant = wall.replace(tzinfo=LONDON).astimezone(dt.UTC)
    return (instant - epoch.astimezone(dt.UTC)).total_seconds() / 3600


@functools.lru_cache(maxsize=32)
def opening_times(cal: WorkingCalendar, epoch: dt.datetime, days: int) -> OpeningTimes:
    """The calendar's opening intervals from the day before ``epoch`` for ``days`` days."""
    first = epoch.astimezone(LONDON).date() - dt.timedelta(days=1)
    intervals = []
    for k in range(days + 2):
        day = first + dt.timedelta(days=k)
        for a, b in opening_hours_on(cal, day):
            intervals.append((_hours(epoch, day, a), _hours(epoch, day, b)))
    return OpeningTimes(intervals)


def _shift_times(shifts: Iterable[tuple[frozenset[int], int, int, int]], epoch: dt.datetime,
                 days: int) -> list[tuple[float, float, int]]:
    first = epoch.astimezone(LONDON).date() - dt.timedelta(days=1)
    out = []
    for k in range(days + 2):
        day = first + dt.timedelta(days=k)
        for weekdays, start, end, count in shifts:
            if day.weekday() in weekdays:
                stop = end if end > start else end + 1440
                out.append((_hours(epoch, day, start), _hours(epoch, day, stop), count))
    return out


class StaffPool:
    """The staff of one role; `work` is a SimPy process body that does hands-on hours."""

    def __init__(self, env: simpy.Environment, spec: RoleSpec, cal: WorkingCalendar,
                 epoch: dt.datetime, days: int, uses: ResourceLog) -> None:
        self.env, self.spec, self.uses = env, spec, uses
        self.role = spec.role
        if spec.shifts:
            times = _shift_times(spec.shifts, epoch, days)
            self.open = OpeningTimes([(a, b) for a, b, _ in times])
            self.capacity = max((c for _, _, c in times), default=0)
            self._shift_plan = times
        elif spec.count == 0:
            self.open = OpeningTimes([])  # nobody on the rota: the work never starts
            self.capacity = 0
            self._shift_plan = []
        else:
            self.open = opening_times(cal, epoch, days)
            self.capacity = spec.count or 0
            self._shift_plan = []
        # A roster (shifts) is a SimPy PriorityResource, held back between shifts by `_roster`.
        # A fixed count is counted here: ``free`` members, and a FIFO queue of the requests
        # waiting for one; a released member goes straight to the first request in the queue.
        # No count (None) is unconstrained: nobody queues.
        self.resource: Any = None
        self.counted = spec.count is not None and not spec.shifts
        self.free = max(self.capacity, 1) if self.counted else 0
        self.queue: deque[Any] = deque()
        if spec.shifts:
            self.resource = simpy.PriorityResource(env, capacity=max(self.capacity, 1))
        self.free_names = [f"{spec.role}#{i + 1}" for i in range(max(self.capacity, 1))]
        self.active: dict[object, tuple[str, str, float, float]] = {}
        self.kinds: dict[str, int] = {}  # the `ResourceLog` kind of this role's uses, by task
        if self._shift_plan and self.resource is not None:
            env.process(self._roster())

    @property
    def constrained(self) -> bool:
        """Whether the role has a number of staff (work may queue)."""
        return self.counted or self.resource is not None

    def _release(self) -> None:
        """A member of staff is done: to the first request in the queue, else free."""
        if self.queue:
            self.queue.popleft().succeed()
        else:
            self.free += 1

    def _record(self, key: object, released: float, name: str) -> None:
        case_id, element_id, requested, granted = self.active.pop(key)
        self.free_names.append(name)
        self.uses.record(self.role, case_id, element_id, requested, granted, released)

    def close(self, horizon: float) -> None:
        """Record the work still in progress when the run ends, up to the horizon."""
        for key in list(self.active):
            case_id, element_id, requested, granted = self.active.pop(key)
            self.uses.record(self.role, case_id, element_id, requested, granted, horizon)

    def capacity_hours(self, a: float, b: float) -> float:
        """Rostered staff-hours within [a, b]."""
        if self._shift_plan:
            return sum(c * max(0.0, min(e, b) - max(s, a)) for s, e, c in self._shift_plan)
        return (self.spec.count or 0) * self.open.open_hours(a, b)

    def _staff_levels(self) -> list[tuple[float, int]]:
        """(time, number on shift from then on), from the start of the run."""
        delta: dict[float, int] = {}
        for s, e, c in self._shift_plan:
            delta[s] = delta.get(s, 0) + c
            delta[e] = delta.get(e, 0) - c
        levels, on = [], 0
        for t in sorted(delta):
            on += delta[t]
            if t <= 0:
                levels = [(0.0, on)]
            else:
                levels.append((t, on))
        return levels or [(0.0, 0)]

    def _roster(self) -> Generator[Any, Any, None]:
        """Hold back the staff not on shift, by high-priority requests that block them."""
        assert self.resource is not None
        held: list[Any] = []
        for t, on_shift in self._staff_levels():
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            wanted = self.capacity - on_shift
            while len(held) > max(wanted, 0):
                self.resource.release(held.pop())
            while len(held) < wanted:
                req = self.resource.request(priority=-1)
                held.append(req)
                yield req

    def _wait_in_queue(self) -> Generator[Any, Any, None]:
        """Queue for the next member of staff released (a counted pool with none free)."""
        ev = self.env.event()
        self.queue.append(ev)
        try:
            yield ev
        except BaseException:
            if ev.triggered:  # granted at this very instant: pass the member on
                self._release()
            else:  # still queued (a boundary event took over): leave the queue
                self.queue.remove(ev)
            raise

    def _wait_on_roster(self) -> Generator[Any, Any, Callable[[], Any]]:
        """Request a member of staff on shift; returns how to release them."""
        req = self.resource.request(priority=1)
        try:
            yield req
        except BaseException:
            if req.triggered:
                self.resource.release(req)
            else:  # still queued (a boundary event took over): leave the queue
                req.cancel()
            raise
        return functools.partial(self.resource.release, req)

    def work(self, hours: float, case: WorkingCase,
             el: ElementPlan) -> Generator[Any, Any, str]:
        """Do ``hours`` of work on task ``el`` of ``case``, queueing for a member of staff and
        pausing outside opening.

        The case logs the task's start with the staff member's name when the work first
        begins (``case.log(el, "start", name)``); each stretch of work is a `ResourceUse` of
        ``case.id`` and ``el.id``.
        """
        env = self.env
        case_id, element_id = case.id, el.id
        starting = True
        remaining = hours
        name = self.role
        now = requested = env.now
        open_times = self.open
        starts, ends = open_times.starts, open_times.ends
        counted = self.counted
        while True:
            # the opening the work starts in (`next_open`, with its closing at hand)
            i = bisect.bisect_right(ends, now)
            if i >= len(starts):
                yield env.timeout(float("inf"))
            start = starts[i]
            if start > now:
                yield env.timeout(start - now)
            else:
                start = now
            if counted:
                if self.free:
                    self.free -= 1  # a member is free: no queue, no event
                else:
                    yield from self._wait_in_queue()
                release = self._release
            elif self.resource is not None:
                release = yield from self._wait_on_roster()
            else:  # unconstrained
                if starting:
                    case.log(el, "start", name)
                    starting = False
                now = env.now
                close = ends[i] if now == start else open_times.closes_after(now)
                chunk = min(remaining, close - now)
                yield env.timeout(chunk)
                now = env.now
                remaining -= chunk
                if remaining <= 1e-9:
                    return name
                continue
            try:
                granted = env.now
                # the opening found above, unless the wait for staff took the work past it
                close = ends[i] if granted == start else open_times.closes_after(granted)
                if close <= granted:
                    now = granted
                    continue
                free_names = self.free_names
                name = free_names.pop() if free_names else self.role
                if starting:
                    case.log(el, "start", name, granted)
                    starting = False
                chunk = close - granted
                if remaining < chunk:
                    chunk = remaining
                key = object()
                self.active[key] = (case_id, element_id, requested, granted)
                try:
                    yield env.timeout(chunk)
                except GeneratorExit:
                    raise  # closed after the run ended: `close` has recorded it
                except BaseException:
                    self._record(key, env.now, name)
                    raise
                now = released = env.now
                del self.active[key]  # `_record`, written out
                free_names.append(name)
                # `ResourceLog.record`, with the case's and the kind's indices kept at hand
                uses = self.uses
                index = case.use_index
                if index is None:
                    index = case.use_index = uses.case_of(case_id)
                kind = self.kinds.get(element_id)
                if kind is None:
                    kind = self.kinds[element_id] = uses.kind_of((self.role, element_id))
                uses.add(index, kind, requested, granted, released)
                remaining -= chunk
                requested = released
                if remaining <= 1e-9:
                    return name
            finally:
                release()


def default_spec(role: str) -> RoleSpec:
    """A role the scenario does not staff: unconstrained, on the catalogue's hours."""
    return RoleSpec(role, catalogue().role_hours(role).value, None)
