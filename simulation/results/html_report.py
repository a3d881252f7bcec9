"""The self-contained HTML report: ``report.html``, one file that opens without internet access.

It holds the KPI tables, the report's PNG figures (embedded as base64 ``data:`` URIs), each
protocol's diagram drawn as inline SVG straight from the model's BPMN DI (shape bounds and edge
waypoints), with every task filled by its deadline breach rate (``1 - compliance_mean`` of
:func:`simulation.results.kpis.compliance_table`, the same number as ``compliance.csv``: per
replication, then averaged; the deadline of the task missed most) or, for a task with no deadline,
by its
role's utilisation, and a "Study details (STRESS-DES)" section: what a reader needs to judge
the study (model files and their sha256, the missingsim version, the scenario file, the
population source, staffing, overrides, horizon, warm-up, replications, seeds and assumptions).

No web font, no external script, stylesheet or image: nothing is fetched when it is opened. One
inline script (:data:`DIAGRAM_SCRIPT`) gives every diagram pan (drag), zoom (wheel, buttons) and
fit; without it the diagrams are still drawn, fitted to the width of the page.
Every number comes from :mod:`simulation.results.kpis` (the breach rates from
:func:`simulation.results.kpis.breach_rates`); the figures are those of
:mod:`simulation.results.report`, drawn by :mod:`simulation.results.charts`; the diagram's shapes
are read by :func:`models.data.layout.read_diagram`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import html
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models import MissingsimError, ProtocolModel, load_model, model_path
from models.data.files import atomic_write_text
from models.data.layout import DiagramShape, read_diagram
from models.data.model import ACTIVITY_KINDS, EVENT_KINDS, GATEWAY_KINDS
from simulation.results import charts, kpis
from simulation.results import report as md_report
from simulation.run.records import RunResult

if TYPE_CHECKING:
    from simulation.run.scenario import Scenario

__all__ = ["task_colours", "write_html_report"]

Row = dict[str, Any]
NO_DATA = "#d9d9d9"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Green (0) -> yellow (0.5) -> red (1): ColorBrewer RdYlGn end points.
_STOPS = ((0.0, (26, 152, 80)), (0.5, (254, 224, 139)), (1.0, (215, 48, 39)))
POPULATION_SOURCE_NOTE = (
    "Synthetic population with the defaults of simulation.PopulationSpec; every default names "
    "its row in shared/reference/published_figures.md (section.row or a C calibration row) or "
    "is marked ASSUMPTION (the table in the docstring of its module).")


# --------------------------------------------------------------------------- colours


def colour(value: float) -> str:
    """Fill for a share in [0, 1] (clipped): green at 0, yellow at 0.5, red at 1; grey for NaN."""
    if math.isnan(value):
        return NO_DATA
    v = min(max(value, 0.0), 1.0)
    for (x0, c0), (x1, c1) in itertools.pairwise(_STOPS):
        if v <= x1:
            t = (v - x0) / (x1 - x0)
            return "#" + "".join(f"{round(a + t * (b - a)):02x}" for a, b in zip(c0, c1,
                                                                                  strict=True))
    return "#" + "".join(f"{c:02x}" for c in _STOPS[-1][1])


@dataclass(frozen=True, slots=True)
class TaskColour:
    """How one task is coloured: ``basis`` is ``breach``, ``utilisation`` or ``none``."""

    element: str
    basis: str
    value: float
    fill: str
    detail: str


def task_colours(model: ProtocolModel, results: Sequence[RunResult],
                 tables: kpis.KpiTables | None = None) -> dict[str, TaskColour]:
    """Colour of every task of ``model`` from the KPI tables of its authority's replications.

    One definition with the tables: a task carrying deadlines gets the breach rate of its
    deadline that is missed most, ``1 - compliance_mean`` of :func:`simulation.results.kpis.
    compliance_table` (split ``all``: per replication, missed / (met + missed) after the
    warm-up, then the mean across replications; pending deadlines are censored). A task without
    a deadline gets its role's mean utilisation (:func:`simulation.results.kpis.utilisation_table`);
    an unconstrained role, or no data, is grey. ``tables`` are the run's KPI tables when already
    worked out (else they are worked out from ``results``).
    """
    if tables is None:
        mine = [r for r in results if r.authority == model.authority]
        compliance, utilisation = kpis.compliance_table(mine), kpis.utilisation_table(mine)
    else:
        compliance = [r for r in tables.compliance if r["authority"] == model.authority]
        utilisation = [r for r in tables.utilisation if r["authority"] == model.authority]
    by_element: dict[str, list[Row]] = {}
    for row in kpis.breach_rates(compliance):
        if row["split"] == "all":
            by_element.setdefault(row["element_id"], []).append(row)
    roles = {r["role"]: r for r in utilisation}
    out: dict[str, TaskColour] = {}
    for el in model.elements.values():
        if el.kind not in ACTIVITY_KINDS or el.task is None:
            continue
        if el.deadlines:
            rows = [r for r in by_element.get(el.id, []) if not math.isnan(r["breach_mean"])]
            if rows:
                worst = max(rows, key=lambda r: r["breach_mean"])
                rate = worst["breach_mean"]
                detail = "; ".join(
                    f"{r['deadline']}: missed {breach_words(r)}" for r in rows)
                out[el.id] = TaskColour(el.id, "breach", rate, colour(rate),
                                        f"deadline breach rate {detail}")
            else:
                out[el.id] = TaskColour(el.id, "none", math.nan, NO_DATA,
                                        "deadline: none met or missed after the warm-up")
            continue
        role = roles.get(el.task.role)
        if role is None or role["staffing"] != kpis.STAFFED \
                or math.isnan(role["utilisation_mean"]):
            why = md_report.staffing_words(role) if role is not None else "no data"
            out[el.id] = TaskColour(el.id, "none", math.nan, NO_DATA,
                                    f"role {el.task.role}: {why}")
        else:
            share = float(role["utilisation_mean"])
            out[el.id] = TaskColour(el.id, "utilisation", share, colour(share),
                                    f"role {el.task.role} utilisation {100 * share:.1f}%")
    return out


def breach_words(row: Row) -> str:
    """``25.0% (95% interval 10.2 to 39.8)`` for a row of
    :func:`simulation.results.kpis.breach_rates`: the share missed."""
    mean, low, high = row["breach_mean"], row["breach_ci_low"], row["breach_ci_high"]
    if math.isnan(low):
        return f"{md_report.num(100 * mean)}% (one replication)"
    return (f"{md_report.num(100 * mean)}% (95% interval {md_report.num(100 * low)} "
            f"to {md_report.num(100 * high)})")


# --------------------------------------------------------------------------- SVG


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _wrap(text: str, width: float, size: float = 11.0) -> list[str]:
    per_line = max(int(width / (0.55 * size)), 4)
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > per_line:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines[:5]


def _text(lines: Sequence[str], cx: float, cy: float, size: float = 11.0) -> str:
    if not lines:
        return ""
    top = cy - (len(lines) - 1) * size * 0.6
    spans = "".join(f'<tspan x="{cx:.1f}" y="{top + i * size * 1.2:.1f}">{_e(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text font-size="{size:g}" text-anchor="middle" dominant-baseline="middle">'
            f"{spans}</text>")


def diagram_svg(model: ProtocolModel, colours: Mapping[str, TaskColour],
                shapes: Sequence[DiagramShape] | None = None) -> str:
    """The model's diagram as one inline ``<svg>``: pools, lanes, tasks (filled by
    ``colours``), events, gateways, sequence and message flows, from the DI of its file."""
    shapes = read_diagram(model.path) if shapes is None else shapes
    boxes = [s.bounds for s in shapes if s.bounds is not None]
    points = [p for s in shapes for p in s.waypoints]
    xs = [b[0] for b in boxes] + [b[0] + b[2] for b in boxes] + [p[0] for p in points]
    ys = [b[1] for b in boxes] + [b[1] + b[3] for b in boxes] + [p[1] for p in points]
    if not xs:
        return (f'<svg class="diagram" data-model="{_e(model.name)}" viewBox="0 0 400 40" '
                'xmlns="http://www.w3.org/2000/svg"><text x="10" y="25">No diagram '
                "information in the model file</text></svg>")
    x0, y0 = min(xs) - 10, min(ys) - 10
    w, h = max(xs) - x0 + 10, max(ys) - y0 + 10
    pools, lanes, nodes, edges = [], [], [], []
    for s in shapes:
        ref = s.element
        if s.bounds is None:
            flow = model.flows.get(ref)
            if flow is None or len(s.waypoints) < 2:
                continue
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.waypoints)
            if flow.kind == "message":
                edges.append(f'<polyline class="message" points="{d}" fill="none" '
                             'stroke="#555" stroke-dasharray="6 4" marker-end="url(#arrow-open)"'
                             f'><title>{_e(flow.name or flow.id)}</title></polyline>')
            else:
                edges.append(f'<polyline class="sequence" points="{d}" fill="none" '
                             'stroke="#222" marker-end="url(#arrow)"/>')
            continue
        x, y, bw, bh = s.bounds
        if ref in model.participants:
            p = model.participants[ref]
            pools.append(
                f'<g class="pool"><rect x="{x}" y="{y}" width="{bw}" height="{bh}" '
                'fill="#ffffff" stroke="#333"/>'
                f'<rect x="{x}" y="{y}" width="30" height="{bh}" fill="#eef2f7" stroke="#333"/>'
                f'<text font-size="12" font-weight="bold" text-anchor="middle" '
                f'transform="translate({x + 15},{y + bh / 2}) rotate(-90)">{_e(p.name)}</text>'
                "</g>")
        elif ref in model.lanes:
            lane = model.lanes[ref]
            lanes.append(
                f'<g class="lane"><rect x="{x}" y="{y}" width="{bw}" height="{bh}" '
                'fill="none" stroke="#999"/>'
                f'<text font-size="11" text-anchor="middle" fill="#333" '
                f'transform="translate({x + 12},{y + bh / 2}) rotate(-90)">{_e(lane.name)}</text>'
                "</g>")
        elif ref in model.elements:
            nodes.append(_node_svg(model, ref, s.bounds, colours.get(ref)))
    defs = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            'fill="#222"/></marker><marker id="arrow-open" viewBox="0 0 10 10" refX="10" '
            'refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#555"/></marker></defs>')
    # Marker ids must be unique in the page: one per model.
    suffix = "".join(c if c.isalnum() else "_" for c in model.name)
    body = defs + "".join(pools) + "".join(lanes) + "".join(edges) + "".join(nodes)
    body = body.replace('id="arrow"', f'id="arrow_{suffix}"').replace(
        "url(#arrow)", f"url(#arrow_{suffix})").replace(
        'id="arrow-open"', f'id="arrow-open_{suffix}"').replace(
        "url(#arrow-open)", f"url(#arrow-open_{suffix})")
    return (f'<svg class="diagram" data-model="{_e(model.name)}" xmlns="http://www.w3.org/2000/svg"'
            f' viewBox="{x0:.0f} {y0:.0f} {w:.0f} {h:.0f}" width="{w:.0f}" height="{h:.0f}" '
            f'font-family="sans-serif" role="img" aria-label="Diagram of {_e(model.name)}">'
            f"{body}</svg>")


def _node_svg(model: ProtocolModel, ref: str, bounds: tuple[float, float, float, float],
              tc: TaskColour | None) -> str:
    el = model.elements[ref]
    x, y, w, h = bounds
    cx, cy = x + w / 2, y + h / 2
    title = f"<title>{_e(el.name or el.id)} ({_e(el.id)})"
    if tc is not None:
        title += f": {_e(tc.detail)}"
    title += "</title>"
    if el.kind in ACTIVITY_KINDS:
        fill = tc.fill if tc is not None else "#ffffff"
        basis = tc.basis if tc is not None else "none"
        dash = ' stroke-dasharray="5 3"' if basis == "utilisation" else ""
        return (f'<g class="task" data-id="{_e(ref)}" data-basis="{basis}">{title}'
                f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="{fill}" '
                f'stroke="#222" stroke-width="1.5"{dash}/>'
                f"{_text(_wrap(el.name or el.id, w - 8), cx, cy)}</g>")
    if el.kind in EVENT_KINDS:
        r = min(w, h) / 2
        width = {"endEvent": 3.5, "startEvent": 1.5}.get(el.kind, 1.5)
        inner = ""
        if el.kind in ("intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"):
            dashed = "" if el.cancel_activity else ' stroke-dasharray="3 2"'
            inner = (f'<circle cx="{cx}" cy="{cy}" r="{r - 3}" fill="none" stroke="#222"'
                     f"{dashed}/>")
        if el.event == "timer":
            inner += (f'<circle cx="{cx}" cy="{cy}" r="{r - 7}" fill="#fff" stroke="#222"/>'
                      f'<path d="M{cx},{cy} L{cx},{cy - r + 9} M{cx},{cy} L{cx + r - 10},{cy}" '
                      'stroke="#222"/>')
        label = _text(_wrap(el.name, 110, 10), cx, y + h + 14, 10) if el.name else ""
        return (f'<g class="event" data-id="{_e(ref)}">{title}<circle cx="{cx}" cy="{cy}" '
                f'r="{r}" fill="#fff" stroke="#222" stroke-width="{width}"/>{inner}{label}</g>')
    if el.kind in GATEWAY_KINDS:
        mark = {"parallelGateway": "+", "exclusiveGateway": "\u00d7",
                "eventBasedGateway": "\u25cb"}.get(el.kind, "")
        label = _text(_wrap(el.name, 120, 10), cx, y - 14, 10) if el.name else ""
        return (f'<g class="gateway" data-id="{_e(ref)}">{title}<polygon points="{cx},{y} '
                f'{x + w},{cy} {cx},{y + h} {x},{cy}" fill="#fff" stroke="#222" '
                f'stroke-width="1.5"/><text x="{cx}" y="{cy}" font-size="20" '
                f'text-anchor="middle" dominant-baseline="central">{mark}</text>{label}</g>')
    return (f'<g class="node" data-id="{_e(ref)}">{title}<rect x="{x}" y="{y}" width="{w}" '
            f'height="{h}" fill="#fff" stroke="#222"/></g>')


def legend_svg() -> str:
    """Colour scale for the diagrams: 0% green, 50% yellow, 100% red, grey for no data."""
    stops = "".join(f'<stop offset="{int(100 * x)}%" stop-color="{colour(x)}"/>'
                    for x in (0.0, 0.25, 0.5, 0.75, 1.0))
    return ('<svg class="legend" xmlns="http://www.w3.org/2000/svg" width="620" height="86" '
            'font-family="sans-serif" font-size="12" role="img" aria-label="Colour legend">'
            f'<defs><linearGradient id="legend_scale">{stops}</linearGradient></defs>'
            '<rect x="10" y="10" width="300" height="18" fill="url(#legend_scale)" '
            'stroke="#333"/><text x="10" y="44">0%</text><text x="160" y="44" '
            'text-anchor="middle">50%</text><text x="310" y="44" text-anchor="end">100%</text>'
            f'<rect x="340" y="10" width="26" height="18" fill="{NO_DATA}" stroke="#333"/>'
            '<text x="372" y="24">no data / role unconstrained</text>'
            f'<rect x="10" y="56" width="40" height="20" rx="6" fill="{colour(0.3)}" '
            'stroke="#222" stroke-width="1.5"/><text x="58" y="71">solid border: share of its '
            'deadlines missed</text>'
            f'<rect x="330" y="56" width="40" height="20" rx="6" fill="{colour(0.3)}" '
            'stroke="#222" stroke-width="1.5" stroke-dasharray="5 3"/><text x="378" y="71">'
            "dashed: its role's utilisation</text></svg>")


# --------------------------------------------------------------------------- tables


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    if not rows:
        return "<p><em>None in this run.</em></p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _dl(items: Sequence[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


# --------------------------------------------------------------------------- figures


def _figure_uri(out: Path, name: str, build: Callable[[], charts.Figure]) -> str:
    """The PNG ``name`` already in ``out`` (written by :mod:`simulation.results.report`), or drawn
    now, as a ``data:`` URI."""
    path = out / name
    data = path.read_bytes() if path.is_file() else charts.png_bytes(build())
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


# --------------------------------------------------------------------------- study details


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _version() -> str:
    try:
        return metadata.version("missingsim")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _population(scenario: Scenario | None) -> str:
    if scenario is not None and scenario.ssda903:
        text = (f"SSDA903 Missing table: file <code>{_e(Path(scenario.ssda903).name)}</code> "
                f"(sha256 <code>{_sha256(Path(scenario.ssda903))}</code>)")
        if scenario.ssda903_header:
            text += f", header file <code>{_e(Path(scenario.ssda903_header).name)}</code>"
        text += (". Only the file names and counts are reported here, never child-level data. "
                 + ("Onset profile given in the scenario."
                    if scenario.onset_profile else "Onset profile: the default."))
        return text
    from simulation.run.population import PopulationSpec
    note = _e(POPULATION_SOURCE_NOTE)
    spec = scenario.population if scenario is not None else None
    if spec is None:
        return note + " All defaults used."
    default = PopulationSpec()
    changed = [(f.name, getattr(spec, f.name)) for f in dataclasses.fields(spec)
               if getattr(spec, f.name) != getattr(default, f.name)]
    if not changed:
        return note + " All defaults used."
    rows = "".join(f"<li><code>{_e(k)}</code> = {_e(v)} (scenario; default "
                   f"{_e(getattr(default, k))})</li>" for k, v in changed)
    return note + f" Changed in the scenario:<ul>{rows}</ul>"


def _staffing(scenario: Scenario | None) -> str:
    if scenario is None:
        return "not stated (no scenario given)"
    if not scenario.staffing:
        return "no role limited: every role is unconstrained"
    rows = []
    for role, s in sorted(scenario.staffing.items()):
        shifts = "; ".join(
            f"{','.join(_DAYS[d] for d in sorted(x.days))}"
            f" {x.start_minute // 60:02d}:{x.start_minute % 60:02d}-"
            f"{x.end_minute // 60:02d}:{x.end_minute % 60:02d} x{x.count}" for x in s.shifts)
        rows.append((role, s.count, s.calendar, shifts or ""))
    return _table(("Role", "Staff (peak)", "Calendar", "Shifts"), rows) + (
        "<p>Roles not listed are not limited: their work starts at once, at any hour.</p>")


def _overrides(scenario: Scenario | None) -> str:
    if scenario is None or not scenario.overrides:
        return "none (the model's numbers as written in the .bpmn files)"
    return _table(("Element", "Duty", "Deadline", "Field", "Value"),
                  [(o.element or "", o.duty or "", o.deadline or "", o.field, o.value)
                   for o in scenario.overrides])


ASSUMPTIONS: tuple[str, ...] = (
    "Each protocol is simulated as encoded in its BPMN model; what a model deliberately does "
    "not encode is listed below per model (its omissions, with the reason).",
    "Roles without staffing in the scenario are unconstrained (no queue, any hour).",
    "Only what happens after the warm-up counts: deadlines anchored after it, requests made "
    "after it, busy time after it; the backlog figure shows the warm-up shaded.",
    "Deadlines still open at the end of the run are censored (pending): neither met nor missed.",
    "Replications are independent (one random stream per replication, derived from the seed); "
    "intervals are 95% Student t intervals across replications.",
    "Processing times, timers and branch probabilities are those of the model files, changed "
    "only by the overrides listed above.",
)


def _study_details(results: Sequence[RunResult], scenario_name: str,
                   loaded: Sequence[tuple[str, ProtocolModel | None]], seed: int,
                   epoch: dt.datetime | None, scenario: Scenario | None) -> str:
    model_rows = []
    for name, model in loaded:
        path = model_path(name)
        model_rows.append((name, model.authority if model else "", str(path.name),
                           _sha256(path), model.document if model else ""))
    horizons = sorted({r.horizon_hours / 24 for r in results})
    warmups = sorted({r.warmup_hours / 24 for r in results})
    if scenario is not None:
        horizons = horizons or [scenario.horizon_days]
        warmups = warmups or [scenario.warmup_days]
    by_authority: dict[str, list[RunResult]] = {}
    for r in sorted(results, key=lambda r: (r.authority, r.replication)):
        by_authority.setdefault(r.authority, []).append(r)
    reps = "; ".join(f"{_e(a)}: {len(rs)}" for a, rs in by_authority.items()) or "none"
    seeds = "; ".join(f"{_e(a)}: " + ", ".join(f"rep {r.replication} = {r.seed}" for r in rs)
                      for a, rs in by_authority.items())
    scenario_file = "not stated"
    if scenario is not None:
        p = Path(scenario.path)
        scenario_file = (f"<code>{_e(p.name)}</code> (sha256 <code>{_sha256(p)}</code>)")
    items = [
        ("Scenario", _e(scenario_name)),
        ("Scenario file", scenario_file),
        ("Model files", _table(("Model", "Authority", "File", "sha256", "Source document"),
                               model_rows)),
        ("missingsim version", f"<code>{_e(_version())}</code>"),
        ("Population source", _population(scenario)),
        ("Staffing", _staffing(scenario)),
        ("Overrides", _overrides(scenario)),
        ("Immediate duties", _e(
            "'immediately', 'without delay', 'as soon as possible' are measured against a "
            f"tolerance of {getattr(scenario, 'immediate_tolerance', None) or 'PT1H'} on the "
            "clock (the scenario's immediate_tolerance): an assumption of the tool, not a "
            "number any document gives")),
        ("Start of the simulated period", _e(epoch.isoformat()) if epoch else "not stated "
         "(hour 0 taken as Monday 00:00)"),
        ("Horizon", ", ".join(f"{h:g}" for h in horizons) + " days" if horizons else "n/a"),
        ("Warm-up", ", ".join(f"{w:g}" for w in warmups) + " days" if warmups else "n/a"),
        ("Replications", reps),
        ("Seed(s)", f"scenario seed {seed}" + (f"; per replication: {seeds}" if seeds else "")),
        ("Assumptions", "<ul>" + "".join(f"<li>{_e(a)}</li>" for a in ASSUMPTIONS) + "</ul>"),
    ]
    omissions = []
    for name, model in loaded:
        if model is not None and model.omissions:
            lis = "".join(f"<li>{_e(o.reason)} [{_e(o.citation.section)}]</li>"
                          for o in model.omissions)
            omissions.append(f"<details><summary>{_e(name)}: {len(model.omissions)} "
                             f"omissions</summary><ul>{lis}</ul></details>")
    if omissions:
        items.append(("Not encoded in the models", "".join(omissions)))
    return ('<section id="study"><h2>Study details (STRESS-DES)</h2><p>The reporting items of '
            "the STRESS-DES guideline (Monks et al. 2019) that a reader needs to judge and "
            f"repeat this study.</p>{_dl(items)}</section>")


# --------------------------------------------------------------------------- page

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1300px;padding:1em 2em;color:#222;line-height:1.4}
h1{border-bottom:2px solid #4477aa;padding-bottom:.2em}h2{margin-top:2em;color:#24466b}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef2f7}tbody tr:nth-child(even){background:#fafafa}
img{max-width:100%;height:auto;border:1px solid #eee}
.diagram-box{position:relative;border:1px solid #ccc;background:#fff;overflow:hidden}
.diagram-box svg.diagram{display:block;width:100%;height:70vh;cursor:grab;touch-action:none}
.diagram-box svg.diagram.dragging{cursor:grabbing}
.diagram-tools{position:absolute;top:6px;right:6px;display:flex;gap:4px}
.diagram-tools button{font-size:13px;padding:2px 9px;border:1px solid #888;border-radius:4px;
background:#f7f7f7;cursor:pointer}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1em}
dl{display:grid;grid-template-columns:14em 1fr;gap:.4em 1em}dt{font-weight:bold}dd{margin:0}
code{font-size:12px;word-break:break-all}.note{color:#555;font-size:13px}
"""

