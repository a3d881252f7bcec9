"""Gaps between two protocols that cover one child: a looked-after child of A placed in B.

A child placed by a responsible authority A in a host authority B is covered by both protocols:
B's police and front door respond (the child goes missing in B's area), A's social worker, IRO
and return-interview arrangements stay with the child, and the carers are told to follow both.
``gaps(A, B)`` composes the two models for that child and reports, each finding citing both
documents:

``nobody_owns``
    a duty one protocol gives to the *other* side (A's task with ``side="host"``, or B's task
    with ``side="responsible"``) that the other protocol does not give to that side; also a
    DfE baseline duty (``return_interview``, ``safe_and_well_check``) that neither side owns;
``both_own``
    a duty owned by A on the responsible side and by B on the host side for the same child;
``conflicting_deadline`` / ``conflicting_interval``
    the same duty with a different limit or calendar in the two protocols (deadlines compared
    within the same kind of anchor, episode start or return; intervals are the timers leading to
    the duty), with which is stricter and which the child actually gets;
``unreachable_by_chain``
    a deadline of A's, anchored on the episode start or the report, that A's own model meets at
    some anchor hours of the week but that cannot be met at those hours when the child is in B,
    because the notice has to go B's police -> B's front door -> A;
``no_receiver``
    an information-sharing duty one side sends to the other authority where the other model has
    no element that receives it.

The rules, explicitly (module constants hold the role and word lists):

- *Applicability*: an element applies to the child when its guard (``rules._guards``: the
  conditions on every path to it) is satisfiable with ``looked_after`` and ``out_of_area`` true,
  and it is reachable from a start event by flows each satisfiable for that child (a default
  flow taken as the negation of its siblings' conditions).
- *Effective duty*: a task's catalogue duty, except that a ``share_information`` or ``notify_*``
  task whose label names the placing / responsible authority counts as
  ``notify_placing_authority``, and one naming the host authority as ``notify_host_authority``
  (Somerset's "Liaise with placing authority's allocated worker" is the host's notice).
- *Ownership*: A owns its applicable tasks with side ``responsible`` or ``both``, and those with
  no side done by a local-authority, return-interview or IRO role (a protocol writes those for its
  own children). B owns its applicable tasks with side ``host`` or ``both``, and those with no side
  done by a police or front-door role. A's police tasks with no side do not apply (the child is not
  in A's area). Carer and home-manager tasks, whatever their side, are the placement's, owned by
  neither authority and never "assigned to the other side", but they count as the other
  protocol covering a duty in the ``nobody_owns`` test (the carers follow both protocols).
  ``both_own`` leaves out the catch-all ``share_information``.
- *Stricter*: the shorter nominal length (``Duration.nominal_hours``); at equal length, clock
  hours are stricter than working hours, working days, school days.
- *Notification chain*: B's carer start (or B's report, for a deadline anchored on A's report)
  -> B's earliest host-side task whose effective duty is ``notify_placing_authority`` -> the
  message, which arrives at the next opening of A's front door (or after ``latency``, clock) ->
  the message start event of A's council process that A's police notification starts -> A's task.
  Earliest completions use ``models.deadlines`` (minimum processing times, role calendars, no
  queueing) over the 168 anchor hours of the reference week.
- *Receiver*: an element of the other model that waits for a message (message start, catch or
  boundary event, receive task) counts as receiving a notice of duty D when the message's sender
  has effective duty D, or when the receiving pool's name, the element's label, the message flow's
  name or the sending pool's name uses one of D's receiver words (``RECEIVER_WORDS``). Sending
  duties are the effective ``notify_placing_authority`` (B to A), ``notify_host_authority`` and
  ``risk_assessment_share`` (A to B); an ``ms:omission`` of A that names the host and a risk
  assessment, a notification or sharing is a placement-time ``risk_assessment_share`` the model
  does not encode, still sent by A's document.

Pure functions: no I/O, no simulation imports; ``write_heatmap`` is the one place matplotlib is
imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx

from .calendars import WorkingCalendar, next_open
from .catalogue import catalogue
from .conditions import ConditionError, parse_condition, satisfiable
from .deadlines import (
    REFERENCE_WEEK,
    _calendar,
    _Clock,
    _Net,
    _search,
    _years_for,
    hour_ranges,
    role_calendars,
)
from .durations import parse_duration
from .model import ACTIVITY_KINDS, ENVIRONMENT_EVENTS, Citation, Element, ProtocolModel
from .rules import _guards

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "Cite",
    "GapFinding",
    "PairReport",
    "applicable",
    "effective_duty",
    "findings_csv",
    "format_gaps",
    "format_matrix",
    "gaps",
    "matrix",
    "matrix_csv",
    "write_heatmap",
]

KINDS: tuple[str, ...] = ("nobody_owns", "both_own", "conflicting_deadline",
                          "conflicting_interval", "unreachable_by_chain", "no_receiver",
                          "dead_across_boundary")
KIND_LABELS: dict[str, str] = {
    "nobody_owns": "Duty nobody owns",
    "both_own": "Duty both own",
    "conflicting_deadline": "Conflicting deadline",
    "conflicting_interval": "Conflicting interval",
    "unreachable_by_chain": "Deadline unreachable via notification chain",
    "no_receiver": "Information shared with no receiver",
    "dead_across_boundary": "Combined model fails verification",
}

POLICE_ROLES = frozenset({"police_control_room", "police_supervisor", "police_officer",
                          "police_missing_coordinator"})
FRONT_DOOR_ROLES = frozenset({"front_door", "emergency_duty_team"})
RESPONSIBLE_ROLES = frozenset({"front_door", "emergency_duty_team", "social_worker",
                               "team_manager", "missing_coordinator", "iro", "senior_manager",
                               "return_interview_provider", "early_help_practitioner"})
PLACEMENT_ROLES = frozenset({"carer", "home_manager"})
GENERIC_DUTIES = frozenset({"share_information"})
"""Catch-all duties: two tasks of one of these are not "the same duty" for ``both_own``."""
BASELINE_DUTIES: tuple[str, ...] = ("return_interview", "safe_and_well_check")
"""Duties the DfE guidance (2014) requires in every episode (shared/protocols/README.md)."""

RECEIVER_WORDS: dict[str, tuple[str, ...]] = {
    "notify_placing_authority": ("placing", "responsible authority", "host authority",
                                 "out-of-area", "out of area", "another authority",
                                 "other authority", "another local authority"),
    "notify_host_authority": ("host", "out-of-area", "out of area", "placed in"),
    "risk_assessment_share": ("placement risk assessment", "risk assessment from the placing",
                              "risk assessment from the responsible"),
}
"""Words that mark a receiving element as one for a notice of each sending duty."""

_PLACING_WORDS = ("placing", "responsible authority")
_HOST_WORDS = ("host",)
_CALENDAR_RANK = {"clock": 0, "working_hours": 1, "working_days": 2, "school_days": 3}
_NUMBER_WORDS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
                 "7": "seven", "10": "ten", "14": "fourteen", "24": "twenty"}
_RETURN_WORDS = ("return", "found", "located", "traced")


# ------------------------------------------------------------------------------ the findings
@dataclass(frozen=True, slots=True)
class Cite:
    """One document's word on a finding: the element and its citation, or its silence."""

    authority: str
    document: str
    section: str
    quote: str
    element: str = ""
    element_label: str = ""
    silent: bool = False
    note: str = ""

    def short(self) -> str:
        where = f"{self.document} §{self.section}" if self.section else self.document
        head = "SILENT; nearest: " if self.silent else ""
        what = f" ({self.element_label})" if self.element_label else ""
        quote = f' "{self.quote}"' if self.quote else ""
        note = f" [{self.note}]" if self.note else ""
        return f"{self.authority}: {head}{where}{what}{quote}{note}"


