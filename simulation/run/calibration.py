"""Calibration report: a synthetic population measured against the published figures it is built on.

`missingsim population SCENARIO --check` draws the scenario's population for several seeds (the
seeds `simulate` uses for its replications), measures each figure below on every draw, and prints
the published value, the mean over seeds with its 95% interval (t), the tolerance and pass/fail.
A figure passes when the mean over seeds is within its tolerance of the published value.

The figures are DfE's for England, reporting year 2024 (``shared/reference/published_figures.md``
table 2a, sections 6, 7 and 8a, and the DFE24 files named there), and the police hour anchors of
calibration row C10, so the check is meant for ``scenarios/england.yaml``; a scenario of one
authority is measured against the same national figures.

How each figure is measured on the generated episodes: an M incident is an episode of a
looked-after child with ``whereabouts_known`` false, an A incident one with it true. Day bins
count the calendar-day difference between the local (Europe/London) dates of start and return,
as DfE does (table 2a); returns after the horizon keep their drawn time (the generator never
censors). Hour quantiles are over M incidents and episodes at home (the episodes police record as
missing; row C10), in hours from start to return. Incidents by age, placement and out of area are
shares of M (or A) incidents; per-child figures count children with at least one M (or A)
incident. Tolerances are stated per figure: wider for small bins and for A figures, which rest on
a tenth as many incidents.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from models.data.calendars import LONDON
from simulation.run.records import Episode

__all__ = ["TARGETS", "CalibrationRow", "Target", "calibrate", "format_calibration",
           "measure"]


@dataclass(frozen=True, slots=True)
class Target:
    """One published figure: its value, the tolerance it is checked against, where it is from."""

    name: str
    published: float
    tolerance: float
    source: str
    percent: bool = True  # shown as a percentage


_M_BINS = ((0, 0), (1, 2), (3, 7), (8, 10), (11, 15), (16, 20), (21, 30), (31, None))


def _bin_name(code: str, lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{code} periods lasting > 30 days"
    if lo == hi == 0:
        return f"{code} periods lasting < 1 day (same date)"
    return f"{code} periods lasting {lo}-{hi} days"


def _bins(code: str, shares: Sequence[float], tolerances: Sequence[float]) -> list[Target]:
    return [Target(_bin_name(code, lo, hi), share, tol, "2a, 2024")
            for (lo, hi), share, tol in zip(_M_BINS, shares, tolerances, strict=True)]


TARGETS: tuple[Target, ...] = (
    Target("LAC with an M incident (share of CLA during year)", 13_010 / 116_420, 0.004,
           "8a England"),
    Target("M incidents per missing LAC", 83_920 / 13_010, 0.25, "8a England", percent=False),
    Target("missing LAC who went missing more than once", 8_210 / 13_010, 0.02, "8a England"),
    Target("missing LAC who are male", 7_340 / 13_010, 0.015, "DFE24; 7.4"),
    Target("LAC with an A incident (share of CLA during year)", 2_720 / 116_420, 0.002,
           "DFE24 A file"),
    Target("A incidents per away LAC", 10_780 / 2_720, 0.3, "8a England; DFE24",
           percent=False),
    Target("away LAC who were away more than once", 1_380 / 2_720, 0.03, "DFE24 A file"),
    *_bins("M", (0.334, 0.566, 0.079, 0.0077, 0.0050, 0.0021, 0.0023, 0.0048),
           (0.01, 0.01, 0.01, 0.002, 0.0015, 0.001, 0.001, 0.0012)),
    Target("M mean calendar days per period", 1.9, 0.15, "2a, 2024 (DfE mean 1.9)",
           percent=False),
    *_bins("A", (0.262, 0.557, 0.123, 0.0195, 0.0121, 0.0065, 0.0074, 0.0130),
           (0.015, 0.015, 0.015, 0.005, 0.004, 0.003, 0.003, 0.004)),
    Target("A mean calendar days per period", 3.1, 0.3, "2a, 2024 (DfE mean 3.1)",
           percent=False),
    Target("police-recorded episodes found < 8 h", 0.50, 0.015, "C10; 2.2, 2.4"),
    Target("police-recorded episodes found < 24 h", 0.79, 0.015, "C10; 2.1, 2.5"),
    Target("police-recorded episodes found < 48 h", 0.895, 0.015, "C10; 2.1, 2.3"),
    Target("police-recorded episodes found < 7 days", 0.98, 0.01, "C10; 2.1, 2.4"),
    Target("M incidents from placements out of area", 38_780 / 83_920, 0.02, "section 6"),
    Target("A incidents from placements out of area", 5_910 / 10_780, 0.03, "section 6"),
    Target("M incidents aged 16-17", 46_400 / 83_920, 0.015, "7.1; DFE24"),
    Target("M incidents aged 10-15", 37_350 / 83_920, 0.015, "7.1; DFE24"),
    Target("M incidents aged under 10", 160 / 83_920, 0.002, "7.1; DFE24"),
    Target("A incidents aged 16-17", 8_300 / 10_780, 0.025, "DFE24 A file"),
    Target("A incidents aged 10-15", 2_440 / 10_780, 0.025, "DFE24 A file"),
    # 50 incidents nationally, from a handful of children: a wide tolerance
    Target("A incidents aged under 10", 50 / 10_780, 0.006, "DFE24 A file"),
    Target("M incidents from children's homes (incl. secure)", 27_270 / 83_920, 0.015,
           "C14; DFE24"),
    Target("M incidents from semi-independent / supported", 28_070 / 83_920, 0.015,
           "C14; DFE24"),
    Target("M incidents from foster placements", 15_030 / 83_920, 0.015, "C14; DFE24"),
    Target("M incidents from other placements (incl. with parents)", 13_550 / 83_920, 0.015,
           "C14; DFE24"),
    Target("A incidents from children's homes (incl. secure)", 2_050 / 10_780, 0.025,
           "DFE24 A file"),
    Target("A incidents from semi-independent / supported", 5_550 / 10_780, 0.03,
           "DFE24 A file"),
    Target("A incidents from foster placements", 1_580 / 10_780, 0.025, "DFE24 A file"),
    Target("A incidents from other placements (incl. with parents)", 1_600 / 10_780, 0.025,
           "DFE24 A file"),
)
"""The published figures checked, in the order the report prints them."""


def _local_days(hours: np.ndarray, epoch: dt.datetime) -> np.ndarray:
    """Local (Europe/London) day numbers of times given in hours since the epoch."""
    first = epoch.astimezone(LONDON).date() - dt.timedelta(days=2)
    top = float(hours.max()) if hours.size else 0.0
    n = int(min(max(top, 0.0) / 24.0, 4000)) + 4
    utc_epoch = epoch.astimezone(dt.UTC)
    midnights = np.asarray([
        (dt.datetime.combine(first + dt.timedelta(days=i), dt.time(0), tzinfo=LONDON)
         .astimezone(dt.UTC) - utc_epoch).total_seconds() / 3600.0 for i in range(n)])
    index = np.searchsorted(midnights, hours, side="right") - 1
    beyond = hours >= midnights[-1]
    index[beyond] = n - 1 + np.floor((hours[beyond] - midnights[-1]) / 24.0).astype(int)
    return index


def measure(episodes: Sequence[Episode], epoch: dt.datetime,
            looked_after_during_year: float) -> dict[str, float]:
    """Every figure of `TARGETS` measured on one draw (NaN where there is nothing to measure)."""
    lac = np.asarray([e.child.looked_after for e in episodes], dtype=bool)
    away = np.asarray([e.whereabouts_known for e in episodes], dtype=bool)
    start = np.asarray([e.start_hours for e in episodes], dtype=float)
    end = np.asarray([e.end_hours if e.end_hours is not None else math.nan for e in episodes])
    m, a = lac & ~away, lac & away
    days = _local_days(np.nan_to_num(end, nan=0.0), epoch) - _local_days(start, epoch)
    hours = end - start
    ages = np.asarray([e.child.age for e in episodes])
    ooa = np.asarray([e.child.out_of_area for e in episodes], dtype=bool)
    placement = np.asarray([e.child.placement for e in episodes])
    out: dict[str, float] = {}

    def share(mask: np.ndarray, within: np.ndarray) -> float:
        n = int(within.sum())
        return float((mask & within).sum() / n) if n else math.nan

    for code, sel in (("M", m), ("A", a)):
        counts: dict[str, int] = {}
        male: dict[str, bool] = {}
        for e, chosen in zip(episodes, sel, strict=True):
            if chosen:
                counts[e.child.id] = counts.get(e.child.id, 0) + 1
                male[e.child.id] = e.child.sex == "M"
        k = np.asarray(list(counts.values()))
        word = "missing" if code == "M" else "away"
        out[f"LAC with an {code} incident (share of CLA during year)"] = (
            k.size / looked_after_during_year if looked_after_during_year else math.nan)
        out[f"{code} incidents per {word} LAC"] = float(k.mean()) if k.size else math.nan
        again = "went missing" if code == "M" else "were away"
        out[f"{word} LAC who {again} more than once"] = (
            float((k > 1).mean()) if k.size else math.nan)
        if code == "M":
            out["missing LAC who are male"] = (float(np.mean(list(male.values())))
                                               if male else math.nan)
        d = days[sel & ~np.isnan(end)]
        for lo, hi in _M_BINS:
            inside = (d >= lo) & (d <= (hi if hi is not None else np.inf))
            out[_bin_name(code, lo, hi)] = float(inside.mean()) if d.size else math.nan
        out[f"{code} mean calendar days per period"] = float(d.mean()) if d.size else math.nan
        out[f"{code} incidents from placements out of area"] = share(ooa, sel)
        out[f"{code} incidents aged 16-17"] = share(ages >= 16, sel)
        out[f"{code} incidents aged 10-15"] = share((ages >= 10) & (ages <= 15), sel)
        out[f"{code} incidents aged under 10"] = share(ages < 10, sel)
        for key, label in (("childrens_home", "children's homes (incl. secure)"),
                           ("semi_independent", "semi-independent / supported"),
                           ("foster", "foster placements"),
                           ("other", "other placements (incl. with parents)")):
            out[f"{code} incidents from {label}"] = share(placement == key, sel)
    police = ~away & ~np.isnan(end)
    for limit, label in ((8, "< 8 h"), (24, "< 24 h"), (48, "< 48 h"), (168, "< 7 days")):
        out[f"police-recorded episodes found {label}"] = share(hours < limit, police)
    return out


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    """A figure, its published value, what the draws gave (mean, 95% interval) and the verdict."""

    target: Target
    values: tuple[float, ...]

    @property
    def mean(self) -> float:
        """Mean over the seeds."""
        return float(np.mean(self.values))

    @property
    def interval(self) -> tuple[float, float]:
        """95% t-interval of the mean over seeds (the value itself for one seed)."""
        n = len(self.values)
        if n < 2:
            return self.mean, self.mean
        half = _T975.get(n - 1, 1.96) * float(np.std(self.values, ddof=1)) / math.sqrt(n)
        return self.mean - half, self.mean + half

    @property
    def passed(self) -> bool:
        """Whether the mean over seeds is within the tolerance of the published value."""
        return math.isfinite(self.mean) and (
            abs(self.mean - self.target.published) <= self.target.tolerance + 1e-12)


_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
         9: 2.262, 10: 2.228, 12: 2.179, 15: 2.131, 20: 2.086, 30: 2.042}


def calibrate(draw: Callable[[int], Sequence[Episode]], seeds: int, epoch: dt.datetime,
              looked_after_during_year: float) -> list[CalibrationRow]:
    """Measure ``draw(r)`` for r = 0 .. seeds-1 against every target."""
    measured = [measure(draw(r), epoch, looked_after_during_year) for r in range(seeds)]
    return [CalibrationRow(t, tuple(m[t.name] for m in measured)) for t in TARGETS]


def _show(value: float, percent: bool) -> str:
    if not math.isfinite(value):
        return "n/a"
    return f"{100 * value:.2f}%" if percent else f"{value:.2f}"


def format_calibration(rows: Sequence[CalibrationRow], *, title: str) -> str:
    """The calibration table as text: one line per figure, then how many pass."""
    lines = [title, f"{'figure':<56} {'source':<24} {'published':>10} "
                    f"{'generated (95% interval)':>30} {'tolerance':>10}  result"]
    for row in rows:
        t = row.target
        lo, hi = row.interval
        generated = (f"{_show(row.mean, t.percent)} ({_show(lo, t.percent)}-"
                     f"{_show(hi, t.percent)})")
        tolerance = "±" + _show(t.tolerance, t.percent)
        lines.append(f"{t.name:<56} {t.source:<24} {_show(t.published, t.percent):>10} "
                     f"{generated:>30} {tolerance:>10}  {'pass' if row.passed else 'FAIL'}")
    passed = sum(r.passed for r in rows)
    lines.append(f"{passed} of {len(rows)} figures within tolerance")
    return "\n".join(lines) + "\n"

