"""The event log as a CSV file with pm4py column names, written atomically.

One line per :class:`~simulation.records.EventRow` of every replication. Columns are
``case:concept:name, concept:name, time:timestamp, lifecycle:transition, org:resource, org:role,
element_id, authority, replication``. Timestamps are ISO 8601 with the UTC offset of the
scenario's time zone (``2026-03-29T03:00:00+01:00``), whole seconds.

Ordering is deterministic: by authority, replication, then simulation time; rows at the same time
keep the order the engine appended them (a stable sort), because that order is causal (a task
completes before the next one starts at the same instant).

``case:concept:name`` is the episode id as the engine gives it. The same id can occur in
several replications; to load all replications into pm4py as separate cases, group by
``replication`` too (or filter one replication).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from simulation.records import RunResult

__all__ = [
    "EVENT_LOG_COLUMNS", "atomic_write_bytes", "atomic_write_text", "timestamp", "write_csv",
    "write_event_log",
]

EVENT_LOG_COLUMNS: tuple[str, ...] = (
    "case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition",
    "org:resource", "org:role", "element_id", "authority", "replication",
)


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
    """Write the event rows of all ``results`` to ``path`` as one CSV (pm4py column names).

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
    timestamp(epoch, 0.0)  # refuse a naive epoch before writing anything
    ordered = sorted(results, key=lambda r: (r.authority, r.replication))
    rows: list[tuple[object, ...]] = []
    for result in ordered:
        for ev in sorted(result.events, key=lambda e: e.time_hours):
            rows.append((ev.case_id, ev.activity, timestamp(epoch, ev.time_hours), ev.lifecycle,
                         ev.resource, ev.role, ev.element_id, ev.authority or result.authority,
                         result.replication))
    write_csv(path, EVENT_LOG_COLUMNS, rows)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN: no value, shown as an empty cell
        return ""
    return value
