"""Key performance indicators: pure functions from replications to tables.

Every table function takes ``Sequence[RunResult]`` (several replications of one scenario, any
number of authorities) and returns a list of dict rows whose values are plain ``str``, ``int`` or
``float``, in a fixed column order (the ``*_COLUMNS`` constants) and a deterministic row order.
A value that does not exist (a mean of nothing, the interval of a single replication) is
``float("nan")`` and is written as an empty CSV cell. Hours are rounded to 2 decimals,
proportions to 4, rates to 3; sums use ``math.fsum`` so the result does not depend on record order.

Conventions, applied in every table:

- **Warm-up.** Only what happens after ``RunResult.warmup_hours`` counts: deadlines whose anchor
  is at or after the warm-up, requests made after it, completions and triggers after it. Busy time
  is the overlap of ``[granted, released]`` with ``[warmup, horizon]``.
- **Censoring.** A deadline still ``pending`` when the run ends is neither met nor missed; it is
  reported in its own column (and ``pending_overdue`` counts those already past due).
- **Replications** are the unit of the confidence intervals: a statistic is computed per
  replication and :func:`mean_ci` gives the mean and the 95% t-interval across them.
- **Labels.** Duty and role ids are shown next to their catalogue labels
  (``models.data.catalogue.catalogue()``), so a table can be read without the model.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.data.calendars import hour_of_week
from models.data.catalogue import catalogue
from simulation.results.deadline_labels import DeadlineKey, DeadlineLimit, label_deadlines
from simulation.results.eventlog import span_columns, write_csv
from simulation.run.records import RunResult

__all__ = [
    "BACKLOG_COLUMNS", "COMPLETION_COLUMNS", "COMPLIANCE_COLUMNS", "DUTY_COUNT_COLUMNS",
    "ESCALATION_DUTIES", "IN_EFFECT_BELOW", "MEETING_DUTIES", "SPLITS", "STAFFED",
    "TABLE_FILES", "TRIGGER_COLUMNS", "UNCONSTRAINED", "UNCONSTRAINED_IN_EFFECT",
    "UTILISATION_COLUMNS", "WAIT_COLUMNS", "KpiTables", "backlog_series", "completion_table",
    "compliance_table", "escalations", "kpi_tables", "mean_ci", "meetings_per_week",
    "triggers_table", "utilisation_table", "waits_table", "write_tables",
]

Row = dict[str, Any]
NAN = float("nan")
HOURS_PER_WEEK = 168.0
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

MEETING_DUTIES: tuple[str, ...] = (
    "strategy_discussion", "strategy_meeting", "review_strategy_meeting",
    "risk_management_meeting",
)
ESCALATION_DUTIES: tuple[str, ...] = ("notify_senior_manager",)
SPLITS: tuple[str, ...] = ("all", "in_area", "out_of_area")

# Two-sided 95% Student t quantiles t(0.975, df) for df = 1..30, from scipy.stats.t.ppf
# (scipy 1.17), rounded to 9 decimals; tests/simulation/test_kpis.py checks them against scipy.
# Above 30 degrees of freedom the normal quantile 1.96 is used (an error below 2% of the width).
_T975: tuple[float, ...] = (
    12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
    2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.20098516, 2.17881283,
    2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.10092204,
    2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.06865761, 2.063898562,
    2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
)
_Z975 = 1.96

COMPLIANCE_COLUMNS: tuple[str, ...] = (
    "authority", "element_id", "deadline", "limit", "duty", "duty_label", "split",
    "replications", "met", "missed", "pending", "pending_overdue", "excluded_warmup",
    "compliance_mean", "compliance_ci_low", "compliance_ci_high", "model_deadline",
)
COMPLETION_COLUMNS: tuple[str, ...] = (
    "authority", "element_id", "deadline", "limit", "duty", "duty_label", "done", "pending",
    "missed_not_done", "limit_p50_hours", "p50_hours", "p90_hours", "p95_hours",
    "model_deadline",
)
UTILISATION_COLUMNS: tuple[str, ...] = (
    "authority", "role", "role_label", "staffing", "replications", "capacity_hours_mean",
    "busy_hours_mean", "utilisation_mean", "utilisation_ci_low", "utilisation_ci_high",
)
# ``staffing`` in the utilisation table: how the role was staffed in the run.
STAFFED = "rota"
UNCONSTRAINED = "unconstrained"
UNCONSTRAINED_IN_EFFECT = "unconstrained in effect"
# A rota under this share busy, on which no request ever waited, is unconstrained in effect.
IN_EFFECT_BELOW = 0.01
WAIT_COLUMNS: tuple[str, ...] = (
    "authority", "role", "role_label", "hour_of_week", "when", "requests", "mean_wait_hours",
    "p90_wait_hours", "share_waited",
)
BACKLOG_COLUMNS: tuple[str, ...] = (
    "authority", "day", "date", "in_warmup", "replications", "open_episodes_mean",
    "queued_requests_mean",
)
DUTY_COUNT_COLUMNS: tuple[str, ...] = (
    "authority", "duty", "duty_label", "replications", "completed_total", "cases",
    "per_week_mean", "per_week_ci_low", "per_week_ci_high",
)
TRIGGER_COLUMNS: tuple[str, ...] = (
    "authority", "element_id", "trigger", "replications", "fired_total", "cases",
    "per_replication_mean", "per_replication_ci_low", "per_replication_ci_high",
)


# --------------------------------------------------------------------------- statistics


def mean_ci(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean and two-sided 95% Student t confidence interval of ``values``.

    Returns ``(mean, low, high)``. With one value the interval does not exist and ``low`` and
    ``high`` are NaN. Quantiles for 1..30 degrees of freedom come from a table; above 30, 1.96.

    Raises
    ------
    ValueError
        If ``values`` is empty.

    Examples
    --------
    >>> tuple(round(v, 3) for v in mean_ci([1.0, 2.0, 3.0]))
    (2.0, -0.484, 4.484)
    """
    data = [float(v) for v in values]
    if not data:
        raise ValueError("mean_ci needs at least one value")
    mean = math.fsum(data) / len(data)
    if len(data) == 1:
        return mean, NAN, NAN
    df = len(data) - 1
    quantile = _T975[df - 1] if df <= len(_T975) else _Z975
    half = quantile * statistics.stdev(data) / math.sqrt(len(data))
    return mean, mean - half, mean + half


