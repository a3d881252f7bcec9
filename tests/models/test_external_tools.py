"""Every protocol model passes the bpmn.io tools and keeps its diagram information sound.

Parametrised over ``models/protocols/*.bpmn`` plus the generated fixture
``tests/data/valid/external_tools_sample.bpmn`` (so there is always at least one file). Checks:

* npm ``bpmnlint`` 11.15.0 (``.bpmnlintrc``: ``bpmnlint:recommended``) exits 0, prints nothing;
* npm ``bpmn-moddle`` 10.3.1 reads the file with no import warning
  (``tools/bpmn_moddle_check.mjs``);
* the Python port ``bpmn-io``: ``check()`` has no error and no warning, and its bpmnlint port
  with the same config reports nothing;
* round trip: ``bpmn-io`` read then write keeps every element, attribute and text (compared with
  lxml, independently of either library), and npm ``bpmn-moddle`` writes the same text as
  ``bpmn-io`` (after ``&#39;`` -> ``'``);
* diagram information: every participant, lane, flow node, sequence flow and message flow is
  drawn; no two shapes overlap except where BPMN nests them; every flow node is drawn inside its
  lane, and lanes tile their pool.

The npm tools come from ``npm ci`` at the repository top. Without ``node_modules`` these tests are
skipped, or fail when the environment variable ``CI`` is set. Each check is a plain function
returning a list of problems; the ``test_*_reports_*`` tests feed it a broken fixture from
``tests/data/invalid/`` (written by ``tests/data/make_external_tools_fixtures.py``) or a mutated
copy and assert that it notices.
"""

from __future__ import annotations

import copy
import difflib
import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = sorted((ROOT / "models" / "protocols").glob("*.bpmn"))
SAMPLE = ROOT / "tests" / "data" / "valid" / "external_tools_sample.bpmn"
INVALID = ROOT / "tests" / "data" / "invalid"
FILES = [*PROTOCOLS, SAMPLE]
MODDLE_SCRIPT = ROOT / "tools" / "bpmn_moddle_check.mjs"
LINTRC = ROOT / ".bpmnlintrc"
NODE_TIMEOUT = 180

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MS = "https://missingsim.org/schema/bpmn/1.0"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


file_params = pytest.mark.parametrize("path", FILES, ids=[_rel(p) for p in FILES])


# --------------------------------------------------------------------------------------- XML

def xml_parser() -> etree.XMLParser:
    """A parser that never expands entities, loads a DTD or touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


def parse_xml(data: bytes | str) -> etree._Element:
    """Parse BPMN text with the hardened parser."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return etree.fromstring(data, xml_parser())


def _local(tag: str) -> str:
    return etree.QName(tag).localname


# ------------------------------------------------------------------------------- npm tools

def node_tools_missing() -> str | None:
    """Why the npm tools cannot run here, or None when they can."""
    if shutil.which("node") is None or shutil.which("npx") is None:
        return "node/npx not on PATH"
    for needed in ("node_modules/.bin/bpmnlint", "node_modules/bpmn-moddle/package.json"):
        if not (ROOT / needed).exists():
            return f"{needed} missing: run `npm ci` at the repository top"
    return None


@pytest.fixture(scope="module")
def node_tools() -> None:
    """Skip (locally) or fail (when CI is set) if the npm tools are not installed."""
    reason = node_tools_missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"npm tools required in CI: {reason}")
    pytest.skip(f"npm tools not installed: {reason}")


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=NODE_TIMEOUT,
                          check=False, env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"})


def bpmnlint_problems(path: Path) -> list[str]:
    """npm bpmnlint on one file with the repository's .bpmnlintrc: every line it prints.

    A clean file gives exit status 0 and no output; warnings (such as no-overlapping-elements)
    leave the exit status 0 but are printed, and count as problems here too.
    """
    proc = _run(["npx", "--no-install", "bpmnlint", str(path)])
    problems = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0:
        problems.append(f"bpmnlint exit status {proc.returncode}: {proc.stderr.strip()}")
    return problems


def moddle_parse_problems(path: Path) -> list[str]:
    """npm bpmn-moddle ``fromXML`` of one file: its warnings (and read errors)."""
    proc = _run(["node", str(MODDLE_SCRIPT), "parse", str(path)])
    problems = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 and not problems:
        problems.append(f"bpmn_moddle_check exit status {proc.returncode}: {proc.stderr.strip()}")
    return problems


