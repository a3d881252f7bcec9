"""Synthetic populations of missing children and their episodes, calibrated to published figures.

Every default below names its row in ``shared/reference/published_figures.md`` (section.row, or a
``C`` calibration row) or says ASSUMPTION. DFE24 is the DfE 2024 release (figures file, source
ids), read from its files: ``official_statistics_cla_who_were_missing.csv`` (M),
``official_statistics_cla_who_were_away_without_authorisation.csv`` (A) and the LA file. Rates are
per year; a horizon longer than a year is cut into consecutive year blocks, each with a fresh
cohort of children who go missing or away in that block (a remainder under 1% of a year, as in a
366-day collection year, belongs to the last block).

What is drawn, as DfE records it (C11): looked-after children have missing (M) periods and away
from placement without authorisation (A) periods, counted separately; A periods come on top of
the M count, never carved out of it. Children at home (not looked after) have police-reported
episodes only. An A episode has ``whereabouts_known`` true; nothing else marks the code.

Population defaults
-------------------

=================================  ==========================  =====================================
field                              default                     source (published_figures.md)
=================================  ==========================  =====================================
child_population                   100,000 children aged 0-17  ASSUMPTION (the unit of section C)
looked_after_per_10k               70.0                        C1 (DfE 2024, 83,630 CLA)
looked_after_turnover              1.392                       section 8a England 116,420 during
                                                               the year / section 6 83,630 at 31
                                                               March (DFE24; C2 gave 1.38)
p_missing_looked_after             0.1117                      section 8a England: 13,010 of
                                                               116,420 (DFE24; C3 10-11%)
p_single_looked_after              0.369                       section 8a England: 8,210 of 13,010
                                                               more than once (C5; 1.5-1.6)
incidents_per_missing_looked_after 6.45                        section 8a England: 83,920 / 13,010
                                                               (DFE24, published 6.5; 1.1 6.8 is
                                                               2024/25)
repeat_r_looked_after              0.52                        C5 (ZTNB shape fitted to Devon 1.24)
p_away_child                       0.0234                      DFE24 A file: 2,720 of 116,420
                                                               children away (C11; 1.8)
p_single_away                      0.493                       DFE24 A file: 1,380 of 2,720 away
                                                               more than once
incidents_per_away_child           3.96                        section 8a England: 10,780 A / 2,720
                                                               children (DFE24, published 4)
repeat_r_away                      0.52                        ASSUMPTION (C5's shape reused)
missing_at_home_per_10k            40.0                        C4 (INF from 1.12 "1 in 200")
p_single_at_home                   0.69                        C6; 1.24 (Devon not-LAC 69% once)
incidents_per_missing_at_home      2.0                         C6; 1.24 (Devon not-LAC ~2.0, INF)
repeat_r_at_home                   0.042                       C6 (fitted to Devon, 1.24)
gap_shape                          0.4 (gamma shape)           C7 (bursty; 1.21 repeats < 4 weeks)
out_of_area_episode_ratio          1.10                        section 6 verified (DFE24, M
                                                               1.16 / 1.06 per placed child)
duration_components                DURATION_MISSING: .9217     C10 hour anchors (2.1-2.5: 50% <
                                   LN(7.07 h, 1.16) + .0693    8 h, 79% < 24 h, 89.5% < 48 h,
                                   LN(77.3 h, .694) + .0064    98% < 7 d) and table 2a M 2024 day
                                   LN(503 h, .562) + .0026     bins, mean 1.9 d, 0.48% > 30 d,
                                   LN(5000 h, .638)            fitted together (INF) with the
                                                               onset profile; M periods and
                                                               children at home
away_duration_components           DURATION_AWAY: .8274        table 2a A 2024 day bins, mean
                                   LN(8.07 h, .949) + .1292    3.1 d, 1.3% > 30 d, fitted (INF)
                                   LN(107 h, .464) + .0354     with the onset profile
                                   LN(385 h, .682) + .0080
                                   LN(2001 h, .955)
onset_profile                      ONSET_DEFAULT               C9; 3.5 (INF, no published profile)
risk_mix                           high .15 medium .70 low     C13 (INF from 4.1, 4.2); LOW
                                   .10 no_apparent_risk .05    confidence
age_bands_looked_after             16-17 46,400; 10-15         7.1; DFE24 M incidents by age 2024
                                   37,350; 5-9 120; 1-4 30;    (the 0-0 band is DFE24's "under 1")
                                   0-0 10
age_bands_away                     16-17 8,300; 10-15 2,440;   DFE24 A incidents by age 2024
                                   5-9 10; 1-4 30; 0-0 10
age_bands_at_home                  15-17 .56 12-14 .37         C16; 7.6 (UK MPB 2012/13); 5-11 is
                                   5-11 .07                    ASSUMPTION (7.9 has 2-11)
p_male_looked_after                0.564                       DFE24: 7,340 of 13,010 missing LAC
                                                               (7.4: 56%; away children 55.5%)
p_male_at_home                     0.50                        C17 (7.7 48% girls vs 7.8); weak
placement_mix                      childrens_home 27,270       C14 by incident, from DFE24 M 2024
                                   semi_independent 28,070     placement rows: secure and
                                   foster 15,030               children's homes; independent and
                                   other 13,550                semi-independent / supported; foster;
                                                               other 12,150 + placed with parents
                                                               1,400 (that mapping is ASSUMPTION)
placement_mix_away                 childrens_home 2,050        DFE24 A 2024 placement rows (other =
                                   semi_independent 5,550      1,560 other + 40 with parents)
                                   foster 1,580  other 1,600
p_out_of_area                      childrens_home .67          section 6 verified (DFE24: homes 67%,
                                   foster .42                  foster 42%); semi_independent and
                                   semi_independent .30        other .30 are ASSUMPTION, fitted so
                                   other .30                   out-of-area M incidents are 46.2%
                                                               (section 6 verified, DFE24)
out_of_area_share_away             0.548                       section 6 verified (DFE24: 5,910 of
                                                               10,780 A incidents)
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

How the figures are met. Counts per child are hurdle counts (1 with ``p_single``, else 1 plus a
zero-truncated negative binomial with shape ``repeat_r``) whose mean is solved to the published
incidents per child. Looked-after children placed out of area go missing
``out_of_area_episode_ratio`` times as often (the mean over all missing children stays at its
target), and the child-level placement mix is the incident-level one divided by each placement's
expected count, so that the placement mix holds at incident level. Whether a looked-after child
has A periods is independent of whether they go missing (ASSUMPTION: no published overlap), so a
share ``p_missing_looked_after`` of away children are missing children too, with the placement,
age and out-of-area draw of missing children; children who are only ever away take what remains
of the published A placement and age mixes, and an out-of-area chance per placement scaled (in
odds) so that ``out_of_area_share_away`` of A incidents are out of area. Ages and sex are drawn
per child (a child's episodes in a block share them; ASSUMPTION). A and M episodes draw their
risk grade from the same ``risk_mix`` (ASSUMPTION: the police may never grade an A episode;
the models route on ``whereabouts_known`` first).

Looked-after children are never on a child-protection plan and are always open to social care
(ASSUMPTION: that is how looked-after status works in practice). Durations, risk grades and
markers are independent of each other (ASSUMPTION).

How episodes are placed in time (repeat behaviour): a child with ``k`` periods (M and A together)
in a year block gets ``k`` onsets on a circle one year long, spaced by Dirichlet(``gap_shape``)
gaps (gamma renewal gaps conditioned on ``k`` events, C7) and rotated by a uniform offset, so the
block is stationary while gaps are bursty: the hazard of going again is highest just after an
episode (self-exciting). Which of them are A is a uniform choice. Each onset keeps its local week
and takes its day and hour from the hour-of-week profile. An onset that would fall while the child
is still missing moves to the next profile-weighted time after the return.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.data.calendars import LONDON
from models.data.errors import ScenarioError, unknown_key
from simulation.run.records import Child, Episode, fast_constructor

__all__ = [
    "DURATION_AWAY", "DURATION_MISSING", "ONSET_DEFAULT", "YEAR_HOURS", "PopulationSpec",
    "generate_episodes", "placed_among", "sample_onset_hour",
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


DURATION_MISSING: tuple[tuple[float, float, float], ...] = (
    (0.92165, 7.071, 1.160), (0.06932, 77.30, 0.6944), (0.00639, 502.9, 0.562),
    (0.00263, 5000.0, 0.6378))
"""Duration of an M period or of an episode at home, hours: lognormal components (weight, median
hours, sigma). Fitted (INF) to the police hour anchors of row C10 (50% < 8 h, 79% < 24 h, 89.5%
< 48 h, 98% < 7 days) and, with the onset profile, to DfE's 2024 M day bins of table 2a (mean 1.9
days, 0.48% over 30 days) at once, every sigma at most 1.6 so that the mean of a year's
periods is stable (a wider tail gave the same bins with a mean that jumped from seed to seed)."""

DURATION_AWAY: tuple[tuple[float, float, float], ...] = (
    (0.82741, 8.073, 0.9487), (0.1292, 107.1, 0.4642), (0.03543, 384.6, 0.6815),
    (0.00796, 2001.0, 0.9553))
"""Duration of an A period, hours (same form). Fitted (INF) with the onset profile to DfE's 2024 A
day bins of table 2a (mean 3.1 days, 1.3% over 30 days; every sigma at most 1.6); no hour figures
exist for A."""


# ------------------------------------------------------------------------------------------------
# Onset sampling (shared with simulation.run.ssda903)


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


# ------------------------------------------------------------------------------------------------
# The specification

_KINDS: dict[str, str] = {
    "child_population": "count",
    "looked_after_per_10k": "rate",
    "looked_after_turnover": "rate",
    "p_missing_looked_after": "probability",
    "p_single_looked_after": "probability",
    "incidents_per_missing_looked_after": "incidents",
    "repeat_r_looked_after": "positive",
    "p_away_child": "probability",
    "p_single_away": "probability",
    "incidents_per_away_child": "incidents",
    "repeat_r_away": "positive",
    "missing_at_home_per_10k": "rate",
    "p_single_at_home": "probability",
    "incidents_per_missing_at_home": "incidents",
    "repeat_r_at_home": "positive",
    "gap_shape": "positive",
    "out_of_area_episode_ratio": "positive",
    "duration_components": "components",
    "away_duration_components": "components",
    "onset_profile": "profile",
    "risk_mix": "weights:risk",
    "age_bands_looked_after": "bands",
    "age_bands_away": "bands",
    "age_bands_at_home": "bands",
    "p_male_looked_after": "probability",
    "p_male_at_home": "probability",
    "placement_mix": "weights:placement",
    "placement_mix_away": "weights:placement",
    "p_out_of_area": "probabilities:placement",
    "out_of_area_share_away": "probability",
    "host_authorities": "names",
    "p_child_protection_plan_at_home": "probability",
    "p_child_in_need_at_home": "probability",
    "p_exploitation_looked_after": "probability",
    "p_exploitation_at_home": "probability",
    "p_trafficking_looked_after": "probability",
    "p_trafficking_at_home": "probability",
}
_ALLOWED = {"risk": _RISKS, "placement": _PLACEMENTS_LAC}
# (incidents per child, share who go once) pairs: a child who goes more than once goes at least
# twice, so the mean must be at least 2 - p_single
_COUNT_PAIRS = (("incidents_per_missing_looked_after", "p_single_looked_after"),
                ("incidents_per_away_child", "p_single_away"),
                ("incidents_per_missing_at_home", "p_single_at_home"))


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
    if kind in ("rate", "positive", "probability", "incidents"):
        x = _number(value, name)
        if x < 0:
            raise _Invalid(name, f"must not be negative (got {x:g})")
        if kind == "positive" and x == 0:
            raise _Invalid(name, "must be greater than 0")
        if kind == "incidents" and x < 1:
            raise _Invalid(name, f"is incidents per child who goes at all: at least 1 (got {x:g})")
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


def _check_counts(values: Mapping[str, Any]) -> None:
    """Cross-field rule: incidents per child is at least 2 - p_single (unless all go once)."""
    for incidents, single in _COUNT_PAIRS:
        mean, p_single = values[incidents], values[single]
        if p_single < 1 and mean < 2 - p_single - 1e-9:
            raise _Invalid(incidents, f"must be at least 2 - {single} = {2 - p_single:g}, as a "
                                      f"child who goes more than once goes at least twice "
                                      f"(got {mean:g})")


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
    looked_after_turnover: float = 1.392
    p_missing_looked_after: float = 0.1117
    p_single_looked_after: float = 0.369
    incidents_per_missing_looked_after: float = 6.45
    repeat_r_looked_after: float = 0.52
    p_away_child: float = 0.0234
    p_single_away: float = 0.493
    incidents_per_away_child: float = 3.96
    repeat_r_away: float = 0.52
    missing_at_home_per_10k: float = 40.0
    p_single_at_home: float = 0.69
    incidents_per_missing_at_home: float = 2.0
    repeat_r_at_home: float = 0.042
    gap_shape: float = 0.4
    out_of_area_episode_ratio: float = 1.10
    duration_components: tuple[tuple[float, float, float], ...] = DURATION_MISSING
    away_duration_components: tuple[tuple[float, float, float], ...] = DURATION_AWAY
    onset_profile: tuple[float, ...] = ONSET_DEFAULT
    risk_mix: tuple[tuple[str, float], ...] = (
        ("high", 0.15), ("medium", 0.70), ("low", 0.10), ("no_apparent_risk", 0.05))
    age_bands_looked_after: tuple[tuple[int, int, float], ...] = (
        (16, 17, 46_400.0), (10, 15, 37_350.0), (5, 9, 120.0), (1, 4, 30.0), (0, 0, 10.0))
    age_bands_away: tuple[tuple[int, int, float], ...] = (
        (16, 17, 8_300.0), (10, 15, 2_440.0), (5, 9, 10.0), (1, 4, 30.0), (0, 0, 10.0))
    age_bands_at_home: tuple[tuple[int, int, float], ...] = (
        (15, 17, 0.56), (12, 14, 0.37), (5, 11, 0.07))
    p_male_looked_after: float = 0.564
    p_male_at_home: float = 0.50
    placement_mix: tuple[tuple[str, float], ...] = (
        ("childrens_home", 27_270.0), ("semi_independent", 28_070.0), ("foster", 15_030.0),
        ("other", 13_550.0))
    placement_mix_away: tuple[tuple[str, float], ...] = (
        ("childrens_home", 2_050.0), ("semi_independent", 5_550.0), ("foster", 1_580.0),
        ("other", 1_600.0))
    p_out_of_area: tuple[tuple[str, float], ...] = (
        ("childrens_home", 0.67), ("foster", 0.42), ("semi_independent", 0.30), ("other", 0.30))
    out_of_area_share_away: float = 0.548
    host_authorities: tuple[str, ...] = tuple(f"host_{i:02d}" for i in range(1, 28))
    p_child_protection_plan_at_home: float = 0.08
    p_child_in_need_at_home: float = 0.25
    p_exploitation_looked_after: float = 0.20
    p_exploitation_at_home: float = 0.09
    p_trafficking_looked_after: float = 0.05
    p_trafficking_at_home: float = 0.01

    def __post_init__(self) -> None:
        try:
            for f in dataclasses.fields(self):
                object.__setattr__(self, f.name, _check_value(f.name, getattr(self, f.name)))
            _check_counts({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})
        except _Invalid as e:
            raise ValueError(f"PopulationSpec.{e.path}: {e.message}") from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, file: str,
                     key: str = "population.synthetic") -> PopulationSpec:
        """Build a spec from a scenario mapping; keys absent keep their defaults.

        Raises
        ------
        ScenarioError
            For an unknown key, a wrong type, a probability outside [0, 1], a negative count, or
            incidents per child below what its share going once allows, naming ``file`` and the
            key path (e.g. ``population.synthetic.gap_shape``).
        """
        if not isinstance(data, Mapping):
            raise ScenarioError(file, key, f"expected a mapping, got {type(data).__name__}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in _KINDS:
                raise ScenarioError(file, f"{key}.{name}",
                                    unknown_key(name, tuple(_KINDS)))
            try:
                values[name] = _check_value(name, value)
            except _Invalid as e:
                raise ScenarioError(file, f"{key}.{e.path}", e.message) from None
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        try:
            _check_counts({**defaults, **values})
        except _Invalid as e:
            raise ScenarioError(file, f"{key}.{e.path}", e.message) from None
        return cls(**values)


# ------------------------------------------------------------------------------------------------
# Derived quantities: child-level mixes and count parameters that give the incident-level targets


def _ztnb_mean(r: float, mu: float) -> float:
    """Mean of a zero-truncated negative binomial with shape ``r`` and untruncated mean ``mu``."""
    p0 = (r / (r + mu)) ** r
    return mu / (1.0 - p0) if p0 < 1.0 else 1.0


def _hurdle_mean(p_single: float, r: float, mu: float) -> float:
    """Mean of the hurdle count: 1 with ``p_single``, else 1 + ZTNB(r, mu) (C5, C6)."""
    return 1.0 + (1.0 - p_single) * _ztnb_mean(r, mu)


def _solve(f: Any, target: float, lo: float = 1e-9, hi: float = 1e7) -> float:
    """The x in [lo, hi] with increasing ``f(x) == target`` (bisection on log x)."""
    if f(lo) >= target:
        return lo
    if f(hi) <= target:
        return hi
    a, b = math.log(lo), math.log(hi)
    for _ in range(80):
        mid = 0.5 * (a + b)
        if f(math.exp(mid)) < target:
            a = mid
        else:
            b = mid
    return math.exp(0.5 * (a + b))


def _age_vector(bands: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """Band weights as a distribution over single years of age 0-17 (uniform within a band)."""
    out = np.zeros(18)
    for lo, hi, w in bands:
        out[lo:hi + 1] += w / (hi - lo + 1)
    return out / out.sum()


def _mix_vector(pairs: Sequence[tuple[str, float]]) -> np.ndarray:
    out = np.asarray([dict(pairs).get(p, 0.0) for p in _PLACEMENTS_LAC], dtype=float)
    return out / out.sum()


def _remainder(target: np.ndarray, part: np.ndarray, share: float) -> np.ndarray:
    """The mix of the rest when ``share`` of a total with mix ``target`` has mix ``part``."""
    rest = np.clip(target - share * part, 0.0, None)
    return rest / rest.sum() if rest.sum() > 0 else target


@dataclass(frozen=True, slots=True)
class _Derived:
    """What the generator draws from, worked out once from a spec."""

    looked_after_during_year: float
    missing_children: float
    away_only_children: float
    home_children: float
    placement_missing: np.ndarray   # child-level mix of children who go missing
    placement_away_only: np.ndarray  # child-level mix of children only ever away
    ooa_missing: np.ndarray          # P(out of area | placement), children who go missing
    ooa_away_only: np.ndarray
    mu_inside: float
    mu_outside: float
    mu_away: float
    mu_home: float
    age_missing: np.ndarray
    age_away_only: np.ndarray
    age_home: np.ndarray


def _derive(spec: PopulationSpec) -> _Derived:
    stock = spec.child_population * spec.looked_after_per_10k / 10_000.0
    cla = stock * spec.looked_after_turnover
    p_ooa = np.asarray([dict(spec.p_out_of_area)[p] for p in _PLACEMENTS_LAC])
    ratio = spec.out_of_area_episode_ratio
    target = _mix_vector(spec.placement_mix)
    p1, r1, mean1 = (spec.p_single_looked_after, spec.repeat_r_looked_after,
                     spec.incidents_per_missing_looked_after)

    # Children placed out of area have ``ratio`` times as many M incidents on average; the mean
    # over all missing children stays at its target, and the child-level placement mix is the
    # incident-level one divided by each placement's expected count, so that the mix holds at
    # incident level.
    child_mix = target / (1.0 + (ratio - 1.0) * p_ooa)
    child_mix = child_mix / child_mix.sum()
    pbar = float(child_mix @ p_ooa)
    mean_inside = mean1 / (1.0 + (ratio - 1.0) * pbar)
    mu_inside = _solve(lambda m: _hurdle_mean(p1, r1, m), mean_inside)
    mu_outside = _solve(lambda m: _hurdle_mean(p1, r1, m), mean_inside * ratio)

    # Away (A) on top of missing (M): a looked-after child has an A period in the year with
    # p_away_child whether or not they go missing (ASSUMPTION: independent), so a share
    # p_missing of away children are also missing children, with the missing children's
    # placement, age and out-of-area draw; the children only ever away take the rest of the
    # published A mix.
    q = spec.p_missing_looked_after
    away_target = _mix_vector(spec.placement_mix_away)
    away_only_mix = _remainder(away_target, child_mix, q)
    pbar_missing = float(child_mix @ p_ooa)
    needed = spec.out_of_area_share_away

    def away_ooa(s: float) -> np.ndarray:
        return np.where(p_ooa >= 1, 1.0, s * p_ooa / np.maximum(1 - p_ooa + s * p_ooa, 1e-300))

    odds = _solve(lambda s: q * pbar_missing + (1 - q) * float(away_only_mix @ away_ooa(s)),
                  needed, lo=1e-6, hi=1e6)
    age_missing = _age_vector(spec.age_bands_looked_after)
    mu_away = _solve(lambda m: _hurdle_mean(spec.p_single_away, spec.repeat_r_away, m),
                     spec.incidents_per_away_child)
    mu_home = _solve(lambda m: _hurdle_mean(spec.p_single_at_home, spec.repeat_r_at_home, m),
                     spec.incidents_per_missing_at_home)
    return _Derived(
        looked_after_during_year=cla,
        missing_children=cla * spec.p_missing_looked_after,
        away_only_children=cla * (1 - spec.p_missing_looked_after) * spec.p_away_child,
        home_children=(spec.child_population - stock) * spec.missing_at_home_per_10k / 10_000.0,
        placement_missing=child_mix, placement_away_only=away_only_mix,
        ooa_missing=p_ooa, ooa_away_only=away_ooa(odds),
        mu_inside=mu_inside, mu_outside=mu_outside, mu_away=mu_away, mu_home=mu_home,
        age_missing=age_missing,
        age_away_only=_remainder(_age_vector(spec.age_bands_away), age_missing, q),
        age_home=_age_vector(spec.age_bands_at_home))


# ------------------------------------------------------------------------------------------------
# Generation (vectorised: a year of England is ~200,000 episodes)


class _Days:
    """The local (Europe/London) days around a run: for each, the hours since the epoch of its
    25 wall-clock hour marks (00:00 ... 24:00; on clock-change days an hour may be 0 or 2 real
    hours long) and its weekday."""

    def __init__(self, epoch: dt.datetime, n_days: int) -> None:
        first = _local_date(0.0, epoch) - dt.timedelta(days=8)
        days = [first + dt.timedelta(days=i) for i in range(n_days + 16)]
        midnights = np.asarray([_hours(_midnight(d), epoch) for d in days]
                               + [_hours(_midnight(days[-1] + dt.timedelta(days=1)), epoch)])
        marks = midnights[:-1, None] + np.arange(25.0)[None, :]
        for i in np.flatnonzero(np.diff(midnights) != 24.0):  # clock-change days
            for h in range(1, 24):
                marks[i, h] = _clock_to_hours(days[i], float(h), epoch)
            marks[i, 24] = midnights[i + 1]
        self.midnights = midnights
        self.marks = marks
        self.weekday = np.asarray([d.weekday() for d in days])

    def index(self, hours: np.ndarray) -> np.ndarray:
        """The day index of each time."""
        idx = np.searchsorted(self.midnights, hours, side="right") - 1
        if idx.size and (idx.min() < 0 or idx.max() >= len(self.weekday) - 7):
            raise ValueError("time outside the generator's day table")
        return idx

    def at(self, day: np.ndarray, hour: np.ndarray, fraction: np.ndarray) -> np.ndarray:
        """Hours since the epoch of ``fraction`` into wall-clock ``hour`` of each day."""
        a = self.marks[day, hour]
        return a + fraction * (self.marks[day, hour + 1] - a)


def _pick(cumulative: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Row-wise inverse CDF: the first column whose cumulative weight exceeds ``u``."""
    total = cumulative[:, -1:]
    picked = (cumulative <= u[:, None] * total).sum(axis=1)
    return np.minimum(picked, cumulative.shape[1] - 1)


