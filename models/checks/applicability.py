"""Which children each element of a model applies to: the conditions on every way to it.

`applicability(model)` gives, for every flow node, the children (combinations of the catalogue
attributes the model's conditions read) for whom some run of the whole collaboration reaches it,
as one simplified condition: "all children", "no child", or a condition such as
``looked_after and (risk == "high" or missing_hours >= 24)``. It follows

- every sequence flow, with the condition of each branch of an exclusive split (a default flow:
  none of its siblings' conditions), so where branches merge the paths' conditions are joined
  with "or" and then simplified;
- message flows across pools: a message start, receive task or message catch happens only for
  children for whom the sender is reached (a return interview started by a referral that is sent
  only for looked-after children applies to looked-after children only); a message from a
  black-box pool (the child returning) can come for every child;
- parallel joins (every incoming branch must arrive: "and"), boundary events (their activity
  must be active), conditional events (their condition).

Two things are not fixed facts of the child, and are treated as such:

- ``missing_hours`` grows while the episode lasts: before a condition reads it, its earlier
  bounds are widened upwards (``ConditionSpace.grow``), so "under 24 hours" at one gateway and
  "24 hours or more" at a later conditional event are both possible in one run; a condition
  reports the hours as the last test on the way saw them;
- ``decision`` (a chance branch) is drawn afresh at each gateway: each chance gateway has its own
  variable, forgotten before each draw. ``Applicability.children`` leaves the chance outcomes out
  (the children the element can apply to); ``Applicability.with_chance`` keeps them
  (``decision == "accepted"``).

Both are over-approximations where runs interleave (a join of two branches that read the hours at
different times): an element reported for no child is never reached, and a condition reported is
never narrower than what runs can do. The same masks decide, in `models.checks.structure`, whether
an exclusive split without a default leaves some child with no branch to take (`Reach.uncovered`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.data.catalogue import Catalogue, catalogue
from models.data.conditions import (
    DECISION,
    OTHER,
    ConditionError,
    ConditionSpace,
    Const,
    Name,
    Node,
    Variable,
    calls,
    decision_outcomes,
    format_condition,
    integer_variable,
    names,
    parse_condition,
    unknown_attributes,
)
from models.data.model import Element, ProtocolModel

__all__ = ["TIME_VARYING", "Applicability", "Reach", "applicability", "reach"]

TIME_VARYING = "missing_hours"
"""The one attribute that changes during an episode (it only grows)."""

CHANCE = DECISION


@dataclass(frozen=True, slots=True)
class Applicability:
    """The children one element applies to.

    ``children``: a condition over the child's attributes (``Const(True)``: all children,
    ``Const(False)``: no child); ``with_chance``: the same with the chance outcomes on the way
    (``decision == "accepted"``), equal to ``children`` when no chance branch narrows it;
    ``chance``: the chance branches on the way, as a reader names them (the gateway's label and
    the branch's name: ``Child accepts the interview? Accepted``).
    """

    element_id: str
    children: Node
    with_chance: Node
    chance: tuple[str, ...] = ()

    @property
    def all_children(self) -> bool:
        return self.children == Const(True)

    @property
    def reached(self) -> bool:
        return self.children != Const(False)

    @property
    def text(self) -> str:
        """What a reader sees: the children, then the chance branches on the way."""
        if not self.chance:
            return self.children_text
        return f"{self.children_text}; by chance: {'; '.join(self.chance)}"

    @property
    def children_text(self) -> str:
        """The children only: "all children", "no child", or the condition."""
        if self.all_children:
            return "all children"
        if not self.reached:
            return "no child"
        return format_condition(self.children)


def _tree(text: str | None) -> Node | None:
    if not text:
        return None
    try:
        return parse_condition(text)
    except ConditionError:
        return None


class Reach:
    """For each element and sequence flow, the combinations of attribute values (and chance
    outcomes) for which some run gets there, as masks of one `ConditionSpace`."""

    def __init__(self, model: ProtocolModel, cat: Catalogue | None = None) -> None:
        self.model = model
        cat = cat or catalogue()
        domains = cat.domains()
        els = model.elements
        # conditions: on flows (keyed by flow id) and conditional events (by element id)
        self.trees: dict[str, Node] = {}
        owner: dict[str, str] = {}  # condition key -> the gateway or event that draws chance
        for f in model.sequence_flows():
            t = _tree(f.condition)
            if t is not None:
                self.trees[f.id] = t
                owner[f.id] = f.source
        for e in els.values():
            t = _tree(e.condition) if e.event == "conditional" else None
            if t is not None:
                self.trees[e.id] = t
                owner[e.id] = e.id
        readable = [t for t in self.trees.values()
                    if not unknown_attributes(t, domains)]
        self.usable = {k for k, t in self.trees.items() if t in readable}
        variables: list[Variable] = []
        read = set().union(*(names(t) for t in readable)) if readable else set()
        for attr in domains:  # catalogue order
            if attr not in read:
                continue
            d = domains[attr]
            variables.append(integer_variable(Name(attr), int(d[1]), int(d[2]), readable)
                             if isinstance(d, tuple) else Variable(attr, Name(attr), tuple(d)))
        call_nodes = {f'{c.name}("{c.arg}")': c for t in readable for c in calls(t)}
        for key in sorted(call_nodes):
            variables.append(integer_variable(call_nodes[key], 1, 10_000, readable))
        # one chance variable per gateway (or event) whose conditions read ``decision``
        self.chance_of: dict[str, str] = {}
        chance_values: dict[str, list[str]] = {}
        for key in sorted(self.usable, key=lambda k: model.line_of(k) or 0):
            t = self.trees[key]
            if CHANCE not in names(t):
                continue
            src = owner[key]
            values = chance_values.setdefault(src, [])
            values += [v for v in decision_outcomes(t) if v not in values]
            self.chance_of[key] = f"{CHANCE}@{src}"
        self.chance_names: dict[str, dict[str, str]] = {}
        for src, values in chance_values.items():
            names_of = self.chance_names.setdefault(f"{CHANCE}@{src}", {})
            for fid in els[src].outgoing if src in els else ():
                branch = model.flows.get(fid)
                t = self.trees.get(fid)
                if branch is None:
                    continue
                if t is None and els[src].default_flow == fid:
                    names_of[OTHER] = branch.name or "otherwise"
                elif t is not None:
                    for v in decision_outcomes(t):
                        names_of.setdefault(v, branch.name or v)
            el = els.get(src)
            with_default = el is not None and el.default_flow is not None
            domain = [*values, OTHER] if with_default or not values else values
            variables.append(Variable(f"{CHANCE}@{src}", Name(CHANCE), tuple(domain)))
        self.space = ConditionSpace(variables)
        sp = self.space
        self.time = sp.index.get(TIME_VARYING)
        self.chance_vars = [sp.index[f"{CHANCE}@{src}"] for src in chance_values]
        self.condition_masks = {k: self._mask(k) for k in self.trees}
        self.element_in: dict[str, int] = dict.fromkeys(els, 0)
        self.element_out: dict[str, int] = dict.fromkeys(els, 0)
        self.flow: dict[str, int] = {f.id: 0 for f in model.sequence_flows()}
        self._guard_cache: dict[str, int] = {}
        self._message_sources: dict[str, list[str]] = {}
        for mf in model.message_flows():
            self._message_sources.setdefault(mf.target, []).append(mf.source)
        self._propagate()

    # -- conditions -----------------------------------------------------------------------
    def _mask(self, key: str) -> int:
        """The mask of a condition; one that cannot be read (unknown name) holds for all."""
        if key not in self.usable:
            return self.space.full
        rename = {CHANCE: self.chance_of[key]} if key in self.chance_of else {}
        try:
            return self.space.mask(self.trees[key], rename)
        except KeyError:
            return self.space.full

    def _reads_time(self, keys: list[str]) -> bool:
        return self.time is not None and any(
            k in self.trees and TIME_VARYING in names(self.trees[k]) for k in keys)

    def _meet(self, a: int, b: int) -> int:
        """Both hold in one run: hours read at different times are widened first."""
        t = self.time
        if t is not None and self.space.depends(a, t) and self.space.depends(b, t):
            a, b = self.space.grow(a, t), self.space.grow(b, t)
        return a & b

    def split_base(self, gateway: str, mask: int | None = None) -> int:
        """The combinations at an exclusive split as its conditions see them: the hours may
        have grown since they were last read, and its own chance outcome is drawn afresh."""
        el = self.model.elements[gateway]
        m = self.element_out[gateway] if mask is None else mask
        if self._reads_time(list(el.outgoing)):
            assert self.time is not None
            m = self.space.grow(m, self.time)
        var = self.space.index.get(f"{CHANCE}@{gateway}")
        if var is not None:
            m = self.space.forget(m, var)
        return m

    def guard(self, flow_id: str) -> int:
        """The condition of a branch; a default flow: none of its siblings' conditions."""
        if flow_id in self._guard_cache:
            return self._guard_cache[flow_id]
        f = self.model.flows[flow_id]
        src = self.model.elements.get(f.source)
        if f.condition is not None:
            out = self.condition_masks.get(flow_id, self.space.full)
        elif src is None or src.default_flow != flow_id:
            out = self.space.full
        else:
            taken = 0
            for other in src.outgoing:
                if other != flow_id and other in self.condition_masks:
                    taken |= self.condition_masks[other]
            out = self.space.full & ~taken
        self._guard_cache[flow_id] = out
        return out

    def uncovered(self, gateway: str) -> int:
        """Combinations that reach an exclusive split and satisfy none of its branches."""
        el = self.model.elements[gateway]
        outs = [f for f in el.outgoing if f in self.model.flows]
        covered = 0
        for f in outs:
            covered |= self.guard(f)
        return self.split_base(gateway) & ~covered

    # -- propagation ------------------------------------------------------------------------
    def _senders(self, el_id: str) -> int | None:
        """Combinations for which some incoming message is sent; None without message flows."""
        sources = self._message_sources.get(el_id)
        if sources is None:
            return None
        found = 0
        for src in sources:
            found |= self.element_out[src] if src in self.element_out else self.space.full
        return found

    def _condition(self, el: Element, m: int) -> int:
        if el.id not in self.trees:
            return m
        if self._reads_time([el.id]):
            assert self.time is not None
            m = self.space.grow(m, self.time)
        return m & self.condition_masks[el.id]

    def _inputs(self, el: Element) -> int:
        full = self.space.full
        if el.kind == "startEvent":
            if el.event == "message":
                return self._senders(el.id) or 0
            return full
        if el.kind == "boundaryEvent":
            return self.element_in.get(el.attached_to or "", 0)
        ins = [self.flow[f] for f in el.incoming if f in self.flow]
        if not ins:
            return 0
        if el.kind == "parallelGateway" and len(ins) > 1:
            m = ins[0]
            for other in ins[1:]:
                m = self._meet(m, other)
            return m
        m = 0
        for other in ins:
            m |= other
        return m

    def _outputs(self, el: Element, m: int) -> int:
        if (el.event == "message" and el.kind in ("intermediateCatchEvent", "boundaryEvent")) \
                or el.kind == "receiveTask":
            sent = self._senders(el.id)
            m = 0 if sent is None else self._meet(m, sent)
        if el.event == "conditional":
            m = self._condition(el, m)
        return m

    def _propagate(self) -> None:
        """Grow the masks until nothing changes (a worklist: an element is looked at again only
        when something it reads has grown; every operation is monotone, so this ends)."""
        els = self.model.elements
        attached: dict[str, list[str]] = {}
        for e in els.values():
            if e.attached_to:
                attached.setdefault(e.attached_to, []).append(e.id)
        told: dict[str, list[str]] = {}  # sender -> elements its messages reach
        for target, sources in self._message_sources.items():
            for src in sources:
                told.setdefault(src, []).append(target)
        order = [e.id for e in sorted(els.values(), key=lambda e: e.line)]
        queue = deque(order)
        queued = set(order)
        while queue:
            el_id = queue.popleft()
            queued.discard(el_id)
            el = els[el_id]
            m_in = self._inputs(el) | self.element_in[el_id]
            m_out = self._outputs(el, m_in) | self.element_out[el_id]
            woken: list[str] = []
            if m_in != self.element_in[el_id]:
                self.element_in[el_id] = m_in
                woken += attached.get(el_id, [])
            if m_out != self.element_out[el_id]:
                self.element_out[el_id] = m_out
                woken += told.get(el_id, [])
                conditioned = el.kind == "exclusiveGateway" and any(
                    f in self.trees for f in el.outgoing)
                base = self.split_base(el_id) if conditioned else m_out
                for fid in el.outgoing:
                    if fid not in self.flow:
                        continue
                    if conditioned:
                        new = base & self.guard(fid)
                    elif fid in self.condition_masks:
                        new = m_out & self.condition_masks[fid]
                    else:
                        new = m_out
                    if new | self.flow[fid] != self.flow[fid]:
                        self.flow[fid] |= new
                        woken.append(self.model.flows[fid].target)
            for other in woken:
                if other in els and other not in queued:
                    queued.add(other)
                    queue.append(other)

    # -- reading ----------------------------------------------------------------------------
    def at(self, el_id: str) -> int:
        """Combinations for which the element applies: an activity or gateway when a token
        reaches it (a deadline is owed from then), an event when it happens."""
        el = self.model.elements[el_id]
        if el.is_activity or el.is_gateway:
            return self.element_in[el_id]
        return self.element_out[el_id]

    def for_child(self, el_id: str, values: Mapping[str, Any]) -> bool:
        """Whether the element applies to some child with these attribute ``values`` (the
        attributes not given, and the chance outcomes, free): e.g. ``{"looked_after": True,
        "out_of_area": True}``. An attribute the model's conditions never read is free."""
        mask = self.children(self.at(el_id))
        for name, value in values.items():
            index = self.space.index.get(name)
            if index is None:
                continue
            var = self.space.variables[index]
            if var.ordered:
                hits = [i for i, (lo, hi) in enumerate(var.values) if lo <= value <= hi]
            else:
                hits = [i for i, v in enumerate(var.values) if v == value]
            mask &= self.space.value_mask(index, hits)
        return mask != 0

    def children(self, mask: int) -> int:
        """The mask with every chance outcome left free."""
        return self.space.forget_all(mask, self.chance_vars)

    def describe(self, mask: int, among: list[str] | None = None) -> str:
        """One combination of the mask as a reader names a child (``age = 0, looked_after =
        true``), giving the variables ``among`` (keys; default: all)."""
        keys = [v.key for v in self.space.variables] if among is None else among
        example = self.space.example(mask, [self.space.index[k] for k in keys])
        if example is None:
            return ""
        parts = []
        for key in keys:
            var = self.space.variables[self.space.index[key]]
            value = example[key]
            label = format_condition(var.node)
            if value == OTHER:
                shown = "another outcome"
            else:
                shown = format_condition(Const(value))
            parts.append(f"{label} = {shown}")
        return ", ".join(parts)


def reach(model: ProtocolModel, cat: Catalogue | None = None) -> Reach:
    """The masks of every element and flow of ``model`` (see `Reach`)."""
    return Reach(model, cat)


def applicability(model: ProtocolModel, cat: Catalogue | None = None) -> dict[str, Applicability]:
    """For every flow node, the children it applies to (see the module docstring)."""
    r = Reach(model, cat)
    out: dict[str, Applicability] = {}
    said: dict[int, tuple[Node, Node, tuple[str, ...]]] = {}  # elements in a row share a mask
    for el_id in model.elements:
        m = r.at(el_id)
        if m not in said:
            said[m] = (r.space.simplify(r.children(m)), r.space.simplify(m), _chance(r, m))
        out[el_id] = Applicability(el_id, *said[m])
    return out


def _chance(r: Reach, mask: int) -> tuple[str, ...]:
    """The chance branches a mask requires, by gateway label and branch name; a chance outcome
    tied up with the child's attributes is given as its condition."""
    chance_keys = {r.space.variables[i].key for i in r.chance_vars}
    if not chance_keys or r.children(mask) == mask:
        return ()
    out: list[str] = []
    for keys, node in r.space.factors(mask):
        if not set(keys) & chance_keys:
            continue
        if len(keys) == 1:
            var = r.space.variables[r.space.index[keys[0]]]
            gateway = keys[0].split("@", 1)[1]
            allowed = [v for v in var.values if r.space.value_mask(
                r.space.index[keys[0]], (var.values.index(v),)) & mask]
            branch_names = r.chance_names.get(keys[0], {})
            out.append(f"{r.model.label_of(gateway)} "
                       f"{' or '.join(branch_names.get(str(v), str(v)) for v in allowed)}")
        else:
            out.append(format_condition(node))
    return tuple(out)