def _mean_ci_or_nan(values: Sequence[float]) -> tuple[float, float, float]:
    return mean_ci(values) if values else (NAN, NAN, NAN)


def _percentile(values: Sequence[float] | np.ndarray, q: float) -> float:
    # numpy's default (linear interpolation between order statistics), on sorted input so the
    # result does not depend on record order.
    return float(np.percentile(np.sort(np.asarray(values, dtype=float)), q)) if len(values) \
        else NAN


def _round(value: float, digits: int) -> float:
    # + 0.0 turns a -0.0 from rounding into 0.0
    return value if math.isnan(value) else round(value, digits) + 0.0


def _clip01(value: float) -> float:
    return value if math.isnan(value) else min(1.0, max(0.0, value))


def _floor0(value: float) -> float:
    return value if math.isnan(value) else max(0.0, value)


def _by_authority(results: Sequence[RunResult]) -> dict[str, list[RunResult]]:
    groups: dict[str, list[RunResult]] = defaultdict(list)
    for result in results:
        groups[result.authority].append(result)
    return {a: sorted(groups[a], key=lambda r: r.replication) for a in sorted(groups)}


def _duty_label(duty: str) -> str:
    return catalogue().duty_label(duty)


def _role_label(role: str) -> str:
    return catalogue().role_label(role)


