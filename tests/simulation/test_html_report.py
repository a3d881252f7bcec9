"""report.html: one self-contained file (no external resources), an inline SVG diagram per model
with tasks coloured by breach rate or utilisation, the STRESS-DES items, written by `simulate`,
and rendered by headless Chromium without console errors."""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import pytest
from headless_chromium import assert_not_blank, render

from models import load_model, model_path
from models.data.layout import read_diagram
from simulation.commands.cli import main
from simulation.results.html_report import colour, task_colours, write_html_report
from simulation.results.report import write_report
from simulation.run.records import DeadlineOutcome, ResourceUse, RunResult
from simulation.run.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
MODELS = ("lambeth", "darlington")


def results(replications: int = 3) -> list[RunResult]:
    """Lambeth replications: la_c_sd has deadlines (1 missed of 4 per replication after the
    warm-up), carer tasks have no deadline (carer busy 40 of 400 rostered hours)."""
    out = []
    for r in range(replications):
        deadlines = [
            DeadlineOutcome(f"C{i}", "Lambeth", "la_c_sd",
                            "Strategy discussion within 24 hours of the report",
                            "strategy_discussion", anchor_hours=200.0 + i, due_hours=224.0 + i,
                            done_hours=210.0 + i, status="missed" if i == 0 else "met",
                            lateness_hours=0.0)
            for i in range(4)]
        # Before the warm-up: not counted.
        deadlines.append(DeadlineOutcome("C9", "Lambeth", "la_c_sd", "x", "strategy_discussion",
                                         anchor_hours=10.0, due_hours=34.0, done_hours=40.0,
                                         status="missed", lateness_hours=6.0))
        resources = [ResourceUse("carer", f"C{i}", "c_checks", 200.0 + 10 * i, 200.0 + 10 * i,
                                 210.0 + 10 * i) for i in range(4)]
        out.append(RunResult(authority="Lambeth", replication=r, seed=1000 + r,
                             horizon_hours=24.0 * 30, warmup_hours=24.0 * 7, episodes=5,
                             deadlines=deadlines, resources=resources,
                             capacity_hours={"carer": 400.0}))
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("html")
    scenario = load_scenario(SCENARIOS / "default.yaml")
    path = write_html_report(results(), out, scenario_name="test run", models=MODELS, seed=42,
                             epoch=scenario.epoch, scenario=scenario)
    return path, path.read_text(encoding="utf-8")


def test_one_self_contained_file(page: tuple[Path, str]) -> None:
    path, text = page
    assert path.name == "report.html"
    assert text.startswith("<!DOCTYPE html>")
    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text, flags=re.I)
    assert links, "expected the embedded figures and an in-page link"
    for link in links:
        assert not re.match(r"\s*(?:https?:)?//", link, flags=re.I), link
        assert link.startswith(("data:image/png;base64,", "#")), link[:60]
    assert "https://" not in re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", text)
    assert "http://" not in re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", text)
    # One inline script (pan, zoom, fit), nothing loaded from anywhere.
    assert text.lower().count("<script") == 1 and "<script>" in text
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, flags=re.I)
    assert "fetch(" not in text and "XMLHttpRequest" not in text and "import(" not in text
    assert "@import" not in text and "url(http" not in text
    assert text.count('src="data:image/png;base64,') == 4


def test_an_svg_diagram_per_model_drawn_from_the_di(page: tuple[Path, str]) -> None:
    _, text = page
    for name in MODELS:
        assert text.count(f'<svg class="diagram" data-model="{name}"') == 1
        shapes = read_diagram(model_path(name))
        tasks = [e for e in load_model(name).elements.values() if e.task]
        assert sum(s.bounds is not None for s in shapes) > len(tasks)
        assert any(len(s.waypoints) >= 2 for s in shapes)
        for e in tasks:
            assert f'data-id="{e.id}"' in text, e.id
    assert text.count('<g class="pool">') >= 2
    assert '<svg class="legend"' in text


