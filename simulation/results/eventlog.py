"""The event log as a CSV file with pm4py column names, written atomically.

One line per :class:`~simulation.run.records.EventRow` of every replication. Columns
(:data:`EVENT_LOG_COLUMNS`): ``case:concept:name, concept:name, time:timestamp,
lifecycle:transition, org:resource, org:role, element_id, authority, replication, episode,
case:in_warmup, case:censored``.

- **Case ids are unique across replications**: ``case:concept:name`` is ``r<replication>:<episode
  id>`` (``r0:C0001-E001``), so the same episode in five replications is five cases, not one
  trace; ``episode`` is the engine's episode id and ``replication`` the replication.
- **Timestamps are all in UTC**, ISO 8601 with the offset ``+00:00`` and whole seconds
  (``2026-03-29T02:00:00+00:00``): one offset in the whole column, so a CSV reader parses it as
  one time zone. For the local time in England, convert (``tz_convert("Europe/London")``).
- **Warm-up and censored cases are marked** (0 or 1, repeated on each row of the case, pm4py's
  ``case:`` prefix for case attributes): ``case:in_warmup`` is 1 when the episode's first event
  is before the end of the warm-up (the KPI tables leave out what happened before then);
  ``case:censored`` is 1 when the case was still open when the run ended (a deadline still
  pending, or its last event an activity start; :func:`case_spans`), so its trace is cut off.

Ordering is deterministic: by authority, replication, then simulation time; rows at the same time
keep the order the engine appended them (a stable sort), because that order is causal (a task
completes before the next one starts at the same instant).

Loading it (the call the README documents and ``tests/simulation/test_eventlog.py`` makes)::

    pandas.read_csv(path, dtype=EVENT_LOG_DTYPES, parse_dates=["time:timestamp"])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from models.data.files import atomic_write_text
from simulation.run.records import RunResult

__all__ = [
    "EVENT_LOG_COLUMNS", "EVENT_LOG_DTYPES", "case_id", "case_spans", "span_columns", "timestamp",
    "utc_timestamp", "write_csv", "write_event_log",
]

EVENT_LOG_COLUMNS: tuple[str, ...] = (
    "case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition",
    "org:resource", "org:role", "element_id", "authority", "replication", "episode",
    "case:in_warmup", "case:censored",
)
# Column types for pandas.read_csv (the text columns as text, whatever they hold).
EVENT_LOG_DTYPES: dict[str, str] = {
    "case:concept:name": "str", "concept:name": "str", "lifecycle:transition": "str",
    "org:resource": "str", "org:role": "str", "element_id": "str", "authority": "str",
    "replication": "int64", "episode": "str", "case:in_warmup": "int64",
    "case:censored": "int64",
}


# csv.writer (QUOTE_MINIMAL, "\n" line ends) quotes a cell holding one of these
_QUOTED = (",", '"', "\r", "\n")


def timestamp(epoch: dt.datetime, hours: float) -> str:
    """ISO 8601 text (whole seconds, with offset) of ``hours`` of elapsed time after ``epoch``.

    Elapsed time is added in UTC, so a run crossing a clock change keeps real durations; the
    result is shown in the epoch's time zone.

    Examples
    --------
    >>> from zoneinfo import ZoneInfo
    >>> london = ZoneInfo("Europe/London")
    >>> timestamp(dt.datetime(2026, 3, 29, 0, 0, tzinfo=london), 2.0)
    '2026-03-29T03:00:00+01:00'
    """
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        msg = f"epoch {epoch.isoformat()} is naive: the event log needs a timezone-aware epoch"
        raise ValueError(msg)
    seconds = round(hours * 3600.0)
    instant = epoch.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)
    return instant.astimezone(epoch.tzinfo).isoformat(timespec="seconds")


def utc_timestamp(epoch: dt.datetime, hours: float) -> str:
    """ISO 8601 text in UTC (``+00:00``, whole seconds) of ``hours`` after ``epoch``.

    >>> from zoneinfo import ZoneInfo
    >>> utc_timestamp(dt.datetime(2026, 3, 29, 0, 0, tzinfo=ZoneInfo("Europe/London")), 2.0)
    '2026-03-29T02:00:00+00:00'
    """
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        msg = f"epoch {epoch.isoformat()} is naive: the event log needs a timezone-aware epoch"
        raise ValueError(msg)
    seconds = round(hours * 3600.0)
    return (epoch.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)).isoformat(
        timespec="seconds")


def case_id(replication: int, episode: str) -> str:
    """The event log's case id: unique across replications (``r0:C0001-E001``)."""
    return f"r{replication}:{episode}"


def case_spans(run: RunResult) -> dict[str, tuple[float, float]]:
    """When each case of ``run`` is open: from its first event to its last, or for ever
    (``math.inf``) if it is unfinished at the end of the run (a deadline still pending, or its
    last event an activity start). Cases in order of their first event row."""
    log = run.events
    cases, (first, end) = span_columns(run)
    return dict(zip([log.case_ids[c] for c in cases.tolist()], zip(
        first[cases].tolist(), end[cases].tolist(), strict=True), strict=True))


