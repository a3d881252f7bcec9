"""Synthetic populations of missing children and their episodes, calibrated to published figures.

Every default below names its row in ``shared/reference/published_figures.md`` (section.row, or a
``C`` calibration row) or says ASSUMPTION. Rates are per year; a horizon longer than a year is cut
into consecutive year blocks, each with a fresh cohort of children who go missing in that block.

Population defaults
-------------------

=================================  ==========================  =====================================
field                              default                     source (published_figures.md)
=================================  ==========================  =====================================
child_population                   100,000 children aged 0-17  ASSUMPTION (the unit of section C)
looked_after_per_10k               70.0                        C1 (DfE 2024, 83,630 CLA)
looked_after_turnover              1.38                        C2 (115,410 during year / 83,630)
p_missing_looked_after             0.11                        C3; 1.3-1.5 (10-11% of CLA)
missing_at_home_per_10k            40.0                        C4 (INF from 1.12 "1 in 200")
p_single_looked_after              0.37                        C5; 1.5-1.6 (62-65% repeat)
repeat_r_looked_after              0.52                        C5 (fitted to Devon, 1.24)
repeat_mean_looked_after           6.9                         C5 (gives 6.8 per child, 1.1)
p_single_at_home                   0.69                        C6; 1.24 (Devon not-LAC 69% once)
repeat_r_at_home                   0.042                       C6 (fitted to Devon, 1.24)
repeat_mean_at_home                0.26                        C6 (gives 2.0 per child)
gap_shape                          0.4 (gamma shape)           C7 (bursty; 1.21 repeats < 4 weeks)
out_of_area_episode_ratio          1.10                        section 6 verified (DFE24, M
                                                               1.16 / 1.06 per placed child)
duration_components                0.912 LN(7.44 h, 1.293) +   C10 (NCA anchors 2.1-2.5)
                                   0.088 LN(26.6 h, 1.991)
onset_profile                      ONSET_DEFAULT               C9; 3.5 (INF, no published profile)
p_away_looked_after                0.20                        C11; 1.8 (A vs M children)
risk_mix                           high .15 medium .70 low     C13 (INF from 4.1, 4.2); LOW
                                   .10 no_apparent_risk .05    confidence
age_bands_looked_after             16-17 48,690; 10-15 38,060  7.2 (DfE 2024/25 incidents by age)
                                   5-9 120; 1-4 20
age_bands_at_home                  15-17 .56 12-14 .37         C16; 7.6 (UK MPB 2012/13); 5-11 is
                                   5-11 .07                    ASSUMPTION (7.9 has 2-11)
p_male_looked_after                0.56                        7.4; C17 (missing LAC 56% male)
p_male_at_home                     0.50                        C17 (7.7 48% girls vs 7.8); weak
placement_mix                      childrens_home .40          C14 (homes/secure/semi-independent
                                   semi_independent .30        .56, foster .25, independent .14,
                                   foster .25  other .05       other .05); the .56 split .40/.16
                                                               and independent living counted as
                                                               semi_independent are ASSUMPTION
p_out_of_area                      childrens_home .67          section 6 verified (DFE24: homes 67%,
                                   foster .42                  foster 42%); semi_independent and
                                   semi_independent .15        other .15 are ASSUMPTION, fitted so
                                   other .15                   out-of-area episodes are ~46% of LAC
                                                               episodes (section 6 verified, DFE24
                                                               M incidents 46.2%)
host_authorities                   host_01 ... host_27         6.8 (an LA hosts LAC from 27 others)
                                                               names are ASSUMPTION placeholders
p_child_protection_plan_at_home    0.08                        ASSUMPTION (no published figure)
p_child_in_need_at_home            0.25 (CP implies CIN)       ASSUMPTION (no published figure)
p_exploitation_looked_after        0.20                        ASSUMPTION (4.5: 9% of all child
                                                               incidents CSE-flagged; LAC higher)
p_exploitation_at_home             0.09                        4.5 (9% of child incidents CSE)
p_trafficking_looked_after         0.05                        ASSUMPTION (Kent 15%, section 8, is
                                                               a UASC outlier)
p_trafficking_at_home              0.01                        ASSUMPTION
=================================  ==========================  =====================================

Looked-after children are never on a child-protection plan and are always open to social care
(ASSUMPTION: that is how looked-after status works in practice). Durations, risk grades and
markers are independent of each other (ASSUMPTION). The placement mix, out-of-area share and age
bands are incident-level figures applied per child (ASSUMPTION).

How episodes are placed in time (repeat behaviour): a child with ``k`` episodes in a year block gets
``k`` onsets on a circle one year long, spaced by Dirichlet(``gap_shape``) gaps (gamma renewal gaps
conditioned on ``k`` events, C7) and rotated by a uniform offset, so the block is stationary while
gaps are bursty: the hazard of going again is highest just after an episode (self-exciting). Each
onset keeps its local week and takes its day and hour from the hour-of-week profile. An onset that
would fall while the child is still missing moves to the next profile-weighted time after the
return.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.calendars import LONDON
from models.errors import ScenarioError
from simulation.records import Child, Episode

__all__ = [
    "ONSET_DEFAULT", "YEAR_HOURS", "PopulationSpec", "generate_episodes", "sample_onset_hour",
]

YEAR_HOURS = 365.25 * 24.0
_WEEK_HOURS = 168
_RISKS = ("absent", "no_apparent_risk", "low", "medium", "high")
_PLACEMENTS_LAC = ("foster", "childrens_home", "semi_independent", "other")


def _onset_default() -> tuple[float, ...]:
    """C9 / 3.5: wrapped normal (mean 21:00, sd 2.5 h) mixed with 15% uniform; days uniform."""
    mean, sd, uniform = 21.0, 2.5, 0.15

    def cdf(x: float) -> float:
        return 0.5 * (1.0 + math.erf((x - mean) / (sd * math.sqrt(2.0))))

    day = []
    for h in range(24):
        mass = sum(cdf(h + 1 + 24 * k) - cdf(h + 24 * k) for k in range(-3, 4))
        day.append((1.0 - uniform) * mass + uniform / 24.0)
    total = sum(day) * 7
    return tuple(w / total for _ in range(7) for w in day)


ONSET_DEFAULT: tuple[float, ...] = _onset_default()
"""168 hour-of-week onset weights (0 = Monday 00:00-00:59, local time), summing to 1.

