"""The combined model for a looked-after child of one authority placed in another.

``compose(A, B)`` builds one collaboration from the responsible authority A's model and the host
authority B's model, as data: a `ProtocolModel` that ``verify_model`` checks and the engine runs
like any other. The rules, explicitly (the ownership rules are `models.analyses.gap_facts`'s):

1. *Pools.* Every pool of B is kept: the child goes missing in B, where B's carers, police and
   front door act. From A, the pools of its own police and of the placement (pools whose lanes
   are all police roles, or all carer / home-manager roles) are left out: they are B's for this
   child. A's black-box child pool is merged into B's.
2. *Ids.* Every id of A is prefixed ``r_`` and every id of B ``h_``, so the two never clash;
   each element keeps its citations, which name its own document.
3. *Ownership.* A task its own model does not own for this child (A: not responsible-side;
   B: not host-side, see `models.analyses.gap_facts`) is not done: it becomes a pass-through (a none
   intermediate throw event that still sends its messages), and any boundary event on it goes,
   with whatever only that boundary event led to. Carer and home-manager tasks are the
   placement's and stay.
4. *Messages.* Message flows between kept pools stay; those to or from a left-out pool go, except
   the child's return, which now comes from B's child pool. B's host-side notice to the placing
   authority (its tasks of effective duty ``notify_placing_authority``) becomes a message flow
   to A's entry: the message start of A's social care that A's own police notification (or,
   failing that, its placement's notice) starts. A's placement's other notices to A's social
   care come from B's placement task that gives the same notice (``notify_social_worker`` and
   ``notify_placing_authority`` count as one for a placed child; a notice of the return only for
   a notice of the return) in the same circumstances (the two tasks' guards, default flows
   included, can hold together for a looked-after child placed out of area); the first such
   task, if there is one and the entry is not already linked. ``latency`` (ISO 8601) is put on
   every added flow. A's police's other messages are not replaced: B's police send theirs to B.
5. *Deadlines.* A's deadlines anchored on A's left-out pools are re-anchored on B's counterpart:
   the episode start (the carers' none start) and the missing report (the ``report_missing``
   task). An anchor or timer reference with no counterpart is reported in ``lost_anchors``.

What the composition cannot join is kept, not hidden: A's message starts and waits whose senders
were left out stay in the model, so ``verify_model`` reports what depends on them as dead, and
`models.analyses.gaps` turns those verdicts into gap findings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from models.analyses.gap_facts import (
    PLACEMENT_ROLES,
    POLICE_ROLES,
    ModelFacts,
    compatible,
    effective_duty,
    model_facts,
    police_entry,
    tells_return,
)
from models.analyses.rules import path_guards
from models.data.durations import parse_duration
from models.data.findings import Report
from models.data.model import (
    Deadline,
    Element,
    ElementKind,
    Flow,
    Lane,
    Participant,
    Process,
    ProtocolModel,
    is_environment_event,
)

__all__ = ["Composition", "Link", "compose", "verify_composition"]

RESPONSIBLE_PREFIX = "r_"
HOST_PREFIX = "h_"


@dataclass(frozen=True, slots=True)
class Link:
    """A cross-boundary message flow the composition adds: B's sender to A's entry."""

    flow_id: str
    source: str
    target: str
    latency: str | None
    source_label: str
    target_label: str


@dataclass(frozen=True, slots=True)
class Composition:
    """The combined model and what was done to make it."""

    model: ProtocolModel
    responsible: ProtocolModel
    host: ProtocolModel
    links: tuple[Link, ...]
    dropped_pools: tuple[str, ...]  # A's participant ids left out
    not_owned: tuple[str, ...]  # composed ids of tasks turned into pass-throughs
    pruned: tuple[str, ...]  # composed ids removed with a pass-through's boundary events
    lost_anchors: tuple[tuple[str, str], ...]  # (composed task id, original anchor id)
    unlinked: tuple[str, ...]  # composed ids of A's message targets whose senders were left out

    def origin(self, element_id: str) -> tuple[str, str]:
        """``("responsible" | "host", original id)`` of a composed id."""
        if element_id.startswith(RESPONSIBLE_PREFIX):
            return "responsible", element_id[len(RESPONSIBLE_PREFIX):]
        if element_id.startswith(HOST_PREFIX):
            return "host", element_id[len(HOST_PREFIX):]
        return "link", element_id


def _pool_roles(model: ProtocolModel) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for lane in model.lanes.values():
        roles.setdefault(lane.process, set()).add(lane.role)
    return roles


def _left_out(model: ProtocolModel) -> set[str]:
    """A's participants that are B's for this child: police only, or placement only."""
    roles = _pool_roles(model)
    out = set()
    for p in model.participants.values():
        r = roles.get(p.process)
        if r and (r <= POLICE_ROLES or r <= PLACEMENT_ROLES):
            out.add(p.id)
    return out


def _black_boxes(model: ProtocolModel) -> set[str]:
    return {p.id for p in model.participants.values() if not p.process}


def _rename(model: ProtocolModel, prefix: str, keep_processes: set[str],
            anchor_map: dict[str, str]) -> tuple[dict[str, Element], dict[str, Flow],
                                                    dict[str, Lane], dict[str, Participant],
                                                    dict[str, Process]]:
    def n(x: str | None) -> str | None:
        return None if x is None else prefix + x

    def nn(x: str) -> str:
        return prefix + x

    def anchor(x: str) -> str:
        """An environment event is the same event in both protocols; a node is renamed."""
        return x if is_environment_event(x) else anchor_map.get(x, nn(x))

    def deadline(d: Deadline) -> Deadline:
        return dataclasses.replace(d, anchor=anchor(d.anchor))

    elements: dict[str, Element] = {}
    for el in model.elements.values():
        if el.process not in keep_processes:
            continue
        timer = el.timer
        if timer is not None and timer.change_from:
            timer = dataclasses.replace(timer, change_from=anchor_map.get(
                timer.change_from, nn(timer.change_from)))
        if timer is not None and timer.anchor:
            timer = dataclasses.replace(timer, anchor=anchor(timer.anchor))
        elements[nn(el.id)] = dataclasses.replace(
            el, id=nn(el.id), process=nn(el.process), lane=n(el.lane),
            attached_to=n(el.attached_to), timer=timer,
            deadlines=tuple(deadline(d) for d in el.deadlines),
            incoming=tuple(map(nn, el.incoming)), outgoing=tuple(map(nn, el.outgoing)),
            default_flow=n(el.default_flow))
    flows = {nn(f.id): dataclasses.replace(f, id=nn(f.id), source=nn(f.source),
                                           target=nn(f.target), process=n(f.process))
             for f in model.flows.values()
             if f.kind == "sequence" and f.process in keep_processes}
    lanes = {nn(lane.id): dataclasses.replace(lane, id=nn(lane.id), process=nn(lane.process),
                                              nodes=tuple(map(nn, lane.nodes)))
             for lane in model.lanes.values() if lane.process in keep_processes}
    parts = {nn(p.id): dataclasses.replace(p, id=nn(p.id), process=nn(p.process) if p.process
                                           else "")
             for p in model.participants.values()
             if p.process in keep_processes or not p.process}
    procs = {nn(p.id): dataclasses.replace(p, id=nn(p.id)) for p in model.processes.values()
             if p.id in keep_processes}
    return elements, flows, lanes, parts, procs


def _pass_through(el: Element) -> Element:
    return dataclasses.replace(
        el, kind=ElementKind.INTERMEDIATE_THROW_EVENT, event="none", task=None, deadlines=(),
        name=f"{el.label} (not done for this child)")


def _owned_ids(f: ModelFacts, side: str) -> set[str]:
    owned = f.owned_responsible() if side == "responsible" else f.owned_host()
    return {e.id for e in owned}


def _not_owned(model: ProtocolModel, facts: ModelFacts, side: str) -> set[str]:
    owned = _owned_ids(facts, side)
    out = set()
    for el in model.elements.values():
        if el.task is None or el.kind == "receiveTask":
            continue
        if el.task.role in PLACEMENT_ROLES:
            continue
        if el.id not in owned:
            out.add(el.id)
    return out


def _first(model: ProtocolModel, test: Callable[[Element], bool],
           processes: set[str] | None = None) -> str | None:
    for el in sorted(model.elements.values(), key=lambda e: e.line):
        if (processes is None or el.process in processes) and test(el):
            return el.id
    return None


def _none_start(el: Element) -> bool:
    return el.kind == "startEvent" and el.event in (None, "none")


def _report(el: Element) -> bool:
    return el.task is not None and el.task.duty == "report_missing"


def _child_receivers(model: ProtocolModel) -> set[str]:
    boxes = _black_boxes(model)
    return {f.target for f in model.message_flows() if f.source in boxes}


def _placement_processes(model: ProtocolModel) -> set[str]:
    return {proc for proc, roles in _pool_roles(model).items() if roles <= PLACEMENT_ROLES}


def _counterpart_anchors(a: ProtocolModel, b: ProtocolModel, dropped_processes: set[str]
                         ) -> dict[str, str]:
    """A's anchors in left-out pools mapped to B's: the episode start, the missing report, the
    placement hearing of the child's return."""
    out: dict[str, str] = {}
    place_a, place_b = _placement_processes(a), _placement_processes(b)
    returns_a = {i for i in _child_receivers(a) if a.elements[i].process in place_a}
    returns_b = {i for i in _child_receivers(b) if b.elements[i].process in place_b}
    for el in a.elements.values():
        if el.id in returns_a and not returns_b:
            out[el.id] = RESPONSIBLE_PREFIX + el.id  # kept as a return watch, see _return_watch

    def return_a(el: Element) -> bool:
        return el.id in returns_a

    def return_b(el: Element) -> bool:
        return el.id in returns_b

    tests: tuple[tuple[Callable[[Element], bool], Callable[[Element], bool],
                       set[str] | None], ...] = (
        (_none_start, _none_start, None), (_report, _report, None),
        (return_a, return_b, None))
    for test_a, test_b, where in tests:
        target = _first(b, test_b, where)
        if target is None:
            continue
        for el in a.elements.values():
            if el.process in dropped_processes and test_a(el):
                out[el.id] = HOST_PREFIX + target
    return out


