"""Everything ``simulate`` writes after the replications, step by step with progress.

The KPI tables are worked out once (:func:`simulation.results.kpis.kpi_tables`, with the deadline
limits in force after the scenario's overrides, :func:`simulation.results.deadline_labels.
deadline_limits`) and every output uses them: the CSV files, ``report.md``, ``report.html`` and
``kpis.xlsx``. ``progress(step)`` is called after each step of :data:`OUTPUT_STEPS`, so a
progress bar moves through the part of a run spent after the replications (the KPI tables of a
year's run take longer than writing them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from simulation.results import kpis
from simulation.run.records import RunResult

__all__ = ["OUTPUT_STEPS", "WORKBOOK", "kpi_sheets", "write_simulation_outputs"]

WORKBOOK = "kpis.xlsx"
OUTPUT_STEPS: tuple[str, ...] = (
    "event_log.csv", *(f"KPI {name.removesuffix('.csv')}" for name, _ in kpis.TABLE_FILES),
    "KPI CSV files", "report.md", "report.html", WORKBOOK,
)


def kpi_sheets(tables: kpis.KpiTables, prefix: str = "") -> list[tuple[str, Sequence[str],
                                                                        list[kpis.Row]]]:
    """The KPI tables as workbook sheets (title, columns, rows), in :data:`kpis.TABLE_FILES`
    order; ``prefix`` goes before each title."""
    return [(prefix + name.removesuffix(".csv"), columns, rows)
            for (name, columns), rows in zip(kpis.TABLE_FILES, tables.in_file_order(),
                                             strict=True)]


def about_lines(scenario: Any, results: Sequence[RunResult]) -> list[tuple[str, object]]:
    """What was run, for the ``About`` sheet of a workbook."""
    return [
        ("Scenario", scenario.name), ("Scenario file", Path(scenario.path).name),
        ("Models", ", ".join(scenario.models)), ("Seed", scenario.seed),
        ("Replications", len({(r.authority, r.replication) for r in results})),
        ("Start of the simulated period", scenario.epoch.isoformat()),
        ("Horizon (days)", scenario.horizon_days), ("Warm-up (days)", scenario.warmup_days),
        ("Overrides", "; ".join(f"{o.element or o.duty}: {o.field} = {o.value}"
                                for o in scenario.overrides) or "none"),
        ("Read me", "One sheet per KPI table, the same as the CSV files of the run; "
                    "proportions are fractions (0.95 = 95%), times in hours; an empty cell has "
                    "no value (e.g. the interval of a single replication)."),
    ]


def write_simulation_outputs(scenario: Any, results: Sequence[RunResult], out_dir: str | Path,
                             *, progress: Callable[[str], None] | None = None) -> kpis.KpiTables:
    """Write the event log, the KPI CSV files, ``report.md`` with its figures, ``report.html``
    and ``kpis.xlsx`` of ``results`` (replications of ``scenario``) into ``out_dir``; returns
    the KPI tables. ``progress(step)`` after each step of :data:`OUTPUT_STEPS`."""
    from simulation.results.deadline_labels import deadline_limits, relabel
    from simulation.results.eventlog import write_event_log
    from simulation.results.html_report import write_html_report
    from simulation.results.report import write_report
    from simulation.results.workbook import write_workbook

    def done(step: str) -> None:
        if progress is not None:
            progress(step)

    out = Path(out_dir)
    write_event_log(results, out / "event_log.csv", epoch=scenario.epoch)
    done("event_log.csv")
    duties = {e.id: e.task.duty for m in scenario.models
              for e in scenario.model(m).elements.values() if e.task}
    limits = deadline_limits(scenario)
    tables = kpis.kpi_tables(results, epoch=scenario.epoch, task_duties=duties, limits=limits,
                             progress=lambda name: done(f"KPI {name.removesuffix('.csv')}"))
    kpis.write_tables(results, out, tables=tables)
    done("KPI CSV files")
    notes: list[str] = []
    if scenario.out_of_area is not None:
        from simulation.run.placements import never_done

        notes = never_done(scenario.model(), scenario.out_of_area.hosts,
                           latency=scenario.out_of_area.latency, models=scenario.loaded)
        notes = relabel(notes, limits.values())
    write_report(results, out, scenario_name=scenario.name, models=scenario.models,
                 seed=scenario.seed, epoch=scenario.epoch, task_duties=duties,
                 out_of_area_notes=notes, tables=tables)
    done("report.md")
    write_html_report(results, out, scenario_name=scenario.name, models=scenario.models,
                      seed=scenario.seed, epoch=scenario.epoch, task_duties=duties,
                      scenario=scenario, out_of_area_notes=notes, tables=tables)
    done("report.html")
    write_workbook(out / WORKBOOK, kpi_sheets(tables), about=about_lines(scenario, results))
    done(WORKBOOK)
    return tables