def _onsets_in_week(raw: np.ndarray, weights: np.ndarray, days: _Days,
                    rng: np.random.Generator) -> np.ndarray:
    """Keep the local week of each time; draw day and hour from the hour-of-week profile."""
    if raw.size == 0:
        return raw
    week = weights.reshape(7, 24)
    day_mass = week.sum(axis=1)
    d = days.index(raw)
    monday = d - days.weekday[d]
    chosen_weekday = _pick(np.broadcast_to(np.cumsum(day_mass), (raw.size, 7)),
                           rng.uniform(size=raw.size))
    chosen = monday + chosen_weekday
    chosen = np.where(days.midnights[chosen + 1] <= 0, chosen + 7, chosen)  # week began earlier
    hour = _pick(np.cumsum(week, axis=1)[days.weekday[chosen]], rng.uniform(size=raw.size))
    return np.maximum(days.at(chosen, hour, rng.uniform(size=raw.size)), 0.0)


def _next_onsets_after(after: np.ndarray, weights: np.ndarray, days: _Days,
                       rng: np.random.Generator) -> np.ndarray:
    """For each time, the next profile-weighted time at or after it, within the following week
    (uniform over the rest of its day when the profile gives the week ahead no weight)."""
    n = after.size
    week = weights.reshape(7, 24)
    d0 = days.index(after)
    rows = np.arange(n)
    marks = days.marks[d0]
    hour0 = np.clip((marks[:, :24] <= after[:, None]).sum(axis=1) - 1, 0, 23)
    span = marks[rows, hour0 + 1] - marks[rows, hour0]
    frac0 = np.where(span > 0, (after - marks[rows, hour0]) / np.where(span > 0, span, 1.0), 0.0)
    frac0 = np.clip(frac0, 0.0, 1.0)
    ahead = week[(days.weekday[d0][:, None] + np.arange(7)[None, :]) % 7].copy()  # (n, 7, 24)
    hours = np.arange(24)[None, :]
    ahead[:, 0, :] *= hours >= hour0[:, None]
    ahead[rows, 0, hour0] *= 1.0 - frac0
    mass = ahead.sum(axis=2)
    total = mass.sum(axis=1)
    j = _pick(np.cumsum(mass, axis=1), rng.uniform(size=n))
    hour = _pick(np.cumsum(ahead[rows, j], axis=1), rng.uniform(size=n))
    low = np.where((j == 0) & (hour == hour0), frac0, 0.0)
    fraction = low + rng.uniform(size=n) * (1.0 - low)
    timed = days.at(d0 + j, hour, fraction)
    uniform_rest = after + rng.uniform(size=n) * (days.midnights[d0 + 1] - after)
    return np.maximum(np.where(total > 0, timed, uniform_rest), after)