def _return_watch(a: ProtocolModel, catch_id: str, child: str) -> tuple[
        dict[str, Element], dict[str, Flow], Lane, Participant, Process]:
    """A small placement process that hears the child's return, for A's deadlines anchored on
    its placement hearing of the return when B's placement has no such event."""
    catch = a.elements[catch_id]
    proc, part, lane = "x_return_watch", "x_placement", "x_placement_lane"
    start, end, cid = "x_return_start", "x_return_end", RESPONSIBLE_PREFIX + catch_id
    f1, f2, m = "x_return_f1", "x_return_f2", "x_return_msg"
    cites = catch.citations[:1]
    els = {
        start: Element(start, ElementKind.START_EVENT, "Child not where expected", proc, 0,
                       lane=lane, event="none", citations=cites, outgoing=(f1,)),
        cid: dataclasses.replace(catch, id=cid, process=proc, lane=lane, incoming=(f1,),
                                 outgoing=(f2,), default_flow=None),
        end: Element(end, ElementKind.END_EVENT, "Return noted", proc, 0, lane=lane, event="none",
                     citations=cites, incoming=(f2,)),
    }
    flows = {f1: Flow(f1, "sequence", start, cid, 0, process=proc),
             f2: Flow(f2, "sequence", cid, end, 0, process=proc),
             m: Flow(m, "message", child, cid, 0, name="Child returns or is found",
                     citations=cites)}
    return (els, flows, Lane(lane, "Placement", proc, "carer", tuple(els), cites, 0),
            Participant(part, f"Placement (as {a.authority}'s protocol)", proc, cites, 0),
            Process(proc, f"Placement (as {a.authority}'s protocol)", 0))


