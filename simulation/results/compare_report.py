"""The comparison's files: ``compare.csv``, ``compare.md``, ``compare.png`` (drawn by
:mod:`simulation.results.charts`), ``compare.html`` (one self-contained page, for a board) and
``compare.xlsx``, all from the rows of :func:`simulation.results.compare.compare`.

``compare.html`` holds, with nothing fetched when it is opened (inline CSS, inline SVG, the PNG
chart as a ``data:`` URI, one inline script for pan and zoom):

- the differences tables and chart of :mod:`simulation.results.compare` (the same rows as
  ``compare.csv``), with each deadline's limit in force in each arm (``72 hours -> 48 hours``);
- both arms' settings side by side (scenario file, models, seed, period, replications,
  population, staffing per role, overrides, the deadlines whose limit the arms set differently,
  out-of-area placements), with the settings that differ marked;
- each arm's diagram: the baseline's tasks filled by their breach rate (as in ``report.html``),
  each variant's by the *change* in breach rate against the baseline (variant - baseline, in
  percentage points, of the task's deadline that changes most), on a diverging scale: blue
  fewer deadlines missed, white no change, red more missed, grey no paired value.

``compare.xlsx`` has the differences and, per arm, its deadline compliance and utilisation
tables (:mod:`simulation.results.workbook`).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models import MissingsimError, ProtocolModel
from models.data.files import atomic_write_text
from models.data.model import ACTIVITY_KINDS
from simulation.results import kpis
from simulation.results.charts import comparison_figure, save_png
from simulation.results.compare import COMPARE_COLUMNS, arm_names
from simulation.results.deadline_labels import deadline_label, deadline_limits, limit_change
from simulation.results.eventlog import write_csv
from simulation.results.html_report import (
    NO_DATA,
    TaskColour,
    diagram_box,
    diagram_svg,
    escape,
    html_page,
    html_table,
    legend_svg,
    task_colours,
)
from simulation.results.markdown_tables import md_cell, md_table
from simulation.results.workbook import write_workbook
from simulation.run.records import RunResult
from simulation.run.scenario import Scenario

__all__ = [
    "COMPARISON_STEPS",
    "change_colour",
    "change_colours",
    "comparison_markdown",
    "difference_sections",
    "settings_rows",
    "write_compare_html",
    "write_compare_workbook",
    "write_comparison",
]

Row = dict[str, Any]
_BLUE, _WHITE, _RED = (33, 102, 172), (247, 247, 247), (178, 24, 43)  # ColorBrewer RdBu ends


def change_colour(change: float, scale: float) -> str:
    """Fill for a change in breach rate (a fraction): blue below zero, white at zero, red
    above, full colour at ``scale`` and beyond; grey for NaN."""
    if math.isnan(change):
        return NO_DATA
    t = max(-1.0, min(1.0, change / scale)) if scale > 0 else 0.0
    end = _RED if t > 0 else _BLUE
    mix = [round(w + abs(t) * (e - w)) for w, e in zip(_WHITE, end, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _scale(rows: Sequence[Row]) -> float:
    """The colour scale: the largest change, rounded up to 5 percentage points (at least 5)."""
    largest = max((abs(r["difference_mean"]) for r in rows
                   if r["kpi"] == "compliance" and not math.isnan(r["difference_mean"])),
                  default=0.0)
    return max(0.05, math.ceil(largest * 20 - 1e-9) / 20)


def change_colours(model: ProtocolModel, rows: Sequence[Row], variant: str,
                   scale: float) -> dict[str, TaskColour]:
    """Each task of ``model`` filled by the change in breach rate of ``variant`` against the
    baseline (breach = 1 - share met, so the change is minus the compliance difference), split
    ``all``; of a task's deadlines the one whose change is largest in size."""
    by_element: dict[str, list[Row]] = {}
    for r in rows:
        if (r["variant"] == variant and r["kpi"] == "compliance" and r["split"] == "all"
                and r["authority"] == model.authority and not math.isnan(r["difference_mean"])):
            by_element.setdefault(r["item"], []).append(r)
    out: dict[str, TaskColour] = {}
    for el in model.elements.values():
        if el.kind not in ACTIVITY_KINDS or el.task is None:
            continue
        mine = by_element.get(el.id, [])
        if not mine:
            why = ("no deadline" if not el.deadlines
                   else "no deadline met or missed in both arms")
            out[el.id] = TaskColour(el.id, "none", math.nan, NO_DATA, why)
            continue
        biggest = max(mine, key=lambda r: abs(r["difference_mean"]))
        change = -biggest["difference_mean"]
        detail = "; ".join(
            f"{r['deadline']} ({_limits(r)}): breach rate {_pp(-r['difference_mean'])} pp"
            + ("" if math.isnan(r["difference_ci_low"]) else
               f" (95% interval {_pp(-r['difference_ci_high'])} to "
               f"{_pp(-r['difference_ci_low'])})")
            for r in mine)
        out[el.id] = TaskColour(el.id, "change", change, change_colour(change, scale),
                                f"change in breach rate, variant - baseline: {detail}")
    return out


