"""SSDA903 Missing-table import: the shipped synthetic sample, timing rules, and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from models.data.calendars import LONDON
from models.data.errors import DataError
from simulation.run.population import ONSET_DEFAULT
from simulation.run.ssda903 import read_missing_table

DATA = Path(__file__).parents[1] / "data" / "ssda903"
SAMPLE = DATA / "missing_sample.csv"
HEADER = DATA / "header_sample.csv"
EPOCH = dt.datetime(2024, 4, 1, tzinfo=LONDON)
COLUMNS = "CHILD,DOB,MISSING,MIS_START,MIS_END"
SECRET_CHILD = "ZQ778812"  # noqa: S105 - a made-up child id that must never be echoed
SECRET_DOB = "14/02/2009"  # noqa: S105 - likewise a made-up date of birth


def _read(path, **kw):
    kw.setdefault("rng", np.random.default_rng(7))
    return read_missing_table(path, authority="lambeth", epoch=EPOCH, **kw)


def _local_date(hours: float) -> dt.date:
    return (EPOCH.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(LONDON).date()


def _parse(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").replace(tzinfo=LONDON).date()


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(newline="") as f:
        return list(csv.DictReader(f))


def _write(tmp_path: Path, text: str, name: str = "missing.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# the shipped synthetic sample


def test_sample_is_synthetic_and_reproducible(tmp_path):
    rows = _sample_rows()
    assert rows and all(r["CHILD"].startswith("SYN") for r in rows)
    before = SAMPLE.read_bytes(), HEADER.read_bytes()
    import runpy
    runpy.run_path(str(DATA / "make_sample.py"), run_name="__main__")
    assert (SAMPLE.read_bytes(), HEADER.read_bytes()) == before


def test_sample_imports_with_counts_and_open_periods():
    rows = _sample_rows()
    episodes = _read(SAMPLE, header_path=HEADER)
    assert len(episodes) == len(rows)
    open_rows = sum(1 for r in rows if not r["MIS_END"])
    assert open_rows > 0
    assert sum(e.end_hours is None for e in episodes) == open_rows
    assert sum(e.whereabouts_known for e in episodes) == sum(r["MISSING"] == "A" for r in rows)
    assert len({e.child.id for e in episodes}) == len({r["CHILD"] for r in rows})
    assert all(e.child.looked_after for e in episodes)


def test_sample_start_hours_inside_start_dates_and_ends_on_end_dates():
    rows = _sample_rows()
    episodes = _read(SAMPLE, header_path=HEADER)
    assert Counter(_local_date(e.start_hours) for e in episodes) == \
        Counter(_parse(r["MIS_START"]) for r in rows)
    assert Counter(_local_date(e.end_hours) for e in episodes if e.end_hours is not None) == \
        Counter(_parse(r["MIS_END"]) for r in rows if r["MIS_END"])
    for e in episodes:
        assert e.end_hours is None or e.end_hours >= e.start_hours
    assert [e.start_hours for e in episodes] == sorted(e.start_hours for e in episodes)


def test_sample_periods_of_a_child_do_not_overlap_and_ids_are_pseudonyms():
    episodes = _read(SAMPLE, header_path=HEADER)
    by_child: dict[str, list] = {}
    for e in episodes:
        assert "SYN" not in e.id and "SYN" not in e.child.id
        by_child.setdefault(e.child.id, []).append(e)
    assert episodes[0].id == "C0001-E001"
    for items in by_child.values():
        for a, b in itertools.pairwise(items):
            assert a.end_hours is not None and b.start_hours >= a.end_hours


def test_sex_from_header_and_unknown_without_it():
    with_header = _read(SAMPLE, header_path=HEADER)
    assert {e.child.sex for e in with_header} <= {"M", "F"}
    assert {e.child.sex for e in _read(SAMPLE)} == {"U"}


def test_import_is_deterministic_for_a_seed():
    def seeded(seed):
        return _read(SAMPLE, rng=np.random.default_rng(seed))

    assert seeded(1) == seeded(1)
    assert seeded(1) != seeded(2)


def test_age_at_start_and_open_period(tmp_path):
    path = _write(tmp_path, f"{COLUMNS}\nK1,15/06/2010,M,14/06/2024,\nK2,15/06/2010,A,15/06/2024,"
                            "16/06/2024\n")
    episodes = sorted(_read(path), key=lambda e: e.start_hours)
    assert [e.child.age for e in episodes] == [13, 14]
    assert episodes[0].end_hours is None
    assert episodes[1].whereabouts_known


def test_same_day_periods_are_ordered_and_dst_days_kept(tmp_path):
    path = _write(tmp_path, f"{COLUMNS}\n"
                            "K1,01/01/2010,M,30/03/2025,30/03/2025\n"
                            "K1,01/01/2010,M,30/03/2025,30/03/2025\n"
                            "K1,01/01/2010,A,30/03/2025,26/10/2025\n")
    for seed in range(20):
        episodes = _read(path, rng=np.random.default_rng(seed))
        assert [e.id for e in episodes] == ["C0001-E001", "C0001-E002", "C0001-E003"]
        times = [t for e in episodes for t in (e.start_hours, e.end_hours)]
        assert times == sorted(times)
        assert [_local_date(e.start_hours) for e in episodes] == [dt.date(2025, 3, 30)] * 3
        assert _local_date(episodes[2].end_hours) == dt.date(2025, 10, 26)


def test_custom_onset_profile(tmp_path):
    profile = [0.0] * 168
    profile[2 * 24 + 21] = 1.0  # Wednesday 21:00
    path = _write(tmp_path, f"{COLUMNS}\nK1,01/01/2010,M,05/06/2024,06/06/2024\n")
    (e,) = _read(path, onset_profile=profile)
    local = (EPOCH + dt.timedelta(hours=e.start_hours)).astimezone(LONDON)
    assert local.date() == dt.date(2024, 6, 5) and local.hour == 21
    assert len(ONSET_DEFAULT) == 168


def test_header_only_file_gives_no_episodes(tmp_path):
    assert _read(_write(tmp_path, COLUMNS + "\n")) == []


def test_extra_columns_are_ignored_and_bom_accepted(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(f"\ufeff{COLUMNS},LA\nK1,01/01/2010,M,05/06/2024,06/06/2024,209\n",
                    encoding="utf-8")
    assert len(_read(path)) == 1


# ---------------------------------------------------------------------------------------------
# bad input: DataError naming file, line and column, never quoting child data

GOOD = f"{SECRET_CHILD},{SECRET_DOB},M,05/06/2024,06/06/2024"
BAD_MISSING = [
    ("missing column", "CHILD,DOB,MISSING,MIS_START\n"
                       f"{SECRET_CHILD},{SECRET_DOB},M,05/06/2024\n", 1, "MIS_END"),
    ("bad date", f"{COLUMNS}\n{GOOD}\n{SECRET_CHILD},{SECRET_DOB},M,32/06/2024,\n", 3,
     "MIS_START"),
    ("bad date format", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M,2024-06-05,\n", 2, "MIS_START"),
    ("bad end date", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M,05/06/2024,31/02/2024\n", 2,
     "MIS_END"),
    ("bad dob", f"{COLUMNS}\n{SECRET_CHILD},14/14/2009,M,05/06/2024,\n", 2, "DOB"),
    ("end before start", f"{COLUMNS}\n{GOOD}\n{SECRET_CHILD},{SECRET_DOB},M,05/07/2024,"
                         "04/07/2024\n", 3, "MIS_END"),
    ("MISSING not M/A", f"{COLUMNS}\n{GOOD}\n{SECRET_CHILD},{SECRET_DOB},X,05/07/2024,\n", 3,
     "MISSING"),
    ("MISSING lower case", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},m,05/07/2024,\n", 2,
     "MISSING"),
    ("empty file", "", 1, "CHILD"),
    ("blank file", "\n  \n", 1, "CHILD"),
    ("empty child", f"{COLUMNS}\n,{SECRET_DOB},M,05/07/2024,\n", 2, "CHILD"),
    ("empty start", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M,,\n", 2, "MIS_START"),
    ("short row", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M\n", 2, "MIS_START"),
    ("overlap", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M,05/06/2024,\n"
                f"{SECRET_CHILD},{SECRET_DOB},M,07/06/2024,08/06/2024\n", 3, "MIS_START"),
    ("age over 17", f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M,05/06/2027,\n", 2, "DOB"),
]


def _assert_safe_error(err: DataError, path: Path, line: int, column: str) -> None:
    text = str(err)
    assert err.file == str(path) and err.row == line and err.column == column
    assert text.startswith(f"{path}: line {line}: column {column}: ")
    assert "\n" not in text
    assert SECRET_CHILD not in text and SECRET_DOB not in text
    for leaked in ("2009", "32/06", "2024-06-05", "31/02", "14/14"):
        assert leaked not in text


@pytest.mark.parametrize(("case", "text", "line", "column"), BAD_MISSING,
                         ids=[c[0] for c in BAD_MISSING])
def test_bad_missing_table(tmp_path, case, text, line, column):
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as info:
        _read(path)
    _assert_safe_error(info.value, path, line, column)


BAD_HEADER = [
    ("missing SEX column", "CHILD,DOB\nZQ778812,14/02/2009\n", 1, "SEX"),
    ("bad SEX", f"CHILD,SEX,DOB\n{SECRET_CHILD},3,{SECRET_DOB}\n", 2, "SEX"),
    ("duplicate child", f"CHILD,SEX,DOB\n{SECRET_CHILD},1,{SECRET_DOB}\n"
                        f"{SECRET_CHILD},1,{SECRET_DOB}\n", 3, "CHILD"),
    ("empty header file", "", 1, "CHILD"),
]


@pytest.mark.parametrize(("case", "text", "line", "column"), BAD_HEADER,
                         ids=[c[0] for c in BAD_HEADER])
def test_bad_header_table(tmp_path, case, text, line, column):
    header = _write(tmp_path, text, "header.csv")
    with pytest.raises(DataError) as info:
        _read(SAMPLE, header_path=header)
    _assert_safe_error(info.value, header, line, column)


def test_unreadable_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError) as info:
        _read(tmp_path / "absent.csv")
    assert str(tmp_path / "absent.csv") in str(info.value)


# ---------------------------------------------------------------------------------------------
# the run's window: periods before the epoch left out and counted, the table read once a run

OCTOBER = dt.datetime(2024, 10, 1, tzinfo=LONDON)


def _october_scenario(tmp_path: Path, horizon_days: int = 60, replications: int = 2) -> Path:
    path = tmp_path / "october.yaml"
    path.write_text(f"""\
