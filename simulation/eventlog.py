"""The event log as a CSV file with pm4py column names, written atomically.

One line per :class:`~simulation.records.EventRow` of every replication. Columns
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
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from simulation.records import EventRow, RunResult

__all__ = [
    "EVENT_LOG_COLUMNS", "EVENT_LOG_DTYPES", "atomic_write_bytes", "atomic_write_text",
    "case_id", "case_spans", "timestamp", "utc_timestamp", "write_csv", "write_event_log",
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
    events: dict[str, list[EventRow]] = defaultdict(list)
    for ev in run.events:
        events[ev.case_id].append(ev)
    unfinished = {d.case_id for d in run.deadlines if d.status == "pending"}
    spans: dict[str, tuple[float, float]] = {}
    for case, rows in events.items():
        first = min(e.time_hours for e in rows)
        last_time = max(e.time_hours for e in rows)
        last_is_start = any(e.time_hours == last_time and e.lifecycle == "start" for e in rows) \
            and not any(e.time_hours == last_time and e.lifecycle == "complete" for e in rows)
        # An unfinished case stays open beyond the horizon, so the last snapshot counts it.
        end = math.inf if case in unfinished or last_is_start else last_time
        spans[case] = (first, end)
    return spans


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically; see
    :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and os.replace.

    A reader never sees a half-written file; on failure the temporary file is removed.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EVENT_LOG_COLUMNS)
    for result in ordered:
        spans = case_spans(result)
        events = sorted(result.events, key=lambda e: e.time_hours)
        # All timestamps of the replication at once: the same whole seconds (round half to
        # even, as Python's round) and text as utc_timestamp, without a datetime per row.
        seconds = np.rint(np.array([e.time_hours for e in events], dtype=float) * 3600.0)
        stamps = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
        writer.writerows(
            (case_id(result.replication, ev.case_id), ev.activity, f"{stamp}+00:00",
             ev.lifecycle, ev.resource or "", ev.role or "", ev.element_id,
             ev.authority or result.authority, result.replication, ev.case_id,
             int(spans[ev.case_id][0] < result.warmup_hours),
             int(math.isinf(spans[ev.case_id][1])))
            for ev, stamp in zip(events, stamps.tolist(), strict=True))
    atomic_write_text(path, buffer.getvalue())


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN: no value, shown as an empty cell
        return ""
    return value