def _counts(n: int, p_single: float, r: float, mu: np.ndarray | float,
            rng: np.random.Generator) -> np.ndarray:
    """Hurdle counts: 1 with ``p_single``, else 1 + zero-truncated NB(r, mu) (C5, C6)."""
    mus = np.broadcast_to(np.asarray(mu, dtype=float), (n,))
    out = np.ones(n, dtype=np.int64)
    again = np.flatnonzero(rng.uniform(size=n) >= p_single)
    extra = np.zeros(again.size, dtype=np.int64)
    todo = np.arange(again.size)
    for _ in range(10_000):  # redraw zeros; P(0) <= 0.93 for the defaults
        if todo.size == 0:
            break
        m = mus[again[todo]]
        draws = rng.negative_binomial(r, r / (r + m))
        extra[todo] = draws
        todo = todo[draws == 0]
    extra[todo] = 1
    out[again] += extra
    return out


def _lognormal_mixture(components: Sequence[tuple[float, float, float]], n: int,
                       rng: np.random.Generator) -> np.ndarray:
    w = np.asarray([c[0] for c in components], dtype=float)
    which = rng.choice(len(components), size=n, p=w / w.sum())
    medians = np.asarray([c[1] for c in components])[which]
    sigmas = np.asarray([c[2] for c in components])[which]
    return medians * np.exp(sigmas * rng.standard_normal(n))


