"""Gaps between two protocols that cover one child: a looked-after child of A placed in B.

A child placed by a responsible authority A in a host authority B is covered by both documents.
``gaps(A, B)`` compares them topic by topic and duty by duty and reports findings of the kinds
and topics of the shared contract (``GAPS_SCHEMA.md``; ``KINDS``, ``TOPICS`` and catalogue
duties), each citing both documents, or saying that a document is silent.

Nothing is read from labels or notes. What is compared is data in the models:

- the document's provisions (``ms:provision`` on the collaboration, each with its verbatim
  quote and its side: ``responsible``, the document's rule for its own child placed
  elsewhere; ``host``, its rule for another authority's child placed in its area; none, both);
- deadlines (``ms:deadline``), timers (``bpmn:timeDuration``, ``ms:calendar``, ``ms:anchor``),
  tasks' duties and sides (``ms:task``), and which children a task applies to (its guards'
  conditions, `models.analyses.gap_facts.applicable`);
- what a notice carries and to whom (``ms:notice``), what a receiving element accepts and from
  whom (``ms:accepts``);
- the combined model (`models.analyses.composition`): what can and cannot happen for this child.

The rules, explicitly. *A's rule* is a provision of A's with side responsible or none, *B's
rule* one of B's with side host or none: only B's rules bind a child placed in B's area.

Topics with provisions (``PROVISION_TOPICS``; kind in brackets)
    ``return_interview``, ``strategy_discussion``, ``strategy_meeting``
    (``conflicting_deadline``), ``review_strategy_meeting`` (``conflicting_interval``),
    ``repeat_trigger`` (``conflicting_trigger``), ``return_interview_eligibility``
    (``eligibility``), ``absent_to_missing``, ``risk_categories`` and ``missing_definition``
    (``definition``), ``placement_notification``. A finding when B has a rule and A's rule
    differs, or A has none (A is then cited as silent). No finding when B has no rule: B's
    document does not bind the child on that point. "Differs" per topic (``_same``): a
    timescale's kind (``by`` a deadline, ``after`` a timer, ``timely``, ...), limit and calendar,
    and what it counts from where both state it; intervals; count and window; the categories of
    children both documents state (``x_unstated``: the text does not say, not compared); the
    absent-to-missing limit; the absent category, and the grades where both list them.
``applicable_protocol`` (topics ``scope`` and ``applicable_protocol``)
    B covers a placed child only where the contract says so: ``scope``. A keeps its own
    protocol for its child placed elsewhere (not the host's) while B applies its own (or the
    local one plus the responsible authority's processes) to every child placed in its area:
    ``applicable_protocol`` (neither says which prevails).
``unreceived_information``
    A sends the host a record (provision value ``sends``: ``risk_assessment_share``,
    ``share_return_interview``) and B's document names nobody who receives it (no ``receives``);
    or a notice one side's tasks send the other authority (``ms:notice to="placing_authority"``
    on B's host-side and placement tasks, ``to="host_authority"`` on A's) that no element of the
    other model ``ms:accepts`` from that authority (topic: the notice's duty).
``unowned_duty`` / ``duplicate_duty`` (topic: the duty)
    A *does* a duty for this child when a task of it that A owns for its child placed elsewhere
    (`models.analyses.gap_facts`) can happen in the combined model, or A has a rule of the duty. B
    does it when B owns a task of it as host. Unowned: a DfE baseline duty (``BASELINE_DUTIES``)
    neither does (e.g. an interview whose route waits for a referral from A's own police, which B's
    police never send). Duplicate: a duty both do, B's task marked host-side or, for a baseline
    duty, its front door's (never its police's: for a placed child only the host's police act).
``conflicting_deadline`` / ``conflicting_interval`` from the models (a fallback)
    For a duty neither document has a provision on: A's timescales on the tasks it owns for its
    child placed elsewhere against B's on the tasks it owns as host (police tasks left out):
    deadline against deadline (strictest per anchor class: before or after the return),
    deadline against a timer (a deadline says "by", a timer "not before"), deadline against no
    deadline or silence for a baseline duty; recurring timers (reviews) and one-shot timers
    (escalations) of a duty with no deadline on either side, as intervals. Likewise repeat
    triggers (``episodes_in("W") >= N`` on flows the child can take) and return-interview
    eligibility (the risk grades for which an interview task applies) when neither document
    has a provision on them.
``unreachable_deadline`` (topic: the duty)
    From the combined model with the child still missing: the child's messages (return, being
    found) are removed, so nothing happens because of a return, and every deadline is decided
    by `models.analyses.deadlines.deadline_reachability` (minimum processing times, role calendars,
    timers elapsing, ``latency`` on the cross-boundary notices) over the 168 anchor hours of the
    reference week. A deadline of A counted from before the return that A's own model (child
    still missing too) meets at some hours, that the combined model reaches, and misses at
    some of those hours. A deadline the combined model cannot reach at all is not a timing gap:
    the pair's ``combined`` notes say which wait no message from B ends.

The combined model's verification is reported with each pair (``composed_verified``,
``crossings``, ``combined``), not as a scored finding.

Pure functions: no I/O, no simulation imports, no formatting: the tables, CSV and heatmap of the
findings are drawn by the output layer (`simulation.results.analysis_tables`,
`simulation.results.charts`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from models.analyses.composition import RESPONSIBLE_PREFIX, Composition, compose, verify_composition
from models.analyses.deadlines import deadline_reachability, hour_ranges
from models.analyses.gap_facts import (
    POLICE_ROLES,
    Cite,
    ModelFacts,
    applicable,
    model_facts,
    notices_of,
    placed_child_domains,
    police_entry,
)
from models.checks.applicability import applicability
from models.data.catalogue import catalogue
from models.data.conditions import ConditionError, Node, satisfiable
from models.data.durations import parse_duration
from models.data.model import (
    ACTIVITY_KINDS,
    CALENDARS,
    Citation,
    Element,
    ProtocolModel,
    Provision,
    is_environment_event,
)

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "TOPICS",
    "Cite",
    "GapFinding",
    "PairReport",
    "applicable",
    "gaps",
    "matrix",
]

KINDS: tuple[str, ...] = (
    "conflicting_deadline", "conflicting_interval", "conflicting_trigger", "eligibility",
    "absent_to_missing", "placement_notification", "applicable_protocol", "definition",
    "unowned_duty", "duplicate_duty", "unreachable_deadline", "unreceived_information")
KIND_LABELS: dict[str, str] = {
    "conflicting_deadline": "Conflicting deadline",
    "conflicting_interval": "Conflicting interval",
    "conflicting_trigger": "Conflicting repeat trigger",
    "eligibility": "Different eligibility",
    "absent_to_missing": "Absent-to-missing rules differ",
    "placement_notification": "Placement notification differs",
    "applicable_protocol": "Whose protocol applies / scope",
    "definition": "Definitions differ",
    "unowned_duty": "Duty nobody owns",
    "duplicate_duty": "Duty both own",
    "unreachable_deadline": "Deadline unreachable across the boundary",
    "unreceived_information": "Information sent with no receiver",
}
TOPICS: dict[str, str] = {
    "repeat_trigger": "Repeat-episode trigger",
    "absent_to_missing": "When an absent child becomes missing",
    "risk_categories": "Risk categories",
    "applicable_protocol": "Whose protocol applies to a placed child",
    "scope": "Which placed children the protocol covers",
    "placement_notification": "Notification of the placement",
    "return_interview_eligibility": "Which children get a return interview",
    "missing_definition": "Definition of missing / absent / away",
}
"""Topics that are not catalogue duties, with a label for people."""

PROVISION_TOPICS: dict[str, str] = {
    "return_interview": "conflicting_deadline",
    "strategy_discussion": "conflicting_deadline",
    "strategy_meeting": "conflicting_deadline",
    "review_strategy_meeting": "conflicting_interval",
    "repeat_trigger": "conflicting_trigger",
    "return_interview_eligibility": "eligibility",
    "absent_to_missing": "absent_to_missing",
    "risk_categories": "definition",
    "missing_definition": "definition",
    "placement_notification": "placement_notification",
}
"""Topics compared on the documents' provisions (``ms:provision``), and their findings' kind."""
TIMESCALE_TOPICS: tuple[str, ...] = ("return_interview", "strategy_discussion",
                                     "strategy_meeting")
"""Provision topics whose value is a timescale: ``by`` (a deadline), ``after`` (a timer),
``timely``, ``as_necessary``, ``front_door_decides``, then what it counts from."""
SHARED_TOPICS: tuple[str, ...] = ("risk_assessment_share", "share_return_interview")
"""Records a placing authority sends the host (``sends``) and a host receives (``receives``)."""
RESPONSIBLE_VIEW = frozenset({"own_when_placed_out", "host_when_placed_out"})
"""``applicable_protocol`` values: whose protocol a document applies to its child placed
elsewhere (its own, the host's, or both)."""
HOST_VIEW = frozenset({"own_for_placed_in", "local_and_responsible", "contract_for_placed_in"})
"""``applicable_protocol`` / ``scope`` values: what a document says of another authority's child
placed in its area (its protocol applies; the local one plus the responsible authority's
processes; only where the placement contract says so)."""
DUTY_FAMILIES: dict[str, str] = {"offer_return_interview": "return_interview"}
"""Catalogue duties that are a step of another for the comparisons: offering or arranging the
return interview is part of the return-interview duty the documents time."""

GENERIC_DUTIES = frozenset({"share_information"})
"""Catch-all duties: two tasks of one of these are not "the same duty" for ``duplicate_duty``."""
BASELINE_DUTIES: tuple[str, ...] = ("return_interview", "safe_and_well_check")
"""Duties the DfE guidance (2014) requires in every episode (shared/protocols/README.md)."""
RISK_GRADES: tuple[str, ...] = ("absent", "no_apparent_risk", "low", "medium", "high")

_VALUE_WORDS = {
    "none": "no counted trigger for this child",
    "uncounted": "repeated episodes, with no count",
    "on_risk": "re-graded when a risk comes to light, no time limit",
    "attempts_exhausted": "reported once all attempts to contact the child are exhausted",
    "timely": "in a timely way, no deadline",
    "as_necessary": "as necessary, no timescale",
    "front_door_decides": "the front door decides whether one is needed, no timescale",
    "placing_notifies_host": "the placing authority notifies the host",
    "at_risk_only": "only for a child at risk of going missing or of exploitation",
    "all_placements": "every placed child",
    "at_placement": "at the time of placement",
    "away": "away without authorisation",
    "away_unstated": "(away not said)",
    "no_apparent_risk": "no apparent risk",
}
"""Provision values in words for the findings' messages."""
_CALENDAR_RANK = {c: i for i, c in enumerate(CALENDARS)}  # clock first, school days last
_EPISODES_IN = re.compile(r"episodes_in\(\s*[\"']([^\"']+)[\"']\s*\)\s*>=\s*(\d+)")


# ------------------------------------------------------------------------------ the findings
@dataclass(frozen=True, slots=True)
class GapFinding:
    """One gap of the pair: a kind and topic of the contract, citing both documents."""

    kind: str
    topic: str
    message: str
    responsible: Cite
    host: Cite
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def topic_label(self) -> str:
        return TOPICS.get(self.topic) or catalogue().duty_label(self.topic)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "kind_label": KIND_LABELS[self.kind], "topic": self.topic,
                "topic_label": self.topic_label, "message": self.message,
                "responsible_citation": asdict(self.responsible),
                "host_citation": asdict(self.host), "detail": self.detail}


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
    combined: tuple[str, ...] = ()
    """What the combined model's verification found, in words (not scored findings)."""

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
                "crossings": list(self.crossings), "combined": list(self.combined),
                "counts": self.counts(),
                "findings": [{"responsible": self.responsible, "host": self.host,
                              **f.as_dict()} for f in self.findings]}


