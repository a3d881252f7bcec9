"""The smallest staff count of one role that meets a compliance target.

``search(scenario, role, Target(duty, share))`` evaluates the scenario with ``role`` set to
different staff counts, every count with the scenario's seed and population (common random
numbers: the same episodes and random streams at every count), and returns the compliance
against staff curve and the smallest count at which the mean compliance (across replications,
all children) of every deadline with duty ``duty`` is at least ``share``.

Two ways to choose the counts:

- **search** (no ``maximum``): ``minimum``, then doubling (``2 minimum``, ``4 minimum``, ...)
  until the target is met, then bisection between the last count that failed and the first that
  met. This assumes compliance does not fall when staff are added; the answer's neighbour
  ``answer - 1`` is always among the counts evaluated (unless the answer is ``minimum``).
- **sweep** (``maximum`` given): every count from ``minimum`` to ``maximum``, all in one batch of
  parallel replications; the answer is the smallest count that meets the target, and
  ``monotone`` says whether every larger count met it too.

Results do not depend on ``jobs``. A deadline's compliance at a count is
:func:`simulation.results.kpis.compliance_table`'s ``compliance_mean`` (split ``all``): met / (met +
missed) per replication, averaged; deadlines still pending at the end are censored. A deadline
of the duty that is pending but never met or missed at a count fails the target there; one that
never arose after the warm-up is not judged.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import ScenarioError
from models.data.catalogue import catalogue
from models.data.errors import did_you_mean
from simulation.results import kpis
from simulation.results.charts import save_png, staffing_figure
from simulation.results.compare import ReplicationPool
from simulation.results.eventlog import write_csv
from simulation.run.scenario import CALENDAR_KINDS, RoleStaffing, Scenario

__all__ = [
    "MAX_COUNT", "STAFFING_COLUMNS", "STAFFING_FILES", "StaffingPoint", "StaffingResult",
    "Target", "check_search", "evaluate_counts", "parse_target", "search", "with_staff",
    "write_staffing",
]

Row = dict[str, Any]
Progress = Callable[[int], None]

MAX_COUNT = 4096
STAFFING_FILES: tuple[str, ...] = ("staffing.csv", "staffing.png")
STAFFING_COLUMNS: tuple[str, ...] = (
    "role", "calendar", "staff", "meets_target", "duty", "target", "authority", "element_id",
    "deadline", "replications", "met", "missed", "pending", "pending_overdue",
    "compliance_mean", "compliance_ci_low", "compliance_ci_high", "deadline_meets_target",
)
_PLAIN_CALENDARS = tuple(c for c in CALENDAR_KINDS if c != "roster")


@dataclass(frozen=True, slots=True)
class Target:
    """Every deadline with duty ``duty`` met in at least ``share`` (0-1] of cases, on average."""

    duty: str
    share: float

    def __str__(self) -> str:
        return f"{self.duty}:{self.share:g}"


@dataclass(frozen=True, slots=True)
class StaffingPoint:
    """One staff count: the duty's deadline rows of the compliance table, and the verdict."""

    count: int
    rows: tuple[Row, ...]
    meets: bool

    @property
    def worst(self) -> float:
        """The lowest compliance of the duty's deadlines (NaN if none has a value)."""
        values = [r["compliance_mean"] for r in self.rows if not math.isnan(r["compliance_mean"])]
        return min(values) if values else math.nan


@dataclass(frozen=True, slots=True)
class StaffingResult:
    """The curve (``points`` in count order) and the answer (``None`` if no count met it)."""

    scenario: str
    role: str
    calendar: str
    target: Target
    method: str
    points: tuple[StaffingPoint, ...]
    answer: int | None
    monotone: bool


