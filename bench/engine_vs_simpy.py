"""Benchmark: a year of Lambeth episodes, the missingsim engine vs. a hand-written SimPy slice.

Not a test: it prints figures. See bench/README.md.

    python bench/engine_vs_simpy.py --episodes 100000

Steps:

1. Draw about ``--episodes`` episodes over one year for Lambeth with
   ``simulation.run.population.generate_episodes`` (the scenario's synthetic population, its
   ``child_population`` scaled up from a pilot draw, then thinned at random to exactly N).
2. Run them through the Lambeth model with the engine (``simulation.run.runner.run_episodes``) and
   the staffing of ``scenarios/lambeth.yaml``.
3. Run the same episodes through a plain SimPy version of the looked-after main path (written
   below with ``simpy.Environment``/``simpy.Resource`` and generator functions only), with the
   processing-time distributions read from the loaded model.
4. Print both rates, the ratio, and the peak resident memory of each (``ru_maxrss`` of a fresh
   subprocess per variant).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import json
import math
import os
import pickle
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCENARIO = ROOT / "scenarios" / "lambeth.yaml"
HORIZON_HOURS = 365 * 24.0

# Targets from issue 14 (figures to compare against, not assertions).
TARGET_RATIO = 1.5  # engine CPU / hand-written slice CPU
TARGET_CPU_SECONDS = 30.0  # engine CPU for the run
TARGET_RSS_MIB = 400.0  # peak RSS of the engine's process


# ------------------------------------------------------------------------------------------------
# Shared set-up


def _scenario() -> Any:
    from simulation.run.scenario import load_scenario

    return load_scenario(SCENARIO)


def _staffing(scenario: Any, staff_scale: float) -> dict[str, Any]:
    """The scenario's staffing as engine role specs, counts optionally multiplied."""
    from simulation.run.runner import staffing_specs

    specs = staffing_specs(scenario)
    if staff_scale == 1.0:
        return specs

    def up(n: int) -> int:
        return max(1, math.ceil(n * staff_scale))

    return {role: dataclasses.replace(
        s, count=None if s.count is None else up(s.count),
        shifts=tuple((days, a, b, up(c)) for days, a, b, c in s.shifts))
        for role, s in specs.items()}


def build_population(n: int, seed: int) -> tuple[list[Any], float, float]:
    """Exactly ``n`` episodes over one year; returns (episodes, population scale, seconds)."""
    import numpy as np

    from simulation.run.population import generate_episodes

    sc = _scenario()
    base = sc.population
    t0 = time.perf_counter()

    def draw(children: int, rng_seed: int) -> list[Any]:
        spec = dataclasses.replace(base, child_population=children)
        return generate_episodes(spec, authority="Lambeth", epoch=sc.epoch,
                                 horizon_hours=HORIZON_HOURS,
                                 rng=np.random.default_rng([seed, rng_seed]))

    pilot_children = base.child_population * 10
    pilot = draw(pilot_children, 0)
    per_child = len(pilot) / pilot_children
    children = math.ceil(n / per_child * 1.04)  # overshoot a little, then thin to exactly n
    episodes = draw(children, 1)
    while len(episodes) < n:
        children = math.ceil(children * 1.05)
        episodes = draw(children, 2)
    keep = sorted(random.Random(seed).sample(range(len(episodes)), n))  # noqa: S311
    episodes = [episodes[i] for i in keep]
    return episodes, children / base.child_population, time.perf_counter() - t0


def _maxrss_mib() -> float:
    # Linux reports ru_maxrss in KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------
# Variant 1: the missingsim engine


