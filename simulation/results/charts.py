"""Every chart of missingsim: the one module that imports matplotlib.

It draws on the Agg (PNG) canvas of each figure object directly (``matplotlib.figure.Figure`` +
``FigureCanvasAgg``), never through pyplot, so it sets no global backend and is safe to call
from servers, tests and notebooks. The charts read the tables the other outputs read (the KPI
rows of :mod:`simulation.results.kpis`, the comparison rows of :mod:`simulation.results.compare`,
the gap reports of :mod:`models.analyses.gaps`); nothing here computes a figure of its own.

It is imported only by the modules that draw (the reports, the comparison, the staffing search),
so ``import simulation`` and ``import models`` do not load matplotlib.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from models.analyses.gaps import KIND_LABELS, KINDS, PairReport
from models.data.files import atomic_write_bytes
from simulation.results import kpis
from simulation.results.deadline_labels import limit_change
from simulation.run.records import RunResult

__all__ = [
    "PALETTE", "Figure", "backlog_figure", "comparison_figure", "compliance_figure",
    "png_bytes", "save_png", "series_style", "staffing_figure", "utilisation_figure",
    "waits_figure", "write_gaps_heatmap",
]

Row = dict[str, Any]
_DPI = 100


# --------------------------------------------------------------------------- PNG files


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, with no Software or date metadata, so identical results give
    identical files."""
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def save_png(fig: Figure, path: Path) -> None:
    """Write the figure as a PNG file (atomically; see :func:`png_bytes`)."""
    atomic_write_bytes(path, png_bytes(fig))


# --------------------------------------------------------------------------- run report


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
    """Horizontal bars of ``mean``; 95% interval bars only on the rows that have an interval
    (two or more replications), and the title says which."""
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = Figure(figsize=(10, 1.2 + 0.22 * max(lines, 1) + 0.15 * max(len(rows), 1)),
                 layout="constrained")
    if not rows:
        return _empty(fig, f"{title}: nothing to show")
    means = [100 * r[mean] for r in rows]
    with_interval = [not math.isnan(r[low]) for r in rows]
    ax = fig.add_subplot()
    y = list(range(len(rows)))
    ax.barh(y, means, color="#4477aa")
    if any(with_interval):
        shown = [i for i in y if with_interval[i]]
        ax.errorbar([means[i] for i in shown], shown,
                    xerr=_errors([means[i] for i in shown], [100 * rows[i][low] for i in shown],
                                 [100 * rows[i][high] for i in shown]),
                    fmt="none", ecolor="#222222", capsize=3)
    if all(with_interval):
        title += " (lines: 95% interval across replications)"
    elif any(with_interval):
        title += " (lines: 95% interval, where there are two or more replications)"
    else:
        title += " (one replication: no interval)"
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


def compliance_figure(rows: list[Row]) -> Figure:
    """Share of deadlines met (split ``all``), with 95% intervals: ``compliance.png``."""
    shown = [r for r in rows if r["split"] == "all" and not math.isnan(r["compliance_mean"])]
    # The whole deadline name, wrapped: it carries the limit in force and the element id.
    labels = [textwrap.fill(f"{r['authority']}: {r['deadline']}", 70) for r in shown]
    fig = _barh(shown, labels, "compliance_mean", "compliance_ci_low", "compliance_ci_high",
                "Deadlines met", "% met")
    if shown:
        fig.axes[0].set_xlim(0, 100)
    return fig


def utilisation_figure(rows: list[Row]) -> Figure:
    """Share of rota staff-hours busy, roles on a rota: ``utilisation.png``."""
    shown = [r for r in rows if r["staffing"] == kpis.STAFFED
             and not math.isnan(r["utilisation_mean"])]
    labels = [_short(f"{r['authority']}: {r['role_label']}") for r in shown]
    return _barh(shown, labels, "utilisation_mean", "utilisation_ci_low", "utilisation_ci_high",
                 "Staff time busy on the protocol, roles on a rota", "% of rota staff-hours")


