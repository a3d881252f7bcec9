"""The event-log CSV: pm4py columns, case ids unique across replications, UTC timestamps,
warm-up and censored cases marked, order, atomic writes; a real 3-replication run loads with
the one pandas.read_csv call the README documents."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from simulation.results.eventlog import (
    EVENT_LOG_COLUMNS,
    EVENT_LOG_DTYPES,
    timestamp,
    write_event_log,
)
from simulation.run.records import DeadlineOutcome, EventRow, RunResult

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


def test_columns_values_and_timestamps_all_in_utc(tmp_path: Path):
    path = tmp_path / "log.csv"
    write_event_log([result("Lambeth", 0, [ev("C0001-E001", "Report missing", "complete", 1.5),
                                           ev("C0001-E001", "Strategy", "start", 26.0)])],
                    path, epoch=EPOCH)
    rows = read(path)
    assert tuple(rows[0]) == EVENT_LOG_COLUMNS == (
        "case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition",
        "org:resource", "org:role", "element_id", "authority", "replication", "episode",
        "case:in_warmup", "case:censored")
    # The last event is a start: the case is still open at the end of the run (censored).
    assert rows[1] == ["r0:C0001-E001", "Report missing", "2026-03-28T01:30:00+00:00",
                       "complete", "social_worker#2", "social_worker", "el_Report missing",
                       "Lambeth", "0", "C0001-E001", "0", "1"]
    # 26 elapsed hours cross the clock change (03:00 BST on the 29th): shown in UTC, 02:00
    assert rows[2][2] == "2026-03-29T02:00:00+00:00"
    assert dt.datetime.fromisoformat(rows[2][2]) - dt.datetime.fromisoformat(rows[1][2]) == \
        dt.timedelta(hours=24.5)
    assert {r[2][-6:] for r in rows[1:]} == {"+00:00"}
    assert timestamp(EPOCH, 26.0) == "2026-03-29T03:00:00+01:00"  # the local-time helper


def test_warmup_and_censored_cases_are_marked_per_case(tmp_path: Path):
    path = tmp_path / "log.csv"
    run = RunResult(authority="Lambeth", replication=2, seed=1, horizon_hours=100.0,
                    warmup_hours=10.0, episodes=3, events=[
                        ev("early", "a", "complete", 5.0), ev("early", "b", "complete", 20.0),
                        ev("open", "a", "complete", 30.0), ev("done", "a", "complete", 40.0)],
                    deadlines=[DeadlineOutcome("open", "Lambeth", "el_a", "d", "return_interview",
                                               30.0, 172.0, None, "pending", 0.0)])
    write_event_log([run], path, epoch=EPOCH)
    marks = {r[0]: (r[10], r[11]) for r in read(path)[1:]}
    assert marks == {"r2:early": ("1", "0"), "r2:open": ("0", "1"), "r2:done": ("0", "0")}


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
    assert {r[0] for r in read(path)[1:]} == {"r0:A", "r1:B", "r1:S"}
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


def test_a_three_replication_run_loads_with_the_documented_read_csv_call(tmp_path: Path):
    pandas = pytest.importorskip("pandas")
    from simulation.commands.cli import main

    root = Path(__file__).resolve().parents[2]
    scenario = tmp_path / "short.yaml"
    scenario.write_text(f"base: {root / 'scenarios' / 'lambeth.yaml'}\nhorizon_days: 30\n"
                        "warmup_days: 5\nreplications: 3\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["simulate", str(scenario), "--out", str(out), "--quiet"]) == 0
    # Exactly the call of the README's "The event log" section:
    log = pandas.read_csv(out / "event_log.csv", dtype=EVENT_LOG_DTYPES,
                          parse_dates=["time:timestamp"])
    assert tuple(log.columns) == EVENT_LOG_COLUMNS
    assert str(log["time:timestamp"].dt.tz) == "UTC"
    assert sorted(log["replication"].unique().tolist()) == [0, 1, 2]
    # Each case id belongs to one replication and one episode; the same episode in three
    # replications is three cases.
    per_case = log.groupby("case:concept:name").agg(reps=("replication", "nunique"),
                                                   episodes=("episode", "nunique"))
    assert (per_case["reps"] == 1).all() and (per_case["episodes"] == 1).all()
    cases = {r: set(g["case:concept:name"]) for r, g in log.groupby("replication")}
    assert not (cases[0] & cases[1]) and not (cases[1] & cases[2]) and not (cases[0] & cases[2])
    shared = set(log[log["replication"] == 0]["episode"]) & set(
        log[log["replication"] == 1]["episode"])
    assert shared, "the replications share episode ids (common random numbers)"
    assert log.groupby("case:concept:name")["case:in_warmup"].nunique().max() == 1
    assert set(log["case:in_warmup"]) == {0, 1} and set(log["case:censored"]) == {0, 1}
    first = log.groupby("case:concept:name")["time:timestamp"].min()
    warm = log.groupby("case:concept:name")["case:in_warmup"].first()
    epoch = pandas.Timestamp("2026-04-01T00:00:00+01:00")  # lambeth.yaml: 1 April, London
    assert ((first < epoch + pandas.Timedelta(days=5)) == (warm == 1)).all()