@dataclass
class _Block:
    """One year block's children (per-child arrays) and episodes (per-episode arrays)."""

    kind: np.ndarray        # 0 looked after and missing, 1 looked after and only away, 2 home
    placement: np.ndarray   # index into _PLACEMENTS_LAC (-1 at home)
    out_of_area: np.ndarray
    host: np.ndarray
    age: np.ndarray
    male: np.ndarray
    cp: np.ndarray
    cin: np.ndarray
    exploitation: np.ndarray
    trafficking: np.ndarray
    child: np.ndarray       # per episode: index of its child in this block
    start: np.ndarray
    end: np.ndarray
    away: np.ndarray        # per episode: coded A


def _push_overlaps(child: np.ndarray, start: np.ndarray, end: np.ndarray, duration: np.ndarray,
                   horizon: float, weights: np.ndarray, days: _Days,
                   rng: np.random.Generator) -> None:
    """Move, in place, each period that starts while the child's previous one is still open to
    the next profile-weighted time after that return, until none does (starts only move later,
    so the periods keep their order)."""
    same = np.zeros(child.size, dtype=bool)
    same[1:] = child[1:] == child[:-1]
    for _ in range(100_000):
        bad = np.zeros(child.size, dtype=bool)
        bad[1:] = same[1:] & (start[1:] < end[:-1])
        if not bad.any():
            return
        fix = np.flatnonzero(bad)
        after = end[fix - 1]
        late = after >= horizon
        inside = fix[~late]
        start[inside] = _next_onsets_after(after[~late], weights, days, rng)
        end[inside] = start[inside] + duration[inside]
        # past the horizon (dropped, or brought round by the caller) the exact time matters
        # little: the rest of the child's periods follow each other back to back
        for i in fix[late].tolist():
            j = i
            while j < child.size and same[j] and start[j] < end[j - 1]:
                start[j] = end[j - 1]
                end[j] = start[j] + duration[j]
                j += 1


