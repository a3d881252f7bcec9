"""The report: report.md states the run and uses readable labels; PNG figures via Agg."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from simulation.records import DeadlineOutcome, EventRow, ResourceUse, RunResult, Trigger
from simulation.report import FIGURES, write_report

LONDON = ZoneInfo("Europe/London")
PNG = b"\x89PNG\r\n\x1a\n"


def results(replications: int = 3) -> list[RunResult]:
    out = []
    for r in range(replications):
        deadlines = [
            DeadlineOutcome(f"C{i}", "Lambeth", "rhi_task", "rhi_72h", "return_interview",
                            anchor_hours=200.0 + 10 * i, due_hours=272.0 + 10 * i,
                            done_hours=(230.0 + 10 * i + 30 * r) if i % 4 else None,
                            status=("met" if (i + r) % 3 else "missed") if i % 4 else "pending",
                            lateness_hours=0.0, out_of_area=i % 5 == 0)
            for i in range(12)]
        deadlines.append(DeadlineOutcome("C0", "Lambeth", "sd", "sd_8h", "strategy_discussion",
                                         anchor_hours=210.0, due_hours=218.0, done_hours=215.0,
                                         status="met", lateness_hours=0.0))
        resources = [ResourceUse("social_worker", f"C{i}", "rhi_task", 200.0 + 9 * i,
                                 201.0 + 9 * i + r, 205.0 + 9 * i + r) for i in range(12)]
        resources += [ResourceUse("team_manager", "C1", "sd", 210.0, 210.5, 212.0)]
        events = [EventRow(f"C{i}", "Strategy discussion", "sd", "complete", 215.0 + i, "tm#1",
                           "team_manager", "Lambeth") for i in range(1 + r)]
        events += [EventRow(f"C{i}", "Missing", "start_ev", "complete", 199.0 + i, "", "",
                            "Lambeth") for i in range(12)]
        out.append(RunResult(authority="Lambeth", replication=r, seed=11, horizon_hours=24.0 * 40,
                             warmup_hours=24.0 * 7, episodes=12 + r, events=events,
                             deadlines=deadlines, resources=resources,
                             triggers=[Trigger("C3", "repeat", "Third episode in 90 days",
                                               300.0)],
                             capacity_hours={"social_worker": 500.0, "team_manager": 400.0}))
    return out


def write(tmp_path: Path, runs: list[RunResult], **kw) -> Path:
    return write_report(runs, tmp_path, scenario_name="lambeth_default",
                        models=["lambeth"], seed=20261122,
                        epoch=dt.datetime(2026, 1, 5, tzinfo=LONDON), **kw)


def test_report_states_the_run_and_uses_readable_labels(tmp_path: Path):
    path = write(tmp_path, results())
    assert path == tmp_path / "report.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Simulation report: lambeth_default\n")
    for expected in ("- Models: lambeth", "- Seed: 20261122", "Replications: Lambeth: 3",
                     "40.0 days", "first 7.0 days are a warm-up",
                     "Independent return home interview",          # duty label
                     "Strategy discussion (may be by phone)",
                     "Allocated social worker", "Team manager",     # role labels
                     "Third episode in 90 days", "censored",
                     "![Share of deadlines met, with 95% intervals](compliance.png)",
                     "placed out of area"):
        assert expected in text, expected
    assert "nan" not in text.lower().replace("nanny", "")


def test_figures_are_png_and_identical_for_identical_inputs(tmp_path: Path):
    write(tmp_path / "a", results())
    write(tmp_path / "b", results())
    for name in FIGURES:
        data = (tmp_path / "a" / name).read_bytes()
        assert data.startswith(PNG), name
        assert data == (tmp_path / "b" / name).read_bytes(), name
    report_a, report_b = (tmp_path / d / "report.md" for d in ("a", "b"))
    assert report_a.read_bytes() == report_b.read_bytes()


def test_one_replication_and_no_results_still_give_a_report(tmp_path: Path):
    text = write(tmp_path / "one", results(1)).read_text(encoding="utf-8")
    assert "one replication: no interval" in text
    empty = write(tmp_path / "none", []).read_text(encoding="utf-8")
    assert "No results" in empty
    for name in FIGURES:
        assert (tmp_path / "none" / name).read_bytes().startswith(PNG)


@pytest.mark.parametrize("module", ["simulation.kpis", "simulation.eventlog",
                                    "simulation.report"])
def test_no_module_sets_a_global_backend_or_imports_pyplot(module):
    # dict.__getitem__ reads the raw setting (rcParams["backend"] would resolve it via pyplot)
    code = ("import sys, matplotlib; raw = lambda: dict.__getitem__(matplotlib.rcParams, "
            f"'backend'); before = raw(); import {module}; "
            "assert 'matplotlib.pyplot' not in sys.modules; assert raw() == before")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_kpis_and_eventlog_do_not_import_matplotlib():
    code = ("import sys; import simulation.kpis, simulation.eventlog; "
            "assert not any(m.startswith('matplotlib') for m in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
