"""The protocol model as frozen data: what a `.bpmn` file says, with no I/O and no graph code."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from models.data.durations import Duration

__all__ = [
    "ACTIVITY_KINDS",
    "CALENDARS",
    "DEADLINE_KINDS",
    "ELEMENT_KINDS",
    "ENVIRONMENT_EVENTS",
    "EVENT_KINDS",
    "GATEWAY_KINDS",
    "IMMEDIATE_TOLERANCE",
    "Calendar",
    "Citation",
    "Deadline",
    "Distribution",
    "Element",
    "ElementId",
    "ElementKind",
    "Flow",
    "Lane",
    "Notice",
    "Omission",
    "Participant",
    "Process",
    "ProtocolModel",
    "Provision",
    "TaskSpec",
    "Timer",
    "anchor_label",
    "is_environment_event",
]

ElementId = str


class Calendar(StrEnum):
    """The calendars a timer or deadline counts in (``ms:calendar``, the ``calendar`` attribute
    of ``ms:deadline`` and ``ms:provision``): the one list of their names. A member is its name
    as a string (``Calendar.CLOCK == "clock"``)."""

    CLOCK = "clock"
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    SCHOOL_DAYS = "school_days"


CALENDARS: tuple[str, ...] = tuple(c.value for c in Calendar)
"""The calendar names, in the order of ``Calendar``."""
Modality = Literal["must", "should", "may", "describes"]
MODALITIES: tuple[str, ...] = ("must", "should", "may", "describes")
SIDES: tuple[str, ...] = ("responsible", "host", "both")

ENVIRONMENT_EVENTS: dict[str, str] = {
    "missing": "the child goes missing (start of the episode)",
    "returned": "the child returns or is found (end of the episode)",
}
"""Anchors that are events of the child's episode, not of any process: a deadline or timer
anchored on one counts from when it happens, whenever a process learns of it. No flow node may
have one of these names as its id."""

DEADLINE_KINDS: tuple[str, ...] = ("within", "immediate")
"""``within``: done within ``limit`` of the anchor. ``immediate``: the text says immediately,
without delay, as soon as possible or at once; measured as the time taken, and as compliance
against a tolerance (``IMMEDIATE_TOLERANCE`` unless a scenario sets ``immediate_tolerance``)."""

IMMEDIATE_TOLERANCE = "PT1H"
"""Default tolerance for an ``immediate`` deadline, 1 hour on the clock: an assumption of the
tool, not of any text (no document gives a number for "immediately")."""


def is_environment_event(anchor: str | None) -> bool:
    """Whether an anchor names an event of the child's episode rather than a flow node."""
    return anchor in ENVIRONMENT_EVENTS

DISTRIBUTION_PARAMETERS: dict[str, tuple[str, ...]] = {
    "ConstantParameter": ("value",),
    "TriangularDistribution": ("min", "mode", "max"),
    "UniformDistribution": ("min", "max"),
    "ExponentialDistribution": ("mean",),
    "LogNormalDistribution": ("mean", "standardDeviation"),
}
"""BPSim distributions a processing time may use, and their parameters in order."""

class ElementKind(StrEnum):
    """The BPMN flow node kinds a model may use, by their XML element names: the one list of
    them (the reader refuses others). A member is its name as a string
    (``ElementKind.TASK == "task"``)."""

    TASK = "task"
    USER_TASK = "userTask"
    MANUAL_TASK = "manualTask"
    SEND_TASK = "sendTask"
    RECEIVE_TASK = "receiveTask"
    SERVICE_TASK = "serviceTask"
    BUSINESS_RULE_TASK = "businessRuleTask"
    SCRIPT_TASK = "scriptTask"
    START_EVENT = "startEvent"
    END_EVENT = "endEvent"
    INTERMEDIATE_CATCH_EVENT = "intermediateCatchEvent"
    INTERMEDIATE_THROW_EVENT = "intermediateThrowEvent"
    BOUNDARY_EVENT = "boundaryEvent"
    EXCLUSIVE_GATEWAY = "exclusiveGateway"
    PARALLEL_GATEWAY = "parallelGateway"
    EVENT_BASED_GATEWAY = "eventBasedGateway"