CARER_NOTICES = frozenset({"notify_social_worker", "notify_placing_authority"})
"""A placement's notices to the child's social worker: for a placed child, the placing
authority's, whichever of the two duties a protocol writes."""


def _placement_counterparts(a: ProtocolModel, sender: str, b: ProtocolModel) -> list[str]:
    """B's placement tasks that give the notice A's placement task ``sender`` gives, in the same
    circumstances (their guards can hold together)."""
    procs = _placement_processes(b)
    duty = effective_duty(a.elements[sender], a)
    wanted = CARER_NOTICES if duty in CARER_NOTICES else {duty}
    guard_a = path_guards(a, defaults=True).get(sender, [])
    guards_b = path_guards(b, defaults=True)
    of_return = tells_return(a, a.elements[sender])
    return [e.id for e in sorted(b.elements.values(), key=lambda e: e.line)
            if e.process in procs and e.task is not None and effective_duty(e, b) in wanted
            and tells_return(b, e) == of_return
            and compatible(guard_a, guards_b.get(e.id, []))]


def _entry(a: ProtocolModel, dropped: set[str]) -> str | None:
    """A's message start that the host's notice replaces: the police notification's, else the
    first whose every sender was left out."""
    from_police = police_entry(a)
    if from_police is not None:
        return from_police
    left_out_procs = {a.participants[p].process for p in dropped}
    for el in sorted(a.elements.values(), key=lambda e: e.line):
        if el.kind != "startEvent" or el.event != "message" or el.process in left_out_procs:
            continue
        senders = [a.elements.get(f.source) for f in a.message_flows() if f.target == el.id]
        if senders and all(s is not None and s.process in left_out_procs for s in senders):
            return el.id
    return None


