"""`missingsim population SCENARIO --out DIR`: the SSDA903 tables and the episode list.

The Missing table must read back through `read_missing_table` to the same periods (dates, codes,
ages); the episode list must hold every episode the scenario's replication runs; an existing
folder the command did not write is refused with one line and left as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from models.data.calendars import LONDON
from simulation.commands.cli import main
from simulation.results.population_export import birth_dates
from simulation.results.publish import MARKER
from simulation.run.runner import population_for
from simulation.run.scenario import load_scenario
from simulation.run.ssda903 import read_missing_table

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "darlington.yaml"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _date(hours: float, epoch: dt.datetime) -> dt.date:
    return (epoch.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(LONDON).date()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "pop"
    assert main(["population", str(SCENARIO), "--out", str(out)]) == 0
    scenario = load_scenario(SCENARIO)
    episodes = population_for(scenario, 0, "Darlington")
    return out, scenario, episodes


def test_files_and_columns(exported):
    out, _, _ = exported
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MARKER, "episodes.csv", "header.csv", "missing.csv"])
    assert (out / "missing.csv").read_text().splitlines()[0] == \
        "CHILD,DOB,MISSING,MIS_START,MIS_END"
    assert (out / "header.csv").read_text().splitlines()[0] == \
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
    header = (out / "episodes.csv").read_text().splitlines()[0].split(",")
    assert header[:11] == ["child", "episode", "start", "end", "looked_after", "code",
                           "placement", "out_of_area", "host_authority", "age", "sex"]


def test_episode_list_holds_every_episode_as_run(exported):
    out, scenario, episodes = exported
    rows = _read(out / "episodes.csv")
    assert len(rows) == len(episodes)
    by_id = {e.id: e for e in episodes}
    horizon = scenario.horizon_days * 24.0
    for row in rows:
        e = by_id[row["episode"]]
        assert row["child"] == e.child.id
        start = dt.datetime.fromisoformat(row["start"])
        assert start.utcoffset() is not None
        assert abs((start - scenario.epoch).total_seconds() / 3600 - e.start_hours) < 1 / 3600
        if e.end_hours is not None and e.end_hours < horizon:
            end = dt.datetime.fromisoformat(row["end"])
            assert abs((end - scenario.epoch).total_seconds() / 3600 - e.end_hours) < 1 / 3600
        else:
            assert row["end"] == ""
        assert row["looked_after"] == ("true" if e.child.looked_after else "false")
        expected = ("A" if e.whereabouts_known else "M") if e.child.looked_after else ""
        assert row["code"] == expected
        assert row["placement"] == e.child.placement
        assert row["out_of_area"] == ("true" if e.child.out_of_area else "false")
        assert row["age"] == str(e.child.age) and row["sex"] == e.child.sex
    codes = Counter(r["code"] for r in rows)
    assert codes["M"] and codes["A"] and codes[""]  # Darlington has all three


def test_missing_table_reads_back_unchanged(exported):
    out, scenario, episodes = exported
    rows = _read(out / "missing.csv")
    lac = sorted((e for e in episodes if e.child.looked_after),
                 key=lambda e: (e.child.id, e.start_hours))
    assert len(rows) == len(lac)
    back = read_missing_table(out / "missing.csv", authority="Darlington", epoch=scenario.epoch,
                              rng=np.random.default_rng(0))
    assert len(back) == len(lac)
    horizon = scenario.horizon_days * 24.0

    def periods(eps, ends):
        return sorted((_date(e.start_hours, scenario.epoch),
                       _date(e.end_hours, scenario.epoch) if ends(e) else dt.date.max,
                       e.whereabouts_known, e.child.age) for e in eps)

    generated = periods(lac, lambda e: e.end_hours is not None and e.end_hours < horizon)
    read = periods(back, lambda e: e.end_hours is not None)
    assert generated == read
    assert len({e.child.id for e in back}) == len({e.child.id for e in lac})
    assert all(e.child.looked_after for e in back)


def test_header_has_each_child_once_with_sex_and_the_same_dob(exported):
    out, _, episodes = exported
    header = _read(out / "header.csv")
    missing = _read(out / "missing.csv")
    assert [h["CHILD"] for h in header] == sorted({m["CHILD"] for m in missing})
    dob = {m["CHILD"]: m["DOB"] for m in missing}
    sex = {e.child.id: e.child.sex for e in episodes}
    for h in header:
        assert h["SEX"] in ("M", "F")  # DfE rule 101, 2024-25 code set
        assert h["SEX"] == sex[h["CHILD"]]
        assert h["DOB"] == dob[h["CHILD"]]


def test_birth_dates_keep_the_age_on_every_start_date():
    scenario = load_scenario(ROOT / "scenarios" / "lambeth.yaml")
    episodes = population_for(scenario, 0, "Lambeth")
    dobs = birth_dates(episodes, scenario.epoch, np.random.default_rng(1))
    for e in episodes:
        if not e.child.looked_after:
            assert e.child.id not in dobs
            continue
        d = _date(e.start_hours, scenario.epoch)
        born = dobs[e.child.id]
        age = d.year - born.year - ((d.month, d.day) < (born.month, born.day))
        assert age == e.child.age


def test_a_users_folder_is_refused_and_left_as_it_was(tmp_path, capsys):
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.docx").write_text("my work")
    assert main(["population", str(SCENARIO), "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not written by missingsim" in err
    assert [p.name for p in folder.iterdir()] == ["chapter1.docx"]
    assert (folder / "chapter1.docx").read_text() == "my work"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep")
    assert main(["population", str(SCENARIO), "--out", str(a_file)]) == 2
    assert a_file.read_text() == "keep"


def test_its_own_folder_is_replaced(tmp_path):
    out = tmp_path / "pop"
    assert main(["population", str(SCENARIO), "--out", str(out)]) == 0
    first = (out / "missing.csv").read_text()
    assert main(["population", str(SCENARIO), "--out", str(out), "--replication", "1"]) == 2
    assert (out / "missing.csv").read_text() == first  # not replaced without --force
    assert main(["population", str(SCENARIO), "--out", str(out), "--replication", "1",
                 "--force"]) == 0
    assert (out / "missing.csv").read_text() != first
    assert main(["population", str(SCENARIO), "--out", str(out), "--force"]) == 0
    assert (out / "missing.csv").read_text() == first  # a function of scenario and seed


@pytest.mark.parametrize(("option", "value"), [("--replication", "-1"), ("--seeds", "0"),
                                               ("--scale", "0"), ("--scale", "2")])
def test_bad_options_give_one_line(option, value, tmp_path, capsys):
    assert main(["population", str(SCENARIO), "--out", str(tmp_path / "o"), option, value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and option in err
    assert not (tmp_path / "o").exists()