def _label(topic: str) -> str:
    return TOPICS.get(topic) or catalogue().duty_label(topic)


# ------------------------------------------------------------------------ anchors and times
def _before_return(model: ProtocolModel) -> set[str]:
    """Elements that can complete while the child is still missing.

    A token arrives at a start event, at an element after a completed sequence predecessor, and
    at a boundary event whose activity it arrived at; an element completes once a token arrived
    and, for a message start, catch or receive task, a message came from a completed sender;
    the child's own messages (return, being found) never come.
    """
    boxes = {p.id for p in model.participants.values() if not p.process}
    senders: dict[str, list[str]] = {}
    for f in model.message_flows():
        senders.setdefault(f.target, []).append(f.source)
    preds: dict[str, list[str]] = {e: [] for e in model.elements}
    for f in model.sequence_flows():
        if f.target in preds:
            preds[f.target].append(f.source)
    arrived: set[str] = set()
    done: set[str] = set()
    changed = True
    while changed:
        changed = False
        for el in model.elements.values():
            if el.id not in arrived:
                if el.kind == "boundaryEvent":
                    ok = el.attached_to in arrived
                elif el.kind == "startEvent":
                    ok = True
                else:
                    ok = any(p in done for p in preds[el.id])
                if ok:
                    arrived.add(el.id)
                    changed = True
            if el.id in arrived and el.id not in done:
                waits = (el.event == "message" and el.kind != "endEvent" and \
                    el.kind != "intermediateThrowEvent") or el.kind == "receiveTask"
                srcs = [s for s in senders.get(el.id, []) if s not in boxes]
                if not waits or any(s in done for s in srcs):
                    done.add(el.id)
                    changed = True
    return done


