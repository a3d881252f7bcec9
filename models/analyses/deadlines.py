"""Static deadline reachability: can each deadline be met at all, for each hour of the week?

For a deadline on task T (``ms:deadline``: anchor element A, limit, calendar), and for each of
the 168 anchor hours of a reference week, the *earliest possible completion* of T when A happens
at that hour is found by a time-dependent earliest-arrival search over the model's sequence
flows, boundary attachments and message flows. The search assumes the best case everywhere but
in the calendars: no queueing, every task takes its minimum processing time, every choice goes
the quickest way. So a deadline this analysis calls unreachable at an hour is missed at that hour
whatever the staffing; one it calls reachable may still be missed in a simulation.

Rules of the search (times are instants; every step is monotone, so a Dijkstra-style label
setting over "token arrives", "message arrives" and "done" of each element is exact):

- a task starts at the next opening of its role's calendar (catalogue ``hours``: office =
  Monday to Friday 09:00-17:00 less bank holidays, out_of_hours = the complement, always =
  24/7; or a calendar given per role) and takes its minimum processing time worked in it
  (``add_working_hours``), so a task reached at 18:00 on a Friday by an office role starts on
  Monday at 09:00; a receive task only waits for its message;
- an intermediate timer elapses ``add_duration`` in its calendar (working calendars count in
  office hours, as in the simulator); a boundary timer is a way out of its host at the host's
  start plus its duration; a message boundary at the later of the host's start and the message;
- exclusive and event-based gateways take the earliest branch; a parallel join waits for the
  latest of its inputs that are downstream of A (the others are assumed done already);
- a message catch, receive task or message start waits for the message's earliest arrival
  (the sender's completion plus ``ms:latency``); a message from a black-box pool (the child
  returning, being found) or from a sender not downstream of A is assumed there at the anchor
  time; a conditional event is assumed true as soon as it is reached.

The anchor is a flow node or an environment event: ``missing`` (the episode's start: every none,
timer and conditional start event follows it) or ``returned`` (the child's return: every message
from a black-box pool leaves it). A timer with an ``ms:anchor`` is done at the later of its
arrival and anchor time + duration; an anchor the search has not timed (not downstream of A, or
``missing`` in a search from another anchor) is taken as long past, the best case.

The due time is ``add_duration(anchor, limit, calendar)`` with the office calendar, as in the
simulator; the deadline can be met at an hour iff the earliest completion is not after it. An
``immediate`` deadline is decided against its tolerance (default ``PT1H`` on the clock).

Pure functions: no simulation imports.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from models.data.calendars import (
    LONDON,
    WorkingCalendar,
    add_duration,
    add_working_hours,
    next_open,
    staff_hours,
)
from models.data.catalogue import catalogue
from models.data.durations import Duration, parse_duration
from models.data.model import (
    ACTIVITY_KINDS,
    ENVIRONMENT_EVENTS,
    Citation,
    Deadline,
    Element,
    ProtocolModel,
)

__all__ = [
    "ALWAYS",
    "BANK_HOLIDAY_WEEK",
    "NEVER",
    "NOT_REACHABLE",
    "REFERENCE_WEEK",
    "SOME_HOURS",
    "DeadlineReach",
    "HourResult",
    "WeekReach",
    "deadline_reachability",
    "earliest_completions",
    "hour_label",
    "hour_ranges",
    "role_calendars",
]

REFERENCE_WEEK = dt.datetime(2027, 1, 11, tzinfo=LONDON)
"""Monday 11 January 2027 00:00: a week with no bank holiday and no clock change."""
BANK_HOLIDAY_WEEK = dt.datetime(2027, 5, 25, tzinfo=LONDON)
"""Tuesday 25 May 2027 00:00: the 7 days up to and including the late-May bank holiday, Monday
31 May 2027, so every hour of the week appears once and Friday-evening anchors meet the long
weekend."""

ALWAYS = "always"
SOME_HOURS = "some hours"
NEVER = "never"
NOT_REACHABLE = "not reachable from its anchor"

_HOURS = 168
_EPS = 1e-9


# ---------------------------------------------------------------------------------- calendars
@functools.cache
def _calendar(name: str, first_year: int, last_year: int) -> WorkingCalendar:
    years = range(first_year, last_year + 1)
    office = WorkingCalendar.office_hours(years=years)
    if name == "office_hours":
        return office
    if name == "always":
        return WorkingCalendar.always_open(years=years)
    if name == "out_of_hours":
        return WorkingCalendar.out_of_hours(office)
    msg = f"unknown calendar '{name}' (expected office_hours, always or out_of_hours)"
    raise ValueError(msg)


def _years_for(*starts: dt.datetime) -> tuple[int, int]:
    return min(s.year for s in starts) - 1, max(s.year for s in starts) + 3


def role_calendars(
    model: ProtocolModel,
    staffing: Mapping[str, str | WorkingCalendar] | None = None,
    *,
    years: tuple[int, int] = (2025, 2031),
) -> dict[str, WorkingCalendar]:
    """The working calendar of every role with a task in ``model``.

    Parameters
    ----------
    model : ProtocolModel
    staffing : mapping of role to calendar name or WorkingCalendar, optional
        Overrides the catalogue's ``hours`` for the roles given; names are ``office_hours``,
        ``always`` and ``out_of_hours`` (a scenario's staffing names; ``office`` also works).
    years : (int, int)
        First and last year whose bank holidays the named calendars know.

    Returns
    -------
    dict of role to WorkingCalendar
    """
    roles = catalogue().roles
    given = dict(staffing or {})
    out: dict[str, WorkingCalendar] = {}
    for el in model.elements.values():
        if el.task is None or el.task.role in out:
            continue
        role = el.task.role
        choice = given.get(role, roles.get(role, {}).get("hours", "office"))
        if isinstance(choice, WorkingCalendar):
            out[role] = choice
            continue
        hours = staff_hours(str(choice))
        if hours is None:
            msg = (f"role '{role}': calendar '{choice}' is not one of office_hours, always, "
                   "out_of_hours")
            raise ValueError(msg)
        out[role] = _calendar(hours.value, *years)
    return out


# ---------------------------------------------------------------------------------- the net
@dataclass(frozen=True, slots=True)
class _MessageIn:
    source: str
    latency: Duration | None
    black_box: bool


class _Net:
    """The model's flow structure, indexed for the search (built once per model)."""

    def __init__(self, model: ProtocolModel) -> None:
        els = model.elements
        self.model = model
        self.els = els
        self.black_boxes = {p.id for p in model.participants.values() if not p.process}
        self.seq_succ: dict[str, list[str]] = {e: [] for e in els}
        self.seq_pred: dict[str, list[str]] = {e: [] for e in els}
        for f in model.sequence_flows():
            if f.source in els and f.target in els:
                self.seq_succ[f.source].append(f.target)
                self.seq_pred[f.target].append(f.source)
        self.msg_out: dict[str, list[tuple[str, Duration | None]]] = {e: [] for e in els}
        self.msg_in: dict[str, list[_MessageIn]] = {e: [] for e in els}
        for f in model.message_flows():
            if f.target not in els:
                continue
            latency = parse_duration(f.latency) if f.latency else None
            if f.source in els:
                self.msg_out[f.source].append((f.target, latency))
                self.msg_in[f.target].append(_MessageIn(f.source, latency, False))
            elif f.source in self.black_boxes:
                self.msg_in[f.target].append(_MessageIn(f.source, latency, True))
        self.boundaries: dict[str, list[str]] = {e: [] for e in els}
        for el in els.values():
            if el.kind == "boundaryEvent" and el.attached_to in els:
                self.boundaries[el.attached_to].append(el.id)
        # The environment events are nodes of their own (no flow node may take their names):
        # ``missing`` precedes every start event the episode's start starts (none, timer and
        # conditional starts), ``returned`` sends the black-box messages (the child's return).
        starts = [e.id for e in els.values() if e.kind == "startEvent"
                  and e.event in (None, "none", "timer", "conditional")]
        returns = [(f.target, parse_duration(f.latency) if f.latency else None)
                   for f in model.message_flows()
                   if f.source in self.black_boxes and f.target in els]
        for event in ENVIRONMENT_EVENTS:
            self.boundaries[event], self.msg_in[event], self.seq_pred[event] = [], [], []
        self.seq_succ["missing"], self.msg_out["missing"] = starts, []
        self.seq_succ["returned"], self.msg_out["returned"] = [], returns
        for s in starts:
            self.seq_pred[s].append("missing")
        self._reach: dict[str, frozenset[str]] = {}
        self._start: dict[str, tuple[dict[str, list[str]],
                                     list[tuple[_Key, _Key | None]]]] = {}
        self.timer_durations = {e.id: parse_duration(e.timer.duration) for e in els.values()
                                if e.timer is not None}

    def downstream(self, anchor: str) -> frozenset[str]:
        """Elements reachable from ``anchor`` by sequence, attachment and message (with it)."""
        if anchor not in self._reach:
            seen, stack = {anchor}, [anchor]
            while stack:
                cur = stack.pop()
                nxt = [*self.seq_succ[cur], *self.boundaries[cur],
                       *(t for t, _ in self.msg_out[cur])]
                for n in nxt:
                    if n not in seen:
                        seen.add(n)
                        stack.append(n)
            self._reach[anchor] = frozenset(seen)
        return self._reach[anchor]

    def start_state(self, anchor: str) -> tuple[dict[str, list[str]],
                                                list[tuple[_Key, _Key | None]]]:
        """For a search from ``anchor`` (computed once per anchor): each element's token
        predecessors downstream of it, and what is there at the anchor time, namely the inputs
        not downstream of the anchor."""
        found = self._start.get(anchor)
        if found is not None:
            return found
        els, reach = self.els, self.downstream(anchor)
        preds = {e: [p for p in self.seq_pred[e] if p in reach] for e in reach}
        initial: list[tuple[_Key, _Key | None]] = []
        for eid in (e for e in els if e in reach):  # the file's order, not the set's (hashing)
            if eid == anchor:
                continue
            el = els[eid]
            if el.kind == "boundaryEvent":
                if el.attached_to not in reach or el.attached_to == anchor:
                    initial.append((("arr", eid), None))
            elif not preds[eid]:
                initial.append((("arr", eid), None))
            if self.receives(el):
                for m in self.msg_in[eid]:
                    if m.black_box or m.source not in reach:
                        initial.append((("msg", eid),
                                        ("black", m.source) if m.black_box else None))
                        break
        self._start[anchor] = (preds, initial)
        return preds, initial

    def receives(self, el: Element) -> bool:
        """Whether the element waits for a message."""
        if el.kind == "receiveTask":
            return True
        return el.event == "message" and el.kind in (
            "intermediateCatchEvent", "startEvent", "boundaryEvent")

    def is_join(self, el: Element) -> bool:
        return el.kind == "parallelGateway" and len(self.seq_pred[el.id]) > 1


class _Clock:
    """Memoised calendar arithmetic (the same instants recur across anchor hours)."""

    def __init__(self, calendars: Mapping[str, WorkingCalendar], office: WorkingCalendar) -> None:
        self.calendars, self.office = calendars, office
        self._work: dict[tuple[int, dt.datetime, float], dt.datetime] = {}
        self._add: dict[tuple[dt.datetime, str, str], dt.datetime] = {}

    def work(self, role: str, t: dt.datetime, hours: float) -> dt.datetime:
        cal = self.calendars.get(role, self.office)
        key = (id(cal), t, hours)
        found = self._work.get(key)
        if found is None:
            found = add_working_hours(cal, next_open(cal, t), hours)
            self._work[key] = found
        return found

    def add(self, t: dt.datetime, duration: Duration, calendar: str) -> dt.datetime:
        key = (t, duration.text, calendar)
        found = self._add.get(key)
        if found is None:
            found = add_duration(t, duration, calendar, self.office)
            self._add[key] = found
        return found


# ------------------------------------------------------------------------------- the search
_Key = tuple[str, str]  # ("arr" | "msg" | "done", element id)


def _search(net: _Net, clock: _Clock, anchor: str, t0: dt.datetime,
            targets: Iterable[str]) -> tuple[dict[_Key, dt.datetime], dict[_Key, _Key | None]]:
    """Earliest times of every element downstream of ``anchor``; stops once targets are done."""
    els = net.els
    reach = net.downstream(anchor)
    wanted = {t for t in targets if t in reach}
    final: dict[_Key, dt.datetime] = {}
    parent: dict[_Key, _Key | None] = {}
    heap: list[tuple[dt.datetime, int, _Key, _Key | None]] = []
    counter = 0
    join_inputs: dict[str, dict[str, dt.datetime]] = {}

    def push(t: dt.datetime, key: _Key, cause: _Key | None) -> None:
        nonlocal counter
        if key not in final:
            counter += 1
            heapq.heappush(heap, (t, counter, key, cause))

    preds, initial = net.start_state(anchor)

    def token_preds(eid: str) -> list[str]:
        return preds[eid]

    for key, cause in initial:
        push(t0, key, cause)
    push(t0, ("done", anchor), None)

    def try_done(eid: str) -> None:
        if ("done", eid) in final or ("arr", eid) not in final:
            return
        el = els[eid]
        arr = final[("arr", eid)]
        cause: _Key = ("arr", eid)
        if net.receives(el):
            if ("msg", eid) not in final:
                return
            msg = final[("msg", eid)]
            if msg > arr or el.kind == "startEvent":
                arr, cause = msg, ("msg", eid)
        if el.kind in ACTIVITY_KINDS and el.kind != "receiveTask":
            spec = el.task
            hours = spec.processing_time.minimum_hours if spec and spec.processing_time else 0.0
            done = clock.work(spec.role if spec else "", arr, hours)
        elif el.event == "timer" and el.timer is not None:
            duration = net.timer_durations[eid]
            fixed = el.timer.anchor
            if fixed is None:
                done = clock.add(arr, duration, el.timer.calendar)
            else:
                # an anchored timer: anchor time + duration, at once if that is past; an anchor
                # this search has not timed happened long enough ago (the best case)
                since = t0 if fixed == anchor else final.get(("done", fixed))
                done = arr if since is None else max(
                    arr, clock.add(since, duration, el.timer.calendar))
        else:
            done = arr
        push(done, ("done", eid), cause)

    while heap and wanted:
        t, _, key, cause = heapq.heappop(heap)
        if key in final:
            continue
        final[key] = t
        parent[key] = cause
        kind, eid = key
        if kind in ("arr", "msg"):
            if kind == "arr":
                for b in net.boundaries[eid]:
                    if b in reach:
                        push(t, ("arr", b), key)
            try_done(eid)
            continue
        wanted.discard(eid)
        for nxt in net.seq_succ[eid]:
            if net.is_join(els[nxt]):
                got = join_inputs.setdefault(nxt, {})
                got[eid] = t
                need = token_preds(nxt)
                if all(p in got for p in need):
                    last = max(need, key=lambda p: got[p])
                    push(got[last], ("arr", nxt), ("done", last))
            else:
                push(t, ("arr", nxt), key)
        for target, latency in net.msg_out[eid]:
            when = t if latency is None else clock.add(t, latency, "clock")
            push(when, ("msg", target), key)
    return final, parent


def _path(parent: Mapping[_Key, _Key | None], target: str) -> tuple[str, ...]:
    out: list[str] = []
    key: _Key | None = ("done", target)
    guard = 0
    while key is not None and guard < 10_000:
        guard += 1
        if not out or out[-1] != key[1]:
            out.append(key[1])
        key = parent.get(key) if key[0] != "black" else None
    return tuple(reversed(out))


def earliest_completions(
    model: ProtocolModel,
    anchor: str,
    at: dt.datetime,
    targets: Iterable[str] | None = None,
    *,
    calendars: Mapping[str, WorkingCalendar] | None = None,
) -> dict[str, tuple[dt.datetime, tuple[str, ...]]]:
    """The earliest completion of each reachable target when ``anchor`` happens at ``at``.

    Parameters
    ----------
    model : ProtocolModel
    anchor : str
        Element id whose completion (or occurrence) is at ``at``.
    at : datetime
        Timezone-aware anchor time.
    targets : iterable of str, optional
        Element ids wanted; default every element downstream of the anchor.
    calendars : mapping of role to WorkingCalendar, optional
        Default ``role_calendars(model)``.

    Returns
    -------
    dict
        Element id to (earliest completion in Europe/London, path of element ids from the
        anchor, or from the black-box pool whose message it waited for). Targets that cannot
        be reached are left out.
    """
    net = _Net(model)
    years = _years_for(at)
    cals = dict(calendars) if calendars is not None else role_calendars(model, years=years)
    clock = _Clock(cals, _calendar("office_hours", *years))
    wanted = list(targets) if targets is not None else sorted(net.downstream(anchor))
    final, parent = _search(net, clock, anchor, at, wanted)
    return {t: (final[("done", t)].astimezone(LONDON), _path(parent, t))
            for t in wanted if ("done", t) in final}


# ------------------------------------------------------------------------------ the results
@dataclass(frozen=True, slots=True)
class HourResult:
    """One anchor hour: when the deadline falls due and the earliest the task can be done."""

    anchor_time: dt.datetime
    due: dt.datetime
    earliest: dt.datetime | None
    path: tuple[str, ...]

    @property
    def slack_hours(self) -> float | None:
        """Hours from the earliest completion to the due time (negative: missed)."""
        if self.earliest is None:
            return None
        return (self.due - self.earliest).total_seconds() / 3600

    @property
    def met(self) -> bool:
        slack = self.slack_hours
        return slack is not None and slack >= -_EPS


@dataclass(frozen=True, slots=True)
class WeekReach:
    """A deadline over the 168 anchor hours of one week."""

    week_start: dt.datetime
    hours: tuple[HourResult, ...]

    @property
    def classification(self) -> str:
        if all(h.earliest is None for h in self.hours):
            return NOT_REACHABLE
        met = sum(h.met for h in self.hours)
        return ALWAYS if met == len(self.hours) else NEVER if met == 0 else SOME_HOURS

    @property
    def unmet(self) -> tuple[int, ...]:
        """Indices (hours after ``week_start``) of the anchor hours when it cannot be met."""
        return tuple(i for i, h in enumerate(self.hours) if not h.met)

    @property
    def unmet_ranges(self) -> str:
        return hour_ranges(self.unmet, self.week_start)

    def _slacks(self) -> list[tuple[float, int]]:
        return [(s, i) for i, h in enumerate(self.hours) if (s := h.slack_hours) is not None]

    @property
    def worst_slack(self) -> float | None:
        s = self._slacks()
        return min(s)[0] if s else None

    @property
    def best_slack(self) -> float | None:
        s = self._slacks()
        return max(s)[0] if s else None

    @property
    def worst_hour(self) -> int | None:
        """The first anchor hour with the least slack."""
        s = self._slacks()
        return min(s, key=lambda x: (x[0], x[1]))[1] if s else None

    @property
    def worst_path(self) -> tuple[str, ...]:
        i = self.worst_hour
        return self.hours[i].path if i is not None else ()


@dataclass(frozen=True, slots=True)
class DeadlineReach:
    """The reachability of one deadline, with its source, in the reference and holiday weeks."""

    model: str
    authority: str
    task: str
    task_label: str
    duty: str
    duty_label: str
    role: str
    role_label: str
    deadline: Deadline
    anchor_label: str
    citation: Citation | None
    reference: WeekReach
    bank_holiday: WeekReach

    @property
    def classification(self) -> str:
        return self.reference.classification

    @property
    def bank_holiday_extra(self) -> str:
        """Anchor hours met in the reference week but not in the bank-holiday week."""
        ref = {_hour_of_week(self.reference, i) for i in self.reference.unmet}
        extra = [i for i in self.bank_holiday.unmet
                 if _hour_of_week(self.bank_holiday, i) not in ref]
        return hour_ranges(extra, self.bank_holiday.week_start, dated=True)

    def as_dict(self) -> dict[str, object]:
        def week(w: WeekReach) -> dict[str, object]:
            worst = w.worst_hour
            return {
                "week_start": w.week_start.isoformat(),
                "classification": w.classification,
                "unmet": w.unmet_ranges if w is self.reference else
                hour_ranges(w.unmet, w.week_start, dated=True),
                "unmet_hours": list(w.unmet),
                "best_slack_hours": _round(w.best_slack),
                "worst_slack_hours": _round(w.worst_slack),
                "worst_anchor": (w.hours[worst].anchor_time.isoformat()
                                 if worst is not None else None),
                "worst_path": list(w.worst_path),
                "slack_hours": [_round(h.slack_hours) for h in w.hours],
            }
        d = self.deadline
        return {
            "model": self.model, "authority": self.authority, "task": self.task,
            "task_label": self.task_label, "duty": self.duty, "duty_label": self.duty_label,
            "role": self.role, "role_label": self.role_label, "deadline": d.name,
            "anchor": d.anchor, "anchor_label": self.anchor_label, "kind": d.kind,
            "limit": d.limit,
            "calendar": d.calendar, "modality": d.modality,
            "section": self.citation.section if self.citation else "",
            "quote": self.citation.quote if self.citation else "",
            "classification": self.classification,
            "reference_week": week(self.reference),
            "bank_holiday_week": week(self.bank_holiday),
            "bank_holiday_extra_unmet": self.bank_holiday_extra,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _hour_of_week(w: WeekReach, i: int) -> int:
    t = w.hours[i].anchor_time
    return t.weekday() * 24 + t.hour


def _deadline_citation(el: Element, d: Deadline) -> Citation | None:
    """The task citation that best matches the deadline's name (numbers count most)."""
    if not el.citations:
        return None
    words = set(re.findall(r"[a-z0-9]+", d.name.lower()))

    def score(c: Citation) -> tuple[int, int]:
        quote = set(re.findall(r"[a-z0-9]+", c.quote.lower()))
        shared = words & quote
        return (sum(5 if w.isdigit() else 1 for w in shared if len(w) > 2 or w.isdigit()),
                c.modality == d.modality)

    return max(el.citations, key=score)


def _week(net: _Net, clock: _Clock, anchor: str, targets: Sequence[tuple[str, Deadline]],
          start: dt.datetime) -> dict[tuple[str, str], WeekReach]:
    rows: dict[tuple[str, str], list[HourResult]] = {(t, d.name): [] for t, d in targets}
    base = start.astimezone(dt.UTC)
    ids = {t for t, _ in targets}
    reach = net.downstream(anchor) if anchor in net.seq_succ else frozenset()
    limits = {d.limit: parse_duration(d.limit) for _, d in targets}
    for i in range(_HOURS):
        t0 = (base + dt.timedelta(hours=i)).astimezone(LONDON)
        if reach & ids:
            final, parent = _search(net, clock, anchor, t0, ids)
        else:
            final, parent = {}, {}
        for task, d in targets:
            due = clock.add(t0, limits[d.limit], d.calendar)
            done = final.get(("done", task))
            rows[(task, d.name)].append(HourResult(
                t0, due, done, _path(parent, task) if done is not None else ()))
    return {k: WeekReach(start, tuple(v)) for k, v in rows.items()}


def deadline_reachability(
    model: ProtocolModel,
    *,
    staffing: Mapping[str, str | WorkingCalendar] | None = None,
    week_start: dt.datetime = REFERENCE_WEEK,
    holiday_week_start: dt.datetime = BANK_HOLIDAY_WEEK,
) -> list[DeadlineReach]:
    """Every deadline of ``model``, decided for each anchor hour of a reference week.

    Parameters
    ----------
    model : ProtocolModel
    staffing : mapping of role to calendar name or WorkingCalendar, optional
        Overrides the catalogue's hours per role (see ``role_calendars``).
    week_start : datetime
        First anchor hour of the reference week (default Monday 11 January 2027 00:00).
    holiday_week_start : datetime
        First anchor hour of the bank-holiday week (default Tuesday 25 May 2027 00:00, so the
        week ends with the late-May bank holiday).

    Returns
    -------
    list of DeadlineReach
        In file order of the tasks, then the order the task lists its deadlines.
    """
    years = _years_for(week_start, holiday_week_start)
    cals = role_calendars(model, staffing, years=years)
    clock = _Clock(cals, _calendar("office_hours", *years))
    net = _Net(model)
    cat = catalogue()
    by_anchor: dict[str, list[tuple[str, Deadline]]] = {}
    order: list[tuple[Element, Deadline]] = []
    for el in sorted(model.elements.values(), key=lambda e: e.line):
        for d in el.deadlines:
            by_anchor.setdefault(d.anchor, []).append((el.id, d))
            order.append((el, d))
    weeks: dict[tuple[str, str], tuple[WeekReach, WeekReach]] = {}
    for anchor, targets in by_anchor.items():
        ref_weeks = _week(net, clock, anchor, targets, week_start)
        hol_weeks = _week(net, clock, anchor, targets, holiday_week_start)
        for k, w in ref_weeks.items():
            weeks[k] = (w, hol_weeks[k])
    out: list[DeadlineReach] = []
    for el, d in order:
        ref, hol = weeks[(el.id, d.name)]
        role = el.task.role if el.task else ""
        out.append(DeadlineReach(
            model=model.name, authority=model.authority, task=el.id, task_label=el.label,
            duty=d.duty, duty_label=cat.duty_label(d.duty), role=role,
            role_label=cat.role_label(role), deadline=d,
            anchor_label=model.anchor_label(d.anchor), citation=_deadline_citation(el, d),
            reference=ref, bank_holiday=hol))
    return out


# ------------------------------------------------------------------------------ hours in words
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def hour_label(t: dt.datetime, *, dated: bool, end: bool = False) -> str:
    """An anchor hour as printed: ``Mon 09:00``, ``Mon 11 Jan 09:00``, or its last minute
    (``Mon 09:59``) with ``end``."""
    day = _DAYS[t.weekday()] + (f" {t.day} {t:%b}" if dated else "")
    return f"{day} {t:%H}:{'59' if end else '00'}"


def hour_ranges(hours: Iterable[int], week_start: dt.datetime = REFERENCE_WEEK, *,
                dated: bool = False) -> str:
    """Readable ranges of anchor hours (offsets from ``week_start``).

    Runs of consecutive hours become one range; a run through the end of the week continues
    into one at its start (``Fri 17:00-Mon 08:59``).

    Examples
    --------
    >>> hour_ranges([4 * 24 + 17 + i for i in range(55)] + list(range(9)))
    'Fri 17:00-Mon 08:59'
    >>> hour_ranges([])
    ''
    >>> hour_ranges(range(168))
    'all week'
    """
    todo = sorted(set(hours))
    if not todo:
        return ""
    if len(todo) >= _HOURS:
        return "all week"
    runs: list[list[int]] = []
    for h in todo:
        if runs and h == runs[-1][-1] + 1:
            runs[-1].append(h)
        else:
            runs.append([h])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == _HOURS - 1:
        runs[-1].extend(h + _HOURS for h in runs.pop(0))
    base = week_start.astimezone(dt.UTC)

    def at(h: int) -> dt.datetime:
        return (base + dt.timedelta(hours=h)).astimezone(LONDON)

    parts = []
    for run in runs:
        first, last = at(run[0]), at(run[-1])
        same_day = len(run) < 24 and first.date() == last.date()
        end = f"{last:%H}:59" if same_day else hour_label(last, dated=dated, end=True)
        parts.append(f"{hour_label(first, dated=dated)}-{end}")
    return ", ".join(parts)
