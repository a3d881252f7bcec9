"""KPI tables from hand-made RunResult records: exact counts, intervals, censoring, warm-up."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from scipy import stats

from models.data.catalogue import catalogue
from simulation.results import kpis
from simulation.results.kpis import mean_ci
from simulation.run.records import DeadlineOutcome, EventRow, ResourceUse, RunResult, Trigger

LONDON = ZoneInfo("Europe/London")
WARMUP = 100.0
HORIZON = 100.0 + 4 * 168.0  # four weeks after the warm-up


def deadline(case: str, status: str, anchor: float, *, done: float | None = None,
             due: float | None = None, lateness: float = 0.0, out_of_area: bool = False,
             element: str = "rhi_task", name: str = "rhi_72h",
             duty: str = "return_interview", authority: str = "Lambeth") -> DeadlineOutcome:
    return DeadlineOutcome(case_id=case, authority=authority, element_id=element, name=name,
                           duty=duty, anchor_hours=anchor,
                           due_hours=anchor + 72.0 if due is None else due, done_hours=done,
                           status=status, lateness_hours=lateness, out_of_area=out_of_area)


def run(replication: int, *, authority: str = "Lambeth", **fields) -> RunResult:
    return RunResult(authority=authority, replication=replication, seed=7,
                     horizon_hours=HORIZON, warmup_hours=WARMUP, episodes=10, **fields)


def event(case: str, element: str, lifecycle: str, t: float, *, activity: str = "",
          role: str = "social_worker", authority: str = "Lambeth") -> EventRow:
    return EventRow(case_id=case, activity=activity or element, element_id=element,
                    lifecycle=lifecycle, time_hours=t, resource=f"{role}#1", role=role,
                    authority=authority)


def use(role: str, requested: float, granted: float, released: float,
        case: str = "C1") -> ResourceUse:
    return ResourceUse(role=role, case_id=case, element_id="task", requested_hours=requested,
                       granted_hours=granted, released_hours=released)


def plain(rows):
    return all(type(v) in (str, int, float) for row in rows for v in row.values())


# --------------------------------------------------------------------------- mean_ci


def test_mean_ci_matches_scipy_t_interval_for_a_known_sample():
    sample = [0.62, 0.71, 0.68, 0.75, 0.59]
    mean, low, high = mean_ci(sample)
    ref_low, ref_high = stats.t.interval(0.95, df=4, loc=np.mean(sample), scale=stats.sem(sample))
    assert mean == pytest.approx(0.67)
    assert low == pytest.approx(ref_low, abs=1e-9)
    assert high == pytest.approx(ref_high, abs=1e-9)


@pytest.mark.parametrize("n", range(2, 32))
def test_t_table_matches_scipy_for_every_tabulated_degree_of_freedom(n):
    sample = [float(i % 7) + 0.5 * i for i in range(n)]
    _, low, high = mean_ci(sample)
    half = stats.t.ppf(0.975, n - 1) * stats.sem(sample)
    assert (high - low) / 2 == pytest.approx(half, rel=1e-8)


def test_above_30_degrees_of_freedom_the_normal_quantile_is_used():
    sample = [float(i) for i in range(40)]
    mean, _low, high = mean_ci(sample)
    assert (high - mean) == pytest.approx(1.96 * stats.sem(sample), rel=1e-12)


def test_one_value_has_no_interval_and_none_is_an_error():
    mean, low, high = mean_ci([0.5])
    assert mean == 0.5 and math.isnan(low) and math.isnan(high)
    with pytest.raises(ValueError, match="at least one value"):
        mean_ci([])


# --------------------------------------------------------------------------- compliance


def compliance_results() -> list[RunResult]:
    r0 = run(0, deadlines=[
        deadline("C1", "met", 150.0, done=160.0),
        deadline("C2", "met", 200.0, done=230.0, out_of_area=True),
        deadline("C3", "missed", 300.0, done=400.0, lateness=28.0),
        deadline("C4", "pending", 700.0, lateness=5.0),       # overdue, still open
        deadline("C5", "pending", 740.0),                     # not yet due
        deadline("C0", "missed", 50.0, done=200.0, lateness=78.0),  # anchored in warm-up
        deadline("C6", "met", WARMUP, done=WARMUP + 1.0),     # anchored exactly at the end
    ])
    r1 = run(1, deadlines=[
        deadline("C1", "met", 120.0, done=130.0),
        deadline("C2", "missed", 130.0, done=250.0, lateness=48.0, out_of_area=True),
        deadline("C3", "missed", 140.0, done=260.0, lateness=48.0),
        deadline("C4", "met", 150.0, done=151.0),
    ])
    return [r1, r0]  # deliberately out of order


def rows_by_split(rows):
    return {r["split"]: r for r in rows}


def test_compliance_exact_counts_and_per_replication_mean():
    rows = kpis.compliance_table(compliance_results())
    assert [r["split"] for r in rows] == ["all", "in_area", "out_of_area"]
    assert all(tuple(r) == kpis.COMPLIANCE_COLUMNS for r in rows)
    by = rows_by_split(rows)
    a = by["all"]
    assert (a["met"], a["missed"], a["pending"], a["pending_overdue"], a["excluded_warmup"]) == \
        (5, 3, 2, 1, 1)
    # replication 0: 3 met / 4 decided; replication 1: 2 met / 4 decided
    per_rep = [3 / 4, 2 / 4]
    ref = stats.t.interval(0.95, df=1, loc=np.mean(per_rep), scale=stats.sem(per_rep))
    assert a["replications"] == 2
    assert a["compliance_mean"] == round(0.625, 4)
    assert a["compliance_ci_low"] == 0.0            # t-interval below 0, clipped
    assert a["compliance_ci_high"] == 1.0            # and above 1
    assert ref[0] < 0 and ref[1] > 1
    assert a["duty_label"] == catalogue().duty_label("return_interview")
    assert a["duty_label"] == "Independent return home interview"
    assert (a["authority"], a["element_id"], a["deadline"], a["duty"]) == \
        ("Lambeth", "rhi_task", "rhi_72h", "return_interview")
    assert plain(rows)


def test_compliance_splits_in_area_and_out_of_area():
    by = rows_by_split(kpis.compliance_table(compliance_results()))
    out, inside = by["out_of_area"], by["in_area"]
    assert (out["met"], out["missed"], out["pending"]) == (1, 1, 0)
    assert out["compliance_mean"] == 0.5  # replication 0: 1/1, replication 1: 0/1
    assert (inside["met"], inside["missed"], inside["pending"]) == (4, 2, 2)
    # replication 0: 2/3; replication 1: 2/3
    assert inside["compliance_mean"] == round(2 / 3, 4)
    assert inside["compliance_ci_low"] == inside["compliance_ci_high"] == round(2 / 3, 4)


def test_pending_is_never_met_or_missed():
    only_pending = [run(0, deadlines=[deadline("C1", "pending", 500.0, lateness=3.0),
                                      deadline("C2", "pending", 510.0)])]
    a = rows_by_split(kpis.compliance_table(only_pending))["all"]
    assert (a["met"], a["missed"], a["pending"], a["pending_overdue"]) == (0, 0, 2, 1)
    assert a["replications"] == 0
    assert math.isnan(a["compliance_mean"]) and math.isnan(a["compliance_ci_low"])


def test_warm_up_exclusion_only_counts_anchors_at_or_after_the_warm_up():
    results = [run(0, deadlines=[deadline("C1", "missed", WARMUP - 0.01, done=500.0),
                                 deadline("C2", "met", WARMUP, done=WARMUP + 2)])]
    a = rows_by_split(kpis.compliance_table(results))["all"]
    assert (a["met"], a["missed"], a["excluded_warmup"]) == (1, 0, 1)
    assert a["compliance_mean"] == 1.0


def test_rows_are_per_authority_and_per_deadline_in_sorted_order():
    results = [
        run(0, authority="Somerset", deadlines=[deadline("S1", "met", 200.0, done=201.0,
                                                         authority="Somerset")]),
        run(0, deadlines=[deadline("C1", "met", 200.0, done=201.0, element="b", name="n2",
                                   duty="strategy_discussion"),
                          deadline("C1", "missed", 200.0, done=400.0, element="a", name="n1")]),
    ]
    rows = kpis.compliance_table(results)
    keys = [(r["authority"], r["element_id"]) for r in rows if r["split"] == "all"]
    assert keys == [("Lambeth", "a"), ("Lambeth", "b"), ("Somerset", "rhi_task")]
    assert rows[3]["duty_label"] == "Strategy discussion (may be by phone)"


# --------------------------------------------------------------------------- completion


def test_completion_percentiles_of_done_minus_anchor():
    taken = [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 50.0]
    ds = [deadline(f"C{i}", "met", 200.0 + i, done=200.0 + i + h) for i, h in enumerate(taken)]
    ds += [deadline("Cp", "pending", 300.0), deadline("Cw", "met", 10.0, done=999.0)]
    (row,) = kpis.completion_table([run(0, deadlines=ds)])
    assert tuple(row) == kpis.COMPLETION_COLUMNS
    assert (row["done"], row["pending"]) == (7, 1)
    assert row["p50_hours"] == 4.0
    assert row["p90_hours"] == round(float(np.percentile(taken, 90)), 2) == 32.0
    assert row["p95_hours"] == round(float(np.percentile(taken, 95)), 2)
    assert row["limit_p50_hours"] == 72.0


# --------------------------------------------------------------------------- utilisation


def test_utilisation_counts_only_the_overlap_with_the_post_warm_up_window():
    runs = [
        run(0, capacity_hours={"social_worker": 100.0}, resources=[
            use("social_worker", 80.0, 90.0, 110.0),          # 10 h after the warm-up
            use("social_worker", 200.0, 200.0, 220.0),        # 20 h
            use("social_worker", HORIZON - 5, HORIZON - 5, HORIZON + 50),  # 5 h before horizon
            use("social_worker", 10.0, 20.0, 90.0),           # all in the warm-up: 0 h
        ]),
        run(1, capacity_hours={"social_worker": 100.0}, resources=[
            use("social_worker", 300.0, 300.0, 345.0)]),       # 45 h
        run(2, capacity_hours={"social_worker": 50.0}, resources=[
            use("social_worker", 300.0, 300.0, 320.0)]),       # 20 h of 50
    ]
    (row,) = kpis.utilisation_table(runs)
    assert tuple(row) == kpis.UTILISATION_COLUMNS
    shares = [0.35, 0.45, 0.40]
    ref = stats.t.interval(0.95, df=2, loc=np.mean(shares), scale=stats.sem(shares))
    assert row["role_label"] == "Allocated social worker"
    assert row["replications"] == 3
    assert row["busy_hours_mean"] == round((35 + 45 + 20) / 3, 2)
    assert row["capacity_hours_mean"] == round(250 / 3, 2)
    assert row["utilisation_mean"] == 0.4
    assert row["utilisation_ci_low"] == round(ref[0], 4)
    assert row["utilisation_ci_high"] == round(ref[1], 4)


def test_a_role_without_capacity_is_listed_as_unconstrained():
    runs = [run(0, capacity_hours={"iro": 10.0},
                resources=[use("police_officer", 200.0, 200.0, 203.0)])]
    rows = {r["role"]: r for r in kpis.utilisation_table(runs)}
    assert rows["iro"]["utilisation_mean"] == 0.0
    assert rows["police_officer"]["replications"] == 0
    assert rows["police_officer"]["busy_hours_mean"] == 3.0
    assert math.isnan(rows["police_officer"]["utilisation_mean"])


# --------------------------------------------------------------------------- waits


def test_waits_overall_and_by_hour_of_week_without_epoch():
    # hour 0 taken as Monday 00:00: 168 + 9.5 is Monday 09:xx, 168 + 24 + 14 Tuesday 14:xx
    resources = [use("team_manager", 168 + 9.5, 168 + 9.5 + w, 168 + 12) for w in (0.0, 1.0, 2.0)]
    resources += [use("team_manager", 168 + 38.0, 168 + 42.0, 168 + 43.0),
                  use("team_manager", 50.0, 60.0, 61.0)]  # in the warm-up: left out
    rows = kpis.waits_table([run(0, resources=resources)])
    assert len(rows) == 169
    overall = rows[0]
    assert tuple(overall) == kpis.WAIT_COLUMNS
    assert (overall["hour_of_week"], overall["when"], overall["requests"]) == \
        ("all", "all hours", 4)
    assert overall["mean_wait_hours"] == round(7 / 4, 2)
    assert overall["p90_wait_hours"] == round(float(np.percentile([0, 1, 2, 4], 90)), 2)
    assert overall["share_waited"] == 0.75
    monday9 = rows[1 + 9]
    assert (monday9["hour_of_week"], monday9["when"], monday9["requests"]) == (9, "Mon 09:00", 3)
    assert monday9["mean_wait_hours"] == 1.0
    tuesday14 = rows[1 + 24 + 14]
    assert (tuesday14["when"], tuesday14["requests"], tuesday14["mean_wait_hours"]) == \
        ("Tue 14:00", 1, 4.0)
    empty = rows[1 + 100]
    assert empty["requests"] == 0 and math.isnan(empty["mean_wait_hours"])
    assert overall["role_label"] == "Team manager"


def test_waits_use_the_local_clock_of_the_epoch():
    # Epoch Friday 2026-03-27 00:00 GMT; the clocks go forward on Sunday 29 March at 01:00.
    epoch = dt.datetime(2026, 3, 27, tzinfo=LONDON)
    wait_rows = kpis.waits_table(
        [run(0, resources=[use("iro", 110.0, 111.0, 112.0)])], epoch=epoch)
    hit = [r for r in wait_rows if r["hour_of_week"] != "all" and r["requests"]]
    # 110 h after Fri 00:00 GMT is Tue 14:00 GMT = Tue 15:00 BST
    assert [r["when"] for r in hit] == ["Tue 15:00"]
    with pytest.raises(ValueError, match="naive"):
        kpis.waits_table([run(0)], epoch=dt.datetime(2026, 3, 27))  # noqa: DTZ001


# --------------------------------------------------------------------------- backlog


def test_backlog_counts_open_episodes_and_queued_requests_at_the_end_of_each_day():
    horizon = 72.0
    r = RunResult(authority="Lambeth", replication=0, seed=1, horizon_hours=horizon,
                  warmup_hours=24.0, episodes=3,
                  events=[event("A", "start", "complete", 2.0), event("A", "end", "complete", 30.0),
                          event("B", "start", "complete", 20.0),
                          event("B", "task", "start", 40.0),       # last event a start: open
                          event("C", "start", "complete", 47.0),
                          event("C", "end", "complete", 49.0)],
                  resources=[use("iro", 23.0, 25.0, 26.0), use("iro", 47.0, 49.0, 50.0),
                             use("iro", 48.0, 48.0, 50.0)])
    rows = kpis.backlog_series([r], epoch=dt.datetime(2026, 3, 28, tzinfo=LONDON))
    assert tuple(rows[0]) == kpis.BACKLOG_COLUMNS
    assert [(row["day"], row["in_warmup"]) for row in rows] == [(0, 1), (1, 0), (2, 0)]
    # end of day 0 (t=24): A, B open; 1 queued. t=48: B, C open; 1 queued. t=72: B open.
    assert [row["open_episodes_mean"] for row in rows] == [2.0, 2.0, 1.0]
    assert [row["queued_requests_mean"] for row in rows] == [1.0, 1.0, 0.0]
    assert [row["date"] for row in rows] == ["2026-03-28", "2026-03-29", "2026-03-30"]


def test_backlog_keeps_an_episode_with_a_pending_deadline_open_and_averages_replications():
    r0 = RunResult(authority="Lambeth", replication=0, seed=1, horizon_hours=48.0,
                   warmup_hours=0.0, episodes=1, events=[event("A", "s", "complete", 1.0),
                                                         event("A", "e", "complete", 2.0)],
                   deadlines=[deadline("A", "pending", 1.0)])
    r1 = RunResult(authority="Lambeth", replication=1, seed=2, horizon_hours=48.0,
                   warmup_hours=0.0, episodes=0)
    rows = kpis.backlog_series([r0, r1])
    assert [row["open_episodes_mean"] for row in rows] == [0.5, 0.5]
    assert [row["date"] for row in rows] == ["", ""]
    assert rows[0]["replications"] == 2


# --------------------------------------------------------------------------- counts


def test_meetings_per_week_count_completions_after_the_warm_up():
    def reps(n_meetings: int, replication: int) -> RunResult:
        events = [event(f"C{i}", "sm_task", "complete", WARMUP + 10 * i + 1) for i in
                  range(n_meetings)]
        events += [event("Cw", "sm_task", "complete", WARMUP - 1),    # warm-up
                   event("C0", "sm_task", "start", WARMUP + 1),        # start, not a meeting
                   event("C0", "other", "complete", WARMUP + 2)]
        return run(replication, events=events)
    rows = kpis.meetings_per_week([reps(8, 0), reps(4, 1)],
                                  task_duties={"sm_task": "strategy_meeting"})
    (row,) = rows
    assert tuple(row) == kpis.DUTY_COUNT_COLUMNS
    assert (row["duty"], row["duty_label"]) == ("strategy_meeting", "Strategy meeting")
    assert (row["completed_total"], row["cases"], row["replications"]) == (12, 12, 2)
    rates = [8 / 4, 4 / 4]  # four weeks after the warm-up
    ref = stats.t.interval(0.95, df=1, loc=np.mean(rates), scale=stats.sem(rates))
    assert row["per_week_mean"] == 1.5
    assert row["per_week_ci_low"] == 0.0 and ref[0] < 0
    assert row["per_week_ci_high"] == round(ref[1], 3)


def test_meeting_duty_can_come_from_the_deadlines_and_zero_is_listed():
    r = run(0, deadlines=[deadline("C1", "pending", 500.0, element="disc", name="sd_24h",
                                   duty="strategy_discussion")],
            events=[event("C1", "disc", "start", 501.0)])
    (row,) = kpis.meetings_per_week([r])
    assert (row["duty"], row["completed_total"], row["per_week_mean"]) == \
        ("strategy_discussion", 0, 0.0)
    assert kpis.meetings_per_week([run(0)]) == []


def test_escalations_count_notify_senior_manager():
    r = run(0, events=[event("C1", "esc", "complete", 200.0), event("C2", "esc", "complete",
                                                                    300.0),
                       event("C1", "esc", "complete", 400.0)])
    (row,) = kpis.escalations([r], task_duties={"esc": "notify_senior_manager"})
    assert (row["completed_total"], row["cases"], row["per_week_mean"]) == (3, 2, 0.75)
    assert row["duty_label"] == "Escalate to a senior manager"
    assert math.isnan(row["per_week_ci_low"])  # one replication: no interval


def test_triggers_count_per_replication_after_the_warm_up():
    t = [Trigger("C1", "repeat_start", "three in 90 days", 200.0),
         Trigger("C2", "repeat_start", "three in 90 days", 250.0),
         Trigger("C2", "repeat_start", "three in 90 days", 50.0)]  # warm-up
    rows = kpis.triggers_table([run(0, triggers=t), run(1),
                                run(2, triggers=[Trigger("C9", "repeat_start",
                                                         "three in 90 days", 300.0)])])
    (row,) = rows
    assert tuple(row) == kpis.TRIGGER_COLUMNS
    assert (row["fired_total"], row["cases"], row["replications"]) == (3, 3, 3)
    assert row["per_replication_mean"] == 1.0
    ref = stats.t.interval(0.95, df=2, loc=1.0, scale=stats.sem([2, 0, 1]))
    assert row["per_replication_ci_high"] == round(ref[1], 3)


# --------------------------------------------------------------------------- files


def full_results() -> list[RunResult]:
    out = compliance_results()
    out[0].resources.extend([use("social_worker", 200.0, 201.5, 204.0)])
    out[0].capacity_hours.update({"social_worker": 300.0})
    out[1].resources.extend([use("social_worker", 150.0, 150.0, 152.0)])
    out[1].capacity_hours.update({"social_worker": 300.0})
    out[0].events.extend([event("C1", "sm", "complete", 150.0)])
    out[1].triggers.append(Trigger("C1", "t", "rule", 300.0))
    return out


def test_write_tables_is_byte_identical_for_equal_inputs(tmp_path: Path):
    epoch = dt.datetime(2026, 1, 5, tzinfo=LONDON)
    first = kpis.write_tables(full_results(), tmp_path / "a", epoch=epoch)
    second = kpis.write_tables(list(reversed(full_results())), tmp_path / "b", epoch=epoch)
    assert [p.name for p in first] == [name for name, _ in kpis.TABLE_FILES]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first)


def test_csv_cells_are_plain_and_missing_values_are_empty(tmp_path: Path):
    paths = kpis.write_tables(full_results(), tmp_path)
    compliance = (tmp_path / "compliance.csv").read_text(encoding="utf-8").splitlines()
    assert compliance[0] == ",".join(kpis.COMPLIANCE_COLUMNS)
    assert compliance[1].startswith("Lambeth,rhi_task,rhi_72h,,return_interview,"
                                    "Independent return home interview,all,2,5,3,2,1,1,0.625,")
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            cells = [c.lower() for row in csv.reader(handle) for c in row]
        assert "nan" not in cells and "none" not in cells
    for name in ("meetings.csv", "escalations.csv"):
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("authority,duty,")


def test_every_table_has_plain_values_and_empty_input_gives_empty_tables():
    results = full_results()
    for table in (kpis.compliance_table, kpis.completion_table, kpis.utilisation_table,
                  kpis.waits_table, kpis.backlog_series, kpis.meetings_per_week,
                  kpis.escalations, kpis.triggers_table):
        assert plain(table(results))
        assert table([]) == []


def test_no_global_random_or_matplotlib_in_kpis():
    source = Path(kpis.__file__).read_text(encoding="utf-8")
    assert "import random" not in source and "np.random" not in source
    assert "matplotlib" not in source


# --------------------------------------------------------------------------- what was run


def test_deadline_names_carry_the_limit_in_force_and_the_element_where_alike():
    from simulation.results.deadline_labels import DeadlineLimit

    name = "Return home interview within 72 hours of return"
    results = [run(0, deadlines=[
        deadline("A", "met", 200.0, done=210.0, element="la_h_rhi", name=name),
        deadline("B", "missed", 200.0, done=290.0, element="rhi_interview", name=name),
        deadline("C", "met", 200.0, done=201.0, element="sd", name="Discussion within 24 hours",
                 duty="strategy_discussion")])]
    limits = {("la_h_rhi", name, "return_interview"): DeadlineLimit(
                  "la_h_rhi", name, "return_interview", "clock", "PT72H", "PT48H"),
              ("rhi_interview", name, "return_interview"): DeadlineLimit(
                  "rhi_interview", name, "return_interview", "clock", "PT72H", "PT48H"),
              ("sd", "Discussion within 24 hours", "strategy_discussion"): DeadlineLimit(
                  "sd", "Discussion within 24 hours", "strategy_discussion", "clock", "PT24H",
                  "PT24H")}
    for table in (kpis.compliance_table, kpis.completion_table):
        rows = {r["element_id"]: r for r in table(results, limits=limits)
                if r.get("split", "all") == "all"}
        for element in ("la_h_rhi", "rhi_interview"):
            assert rows[element]["deadline"] == (
                "Return home interview within 48 hours of return [limit overridden by the "
                f"scenario: model says 72 hours] [{element}]")
            assert rows[element]["limit"] == "48 hours"
            assert rows[element]["model_deadline"] == name
        assert rows["sd"]["deadline"] == "Discussion within 24 hours"  # unchanged, unique
        assert rows["sd"]["limit"] == "24 hours"
    # Without limits: the model's name, the element id where two read alike, no limit.
    plain_rows = {r["element_id"]: r for r in kpis.compliance_table(results)}
    assert plain_rows["la_h_rhi"]["deadline"] == f"{name} [la_h_rhi]"
    assert plain_rows["la_h_rhi"]["limit"] == ""


def test_pending_is_the_same_count_in_compliance_and_completion():
    ds = [deadline("M", "met", 200.0, done=230.0),
          deadline("L", "missed", 200.0, done=300.0),
          deadline("N", "missed", 300.0),              # past due, never done: missed
          deadline("P", "pending", 700.0)]             # not yet due at the end: pending
    rows = [run(0, deadlines=ds)]
    (comp,) = [r for r in kpis.compliance_table(rows) if r["split"] == "all"]
    (done,) = kpis.completion_table(rows)
    assert (comp["met"], comp["missed"], comp["pending"]) == (1, 2, 1)
    assert (done["done"], done["pending"], done["missed_not_done"]) == (2, 1, 1)
    assert done["pending"] == comp["pending"]
    assert done["done"] + done["missed_not_done"] == comp["met"] + comp["missed"]


def test_roles_are_rota_unconstrained_or_unconstrained_in_effect():
    runs = [run(0, resources=[use("police_officer", 200.0, 200.0, 201.0),
                              use("social_worker", 200.0, 203.0, 210.0),
                              use("carer", 200.0, 200.0, 202.0),
                              use("education", 50.0, 50.0, 51.0)],  # in the warm-up
                capacity_hours={"police_officer": 500.0 * 672, "social_worker": 100.0,
                                "education": 4.0 * 160})]
    rows = {r["role"]: r for r in kpis.utilisation_table(runs)}
    # A small team with no task after the warm-up is a rota used 0%, not "unconstrained".
    assert rows["education"]["staffing"] == kpis.STAFFED
    assert rows["police_officer"]["staffing"] == kpis.UNCONSTRAINED_IN_EFFECT
    assert rows["social_worker"]["staffing"] == kpis.STAFFED
    assert rows["carer"]["staffing"] == kpis.UNCONSTRAINED


def test_no_negative_zero_in_any_table():
    ds = [deadline("A", "met", 200.0, done=200.0 - 1e-12)]
    rows = kpis.completion_table([run(0, deadlines=ds)])
    assert all(not (isinstance(v, float) and v == 0 and math.copysign(1, v) < 0)
               for r in rows for v in r.values())


def test_backlog_by_bisection_equals_testing_every_interval():
    rng = np.random.default_rng(5)
    runs = []
    for r in range(3):
        events, resources, deadlines = [], [], []
        for i in range(200):
            start = float(rng.uniform(0, HORIZON))
            length = float(rng.exponential(60.0))
            events.append(event(f"C{i}", "a", "complete", start))
            events.append(event(f"C{i}", "b", "start" if i % 7 == 0 else "complete",
                                start + length))
            if i % 11 == 0:
                deadlines.append(deadline(f"C{i}", "pending", start))
            asked = float(rng.uniform(0, HORIZON))
            wait = float(rng.exponential(5.0)) if i % 3 else 0.0
            resources.append(use("social_worker", asked, asked + wait, asked + wait + 1.0))
        runs.append(run(r, events=events, resources=resources, deadlines=deadlines))
    rows = kpis.backlog_series(runs)
    from simulation.results.eventlog import case_spans
    for row in rows:
        t = min(24.0 * (row["day"] + 1), HORIZON)
        opened = [sum(s <= t < e for s, e in case_spans(x).values()) for x in runs]
        queued = [sum(u.requested_hours <= t < u.granted_hours for u in x.resources)
                  for x in runs]
        assert row["open_episodes_mean"] == round(sum(opened) / 3, 3) + 0.0
        assert row["queued_requests_mean"] == round(sum(queued) / 3, 3) + 0.0
    assert any(row["queued_requests_mean"] > 0 for row in rows)


@pytest.mark.parametrize("module", ["simulation.results.deadline_labels",
                                    "simulation.results.eventlog"])
def test_the_examples_in_the_docstrings_hold(module):
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failed == 0
