"""The run report: ``report.md`` with tables and PNG figures, for readers who do not code.

This is the only module that imports matplotlib. It draws on the Agg (PNG) canvas of each
figure object directly (``matplotlib.figure.Figure`` + ``FigureCanvasAgg``), never through
pyplot, so it sets no global backend and is safe to call from servers, tests and notebooks.
Every number comes from :mod:`simulation.kpis`; this module only formats and draws.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulation import kpis
from simulation.eventlog import atomic_write_bytes, atomic_write_text
from simulation.records import RunResult

__all__ = ["FIGURES", "write_report"]

FIGURES: tuple[str, ...] = ("compliance.png", "utilisation.png", "waits_by_hour.png",
                            "backlog.png")
_DPI = 100

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
        :func:`simulation.kpis.meetings_per_week`).
    out_of_area_notes
        Sentences for the out-of-area section: deadlines that can never be met for children
        placed in a host's area (:func:`simulation.placements.never_done`).
    tables
        The KPI tables when already worked out (:func:`simulation.kpis.kpi_tables`).
    """
    out = Path(out_dir)
    t = tables or kpis.kpi_tables(results, epoch=epoch, task_duties=task_duties)
    compliance, completion, utilisation, waits = t.compliance, t.completion, t.utilisation, t.waits
    backlog, meetings, escalations, triggers = t.backlog, t.meetings, t.escalations, t.triggers

    _save(_compliance_figure(compliance), out / "compliance.png")
    _save(_utilisation_figure(utilisation), out / "utilisation.png")
    _save(_waits_figure(waits), out / "waits_by_hour.png")
    _save(_backlog_figure(backlog, results), out / "backlog.png")

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


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    if not rows:
        return ["_None in this run._", ""]
    out = ["| " + " | ".join(_md(h) for h in header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _num(value: float, digits: int = 1) -> str:
    return "n/a" if isinstance(value, float) and math.isnan(value) else f"{value:,.{digits}f}"


def _pct_ci(mean: float, low: float, high: float) -> str:
    if math.isnan(mean):
        return "n/a"
    if math.isnan(low):
        return f"{100 * mean:.1f}% (one replication: no interval)"
    return f"{100 * mean:.1f}% ({100 * low:.1f} to {100 * high:.1f})"


def _num_ci(mean: float, low: float, high: float, digits: int = 2) -> str:
    if math.isnan(mean):
        return "n/a"
    if math.isnan(low):
        return _num(mean, digits)
    return f"{_num(mean, digits)} ({_num(low, digits)} to {_num(high, digits)})"


def _header(results: Sequence[RunResult], scenario_name: str, models: Sequence[str], seed: int,
            epoch: dt.datetime | None) -> list[str]:
    by_authority: dict[str, list[RunResult]] = {}
    for r in sorted(results, key=lambda r: (r.authority, r.replication)):
        by_authority.setdefault(r.authority, []).append(r)
    lines = [f"# Simulation report: {_md(scenario_name)}", "",
             f"- Models: {', '.join(models) if models else 'none stated'}",
             f"- Seed: {seed}"]
    if epoch is not None:
        lines.append(f"- Start of the simulated period: {epoch.isoformat()}")
    if not by_authority:
        return [*lines, "", "_No results: nothing was simulated._", ""]
    horizons = sorted({r.horizon_hours / 24 for r in results})
    warmups = sorted({r.warmup_hours / 24 for r in results})
    lines += [
        f"- Simulated period: {', '.join(_num(h, 1) for h in horizons)} days, of which the first "
        f"{', '.join(_num(w, 1) for w in warmups)} days are a warm-up and are left out of every "
        "figure and table except the backlog over time.",
        "- Replications: " + "; ".join(f"{a}: {len(rs)}" for a, rs in by_authority.items()),
        "- Episodes per replication (mean, including the warm-up): " + "; ".join(
            f"{a}: {_num(sum(r.episodes for r in rs) / len(rs), 1)}"
            for a, rs in by_authority.items()),
        "",
        "Intervals are 95% confidence intervals across replications. CSV versions of the tables "
        "are written by `simulation.kpis.write_tables`.",
        "",
    ]
    return lines


def _compliance_section(rows: list[Row], notes: Sequence[str] = ()) -> list[str]:
    lines = ["## Deadlines met", "",
             "Share of deadlines met among those met or missed. Deadlines still open when the "
             "run ended are shown as *pending* and count neither way (censored).", "",
             "![Share of deadlines met, with 95% intervals](compliance.png)", ""]
    body = [(r["authority"], r["duty_label"], r["deadline"], r["met"], r["missed"], r["pending"],
             _pct_ci(r["compliance_mean"], r["compliance_ci_low"], r["compliance_ci_high"]))
            for r in rows if r["split"] == "all"]
    lines += _table(("Authority", "Duty", "Deadline", "Met", "Missed", "Pending",
                     "Met (95% interval)"), body)
    split = [(r["authority"], r["duty_label"], r["deadline"],
              "in area" if r["split"] == "in_area" else "placed out of area",
              r["met"], r["missed"], r["pending"],
              _pct_ci(r["compliance_mean"], r["compliance_ci_low"], r["compliance_ci_high"]))
             for r in rows if r["split"] != "all" and r["met"] + r["missed"] + r["pending"]]
    if any(r["split"] == "out_of_area" and r["met"] + r["missed"] + r["pending"] for r in rows):
        lines += ["### Children placed in area and out of area", ""]
        lines += _table(("Authority", "Duty", "Deadline", "Placement", "Met", "Missed",
                         "Pending", "Met (95% interval)"), split)
    if notes:
        lines += ["", "Duties never done for children placed out of area (the combined model "
                      "of the two protocols never reaches them, so they and their deadlines "
                      "have no out-of-area row):", ""]
        lines += [f"- {_md(n)}" for n in notes]
        lines.append("")
    return lines


def _completion_section(rows: list[Row]) -> list[str]:
    body = [(r["authority"], r["duty_label"], r["deadline"], r["done"], r["pending"],
             _num(r["limit_p50_hours"]), _num(r["p50_hours"]), _num(r["p90_hours"]),
             _num(r["p95_hours"])) for r in rows]
    return ["## Time taken", "",
            "Hours from the start of the clock to the duty being done, for the duties that "
            "were done (half, 90% and 95% of them were done within these times).", "",
            *_table(("Authority", "Duty", "Deadline", "Done", "Pending", "Time allowed (median h)",
                     "Median h", "90% within h", "95% within h"), body)]


def _utilisation_section(rows: list[Row]) -> list[str]:
    body = [(r["authority"], r["role_label"], r["role"], _num(r["capacity_hours_mean"], 0),
             _num(r["busy_hours_mean"], 0),
             _pct_ci(r["utilisation_mean"], r["utilisation_ci_low"], r["utilisation_ci_high"])
             if r["replications"] else "not limited") for r in rows]
    return ["## How busy staff are", "",
            "Staff-hours spent on the protocol's tasks as a share of staff-hours on the rota. "
            "Roles without a rota in the scenario are not limited and have no share.", "",
            "![Utilisation by role](utilisation.png)", "",
            *_table(("Authority", "Role", "Role id", "Rota staff-hours", "Busy staff-hours",
                     "Share busy (95% interval)"), body)]


def _waits_section(rows: list[Row]) -> list[str]:
    body = [(r["authority"], r["role_label"], r["role"], r["requests"],
             _num(r["mean_wait_hours"], 2), _num(r["p90_wait_hours"], 2),
             _num(100 * r["share_waited"], 1))
            for r in rows if r["hour_of_week"] == "all"]
    return ["## Waiting for staff", "",
            "Hours between a task needing a member of staff and one being free.", "",
            "![Mean wait by hour of the week the task arose](waits_by_hour.png)", "",
            *_table(("Authority", "Role", "Role id", "Requests", "Mean wait h",
                     "90% waited at most h", "% that waited"), body)]


def _backlog_section() -> list[str]:
    return ["## Backlog over time", "",
            "Episodes still open and tasks waiting for staff at the end of each day (mean over "
            "replications); the shaded band is the warm-up.", "",
            "![Open episodes and queued tasks per day](backlog.png)", ""]


def _counts_section(title: str, rows: list[Row], what: str) -> list[str]:
    body = [(r["authority"], r["duty_label"], r["completed_total"], r["cases"],
             _num_ci(r["per_week_mean"], r["per_week_ci_low"], r["per_week_ci_high"]))
            for r in rows]
    return [f"## {title}", "",
            *_table(("Authority", "Duty", f"{what} (all replications)", "Episodes",
                     "Per week (95% interval)"), body)]


def _triggers_section(rows: list[Row]) -> list[str]:
    body = [(r["authority"], r["trigger"], r["element_id"], r["fired_total"], r["cases"],
             _num_ci(r["per_replication_mean"], r["per_replication_ci_low"],
                     r["per_replication_ci_high"])) for r in rows]
    return ["## Rules about the child that fired", "",
            *_table(("Authority", "Rule", "Element", "Times (all replications)", "Episodes",
                     "Per replication (95% interval)"), body)]


def _method_section() -> list[str]:
    return ["## How to read this", "",
            "- Only deadlines whose clock started after the warm-up are counted.",
            "- A share met is computed per replication and then averaged; the interval is a "
            "Student t interval across replications (clipped to 0-100%).",
            "- Busy time counts the part of each task that falls after the warm-up.", ""]


# --------------------------------------------------------------------------- figures


def _save(fig: Figure, path: Path) -> None:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    # No Software/date metadata, so identical results give identical files.
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    atomic_write_bytes(path, buffer.getvalue())


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center")
    return fig


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _errors(means: Sequence[float], lows: Sequence[float],
            highs: Sequence[float]) -> list[list[float]]:
    below = [0.0 if math.isnan(lo) else m - lo for m, lo in zip(means, lows, strict=True)]
    above = [0.0 if math.isnan(hi) else hi - m for m, hi in zip(means, highs, strict=True)]
    return [below, above]


def _barh(rows: list[Row], labels: list[str], mean: str, low: str, high: str, title: str,
          xlabel: str) -> Figure:
    fig = Figure(figsize=(10, 1.2 + 0.35 * max(len(rows), 1)), layout="constrained")
    if not rows:
        return _empty(fig, f"{title}: nothing to show")
    means = [100 * r[mean] for r in rows]
    ax = fig.add_subplot()
    y = list(range(len(rows)))
    ax.barh(y, means, xerr=_errors(means, [100 * r[low] for r in rows],
                                   [100 * r[high] for r in rows]),
            color="#4477aa", ecolor="#222222", capsize=3)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def _compliance_figure(rows: list[Row]) -> Figure:
    shown = [r for r in rows if r["split"] == "all" and not math.isnan(r["compliance_mean"])]
    labels = [_short(f"{r['authority']}: {r['duty_label']} ({r['deadline']})", 80) for r in shown]
    fig = _barh(shown, labels, "compliance_mean", "compliance_ci_low", "compliance_ci_high",
                "Deadlines met (bars: 95% interval across replications)", "% met")
    if shown:
        fig.axes[0].set_xlim(0, 100)
    return fig


def _utilisation_figure(rows: list[Row]) -> Figure:
    shown = [r for r in rows if not math.isnan(r["utilisation_mean"])]
    labels = [_short(f"{r['authority']}: {r['role_label']}") for r in shown]
    return _barh(shown, labels, "utilisation_mean", "utilisation_ci_low", "utilisation_ci_high",
                 "Staff time busy on the protocol (bars: 95% interval)", "% of rota staff-hours")


def _waits_figure(rows: list[Row]) -> Figure:
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    series: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r in rows:
        if r["hour_of_week"] != "all" and r["requests"]:
            series.setdefault((r["authority"], r["role_label"]), []).append(
                (r["hour_of_week"], r["mean_wait_hours"]))
    if not series:
        return _empty(fig, "No requests for staff after the warm-up")
    ax = fig.add_subplot()
    for (authority, label), points in sorted(series.items()):
        ax.plot([h for h, _ in points], [w for _, w in points], marker=".", linewidth=1,
                label=_short(f"{authority}: {label}", 50))
    ax.set_xticks(range(0, 168, 24), list(kpis.DAY_NAMES), ha="left")
    ax.set_xlim(0, 168)
    ax.set_xlabel("Hour of the week the task arose (local time)")
    ax.set_ylabel("Mean wait for staff (hours)")
    ax.set_title("Waiting for staff by hour of the week")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def _backlog_figure(rows: list[Row], results: Sequence[RunResult]) -> Figure:
    fig = Figure(figsize=(11, 6), layout="constrained")
    if not rows:
        return _empty(fig, "No days simulated")
    top, bottom = fig.subplots(2, 1, sharex=True)
    warmup_days = max(r.warmup_hours for r in results) / 24
    for authority in sorted({r["authority"] for r in rows}):
        mine = [r for r in rows if r["authority"] == authority]
        days = [r["day"] + 1 for r in mine]  # each snapshot is taken at the end of its day
        top.plot(days, [r["open_episodes_mean"] for r in mine], label=authority)
        bottom.plot(days, [r["queued_requests_mean"] for r in mine], label=authority)
    for ax, ylabel in ((top, "Open episodes"), (bottom, "Tasks waiting for staff")):
        if warmup_days > 0:
            ax.axvspan(0, warmup_days, color="#cccccc", alpha=0.5, label="warm-up")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    top.legend(fontsize=8)
    top.set_title("Backlog at the end of each day (mean over replications)")
    bottom.set_xlabel("Days since the start of the simulated period")
    return fig
