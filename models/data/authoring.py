"""Build protocol models in Python and write them as BPMN 2.0 with diagram information.

Used to draft the protocol files and to make test fixtures. The written `.bpmn` file, not the
script that built it, is what every other part of missingsim reads.

Examples
--------
>>> b = ModelBuilder("tiny", authority="Test", document="doc.txt")
>>> pool = b.pool("p_home", "Home", citation=cite("1", "the home"))
>>> lane = pool.lane("l_carer", "Carer", role="carer", citation=cite("1", "carer"))
>>> _ = lane.start("s", "Child not where expected", citation=cite("1", "missing"))
>>> _ = lane.task("t", "Search", duty="locate_child", time=("ConstantParameter", "PT1H"),
...               citation=cite("1", "search"))
>>> _ = lane.end("e", "Done", citation=cite("1", "done"))
>>> b.chain("s", "t", "e")
>>> "bpmn:userTask" in b.to_xml()  # a task with a role is a user task
True
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from models.data.files import atomic_write_text
from models.data.layout import relayout_text
from models.data.model import DISTRIBUTION_PARAMETERS

__all__ = ["NS", "ModelBuilder", "cite"]

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "ms": "https://missingsim.org/schema/bpmn/1.0",
}



def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


@dataclass
class Cite:
    """A citation: section, verbatim quote (at most 25 words), modality, optional document."""

    section: str
    quote: str
    modality: str = "describes"
    document: str | None = None


def cite(section: str, quote: str, modality: str = "describes",
         document: str | None = None) -> Cite:
    """Make a citation; ``document`` defaults to the model's source document."""
    return Cite(section, quote, modality, document)


@dataclass
class _Node:
    id: str
    kind: str
    name: str
    lane: str
    pool: str
    citations: list[Cite]
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None
    probability: float | None = None
    default: bool = False
    citations: list[Cite] = field(default_factory=list)
    latency: str | None = None


class LaneBuilder:
    """Adds flow nodes to one lane."""

    def __init__(self, model: ModelBuilder, pool: PoolBuilder, lane_id: str, role: str) -> None:
        self.model, self.pool, self.id, self.role = model, pool, lane_id, role

    def _add(self, node_id: str, kind: str, name: str, citation: Cite | list[Cite],
             **attrs: Any) -> str:
        if node_id in self.model.nodes or node_id in self.model.ids:
            raise ValueError(f"duplicate id {node_id!r}")
        cits = citation if isinstance(citation, list) else [citation]
        self.model.nodes[node_id] = _Node(node_id, kind, name, self.id, self.pool.id, cits, attrs)
        self.model.ids.add(node_id)
        return node_id

    def start(self, node_id: str, name: str, *, citation: Cite | list[Cite],
              event: str = "none", condition: str | None = None,
              duration: str | None = None, calendar: str = "clock") -> str:
        """A start event: ``event`` is none, message, timer or conditional."""
        return self._add(node_id, "startEvent", name, citation, event=event,
                         condition=condition, duration=duration, calendar=calendar)

    def end(self, node_id: str, name: str, *, citation: Cite | list[Cite],
            event: str = "none") -> str:
        """An end event: ``event`` is none, message or terminate."""
        return self._add(node_id, "endEvent", name, citation, event=event)

    def task(self, node_id: str, name: str, *, duty: str, time: tuple[str, ...],
             citation: Cite | list[Cite], kind: str = "userTask", side: str | None = None,
             deadlines: list[dict[str, str]] | None = None, role: str | None = None) -> str:
        """A task done by a member of staff of this lane's role.

        ``time`` is a BPSim distribution and its ISO 8601 parameters, e.g.
        ``("TriangularDistribution", "PT1H", "PT2H", "PT4H")``. Each deadline is a dict with
        name, duty (defaults to the task's), anchor, kind, limit, calendar, modality and side.
        """
        return self._add(node_id, kind, name, citation, duty=duty, time=time, side=side,
                         deadlines=deadlines or [], role=role or self.role)

    def timer(self, node_id: str, name: str, *, duration: str, calendar: str,
              citation: Cite | list[Cite], change: tuple[str, str, str] | None = None,
              anchor: str | None = None) -> str:
        """An intermediate timer catch event; ``change`` is (from element, after, duration);
        ``anchor`` what it counts from (default: the token's arrival)."""
        return self._add(node_id, "intermediateCatchEvent", name, citation, event="timer",
                         duration=duration, calendar=calendar, change=change, anchor=anchor)

    def catch(self, node_id: str, name: str, *, citation: Cite | list[Cite],
              event: str = "message", condition: str | None = None) -> str:
        """An intermediate catch event for a message (or a condition)."""
        return self._add(node_id, "intermediateCatchEvent", name, citation, event=event,
                         condition=condition)

    def throw(self, node_id: str, name: str, *, citation: Cite | list[Cite],
              event: str = "message") -> str:
        """An intermediate throw event (a message, or none for a milestone)."""
        return self._add(node_id, "intermediateThrowEvent", name, citation, event=event)

    def boundary(self, node_id: str, name: str, *, attached_to: str, citation: Cite | list[Cite],
                 event: str = "timer", interrupting: bool = True, duration: str | None = None,
                 calendar: str = "clock", condition: str | None = None,
                 anchor: str | None = None) -> str:
        """A boundary event on an activity of this lane (a timer counts from ``anchor``, or from
        the activity's start)."""
        return self._add(node_id, "boundaryEvent", name, citation, event=event,
                         attached_to=attached_to, interrupting=interrupting,
                         duration=duration, calendar=calendar, condition=condition,
                         anchor=anchor)

    def gateway(self, node_id: str, name: str, *, kind: str = "exclusive",
                citation: Cite | list[Cite]) -> str:
        """A gateway: exclusive, parallel or event (event-based)."""
        tag = {"exclusive": "exclusiveGateway", "parallel": "parallelGateway",
               "event": "eventBasedGateway"}[kind]
        return self._add(node_id, tag, name, citation)


