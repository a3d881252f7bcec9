"""Write the synthetic SSDA903 sample (missing_sample.csv, header_sample.csv) beside this script.

Synthetic only: invented CHILD ids (SYN...), dates of birth and periods; no real data. Seeded, so
running it again gives byte-identical files. Calendar-day durations follow the DfE 2024 "M" bins
(published_figures.md section 2a: d = 0 33.4%, 1-2 days 56.6%, 3-7 days 7.9%, longer 2.1%); about
20% of periods are coded A (calibration row C11); a few children's last period is still open.

Run: python tests/data/ssda903/make_sample.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

SEED = 20250401
CHILDREN = 40
YEAR_START = dt.date(2024, 4, 1)  # DfE collection year 1 Apr - 31 Mar (rules 570/571)
YEAR_DAYS = 365
HERE = Path(__file__).parent


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _duration_days(rng: np.random.Generator) -> int:
    band = rng.choice(4, p=[0.334, 0.566, 0.079, 0.021])
    return int([0, rng.integers(1, 3), rng.integers(3, 8), rng.integers(8, 31)][band])


def main() -> None:
    rng = np.random.default_rng(SEED)
    header_rows, missing_rows = [], []
    for n in range(1, CHILDREN + 1):
        child = f"SYN{n:04d}"
        dob = YEAR_START - dt.timedelta(days=int(rng.integers(10 * 365, 16 * 365)))
        header_rows.append([child, str(int(rng.choice([1, 2], p=[0.56, 0.44]))), _fmt(dob)])
        k = 1 if rng.uniform() < 0.37 else int(2 + rng.poisson(4))
        starts = np.sort(rng.choice(YEAR_DAYS - 40, size=k, replace=False))
        free_from = YEAR_START
        for i, offset in enumerate(starts):
            start = max(YEAR_START + dt.timedelta(days=int(offset)), free_from)
            end = start + dt.timedelta(days=_duration_days(rng))
            still_open = i == k - 1 and n % 9 == 0
            code = "A" if rng.uniform() < 0.20 else "M"
            missing_rows.append([child, _fmt(dob), code, _fmt(start),
                                 "" if still_open else _fmt(end)])
            free_from = end
    with (HERE / "header_sample.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["CHILD", "SEX", "DOB"])
        w.writerows(header_rows)
    with (HERE / "missing_sample.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"])
        w.writerows(missing_rows)


if __name__ == "__main__":
    main()
