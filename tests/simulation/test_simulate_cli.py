"""`missingsim simulate`: every authority's default runs; any worker count gives the same tables;
bad input is one line, exit 2, and no results directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import MODEL_NAMES
from simulation.commands.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BAD = ROOT / "tests" / "data" / "scenarios"


def short(tmp_path: Path, base: Path, **extra: object) -> Path:
    """A short variant of a shipped scenario (60 days, 2 replications)."""
    lines = [f"base: {base}", "horizon_days: 60", "warmup_days: 7", "replications: 2"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    path = tmp_path / f"short_{base.stem}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_default_scenario_of_each_authority_writes_tables_and_report(name, tmp_path) -> None:
    out = tmp_path / "out"
    assert main(["simulate", str(short(tmp_path, SCENARIOS / f"{name}.yaml")), "--out",
                 str(out), "--quiet"]) == 0
    for f in ("report.md", "compliance.csv", "utilisation.csv", "event_log.csv",
              "compliance.png"):
        assert (out / f).is_file(), f
    header = (out / "event_log.csv").read_text(encoding="utf-8").splitlines()[0]
    for column in ("case:concept:name", "concept:name", "time:timestamp", "org:resource"):
        assert column in header


def test_results_do_not_depend_on_the_number_of_workers(tmp_path) -> None:
    scenario = short(tmp_path, SCENARIOS / "default.yaml")
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["simulate", str(scenario), "--out", str(one), "--jobs", "1", "--quiet"]) == 0
    assert main(["simulate", str(scenario), "--out", str(two), "--jobs", "2", "--quiet"]) == 0
    for f in sorted(p.name for p in one.glob("*.csv")):
        assert (one / f).read_bytes() == (two / f).read_bytes(), f


def test_a_different_seed_gives_different_results(tmp_path) -> None:
    scenario = short(tmp_path, SCENARIOS / "default.yaml")
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["simulate", str(scenario), "--out", str(a), "--quiet", "--seed", "1"]) == 0
    assert main(["simulate", str(scenario), "--out", str(b), "--quiet", "--seed", "2"]) == 0
    assert (a / "event_log.csv").read_bytes() != (b / "event_log.csv").read_bytes()


@pytest.mark.parametrize(("replications", "said"), [("1", "1 replication, "),
                                                     ("2", "2 replications, ")])
def test_the_summary_counts_replications_in_words(replications, said, tmp_path,
                                                  capsys) -> None:
    scenario = short(tmp_path, SCENARIOS / "default.yaml")
    assert main(["simulate", str(scenario), "--out", str(tmp_path / "out"), "--quiet",
                 "--replications", replications]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"short_default: {said}"), line


@pytest.mark.parametrize("bad", ["unknown_key.yaml", "negative_staff.yaml",
                                 "probability_above_one.yaml",
                                 "override_unknown_element.yaml", "bad_duration.yaml"])
def test_bad_scenario_is_one_line_exit_2_and_no_results(bad, tmp_path, capsys) -> None:
    out = tmp_path / "out"
    status = main(["simulate", str(BAD / bad), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err and bad in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("rows", "column"), [
    ("CHILD,DOB,MISSING,MIS_START\nX1,01/01/2010,M,01/05/2026\n", "MIS_END"),
    ("CHILD,DOB,MISSING,MIS_START,MIS_END\nX1,01/01/2010,M,03/05/2026,01/05/2026\n", "MIS_END"),
    ("CHILD,DOB,MISSING,MIS_START,MIS_END\nX1,01/01/2010,M,31/02/2026,01/05/2026\n",
     "MIS_START"),
])
def test_bad_ssda903_file_is_one_line_and_no_results(rows, column, tmp_path, capsys) -> None:
    data = tmp_path / "missing.csv"
    data.write_text(rows, encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        f"base: {SCENARIOS / 'lambeth.yaml'}\npopulation: {{ssda903: {data}}}\n"
        "horizon_days: 30\nwarmup_days: 0\nreplications: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["simulate", str(scenario), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "missing.csv" in err and column in err
    assert "X1" not in err and "01/01/2010" not in err
    assert not out.exists()