def _anchor_class(anchor: str, before: set[str]) -> str:
    """``before_return`` for the episode start (``missing``) and anything that can happen while
    the child is missing, ``after_return`` for the return (``returned``) and what needs it."""
    if is_environment_event(anchor):
        return "before_return" if anchor == "missing" else "after_return"
    return "before_return" if anchor in before else "after_return"


@dataclass(frozen=True, slots=True)
class _Timescale:
    """One model's timescale for a duty: a deadline, a timer leading to it, or none."""

    duty: str
    element: str
    source: str  # deadline, timer, none
    limit: str
    calendar: str
    anchor_class: str  # before_return, after_return, "" for none
    citation: Citation | None = None

    @property
    def key(self) -> tuple[float, int]:
        return (parse_duration(self.limit).nominal_hours if self.limit else float("inf"),
                _CALENDAR_RANK.get(self.calendar, 9))

    def words(self, model: ProtocolModel) -> str:
        if self.source == "none":
            return f"no deadline ('{model.label_of(self.element)}')"
        cal = {"clock": "clock hours", "working_hours": "working hours",
               "working_days": "working days", "school_days": "school days"}.get(
                   self.calendar, self.calendar)
        when = "after the return" if self.anchor_class == "after_return" else \
            "while the child is missing"
        via = "timer" if self.source == "timer" else "deadline"
        return f"{self.limit} ({cal}) {via}, counted from an event {when}"


def _first_tasks(model: ProtocolModel, start: str) -> list[str]:
    """Tasks first reached from ``start`` by sequence flows, not through another timer."""
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
            elif nxt.event != "timer":
                frontier.append(nxt.id)
    return found


def _on_cycle(model: ProtocolModel, el_id: str) -> bool:
    seen, stack = set(), [el_id]
    while stack:
        cur = stack.pop()
        for fid in model.elements[cur].outgoing:
            fl = model.flows.get(fid)
            if fl is None or fl.target not in model.elements:
                continue
            if fl.target == el_id:
                return True
            if fl.target not in seen:
                seen.add(fl.target)
                stack.append(fl.target)
    return False


@dataclass
class _Times:
    """Per model and duty: deadlines, one-shot timers, recurring timers, the tasks."""

    deadlines: dict[str, list[_Timescale]]
    timers: dict[str, list[_Timescale]]
    intervals: dict[str, list[tuple[Element, _Timescale]]]
    duties: dict[str, list[Element]]


def _duty_key(duty: str) -> str:
    return DUTY_FAMILIES.get(duty, duty)


def _times(f: ModelFacts, side: str) -> _Times:
    """The model's timescales by duty on the tasks it owns on ``side`` (its own child placed
    elsewhere: ``responsible``; a child placed in its area: ``host``), police tasks left out
    (for a placed child only the host area's police act, and their timings are the police's)."""
    m = f.model
    before = _before_return(m)
    owned = f.owned_responsible() if side == "responsible" else f.owned_host()
    tasks = [e for e in owned if e.task is not None and e.task.role not in POLICE_ROLES]
    task_ids = {e.id for e in tasks}
    deadlines: dict[str, list[_Timescale]] = {}
    duties: dict[str, list[Element]] = {}
    for el in tasks:
        assert el.task is not None
        duties.setdefault(_duty_key(el.task.duty), []).append(el)
        for d in el.deadlines:
            deadlines.setdefault(_duty_key(d.duty), []).append(_Timescale(
                _duty_key(d.duty), el.id, "deadline", d.limit, d.calendar,
                _anchor_class(d.anchor, before), el.citations[0] if el.citations else None))
    timers: dict[str, list[_Timescale]] = {}
    intervals: dict[str, list[tuple[Element, _Timescale]]] = {}
    for el in sorted(m.elements.values(), key=lambda e: e.line):
        if el.timer is None or not f.applies.get(el.id, True):
            continue
        recurring = el.timer.later_duration is not None or _on_cycle(m, el.id)
        for t in _first_tasks(m, el.id):
            if t not in task_ids:
                continue
            task = m.elements[t]
            assert task.task is not None
            duty = _duty_key(task.task.duty)
            ts = _Timescale(duty, el.id, "timer", el.timer.duration, el.timer.calendar,
                            _anchor_class(el.timer.anchor or el.id, before),
                            el.citations[0] if el.citations else None)
            if recurring:
                intervals.setdefault(duty, []).append((el, ts))
            timers.setdefault(duty, []).append(ts)  # its first interval starts the duty
    return _Times(deadlines, timers, intervals, duties)


