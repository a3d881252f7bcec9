"""Looked-after children placed out of area: the scenario key, the combined models in the engine,
and KPIs split in area and out of area with confidence intervals."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from simulation.commands.cli import main
from simulation.results.kpis import compliance_table
from simulation.run.runner import run_replication
from simulation.run.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "scenarios" / "lambeth_out_of_area.yaml"


def scenario_file(tmp_path: Path, body: str, *, days: int = 90, reps: int = 3) -> Path:
    path = tmp_path / "oa.yaml"
    path.write_text(f"base: {ROOT / 'scenarios' / 'lambeth.yaml'}\nhorizon_days: {days}\n"
                    f"warmup_days: 7\nreplications: {reps}\n{body}", encoding="utf-8")
    return path


def test_shipped_scenario_places_children_in_the_four_other_areas():
    s = load_scenario(SHIPPED)
    assert s.out_of_area is not None
    assert s.out_of_area.hosts == ("derby_derbyshire", "childrens_home", "somerset",
                                   "darlington")
    assert s.population is not None
    assert s.population.host_authorities == s.out_of_area.hosts


def test_out_of_area_children_run_through_the_combined_model(tmp_path):
    s = load_scenario(scenario_file(tmp_path, "out_of_area:\n  hosts: [somerset]\n"
                                              "  share: 0.5\n"))
    result = run_replication(s, 0)
    hosted = {e.case_id for e in result.events if e.element_id.startswith("somerset:")}
    assert hosted
    assert {e.authority for e in result.events if e.element_id.startswith("somerset:")} == {
        "Somerset"}
    # no combined-model prefix is left in the records
    assert not any(e.element_id.startswith(("r_", "h_")) for e in result.events)
    placed = {d.case_id for d in result.deadlines if d.out_of_area}
    assert placed and placed <= hosted | {d.case_id for d in result.deadlines}
    # Lambeth's own 72-hour interview is one row for both splits
    rows = [r for r in compliance_table([result]) if r["element_id"] == "rhi_interview"]
    assert {r["split"] for r in rows} == {"all", "in_area", "out_of_area"}


def test_compliance_for_out_of_area_children_next_to_in_area_with_intervals(tmp_path):
    s = load_scenario(scenario_file(tmp_path, "out_of_area:\n  hosts: [derby_derbyshire, "
                                              "darlington]\n  share: 0.5\n"))
    results = [run_replication(s, r) for r in range(s.replications)]
    rows = compliance_table(results)
    key = ("la_c_sd", "Strategy discussion within 24 hours of the report")
    by_split = {r["split"]: r for r in rows if (r["element_id"], r["deadline"]) == key}
    for split in ("in_area", "out_of_area"):
        row = by_split[split]
        assert row["replications"] == 3 and row["met"] + row["missed"] > 0
        assert row["compliance_ci_low"] <= row["compliance_mean"] <= row["compliance_ci_high"]
        assert row["compliance_ci_low"] < row["compliance_ci_high"]
    # the host's notice comes through the host's front door on office hours:
    # the 24-hour strategy discussion is met less often for a child placed out of area
    assert by_split["out_of_area"]["compliance_mean"] < by_split["in_area"]["compliance_mean"]
    # the host's own duties for Lambeth's children appear, named for the host (Derby and
    # Derbyshire's carers tell the social worker within 6 hours; and, issue 10, its immediate
    # duties: the report without delay, the UK Missing Persons Bureau, the prevention visit),
    # for out-of-area children only
    host = [r for r in rows if r["deadline"].startswith("Derby and Derbyshire (host)")]
    assert {r["element_id"] for r in host} == {
        "derby_derbyshire:t_carer_absent_notify", "derby_derbyshire:t_carer_report",
        "derby_derbyshire:t_pol_high_notify", "derby_derbyshire:t_pol_prevention"}
    host = [r for r in host if r["element_id"] == "derby_derbyshire:t_carer_absent_notify"]
    assert next(r for r in host if r["split"] == "out_of_area")["met"] > 0
    assert next(r for r in host if r["split"] == "in_area")["met"] == 0


def test_without_out_of_area_children_there_is_nothing_to_split(tmp_path):
    s = load_scenario(scenario_file(tmp_path, "out_of_area:\n  hosts: [somerset]\n"
                                              "  share: 0\n", reps=1))
    result = run_replication(s, 0)
    assert not any(d.out_of_area for d in result.deadlines)
    assert not any(e.element_id.startswith("somerset:") for e in result.events)


def test_results_with_placements_do_not_depend_on_the_number_of_workers(tmp_path):
    path = scenario_file(tmp_path, "out_of_area:\n  hosts: [darlington]\n  latency: PT2H\n",
                         days=45, reps=2)
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["simulate", str(path), "--out", str(one), "--jobs", "1", "--quiet"]) == 0
    assert main(["simulate", str(path), "--out", str(two), "--jobs", "2", "--quiet"]) == 0
    assert (one / "compliance.csv").read_bytes() == (two / "compliance.csv").read_bytes()
    with (one / "compliance.csv").open(encoding="utf-8") as fh:
        splits = {row["split"] for row in csv.DictReader(fh)}
    assert splits == {"all", "in_area", "out_of_area"}
    assert "placed out of area" in (one / "report.md").read_text(encoding="utf-8")


def test_latency_delays_the_responsible_authority(tmp_path):
    quick = load_scenario(scenario_file(tmp_path, "out_of_area:\n  hosts: [darlington]\n"
                                                  "  share: 1\n", reps=1))
    slow = dataclasses.replace(quick, out_of_area=dataclasses.replace(quick.out_of_area,
                                                                      latency="P2D"))

    def la_start(s):
        r = run_replication(s, 0)
        placed = {e.case_id for e in r.events if e.element_id.startswith("darlington:")}
        return {e.case_id: e.time_hours for e in r.events
                if e.element_id == "la_start" and e.case_id in placed}

    fast, late = la_start(quick), la_start(slow)
    both = set(fast) & set(late)
    assert len(both) > 100
    # the host's side does not depend on Lambeth's: the notice leaves at the same time, and
    # Lambeth's social care starts exactly two days later
    assert all(abs(late[c] - fast[c] - 48.0) < 1e-6 for c in both)


def test_duties_never_done_across_the_boundary_are_named_not_hidden(tmp_path):
    """Somerset's return home interview starts from its police's referral (Somerset, Returning
    children and follow up interviews); for a child placed in Lambeth no such referral comes, so
    the interview has no record at all: the report says so instead of leaving a silent gap."""
    from models import load_model
    from simulation.run.placements import never_done

    notes = never_done(load_model("somerset"), ["lambeth", "derby_derbyshire"])
    assert len(notes) == 2
    assert notes[0].startswith("Placed in Lambeth: 11 of Somerset's duties are never done")
    assert "'Return Home Interview using the RHI template'" in notes[0]
    assert "'Police referral for RHI'" in notes[0]
    assert never_done(load_model("derby_derbyshire"), ["lambeth"]) == []
    path = tmp_path / "s.yaml"
    path.write_text(f"base: {ROOT / 'scenarios' / 'somerset.yaml'}\nhorizon_days: 30\n"
                    "warmup_days: 1\nreplications: 1\nout_of_area:\n  hosts: [lambeth]\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    assert main(["simulate", str(path), "--out", str(out), "--quiet"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Duties never done for children placed out of area" in report
    assert "Placed in Lambeth: 11 of Somerset's duties are never done" in report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Placed in Lambeth: 11 of Somerset&#x27;s duties are never done" in html


@pytest.mark.parametrize(("body", "key"), [
    ("out_of_area:\n  hosts: [nowhere]\n", "out_of_area.hosts[0]"),
    ("out_of_area:\n  hosts: [lambeth]\n", "out_of_area.hosts[0]"),
    ("out_of_area:\n  hosts: []\n", "out_of_area.hosts"),
    ("out_of_area:\n  hosts: [somerset]\n  share: 1.5\n", "out_of_area.share"),
    ("out_of_area:\n  hosts: [somerset]\n  latency: two hours\n", "out_of_area.latency"),
    ("out_of_area:\n  hosts: [somerset]\n  where: here\n", "out_of_area.where"),
])
def test_bad_out_of_area_input_is_one_line_naming_the_key(tmp_path, capsys, body, key):
    path = scenario_file(tmp_path, body)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert key in str(exc.value) and str(path) in str(exc.value)
    out = tmp_path / "out"
    assert main(["simulate", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and key in err
    assert not out.exists()
