"""Import of the DfE SSDA903 "Missing" table (and optionally "Header") as episodes.

Layout (published_figures.md section 9): ``CHILD, DOB, MISSING, MIS_START, MIS_END``, dates
``dd/mm/yyyy``, ``MISSING`` is ``M`` (missing) or ``A`` (away without authorisation, whereabouts
known), an empty ``MIS_END`` is a period still open. ``SEX`` comes from the Header table
(``CHILD, SEX, DOB, ...``; 1 = male, 2 = female). Every child is looked after.

The return holds dates only, so the start time is drawn from the hour-of-week onset profile on the
start date, and the end time by the same rule on the end date, never before the start. Other
attributes the return does not hold are fixed (ASSUMPTION): placement ``other``, in area, police
risk ``medium`` (figures rows 4.2, 4.3: child cases are graded medium or high, 93% closed at
medium), no markers. Child ids are replaced by pseudonyms ``C0001``, ... in order of first start
(ties by line) and episodes numbered ``C0001-E001``, ... per child, so no CHILD id reaches an event
log. Error messages name the file, line and column and never quote a value from the file.
Columns other than those named are ignored; a file with a header line and no rows gives no episodes.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.calendars import LONDON
from models.errors import DataError
from simulation.population import ONSET_DEFAULT, sample_onset_hour
from simulation.records import Child, Episode

__all__ = ["HEADER_COLUMNS", "MISSING_COLUMNS", "read_missing_table"]

MISSING_COLUMNS = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
HEADER_COLUMNS = ("CHILD", "SEX", "DOB")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SEX = {"1": "M", "2": "F"}


_Row = tuple[int, dict[str, str]]


def _rows(path: Path, required: Sequence[str]) -> tuple[list[str], list[_Row]]:
    """The rows of a CSV file as (line number, column -> stripped text)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(file, f"cannot be read ({type(e).__name__})") from None
    if not text.strip():
        raise DataError(file, f"file is empty: expected a header line with columns "
                              f"{', '.join(required)}", row=1, column=required[0])
    reader = csv.reader(text.splitlines())
    header_line = 0
    header: list[str] = []
    for fields in reader:
        header_line = reader.line_num
        if any(f.strip() for f in fields):
            header = [f.strip().upper() for f in fields]
            break
    for column in required:
        if column not in header:
            raise DataError(file, "required column is missing from the header",
                            row=header_line, column=column)
    rows = []
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        line = reader.line_num
        if len(fields) < len(header):
            column = header[len(fields)]
            if column in required:
                raise DataError(file, "the row has too few fields", row=line, column=column)
        if len(fields) > len(header):
            raise DataError(file, f"the row has {len(fields)} fields but the header names "
                                  f"{len(header)}", row=line, column=header[-1])
        rows.append((line, {h: (fields[i].strip() if i < len(fields) else "")
                            for i, h in enumerate(header)}))
    return header, rows


def _date(value: str, file: str, line: int, column: str) -> dt.date:
    match = _DATE.match(value)
    if not match:
        raise DataError(file, "expected a date as dd/mm/yyyy", row=line, column=column)
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DataError(file, "not a calendar date (expected dd/mm/yyyy)", row=line,
                        column=column) from None


def _required(value: str, file: str, line: int, column: str) -> str:
    if not value:
        raise DataError(file, "a value is required", row=line, column=column)
    return value


def _age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _read_sex(path: Path) -> dict[str, str]:
    file = str(path)
    _, rows = _rows(path, HEADER_COLUMNS)
    sex: dict[str, str] = {}
    for line, row in rows:
        child = _required(row["CHILD"], file, line, "CHILD")
        code = _required(row["SEX"], file, line, "SEX")
        if code not in _SEX:
            raise DataError(file, "expected 1 (male) or 2 (female)", row=line, column="SEX")
        if child in sex:
            raise DataError(file, "the same child appears on an earlier line", row=line,
                            column="CHILD")
        _date(_required(row["DOB"], file, line, "DOB"), file, line, "DOB")
        sex[child] = _SEX[code]
    return sex


def _hours(day: dt.date, epoch: dt.datetime) -> float:
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)
    return (midnight.astimezone(dt.UTC) - epoch.astimezone(dt.UTC)).total_seconds() / 3600.0


