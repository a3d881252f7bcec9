"""The run report: ``report.md`` with tables and PNG figures, for readers who do not code.

Every number comes from :mod:`simulation.results.kpis`; this module only formats. The figures are
drawn by :mod:`simulation.results.charts` (the one module that imports matplotlib), the markdown
tables by :mod:`simulation.results.markdown_tables`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.data.files import atomic_write_text
from simulation.results import kpis
from simulation.results.charts import (
    backlog_figure,
    compliance_figure,
    save_png,
    utilisation_figure,
    waits_figure,
)
from simulation.results.markdown_tables import md_cell, md_table
from simulation.run.records import RunResult

__all__ = [
    "COMPLETION_HEADER", "FIGURES", "UTILISATION_HEADER", "completion_cells", "never_waited",
    "num", "num_ci", "pct_ci", "staffing_words", "utilisation_cells", "write_report",
]

FIGURES: tuple[str, ...] = ("compliance.png", "utilisation.png", "waits_by_hour.png",
                            "backlog.png")
Row = dict[str, Any]


def write_report(results: Sequence[RunResult], out_dir: str | Path, *, scenario_name: str,
                 models: Sequence[str], seed: int, epoch: dt.datetime | None = None,
                 task_duties: Mapping[str, str] | None = None,
                 out_of_area_notes: Sequence[str] = (),
                 tables: kpis.KpiTables | None = None) -> Path:
    """Write ``report.md`` and its figures (:data:`FIGURES`) into ``out_dir``; return the report.

    Parameters
    ----------
    results
        The replications of one scenario (one or more authorities).
    out_dir
        Folder for ``report.md`` and the PNG files (created if needed; files replaced atomically).
    scenario_name, models, seed
        Stated at the top of the report, with the replications, horizon and warm-up.
    epoch
        The scenario epoch (timezone-aware), to place waits on the local clock and date the
        backlog; without it hour 0 is taken as Monday 00:00.
    task_duties
        Element id -> duty, for counting meetings and escalations (see
        :func:`simulation.results.kpis.meetings_per_week`).
    out_of_area_notes
        Sentences for the out-of-area section: deadlines that can never be met for children
        placed in a host's area (:func:`simulation.run.placements.never_done`).
    tables
        The KPI tables when already worked out (:func:`simulation.results.kpis.kpi_tables`).
    """
    out = Path(out_dir)
    t = tables or kpis.kpi_tables(results, epoch=epoch, task_duties=task_duties)
    compliance, completion, utilisation, waits = t.compliance, t.completion, t.utilisation, t.waits
    backlog, meetings, escalations, triggers = t.backlog, t.meetings, t.escalations, t.triggers

    save_png(compliance_figure(compliance), out / "compliance.png")
    save_png(utilisation_figure(utilisation), out / "utilisation.png")
    save_png(waits_figure(waits), out / "waits_by_hour.png")
    save_png(backlog_figure(backlog, results), out / "backlog.png")

    lines = _header(results, scenario_name, models, seed, epoch)
    lines += _compliance_section(compliance, out_of_area_notes)
    lines += _completion_section(completion)
    lines += _utilisation_section(utilisation)
    lines += _waits_section(waits)
    lines += _backlog_section()
    lines += _counts_section("Meetings", meetings, "Meetings held")
    lines += _counts_section("Escalations to a senior manager", escalations, "Escalations")
    lines += _triggers_section(triggers)
    lines += _method_section()
    return atomic_write_text(out / "report.md", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- text


def num(value: float, digits: int = 1) -> str:
    """A number with thousands separators; never ``-0.0`` (a value that rounds to zero is 0)."""
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    shown = round(float(value), digits) + 0.0
    return f"{shown:,.{digits}f}"


def _pct(value: float) -> str:
    return num(100 * value, 1)


def pct_ci(mean: float, low: float, high: float) -> str:
    if math.isnan(mean):
        return "n/a"
    if math.isnan(low):
        return f"{_pct(mean)}% (one replication: no interval)"
    return f"{_pct(mean)}% ({_pct(low)} to {_pct(high)})"


def staffing_words(row: Row) -> str:
    """How a role was staffed, for the utilisation tables of report.md and report.html."""
    if row["staffing"] == kpis.UNCONSTRAINED:
        return "unconstrained (no rota in the scenario)"
    if row["staffing"] == kpis.UNCONSTRAINED_IN_EFFECT:
        return (f"unconstrained in effect (no task waited; under "
                f"{100 * kpis.IN_EFFECT_BELOW:g}% busy)")
    return "rota"


def utilisation_cells(row: Row) -> tuple[str, str, str, str]:
    """(staffing, rota staff-hours, busy staff-hours, share busy) of a utilisation row: an
    unconstrained role is said to be so, not given a huge rota and 0.0% busy."""
    busy = num(row["busy_hours_mean"], 0)
    if row["staffing"] == kpis.STAFFED:
        return ("rota", num(row["capacity_hours_mean"], 0), busy,
                pct_ci(row["utilisation_mean"], row["utilisation_ci_low"],
                        row["utilisation_ci_high"]))
    return (staffing_words(row), "unconstrained", busy, "unconstrained")


def completion_cells(row: Row) -> tuple[object, ...]:
    """The time-taken columns shared by report.md and report.html."""
    return (row["authority"], row["duty_label"], row["deadline"], row["limit"] or "n/a",
            row["done"], row["pending"], row["missed_not_done"], num(row["limit_p50_hours"]),
            num(row["p50_hours"]), num(row["p90_hours"]), num(row["p95_hours"]))


COMPLETION_HEADER: tuple[str, ...] = (
    "Authority", "Duty", "Deadline", "Limit in force", "Done", "Pending (not yet due)",
    "Missed, not done", "Time allowed (median h)", "Median h", "90% within h", "95% within h")
UTILISATION_HEADER: tuple[str, ...] = (
    "Authority", "Role", "Role id", "Staffing", "Rota staff-hours", "Busy staff-hours",
    "Share busy (95% interval)")


def num_ci(mean: float, low: float, high: float, digits: int = 2) -> str:
    if math.isnan(mean):
        return "n/a"
    if math.isnan(low):
        return num(mean, digits)
    return f"{num(mean, digits)} ({num(low, digits)} to {num(high, digits)})"


def _header(results: Sequence[RunResult], scenario_name: str, models: Sequence[str], seed: int,
            epoch: dt.datetime | None) -> list[str]:
    by_authority: dict[str, list[RunResult]] = {}
    for r in sorted(results, key=lambda r: (r.authority, r.replication)):
        by_authority.setdefault(r.authority, []).append(r)
    lines = [f"# Simulation report: {md_cell(scenario_name)}", "",
             f"- Models: {', '.join(models) if models else 'none stated'}",
             f"- Seed: {seed}"]
    if epoch is not None:
        lines.append(f"- Start of the simulated period: {epoch.isoformat()}")
    if not by_authority:
        return [*lines, "", "_No results: nothing was simulated._", ""]
    horizons = sorted({r.horizon_hours / 24 for r in results})
    warmups = sorted({r.warmup_hours / 24 for r in results})
    lines += [
        f"- Simulated period: {', '.join(num(h, 1) for h in horizons)} days, of which the first "
        f"{', '.join(num(w, 1) for w in warmups)} days are a warm-up and are left out of every "
        "figure and table except the backlog over time.",
        "- Replications: " + "; ".join(f"{a}: {len(rs)}" for a, rs in by_authority.items()),
        "- Episodes per replication (mean, including the warm-up): " + "; ".join(
            f"{a}: {num(sum(r.episodes for r in rs) / len(rs), 1)}"
            for a, rs in by_authority.items()),
        "",
        "Intervals are 95% confidence intervals across replications. CSV versions of the tables "
        "are written by `simulation.write_tables`.",
        "",
    ]
    return lines


def _compliance_section(rows: list[Row], notes: Sequence[str] = ()) -> list[str]:
    lines = ["## Deadlines met", "",
             "Share of deadlines met among those met or missed. Deadlines still open when the "
             "run ended are shown as *pending* and count neither way (censored).", "",
             "![Share of deadlines met, with 95% intervals](compliance.png)", ""]
    body = [(r["authority"], r["duty_label"], r["deadline"], r["limit"] or "n/a", r["met"],
             r["missed"], r["pending"],
             pct_ci(r["compliance_mean"], r["compliance_ci_low"], r["compliance_ci_high"]))
            for r in rows if r["split"] == "all"]
    lines += md_table(("Authority", "Duty", "Deadline", "Limit in force", "Met", "Missed",
                     "Pending", "Met (95% interval)"), body)
    split = [(r["authority"], r["duty_label"], r["deadline"],
              "in area" if r["split"] == "in_area" else "placed out of area",
              r["met"], r["missed"], r["pending"],
              pct_ci(r["compliance_mean"], r["compliance_ci_low"], r["compliance_ci_high"]))
             for r in rows if r["split"] != "all" and r["met"] + r["missed"] + r["pending"]]
    if any(r["split"] == "out_of_area" and r["met"] + r["missed"] + r["pending"] for r in rows):
        lines += ["### Children placed in area and out of area", ""]
        lines += md_table(("Authority", "Duty", "Deadline", "Placement", "Met", "Missed",
                         "Pending", "Met (95% interval)"), split)
    if notes:
        lines += ["", "Duties never done for children placed out of area (the combined model "
                      "of the two protocols never reaches them, so they and their deadlines "
                      "have no out-of-area row):", ""]
        lines += [f"- {md_cell(n)}" for n in notes]
        lines.append("")
    return lines


def _completion_section(rows: list[Row]) -> list[str]:
    return ["## Time taken", "",
            "Hours from the start of the clock to the duty being done, for the duties that "
            "were done (half, 90% and 95% of them were done within these times). *Pending* "
            "counts the same deadlines as in the table above (not done and not yet due when the "
            "run ended); *missed, not done* were past due and still not done (counted as missed "
            "above).", "",
            *md_table(COMPLETION_HEADER, [completion_cells(r) for r in rows])]


def _utilisation_section(rows: list[Row]) -> list[str]:
    return ["## How busy staff are", "",
            "Staff-hours spent on the protocol's tasks as a share of staff-hours on the rota. "
            "Roles without a rota in the scenario are unconstrained (work starts at once); a "
            "rota so large that no task ever waited for it and under "
            f"{100 * kpis.IN_EFFECT_BELOW:g}% of it was busy is unconstrained in effect. "
            "Neither has a share busy or a bar in the figure.", "",
            "![Utilisation by role](utilisation.png)", "",
            *md_table(UTILISATION_HEADER,
                    [(r["authority"], r["role_label"], r["role"], *utilisation_cells(r))
                     for r in rows])]


def _waits_section(rows: list[Row]) -> list[str]:
    body = [(r["authority"], r["role_label"], r["role"], r["requests"],
             num(r["mean_wait_hours"], 2), num(r["p90_wait_hours"], 2),
             _pct(r["share_waited"]))
            for r in rows if r["hour_of_week"] == "all"]
    never = never_waited(rows)
    note = (["Not drawn, because no task waited for them: " + "; ".join(never) + ".", ""]
            if never else [])
    return ["## Waiting for staff", "",
            "Hours between a task needing a member of staff and one being free.", "", *note,
            "![Mean wait by hour of the week the task arose](waits_by_hour.png)", "",
            *md_table(("Authority", "Role", "Role id", "Requests", "Mean wait h",
                     "90% waited at most h", "% that waited"), body)]


def _backlog_section() -> list[str]:
    return ["## Backlog over time", "",
            "Episodes still open and tasks waiting for staff at the end of each day (mean over "
            "replications); the shaded band is the warm-up.", "",
            "![Open episodes and queued tasks per day](backlog.png)", ""]


def _counts_section(title: str, rows: list[Row], what: str) -> list[str]:
    body = [(r["authority"], r["duty_label"], r["completed_total"], r["cases"],
             num_ci(r["per_week_mean"], r["per_week_ci_low"], r["per_week_ci_high"]))
            for r in rows]
    return [f"## {title}", "",
            *md_table(("Authority", "Duty", f"{what} (all replications)", "Episodes",
                     "Per week (95% interval)"), body)]


def _triggers_section(rows: list[Row]) -> list[str]:
    body = [(r["authority"], r["trigger"], r["element_id"], r["fired_total"], r["cases"],
             num_ci(r["per_replication_mean"], r["per_replication_ci_low"],
                     r["per_replication_ci_high"])) for r in rows]
    return ["## Rules about the child that fired", "",
            *md_table(("Authority", "Rule", "Element", "Times (all replications)", "Episodes",
                     "Per replication (95% interval)"), body)]


def _method_section() -> list[str]:
    return ["## How to read this", "",
            "- Only deadlines whose clock started after the warm-up are counted.",
            "- A share met is computed per replication and then averaged; the interval is a "
            "Student t interval across replications (clipped to 0-100%).",
            "- Busy time counts the part of each task that falls after the warm-up.", ""]


def never_waited(rows: list[Row]) -> list[str]:
    """``authority: role`` of the roles with requests none of which waited (not drawn in the
    waits figure)."""
    return [f"{r['authority']}: {r['role_label']}" for r in rows
            if r["hour_of_week"] == "all" and r["requests"] and r["share_waited"] == 0]