# ------------------------------------------------------------------------- the comparisons
def _conflicting_deadlines(a: ModelFacts, b: ModelFacts, ta: _Times, tb: _Times
                           ) -> list[GapFinding]:
    """Deadline against deadline (strictest per anchor class), deadline against a timer (a
    deadline says "by", a timer "not before"), deadline against no deadline or silence (only
    for the DfE baseline duties)."""
    out: list[GapFinding] = []
    for duty in sorted(set(ta.deadlines) | set(tb.deadlines)):
        if _provided(a, b, duty):
            continue
        da, db = ta.deadlines.get(duty, []), tb.deadlines.get(duty, [])
        if da and db:
            pair = _differing(da, db)
            if pair is None:
                continue
            sa, sb = pair
            stricter = a.authority if sa.key < sb.key else b.authority
            msg = (f"'{_label(duty)}': {a.authority} sets {sa.words(a.model)}; {b.authority} "
                   f"sets {sb.words(b.model)}."
                   + ("" if sa.anchor_class != sb.anchor_class else
                      f" {stricter}'s is stricter."))
            out.append(GapFinding("conflicting_deadline", duty, msg,
                                  a.cite(sa.element, citation=sa.citation),
                                  b.cite(sb.element, citation=sb.citation),
                                  {"responsible": sa.limit, "host": sb.limit,
                                   "responsible_anchor": sa.anchor_class,
                                   "host_anchor": sb.anchor_class}))
            continue
        has, lacks, times = (a, b, tb) if da else (b, a, ta)
        best = min(da or db, key=lambda t: t.key)
        other_timers = times.timers.get(duty, [])
        if other_timers:
            other = min(other_timers, key=lambda t: t.key)
            what = (f"{lacks.authority} sets no deadline but a timer: {other.words(lacks.model)}"
                    " (the duty starts then, it is not due by then)")
            cite_lacks = lacks.cite(other.element, citation=other.citation)
        elif duty in BASELINE_DUTIES and times.duties.get(duty):
            el = times.duties[duty][0]
            what = f"{lacks.authority} sets no deadline for it ('{el.label}')"
            cite_lacks = lacks.cite(el.id, note="no deadline")
        elif duty in BASELINE_DUTIES:
            what = f"{lacks.authority}'s document is silent on it"
            cite_lacks = lacks.silent(f"no {_label(duty).lower()}")
        else:
            continue
        cite_has = has.cite(best.element, citation=best.citation)
        ca, cb = (cite_has, cite_lacks) if has is a else (cite_lacks, cite_has)
        out.append(GapFinding(
            "conflicting_deadline", duty,
            f"'{_label(duty)}': {has.authority} sets {best.words(has.model)}; {what}.", ca, cb,
            {"responsible": best.limit if has is a else None,
             "host": best.limit if has is b else None}))
    return out


def _timescale_words(f: ModelFacts, p: Provision) -> str:
    """A timescale provision in words: its limit and what it counts from."""
    if not p.limit:
        return f"{f.authority} sets no deadline ({' '.join(p.values)}, §{p.citation.section})"
    return (f"{f.authority}: {p.limit} ({p.calendar or 'clock'}) from "
            f"{' '.join(p.values).replace('_', ' ')} (§{p.citation.section})")


def _differing(xa: list[_Timescale], xb: list[_Timescale]
               ) -> tuple[_Timescale, _Timescale] | None:
    """The strictest timescales of a shared anchor class when they differ; the strictest of
    each when the two share no anchor class; None when they agree."""
    by_a: dict[str, list[_Timescale]] = {}
    by_b: dict[str, list[_Timescale]] = {}
    for t in xa:
        by_a.setdefault(t.anchor_class, []).append(t)
    for t in xb:
        by_b.setdefault(t.anchor_class, []).append(t)
    common = sorted(set(by_a) & set(by_b))
    if not common:
        return min(xa, key=lambda t: t.key), min(xb, key=lambda t: t.key)
    for cls in common:
        sa, sb = min(by_a[cls], key=lambda t: t.key), min(by_b[cls], key=lambda t: t.key)
        if sa.key != sb.key:
            return sa, sb
    return None


def _conflicting_intervals(a: ModelFacts, b: ModelFacts, ta: _Times, tb: _Times
                           ) -> list[GapFinding]:
    """Recurring timers (reviews) of the same duty with a different first or later interval;
    one-shot timers (escalations) of a duty neither side sets a deadline for, differing."""
    out: list[GapFinding] = []
    for duty in sorted(set(ta.intervals) & set(tb.intervals)):
        if _provided(a, b, duty):
            continue

        def key(pair: tuple[Element, _Timescale]) -> tuple[float, int, float]:
            el, ts = pair
            later = el.timer.later_duration if el.timer else None
            return (*ts.key, parse_duration(later).nominal_hours if later else -1.0)

        (ea, sa), (eb, sb) = min(ta.intervals[duty], key=key), min(tb.intervals[duty], key=key)
        if key((ea, sa)) == key((eb, sb)):
            continue

        def words(el: Element) -> str:
            assert el.timer is not None
            text = f"every {el.timer.duration} ({el.timer.calendar})"
            if el.timer.later_duration:
                text += f", then every {el.timer.later_duration} after {el.timer.change_after}"
            return text

        out.append(GapFinding(
            "conflicting_interval", duty,
            f"'{_label(duty)}': {a.authority} {words(ea)}; {b.authority} {words(eb)}.",
            a.cite(ea.id, citation=sa.citation), b.cite(eb.id, citation=sb.citation),
            {"responsible": words(ea), "host": words(eb)}))
    for duty in sorted(set(ta.timers) & set(tb.timers)):
        if _provided(a, b, duty):
            continue
        if duty in ta.deadlines or duty in tb.deadlines or (
                duty in ta.intervals and duty in tb.intervals):
            continue
        pair = _differing(ta.timers[duty], tb.timers[duty])
        if pair is None:
            continue
        sa, sb = pair
        out.append(GapFinding(
            "conflicting_interval", duty,
            f"'{_label(duty)}': {a.authority} after {sa.words(a.model)}; {b.authority} after "
            f"{sb.words(b.model)}.", a.cite(sa.element, citation=sa.citation),
            b.cite(sb.element, citation=sb.citation),
            {"responsible": sa.limit, "host": sb.limit}))
    return out


def _triggers(f: ModelFacts) -> tuple[set[tuple[int, str]], Cite | None]:
    """The model's repeat triggers (count, window) and the citation of the first."""
    found: set[tuple[int, str]] = set()
    first: Cite | None = None
    for fl in sorted(f.model.sequence_flows(), key=lambda x: x.line):
        if not fl.condition or not f.applies.get(fl.target, True):
            continue
        for window, count in _EPISODES_IN.findall(fl.condition):
            found.add((int(count), window))
            if first is None:
                c = fl.citations[0] if fl.citations else None
                first = f.cite(fl.id, citation=c)
    return found, first


