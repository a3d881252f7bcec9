"""A digest of everything the engine records for a year of Lambeth episodes, and its CPU time.

Not a test: for speed work on the engine. A change meant to leave results as they are must leave
the digest as it is: a SHA-256 of every column of the run's event, deadline and staff-use logs
(case and kind indices, kinds, times, in the order recorded) and of its triggers. It is stricter
than `tests/simulation/test_engine_reference.py` (which sorts each case's records and leaves out
staff members' names) and runs at the benchmark's scale. See bench/README.md.

    python bench/engine_digest.py --episodes 30000

The episodes, staffing and seed are those of ``engine_vs_simpy.py --staff-scale pop``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def digest(result: object) -> str:
    """SHA-256 (16 hex digits) of a `RunResult`'s record columns and triggers."""
    h = hashlib.sha256()
    for log in (result.events, result.deadlines, result.resources):  # type: ignore[attr-defined]
        h.update(repr(log.case_ids).encode())
        h.update(repr([tuple(str(x) for x in kind) for kind in log.kinds]).encode())
        h.update(log.case.tobytes())
        h.update(log.kind.tobytes())
        for column in log.times:
            h.update(column.tobytes())
    h.update(repr(result.triggers).encode())  # type: ignore[attr-defined]
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--episodes", type=int, default=30_000)
    ap.add_argument("--seed", type=int, default=20260401)
    args = ap.parse_args(argv)

    import engine_vs_simpy as bench  # type: ignore[import-not-found]

    from models import load_model
    from simulation.run.runner import run_episodes

    episodes, scale, _ = bench.build_population(args.episodes, args.seed)
    scenario = bench._scenario()
    kwargs = dict(epoch=scenario.epoch, horizon_hours=bench.HORIZON_HOURS,
                  staffing=bench._staffing(scenario, scale), seed=args.seed,
                  school_holidays=scenario.school_holidays)
    model = load_model("lambeth")
    run_episodes(model, [], **kwargs)  # set-up only, as the benchmark does
    started = time.process_time()
    result = run_episodes(model, episodes, **kwargs)
    cpu = time.process_time() - started
    print(f"{len(episodes):,} episodes: CPU {cpu:.2f} s; records digest {digest(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
