"""The engine's shortcuts give exactly what the slow, general code gives."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from models.data.calendars import LONDON, add_duration
from models.data.durations import parse_duration
from simulation.run.engine import Calendars, Simulation
from simulation.run.plan import Plan

EPOCH = dt.datetime(2026, 4, 1, tzinfo=LONDON)


def _sim(horizon_hours: float = 2 * 8760.0) -> Simulation:
    plan = Plan("empty", "Nowhere", {}, {}, {}, (), (), ())
    return Simulation(plan, epoch=EPOCH, horizon_hours=horizon_hours, warmup_hours=0.0,
                      staffing={}, calendars=Calendars.england(), seed=0)


@pytest.mark.parametrize("text", ["P3D", "P1D", "P7D", "P14D", "PT24H", "PT72H", "P1DT12H",
                                  "P1W", "P1M", "PT1H30M"])
def test_clock_durations_match_add_duration_to_the_microsecond(text: str) -> None:
    sim = _sim()
    duration = parse_duration(text)
    rnd = random.Random(text)  # noqa: S311  (test inputs, not secrets)
    starts = [rnd.uniform(-50.0, 2 * 8760.0) for _ in range(400)]
    for change in sim._offset_changes:  # around every clock change, hour by hour
        starts += [change + k + rnd.choice((0.0, 0.5, 1e-7, -1e-7))
                   for k in range(-24 * 30, 24 * 2)]
    for start in starts:
        slow = sim.hours_of(add_duration(sim.at(start), duration, "clock"))
        assert sim.after(start, duration, "clock") == pytest.approx(slow, abs=1e-9), start
        if duration.days:  # the shortcut for whole days is exact, not just close
            assert sim.after(start, duration, "clock") == slow, start


def test_fast_record_constructors_build_the_same_frozen_records() -> None:
    import dataclasses
    import pickle

    from simulation.run.records import (
        DeadlineOutcome,
        EventRow,
        ResourceUse,
        new_deadline_outcome,
        new_event_row,
        new_resource_use,
    )

    cases = [
        (EventRow, new_event_row, ("C1", "Act", "el", "start", 1.5, "sw#1", "sw", "L", "duty")),
        (ResourceUse, new_resource_use, ("sw", "C1", "el", 1.0, 2.0, 3.5)),
        (DeadlineOutcome, new_deadline_outcome,
         ("C1", "L", "el", "72h", "rhi", 0.0, 72.0, None, "pending", 0.0, True, False)),
    ]
    for cls, make, args in cases:
        fast, slow = make(*args), cls(*args)
        assert type(fast) is cls
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
        assert pickle.loads(pickle.dumps(fast)) == slow  # noqa: S301  (our own bytes)
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.case_id = "other"  # type: ignore[misc]


@pytest.mark.parametrize("model_name", ["lambeth", "derby_derbyshire", "childrens_home",
                                        "somerset", "darlington"])
def test_compiled_conditions_agree_with_evaluate(model_name: str) -> None:
    from models import load_model
    from models.data.catalogue import catalogue
    from models.data.conditions import ConditionError, compile_condition, evaluate, parse_condition
    from simulation.run.engine import attribute_defaults
    from simulation.run.plan import compile_plan

    plan = compile_plan(load_model(model_name))
    trees = [el.condition for el in plan.elements.values() if el.condition is not None]
    trees += [b.condition for el in plan.elements.values() for b in el.branches
              if b.condition is not None]
    assert trees
    rnd = random.Random(model_name)  # noqa: S311  (test inputs, not secrets)
    specs = catalogue().attributes

    def value(spec: dict) -> object:
        kind = spec.get("type")
        if kind == "bool":
            return rnd.random() < 0.5
        if kind == "int":
            return rnd.randint(int(spec.get("min", 0)), int(spec.get("max", 30)))
        if kind == "enum":
            return rnd.choice(spec["values"])
        return None

    functions = {"episodes_in": lambda window: rnd.randint(0, 6)}
    for _ in range(300):
        env = {**attribute_defaults(), **{n: value(s) for n, s in specs.items()}}
        env["missing_hours"] = rnd.randint(0, 400)
        for tree in trees:
            state = rnd.getstate()
            slow = evaluate(tree, env, functions)
            rnd.setstate(state)  # the same draws for episodes_in
            assert compile_condition(tree)(env, functions) == slow, tree
    unknown = parse_condition('nobody_knows == 1 and risk == "high"')
    with pytest.raises(ConditionError, match="unknown attribute 'nobody_knows'"):
        compile_condition(unknown)({"risk": "high"}, {})
    with pytest.raises(ConditionError, match="cannot compare"):
        compile_condition(parse_condition("age < 3"))({"age": "old"}, {})


def test_each_episode_draws_from_its_own_stream_whatever_the_population_size() -> None:
    """Common random numbers: episode k's seed depends on (seed, replication, k) only."""
    from simulation.run.engine import case_seeds

    few, many = case_seeds(7, 2, 3), case_seeds(7, 2, 50)
    assert many[:3] == few
    assert len(set(many)) == 50
    assert case_seeds(7, 3, 3) != few and case_seeds(8, 2, 3) != few
    assert all(0 <= s < 2**64 for s in many)


@pytest.mark.parametrize("text", ["P1D", "P2D", "P3D", "P5D", "P10D", "P20D"])
def test_working_days_match_add_duration_to_the_microsecond(text: str) -> None:
    """The working-day table gives what the rule as written gives: over two years of random
    times, every opening and closing (and a hair either side), Christmas and the bank holidays,
    and every day of the weeks around each clock change."""
    sim = _sim()
    duration = parse_duration(text)
    rnd = random.Random(text)  # noqa: S311  (test inputs, not secrets)
    starts = [rnd.uniform(0.0, 2 * 8760.0) for _ in range(600)]
    opening = sim.calendars.office
    day0 = EPOCH.date()
    for k in range(0, 730):
        day = day0 + dt.timedelta(days=k)
        for hour in (0.0, 9.0, 17.0):
            local = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON) + dt.timedelta(hours=hour)
            h = sim.hours_of(local)
            starts += [h, h - 1e-7, h + 1e-7]
    for change in sim._offset_changes:
        if change > 0:
            starts += [change + k + 0.5 for k in range(-24 * 8, 24 * 8, 5)]
    covered = 0
    for start in starts:
        slow = sim.hours_of(add_duration(sim.at(start), duration, "working_days", opening))
        assert sim.after(start, duration, "working_days") == slow, start
        covered += sim._working_days is not None and \
            sim._working_days.after(start, duration.days) is not None
    assert covered > 0.95 * len(starts)  # the table, not the fallback, answered almost all


def test_a_run_frees_its_cases_without_the_cyclic_collector() -> None:
    """No case or boundary watch refers to itself: once the run is over and nothing waits,
    reference counting frees them (the collector is off here, so only that can)."""
    import gc

    from models import load_model
    from simulation.run.engine import Case, Watch
    from simulation.run.records import Child, Episode
    from simulation.run.runner import run_episodes

    episodes = [Episode(f"E{i}", Child(f"C{i % 3}", 14, "F", i % 2 == 0), 30.0 * i + 0.5,
                        30.0 * i + 6.5, ("low", "medium", "high")[i % 3]) for i in range(12)]
    gc.collect()
    gc.disable()
    try:
        result = run_episodes(load_model("lambeth"), episodes, epoch=EPOCH,
                              horizon_hours=24 * 400.0)
        alive = [o for o in gc.get_objects() if isinstance(o, Case | Watch)]
    finally:
        gc.enable()
    assert result.episodes == 12 and result.deadlines
    assert alive == []