def parse_target(text: str, *, file: str = "--target") -> Target:
    """Read ``DUTY:SHARE`` (``return_interview:0.95``, or ``return_interview:95%``); the duty
    must be in the catalogue."""
    duty, sep, share_text = text.rpartition(":")
    percent = share_text.strip().endswith("%")
    try:
        share = float(share_text.strip().removesuffix("%")) if sep else math.nan
    except ValueError:
        share = math.nan
    if percent:
        share /= 100
    if not sep or not duty or math.isnan(share):
        raise ScenarioError(file, None, f"expected DUTY:SHARE (e.g. return_interview:0.95 or "
                                        f"return_interview:95%), got {text!r}")
    if not 0 < share <= 1:
        given = share_text.strip() if percent else f"{share:g}"
        raise ScenarioError(file, None, f"the share must be above 0 and at most 1 (100%), got "
                                        f"{given}")
    if duty not in catalogue().duties:
        raise ScenarioError(file, None, f"unknown duty '{duty}' (not in models/catalogue.yaml)"
                                        + did_you_mean(duty, tuple(catalogue().duties)))
    return Target(duty, share)


def _role_calendar(scenario: Scenario, role: str, calendar: str | None) -> str:
    key = f"staffing.{role}"
    if role not in catalogue().roles:
        raise ScenarioError(scenario.path, key, f"unknown role '{role}' (not in "
                                                "models/catalogue.yaml)"
                                                + did_you_mean(role, tuple(catalogue().roles)))
    lanes = {lane.role for m in scenario.models for lane in scenario.model(m).lanes.values()}
    if role not in lanes:
        raise ScenarioError(scenario.path, key, f"no lane of {', '.join(scenario.models)} uses "
                                                f"role '{role}'")
    if calendar is not None:
        if calendar not in _PLAIN_CALENDARS:
            raise ScenarioError(scenario.path, f"{key}.calendar",
                                f"--calendar must be one of {', '.join(_PLAIN_CALENDARS)}, "
                                f"got {calendar!r}")
        return calendar
    current = scenario.staffing.get(role)
    if current is None:
        return catalogue().role_hours(role).value
    if current.calendar == "roster":
        raise ScenarioError(scenario.path, f"{key}.roster",
                            "the role is on a roster, which has no single staff count; give "
                            f"--calendar ({', '.join(_PLAIN_CALENDARS)}) to search a count of "
                            "staff on that calendar instead")
    return current.calendar


def with_staff(scenario: Scenario, role: str, count: int, calendar: str) -> Scenario:
    """The scenario with ``count`` staff of ``role`` on ``calendar``; all else unchanged."""
    staffing = dict(scenario.staffing)
    staffing[role] = RoleStaffing(role, count, calendar)
    return dataclasses.replace(scenario, staffing=staffing)


def _duty_deadlines(scenario: Scenario, duty: str) -> set[tuple[str, str]]:
    found = {(el.id, d.name) for m in scenario.models
             for el in scenario.model(m).elements.values() for d in el.deadlines
             if d.duty == duty}
    if not found:
        raise ScenarioError(scenario.path, None, f"no deadline with duty '{duty}' in "
                                                 f"{', '.join(scenario.models)}")
    return found


def _point(count: int, results: Sequence[Any], target: Target) -> StaffingPoint:
    rows = tuple(r for r in kpis.compliance_table(results)
                 if r["split"] == "all" and r["duty"] == target.duty)
    judged = [r for r in rows if r["met"] + r["missed"] + r["pending"] > 0]
    meets = bool(judged) and all(
        not math.isnan(r["compliance_mean"]) and r["compliance_mean"] >= target.share
        for r in judged)
    return StaffingPoint(count, rows, meets)


def evaluate_counts(scenario: Scenario, role: str, counts: Sequence[int], calendar: str,
                    target: Target, pool: ReplicationPool,
                    progress: Progress | None = None) -> list[StaffingPoint]:
    """Every replication of the scenario at each count (one batch), judged against ``target``."""
    n = scenario.replications
    variants = [with_staff(scenario, role, c, calendar) for c in counts]
    flat = pool.run([(v, r) for v in variants for r in range(n)], progress)
    return [_point(c, flat[i * n:(i + 1) * n], target) for i, c in enumerate(counts)]


