"""Behavioural checks: exhaustive exploration of the token game of a whole collaboration.

Semantics (the BPMN subset of models/README.md):

- a marking counts tokens on sequence flows, active activities, armed event-based gateways and
  pending messages, and how often (0, 1, or 2 meaning twice or more) each end event has run;
  pending messages on one message flow saturate at ``MESSAGE_CAP`` copies, and a message from a
  black-box pool (the child returning) is pending from the start: it may arrive at any time, once;
- a none start event fires once, at the start; a timer or conditional start event may fire once,
  at any time, or never; a message start event fires on each message, adding its tokens to the
  one marking of its process (no second instance);
- an activity starts when a token reaches it and completes later; a receive task completes only
  when a message on one of its incoming message flows is pending (consuming it), so one that no
  message flow reaches never completes; after an event-based gateway, a receive task or message
  catch event wins only with its message, a timer or conditional catch event at any time;
- timers and conditional events are free choices; an exclusive split may take any outgoing flow
  whose condition is satisfiable; a non-interrupting boundary event fires at most once per
  activation of its activity; a terminate end event clears every token of its process;
- a final marking has no token on a flow, an activity or a gateway, and every none start event has
  fired (pending messages may remain).

Reported, with the properties of Kräuter's BPMN soundness checks: safeness (no sequence flow ever
holds two tokens), option to complete (from every reachable marking a final marking is reachable:
deadlocks and livelocks both fail it), proper completion (no final marking is reached with an end
event run twice; a run that never completes fails option to complete instead) and dead activities
(no run completes the activity or leaves it through one of its boundary events). Interleavings of
independent moves are pruned by a partial-order reduction meant to keep these four properties
(``explore(..., reduce=False)`` explores every interleaving; the tests compare the two).

Differences from rust_bpmn_analyzer 2.0.1 (T. Kräuter; PyPI rust-bpmn-analyzer-bindings), against
which tests/models/test_independent_checker.py checks these properties on models without boundary
events (which it cannot read) and agrees on everything else:

- option to complete: it reports only deadlocks (a reachable marking with no move that is not
  final) and token overflow, so a loop with no exit passes there and fails here;
- event-based gateways: it lets only messages decide them; a timer after one never fires there,
  and the branch behind it is dead;
- black-box pools: it has none (only processes), so their messages never arrive there;
- messages: it counts pending messages without bound and starts a new process instance for every
  message start; here they saturate and share one marking, which differs only when one message
  flow can carry more than one message in a run;
- activities run in one step there, and timer and conditional events are none events (they
  happen at once); the split into start and completion, and the free choices, here change none of
  the four properties.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from models.data.conditions import ConditionError, condition_domains, parse_condition, satisfiable
from models.data.findings import Finding
from models.data.model import ProtocolModel

__all__ = ["StateSpace", "behavioural_findings", "explore"]

DEFAULT_STATE_LIMIT = 300_000
MESSAGE_CAP = 3


@dataclass
class _Transition:
    element: str
    consume: tuple[int, ...]
    produce: tuple[int, ...]
    require_zero: tuple[int, ...] = ()
    clear: tuple[int, ...] = ()
    end: int | None = None
    via_flow: str | None = None
    process: str | None = None
    reads_message: bool = False
    marks: tuple[str, ...] | None = None  # elements this move executes (None: its element)


@dataclass
class StateSpace:
    """The explored reachability graph and the properties read off it."""

    states: int
    complete: bool
    safe: bool
    option_to_complete: bool
    proper_completion: bool
    unsafe_places: list[str] = field(default_factory=list)
    stuck: list[list[str]] = field(default_factory=list)
    ends_twice: list[str] = field(default_factory=list)
    dead_activities: list[str] = field(default_factory=list)
    never_fired: list[str] = field(default_factory=list)


class _Net:
    def __init__(self, model: ProtocolModel, domains: dict[str, object]) -> None:
        self.model = model
        self.places: dict[str, int] = {}
        self.transitions: list[_Transition] = []
        self.kind_of: list[str] = []
        self.owner: list[str] = []  # element (or flow) the place stands for
        self.process_of: list[str | None] = []
        self.domains = domains
        self.build()

    def place(self, key: str, owner: str, process: str | None) -> int:
        if key not in self.places:
            self.places[key] = len(self.places)
            self.kind_of.append(key.split(":", 1)[0])
            self.owner.append(owner)
            self.process_of.append(process)
        return self.places[key]

    def flow(self, fid: str) -> int:
        f = self.model.flows[fid]
        return self.place(f"flow:{fid}", fid, f.process)

    def msg(self, fid: str) -> int:
        return self.place(f"msg:{fid}", fid, None)

    def satisfiable_flow(self, fid: str) -> bool:
        cond = self.model.flows[fid].condition
        if cond is None:
            return True
        try:
            tree = parse_condition(cond)
        except ConditionError:
            return False
        local = condition_domains(tree, self.domains)
        if local is None:  # an unknown attribute (a finding of verify): taken as never true
            return False
        return satisfiable(tree, local)

    def build(self) -> None:
        m = self.model
        flows = m.flows
        els = m.elements
        seq_in: dict[str, list[str]] = {}
        seq_out: dict[str, list[str]] = {}
        for f in m.sequence_flows():
            if f.source in els and f.target in els:
                seq_out.setdefault(f.source, []).append(f.id)
                seq_in.setdefault(f.target, []).append(f.id)
        msg_in: dict[str, list[str]] = {}
        msg_out: dict[str, list[str]] = {}
        for f in m.message_flows():
            msg_in.setdefault(f.target, []).append(f.id)
            msg_out.setdefault(f.source, []).append(f.id)
        boundaries: dict[str, list[str]] = {}
        for e in els.values():
            if e.kind == "boundaryEvent" and e.attached_to in els:
                boundaries.setdefault(e.attached_to, []).append(e.id)
        after_ebg = {f.target: f.source for f in m.sequence_flows()
                     if f.source in els and els[f.source].kind == "eventBasedGateway"}
        self.end_places: dict[str, int] = {}
        self.initial_tokens: list[int] = []

        def out_of(el_id: str) -> tuple[int, ...]:
            produced = [self.flow(f) for f in seq_out.get(el_id, [])]
            produced += [self.msg(f) for f in msg_out.get(el_id, [])]
            return tuple(produced)

        def add(t: _Transition) -> None:
            t.process = els[t.element.split("#")[0]].process
            t.reads_message = any(self.kind_of[p] == "msg" for p in t.consume)
            self.transitions.append(t)

        for e in els.values():
            proc = e.process
            ins = seq_in.get(e.id, [])
            if e.kind == "startEvent":
                if e.event == "message":
                    for mf in msg_in.get(e.id, []):
                        add(_Transition(e.id, (self.msg(mf),), out_of(e.id)))
                else:
                    p = self.place(f"start:{e.id}", e.id, proc)
                    if e.event in ("none", None):
                        self.initial_tokens.append(p)
                    else:
                        self.initial_tokens.append(p)
                    add(_Transition(e.id, (p,), out_of(e.id)))
            elif e.is_activity:
                act = self.place(f"act:{e.id}", e.id, proc)
                nibs = tuple(self.place(f"nib:{b}", b, proc) for b in boundaries.get(e.id, [])
                             if not els[b].cancel_activity)
                if e.id in after_ebg:
                    # chosen by the gateway: a receive task only when its message is there
                    arm = self.place(f"arm:{after_ebg[e.id]}", after_ebg[e.id], proc)
                    if e.kind == "receiveTask":
                        for mf in msg_in.get(e.id, []):
                            add(_Transition(e.id, (arm, self.msg(mf)), (act,), marks=()))
                    else:
                        add(_Transition(e.id, (arm,), (act,), marks=()))
                    add(_Transition(e.id + "#done", (act,), out_of(e.id), clear=nibs))
                else:
                    for fid in ins:
                        add(_Transition(e.id, (self.flow(fid),), (act,), marks=()))
                    if e.kind == "receiveTask":
                        # completes when a message arrives; with no message flow, never
                        for mf in msg_in.get(e.id, []):
                            add(_Transition(e.id + "#done", (act, self.msg(mf)), out_of(e.id),
                                            clear=nibs))
                    else:
                        add(_Transition(e.id + "#done", (act,), out_of(e.id), clear=nibs))
            elif e.kind == "boundaryEvent":
                if e.attached_to not in els:
                    continue
                act = self.place(f"act:{e.attached_to}", e.attached_to,
                                 els[e.attached_to].process)
                triggers: list[str | None] = list(msg_in.get(e.id, [])) \
                    if e.event == "message" else [None]
                for maybe in triggers:
                    extra = (self.msg(maybe),) if maybe else ()
                    left = (e.id, e.attached_to)  # the activity ran and was left this way
                    if e.cancel_activity:
                        nibs = tuple(self.place(f"nib:{b}", b, proc)
                                     for b in boundaries.get(e.attached_to, [])
                                     if not els[b].cancel_activity)
                        add(_Transition(e.id, (act, *extra), out_of(e.id), clear=nibs,
                                        marks=left))
                    else:
                        nib = self.place(f"nib:{e.id}", e.id, proc)
                        add(_Transition(e.id, (act, *extra), (act, nib, *out_of(e.id)),
                                        require_zero=(nib,), marks=left))
            elif e.kind == "intermediateCatchEvent":
                waits: list[str | None] = list(msg_in.get(e.id, [])) \
                    if e.event == "message" else [None]
                sources = [self.place(f"arm:{after_ebg[e.id]}", after_ebg[e.id], proc)] \
                    if e.id in after_ebg else [self.flow(fid) for fid in ins]
                for src in sources:
                    for maybe in waits:
                        extra = (self.msg(maybe),) if maybe else ()
                        add(_Transition(e.id, (src, *extra), out_of(e.id)))
            elif e.kind in ("intermediateThrowEvent", "endEvent"):
                clear: tuple[int, ...] = ()
                endp = None
                if e.kind == "endEvent":
                    endp = self.place(f"end:{e.id}", e.id, None)
                    self.end_places[e.id] = endp
                    if e.event == "terminate":
                        clear = tuple(i for i, pr in enumerate(self.process_of) if pr == proc)
                        self.terminators = getattr(self, "terminators", [])
                        self.terminators.append((len(self.transitions), proc))
                for fid in ins:
                    add(_Transition(e.id, (self.flow(fid),), out_of(e.id), clear=clear,
                                    end=endp))
            elif e.kind == "exclusiveGateway":
                outs = [f for f in seq_out.get(e.id, []) if self.satisfiable_flow(f)]
                for f_in in ins:
                    for f_out in outs:
                        add(_Transition(e.id, (self.flow(f_in),), (self.flow(f_out),),
                                        via_flow=f_out))
            elif e.kind == "parallelGateway":
                if ins:
                    add(_Transition(e.id, tuple(self.flow(fid) for fid in ins), out_of(e.id)))
            elif e.kind == "eventBasedGateway":
                arm = self.place(f"arm:{e.id}", e.id, proc)
                for fid in ins:
                    add(_Transition(e.id, (self.flow(fid),), (arm,)))
        for mflow in m.message_flows():
            if mflow.source in m.participants and not m.participants[mflow.source].process:
                self.initial_tokens.append(self.msg(mflow.id))
        # terminate ends clear every place of their process, including ones made after them
        for index, proc in getattr(self, "terminators", []):
            self.transitions[index].clear = tuple(
                i for i, pr in enumerate(self.process_of) if pr == proc)
        _ = flows


def _enabled(t: _Transition, s: tuple[int, ...]) -> bool:
    if any(s[p] < t.consume.count(p) for p in t.consume):
        return False
    return not any(s[p] for p in t.require_zero)


def _fire(net: _Net, s: tuple[int, ...], t: _Transition) -> tuple[int, ...]:
    new = list(s)
    for p in t.consume:
        new[p] -= 1
    for p in t.clear:
        new[p] = 0
    if t.end is not None:
        new[t.end] = min(new[t.end] + 1, 2)
    for p in t.produce:
        if net.kind_of[p] in ("nib", "end"):
            new[p] = 1
        elif net.kind_of[p] == "msg":
            new[p] = min(new[p] + 1, MESSAGE_CAP)
        else:
            new[p] += 1
    return tuple(new)


def _successors(net: _Net, s: tuple[int, ...],
                chosen: list[int]) -> list[tuple[tuple[int, ...], int]]:
    return [(_fire(net, s, net.transitions[ti]), ti) for ti in chosen]


def _conflict_sets(net: _Net) -> tuple[list[int], set[int]]:
    """Group transitions that share a consumed place; mark the groups safe to explore alone.

    A group is safe to fire alone when all its transitions are enabled, none clears a process
    (terminate) and its process has no terminate end: nothing outside the group consumes its
    places, and sending a message commutes with receiving one, so firing it first commutes with
    every other move. Groups that take a token just past a merge or a split are never reduced,
    so that two tokens meeting on one flow stay visible.
    """
    parent = list(range(len(net.transitions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[int, int] = {}
    for ti, t in enumerate(net.transitions):
        for p in (*t.consume, *t.require_zero):
            if p in first:
                parent[find(ti)] = find(first[p])
            else:
                first[p] = ti
    group = [find(i) for i in range(len(net.transitions))]
    terminating = {t.process for t in net.transitions if t.end is not None and t.clear}
    unsafe_groups = {group[ti] for ti, t in enumerate(net.transitions)
                     if t.process in terminating or (t.clear and t.end is not None)}
    # Keep safeness visible: in a process that can hold two tokens at once, a token just past a
    # merge or a parallel split is never moved on eagerly, so a second token that could join it
    # on the same flow is always explored.
    m = net.model
    concurrent = set()
    starts: dict[str, int] = {}
    for e in m.elements.values():
        if e.kind == "startEvent":
            starts[e.process] = starts.get(e.process, 0) + 1
        if (e.kind == "parallelGateway" and len(e.outgoing) > 1) or (
                not e.is_gateway and len(e.outgoing) > 1) or (
                e.kind == "boundaryEvent" and not e.cancel_activity) or (
                e.kind == "startEvent" and e.event == "message"):
            concurrent.add(e.process)
    concurrent |= {proc for proc, count in starts.items() if count > 1}
    branching = set()
    for f in m.sequence_flows():
        src = m.elements.get(f.source)
        if src is None or src.process not in concurrent:
            continue
        parallel_split = len(src.outgoing) > 1 and src.kind not in (
            "exclusiveGateway", "eventBasedGateway")
        if len(src.incoming) > 1 or parallel_split:
            key = f"flow:{f.id}"
            if key in net.places:
                branching.add(net.places[key])
    unsafe_groups |= {group[ti] for ti, t in enumerate(net.transitions)
                      if any(p in branching for p in t.consume)}
    return group, unsafe_groups


def _ample(net: _Net, enabled: list[int], group: list[int], unsafe_groups: set[int],
           members: dict[int, list[int]]) -> list[int]:
    """A partial-order reduction: one independent group of enabled moves, when there is one."""
    enabled_set = set(enabled)
    best: list[int] | None = None
    for ti in enabled:
        g = group[ti]
        if g in unsafe_groups:
            continue
        moves = members[g]
        if all(m in enabled_set for m in moves) and (best is None or len(moves) < len(best)):
            best = moves
            if len(best) == 1:
                break
    return best if best is not None else enabled


def _isolate(net: _Net, process: str) -> None:
    """Keep one process's moves; its messages are always available and never used up."""
    kept = []
    for t in net.transitions:
        if t.process != process:
            continue
        msgs = tuple(p for p in t.consume if net.kind_of[p] == "msg")
        if msgs and net.model.elements[t.element.split("#")[0]].kind == "startEvent":
            once = net.place(f"start:{t.element}", t.element, process)
            net.initial_tokens.append(once)
            t = _Transition(t.element, (once,), t.produce, t.require_zero, t.clear, t.end,
                            t.via_flow, t.process, False, t.marks)
        elif msgs:
            t = _Transition(t.element, tuple(p for p in t.consume if p not in msgs), t.produce,
                            t.require_zero, t.clear, t.end, t.via_flow, t.process, False,
                            t.marks)
        kept.append(t)
    net.transitions = kept


