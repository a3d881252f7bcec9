"""The diagrams of the shipped protocol models are legible: measured on their BPMN DI.

For every ``models/protocols/*.bpmn`` (the measures are written here, independently of
``models/data/layout.py``):

* no edge passes through the interior of a flow node that is not one of its two ends;
* no message flow crosses a pool that holds neither of its ends (they run in the gutters between
  pools, and round the outside when their pools are not neighbours);
* no two edges run over each other along one line (a shared track) for more than 1 px;
* no label overlaps a flow node or another label. A label is where its ``bpmndi:BPMNLabel``
  bounds put it, or where bpmn-js puts it without them (90 x 20 px, centred below the shape or on
  the middle of the flow), and at least as tall as its text wrapped at 90 px;
* no edge runs through a label (not asked by issue 13, but it keeps flow labels readable);
* every task name fits its box as bpmn-js draws it (12px Arial, line height 1.2, padding 7 px),
  with the width of a character taken as 7 px (wider than Arial's average);
* only the ``bpmndi:BPMNDiagram`` may differ from what ``models.data.layout`` keeps: re-laying a
  file changes nothing else, and re-laying a laid-out file changes nothing at all.

In the browser: ``tools/screenshot_bpmn.mjs`` opens every file in bpmn-js (the viewer bundle of
the npm devDependency) in Debian's headless Chromium; the import has no warning, the page no
console error, no rendered task name leaves its box, no rendered label overlaps a shape or another
label, and a non-blank PNG is saved at fit-to-width. Skipped without node, Chromium or
``node_modules/bpmn-js`` (run ``npm ci``), failed instead when ``CI`` is set.

Each measure returns the offending items, so a failure names them. ``test_*_counts_*`` tests feed
each measure a mutated diagram and check that it notices.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from models.data.layout import relayout_text

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = sorted((ROOT / "models" / "protocols").glob("*.bpmn"))

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

TASK_CHAR_W, TASK_LINE_H, TASK_PAD = 7.0, 14.4, 7.0   # 12px Arial in bpmn-js
LABEL_CHAR_W, LABEL_LINE_H, LABEL_W = 6.5, 13.2, 90.0  # 11px external labels, wrapped at 90

files = pytest.mark.parametrize("path", PROTOCOLS, ids=[p.name for p in PROTOCOLS])

Box = tuple[float, float, float, float]
Point = tuple[float, float]


@dataclass
class Diagram:
    """What a BPMN viewer draws: flow nodes, tasks, edges (with their ends), labels."""

    nodes: dict[str, Box]
    tasks: dict[str, tuple[str, Box]]
    edges: dict[str, tuple[list[Point], set[str]]]
    labels: dict[str, Box]
    pools: dict[str, Box]
    pool_of: dict[str, str]   # flow node or participant -> participant
    messages: set[str]


def _wrap(text: str, width: float, char_w: float) -> int:
    """Number of lines of ``text`` wrapped word by word into ``width`` pixels."""
    per_line = max(1, math.floor(width / char_w))
    lines, used = 0, -1
    for word in text.split():
        if len(word) > per_line:
            lines += (1 if used >= 0 else 0) + math.ceil(len(word) / per_line) - 1
            used = len(word) % per_line or per_line
            continue
        if used >= 0 and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
        else:
            lines += 1 if used >= 0 else 0
            used = len(word)
    return lines + (1 if used >= 0 else 0)


def _bounds(el: etree._Element | None) -> Box | None:
    if el is None:
        return None
    return tuple(float(el.get(a, "nan")) for a in ("x", "y", "width", "height"))  # type: ignore[return-value]


def read(root: etree._Element) -> Diagram:
    """The diagram of ``root`` as a viewer draws it."""
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    ends: dict[str, set[str]] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.get("id"):
            continue
        q = etree.QName(el)
        if q.namespace != BPMN:
            continue
        names[str(el.get("id"))] = el.get("name") or ""
        kinds[str(el.get("id"))] = q.localname
        if q.localname in ("sequenceFlow", "messageFlow"):
            ends[str(el.get("id"))] = {str(el.get("sourceRef")), str(el.get("targetRef"))}
    nodes: dict[str, Box] = {}
    tasks: dict[str, tuple[str, Box]] = {}
    edges: dict[str, tuple[list[Point], set[str]]] = {}
    labels: dict[str, Box] = {}
    pools: dict[str, Box] = {}
    pool_of: dict[str, str] = {}
    processes = {p.get("id"): p for p in root.iter(f"{{{BPMN}}}process")}
    for part in root.iter(f"{{{BPMN}}}participant"):
        pool_of[str(part.get("id"))] = str(part.get("id"))
        proc = processes.get(part.get("processRef"))
        for el in proc.iter() if proc is not None else ():
            if isinstance(el.tag, str) and el.get("id"):
                pool_of[str(el.get("id"))] = str(part.get("id"))
    messages = {str(m.get("id")) for m in root.iter(f"{{{BPMN}}}messageFlow")}
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        ref = str(shape.get("bpmnElement"))
        kind = kinds.get(ref, "")
        box = _bounds(shape.find(f"{{{DC}}}Bounds"))
        if box is not None and kind == "participant":
            pools[ref] = box
        if box is None or (not kind.endswith(("Event", "Task", "Gateway")) and kind != "task"):
            continue
        nodes[ref] = box
        if kind.endswith("Task") or kind == "task":
            tasks[ref] = (names.get(ref, ""), box)
        elif names.get(ref):
            labels[ref] = _label_box(shape, names[ref], (box[0] + box[2] / 2,
                                                          box[1] + box[3] + 10))
    for edge in root.iter(f"{{{BPMNDI}}}BPMNEdge"):
        ref = str(edge.get("bpmnElement"))
        pts = [(float(w.get("x", "nan")), float(w.get("y", "nan")))
               for w in edge.findall(f"{{{DI}}}waypoint")]
        edges[ref] = (pts, ends.get(ref, set()))
        if names.get(ref) and len(pts) >= 2:
            labels[ref] = _label_box(edge, names[ref], _flow_label_mid(pts))
    return Diagram(nodes, tasks, edges, labels, pools, pool_of, messages)


def _flow_label_mid(pts: list[Point]) -> Point:
    """bpmn-js's default flow label position: the middle of the middle segment."""
    mid = len(pts) / 2 - 1
    first, second = pts[math.floor(mid)], pts[math.ceil(mid + 0.01)]
    return ((first[0] + second[0]) / 2, (first[1] + second[1]) / 2)


