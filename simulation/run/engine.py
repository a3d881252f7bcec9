"""The SimPy engine: runs a compiled protocol plan for each missing episode of a population.

One `Case` per episode holds the tokens of every pool of the collaboration. A token is a SimPy
process that walks sequence flows; it spawns a new process only where the flow splits. Tasks take
a member of staff of their role (`StaffPool.work`); timers count in their calendar; the child's
return arrives as a message from the black-box pool at the episode's end; every deadline of every
task a token reaches is recorded as met, missed or pending (censored) when the run ends.

Only SimPy's public API is used (``env.process``, ``env.timeout``, ``env.now``, event callbacks,
``interrupt``; `tests/simulation/test_engine_simpy_api.py` checks it), so a SimPy release within
the range pinned in pyproject.toml cannot break a run through SimPy's internals.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import math
import random
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from models.data.calendars import (
    LONDON,
    StaffHours,
    WorkingCalendar,
    add_duration,
    duration_parts,
)
from models.data.catalogue import catalogue
from models.data.conditions import Condition, compile_condition, names
from models.data.durations import Duration, parse_duration
from models.data.model import ACTIVITY_KINDS, Distribution
from simulation.run.plan import ElementPlan, Plan
from simulation.run.records import DeadlineStatus, Episode, RunResult, Trigger
from simulation.run.staffing import RoleSpec, StaffPool, default_spec, opening_times
from simulation.run.working_days import WorkingDays

_MET, _MISSED, _PENDING = DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.PENDING
# bound once: an enum member looked up on its class costs ~150 ns a deadline outcome

__all__ = ["Calendars", "Simulation"]

TASKS = ACTIVITY_KINDS
ACTIVITIES = TASKS - {"receiveTask"}
Event = Any


@dataclass(frozen=True, slots=True)
class Calendars:
    """The calendars a run counts in: office (working days), school days, and by role."""

    office: WorkingCalendar
    always: WorkingCalendar
    out_of_hours: WorkingCalendar

    @classmethod
    def england(cls, school_holidays: Sequence[tuple[dt.date, dt.date]] = (),
                years: range = range(2020, 2041)) -> Calendars:
        office = WorkingCalendar.office_hours(school_holidays=school_holidays, years=years)
        return cls(office, WorkingCalendar.always_open(years=years),
                   WorkingCalendar.out_of_hours(office))

    def named(self, name: str) -> WorkingCalendar:
        return {StaffHours.OFFICE_HOURS: self.office, StaffHours.ALWAYS: self.always,
                StaffHours.OUT_OF_HOURS: self.out_of_hours, "roster": self.always}[name]


def sample_hours(dist: Distribution | None, rng: random.Random,
                 params: Mapping[str, float] | None = None) -> float:
    """A processing time in hours from a BPSim distribution (zero when there is none);
    ``params`` is ``dict(dist.params)`` when the caller has it at hand."""
    if dist is None:
        return 0.0
    p = dict(dist.params) if params is None else params
    kind = dist.kind
    if kind == "ConstantParameter":
        return p["value"]
    if kind == "TriangularDistribution":
        lo, mode, hi = p["min"], p["mode"], p["max"]
        return rng.triangular(lo, hi, mode) if hi > lo else lo
    if kind == "UniformDistribution":
        return rng.uniform(p["min"], p["max"])
    if kind == "ExponentialDistribution":
        return rng.expovariate(1.0 / p["mean"])
    if kind == "LogNormalDistribution":
        mean, sd = p["mean"], p["standardDeviation"]
        sigma2 = math.log(1 + (sd / mean) ** 2)
        return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))
    raise ValueError(f"unknown distribution {kind}")


def case_seeds(seed: int, replication: int, count: int) -> list[int]:
    """The seed of each episode's random stream, by its index in the population.

    One stream per episode, so that a protocol variant run on the same population draws the
    same numbers for the same episode (common random numbers). The list for more episodes
    starts with the list for fewer (``SeedSequence.generate_state`` is a prefix of itself).
    """
    state = np.random.SeedSequence([seed, replication]).generate_state(count, np.uint64)
    return [int(s) for s in state]


@functools.lru_cache(maxsize=64)
def _window_hours(window: str) -> float:
    return parse_duration(window).nominal_hours


@functools.lru_cache(maxsize=256)
def _clock_parts(duration: Duration) -> tuple[int, int, int, dt.timedelta]:
    """(years, months, calendar days, elapsed time) as `add_duration` reads a clock duration."""
    years, months, days, hours = duration_parts(duration)
    return years, months, days, dt.timedelta(hours=hours)


@functools.lru_cache(maxsize=16)
def _offset_changes(epoch_utc: dt.datetime, first_hour: int, last_hour: int) -> tuple[float, ...]:
    """Simulation hours (whole UTC hours) at which London's UTC offset changes, in a range."""
    changes = []
    before = (epoch_utc + dt.timedelta(hours=first_hour)).astimezone(LONDON).utcoffset()
    for h in range(first_hour + 1, last_hour + 1):
        now = (epoch_utc + dt.timedelta(hours=h)).astimezone(LONDON).utcoffset()
        if now != before:
            changes.append(float(h))
            before = now
    return tuple(changes)


