"""`missingsim population SCENARIO`: write the population a scenario would run, or check it.

``--out DIR`` writes three files (into a temporary folder renamed into place when complete):

- ``missing.csv``: the DfE SSDA903 Missing table (``CHILD, DOB, MISSING, MIS_START, MIS_END``,
  dates dd/mm/yyyy), looked-after children only, one row per M or A period; ``MIS_END`` is empty
  for a period still open at the end of the run. It reads back through
  `simulation.run.ssda903.read_missing_table`.
- ``header.csv``: the SSDA903 Header table (``CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB``), one
  row per child in ``missing.csv``; SEX is M or F (the code set of the 2024-25 return, DfE rule
  101; earlier returns used 1 and 2); the columns the population does not model are left empty.
- ``episodes.csv``: every episode, children at home included: ``child, episode, start, end``
  (ISO 8601 with the Europe/London offset; ``end`` empty if open at the end of the run),
  ``looked_after`` (true/false), ``code`` (M, A, or empty for children not looked after),
  ``placement``, ``out_of_area``, ``host_authority``, ``age``, ``sex``, ``dob`` (looked-after
  children), ``risk``, ``child_protection_plan``, ``child_in_need``, ``exploitation_risk``,
  ``trafficking_risk``.

A date of birth is not part of the population (children have an age); the export draws one per
looked-after child, from its own random stream, so that the age on every one of the child's
MIS_START dates is the child's age (their birthday falls outside the span of their periods).

``--check`` prints the calibration report of `simulation.run.calibration` over ``--seeds`` draws
(the populations of replications 0, 1, ...) and exits 0 when every figure is within tolerance,
1 otherwise; ``--scale`` shrinks the child population for a quicker look.

``--out`` follows every command's rules (`simulation.results.publish`): a new or empty folder is
used; a folder missingsim wrote (its ``missingsim-results.json`` marker) is replaced only with
``--force``; anything else is refused with one line, exit status 2, nothing written.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.data.calendars import LONDON
from models.data.errors import ScenarioError
from simulation.run.records import Episode

__all__ = ["COLLECTION_YEAR_START", "add_parser", "birth_dates", "run", "write_population"]

COLLECTION_YEAR_START = (4, 1)  # SSDA903 collection years run 1 April - 31 March
STREAM_BIRTH_DATES = 7_903  # random stream of the dates of birth (apart from the population's)
EPISODE_COLUMNS = ("child", "episode", "start", "end", "looked_after", "code", "placement",
                   "out_of_area", "host_authority", "age", "sex", "dob", "risk",
                   "child_protection_plan", "child_in_need", "exploitation_risk",
                   "trafficking_risk")
HEADER_TABLE_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")


def add_parser(subparsers: Any) -> None:
    """Add the ``population`` sub-command to the ``missingsim`` parser."""
    p = subparsers.add_parser(
        "population", help="write a scenario's population as SSDA903 Missing and Header tables "
        "and an episode list, or check it against the published figures (--check)")
    p.add_argument("scenario", help="scenario YAML file (scenarios/england.yaml)")
    p.add_argument("--out", metavar="DIR",
                   help="folder to write missing.csv, header.csv, episodes.csv (default "
                   "results/population_<scenario name>); refused if it exists and missingsim did "
                   "not write it")
    p.add_argument("--force", action="store_true",
                   help="replace --out if it holds an earlier missingsim result (never a "
                   "folder missingsim did not write)")
    p.add_argument("--replication", type=int, default=0, metavar="R",
                   help="whose population to write: replication R of the scenario (default 0)")
    p.add_argument("--check", action="store_true",
                   help="print the calibration report instead (exit 1 if a figure fails)")
    p.add_argument("--seeds", type=int, default=5, metavar="N",
                   help="with --check: how many draws (replications 0..N-1; default 5)")
    p.add_argument("--scale", type=float, default=1.0, metavar="X",
                   help="with --check: multiply the child population by this (default 1)")
    p.set_defaults(run=run)


def _fail(key: str, message: str) -> ScenarioError:
    return ScenarioError("command line", key, message)


def run(args: argparse.Namespace) -> int:
    """Run ``missingsim population``; returns the exit status."""
    from simulation.run.scenario import load_scenario

    if args.replication < 0:
        raise _fail("--replication", f"must be 0 or more (got {args.replication})")
    if args.seeds < 1:
        raise _fail("--seeds", f"must be at least 1 (got {args.seeds})")
    if not 0 < args.scale <= 1:
        raise _fail("--scale", f"must be in (0, 1] (got {args.scale:g})")
    scenario = load_scenario(args.scenario)
    if args.check:
        return _check(scenario, args)
    from simulation.results.publish import check_out, publish_directory

    out = Path(args.out or Path("results") / f"population_{Path(args.scenario).stem}")
    check_out(out, force=args.force)  # before the work: a refused --out costs nothing
    episodes = _population(scenario, args.replication)
    horizon = scenario.horizon_days * 24.0
    with publish_directory(out, force=args.force, command="population") as tmp:
        written = write_population(episodes, tmp, epoch=scenario.epoch, horizon_hours=horizon,
                                   seed=scenario.seed, replication=args.replication)
    lac = [e for e in episodes if e.child.looked_after]
    away = sum(e.whereabouts_known for e in lac)
    print(f"{scenario.name}: replication {args.replication}: {len(episodes)} episodes "
          f"({len(lac) - away} M and {away} A of "
          f"{len({e.child.id for e in lac})} looked-after children, "
          f"{len(episodes) - len(lac)} of children at home); results in {out}/ "
          f"({', '.join(written)})")
    years = _collection_years(scenario.epoch, horizon)
    if len(years) > 1:
        print(f"note: the run spans {len(years)} SSDA903 collection years "
              f"({years[0]} to {years[-1]}); DfE rules 570 and 571 check one year per return")
    return 0


def _population(scenario: Any, replication: int) -> list[Episode]:
    from simulation.run.runner import population_for

    return population_for(scenario, replication, scenario.model().authority)


def _check(scenario: Any, args: argparse.Namespace) -> int:
    from simulation.run.calibration import calibrate, format_calibration

    spec = scenario.population
    if spec is None:
        raise _fail("--check", "needs a synthetic population (this scenario imports an "
                               "SSDA903 table)")
    spec = dataclasses.replace(spec, child_population=max(1, round(spec.child_population *
                                                                    args.scale)))
    checked = dataclasses.replace(scenario, population=spec)
    cla = (spec.child_population * spec.looked_after_per_10k / 10_000.0
           * spec.looked_after_turnover)
    rows = calibrate(lambda r: _population(checked, r), args.seeds, scenario.epoch, cla)
    title = (f"Calibration of {args.scenario} ({scenario.name}) against DfE England 2024 "
             f"figures and row C10; {args.seeds} seed(s) (replications 0-{args.seeds - 1}), "
             f"child population {spec.child_population:,}")
    print(format_calibration(rows, title=title), end="")
    return 0 if all(r.passed for r in rows) else 1


def _collection_years(epoch: dt.datetime, horizon_hours: float) -> list[str]:
    first = epoch.astimezone(LONDON)
    last = first + dt.timedelta(hours=max(horizon_hours, 0.0)) - dt.timedelta(microseconds=1)

    def year_of(t: dt.datetime) -> int:
        return t.year if (t.month, t.day) >= COLLECTION_YEAR_START else t.year - 1

    return [f"{y}-{str(y + 1)[-2:]}" for y in range(year_of(first), year_of(last) + 1)]


def _local(hours: float, epoch: dt.datetime) -> dt.datetime:
    instant = epoch.astimezone(dt.UTC) + dt.timedelta(seconds=round(hours * 3600.0))
    return instant.astimezone(LONDON)


def _age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def birth_dates(episodes: Sequence[Episode], epoch: dt.datetime,
                rng: np.random.Generator) -> dict[str, dt.date]:
    """A date of birth per looked-after child: their age on each of their start dates.

    The next birthday after the first start date is drawn uniformly from the dates up to a year
    after it that fall after the last start date (never 29 February), so the age is the same on
    every start date. A child whose starts span a year or more (a horizon over a year can do
    that) has a birthday the day after the first start, so their later starts are older.
    """
    spans: dict[str, tuple[int, dt.date, dt.date]] = {}
    for e in episodes:
        if not e.child.looked_after:
            continue
        day = _local(e.start_hours, epoch).date()
        age, first, last = spans.get(e.child.id, (e.child.age, day, day))
        spans[e.child.id] = (age, min(first, day), max(last, day))
    out: dict[str, dt.date] = {}
    for child in sorted(spans):
        age, first, last = spans[child]
        low = (last - first).days + 1
        birthday = first + dt.timedelta(days=1)  # a span over a year: older from the next day
        if low <= 365:
            for _ in range(100):
                birthday = first + dt.timedelta(days=int(rng.integers(low, 366)))
                if (birthday.month, birthday.day) != (2, 29):
                    break
        if (birthday.month, birthday.day) == (2, 29):
            birthday += dt.timedelta(days=1)
        out[child] = birthday.replace(year=birthday.year - age - 1)
    return out


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _flag(value: bool) -> str:
    return "true" if value else "false"


def write_population(episodes: Sequence[Episode], folder: Path, *, epoch: dt.datetime,
                     horizon_hours: float, seed: int, replication: int = 0) -> list[str]:
    """Write ``missing.csv``, ``header.csv`` and ``episodes.csv`` into ``folder``; returns their
    names. Periods whose return is at or after ``horizon_hours`` are written as open."""
    rng = np.random.default_rng([seed, replication, STREAM_BIRTH_DATES])
    dobs = birth_dates(episodes, epoch, rng)
    ordered = sorted(episodes, key=lambda e: (e.child.id, e.start_hours, e.id))

    def open_at_horizon(e: Episode) -> bool:
        return e.end_hours is None or e.end_hours >= horizon_hours

    missing_rows = []
    header_rows = []
    seen: set[str] = set()
    episode_rows = []
    for e in ordered:
        c = e.child
        start = _local(e.start_hours, epoch)
        end = None if open_at_horizon(e) else _local(e.end_hours or 0.0, epoch)
        code = ("A" if e.whereabouts_known else "M") if c.looked_after else ""
        dob = dobs.get(c.id)
        if c.looked_after and dob is not None:
            missing_rows.append([c.id, dob.strftime("%d/%m/%Y"), code,
                                 start.strftime("%d/%m/%Y"),
                                 end.strftime("%d/%m/%Y") if end else ""])
            if c.id not in seen:
                seen.add(c.id)
                header_rows.append([c.id, c.sex if c.sex in ("M", "F") else "U",
                                    dob.strftime("%d/%m/%Y"), "", "", "", ""])
        episode_rows.append([
            c.id, e.id, start.isoformat(timespec="seconds"),
            end.isoformat(timespec="seconds") if end else "", _flag(c.looked_after), code,
            c.placement, _flag(c.out_of_area), c.host_authority or "", str(c.age), c.sex,
            dob.isoformat() if dob else "", e.risk, _flag(c.child_protection_plan),
            _flag(c.child_in_need), _flag(c.exploitation_risk), _flag(c.trafficking_risk)])
    files = {
        "missing.csv": _csv(("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), missing_rows),
        "header.csv": _csv(HEADER_TABLE_COLUMNS, header_rows),
        "episodes.csv": _csv(EPISODE_COLUMNS, episode_rows),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return list(files)
