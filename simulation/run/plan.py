"""Compile a protocol model (and a scenario's overrides) into an execution plan for the engine.

Everything is parsed and looked up once here: conditions become trees, durations become
`Duration` values, successors and boundary events become tuples, so that the engine's hot loop
only dispatches. An element kind without a handler is refused at compile time with its id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from models.data.conditions import Node, parse_condition
from models.data.durations import Duration, parse_duration
from models.data.errors import ModelError
from models.data.model import ACTIVITY_KINDS, ELEMENT_KINDS, Distribution, ProtocolModel

__all__ = ["Branch", "DeadlineSpec", "ElementPlan", "Plan", "apply_overrides", "compile_model",
           "compile_plan"]

_HANDLED = ELEMENT_KINDS  # the engine has a handler for every kind a model may use


@dataclass(frozen=True, slots=True)
class Branch:
    """One outgoing sequence flow: where it goes and when it is taken."""

    flow_id: str
    target: str
    condition: Node | None
    probability: float | None
    is_default: bool


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    """A deadline of a task, with its limit parsed (an immediate one: its tolerance)."""

    name: str
    duty: str
    anchor: str  # a flow node id, or an environment event (missing, returned)
    limit: Duration
    calendar: str
    side: str | None
    immediate: bool = False


@dataclass(slots=True)
class ElementPlan:
    """What the engine needs to know about one flow node."""

    id: str
    kind: str
    name: str
    process: str
    event: str | None
    role: str | None = None
    duty: str | None = None
    processing_time: Distribution | None = None
    timer: Duration | None = None
    timer_calendar: str = "clock"
    timer_change: tuple[str, Duration, Duration] | None = None
    timer_anchor: str | None = None  # ms:anchor: count from this instead of the arrival
    condition: Node | None = None
    branches: tuple[Branch, ...] = ()
    chance: bool = False
    boundaries: tuple[str, ...] = ()
    cancel_activity: bool = True
    attached_to: str | None = None
    sends: tuple[str, ...] = ()  # message flow ids leaving this element
    receives: tuple[str, ...] = ()  # message flow ids arriving here
    incoming_count: int = 0
    deadlines: tuple[DeadlineSpec, ...] = ()
    # Derived by `prepare` from the fields above, for the engine's hot loop:
    waits: bool = False  # a token may have to wait here (a task, a catch event, a race)
    is_event: bool = False  # an event: reaching it is logged
    targets: tuple[str, ...] = ()  # every branch's target
    choice: bool = False  # an exclusive split (`is_choice`)
    time_params: dict[str, float] | None = None  # the processing time's parameters by name
    plain_task: bool = False  # a task no boundary event can cut short (done in the token)
    joins: bool = False  # a parallel join: waits for all its incoming tokens
    throws: bool = False  # a throw or end event that sends messages
    terminates: bool = False  # a terminate end event

    @property
    def is_choice(self) -> bool:
        """An exclusive split: exactly one of its branches is taken."""
        return self.kind == "exclusiveGateway" and len(self.branches) > 1

    def prepare(self) -> None:
        """Derive the engine's flags from the element as it now is (idempotent)."""
        kind = self.kind
        self.waits = (kind in ACTIVITY_KINDS or kind == "eventBasedGateway"
                      or (kind == "intermediateCatchEvent"
                          and (self.event in ("timer", "message")
                               or (self.event == "conditional" and self.condition is not None))))
        self.is_event = kind.endswith("Event")
        self.targets = tuple(b.target for b in self.branches)
        self.choice = self.is_choice
        dist = self.processing_time
        self.time_params = None if dist is None else dict(dist.params)
        self.plain_task = kind in ACTIVITY_KINDS and not self.boundaries
        self.joins = kind == "parallelGateway" and self.incoming_count > 1
        self.throws = bool(self.sends) and kind in ("intermediateThrowEvent", "endEvent")
        self.terminates = kind == "endEvent" and self.event == "terminate"


@dataclass(slots=True)
class Plan:
    """A compiled model: elements by id, message routing, and where processes start."""

    name: str
    authority: str
    elements: dict[str, ElementPlan]
    message_targets: dict[str, str]  # message flow id -> target element id
    message_latency: dict[str, Duration]
    world_messages: tuple[str, ...]  # message flows from black-box pools (the child's return)
    none_starts: tuple[str, ...]
    conditional_starts: tuple[str, ...]
    message_starts: dict[str, str] = field(default_factory=dict)  # message flow -> start id