def episodes_in(starts: Sequence[float], start_hours: float, window: str) -> int:
    """The condition function ``episodes_in(window)``: the child's episodes (sorted ``starts``)
    that began within ``window`` up to and including the one starting at ``start_hours``."""
    hours = _window_hours(window)
    return (bisect.bisect_right(starts, start_hours)
            - bisect.bisect_left(starts, start_hours - hours))


def attribute_defaults() -> dict[str, Any]:
    """Values for catalogue attributes a population does not set: false, the lowest, the first."""
    out: dict[str, Any] = {}
    for name, spec in catalogue().attributes.items():
        kind = spec.get("type")
        if kind == "bool":
            out[name] = False
        elif kind == "int":
            out[name] = int(spec.get("min", 0))
        elif kind == "enum":
            out[name] = spec["values"][0]
    return out


class Simulation:
    """One replication: an environment, staff pools and the cases of a population."""

    def __init__(self, plan: Plan, *, epoch: dt.datetime, horizon_hours: float,
                 warmup_hours: float, staffing: Mapping[str, RoleSpec],
                 calendars: Calendars, seed: int, replication: int = 0,
                 placements: Mapping[str, Plan] | None = None) -> None:
        self.plan, self.epoch = plan, epoch
        self.placements: dict[str, Plan] = dict(placements or {})
        self.horizon_hours, self.warmup_hours = horizon_hours, warmup_hours
        self.calendars, self.seed, self.replication = calendars, seed, replication
        self.env = simpy.Environment()
        self.result = RunResult(plan.authority, replication, seed, horizon_hours, warmup_hours, 0)
        days = int(horizon_hours // 24) + 400
        for p in (plan, *self.placements.values()):
            for e in p.elements.values():
                e.prepare()  # the engine's flags, as the elements now are
        # the plans with a terminate end event: only their cases keep a list of their tokens
        self.terminating = {id(p) for p in (plan, *self.placements.values())
                            if any(e.terminates for e in p.elements.values())}
        roles = {e.role for p in (plan, *self.placements.values())
                 for e in p.elements.values() if e.role}
        self.pools: dict[str, StaffPool] = {}
        for role in sorted(roles):
            spec = staffing.get(role) or default_spec(role)
            self.pools[role] = StaffPool(self.env, spec, calendars.named(spec.calendar), epoch,
                                         days, self.result.resources)
        for role, pool in self.pools.items():
            if pool.constrained:
                self.result.capacity_hours[role] = pool.capacity_hours(warmup_hours,
                                                                       horizon_hours)
        self.history: dict[str, list[float]] = {}
        # event kinds (`EventLog.kind_of`) by plan, then by (element id, lifecycle, resource)
        self.event_kinds: dict[int, dict[tuple[str, str, str], int]] = {}
        self.event_columns = self.result.events.appenders()
        self.attribute_defaults = attribute_defaults()
        self.conditions: dict[int, tuple[Condition, bool]] = {}
        # the cases that owe a deadline, by arrival: a case that owes none and has nothing
        # left to wait for is freed during the run
        self.owing: dict[int, Case] = {}
        self.arrived = 0
        self._epoch_utc = epoch.astimezone(dt.UTC)
        # London's clock changes over the run (and a margin): between two of them a clock
        # duration of whole days is that many times 24 hours, with no datetime arithmetic
        span = int(horizon_hours) + 24 * 400
        self._offset_changes = _offset_changes(self._epoch_utc, -24 * 400, span)
        self._working_days: WorkingDays | None = None
        self._table_days = days

    def at(self, hours: float) -> dt.datetime:
        """The datetime of a simulation time."""
        return (self._epoch_utc + dt.timedelta(hours=hours)).astimezone(LONDON)

    def hours_of(self, t: dt.datetime) -> float:
        return (t.astimezone(dt.UTC) - self._epoch_utc).total_seconds() / 3600

    def after(self, start_hours: float, duration: Duration, calendar: str) -> float:
        """When a timer or deadline of ``duration`` counted in ``calendar`` from a time ends."""
        if calendar == "clock":
            if not (duration.years or duration.months or duration.days):
                return start_hours + duration.hours
            years, months, days, elapsed = _clock_parts(duration)
            if not (years or months):
                # The same microseconds as `add_duration`: the local day and time ``days`` on,
                # which is ``days`` times 24 hours when London's offset does not change between
                # (a day's margin either side), then ``elapsed`` real time.
                changes = self._offset_changes
                i = bisect.bisect_left(changes, start_hours - 26.0)
                if days == 0 or ((i == len(changes) or changes[i] > start_hours + days * 24 + 26)
                                 and changes and changes[0] < start_hours
                                 and changes[-1] > start_hours + days * 24):
                    step = dt.timedelta(hours=start_hours) + dt.timedelta(days=days) + elapsed
                    return step.total_seconds() / 3600
        elif calendar == "working_days" and "W" not in duration.text:
            years, months, days, elapsed = _clock_parts(duration)
            if not (years or months or elapsed):
                table = self._working_days
                if table is None:  # built at the first working-day deadline of the run
                    table = self._working_days = WorkingDays(
                        self.calendars.office,
                        opening_times(self.calendars.office, self.epoch, self._table_days),
                        self.epoch, self._table_days)
                end = table.after(start_hours, days)
                if end is not None:
                    return end
        cal = self.calendars.office
        return self.hours_of(add_duration(self.at(start_hours), duration, calendar, cal))

    def plan_for(self, episode: Episode) -> Plan:
        """The plan an episode runs through: the combined model of its host for a child placed
        out of area in one of ``placements``, else the run's own."""
        child = episode.child
        if child.out_of_area and child.host_authority in self.placements:
            return self.placements[child.host_authority]
        return self.plan

    def run(self, episodes: Sequence[Episode]) -> RunResult:
        """Run every episode to the horizon; deadlines still open then are pending."""
        for ep in episodes:
            self.history.setdefault(ep.child.id, []).append(ep.start_hours)
        for starts in self.history.values():
            starts.sort()
        seeds = case_seeds(self.seed, self.replication, len(episodes))
        # Episodes arrive one after another (each arrival schedules the next), so the event
        # queue holds one future arrival, not the whole year's; a case is made as it arrives.
        arriving = sorted((i for i, ep in enumerate(episodes)
                           if ep.start_hours < self.horizon_hours),
                          key=lambda i: episodes[i].start_hours)
        self.result.episodes = len(arriving)
        upcoming = iter(arriving)

        def arrive(_event: Event = None) -> None:
            now = self.env.now
            for index in upcoming:
                ep = episodes[index]
                if ep.start_hours > now:
                    self.env.timeout(ep.start_hours - now, index).callbacks.append(start)
                    return
                begin(index)

        def begin(index: int) -> None:
            ep = episodes[index]
            rng = random.Random(seeds[index])  # noqa: S311  (simulation draws, not secrets)
            case = Case(self, ep, rng, self.plan_for(ep))
            case.seq = self.arrived
            self.arrived += 1
            case.begin()

        def start(event: Event) -> None:
            begin(event.value)
            arrive()

        arrive()
        # The run builds millions of small records that live on after it; the cyclic collector
        # would scan them again and again as they were made, so it waits until the run is done.
        # Then they go straight to the oldest generation (`gc.freeze` and `gc.unfreeze`), where
        # a young object that survives two collections would end up, without the two scans of
        # millions of objects. The run's own structures are freed by reference counting as
        # soon as it returns: neither a case nor a watch on boundary events refers to itself.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.env.run(until=self.horizon_hours)
            for pool in self.pools.values():
                pool.close(self.horizon_hours)
            for seq in sorted(self.owing):
                self.owing[seq].close(self.horizon_hours)
            self.owing = {}
        finally:
            if collecting:
                gc.freeze()
                gc.unfreeze()
                gc.enable()
        return self.result


class Case:
    """The tokens, messages and deadlines of one episode across all pools."""

    def __init__(self, sim: Simulation, episode: Episode, rng: random.Random,
                 plan: Plan | None = None) -> None:
        self.sim, self.env, self.plan = sim, sim.env, plan or sim.plan
        self.episode, self.rng = episode, rng
        self.id = episode.id
        self.attrs = {**sim.attribute_defaults, **episode.attributes()}
        self.fired: dict[str, float] = {}
        self.mail: dict[str, int] = {}
        self.waiting: dict[str, list[Event]] = {}
        self.joins: dict[str, int] = {}
        self.join_events: dict[str, Event] = {}
        self.owed: list[tuple[ElementPlan, float]] = []
        self.seq = 0
        self.tokens: dict[str, list[simpy.Process]] | None = (
            {} if id(self.plan) in sim.terminating else None)
        self.terminated: set[str] = set()
        # not a method of the case: the case would then refer to itself, and outlive its run
        self.functions: dict[str, Callable[[str], Any]] = {"episodes_in": functools.partial(
            episodes_in, sim.history.get(episode.child.id, []), episode.start_hours)}
        self.events = sim.result.events
        self.event_case = self.events.case_of(self.id)
        self.use_index: int | None = None  # this case's index in the staff uses' columns
        self.event_kinds = sim.event_kinds.setdefault(id(self.plan), {})
        self.add_case, self.add_kind, self.add_time = sim.event_columns
        self.conditions = sim.conditions
        self.authority = self.plan.authority

    # ------------------------------------------------------------------ helpers
    def env_values(self) -> dict[str, Any]:
        ep = self.episode
        now = self.env.now
        end = now if ep.end_hours is None else min(now, ep.end_hours)
        self.attrs["missing_hours"] = max(0, int(end - ep.start_hours))
        return self.attrs

    def holds(self, tree: Any) -> bool:
        compiled = self.conditions.get(id(tree))
        if compiled is None:  # compiled once a run; the plan keeps the tree (and its id) alive
            compiled = self.conditions[id(tree)] = (compile_condition(tree),
                                                    "missing_hours" in names(tree))
        test, timed = compiled
        return bool(test(self.env_values() if timed else self.attrs, self.functions))

    def log(self, el: ElementPlan, lifecycle: str, resource: str = "",
            now: float | None = None) -> None:
        """An event row: the element's kind of row (worked out once a run), at this time
        (``now``, when the caller has it at hand)."""
        key = (el.id, lifecycle, resource)
        kind = self.event_kinds.get(key)
        if kind is None:
            kind = self.event_kinds[key] = self.events.kind_of((
                el.name or el.id, el.id, lifecycle, resource, el.role or "", self.authority,
                el.duty or ""))
        # `EventLog.add`, without a call
        self.add_case(self.event_case)
        self.add_kind(kind)
        self.add_time(self.env.now if now is None else now)

    def spawn(self, element_id: str) -> None:
        """A new token at ``element_id`` (a process of its own, from this instant)."""
        tokens = self.tokens
        if tokens is None:  # nothing in the plan terminates a process
            self.env.process(self.walk(element_id))
            return
        el = self.plan.elements[element_id]
        if el.process in self.terminated:
            return
        proc = self.env.process(self.walk(element_id))
        tokens.setdefault(el.process, []).append(proc)

    # ------------------------------------------------------------------ start
    def begin(self, _event: Event = None) -> None:
        """The episode starts (a callback of the timeout that ends at its start)."""
        ep = self.episode
        for start in self.plan.none_starts:
            self.spawn(start)
        for start in self.plan.conditional_starts:
            el = self.plan.elements[start]
            if el.condition is not None and self.holds(el.condition):
                self.sim.result.triggers.append(Trigger(self.id, el.id, el.name, self.env.now))
                self.spawn(start)
        if ep.end_hours is not None:
            self.env.timeout(max(0.0, ep.end_hours - self.env.now)).callbacks.append(
                self.world_return)

    def world_return(self, _event: Event = None) -> None:
        """The child returns (a callback of the timeout that ends then)."""
        self.fired.setdefault("__returned__", self.env.now)
        for mf in self.plan.world_messages:
            self.deliver(mf)

    # ------------------------------------------------------------------ messages
    def send(self, el: ElementPlan) -> None:
        for mf in el.sends:
            lat = self.plan.message_latency.get(mf)
            if lat is None:
                self.deliver(mf)
            else:
                delay = max(0.0, self.sim.after(self.env.now, lat, "clock") - self.env.now)
                self.env.timeout(delay, mf).callbacks.append(self._late)

    def _late(self, event: Event) -> None:
        """A message with a latency arrives (a callback of its timeout, valued with its id)."""
        self.deliver(event.value)

    def deliver(self, mf: str) -> None:
        target = self.plan.message_targets[mf]
        if mf in self.plan.message_starts:
            if target not in self.fired:
                self.spawn(target)
            return
        waiters = self.waiting.get(target)
        while waiters:
            ev = waiters.pop(0)
            if not ev.triggered:
                ev.succeed(mf)
                return
        self.mail[target] = self.mail.get(target, 0) + 1

    def message_event(self, element_id: str) -> Event:
        """An event that succeeds when a message for the element is (or already was) there."""
        ev = self.env.event()
        if self.mail.get(element_id, 0) > 0:
            self.mail[element_id] -= 1
            ev.succeed(None)
        else:
            self.waiting.setdefault(element_id, []).append(ev)
        return ev

    def forget(self, element_id: str, ev: Event) -> None:
        waiters = self.waiting.get(element_id, [])
        if ev in waiters:
            waiters.remove(ev)

    # ------------------------------------------------------------------ timers
    def timer_event(self, el: ElementPlan) -> Event:
        assert el.timer is not None
        duration, calendar = el.timer, el.timer_calendar
        if el.timer_change is not None:
            anchor, after, later = el.timer_change
            since = self.fired.get(anchor)
            if since is not None and self.env.now - since >= after.nominal_hours:
                duration = later
        since = self.env.now
        if el.timer_anchor is not None and el.id not in self.fired:
            # the anchor sets the first firing; a timer in a loop counts later turns from
            # the token's arrival ("missing three days, then every five days")
            anchored = self.anchor_time(el.timer_anchor)
            if anchored is not None:
                since = anchored
        due = self.sim.after(since, duration, calendar)
        return self.env.timeout(max(0.0, due - self.env.now))

    def anchor_time(self, anchor: str) -> float | None:
        """When an anchor happened in this episode: an environment event (the child going
        missing, returning) or a flow node's first completion; None if it has not (yet)."""
        if anchor == "missing":
            return self.episode.start_hours
        if anchor == "returned":
            return self.fired.get("__returned__")
        return self.fired.get(anchor)

    # ------------------------------------------------------------------ walking
    def walk(self, element_id: str) -> Generator[Event, Any, None]:
        """Carry a token from ``element_id`` along the flow until it ends, waits or splits."""
        elements = self.plan.elements
        env = self.env
        pools = self.sim.pools
        fired = self.fired
        current: str | None = element_id
        while current is not None:
            el = elements[current]
            nxt: Sequence[str]
            if not el.waits:
                # an element no token waits at (`ElementPlan.waits` false), handled here: most
                # elements a token reaches are gateways and events it passes straight through
                if el.joins:
                    count = self.joins.get(el.id, 0) + 1
                    if count < el.incoming_count:
                        self.joins[el.id] = count
                        return
                    self.joins[el.id] = 0
                if el.throws:
                    self.send(el)
                now = env.now
                if el.id not in fired:
                    fired[el.id] = now
                if el.is_event:
                    self.log(el, "complete", "", now)
                if el.terminates:
                    self.terminate(el.process)
                    return
                nxt = self.choose(el) if el.choice else el.targets
            elif el.plain_task:
                # a task no boundary event can cut short, done in this token's own process
                # (`perform`, written out here for the common case: work with staff)
                arrived = env.now
                if el.deadlines:
                    self.owe(el, arrived)
                pool = pools.get(el.role or "")
                try:
                    if pool is None or el.kind == "receiveTask":
                        yield from self.perform(el)
                    else:
                        hours = sample_hours(el.processing_time, self.rng, el.time_params)
                        name = yield from pool.work(hours, self, el)
                        self.log(el, "complete", name, env.now)
                        if el.sends:
                            self.send(el)
                except simpy.Interrupt:
                    return
                now = env.now  # `finish`, written out
                if el.id not in fired:
                    fired[el.id] = now
                if el.deadlines:  # only a task with deadlines is owed
                    self.paid(el, arrived)
                    self._outcome(el, now, None)
                nxt = self.choose(el) if el.choice else el.targets
            else:
                try:
                    nxt = yield from self.handle(el)
                except simpy.Interrupt:
                    return
            current = None
            for target in nxt:
                if current is None:
                    current = target
                else:
                    self.spawn(target)

    def mark(self, el: ElementPlan) -> None:
        self.fired.setdefault(el.id, self.env.now)
        if el.is_event:
            self.log(el, "complete")

    def choose(self, el: ElementPlan) -> Sequence[str]:
        if not el.choice:  # a parallel gateway, or a single way on
            return el.targets
        if el.chance:
            u = self.rng.random()
            acc = 0.0
            default = None
            for b in el.branches:
                if b.is_default:
                    default = b.target
                    continue
                acc += b.probability or 0.0
                if u < acc:
                    return [b.target]
            return [default] if default else [el.branches[-1].target]
        default = None
        for b in el.branches:
            if b.is_default:
                default = b.target
            elif b.condition is None or self.holds(b.condition):
                return [b.target]
        return [default] if default else []

    def handle(self, el: ElementPlan) -> Generator[Event, Any, Sequence[str]]:
        """An element a token may wait at (`ElementPlan.waits`): where the token goes on."""
        kind = el.kind
        if kind == "eventBasedGateway":
            return (yield from self.race(el))
        if kind in TASKS:
            done = yield from self.activity(el)
            if not done:
                return []
            return self.choose(el)
        if kind == "intermediateCatchEvent":
            if el.event == "timer":
                yield self.timer_event(el)
            elif el.event == "message":
                yield self.message_event(el.id)
            elif el.event == "conditional" and el.condition is not None:
                yield from self.until_condition(el)
        self.mark(el)
        return self.choose(el)

    def until_condition(self, el: ElementPlan) -> Generator[Event, Any, None]:
        """Wait until a conditional event's condition holds, looking again every hour."""
        try:
            while not self.holds(el.condition):
                yield self.env.timeout(1.0)
        except simpy.Interrupt:
            yield self.env.timeout(math.inf)

    def race(self, el: ElementPlan) -> Generator[Event, Any, Sequence[str]]:
        """An event-based gateway: the first of its timers and messages to happen wins."""
        self.mark(el)
        events: dict[Event, str] = {}
        for b in el.branches:
            target = self.plan.elements[b.target]
            if target.event == "timer":
                events[self.timer_event(target)] = target.id
            else:
                events[self.message_event(target.id)] = target.id
        happened: Any = ()
        try:
            happened = yield self.env.any_of(list(events))
        finally:
            # a Timeout counts as triggered from its creation: ask what has happened instead
            winner = next((t for ev, t in events.items() if ev in happened), None)
            for ev, t in events.items():
                if t != winner and self.plan.elements[t].event == "message":
                    if ev.triggered:
                        self.mail[t] = self.mail.get(t, 0) + 1
                    else:
                        self.forget(t, ev)
        assert winner is not None
        target = self.plan.elements[winner]
        self.mark(target)
        return self.choose(target)

    def activity(self, el: ElementPlan) -> Generator[Event, Any, bool]:
        """Run a task with its boundary events (one without any is done in `walk`); False when
        an interrupting boundary took over."""
        arrived = self.env.now
        if el.deadlines:
            self.owe(el, arrived)
        # The token does the work itself; each boundary event calls `Watch.fire` when it
        # happens. A non-interrupting one starts its branch there and then; an interrupting one
        # stops listening for the others and interrupts the token, with itself as the cause.
        token = self.env.active_process
        assert token is not None
        watch = Watch(self, token)
        for bid in el.boundaries:
            b = self.plan.elements[bid]
            if b.event == "timer":
                ev = self.timer_event(b)
            elif b.event == "message":
                ev = self.message_event(b.id)
            elif b.event == "conditional" and b.condition is not None:
                ev = self.env.process(self.until_condition(b))
            else:
                continue
            watch.pending[ev] = b
            ev.callbacks.append(watch.fire)
        try:
            yield from self.perform(el)
        except simpy.Interrupt as stop:
            watch.drop()
            cause = stop.cause
            if not isinstance(cause, ElementPlan) or cause.attached_to != el.id:
                raise  # the process was terminated
            self.interrupted(el, arrived)
            for target in self.choose(cause):
                self.spawn(target)
            return False
        watch.drop()
        self.finish(el, arrived)
        return True

    def perform(self, el: ElementPlan) -> Generator[Event, Any, None]:
        """The task itself: wait for its message, or do the work with a member of staff."""
        if el.kind == "receiveTask":
            ev = self.message_event(el.id) if el.receives else self.env.timeout(math.inf)
            try:
                yield ev
            except simpy.Interrupt:
                self.forget(el.id, ev)
                raise
            self.log(el, "complete")
            return
        hours = sample_hours(el.processing_time, self.rng, el.time_params)
        pool = self.sim.pools.get(el.role or "")
        name = el.role or ""
        if pool is not None:
            name = yield from pool.work(hours, self, el)
        else:
            self.log(el, "start", name)
            if hours > 0:
                yield self.env.timeout(hours)
        self.log(el, "complete", name)
        if el.sends:
            self.send(el)

    # ------------------------------------------------------------------ deadlines
    def _outcome(self, el: ElementPlan, done: float | None, horizon: float | None) -> None:
        for d in el.deadlines:
            anchor = self.anchor_time(d.anchor)
            if anchor is None:
                continue
            due = self.sim.after(anchor, d.limit, d.calendar)
            if done is not None:
                status = _MET if done <= due + 1e-9 else _MISSED
                late = max(0.0, done - due)
            else:
                assert horizon is not None
                status = _PENDING if horizon < due else _MISSED
                late = max(0.0, horizon - due)
            self.sim.result.deadlines.record(
                self.id, self.plan.authority, el.id, d.name, d.duty, anchor, due, done, status,
                late, self.episode.child.out_of_area, self.episode.child.looked_after)

    def owe(self, el: ElementPlan, arrived: float) -> None:
        """A task with deadlines is reached: owed until done, cut short, or the run ends."""
        self.owed.append((el, arrived))
        self.sim.owing[self.seq] = self

    def paid(self, el: ElementPlan, arrived: float) -> None:
        self.owed = [(e, t) for e, t in self.owed if not (e is el and t == arrived)]
        if not self.owed:
            self.sim.owing.pop(self.seq, None)

    def finish(self, el: ElementPlan, arrived: float) -> None:
        now = self.env.now
        self.fired.setdefault(el.id, now)
        if el.deadlines:  # only a task with deadlines is owed
            self.paid(el, arrived)
            self._outcome(el, now, None)

    def interrupted(self, el: ElementPlan, arrived: float) -> None:
        """A task cut short by its boundary: its deadline is missed only if already overdue."""
        self.paid(el, arrived)
        for d in el.deadlines:
            anchor = self.anchor_time(d.anchor)
            if anchor is not None and self.env.now > self.sim.after(anchor, d.limit, d.calendar):
                self._outcome(el, None, self.env.now)
                return

    def terminate(self, process: str) -> None:
        self.terminated.add(process)
        for proc in (self.tokens or {}).get(process, []):
            if proc.is_alive and proc is not self.env.active_process:
                proc.interrupt()

    def close(self, horizon: float) -> None:
        """At the end of the run: tasks reached but not done are pending (or known missed)."""
        for el, _arrived in self.owed:
            self._outcome(el, None, horizon)
        self.owed = []


class Watch:
    """The boundary events of a task one token is doing; `fire` is their callback."""

    __slots__ = ("case", "pending", "token")

    def __init__(self, case: Case, token: simpy.Process) -> None:
        self.case, self.token = case, token
        self.pending: dict[Event, ElementPlan] = {}

    def fire(self, ev: Event) -> None:
        b = self.pending.pop(ev, None)
        if b is None:
            return
        case = self.case
        case.mark(b)
        if b.cancel_activity:
            self.drop()
            self.token.interrupt(b)
            return
        for target in case.choose(b):
            case.spawn(target)

    def drop(self) -> None:
        """Stop listening for the boundary events that did not happen."""
        case, fire = self.case, self.fire
        for ev, b in self.pending.items():
            if ev.callbacks is not None and fire in ev.callbacks:
                ev.callbacks.remove(fire)
            if b.event == "message" and ev.triggered:
                case.mail[b.id] = case.mail.get(b.id, 0) + 1
                continue
            if b.event == "message":
                case.forget(b.id, ev)
            elif isinstance(ev, simpy.Process) and ev.is_alive:
                ev.interrupt()
        self.pending.clear()