@dataclass(frozen=True, slots=True)
class GapFinding:
    """One gap of the composed pair, citing the responsible and the host document."""

    kind: str
    duty: str
    duty_label: str
    message: str
    responsible: Cite
    host: Cite
    detail: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "kind_label": KIND_LABELS[self.kind], "duty": self.duty,
                "duty_label": self.duty_label, "message": self.message,
                "responsible": asdict(self.responsible), "host": asdict(self.host),
                "detail": self.detail}


@dataclass(frozen=True, slots=True)
class PairReport:
    """All gaps for a looked-after child of ``responsible`` placed in ``host``."""

    responsible: str
    responsible_authority: str
    host: str
    host_authority: str
    findings: tuple[GapFinding, ...]
    composed_verified: bool | None = None
    crossings: tuple[str, ...] = ()
    """The notices the combined model carries across the boundary, in words."""

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for f in self.findings:
            out[f.kind] += 1
        return out

    def of_kind(self, kind: str) -> list[GapFinding]:
        return [f for f in self.findings if f.kind == kind]

    def as_dict(self) -> dict[str, object]:
        return {"responsible": self.responsible,
                "responsible_authority": self.responsible_authority,
                "host": self.host, "host_authority": self.host_authority,
                "composed_verified": self.composed_verified,
                "crossings": list(self.crossings), "counts": self.counts(),
                "findings": [f.as_dict() for f in self.findings]}


# --------------------------------------------------------------------------- per-model facts
def _decision_domain(text: str) -> list[str]:
    return [*re.findall(r"decision\s*==\s*[\"']([^\"']+)[\"']", text), "__other__"]


def _fixed_domains() -> dict[str, object]:
    domains: dict[str, object] = dict(catalogue().domains())
    domains["looked_after"] = [True]
    domains["out_of_area"] = [True]
    return domains


def _holds(text: str, domains: Mapping[str, object]) -> bool:
    local = dict(domains)
    local["decision"] = _decision_domain(text)
    try:
        return satisfiable(parse_condition(text), local)
    except (ConditionError, KeyError):
        return True


def _open_flows(model: ProtocolModel, domains: Mapping[str, object]) -> set[str]:
    """Sequence flows a looked-after out-of-area child can take: a conditional flow whose
    condition is satisfiable, a default flow whose siblings' conditions are not all certain."""
    out: set[str] = set()
    for el in model.elements.values():
        flows = [model.flows[f] for f in el.outgoing if f in model.flows]
        conds = [f.condition for f in flows if f.condition]
        for f in flows:
            if f.condition:
                ok = _holds(f.condition, domains)
            elif f.id == el.default_flow and conds:
                ok = _holds(" and ".join(f"not ({c})" for c in conds), domains)
            else:
                ok = True
            if ok:
                out.add(f.id)
    return out


def applicable(model: ProtocolModel) -> dict[str, bool]:
    """Whether each element applies to a looked-after child placed out of area.

    An element applies when its guard (``rules._guards``) is satisfiable with ``looked_after``
    and ``out_of_area`` true, and it is reachable from a start event by sequence flows (and
    boundary attachments) each of which such a child can take (``_open_flows``: a default flow
    counts as the negation of its siblings' conditions).
    """
    domains = _fixed_domains()
    open_flows = _open_flows(model, domains)
    succ: dict[str, list[str]] = {e: [] for e in model.elements}
    for f in model.sequence_flows():
        if f.id in open_flows and f.source in succ:
            succ[f.source].append(f.target)
    for el in model.elements.values():
        if el.kind == "boundaryEvent" and el.attached_to in succ:
            succ[el.attached_to].append(el.id)
    seen = {e.id for e in model.elements.values() if e.kind == "startEvent"}
    stack = list(seen)
    while stack:
        cur = stack.pop()
        for n in succ.get(cur, []):
            if n not in seen:
                seen.add(n)
                stack.append(n)
    out: dict[str, bool] = {}
    for el_id, conds in _guards(model).items():
        if el_id not in seen:
            out[el_id] = False
        elif not conds:
            out[el_id] = True
        else:
            out[el_id] = _holds(" and ".join(f"({c})" for c in conds), domains)
    return out