def _pp(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{round(100 * value, 1) + 0.0:+.1f}"


def _limits(row: Row) -> str:
    a, b = row.get("baseline_limit", ""), row.get("variant_limit", "")
    return a if a == b else f"{a} \u2192 {b}"


def change_legend(scale: float) -> str:
    """The diverging scale of the variants' diagrams."""
    stops = "".join(f'<stop offset="{int(50 + 50 * x)}%" '
                    f'stop-color="{change_colour(x * scale, scale)}"/>'
                    for x in (-1.0, -0.5, 0.0, 0.5, 1.0))
    pp = round(100 * scale)
    return ('<svg class="legend" xmlns="http://www.w3.org/2000/svg" width="640" height="50" '
            'font-family="sans-serif" font-size="12" role="img" aria-label="Change legend">'
            f'<defs><linearGradient id="change_scale">{stops}</linearGradient></defs>'
            '<rect x="10" y="8" width="300" height="18" fill="url(#change_scale)" '
            f'stroke="#333"/><text x="10" y="42">-{pp} pp (fewer missed)</text>'
            '<text x="160" y="42" text-anchor="middle">0</text>'
            f'<text x="310" y="42" text-anchor="end">+{pp} pp (more missed)</text>'
            f'<rect x="340" y="8" width="26" height="18" fill="{NO_DATA}" stroke="#333"/>'
            '<text x="372" y="22">no paired value / no deadline</text></svg>')


# --------------------------------------------------------------------------- tables


def difference_sections(rows: Sequence[Row], variant: str
                        ) -> list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]]:
    """The difference tables of one variant, as (title, header, body), shared by compare.md
    and compare.html."""
    mine = [r for r in rows if r["variant"] == variant]

    def interval(r: Row, fmt: Callable[[float], str]) -> str:
        return _interval(r["difference_ci_low"], r["difference_ci_high"], fmt)

    Section = tuple[str, tuple[str, ...], list[tuple[object, ...]]]
    sections: list[Section] = [(
        "Deadlines met (all children)",
        ("Duty", "Deadline (as written in the model)", "Element", "Limit in force", "Pairs",
         "Baseline", "Variant", "Difference (pp)", "95% interval (pp)", "Verdict"),
        [(r["label"], r["deadline"], r["item"], limit_change(r), r["pairs"],
          _percent(r["baseline_mean"]), _percent(r["variant_mean"]),
          _points(r["difference_mean"]), interval(r, _points), r["verdict"])
         for r in mine if r["kpi"] == "compliance" and r["split"] == "all"])]
    split = [r for r in mine if r["kpi"] == "compliance" and r["split"] != "all"]
    if split:
        sections.append((
            "Deadlines met, in area and placed out of area",
            ("Duty", "Deadline (as written in the model)", "Element", "Limit in force",
             "Placement", "Pairs", "Baseline", "Variant", "Difference (pp)",
             "95% interval (pp)", "Verdict"),
            [(r["label"], r["deadline"], r["item"], limit_change(r),
              "in area" if r["split"] == "in_area" else "out of area", r["pairs"],
              _percent(r["baseline_mean"]), _percent(r["variant_mean"]),
              _points(r["difference_mean"]), interval(r, _points), r["verdict"])
             for r in split]))
    sections.append((
        "Staff utilisation",
        ("Role", "Role id", "Pairs", "Baseline", "Variant", "Difference (pp)",
         "95% interval (pp)", "Verdict"),
        [(r["label"], r["item"], r["pairs"], _percent(r["baseline_mean"]),
          _percent(r["variant_mean"]), _points(r["difference_mean"]), interval(r, _points),
          r["verdict"])
         for r in mine if r["kpi"] == "utilisation"]))
    sections.append((
        "Mean wait for staff (hours)",
        ("Role", "Role id", "Pairs", "Baseline", "Variant", "Difference (h)", "95% interval (h)",
         "Verdict"),
        [(r["label"], r["item"], r["pairs"], _hours(r["baseline_mean"]),
          _hours(r["variant_mean"]), _signed_hours(r["difference_mean"]),
          interval(r, _signed_hours), r["verdict"])
         for r in mine if r["kpi"] == "mean_wait_hours"]))
    return sections