@dataclass(frozen=True)
class _Deadlines:
    """One replication's deadline outcomes as columns, with the deadline (element id, model
    name, duty), status and split of each kind of record (`simulation.run.records.DeadlineLog`)."""

    kind: np.ndarray
    counted: np.ndarray  # anchored at or after the warm-up
    anchor: np.ndarray
    due: np.ndarray
    done: np.ndarray  # NaN when not done
    late: np.ndarray
    keys: list[tuple[str, str, str]]  # by kind
    status: list[str]  # by kind
    out_of_area: list[bool]  # by kind
    present: list[int]  # the kinds with records

    @classmethod
    def of(cls, run: RunResult) -> _Deadlines:
        log = run.deadlines
        anchor = log.time_column("anchor_hours")
        kind = log.kind_column()
        return cls(kind, anchor >= run.warmup_hours, anchor, log.time_column("due_hours"),
                   log.time_column("done_hours"), log.time_column("lateness_hours"),
                   [(k[1], k[2], k[3]) for k in log.kinds], [k[4] for k in log.kinds],
                   [bool(k[5]) for k in log.kinds], np.unique(kind).tolist())

    def count(self, rows: np.ndarray) -> list[int]:
        """How many of the selected records there are of each kind."""
        return np.bincount(self.kind[rows], minlength=len(self.keys)).tolist()

    def of_key(self, key: tuple[str, str, str]) -> list[int]:
        return [k for k in self.present if self.keys[k] == key]


def _in_split(out_of_area: bool, split: str) -> bool:
    if split == "in_area":
        return not out_of_area
    if split == "out_of_area":
        return out_of_area
    return True


def _deadline_keys(columns: Sequence[_Deadlines]) -> list[tuple[str, str, str]]:
    return sorted({c.keys[k] for c in columns for k in c.present})


# --------------------------------------------------------------------------- deadlines


Limits = Mapping[DeadlineKey, DeadlineLimit]


def compliance_table(results: Sequence[RunResult], *, limits: Limits | None = None) -> list[Row]:
    """Deadline compliance per authority, deadline and split (all, in area, out of area).

    Per replication, compliance = met / (met + missed) over the deadlines anchored after the
    warm-up; a replication with no met or missed deadline for the row gives no value.
    ``replications`` counts the replications that gave a value; ``compliance_mean`` and the
    interval are across them (the interval is clipped to [0, 1]). ``met``, ``missed``,
    ``pending`` (censored: still open at the end of the run and not yet due, never counted as
    met or missed) and ``excluded_warmup`` (anchored in the warm-up) are totals over all
    replications. A deadline still not done when the run ends but already past due is missed.

    ``deadline`` is the name as run (:func:`simulation.results.deadline_labels.label_deadlines`: the
    limit in force from ``limits``, the element id where two names read alike), ``limit`` the
    limit in force in words (empty when ``limits`` does not know it) and ``model_deadline`` the
    name as written in the model. Rows are sorted by authority, element id, model name and
    duty, then split.
    """
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        columns = [_Deadlines.of(run) for run in runs]
        counts = [(c.count(c.counted), c.count(~c.counted), c.count(c.counted & (c.late > 0)))
                  for c in columns]
        keys = _deadline_keys(columns)
        labels = label_deadlines(keys, limits)
        for key in keys:
            element_id, name, duty = key
            label, limit = labels[key]
            for split in SPLITS:
                met = missed = pending = overdue = excluded = 0
                per_replication: list[float] = []
                for c, (counted, early, late) in zip(columns, counts, strict=True):
                    run_met = run_missed = 0
                    for k in c.of_key(key):
                        if not _in_split(c.out_of_area[k], split):
                            continue
                        excluded += early[k]
                        if c.status[k] == "met":
                            run_met += counted[k]
                        elif c.status[k] == "missed":
                            run_missed += counted[k]
                        else:
                            pending += counted[k]
                            overdue += late[k]
                    met += run_met
                    missed += run_missed
                    if run_met + run_missed:
                        per_replication.append(run_met / (run_met + run_missed))
                mean, low, high = _mean_ci_or_nan(per_replication)
                rows.append(dict(zip(COMPLIANCE_COLUMNS, (
                    authority, element_id, label, limit, duty, _duty_label(duty), split,
                    len(per_replication), met, missed, pending, overdue, excluded,
                    _round(mean, 4), _round(_clip01(low), 4), _round(_clip01(high), 4), name,
                ), strict=True)))
    return rows