def _prune(elements: dict[str, Element], flows: dict[str, Flow], removed: set[str]) -> set[str]:
    """Elements only the removed boundary events led to (by sequence flow)."""
    g = nx.DiGraph()
    g.add_nodes_from(elements)
    for f in flows.values():
        g.add_edge(f.source, f.target)
    for el in elements.values():
        if el.kind == "boundaryEvent" and el.attached_to:
            g.add_edge(el.attached_to, el.id)
    roots = [e.id for e in elements.values() if e.kind == "startEvent"]
    kept: set[str] = set()
    h = g.copy()
    h.remove_nodes_from(removed)
    for r in roots:
        if r in h:
            kept |= nx.descendants(h, r) | {r}
    doomed: set[str] = set(removed)
    for r in removed:
        doomed |= {x for x in nx.descendants(g, r) if x not in kept}
    return doomed


def compose(responsible: ProtocolModel, host: ProtocolModel, *, latency: str | None = None,
            facts: tuple[ModelFacts, ModelFacts] | None = None) -> Composition:
    """The combined model for a looked-after child of ``responsible`` placed in ``host``.

    ``facts`` are `models.analyses.gap_facts`'s indexes of the two models, when the caller has them.
    """
    fa, fb = facts or (model_facts(responsible.name, responsible), model_facts(host.name, host))
    dropped = _left_out(responsible) | _black_boxes(responsible)
    dropped_procs = {responsible.participants[p].process for p in dropped}
    keep_a = set(responsible.processes) - dropped_procs
    anchors = _counterpart_anchors(responsible, host, dropped_procs)
    ea, fla, la, pa, pra = _rename(responsible, RESPONSIBLE_PREFIX, keep_a, anchors)
    eb, flb, lb, pb, prb = _rename(host, HOST_PREFIX, set(host.processes), {})
    elements = {**ea, **eb}
    flows: dict[str, Flow] = {**fla, **flb}

    not_owned = ({RESPONSIBLE_PREFIX + i for i in _not_owned(responsible, fa, "responsible")}
                 | {HOST_PREFIX + i for i in _not_owned(host, fb, "host")}) & set(elements)
    boundaries = {e.id for e in elements.values()
                  if e.kind == "boundaryEvent" and e.attached_to in not_owned}
    pruned = _prune(elements, flows, boundaries)
    for i in not_owned:
        elements[i] = _pass_through(elements[i])
    for i in pruned:
        elements.pop(i, None)
    flows = {k: f for k, f in flows.items() if f.source in elements and f.target in elements}
    for k, before in list(elements.items()):
        el = dataclasses.replace(
            before, incoming=tuple(x for x in before.incoming if x in flows),
            outgoing=tuple(x for x in before.outgoing if x in flows),
            default_flow=before.default_flow if before.default_flow in flows else None)
        if (el.is_gateway and len(el.incoming) <= 1 and len(el.outgoing) <= 1
                and (el.incoming, el.outgoing) != (before.incoming, before.outgoing)):
            # a gateway left with one way in and one way out is a plain step
            el = dataclasses.replace(el, kind=ElementKind.INTERMEDIATE_THROW_EVENT, event="none")
        elements[k] = el
    lanes = {k: dataclasses.replace(lane, nodes=tuple(x for x in lane.nodes if x in elements))
             for k, lane in {**la, **lb}.items()}

    host_child = next((HOST_PREFIX + p for p in _black_boxes(host)), None)
    watch_procs: dict[str, Process] = {}
    watch_parts: dict[str, Participant] = {}
    for original, mapped in anchors.items():
        if mapped == RESPONSIBLE_PREFIX + original and host_child is not None:
            w_els, w_flows, w_lane, w_part, w_proc = _return_watch(responsible, original,
                                                                   host_child)
            elements.update(w_els)
            flows.update(w_flows)
            lanes[w_lane.id] = w_lane
            watch_parts[w_part.id], watch_procs[w_proc.id] = w_part, w_proc
            break
    unlinked: list[str] = []
    for f in responsible.message_flows():
        src, tgt = RESPONSIBLE_PREFIX + f.source, RESPONSIBLE_PREFIX + f.target
        if f.source in _black_boxes(responsible) and host_child is not None:
            src = host_child
        if (src in elements or src == host_child) and tgt in elements:
            flows[RESPONSIBLE_PREFIX + f.id] = dataclasses.replace(
                f, id=RESPONSIBLE_PREFIX + f.id, source=src, target=tgt, process=None)
        elif tgt in elements and src not in elements:
            unlinked.append(tgt)
    for f in host.message_flows():
        src, tgt = HOST_PREFIX + f.source, HOST_PREFIX + f.target
        if (src in elements or src in pb) and tgt in elements:
            flows[HOST_PREFIX + f.id] = dataclasses.replace(f, id=HOST_PREFIX + f.id,
                                                            source=src, target=tgt, process=None)

    links: list[Link] = []

    def link(source_b: str, target_a: str, why: str) -> None:
        source, target = HOST_PREFIX + source_b, RESPONSIBLE_PREFIX + target_a
        if source not in elements or target not in elements:
            return
        fid = f"x_link_{len(links) + 1}"
        s_el, t_el = host.elements[source_b], responsible.elements[target_a]
        flows[fid] = Flow(fid, "message", source, target, 0, name=why,
                          citations=(*s_el.citations[:1], *t_el.citations[:1]),
                          latency=parse_duration(latency) if latency else None)
        links.append(Link(fid, source, target, latency, s_el.label, t_el.label))

    entry = _entry(responsible, dropped)
    if entry is not None:
        for s in fb.owned_host():
            if effective_duty(s, host) == "notify_placing_authority":
                link(s.id, entry, f"{host.authority} tells {responsible.authority} "
                                  "(placing authority)")
    placement_a = _placement_processes(responsible)
    for f in responsible.message_flows():
        sender = responsible.elements.get(f.source)
        if sender is None or sender.process not in placement_a or sender.task is None:
            continue
        if RESPONSIBLE_PREFIX + f.target in {lk.target for lk in links}:
            continue  # already told, by the host's notice
        for s_id in _placement_counterparts(responsible, sender.id, host)[:1]:
            link(s_id, f.target, f"The placement tells {responsible.authority} "
                                 f"(as in '{sender.label}')")
    linked = {lk.target for lk in links}
    unlinked = [u for u in unlinked if u not in linked]

    lost: list[tuple[str, str]] = []
    for el in elements.values():
        for d in el.deadlines:
            if d.anchor not in elements and not is_environment_event(d.anchor):
                lost.append((el.id, d.anchor))
        if el.timer is not None and el.timer.change_from and el.timer.change_from not in elements:
            lost.append((el.id, el.timer.change_from))

    parts = {k: p for k, p in {**pa, **pb, **watch_parts}.items()
             if not (p.id.startswith(RESPONSIBLE_PREFIX) and not p.process)}
    model = ProtocolModel(
        path=f"{responsible.path} + {host.path}",
        name=f"{responsible.name}_placed_in_{host.name}",
        authority=responsible.authority,
        document=responsible.document,
        processes={**pra, **prb, **watch_procs},
        participants=parts,
        lanes=lanes,
        elements=elements,
        flows=flows,
        omissions=(*responsible.omissions, *host.omissions),
        citations=(*responsible.citations, *host.citations),
    )
    return Composition(model, responsible, host, tuple(links),
                       tuple(sorted(dropped)), tuple(sorted(not_owned - pruned)),
                       tuple(sorted(pruned - boundaries)) + tuple(sorted(boundaries)),
                       tuple(lost), tuple(sorted(set(unlinked))))