def _label_box(el: etree._Element, text: str, default_mid: Point) -> Box:
    """Label bounds from the DI, or bpmn-js's default; at least as tall as the wrapped text."""
    height = _wrap(text, LABEL_W, LABEL_CHAR_W) * LABEL_LINE_H
    given = _bounds(el.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds"))
    if given is not None:
        x, y, w, h = given
        return (x, y, w, max(h, height))
    return (default_mid[0] - 45, default_mid[1] - 10, 90, max(20, height))


# --------------------------------------------------------------------------------- measures

def _segments(pts: list[Point]) -> Iterator[tuple[Point, Point]]:
    return itertools.pairwise(pts)


def _enters(a: Point, b: Point, box: Box) -> bool:
    """True when segment a-b meets the interior of ``box`` (1 px inside its border)."""
    x0, y0, w, h = box[0] + 1, box[1] + 1, box[2] - 2, box[3] - 2
    # Liang-Barsky clipping of the segment against the shrunken box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x0 + w - a[0]), (-dy, a[1] - y0), (dy, y0 + h - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


def edges_through_nodes(d: Diagram) -> list[tuple[str, str]]:
    """(edge, node) for every flow node an edge passes through that is not one of its ends."""
    out = []
    for fid, (pts, ends) in d.edges.items():
        for node, box in d.nodes.items():
            if node in ends:
                continue
            if any(_enters(a, b, box) for a, b in _segments(pts)):
                out.append((fid, node))
    return out


def message_flows_through_pools(d: Diagram) -> list[tuple[str, str]]:
    """(message flow, pool) for every pool a message flow crosses that holds neither end."""
    out = []
    for fid in sorted(d.messages):
        pts, ends = d.edges.get(fid, ([], set()))
        own = {d.pool_of.get(e) for e in ends}
        for pool, box in d.pools.items():
            if pool not in own and any(_enters(a, b, box) for a, b in _segments(pts)):
                out.append((fid, pool))
    return out


def shared_tracks(d: Diagram) -> list[tuple[str, str]]:
    """Pairs of edges with collinear segments overlapping for more than 1 px."""
    runs: list[tuple[str, float, float, float, str]] = []
    for fid, (pts, _ends) in d.edges.items():
        for a, b in _segments(pts):
            if a[0] == b[0] and a[1] != b[1]:
                runs.append(("v", a[0], min(a[1], b[1]), max(a[1], b[1]), fid))
            elif a[1] == b[1] and a[0] != b[0]:
                runs.append(("h", a[1], min(a[0], b[0]), max(a[0], b[0]), fid))
    out = set()
    for r1, r2 in itertools.combinations(runs, 2):
        if r1[:2] == r2[:2] and r1[4] != r2[4] and min(r1[3], r2[3]) - max(r1[2], r2[2]) > 1:
            out.add(tuple(sorted((r1[4], r2[4]))))
    return sorted(out)  # type: ignore[arg-type]


def _overlap(a: Box, b: Box) -> bool:
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 0
            and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 0)