def effective_duty(el: Element) -> str:
    """The task's duty, with sharing / notifying tasks that name the other authority mapped to
    ``notify_placing_authority`` or ``notify_host_authority``."""
    if el.task is None:
        return ""
    duty = el.task.duty
    if duty == "share_information" or duty.startswith("notify_"):
        label = el.label.lower()
        if any(w in label for w in _PLACING_WORDS):
            return "notify_placing_authority"
        if any(w in label for w in _HOST_WORDS):
            return "notify_host_authority"
    return duty


@dataclass
class _Facts:
    """One model, indexed for the pair analysis (built once per model)."""

    name: str
    model: ProtocolModel
    applies: dict[str, bool]
    tasks: list[Element]
    net: _Net
    clock: _Clock
    calendars: dict[str, WorkingCalendar]

    @property
    def authority(self) -> str:
        return self.model.authority

    def duty_of(self, el: Element) -> str:
        return effective_duty(el)

    def owned_responsible(self) -> list[Element]:
        out = []
        for el in self.tasks:
            assert el.task is not None
            side = el.task.side
            if el.task.role in PLACEMENT_ROLES:
                continue
            if side in ("responsible", "both") or (side is None and
                                                   el.task.role in RESPONSIBLE_ROLES):
                out.append(el)
        return out

    def owned_host(self) -> list[Element]:
        out = []
        for el in self.tasks:
            assert el.task is not None
            side = el.task.side
            if el.task.role in PLACEMENT_ROLES:
                continue
            if side in ("host", "both") or (side is None and el.task.role in
                                            POLICE_ROLES | FRONT_DOOR_ROLES):
                out.append(el)
        return out

    def placement_tasks(self) -> list[Element]:
        return [el for el in self.tasks if el.task is not None
                and el.task.role in PLACEMENT_ROLES]

    def cite(self, el_id: str, *, silent: bool = False, note: str = "",
             citation: Citation | None = None) -> Cite:
        c: Citation | None = citation or self.model.citation_of(el_id)
        return Cite(self.authority, c.document if c else self.model.document,
                    c.section if c else "", c.quote if c else "", el_id,
                    self.model.label_of(el_id), silent, note)

    def silence(self, duty: str, side: str) -> Cite:
        """The element nearest to ``duty`` when the model does not give it to ``side``."""
        same = [e for e in sorted(self.model.elements.values(), key=lambda e: e.line)
                if e.task is not None and effective_duty(e) == duty]
        if same:
            el = same[0]
            assert el.task is not None
            why = []
            if not self.applies.get(el.id, True):
                why.append("not for a looked-after child placed out of area")
            why.append(f"side {el.task.side or 'not marked'}, role {el.task.role}")
            return self.cite(el.id, silent=True,
                             note=f"has the duty only as: {'; '.join(why)}")
        marked = [e for e in sorted(self.model.elements.values(), key=lambda e: e.line)
                  if e.task is not None and e.task.side == side]
        if marked:
            return self.cite(marked[0].id, silent=True,
                             note=f"no task of this duty; its first {side}-side task")
        return Cite(self.authority, self.model.document, "", "", silent=True,
                    note=f"no task of this duty and no {side}-side task")


def _facts(name: str, model: ProtocolModel) -> _Facts:
    years = _years_for(REFERENCE_WEEK)
    cals = role_calendars(model, years=years)
    applies = applicable(model)
    tasks = [e for e in sorted(model.elements.values(), key=lambda e: e.line)
             if e.task is not None and applies.get(e.id, True)]
    return _Facts(name, model, applies, tasks, _Net(model),
                  _Clock(cals, _calendar("office_hours", *years)), cals)


def _label(duty: str) -> str:
    return catalogue().duty_label(duty)


def _by_duty(els: Iterable[Element]) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for el in els:
        out.setdefault(effective_duty(el), []).append(el)
    return out