# Pan (drag), zoom (wheel, + and - buttons) and fit for every diagram, by changing the SVG
# viewBox: inline, no library, nothing fetched. Each box gets data-zoom="ready" once wired.
DIAGRAM_SCRIPT = """
(function(){
  function wire(box){
    var svg=box.querySelector('svg.diagram'); if(!svg){return;}
    var v0=svg.getAttribute('viewBox').split(/[ ,]+/).map(Number);
    var v=v0.slice();
    svg.removeAttribute('width'); svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio','xMidYMin meet');
    function show(){svg.setAttribute('viewBox',v.join(' '));}
    function size(){
      var h=box.clientWidth*v0[3]/v0[2];
      svg.style.height=Math.round(Math.max(300,Math.min(h,window.innerHeight*0.85)))+'px';
    }
    function fit(){size(); v=v0.slice(); show();}
    function zoom(f,cx,cy){
      if(cx===undefined){cx=v[0]+v[2]/2; cy=v[1]+v[3]/2;}
      var w=Math.min(Math.max(v[2]*f,v0[2]/40),v0[2]*4), h=w*v[3]/v[2];
      v=[cx-(cx-v[0])*w/v[2], cy-(cy-v[1])*h/v[3], w, h]; show();
    }
    function point(e){
      var r=svg.getBoundingClientRect(), s=Math.max(v[2]/r.width, v[3]/r.height);
      var ox=(r.width*s-v[2])/2, oy=0;
      return [v[0]-ox+(e.clientX-r.left)*s, v[1]-oy+(e.clientY-r.top)*s, s];
    }
    svg.addEventListener('wheel',function(e){
      e.preventDefault(); var p=point(e); zoom(e.deltaY<0?0.8:1.25,p[0],p[1]);
    },{passive:false});
    var drag=null;
    svg.addEventListener('pointerdown',function(e){
      drag=[e.clientX,e.clientY,v[0],v[1],point(e)[2]]; svg.classList.add('dragging');
      if(svg.setPointerCapture){svg.setPointerCapture(e.pointerId);}
    });
    svg.addEventListener('pointermove',function(e){
      if(!drag){return;}
      v[0]=drag[2]-(e.clientX-drag[0])*drag[4]; v[1]=drag[3]-(e.clientY-drag[1])*drag[4]; show();
    });
    function stop(){drag=null; svg.classList.remove('dragging');}
    svg.addEventListener('pointerup',stop); svg.addEventListener('pointercancel',stop);
    var tools=document.createElement('div'); tools.className='diagram-tools';
    [['Fit',fit,'Fit the whole diagram'],['+',function(){zoom(0.8);},'Zoom in'],
     ['\u2212',function(){zoom(1.25);},'Zoom out']].forEach(function(b){
      var button=document.createElement('button'); button.type='button';
      button.textContent=b[0]; button.title=b[2]; button.addEventListener('click',b[1]);
      tools.appendChild(button);
    });
    box.appendChild(tools); fit(); box.setAttribute('data-zoom','ready');
  }
  Array.prototype.forEach.call(document.querySelectorAll('.diagram-box'),wire);
})();
"""