def _draw_block(spec: PopulationSpec, derived: _Derived, block_start: float, horizon: float,
                days: _Days, weights: np.ndarray, rng: np.random.Generator, *,
                last: bool) -> _Block:
    n_m = int(rng.poisson(max(derived.missing_children, 0.0)))
    n_a = int(rng.poisson(max(derived.away_only_children, 0.0)))
    n_h = int(rng.poisson(max(derived.home_children, 0.0)))
    n = n_m + n_a + n_h
    kind = np.concatenate([np.zeros(n_m, np.int64), np.ones(n_a, np.int64),
                           np.full(n_h, 2, np.int64)])
    lac = kind < 2
    placement = np.full(n, -1, dtype=np.int64)
    placement[:n_m] = rng.choice(4, size=n_m, p=derived.placement_missing)
    placement[n_m:n_m + n_a] = rng.choice(4, size=n_a, p=derived.placement_away_only)
    ooa_p = np.zeros(n)
    ooa_p[:n_m] = derived.ooa_missing[placement[:n_m]]
    ooa_p[n_m:n_m + n_a] = derived.ooa_away_only[placement[n_m:n_m + n_a]]
    out_of_area = rng.uniform(size=n) < ooa_p
    host = np.where(out_of_area, rng.integers(len(spec.host_authorities), size=n), -1)
    age = np.concatenate([rng.choice(18, size=n_m, p=derived.age_missing),
                          rng.choice(18, size=n_a, p=derived.age_away_only),
                          rng.choice(18, size=n_h, p=derived.age_home)])
    male = rng.uniform(size=n) < np.where(lac, spec.p_male_looked_after, spec.p_male_at_home)
    cp = ~lac & (rng.uniform(size=n) < spec.p_child_protection_plan_at_home)
    cin = lac | cp | (rng.uniform(size=n) < spec.p_child_in_need_at_home)
    exploitation = rng.uniform(size=n) < np.where(lac, spec.p_exploitation_looked_after,
                                                  spec.p_exploitation_at_home)
    trafficking = rng.uniform(size=n) < np.where(lac, spec.p_trafficking_looked_after,
                                                 spec.p_trafficking_at_home)

    # counts of M (or police-reported, at home) and A periods per child
    k_m = np.zeros(n, dtype=np.int64)
    k_a = np.zeros(n, dtype=np.int64)
    mu = np.where(out_of_area[:n_m], derived.mu_outside, derived.mu_inside)
    k_m[:n_m] = _counts(n_m, spec.p_single_looked_after, spec.repeat_r_looked_after, mu, rng)
    both = np.flatnonzero(rng.uniform(size=n_m) < spec.p_away_child)
    k_a[both] = _counts(both.size, spec.p_single_away, spec.repeat_r_away, derived.mu_away, rng)
    k_a[n_m:n_m + n_a] = _counts(n_a, spec.p_single_away, spec.repeat_r_away, derived.mu_away,
                                 rng)
    k_m[n_m + n_a:] = _counts(n_h, spec.p_single_at_home, spec.repeat_r_at_home,
                              derived.mu_home, rng)
    k = k_m + k_a

    # onsets: Dirichlet(gap_shape) gaps on a one-year circle, uniformly rotated (C7)
    child = np.repeat(np.arange(n), k)
    first = np.concatenate(([0], np.cumsum(k)[:-1])) if n else np.zeros(0, np.int64)
    gaps = rng.gamma(spec.gap_shape, size=child.size)
    sums = np.add.reduceat(gaps, first) if n else np.zeros(0)
    gaps = gaps / sums[child] * YEAR_HOURS
    inclusive = np.cumsum(gaps)
    before = inclusive - gaps - (inclusive - gaps)[first][child]
    offset = rng.uniform(0.0, YEAR_HOURS, size=n)
    raw = block_start + np.mod(offset[child] + before, YEAR_HOURS)
    start = _onsets_in_week(raw, weights, days, rng)
    order = np.lexsort((start, child))
    start = start[order]
    # which of a child's periods are A: a random k_a of them
    keys = rng.uniform(size=child.size)
    rank = np.empty(child.size, dtype=np.int64)
    by_key = np.lexsort((keys, child))
    rank[by_key] = np.arange(child.size) - first[child[by_key]]
    away = rank < k_a[child]
    duration = np.empty(child.size)
    duration[~away] = _lognormal_mixture(spec.duration_components, int((~away).sum()), rng)
    duration[away] = _lognormal_mixture(spec.away_duration_components, int(away.sum()), rng)
    end = start + duration

    # a child still missing when the next onset comes goes again at the next profile-weighted
    # time after the return; in the last block, a period pushed past the block's year comes
    # round to its start, 52 weeks earlier (the block is one turn of the circle), and the
    # child's periods are put in order again, so that the year keeps the child's count
    for turn in range(20):
        _push_overlaps(child, start, end, duration, horizon, weights, days, rng)
        if not last or turn == 19:  # what still spills (a child away past the year) is dropped
            break
        spill = np.flatnonzero((start >= max(block_start + YEAR_HOURS, horizon))
                               & (start < days.midnights[-8]))
        if not spill.size:
            break
        d = days.index(start[spill])
        hour = np.clip((days.marks[d, :24] <= start[spill][:, None]).sum(axis=1) - 1, 0, 23)
        span = days.marks[d, hour + 1] - days.marks[d, hour]
        fraction = np.where(span > 0, (start[spill] - days.marks[d, hour]) /
                            np.where(span > 0, span, 1.0), 0.0)
        start[spill] = days.at(d - 364, hour, np.clip(fraction, 0.0, 1.0))
        order = np.lexsort((start, child))
        start, duration, away = start[order], duration[order], away[order]
        end = start + duration
    keep = start < horizon
    return _Block(kind, placement, out_of_area, host, age, male, cp, cin, exploitation,
                  trafficking, child[keep], start[keep], end[keep], away[keep])


