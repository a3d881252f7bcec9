"""Simulation: run protocol models against episode populations with real calendars and staff."""

from __future__ import annotations

from .engine import Calendars, Simulation
from .eventlog import write_event_log
from .kpis import compliance_table, utilisation_table, write_tables
from .population import PopulationSpec, generate_episodes
from .records import Child, DeadlineOutcome, Episode, EventRow, ResourceUse, RunResult
from .runner import replicate, run_episodes, run_replication, trace
from .scenario import Scenario, load_scenario
from .ssda903 import read_missing_table
from .staffing import RoleSpec


def __getattr__(name: str) -> object:
    """`write_report` is imported on first use, so that ``import simulation`` does not load
    matplotlib (imported only by `simulation.charts`, which the report draws with)."""
    if name == "write_report":
        from .report import write_report

        return write_report
    raise AttributeError(f"module 'simulation' has no attribute {name!r}")


__all__ = [
    "Calendars", "Child", "DeadlineOutcome", "Episode", "EventRow", "PopulationSpec",
    "ResourceUse", "RoleSpec", "RunResult", "Scenario", "Simulation", "compliance_table",
    "generate_episodes", "load_scenario", "read_missing_table", "replicate", "run_episodes",
    "run_replication", "trace", "utilisation_table", "write_event_log", "write_report",
    "write_tables",
]