Source: calibration row C9 and figures row 3.5 (INF): no hour-of-day or day-of-week distribution is
published (row 3.1), so this is the late-evening peak that reconciles police hour durations with
the DfE calendar-day bins. ASSUMPTION: every day of the week is alike.
"""


# ------------------------------------------------------------------------------------------------
# Onset sampling (shared with simulation.ssda903)


def _check_profile(profile: Sequence[float] | np.ndarray) -> np.ndarray:
    weights = np.asarray(profile, dtype=float)
    if weights.shape != (_WEEK_HOURS,):
        raise ValueError(f"onset profile needs {_WEEK_HOURS} weights, got {weights.size}")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError("onset profile weights must be finite, non-negative, not all zero")
    return weights


def _utc(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.UTC)


def _hours(t: dt.datetime, epoch: dt.datetime) -> float:
    return (_utc(t) - _utc(epoch)).total_seconds() / 3600.0


def _local_date(hours: float, epoch: dt.datetime) -> dt.date:
    # round to the second so a midnight computed as 23:59:59.9999 stays on its own day
    instant = _utc(epoch) + dt.timedelta(seconds=round(hours * 3600.0))
    return instant.astimezone(LONDON).date()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


def _day_weights(weights: np.ndarray, weekday: int, not_before_clock: float | None) -> np.ndarray:
    """The day's 24 hourly weights, with the part before ``not_before_clock`` (hours) removed."""
    day = weights[weekday * 24:(weekday + 1) * 24].copy()
    if not_before_clock is not None:
        whole = math.floor(not_before_clock)
        day[:min(whole, 24)] = 0.0
        if whole < 24:
            day[whole] *= 1.0 - (not_before_clock - whole)
    return day