def _conflicting_triggers(a: ModelFacts, b: ModelFacts) -> list[GapFinding]:
    if _provided(a, b, "repeat_trigger"):
        return []
    xa, ca = _triggers(a)
    xb, cb = _triggers(b)
    if xa == xb or (not xa and not xb):
        return []

    def words(f: ModelFacts, xs: set[tuple[int, str]]) -> str:
        if not xs:
            return f"{f.authority} sets no counted repeat trigger for this child"
        return f"{f.authority}: " + ", ".join(
            f"{n} episodes" + (f" in {w}" if w else "") for n, w in sorted(xs))

    return [GapFinding(
        "conflicting_trigger", "repeat_trigger",
        f"Repeat-episode triggers differ: {words(a, xa)}; {words(b, xb)}.",
        ca or a.silent("no repeat trigger"), cb or b.silent("no repeat trigger"),
        {"responsible": sorted(xa), "host": sorted(xb)})]


def _eligible(f: ModelFacts) -> tuple[tuple[str, ...], Cite | None]:
    """Who gets a return interview: the police risk grades for which some return-interview
    task applies to a looked-after child placed out of area, by `models.checks.applicability` (the
    conditions on every way to the task, across merges and message flows)."""
    tasks = sorted((e for e in f.model.elements.values()
                    if e.task is not None and e.task.duty == "return_interview"),
                   key=lambda e: e.line)
    if not tasks:
        return (), None
    apps = applicability(f.model)
    grades = []
    for grade in RISK_GRADES:
        domains = placed_child_domains()
        domains["risk"] = [grade]
        if any(_possible(apps[t.id].children, domains) for t in tasks if t.id in apps):
            grades.append(grade)
    return tuple(grades), f.cite(tasks[0].id)


def _possible(condition: Node, domains: Mapping[str, object]) -> bool:
    try:
        return satisfiable(condition, domains)
    except (ConditionError, KeyError):
        return True


def _eligibility(a: ModelFacts, b: ModelFacts) -> list[GapFinding]:
    if _provided(a, b, "return_interview_eligibility"):
        return []
    xa, ca = _eligible(a)
    xb, cb = _eligible(b)
    if xa == xb or not (xa and xb):
        return []
    return [GapFinding(
        "eligibility", "return_interview_eligibility",
        f"Who gets a return interview differs: {a.authority}: {', '.join(xa)}; "
        f"{b.authority}: {', '.join(xb)}.",
        ca or a.silent("no return interview"), cb or b.silent("no return interview"),
        {"responsible": list(xa), "host": list(xb)})]


# ------------------------------------------------------------------ the document's provisions
def _rules(f: ModelFacts, topic: str, side: str) -> list[Provision]:
    """The document's provisions on ``topic`` that govern a child on ``side``: its rules for its
    own child placed elsewhere (``responsible``) or for a child placed in its area (``host``);
    a provision with no side is both."""
    return [p for p in f.provisions(topic) if p.side in (None, "both", side)]


def _hours(limit: str | None) -> float | None:
    return parse_duration(limit).nominal_hours if limit else None


def _timescale(p: Provision) -> tuple[str, frozenset[str], float | None, str]:
    kind, *anchors = p.values or ("",)
    return kind, frozenset(anchors), _hours(p.limit), p.calendar or "clock"


def _same(topic: str, xa: list[Provision], xb: list[Provision]) -> bool:
    """Whether two documents' provisions on ``topic`` say the same for this child. What one
    document leaves unstated (an anchor, a grade list, ``x_unstated``) is not compared."""
    va = {v for p in xa for v in p.values}
    vb = {v for p in xb for v in p.values}
    if topic == "risk_categories":
        grades_a, grades_b = va - {"absent"}, vb - {"absent"}
        return ("absent" in va) == ("absent" in vb) and (
            not grades_a or not grades_b or grades_a == grades_b)
    if topic == "return_interview_eligibility":
        skip = {v[:-len("_unstated")] for v in va | vb if v.endswith("_unstated")}
        clean = {v for v in va | vb if not v.endswith("_unstated")} - skip
        return all((v in va) == (v in vb) for v in clean)
    if topic == "absent_to_missing":
        return {_hours(p.limit) for p in xa} == {_hours(p.limit) for p in xb}
    if topic == "repeat_trigger":
        return ({(p.count or 0, p.window or "") for p in xa}
                == {(p.count or 0, p.window or "") for p in xb})
    if topic in TIMESCALE_TOPICS:
        (ka, aa, ha, ca), (kb, ab, hb, cb) = _timescale(xa[0]), _timescale(xb[0])
        return ka == kb and ha == hb and ca == cb and (not aa or not ab or aa == ab)
    if topic == "review_strategy_meeting":
        return ({(_hours(p.limit), _hours(p.later)) for p in xa}
                == {(_hours(p.limit), _hours(p.later)) for p in xb})
    return ({(tuple(sorted(p.values)), _hours(p.limit)) for p in xa}
            == {(tuple(sorted(p.values)), _hours(p.limit)) for p in xb})


def _duration_words(iso: str | None, calendar: str | None = None) -> str:
    """``PT72H`` as "72 hours", ``P1D`` in working days as "1 working day"."""
    if not iso:
        return ""
    units = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour"}
    m = re.fullmatch(r"P(?:(\d+)([YMWD]))?(?:T(\d+)H)?", iso)
    if m is None:
        return iso
    n, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), "H")
    word = units[unit]
    if calendar in ("working_days", "school_days") and unit == "D":
        word = calendar.split("_")[0] + " day"
    return f"{n} {word}{'' if n == '1' else 's'}"


def _rule_words(p: Provision) -> str:
    """One provision in plain words."""
    kind, *rest = p.values or ("",)
    when = " or ".join(x.replace("_", " ") for x in rest)
    span = _duration_words(p.limit, p.calendar)
    if kind == "by" and span:
        return f"within {span}" + (f" of {when}" if when else "")
    if kind == "after" and span:
        return f"once {span} have passed" + (f" since {when}" if when else "")
    if kind == "every" and span:
        return f"every {span}" + (f", then every {_duration_words(p.later)}" if p.later else "")
    if kind == "counted":
        return (f"{p.count} or more episodes" +
                (f" in {_duration_words(p.window)}" if p.window else " (no window)"))
    if kind == "timer" and span:
        return f"missing after {span} at most"
    words = ", ".join(_VALUE_WORDS.get(v, v.replace("_", " ")) for v in p.values)
    return words + (f" ({span})" if span else "")