def _apply(model: ProtocolModel, overrides: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """Overrides by element id: timer duration, deadline limits, flow probability, durations."""
    by_element: dict[str, dict[str, Any]] = {}
    for o in overrides:
        targets: list[str] = []
        if getattr(o, "element", None):
            targets = [o.element]
        elif getattr(o, "duty", None):
            for el in model.elements.values():
                if el.task and (el.task.duty == o.duty or any(d.duty == o.duty
                                                              for d in el.deadlines)):
                    targets.append(el.id)
        for t in targets:
            entry = by_element.setdefault(t, {})
            if o.field == "limit":
                entry.setdefault("limit", []).append((getattr(o, "deadline", None),
                                                       getattr(o, "duty", None), o.value))
            else:
                entry[o.field] = o.value
    return by_element


def _distribution(value: Any) -> Distribution:
    if isinstance(value, Distribution):
        return value
    kind = value["distribution"]
    params = tuple((k, parse_duration(v).nominal_hours) for k, v in value.items()
                   if k != "distribution")
    return Distribution(kind, params)




def apply_overrides(model: ProtocolModel, overrides: Sequence[Any] = (),
                    immediate_tolerance: Duration | str | None = None) -> ProtocolModel:
    """The model with ``overrides`` in place (objects with element/duty, field, value,
    deadline, as ``simulation.run.scenario.Override``): a new frozen model, ``model`` unchanged.

    An override naming an element changes that element (or flow); one naming a duty changes
    every task that does the duty or carries a deadline of it. ``immediate_tolerance`` (on the
    clock) becomes the limit of every immediate deadline that no limit override changes. Later
    overrides win over earlier ones.
    """
    changes = _apply(model, overrides)
    if not changes and immediate_tolerance is None:
        return model
    tolerance = None if immediate_tolerance is None else parse_duration(immediate_tolerance)
    elements = dict(model.elements)
    for el in model.elements.values():
        ch = changes.get(el.id, {})
        new_el = el
        if el.task:
            task = el.task
            if "processing_time" in ch:
                task = dataclasses.replace(
                    task, processing_time=_distribution(ch["processing_time"]))
            deadlines = []
            for d in el.deadlines:
                limit = d.limit
                if d.immediate and tolerance is not None:
                    limit = tolerance
                for name, duty, value in ch.get("limit", []):
                    if (name is None or name == d.name) and (duty is None or duty == d.duty):
                        limit = parse_duration(value)
                deadlines.append(d if limit == d.limit else dataclasses.replace(d, limit=limit))
            new_el = dataclasses.replace(new_el, task=task, deadlines=tuple(deadlines))
        if el.timer and "duration" in ch:
            new_el = dataclasses.replace(new_el, timer=dataclasses.replace(
                el.timer, duration=parse_duration(ch["duration"])))
        elements[el.id] = new_el
    flows = dict(model.flows)
    for fid, f in model.flows.items():
        if "probability" in changes.get(fid, {}) and f.kind == "sequence":
            flows[fid] = dataclasses.replace(f, probability=float(changes[fid]["probability"]))
    return dataclasses.replace(model, elements=elements, flows=flows)


def compile_plan(model: ProtocolModel, overrides: Sequence[Any] = (),
                 immediate_tolerance: Duration | str | None = None) -> Plan:
    """Compile ``model`` with ``overrides`` (objects with element/duty, field, value, deadline);
    ``immediate_tolerance`` (ISO 8601, on the clock) replaces the default tolerance of every
    immediate deadline that no override changes (:func:`apply_overrides`)."""
    return compile_model(apply_overrides(model, overrides, immediate_tolerance))


def compile_model(model: ProtocolModel) -> Plan:
    """Compile ``model``, its numbers as they are (overrides already applied)."""
    elements: dict[str, ElementPlan] = {}
    flows = model.flows
    for el in model.elements.values():
        if el.kind not in _HANDLED:
            raise ModelError(model.path, f"no engine handler for bpmn:{el.kind}",
                             element_id=el.id, line=el.line)
        branches = []
        for fid in el.outgoing:
            f = flows.get(fid)
            if f is None or f.kind != "sequence":
                continue
            prob = f.probability
            branches.append(Branch(fid, f.target,
                                   parse_condition(f.condition) if f.condition else None,
                                   None if prob is None else float(prob),
                                   fid == el.default_flow))
        ep = ElementPlan(el.id, el.kind, el.name, el.process, el.event,
                         branches=tuple(branches), cancel_activity=el.cancel_activity,
                         attached_to=el.attached_to, incoming_count=len(el.incoming))
        ep.chance = el.kind == "exclusiveGateway" and any(
            b.probability is not None for b in branches)
        if el.task:
            ep.role, ep.duty = el.task.role, el.task.duty
            ep.processing_time = el.task.processing_time
            ep.deadlines = tuple(DeadlineSpec(d.name, d.duty, d.anchor, d.limit, d.calendar,
                                              d.side, d.immediate)
                                 for d in el.deadlines)
        if el.timer:
            ep.timer = parse_duration(el.timer.duration)
            ep.timer_calendar = el.timer.calendar or "clock"
            ep.timer_anchor = el.timer.anchor
            if el.timer.change_after and el.timer.later_duration and el.timer.change_from:
                ep.timer_change = (el.timer.change_from, el.timer.change_after,
                                   el.timer.later_duration)
        if el.condition:
            ep.condition = parse_condition(el.condition)
        elements[el.id] = ep
    for el in model.elements.values():
        if el.kind == "boundaryEvent" and el.attached_to in elements:
            host = elements[el.attached_to]
            host.boundaries = (*host.boundaries, el.id)
    targets: dict[str, str] = {}
    latency: dict[str, Duration] = {}
    world: list[str] = []
    message_starts: dict[str, str] = {}
    for f in model.message_flows():
        targets[f.id] = f.target
        if f.latency:
            latency[f.id] = f.latency
        if f.source in elements:
            elements[f.source].sends = (*elements[f.source].sends, f.id)
        elif f.source in model.participants:
            world.append(f.id)
        if f.target in elements:
            elements[f.target].receives = (*elements[f.target].receives, f.id)
            if elements[f.target].kind == "startEvent":
                message_starts[f.id] = f.target
    for ep in elements.values():
        ep.prepare()
    starts = [e for e in elements.values() if e.kind == "startEvent"]
    return Plan(
        model.name, model.authority, elements, targets, latency, tuple(world),
        tuple(e.id for e in starts if e.event in ("none", None, "timer")),
        tuple(e.id for e in starts if e.event == "conditional"),
        message_starts,
    )