def unsafe_flows(model: ProtocolModel, domains: dict[str, object], *,
                 state_limit: int = DEFAULT_STATE_LIMIT) -> list[str]:
    """Flows that can hold two tokens, found by exploring each process on its own in full."""
    found: set[str] = set()
    for proc in model.processes:
        net = _Net(model, domains)
        _isolate(net, proc)
        found.update(net.owner[p] for p in
                     _explore_net(net, state_limit=state_limit, reduce=False).unsafe)
    return sorted(found)


@dataclass
class _Run:
    order: list[tuple[int, ...]]
    edges: list[list[int]]
    fired: set[str]
    unsafe: set[int]
    complete: bool


def _explore_net(net: _Net, *, state_limit: int, reduce: bool) -> _Run:
    group, unsafe_groups = _conflict_sets(net)
    members: dict[int, list[int]] = {}
    for ti, g in enumerate(group):
        members.setdefault(g, []).append(ti)
    n = len(net.places)
    kinds = net.kind_of
    by_place: dict[int, list[int]] = {}
    for ti, t in enumerate(net.transitions):
        if t.consume:
            by_place.setdefault(t.consume[0], []).append(ti)
    init = [0] * n
    for p in net.initial_tokens:
        init[p] = 1
    start = tuple(init)
    index = {start: 0}
    run = _Run([start], [[]], set(), set(), True)
    on_stack = {0}
    stack: list[tuple[int, list[tuple[tuple[int, ...], int]]]] = []

    def expand(si: int) -> list[tuple[tuple[int, ...], int]]:
        s = run.order[si]
        candidates: set[int] = set()
        for p, v in enumerate(s):
            if v and p in by_place:
                candidates.update(by_place[p])
        enabled = [ti for ti in sorted(candidates) if _enabled(net.transitions[ti], s)]
        chosen = _ample(net, enabled, group, unsafe_groups, members) if reduce else enabled
        successors = _successors(net, s, chosen)
        # cycle proviso: a reduced step that closes a cycle on the stack expands fully
        if len(chosen) < len(enabled) and any(
                index.get(k) in on_stack for k, _t in successors):
            successors = _successors(net, s, enabled)
        for key, ti in successors:
            t = net.transitions[ti]
            for p in t.produce:
                if kinds[p] == "flow" and key[p] > 1:
                    run.unsafe.add(p)
            run.fired.update((t.element.split("#")[0],) if t.marks is None else t.marks)
            if t.via_flow:
                run.fired.add(t.via_flow)
        return successors

    stack.append((0, expand(0)))
    while stack:
        si, todo = stack[-1]
        if not todo:
            stack.pop()
            on_stack.discard(si)
            continue
        key, _ti = todo.pop()
        j = index.get(key)
        if j is None:
            if len(run.order) >= state_limit:
                run.complete = False
                continue
            j = len(run.order)
            index[key] = j
            run.order.append(key)
            run.edges.append([])
            run.edges[si].append(j)
            on_stack.add(j)
            stack.append((j, expand(j)))
        else:
            run.edges[si].append(j)
    return run


