"""Paired comparison of scenario variants with common random numbers.

Every arm of a comparison has the same seed, population, epoch, horizon, warm-up and number of
replications, so replication ``r`` of every arm sees the same episodes and the same random
streams (:func:`simulation.run.runner.population_for` and the engine key their streams by
(seed, r)). For each KPI and replication the difference *variant - baseline* is taken, and the
mean difference gets a paired 95% Student t interval across replications
(:func:`simulation.results.kpis.mean_ci` on the per-replication differences). Pairing removes the
variation the arms share, so a difference much smaller than either arm's own interval can be
resolved.

KPIs compared (per replication, exactly as :mod:`simulation.results.kpis` computes them for one
replication):

- ``compliance``: share of deadlines met, per deadline and split (all, in area, out of area);
- ``utilisation``: busy / rostered staff-hours, per role with a roster or count;
- ``mean_wait_hours``: mean wait for staff, per role.

A replication in which either arm has no value for a KPI (no deadline met or missed, no request)
gives no pair; ``pairs`` counts the replications that did. The comparison's files (tables,
chart, page, workbook) are written from these rows by :mod:`simulation.results.compare_report`.

This module also holds the two pieces the comparison shares with
:mod:`simulation.results.staffing_search`: :class:`ReplicationPool` (replications of several
scenarios in one pool of worker processes, interruptible) and :func:`publish_directory` (now in
:mod:`simulation.results.publish`: write a results directory into a temporary directory and rename
it into place only when complete, never over a folder missingsim did not write).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from models import ScenarioError
from simulation.results import kpis
from simulation.results.deadline_labels import DeadlineKey, DeadlineLimit, deadline_limits
from simulation.results.publish import publish_directory
from simulation.run.records import RunResult
from simulation.run.runner import Progress, ReplicationPool
from simulation.run.scenario import Scenario

__all__ = [
    "COMPARE_COLUMNS",
    "COMPARE_FILES",
    "ReplicationPool",
    "arm_names",
    "check_common_random_numbers",
    "compare",
    "paired_differences",
    "publish_directory",
    "replication_kpis",
]

Row = dict[str, Any]
Limits = dict[DeadlineKey, DeadlineLimit]
NAN = float("nan")

COMPARE_FILES: tuple[str, ...] = ("compare.csv", "compare.html", "compare.md", "compare.png",
                                  "compare.xlsx")
COMPARE_COLUMNS: tuple[str, ...] = (
    "baseline", "variant", "kpi", "authority", "item", "deadline", "baseline_limit",
    "variant_limit", "duty", "label", "split",
    "pairs", "baseline_mean", "variant_mean", "difference_mean", "difference_ci_low",
    "difference_ci_high", "verdict",
)
# Keys a paired comparison needs to be equal in every arm, with how to show them.
_PAIRED_KEYS: tuple[tuple[str, str], ...] = (
    ("seed", "seed"), ("epoch", "epoch"), ("population", "population"),
    ("ssda903", "population.ssda903"), ("ssda903_header", "population.ssda903_header"),
    ("onset_profile", "population.onset_profile"), ("horizon_days", "horizon_days"),
    ("warmup_days", "warmup_days"), ("replications", "replications"),
)
_DIGITS = {"compliance": 4, "utilisation": 4, "mean_wait_hours": 3}


# --------------------------------------------------------------------------- checks


def check_common_random_numbers(scenarios: Sequence[Scenario]) -> None:
    """Refuse arms that would not see the same episodes and random streams.

    Raises
    ------
    ScenarioError
        One line naming the arm's file and the first key (seed, epoch, population, horizon_days,
        warmup_days, replications) that differs from the first arm.
    """
    if len(scenarios) < 2:
        raise ScenarioError(scenarios[0].path if scenarios else "compare", None,
                            "a comparison needs at least two scenarios")
    first = scenarios[0]
    for other in scenarios[1:]:
        for attr, key in _PAIRED_KEYS:
            a, b = getattr(first, attr), getattr(other, attr)
            if a != b:
                shown = ("differs" if attr in ("population", "onset_profile")
                         else f"{_show(b)} differs from {_show(a)}")
                raise ScenarioError(
                    other.path, key,
                    f"{shown} in {first.path}: a paired comparison needs the same seed, "
                    "population, epoch, horizon, warm-up and replications in every arm "
                    "(common random numbers)")


def _show(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


# --------------------------------------------------------------------------- statistics


def replication_kpis(result: RunResult) -> dict[tuple[str, ...], tuple[float, str]]:
    """KPI key -> (value, label) for one replication (NaN when it has no value).

    Keys are ``(kpi, authority, item, deadline, duty, split)``: ``item`` is the deadline's
    element id or the role, ``deadline`` its name as written in the model (the same in every
    arm, whatever limit an arm's overrides set); ``deadline`` and ``duty`` are empty for the
    staff KPIs.
    """
    values: dict[tuple[str, ...], tuple[float, str]] = {}
    for row in kpis.compliance_table([result]):
        values[("compliance", row["authority"], row["element_id"], row["model_deadline"],
                row["duty"], row["split"])] = (row["compliance_mean"], row["duty_label"])
    for row in kpis.utilisation_table([result]):
        values[("utilisation", row["authority"], row["role"], "", "", "all")] = (
            row["utilisation_mean"], row["role_label"])
    for row in kpis.waits_table([result]):
        if row["hour_of_week"] == "all":
            values[("mean_wait_hours", row["authority"], row["role"], "", "", "all")] = (
                row["mean_wait_hours"], row["role_label"])
    return values


def _kpi_order(key: tuple[str, ...]) -> tuple[object, ...]:
    kinds = ("compliance", "utilisation", "mean_wait_hours")
    return (kinds.index(key[0]), key[1], key[2], key[3], key[4], kpis.SPLITS.index(key[5]))


def paired_differences(baseline: Sequence[RunResult], variant: Sequence[RunResult], *,
                       baseline_name: str = "A", variant_name: str = "B",
                       baseline_limits: Limits | None = None,
                       variant_limits: Limits | None = None) -> list[Row]:
    """Per KPI: mean of each arm and of the difference variant - baseline, with a paired 95%
    t-interval, over the replications where both arms have a value.

    ``deadline`` is the deadline's name as written in the model; ``baseline_limit`` and
    ``variant_limit`` are the limits in force in each arm, in words (``72 hours``, ``48 hours``)
    from ``baseline_limits`` and ``variant_limits`` (:func:`simulation.results.deadline_labels.
    deadline_limits` of each arm's scenario; empty when not given).

    ``baseline[r]`` and ``variant[r]`` must be replication ``r`` of their arms. KPIs without a
    value in any replication of either arm are left out. ``verdict`` says whether the interval
    lies wholly below zero (``lower``), above it (``higher``), or contains it
    (``no clear difference``); it is empty without an interval (fewer than two pairs).
    """
    if len(baseline) != len(variant):
        raise ValueError(f"{len(baseline)} baseline replications but {len(variant)} variant")
    a_runs = [replication_kpis(r) for r in baseline]
    b_runs = [replication_kpis(r) for r in variant]
    keys = sorted({k for run in (*a_runs, *b_runs) for k in run}, key=_kpi_order)
    rows: list[Row] = []
    for key in keys:
        a_all = [run.get(key, (NAN, ""))[0] for run in a_runs]
        b_all = [run.get(key, (NAN, ""))[0] for run in b_runs]
        if all(math.isnan(v) for v in (*a_all, *b_all)):
            continue
        label = next(run[key][1] for run in (*a_runs, *b_runs) if key in run)
        pairs = [(a, b) for a, b in zip(a_all, b_all, strict=True)
                 if not (math.isnan(a) or math.isnan(b))]
        digits = _DIGITS[key[0]]
        if pairs:
            a_mean = math.fsum(a for a, _ in pairs) / len(pairs)
            b_mean = math.fsum(b for _, b in pairs) / len(pairs)
            mean, low, high = kpis.mean_ci([b - a for a, b in pairs])
        else:
            a_mean = b_mean = mean = low = high = NAN
        if math.isnan(low):
            verdict = ""
        elif high < 0:
            verdict = "lower"
        elif low > 0:
            verdict = "higher"
        else:
            verdict = "no clear difference"
        kpi, authority, item, deadline, duty, split = key
        limits = [_limit_of(arm, (item, deadline, duty)) if kpi == "compliance" else ""
                  for arm in (baseline_limits, variant_limits)]
        rows.append(dict(zip(COMPARE_COLUMNS, (
            baseline_name, variant_name, kpi, authority, item, deadline, *limits, duty, label,
            split,
            len(pairs), *(_round(v, digits) for v in (a_mean, b_mean, mean, low, high)),
            verdict), strict=True)))
    return rows


def _limit_of(limits: Limits | None, key: DeadlineKey) -> str:
    known = (limits or {}).get(key)
    return "" if known is None else known.words


def _round(value: float, digits: int) -> float:
    # + 0.0 turns a -0.0 from rounding into 0.0
    return value if math.isnan(value) else round(value, digits) + 0.0


def compare(scenarios: Sequence[Scenario], *, jobs: int = 1,
            progress: Progress | None = None,
            scheduler: str | None = None) -> tuple[list[list[RunResult]], list[Row]]:
    """Run every arm (same replications, common random numbers) and compare each later arm
    with the first: returns (results per arm, rows of :data:`COMPARE_COLUMNS`). With
    ``scheduler`` the replications run on that Dask cluster (same results)."""
    check_common_random_numbers(scenarios)
    n = scenarios[0].replications
    tasks = [(s, r) for s in scenarios for r in range(n)]
    with ReplicationPool(jobs, scheduler) as pool:
        flat = pool.run(tasks, progress)
    arms = [flat[i * n:(i + 1) * n] for i in range(len(scenarios))]
    names = arm_names(scenarios)
    limits = [deadline_limits(s) for s in scenarios]
    rows: list[Row] = []
    for name, runs, own in zip(names[1:], arms[1:], limits[1:], strict=True):
        rows += paired_differences(arms[0], runs, baseline_name=names[0], variant_name=name,
                                   baseline_limits=limits[0], variant_limits=own)
    return arms, rows


def arm_names(scenarios: Sequence[Scenario]) -> list[str]:
    """Each arm's name; numbered when two arms share one."""
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):  # e.g. a scenario against itself: number them
        names = [f"{name} [{i + 1}]" for i, name in enumerate(names)]
    return names
