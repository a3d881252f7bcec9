"""Benchmark: the simulation part of a run against its KPI and results part.

Not a test: it prints figures. See bench/README.md.

    python bench/kpi_step.py                              # scenarios/default.yaml
    python bench/kpi_step.py scenarios/lambeth_out_of_area.yaml

Times (wall and CPU, in this one process) what ``missingsim simulate SCENARIO --jobs 1`` does:
the replications (`simulation.run.runner.replicate`), then every output step of
`simulation.results.outputs.write_simulation_outputs` (event log, each KPI table, the CSV files,
``report.md``, ``report.html``, ``kpis.xlsx``), each step by its own line, into a temporary
folder. The target (issue 14): the KPI tables cost less than a tenth of the run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from simulation.results.outputs import write_simulation_outputs
    from simulation.run.runner import replicate
    from simulation.run.scenario import load_scenario

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "default.yaml"))
    args = ap.parse_args(argv)
    scenario = load_scenario(args.scenario)
    with open("/proc/loadavg") as fh:
        load = " ".join(fh.read().split()[:3])
    print(f"{scenario.name}: {scenario.replications} replications, machine load {load}")
    w0, c0 = time.perf_counter(), time.process_time()
    results = replicate(scenario, jobs=1)
    sim_wall, sim_cpu = time.perf_counter() - w0, time.process_time() - c0
    print(f"  replications       {sim_wall:7.2f} s wall {sim_cpu:7.2f} s CPU   "
          f"({sum(r.episodes for r in results):,} episodes, "
          f"{sum(len(r.events) for r in results):,} events)")
    steps: list[tuple[str, float, float]] = []
    last = [time.perf_counter(), time.process_time()]

    def step(name: str) -> None:
        w, c = time.perf_counter(), time.process_time()
        steps.append((name, w - last[0], c - last[1]))
        last[:] = [w, c]

    with tempfile.TemporaryDirectory() as tmp:
        w0, c0 = time.perf_counter(), time.process_time()
        last[:] = [w0, c0]
        write_simulation_outputs(scenario, results, tmp, progress=step)
        out_wall, out_cpu = time.perf_counter() - w0, time.process_time() - c0
    for name, wall, cpu in steps:
        print(f"    {name:20s} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    kpi_wall = sum(w for n, w, _ in steps if n.startswith("KPI "))
    kpi_cpu = sum(c for n, _, c in steps if n.startswith("KPI "))
    print(f"  KPI tables         {kpi_wall:7.2f} s wall {kpi_cpu:7.2f} s CPU")
    print(f"  all outputs        {out_wall:7.2f} s wall {out_cpu:7.2f} s CPU")
    total_cpu = sim_cpu + out_cpu
    print(f"KPI tables / whole run (CPU): {kpi_cpu / total_cpu:.3f}   "
          f"all outputs / whole run (CPU): {out_cpu / total_cpu:.3f}   (target for the KPI "
          "step: under 0.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