def explore(model: ProtocolModel, domains: dict[str, object], *,
            state_limit: int = DEFAULT_STATE_LIMIT, reduce: bool = True) -> StateSpace:
    """Explore the reachable markings (up to ``state_limit``) and read off the properties.

    With ``reduce`` (the default) interleavings of independent moves are pruned by a
    partial-order reduction; ``reduce=False`` explores every interleaving.
    """
    net = _Net(model, domains)
    run = _explore_net(net, state_limit=state_limit, reduce=reduce)
    order, edges = run.order, run.edges
    token_places = [i for i, k in enumerate(net.kind_of) if k in ("flow", "act", "arm")]
    none_starts = [net.places[f"start:{e.id}"] for e in model.elements.values()
                   if e.kind == "startEvent" and e.event in ("none", None)]
    unsafe = {net.owner[p] for p in run.unsafe}
    final = [i for i, s in enumerate(order)
             if not any(s[p] for p in token_places) and not any(s[p] for p in none_starts)]
    # proper completion is judged where runs complete: an end event counted twice there
    ends_twice = sorted({e for e, p in net.end_places.items()
                         if any(order[i][p] > 1 for i in final)})
    reverse: list[list[int]] = [[] for _ in order]
    for i, outs in enumerate(edges):
        for j in outs:
            reverse[j].append(i)
    can_finish = set(final)
    work = deque(final)
    while work:
        j = work.popleft()
        for i in reverse[j]:
            if i not in can_finish:
                can_finish.add(i)
                work.append(i)
    stuck_states = [i for i in range(len(order)) if i not in can_finish]
    stuck = _stuck_examples(model, net, order, edges, set(stuck_states), token_places)
    activities = [e.id for e in model.elements.values() if e.is_activity]
    nodes = [e.id for e in model.elements.values() if not e.is_activity]
    return StateSpace(
        states=len(order), complete=run.complete, safe=not unsafe,
        option_to_complete=not stuck_states, proper_completion=not ends_twice,
        unsafe_places=sorted(unsafe), stuck=stuck, ends_twice=ends_twice,
        dead_activities=[a for a in activities if a not in run.fired],
        never_fired=[x for x in nodes if x not in run.fired],
    )


