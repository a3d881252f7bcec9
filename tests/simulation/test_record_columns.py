"""Records held in columns (`simulation.run.records.RecordColumns`) read back as the records put in,
and the tables worked out from the columns agree with record-by-record definitions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import pickle
import random
from pathlib import Path
from zoneinfo import ZoneInfo

from models.data.calendars import hour_of_week
from simulation.results import kpis
from simulation.results.eventlog import write_event_log
from simulation.run.records import (
    DeadlineLog,
    DeadlineOutcome,
    EventLog,
    EventRow,
    ResourceLog,
    ResourceUse,
    RunResult,
)

LONDON = ZoneInfo("Europe/London")


def _events() -> list[EventRow]:
    return [EventRow("C1", "Report, with a comma", "a", "start", 1.5, "sw#1", "sw", "L", "d"),
            EventRow("C2", 'Say "hello"', "b", "complete", 0.25, "", "", "", ""),
            EventRow("C1", "Report, with a comma", "a", "complete", 2.5, "sw#1", "sw", "L", "d")]


def test_columns_read_back_the_records_put_in_and_pickle() -> None:
    events = _events()
    deadlines = [DeadlineOutcome("C1", "L", "a", "24h", "d", 0.0, 24.0, None, "pending", 0.0),
                 DeadlineOutcome("C2", "L", "a", "24h", "d", 1.0, 25.0, 3.0, "met", 0.0, True)]
    uses = [ResourceUse("sw", "C1", "a", 1.0, 1.5, 2.5), ResourceUse("iro", "C2", "b", 0, 0, 1)]
    for log, records in ((EventLog(events), events), (DeadlineLog(deadlines), deadlines),
                         (ResourceLog(uses), uses)):
        assert list(log) == records and log == records and len(log) == len(records)
        assert log[-1] == records[-1] and log[1:] == records[1:]
        again = pickle.loads(pickle.dumps(log))  # noqa: S301  (our own bytes)
        assert again == records
        again.append(records[0])
        assert list(again) == [*records, records[0]]
    assert EventLog(events).case_ids == ["C1", "C2"] and len(EventLog(events).kinds) == 3
    result = RunResult("L", 0, 1, 10.0, 0.0, 2, events=events, deadlines=deadlines)
    assert isinstance(result.events, EventLog) and result.resources == []


def test_relabelled_renames_the_records_of_the_cases_of_a_group() -> None:
    import dataclasses

    log = EventLog(_events())
    renamed = log.relabelled({"C1": "host"}.get, lambda group, e: dataclasses.replace(
        e, element_id=f"{group}:{e.element_id}", authority="H"))
    assert [(e.case_id, e.element_id, e.authority) for e in renamed] == [
        ("C1", "host:a", "H"), ("C2", "b", ""), ("C1", "host:a", "H")]
    assert [e.time_hours for e in renamed] == [e.time_hours for e in log]
    assert list(log) == _events()  # the original is left as it was


def test_the_event_log_is_written_as_csv_writer_writes_each_row(tmp_path: Path) -> None:
    epoch = dt.datetime(2026, 3, 28, tzinfo=LONDON)
    run = RunResult("L", 3, 1, 100.0, 1.0, 2, events=_events())
    write_event_log([run], tmp_path / "log.csv", epoch=epoch)
    rows = list(csv.reader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8"))))
    assert rows[1:] == [
        ["r3:C2", 'Say "hello"', "2026-03-28T00:15:00+00:00", "complete", "", "", "b", "L",
         "3", "C2", "1", "0"],
        ["r3:C1", "Report, with a comma", "2026-03-28T01:30:00+00:00", "start", "sw#1", "sw",
         "a", "L", "3", "C1", "0", "0"],
        ["r3:C1", "Report, with a comma", "2026-03-28T02:30:00+00:00", "complete", "sw#1", "sw",
         "a", "L", "3", "C1", "0", "0"]]


def test_waits_by_hour_of_week_match_a_datetime_per_request_across_clock_changes() -> None:
    rng = random.Random(7)  # noqa: S311  (test data, not secrets)
    epoch = dt.datetime(2026, 3, 1, 0, 30, tzinfo=LONDON)  # not on a whole hour
    # requests around the clock changes of 29 March and 25 October 2026, on the local hour
    # (half past a simulation hour) and a hair either side
    near = (0.0, 0.5, 0.5 + 1e-10, 0.5 - 1e-10, 0.5 + 1e-6, 0.5 - 1e-6)
    hours = [rng.uniform(0, 24 * 260) for _ in range(3000)]
    hours += [h + d for h in range(27 * 24, 30 * 24) for d in near]
    hours += [h + d for h in range(237 * 24, 240 * 24) for d in near]
    hours = [h for h in hours if h >= 0]
    uses = [ResourceUse("sw", f"C{i}", "a", h, h + (i % 3), h + 4) for i, h in enumerate(hours)]
    run = RunResult("L", 0, 1, 24 * 365.0, 0.0, len(uses), resources=uses)
    rows = kpis.waits_table([run], epoch=epoch)
    start = epoch.astimezone(dt.UTC)
    by_hour: dict[int, list[float]] = {}
    for u in uses:
        how = hour_of_week(start + dt.timedelta(hours=u.requested_hours))
        by_hour.setdefault(how, []).append(u.granted_hours - u.requested_hours)
    got = {r["hour_of_week"]: r for r in rows if r["hour_of_week"] != "all"}
    for how in range(168):
        values = by_hour.get(how, [])
        assert got[how]["requests"] == len(values), how
        if values:
            assert got[how]["mean_wait_hours"] == round(math.fsum(values) / len(values), 2)