def label_overlaps(d: Diagram) -> list[tuple[str, str]]:
    """(label, shape) and (label, label) pairs that overlap."""
    out = [(ref, node) for ref, lb in d.labels.items() for node, box in d.nodes.items()
           if _overlap(lb, box)]
    out += [(a, b) for (a, la), (b, lb) in itertools.combinations(d.labels.items(), 2)
            if _overlap(la, lb)]
    return out


def labels_on_edges(d: Diagram) -> list[tuple[str, str]]:
    """(label, edge) pairs where an edge's line runs through a label's text."""
    out = []
    for ref, (x, y, w, h) in d.labels.items():
        grown = (x - 1, y - 1, w + 2, h + 2)
        for fid, (pts, _ends) in d.edges.items():
            if any(_enters(a, b, grown) for a, b in _segments(pts)):
                out.append((ref, fid))
    return out


def task_names_overflowing(d: Diagram) -> list[str]:
    """Tasks whose name, wrapped as bpmn-js wraps it, does not fit inside the box."""
    out = []
    for ref, (name, (_x, _y, w, h)) in d.tasks.items():
        lines = _wrap(name, w - 2 * TASK_PAD, TASK_CHAR_W)
        longest_word = max((len(word) for word in name.split()), default=0)
        if (lines * TASK_LINE_H > h - 2 * TASK_PAD
                or longest_word * TASK_CHAR_W > w - 2 * TASK_PAD):
            out.append(ref)
    return out


def measures(d: Diagram) -> dict[str, int]:
    """Counts of every problem, for reports (before/after a re-layout)."""
    return {"edges through nodes": len(edges_through_nodes(d)),
            "message flows through other pools": len(message_flows_through_pools(d)),
            "shared tracks": len(shared_tracks(d)),
            "label overlaps": len(label_overlaps(d)),
            "labels crossed by edges": len(labels_on_edges(d)),
            "task names overflowing": len(task_names_overflowing(d))}


def _diagram(path: Path) -> Diagram:
    return read(etree.fromstring(path.read_bytes()))


# --------------------------------------------------------------------------------- tests

def test_there_are_models() -> None:
    assert len(PROTOCOLS) >= 5


@files
def test_no_edge_passes_through_a_node(path: Path) -> None:
    assert edges_through_nodes(_diagram(path)) == []


@files
def test_message_flows_cross_only_their_own_pools(path: Path) -> None:
    assert message_flows_through_pools(_diagram(path)) == []


@files
def test_no_two_edges_share_a_track(path: Path) -> None:
    assert shared_tracks(_diagram(path)) == []


@files
def test_no_label_overlaps_a_shape_or_a_label(path: Path) -> None:
    assert label_overlaps(_diagram(path)) == []


