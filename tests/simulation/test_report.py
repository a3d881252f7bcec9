"""The report: report.md states the run and uses readable labels; PNG figures via Agg."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from simulation.results.report import FIGURES, write_report
from simulation.run.records import DeadlineOutcome, EventRow, ResourceUse, RunResult, Trigger

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


@pytest.mark.parametrize("module", ["simulation.results.kpis", "simulation.results.eventlog",
                                    "simulation.results.report", "simulation.results.charts",
                                    "simulation.results.html_report"])
def test_no_module_sets_a_global_backend_or_imports_pyplot(module):
    # dict.__getitem__ reads the raw setting (rcParams["backend"] would resolve it via pyplot)
    code = ("import sys, matplotlib; raw = lambda: dict.__getitem__(matplotlib.rcParams, "
            f"'backend'); before = raw(); import {module}; "
            "assert 'matplotlib.pyplot' not in sys.modules; assert raw() == before")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_kpis_and_eventlog_do_not_import_matplotlib():
    code = ("import sys; import simulation.results.kpis, simulation.results.eventlog; "
            "assert not any(m.startswith('matplotlib') for m in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- what was run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rhi48_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`missingsim simulate` of a short run of scenarios/lambeth_rhi_48h.yaml, with progress."""
    import contextlib
    import io

    from simulation.commands.cli import main

    tmp = tmp_path_factory.mktemp("rhi48")
    scenario = tmp / "rhi48.yaml"
    scenario.write_text(f"base: {ROOT / 'scenarios' / 'lambeth_rhi_48h.yaml'}\n"
                        "horizon_days: 45\nwarmup_days: 5\nreplications: 2\n", encoding="utf-8")
    out = tmp / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["simulate", str(scenario), "--out", str(out)]) == 0
    return out, err.getvalue()


def test_a_48_hour_variant_says_48_hours_in_every_output(rhi48_run: tuple[Path, str]) -> None:
    import csv

    out, _ = rhi48_run
    with (out / "compliance.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["duty"] == "return_interview"]
    assert {r["element_id"] for r in rows} == {"la_h_rhi", "rhi_interview"}
    for r in rows:
        assert r["limit"] == "48 hours"
        assert r["deadline"].startswith("Return home interview within 48 hours of return")
        assert "model says 72 hours" in r["deadline"]
        assert r["deadline"].endswith(f"[{r['element_id']}]")  # the two would read alike
        assert r["model_deadline"] == "Return home interview within 72 hours of return"
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert "Return home interview within 48 hours of return [limit overridden" in text
        assert "within 72 hours of return |" not in text  # never the model's limit as a name
        assert "within 72 hours of return</td>" not in text
        assert "| 48 hours |" in text or "<td>48 hours</td>" in text
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out / "kpis.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["About", "compliance", "completion"]
    sheet = list(book["compliance"].iter_rows(values_only=True))
    limit = sheet[0].index("limit")
    assert {r[limit] for r in sheet[1:] if "return_interview" in r} == {"48 hours"}


def test_simulate_shows_progress_after_the_replications(rhi48_run: tuple[Path, str]) -> None:
    from simulation.results.outputs import OUTPUT_STEPS

    _, err = rhi48_run
    assert "replications" in err
    assert "results: 100%" in err and f"{len(OUTPUT_STEPS)}/{len(OUTPUT_STEPS)}" in err


def test_unconstrained_roles_are_said_to_be_so_and_there_is_no_negative_zero(
        rhi48_run: tuple[Path, str]) -> None:
    out, _ = rhi48_run
    md = (out / "report.md").read_text(encoding="utf-8")
    section = md[md.index("## How busy staff are"):md.index("## Waiting for staff")]
    police = [line for line in section.splitlines() if "| police_officer |" in line]
    assert police and "unconstrained in effect" in police[0]
    assert "0.0%" not in police[0] and "unconstrained | " in police[0]
    assert "-0.0" not in md and "-0.0" not in (out / "report.html").read_text(encoding="utf-8")


def test_numbers_never_show_negative_zero():
    from simulation.results.report import num, pct_ci

    assert num(-0.04) == "0.0" and num(-0.0) == "0.0" and num(-0.004, 2) == "0.00"
    assert pct_ci(0.5, -0.0001, 1.0) == "50.0% (0.0 to 100.0)"


def test_interval_lines_only_where_replications_allow():
    from matplotlib.container import ErrorbarContainer

    from simulation.results import kpis
    from simulation.results.charts import compliance_figure

    one = compliance_figure(kpis.compliance_table(results(1)))
    assert not [c for c in one.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert "one replication: no interval" in one.axes[0].get_title()
    three = compliance_figure(kpis.compliance_table(results(3)))
    assert [c for c in three.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert "95% interval" in three.axes[0].get_title()


def test_waits_chart_gives_a_dozen_roles_distinct_lines_and_skips_flat_ones():
    from simulation.results.charts import waits_figure

    rows = []
    for i in range(14):
        role = f"role_{i:02d}"
        rows.append({"authority": "A", "role": role, "role_label": role, "hour_of_week": "all",
                     "requests": 10, "share_waited": 0.0 if i >= 12 else 0.5})
        for h in range(168):
            wait = 0.0 if i >= 12 else 1.0 + i + (h % 3)
            rows.append({"authority": "A", "role": role, "role_label": role, "hour_of_week": h,
                         "requests": 1, "mean_wait_hours": wait})
    fig = waits_figure(rows)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 12  # the two roles that never waited are not drawn at zero
    looks = {(line.get_color(), line.get_linestyle(), line.get_marker()) for line in lines}
    assert len({line.get_color() for line in lines}) == 12 and len(looks) == 12
    assert len(fig.axes[0].get_legend().get_texts()) == 12