# ------------------------------------------------------------------------------- ownership
def _ownership(a: _Facts, b: _Facts) -> list[GapFinding]:
    out: list[GapFinding] = []
    own_a, own_b = _by_duty(a.owned_responsible()), _by_duty(b.owned_host())
    place_a, place_b = _by_duty(a.placement_tasks()), _by_duty(b.placement_tasks())
    assigned_to_host = _by_duty(e for e in a.tasks if e.task and e.task.side == "host"
                                and e.task.role not in PLACEMENT_ROLES)
    for duty, els in assigned_to_host.items():
        if duty in own_b or duty in place_b:
            continue
        el = els[0]
        out.append(GapFinding(
            "nobody_owns", duty, _label(duty),
            f"{a.authority}'s protocol gives '{_label(duty)}' to the host authority "
            f"({el.label}), but {b.authority}'s protocol gives no such duty to the host side "
            f"for a child placed in its area by another authority.",
            a.cite(el.id), b.silence(duty, "host"), {"assigned_by": "responsible"}))
    assigned_to_resp = _by_duty(e for e in b.tasks if e.task and e.task.side == "responsible"
                                and e.task.role not in PLACEMENT_ROLES)
    for duty, els in assigned_to_resp.items():
        if duty in own_a or duty in place_a:
            continue
        el = els[0]
        out.append(GapFinding(
            "nobody_owns", duty, _label(duty),
            f"{b.authority}'s protocol gives '{_label(duty)}' to the responsible (placing) "
            f"authority ({el.label}), but {a.authority}'s protocol gives its social care no "
            f"such duty for its looked-after child placed elsewhere.",
            a.silence(duty, "responsible"), b.cite(el.id), {"assigned_by": "host"}))
    for duty in BASELINE_DUTIES:
        if duty in own_a or duty in own_b:
            continue
        out.append(GapFinding(
            "nobody_owns", duty, _label(duty),
            f"'{_label(duty)}' is required for every episode by the DfE guidance, but neither "
            f"{a.authority} (responsible) nor {b.authority} (host) owns it for this child.",
            a.silence(duty, "responsible"), b.silence(duty, "host"), {"baseline": True}))
    for duty in sorted((set(own_a) & set(own_b)) - GENERIC_DUTIES):
        ea, eb = own_a[duty][0], own_b[duty][0]
        out.append(GapFinding(
            "both_own", duty, _label(duty),
            f"Both authorities own '{_label(duty)}' for this child: {a.authority} "
            f"(responsible: {ea.label}) and {b.authority} (host: {eb.label}).",
            a.cite(ea.id), b.cite(eb.id),
            {"responsible_elements": [e.id for e in own_a[duty]],
             "host_elements": [e.id for e in own_b[duty]]}))
    return out


def _owner(duty: str, a: _Facts, b: _Facts) -> str:
    ra = any(effective_duty(e) == duty for e in a.owned_responsible())
    hb = any(effective_duty(e) == duty for e in b.owned_host())
    return "both" if ra and hb else "responsible" if ra else "host" if hb else "neither"


# ----------------------------------------------------------------------- deadlines, intervals
@dataclass(frozen=True, slots=True)
class _Limit:
    element: str
    duty: str
    text: str  # what the protocol says, for people
    hours: float
    calendar: str
    anchor_class: str  # start, return, interval
    citation: Citation | None = None

    @property
    def key(self) -> tuple[float, int]:
        return (self.hours, _CALENDAR_RANK.get(self.calendar, 9))


def _anchor_class(model: ProtocolModel, anchor: str) -> str:
    if anchor in ENVIRONMENT_EVENTS:
        return "start" if anchor == "missing" else "return"
    el = model.elements.get(anchor)
    if el is None:
        return "start"
    black = {p.id for p in model.participants.values() if not p.process}
    if any(f.target == anchor and f.source in black for f in model.message_flows()):
        return "return"
    return "return" if any(w in el.label.lower() for w in _RETURN_WORDS) else "start"


def _calendar_words(cal: str) -> str:
    return {"clock": "clock hours", "working_hours": "working hours",
            "working_days": "working days", "school_days": "school days"}.get(cal, cal)


def _deadlines(f: _Facts) -> list[_Limit]:
    out = []
    for el in f.tasks:
        for d in el.deadlines:
            dur = parse_duration(d.limit)
            anchor = f.model.anchor_label(d.anchor)
            out.append(_Limit(el.id, d.duty, f"{d.limit} ({_calendar_words(d.calendar)}) "
                              f"from '{anchor}'", dur.nominal_hours, d.calendar,
                              _anchor_class(f.model, d.anchor)))
    return out


def _first_tasks(model: ProtocolModel, start: str) -> list[str]:
    els, seen, frontier, found = model.elements, {start}, [start], []
    while frontier:
        cur = frontier.pop(0)
        for fid in els[cur].outgoing:
            fl = model.flows.get(fid)
            if fl is None or fl.target in seen or fl.target not in els:
                continue
            seen.add(fl.target)
            nxt = els[fl.target]
            if nxt.task is not None and nxt.kind in ACTIVITY_KINDS:
                found.append(nxt.id)
            elif not (nxt.event == "timer"):
                frontier.append(nxt.id)
    return found


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 or w.isdigit()}


def _timer_citation(timer: Element, task: Element) -> Citation | None:
    """The timer's citation that best matches the task it leads to (most shared words)."""
    if not timer.citations:
        return None
    ref = _words(task.label + " " + " ".join(c.quote for c in task.citations))
    assert timer.timer is not None
    def numbers(text: str | None) -> set[str]:
        found = set(re.findall(r"\d+", text or ""))
        return found | {_NUMBER_WORDS[n] for n in found if n in _NUMBER_WORDS}

    first, later = numbers(timer.timer.duration), numbers(timer.timer.later_duration)

    def score(c: Citation) -> tuple[int, int, int]:
        words = _words(c.quote)
        return (len(words & (first | later)), len(words & first), len(words & ref))

    return max(timer.citations, key=score)


def _intervals(f: _Facts) -> list[_Limit]:
    out = []
    task_ids = {e.id for e in f.tasks}
    for el in sorted(f.model.elements.values(), key=lambda e: e.line):
        if el.timer is None or not f.applies.get(el.id, True):
            continue
        dur = parse_duration(el.timer.duration)
        text = f"{el.timer.duration} ({_calendar_words(el.timer.calendar)}) at '{el.label}'"
        if el.timer.later_duration:
            text += (f", then {el.timer.later_duration} once {el.timer.change_after} has "
                     "passed")
        for t in _first_tasks(f.model, el.id):
            if t in task_ids:
                task = f.model.elements[t]
                out.append(_Limit(el.id, effective_duty(task), text, dur.nominal_hours,
                                  el.timer.calendar, "interval", _timer_citation(el, task)))
    return out