def _provision_words(f: ModelFacts, ps: list[Provision]) -> str:
    if not ps:
        return f"{f.authority}'s document states no such rule for this child"
    return (f"{f.authority}: " + "; ".join(_rule_words(p) for p in ps)
            + f" (§{ps[0].citation.section})")


def _provisions(a: ModelFacts, b: ModelFacts) -> list[GapFinding]:
    """A's rules for its child placed elsewhere against B's rules for a child placed in its
    area, topic by topic (``PROVISION_TOPICS``): a finding when B states a rule and A's differs
    or A states none (A then cited as silent)."""
    out: list[GapFinding] = []
    for topic, kind in PROVISION_TOPICS.items():
        ra, hb = _rules(a, topic, "responsible"), _rules(b, topic, "host")
        if not hb or (ra and _same(topic, ra, hb)):
            continue
        cite_a = (a.cite_provision(ra[0]) if ra else
                  a.silent(f"states no rule on {_label(topic).lower()} for its child "
                           "placed elsewhere"))
        out.append(GapFinding(
            kind, topic, f"{_label(topic)}: {_provision_words(a, ra)}; "
                         f"{_provision_words(b, hb)}.", cite_a, b.cite_provision(hb[0]),
            {"responsible": [asdict(p) for p in ra], "host": [asdict(p) for p in hb]}))
    return out


def _views(f: ModelFacts, side: str, view: frozenset[str]) -> tuple[set[str], Provision | None]:
    found = [p for p in (*_rules(f, "applicable_protocol", side), *_rules(f, "scope", side))
             if set(p.values) & view]
    return {v for p in found for v in p.values if v in view}, found[0] if found else None


def _applicable_protocol(a: ModelFacts, b: ModelFacts) -> list[GapFinding]:
    """Whose protocol applies: B covers a placed child only if the contract says so (topic
    ``scope``), or A keeps its own protocol only while B applies its own to every child placed
    in its area (topic ``applicable_protocol``: neither says which prevails)."""
    ra, pa = _views(a, "responsible", RESPONSIBLE_VIEW)
    hb, pb = _views(b, "host", HOST_VIEW)
    if pb is None:
        return []
    ca = a.cite_provision(pa) if pa else a.silent("does not say whose protocol applies to "
                                                   "its child placed elsewhere")
    if "contract_for_placed_in" in hb:
        return [GapFinding(
            "applicable_protocol", "scope",
            f"{b.authority}'s protocol covers a child placed in its area by another authority "
            f"only where the placement contract says so (§{pb.citation.section}); "
            + (f"{a.authority} says {', '.join(sorted(ra)).replace('_', ' ')} "
               f"(§{pa.citation.section})" if pa else f"{a.authority}'s document does not say")
            + ", so whose rules apply otherwise is unclear.",
            ca, b.cite_provision(pb), {"responsible": sorted(ra), "host": sorted(hb)})]
    if pa is None or "host_when_placed_out" in ra or not (
            hb & {"own_for_placed_in", "local_and_responsible"}):
        return []
    return [GapFinding(
        "applicable_protocol", "applicable_protocol",
        f"Whose protocol applies: {a.authority} keeps its own for its child placed elsewhere "
        f"(§{pa.citation.section}); {b.authority} applies "
        f"{', '.join(sorted(hb)).replace('_', ' ')} to a child placed in its area "
        f"(§{pb.citation.section}); neither says which prevails.", ca, b.cite_provision(pb),
        {"responsible": sorted(ra), "host": sorted(hb)})]


def _shared_records(a: ModelFacts, b: ModelFacts) -> list[GapFinding]:
    """A record A sends the host authority (``sends``) that B names nobody to receive
    (``receives``): the placement risk assessment, the return-interview record."""
    out: list[GapFinding] = []
    for topic in SHARED_TOPICS:
        sends = [p for p in _rules(a, topic, "responsible") if "sends" in p.values]
        receives = [p for p in _rules(b, topic, "host") if "receives" in p.values]
        if not sends or receives:
            continue
        out.append(GapFinding(
            "unreceived_information", topic,
            f"{a.authority} sends the host authority '{_label(topic).lower()}' "
            f"(§{sends[0].citation.section}); {b.authority}'s document names nobody who "
            "receives or uses it for a child placed in its area.", a.cite_provision(sends[0]),
            b.silent(f"no receiver of '{_label(topic).lower()}'"), {}))
    return out


def _provided(a: ModelFacts, b: ModelFacts, topic: str) -> bool:
    """Whether either document has a provision on ``topic`` (then the models' timings of it
    are not compared: the provisions carry the text's words)."""
    return bool(a.provisions(topic) or b.provisions(topic))


# ------------------------------------------------------------------------------- ownership
def _by_duty(f: ModelFacts, els: Iterable[Element]) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for el in els:
        out.setdefault(_duty_key(f.duty_of(el)), []).append(el)
    return out


def _host_does(el: Element, duty: str) -> bool:
    """A host task that duplicates the responsible side's: marked host or both, or, for a DfE
    baseline duty, one its front door does for any child (never its police: for a placed
    child only the host's police act, so they duplicate no one)."""
    assert el.task is not None
    if el.task.role in POLICE_ROLES:
        return False
    return el.task.side in ("host", "both") or duty in BASELINE_DUTIES


def _silence(f: ModelFacts, duty: str, side: str) -> Cite:
    """The element nearest to ``duty`` when the model does not give it to ``side``."""
    same = [e for e in sorted(f.model.elements.values(), key=lambda e: e.line)
            if e.task is not None and f.duty_of(e) == duty]
    if same:
        el = same[0]
        assert el.task is not None
        why = []
        if not f.applies.get(el.id, True):
            why.append("not for a looked-after child placed out of area")
        why.append(f"side {el.task.side or 'not marked'}, role {el.task.role}")
        return f.cite(el.id, silent=True, note=f"has the duty only as: {'; '.join(why)}")
    return f.silent(f"no task of this duty for the {side} side")