def span_columns(run: RunResult) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """`case_spans` as columns: the event log's case indices that have events, in order of
    their first row, and (first, end) by case index (NaN for a case without events)."""
    log = run.events
    n = len(log.case_ids)
    case, times = log.case_column(), log.time_column("time_hours")
    first, last = np.full(n, np.nan), np.full(n, np.nan)
    if len(case):
        # per case, its rows in time order: the first and the last are its first and last times
        order = np.lexsort((times, case))
        grouped, sorted_times = case[order], times[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        ends = np.r_[starts[1:], len(grouped)] - 1
        first[grouped[starts]] = sorted_times[starts]
        last[grouped[ends]] = sorted_times[ends]
    lifecycle = log.kind_field("lifecycle")
    kind = log.kind_column()
    at_last = times == last[case]
    started = np.zeros(n, dtype=bool)
    completed = np.zeros(n, dtype=bool)
    started[case[at_last & (lifecycle[kind] == "start")]] = True
    completed[case[at_last & (lifecycle[kind] == "complete")]] = True
    unfinished = np.zeros(n, dtype=bool)
    for c in _pending_cases(run):
        index = log.index_of(c)
        if index is not None:
            unfinished[index] = True
    # An unfinished case stays open beyond the horizon, so the last snapshot counts it.
    end = np.where(unfinished | (started & ~completed), np.inf, last)
    seen, first_row = np.unique(case, return_index=True)
    return seen[np.argsort(first_row, kind="stable")], (first, end)


def _pending_cases(run: RunResult) -> set[str]:
    """The cases of ``run`` with a deadline still pending when it ended."""
    log = run.deadlines
    pending = log.kind_field("status") == "pending"
    if not pending.any():
        return set()
    cases = np.unique(log.case_column()[pending[log.kind_column()]])
    return {log.case_ids[c] for c in cases.tolist()}


def write_csv(path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a CSV (header, then rows) atomically; ``None`` and NaN are written as empty cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return atomic_write_text(path, buffer.getvalue())


def write_event_log(results: Sequence[RunResult], path: str | Path, *, epoch: dt.datetime) -> None:
    """Write the event rows of all ``results`` to ``path`` as one CSV (pm4py column names,
    case ids unique across replications, UTC timestamps, warm-up and censored cases marked:
    see the module docstring).

    Parameters
    ----------
    results
        Replications (any authorities); their order does not matter.
    path
        The CSV file to create or replace (atomically).
    epoch
        The scenario epoch (timezone-aware): simulation hour 0.

    Raises
    ------
    ValueError
        If ``epoch`` is naive.
    """
    utc_timestamp(epoch, 0.0)  # refuse a naive epoch before writing anything
    start = np.datetime64(epoch.astimezone(dt.UTC).replace(tzinfo=None), "s")
    ordered = sorted(results, key=lambda r: (r.authority, r.replication))
    parts = [_csv_cells(EVENT_LOG_COLUMNS)]
    for result in ordered:
        log = result.events
        if not len(log):
            continue
        # Each row is the text of its case, its kind and its time: the case's and the kind's
        # cells are written once (as csv.writer writes them), then joined row by row.
        cases, (first, end) = span_columns(result)
        rep = result.replication
        head = [""] * len(log.case_ids)
        tail = [""] * len(log.case_ids)
        for c in cases.tolist():
            episode = log.case_ids[c]
            head[c] = _csv_cells([case_id(rep, episode)])
            tail[c] = _csv_cells([rep, episode, int(first[c] < result.warmup_hours),
                                  int(math.isinf(end[c]))])
        activity = [_csv_cells([k[0]]) for k in log.kinds]
        rest = [_csv_cells([k[2], k[3] or "", k[4] or "", k[1], k[5] or result.authority])
                for k in log.kinds]
        times = log.time_column("time_hours")
        order = np.argsort(times, kind="stable")  # by time; ties keep the engine's order
        # All timestamps of the replication at once: the same whole seconds (round half to
        # even, as Python's round) and text as utc_timestamp, without a datetime per row.
        seconds = np.rint(times[order] * 3600.0)
        stamps = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
        case, kind = log.case_column()[order].tolist(), log.kind_column()[order].tolist()
        parts.extend(f"{head[c]},{activity[k]},{stamp}+00:00,{rest[k]},{tail[c]}"
                     for c, k, stamp in zip(case, kind, stamps.tolist(), strict=True))
    parts.append("")
    atomic_write_text(path, "\n".join(parts))


def _csv_cells(values: Sequence[object]) -> str:
    """``values`` as cells of one CSV line (no line end), as `csv.writer` writes them in a
    longer row (a lone empty cell is written empty, not as ``""``)."""
    texts = [str(v) for v in values if isinstance(v, int | str)]
    if len(texts) == len(values) and not any(c in t for t in texts for c in _QUOTED):
        return ",".join(texts)  # nothing to quote: the cells as they are
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([*values, ""])
    return buffer.getvalue()[:-2]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN: no value, shown as an empty cell
        return ""
    return value
