"""Import a synthetic SSDA903 Missing table of a million rows; print the time and peak memory.

    python bench/ssda903_import.py                 # 1,000,000 rows
    python bench/ssda903_import.py --rows 200000

Writes a synthetic Missing table and Header table (invented ids SYN..., no real data) into a
temporary folder, then, in a fresh subprocess so the memory figure is the import's own:

1. ``read_missing_periods`` (parse, check every row, rule 574, clip to the run's window: a year
   from 1 April of the table's year): wall time;
2. ``MissingTable.episodes`` for one replication (times of day drawn, ``Episode`` records built):
   wall time;

and prints both, the rows used / clipped / left out, and the peak resident memory of the
subprocess (``ru_maxrss``, imports included). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
YEAR_START = dt.date(2024, 4, 1)


def write_tables(folder: Path, rows: int, seed: int) -> tuple[Path, Path]:
    """A Missing table of ``rows`` periods over two years from 1 October of the year before
    (about 8 a child, in child order, never overlapping), and its Header table."""
    rng = np.random.default_rng(seed)
    children = max(1, rows // 8)
    child = np.sort(rng.integers(0, children, size=rows))
    first = (YEAR_START - dt.timedelta(days=183)).toordinal()
    duration = rng.choice([0, 1, 2, 5], p=[0.33, 0.57, 0.08, 0.02], size=rows)
    gap = rng.geometric(1 / 60, size=rows) - 1  # days from one return to the next start
    # start = first + the child's earlier durations and gaps (a cumulative sum within a child)
    step = gap + np.concatenate(([0], duration[:-1]))
    total = np.cumsum(step)
    new = np.concatenate(([True], child[1:] != child[:-1]))
    base = np.maximum.accumulate(np.where(new, total - gap, 0))
    start = first + total - base
    end = start + duration
    still_open = np.concatenate((child[1:] != child[:-1], [True])) & (child % 11 == 0)
    away = rng.random(rows) < 0.2
    dob = first - rng.integers(8 * 365, 13 * 365, size=children)
    text: dict[int, str] = {}

    def day(ordinal: int) -> str:
        value = text.get(ordinal)
        if value is None:
            value = text[ordinal] = dt.date.fromordinal(ordinal).strftime("%d/%m/%Y")
        return value

    missing, header = folder / "missing.csv", folder / "header.csv"
    with header.open("w", newline="", encoding="utf-8") as h:
        w = csv.writer(h, lineterminator="\n")
        w.writerow(["CHILD", "SEX", "DOB"])
        sexes = rng.integers(0, 5, size=children)
        w.writerows([f"SYN{n:07d}", "MFU12"[int(sexes[n])], day(int(dob[n]))]
                    for n in range(children))
    with missing.open("w", newline="", encoding="utf-8") as m:
        w = csv.writer(m, lineterminator="\n")
        w.writerow(["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"])
        w.writerows([f"SYN{c:07d}", day(int(dob[c])), "A" if a else "M", day(s),
                     "" if o else day(e)]
                    for c, a, s, e, o in zip(child.tolist(), away.tolist(), start.tolist(),
                                             end.tolist(), still_open.tolist(), strict=True))
    return missing, header


def measure(missing: str, header: str) -> dict[str, object]:
    """Run in the subprocess: import, time each step, report peak memory."""
    import resource

    from models.data.calendars import LONDON
    from simulation.run.ssda903 import read_missing_periods

    epoch = dt.datetime.combine(YEAR_START, dt.time(0), tzinfo=LONDON)
    started, cpu = time.perf_counter(), time.process_time()
    table = read_missing_periods(missing, header_path=header, epoch=epoch,
                                 horizon_hours=365 * 24.0)
    read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    episodes = table.episodes(rng=np.random.default_rng(1))
    drawn, drawn_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"rows": table.rows, "used": table.used, "clipped": table.clipped,
            "before": table.before, "after": table.after, "episodes": len(episodes),
            "read_seconds": round(read, 2), "episodes_seconds": round(drawn, 2),
            "read_cpu": round(read_cpu, 2), "episodes_cpu": round(drawn_cpu, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20250401)
    parser.add_argument("--measure", nargs=2, metavar=("MISSING", "HEADER"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    with tempfile.TemporaryDirectory(prefix="missingsim-bench-") as tmp:
        started = time.perf_counter()
        missing, header = write_tables(Path(tmp), args.rows, args.seed)
        print(f"wrote {args.rows:,} rows ({missing.stat().st_size / 2**20:.1f} MiB) in "
              f"{time.perf_counter() - started:.1f} s")
        proc = subprocess.run([sys.executable, __file__, "--measure", str(missing), str(header)],
                              cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode:
            raise SystemExit(f"the import failed: {proc.stderr.strip().splitlines()[-1]}")
        result = json.loads(proc.stdout)
    print(f"read_missing_periods: {result['read_seconds']} s wall, {result['read_cpu']} s CPU "
          f"for {result['rows']:,} rows "
          f"(used {result['used']:,}, clipped {result['clipped']:,}, left out "
          f"{result['before']:,} before the epoch and {result['after']:,} after the end)")
    print(f"episodes of one replication: {result['episodes_seconds']} s wall, "
          f"{result['episodes_cpu']} s CPU "
          f"({result['episodes']:,} episodes)")
    print(f"import total: {result['read_seconds'] + result['episodes_seconds']:.2f} s wall, "
          f"{result['read_cpu'] + result['episodes_cpu']:.2f} s CPU; "
          f"peak RSS {result['peak_rss_mib']} MiB (imports included)")
    print(f"Python {platform.python_version()}, {platform.machine()}, "
          f"{platform.processor() or 'cpu?'}")


if __name__ == "__main__":
    main()