def _conflicts(a: _Facts, b: _Facts) -> list[GapFinding]:
    out: list[GapFinding] = []
    for kind, get in (("conflicting_deadline", _deadlines), ("conflicting_interval", _intervals)):
        la: dict[tuple[str, str], list[_Limit]] = {}
        lb: dict[tuple[str, str], list[_Limit]] = {}
        for lim in get(a):
            la.setdefault((lim.duty, lim.anchor_class), []).append(lim)
        for lim in get(b):
            lb.setdefault((lim.duty, lim.anchor_class), []).append(lim)
        for key in sorted(set(la) & set(lb)):
            sa, sb = min(la[key], key=lambda x: x.key), min(lb[key], key=lambda x: x.key)
            if sa.key == sb.key:
                continue
            duty, anchor_class = key
            stricter = a.authority if sa.key < sb.key else b.authority
            owner = _owner(duty, a, b)
            gets = {"responsible": f"The child gets {a.authority}'s ({sa.text}), the "
                                   "responsible authority's, which owns the duty.",
                    "host": f"The child gets {b.authority}'s ({sb.text}), the host "
                            "authority's, which owns the duty.",
                    "both": "Both apply, as both authorities own the duty; in effect the "
                            f"child gets {stricter}'s stricter one.",
                    "neither": "Neither authority owns the duty for this child, so neither "
                               "is sure to apply."}[owner]
            what = "deadline" if kind == "conflicting_deadline" else "interval"
            ctx = {"start": " from the start of the episode", "return": " after the return",
                   "interval": ""}[anchor_class]
            out.append(GapFinding(
                kind, duty, _label(duty),
                f"'{_label(duty)}'{ctx}: {a.authority} sets {sa.text}, {b.authority} sets "
                f"{sb.text}. {stricter}'s {what} is stricter. {gets}",
                a.cite(sa.element, citation=sa.citation),
                b.cite(sb.element, citation=sb.citation),
                {"responsible_limit": sa.text, "host_limit": sb.text, "stricter": stricter,
                 "owner": owner, "anchor": anchor_class}))
    return out


# ------------------------------------------------------------------------ notification chain
def _carer_start(f: _Facts) -> str | None:
    for el in sorted(f.model.elements.values(), key=lambda e: e.line):
        if el.kind == "startEvent" and el.event in (None, "none"):
            return el.id
    return None


def _report_task(f: _Facts) -> str | None:
    for el in f.tasks:
        if el.task is not None and el.task.duty == "report_missing":
            return el.id
    return None


def _police_processes(model: ProtocolModel) -> set[str]:
    return {lane.process for lane in model.lanes.values() if lane.role in POLICE_ROLES}


def _entry(a: _Facts, task: str) -> str | None:
    """The message start of the task's process that A's police notification starts."""
    m = a.model
    police = _police_processes(m)
    proc = m.elements[task].process
    for el in sorted(m.elements.values(), key=lambda e: e.line):
        if el.kind != "startEvent" or el.event != "message" or el.process != proc:
            continue
        if task not in a.net.downstream(el.id):
            continue
        for fl in m.message_flows():
            src = m.elements.get(fl.source)
            if fl.target == el.id and src is not None and src.process in police:
                return el.id
    return None


def _chain(a: _Facts, b: _Facts, latency: str | None) -> list[GapFinding]:
    out: list[GapFinding] = []
    start_b, report_b = _carer_start(b), _report_task(b)
    senders = [e.id for e in b.owned_host() if effective_duty(e) == "notify_placing_authority"]
    front = a.calendars.get("front_door", a.clock.office)
    lat = parse_duration(latency) if latency else None
    base = REFERENCE_WEEK.astimezone(dt.UTC)
    hours = [(base + dt.timedelta(hours=i)).astimezone(REFERENCE_WEEK.tzinfo)
             for i in range(168)]
    sent_cache: dict[tuple[str, dt.datetime], tuple[dt.datetime | None, str]] = {}
    a_cache: dict[tuple[str, dt.datetime, str], dt.datetime | None] = {}
    for el in a.owned_responsible():
        for d in el.deadlines:
            anchor = a.model.elements.get(d.anchor)
            if d.anchor == "missing":
                anchor_b = start_b
            elif anchor is None:
                continue
            elif anchor.kind == "startEvent" and anchor.event in (None, "none"):
                anchor_b = start_b
            elif anchor.task is not None and anchor.task.duty == "report_missing":
                anchor_b = report_b
            else:
                continue
            entry = _entry(a, el.id)
            if entry is None or anchor_b is None:
                continue
            limit = parse_duration(d.limit)
            own_met, comp_met, via = [], [], ""
            for i, t0 in enumerate(hours):
                due = a.clock.add(t0, limit, d.calendar)
                final, _ = _search(a.net, a.clock, d.anchor, t0, [el.id])
                own = final.get(("done", el.id))
                if own is not None and own <= due:
                    own_met.append(i)
                key = (anchor_b, t0)
                if key not in sent_cache:
                    fb, _ = _search(b.net, b.clock, anchor_b, t0, senders)
                    done = [(fb[("done", s)], s) for s in senders if ("done", s) in fb]
                    sent_cache[key] = min(done) if done else (None, "")
                sent, sender = sent_cache[key]
                if sent is None:
                    continue
                via = sender
                arrive = (a.clock.add(sent, lat, "clock") if lat is not None
                          else next_open(front, sent))
                akey = (entry, arrive, el.id)
                if akey not in a_cache:
                    fa, _ = _search(a.net, a.clock, entry, arrive, [el.id])
                    a_cache[akey] = fa.get(("done", el.id))
                done_a = a_cache[akey]
                if done_a is not None and done_a <= due:
                    comp_met.append(i)
            lost = sorted(set(own_met) - set(comp_met))
            if not lost:
                continue
            via_txt = (f"{b.authority}'s '{b.model.label_of(via)}'" if via else
                       f"no host-side notice to the placing authority in {b.authority}'s model")
            lat_txt = (f"a latency of {latency}" if latency else
                       f"arriving at the next opening of {a.authority}'s front door")
            out.append(GapFinding(
                "unreachable_by_chain", d.duty, _label(d.duty),
                f"{a.authority}'s deadline '{d.name}' ({d.limit}, {_calendar_words(d.calendar)}) "
                f"is met in {a.authority}'s own model at {len(own_met)} of 168 anchor hours, "
                f"but for a child placed in {b.authority} only at {len(comp_met)}: the notice "
                f"goes {b.authority}'s police -> {via_txt} -> {a.authority} ({lat_txt}). "
                f"Lost when the episode starts {hour_ranges(lost)}.",
                a.cite(el.id), b.cite(via, note="the notice to the placing authority") if via
                else b.silence("notify_placing_authority", "host"),
                {"task": el.id, "deadline": d.name, "own_met_hours": len(own_met),
                 "composed_met_hours": len(comp_met), "lost_hours": lost,
                 "lost": hour_ranges(lost), "sender": via, "entry": entry}))
    return out