def _stuck_examples(model: ProtocolModel, net: _Net, order: list[tuple[int, ...]],
                    edges: list[list[int]], stuck_states: set[int],
                    token_places: list[int]) -> list[list[str]]:
    """Where runs get stuck: the tokens of deadlocked markings, else of livelocked cycles."""
    if not stuck_states:
        return []
    examples: list[list[str]] = []
    dead = [i for i in sorted(stuck_states) if not edges[i]]
    if dead:
        groups = [[i] for i in dead]
    else:
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(stuck_states)
        g.add_edges_from((i, j) for i in stuck_states for j in edges[i] if j in stuck_states)
        cond = nx.condensation(g)
        groups = [sorted(cond.nodes[c]["members"]) for c in cond if cond.out_degree(c) == 0]
    seen: set[tuple[str, ...]] = set()
    for group in groups:
        holders = tuple(sorted({_holder(model, net, p) for i in group for p in token_places
                                if order[i][p]}))
        if holders and holders not in seen:
            seen.add(holders)
            examples.append(list(holders))
        if len(examples) >= 10:
            break
    return examples


def _holder(model: ProtocolModel, net: _Net, place: int) -> str:
    """The element a token waits at: a flow's target, else the activity or gateway itself."""
    owner = net.owner[place]
    if net.kind_of[place] == "flow":
        return model.flows[owner].target
    return owner