def run_engine(episodes: list[Any], staff_scale: float, seed: int) -> dict[str, Any]:
    from models import load_model
    from simulation.run.runner import run_episodes

    sc = _scenario()
    model = load_model("lambeth")
    staffing = _staffing(sc, staff_scale)
    kwargs = dict(epoch=sc.epoch, horizon_hours=HORIZON_HOURS, staffing=staffing, seed=seed,
                  school_holidays=sc.school_holidays)
    t0 = time.perf_counter()
    run_episodes(model, [], **kwargs)  # set-up only: plan, calendars, staff opening times
    setup = time.perf_counter() - t0
    rss_before = _maxrss_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_episodes(model, episodes, **kwargs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    status = Counter(d.status for d in result.deadlines)
    rhi = Counter(d.status for d in result.deadlines if d.element_id == "rhi_interview")
    return {
        "variant": "engine", "seconds": seconds, "cpu_seconds": cpu, "setup_seconds": setup,
        "episodes": result.episodes, "events": len(result.events),
        "deadlines": len(result.deadlines), "deadline_status": dict(status),
        "rhi_72h": dict(rhi), "resource_uses": len(result.resources),
        "rss_before_mib": rss_before, "rss_peak_mib": _maxrss_mib(),
    }


# ------------------------------------------------------------------------------------------------
# Variant 2: plain SimPy, written by hand (no missingsim engine code)


class Office:
    """Weekday 09:00-17:00 open intervals in hours since the epoch (no bank holidays, no DST)."""

    def __init__(self, epoch_date: dt.date, days: int) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        for k in range(days):
            if (epoch_date + dt.timedelta(days=k)).weekday() < 5:
                self.starts.append(24.0 * k + 9.0)
                self.ends.append(24.0 * k + 17.0)

    def next_open(self, t: float) -> float:
        i = bisect.bisect_right(self.ends, t)
        return max(t, self.starts[i]) if i < len(self.starts) else math.inf

    def closes_after(self, t: float) -> float:
        i = bisect.bisect_right(self.ends, t)
        if i >= len(self.starts) or self.starts[i] > t:
            return t
        return self.ends[i]


def _sampler(dist: Any, rnd: random.Random) -> Any:
    """A zero-argument function drawing hours from a model task's BPSim distribution."""
    if dist is None:
        return lambda: 0.0
    p = dict(dist.params)
    kind = dist.kind
    if kind == "ConstantParameter":
        value = p["value"]
        return lambda: value
    if kind == "TriangularDistribution":
        lo, mode, hi = p["min"], p["mode"], p["max"]
        return lambda: rnd.triangular(lo, hi, mode)
    if kind == "UniformDistribution":
        return lambda: rnd.uniform(p["min"], p["max"])
    if kind == "ExponentialDistribution":
        return lambda: rnd.expovariate(1.0 / p["mean"])
    if kind == "LogNormalDistribution":
        mean, sd = p["mean"], p["standardDeviation"]
        sigma2 = math.log(1 + (sd / mean) ** 2)
        mu, sigma = math.log(mean) - sigma2 / 2, math.sqrt(sigma2)
        return lambda: rnd.lognormvariate(mu, sigma)
    raise ValueError(kind)


def run_plain(episodes: list[Any], staff_scale: float, seed: int) -> dict[str, Any]:
    import simpy

    from models import load_model

    sc = _scenario()
    model = load_model("lambeth")
    staffing = _staffing(sc, staff_scale)
    rnd = random.Random(seed)  # noqa: S311  (simulation draws, not secrets)
    t0, c0 = time.perf_counter(), time.process_time()  # like run_episodes: set-up included

    def count(role: str) -> int:
        s = staffing[role]
        return s.count if s.count is not None else max(c for *_, c in s.shifts)

    def task(element_id: str) -> Any:
        return _sampler(model.elements[element_id].task.processing_time, rnd)

    def limit(element_id: str, name_part: str) -> float:
        from models.data.durations import parse_duration

        d = next(d for d in model.elements[element_id].deadlines if name_part in d.name)
        return parse_duration(d.limit).nominal_hours

    t_checks, t_report = task("c_checks"), task("c_report")
    t_grade, t_merlin, t_swc = task("p_grade"), task("p_merlin"), task("p_swc")
    t_record, t_notify, t_sd = task("la_record"), task("la_c_notify"), task("la_c_sd")
    t_sm, t_rhi_ret, t_rhi = task("la_c_sm"), task("la_c_rhi_ret"), task("rhi_interview")
    t_ret_record, t_action = task("la_ret_record"), task("la_action")
    p_accept = next(model.flows[f].probability for f in model.elements["rhi_gw"].outgoing
                    if model.flows[f].probability is not None)
    sd_limit = limit("la_c_sd", "24 hours")
    sm_limit = limit("la_c_sm", "3 days")
    rhi_limit = limit("rhi_interview", "72 hours")
    office = Office(sc.epoch.date(), int(HORIZON_HOURS // 24) + 30)

    env = simpy.Environment()
    carer = simpy.Resource(env, count("carer"))
    control = simpy.Resource(env, count("police_control_room"))
    officer = simpy.Resource(env, count("police_officer"))
    front = simpy.Resource(env, count("front_door"))
    sw = simpy.Resource(env, count("social_worker"))
    tm = simpy.Resource(env, count("team_manager"))
    rhi = simpy.Resource(env, count("return_interview_provider"))
    never = env.event()
    log: list[tuple[str, str, float]] = []
    outcomes: list[tuple[str, str, float, float | None, str]] = []
    owed: dict[tuple[str, str], float] = {}

    def work24(res: simpy.Resource, hours: float) -> Any:
        with res.request() as req:
            yield req
            yield env.timeout(hours)

    def work_office(res: simpy.Resource, hours: float) -> Any:
        """Office-hours work: pauses at 17:00 and resumes (re-queueing) at the next opening."""
        remaining = hours
        while remaining > 1e-9:
            start = office.next_open(env.now)
            if start > env.now:
                yield env.timeout(start - env.now)
            with res.request() as req:
                yield req
                close = office.closes_after(env.now)
                if close <= env.now:
                    continue
                chunk = min(remaining, close - env.now)
                yield env.timeout(chunk)
                remaining -= chunk

    def done(case: str, name: str, due: float) -> None:
        del owed[case, name]
        outcomes.append((case, name, due, env.now, "met" if env.now <= due + 1e-9 else "missed"))

    def police_after(case: str, returned: Any) -> Any:
        yield returned
        yield from work24(officer, t_swc())
        log.append((case, "p_swc", env.now))

    def episode(ep: Any) -> Any:
        case, start = ep.id, env.now
        end = ep.end_hours
        returned = env.timeout(end - start) if end is not None and end < HORIZON_HOURS else never
        yield from work24(carer, t_checks())
        yield from work24(carer, t_report())
        reported = env.now
        log.append((case, "c_report", env.now))
        yield from work24(control, t_grade())
        yield from work24(control, t_merlin())
        log.append((case, "p_merlin", env.now))
        env.process(police_after(case, returned))
        yield from work_office(front, t_record())
        log.append((case, "la_record", env.now))
        yield from work_office(sw, t_notify())
        owed[case, "sd"] = reported + sd_limit
        yield from work_office(sw, t_sd())
        done(case, "sd", reported + sd_limit)
        log.append((case, "la_c_sd", env.now))
        owed[case, "sm"] = start + sm_limit
        yield from work_office(tm, t_sm())
        done(case, "sm", start + sm_limit)
        log.append((case, "la_c_sm", env.now))
        yield returned
        log.append((case, "returned", env.now))
        yield from work_office(sw, t_ret_record())
        yield from work_office(sw, t_rhi_ret())
        told = env.now
        if rnd.random() < p_accept:
            owed[case, "rhi"] = told + rhi_limit
            yield from work_office(rhi, t_rhi())
            done(case, "rhi", told + rhi_limit)
            log.append((case, "rhi_interview", env.now))
        yield from work_office(sw, t_action())
        log.append((case, "closed", env.now))

    def arrivals() -> Any:
        for ep in episodes:
            if ep.start_hours >= HORIZON_HOURS:
                continue
            if ep.start_hours > env.now:
                yield env.timeout(ep.start_hours - env.now)
            env.process(episode(ep))

    setup = time.perf_counter() - t0
    rss_before = _maxrss_mib()
    env.process(arrivals())
    env.run(until=HORIZON_HOURS)
    for (case, name), due in owed.items():
        outcomes.append((case, name, due, None, "pending" if HORIZON_HOURS < due else "missed"))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    status = Counter(o[4] for o in outcomes)
    rhi_status = Counter(o[4] for o in outcomes if o[1] == "rhi")
    return {
        "variant": "plain", "seconds": seconds, "cpu_seconds": cpu, "setup_seconds": setup,
        "episodes": sum(ep.start_hours < HORIZON_HOURS for ep in episodes), "events": len(log),
        "deadlines": len(outcomes), "deadline_status": dict(status), "rhi_72h": dict(rhi_status),
        "rss_before_mib": rss_before, "rss_peak_mib": _maxrss_mib(),
    }


# ------------------------------------------------------------------------------------------------
# Driver


def _worker(variant: str, path: str, staff_scale: float, seed: int, none: bool = False) -> None:
    with open(path, "rb") as fh:
        episodes = pickle.load(fh)  # noqa: S301  (our own file, written by the parent process)
    fn = run_engine if variant == "engine" else run_plain
    print(json.dumps(fn([] if none else episodes, staff_scale, seed)))


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes), as ``uptime`` prints them."""
    with open("/proc/loadavg") as fh:
        return ", ".join(fh.read().split()[:3])


def _spawn(variant: str, path: str, staff_scale: float, seed: int) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", variant, "--input", path,
           "--staff-scale", repr(staff_scale), "--seed", str(seed)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _instructions(variant: str, path: str, staff_scale: float, seed: int) -> int:
    """Instructions the variant executes on the episodes, counted by ``valgrind
    --tool=callgrind``: a run on them minus a run on none (imports, model, reading the
    episodes, set-up)."""
    counts = []
    for none in ([], ["--none"]):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.out",
                   sys.executable, str(Path(__file__).resolve()), "--worker", variant,
                   "--input", path, "--staff-scale", repr(staff_scale), "--seed", str(seed),
                   *none]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        collected = [line for line in out.stderr.splitlines() if "Collected :" in line]
        counts.append(int(collected[-1].split(":")[-1].strip()))
    return counts[0] - counts[1]


def _print_variant(title: str, r: dict[str, Any]) -> None:
    status = ", ".join(f"{k} {v:,}" for k, v in sorted(r["deadline_status"].items()))
    rhi = ", ".join(f"{k} {v:,}" for k, v in sorted(r["rhi_72h"].items())) or "none"
    print(f"{title}")
    print(f"  run time            {r['seconds']:10.2f} s   (of which set-up, timed alone: "
          f"{r['setup_seconds']:.2f} s)")
    if "cpu_seconds" in r:
        print(f"  CPU time            {r['cpu_seconds']:10.2f} s   (time.process_time)")
    print(f"  episodes/s          {r['episodes'] / r['seconds']:10,.0f}   "
          f"({r['episodes']:,} episodes)")
    print(f"  events logged       {r['events']:10,}")
    print(f"  deadlines recorded  {r['deadlines']:10,}   ({status})")
    print(f"  RHI 72-hour         {rhi}")
    print(f"  peak RSS            {r['rss_peak_mib']:10,.0f} MiB   "
          f"(before the run: {r['rss_before_mib']:,.0f} MiB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--episodes", type=int, default=100_000, help="episodes in the year")
    ap.add_argument("--seed", type=int, default=20260401)
    ap.add_argument("--staff-scale", default="1",
                    help="multiply every staff count by this ('pop' = the population scale); "
                         "default 1: the counts of scenarios/lambeth.yaml")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each variant this many times, in turn, and report each one's "
                         "least CPU (default 1)")
    ap.add_argument("--instructions", action="store_true",
                    help="instead of timing, count the instructions of each variant with "
                         "valgrind --tool=callgrind (Debian's valgrind; about 50 times slower, "
                         "the same count whatever else the machine is doing)")
    ap.add_argument("--worker", choices=("engine", "plain"), help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--none", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.input, float(args.staff_scale), args.seed, args.none)
        return 0

    import simpy

    print(f"Python {platform.python_version()} ({platform.python_implementation()}), "
          f"SimPy {simpy.__version__}, {platform.machine()} {platform.system()}, "
          f"os.cpu_count() = {os.cpu_count()}")
    episodes, scale, gen_seconds = build_population(args.episodes, args.seed)
    staff_scale = scale if args.staff_scale == "pop" else float(args.staff_scale)
    lac = sum(e.child.looked_after for e in episodes)
    print(f"population: {len(episodes):,} episodes in one year ({lac:,} looked after), "
          f"child_population x {scale:.1f} of scenarios/lambeth.yaml, drawn in "
          f"{gen_seconds:.1f} s; staff counts x {staff_scale:g}")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "episodes.pickle")
        with open(path, "wb") as fh:
            pickle.dump(episodes, fh, protocol=pickle.HIGHEST_PROTOCOL)
        del episodes
        if args.instructions:
            counts = {v: _instructions(v, path, staff_scale, args.seed)
                      for v in ("engine", "plain")}
            print("instructions (valgrind --tool=callgrind; a run on the episodes minus a run "
                  "on none):")
            print(f"  engine  {counts['engine']:>16,}")
            print(f"  slice   {counts['plain']:>16,}")
            print(f"  engine / slice, instructions   {counts['engine'] / counts['plain']:.2f}   "
                  f"(the CPU target: at most {TARGET_RATIO})")
            return 0
        load_before = _load()
        engines, plains, loads = [], [], []
        for _ in range(args.repeat):  # in turn, so that both see the machine's slow spells
            engines.append(_spawn("engine", path, staff_scale, args.seed))
            loads.append(("after the engine", _load()))
            plains.append(_spawn("plain", path, staff_scale, args.seed))
            loads.append(("after the slice", _load()))
    # the run with the least CPU of each variant: the others were slowed by something else
    engine = min(engines, key=lambda r: r["cpu_seconds"])
    plain = min(plains, key=lambda r: r["cpu_seconds"])
    print("memory: ru_maxrss of a fresh subprocess per variant (imports, model, episodes "
          "included)")
    _print_variant("engine (simulation.run.runner.run_episodes, whole Lambeth model)", engine)
    _print_variant("plain SimPy (hand-written looked-after main path)", plain)
    print(f"machine load (1, 5, 15 min): before {load_before}; "
          + "; ".join(f"{when} {load}" for when, load in loads))
    if args.repeat > 1:
        print(f"CPU of each of the {args.repeat} runs, in turn: engine "
              + ", ".join(f"{r['cpu_seconds']:.2f}" for r in engines) + " s; slice "
              + ", ".join(f"{r['cpu_seconds']:.2f}" for r in plains)
              + " s (the figures above and below are each variant's least)")
    cpu_ratio = engine["cpu_seconds"] / plain["cpu_seconds"]
    print("issue 14 targets (figures, not assertions):")
    print(f"  engine / slice, CPU time   {cpu_ratio:8.2f}     (target: at most {TARGET_RATIO})")
    print(f"  engine CPU time            {engine['cpu_seconds']:8.2f} s   "
          f"(target: under {TARGET_CPU_SECONDS:.0f} s)")
    print(f"  engine peak RSS            {max(r['rss_peak_mib'] for r in engines):8.0f} MiB "
          f"(target: under {TARGET_RSS_MIB:.0f} MiB)")
    print(f"  (wall-clock ratio {engine['seconds'] / plain['seconds']:.2f}: on a shared machine "
          "trust the CPU figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