# ------------------------------------------------------------------------------ no receiver
def _receives(f: _Facts, duty: str) -> str | None:
    """An element of the model that receives a notice of ``duty`` (see RECEIVER_WORDS)."""
    m = f.model
    words = RECEIVER_WORDS[duty]
    pools = {p.process: p.name for p in m.participants.values() if p.process}
    pool_of_part = {p.id: p.name for p in m.participants.values()}
    for fl in m.message_flows():
        target = m.elements.get(fl.target)
        if target is None:
            continue
        src = m.elements.get(fl.source)
        if src is not None and src.task is not None and effective_duty(src) == duty:
            return target.id
        text = " ".join([pools.get(target.process, ""), target.label, fl.name,
                         pools.get(src.process, "") if src else pool_of_part.get(fl.source, "")])
        if any(w in text.lower() for w in words):
            return target.id
    return None


def _unencoded_shares(f: _Facts) -> list[Citation]:
    """Omissions of the model that are a placement-time share with the host authority."""
    out = []
    for o in f.model.omissions:
        text = f"{o.citation.quote} {o.reason}".lower()
        if "host" in text and any(w in text for w in ("risk assessment", "notif", "shared")):
            out.append(o.citation)
    return out


def _no_receiver(a: _Facts, b: _Facts) -> list[GapFinding]:
    out: list[GapFinding] = []
    sends_b = [e for e in b.tasks if effective_duty(e) == "notify_placing_authority"]
    if sends_b and _receives(a, "notify_placing_authority") is None:
        el = sends_b[0]
        others = ", ".join(f"'{e.label}'" for e in sends_b[1:])
        out.append(GapFinding(
            "no_receiver", "notify_placing_authority", _label("notify_placing_authority"),
            f"{b.authority}'s protocol sends the placing authority notice of the episode "
            f"('{el.label}'{', also ' + others if others else ''}), but {a.authority}'s model "
            f"has no element that receives a notice from a host authority or placement "
            f"elsewhere: its social care starts only from its own police's notification.",
            a.silence("notify_placing_authority", "responsible") if
            _entry_any(a) is None else a.cite(_entry_any(a) or "", silent=True,
                                              note="its only start from a notification"),
            b.cite(el.id), {"senders": [e.id for e in sends_b], "direction": "host to "
                            "responsible"}))
    for duty in ("notify_host_authority", "risk_assessment_share"):
        sends_a = [e for e in a.tasks if effective_duty(e) == duty
                   and (e.task is None or e.task.side != "host")]
        extra = _unencoded_shares(a) if duty == "risk_assessment_share" else []
        if not sends_a and not extra:
            continue
        if _receives(b, duty) is not None:
            continue
        if sends_a:
            el = sends_a[0]
            cite_a, what = a.cite(el.id), f"'{el.label}'"
        else:
            c = extra[0]
            cite_a = Cite(a.authority, c.document, c.section, c.quote,
                          note="not encoded in the model (ms:omission)")
            what = f"at placement (§{c.section}: \"{c.quote}\")"
        nearest = _host_entry(b)
        cite_b = (b.cite(nearest, silent=True, note="no element receives it; the host's "
                         "out-of-area handling") if nearest else
                  Cite(b.authority, b.model.document, "", "", silent=True,
                       note="no element receives it"))
        out.append(GapFinding(
            "no_receiver", duty, _label(duty),
            f"{a.authority}'s protocol has the responsible authority send the host "
            f"{_label(duty).lower()} {what}, but {b.authority}'s model has no element that "
            f"receives it.", cite_a, cite_b,
            {"senders": [e.id for e in sends_a], "direction": "responsible to host",
             "unencoded": [asdict(c) for c in extra]}))
    return out


def _entry_any(f: _Facts) -> str | None:
    police = _police_processes(f.model)
    for el in sorted(f.model.elements.values(), key=lambda e: e.line):
        if el.kind == "startEvent" and el.event == "message" and el.process not in police:
            if any(f.model.elements.get(fl.source) is not None and
                   f.model.elements[fl.source].process in police
                   for fl in f.model.message_flows() if fl.target == el.id):
                return el.id
    return None


def _host_entry(f: _Facts) -> str | None:
    for el in f.tasks:
        if el.task is not None and el.task.side == "host":
            return el.id
    return _entry_any(f)