def diagram_box(svg: str) -> str:
    """A diagram in its pan-and-zoom box (the controls are added by :data:`DIAGRAM_SCRIPT`)."""
    return f'<div class="diagram-box">{svg}</div>'


def html_page(title: str, parts: Sequence[str]) -> str:
    """A whole self-contained page: inline CSS, the body ``parts``, the inline diagram script."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style>"
            "</head><body>" + "\n".join(parts)
            + f"<script>{DIAGRAM_SCRIPT}</script></body></html>\n")


escape = _e
html_table = _table


def write_html_report(results: Sequence[RunResult], out_dir: str | Path, *, scenario_name: str,
                      models: Sequence[str], seed: int, epoch: dt.datetime | None = None,
                      task_duties: Mapping[str, str] | None = None,
                      scenario: Scenario | None = None,
                      out_of_area_notes: Sequence[str] | None = None,
                      tables: kpis.KpiTables | None = None) -> Path:
    """Write ``report.html`` into ``out_dir`` (one self-contained file) and return its path.

    Parameters
    ----------
    results
        The replications of one scenario (one or more authorities).
    out_dir
        Folder for ``report.html``. PNG figures of :mod:`simulation.results.report` already there
        (``write_report``) are embedded; missing ones are drawn here and only embedded.
    scenario_name, models, seed, epoch, task_duties
        As for :func:`simulation.results.report.write_report`; ``models`` are shipped names or
        paths.
    scenario
        The scenario, for the study details (scenario file, population source, staffing,
        overrides); without it those items say "not stated".
    out_of_area_notes
        As for :func:`simulation.results.report.write_report`; worked out from the scenario when not
        given.
    tables
        The KPI tables when already worked out (:func:`simulation.results.kpis.kpi_tables`).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t = tables or kpis.kpi_tables(results, epoch=epoch, task_duties=task_duties)
    compliance, completion, utilisation, waits = t.compliance, t.completion, t.utilisation, t.waits
    meetings, escalations, triggers = t.meetings, t.escalations, t.triggers

    loaded: list[tuple[str, ProtocolModel | None]] = []
    for name in models:
        try:
            loaded.append((name, scenario.model(name) if scenario is not None
                           else load_model(name)))
        except MissingsimError:  # a model that cannot be read is reported, not fatal
            loaded.append((name, None))

    figures: dict[str, Callable[[], charts.Figure]] = {
        "compliance.png": lambda: charts.compliance_figure(compliance),
        "utilisation.png": lambda: charts.utilisation_figure(utilisation),
        "waits_by_hour.png": lambda: charts.waits_figure(waits),
        "backlog.png": lambda: charts.backlog_figure(t.backlog, results),
    }
    uri = {name: _figure_uri(out, name, build) for name, build in figures.items()}

    def img(name: str, alt: str) -> str:
        return f'<figure><img src="{uri[name]}" alt="{_e(alt)}"></figure>'

    pct, num, num_ci = md_report.pct_ci, md_report.num, md_report.num_ci
    parts = [f"<h1>Simulation report: {_e(scenario_name)}</h1>",
             f'<p class="note">Models: {_e(", ".join(models) or "none stated")}; seed {seed}; '
             f"{len(results)} replication{'s' * (len(results) != 1)}. Intervals are 95% confidence "
             "intervals across "
             'replications. Full details in <a href="#study">Study details</a>.</p>']

    parts.append("<h2>Deadlines met</h2><p>Share of deadlines met among those met or missed; "
                 "deadlines still open at the end are <em>pending</em> (censored).</p>")
    parts.append(img("compliance.png", "Share of deadlines met, with 95% intervals"))
    parts.append(_table(
        ("Authority", "Duty", "Deadline", "Limit in force", "Split", "Met", "Missed", "Pending",
         "Met (95% interval)"),
        [(r["authority"], r["duty_label"], r["deadline"], r["limit"] or "n/a", r["split"],
          r["met"], r["missed"], r["pending"],
          pct(r["compliance_mean"], r["compliance_ci_low"], r["compliance_ci_high"]))
         for r in compliance if r["split"] == "all" or r["met"] + r["missed"] + r["pending"]]))
    notes = out_of_area_notes
    placed = getattr(scenario, "out_of_area", None)
    if notes is None and placed is not None and loaded and loaded[0][1] is not None:
        from simulation.run.placements import never_done

        notes = never_done(loaded[0][1], placed.hosts, latency=placed.latency,
                           models=getattr(scenario, "loaded", None))
    if notes:
        parts.append("<p>Duties never done for children placed out of area (the combined "
                     "model of the two protocols never reaches them, so they and their "
                     "deadlines have no out-of-area row):</p><ul>"
                     + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")

    parts.append("<h2>Time taken</h2><p>Pending counts the same deadlines as above (not done "
                 "and not yet due when the run ended); <em>missed, not done</em> were past due "
                 "and still not done (counted as missed above).</p>")
    parts.append(_table(md_report.COMPLETION_HEADER,
                        [md_report.completion_cells(r) for r in completion]))

    parts.append("<h2>How busy staff are</h2><p>Roles without a rota are unconstrained; a rota "
                 "so large that no task waited and under "
                 f"{100 * kpis.IN_EFFECT_BELOW:g}% of it was busy is unconstrained in effect. "
                 "Neither has a share busy.</p>")
    parts.append(img("utilisation.png", "Utilisation by role"))
    parts.append(_table(md_report.UTILISATION_HEADER,
                        [(r["authority"], r["role_label"], r["role"],
                          *md_report.utilisation_cells(r)) for r in utilisation]))

    parts.append("<h2>Waiting for staff</h2>")
    never = md_report.never_waited(waits)
    if never:
        parts.append(f"<p>Not drawn, because no task waited for them: {_e('; '.join(never))}."
                     "</p>")
    parts.append(img("waits_by_hour.png", "Mean wait by hour of the week"))
    parts.append(_table(
        ("Authority", "Role", "Role id", "Requests", "Mean wait h", "90% waited at most h",
         "% that waited"),
        [(r["authority"], r["role_label"], r["role"], r["requests"],
          num(r["mean_wait_hours"], 2), num(r["p90_wait_hours"], 2),
          num(100 * r["share_waited"], 1)) for r in waits if r["hour_of_week"] == "all"]))

    parts.append("<h2>Backlog over time</h2>")
    parts.append(img("backlog.png", "Open episodes and queued tasks per day"))

    for title, rows, what in (("Meetings", meetings, "Meetings held"),
                              ("Escalations to a senior manager", escalations, "Escalations")):
        parts.append(f"<h2>{_e(title)}</h2>")
        parts.append(_table(("Authority", "Duty", f"{what} (all replications)", "Episodes",
                             "Per week (95% interval)"),
                            [(r["authority"], r["duty_label"], r["completed_total"], r["cases"],
                              num_ci(r["per_week_mean"], r["per_week_ci_low"],
                                     r["per_week_ci_high"])) for r in rows]))
    parts.append("<h2>Rules about the child that fired</h2>")
    parts.append(_table(("Authority", "Rule", "Element", "Times (all replications)", "Episodes",
                         "Per replication (95% interval)"),
                        [(r["authority"], r["trigger"], r["element_id"], r["fired_total"],
                          r["cases"], num_ci(r["per_replication_mean"],
                                             r["per_replication_ci_low"],
                                             r["per_replication_ci_high"])) for r in triggers]))

    parts.append('<h2>The protocols</h2><p>Each task is filled by the share of its deadlines '
                 "missed after the warm-up (solid border) or, for a task with no deadline, by "
                 "its role's utilisation (dashed border). Hover over a task for its numbers.</p>")
    parts.append(legend_svg())
    for name, model in loaded:
        if model is None:
            parts.append(f"<h3>{_e(name)}</h3><p>The model file could not be read.</p>")
            continue
        parts.append(f"<h3>{_e(model.authority)} (<code>{_e(name)}</code>)</h3>")
        parts.append(diagram_box(diagram_svg(model, task_colours(model, results, t))))

    parts.append(_study_details(results, scenario_name, loaded, seed, epoch, scenario))
    page = html_page(f"Simulation report: {scenario_name}", parts)
    return atomic_write_text(out / "report.html", page)