def completion_table(results: Sequence[RunResult], *, limits: Limits | None = None) -> list[Row]:
    """Time from anchor to completion (``done - anchor``) per deadline: percentiles 50, 90, 95.

    Pooled over replications, over deadlines anchored after the warm-up that were done (met or
    missed); ``pending`` counts the censored ones exactly as :func:`compliance_table` does (not
    done and not yet due at the end), ``missed_not_done`` those not done at the end but already
    past due (missed in :func:`compliance_table`); neither has a completion time.
    ``limit_p50_hours`` is the median allowed time (``due - anchor``), which varies when the
    limit is counted in working time. ``deadline``, ``limit`` and ``model_deadline`` are as in
    :func:`compliance_table`.
    """
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        columns = [_Deadlines.of(run) for run in runs]
        keys = _deadline_keys(columns)
        labels = label_deadlines(keys, limits)
        for key in keys:
            element_id, name, duty = key
            label, limit = labels[key]
            taken: list[np.ndarray] = []
            allowed: list[np.ndarray] = []
            pending = not_done = 0
            for c in columns:
                kinds = c.of_key(key)
                rows_of_key = c.counted & np.isin(c.kind, kinds)
                allowed.append(c.due[rows_of_key] - c.anchor[rows_of_key])
                done = rows_of_key & ~np.isnan(c.done)
                taken.append(c.done[done] - c.anchor[done])
                open_by_kind = c.count(rows_of_key & np.isnan(c.done))
                for k in kinds:
                    if c.status[k] == "pending":
                        pending += open_by_kind[k]
                    else:
                        not_done += open_by_kind[k]
            done_times, allowed_times = np.concatenate(taken), np.concatenate(allowed)
            rows.append(dict(zip(COMPLETION_COLUMNS, (
                authority, element_id, label, limit, duty, _duty_label(duty), len(done_times),
                pending, not_done,
                _round(_percentile(allowed_times, 50), 2), _round(_percentile(done_times, 50), 2),
                _round(_percentile(done_times, 90), 2), _round(_percentile(done_times, 95), 2),
                name,
            ), strict=True)))
    return rows


# --------------------------------------------------------------------------- staff


@dataclass(frozen=True)
class _Uses:
    """One replication's staff uses as columns, with each record's role."""

    role: np.ndarray  # by record
    requested: np.ndarray
    granted: np.ndarray
    released: np.ndarray
    roles: set[str]

    @classmethod
    def of(cls, run: RunResult) -> _Uses:
        log = run.resources
        role = log.kind_field("role")[log.kind_column()]
        return cls(role, log.time_column("requested_hours"), log.time_column("granted_hours"),
                   log.time_column("released_hours"), set(role.tolist()))

    def busy_hours(self, run: RunResult, role: str) -> float:
        """Busy staff-hours of ``role`` within [warm-up, horizon]."""
        mine = self.role == role
        overlap = np.maximum(0.0, np.minimum(self.released[mine], run.horizon_hours)
                             - np.maximum(self.granted[mine], run.warmup_hours))
        return math.fsum(overlap.tolist())


def utilisation_table(results: Sequence[RunResult]) -> list[Row]:
    """Staff utilisation per authority and role: busy staff-hours / rostered staff-hours.

    Per replication, busy = the sum over requests of the overlap of ``[granted, released]``
    with ``[warmup, horizon]``, and capacity = ``RunResult.capacity_hours[role]`` (staff-hours on
    the roster after the warm-up). The interval is not clipped (a value above 1 would show staff
    working beyond their roster).

    ``staffing`` says how the role was staffed: :data:`UNCONSTRAINED` (no rota: used but without
    capacity; no utilisation, capacity 0), :data:`UNCONSTRAINED_IN_EFFECT` (a rota so large that,
    of the requests made for it after the warm-up (at least one), none waited for a member of
    staff in any replication, and under :data:`IN_EFFECT_BELOW` of its staff-hours were busy,
    like the 500 police officers of the shipped scenarios: the figures are kept, but a report
    says "unconstrained") or :data:`STAFFED`.
    """
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        uses = [_Uses.of(run) for run in runs]
        roles = sorted({role for r in runs for role in r.capacity_hours}
                       | {role for u in uses for role in u.roles})
        asked: set[str] = set()
        waited: set[str] = set()
        for run, u in zip(runs, uses, strict=True):
            after = u.requested >= run.warmup_hours
            asked.update(u.role[after].tolist())
            waited.update(u.role[after & (u.granted > u.requested)].tolist())
        for role in roles:
            busy = [u.busy_hours(run, role) for run, u in zip(runs, uses, strict=True)]
            capacity = [run.capacity_hours.get(role, 0.0) for run in runs]
            shares = [b / c for b, c in zip(busy, capacity, strict=True) if c > 0]
            mean, low, high = _mean_ci_or_nan(shares)
            if not shares:
                staffing = UNCONSTRAINED
            elif role in asked and role not in waited and max(shares) < IN_EFFECT_BELOW:
                staffing = UNCONSTRAINED_IN_EFFECT
            else:
                staffing = STAFFED
            rows.append(dict(zip(UTILISATION_COLUMNS, (
                authority, role, _role_label(role), staffing, len(shares),
                _round(math.fsum(capacity) / len(runs), 2), _round(math.fsum(busy) / len(runs), 2),
                _round(mean, 4), _round(low, 4), _round(high, 4),
            ), strict=True)))
    return rows