# ------------------------------------------------------------------- the combined model
def _pool_cite(f: _Facts, roles: frozenset[str], note: str) -> Cite:
    """The pool of ``f``'s model whose lanes are all of ``roles`` (its police, its placement)."""
    m = f.model
    lanes: dict[str, set[str]] = {}
    for lane in m.lanes.values():
        lanes.setdefault(lane.process, set()).add(lane.role)
    for p in sorted(m.participants.values(), key=lambda p: p.line):
        if p.process and lanes.get(p.process) and lanes[p.process] <= roles:
            c = p.citations[0] if p.citations else None
            return Cite(f.authority, c.document if c else m.document, c.section if c else "",
                        c.quote if c else "", p.id, p.name, silent=True, note=note)
    return Cite(f.authority, m.document, "", "", silent=True, note=note)


def _combined(a: _Facts, b: _Facts, latency: str | None,
              memo: dict[object, object]) -> tuple[bool, list[GapFinding], tuple[str, ...]]:
    """Compose the pair (`models.composition`), verify it, and report each failure as a gap:
    one finding per wait of A's whose sender is, for this child, in B and sends nothing (with
    what can then never happen), and one per other failing check."""
    from .composition import RESPONSIBLE_PREFIX, compose, verify_composition

    comp = compose(a.model, b.model, latency=latency, facts=(a, b))
    crossings = tuple(f"{b.authority}'s '{lk.source_label}' -> {a.authority}'s "
                      f"'{lk.target_label}'" + (f" (after {lk.latency})" if lk.latency else "")
                      for lk in comp.links)
    report = verify_composition(comp, cache=memo)  # type: ignore[arg-type]
    if report.ok:
        return True, [], crossings
    out: list[GapFinding] = []
    m = comp.model
    dead = set(report.properties.get("dead_activities", ()) or ()) | report.ids("dead_activity")
    flow_graph = nx.DiGraph()
    flow_graph.add_edges_from((f.source, f.target) for f in m.flows.values())
    flow_graph.add_edges_from((e.attached_to, e.id) for e in m.elements.values()
                              if e.attached_to)
    explained: set[str] = set()
    for target in comp.unlinked:
        original = target[len(RESPONSIBLE_PREFIX):]
        below = nx.descendants(flow_graph, target) | {target} if target in flow_graph else {
            target}
        above = nx.ancestors(flow_graph, target) if target in flow_graph else set()
        stuck = {f.element_id for f in report.findings
                 if f.kind == "no_option_to_complete"
                 and (f.element_id in below | above or target in f.message)}
        if target not in dead and not stuck:
            continue
        lost = sorted((m.elements[i] for i in below if i in dead), key=lambda e: e.line)
        senders = [a.model.elements[fl.source] for fl in a.model.message_flows()
                   if fl.target == original and fl.source in a.model.elements]
        police = any(s.task is not None and s.task.role in POLICE_ROLES for s in senders)
        who = "police" if police else "placement"
        tasks = [e for e in lost if e.task is not None]
        duties = [e.task.duty for e in tasks if e.task is not None]
        duty = ("return_interview" if "return_interview" in duties else
                duties[0] if duties else "combined_model")
        what = ", ".join(f"'{e.label}'" for e in tasks[:4])
        more = f" and {len(tasks) - 4} more" if len(tasks) > 4 else ""
        sender_txt = ", ".join(f"'{s.label}'" for s in senders) or "its own pools"
        explained |= below | stuck
        out.append(GapFinding(
            "dead_across_boundary", duty,
            _label(duty) if duties else "Combined model",
            f"In the combined model for a child of {a.authority} placed in {b.authority}, "
            f"{a.authority}'s '{a.model.label_of(original)}' waits for {sender_txt} from "
            f"{a.authority}'s {who}, who for this child are {b.authority}'s, and "
            f"{b.authority}'s protocol sends {a.authority} no such message: "
            f"{len(tasks)} of {a.authority}'s tasks can then never happen"
            f"{(': ' + what + more) if tasks else ''}.",
            a.cite(original), _pool_cite(b, POLICE_ROLES if police else PLACEMENT_ROLES,
                                         f"{b.authority}'s {who}: no message to "
                                         f"{a.authority}"),
            {"waits": target, "senders": [s.id for s in senders],
             "dead": [e.id for e in lost], "dead_tasks": [e.id for e in tasks]}))
    for fnd in report.findings:
        if fnd.element_id in explained:
            continue
        side, original = comp.origin(fnd.element_id)
        facts, other = (a, b) if side == "responsible" else (b, a)
        own = facts.cite(original) if original in facts.model.elements else Cite(
            facts.authority, facts.model.document, "", "", fnd.element_id, fnd.label)
        silence = Cite(other.authority, other.model.document, "", "", silent=True,
                       note="the other protocol of the pair")
        cite_a, cite_b = (own, silence) if side == "responsible" else (silence, own)
        out.append(GapFinding(
            "dead_across_boundary", "combined_model", "Combined model",
            f"In the combined model for a child of {a.authority} placed in {b.authority}: "
            f"{fnd.kind.replace('_', ' ')} at {facts.authority}'s '{fnd.label}': {fnd.message}.",
            cite_a, cite_b, {"check": fnd.kind, "element": fnd.element_id}))
    return False, out, crossings


# ----------------------------------------------------------------------------------- the pair
def gaps(responsible: ProtocolModel, host: ProtocolModel, *, latency: str | None = None,
         responsible_name: str | None = None, host_name: str | None = None,
         _cache: dict[str, _Facts] | None = None) -> PairReport:
    """The gaps for a looked-after child of ``responsible`` placed in ``host``.

    Parameters
    ----------
    responsible, host : ProtocolModel
    latency : str, optional
        ISO 8601 duration the cross-boundary notice takes (clock); default: it arrives at the
        next opening of the responsible authority's front door.

    Returns
    -------
    PairReport
        Findings grouped by kind in ``KINDS`` order.
    """
    cache = _cache if _cache is not None else {}
    ra, hb = responsible_name or responsible.name, host_name or host.name
    a = cache.get(ra) or cache.setdefault(ra, _facts(ra, responsible))
    b = cache.get(hb) or cache.setdefault(hb, _facts(hb, host))
    memo = cache.setdefault("__verdicts__", {})  # type: ignore[arg-type]
    verified, combined, crossings = _combined(a, b, latency, memo)  # type: ignore[arg-type]
    found = [*_ownership(a, b), *_conflicts(a, b), *_chain(a, b, latency), *_no_receiver(a, b),
             *combined]
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda f: (order[f.kind], f.duty))
    return PairReport(ra, a.authority, hb, b.authority, tuple(found), verified, crossings)