# Paul Tol's "muted" (9) and "light"/"bright" extras: 16 distinct colours, none reused; with
# more series the line style changes too, so no two lines look alike.
PALETTE: tuple[str, ...] = (
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255",
    "#aa4499", "#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb",
)
_LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = (".", "o", "s", "^", "v", "D", "x", "+")


def series_style(i: int) -> dict[str, Any]:
    """Colour, line style and marker of the ``i``-th series: distinct for every ``i`` below
    ``len(PALETTE) * 4``."""
    return {"color": PALETTE[i % len(PALETTE)],
            "linestyle": _LINESTYLES[(i // len(PALETTE)) % len(_LINESTYLES)],
            "marker": _MARKERS[i % len(_MARKERS)]}


def waits_figure(rows: list[Row]) -> Figure:
    """Mean wait by hour of the week, one line per role that ever waited; roles that never
    waited are named in a note, not drawn as flat lines at zero."""
    series: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r in rows:
        if r["hour_of_week"] != "all" and r["requests"]:
            series.setdefault((r["authority"], r["role_label"]), []).append(
                (r["hour_of_week"], r["mean_wait_hours"]))
    waited = {k: v for k, v in sorted(series.items()) if any(w > 0 for _, w in v)}
    fig = Figure(figsize=(11, 4.8 + 0.22 * ((len(waited) + 1) // 2)), layout="constrained")
    if not waited:
        return _empty(fig, "No task waited for staff after the warm-up" if series
                      else "No requests for staff after the warm-up")
    ax = fig.add_subplot()
    for i, ((authority, label), points) in enumerate(waited.items()):
        ax.plot([h for h, _ in points], [w for _, w in points], linewidth=1.2, markersize=3,
                label=_short(f"{authority}: {label}", 50), **series_style(i))
    ax.set_xticks(range(0, 168, 24), list(kpis.DAY_NAMES), ha="left")
    ax.set_xlim(0, 168)
    ax.set_xlabel("Hour of the week the task arose (local time)")
    ax.set_ylabel("Mean wait for staff (hours)")
    ax.set_title("Waiting for staff by hour of the week (roles where a task waited)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14),
              ncol=2 if len(waited) > 4 else 1, frameon=False)
    return fig


def backlog_figure(rows: list[Row], results: Sequence[RunResult]) -> Figure:
    """Open episodes and tasks waiting for staff at the end of each day, warm-up shaded:
    ``backlog.png``."""
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


# --------------------------------------------------------------------------- comparison


def comparison_figure(rows: Sequence[Row]) -> Figure:
    """The paired difference in deadlines met of every variant against the baseline, per
    deadline, with its 95% interval (the rows of :func:`simulation.results.compare.compare`)."""
    shown = [r for r in rows if r["kpi"] == "compliance" and r["split"] == "all"
             and not math.isnan(r["difference_mean"])]
    variants = list(dict.fromkeys(r["variant"] for r in shown))
    items = list(dict.fromkeys((r["authority"], r["item"], r["deadline"], r["label"])
                               for r in shown))
    fig = Figure(figsize=(10, 1.6 + 0.4 * max(len(items), 1)), layout="constrained")
    ax = fig.add_subplot()
    if not shown:
        ax.axis("off")
        ax.text(0.5, 0.5, "No deadline was met or missed in both arms", ha="center",
                va="center")
        return fig
    width = 0.7 / len(variants)
    for j, variant in enumerate(variants):
        mine = {(r["authority"], r["item"], r["deadline"], r["label"]): r for r in shown
                if r["variant"] == variant}
        ys, xs, below, above = [], [], [], []
        for i, item in enumerate(items):
            r = mine.get(item)
            if r is None:
                continue
            mean = 100 * r["difference_mean"]
            low, high = r["difference_ci_low"], r["difference_ci_high"]
            ys.append(i - 0.35 + width * (j + 0.5))
            xs.append(mean)
            below.append(0.0 if math.isnan(low) else mean - 100 * low)
            above.append(0.0 if math.isnan(high) else 100 * high - mean)
        ax.errorbar(xs, ys, xerr=[below, above], fmt="o", capsize=3,
                    label=_short(variant, 50))
    ax.axvline(0, color="#222222", linewidth=0.8)
    changed = {(r["authority"], r["item"], r["deadline"], r["label"]): limit_change(r)
               for r in shown if r.get("baseline_limit") != r.get("variant_limit")}
    ax.set_yticks(range(len(items)),
                  [_short(f"{deadline} [{item}]", 60)
                   + (f"\nlimit {changed[key]}" if key in changed else "")
                   for key in items for _, item, deadline, _ in [key]],
                  fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Difference in deadlines met, variant - baseline (percentage points)")
    ax.set_title("Deadlines met: variant - baseline, paired 95% interval", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return fig


# --------------------------------------------------------------------------- staffing


def staffing_figure(points: Sequence[tuple[int, Sequence[Row]]], *, target_share: float,
                    answer: int | None, xlabel: str, title: str) -> Figure:
    """Deadlines met against staff count (``points``: each count evaluated with its
    compliance rows, split ``all``), one line per deadline with its 95% interval, the target
    and the smallest count meeting it (``answer``)."""
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.add_subplot()
    series: dict[tuple[str, str], list[tuple[int, Row]]] = {}
    for count, rows in points:
        for r in rows:
            series.setdefault((r["element_id"], r["deadline"]), []).append((count, r))
    for (element_id, deadline), by_count in sorted(series.items()):
        shown = [(c, r) for c, r in by_count if not math.isnan(r["compliance_mean"])]
        if not shown:
            continue
        means = [100 * r["compliance_mean"] for _, r in shown]
        below = [0.0 if math.isnan(r["compliance_ci_low"]) else m - 100 * r["compliance_ci_low"]
                 for m, (_, r) in zip(means, shown, strict=True)]
        above = [0.0 if math.isnan(r["compliance_ci_high"])
                 else 100 * r["compliance_ci_high"] - m
                 for m, (_, r) in zip(means, shown, strict=True)]
        label = _short(deadline, 60)
        ax.errorbar([c for c, _ in shown], means, yerr=[below, above], marker="o", capsize=3,
                    label=f"{label} ({element_id})")
    ax.axhline(100 * target_share, color="#aa3377", linestyle="--",
               label=f"target {100 * target_share:g}%")
    if answer is not None:
        ax.axvline(answer, color="#228833", linestyle=":",
                   label=f"smallest count meeting it: {answer}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Deadlines met (%, mean with 95% interval)")
    ax.set_ylim(0, 102)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    return fig


# --------------------------------------------------------------------------- gaps


def write_gaps_heatmap(reports: Sequence[PairReport], path: str | Path) -> Path:
    """A heatmap PNG of finding counts: one row per pair, one column per kind, counts shown
    (``gaps_heatmap.png``; saved as it always was, with matplotlib's own metadata)."""
    rows = [[r.counts()[k] for k in KINDS] for r in reports]
    fig = Figure(figsize=(1.5 * len(KINDS) + 4, 0.42 * len(rows) + 2.8))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    top = max([1, *(max(r) for r in rows)])
    im = ax.imshow(rows, cmap="Oranges", aspect="auto", vmin=0, vmax=top)
    ax.set_xticks(range(len(KINDS)))
    ax.set_xticklabels([textwrap.fill(KIND_LABELS[k], 14) for k in KINDS], fontsize=7)
    ax.set_yticks(range(len(reports)))
    ax.set_yticklabels([f"{r.responsible_authority} child placed in {r.host_authority}"
                        for r in reports], fontsize=8)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                    color="white" if v > top * 0.6 else "black")
    ax.set_title("Gaps between protocols for a looked-after child placed out of area\n"
                 "(number of findings by kind; rows: responsible authority's child placed in "
                 "host authority)", fontsize=10)
    fig.colorbar(im, ax=ax, label="findings")
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    return out