def _hours_of_week(hours: np.ndarray, epoch: dt.datetime | None) -> np.ndarray:
    """The local hour of the week (`models.data.calendars.hour_of_week`) of each simulation time.

    The same as ``hour_of_week(epoch + timedelta(hours=h))`` for each ``h``: the elapsed
    microseconds are those `datetime.timedelta` rounds ``h`` to, and the hour of the week is
    worked out once per UTC hour the times fall in (checked to hold for the whole hour, else
    worked out per time). Without an epoch, hour 0 of the run is taken as Monday 00:00, with
    no clock changes.
    """
    if epoch is None:
        return np.floor(hours).astype(np.int64) % 168
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        raise ValueError(f"epoch {epoch.isoformat()} is naive: hour of week needs a time zone")
    start = epoch.astimezone(dt.UTC)
    whole = np.trunc(hours)
    elapsed = whole.astype(np.int64) * 3_600_000_000 + np.rint(
        (hours - whole) * 3.6e9).astype(np.int64)
    hour_us = 3_600_000_000
    base = start.replace(minute=0, second=0, microsecond=0)
    offset = (start - base) // dt.timedelta(microseconds=1)
    utc_hours, which = np.unique((elapsed + offset) // hour_us, return_inverse=True)
    by_hour = np.empty(len(utc_hours), dtype=np.int64)
    mixed = []
    for i, h in enumerate(utc_hours.tolist()):
        begin = base + dt.timedelta(hours=h)
        by_hour[i] = hour_of_week(begin)
        if by_hour[i] != hour_of_week(begin + dt.timedelta(hours=1, microseconds=-1)):
            mixed.append(i)  # not one local hour of the week (an offset not in whole hours)
    out = by_hour[which.reshape(-1)]
    for i in mixed:
        rows = np.flatnonzero(which.reshape(-1) == i)
        out[rows] = [hour_of_week(start + dt.timedelta(microseconds=us))
                     for us in elapsed[rows].tolist()]
    return out


def _when(how: int) -> str:
    return f"{DAY_NAMES[how // 24]} {how % 24:02d}:00"


def waits_table(results: Sequence[RunResult], *, epoch: dt.datetime | None = None) -> list[Row]:
    """Waits for staff (``granted - requested``) per authority and role, overall and by hour.

    For each role, one row with ``hour_of_week`` ``"all"``, then 168 rows for the local hour of
    the week of the request (0 = Monday 00:00-00:59; ``when`` is ``"Mon 00:00"``), pooled over
    replications, for requests made after the warm-up. ``share_waited`` is the share of requests
    that waited at all. ``epoch`` (timezone-aware) places simulation hours on the clock; without
    it hour 0 is taken to be Monday 00:00 and clock changes are ignored.
    """
    _hours_of_week(np.zeros(0), epoch)  # a naive epoch is refused whatever the results
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        requested, waits, roles = [], [], []
        for run in runs:
            u = _Uses.of(run)
            after = u.requested >= run.warmup_hours
            requested.append(u.requested[after])
            waits.append(u.granted[after] - u.requested[after])
            roles.append(u.role[after])
        all_roles = np.concatenate(roles) if roles else np.zeros(0, dtype=object)
        all_hours = _hours_of_week(np.concatenate(requested), epoch)  # once: the runs share hours
        all_waits = np.concatenate(waits)
        by_role = {name: (all_hours[all_roles == name], all_waits[all_roles == name])
                   for name in set(all_roles.tolist())}
        for role in sorted(by_role):
            label = _role_label(role)
            role_hours, role_waits = by_role[role]
            groups: list[tuple[int | str, str, np.ndarray]] = [("all", "all hours", role_waits)]
            order = np.argsort(role_hours, kind="stable")
            bounds = np.searchsorted(role_hours[order], np.arange(169)).tolist()
            by_hour = role_waits[order]
            groups += [(h, _when(h), by_hour[bounds[h]:bounds[h + 1]]) for h in range(168)]
            for how, when, values in groups:
                n = len(values)
                rows.append(dict(zip(WAIT_COLUMNS, (
                    authority, role, label, how, when, n,
                    _round(math.fsum(values.tolist()) / n if n else NAN, 2),
                    _round(_percentile(values, 90), 2),
                    _round(int(np.count_nonzero(values > 0)) / n if n else NAN, 4),
                ), strict=True)))
    return rows


# --------------------------------------------------------------------------- backlog


def _open_at(starts: np.ndarray, ends: np.ndarray, t: np.ndarray) -> np.ndarray:
    """How many intervals ``[start, end)`` (start <= end; both arrays sorted) contain each
    time of ``t``.

    Every interval ending at or before ``t`` also starts at or before it, so this is the number
    started by ``t`` less the number ended by ``t``: the same count as testing each interval.
    """
    return (np.searchsorted(starts, t, side="right")
            - np.searchsorted(ends, t, side="right"))


def backlog_series(results: Sequence[RunResult], *,
                   epoch: dt.datetime | None = None) -> list[Row]:
    """Open episodes and queued staff requests at the end of each day, mean over replications.

    Day ``d`` covers simulation hours ``[24 d, 24 d + 24)``; the snapshot is taken at its end
    (or at the horizon for a last, partial day). An episode is open from its first logged event
    until its last, or until the horizon when it is unfinished (a deadline still pending, or
    its last event an activity start). A request is queued at ``t`` when
    ``requested <= t < granted``. Warm-up days are included and flagged (``in_warmup`` = 1).
    ``date`` is the local date of the day's start when ``epoch`` is given, else empty.
    Intervals are sorted once per replication and counted for every day at once.
    """
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        horizon = max(r.horizon_hours for r in runs)
        days = math.ceil(horizon / 24.0)
        ends_of_days = np.minimum(24.0 * (np.arange(days) + 1), horizon)
        open_total = np.zeros(days, dtype=np.int64)
        queued_total = np.zeros(days, dtype=np.int64)
        for run in runs:
            cases, (first, end) = span_columns(run)
            open_total += _open_at(np.sort(first[cases]), np.sort(end[cases]), ends_of_days)
            u = _Uses.of(run)
            queued_total += _open_at(np.sort(u.requested),
                                     np.sort(np.maximum(u.granted, u.requested)), ends_of_days)
        warmup = max(r.warmup_hours for r in runs)
        for day, open_count, queued in zip(range(days), open_total.tolist(),
                                           queued_total.tolist(), strict=True):
            date = ""
            if epoch is not None:
                start = epoch.astimezone(dt.UTC) + dt.timedelta(hours=24.0 * day)
                date = start.astimezone(epoch.tzinfo).date().isoformat()
            rows.append(dict(zip(BACKLOG_COLUMNS, (
                authority, day, date, int(24.0 * day < warmup), len(runs),
                _round(open_count / len(runs), 3), _round(queued / len(runs), 3),
            ), strict=True)))
    return rows


# --------------------------------------------------------------------------- duty counts


def _duty_map(run: RunResult, task_duties: Mapping[str, str] | None) -> dict[str, str]:
    """Element id -> duty: the explicit map, else what the deadlines of this run say (the
    last deadline recorded for an element, when its deadlines name different duties)."""
    log = run.deadlines
    last = np.full(len(log.kinds), -1, dtype=np.int64)
    np.maximum.at(last, log.kind_column(), np.arange(len(log)))
    known = {log.kinds[k][1]: log.kinds[k][3]
             for k in sorted(np.flatnonzero(last >= 0).tolist(), key=lambda k: last[k])}
    if task_duties:
        known.update(task_duties)
    return known


def _duty_counts(results: Sequence[RunResult], wanted: Iterable[str],
                 task_duties: Mapping[str, str] | None) -> list[Row]:
    wanted = tuple(wanted)
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        present: set[str] = set()
        counts: dict[str, list[int]] = {duty: [] for duty in wanted}
        cases: dict[str, set[tuple[int, str]]] = {duty: set() for duty in wanted}
        weeks = []
        for run in runs:
            duties = _duty_map(run, task_duties)
            present |= {d for d in duties.values() if d in wanted}
            present |= {d for d in run.deadlines.kind_field("duty").tolist() if d in wanted}
            log = run.events
            # an event row that carries its duty wins; else its element's duty from the map
            duty_of_kind = [k[6] or duties.get(k[1], "") for k in log.kinds]
            kind = log.kind_column()
            present |= {duty_of_kind[k] for k in np.unique(kind).tolist()} & set(wanted)
            counted = log.time_column("time_hours") >= run.warmup_hours
            case = log.case_column()
            for duty in wanted:
                mine = [k for k, (d, row) in enumerate(zip(duty_of_kind, log.kinds, strict=True))
                        if d == duty and row[2] == "complete"]
                rows_of_duty = counted & np.isin(kind, mine)
                counts[duty].append(int(np.count_nonzero(rows_of_duty)))
                cases[duty] |= {(run.replication, log.case_ids[c])
                                for c in np.unique(case[rows_of_duty]).tolist()}
            weeks.append(max(run.horizon_hours - run.warmup_hours, 0.0) / HOURS_PER_WEEK)
        for duty in sorted(present, key=wanted.index):
            rates = [c / w for c, w in zip(counts[duty], weeks, strict=True) if w > 0]
            mean, low, high = _mean_ci_or_nan(rates)
            rows.append(dict(zip(DUTY_COUNT_COLUMNS, (
                authority, duty, _duty_label(duty), len(rates), sum(counts[duty]),
                len(cases[duty]), _round(mean, 3), _round(_floor0(low), 3), _round(high, 3),
            ), strict=True)))
    return rows


def meetings_per_week(results: Sequence[RunResult], *,
                      task_duties: Mapping[str, str] | None = None) -> list[Row]:
    """Meetings completed per week after the warm-up, per authority and meeting duty.

    Meeting duties are :data:`MEETING_DUTIES` (strategy discussion, strategy meeting, review
    strategy meeting, risk management meeting). A ``complete`` event counts when its element's
    duty is one of them: the duty comes from the event row if it carries one, else from
    ``task_duties`` (element id -> duty, e.g. built from the model's tasks), else from the
    deadlines of the run (a deadline names its task element and duty). A duty is listed when it
    is known for the authority, with zero if it never happened. ``cases`` counts distinct
    (replication, episode) pairs; the rate interval is clipped at 0.
    """
    return _duty_counts(results, MEETING_DUTIES, task_duties)


def escalations(results: Sequence[RunResult], *,
                task_duties: Mapping[str, str] | None = None) -> list[Row]:
    """Escalations to a senior manager (duty ``notify_senior_manager``) per week.

    Counted as in :func:`meetings_per_week`.
    """
    return _duty_counts(results, ESCALATION_DUTIES, task_duties)


def triggers_table(results: Sequence[RunResult]) -> list[Row]:
    """Child-level rules that fired after the warm-up, per authority and rule.

    ``fired_total`` sums over replications, ``cases`` counts distinct (replication, episode)
    pairs, and the mean and interval are of the count per replication (zero where it never fired).
    """
    rows: list[Row] = []
    for authority, runs in _by_authority(results).items():
        keys = sorted({(t.element_id, t.name) for r in runs for t in r.triggers})
        for element_id, name in keys:
            per_run = []
            cases = set()
            for run in runs:
                fired = [t for t in run.triggers if (t.element_id, t.name) == (element_id, name)
                         and t.time_hours >= run.warmup_hours]
                per_run.append(float(len(fired)))
                cases |= {(run.replication, t.case_id) for t in fired}
            mean, low, high = mean_ci(per_run)
            rows.append(dict(zip(TRIGGER_COLUMNS, (
                authority, element_id, name, len(runs), int(sum(per_run)), len(cases),
                _round(mean, 3), _round(_floor0(low), 3), _round(high, 3),
            ), strict=True)))
    return rows


# --------------------------------------------------------------------------- files

TABLE_FILES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("compliance.csv", COMPLIANCE_COLUMNS), ("completion.csv", COMPLETION_COLUMNS),
    ("utilisation.csv", UTILISATION_COLUMNS), ("waits.csv", WAIT_COLUMNS),
    ("backlog.csv", BACKLOG_COLUMNS), ("meetings.csv", DUTY_COUNT_COLUMNS),
    ("escalations.csv", DUTY_COUNT_COLUMNS), ("triggers.csv", TRIGGER_COLUMNS),
)