def _ownership(a: ModelFacts, b: ModelFacts, dead: set[str]) -> list[GapFinding]:
    """Who does a duty for this child. A does a duty when a task of it it owns for its child
    placed elsewhere can happen in the combined model, or its document states a rule of the
    duty for that child (a responsible-side ``ms:provision``). B does it when its document
    gives the duty to its own agencies for a child placed in its area (a host-owned task).

    Unowned: a DfE baseline duty neither does. Duplicate: a duty both do (B's task marked
    host-side, or, for a baseline duty, its front door's; never its police's)."""
    out: list[GapFinding] = []
    mine = _by_duty(a, a.owned_responsible())
    own_a = {d: [e for e in els if e.id not in dead] for d, els in mine.items()}
    own_b = _by_duty(b, b.owned_host())

    def a_does(duty: str) -> bool:
        return bool(own_a.get(duty)) or bool(_rules(a, duty, "responsible"))

    for duty in BASELINE_DUTIES:
        if a_does(duty) or own_b.get(duty):
            continue
        never = [e for e in mine.get(duty, []) if e.id in dead]
        cite_a = (a.cite(never[0].id, note="can never happen for this child in the combined "
                         "model") if never else _silence(a, duty, "responsible"))
        why = (f"{a.authority}'s route to it ('{never[0].label}') waits for a message "
               f"{b.authority}'s protocol does not send, and its document states no rule for "
               "its child placed elsewhere" if never else
               f"{a.authority}'s document does not give it to its own side")
        out.append(GapFinding(
            "unowned_duty", duty,
            f"'{_label(duty)}': {why}; {b.authority}'s document gives its own agencies no "
            "such duty for a child placed in its area.", cite_a, _silence(b, duty, "host"),
            {"dead": [e.id for e in never]}))
    for duty in sorted(set(own_b) - GENERIC_DUTIES):
        doers = [e for e in own_b[duty] if _host_does(e, duty)]
        if not doers or not a_does(duty):
            continue
        mine_live = own_a.get(duty) or mine.get(duty) or []
        stated = _rules(a, duty, "responsible")
        cite_a = (a.cite(mine_live[0].id) if mine_live else a.cite_provision(stated[0]))
        what = f"'{mine_live[0].label}'" if mine_live else f"§{stated[0].citation.section}"
        out.append(GapFinding(
            "duplicate_duty", duty,
            f"Both documents make themselves do '{_label(duty)}' for this child: "
            f"{a.authority} (responsible: {what}) and {b.authority} "
            f"(host: '{doers[0].label}').", cite_a, b.cite(doers[0].id),
            {"responsible_elements": [e.id for e in mine_live],
             "host_elements": [e.id for e in doers]}))
    return out


# -------------------------------------------------------------- notices and their receivers
def _accepts(f: ModelFacts, sender: str) -> str | None:
    """The first element that accepts notices from ``sender`` (it receives and acts on them)."""
    for el in sorted(f.model.elements.values(), key=lambda e: e.line):
        if any(n.to == sender for n in el.accepts):
            return el.id
    return None


def _unreceived(a: ModelFacts, b: ModelFacts) -> list[GapFinding]:
    out: list[GapFinding] = []
    for sender, receiver, direction, to, frm in (
            (b, a, "host to responsible", "placing_authority", "host_authority"),
            (a, b, "responsible to host", "host_authority", "placing_authority")):
        side = "host" if sender is b else "responsible"
        owned = sender.owned_host() if side == "host" else sender.owned_responsible()
        sent: dict[str, list[Element]] = {}
        for el in owned + sender.placement_tasks():
            for n in notices_of(sender.model, el):
                if n.to == to:
                    sent.setdefault(n.about, []).append(el)
        for about, els in sorted(sent.items()):
            if _accepts(receiver, frm) is not None:
                continue
            el = els[0]
            duty = "notify_placing_authority" if to == "placing_authority" else \
                "notify_host_authority"
            cite_s = sender.cite(el.id)
            cite_r = receiver.silent(f"no element accepts a notice ({about}) from the "
                                     f"{frm.replace('_', ' ')}")
            ca, cb = (cite_r, cite_s) if sender is b else (cite_s, cite_r)
            out.append(GapFinding(
                "unreceived_information", duty,
                f"{sender.authority}'s '{el.label}' sends the {to.replace('_', ' ')} a notice "
                f"({about}); {receiver.authority}'s document has nobody who receives or acts "
                f"on it from the {frm.replace('_', ' ')}.", ca, cb,
                {"direction": direction, "about": about, "senders": [e.id for e in els]}))
    return out


# ------------------------------------------------------------ the combined model, timing
def _still_missing(model: ProtocolModel, keep: set[str]) -> ProtocolModel:
    """The model with the child's messages (return, being found) removed: the child stays
    missing, so only what happens while missing can happen. Only the deadlines of the tasks in
    ``keep`` are left (the ones asked about)."""
    boxes = {p.id for p in model.participants.values() if not p.process}
    flows = {k: f for k, f in model.flows.items()
             if not (f.kind == "message" and f.source in boxes)}
    elements = {k: e if k in keep or not e.deadlines else dataclasses.replace(e, deadlines=())
                for k, e in model.elements.items()}
    return dataclasses.replace(model, flows=flows, elements=elements)