models: [lambeth]
epoch: 2024-10-01
horizon_days: {horizon_days}
warmup_days: 0
replications: {replications}
seed: 11
population:
  ssda903: {SAMPLE}
  ssda903_header: {HEADER}
""", encoding="utf-8")
    return path


def test_sample_from_1_october_starts_no_episode_at_the_epoch(tmp_path):
    from simulation.run.runner import population_for, replicate
    from simulation.run.scenario import load_scenario

    scenario = load_scenario(_october_scenario(tmp_path))
    rows = _sample_rows()
    end = dt.date(2024, 11, 29)  # the last day of 60 from 1 October
    in_window = [r for r in rows if dt.date(2024, 10, 1) <= _parse(r["MIS_START"]) <= end]
    on_first_day = sum(_parse(r["MIS_START"]) == dt.date(2024, 10, 1) for r in rows)
    for replication in range(2):
        episodes = population_for(scenario, replication, "Lambeth")
        assert len(episodes) == len(in_window)
        assert all(e.start_hours > 0 for e in episodes)
        assert sum(e.start_hours < 24 for e in episodes) == on_first_day
        assert Counter(_parse_hours(e.start_hours) for e in episodes) == \
            Counter(_parse(r["MIS_START"]) for r in in_window)
    results = replicate(scenario)
    assert [r.episodes for r in results] == [len(in_window)] * 2
    for result in results:
        first = min(e.time_hours for e in result.events)
        assert first > 0, "an episode started at the epoch's first instant"
        # before the fix, the 103 periods of April-September all began at 0.0 hours
        assert sum(e.time_hours == 0 for e in result.events) == 0


def _parse_hours(hours: float) -> dt.date:
    return (OCTOBER.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(LONDON).date()


def test_window_counts_used_clipped_and_left_out(tmp_path):
    from simulation.run.ssda903 import read_missing_periods

    rows = _sample_rows()
    first, last = dt.date(2024, 10, 1), dt.date(2024, 11, 30)  # 61 days
    table = read_missing_periods(SAMPLE, header_path=HEADER, epoch=OCTOBER,
                                 horizon_hours=61 * 24)
    starts = [_parse(r["MIS_START"]) for r in rows]
    ends = [_parse(r["MIS_END"]) if r["MIS_END"] else None for r in rows]
    assert table.rows == len(rows)
    assert table.before == sum(s < first for s in starts) == 103
    assert table.open_at_epoch == sum(s < first and (e is None or e >= first)
                                      for s, e in zip(starts, ends, strict=True))
    assert table.after == sum(s > last for s in starts)
    assert table.used == sum(first <= s <= last for s in starts)
    assert table.clipped == sum(first <= s <= last and e is not None and e > last
                                for s, e in zip(starts, ends, strict=True))
    assert table.used + table.before + table.after == table.rows
    line = table.summary
    assert "\n" not in line and "SYN" not in line
    assert f"{table.rows} rows; {table.used} periods start in the run" in line
    assert f"{table.before} started before the epoch" in line
    episodes = table.episodes(rng=np.random.default_rng(3))
    assert len(episodes) == table.used
    assert sum(e.end_hours is not None and e.end_hours > 61 * 24 for e in episodes) == \
        table.clipped


def test_table_is_read_once_per_run_not_per_replication(tmp_path, monkeypatch):
    import simulation.run.ssda903 as ssda903
    from simulation.run.runner import replicate
    from simulation.run.scenario import load_scenario

    calls = []
    real = ssda903.read_missing_periods

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ssda903, "read_missing_periods", counting)
    scenario = load_scenario(_october_scenario(tmp_path, horizon_days=20, replications=3))
    assert len(calls) == 1 and scenario.ssda903_table is not None
    results = replicate(scenario)
    assert len(results) == 3 and len(calls) == 1  # the replications used the loaded table
    assert len({tuple(e.time_hours for e in r.events[:5]) for r in results}) > 1


def test_epoch_and_end_inside_a_day_keep_starts_inside_the_run(tmp_path):
    epoch = dt.datetime(2024, 6, 5, 12, 0, tzinfo=LONDON)
    path = _write(tmp_path, f"{COLUMNS}\nK1,01/01/2010,M,05/06/2024,05/06/2024\n"
                            "K2,01/01/2010,M,07/06/2024,\n")
    horizon = 2 * 24 + 6  # ends 7 June 18:00
    for seed in range(30):
        episodes = read_missing_table(path, authority="x", epoch=epoch, horizon_hours=horizon,
                                      rng=np.random.default_rng(seed))
        assert len(episodes) == 2
        assert all(0 <= e.start_hours < horizon for e in episodes)
        assert episodes[0].end_hours is not None and episodes[0].end_hours >= \
            episodes[0].start_hours


def test_file_entirely_outside_the_run_is_refused(tmp_path):
    path = _write(tmp_path, f"{COLUMNS}\n{SECRET_CHILD},{SECRET_DOB},M,05/06/2023,06/06/2023\n")
    with pytest.raises(DataError) as info:
        _read(path)
    text = str(info.value)
    assert "no period starts in the run" in text and "1 start before it" in text
    assert SECRET_CHILD not in text and SECRET_DOB not in text


def test_header_sex_accepts_dfe_codes_of_both_eras(tmp_path):
    rows = "".join(f"K{i},01/01/2010,M,0{i}/06/2024,0{i}/06/2024\n" for i in range(1, 6))
    path = _write(tmp_path, COLUMNS + "\n" + rows)
    header = _write(tmp_path, "CHILD,SEX,DOB\n" + "".join(
        f"K{i},{code},01/01/2010\n" for i, code in enumerate(["1", "2", "M", "F", "U"], 1)),
        "header.csv")
    episodes = sorted(_read(path, header_path=header), key=lambda e: e.start_hours)
    assert [e.child.sex for e in episodes] == ["M", "F", "M", "F", "U"]


def test_times_of_day_follow_the_onset_profile(tmp_path):
    rows = "".join(f"K{i},01/01/2010,M,{1 + i % 28:02d}/05/2024,{1 + i % 28:02d}/05/2024\n"
                   for i in range(4000))
    path = _write(tmp_path, COLUMNS + "\n" + rows)
    episodes = _read(path, rng=np.random.default_rng(5))
    starts = [(EPOCH + dt.timedelta(hours=e.start_hours)).astimezone(LONDON).hour
              for e in episodes]
    observed = np.bincount(starts, minlength=24) / len(starts)
    expected = np.asarray(ONSET_DEFAULT[:24]) / sum(ONSET_DEFAULT[:24])
    assert np.abs(observed - expected).max() < 0.03
    assert all(e.end_hours is not None and e.end_hours >= e.start_hours for e in episodes)


def test_bad_encoding_names_the_line(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes((f"{COLUMNS}\n" + "K1,01/01/2010,M,05/06/2024,\n" * 3000
                      + "K\xe9,01/01/2010,M,05/06/2024,\n").encode("latin-1"))
    with pytest.raises(DataError) as info:
        _read(path)
    assert info.value.row == 3002 and "UTF-8" in str(info.value)