@dataclass(frozen=True)
class KpiTables:
    """Every KPI table of a set of replications, worked out once for the CSVs and the reports
    (in :data:`TABLE_FILES` order)."""

    compliance: list[Row]
    completion: list[Row]
    utilisation: list[Row]
    waits: list[Row]
    backlog: list[Row]
    meetings: list[Row]
    escalations: list[Row]
    triggers: list[Row]

    def in_file_order(self) -> tuple[list[Row], ...]:
        return (self.compliance, self.completion, self.utilisation, self.waits, self.backlog,
                self.meetings, self.escalations, self.triggers)


def kpi_tables(results: Sequence[RunResult], *, epoch: dt.datetime | None = None,
               task_duties: Mapping[str, str] | None = None, limits: Limits | None = None,
               progress: Callable[[str], None] | None = None) -> KpiTables:
    """All the KPI tables (``epoch`` and ``task_duties`` as for `waits_table` and
    `meetings_per_week`, ``limits`` as for `compliance_table`). ``progress(name)`` is called
    after each table is worked out (:data:`TABLE_FILES` names), for a progress bar."""
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("compliance.csv", lambda: compliance_table(results, limits=limits)),
        ("completion.csv", lambda: completion_table(results, limits=limits)),
        ("utilisation.csv", lambda: utilisation_table(results)),
        ("waits.csv", lambda: waits_table(results, epoch=epoch)),
        ("backlog.csv", lambda: backlog_series(results, epoch=epoch)),
        ("meetings.csv", lambda: meetings_per_week(results, task_duties=task_duties)),
        ("escalations.csv", lambda: escalations(results, task_duties=task_duties)),
        ("triggers.csv", lambda: triggers_table(results)),
    ]
    tables = []
    for name, build in steps:
        tables.append(build())
        if progress is not None:
            progress(name)
    return KpiTables(*tables)


