"""The only module that reads BPMN XML: a hardened lxml parse into a `ProtocolModel`.

External entities, DTDs and network access are refused before anything else looks at the text.
Every `ms:` extension element is validated against `missingsim-ext.xsd`, and its duration
attributes are parsed. Problems that make the file unusable raise `ModelError` (one line, file,
line and element id); problems in a readable model (dangling references, a bad timer duration)
are left for `models.checks.verify` to report as findings.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from lxml import etree

from models.data.durations import Duration, parse_duration
from models.data.errors import ModelError
from models.data.model import (
    ACTIVITY_KINDS,
    CALENDARS,
    DISTRIBUTION_PARAMETERS,
    ELEMENT_KINDS,
    ENVIRONMENT_EVENTS,
    EVENT_KINDS,
    IMMEDIATE_TOLERANCE,
    Calendar,
    Citation,
    Deadline,
    Distribution,
    Element,
    ElementKind,
    Flow,
    Lane,
    Notice,
    Omission,
    Participant,
    Process,
    ProtocolModel,
    Provision,
    TaskSpec,
    Timer,
)

__all__ = ["hardened_parser", "parse_model", "read_model"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
MS = "https://missingsim.org/schema/bpmn/1.0"
DI_NAMESPACES = {
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
}
_STRUCTURAL = {
    "definitions", "collaboration", "participant", "messageFlow", "process", "laneSet", "lane",
    "flowNodeRef", "sequenceFlow", "conditionExpression", "incoming", "outgoing",
    "extensionElements", "timerEventDefinition", "timeDuration", "messageEventDefinition",
    "terminateEventDefinition", "conditionalEventDefinition", "condition", "documentation",
    "textAnnotation", "text", "association", "message",
}
_KNOWN = _STRUCTURAL | ELEMENT_KINDS
_EVENT_DEFS = {
    "timerEventDefinition": "timer", "messageEventDefinition": "message",
    "terminateEventDefinition": "terminate", "conditionalEventDefinition": "conditional",
}
_DIST_PARAMS = DISTRIBUTION_PARAMETERS


@functools.cache
def _schema() -> etree.XMLSchema:
    path = Path(__file__).resolve().parents[1] / "missingsim-ext.xsd"
    return etree.XMLSchema(etree.parse(str(path), hardened_parser()))


@functools.cache
def _duration_attributes() -> dict[str, frozenset[str]]:
    """``ms:`` element name -> its attributes typed ``ms:isoDuration`` in the schema: the values
    the reader parses as durations (the schema's pattern alone lets ``PT`` through)."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    path = Path(__file__).resolve().parents[1] / "missingsim-ext.xsd"
    found: dict[str, set[str]] = {}
    for attribute in etree.parse(str(path), hardened_parser()).getroot().iter(f"{xs}attribute"):
        if attribute.get("type") != "ms:isoDuration":
            continue
        owner = next(a for a in attribute.iterancestors(f"{xs}element"))
        found.setdefault(owner.get("name", ""), set()).add(attribute.get("name", ""))
    return {name: frozenset(attrs) for name, attrs in found.items()}


def hardened_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD and never touches the network:
    the only way missingsim parses XML."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=False)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _ns(el: etree._Element) -> str:
    return etree.QName(el).namespace or ""


@functools.lru_cache(maxsize=4096)
def _duration(text: str) -> Duration:
    """A duration as the reader parses it: once per distinct text (a ``Duration`` is immutable,
    so one value serves every attribute that writes the same text)."""
    return parse_duration(text)


_IMMEDIATE_TOLERANCE = _duration(IMMEDIATE_TOLERANCE)


def _optional_duration(text: str | None) -> Duration | None:
    return None if text is None else _duration(text)


def _timer_duration(text: str) -> str:
    """A timer's ``timeDuration``, parsed; kept as written when it is no duration, for
    ``models.checks.verify`` to report with the timer."""
    try:
        return _duration(text)
    except ValueError:
        return text


def _calendar(name: str) -> str:
    """A calendar attribute as a ``Calendar`` member; a name that is none kept as written
    (``models.checks.verify`` reports a timer's)."""
    return Calendar(name) if name in CALENDARS else name


def _nearest_id(el: etree._Element) -> str | None:
    node: etree._Element | None = el
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def read_model(path: str | Path) -> ProtocolModel:
    """Read a `.bpmn` file; raises ModelError when it cannot be used."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ModelError(str(p), f"cannot read file: {exc.strerror}") from None
    return parse_model(data, str(p))


def parse_model(data: bytes | str, file: str = "<string>") -> ProtocolModel:
    """Parse BPMN XML text into a ProtocolModel; ``file`` names it in error messages."""
    raw = data.encode() if isinstance(data, str) else data
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        line = raw[: raw.upper().find(b"<!")].count(b"\n") + 1
        raise ModelError(file, "DOCTYPE and entity declarations are not allowed in a model "
                         "(refused to protect against entity expansion and external entities)",
                         line=line)
    try:
        root = etree.fromstring(raw, hardened_parser())
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg).split(", line ")[0]
        raise ModelError(file, f"not well-formed XML: {msg}", line=exc.lineno) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise ModelError(file, "DOCTYPE declarations are not allowed", line=1)
    if _ns(root) != BPMN or _local(root) != "definitions":
        raise ModelError(file, "root element is not bpmn:definitions", line=root.sourceline)
    return _Reader(file, root).build()


class _Reader:
    def __init__(self, file: str, root: etree._Element) -> None:
        self.file, self.root = file, root

    def error(self, el: etree._Element, message: str) -> ModelError:
        return ModelError(self.file, message, element_id=_nearest_id(el), line=el.sourceline)

    def check_vocabulary(self) -> None:
        schema = _schema()
        for el in self.root.iter():
            if not isinstance(el.tag, str):
                continue
            ns, name = _ns(el), _local(el)
            if ns == BPMN:
                if name not in _KNOWN:
                    raise self.error(el, f"unknown element type 'bpmn:{name}' (not in the "
                                     "supported BPMN subset, see models/README.md)")
                if name == "extensionElements":
                    continue
            elif ns == MS:
                parent = el.getparent()
                if parent is not None and _ns(parent) == MS:
                    continue
                doc = etree.ElementTree(copy.deepcopy(el))
                if not schema.validate(doc):
                    err = schema.error_log.last_error
                    message = err.message if err is not None else "invalid"
                    message = message.replace(f"{{{MS}}}", "ms:")
                    raise self.error(el, f"invalid extension value: {message}")
                self.check_durations(el)
            elif ns in DI_NAMESPACES:
                continue
            elif ns and ns != "http://www.w3.org/2001/XMLSchema-instance":
                parent = el.getparent()
                if parent is None or _local(parent) != "extensionElements":
                    raise self.error(el, f"unknown element type '{{{ns}}}{name}'")

    def check_durations(self, el: etree._Element) -> None:
        """Every duration attribute of an ``ms:`` element parses (one grammar for the whole tool,
        so a value the schema lets through cannot fail later, in a run)."""
        name = _local(el)
        for attribute in sorted(_duration_attributes().get(name, ())):
            value = el.get(attribute)
            if value is None:
                continue
            try:
                _duration(value)
            except ValueError:
                shown = value if len(value) <= 40 else value[:40] + "..."
                raise self.error(el, f"invalid extension value: ms:{name} {attribute} "
                                 f"{shown!r} is not an ISO 8601 duration (expected e.g. "
                                 "'PT72H', 'P3D')") from None

    def ext(self, el: etree._Element, name: str) -> list[etree._Element]:
        found = []
        for ee in el.findall(f"{{{BPMN}}}extensionElements"):
            found.extend(ee.findall(f"{{{MS}}}{name}"))
        return found

    def citations(self, el: etree._Element) -> tuple[Citation, ...]:
        return tuple(Citation(c.get("document", ""), c.get("section", ""),
                              " ".join((c.text or "").split()), c.get("modality", "describes"))
                     for c in self.ext(el, "citation"))

    def distribution(self, el: etree._Element) -> Distribution | None:
        found = self.ext(el, "processingTime")
        if not found:
            return None
        pt = found[0]
        kind = pt.get("distribution", "")
        params = []
        for pname in _DIST_PARAMS[kind]:
            value = pt.get(pname)
            if value is None:
                raise self.error(pt, f"ms:processingTime {kind} needs attribute '{pname}'")
            params.append((pname, _duration(value).nominal_hours))
        return Distribution(kind, tuple(params))

    def deadline(self, d: etree._Element, task: TaskSpec) -> Deadline:
        """An ms:deadline: ``within`` needs a limit and a calendar, ``immediate`` takes neither
        (its limit is the default tolerance, on the clock)."""
        kind = d.get("kind", "within")
        limit, calendar = d.get("limit"), d.get("calendar")
        if kind == "immediate":
            if limit is not None or calendar is not None:
                raise self.error(d, "ms:deadline of kind 'immediate' takes no limit or calendar "
                                 "(it is measured against the scenario's immediate_tolerance)")
            limit, calendar = _IMMEDIATE_TOLERANCE, Calendar.CLOCK
        elif limit is None or calendar is None:
            missing = "limit" if limit is None else "calendar"
            raise self.error(d, f"ms:deadline needs attribute '{missing}' (or kind='immediate')")
        return Deadline(d.get("name", ""), d.get("duty") or task.duty, d.get("anchor", ""),
                        _duration(limit), _calendar(calendar), d.get("modality", ""),
                        d.get("side") or task.side,
                        kind)

    def build(self) -> ProtocolModel:
        self.check_vocabulary()
        b = f"{{{BPMN}}}"
        processes: dict[str, Process] = {}
        participants: dict[str, Participant] = {}
        lanes: dict[str, Lane] = {}
        elements: dict[str, Element] = {}
        flows: dict[str, Flow] = {}
        omissions: list[Omission] = []
        name, authority, document = "", "", ""
        seen: dict[str, int] = {}

        def claim(el: etree._Element) -> str:
            el_id = el.get("id")
            if not el_id:
                raise self.error(el, f"bpmn:{_local(el)} has no id")
            if el_id in ENVIRONMENT_EVENTS:
                raise self.error(el, f"id '{el_id}' is reserved for the environment event "
                                 f"'{el_id}' ({ENVIRONMENT_EVENTS[el_id]}); rename the element")
            if el_id in seen:
                raise self.error(el, f"duplicate id (first used on line {seen[el_id]})")
            seen[el_id] = el.sourceline or 0
            return el_id

        for collab in self.root.findall(f"{b}collaboration"):
            claim(collab)
            for m in self.ext(collab, "model"):
                name, authority, document = m.get("name", ""), m.get("authority", ""), \
                    m.get("document", "")
            for om in self.ext(collab, "omission"):
                omissions.append(Omission(
                    Citation(om.get("document", ""), om.get("section", ""),
                             " ".join((om.text or "").split()), "describes"),
                    om.get("reason", "")))
            for part in collab.findall(f"{b}participant"):
                pid = claim(part)
                participants[pid] = Participant(pid, part.get("name", ""),
                                                part.get("processRef", ""),
                                                self.citations(part), part.sourceline or 0)
            for mf in collab.findall(f"{b}messageFlow"):
                fid = claim(mf)
                lat = self.ext(mf, "latency")
                flows[fid] = Flow(fid, "message", mf.get("sourceRef", ""), mf.get("targetRef", ""),
                                  mf.sourceline or 0, name=mf.get("name", ""),
                                  citations=self.citations(mf),
                                  latency=_optional_duration(lat[0].get("value") if lat
                                                             else None),
                                  notices=self.notices(mf, "notice"))
        for proc in self.root.findall(f"{b}process"):
            proc_id = claim(proc)
            processes[proc_id] = Process(proc_id, proc.get("name", ""), proc.sourceline or 0)
            lane_of: dict[str, str] = {}
            for lane in proc.iter(f"{b}lane"):
                lane_id = claim(lane)
                role = self.ext(lane, "role")
                refs = tuple((r.text or "").strip() for r in lane.findall(f"{b}flowNodeRef"))
                for r in refs:
                    lane_of[r] = lane_id
                lanes[lane_id] = Lane(lane_id, lane.get("name", ""), proc_id,
                                      role[0].get("value", "") if role else "", refs,
                                      self.citations(lane), lane.sourceline or 0)
            for ls in proc.findall(f"{b}laneSet"):
                claim(ls)
            for el in proc:
                if not isinstance(el.tag, str) or _ns(el) != BPMN:
                    continue
                kind = _local(el)
                if kind == "sequenceFlow":
                    fid = claim(el)
                    cond_el = el.find(f"{b}conditionExpression")
                    prob = self.ext(el, "probability")
                    flows[fid] = Flow(
                        fid, "sequence", el.get("sourceRef", ""), el.get("targetRef", ""),
                        el.sourceline or 0, name=el.get("name", ""), process=proc_id,
                        condition=(cond_el.text or "").strip() if cond_el is not None else None,
                        probability=float(prob[0].get("value", "0")) if prob else None,
                        citations=self.citations(el))
                    if cond_el is not None and cond_el.get("id"):
                        claim(cond_el)
                elif kind in ELEMENT_KINDS:
                    el_id = claim(el)
                    elements[el_id] = self.flow_node(el, kind, proc_id, lane_of.get(el_id), claim)
        di_ids = frozenset(
            e.get("bpmnElement", "") for e in self.root.iter()
            if isinstance(e.tag, str) and _local(e) in ("BPMNShape", "BPMNEdge"))
        return ProtocolModel(self.file, name or Path(self.file).stem, authority, document,
                             processes, participants, lanes, elements, flows, tuple(omissions),
                             diagram_ids=di_ids, provisions=self.provisions())

    def flow_node(self, el: etree._Element, kind: str, proc_id: str, lane: str | None,
                  claim: object) -> Element:
        b = f"{{{BPMN}}}"
        event, timer, condition = None, None, None
        if kind in EVENT_KINDS:
            defs = [d for d in el if isinstance(d.tag, str) and _local(d) in _EVENT_DEFS]
            others = [d for d in el if isinstance(d.tag, str) and _local(d).endswith(
                "EventDefinition") and _local(d) not in _EVENT_DEFS]
            if others:
                raise self.error(others[0], f"unsupported event definition "
                                 f"'bpmn:{_local(others[0])}'")
            if len(defs) > 1:
                raise self.error(el, "more than one event definition on one event")
            event = _EVENT_DEFS[_local(defs[0])] if defs else "none"
            if defs and defs[0].get("id"):
                claim(defs[0])  # type: ignore[operator]
            if event == "timer":
                d = defs[0]
                if d.find(f"{b}timeCycle") is not None or d.find(f"{b}timeDate") is not None:
                    raise self.error(el, "only timeDuration timers are supported")
                dur = d.find(f"{b}timeDuration")
                if dur is not None and dur.get("id"):
                    claim(dur)  # type: ignore[operator]
                cal = self.ext(el, "calendar")
                change = self.ext(el, "intervalChange")
                anchor = self.ext(el, "anchor")
                timer = Timer(_timer_duration((dur.text or "").strip() if dur is not None
                                              else ""),
                              _calendar(cal[0].get("value", "")) if cal else "",
                              change[0].get("from") if change else None,
                              _optional_duration(change[0].get("after") if change else None),
                              _optional_duration(change[0].get("duration") if change
                                                 else None),
                              anchor[0].get("value") if anchor else None)
            elif event == "conditional":
                c = defs[0].find(f"{b}condition")
                if c is not None and c.get("id"):
                    claim(c)  # type: ignore[operator]
                condition = (c.text or "").strip() if c is not None else ""
        task = None
        deadlines: tuple[Deadline, ...] = ()
        if kind in ACTIVITY_KINDS:
            spec = self.ext(el, "task")
            if spec:
                task = TaskSpec(spec[0].get("role", ""), spec[0].get("duty", ""),
                                self.distribution(el), spec[0].get("side"))
                deadlines = tuple(self.deadline(d, task) for d in self.ext(el, "deadline"))
        return Element(
            el.get("id", ""), ElementKind(kind), el.get("name", ""), proc_id, el.sourceline or 0,
            lane=lane,
            event=event, attached_to=el.get("attachedToRef"),
            cancel_activity=el.get("cancelActivity", "true") != "false", timer=timer,
            condition=condition, task=task, deadlines=deadlines, citations=self.citations(el),
            incoming=tuple((i.text or "").strip() for i in el.findall(f"{b}incoming")),
            outgoing=tuple((o.text or "").strip() for o in el.findall(f"{b}outgoing")),
            default_flow=el.get("default"), instantiate=el.get("instantiate") == "true",
            notices=self.notices(el, "notice"), accepts=self.notices(el, "accepts"))

    # ------------------------------------------------ gap-analysis semantics
    # (models/analyses/gaps.py)
    def notices(self, el: etree._Element, kind: str) -> tuple[Notice, ...]:
        """``ms:notice`` (what a send task or message flow carries, to whom) or ``ms:accepts``
        (what a receiving element takes, from whom)."""
        side = "to" if kind == "notice" else "from"
        return tuple(Notice(n.get("about", ""), n.get(side, "")) for n in self.ext(el, kind))

    def provisions(self) -> tuple[Provision, ...]:
        """The collaboration's ``ms:provision`` elements: the document's rules on compared
        topics, each with its verbatim quote."""
        out: list[Provision] = []
        for collab in self.root.findall(f"{{{BPMN}}}collaboration"):
            for p in self.ext(collab, "provision"):
                count = p.get("count")
                out.append(Provision(
                    p.get("topic", ""), " ".join(p.get("value", "").split()),
                    Citation(p.get("document", ""), p.get("section", ""),
                             " ".join((p.text or "").split()), "describes"),
                    _optional_duration(p.get("limit")), _calendar(p.get("calendar", "")) or None,
                    int(count) if count else None,
                    _optional_duration(p.get("window")), p.get("side"),
                    _optional_duration(p.get("later"))))
        return tuple(out)