def test_tasks_are_coloured_by_breach_rate_or_utilisation(page: tuple[Path, str]) -> None:
    _, text = page
    colours = task_colours(load_model("lambeth"), results())
    sd = colours["la_c_sd"]
    assert (sd.basis, sd.value) == ("breach", 0.25)  # the pre-warm-up miss is not counted
    checks = colours["c_checks"]
    assert checks.basis == "utilisation"
    assert checks.value == pytest.approx(0.1)
    assert colours["la_c_sm"].basis == "none"  # a deadline, but none met or missed
    for tc in (sd, checks):
        assert re.search(rf'data-id="{tc.element}" data-basis="{tc.basis}">.*?'
                         rf'fill="{tc.fill}"', text), tc
    assert colour(0.0) == "#1a9850" and colour(1.0) == "#d73027" and colour(2.0) == "#d73027"
    assert colour(float("nan")) == "#d9d9d9"
    # Darlington had no results: every task is grey.
    dar = text[text.index('data-model="darlington"'):]
    dar = dar[: dar.index("</svg>")]
    assert 'data-basis="breach"' not in dar and 'data-basis="utilisation"' not in dar


def test_breach_rates_are_the_share_met_turned_round() -> None:
    """report.html colours a task by `kpis.breach_rates`: 1 - share met, its interval turned
    round (the low end of the breach rate is 1 - the high end of the share met)."""
    from simulation.results import kpis

    compliance = kpis.compliance_table(results())
    breach = kpis.breach_rates(compliance)
    assert [(b["element_id"], b["split"]) for b in breach] == \
        [(c["element_id"], c["split"]) for c in compliance]
    sd = next(b for b in breach if b["element_id"] == "la_c_sd" and b["split"] == "all")
    assert sd["breach_mean"] == 0.25
    shown = [b for b in breach if not math.isnan(b["breach_ci_low"])]
    assert shown
    for b in shown:
        assert b["breach_ci_low"] <= b["breach_mean"] <= b["breach_ci_high"]


def test_study_details_state_the_stress_des_items(page: tuple[Path, str]) -> None:
    _, text = page
    study = text[text.index('<section id="study">'):]
    assert "Study details (STRESS-DES)" in study
    for name in MODELS:
        digest = hashlib.sha256(model_path(name).read_bytes()).hexdigest()
        assert f"{name}.bpmn" in study and digest in study
    scenario_file = SCENARIOS / "default.yaml"
    assert hashlib.sha256(scenario_file.read_bytes()).hexdigest() in study
    for item in ("Scenario file", "missingsim version", "Population source",
                 "published_figures.md", "Staffing", "Overrides", "Horizon", "30 days",
                 "Warm-up", "7 days", "Replications", "Lambeth: 3", "Seed(s)",
                 "scenario seed 42", "rep 2 = 1002", "Assumptions", "unconstrained",
                 "censored", "Not encoded in the models"):
        assert item in study, item
    from importlib import metadata
    assert metadata.version("missingsim") in study
    for role in load_scenario(scenario_file).staffing:
        assert f"<td>{role}</td>" in study


def test_ssda903_source_names_the_file_and_no_child_data(tmp_path: Path) -> None:
    import dataclasses
    data = tmp_path / "missing_2025.csv"
    data.write_text("CHILD,DOB,MISSING,MIS_START,MIS_END\nSECRET01,2010-01-01,M,"
                    "2025-01-01,2025-01-02\n", encoding="utf-8")
    scenario = dataclasses.replace(load_scenario(SCENARIOS / "default.yaml"), ssda903=str(data),
                                   population=None)
    text = write_html_report(results(1), tmp_path, scenario_name="s", models=["lambeth"],
                             seed=1, scenario=scenario).read_text(encoding="utf-8")
    assert "missing_2025.csv" in text and "SSDA903" in text
    assert "SECRET01" not in text and str(tmp_path) not in text