def _sample_clock(day: np.ndarray, not_before_clock: float | None,
                  rng: np.random.Generator) -> float:
    """A wall-clock time of day in hours drawn from the hourly weights (uniform within an hour)."""
    lo = 0.0 if not_before_clock is None else min(max(not_before_clock, 0.0), 24.0)
    total = day.sum()
    if total <= 0:  # nothing left in the profile for this day: uniform over what is left
        return float(lo + rng.uniform(0.0, 1.0) * (24.0 - lo))
    hour = int(rng.choice(24, p=day / total))
    start = max(float(hour), lo)
    return float(start + rng.uniform(0.0, 1.0) * (hour + 1 - start))


def _clock_to_hours(day: dt.date, clock: float, epoch: dt.datetime) -> float:
    day_start = _midnight(day)
    day_end = _midnight(day + dt.timedelta(days=1))
    # wall-clock arithmetic; on the spring-forward day the missing hour maps past 02:00 BST
    wall = _utc(day_start + dt.timedelta(hours=clock))
    return _hours(min(max(wall, _utc(day_start)), _utc(day_end) - dt.timedelta(microseconds=1)),
                  epoch)


def _clock_of(hours: float, day: dt.date, epoch: dt.datetime) -> float:
    local = (_utc(epoch) + dt.timedelta(hours=hours)).astimezone(LONDON)
    if local.date() < day:
        return 0.0
    return local.hour + local.minute / 60.0 + (local.second + local.microsecond / 1e6) / 3600.0