def check_search(scenario: Scenario, role: str, target: Target, *, minimum: int = 1,
                 maximum: int | None = None, calendar: str | None = None) -> str:
    """The calendar `search` would count ``role`` in, after checking its inputs: so that a
    command can refuse a bad one before it shows progress or writes anything.

    Raises
    ------
    ScenarioError
        As `search` does.
    """
    cal = _role_calendar(scenario, role, calendar)
    _duty_deadlines(scenario, target.duty)
    if minimum < 1:
        # The engine gives a plain-calendar role at least one member of staff (a count of 0
        # runs as 1), so counts below 1 cannot be told apart.
        raise ScenarioError(scenario.path, None, f"--min must be 1 or more, got {minimum}")
    if maximum is not None and maximum < minimum:
        raise ScenarioError(scenario.path, None, f"--max ({maximum}) is below --min ({minimum})")
    if maximum is not None and maximum > MAX_COUNT:
        raise ScenarioError(scenario.path, None, f"--max must be at most {MAX_COUNT}")
    return cal


def search(scenario: Scenario, role: str, target: Target, *, minimum: int = 1,
           maximum: int | None = None, calendar: str | None = None, jobs: int = 1,
           progress: Progress | None = None, scheduler: str | None = None) -> StaffingResult:
    """The smallest count of ``role`` meeting ``target``, and the curve of counts evaluated.

    With ``scheduler`` (a Dask scheduler address) the replications run on that cluster; the
    results are the same.

    Raises
    ------
    ScenarioError
        For an unknown role or one no lane uses, a role on a roster without ``calendar``, a duty
        without deadlines in the scenario's models, or bad bounds.
    """
    cal = check_search(scenario, role, target, minimum=minimum, maximum=maximum,
                       calendar=calendar)
    seen: dict[int, StaffingPoint] = {}
    with ReplicationPool(jobs, scheduler) as pool:

        def run(counts: Sequence[int]) -> None:
            todo = [c for c in counts if c not in seen]
            for p in evaluate_counts(scenario, role, todo, cal, target, pool, progress):
                seen[p.count] = p

        if maximum is not None:
            method = f"sweep of {minimum} to {maximum}"
            run(range(minimum, maximum + 1))
        else:
            method = f"doubling from {minimum}, then bisection"
            run([minimum])
            if not seen[minimum].meets:
                low, high = minimum, 2 * minimum
                while True:
                    run([high])
                    if seen[high].meets:
                        break
                    if high >= MAX_COUNT:
                        break
                    low, high = high, min(2 * high, MAX_COUNT)
                if seen[high].meets:
                    while high - low > 1:
                        mid = (low + high) // 2
                        run([mid])
                        low, high = (low, mid) if seen[mid].meets else (mid, high)
    points = tuple(seen[c] for c in sorted(seen))
    meeting = [p.count for p in points if p.meets]
    answer = meeting[0] if meeting else None
    monotone = answer is not None and all(p.meets for p in points if p.count >= answer)
    return StaffingResult(scenario.name, role, cal, target, method, points, answer, monotone)


# --------------------------------------------------------------------------- output


def write_staffing(result: StaffingResult, out_dir: str | Path) -> Path:
    """Write staffing.csv and staffing.png into ``out_dir`` (which must exist); returns the
    CSV path."""
    out = Path(out_dir)
    body = []
    for p in result.points:
        for r in p.rows:
            ok = not math.isnan(r["compliance_mean"]) and \
                r["compliance_mean"] >= result.target.share
            body.append((result.role, result.calendar, p.count, int(p.meets), result.target.duty,
                         result.target.share, r["authority"], r["element_id"], r["deadline"],
                         r["replications"], r["met"], r["missed"], r["pending"],
                         r["pending_overdue"], r["compliance_mean"], r["compliance_ci_low"],
                         r["compliance_ci_high"], int(ok)))
    path = write_csv(out / "staffing.csv", STAFFING_COLUMNS, body)
    fig = staffing_figure(
        [(p.count, p.rows) for p in result.points], target_share=result.target.share,
        answer=result.answer, xlabel=f"Staff: {result.role} ({result.calendar})",
        title=f"{result.scenario}: {catalogue().duty_label(result.target.duty)} against staff")
    save_png(fig, out / "staffing.png")
    return path