def _part(c: Composition, keep: Callable[[str], bool], name: str,
          extra_flows: dict[str, Flow], extra_parts: dict[str, Participant]) -> ProtocolModel:
    m = c.model
    elements = {k: e for k, e in m.elements.items() if keep(k)}
    for k, e in elements.items():  # references across the boundary do not change behaviour
        timer = e.timer
        if timer is not None and timer.change_from and timer.change_from not in elements:
            timer = dataclasses.replace(timer, change_from=None, change_after=None,
                                        later_duration=None)
        elements[k] = dataclasses.replace(
            e, timer=timer, deadlines=tuple(d for d in e.deadlines if d.anchor in elements
                                            or is_environment_event(d.anchor)))
    flows = {k: f for k, f in m.flows.items() if f.source in elements and f.target in elements}
    boxes = {p.id for p in m.participants.values() if not p.process}
    flows.update({k: f for k, f in m.flows.items()
                  if f.kind == "message" and f.source in boxes and f.target in elements})
    flows.update(extra_flows)
    procs = {e.process for e in elements.values()}
    return dataclasses.replace(
        m, name=name, elements=elements, flows=flows,
        processes={k: p for k, p in m.processes.items() if k in procs},
        participants={**{k: p for k, p in m.participants.items()
                         if not p.process or p.process in procs}, **extra_parts},
        lanes={k: lane for k, lane in m.lanes.items() if lane.process in procs})