def placed_among(spec: PopulationSpec, hosts: Sequence[str],
                 share: float | None = None) -> PopulationSpec:
    """The spec with its out-of-area children placed among ``hosts`` (equal chances) and, when
    ``share`` is given, that share of looked-after children placed out of area whatever the
    placement type (missing and away alike)."""
    if share is None:
        return dataclasses.replace(spec, host_authorities=tuple(hosts))
    p_ooa = tuple((placement, float(share)) for placement in _PLACEMENTS_LAC)
    return dataclasses.replace(spec, host_authorities=tuple(hosts), p_out_of_area=p_ooa,
                               out_of_area_share_away=float(share))


def generate_episodes(spec: PopulationSpec, *, authority: str, epoch: dt.datetime,
                      horizon_hours: float, rng: np.random.Generator) -> list[Episode]:
    """Draw the children who go missing or away during ``[0, horizon_hours)`` and their episodes.

    Returns episodes sorted by ``start_hours`` (ties by id). Child ids are ``C0001``, ``C0002``, ...
    in order of first episode; episode ids are ``C0001-E001``, ... in time order per child. An
    episode of a looked-after child is coded A (away from placement without authorisation) when
    ``whereabouts_known`` is true, M (missing) otherwise; children at home have police-reported
    episodes only. Only episodes starting before the horizon are returned; one whose return falls
    after the horizon keeps its ``end_hours`` (the engine censors). The same spec, epoch, horizon
    and seed give the same list. ``authority`` is the responsible authority (kept for the
    caller's records; host authorities come from ``spec.host_authorities``).
    """
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        raise ValueError("epoch must be a timezone-aware datetime")
    if not math.isfinite(horizon_hours) or horizon_hours < 0:
        raise ValueError(f"horizon_hours must be finite and non-negative (got {horizon_hours})")
    rng = np.random.default_rng(rng)
    weights = _check_profile(spec.onset_profile)
    weights = weights / weights.sum()
    derived = _derive(spec)
    # a remainder under 1% of a year (a 366-day collection year) belongs to the last block
    blocks = max(1, math.ceil(horizon_hours / YEAR_HOURS - 0.01))
    days = _Days(epoch, int(blocks * 366 + 60))
    drawn = []
    for block in range(blocks):
        block_start = block * YEAR_HOURS
        if block_start >= horizon_hours:
            break
        drawn.append(_draw_block(spec, derived, block_start, horizon_hours, days, weights, rng,
                                 last=block == blocks - 1))
    return _episodes(spec, drawn, rng)