def _points(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:+.1f}"


def _percent(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:.1f}%"


def _hours(value: float, sign: bool = False) -> str:
    return "n/a" if math.isnan(value) else (f"{value:+.2f}" if sign else f"{value:.2f}")


def _interval(low: float, high: float, fmt: Callable[[float], str]) -> str:
    return "no interval" if math.isnan(low) else f"{fmt(low)} to {fmt(high)}"


def _signed_hours(value: float) -> str:
    return _hours(value, sign=True)


def comparison_markdown(scenarios: Sequence[Scenario],
                        arms: Sequence[Sequence[RunResult]],
                        rows: Sequence[Row]) -> str:
    """The text of ``compare.md``: the arms, then the difference tables of each variant."""
    first = scenarios[0]
    names = arm_names(scenarios)
    lines = ["# Paired comparison: " + md_cell(" vs ".join(names)), "",
             "Every arm has the same seed, population, horizon and warm-up, so replication *r* "
             "of every arm sees the same episodes and random numbers (common random numbers). "
             "Differences are *variant minus baseline* per replication; the interval is a "
             "paired 95% Student t interval across replications.", ""]
    lines += [f"- Baseline: {md_cell(names[0])} (`{md_cell(first.path)}`)"]
    lines += [f"- Variant: {md_cell(n)} (`{md_cell(s.path)}`)"
              for n, s in zip(names[1:], scenarios[1:], strict=True)]
    lines += [f"- Seed: {first.seed}; replications: {first.replications}; simulated period: "
              f"{first.horizon_days:g} days from {first.epoch.date().isoformat()}, of which the "
              f"first {first.warmup_days:g} are a warm-up and not counted",
              "- Episodes per replication (mean): " + "; ".join(
                  f"{md_cell(n)}: {sum(r.episodes for r in runs) / max(len(runs), 1):.1f}"
                  for n, runs in zip(names, arms, strict=True)), "",
              "![Difference in deadlines met, with paired 95% intervals](compare.png)", ""]
    for variant in names[1:]:
        if len(names) > 2:
            lines += [f"## {md_cell(variant)} vs {md_cell(names[0])}", ""]
        head = "###" if len(names) > 2 else "##"
        for title, header, body in difference_sections(rows, variant):
            lines += [f"{head} {title}", ""]
            if title.startswith("Deadlines met (all"):
                lines += ["Percentage points; *lower* or *higher* when the interval excludes "
                          "zero.", ""]
            lines += md_table(header, body, empty="_None._")
    lines += ["## How to read this", "",
              "- A replication counts as a pair for a KPI only when both arms have a value for "
              "it (for a deadline: at least one met or missed after the warm-up).",
              "- Means of each arm are over the same pairs, so *difference = variant - "
              "baseline*.",
              "- `compare.csv` has every row, with proportions as fractions (0.05 = 5 "
              "percentage points) and waits in hours.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- settings


def _staffing_text(scenario: Scenario, role: str) -> str:
    s = scenario.staffing.get(role)
    if s is None:
        return "not staffed: unconstrained"
    if s.shifts:
        days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        return "roster: " + "; ".join(
            f"{','.join(days[d] for d in sorted(x.days))} {x.start_minute // 60:02d}:"
            f"{x.start_minute % 60:02d}-{x.end_minute // 60:02d}:{x.end_minute % 60:02d} "
            f"x{x.count}" for x in s.shifts)
    return f"{s.count} on {s.calendar.replace('_', ' ')}"


def _population_text(scenario: Scenario) -> str:
    if scenario.ssda903:
        return f"SSDA903 table {Path(scenario.ssda903).name}"
    if scenario.population is None:
        return "synthetic, defaults"
    import dataclasses

    from simulation.run.population import PopulationSpec

    default = PopulationSpec()
    changed = [f"{f.name} = {getattr(scenario.population, f.name)}"
               for f in dataclasses.fields(scenario.population)
               if getattr(scenario.population, f.name) != getattr(default, f.name)]
    return "synthetic: " + ("; ".join(changed) if changed else "defaults")


def settings_rows(scenarios: Sequence[Scenario]) -> list[tuple[str, list[str]]]:
    """(setting, value in each arm) for the side-by-side table."""
    rows: list[tuple[str, list[str]]] = []

    def add(name: str, values: list[str]) -> None:
        rows.append((name, values))

    add("Scenario name", [s.name for s in scenarios])
    add("Scenario file", [Path(s.path).name for s in scenarios])
    add("Models", [", ".join(s.models) for s in scenarios])
    add("Seed", [str(s.seed) for s in scenarios])
    add("Start", [s.epoch.isoformat() for s in scenarios])
    add("Horizon", [f"{s.horizon_days:g} days" for s in scenarios])
    add("Warm-up", [f"{s.warmup_days:g} days" for s in scenarios])
    add("Replications", [str(s.replications) for s in scenarios])
    add("Population", [_population_text(s) for s in scenarios])
    add("School holiday periods", [str(len(s.school_holidays)) for s in scenarios])
    for role in sorted({r for s in scenarios for r in s.staffing}):
        add(f"Staffing: {role}", [_staffing_text(s, role) for s in scenarios])
    add("Overrides", ["; ".join(
        f"{o.element or o.duty}{f' ({o.deadline})' if o.deadline else ''}: {o.field} = {o.value}"
        for o in s.overrides) or "none" for s in scenarios])
    limits = [deadline_limits(s) for s in scenarios]
    keys = sorted({k for arm in limits for k in arm})
    for key in keys:
        shown = [arm[key].words if key in arm else "n/a" for arm in limits]
        if len(set(shown)) > 1:
            first = next(arm[key] for arm in limits if key in arm)
            add(f"Deadline limit: {deadline_label(key[1], first.model_limit, first.model_limit)} "
                f"[{key[0]}]", shown)
    add("Placed out of area", [
        "no" if s.out_of_area is None else
        f"hosts {', '.join(s.out_of_area.hosts)}"
        + (f"; share {s.out_of_area.share:g}" if s.out_of_area.share is not None else "")
        + (f"; latency {s.out_of_area.latency}" if s.out_of_area.latency else "")
        for s in scenarios])
    return rows


def _settings_html(scenarios: Sequence[Scenario], names: Sequence[str]) -> str:
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    body = []
    for name, values in settings_rows(scenarios):
        differs = len(set(values)) > 1
        cells = "".join(f"<td>{escape(v)}</td>" for v in values)
        mark = "<td><strong>differs</strong></td>" if differs else "<td></td>"
        cls = ' class="differs"' if differs else ""
        body.append(f"<tr{cls}><th>{escape(name)}</th>{cells}{mark}</tr>")
    return (f"<table><thead><tr><th>Setting</th>{head}<th></th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


# --------------------------------------------------------------------------- page


def _load(scenario: Scenario) -> ProtocolModel | None:
    try:
        return scenario.model()
    except MissingsimError:
        return None


def write_compare_html(scenarios: Sequence[Scenario], arms: Sequence[Sequence[RunResult]],
                       rows: Sequence[Row], out_dir: str | Path) -> Path:
    """Write ``compare.html`` into ``out_dir`` (where ``compare.png`` already is, or is
    missing and then left out) and return its path."""
    out = Path(out_dir)
    names = arm_names(scenarios)
    first = scenarios[0]
    parts = [f"<h1>Paired comparison: {escape(' vs '.join(names))}</h1>",
             "<p>Every arm has the same seed, population, horizon and warm-up, so replication "
             "<em>r</em> of every arm sees the same episodes and random numbers (common random "
             "numbers). Differences are <em>variant minus baseline</em> per replication; the "
             "interval is a paired 95% Student t interval across replications; <em>lower</em> "
             "or <em>higher</em> when it excludes zero.</p>",
             f'<p class="note">Baseline: {escape(names[0])}. Seed {first.seed}; '
             f"{first.replications} replications; {first.horizon_days:g} days from "
             f"{first.epoch.date().isoformat()}, of which the first {first.warmup_days:g} are a "
             "warm-up and not counted. Episodes per replication (mean): "
             + escape("; ".join(f"{n}: {sum(r.episodes for r in runs) / max(len(runs), 1):.1f}"
                                for n, runs in zip(names, arms, strict=True))) + "</p>"]
    png = out / "compare.png"
    if png.is_file():
        uri = "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(f'<figure><img src="{uri}" alt="Difference in deadlines met, with paired '
                     '95% intervals"></figure>')
    for variant in names[1:]:
        if len(names) > 2:
            parts.append(f"<h2>{escape(variant)} vs {escape(names[0])}</h2>")
        for title, header, body in difference_sections(rows, variant):
            parts.append(f"<h2>{escape(title)}</h2>" if len(names) <= 2
                         else f"<h3>{escape(title)}</h3>")
            parts.append(html_table(header, body))
    parts.append("<h2>Settings side by side</h2>")
    parts.append(_settings_html(scenarios, names))

    parts.append("<h2>The protocols</h2><p>The baseline's tasks are filled by the share of "
                 "their deadlines missed (as in <code>report.html</code>); each variant's by the "
                 "change in that share against the baseline, for the task's deadline that "
                 "changes most. Hover over a task for its numbers; drag to pan, wheel or "
                 "buttons to zoom.</p>")
    scale = _scale(rows)
    for i, (name, scenario, runs) in enumerate(zip(names, scenarios, arms, strict=True)):
        model = _load(scenario)
        parts.append(f"<h3>{escape(name)}: {escape(scenario.models[0])}</h3>")
        if model is None:
            parts.append("<p>The model file could not be read.</p>")
            continue
        if i == 0:
            parts.append(legend_svg())
            colours = task_colours(model, runs, kpis.KpiTables(
                kpis.compliance_table(runs), [], kpis.utilisation_table(runs), [], [], [], [],
                []))
        else:
            parts.append(change_legend(scale))
            colours = change_colours(model, rows, name, scale)
        svg = diagram_svg(model, colours).replace(
            f'data-model="{escape(model.name)}"', f'data-model="{escape(model.name)}" '
            f'data-arm="{i}"', 1)
        parts.append(diagram_box(_unique_ids(svg, i)))
    parts.append("<h2>How to read this</h2><ul><li>A replication counts as a pair for a KPI "
                 "only when both arms have a value for it (for a deadline: at least one met or "
                 "missed after the warm-up).</li><li>Means of each arm are over the same pairs, "
                 "so difference = variant - baseline.</li><li><code>compare.csv</code> and "
                 "<code>compare.xlsx</code> have every row, with proportions as fractions "
                 "(0.05 = 5 percentage points) and waits in hours.</li></ul>")
    page = html_page(f"Paired comparison: {' vs '.join(names)}", parts)
    return atomic_write_text(out / "compare.html", page)


def _unique_ids(svg: str, arm: int) -> str:
    """The same model drawn twice on a page needs its own marker ids per arm."""
    for marker in ("arrow-open_", "arrow_"):
        svg = svg.replace(f'id="{marker}', f'id="a{arm}{marker}').replace(
            f"url(#{marker}", f"url(#a{arm}{marker}")
    return svg


def write_compare_workbook(scenarios: Sequence[Scenario], arms: Sequence[Sequence[RunResult]],
                           rows: Sequence[Row], out_dir: str | Path) -> Path:
    """Write ``compare.xlsx``: the differences, then each arm's deadline compliance (limits
    in force in that arm) and utilisation tables."""
    names = arm_names(scenarios)
    sheets: list[tuple[str, Sequence[str], Sequence[Row]]] = [
        ("differences", COMPARE_COLUMNS, list(rows))]
    for i, (scenario, runs) in enumerate(zip(scenarios, arms, strict=True), start=1):
        sheets.append((f"arm {i} compliance", kpis.COMPLIANCE_COLUMNS,
                       kpis.compliance_table(runs, limits=deadline_limits(scenario))))
        sheets.append((f"arm {i} utilisation", kpis.UTILISATION_COLUMNS,
                       kpis.utilisation_table(runs)))
    about: list[tuple[str, object]] = [
        ("Comparison", " vs ".join(names)),
        *((f"Arm {i}", f"{n} ({Path(s.path).name})")
          for i, (n, s) in enumerate(zip(names, scenarios, strict=True), start=1)),
        ("Seed", scenarios[0].seed), ("Replications per arm", scenarios[0].replications),
        ("Read me", "differences: variant - baseline per KPI with a paired 95% interval, "
                    "proportions as fractions; arm sheets: that arm's own tables."),
    ]
    return write_workbook(Path(out_dir) / "compare.xlsx", sheets, about=about)


COMPARISON_STEPS = ("compare.csv", "compare.png", "compare.html", "compare.xlsx", "compare.md")


def write_comparison(scenarios: Sequence[Scenario], arms: Sequence[Sequence[RunResult]],
                     rows: Sequence[Row], out_dir: str | Path,
                     progress: Callable[[str], None] | None = None) -> Path:
    """Write compare.csv, compare.md, compare.png, the self-contained compare.html and the
    workbook compare.xlsx into ``out_dir`` (which must exist); returns the path of compare.md.
    ``progress`` is called with each file's name (``COMPARISON_STEPS``) once it is written."""
    out = Path(out_dir)
    done = progress or (lambda name: None)
    write_csv(out / "compare.csv", COMPARE_COLUMNS,
              ([r[c] for c in COMPARE_COLUMNS] for r in rows))
    done("compare.csv")
    save_png(comparison_figure(rows), out / "compare.png")
    done("compare.png")
    write_compare_html(scenarios, arms, rows, out)
    done("compare.html")
    write_compare_workbook(scenarios, arms, rows, out)
    done("compare.xlsx")
    path = atomic_write_text(out / "compare.md", comparison_markdown(scenarios, arms, rows))
    done("compare.md")
    return path