def verify_composition(c: Composition, *, state_limit: int | None = None,
                       cache: dict[object, Report] | None = None) -> Report:
    """Verify the combined model part by part: the host's side, then the responsible side with
    each live cross-boundary notice as a message from the host's pool.

    The notices go one way only (host to responsible) and are the only flows between the two
    sides, so the host's side behaves as it does alone, and the responsible side sees each
    notice as a message that may arrive, once, whenever its sender can fire: the verdicts are
    those of the whole model without exploring the product of the two sides' states.
    ``cache`` (any dict, kept by the caller) reuses a side's verdict across pairs.
    """
    from models.checks.soundness import DEFAULT_STATE_LIMIT
    from models.checks.verify import verify_model

    limit = state_limit or DEFAULT_STATE_LIMIT
    memo: dict[object, Report] = cache if cache is not None else {}
    host_key = ("host", c.host.name, c.host.path, limit)
    if host_key not in memo:
        memo[host_key] = verify_model(_part(c, lambda k: k.startswith(HOST_PREFIX),
                                            f"{c.host.name} as host", {}, {}),
                                      state_limit=limit)
    host_report = memo[host_key]
    dead = set(host_report.properties.get("dead_activities", ()) or ())
    dead |= host_report.ids("unreachable")
    box = Participant("x_host", f"{c.host.authority} (host authority)", "",
                      tuple(cite for lk in c.links[:1]
                            for cite in c.model.flows[lk.flow_id].citations[:1]), 0)
    live = [lk for lk in c.links if lk.source not in dead]
    notices = {lk.flow_id: dataclasses.replace(c.model.flows[lk.flow_id], source=box.id)
               for lk in live}
    resp_key = ("responsible", c.responsible.name, c.responsible.path, limit,
                tuple(sorted((lk.flow_id, lk.target) for lk in live)),
                tuple(sorted(k for k in c.model.elements if k.startswith("x_"))))
    if resp_key not in memo:
        memo[resp_key] = verify_model(
            _part(c, lambda k: not k.startswith(HOST_PREFIX), f"{c.responsible.name} placed out",
                  notices, {box.id: box}), state_limit=limit)
    resp_report = memo[resp_key]
    reports = (host_report, resp_report)
    props: dict[str, object] = {
        "states": sum(int(r.properties.get("states", 0) or 0) for r in reports)}
    for key in ("explored_completely", "safeness", "option_to_complete", "proper_completion"):
        props[key] = all(bool(r.properties.get(key, False)) for r in reports)
    props["dead_activities"] = sorted({d for r in reports
                                       for d in r.properties.get("dead_activities", ())})
    props["sides"] = {"host": host_report.properties, "responsible": resp_report.properties}
    return Report(c.model.name, c.model.path, (*host_report.findings, *resp_report.findings),
                  props)
