"""Lay out a BPMN collaboration so a policy lead can read it in any BPMN viewer.

Pools are stacked top to bottom in the order in which message flows cross the fewest pools;
lanes inside them; flow nodes on a grid of columns (longest path from a start, loops ignored) and
rows. Every edge runs orthogonally in the free space between the grid cells: sequence flows leave
a node on its right side and enter on its left, through the vertical channel beside a column and,
when they skip a column or go back, through the horizontal gap between two rows. Message flows
leave and enter a node at its top or bottom and cross between pools in the gutters; between pools
that are not neighbours they run round the outside, in a corridor beside all pools. Every segment
that runs along a channel gets its own track, so no edge passes through a node that is not one of
its ends and no two edges share a track. Tasks are widened (then made taller) until their names
fit; labels of events, gateways and flows are placed near what they name, where they overlap no
shape and no other label and, if there is room, no edge.

The file tool re-lays existing files in place and rewrites only their ``bpmndi:BPMNDiagram``
element; every other byte of the file is kept::

    python -m models.data.layout models/protocols/*.bpmn

Examples
--------
>>> text_lines("Record the return interview", 126, 7.0)
['Record the return', 'interview']
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from models.data.bpmn_xml import hardened_parser
from models.data.files import atomic_write_text

__all__ = [
    "CHAR_WIDTH_LABEL",
    "CHAR_WIDTH_TASK",
    "DiagramShape",
    "LayoutError",
    "diagram_text",
    "main",
    "read_diagram",
    "relayout_file",
    "relayout_text",
    "task_size",
    "text_lines",
]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

# bpmn-js draws task names in 12px Arial (line height 1.2) inside a padding of 7 px, and external
# labels in 11px Arial wrapped at 90 px. A fixed width per character, wider than Arial's average,
# keeps the estimate on the safe side.
CHAR_WIDTH_TASK = 7.0
CHAR_WIDTH_LABEL = 6.5
TASK_LINE_HEIGHT = 14.4
TASK_PADDING = 7
LABEL_WIDTH = 90
LABEL_LINE_HEIGHT = 14
TASK_MIN_W, TASK_MAX_W, TASK_H, TASK_MAX_LINES = 100, 140, 80, 3
TASK_ICON_ROOM = 28  # above and below the centred text: bpmn-js draws the task-type icon top left
EVENT, GATEWAY = 36, 50
POOL_HEAD = LANE_HEAD = 30
BLACK_BOX_H = 60
TRACK = 8           # distance between two parallel tracks
CHANNEL_MARGIN = 14  # from a column (or row) to the first track of a channel
COLUMN_MIN_W = 60    # a column of events and gateways only
BOUNDARY_STEP = 40  # distance between boundary events on one host
LABEL_ZONE_EVENT = 36     # room under a row for the labels of its events and gateways
LABEL_ZONE_BOUNDARY = 56  # room under a row whose tasks carry boundary events
GUTTER_LABEL_ZONE = 34    # room in a gutter for message labels
NEAR, FAR = 48, 400       # how far from what it names a label is looked for, first and at most


class LayoutError(ValueError):
    """The file cannot be laid out (not BPMN, or elements outside the supported subset)."""


# --------------------------------------------------------------------------- text measures

def text_lines(text: str, width: float, char_width: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines at most ``width`` wide (fixed char width)."""
    per_line = max(1, int(width // char_width))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:  # a word longer than the line is broken
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def task_size(name: str) -> tuple[int, int]:
    """Width and height of a task box in which ``name`` fits: no word broken, three lines if
    a box at most 140 px wide allows (else more), and the text clear of the type icon."""
    longest = max((len(word) for word in name.split()), default=0)
    width = max(TASK_MIN_W, 20 * math.ceil((longest * CHAR_WIDTH_TASK + 2 * TASK_PADDING) / 20))
    while True:
        lines = text_lines(name, width - 2 * TASK_PADDING, CHAR_WIDTH_TASK)
        if len(lines) <= TASK_MAX_LINES or width >= TASK_MAX_W:
            break
        width += 20
    height = max(TASK_H, math.ceil(len(lines) * TASK_LINE_HEIGHT + 2 * TASK_ICON_ROOM))
    return width, height


def label_size(name: str) -> tuple[int, int]:
    """Width and height of an external label (bpmn-js wraps them at 90 px)."""
    lines = text_lines(name, LABEL_WIDTH, CHAR_WIDTH_LABEL)
    longest = max((len(line) for line in lines), default=0)
    return (min(LABEL_WIDTH, math.ceil(longest * CHAR_WIDTH_LABEL) + 4),
            len(lines) * LABEL_LINE_HEIGHT + 2)


# --------------------------------------------------------------------------- the model read

@dataclass
class Node:
    """A flow node, its place on the grid and, once laid out, its bounds."""

    id: str
    kind: str
    name: str
    pool: int
    lane: int
    attached_to: str | None = None
    w: int = 0
    h: int = 0
    col: int = 0
    row: int = 0
    x: float = 0.0
    y: float = 0.0


@dataclass
class Flow:
    """A sequence or message flow."""

    id: str
    source: str
    target: str
    name: str
    message: bool


@dataclass
class Lane:
    """A lane (or the whole pool, for a process without lanes)."""

    id: str | None
    name: str
    rows: int = 1
    top: float = 0.0
    height: float = 0.0
    gap_tops: list[float] = field(default_factory=list)
    row_tops: list[float] = field(default_factory=list)
    row_heights: list[float] = field(default_factory=list)


@dataclass
class Pool:
    """A participant: a process pool with lanes, or a black box."""

    id: str
    name: str
    black_box: bool
    lanes: list[Lane] = field(default_factory=list)
    top: float = 0.0
    height: float = 0.0


@dataclass
class Collaboration:
    """Everything the layout needs from the semantic part of a file."""

    pools: list[Pool]
    nodes: dict[str, Node]
    flows: list[Flow]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _is_flow_node(local: str) -> bool:
    return local.endswith(("Event", "Task", "Gateway")) or local == "task"


def read_collaboration(root: etree._Element) -> Collaboration:
    """Pools (black boxes first), lanes, flow nodes and flows of the first collaboration."""
    collab = root.find(f"{{{BPMN}}}collaboration")
    if collab is None:
        raise LayoutError("no bpmn:collaboration element (expected pools to lay out)")
    processes = {p.get("id"): p for p in root.findall(f"{{{BPMN}}}process")}
    parts = collab.findall(f"{{{BPMN}}}participant")
    ordered = _pool_order(root, collab, processes,
                          [p for p in parts if not p.get("processRef")]
                          + [p for p in parts if p.get("processRef")])
    pools: list[Pool] = []
    nodes: dict[str, Node] = {}
    flows: list[Flow] = []
    for index, part in enumerate(ordered):
        ref = part.get("processRef")
        pool = Pool(str(part.get("id")), part.get("name") or "", ref is None)
        pools.append(pool)
        if ref is None:
            continue
        proc = processes.get(ref)
        if proc is None:
            raise LayoutError(f"participant {pool.id}: processRef {ref!r} names no process")
        lane_of: dict[str, int] = {}
        lane_els = [ln for ln in proc.iter(f"{{{BPMN}}}lane")
                    if ln.find(f"{{{BPMN}}}childLaneSet") is None]
        for li, lane_el in enumerate(lane_els):
            pool.lanes.append(Lane(lane_el.get("id"), lane_el.get("name") or ""))
            for fnr in lane_el.findall(f"{{{BPMN}}}flowNodeRef"):
                lane_of[(fnr.text or "").strip()] = li
        if not pool.lanes:
            pool.lanes.append(Lane(None, ""))
        for el in proc:
            if not isinstance(el.tag, str) or etree.QName(el).namespace != BPMN:
                continue
            local = _local(el)
            if local == "sequenceFlow":
                flows.append(Flow(str(el.get("id")), str(el.get("sourceRef")),
                                  str(el.get("targetRef")), el.get("name") or "", False))
            elif _is_flow_node(local):
                node_id = str(el.get("id"))
                if lane_els and node_id not in lane_of:
                    raise LayoutError(f"flow node {node_id} is in no lane of {pool.id}")
                nodes[node_id] = Node(node_id, local, el.get("name") or "", index,
                                      lane_of.get(node_id, 0), el.get("attachedToRef"))
            elif local in ("subProcess", "adHocSubProcess", "transaction", "callActivity"):
                raise LayoutError(f"{local} {el.get('id')}: sub-processes are not supported")
    pool_ids = {p.id for p in pools}
    for mf in collab.findall(f"{{{BPMN}}}messageFlow"):
        flows.append(Flow(str(mf.get("id")), str(mf.get("sourceRef")), str(mf.get("targetRef")),
                          mf.get("name") or "", True))
    for f in flows:
        for end in (f.source, f.target):
            if end not in nodes and not (f.message and end in pool_ids):
                raise LayoutError(f"flow {f.id}: end {end!r} is no flow node"
                                  + (" or participant" if f.message else ""))
    for n in nodes.values():
        if n.kind == "boundaryEvent" and n.attached_to not in nodes:
            raise LayoutError(f"boundary event {n.id}: attachedToRef {n.attached_to!r} "
                              "names no activity")
    return Collaboration(pools, nodes, flows)


def _pool_order(root: etree._Element, collab: etree._Element,
                processes: dict[str | None, etree._Element],
                parts: list[etree._Element]) -> list[etree._Element]:
    """The order of pools, top to bottom, in which message flows cross the fewest pools.

    Ties keep the given order (black boxes first, then the document's order).
    """
    del root
    owner: dict[str, int] = {}
    for i, part in enumerate(parts):
        owner[str(part.get("id"))] = i
        proc = processes.get(part.get("processRef"))
        if proc is not None:
            for el in proc.iter():
                if isinstance(el.tag, str) and el.get("id"):
                    owner[str(el.get("id"))] = i
    pairs = [(owner.get(str(mf.get("sourceRef")), -1), owner.get(str(mf.get("targetRef")), -1))
             for mf in collab.findall(f"{{{BPMN}}}messageFlow")]
    pairs = [(a, b) for a, b in pairs if a >= 0 and b >= 0]
    if len(parts) > 7:
        return parts
    best: tuple[int, int] | None = None
    best_order = list(range(len(parts)))
    for perm in itertools.permutations(range(len(parts))):
        place = {p: k for k, p in enumerate(perm)}
        crossed = sum(abs(place[a] - place[b]) - 1 for a, b in pairs)
        spread = sum(abs(place[a] - place[b]) for a, b in pairs)
        if best is None or (crossed, spread) < best:
            best, best_order = (crossed, spread), list(perm)
    return [parts[i] for i in best_order]


# --------------------------------------------------------------------------- grid

def _columns(c: Collaboration) -> None:
    """Column of each node: longest path from a source, loops ignored; boundary = host."""
    succ: dict[str, list[tuple[str, int]]] = {n: [] for n in c.nodes}
    for f in c.flows:
        if not f.message:
            succ[f.source].append((f.target, 1))
    for n in c.nodes.values():
        if n.attached_to:
            succ[n.attached_to].append((n.id, 0))
    state: dict[str, int] = {}
    order: list[str] = []
    back: set[tuple[str, str]] = set()
    has_in = {f.target for f in c.flows if not f.message}
    roots = [n.id for n in c.nodes.values()
             if n.kind == "startEvent" or (n.id not in has_in and not n.attached_to)]
    for start in roots + list(c.nodes):
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(succ[start]))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(nxt[0]) == 1:
                back.add((node, nxt[0]))
            elif nxt[0] not in state:
                state[nxt[0]] = 1
                stack.append((nxt[0], iter(succ[nxt[0]])))
    col = dict.fromkeys(c.nodes, 0)
    for node_id in reversed(order):
        for m, weight in succ[node_id]:
            if (node_id, m) not in back:
                col[m] = max(col[m], col[node_id] + weight)
    for n in c.nodes.values():
        n.col = col[n.id]
    # rows: in topological order, a node takes the row of a predecessor in its lane if free
    pred: dict[str, list[str]] = {n: [] for n in c.nodes}
    for f in c.flows:
        if not f.message and (f.source, f.target) not in back:
            pred[f.target].append(f.source)
    taken: set[tuple[int, int, int, int]] = set()
    for n_id in reversed(order):
        n = c.nodes[n_id]
        if n.attached_to:
            continue
        wanted = []
        for p in pred[n_id]:
            src = c.nodes[p]
            host = c.nodes[src.attached_to] if src.attached_to else src
            if host.pool == n.pool and host.lane == n.lane:
                wanted.append(host.row)
        row = next((r for r in wanted if (n.pool, n.lane, n.col, r) not in taken), None)
        if row is None:
            row = 0
            while (n.pool, n.lane, n.col, row) in taken:
                row += 1
        n.row = row
        taken.add((n.pool, n.lane, n.col, row))
    for n in c.nodes.values():
        if n.attached_to:
            host = c.nodes[n.attached_to]
            n.col, n.row = host.col, host.row
    for pool in c.pools:
        for li, lane in enumerate(pool.lanes):
            rows = [n.row for n in c.nodes.values()
                    if n.pool == c.pools.index(pool) and n.lane == li]
            lane.rows = max(rows, default=0) + 1


# --------------------------------------------------------------------------- routing

# A coordinate of a route point: a fixed value (known once the grid is placed) or a track of a
# channel, resolved after the tracks are allocated. Channels: ("v", column gap), ("h", pool,
# lane, gap index), ("g", gutter index).
Channel = tuple[object, ...]


@dataclass
class Coord:
    """One coordinate of a route point."""

    logical: float                       # position in the grid order, to compare spans
    value: Callable[[], float] | None = None  # the pixel position once the grid is placed
    channel: Channel | None = None       # or: a track of this channel


@dataclass
class Route:
    """The points of one edge, as coordinates to resolve."""

    flow: Flow
    points: list[tuple[Coord, Coord]]
    kind: str = "general"


class Planner:
    """Turns the grid into routes, allocates tracks, and places everything in pixels."""

    def __init__(self, c: Collaboration) -> None:
        self.c = c
        self.pool_index = {p.id: i for i, p in enumerate(c.pools)}
        self.ncols = max((n.col for n in c.nodes.values()), default=0) + 1
        self.col_w = [COLUMN_MIN_W] * self.ncols
        for n in c.nodes.values():
            if n.kind.endswith("Task") or n.kind == "task":
                n.w, n.h = task_size(n.name)
            elif n.kind.endswith("Gateway"):
                n.w = n.h = GATEWAY
            else:
                n.w = n.h = EVENT
        hosts: dict[str, list[Node]] = {}
        for n in c.nodes.values():
            if n.attached_to:
                hosts.setdefault(n.attached_to, []).append(n)
        self.boundaries = hosts
        for host_id, events in hosts.items():
            host = c.nodes[host_id]
            host.w = max(host.w, 12 + BOUNDARY_STEP * len(events) + 60)
        for n in c.nodes.values():
            self.col_w[n.col] = max(self.col_w[n.col], n.w)
        # y order of bands, for spans: (pool, lane, 2*row+1) rows, (pool, lane, 2*gap) gaps
        self.band: dict[tuple[int, int, int], float] = {}
        k = 0.0
        for pi, pool in enumerate(c.pools):
            k += 1
            self.band[(pi, -1, 0)] = k   # the pool's top border
            for li, lane in enumerate(pool.lanes):
                for b in range(2 * lane.rows + 1):
                    k += 1
                    self.band[(pi, li, b)] = k
            k += 1
            self.band[(pi, -2, 0)] = k   # bottom border
            k += 1
            self.band[(pi, -3, 0)] = k   # the gutter below the pool
        self.col_left = [0.0] * self.ncols
        self.gap_left: dict[int, float] = {}
        self.tracks: dict[Channel, dict[str, int]] = {}
        self.ntracks: dict[Channel, int] = {}
        self.gutter_top: dict[int, float] = {}
        self.width = 0.0

    # ------------------------------------------------------------ ports
    def _side_ports(self, node: Node, side: str, count: int) -> list[float]:
        """Offsets from the node's centre for ``count`` ports on one side."""
        length = node.h if side in ("left", "right") else node.w
        step = min(16.0, (length - 8) / max(count, 1))
        return [(i - (count - 1) / 2) * step for i in range(count)]

    def _port(self, node: Node, side: str, offset: float) -> tuple[float, float]:
        cx, cy = node.x + node.w / 2, node.y + node.h / 2
        half = node.w / 2
        if side in ("left", "right"):
            if node.kind.endswith("Gateway"):
                reach = half - abs(offset)
            elif node.kind.endswith("Event"):
                reach = math.sqrt(max(half * half - offset * offset, 0.0))
            else:
                reach = half
            return (cx + reach if side == "right" else cx - reach, cy + offset)
        if node.kind.endswith("Gateway"):
            reach = half - abs(offset)
        elif node.kind.endswith("Event"):
            reach = math.sqrt(max(half * half - offset * offset, 0.0))
        else:
            reach = node.h / 2
        return (cx + offset, cy + reach if side == "bottom" else cy - reach)

    # ------------------------------------------------------------ coordinates
    def _x_col(self, node: Node, side: str, slot: tuple[str, int, int]) -> Coord:
        """x of a port of ``node`` (slot: side, index, count)."""
        logical = 2 * node.col + 1
        return Coord(logical, lambda: self._port(node, slot[0], self._offset(node, slot))[0])

    def _y_col(self, node: Node, slot: tuple[str, int, int]) -> Coord:
        logical = self.band[(node.pool, node.lane, 2 * node.row + 1)]
        return Coord(logical, lambda: self._port(node, slot[0], self._offset(node, slot))[1])

    def _offset(self, node: Node, slot: tuple[str, int, int]) -> float:
        side, index, count = slot
        if side == "bottom" and node.id in self.boundaries:
            # message ports of a host sit at its right end, away from its boundary events
            # (on the left) and their labels
            return node.w / 2 - 10 - 14 * (count - 1 - index)
        return self._side_ports(node, side, count)[index]

    def _vtrack(self, gap: int) -> Coord:
        return Coord(2 * gap + 2, channel=("v", gap))

    def _htrack(self, node: Node, gap: int) -> Coord:
        return Coord(self.band[(node.pool, node.lane, 2 * gap)], channel=("h", node.pool,
                                                                         node.lane, gap))

    def _gutter(self, upper_pool: int) -> Coord:
        return Coord(self.band[(upper_pool, -3, 0)], channel=("g", upper_pool))

    def _border(self, pool: int, bottom: bool) -> Coord:
        key = (pool, -2 if bottom else -1, 0)
        p = self.c.pools[pool]
        return Coord(self.band[key], lambda: p.top + (p.height if bottom else 0.0))

    # ------------------------------------------------------------ plans
    def plan(self, demoted: set[str]) -> list[Route]:
        """Routes of all flows, with ports assigned per node side."""
        c = self.c
        slots: dict[tuple[str, str], list[tuple[float, str]]] = {}
        sides: dict[tuple[str, str], tuple[str, str]] = {}   # (flow, end) -> (node, side)

        def want(flow: Flow, end: str, node_id: str, side: str, key: float) -> None:
            slots.setdefault((node_id, side), []).append((key, flow.id))
            sides[(flow.id, end)] = (node_id, side)

        def where(end: str) -> tuple[int, float, float]:
            if end in c.nodes:
                n = c.nodes[end]
                return n.pool, self.band[(n.pool, n.lane, 2 * n.row + 1)], 2 * n.col + 1
            return self.pool_index[end], self.band[(self.pool_index[end], -1, 0)], 0

        for f in c.flows:
            if f.message:
                sp, sy, sx = where(f.source)
                tp, ty, tx = where(f.target)
                down = tp > sp
                if f.source in c.nodes:
                    s = c.nodes[f.source]
                    side = "bottom" if down or s.attached_to else "top"
                    want(f, "s", s.id, side, tx)
                if f.target in c.nodes:
                    t = c.nodes[f.target]
                    side = "top" if down and not t.attached_to else "bottom"
                    want(f, "t", t.id, side, sx)
            else:
                s, t = c.nodes[f.source], c.nodes[f.target]
                ty = self.band[(t.pool, t.lane, 2 * t.row + 1)]
                sy = self.band[(s.pool, s.lane, 2 * s.row + 1)]
                want(f, "s", s.id, "bottom" if s.attached_to else "right", ty * 1000 + t.col)
                want(f, "t", t.id, "left", sy * 1000 + s.col)
        slot_of: dict[tuple[str, str], tuple[str, int, int]] = {}
        for (node_id, side), entries in slots.items():
            entries.sort()
            for i, (_key, fid) in enumerate(entries):
                end = "s" if sides.get((fid, "s")) == (node_id, side) else "t"
                slot_of[(fid, end)] = (side, i, len(entries))
        routes = []
        for f in c.flows:
            if f.message:
                routes.append(self._plan_message(f, slot_of))
            else:
                routes.append(self._plan_sequence(f, slot_of, f.id in demoted))
        return routes

    def _blocked_row(self, s: Node, t: Node) -> bool:
        """True when a node stands between ``s`` and ``t`` on their row."""
        return any(n.pool == s.pool and n.lane == s.lane and n.row == s.row
                   and s.col < n.col < t.col and not n.attached_to
                   for n in self.c.nodes.values())

    def _plan_sequence(self, f: Flow, slot_of: dict[tuple[str, str], tuple[str, int, int]],
                       demoted: bool) -> Route:
        s, t = self.c.nodes[f.source], self.c.nodes[f.target]
        ss, ts = slot_of[(f.id, "s")], slot_of[(f.id, "t")]
        start = (self._x_col(s, "", ss), self._y_col(s, ss))
        end = (self._x_col(t, "", ts), self._y_col(t, ts))
        if s.attached_to:
            host = self.c.nodes[s.attached_to]
            gap = self._htrack(host, host.row + 1)
            xt = self._vtrack(t.col - 1)
            return Route(f, [start, (start[0], gap), (xt, gap), (xt, end[1]), end], "boundary")
        same_row = (s.pool, s.lane, s.row) == (t.pool, t.lane, t.row)
        if (same_row and t.col > s.col and not demoted and ss[2] == 1 and ts[2] == 1
                and not self._blocked_row(s, t)):
            return Route(f, [start, end], "straight")
        xs = self._vtrack(s.col)
        if t.col == s.col + 1 and not demoted:
            return Route(f, [start, (xs, start[1]), (xs, end[1]), end], "z")
        xt = self._vtrack(t.col - 1)
        if (t.pool, t.lane) == (s.pool, s.lane):
            if t.row > s.row:
                gap_row = t.row
            elif t.row < s.row:
                gap_row = t.row + 1
            else:
                gap_row = t.row if t.col <= s.col else t.row + 1
        else:
            lanes_down = t.lane > s.lane
            gap_row = 0 if lanes_down else t.row + 1
            gap_row = t.row if lanes_down else gap_row
        gap = self._htrack(t, gap_row)
        return Route(f, [start, (xs, start[1]), (xs, gap), (xt, gap), (xt, end[1]), end])

    def _clear_column(self, n: Node, up: bool) -> bool:
        """True when no node stands between ``n`` and its pool's border in its column."""
        for m in self.c.nodes.values():
            if m.pool != n.pool or m.col != n.col or m.id == n.id or m.attached_to:
                continue
            if (m.lane, m.row) == (n.lane, n.row):
                continue
            above = (m.lane, m.row) < (n.lane, n.row)
            if above == up:
                return False
        return True

    def _end_path(self, end: str, slot: tuple[str, int, int] | None, towards_up: bool,
                  other_col: int, gutter: Coord) -> tuple[list[tuple[Coord, Coord]], Coord | None]:
        """Points from a message flow's end to the gutter next to its pool, and their x."""
        c = self.c
        pool = c.nodes[end].pool if end in c.nodes else self.pool_index[end]
        if end not in c.nodes:
            return [(Coord(-1), self._border(pool, not towards_up))], None
        n = c.nodes[end]
        assert slot is not None
        px, py = self._x_col(n, "", slot), self._y_col(n, slot)
        if n.attached_to:
            host = c.nodes[n.attached_to]
            gap = self._htrack(host, host.row + 1)
            xv = self._vtrack(n.col if other_col > n.col else n.col - 1)
            return [(px, py), (px, gap), (xv, gap), (xv, gutter)], xv
        if self._clear_column(n, towards_up):
            return [(px, py), (px, gutter)], px
        gap = self._htrack(n, n.row if towards_up else n.row + 1)
        xv = self._vtrack(n.col if other_col > n.col else n.col - 1)
        return [(px, py), (px, gap), (xv, gap), (xv, gutter)], xv

    @staticmethod
    def _centre(n: Node) -> tuple[Coord, Coord]:
        return (Coord(0, lambda: n.x + n.w / 2), Coord(0, lambda: n.y + n.h / 2))

    def _plan_message(self, f: Flow, slot_of: dict[tuple[str, str], tuple[str, int, int]]
                      ) -> Route:
        c = self.c

        def pool_col(end: str) -> tuple[int, int]:
            if end in c.nodes:
                return c.nodes[end].pool, c.nodes[end].col
            return self.pool_index[end], -1

        sp, scol = pool_col(f.source)
        tp, tcol = pool_col(f.target)
        if sp == tp:
            # not valid BPMN (the verifier reports it); drawn plainly so the file can be written
            a = [self._centre(c.nodes[e]) for e in (f.source, f.target) if e in c.nodes]
            if len(a) == 2:
                return Route(f, a, "message")
            raise LayoutError(f"message flow {f.id} joins a pool to itself")
        down = tp > sp
        g1 = self._gutter(sp if down else sp - 1)
        g2 = g1 if abs(tp - sp) == 1 else self._gutter(tp - 1 if down else tp)
        src, _ = self._end_path(f.source, slot_of.get((f.id, "s")), not down,
                                 tcol if tcol >= 0 else scol, g1)
        tgt, _ = self._end_path(f.target, slot_of.get((f.id, "t")), down,
                                 scol if scol >= 0 else tcol, g2)
        tgt.reverse()
        if abs(tp - sp) == 1:
            points = src + tgt
        else:
            # round the pools between, in a corridor beside all pools (on the nearer side):
            # a message flow never crosses a pool that is not one of its ends
            cols = [col for col in (scol, tcol) if col >= 0]
            left = not cols or sum(cols) / len(cols) < self.ncols / 2
            xm = Coord(-1.5 if left else 2 * self.ncols + 3,
                       channel=("o", "left" if left else "right"))
            if len(src) == 1:  # a black box: leave it next to the corridor
                xb = self._vtrack(-1 if left else self.ncols - 1)
                src = [(xb, src[0][1]), (xb, g1)]
            if len(tgt) == 1:
                xb = self._vtrack(-1 if left else self.ncols - 1)
                tgt = [(xb, g2), (xb, tgt[0][1])]
            points = [*src, (xm, g1), (xm, g2), *tgt]
        # a pool end takes the x of its neighbour
        if points[0][0].logical == -1:
            points[0] = (points[1][0], points[0][1])
        if points[-1][0].logical == -1:
            points[-1] = (points[-2][0], points[-1][1])
        return Route(f, _dedupe(points), "message")


def _same(a: Coord, b: Coord) -> bool:
    return a is b


def _dedupe(points: list[tuple[Coord, Coord]]) -> list[tuple[Coord, Coord]]:
    """Drop repeated points and middle points of straight runs."""
    out: list[tuple[Coord, Coord]] = []
    for p in points:
        if out and _same(out[-1][0], p[0]) and _same(out[-1][1], p[1]):
            continue
        out.append(p)
    changed = True
    while changed and len(out) > 2:
        changed = False
        for i in range(1, len(out) - 1):
            a, b, d = out[i - 1], out[i], out[i + 1]
            if (_same(a[0], b[0]) and _same(b[0], d[0])) or (_same(a[1], b[1])
                                                           and _same(b[1], d[1])):
                del out[i]
                changed = True
                break
    return out


# --------------------------------------------------------------------------- tracks

def _allocate(routes: Sequence[Route]) -> tuple[dict[Channel, dict[int, int]], dict[Channel, int]]:
    """A track for every segment that runs along a channel; overlapping spans never share one.

    Returns (channel -> id(segment coord) -> track, channel -> number of tracks). Within a
    channel, segments that connect to a port on the lower-numbered side come first, so the short
    stubs from and to nodes never run over each other.
    """
    spans: dict[Channel, list[tuple[int, float, float, int, int]]] = {}
    order: list[int] = []
    for r in routes:
        pts = r.points
        for i, (x, y) in enumerate(pts):
            for along, coord in ((0, x), (1, y)):
                if coord.channel is None:
                    continue
                key = id(coord)
                if any(s[4] == key for s in spans.get(coord.channel, [])):
                    continue
                # the run along this channel: consecutive points sharing this coordinate
                j0 = i
                while j0 > 0 and pts[j0 - 1][along] is coord:
                    j0 -= 1
                j1 = i
                while j1 + 1 < len(pts) and pts[j1 + 1][along] is coord:
                    j1 += 1
                other = [pts[j][1 - along].logical for j in range(j0, j1 + 1)]
                lo, hi = min(other), max(other)
                # group: 0 when the run is joined to a port before the channel, 2 after
                before = after = False
                for j in (j0 - 1, j1 + 1):
                    if 0 <= j < len(pts) and pts[j][along].channel is None:
                        if pts[j][along].logical < coord.logical:
                            before = True
                        else:
                            after = True
                group = 1 if before == after else (0 if before else 2)
                spans.setdefault(coord.channel, []).append((group, lo, hi, len(order), key))
                order.append(key)
    tracks: dict[Channel, dict[int, int]] = {}
    counts: dict[Channel, int] = {}
    for channel, segs in spans.items():
        assigned: dict[int, int] = {}
        base = 0
        for group in (0, 1, 2):
            ends: list[float] = []
            # sorted by span, then by first appearance: never by memory address
            for _g, lo, hi, _seq, key in sorted(s for s in segs if s[0] == group):
                for t, last in enumerate(ends):
                    if last < lo:
                        ends[t] = hi
                        assigned[key] = base + t
                        break
                else:
                    ends.append(hi)
                    assigned[key] = base + len(ends) - 1
            base += len(ends)
        tracks[channel] = assigned
        counts[channel] = base
    return tracks, counts


# --------------------------------------------------------------------------- labels

Box = tuple[float, float, float, float]


def _hit(a: Box, b: Box, margin: float = 0.0) -> bool:
    return (a[0] < b[0] + b[2] + margin and b[0] < a[0] + a[2] + margin
            and a[1] < b[1] + b[3] + margin and b[1] < a[1] + a[3] + margin)


class LabelPlacer:
    """Places label boxes where they overlap no obstacle and no label already placed."""

    def __init__(self, obstacles: Iterable[Box], bounds: Box, soft: Iterable[Box] = ()) -> None:
        self.bounds = bounds
        self.cell = 100.0
        self.grid: dict[tuple[int, int], list[Box]] = {}
        self.soft: dict[tuple[int, int], list[Box]] = {}  # edges: avoided when possible
        for b in obstacles:
            self._index(b)
        for b in soft:
            self._index(b, self.soft)

    def _cells(self, b: Box) -> Iterable[tuple[int, int]]:
        for i in range(int(b[0] // self.cell) - 1, int((b[0] + b[2]) // self.cell) + 2):
            for j in range(int(b[1] // self.cell) - 1, int((b[1] + b[3]) // self.cell) + 2):
                yield (i, j)

    def _index(self, b: Box, grid: dict[tuple[int, int], list[Box]] | None = None) -> None:
        for cell in self._cells(b):
            (self.grid if grid is None else grid).setdefault(cell, []).append(b)

    def free(self, b: Box, grid: dict[tuple[int, int], list[Box]] | None = None) -> bool:
        """True when ``b`` is inside the canvas and clear of everything placed."""
        x0, y0, w0, h0 = self.bounds
        if b[0] < x0 or b[1] < y0 or b[0] + b[2] > x0 + w0 or b[1] + b[3] > y0 + h0:
            return False
        cx, cy = int((b[0] + b[2] / 2) // self.cell), int((b[1] + b[3] / 2) // self.cell)
        for cell in ((cx + i, cy + j) for i in (-1, 0, 1) for j in (-1, 0, 1)):
            for o in (self.grid if grid is None else grid).get(cell, []):
                if _hit(b, o, 3 if grid is None else 1):
                    return False
        return True

    def place(self, near: Iterable[Box], far: Iterable[Box]) -> Box | None:
        """A box for a label, which becomes an obstacle: the first ``near`` candidate clear of
        obstacles and edges, else the first ``far`` one, else the first clear of obstacles
        only (a label may then cross an edge rather than stray from what it names)."""
        near, far = list(near), list(far)
        for boxes, soft in ((near, True), (far, True), (near + far, False)):
            for b in boxes:
                if self.free(b) and (not soft or self.free(b, self.soft)):
                    self._index(b)
                    return b
        return None


def _spiral(cx: float, cy: float, w: float, h: float, start: int = 0,
            stop: int = 400) -> Iterable[Box]:
    """Boxes centred ever further from (cx, cy), at distances from ``start`` to ``stop``."""
    for radius in range(start, stop, 8):
        for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)):
            yield (cx + dx * radius - w / 2, cy + dy * radius - h / 2, w, h)


# --------------------------------------------------------------------------- the layout

@dataclass
class Drawing:
    """Bounds of every shape, waypoints of every edge, and label bounds."""

    shapes: dict[str, Box]
    edges: dict[str, list[tuple[float, float]]]
    labels: dict[str, Box]


def _segments(points: Sequence[tuple[float, float]]) -> Iterable[tuple[tuple[float, float],
                                                                      tuple[float, float]]]:
    return itertools.pairwise(points)


def _through(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """True when the axis-parallel segment a-b enters the interior of ``box``."""
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    return x0 < box[0] + box[2] - 0.5 and x1 > box[0] + 0.5 and \
        y0 < box[1] + box[3] - 0.5 and y1 > box[1] + 0.5


def shared_tracks(edges: dict[str, list[tuple[float, float]]]) -> list[tuple[str, str]]:
    """Pairs of edges that run over each other along a common line for more than 1 px."""
    runs: dict[tuple[str, float], list[tuple[float, float, str]]] = {}
    for fid, pts in edges.items():
        for a, b in _segments(pts):
            if abs(a[0] - b[0]) < 0.01:
                runs.setdefault(("v", round(a[0], 1)), []).append(
                    (min(a[1], b[1]), max(a[1], b[1]), fid))
            elif abs(a[1] - b[1]) < 0.01:
                runs.setdefault(("h", round(a[1], 1)), []).append(
                    (min(a[0], b[0]), max(a[0], b[0]), fid))
    pairs = []
    for segs in runs.values():
        segs.sort()
        for i, (_lo, hi, fid) in enumerate(segs):
            for lo2, _hi2, fid2 in segs[i + 1:]:
                if lo2 >= hi - 1:
                    break
                if fid2 != fid:
                    pairs.append((fid, fid2))
    return pairs


def layout(c: Collaboration) -> Drawing:
    """Compute the whole drawing; re-plans edges whose simple route would share a track."""
    _columns(c)
    demoted: set[str] = set()
    for _attempt in range(10):
        drawing, routes = _place(c, demoted)
        kinds = {r.flow.id: r.kind for r in routes}
        clash = {fid for pair in shared_tracks(drawing.edges) for fid in pair
                 if kinds[fid] in ("z", "straight")}
        if not clash:
            return drawing
        demoted |= clash
    return drawing


def _place(c: Collaboration, demoted: set[str]) -> tuple[Drawing, list[Route]]:
    p = Planner(c)
    routes = p.plan(demoted)
    tracks, counts = _allocate(routes)

    def channel_size(channel: Channel) -> float:
        n = counts.get(channel, 0)
        return 2 * CHANNEL_MARGIN + max(n - 1, 0) * TRACK

    # x: lane headers, then gap -1, column 0, gap 0, column 1, ...
    x = float(POOL_HEAD + LANE_HEAD)
    for col in range(-1, p.ncols):
        if col >= 0:
            p.col_left[col] = x
            x += p.col_w[col]
        p.gap_left[col] = x
        x += channel_size(("v", col))
    width = x + 20
    # y: pools, lanes, rows and gaps
    zone: dict[tuple[int, int, int], float] = {}
    row_h: dict[tuple[int, int, int], float] = {}
    for n in c.nodes.values():
        if not n.attached_to:
            key = (n.pool, n.lane, n.row)
            row_h[key] = max(row_h.get(key, 0), n.h)
    for n in c.nodes.values():
        # room under the row for the labels below its events, gateways and boundary events
        key = (n.pool, n.lane, n.row)
        label_h = label_size(n.name)[1] if n.name else 0
        if n.attached_to:
            zone[key] = max(zone.get(key, 0), LABEL_ZONE_BOUNDARY,
                            math.ceil(n.h / 2 + 8 + label_h))
        elif n.name and not (n.kind.endswith("Task") or n.kind == "task"):
            # the node is centred in its row; its label hangs below it
            zone[key] = max(zone.get(key, 0), LABEL_ZONE_EVENT,
                            math.ceil(n.h / 2 + 8 + label_h - row_h[key] / 2))
    y = 0.0
    for pi, pool in enumerate(c.pools):
        pool.top = y
        if pool.black_box:
            pool.height = BLACK_BOX_H
        else:
            for li, lane in enumerate(pool.lanes):
                lane.top = y
                lane.gap_tops, lane.row_tops, lane.row_heights = [], [], []
                for gap in range(lane.rows + 1):
                    lane.gap_tops.append(y)
                    above = zone.get((pi, li, gap - 1), 0) if gap else 0
                    n_tr = counts.get(("h", pi, li, gap), 0)
                    y += above + 2 * CHANNEL_MARGIN + max(n_tr - 1, 0) * TRACK
                    if gap < lane.rows:
                        lane.row_tops.append(y)
                        h = row_h.get((pi, li, gap), TASK_H)
                        lane.row_heights.append(h)
                        y += h
                need = math.ceil(len(lane.name) * CHAR_WIDTH_TASK / 2 + 20)
                if y - lane.top < need:
                    y = lane.top + need
                lane.height = y - lane.top
            pool.height = y - pool.top
            need = math.ceil(len(pool.name) * CHAR_WIDTH_TASK / 2 + 20)
            if pool.height < need:
                pool.lanes[-1].height += need - pool.height
                pool.height = need
        y = pool.top + pool.height
        p.gutter_top[pi] = y
        y += 2 * CHANNEL_MARGIN + max(counts.get(("g", pi), 0) - 1, 0) * TRACK \
            + GUTTER_LABEL_ZONE
    height = y
    # nodes
    for n in c.nodes.values():
        if n.attached_to:
            continue
        lane = c.pools[n.pool].lanes[n.lane]
        n.x = p.col_left[n.col] + (p.col_w[n.col] - n.w) / 2
        n.y = lane.row_tops[n.row] + (lane.row_heights[n.row] - n.h) / 2
    for host_id, events in p.boundaries.items():
        host = c.nodes[host_id]
        for k, ev in enumerate(events):
            ev.x = host.x + 6 + BOUNDARY_STEP * k
            ev.y = host.y + host.h - ev.h / 2

    def resolve(coord: Coord, horizontal_axis: bool) -> float:
        if coord.channel is None:
            assert coord.value is not None
            return round(coord.value())
        ch = coord.channel
        t = tracks[ch][id(coord)]
        if ch[0] == "v":
            return p.gap_left[int(str(ch[1]))] + CHANNEL_MARGIN + t * TRACK
        if ch[0] == "g":
            return p.gutter_top[int(str(ch[1]))] + CHANNEL_MARGIN + t * TRACK
        if ch[0] == "o":
            return (-(CHANNEL_MARGIN + t * TRACK) if ch[1] == "left"
                    else width + CHANNEL_MARGIN + t * TRACK)
        pi, li, gap = (int(str(v)) for v in ch[1:])
        lane = c.pools[pi].lanes[li]
        above = zone.get((pi, li, gap - 1), 0) if gap else 0
        return lane.gap_tops[gap] + above + CHANNEL_MARGIN + t * TRACK

    edges: dict[str, list[tuple[float, float]]] = {}
    for r in routes:
        pts = [(resolve(px, True), resolve(py, False)) for px, py in r.points]
        edges[r.flow.id] = pts
    shapes: dict[str, Box] = {}
    for pool in c.pools:
        shapes[pool.id] = (0, pool.top, width, pool.height)
        for lane in pool.lanes:
            if lane.id is not None:
                shapes[lane.id] = (POOL_HEAD, lane.top, width - POOL_HEAD, lane.height)
    for n in c.nodes.values():
        shapes[n.id] = (n.x, n.y, n.w, n.h)
    corridor = {side: (2 * CHANNEL_MARGIN + (counts[("o", side)] - 1) * TRACK
                       if counts.get(("o", side)) else 0.0) for side in ("left", "right")}
    shift = corridor["left"]
    if shift:
        shapes = {k: (b[0] + shift, *b[1:]) for k, b in shapes.items()}
        edges = {k: [(x + shift, y) for x, y in pts] for k, pts in edges.items()}
        for n in c.nodes.values():
            n.x += shift
    labels = _place_labels(c, shapes, edges, width + shift + corridor["right"], height)
    return Drawing(shapes, edges, labels), routes


def _place_labels(c: Collaboration, shapes: dict[str, Box],
                  edges: dict[str, list[tuple[float, float]]], width: float,
                  height: float) -> dict[str, Box]:
    obstacles: list[Box] = [shapes[n] for n in c.nodes]
    for pool in c.pools:
        x, y, w, h = shapes[pool.id]
        obstacles.append((x, y, POOL_HEAD if not pool.black_box else w, h)
                         if not pool.black_box else (x, y, w, h))
        obstacles += [(x, y - 1, w, 2), (x, y + h - 1, w, 2)]
        for lane in pool.lanes:
            if lane.id is not None:
                lx, ly, _lw, lh = shapes[lane.id]
                obstacles.append((lx, ly, LANE_HEAD, lh))
    lines = [(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]), abs(a[1] - b[1]))
             for pts in edges.values() for a, b in _segments(pts)]
    placer = LabelPlacer(obstacles, (0, 0, width, height), lines)
    labels: dict[str, Box] = {}
    for n in c.nodes.values():
        if not n.name or n.kind.endswith("Task") or n.kind == "task":
            continue
        w, h = label_size(n.name)
        cx = n.x + n.w / 2
        below = n.y + n.h + 4
        first = [(cx - w / 2, below, w, h), (cx + 4, below, w, h), (cx - 4 - w, below, w, h),
                 (cx - w / 2, n.y - 4 - h, w, h), (cx + 4, n.y - 4 - h, w, h),
                 (cx - 4 - w, n.y - 4 - h, w, h),
                 (n.x + n.w + 4, below - 4, w, h), (n.x - 4 - w, below - 4, w, h)]
        box = placer.place([*first, *_spiral(cx, below + h / 2, w, h, 0, NEAR)],
                           _spiral(cx, below + h / 2, w, h, NEAR, FAR))
        if box is None:
            raise LayoutError(f"no room for the label of {n.id}")
        labels[n.id] = box
    for f in c.flows:
        if not f.name:
            continue
        w, h = label_size(f.name)
        pts = edges[f.id]
        cands: list[Box] = []
        segs = list(_segments(pts))
        if f.message:
            segs.sort(key=lambda s: abs(s[0][1] - s[1][1]) > 0.5)  # horizontal runs first
        for a, b in segs:
            length = abs(a[0] - b[0]) + abs(a[1] - b[1])
            steps = max(1, int(length // 12))
            for k in range(steps + 1):
                t = k / steps
                px, py = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                if abs(a[1] - b[1]) < 0.5:   # horizontal: above, then below the line
                    cands += [(px, py - h - 3, w, h), (px - w, py - h - 3, w, h),
                              (px, py + 3, w, h)]
                else:                          # vertical: right, then left of the line
                    cands += [(px + 4, py - h / 2, w, h), (px - 4 - w, py - h / 2, w, h)]
        mid = pts[len(pts) // 2]
        box = placer.place(cands, _spiral(mid[0], mid[1], w, h, 0, FAR))
        if box is None:
            raise LayoutError(f"no room for the label of {f.id}")
        labels[f.id] = box
    return labels


# --------------------------------------------------------------------------- writing

def _num(v: float) -> str:
    return str(round(v))


def diagram_text(root: etree._Element, old: etree._Element | None = None,
                 indent: str = "  ") -> str:
    """The ``bpmndi:BPMNDiagram`` element for ``root``, as text (first line not indented).

    Ids of the diagram, plane and of existing shapes and edges are kept from ``old``, as are
    shape attributes other than the bounds (``isMarkerVisible``, ``isExpanded``, ...).
    """
    prefixes = {ns: prefix for prefix, ns in root.nsmap.items() if prefix}
    missing = [ns for ns in (BPMNDI, DC, DI) if ns not in prefixes]
    if missing:
        raise LayoutError(f"the root element declares no prefix for {missing[0]} "
                          "(expected xmlns:bpmndi, xmlns:dc and xmlns:di)")
    bd, dc, di = prefixes[BPMNDI], prefixes[DC], prefixes[DI]
    c = read_collaboration(root)
    drawing = layout(c)
    collab = root.find(f"{{{BPMN}}}collaboration")
    assert collab is not None
    name = re.sub(r"^collab_", "", str(collab.get("id")))
    dia_id, plane_id = f"dia_{name}", f"plane_{name}"
    keep: dict[str, tuple[str, dict[str, str]]] = {}
    if old is not None:
        dia_id = old.get("id") or dia_id
        plane = old.find(f"{{{BPMNDI}}}BPMNPlane")
        if plane is not None:
            plane_id = plane.get("id") or plane_id
            for el in plane:
                if isinstance(el.tag, str) and el.get("bpmnElement"):
                    extra = {k: v for k, v in el.attrib.items()
                             if k not in ("id", "bpmnElement") and "}" not in k}
                    keep[str(el.get("bpmnElement"))] = (str(el.get("id")), extra)

    def esc(v: str) -> str:
        return (v.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
                .replace(">", "&gt;"))

    def label(lines: list[str], ref: str, pad: str) -> None:
        if ref in drawing.labels:
            x, y, w, h = drawing.labels[ref]
            lines.append(f"{pad}<{bd}:BPMNLabel>")
            lines.append(f'{pad}  <{dc}:Bounds x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
                         f'height="{_num(h)}"/>')
            lines.append(f"{pad}</{bd}:BPMNLabel>")

    i1, i2, i3 = indent * 2, indent * 3, indent * 4
    out = [f'<{bd}:BPMNDiagram id="{esc(dia_id)}">',
           f'{indent}  <{bd}:BPMNPlane id="{esc(plane_id)}" '
           f'bpmnElement="{esc(str(collab.get("id")))}">']
    out[1] = f'{i1}<{bd}:BPMNPlane id="{esc(plane_id)}" bpmnElement="{esc(str(collab.get("id")))}">'
    out[0] = f'<{bd}:BPMNDiagram id="{esc(dia_id)}">'
    for ref, (x, y, w, h) in drawing.shapes.items():
        sid, extra = keep.get(ref, (f"{ref}_di", {}))
        if ref in {p.id for p in c.pools} or any(ln.id == ref for p in c.pools
                                                  for ln in p.lanes):
            extra = {**extra, "isHorizontal": "true"}
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in extra.items())
        out.append(f'{i2}<{bd}:BPMNShape id="{esc(sid)}" bpmnElement="{esc(ref)}"{attrs}>')
        # edges rounded, not sizes: lanes that meet stay meeting
        out.append(f'{i3}<{dc}:Bounds x="{_num(x)}" y="{_num(y)}" '
                   f'width="{round(x + w) - round(x)}" height="{round(y + h) - round(y)}"/>')
        label(out, ref, i3)
        out.append(f"{i2}</{bd}:BPMNShape>")
    for ref, pts in drawing.edges.items():
        eid, extra = keep.get(ref, (f"{ref}_di", {}))
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in extra.items())
        out.append(f'{i2}<{bd}:BPMNEdge id="{esc(eid)}" bpmnElement="{esc(ref)}"{attrs}>')
        for px, py in pts:
            out.append(f'{i3}<{di}:waypoint x="{_num(px)}" y="{_num(py)}"/>')
        label(out, ref, i3)
        out.append(f"{i2}</{bd}:BPMNEdge>")
    out.append(f"{i1}</{bd}:BPMNPlane>")
    out.append(f"{indent}</{bd}:BPMNDiagram>")
    return "\n".join(out)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          remove_blank_text=False, huge_tree=False)


def relayout_text(text: str) -> str:
    """``text`` with its ``bpmndi:BPMNDiagram`` element replaced by a new layout.

    Every byte outside that element is kept. A file without a diagram gets one before the
    closing tag of its root element.
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise LayoutError("DTDs and entities are not accepted")
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as err:
        raise LayoutError(f"line {err.lineno}: not well-formed XML ({err.msg})") from err
    if etree.QName(root).namespace != BPMN or _local(root) != "definitions":
        raise LayoutError("the root element is not bpmn:definitions")
    diagrams = root.findall(f"{{{BPMNDI}}}BPMNDiagram")
    if len(diagrams) > 1:
        raise LayoutError("more than one bpmndi:BPMNDiagram (expected at most one)")
    prefix = next((p for p, ns in root.nsmap.items() if ns == BPMNDI and p), None)
    if prefix is None:
        raise LayoutError("no xmlns prefix for the BPMN DI namespace (expected bpmndi)")
    new = diagram_text(root, diagrams[0] if diagrams else None)
    start_tag = re.compile(rf"<{re.escape(prefix)}:BPMNDiagram[\s>]")
    match = start_tag.search(text)
    if diagrams and match:
        close = f"</{prefix}:BPMNDiagram>"
        end = text.find(close, match.start())
        if end < 0:
            raise LayoutError("the bpmndi:BPMNDiagram element is not closed")
        return text[:match.start()] + new + text[end + len(close):]
    if diagrams:
        raise LayoutError("the bpmndi:BPMNDiagram element is written in an unexpected form")
    root_prefix = next((p for p, ns in root.nsmap.items() if ns == BPMN and p), None)
    close_root = f"</{root_prefix}:definitions>" if root_prefix else "</definitions>"
    end = text.rfind(close_root)
    if end < 0:
        raise LayoutError("cannot find the closing tag of bpmn:definitions")
    return text[:end] + "  " + new + "\n" + text[end:]


def relayout_file(path: str | os.PathLike[str]) -> None:
    """Re-lay ``path`` in place (atomically); nothing is written if anything is wrong."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    new = relayout_text(text)
    if new != text:
        atomic_write_text(path, new)


def main(argv: Sequence[str] | None = None) -> int:
    """Re-lay the given .bpmn files in place; exit 2 (nothing written) on bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m models.data.layout",
        description="Re-lay BPMN files in place: only their bpmndi:BPMNDiagram is rewritten.")
    parser.add_argument("files", nargs="+", type=Path, help=".bpmn files to re-lay")
    args = parser.parse_args(argv)
    new_texts: list[tuple[Path, str, str]] = []
    for path in args.files:  # every file is checked before any is written
        try:
            text = path.read_text(encoding="utf-8")
            new_texts.append((path, text, relayout_text(text)))
        except (OSError, UnicodeDecodeError) as err:
            print(f"{path}: cannot read ({err.__class__.__name__}); expected a UTF-8 .bpmn file",
                  file=sys.stderr)
            return 2
        except LayoutError as err:
            print(f"{path}: {err}", file=sys.stderr)
            return 2
    for path, text, new in new_texts:
        if new != text:
            atomic_write_text(path, new)
        print(f"{path}: laid out" if new != text else f"{path}: unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# ------------------------------------------------------------------------------ reading a diagram
@dataclass(frozen=True, slots=True)
class DiagramShape:
    """One ``bpmndi:BPMNShape`` (``bounds``) or ``bpmndi:BPMNEdge`` (``waypoints``) of a file."""

    element: str
    bounds: tuple[float, float, float, float] | None = None  # x, y, width, height
    waypoints: tuple[tuple[float, float], ...] = ()


def read_diagram(path: str | os.PathLike[str]) -> list[DiagramShape]:
    """Shapes and edges of the first BPMN diagram of a ``.bpmn`` file, in document order (what
    the HTML reports draw; the model itself keeps only which elements have a shape).

    Read with the hardened parser of `models.data.bpmn_xml` (no DTD, no entities, no network); the
    file is expected to have passed `models.load_model` already.
    """
    root = etree.parse(str(path), hardened_parser()).getroot()
    out: list[DiagramShape] = []
    plane = root.find(f"{{{BPMNDI}}}BPMNDiagram/{{{BPMNDI}}}BPMNPlane")
    if plane is None:
        return out
    for el in plane:
        if not isinstance(el.tag, str):
            continue
        ref = el.get("bpmnElement") or ""
        local = etree.QName(el).localname
        if local == "BPMNShape":
            b = el.find(f"{{{DC}}}Bounds")
            if b is not None:
                out.append(DiagramShape(ref, bounds=(
                    float(b.get("x", 0)), float(b.get("y", 0)),
                    float(b.get("width", 0)), float(b.get("height", 0)))))
        elif local == "BPMNEdge":
            points = tuple((float(w.get("x", 0)), float(w.get("y", 0)))
                           for w in el.findall(f"{{{DI}}}waypoint"))
            out.append(DiagramShape(ref, waypoints=points))
    return out