def _episodes(spec: PopulationSpec, drawn: Sequence[_Block],
              rng: np.random.Generator) -> list[Episode]:
    """Episode records from the drawn blocks: children numbered by first start."""
    firsts: list[tuple[float, int, int]] = []  # (first start, block, child index)
    for b, block in enumerate(drawn):
        if block.child.size == 0:
            continue
        heads = np.flatnonzero(np.r_[True, block.child[1:] != block.child[:-1]])
        firsts.extend(zip(block.start[heads].tolist(), [b] * heads.size,
                          block.child[heads].tolist(), strict=True))
    firsts.sort(key=lambda f: f[0])
    width = max(4, len(str(len(firsts))))
    number = {(b, c): i for i, (_, b, c) in enumerate(firsts, start=1)}
    risk_names, risk_w = _weights(spec.risk_mix)
    episodes: list[Episode] = []
    for b, block in enumerate(drawn):
        grades = rng.choice(len(risk_names), size=block.child.size, p=risk_w).tolist()
        columns = _Columns(block)
        made: dict[int, Child] = {}
        counter: dict[int, int] = {}
        for c, start, end, away, grade in zip(block.child.tolist(), block.start.tolist(),
                                              block.end.tolist(), block.away.tolist(), grades,
                                              strict=True):
            record = made.get(c)
            if record is None:
                record = made[c] = columns.child(spec, c, f"C{number[(b, c)]:0{width}d}")
            counter[c] = index = counter.get(c, 0) + 1
            episodes.append(_new_episode(f"{record.id}-E{index:03d}", record, start, end,
                                         risk_names[grade], away, ()))
    episodes.sort(key=lambda e: (e.start_hours, e.id))
    return episodes


