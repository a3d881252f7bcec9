"""Simulation: run protocol models against episode populations with real calendars and staff."""

from __future__ import annotations

from simulation.results.eventlog import write_event_log
from simulation.results.kpis import compliance_table, utilisation_table, write_tables
from simulation.run.engine import Calendars, Simulation
from simulation.run.population import PopulationSpec, generate_episodes
from simulation.run.records import Child, DeadlineOutcome, Episode, EventRow, ResourceUse, RunResult
from simulation.run.runner import replicate, run_episodes, run_replication, trace
from simulation.run.scenario import Scenario, load_scenario
from simulation.run.ssda903 import read_missing_table
from simulation.run.staffing import RoleSpec


def __getattr__(name: str) -> object:
    """`write_report` is imported on first use, so that ``import simulation`` does not load
    matplotlib (imported only by `simulation.results.charts`, which the report draws with)."""
    if name == "write_report":
        from simulation.results.report import write_report

        return write_report
    raise AttributeError(f"module 'simulation' has no attribute {name!r}")


__all__ = [
    "Calendars", "Child", "DeadlineOutcome", "Episode", "EventRow", "PopulationSpec",
    "ResourceUse", "RoleSpec", "RunResult", "Scenario", "Simulation", "compliance_table",
    "generate_episodes", "load_scenario", "read_missing_table", "replicate", "run_episodes",
    "run_replication", "trace", "utilisation_table", "write_event_log", "write_report",
    "write_tables",
]