def sample_onset_hour(day_start_hours: float, profile: Sequence[float] | np.ndarray,
                      rng: np.random.Generator, *, epoch: dt.datetime | None = None,
                      not_before: float | None = None) -> float:
    """Draw a time on one day from the hour-of-week profile; returns hours since the epoch.

    Parameters
    ----------
    day_start_hours
        Hours since the epoch of an instant on the day wanted (normally its local midnight).
    profile
        168 hour-of-week weights, 0 = Monday 00:00 local time (see ``ONSET_DEFAULT``).
    rng
        The generator to draw from.
    epoch
        The scenario epoch. With it, the day is the Europe/London calendar day containing
        ``epoch + day_start_hours`` and its weekday and clock hours are local (23 or 25 hours on
        clock-change days). Without it, ``day_start_hours`` is taken as a midnight of a clock that
        starts on a Monday 00:00 with 24-hour days.
    not_before
        Hours since the epoch; the draw is conditioned on falling at or after it (used for a return
        on the same day as its start, and to keep a child's episodes apart).

    Returns
    -------
    float
        A time inside that day. If the profile gives the (rest of the) day no weight, the time is
        uniform over it.
    """
    weights = _check_profile(profile)
    if epoch is None:
        day_start = math.floor(day_start_hours / 24.0) * 24.0
        weekday = int(day_start // 24.0) % 7
        clock_nb = None if not_before is None else max(not_before - day_start, 0.0)
        if clock_nb is not None and clock_nb >= 24.0:
            raise ValueError("not_before falls after the end of the day")
        clock = _sample_clock(_day_weights(weights, weekday, clock_nb), clock_nb, rng)
        return day_start + clock
    day = _local_date(day_start_hours, epoch)
    clock_nb = None if not_before is None else _clock_of(not_before, day, epoch)
    if not_before is not None and not_before >= _hours(_midnight(day + dt.timedelta(days=1)),
                                                       epoch):
        raise ValueError("not_before falls after the end of the day")
    clock = _sample_clock(_day_weights(weights, day.weekday(), clock_nb), clock_nb, rng)
    result = _clock_to_hours(day, clock, epoch)
    return result if not_before is None else max(result, not_before)


def _onset_in_week(hours: float, weights: np.ndarray, epoch: dt.datetime,
                   rng: np.random.Generator) -> float:
    """Keep the local week of ``hours``; draw day and hour from the hour-of-week profile."""
    day = _local_date(hours, epoch)
    monday = day - dt.timedelta(days=day.weekday())
    day_mass = weights.reshape(7, 24).sum(axis=1)
    chosen = monday + dt.timedelta(days=int(rng.choice(7, p=day_mass / day_mass.sum())))
    if _hours(_midnight(chosen + dt.timedelta(days=1)), epoch) <= 0:  # the week began before
        chosen += dt.timedelta(days=7)
    result = sample_onset_hour(_hours(_midnight(chosen), epoch), weights, rng, epoch=epoch)
    return max(result, 0.0)


def _next_onset_after(after: float, weights: np.ndarray, epoch: dt.datetime,
                      rng: np.random.Generator) -> float:
    """The next profile-weighted time at or after ``after``, within the following week."""
    first = _local_date(after, epoch)
    days = [first + dt.timedelta(days=j) for j in range(7)]
    masses = []
    for j, day in enumerate(days):
        clock_nb = _clock_of(after, day, epoch) if j == 0 else None
        masses.append(_day_weights(weights, day.weekday(), clock_nb).sum())
    mass = np.asarray(masses)
    if mass.sum() <= 0:
        j = 0
    else:
        j = int(rng.choice(7, p=mass / mass.sum()))
    start = _hours(_midnight(days[j]), epoch)
    return sample_onset_hour(start, weights, rng, epoch=epoch,
                             not_before=after if j == 0 else None)


# ------------------------------------------------------------------------------------------------
# The specification

_KINDS: dict[str, str] = {
    "child_population": "count",
    "looked_after_per_10k": "rate",
    "looked_after_turnover": "rate",
    "p_missing_looked_after": "probability",
    "missing_at_home_per_10k": "rate",
    "p_single_looked_after": "probability",
    "repeat_r_looked_after": "positive",
    "repeat_mean_looked_after": "positive",
    "p_single_at_home": "probability",
    "repeat_r_at_home": "positive",
    "repeat_mean_at_home": "positive",
    "gap_shape": "positive",
    "out_of_area_episode_ratio": "positive",
    "duration_components": "components",
    "onset_profile": "profile",
    "p_away_looked_after": "probability",
    "risk_mix": "weights:risk",
    "age_bands_looked_after": "bands",
    "age_bands_at_home": "bands",
    "p_male_looked_after": "probability",
    "p_male_at_home": "probability",
    "placement_mix": "weights:placement",
    "p_out_of_area": "probabilities:placement",
    "host_authorities": "names",
    "p_child_protection_plan_at_home": "probability",
    "p_child_in_need_at_home": "probability",
    "p_exploitation_looked_after": "probability",
    "p_exploitation_at_home": "probability",
    "p_trafficking_looked_after": "probability",
    "p_trafficking_at_home": "probability",
}
_ALLOWED = {"risk": _RISKS, "placement": _PLACEMENTS_LAC}


class _Invalid(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(path, f"expected a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise _Invalid(path, "expected a finite number")
    return float(value)


def _check_value(name: str, value: Any) -> Any:
    """Validate and normalise one field; raises ``_Invalid`` with a sub-path below ``name``."""
    kind = _KINDS[name]
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(name, f"expected a whole number, got {type(value).__name__}")
        if value < 0:
            raise _Invalid(name, f"must not be negative (got {value})")
        return value
    if kind in ("rate", "positive", "probability"):
        x = _number(value, name)
        if x < 0:
            raise _Invalid(name, f"must not be negative (got {x:g})")
        if kind == "positive" and x == 0:
            raise _Invalid(name, "must be greater than 0")
        if kind == "probability" and x > 1:
            raise _Invalid(name, f"is a probability and must be in [0, 1] (got {x:g})")
        return x
    if kind == "profile":
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            raise _Invalid(name, "expected a list of 168 hour-of-week weights")
        xs = tuple(_number(v, f"{name}[{i}]") for i, v in enumerate(value))
        try:
            _check_profile(xs)
        except ValueError as e:
            raise _Invalid(name, str(e)) from None
        return xs
    if kind == "names":
        if isinstance(value, str) or not isinstance(value, Sequence) or not value:
            raise _Invalid(name, "expected a non-empty list of authority names")
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                raise _Invalid(f"{name}[{i}]", "expected a non-empty string")
        return tuple(value)
    if kind == "components":
        return _check_components(name, value)
    if kind == "bands":
        return _check_bands(name, value)
    # weights:<set> and probabilities:<set>: a mapping from the set's names to numbers
    mode, _, allowed_name = kind.partition(":")
    allowed = _ALLOWED[allowed_name]
    items = _pairs(name, value)
    out = []
    for key, v in items:
        if key not in allowed:
            raise _Invalid(f"{name}.{key}", f"unknown {allowed_name} (expected one of "
                                            f"{', '.join(allowed)})")
        x = _number(v, f"{name}.{key}")
        if x < 0 or (mode == "probabilities" and x > 1):
            upper = "1]" if mode == "probabilities" else "inf)"
            raise _Invalid(f"{name}.{key}", f"must be in [0, {upper} (got {x:g})")
        out.append((key, x))
    if mode == "weights" and sum(x for _, x in out) <= 0:
        raise _Invalid(name, "weights must not all be zero")
    if mode == "probabilities":
        missing = [k for k in allowed if k not in dict(out)]
        if missing:
            raise _Invalid(name, f"needs a probability for {', '.join(missing)}")
    return tuple(out)


def _pairs(name: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, Mapping):
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, Sequence) and not isinstance(value, str) and all(
            isinstance(p, Sequence) and not isinstance(p, str) and len(p) == 2 for p in value):
        return [(str(k), v) for k, v in value]
    raise _Invalid(name, "expected a mapping of names to numbers")


def _check_components(name: str, value: Any) -> tuple[tuple[float, float, float], ...]:
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise _Invalid(name, "expected a non-empty list of {weight, median_hours, sigma}")
    out = []
    for i, item in enumerate(value):
        path = f"{name}[{i}]"
        if isinstance(item, Mapping):
            unknown = set(item) - {"weight", "median_hours", "sigma"}
            if unknown:
                raise _Invalid(f"{path}.{sorted(map(str, unknown))[0]}", "unknown key")
            try:
                triple = (item["weight"], item["median_hours"], item["sigma"])
            except KeyError as e:
                raise _Invalid(f"{path}.{e.args[0]}", "missing") from None
        elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 3:
            triple = tuple(item)
        else:
            raise _Invalid(path, "expected {weight, median_hours, sigma}")
        w, m, s = (_number(v, f"{path}.{k}") for v, k in
                   zip(triple, ("weight", "median_hours", "sigma"), strict=True))
        if w < 0:
            raise _Invalid(f"{path}.weight", f"must not be negative (got {w:g})")
        if m <= 0 or s <= 0:
            raise _Invalid(path, "median_hours and sigma must be greater than 0")
        out.append((w, m, s))
    if sum(w for w, _, _ in out) <= 0:
        raise _Invalid(name, "weights must not all be zero")
    return tuple(out)


def _check_bands(name: str, value: Any) -> tuple[tuple[int, int, float], ...]:
    if isinstance(value, Sequence) and not isinstance(value, str) and value and all(
            isinstance(b, Sequence) and not isinstance(b, str) and len(b) == 3 for b in value):
        pairs = [(f"{b[0]}-{b[1]}", b[2]) for b in value]
    else:
        pairs = _pairs(name, value)
    out = []
    for key, v in pairs:
        lo_text, sep, hi_text = key.partition("-")
        if not sep or not lo_text.strip().isdigit() or not hi_text.strip().isdigit():
            raise _Invalid(f"{name}.{key}", "expected an age band like '10-15'")
        lo, hi = int(lo_text), int(hi_text)
        if not 0 <= lo <= hi <= 17:
            raise _Invalid(f"{name}.{key}", "age band must lie within 0-17")
        w = _number(v, f"{name}.{key}")
        if w < 0:
            raise _Invalid(f"{name}.{key}", f"must not be negative (got {w:g})")
        out.append((lo, hi, w))
    if not out or sum(w for _, _, w in out) <= 0:
        raise _Invalid(name, "weights must not all be zero")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PopulationSpec:
    """Inputs of the synthetic population; defaults and sources in the module docstring table."""

    child_population: int = 100_000
    looked_after_per_10k: float = 70.0
    looked_after_turnover: float = 1.38
    p_missing_looked_after: float = 0.11
    missing_at_home_per_10k: float = 40.0
    p_single_looked_after: float = 0.37
    repeat_r_looked_after: float = 0.52
    repeat_mean_looked_after: float = 6.9
    p_single_at_home: float = 0.69
    repeat_r_at_home: float = 0.042
    repeat_mean_at_home: float = 0.26
    gap_shape: float = 0.4
    out_of_area_episode_ratio: float = 1.10
    duration_components: tuple[tuple[float, float, float], ...] = (
        (0.912, 7.44, 1.293), (0.088, 26.6, 1.991))
    onset_profile: tuple[float, ...] = ONSET_DEFAULT
    p_away_looked_after: float = 0.20
    risk_mix: tuple[tuple[str, float], ...] = (
        ("high", 0.15), ("medium", 0.70), ("low", 0.10), ("no_apparent_risk", 0.05))
    age_bands_looked_after: tuple[tuple[int, int, float], ...] = (
        (16, 17, 48_690.0), (10, 15, 38_060.0), (5, 9, 120.0), (1, 4, 20.0))
    age_bands_at_home: tuple[tuple[int, int, float], ...] = (
        (15, 17, 0.56), (12, 14, 0.37), (5, 11, 0.07))
    p_male_looked_after: float = 0.56
    p_male_at_home: float = 0.50
    placement_mix: tuple[tuple[str, float], ...] = (
        ("childrens_home", 0.40), ("semi_independent", 0.30), ("foster", 0.25), ("other", 0.05))
    p_out_of_area: tuple[tuple[str, float], ...] = (
        ("childrens_home", 0.67), ("foster", 0.42), ("semi_independent", 0.15), ("other", 0.15))
    host_authorities: tuple[str, ...] = tuple(f"host_{i:02d}" for i in range(1, 28))
    p_child_protection_plan_at_home: float = 0.08
    p_child_in_need_at_home: float = 0.25
    p_exploitation_looked_after: float = 0.20
    p_exploitation_at_home: float = 0.09
    p_trafficking_looked_after: float = 0.05
    p_trafficking_at_home: float = 0.01

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            try:
                object.__setattr__(self, f.name, _check_value(f.name, getattr(self, f.name)))
            except _Invalid as e:
                raise ValueError(f"PopulationSpec.{e.path}: {e.message}") from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, file: str,
                     key: str = "population.synthetic") -> PopulationSpec:
        """Build a spec from a scenario mapping; keys absent keep their defaults.

        Raises
        ------
        ScenarioError
            For an unknown key, a wrong type, a probability outside [0, 1] or a negative count,
            naming ``file`` and the key path (e.g. ``population.synthetic.gap_shape``).
        """
        if not isinstance(data, Mapping):
            raise ScenarioError(file, key, f"expected a mapping, got {type(data).__name__}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in _KINDS:
                raise ScenarioError(file, f"{key}.{name}",
                                    f"unknown key (expected one of {', '.join(_KINDS)})")
            try:
                values[name] = _check_value(name, value)
            except _Invalid as e:
                raise ScenarioError(file, f"{key}.{e.path}", e.message) from None
        return cls(**values)


# ------------------------------------------------------------------------------------------------
# Generation


def _weights(pairs: Sequence[tuple[Any, float]]) -> tuple[list[Any], np.ndarray]:
    names = [p[0] for p in pairs]
    w = np.asarray([p[1] for p in pairs], dtype=float)
    return names, w / w.sum()


def _episode_count(p_single: float, r: float, mean: float, rng: np.random.Generator) -> int:
    """Hurdle count: 1 with ``p_single``, else 1 + zero-truncated NB(r, mean) (C5, C6)."""
    if rng.uniform() < p_single:
        return 1
    p = r / (r + mean)
    for _ in range(10_000):  # P(0) <= 0.93 for the defaults; this loop ends at once in practice
        extra = int(rng.negative_binomial(r, p))
        if extra > 0:
            return 1 + extra
    return 2


def _age(bands: Sequence[tuple[int, int, float]], rng: np.random.Generator) -> int:
    w = np.asarray([b[2] for b in bands], dtype=float)
    lo, hi, _ = bands[int(rng.choice(len(bands), p=w / w.sum()))]
    return int(rng.integers(lo, hi + 1))


def _child(spec: PopulationSpec, looked_after: bool, rng: np.random.Generator) -> Child:
    if looked_after:
        names, w = _weights(spec.placement_mix)
        placement = names[int(rng.choice(len(names), p=w))]
        out_of_area = bool(rng.uniform() < dict(spec.p_out_of_area)[placement])
        host = (spec.host_authorities[int(rng.integers(len(spec.host_authorities)))]
                if out_of_area else None)
        return Child(
            id="", age=_age(spec.age_bands_looked_after, rng),
            sex="M" if rng.uniform() < spec.p_male_looked_after else "F",
            looked_after=True, placement=placement, out_of_area=out_of_area,
            host_authority=host, child_protection_plan=False, child_in_need=True,
            exploitation_risk=bool(rng.uniform() < spec.p_exploitation_looked_after),
            trafficking_risk=bool(rng.uniform() < spec.p_trafficking_looked_after))
    cp = bool(rng.uniform() < spec.p_child_protection_plan_at_home)
    cin = cp or bool(rng.uniform() < spec.p_child_in_need_at_home)
    return Child(
        id="", age=_age(spec.age_bands_at_home, rng),
        sex="M" if rng.uniform() < spec.p_male_at_home else "F",
        looked_after=False, placement="home", child_protection_plan=cp, child_in_need=cin,
        exploitation_risk=bool(rng.uniform() < spec.p_exploitation_at_home),
        trafficking_risk=bool(rng.uniform() < spec.p_trafficking_at_home))


def _durations(spec: PopulationSpec, n: int, rng: np.random.Generator) -> np.ndarray:
    comps = spec.duration_components
    w = np.asarray([c[0] for c in comps], dtype=float)
    which = rng.choice(len(comps), size=n, p=w / w.sum())
    medians = np.asarray([c[1] for c in comps])[which]
    sigmas = np.asarray([c[2] for c in comps])[which]
    return medians * np.exp(sigmas * rng.standard_normal(n))


def _onset_times(k: int, shape: float, block_start: float,
                 rng: np.random.Generator) -> np.ndarray:
    """``k`` onsets in a one-year block: Dirichlet gaps on a circle, uniformly rotated (C7)."""
    offset = rng.uniform(0.0, YEAR_HOURS)
    if k == 1:
        return np.asarray([block_start + offset])
    gaps = rng.dirichlet(np.full(k, shape)) * YEAR_HOURS
    positions = offset + np.concatenate(([0.0], np.cumsum(gaps[:-1])))
    return np.sort(block_start + np.mod(positions, YEAR_HOURS))


def placed_among(spec: PopulationSpec, hosts: Sequence[str],
                 share: float | None = None) -> PopulationSpec:
    """The spec with its out-of-area children placed among ``hosts`` (equal chances) and, when
    ``share`` is given, that share of looked-after children placed out of area whatever the
    placement type."""
    p_ooa = spec.p_out_of_area if share is None else tuple(
        (placement, float(share)) for placement, _ in spec.placement_mix)
    return dataclasses.replace(spec, host_authorities=tuple(hosts), p_out_of_area=p_ooa)


def generate_episodes(spec: PopulationSpec, *, authority: str, epoch: dt.datetime,
                      horizon_hours: float, rng: np.random.Generator) -> list[Episode]:
    """Draw the children who go missing during ``[0, horizon_hours)`` and their episodes.

    Returns episodes sorted by ``start_hours`` (ties by id). Child ids are ``C0001``, ``C0002``, ...
    in order of first episode; episode ids are ``C0001-E001``, ... in time order per child. Only
    episodes starting before the horizon are returned; one whose return falls after the horizon
    keeps its ``end_hours`` (the engine censors). The same spec, epoch, horizon and seed give the
    same list. ``authority`` is the responsible authority (kept for the caller's records; host
    authorities come from ``spec.host_authorities``).
    """
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        raise ValueError("epoch must be a timezone-aware datetime")
    if not math.isfinite(horizon_hours) or horizon_hours < 0:
        raise ValueError(f"horizon_hours must be finite and non-negative (got {horizon_hours})")
    rng = np.random.default_rng(rng)
    weights = _check_profile(spec.onset_profile)
    stock = spec.child_population * spec.looked_after_per_10k / 10_000.0
    lac_mean = stock * spec.looked_after_turnover * spec.p_missing_looked_after
    home_mean = (spec.child_population - stock) * spec.missing_at_home_per_10k / 10_000.0
    placements, placement_w = _weights(spec.placement_mix)
    ooa = dict(spec.p_out_of_area)
    p_ooa = float(sum(w * ooa[p] for p, w in zip(placements, placement_w, strict=True)))
    # keep the LAC mean at its calibrated value while out-of-area children go more often
    inside_scale = 1.0 / (1.0 + (spec.out_of_area_episode_ratio - 1.0) * p_ooa)
    risk_names, risk_w = _weights(spec.risk_mix)

    drafts: list[tuple[Child, list[tuple[float, float]]]] = []
    blocks = max(1, math.ceil(horizon_hours / YEAR_HOURS))
    for block in range(blocks):
        block_start = block * YEAR_HOURS
        if block_start >= horizon_hours:
            break
        n_lac = int(rng.poisson(max(lac_mean, 0.0)))
        n_home = int(rng.poisson(max(home_mean, 0.0)))
        for looked_after in [True] * n_lac + [False] * n_home:
            child = _child(spec, looked_after, rng)
            if looked_after:
                scale = inside_scale * (spec.out_of_area_episode_ratio if child.out_of_area
                                        else 1.0)
                k = _episode_count(spec.p_single_looked_after, spec.repeat_r_looked_after,
                                   spec.repeat_mean_looked_after * scale, rng)
            else:
                k = _episode_count(spec.p_single_at_home, spec.repeat_r_at_home,
                                   spec.repeat_mean_at_home, rng)
            raw = _onset_times(k, spec.gap_shape, block_start, rng)
            starts = sorted(_onset_in_week(t, weights, epoch, rng) for t in raw)
            durations = _durations(spec, k, rng)
            periods: list[tuple[float, float]] = []
            for start, duration in zip(starts, durations, strict=True):
                if periods and start < periods[-1][1]:  # still missing: go again after return
                    start = _next_onset_after(periods[-1][1], weights, epoch, rng)
                if start >= horizon_hours:
                    break
                periods.append((start, start + float(duration)))
            if periods:
                drafts.append((child, periods))

    drafts.sort(key=lambda d: d[1][0][0])
    episodes: list[Episode] = []
    width = max(4, len(str(len(drafts))))
    for number, (child, periods) in enumerate(drafts, start=1):
        named = dataclasses.replace(child, id=f"C{number:0{width}d}")
        grades = rng.choice(len(risk_names), size=len(periods), p=risk_w)
        for index, ((start, end), grade) in enumerate(zip(periods, grades, strict=True), start=1):
            away = named.looked_after and bool(rng.uniform() < spec.p_away_looked_after)
            episodes.append(Episode(
                id=f"{named.id}-E{index:03d}", child=named, start_hours=start, end_hours=end,
                risk=risk_names[int(grade)], whereabouts_known=away))
    episodes.sort(key=lambda e: (e.start_hours, e.id))
    return episodes