def write_tables(results: Sequence[RunResult], out_dir: str | Path, *,
                 epoch: dt.datetime | None = None,
                 task_duties: Mapping[str, str] | None = None,
                 tables: KpiTables | None = None) -> list[Path]:
    """Write every KPI table as a CSV in ``out_dir`` and return the paths, in :data:`TABLE_FILES`
    order (``tables`` when already worked out). Each file is written atomically; identical
    inputs give byte-identical files."""
    tables = tables or kpi_tables(results, epoch=epoch, task_duties=task_duties)
    out = Path(out_dir)
    return [write_csv(out / name, columns, ([row[c] for c in columns] for row in rows))
            for (name, columns), rows in zip(TABLE_FILES, tables.in_file_order(), strict=True)]


# --------------------------------------------------------------------------- breach rates


BREACH_COLUMNS: tuple[str, ...] = (
    "authority", "element_id", "deadline", "split", "breach_mean", "breach_ci_low",
    "breach_ci_high",
)


def breach_rates(compliance: Sequence[Row]) -> list[Row]:
    """The share of deadlines missed, for each row of :func:`compliance_table` (same order):
    ``1 - compliance_mean``, with the interval ``1 - compliance_ci_high`` to
    ``1 - compliance_ci_low`` (NaN where the share met is NaN). What the HTML reports colour a
    task by; pending deadlines are censored, as in the share met."""
    return [dict(zip(BREACH_COLUMNS, (
        r["authority"], r["element_id"], r["deadline"], r["split"], 1.0 - r["compliance_mean"],
        1.0 - r["compliance_ci_high"], 1.0 - r["compliance_ci_low"]), strict=True))
        for r in compliance]