@files
def test_no_edge_crosses_a_label(path: Path) -> None:
    assert labels_on_edges(_diagram(path)) == []


@files
def test_every_task_name_fits_its_box(path: Path) -> None:
    assert task_names_overflowing(_diagram(path)) == []


@files
def test_relayout_is_stable_and_keeps_the_semantics(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert relayout_text(text) == text, "run: python -m models.data.layout models/protocols/*.bpmn"


def test_relayout_rewrites_only_the_diagram() -> None:
    text = PROTOCOLS[0].read_text(encoding="utf-8")
    start, end = text.index("<bpmndi:BPMNDiagram"), text.index("</bpmndi:BPMNDiagram>")
    scrambled = text[:start] + text[start:end].replace('x="', 'x="1') + text[end:]
    new = relayout_text(scrambled)
    assert new == text
    assert new[:start] == scrambled[:start]


# --------------------------------------------------------------------------- in bpmn-js

SCREENSHOT = ROOT / "tools" / "screenshot_bpmn.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _browser_missing() -> str | None:
    if shutil.which("node") is None:
        return "node not on PATH"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} missing (apt-get install chromium)"
    if not (ROOT / "node_modules" / "bpmn-js" / "dist").exists():
        return "node_modules/bpmn-js missing: run `npm ci` at the repository top"
    return None