ACTIVITY_KINDS = frozenset(k for k in ElementKind if k.value.endswith("ask"))
"""The BPMN activity (task) kinds a model may use."""
EVENT_KINDS = frozenset(k for k in ElementKind if k.value.endswith("Event"))
GATEWAY_KINDS = frozenset(k for k in ElementKind if k.value.endswith("Gateway"))
ELEMENT_KINDS = frozenset(ElementKind)
"""Every flow node kind a model may use (the reader refuses others)."""


@dataclass(frozen=True, slots=True)
class Citation:
    """Where in a source document an element comes from."""

    document: str
    section: str
    quote: str
    modality: str = "describes"


@dataclass(frozen=True, slots=True)
class Distribution:
    """A duration distribution in BPSim vocabulary; parameters in hours."""

    kind: str
    params: tuple[tuple[str, float], ...]

    def param(self, name: str) -> float:
        return dict(self.params)[name]

    @property
    def minimum_hours(self) -> float:
        p = dict(self.params)
        if self.kind == "ConstantParameter":
            return p["value"]
        if self.kind in ("TriangularDistribution", "UniformDistribution"):
            return p["min"]
        return p.get("min", 0.0)


@dataclass(frozen=True, slots=True)
class Timer:
    """A timer event's duration and the calendar it is counted in.

    ``duration`` is the ``Duration`` as written; ``change_after``/``later_duration`` give an
    interval that changes once ``change_after`` has elapsed since ``change_from``. ``calendar``
    is a ``Calendar`` member, or the text as written when it names none (``verify`` reports it).
    """

    duration: str  # a Duration, unless the text is none (verify reports it)
    calendar: str
    change_from: ElementId | None = None
    change_after: Duration | None = None
    later_duration: Duration | None = None
    anchor: str | None = None  # ms:anchor: an environment event or a flow node id, for the
    # first firing; None: the timer counts from when a token reaches it (a boundary timer: its
    # task's start)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A duty to complete within ``limit`` of the anchor, counted in ``calendar``.

    ``anchor`` is an environment event (``ENVIRONMENT_EVENTS``) or a flow node id. An
    ``immediate`` deadline has the tolerance ``IMMEDIATE_TOLERANCE`` as its ``limit``, on the
    clock; the text gives no number. ``calendar`` is a ``Calendar`` member.
    """

    name: str
    duty: str
    anchor: str
    limit: Duration
    calendar: str
    modality: str
    side: str | None = None
    kind: str = "within"

    @property
    def immediate(self) -> bool:
        return self.kind == "immediate"


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """What a task needs: who does it, which duty it discharges, how long it takes."""

    role: str
    duty: str
    processing_time: Distribution | None
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """What a message carries (``about``) and to whom (``to``): ``ms:notice`` on a send task or
    a message flow, ``ms:accepts`` (``to`` then names the sender) on a receiving element."""

    about: str
    to: str


@dataclass(frozen=True, slots=True)
class Provision:
    """A document's rule on a topic the gap analysis compares (``ms:provision``): ``value`` is
    a space-separated list of catalogue names; ``limit``/``calendar``/``count``/``window`` are
    the numbers the text gives."""

    topic: str
    value: str
    citation: Citation
    limit: Duration | None = None
    calendar: str | None = None
    count: int | None = None
    window: Duration | None = None
    side: str | None = None
    """Whose rule it is for a placed child: ``responsible`` (for the document's own child placed
    elsewhere), ``host`` (for another authority's child placed in its area), None for both."""
    later: Duration | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.value.split())