def _unreachable(a: ModelFacts, comp: Composition, memo: dict[str, object]
                 ) -> list[GapFinding]:
    """A's deadlines anchored while the child is missing that its own model meets at some anchor
    hours and the combined model (child still missing) does not."""
    before = _before_return(a.model)
    owned = {e.id for e in a.owned_responsible()
             if any(_anchor_class(d.anchor, before) == "before_return" for d in e.deadlines)}
    if not owned:
        return []
    key = f"own:{a.name}"
    if key not in memo:
        memo[key] = {(r.task, r.deadline.name): r
                     for r in deadline_reachability(_still_missing(a.model, owned))}
    own: dict[tuple[str, str], object] = memo[key]  # type: ignore[assignment]
    combined = {(r.task, r.deadline.name): r
                for r in deadline_reachability(_still_missing(
                    comp.model, {RESPONSIBLE_PREFIX + t for t in owned}))}
    out: list[GapFinding] = []
    for (task, name), reach in own.items():
        if task not in owned:
            continue
        el = a.model.elements[task]
        d = next(d for d in el.deadlines if d.name == name)
        if _anchor_class(d.anchor, before) != "before_return":
            continue
        own_met = {i for i, h in enumerate(reach.reference.hours) if h.met}  # type: ignore[attr-defined]
        if not own_met:
            continue
        other = combined.get((RESPONSIBLE_PREFIX + task, name))
        if other is None or all(h.earliest is None for h in other.reference.hours):
            continue  # no route at all: not a timing gap (see the combined model's notes)
        comp_met = {i for i, h in enumerate(other.reference.hours) if h.met}
        lost = sorted(own_met - comp_met)
        if not lost:
            continue
        sender = comp.links[0] if comp.links else None
        host = comp.host
        cite_b = (Cite(host.authority, *(_cite_parts(host, sender.source[2:])),
                       element=sender.source[2:], element_label=sender.source_label,
                       note="the notice to the placing authority")
                  if sender is not None else
                  Cite(host.authority, host.document, "", "", silent=True,
                       note="no notice to the placing authority"))
        via = (f"{host.authority}'s '{sender.source_label}'" if sender is not None else
               f"no notice from {host.authority}")
        out.append(GapFinding(
            "unreachable_deadline", d.duty,
            f"{a.authority}'s deadline '{d.name}' ({d.limit}, {d.calendar}) is met in its own "
            f"model, the child still missing, at {len(own_met)} of 168 anchor hours, but for a "
            f"child placed in {host.authority} only at {len(own_met & comp_met)}: the episode "
            f"reaches {a.authority} through {via}. Lost when the episode starts "
            f"{hour_ranges(lost)}.", a.cite(task), cite_b,
            {"task": task, "deadline": name, "own_met_hours": len(own_met),
             "composed_met_hours": len(own_met & comp_met), "lost_hours": lost,
             "lost": hour_ranges(lost)}))
    return out


def _cite_parts(model: ProtocolModel, el_id: str) -> tuple[str, str, str]:
    c = model.citation_of(el_id)
    return (c.document, c.section, c.quote) if c else (model.document, "", "")


def _combined_words(a: ModelFacts, b: ModelFacts, comp: Composition,
                    memo: dict[object, object]) -> tuple[bool, tuple[str, ...], set[str]]:
    """The combined model's verification, in words (which of A's waits no message from B ends
    and what A then never does), and A's original ids of tasks that can never happen."""
    report = verify_composition(comp, cache=memo)  # type: ignore[arg-type]
    if report.ok:
        return True, (), set()
    dead = set(report.properties.get("dead_activities", ()) or ()) | report.ids("dead_activity")
    dead_a = {d[len(RESPONSIBLE_PREFIX):] for d in dead if d.startswith(RESPONSIBLE_PREFIX)}
    lines = []
    police = police_entry(a.model)
    for target in comp.unlinked:
        original = target[len(RESPONSIBLE_PREFIX):]
        tasks = [e for e in sorted(comp.model.elements.values(), key=lambda e: e.line)
                 if e.id in dead and e.id.startswith(RESPONSIBLE_PREFIX) and e.task is not None]
        senders = [a.model.elements[fl.source] for fl in a.model.message_flows()
                   if fl.target == original and fl.source in a.model.elements]
        who = ("police" if any(s.task is not None and s.task.role in POLICE_ROLES
                               for s in senders) or original == police else "placement")
        lines.append(
            f"{a.authority}'s '{a.model.label_of(original)}' waits for a message from its "
            f"{who}, who for this child are {b.authority}'s, and {b.authority}'s protocol "
            f"sends none: {len(tasks)} of {a.authority}'s tasks can then never happen"
            + (": " + ", ".join(f"'{e.label}'" for e in tasks[:4]) if tasks else "") + ".")
    others = [f"{f.kind.replace('_', ' ')} at '{f.label}'" for f in report.findings
              if f.element_id not in dead and f.kind != "dead_activity"]
    lines += others[:5]
    return False, tuple(lines), dead_a


# ----------------------------------------------------------------------------------- the pair
def gaps(responsible: ProtocolModel, host: ProtocolModel, *, latency: str | None = None,
         responsible_name: str | None = None, host_name: str | None = None,
         cache: dict[str, object] | None = None) -> PairReport:
    """The gaps for a looked-after child of ``responsible`` placed in ``host``.

    Parameters
    ----------
    responsible, host : ProtocolModel
    latency : str, optional
        ISO 8601 duration the cross-boundary notice takes (clock); default: it arrives at once.
    cache : dict, optional
        Kept by the caller across pairs (``matrix``): per-model facts and verdicts.

    Returns
    -------
    PairReport
        Findings in ``KINDS`` order, then by topic.
    """
    memo: dict[str, object] = cache if cache is not None else {}
    ra, hb = responsible_name or responsible.name, host_name or host.name

    def facts(name: str, model: ProtocolModel) -> tuple[ModelFacts, _Times, _Times]:
        key = f"facts:{name}"
        if key not in memo:
            f = model_facts(name, model)
            memo[key] = (f, _times(f, "responsible"), _times(f, "host"))
        return memo[key]  # type: ignore[return-value]

    (a, ta, _), (b, _, tb) = facts(ra, responsible), facts(hb, host)
    comp = compose(responsible, host, latency=latency, facts=(a, b))
    verdicts: dict[object, object] = memo.setdefault("verdicts", {})  # type: ignore[assignment]
    verified, combined, dead = _combined_words(a, b, comp, verdicts)
    crossings = tuple(f"{b.authority}'s '{lk.source_label}' -> {a.authority}'s "
                      f"'{lk.target_label}'" + (f" (after {lk.latency})" if lk.latency else "")
                      for lk in comp.links)
    found = [*_conflicting_deadlines(a, b, ta, tb), *_conflicting_intervals(a, b, ta, tb),
             *_conflicting_triggers(a, b), *_eligibility(a, b), *_provisions(a, b),
             *_applicable_protocol(a, b), *_ownership(a, b, dead),
             *_unreachable(a, comp, memo), *_unreceived(a, b), *_shared_records(a, b)]
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda f: (order[f.kind], f.topic))
    return PairReport(ra, a.authority, hb, b.authority, tuple(found), verified, crossings,
                      combined)


def matrix(models: Mapping[str, ProtocolModel], *,
           latency: str | None = None) -> list[PairReport]:
    """``gaps`` for every ordered pair of distinct models (20 for the five shipped)."""
    cache: dict[str, object] = {}
    return [gaps(models[r], models[h], latency=latency, responsible_name=r, host_name=h,
                 cache=cache)
            for r in models for h in models if r != h]
