"""Structural checks: pure functions of a model and its graph, each returning findings.

They do not execute the model (see `models.checks.soundness` for that). Each finding names the
element id, its label and its citation.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from models.data.calendars import DEFAULT_YEARS
from models.data.catalogue import Catalogue
from models.data.conditions import (
    DECISION,
    ConditionError,
    calls,
    condition_domains,
    decision_outcomes,
    format_condition,
    names,
    parse_condition,
    satisfiable,
    type_errors,
    unknown_attributes,
)
from models.data.durations import Duration, parse_duration
from models.data.findings import Finding
from models.data.graph import control_flow
from models.data.model import CALENDARS, ProtocolModel, is_environment_event
from models.data.sources import document_path, quote_span

__all__ = [
    "MAX_DURATION_YEARS", "bad_citations", "bad_conditions", "bad_gateways", "bad_tasks",
    "bad_timers", "beyond_calendars", "dangling_references", "dead_ends",
    "provisions_without_deadline", "structural_findings", "uncovered_splits",
    "unreachable_elements",
]

MAX_DURATION_YEARS = len(DEFAULT_YEARS)
"""The longest timer or deadline: the span of years the calendars know (2000-2060)."""


def beyond_calendars(duration: Duration) -> str | None:
    """Why a timer or limit can never be reached (longer than the calendars' span), or None."""
    if duration.nominal_hours <= MAX_DURATION_YEARS * 365 * 24:
        return None
    text = duration.text if len(duration.text) <= 20 else duration.text[:20] + "..."
    return (f"'{text}' is longer than any calendar reaches (they cover {DEFAULT_YEARS[0]}-"
            f"{DEFAULT_YEARS[-1]}: at most P{MAX_DURATION_YEARS}Y)")


def _finding(model: ProtocolModel, kind: str, element_id: str, message: str,
             severity: str = "error") -> Finding:
    return Finding(kind, element_id, model.label_of(element_id), message,
                   model.citation_of(element_id), severity)


def dangling_references(model: ProtocolModel) -> Iterator[Finding]:
    """References to ids that do not exist, or that point to the wrong kind of thing."""
    nodes = model.elements
    boxes = {p.id for p in model.participants.values() if not p.process}
    for f in model.flows.values():
        for end, ref in (("sourceRef", f.source), ("targetRef", f.target)):
            if f.kind == "sequence":
                if ref not in nodes:
                    yield _finding(model, "dangling_reference", f.id,
                                   f"{end} '{ref}' is not a flow node")
                elif nodes[ref].process != f.process:
                    yield _finding(model, "dangling_reference", f.id,
                                   f"{end} '{ref}' is in another process")
            elif ref not in nodes and ref not in boxes:
                yield _finding(model, "dangling_reference", f.id,
                               f"message flow {end} '{ref}' is not a flow node or black-box pool")
        if (f.kind == "message" and f.source in nodes and f.target in nodes
                and nodes[f.source].process == nodes[f.target].process):
            yield _finding(model, "dangling_reference", f.id,
                           "message flow joins two nodes of the same process")
    for el in model.elements.values():
        for ref in el.incoming + el.outgoing:
            if ref not in model.flows:
                yield _finding(model, "dangling_reference", el.id,
                               f"incoming/outgoing '{ref}' is not a sequence flow")
        if el.attached_to is not None and (el.attached_to not in nodes
                                           or not nodes[el.attached_to].is_activity):
            yield _finding(model, "dangling_reference", el.id,
                           f"attachedToRef '{el.attached_to}' is not an activity")
        if el.default_flow and (el.default_flow not in model.flows
                                or model.flows[el.default_flow].source != el.id):
            yield _finding(model, "dangling_reference", el.id,
                           f"default '{el.default_flow}' is not an outgoing flow of this node")
        for d in el.deadlines:
            if d.anchor not in nodes and not is_environment_event(d.anchor):
                yield _finding(model, "dangling_reference", el.id,
                               f"deadline '{d.name}' anchor '{d.anchor}' is not a flow node")
        if el.timer and el.timer.anchor and el.timer.anchor not in nodes \
                and not is_environment_event(el.timer.anchor):
            yield _finding(model, "dangling_reference", el.id,
                           f"timer anchor '{el.timer.anchor}' is not a flow node or an "
                           "environment event")
        if el.timer and el.timer.change_from and el.timer.change_from not in nodes:
            yield _finding(model, "dangling_reference", el.id,
                           f"intervalChange from '{el.timer.change_from}' is not a flow node")
    for lane in model.lanes.values():
        for ref in lane.nodes:
            if ref not in nodes:
                yield _finding(model, "dangling_reference", lane.id,
                               f"flowNodeRef '{ref}' is not a flow node")
    for p in model.participants.values():
        if p.process and p.process not in model.processes:
            yield _finding(model, "dangling_reference", p.id,
                           f"processRef '{p.process}' is not a process")


def _starts(model: ProtocolModel) -> list[str]:
    return [e.id for e in model.elements.values() if e.kind == "startEvent"]


def unreachable_elements(model: ProtocolModel, g: nx.MultiDiGraph) -> Iterator[Finding]:
    """Flow nodes no start event reaches by sequence flows and boundary attachments."""
    cf = control_flow(g)
    reached: set[str] = set()
    for s in _starts(model):
        reached |= nx.descendants(cf, s) | {s}
    for el in model.elements.values():
        if el.id not in reached:
            yield _finding(model, "unreachable", el.id, "no start event reaches this element")


def dead_ends(model: ProtocolModel, g: nx.MultiDiGraph) -> Iterator[Finding]:
    """Flow nodes from which no end event can be reached."""
    cf = control_flow(g)
    ends = [e.id for e in model.elements.values() if e.kind == "endEvent"]
    can_finish: set[str] = set()
    for e in ends:
        can_finish |= nx.ancestors(cf, e) | {e}
    for el in model.elements.values():
        if el.id not in can_finish:
            yield _finding(model, "dead_end", el.id, "no end event can be reached from here")
    for proc in model.processes:
        kinds = {e.kind for e in model.elements.values() if e.process == proc}
        if "startEvent" not in kinds:
            yield _finding(model, "dead_end", proc, "process has no start event")
        if "endEvent" not in kinds:
            yield _finding(model, "dead_end", proc, "process has no end event")


def bad_gateways(model: ProtocolModel) -> Iterator[Finding]:
    """Gateways whose flows do not fit their kind; chance branches that do not add up."""
    flows = model.flows
    for el in model.elements.values():
        outs = [flows[f] for f in el.outgoing if f in flows]
        ins = [f for f in el.incoming if f in flows]
        if el.is_gateway and len(outs) < 2 and len(ins) < 2:
            yield _finding(model, "gateway", el.id, "gateway neither splits nor joins")
        if el.kind == "exclusiveGateway" and len(outs) > 1:
            for f in outs:
                if f.condition is None and f.id != el.default_flow:
                    yield _finding(model, "gateway", f.id,
                                   f"flow out of exclusive split '{el.id}' has no condition "
                                   "and is not the default")
            probs = [f.probability for f in outs if f.probability is not None]
            if probs:
                total = sum(probs)
                if total > 1 + 1e-9:
                    yield _finding(model, "gateway", el.id,
                                   f"branch probabilities add up to {total:g} (more than 1)")
                elif el.default_flow is None and abs(total - 1) > 1e-6:
                    yield _finding(model, "gateway", el.id,
                                   f"branch probabilities add up to {total:g} with no default")
        if el.kind == "parallelGateway":
            for f in outs:
                if f.condition is not None:
                    yield _finding(model, "gateway", f.id, "flow out of a parallel gateway "
                                   "has a condition")
        if el.kind == "eventBasedGateway":
            if len(outs) < 2:
                yield _finding(model, "gateway", el.id, "event-based gateway needs two or more "
                               "outgoing flows")
            for f in outs:
                t = model.elements.get(f.target)
                if t is not None and not (
                        (t.kind == "intermediateCatchEvent") or t.kind == "receiveTask"):
                    yield _finding(model, "gateway", f.id, "event-based gateway leads to "
                                   f"'{t.id}', which is not a catch event or receive task")
        if not el.is_gateway and el.kind != "endEvent" and el.kind != "boundaryEvent":
            if len(outs) > 1 and any(f.condition for f in outs):
                yield _finding(model, "gateway", el.id, "conditional flows leave a non-gateway "
                               "(use an exclusive gateway)")


def bad_timers(model: ProtocolModel) -> Iterator[Finding]:
    """Timer durations, deadline limits and calendars that do not parse or are not known."""
    for el in model.elements.values():
        if el.timer is not None:
            for label, text in (("timeDuration", el.timer.duration),
                                ("intervalChange after", el.timer.change_after),
                                ("intervalChange duration", el.timer.later_duration)):
                if text is None:
                    continue
                if not isinstance(text, Duration):  # the reader could not parse it
                    try:
                        parse_duration(text)
                    except ValueError as exc:
                        yield _finding(model, "timer", el.id, f"{label}: {exc}")
                    continue
                too_long = beyond_calendars(text)
                if too_long:
                    yield _finding(model, "timer", el.id, f"{label}: {too_long}")
            if el.timer.calendar not in CALENDARS:
                yield _finding(model, "timer", el.id, "timer has no ms:calendar")
        for d in el.deadlines:
            too_long = beyond_calendars(d.limit)
            if too_long:
                yield _finding(model, "timer", el.id, f"deadline '{d.name}' limit: {too_long}")


# The episode events a provision's "by ..." value names, as deadline anchors.
_PROVISION_ANCHORS = {"return": "returned", "located_or_return": "returned", "missing": "missing"}


def provisions_without_deadline(model: ProtocolModel, cat: Catalogue) -> Iterator[Finding]:
    """A deadline a document states (an ``ms:provision`` with ``by`` and a limit, on a duty) that
    no ``ms:deadline`` of the model carries with the same limit, calendar and anchor.

    The gap analysis compares the provision and the simulator measures the deadline, so the two
    must say the same thing: editing a deadline in a modeller without its provision (or the
    other way round) is caught here instead of giving two different answers.
    """
    deadlines = [d for el in model.elements.values() for d in el.deadlines if not d.immediate]
    for p in model.provisions:
        if "by" not in p.values or p.limit is None or p.topic not in cat.duties:
            continue
        anchors = {_PROVISION_ANCHORS[v] for v in p.values if v in _PROVISION_ANCHORS}
        calendar = p.calendar or "clock"
        where = f"provision:{p.topic}"
        hours = p.limit.nominal_hours
        for d in deadlines:
            same = d.limit.nominal_hours == hours
            if (d.duty == p.topic and same and d.calendar == calendar
                    and (not anchors or d.anchor in anchors)):
                break
        else:
            counted = f" from {' or '.join(sorted(anchors))}" if anchors else ""
            yield Finding(
                "provision", where, p.topic,
                f"the document's rule for {p.topic} ({p.limit}, {calendar}{counted}) is carried "
                f"by no ms:deadline of duty {p.topic} with that limit, calendar and anchor: "
                "edit the provision and the deadline together", p.citation)


def bad_conditions(model: ProtocolModel, cat: Catalogue) -> Iterator[Finding]:
    """Conditions that do not parse, read unknown attributes, or can never be true."""
    domains = cat.domains()
    items: list[tuple[str, str | None]] = [
        (f.id, f.condition) for f in model.flows.values() if f.condition is not None]
    items += [(e.id, e.condition) for e in model.elements.values() if e.event == "conditional"]
    for el_id, text in items:
        try:
            tree = parse_condition(text or "")
        except ConditionError as exc:
            yield _finding(model, "condition", el_id, str(exc))
            continue
        unknown = unknown_attributes(tree, domains)
        bad_calls = [c.name for c in calls(tree) if c.name != "episodes_in"]
        if unknown or bad_calls:
            yield _finding(model, "condition", el_id,
                           f"condition reads unknown attribute(s) {', '.join(unknown + bad_calls)}")
            continue
        for c in calls(tree):
            try:
                parse_duration(c.arg)
            except ValueError as exc:
                yield _finding(model, "condition", el_id, f"episodes_in window: {exc}")
        local = condition_domains(tree, domains, _decision_values(model, el_id)
                                  if DECISION in names(tree) else ())
        if local is None:  # an unknown attribute: reported above
            continue
        for problem in type_errors(tree, local):
            yield _finding(model, "condition", el_id, f"condition '{text}': {problem}")
        if not satisfiable(tree, local):
            yield _finding(model, "condition", el_id, f"condition '{text}' can never be true")


def uncovered_splits(model: ProtocolModel, cat: Catalogue) -> Iterator[Finding]:
    """Data gaps at exclusive splits, for the children who can reach the split (by
    `models.checks.applicability`: the conditions on the way, across merges and message flows):

    - ``no_branch``: a split with no default where some child meets none of the branches'
      conditions (that child's run would stop there), naming an example child and all of them;
    - ``branch_never_taken`` (a warning: the model still passes): a branch (a default too) that
      no child reaching the split takes, because the conditions before it or its siblings' leave
      no child for it. A warning, because a combined model (`models.analyses.composition`) is for
      one kind of child, a looked-after child placed out of area, and the responsible authority's
      branches for other children are rightly never taken there.
    """
    from models.checks.applicability import reach

    splits = [el for el in sorted(model.elements.values(), key=lambda e: e.line)
              if el.kind == "exclusiveGateway"
              and len([f for f in el.outgoing if f in model.flows]) > 1]
    if not splits:
        return
    r = reach(model, cat)
    for el in splits:
        outs = [f for f in el.outgoing if f in model.flows]
        if not r.children(r.at(el.id)):
            continue  # no child reaches the split: reported as unreachable or dead
        for f in outs:
            if not r.flow[f]:
                yield _finding(model, "branch_never_taken", f,
                               f"no child who reaches '{el.id}' takes this branch (the "
                               "conditions on the way there, or its siblings', leave none)",
                               severity="warning")
        if el.default_flow is not None or not all(model.flows[f].condition for f in outs):
            continue  # a default, or a branch with no condition (reported by bad_gateways)
        left = r.children(r.uncovered(el.id))
        if not left:
            continue
        read = {k for f in outs for k in _keys_read(model.flows[f].condition or "")}
        among = [v.key for v in r.space.variables
                 if v.key in read or r.space.depends(left, r.space.index[v.key])]
        who = format_condition(r.space.simplify(left))
        yield _finding(model, "no_branch", el.id,
                       f"no branch is taken by a child with {r.describe(left, among)} "
                       f"(every child with: {who}); add a default flow or a condition for them")


def _keys_read(text: str) -> set[str]:
    try:
        tree = parse_condition(text)
    except ConditionError:
        return set()
    return names(tree) | {f'{c.name}("{c.arg}")' for c in calls(tree)}


def _decision_values(model: ProtocolModel, flow_id: str) -> list[str]:
    """The outcomes a chance gateway's flows name, as strings compared with ``decision``."""
    values: list[str] = []
    flow = model.flows.get(flow_id)
    if flow is None:
        return values
    for f in model.flows.values():
        if f.source == flow.source and f.condition:
            try:
                tree = parse_condition(f.condition)
            except ConditionError:
                continue
            values += decision_outcomes(tree)
    return values


def bad_tasks(model: ProtocolModel, cat: Catalogue) -> Iterator[Finding]:
    """Tasks without a role, a catalogue duty or a processing time; lanes without a role."""
    for lane in model.lanes.values():
        if lane.role not in cat.roles:
            yield _finding(model, "task", lane.id, f"lane role '{lane.role}' is not in the "
                           "catalogue")
    for el in model.elements.values():
        if not el.is_activity:
            continue
        if el.task is None:
            yield _finding(model, "task", el.id, "task has no ms:task (role and duty)")
            continue
        if el.task.role not in cat.roles:
            yield _finding(model, "task", el.id, f"role '{el.task.role}' is not in the catalogue")
        elif el.lane and model.lanes[el.lane].role != el.task.role:
            yield _finding(model, "task", el.id, f"role '{el.task.role}' differs from its lane's "
                           f"'{model.lanes[el.lane].role}'")
        if el.task.duty not in cat.duties:
            yield _finding(model, "task", el.id, f"duty '{el.task.duty}' is not in the catalogue")
        if el.task.processing_time is None:
            yield _finding(model, "task", el.id, "task has no ms:processingTime")
        for d in el.deadlines:
            if d.duty not in cat.duties:
                yield _finding(model, "task", el.id, f"deadline duty '{d.duty}' is not in the "
                               "catalogue")


def bad_citations(model: ProtocolModel, *, check_quotes: bool = True) -> Iterator[Finding]:
    """Elements without a citation; quotes not found in the document they cite."""
    cited = list(model.elements.values()) + list(model.lanes.values()) + \
        list(model.participants.values()) + model.message_flows()
    for item in cited:
        if not item.citations:
            yield _finding(model, "citation", item.id, "element has no ms:citation")
    for el in model.elements.values():
        if el.kind in ("exclusiveGateway", "eventBasedGateway") and len(el.outgoing) > 1:
            for fid in el.outgoing:
                f = model.flows.get(fid)
                if f is not None and not f.citations and not el.citations:
                    yield _finding(model, "citation", fid, "branch has no ms:citation")
    if not check_quotes:
        return
    texts: dict[str, str | None] = {}
    everything = [(i.id, c) for i in cited for c in i.citations]
    everything += [(f.id, c) for f in model.sequence_flows() for c in f.citations]
    everything += [("omission", o.citation) for o in model.omissions]
    for el_id, c in everything:
        if c.document not in texts:
            path = document_path(c.document)
            texts[c.document] = path.read_text(encoding="utf-8") if path.is_file() else None
        text = texts[c.document]
        if text is None:
            continue
        if len(c.quote.split()) > 25:
            yield _finding(model, "citation", el_id, "quote is longer than 25 words")
        if quote_span(text, c.quote) is None:
            yield _finding(model, "citation", el_id,
                           f"quote not found in {c.document}: '{c.quote[:60]}'")


def structural_findings(model: ProtocolModel, g: nx.MultiDiGraph, cat: Catalogue) -> list[Finding]:
    """Every structural check, in a stable order."""
    found: list[Finding] = []
    found += dangling_references(model)
    found += unreachable_elements(model, g)
    found += dead_ends(model, g)
    found += bad_gateways(model)
    found += bad_timers(model)
    found += bad_conditions(model, cat)
    if not any(f.kind in ("dangling_reference", "condition") for f in found):
        found += uncovered_splits(model, cat)
    found += bad_tasks(model, cat)
    found += provisions_without_deadline(model, cat)
    found += bad_citations(model)
    return found