@pytest.fixture(scope="module")
def browser() -> None:
    """Skip (locally) or fail (when CI is set) without node, Chromium or bpmn-js."""
    reason = _browser_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bpmn-js in Chromium required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_results(browser: None, tmp_path_factory: pytest.TempPathFactory
                    ) -> dict[str, dict[str, object]]:
    """What bpmn-js in headless Chromium reports for every shipped model (one run)."""
    out = tmp_path_factory.mktemp("shots")
    done = subprocess.run(["node", str(SCREENSHOT), "--out", str(out), *map(str, PROTOCOLS)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    results = {}
    for line in done.stdout.splitlines():
        result = json.loads(line)
        results[Path(result["file"]).name] = result
    assert set(results) == {p.name for p in PROTOCOLS}, done.stderr[-2000:]
    return results


@files
def test_bpmn_js_imports_and_draws_cleanly(path: Path,
                                           browser_results: dict[str, dict[str, object]]) -> None:
    result = browser_results[path.name]
    assert result["warnings"] == []
    assert result["errors"] == []
    assert result["tasksOverflowing"] == []
    assert result["labelOverlaps"] == []
    png = Path(str(result["png"])).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 20_000  # a blank page of this size compresses to a few kB


def test_bpmn_js_check_notices_an_overflowing_name_and_an_overlapping_label(
        tmp_path: Path, browser: None) -> None:
    root = _mutated(PROTOCOLS[0])
    task, bounds = _shape(root, "userTask")
    bounds.set("width", "40")
    label = next(iter(root.iter(f"{{{BPMNDI}}}BPMNLabel"))).find(f"{{{DC}}}Bounds")
    label.set("x", str(float(bounds.get("x"))))
    label.set("y", str(float(bounds.get("y")) + 10))
    bad = tmp_path / "bad.bpmn"
    bad.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    done = subprocess.run(["node", str(SCREENSHOT), "--out", str(tmp_path), str(bad)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    result = json.loads(done.stdout)
    assert done.returncode == 1
    assert task in result["tasksOverflowing"]
    assert result["labelOverlaps"]


# ------------------------------------------------------ the measures notice (negative tests)

def _mutated(path: Path) -> etree._Element:
    return copy.deepcopy(etree.fromstring(path.read_bytes()))


def _shape(root: etree._Element, kind: str) -> tuple[str, etree._Element]:
    ids = {str(el.get("id")) for el in root.iter(f"{{{BPMN}}}{kind}")}
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        if shape.get("bpmnElement") in ids:
            return str(shape.get("bpmnElement")), shape.find(f"{{{DC}}}Bounds")
    raise AssertionError(f"no {kind} drawn")


def test_through_counts_a_node_moved_onto_an_edge() -> None:
    root = _mutated(PROTOCOLS[0])
    task, bounds = _shape(root, "userTask")
    edge = next(e for e in root.iter(f"{{{BPMNDI}}}BPMNEdge")
                if task not in (e.get("bpmnElement") or ""))
    w = edge.findall(f"{{{DI}}}waypoint")
    mx = (float(w[0].get("x")) + float(w[1].get("x"))) / 2
    my = (float(w[0].get("y")) + float(w[1].get("y"))) / 2
    bounds.set("x", str(mx - 50))
    bounds.set("y", str(my - 40))
    assert any(node == task for _e, node in edges_through_nodes(read(root)))


def test_shared_tracks_counts_two_edges_on_one_line() -> None:
    root = _mutated(PROTOCOLS[0])
    e1, e2 = list(root.iter(f"{{{BPMNDI}}}BPMNEdge"))[:2]
    for w in e2.findall(f"{{{DI}}}waypoint"):
        e2.remove(w)
    for w in e1.findall(f"{{{DI}}}waypoint"):
        e2.append(copy.deepcopy(w))
    pair = tuple(sorted((str(e1.get("bpmnElement")), str(e2.get("bpmnElement")))))
    assert pair in shared_tracks(read(root))


def test_label_overlaps_counts_a_label_on_a_task() -> None:
    root = _mutated(PROTOCOLS[0])
    _task, bounds = _shape(root, "userTask")
    label = next(iter(root.iter(f"{{{BPMNDI}}}BPMNLabel"))).find(f"{{{DC}}}Bounds")
    label.set("x", bounds.get("x"))
    label.set("y", bounds.get("y"))
    assert label_overlaps(read(root))


def test_label_overlaps_uses_bpmn_js_defaults_without_label_bounds() -> None:
    root = _mutated(PROTOCOLS[0])
    for label in list(root.iter(f"{{{BPMNDI}}}BPMNLabel")):
        label.getparent().remove(label)
    assert label_overlaps(read(root))


def test_labels_on_edges_counts_a_label_moved_onto_an_edge() -> None:
    root = _mutated(PROTOCOLS[0])
    edge = next(iter(root.iter(f"{{{BPMNDI}}}BPMNEdge")))
    w = edge.findall(f"{{{DI}}}waypoint")
    label = next(iter(root.iter(f"{{{BPMNDI}}}BPMNLabel"))).find(f"{{{DC}}}Bounds")
    label.set("x", str((float(w[0].get("x")) + float(w[1].get("x"))) / 2 - 10))
    label.set("y", str((float(w[0].get("y")) + float(w[1].get("y"))) / 2 - 5))
    assert any(fid == edge.get("bpmnElement") for _ref, fid in labels_on_edges(read(root)))


def test_task_names_counts_a_box_too_small() -> None:
    root = _mutated(PROTOCOLS[0])
    task, bounds = _shape(root, "userTask")
    bounds.set("width", "40")
    assert task in task_names_overflowing(read(root))


def test_wrap_counts_lines() -> None:
    assert _wrap("Record the return interview", 126, 7.0) == 2
    assert _wrap("", 100, 7.0) == 0
    assert _wrap("abcdefghij", 35, 7.0) == 2


def test_tool_refuses_bad_input_and_writes_nothing(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from models.data.layout import main

    good = tmp_path / "good.bpmn"
    text = PROTOCOLS[0].read_text(encoding="utf-8")
    start, end = text.index("<bpmndi:BPMNDiagram"), text.index("</bpmndi:BPMNDiagram>")
    good.write_text(text[:start] + text[start:end].replace('x="', 'x="1') + text[end:],
                    encoding="utf-8")
    before = good.read_bytes()
    bad = tmp_path / "bad.bpmn"
    bad.write_text("<not-bpmn/>", encoding="utf-8")
    assert main([str(good), str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{bad}: ") and "bpmn:definitions" in err[0]
    assert good.read_bytes() == before  # nothing written, not even the good file
    assert main([str(good)]) == 0
    assert good.read_text(encoding="utf-8") == text