def behavioural_findings(model: ProtocolModel, space: StateSpace) -> Iterable[Finding]:
    """Findings for each property that fails, naming the elements involved."""

    def f(kind: str, el_id: str, message: str) -> Finding:
        return Finding(kind, el_id, model.label_of(el_id), message, model.citation_of(el_id))

    if not space.complete:
        # what was found is real (a reachable marking), what was not found is not decided
        yield Finding("inconclusive", model.name, model.label_of(model.name),
                      f"inconclusive: exploration stopped at its limit of {space.states} states "
                      "before every run was explored, so option to complete and dead activities "
                      "are not decided (two tokens on a flow or an end reached twice, if found, "
                      "are still reported: those runs exist)", None, "inconclusive")
    for fid in space.unsafe_places:
        yield f("unsafe", fid, "two tokens can be on this flow at once (a parallel branch "
                "merged by an exclusive join, or a loop around a parallel split)")
    if not space.option_to_complete and space.complete:
        reported: set[str] = set()
        for holders in space.stuck:
            for el_id in holders:
                if el_id not in reported:
                    reported.add(el_id)
                    yield f("no_option_to_complete", el_id,
                            "a run can get stuck here: no end can be reached "
                            f"(tokens at {', '.join(holders)})")
    for el_id in space.ends_twice:
        yield f("improper_completion", el_id,
                "a run can complete having reached this end event twice")
    if not space.complete:
        return
    for el_id in space.dead_activities:
        yield f("dead_activity", el_id, "no run completes this activity (nor leaves it by a "
                "boundary event)")
    for el_id in space.never_fired:
        yield f("dead_activity", el_id, "no run reaches this element")
