"""The rule table of a model: every duty, timer and trigger with its source, for checking by eye."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from models.checks.applicability import applicability
from models.data.catalogue import catalogue
from models.data.graph import control_flow, to_graph
from models.data.model import ProtocolModel

__all__ = ["Rule", "path_guards", "rule_table"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One row: what must happen, when, by whom, under which conditions, and where it is written.

    ``conditions`` says which children the row applies to (`models.checks.applicability`): "all
    children", or a simplified condition over the paths to it, across merges and message flows,
    then the chance branches on the way ("by chance: Child accepts the interview? Accepted").
    """

    kind: str  # deadline, timer, trigger, task
    element_id: str
    duty: str
    trigger: str
    deadline: str
    calendar: str
    owner: str
    conditions: str
    modality: str
    side: str
    section: str
    quote: str
    anchor: str = ""  # what a deadline or timer counts from (models.data.model.ENVIRONMENT_EVENTS)


def _guards(model: ProtocolModel, *, defaults: bool = False) -> dict[str, list[str]]:
    """Conditions every path to an element has passed (conditional flows that dominate it);
    with ``defaults``, a default flow counts as the negation of its siblings' conditions."""
    cf = control_flow(to_graph(model))
    root = "__root__"
    cf.add_node(root)
    for e in model.elements.values():
        if e.kind == "startEvent":
            cf.add_edge(root, e.id)
    idom = nx.immediate_dominators(cf, root)
    entry: dict[str, str] = {}
    for f in model.sequence_flows():
        target = model.elements.get(f.target)
        if f.condition and target is not None and len(target.incoming) <= 1:
            entry[f.target] = f.condition
    if defaults:
        for gateway in model.elements.values():
            flow = model.flows.get(gateway.default_flow or "")
            target = model.elements.get(flow.target) if flow else None
            conds = [model.flows[f].condition for f in gateway.outgoing
                     if f in model.flows and model.flows[f].condition]
            if flow and target is not None and len(target.incoming) <= 1 and conds:
                entry[flow.target] = "not (" + " or ".join(f"({c})" for c in conds) + ")"
    guards: dict[str, list[str]] = {}
    for el in model.elements:
        found, node = [], el
        while node in idom and node != root:
            if node in entry:
                found.append(entry[node])
            parent = idom[node]
            if parent == node:
                break
            node = parent
        guards[el] = list(reversed(found))
    return guards


def rule_table(model: ProtocolModel) -> list[Rule]:
    """Rows for every deadline, timer, conditional trigger and task of the model, in file order."""
    cat = catalogue()
    applies = applicability(model, cat)
    els = model.elements
    rows: list[Rule] = []

    def owner(el_id: str) -> str:
        el = els[el_id]
        if el.task:
            return cat.role_label(el.task.role)
        lane = model.lanes.get(el.lane or "")
        return cat.role_label(lane.role) if lane else ""

    def cite(el_id: str) -> tuple[str, str]:
        c = model.citation_of(el_id)
        return (c.section, c.quote) if c else ("", "")

    def next_duty(el_id: str) -> str:
        seen, frontier = set(), [el_id]
        while frontier:
            cur = frontier.pop(0)
            for fid in els[cur].outgoing:
                f = model.flows.get(fid)
                if f is None or f.target in seen or f.target not in els:
                    continue
                seen.add(f.target)
                if els[f.target].task:
                    return cat.duty_label(els[f.target].task.duty)  # type: ignore[union-attr]
                frontier.append(f.target)
        return ""

    def timer_anchor(el_id: str) -> str:
        """An ms:anchor, or where the token reaches the timer: its task's start, or the
        element before it."""
        el = els[el_id]
        if el.timer is not None and el.timer.anchor:
            return model.anchor_label(el.timer.anchor)
        if el.attached_to in els:
            return f"start of: {els[el.attached_to].label}"
        before = [model.flows[f].source for f in el.incoming if f in model.flows]
        return "reached after: " + ", ".join(model.label_of(b) for b in before)

    for el in sorted(els.values(), key=lambda e: e.line):
        conds = applies[el.id].text
        section, quote = cite(el.id)
        if el.task:
            for d in el.deadlines:
                anchor = model.anchor_label(d.anchor)
                rows.append(Rule("deadline", el.id, cat.duty_label(d.duty), f"from: {anchor}",
                                 f"immediately (tolerance {d.limit})" if d.immediate
                                 else f"within {d.limit}", d.calendar, owner(el.id), conds,
                                 d.modality, d.side or "", section, quote, anchor))
            rows.append(Rule("task", el.id, cat.duty_label(el.task.duty), el.label, "", "",
                             owner(el.id), conds, el.citations[0].modality if el.citations
                             else "", el.task.side or "", section, quote))
        if el.timer:
            host = f" of {els[el.attached_to].label}" if el.attached_to in els else ""
            when = f"after {el.timer.duration}{host}"
            if el.timer.change_after:
                when += f"; every {el.timer.later_duration} once {el.timer.change_after} has " \
                        "passed"
            kind = "boundary timer" if el.kind == "boundaryEvent" else "timer"
            if el.kind == "boundaryEvent" and not el.cancel_activity:
                kind = "escalation timer"
            rows.append(Rule(kind, el.id, next_duty(el.id), el.label, when, el.timer.calendar,
                             owner(el.id), conds, el.citations[0].modality if el.citations
                             else "", "", section, quote, timer_anchor(el.id)))
        if el.event == "conditional":
            rows.append(Rule("trigger", el.id, next_duty(el.id), el.label,
                             f"when {el.condition}", "", owner(el.id), conds,
                             el.citations[0].modality if el.citations else "", "",
                             section, quote))
    return rows


def path_guards(model: ProtocolModel, *, defaults: bool = False) -> dict[str, list[str]]:
    """Public name of the guards computation (the conditions every path to each element has
    passed), for the analyses built on this module (`models.analyses.gap_facts`)."""
    return _guards(model, defaults=defaults)