def moddle_roundtrip(path: Path, out: Path) -> str:
    """npm bpmn-moddle ``fromXML`` then ``toXML({format: true})``: the written text."""
    proc = _run(["node", str(MODDLE_SCRIPT), "roundtrip", str(path), str(out)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out.read_text(encoding="utf-8")


# ------------------------------------------------------------------------- bpmn-io (Python)

def lint_config() -> dict[str, Any]:
    """The repository's bpmnlint configuration, shared by npm bpmnlint and the Python port."""
    config: dict[str, Any] = json.loads(LINTRC.read_text(encoding="utf-8"))
    return config


def bpmn_io_check_problems(xml: str) -> list[str]:
    """``bpmn_io.check``: its errors and its warnings (a warning is a failure here)."""
    from bpmn_io import check

    report = check(xml)
    problems = [f"error: {e}" for e in report.errors]
    problems += [f"warning: {w.message}" for w in report.warnings]
    if not report.ok and not problems:
        problems.append("check() not ok")
    return problems


def bpmn_io_lint_problems(xml: str, config: dict[str, Any] | None = None) -> list[str]:
    """The bpmn-io port of bpmnlint (as ``bpmn-io lint``): import warnings and every report."""
    from bpmn_io import BpmnModdle
    from bpmn_io.lint import Linter
    from bpmn_io.lint.resolver import NodeResolver

    result = BpmnModdle().from_xml(xml)
    problems = [f"import warning: {w.message.splitlines()[0]}" for w in result.warnings]
    linter = Linter(config=config or lint_config(), resolver=NodeResolver())  # type: ignore[arg-type]
    for rule, reports in linter.lint(cast(Any, result.root_element)).items():
        for report in reports:
            problems.append(f"{report.get('id') or ''} {report.get('category')} "
                            f"{report.get('message')} ({report.get('name') or rule})")
    return problems


def bpmn_io_roundtrip(xml: str) -> str:
    """bpmn-io ``BpmnModdle().from_xml`` then ``to_xml`` (formatted, as bpmn-moddle does)."""
    from bpmn_io import BpmnModdle

    moddle = BpmnModdle()
    result = moddle.from_xml(xml)
    assert not result.warnings, [w.message for w in result.warnings]
    return moddle.to_xml(result.root_element, {"format": True}).xml


def writer_differences(python_xml: str, npm_xml: str, limit: int = 20) -> list[str]:
    """Lines where bpmn-io's output differs from npm bpmn-moddle's, after ``&#39;`` -> ``'``.

    bpmn-moddle escapes ``'`` in attribute values as ``&#39;`` and bpmn-io does not; everything
    else must be the same text.
    """
    npm = npm_xml.replace("&#39;", "'")
    if python_xml == npm:
        return []
    diff = difflib.unified_diff(npm.splitlines(), python_xml.splitlines(), "npm bpmn-moddle",
                                "bpmn-io", n=0, lineterm="")
    lines = [line for line in diff if not line.startswith(("---", "+++"))]
    return lines[:limit] or ["outputs differ in line endings or trailing text"]


# ------------------------------------------------------- round trip: library-neutral facts

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

Key = tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """What a round trip must keep of one element."""

    parent: Key | None
    attributes: tuple[tuple[str, str], ...]
    text: str


def _value(el: etree._Element, name: str, value: str) -> str:
    """An attribute value made independent of prefixes and of number spelling."""
    if name == f"{{{XSI}}}type" and ":" in value:
        prefix, local = value.split(":", 1)
        uri = el.nsmap.get(prefix)
        if uri:
            return f"{{{uri}}}{local}"
    if _NUMBER.fullmatch(value.strip()):
        number = float(value)
        if math.isfinite(number):
            return repr(number)
    return value


_CATCH_EVENTS = ("startEvent", "intermediateCatchEvent", "boundaryEvent")
_ACTIVITIES = ("task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask",
               "scriptTask", "businessRuleTask", "subProcess", "adHocSubProcess", "transaction",
               "callActivity")
_GATEWAYS = ("exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
             "complexGateway")


def _spec_defaults() -> dict[str, dict[str, str]]:
    """Attribute defaults of the BPMN 2.0 XSD (Semantic.xsd), by element local name.

    Writing or leaving out an attribute at its default value does not change the model
    (bpmn-moddle leaves out ``cancelActivity="true"``, for instance), so such attributes are
    not facts.
    """
    table: dict[str, dict[str, str]] = {}

    def add(tags: tuple[str, ...], **values: str) -> None:
        for tag in tags:
            table.setdefault(tag, {}).update(values)

    add(_CATCH_EVENTS, parallelMultiple="false")
    add(("startEvent",), isInterrupting="true")
    add(("boundaryEvent",), cancelActivity="true")
    add(_ACTIVITIES, isForCompensation="false", startQuantity="1", completionQuantity="1")
    add(("subProcess", "adHocSubProcess", "transaction"), triggeredByEvent="false")
    add(("adHocSubProcess",), cancelRemainingInstances="true")
    add(("receiveTask",), instantiate="false")
    add(_GATEWAYS, gatewayDirection="Unspecified")
    add(("eventBasedGateway",), instantiate="false", eventGatewayType="Exclusive")
    add(("compensateEventDefinition",), waitForCompletion="true")
    add(("dataInput", "dataOutput", "dataObject", "itemDefinition"), isCollection="false")
    add(("dataStore",), isUnlimited="true")
    add(("participantMultiplicity",), minimum="0", maximum="1")
    add(("multiInstanceLoopCharacteristics",), isSequential="false", behavior="All")
    add(("standardLoopCharacteristics",), testBefore="false")
    add(("documentation", "textAnnotation"), textFormat="text/plain")
    add(("extension",), mustUnderstand="false")
    add(("extensionAttributeDefinition",), isReference="false")
    add(("definitions",), expressionLanguage="http://www.w3.org/1999/XPath",
        typeLanguage="http://www.w3.org/2001/XMLSchema")
    return table


SPEC_DEFAULTS = _spec_defaults()


def _attributes(el: etree._Element) -> tuple[tuple[str, str], ...]:
    """Attributes as (namespace-qualified name, normalised value), spec defaults left out."""
    defaults = SPEC_DEFAULTS.get(_local(el.tag), {}) if etree.QName(el).namespace == BPMN else {}
    out = []
    for k, v in el.attrib.items():
        name, value = str(k), _value(el, str(k), str(v))
        if name in defaults and value == _value(el, name, defaults[name]):
            continue
        out.append((name, value))
    return tuple(sorted(out))


def _text(el: etree._Element) -> str:
    """The element's own character data: text, plus any non-blank tails of its children."""
    children = [c for c in el if isinstance(c.tag, str)]
    parts = [el.text or ""]
    parts += [c.tail or "" for c in el]
    text = "".join(parts)
    if children and not text.strip():
        return ""  # indentation between child elements
    return text if not children else text.strip()


def xml_facts(root: etree._Element) -> dict[Key, Fact]:
    """Every element of a BPMN tree keyed by tag and id (or, lacking an id, by its place).

    An element with an ``id`` is keyed ``(tag, "#id")``; one without is keyed by its parent's
    key plus its tag and index among same-tag siblings, so the order of differently named
    children (which a writer may change to the schema's order) does not matter. Comments and
    processing instructions are not facts. Tags and attribute names are namespace URIs plus
    local names, so a change of prefix is not a loss; attributes at their BPMN XSD default
    value count as absent (``SPEC_DEFAULTS``).
    """
    facts: dict[Key, Fact] = {}

    def visit(el: etree._Element, parent: Key | None) -> None:
        counts: dict[str, int] = {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = str(child.tag)
            if child.get("id"):
                key: Key = (tag, "#" + str(child.get("id")))
                n = 1
                while key in facts:  # duplicate id: keep both, so neither vanishes unseen
                    n += 1
                    key = (tag, f"#{child.get('id')}", f"dup{n}")
            else:
                counts[tag] = counts.get(tag, 0) + 1
                key = (*(parent or ()), tag, str(counts[tag]))
            facts[key] = Fact(parent, _attributes(child), _text(child))
            visit(child, key)

    root_key: Key = (str(root.tag), "#" + str(root.get("id") or ""))
    facts[root_key] = Fact(None, _attributes(root), _text(root))
    visit(root, root_key)
    return facts


def _show(key: Key) -> str:
    return "/".join(etree.QName(part).localname if part.startswith("{") else part
                    for part in key)


def roundtrip_losses(original: etree._Element, written: etree._Element) -> list[str]:
    """What ``written`` lost, changed or added relative to ``original``."""
    before, after = xml_facts(original), xml_facts(written)
    problems: list[str] = []
    for key, fact in before.items():
        if key not in after:
            problems.append(f"lost element {_show(key)}")
            continue
        new = after[key]
        if new.parent != fact.parent:
            problems.append(f"moved element {_show(key)}: parent {_show(fact.parent or ())} -> "
                            f"{_show(new.parent or ())}")
        old_attrs, new_attrs = dict(fact.attributes), dict(new.attributes)
        for name, value in old_attrs.items():
            if name not in new_attrs:
                problems.append(f"lost attribute {_show(key)} @{_local(name)}={value!r}")
            elif new_attrs[name] != value:
                problems.append(f"changed attribute {_show(key)} @{_local(name)}: {value!r} -> "
                                f"{new_attrs[name]!r}")
        for name in new_attrs.keys() - old_attrs.keys():
            problems.append(f"added attribute {_show(key)} @{_local(name)}={new_attrs[name]!r}")
        if new.text != fact.text:
            problems.append(f"changed text {_show(key)}: {fact.text!r} -> {new.text!r}")
    for key in after.keys() - before.keys():
        problems.append(f"added element {_show(key)}")
    return problems


# ------------------------------------------------------------------------ diagram (BPMN DI)

@dataclass(frozen=True)
class Box:
    """Bounds of a shape."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, *, touching: bool = False) -> bool:
        """True when the interiors intersect; with ``touching``, also when the edges meet.

        bpmnlint's no-overlapping-elements counts shapes that touch as overlapping (so two
        boundary events drawn edge to edge are reported); lanes must touch to tile their pool.
        """
        dx = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        dy = min(self.y + self.h, other.y + other.h) - max(self.y, other.y)
        return dx >= 0 and dy >= 0 if touching else dx > 0 and dy > 0

    def inside(self, other: Box) -> bool:
        """True when this box lies within ``other`` (edges may touch)."""
        return (self.x >= other.x and self.y >= other.y
                and self.x + self.w <= other.x + other.w
                and self.y + self.h <= other.y + other.h)


FLOW_NODE_EXTRA = {"task", "subProcess", "callActivity", "transaction", "adHocSubProcess"}


def _is_flow_node(el: etree._Element) -> bool:
    if etree.QName(el).namespace != BPMN:
        return False
    local = _local(el.tag)
    return (local.endswith(("Event", "Task", "Gateway")) or local in FLOW_NODE_EXTRA)


@dataclass
class Structure:
    """Who contains whom, as the semantic model says."""

    participants: list[str]
    lanes: dict[str, str]               # lane -> participant
    lane_parent: dict[str, str]         # nested lane -> parent lane
    nodes: dict[str, str | None]        # flow node -> participant (None: process has no pool)
    node_lane: dict[str, str]           # flow node -> innermost lane
    laned: set[str]                     # participants whose process has lanes
    attached: dict[str, str]            # boundary event -> host
    sequence_flows: list[str]
    message_flows: list[str]
    horizontal: dict[str, bool]         # participant -> isHorizontal of its shape


def structure(root: etree._Element) -> Structure:
    """Participants, lanes, flow nodes and flows, and their containment."""
    pool_of_process = {}
    participants = []
    for p in root.iter(f"{{{BPMN}}}participant"):
        participants.append(str(p.get("id")))
        if p.get("processRef"):
            pool_of_process[p.get("processRef")] = str(p.get("id"))
    lanes: dict[str, str] = {}
    lane_parent: dict[str, str] = {}
    nodes: dict[str, str | None] = {}
    node_lane: dict[str, str] = {}
    laned: set[str] = set()
    attached: dict[str, str] = {}
    sequence_flows: list[str] = []
    for proc in root.iter(f"{{{BPMN}}}process"):
        pool = pool_of_process.get(proc.get("id"))
        depth: dict[str, int] = {}
        for lane in proc.iter(f"{{{BPMN}}}lane"):
            lane_id = str(lane.get("id"))
            lanes[lane_id] = pool or ""
            if pool:
                laned.add(pool)
            ancestor = lane.getparent()
            ancestor = ancestor.getparent() if ancestor is not None else None  # childLaneSet
            if ancestor is not None and _local(ancestor.tag) == "lane":
                lane_parent[lane_id] = str(ancestor.get("id"))
            level = len([a for a in lane.iterancestors(f"{{{BPMN}}}lane")])
            for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"):
                node = (ref.text or "").strip()
                if depth.get(node, -1) < level:
                    node_lane[node], depth[node] = lane_id, level
        for el in proc.iter():
            if not isinstance(el.tag, str):
                continue
            if _is_flow_node(el) and el.get("id"):
                nodes[str(el.get("id"))] = pool
                if _local(el.tag) == "boundaryEvent" and el.get("attachedToRef"):
                    attached[str(el.get("id"))] = str(el.get("attachedToRef"))
            elif _local(el.tag) == "sequenceFlow" and el.get("id"):
                sequence_flows.append(str(el.get("id")))
    message_flows = [str(m.get("id")) for m in root.iter(f"{{{BPMN}}}messageFlow")]
    horizontal = {}
    for s in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        horizontal[str(s.get("bpmnElement"))] = s.get("isHorizontal", "true") != "false"
    return Structure(participants, lanes, lane_parent, nodes, node_lane, laned, attached,
                     sequence_flows, message_flows, horizontal)


def _lane_chain(s: Structure, lane: str) -> Iterator[str]:
    seen = set()
    while lane and lane not in seen:
        seen.add(lane)
        yield lane
        lane = s.lane_parent.get(lane, "")


def _containers(s: Structure, element: str) -> set[str]:
    """The shapes ``element`` may lie on: its pool and lanes (for a boundary event, its host)."""
    out: set[str] = set()
    if element in s.lanes:
        out.add(s.lanes[element])
        out.update(list(_lane_chain(s, element))[1:])
    if element in s.nodes:
        if s.nodes[element]:
            out.add(str(s.nodes[element]))
        if element in s.node_lane:
            out.update(_lane_chain(s, s.node_lane[element]))
        if element in s.attached:
            out.add(s.attached[element])
    return out


def di_problems(root: etree._Element) -> list[str]:
    """Missing, dangling or duplicated DI; overlapping shapes; shapes outside their lane/pool."""
    s = structure(root)
    problems: list[str] = []
    shapes: dict[str, Box] = {}
    edges: dict[str, int] = {}
    ids = {str(el.get("id")) for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        ref = str(shape.get("bpmnElement"))
        bounds = shape.find(f"{{{DC}}}Bounds")
        if ref not in ids:
            problems.append(f"shape {shape.get('id')} draws unknown element {ref!r}")
        if ref in shapes:
            problems.append(f"{ref} has more than one shape")
        if bounds is None:
            problems.append(f"shape of {ref} has no dc:Bounds")
            continue
        try:
            shapes[ref] = Box(*(float(bounds.get(a, "nan")) for a in ("x", "y", "width",
                                                                     "height")))
        except ValueError:
            problems.append(f"shape of {ref} has non-numeric bounds")
    for edge in root.iter(f"{{{BPMNDI}}}BPMNEdge"):
        ref = str(edge.get("bpmnElement"))
        if ref not in ids:
            problems.append(f"edge {edge.get('id')} draws unknown element {ref!r}")
        if ref in edges:
            problems.append(f"{ref} has more than one edge")
        edges[ref] = len(edge.findall(f"{{{DI}}}waypoint"))
        if edges[ref] < 2:
            problems.append(f"edge of {ref} has {edges[ref]} waypoints (at least 2 needed)")

    for kind, elements in (("participant", s.participants), ("lane", list(s.lanes)),
                           ("flow node", list(s.nodes))):
        problems += [f"{kind} {e} has no BPMNShape" for e in elements if e not in shapes]
    for kind, elements in (("sequence flow", s.sequence_flows),
                           ("message flow", s.message_flows)):
        problems += [f"{kind} {e} has no BPMNEdge" for e in elements if e not in edges]
    for box_id, box in shapes.items():
        if not all(math.isfinite(v) for v in (box.x, box.y, box.w, box.h)) or box.w < 0 \
                or box.h < 0:
            problems.append(f"shape of {box_id} has invalid bounds {box}")

    drawn = sorted(shapes)
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            # flow nodes and pools may not even touch (as bpmnlint); lanes touch to tile
            touching = a not in s.lanes and b not in s.lanes
            if not shapes[a].overlaps(shapes[b], touching=touching):
                continue
            if b in _containers(s, a) or a in _containers(s, b):
                continue
            problems.append(f"shapes overlap: {a} and {b}")

    for element in drawn:
        box = shapes[element]
        if element in s.nodes:
            lane = s.node_lane.get(element)
            pool = s.nodes[element]
            if lane:
                if lane in shapes and not box.inside(shapes[lane]):
                    problems.append(f"flow node {element} is not inside its lane {lane}")
            elif pool in s.laned:
                problems.append(f"flow node {element} is in no lane of {pool}")
            if pool and pool in shapes and not box.inside(shapes[pool]):
                problems.append(f"flow node {element} is not inside its pool {pool}")
        elif element in s.lanes:
            outer = s.lane_parent.get(element) or s.lanes[element]
            if outer in shapes and not box.inside(shapes[outer]):
                problems.append(f"lane {element} is not inside {outer}")
    problems += _tiling_problems(s, shapes)
    return problems


def _tiling_problems(s: Structure, shapes: dict[str, Box]) -> list[str]:
    """Lanes of one pool (or one parent lane) fill it, end to end, with no gap."""
    problems: list[str] = []
    groups: dict[str, list[str]] = {}
    for lane, pool in s.lanes.items():
        groups.setdefault(s.lane_parent.get(lane) or pool, []).append(lane)
    for outer, lanes in groups.items():
        if outer not in shapes or not all(lane in shapes for lane in lanes):
            continue
        o = shapes[outer]
        pool = s.lanes[lanes[0]]
        horizontal = s.horizontal.get(pool, True)
        boxes = sorted((shapes[lane] for lane in lanes),
                       key=lambda b: (b.y, b.x) if horizontal else (b.x, b.y))
        if horizontal:
            start, end, across = o.y, o.y + o.h, [(b.y, b.y + b.h) for b in boxes]
            far = {b.x + b.w for b in boxes} | {o.x + o.w}
        else:
            start, end, across = o.x, o.x + o.w, [(b.x, b.x + b.w) for b in boxes]
            far = {b.y + b.h for b in boxes} | {o.y + o.h}
        edges = [start] + [e for pair in across for e in pair] + [end]
        gaps = [(edges[k], edges[k + 1]) for k in range(0, len(edges), 2)
                if abs(edges[k + 1] - edges[k]) > 0.5]
        if gaps:
            problems.append(f"lanes of {outer} do not tile it: gaps or overlaps at {gaps}")
        if max(far) - min(far) > 0.5:
            problems.append(f"lanes of {outer} do not reach its far edge")
    return problems


# --------------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def sample_root() -> etree._Element:
    return parse_xml(SAMPLE.read_bytes())


def test_there_is_something_to_check() -> None:
    assert SAMPLE.exists(), "run tests/data/make_external_tools_fixtures.py"
    assert FILES


def test_hardened_parser_does_not_expand_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    evil = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
            f'<d>&x;</d>')
    root = parse_xml(evil)
    assert "SECRET" not in etree.tostring(root).decode()


@file_params
def test_npm_bpmnlint_clean(path: Path, node_tools: None) -> None:
    assert bpmnlint_problems(path) == []


@file_params
def test_npm_bpmn_moddle_reads_without_warnings(path: Path, node_tools: None) -> None:
    assert moddle_parse_problems(path) == []


@file_params
def test_bpmn_io_check_clean(path: Path) -> None:
    assert bpmn_io_check_problems(path.read_text(encoding="utf-8")) == []


@file_params
def test_bpmn_io_lint_clean(path: Path) -> None:
    assert bpmn_io_lint_problems(path.read_text(encoding="utf-8")) == []


@file_params
def test_bpmn_io_roundtrip_keeps_everything(path: Path) -> None:
    written = bpmn_io_roundtrip(path.read_text(encoding="utf-8"))
    assert roundtrip_losses(parse_xml(path.read_bytes()), parse_xml(written)) == []


@file_params
def test_npm_bpmn_moddle_writes_what_bpmn_io_writes(path: Path, node_tools: None,
                                                    tmp_path: Path) -> None:
    npm_xml = moddle_roundtrip(path, tmp_path / "npm.bpmn")
    python_xml = bpmn_io_roundtrip(path.read_text(encoding="utf-8"))
    assert writer_differences(python_xml, npm_xml) == []
    assert roundtrip_losses(parse_xml(path.read_bytes()), parse_xml(npm_xml)) == []


@file_params
def test_diagram_complete_and_without_overlaps(path: Path) -> None:
    assert di_problems(parse_xml(path.read_bytes())) == []


# ----------------------------------------------------------- the checks can fail (negative)

def test_npm_bpmnlint_reports_errors(node_tools: None) -> None:
    problems = bpmnlint_problems(INVALID / "external_tools_lint.bpmn")
    text = "\n".join(problems)
    assert "label-required" in text and "no-disconnected" in text
    assert any("exit status 1" in p for p in problems)


def test_npm_bpmnlint_reports_warnings_despite_exit_0(node_tools: None) -> None:
    problems = bpmnlint_problems(INVALID / "external_tools_overlap.bpmn")
    assert any("no-overlapping-elements" in p for p in problems)
    assert not any("exit status" in p for p in problems)  # a warning leaves the status 0


def test_npm_bpmn_moddle_reports_import_warnings(node_tools: None) -> None:
    problems = moddle_parse_problems(INVALID / "external_tools_unresolved.bpmn")
    assert any("warning unresolved reference <o_end_typo>" in p for p in problems)


def test_bpmn_io_check_counts_warnings_as_failures() -> None:
    from bpmn_io import check

    xml = (INVALID / "external_tools_unresolved.bpmn").read_text(encoding="utf-8")
    assert check(xml).ok  # check() alone would pass it
    assert any("o_end_typo" in p for p in bpmn_io_check_problems(xml))


def test_bpmn_io_lint_reports_problems() -> None:
    xml = (INVALID / "external_tools_lint.bpmn").read_text(encoding="utf-8")
    text = "\n".join(bpmn_io_lint_problems(xml))
    assert "label-required" in text and "no-disconnected" in text
    unresolved = (INVALID / "external_tools_unresolved.bpmn").read_text(encoding="utf-8")
    assert any("import warning" in p for p in bpmn_io_lint_problems(unresolved))


def _find(root: etree._Element, tag: str, **attrs: str) -> etree._Element:
    for el in root.iter(tag):
        if all(el.get(k) == v for k, v in attrs.items()):
            return el
    raise AssertionError(f"no {tag} {attrs}")


def test_roundtrip_comparison_reports_losses(sample_root: etree._Element) -> None:
    assert roundtrip_losses(sample_root, copy.deepcopy(sample_root)) == []
    mutated = copy.deepcopy(sample_root)
    task = _find(mutated, f"{{{BPMN}}}userTask", id="c_grade")
    task.getparent().remove(task)  # an element with an id
    timer = _find(mutated, f"{{{BPMN}}}timeDuration", id="o_review_dur")
    timer.text = "PT42H"  # a timer duration
    cond = _find(mutated, f"{{{BPMN}}}conditionExpression")
    del cond.attrib[f"{{{XSI}}}type"]  # an attribute
    citation = next(mutated.iter(f"{{{MS}}}citation"))
    citation.getparent().remove(citation)  # an extension value without an id
    latency = next(mutated.iter(f"{{{MS}}}latency"))
    latency.set("value", "PT6M")
    omission = next(mutated.iter(f"{{{MS}}}omission"))
    omission.text = "something else"
    text = "\n".join(roundtrip_losses(sample_root, mutated))
    assert "lost element userTask/#c_grade" in text
    assert "changed text timeDuration/#o_review_dur: 'PT24H' -> 'PT42H'" in text
    assert "lost attribute conditionExpression" in text and "@type" in text
    assert re.search(r"lost element \S*citation", text)
    assert "@value: 'PT5M' -> 'PT6M'" in text
    assert re.search(r"changed text \S*omission", text)


def test_roundtrip_comparison_knows_spec_defaults(sample_root: etree._Element) -> None:
    mutated = copy.deepcopy(sample_root)
    boundary = _find(mutated, f"{{{BPMN}}}boundaryEvent", id="h_search_late")
    assert boundary.get("cancelActivity") == "false"
    del boundary.attrib["cancelActivity"]  # false is not the default: a loss
    assert roundtrip_losses(sample_root, mutated) == [
        "lost attribute boundaryEvent/#h_search_late @cancelActivity='false'"]
    interrupting = copy.deepcopy(sample_root)
    _find(interrupting, f"{{{BPMN}}}boundaryEvent", id="h_search_late").set("cancelActivity",
                                                                            "true")
    written = copy.deepcopy(interrupting)
    del _find(written, f"{{{BPMN}}}boundaryEvent", id="h_search_late").attrib["cancelActivity"]
    assert roundtrip_losses(interrupting, written) == []  # true is the default: no change


def test_roundtrip_comparison_ignores_prefixes_and_order(sample_root: etree._Element) -> None:
    text = etree.tostring(sample_root).decode()
    renamed = text.replace('xmlns:bpmn="', 'xmlns:b2="').replace("bpmn:", "b2:")
    assert roundtrip_losses(sample_root, parse_xml(renamed)) == []
    reordered = copy.deepcopy(sample_root)
    task = _find(reordered, f"{{{BPMN}}}sendTask", id="h_report")
    ext = task.find(f"{{{BPMN}}}extensionElements")
    task.remove(ext)
    task.append(ext)  # same children, other order of different tags
    assert roundtrip_losses(sample_root, reordered) == []


def test_writer_differential_reports_differences() -> None:
    python_xml = '<a name="child\'s"/>\n<b x="1"/>'
    assert writer_differences(python_xml, '<a name="child&#39;s"/>\n<b x="1"/>') == []
    differences = writer_differences(python_xml, '<a name="child&#39;s"/>\n<b x="2"/>')
    assert '-<b x="2"/>' in differences and '+<b x="1"/>' in differences


def test_di_reports_overlapping_shapes() -> None:
    problems = di_problems(parse_xml((INVALID / "external_tools_overlap.bpmn").read_bytes()))
    assert "shapes overlap: c_grade and c_report" in problems


def test_di_reports_missing_shapes_and_edges() -> None:
    problems = di_problems(parse_xml((INVALID / "external_tools_missing_di.bpmn").read_bytes()))
    assert "flow node c_grade has no BPMNShape" in problems
    assert "message flow mf_report has no BPMNEdge" in problems
    assert any(p.startswith("sequence flow ") and p.endswith("has no BPMNEdge") for p in problems)


def test_di_reports_node_outside_its_lane() -> None:
    root = parse_xml((INVALID / "external_tools_outside_lane.bpmn").read_bytes())
    assert "flow node o_review is not inside its lane l_officer" in di_problems(root)


def test_di_reports_lanes_not_tiling(sample_root: etree._Element) -> None:
    mutated = copy.deepcopy(sample_root)
    shape = _find(mutated, f"{{{BPMNDI}}}BPMNShape", bpmnElement="l_officer")
    bounds = shape.find(f"{{{DC}}}Bounds")
    bounds.set("y", str(float(bounds.get("y")) - 10))  # lanes overlap by 10
    problems = di_problems(mutated)
    assert "shapes overlap: l_control and l_officer" in problems
    assert any(p.startswith("lanes of p_police do not tile it") for p in problems)


def test_di_reports_touching_flow_nodes_but_not_touching_lanes(
        sample_root: etree._Element) -> None:
    mutated = copy.deepcopy(sample_root)
    start = _find(mutated, f"{{{BPMNDI}}}BPMNShape", bpmnElement="c_report").find(f"{{{DC}}}Bounds")
    task = _find(mutated, f"{{{BPMNDI}}}BPMNShape", bpmnElement="c_grade").find(f"{{{DC}}}Bounds")
    task.set("x", str(float(start.get("x")) + float(start.get("width"))))  # edge to edge
    assert "shapes overlap: c_grade and c_report" in di_problems(mutated)
    assert not any("l_control and l_officer" in p for p in di_problems(sample_root))


def test_di_allows_boundary_event_on_its_host(sample_root: etree._Element) -> None:
    s = structure(sample_root)
    assert s.attached == {"h_search_late": "h_search"}
    assert di_problems(sample_root) == []
    mutated = copy.deepcopy(sample_root)
    # the same boundary event moved onto a task it is not attached to: now an overlap
    host = _find(mutated, f"{{{BPMNDI}}}BPMNShape", bpmnElement="h_report").find(f"{{{DC}}}Bounds")
    event = _find(mutated, f"{{{BPMNDI}}}BPMNShape",
                  bpmnElement="h_search_late").find(f"{{{DC}}}Bounds")
    event.set("x", host.get("x"))
    event.set("y", host.get("y"))
    assert "shapes overlap: h_report and h_search_late" in di_problems(mutated)
