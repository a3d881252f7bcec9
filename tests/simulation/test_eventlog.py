"""The event-log CSV: pm4py columns, ISO timestamps with offsets, order, atomic writes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from simulation.eventlog import EVENT_LOG_COLUMNS, timestamp, write_event_log
from simulation.records import EventRow, RunResult

LONDON = ZoneInfo("Europe/London")
EPOCH = dt.datetime(2026, 3, 28, 0, 0, tzinfo=LONDON)  # clocks go forward 29 March 01:00 GMT


def ev(case: str, activity: str, lifecycle: str, t: float, authority: str = "Lambeth") -> EventRow:
    return EventRow(case_id=case, activity=activity, element_id=f"el_{activity}",
                    lifecycle=lifecycle, time_hours=t, resource="social_worker#2",
                    role="social_worker", authority=authority)


def result(authority: str, replication: int, events: list[EventRow]) -> RunResult:
    return RunResult(authority=authority, replication=replication, seed=1, horizon_hours=100.0,
                     warmup_hours=0.0, episodes=1, events=events)


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_columns_values_and_timestamps_with_offset(tmp_path: Path):
    path = tmp_path / "log.csv"
    write_event_log([result("Lambeth", 0, [ev("C0001-E001", "Report missing", "complete", 1.5),
                                           ev("C0001-E001", "Strategy", "start", 26.0)])],
                    path, epoch=EPOCH)
    rows = read(path)
    assert tuple(rows[0]) == EVENT_LOG_COLUMNS == (
        "case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition",
        "org:resource", "org:role", "element_id", "authority", "replication")
    assert rows[1] == ["C0001-E001", "Report missing", "2026-03-28T01:30:00+00:00", "complete",
                       "social_worker#2", "social_worker", "el_Report missing", "Lambeth", "0"]
    # 26 elapsed hours cross the clock change: 02:00 GMT on the 29th is 03:00 BST
    assert rows[2][2] == "2026-03-29T03:00:00+01:00"
    assert dt.datetime.fromisoformat(rows[2][2]) - dt.datetime.fromisoformat(rows[1][2]) == \
        dt.timedelta(hours=24.5)


def test_timestamp_rounds_to_whole_seconds():
    assert timestamp(EPOCH, 1 / 3600 * 0.4) == "2026-03-28T00:00:00+00:00"
    assert timestamp(EPOCH, 1 / 3600 * 0.6) == "2026-03-28T00:00:01+00:00"


def test_order_is_authority_replication_time_and_stable_for_ties(tmp_path: Path):
    path = tmp_path / "log.csv"
    r_b1 = result("Somerset", 1, [ev("S", "x", "complete", 5.0, "Somerset")])
    r_a1 = result("Lambeth", 1, [ev("B", "late", "complete", 9.0), ev("B", "early", "start", 1.0)])
    # same time: the engine's order (complete before the next start) is kept
    r_a0 = result("Lambeth", 0, [ev("A", "first", "complete", 3.0), ev("A", "second", "start", 3.0),
                                 ev("A", "zero", "start", 0.0)])
    write_event_log([r_b1, r_a1, r_a0], path, epoch=EPOCH)
    got = [(r[7], r[8], r[1]) for r in read(path)[1:]]
    assert got == [("Lambeth", "0", "zero"), ("Lambeth", "0", "first"), ("Lambeth", "0", "second"),
                   ("Lambeth", "1", "early"), ("Lambeth", "1", "late"), ("Somerset", "1", "x")]


def test_identical_inputs_give_identical_bytes_and_the_file_is_replaced(tmp_path: Path):
    runs = [result("Lambeth", r, [ev("A", "a", "start", 0.25 * r), ev("A", "a", "complete", 7.0)])
            for r in range(3)]
    first, second = tmp_path / "one.csv", tmp_path / "two.csv"
    second.write_text("old contents that must go\n", encoding="utf-8")
    write_event_log(runs, first, epoch=EPOCH)
    write_event_log(list(reversed(runs)), second, epoch=EPOCH)
    assert first.read_bytes() == second.read_bytes()
    assert b"\r\n" not in first.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.csv", "two.csv"]  # no temp files


def test_naive_epoch_is_refused_before_anything_is_written(tmp_path: Path):
    path = tmp_path / "log.csv"
    with pytest.raises(ValueError, match="naive"):
        write_event_log([result("Lambeth", 0, [])], path,
                        epoch=dt.datetime(2026, 1, 1))  # noqa: DTZ001
    assert not path.exists()


def test_an_empty_run_writes_the_header_only(tmp_path: Path):
    path = tmp_path / "sub" / "log.csv"
    write_event_log([], path, epoch=EPOCH)
    assert read(path) == [list(EVENT_LOG_COLUMNS)]