_new_episode = fast_constructor(Episode)
_new_child = fast_constructor(Child)


class _Columns:
    """A block's per-child arrays as Python lists, for building `Child` records quickly."""

    def __init__(self, block: _Block) -> None:
        self.kind = block.kind.tolist()
        self.placement = block.placement.tolist()
        self.out_of_area = block.out_of_area.tolist()
        self.host = block.host.tolist()
        self.age = block.age.tolist()
        self.male = block.male.tolist()
        self.cp = block.cp.tolist()
        self.cin = block.cin.tolist()
        self.exploitation = block.exploitation.tolist()
        self.trafficking = block.trafficking.tolist()

    def child(self, spec: PopulationSpec, c: int, child_id: str) -> Child:
        looked_after = self.kind[c] < 2
        out_of_area = self.out_of_area[c]
        return _new_child(
            child_id, self.age[c], "M" if self.male[c] else "F", looked_after,
            _PLACEMENTS_LAC[self.placement[c]] if looked_after else "home", out_of_area,
            spec.host_authorities[self.host[c]] if out_of_area else None, self.cp[c],
            self.cin[c], self.exploitation[c], self.trafficking[c])


def _weights(pairs: Sequence[tuple[Any, float]]) -> tuple[list[Any], np.ndarray]:
    names = [p[0] for p in pairs]
    w = np.asarray([p[1] for p in pairs], dtype=float)
    return names, w / w.sum()