class PoolBuilder:
    """A pool (participant) with its process and lanes."""

    def __init__(self, model: ModelBuilder, pool_id: str, name: str, citation: Cite,
                 process_id: str) -> None:
        self.model, self.id, self.name, self.citation = model, pool_id, name, citation
        self.process_id = process_id
        self.lanes: list[tuple[str, str, str, Cite]] = []

    def lane(self, lane_id: str, name: str, *, role: str, citation: Cite) -> LaneBuilder:
        """Add a lane whose tasks are done by staff of ``role`` (from the catalogue)."""
        self.model.ids.add(lane_id)
        self.lanes.append((lane_id, name, role, citation))
        return LaneBuilder(self.model, self, lane_id, role)


class ModelBuilder:
    """Collects pools, lanes, nodes and flows, then writes BPMN XML laid out by
    models.data.layout."""

    def __init__(self, name: str, *, authority: str, document: str) -> None:
        self.name, self.authority, self.document = name, authority, document
        self.pools: list[PoolBuilder] = []
        self.nodes: dict[str, _Node] = {}
        self.flows: list[_Flow] = []
        self.messages: list[_Flow] = []
        self.omissions: list[tuple[Cite, str]] = []
        self.ids: set[str] = set()
        self.black_boxes: list[tuple[str, str, Cite]] = []
        self._counter = 0

    def pool(self, pool_id: str, name: str, *, citation: Cite,
             process_id: str | None = None) -> PoolBuilder:
        """Add a pool; its process id defaults to ``proc_`` plus the pool id."""
        pb = PoolBuilder(self, pool_id, name, citation, process_id or f"proc_{pool_id}")
        self.ids.update({pool_id, pb.process_id})
        self.pools.append(pb)
        return pb

    def black_box(self, pool_id: str, name: str, *, citation: Cite) -> str:
        """A pool with no process, such as the child: its messages are events of the world."""
        self.ids.add(pool_id)
        self.black_boxes.append((pool_id, name, citation))
        return pool_id

    def _next_id(self, prefix: str) -> str:
        self._counter += 1
        while f"{prefix}_{self._counter}" in self.ids:
            self._counter += 1
        return f"{prefix}_{self._counter}"

    def flow(self, source: str, target: str, *, name: str = "", condition: str | None = None,
             probability: float | None = None, default: bool = False,
             citation: Cite | None = None, flow_id: str | None = None) -> str:
        """A sequence flow; a condition is text in the gateway condition language."""
        fid = flow_id or self._next_id("f")
        self.ids.add(fid)
        self.flows.append(_Flow(fid, source, target, name, condition, probability, default,
                                [citation] if citation else []))
        return fid

    def chain(self, *node_ids: str) -> None:
        """Sequence flows through the given nodes in order."""
        for a, b in itertools.pairwise(node_ids):
            self.flow(a, b)

    def message(self, source: str, target: str, name: str, *, citation: Cite,
                latency: str | None = None, flow_id: str | None = None) -> str:
        """A message flow between nodes of two pools; ``latency`` is an ISO 8601 duration."""
        fid = flow_id or self._next_id("mf")
        self.ids.add(fid)
        self.messages.append(_Flow(fid, source, target, name, citations=[citation],
                                   latency=latency))
        return fid

    def omit(self, section: str, quote: str, reason: str) -> None:
        """Record a timescale or rule of the document that the model deliberately leaves out."""
        self.omissions.append((cite(section, quote), reason))

    # ----------------------------------------------------------------- writing
    def _cite_el(self, parent: etree._Element, c: Cite) -> None:
        el = etree.SubElement(parent, _q("ms", "citation"), document=c.document or self.document,
                              section=c.section, modality=c.modality)
        el.text = c.quote

    def _ext(self, parent: etree._Element) -> etree._Element:
        return etree.SubElement(parent, _q("bpmn", "extensionElements"))

    def to_xml(self) -> str:
        """The model as BPMN 2.0 XML text."""
        root = etree.Element(_q("bpmn", "definitions"), nsmap=NS)
        root.set("id", f"defs_{self.name}")
        root.set("targetNamespace", f"https://missingsim.org/models/{self.name}")
        root.set("exporter", "missingsim")
        root.set("exporterVersion", "0.1")
        collab = etree.SubElement(root, _q("bpmn", "collaboration"), id=f"collab_{self.name}")
        ext = self._ext(collab)
        etree.SubElement(ext, _q("ms", "model"), name=self.name, authority=self.authority,
                         document=self.document)
        for c, reason in self.omissions:
            om = etree.SubElement(ext, _q("ms", "omission"), document=c.document or self.document,
                                  section=c.section, reason=reason)
            om.text = c.quote
        for pb in self.pools:
            p = etree.SubElement(collab, _q("bpmn", "participant"), id=pb.id, name=pb.name,
                                 processRef=pb.process_id)
            self._cite_el(self._ext(p), pb.citation)
        for pool_id, name, c in self.black_boxes:
            p = etree.SubElement(collab, _q("bpmn", "participant"), id=pool_id, name=name)
            self._cite_el(self._ext(p), c)
        for m in self.messages:
            mf = etree.SubElement(collab, _q("bpmn", "messageFlow"), id=m.id, name=m.name,
                                  sourceRef=m.source, targetRef=m.target)
            e = self._ext(mf)
            for c in m.citations:
                self._cite_el(e, c)
            if m.latency:
                etree.SubElement(e, _q("ms", "latency"), value=m.latency)
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for f in self.flows:
            outgoing.setdefault(f.source, []).append(f.id)
            incoming.setdefault(f.target, []).append(f.id)
        for pb in self.pools:
            self._write_process(root, pb, incoming, outgoing)
        text = etree.tostring(root, pretty_print=True, xml_declaration=True,
                              encoding="UTF-8").decode()
        return relayout_text(text)  # the diagram: see models/data/layout.py

    def _write_process(self, root: etree._Element, pb: PoolBuilder,
                       incoming: dict[str, list[str]], outgoing: dict[str, list[str]]) -> None:
        proc = etree.SubElement(root, _q("bpmn", "process"), id=pb.process_id, name=pb.name,
                                isExecutable="false")
        lane_set = etree.SubElement(proc, _q("bpmn", "laneSet"), id=f"ls_{pb.process_id}")
        for lane_id, lname, role, c in pb.lanes:
            lane = etree.SubElement(lane_set, _q("bpmn", "lane"), id=lane_id, name=lname)
            e = self._ext(lane)
            etree.SubElement(e, _q("ms", "role"), value=role)
            self._cite_el(e, c)
            for n in self.nodes.values():
                if n.lane == lane_id:
                    etree.SubElement(lane, _q("bpmn", "flowNodeRef")).text = n.id
        defaults = {f.source: f.id for f in self.flows if f.default}
        for n in self.nodes.values():
            if n.pool != pb.id:
                continue
            el = etree.SubElement(proc, _q("bpmn", n.kind), id=n.id, name=n.name)
            if n.kind == "boundaryEvent":
                el.set("attachedToRef", n.attrs["attached_to"])
                el.set("cancelActivity", "true" if n.attrs["interrupting"] else "false")
            if n.id in defaults:
                el.set("default", defaults[n.id])
            e = self._ext(el)
            for c in n.citations:
                self._cite_el(e, c)
            a = n.attrs
            if "duty" in a:
                t = etree.SubElement(e, _q("ms", "task"), role=a["role"], duty=a["duty"])
                if a.get("side"):
                    t.set("side", a["side"])
                kind, *params = a["time"]
                names = DISTRIBUTION_PARAMETERS[kind]
                pt = etree.SubElement(e, _q("ms", "processingTime"), distribution=kind)
                for pname, value in zip(names, params, strict=True):
                    pt.set(pname, value)
                for d in a["deadlines"]:
                    de = etree.SubElement(e, _q("ms", "deadline"))
                    for key in ("name", "duty", "anchor", "kind", "limit", "calendar", "modality",
                                "side"):
                        value = d.get(key, a["duty"] if key == "duty" else None)
                        if value:
                            de.set(key, value)
            if a.get("event") == "timer":
                etree.SubElement(e, _q("ms", "calendar"), value=a.get("calendar", "clock"))
                if a.get("change"):
                    src, after, dur = a["change"]
                    etree.SubElement(e, _q("ms", "intervalChange"), **{"from": src},
                                     after=after, duration=dur)
                if a.get("anchor"):
                    etree.SubElement(e, _q("ms", "anchor"), value=a["anchor"])
            for fid in incoming.get(n.id, []):
                etree.SubElement(el, _q("bpmn", "incoming")).text = fid
            for fid in outgoing.get(n.id, []):
                etree.SubElement(el, _q("bpmn", "outgoing")).text = fid
            ev = a.get("event")
            if ev == "timer":
                td = etree.SubElement(el, _q("bpmn", "timerEventDefinition"), id=f"{n.id}_def")
                dur = etree.SubElement(td, _q("bpmn", "timeDuration"), id=f"{n.id}_dur")
                dur.set(_q("xsi", "type"), "bpmn:tFormalExpression")
                dur.text = a["duration"]
            elif ev == "message":
                etree.SubElement(el, _q("bpmn", "messageEventDefinition"), id=f"{n.id}_def")
            elif ev == "terminate":
                etree.SubElement(el, _q("bpmn", "terminateEventDefinition"), id=f"{n.id}_def")
            elif ev == "conditional":
                cd = etree.SubElement(el, _q("bpmn", "conditionalEventDefinition"),
                                      id=f"{n.id}_def")
                cond = etree.SubElement(cd, _q("bpmn", "condition"), id=f"{n.id}_cond")
                cond.set(_q("xsi", "type"), "bpmn:tFormalExpression")
                cond.text = a["condition"]
        for f in self.flows:
            if self.nodes[f.source].pool != pb.id:
                continue
            sf = etree.SubElement(proc, _q("bpmn", "sequenceFlow"), id=f.id,
                                  sourceRef=f.source, targetRef=f.target)
            if f.name:
                sf.set("name", f.name)
            if f.citations or f.probability is not None:
                e = self._ext(sf)
                for c in f.citations:
                    self._cite_el(e, c)
                if f.probability is not None:
                    etree.SubElement(e, _q("ms", "probability"), value=repr(f.probability))
            if f.condition:
                ce = etree.SubElement(sf, _q("bpmn", "conditionExpression"), id=f"{f.id}_cond")
                ce.set(_q("xsi", "type"), "bpmn:tFormalExpression")
                ce.text = f.condition

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the model to ``path`` atomically (temporary file, then rename)."""
        atomic_write_text(Path(os.path.abspath(path)), self.to_xml())