def test_existing_report_figures_are_embedded_byte_for_byte(tmp_path: Path) -> None:
    import base64
    rs = results()
    write_report(rs, tmp_path, scenario_name="s", models=["lambeth"], seed=1)
    text = write_html_report(rs, tmp_path, scenario_name="s", models=["lambeth"],
                             seed=1).read_text(encoding="utf-8")
    png = base64.b64encode((tmp_path / "compliance.png").read_bytes()).decode("ascii")
    assert f'src="data:image/png;base64,{png}"' in text
    assert "not stated" in text  # no scenario given


def test_no_results_still_writes_a_page(tmp_path: Path) -> None:
    text = write_html_report([], tmp_path, scenario_name="empty", models=["lambeth"],
                             seed=1).read_text(encoding="utf-8")
    assert '<svg class="diagram" data-model="lambeth"' in text
    assert "None in this run." in text


def test_simulate_writes_report_html_next_to_report_md(tmp_path: Path) -> None:
    scenario = tmp_path / "short.yaml"
    scenario.write_text(f"base: {SCENARIOS / 'darlington.yaml'}\nhorizon_days: 30\n"
                        "warmup_days: 3\nreplications: 2\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["simulate", str(scenario), "--out", str(out), "--quiet"]) == 0
    assert (out / "report.md").is_file()
    text = (out / "report.html").read_text(encoding="utf-8")
    assert '<svg class="diagram" data-model="darlington"' in text
    assert "short.yaml" in text and 'data-basis="breach"' in text


# --------------------------------------------------------------------------- headless Chromium


def test_headless_chromium_renders_the_report_without_console_errors(
        page: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = page
    shown = render(path, tmp_path)
    assert not shown.console, shown.console
    assert_not_blank(shown.screenshot)
    assert "Study details (STRESS-DES)" in shown.dom
    assert shown.dom.count('class="diagram"') == len(MODELS)
    # The inline script ran: every diagram box has its pan/zoom/fit controls.
    assert shown.dom.count('data-zoom="ready"') == len(MODELS)
    assert shown.dom.count('class="diagram-tools"') == len(MODELS)
    assert ">Fit</button>" in shown.dom


def test_the_diagram_breach_rate_is_the_compliance_table_s(tmp_path: Path) -> None:
    # Replication 0 misses 1 of 4, replication 1 (with 12 more met) 1 of 16: pooled over
    # replications 2 of 20 = 10%; per replication, then averaged (the KPI definition, as in
    # compliance.csv), 15.6%. The diagram uses the latter.
    runs = results(2)
    extra = [DeadlineOutcome(f"X{i}", "Lambeth", "la_c_sd",
                             "Strategy discussion within 24 hours of the report",
                             "strategy_discussion", anchor_hours=300.0 + i, due_hours=324.0 + i,
                             done_hours=310.0 + i, status="met", lateness_hours=0.0)
             for i in range(12)]
    runs[1].deadlines.extend(extra)  # replication 1: 1 missed of 16; replication 0: 1 of 4
    from simulation.results import kpis
    tables = kpis.kpi_tables(runs)
    (row,) = [r for r in tables.compliance if r["element_id"] == "la_c_sd"
              and r["split"] == "all" and r["model_deadline"].startswith("Strategy")]
    sd = task_colours(load_model("lambeth"), runs, tables)["la_c_sd"]
    assert sd.value == pytest.approx(1 - row["compliance_mean"])
    assert sd.value == pytest.approx((1 / 4 + 1 / 16) / 2, abs=1e-4)  # not pooled: 2 / 20
    text = write_html_report(runs, tmp_path, scenario_name="s", models=["lambeth"], seed=1,
                             tables=tables).read_text(encoding="utf-8")
    assert "deadline breach rate Strategy discussion within 24 hours of the report: missed " \
           "15.6%" in text