def read_missing_table(path: str | Path, *, header_path: str | Path | None = None,
                       authority: str, epoch: dt.datetime,
                       onset_profile: Sequence[float] = ONSET_DEFAULT,
                       rng: np.random.Generator) -> list[Episode]:
    """Read an SSDA903 Missing table into episodes sorted by ``start_hours`` (ties by id).

    Parameters
    ----------
    path
        The Missing table (CSV with a header line).
    header_path
        The Header table, for SEX; children absent from it (or no table) get sex ``U``.
    authority
        The responsible authority that made the return (kept for the caller's records).
    epoch
        The scenario epoch (timezone-aware); times are hours since it.
    onset_profile
        168 hour-of-week weights for start and end times within their dates.
    rng
        The generator the times are drawn from.

    Raises
    ------
    DataError
        Naming the file, line and column: empty file, missing column, empty required value, bad
        date, MISSING not M or A, MIS_END before MIS_START, a child's period starting before
        their previous one ended (DfE rule 574), age outside 0-17 at MIS_START.
    """
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        raise ValueError("epoch must be a timezone-aware datetime")
    rng = np.random.default_rng(rng)
    source = Path(path)
    file = str(path)
    sex = _read_sex(Path(header_path)) if header_path is not None else {}
    _, rows = _rows(source, MISSING_COLUMNS)

    periods: dict[str, list[tuple[dt.date, dt.date | None, int, str, int]]] = {}
    for line, row in rows:
        child = _required(row["CHILD"], file, line, "CHILD")
        dob = _date(_required(row["DOB"], file, line, "DOB"), file, line, "DOB")
        code = _required(row["MISSING"], file, line, "MISSING")
        if code not in ("M", "A"):
            raise DataError(file, "expected M (missing) or A (away without authorisation)",
                            row=line, column="MISSING")
        start = _date(_required(row["MIS_START"], file, line, "MIS_START"), file, line,
                      "MIS_START")
        end = _date(row["MIS_END"], file, line, "MIS_END") if row["MIS_END"] else None
        if end is not None and end < start:
            raise DataError(file, "MIS_END is before MIS_START", row=line, column="MIS_END")
        age = _age_on(dob, start)
        if not 0 <= age <= 17:
            raise DataError(file, "age at MIS_START is outside 0-17", row=line, column="DOB")
        periods.setdefault(child, []).append((start, end, line, code, age))

    drafts = []
    for child, items in periods.items():
        items.sort(key=lambda p: (p[0], p[1] or dt.date.max, p[2]))
        timed = []
        previous_end: dt.date | None = None
        previous_end_hours: float | None = None
        for index, (start, end, line, code, age) in enumerate(items):
            if index and (previous_end is None or start < previous_end):
                raise DataError(file, "the period starts before the same child's previous "
                                      "period ended (DfE rule 574)", row=line, column="MIS_START")
            same_day = previous_end_hours is not None and previous_end == start
            start_hours = sample_onset_hour(_hours(start, epoch), onset_profile, rng,
                                            epoch=epoch,
                                            not_before=previous_end_hours if same_day else None)
            end_hours = None
            if end is not None:
                end_hours = sample_onset_hour(_hours(end, epoch), onset_profile, rng, epoch=epoch,
                                              not_before=start_hours if end == start else None)
            timed.append((start_hours, end_hours, line, code, age))
            previous_end, previous_end_hours = end, end_hours
        drafts.append((child, timed))

    drafts.sort(key=lambda d: (d[1][0][0], d[1][0][2]))
    width = max(4, len(str(len(drafts))))
    episodes = []
    for number, (child, timed) in enumerate(drafts, start=1):
        pseudonym = f"C{number:0{width}d}"
        for index, (start_hours, end_hours, _, code, age) in enumerate(timed, start=1):
            record = Child(id=pseudonym, age=age, sex=sex.get(child, "U"), looked_after=True,
                           placement="other", child_in_need=True)
            episodes.append(Episode(id=f"{pseudonym}-E{index:03d}", child=record,
                                    start_hours=start_hours, end_hours=end_hours, risk="medium",
                                    whereabouts_known=code == "A"))
    episodes.sort(key=lambda e: (e.start_hours, e.id))
    return episodes