def matrix(models: Mapping[str, ProtocolModel], *,
           latency: str | None = None) -> list[PairReport]:
    """``gaps`` for every ordered pair of distinct models (20 for the five shipped)."""
    cache: dict[str, _Facts] = {}
    return [gaps(models[r], models[h], latency=latency, responsible_name=r, host_name=h,
                 _cache=cache)
            for r in models for h in models if r != h]


# ---------------------------------------------------------------------------------- display
def _wrap(text: str, width: int = 96, indent: str = "    ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)


def format_gaps(report: PairReport, fmt: str = "table") -> str:
    """One pair's findings as readable text, or JSON."""
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    lines = [f"A looked-after child of {report.responsible_authority} placed in "
             f"{report.host_authority}: {len(report.findings)} findings"]
    if report.composed_verified is not None:
        lines.append("  The combined model of the two protocols "
                     + ("passes verification (no dead ends across the boundary)."
                        if report.composed_verified else
                        "fails verification: see 'Combined model fails verification'."))
        lines += _wrap("Notices it carries across the boundary: "
                       + ("; ".join(report.crossings) if report.crossings else "none") + ".",
                       indent="  ")
    lines.append("")
    counts = report.counts()
    lines += [f"  {KIND_LABELS[k]:<46} {counts[k]:>3}" for k in KINDS]
    for kind in KINDS:
        items = report.of_kind(kind)
        if not items:
            continue
        lines += ["", f"{KIND_LABELS[kind]} ({len(items)})"]
        for i, f in enumerate(items, 1):
            lines += _wrap(f"{i}. {f.duty_label}: {f.message}", indent="  ")
            lines += _wrap(f"responsible: {f.responsible.short()}")
            lines += _wrap(f"host:        {f.host.short()}")
    return "\n".join(lines) + "\n"


def _pair_label(r: PairReport) -> str:
    return f"{r.responsible_authority} child placed in {r.host_authority}"


def format_matrix(reports: Sequence[PairReport]) -> str:
    """Counts of findings by kind for every ordered pair, as an aligned text table."""
    heads = ["Responsible authority -> host authority", *(KIND_LABELS[k] for k in KINDS),
             "Total"]
    rows = [[f"{r.responsible_authority} -> {r.host_authority}",
             *(str(r.counts()[k]) for k in KINDS), str(len(r.findings))] for r in reports]
    widths = [max(len(x[i]) for x in [heads, *rows]) for i in range(len(heads))]
    out = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    for row in rows:
        out.append("  ".join([row[0].ljust(widths[0]),
                              *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]))
    return "\n".join(out) + "\n"


def matrix_csv(reports: Sequence[PairReport]) -> str:
    """The matrix as CSV: one row per ordered pair, one column per kind (labels as headers)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["responsible_authority", "host_authority",
                *(KIND_LABELS[k] for k in KINDS), "Total"])
    for r in reports:
        w.writerow([r.responsible_authority, r.host_authority,
                    *(r.counts()[k] for k in KINDS), len(r.findings)])
    return buf.getvalue()


_FINDING_COLUMNS = ("responsible_authority", "host_authority", "kind", "duty", "message",
                    "responsible_document", "responsible_section", "responsible_quote",
                    "responsible_silent", "responsible_note", "host_document", "host_section",
                    "host_quote", "host_silent", "host_note", "responsible_element",
                    "host_element")


def findings_csv(reports: Sequence[PairReport]) -> str:
    """Every finding of every pair as CSV, with both citations (labels, not ids, first)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_FINDING_COLUMNS)
    for r in reports:
        for f in r.findings:
            a, b = f.responsible, f.host
            w.writerow([r.responsible_authority, r.host_authority, KIND_LABELS[f.kind],
                        f.duty_label, f.message, a.document, a.section, a.quote,
                        "silent" if a.silent else "", a.note, b.document, b.section, b.quote,
                        "silent" if b.silent else "", b.note, a.element, b.element])
    return buf.getvalue()


def write_heatmap(reports: Sequence[PairReport], path: str | Path) -> Path:
    """A heatmap PNG of finding counts: one row per pair, one column per kind, counts shown."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = [[r.counts()[k] for k in KINDS] for r in reports]
    fig = Figure(figsize=(2.0 * len(KINDS) + 4, 0.42 * len(rows) + 2.8))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    top = max([1, *(max(r) for r in rows)])
    im = ax.imshow(rows, cmap="Oranges", aspect="auto", vmin=0, vmax=top)
    ax.set_xticks(range(len(KINDS)))
    ax.set_xticklabels([textwrap.fill(KIND_LABELS[k], 14) for k in KINDS], fontsize=8)
    ax.set_yticks(range(len(reports)))
    ax.set_yticklabels([_pair_label(r) for r in reports], fontsize=8)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                    color="white" if v > top * 0.6 else "black")
    ax.set_title("Gaps between protocols for a looked-after child placed out of area\n"
                 "(number of findings by kind; rows: responsible authority's child placed in "
                 "host authority)", fontsize=10)
    fig.colorbar(im, ax=ax, label="findings")
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    return out