@dataclass(frozen=True, slots=True)
class Element:
    """A flow node: activity, event or gateway."""

    id: ElementId
    kind: ElementKind
    name: str
    process: ElementId
    line: int
    lane: ElementId | None = None
    event: str | None = None  # none, timer, message, conditional, terminate, signal
    attached_to: ElementId | None = None
    cancel_activity: bool = True
    timer: Timer | None = None
    condition: str | None = None  # conditional event condition text
    task: TaskSpec | None = None
    deadlines: tuple[Deadline, ...] = ()
    citations: tuple[Citation, ...] = ()
    incoming: tuple[ElementId, ...] = ()
    outgoing: tuple[ElementId, ...] = ()
    default_flow: ElementId | None = None
    instantiate: bool = False
    notices: tuple[Notice, ...] = ()
    accepts: tuple[Notice, ...] = ()

    @property
    def is_activity(self) -> bool:
        return self.kind in ACTIVITY_KINDS

    @property
    def is_gateway(self) -> bool:
        return self.kind in GATEWAY_KINDS

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Flow:
    """A sequence flow (inside a process) or a message flow (between pools)."""

    id: ElementId
    kind: Literal["sequence", "message"]
    source: ElementId
    target: ElementId
    line: int
    name: str = ""
    process: ElementId | None = None
    condition: str | None = None
    probability: float | None = None
    citations: tuple[Citation, ...] = ()
    latency: Duration | None = None
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Lane:
    """A lane: the role whose staff do the tasks in it."""

    id: ElementId
    name: str
    process: ElementId
    role: str
    nodes: tuple[ElementId, ...]
    citations: tuple[Citation, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Participant:
    """A pool: an organisation taking part, bound to one process."""

    id: ElementId
    name: str
    process: ElementId
    citations: tuple[Citation, ...]
    line: int
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Process:
    """One pool's process."""

    id: ElementId
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Omission:
    """A timescale or rule of the document that the model deliberately does not encode."""

    citation: Citation
    reason: str


@dataclass(frozen=True, slots=True)
class ProtocolModel:
    """Everything a protocol file says, keyed by element id."""

    path: str
    name: str
    authority: str
    document: str
    processes: dict[ElementId, Process]
    participants: dict[ElementId, Participant]
    lanes: dict[ElementId, Lane]
    elements: dict[ElementId, Element]
    flows: dict[ElementId, Flow]
    omissions: tuple[Omission, ...] = ()
    citations: tuple[Citation, ...] = ()
    diagram_ids: frozenset[ElementId] = field(default_factory=frozenset)
    provisions: tuple[Provision, ...] = ()

    def sequence_flows(self) -> list[Flow]:
        return [f for f in self.flows.values() if f.kind == "sequence"]

    def message_flows(self) -> list[Flow]:
        return [f for f in self.flows.values() if f.kind == "message"]

    def line_of(self, element_id: ElementId) -> int | None:
        tables: tuple[dict[str, Any], ...] = (self.elements, self.flows, self.lanes,
                                               self.participants, self.processes)
        for table in tables:
            if element_id in table:
                return int(table[element_id].line)
        return None

    def citation_of(self, element_id: ElementId) -> Citation | None:
        tables: tuple[dict[str, Any], ...] = (self.elements, self.flows, self.lanes,
                                               self.participants)
        for table in tables:
            item = table.get(element_id)
            if item is not None and item.citations:
                return item.citations[0]
        flow = self.flows.get(element_id)
        if flow is not None and flow.source in self.elements:
            return self.citation_of(flow.source)
        return None

    def anchor_label(self, anchor: str | None) -> str:
        """What an anchor names, in words: an environment event or a flow node's label."""
        return anchor_label(self, anchor)

    def label_of(self, element_id: ElementId) -> str:
        tables: tuple[dict[str, Any], ...] = (self.elements, self.flows, self.lanes,
                                               self.participants, self.processes)
        for table in tables:
            item = table.get(element_id)
            if item is not None and item.name:
                return str(item.name)
        return element_id


def anchor_label(model: ProtocolModel, anchor: str | None) -> str:
    """What an anchor names, in words: an environment event or a flow node's label."""
    if anchor is None:
        return ""
    if anchor in ENVIRONMENT_EVENTS:
        return ENVIRONMENT_EVENTS[anchor]
    return model.label_of(anchor)
