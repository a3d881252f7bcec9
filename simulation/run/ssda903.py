"""Import of the DfE SSDA903 "Missing" table (and optionally "Header") as episodes.

Layout (published_figures.md section 9): ``CHILD, DOB, MISSING, MIS_START, MIS_END``, dates
``dd/mm/yyyy``, ``MISSING`` is ``M`` (missing) or ``A`` (away without authorisation, whereabouts
known), an empty ``MIS_END`` is a period still open. ``SEX`` comes from the Header table
(``CHILD, SEX, DOB, ...``; ``1``/``M`` male, ``2``/``F`` female, ``U`` unknown: the DfE codes
are 1/2 up to 2023-24 and M/F/U from 2024-25). Every child is looked after.

The file is read once per run (:func:`read_missing_periods`, streamed row by row into compact
arrays; a million rows take seconds), then each replication draws its times of day from its own
stream (:meth:`MissingTable.episodes`, vectorised).

**The run's window.** Only periods that start inside the run (from the epoch to the epoch plus the
horizon) become episodes. A period that started before the epoch's day is **left out and counted**
(also when it is still open at the epoch): the return does not say what was done for it before
the run began, and the run's warm-up is there to fill the system; start the epoch earlier to
include it. A period that starts on or after the end of the run is left out and counted. A
period that ends after the run's last day is kept, **clipped**: the child is still missing when
the run stops. A period dated on a day the window covers only in part (an epoch or an end that
is not midnight) is placed in the covered part. A file with rows of which none falls in the
window is refused (``DataError``), never silently zero episodes.

The return holds dates only, so the start time is drawn from the hour-of-week onset profile on the
start date, and the end time by the same rule on the end date, never before the start (nor a start
before the same child's previous return on the same day). Other attributes the return does not
hold are fixed (ASSUMPTION): placement ``other``, in area, police risk ``medium`` (figures rows
4.2, 4.3: child cases are graded medium or high, 93% closed at medium), no markers. Child ids are
replaced by pseudonyms ``C0001``, ... in order of first start date in the window (ties by line)
and episodes numbered ``C0001-E001``, ... per child, so no CHILD id reaches an event log. Error
messages name the file, line and column and never quote a value from the file. Columns other than
those named are ignored; a file with a header line and no rows gives no episodes.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from models.data.calendars import LONDON
from models.data.errors import DataError
from simulation.run.population import ONSET_DEFAULT
from simulation.run.records import Child, Episode

__all__ = ["HEADER_COLUMNS", "MAX_ROWS", "MISSING_COLUMNS", "MissingTable",
           "read_missing_periods", "read_missing_table", "scenario_episodes"]

MISSING_COLUMNS = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
HEADER_COLUMNS = ("CHILD", "SEX", "DOB")
MAX_ROWS = 5_000_000
"""Rows a table may hold (a whole national return is a few hundred thousand)."""
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SEX = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
_SEX_CODES = ("M", "F", "U")
_OPEN = -1
_ORD_UNSET = -(2**31)


_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _separator_hint(header: Sequence[str]) -> str:
    """Why a header may have no such column: one field that another separator splits (a
    spreadsheet saved with semicolons, say); empty when that is not it."""
    if len(header) == 1:
        for sep, name in _SEPARATORS.items():
            if sep in header[0]:
                return (f"; the header is one field separated by {name}: save the table as "
                        "comma-separated values (CSV)")
    return ""


def _not_text(path: Path) -> str:
    """Why a table is not UTF-8 text: a spreadsheet workbook saved as it is, or another
    encoding; either way it asks for a UTF-8 CSV."""
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError:
        start = b""
    if start.startswith(b"PK\x03\x04"):
        return "an Excel workbook (.xlsx), not a CSV table: save it as 'CSV UTF-8'"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls), not a CSV table: save it as 'CSV UTF-8'"
    return "not UTF-8 text (save the file as UTF-8 CSV)"


def _lines(path: Path, required: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, column -> stripped text in header order) of each non-blank row, streamed.

    The first item is the header, as (line, upper-cased column names).
    """
    file = str(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise DataError(file, f"cannot be read ({e.strerror or type(e).__name__})") from None
    with handle:
        reader = csv.reader(handle)
        line = 0
        try:
            header: list[str] = []
            for fields in reader:
                line = reader.line_num
                if any(f.strip() for f in fields):
                    header = [f.strip().upper() for f in fields]
                    break
            if not header:
                raise DataError(file, f"file is empty: expected a header line with columns "
                                      f"{', '.join(required)}", row=1, column=required[0])
            for column in required:
                if column not in header:
                    raise DataError(file, "required column is missing from the header"
                                    + _separator_hint(header), row=line, column=column)
            yield line, header
            count = 0
            for fields in reader:
                line = reader.line_num
                if not (fields and fields[0].strip()) and not any(f.strip() for f in fields):
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise DataError(file, f"more than {MAX_ROWS:,} rows (the limit of a table)",
                                    row=line)
                if len(fields) < len(header) and header[len(fields)] in required:
                    raise DataError(file, "the row has too few fields", row=line,
                                    column=header[len(fields)])
                if len(fields) > len(header):
                    raise DataError(file, f"the row has {len(fields)} fields but the header "
                                          f"names {len(header)}", row=line, column=header[-1])
                yield line, fields
        except UnicodeDecodeError:
            raise DataError(file, _not_text(path), row=_first_undecodable_line(path)) from None
        except csv.Error as e:
            reason = "a field is longer than 131,072 characters" if "limit" in str(e) else \
                "not a CSV row"
            raise DataError(file, reason, row=reader.line_num or line + 1) from None
        except OSError as e:
            raise DataError(file, f"cannot be read ({e.strerror or type(e).__name__})") from None


def _first_undecodable_line(path: Path) -> int | None:
    """The number of the first line that is not UTF-8 (the decoder reads ahead of the CSV)."""
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return number
    except OSError:
        return None
    return None


class _Dates:
    """``dd/mm/yyyy`` text -> proleptic ordinal, cached (a table repeats few distinct dates)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.cache: dict[str, int] = {}

    def __call__(self, value: str, line: int, column: str) -> int:
        ordinal = self.cache.get(value)
        if ordinal is not None:
            return ordinal
        if not value:
            raise DataError(self.file, "a value is required", row=line, column=column)
        match = _DATE.match(value)
        if not match:
            raise DataError(self.file, "expected a date as dd/mm/yyyy", row=line, column=column)
        day, month, year = (int(g) for g in match.groups())
        try:
            ordinal = dt.date(year, month, day).toordinal()
        except ValueError:
            raise DataError(self.file, "not a calendar date (expected dd/mm/yyyy)", row=line,
                            column=column) from None
        if len(self.cache) < 1_000_000:
            self.cache[value] = ordinal
        return ordinal


def _age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _read_sex(path: Path) -> dict[str, str]:
    file = str(path)
    rows = _lines(path, HEADER_COLUMNS)
    _, header = next(rows)
    at = {name: header.index(name) for name in HEADER_COLUMNS}
    dates = _Dates(file)
    sex: dict[str, str] = {}
    for line, fields in rows:
        child, code, dob = (fields[at[c]].strip() for c in HEADER_COLUMNS)
        if not child:
            raise DataError(file, "a value is required", row=line, column="CHILD")
        if not code:
            raise DataError(file, "a value is required", row=line, column="SEX")
        if code not in _SEX:
            raise DataError(file, "expected 1 or M (male), 2 or F (female), or U (unknown)",
                            row=line, column="SEX")
        if child in sex:
            raise DataError(file, "the same child appears on an earlier line", row=line,
                            column="CHILD")
        dates(dob, line, "DOB")
        sex[child] = _SEX[code]
    return sex


def _hours_at(day: dt.date, epoch: dt.datetime, clock: float = 0.0) -> float:
    """Hours since the epoch of wall-clock ``clock`` hours after local midnight of ``day``.

    On the spring-forward day the missing hour maps past 02:00 BST (as ``datetime`` does).
    """
    wall = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON) + dt.timedelta(hours=clock)
    return (wall.astimezone(dt.UTC) - epoch.astimezone(dt.UTC)).total_seconds() / 3600.0


@dataclass(frozen=True, eq=False)
class MissingTable:
    """The periods of a Missing table that fall in one run's window, parsed once for the run.

    Counts: ``rows`` in the file; ``used`` periods that start in the window; of those,
    ``clipped`` still missing when the run ends (``MIS_END`` after its last day); left out,
    ``before`` (started before the epoch's day; ``open_at_epoch`` of them still missing at it) and
    ``after`` (start on or after the end of the run). Arrays hold one item per used period, by
    child then start; the times are drawn per replication by :meth:`episodes`.
    """

    file: str
    epoch: dt.datetime
    horizon_hours: float | None
    rows: int
    used: int
    clipped: int
    before: int
    open_at_epoch: int
    after: int
    child: np.ndarray = field(repr=False)        # pseudonym number, 1-based
    number: np.ndarray = field(repr=False)       # episode number within the child, 1-based
    age: np.ndarray = field(repr=False)
    sex: np.ndarray = field(repr=False)          # index into ("M", "F", "U")
    away: np.ndarray = field(repr=False)         # MISSING == "A"
    has_end: np.ndarray = field(repr=False)
    # draws: 2 per period (start at 2i, end at 2i + 1), processed level by level
    draw_day: np.ndarray = field(repr=False)     # index into the day tables; -1: no draw
    draw_after: np.ndarray = field(repr=False)   # draw this one follows on the same day; -1
    draw_lo: np.ndarray = field(repr=False)      # earliest wall clock (epoch's day)
    draw_hi: np.ndarray = field(repr=False)      # latest wall clock (the run's last day)
    level_order: np.ndarray = field(repr=False)  # draws sorted by level
    level_bounds: np.ndarray = field(repr=False)  # level L is level_order[b[L]:b[L + 1]]
    day_hours: np.ndarray = field(repr=False)    # (days, 25) hours of each wall hour, + midnight
    day_weekday: np.ndarray = field(repr=False)

    @property
    def summary(self) -> str:
        """One line: how many rows the run used, clipped and left out."""
        text = (f"{self.file}: {self.rows} rows; {self.used} periods start in the run "
                f"({self.clipped} clipped: still missing when it ends)")
        left = []
        if self.before:
            left.append(f"{self.before} started before the epoch ({self.open_at_epoch} of them "
                        "still missing at it)")
        if self.after:
            left.append(f"{self.after} start after the run ends")
        return text + ("; left out: " + ", ".join(left) if left else "; none left out")

    def episodes(self, onset_profile: Sequence[float] = ONSET_DEFAULT, *,
                 rng: np.random.Generator | int | None = None) -> list[Episode]:
        """This replication's episodes, sorted by ``start_hours`` (ties by child, then number):
        start and end times of day drawn from ``onset_profile`` (168 hour-of-week weights)."""
        rng = np.random.default_rng(rng)
        weights = np.asarray(onset_profile, dtype=float)
        if weights.shape != (168,) or not np.all(np.isfinite(weights)) \
                or np.any(weights < 0) or weights.sum() <= 0:
            raise ValueError("onset profile needs 168 finite non-negative weights, not all zero")
        n = self.used
        if n == 0:
            return []
        clock = np.zeros(2 * n)
        hours = np.zeros(2 * n)
        cum = np.concatenate(([0.0], np.cumsum(weights)))
        for level in range(len(self.level_bounds) - 1):
            idx = self.level_order[self.level_bounds[level]:self.level_bounds[level + 1]]
            self._draw(idx, clock, hours, weights, cum, rng)
        start = hours[0::2]
        end = hours[1::2]
        order = np.lexsort((self.number, self.child, start))
        width = max(4, len(str(int(self.child.max()))))
        out: list[Episode] = []
        start_l, end_l = start.tolist(), end.tolist()
        append = out.append
        collecting = gc.isenabled()
        gc.disable()  # half a million new records would wake the cyclic collector again and again
        try:
            self._build(order.tolist(), append, width, start_l, end_l)
        finally:
            if collecting:
                gc.enable()
        return out

    def _build(self, order: list[int], append: Any, width: int, start_l: list[float],
               end_l: list[float]) -> None:
        """Append the episodes in ``order`` (one ``Child`` record per child and age)."""
        children: dict[tuple[int, int], Child] = {}
        child_l, number_l, age_l, sex_l = (self.child.tolist(), self.number.tolist(),
                                           self.age.tolist(), self.sex.tolist())
        away_l, has_end_l = self.away.tolist(), self.has_end.tolist()
        for i in order:
            key = (child_l[i], age_l[i])
            record = children.get(key)
            if record is None:
                record = children[key] = Child(
                    id=f"C{child_l[i]:0{width}d}", age=age_l[i], sex=_SEX_CODES[sex_l[i]],
                    looked_after=True, placement="other", child_in_need=True)
            append(Episode(f"{record.id}-E{number_l[i]:03d}", record, start_l[i],
                           end_l[i] if has_end_l[i] else None, "medium", away_l[i]))

    def _draw(self, idx: np.ndarray, clock: np.ndarray, hours: np.ndarray,
              weights: np.ndarray, cum: np.ndarray, rng: np.random.Generator) -> None:
        """Draw the wall-clock times of draws ``idx`` by inverting the day's onset CDF between
        their lower bound (epoch, or the draw they follow) and upper bound (end of the run)."""
        day = self.draw_day[idx]
        after = self.draw_after[idx]
        lo = self.draw_lo[idx].copy()
        follows = after >= 0
        lo[follows] = np.maximum(lo[follows], clock[after[follows]])
        hi = np.maximum(self.draw_hi[idx], lo)
        base = self.day_weekday[day] * 24

        def cdf(c: np.ndarray) -> np.ndarray:
            h = np.minimum(np.floor(c), 23).astype(np.int64)
            return cum[base + h] + weights[base + h] * (c - h)

        f_lo, f_hi = cdf(lo), cdf(hi)
        u = rng.random(len(idx))
        v = f_lo + u * (f_hi - f_lo)
        j = np.searchsorted(cum, v, side="right") - 1
        j = np.clip(j, base + np.minimum(np.floor(lo), 23).astype(np.int64), base + 23)
        w = weights[j]
        frac = np.divide(v - cum[j], w, out=np.zeros_like(v), where=w > 0)
        c = np.clip(j - base + np.clip(frac, 0.0, 1.0), lo, hi)
        flat = (f_hi - f_lo) <= 0  # the profile gives this part of the day no weight: uniform
        c[flat] = lo[flat] + u[flat] * (hi[flat] - lo[flat])
        hour = np.minimum(np.floor(c), 23).astype(np.int64)
        table = self.day_hours[day]
        at = table[np.arange(len(idx)), hour] + (c - hour)
        at = np.minimum(at, table[:, 24] - 1e-9)  # never past the day's end (short days)
        if self.epoch_bound:
            at = np.maximum(at, np.where(self.draw_lo[idx] > 0, 0.0, -np.inf))
        at[follows] = np.maximum(at[follows], hours[after[follows]])
        clock[idx] = c
        hours[idx] = at

    @property
    def epoch_bound(self) -> bool:
        """Whether draws on the epoch's day are bounded below by an epoch after midnight."""
        return bool(np.any(self.draw_lo > 0))


def read_missing_periods(path: str | Path, *, header_path: str | Path | None = None,
                         epoch: dt.datetime, horizon_hours: float | None = None) -> MissingTable:
    """Read and check a Missing table once, keeping the periods that start in the run's window.

    Parameters
    ----------
    path
        The Missing table (CSV with a header line).
    header_path
        The Header table, for SEX; children absent from it (or no table) get sex ``U``.
    epoch
        The run's start (timezone-aware).
    horizon_hours
        The run's length; None: no end (every period from the epoch on is kept).

    Raises
    ------
    DataError
        Naming the file, line and column: unreadable or not UTF-8, empty file, missing column,
        more than ``MAX_ROWS`` rows, empty required value, bad date, MISSING not M or A, MIS_END
        before MIS_START, a child's period starting before their previous one ended (DfE rule
        574), age outside 0-17 at MIS_START; and a table with rows none of which starts in the
        window.
    """
    if epoch.tzinfo is None or epoch.utcoffset() is None:
        raise ValueError("epoch must be a timezone-aware datetime")
    file = str(path)
    sex_of = _read_sex(Path(header_path)) if header_path is not None else {}
    rows = _lines(Path(path), MISSING_COLUMNS)
    _, header = next(rows)
    at = [header.index(name) for name in MISSING_COLUMNS]
    pick = itemgetter(*at)
    width = max(at) + 1
    dates = _Dates(file)
    cached = dates.cache
    ids: dict[str, int] = {}
    child, start, end, line_no = array("i"), array("i"), array("i"), array("i")
    age, away = array("b"), array("b")
    ages: dict[tuple[int, int], int] = {}
    for line, fields in rows:
        if len(fields) < width:
            fields = fields + [""] * (width - len(fields))
        name, dob_text, code, start_text, end_text = pick(fields)
        name, code = name.strip(), code.strip()
        if not name:
            raise DataError(file, "a value is required", row=line, column="CHILD")
        dob = cached.get(dob_text)
        if dob is None:
            dob = dates(dob_text.strip(), line, "DOB")
        if code != "M" and code != "A":
            raise DataError(file, "expected M (missing) or A (away without authorisation)"
                            if code else "a value is required", row=line, column="MISSING")
        first = cached.get(start_text)
        if first is None:
            first = dates(start_text.strip(), line, "MIS_START")
        if end_text:
            last = cached.get(end_text)
            if last is None:
                last = dates(end_text.strip(), line, "MIS_END") if end_text.strip() else _OPEN
            if last != _OPEN and last < first:
                raise DataError(file, "MIS_END is before MIS_START", row=line, column="MIS_END")
        else:
            last = _OPEN
        years = ages.get((dob, first))
        if years is None:
            years = ages[dob, first] = _age_on(dt.date.fromordinal(dob),
                                               dt.date.fromordinal(first))
        if not 0 <= years <= 17:
            raise DataError(file, "age at MIS_START is outside 0-17", row=line, column="DOB")
        number = ids.get(name)
        if number is None:
            number = ids[name] = len(ids)
        child.append(number)
        start.append(first)
        end.append(last)
        line_no.append(line)
        age.append(years)
        away.append(code == "A")
    sex_index = np.full(len(ids), 2, dtype=np.int8)
    for name, k in ids.items():
        if name in sex_of:
            sex_index[k] = _SEX_CODES.index(sex_of[name])
    del ids, sex_of
    return _window(file, epoch, horizon_hours, np.frombuffer(child, dtype=np.int32),
                   np.frombuffer(start, dtype=np.int32), np.frombuffer(end, dtype=np.int32),
                   np.frombuffer(line_no, dtype=np.int32), np.frombuffer(age, dtype=np.int8),
                   np.frombuffer(away, dtype=np.int8).astype(bool), sex_index)


def _window(file: str, epoch: dt.datetime, horizon_hours: float | None, child: np.ndarray,
            start: np.ndarray, end: np.ndarray, line: np.ndarray, age: np.ndarray,
            away: np.ndarray, sex_index: np.ndarray) -> MissingTable:
    """Check rule 574 on the whole table, then keep the periods that start in the window."""
    rows = len(child)
    end_key = np.where(end == _OPEN, np.iinfo(np.int32).max, end)
    order = np.lexsort((line, end_key, start, child))
    c, s, e, ek = child[order], start[order], end[order], end_key[order]
    same = np.zeros(rows, dtype=bool)
    same[1:] = c[1:] == c[:-1]
    overlap = np.zeros(rows, dtype=bool)
    overlap[1:] = same[1:] & ((e[:-1] == _OPEN) | (s[1:] < ek[:-1]))
    if overlap.any():
        bad = int(line[order][overlap].min())
        raise DataError(file, "the period starts before the same child's previous period "
                              "ended (DfE rule 574)", row=bad, column="MIS_START")
    local = epoch.astimezone(LONDON)
    first_day = local.date().toordinal()
    epoch_clock = local.hour + local.minute / 60 + local.second / 3600 + local.microsecond / 3.6e9
    if horizon_hours is None:
        last_day, end_clock = None, 24.0
    else:
        finish = (epoch.astimezone(dt.UTC) + dt.timedelta(hours=horizon_hours)).astimezone(LONDON)
        finish_clock = (finish.hour + finish.minute / 60 + finish.second / 3600
                        + finish.microsecond / 3.6e9)
        if finish_clock == 0:
            last_day, end_clock = finish.date().toordinal() - 1, 24.0
        else:
            last_day, end_clock = finish.date().toordinal(), finish_clock
    before = s < first_day
    after = np.zeros(rows, dtype=bool) if last_day is None else s > last_day
    keep = ~before & ~after
    open_at_epoch = int(np.sum(before & ((e == _OPEN) | (e >= first_day))))
    used = int(keep.sum())
    if rows and not used:
        span = (f"{local.date()} to {dt.date.fromordinal(last_day)}" if last_day is not None
                else f"from {local.date()}")
        raise DataError(file, f"no period starts in the run ({span}): {int(before.sum())} "
                              f"start before it, {int(after.sum())} after it (change the "
                              "scenario's epoch or horizon_days)")
    idx = order[keep]
    c, s, e = child[idx], start[idx], end[idx]
    clipped = 0 if last_day is None else int(np.sum((e != _OPEN) & (e > last_day)))
    # pseudonyms by first start date in the window, ties by line
    n = len(idx)
    new_child = np.ones(n, dtype=bool)
    new_child[1:] = c[1:] != c[:-1]
    first_of = np.flatnonzero(new_child)
    rank = np.lexsort((line[idx][first_of], s[first_of]))
    pseudonym = np.empty(len(first_of), dtype=np.int32)
    pseudonym[rank] = np.arange(1, len(first_of) + 1, dtype=np.int32)
    group = np.cumsum(new_child) - 1
    number = (np.arange(n) - first_of[group] + 1).astype(np.int32)
    # the days drawn on, with their wall-clock hours
    has_end = e != _OPEN
    days = np.unique(np.concatenate((s, e[has_end])))
    day_hours = np.empty((len(days), 25))
    for k, ordinal in enumerate(days.tolist()):
        day = dt.date.fromordinal(ordinal)
        day_hours[k, :24] = [_hours_at(day, epoch, h) for h in range(24)]
        day_hours[k, 24] = _hours_at(day + dt.timedelta(days=1), epoch)
    day_weekday = np.array([dt.date.fromordinal(o).weekday() for o in days.tolist()],
                           dtype=np.int64)
    start_day = np.searchsorted(days, s)
    some_day = days[0] if len(days) else 0
    end_day = np.where(has_end, np.searchsorted(days, np.where(has_end, e, some_day)), -1)
    draw_day = np.empty(2 * n, dtype=np.int64)
    draw_day[0::2], draw_day[1::2] = start_day, end_day
    draw_after = np.full(2 * n, -1, dtype=np.int64)
    # a start on the day the same child's previous period ended comes after that return
    follows_return = ~new_child.copy()
    follows_return[1:] &= e[:-1] == s[1:]
    draw_after[2 * np.flatnonzero(follows_return)] = 2 * np.flatnonzero(follows_return) - 1
    # a return on the day the period started comes after its start
    same_day = has_end & (e == s)
    draw_after[2 * np.flatnonzero(same_day) + 1] = 2 * np.flatnonzero(same_day)
    draw_lo = np.zeros(2 * n)
    draw_lo[0::2] = np.where(s == first_day, epoch_clock, 0.0)
    draw_hi = np.full(2 * n, 24.0)
    if last_day is not None:
        draw_hi[0::2] = np.where(s == last_day, end_clock, 24.0)
    # levels: a draw comes one level after the draw it follows (chains of same-day periods)
    level = np.zeros(2 * n, dtype=np.int64)
    chained = np.flatnonzero(draw_after >= 0)
    while chained.size:
        deeper = level[draw_after[chained]] + 1 > level[chained]
        if not deeper.any():
            break
        level[chained[deeper]] = level[draw_after[chained[deeper]]] + 1
    valid = draw_day >= 0
    valid_idx = np.flatnonzero(valid)
    level_order = valid_idx[np.argsort(level[valid], kind="stable")]
    counts = np.bincount(level[valid], minlength=1) if n else np.zeros(0, dtype=np.int64)
    level_bounds = np.concatenate(([0], np.cumsum(counts)))
    return MissingTable(
        file=file, epoch=epoch, horizon_hours=horizon_hours, rows=rows, used=used,
        clipped=clipped, before=int(before.sum()), open_at_epoch=open_at_epoch,
        after=int(after.sum()), child=pseudonym[group], number=number, age=age[idx],
        sex=sex_index[c], away=away[idx], has_end=has_end, draw_day=draw_day,
        draw_after=draw_after, draw_lo=draw_lo, draw_hi=draw_hi, level_order=level_order,
        level_bounds=level_bounds, day_hours=day_hours, day_weekday=day_weekday)


def read_missing_table(path: str | Path, *, header_path: str | Path | None = None,
                       authority: str, epoch: dt.datetime,
                       onset_profile: Sequence[float] = ONSET_DEFAULT,
                       rng: np.random.Generator, horizon_hours: float | None = None,
                       ) -> list[Episode]:
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
        The scenario epoch (timezone-aware); times are hours since it. Periods that start
        before the epoch's day are left out (see the module docstring).
    onset_profile
        168 hour-of-week weights for start and end times within their dates.
    rng
        The generator the times are drawn from.
    horizon_hours
        The run's length; periods starting after it are left out (None: none are).

    Raises
    ------
    DataError
        As :func:`read_missing_periods`.
    """
    del authority  # every child of a return is the returning authority's
    table = read_missing_periods(path, header_path=header_path, epoch=epoch,
                                 horizon_hours=horizon_hours)
    return table.episodes(onset_profile, rng=rng)


def scenario_episodes(scenario: Any, rng: np.random.Generator) -> list[Episode]:
    """One replication's episodes of a scenario with an SSDA903 population: from the table the
    scenario read once (``scenario.ssda903_table``), or read now if it has none for its file."""
    table = getattr(scenario, "ssda903_table", None)
    horizon = scenario.horizon_days * 24.0
    if table is None or (table.file, table.epoch, table.horizon_hours) != (
            str(scenario.ssda903), scenario.epoch, horizon):
        table = read_missing_periods(scenario.ssda903, header_path=scenario.ssda903_header,
                                     epoch=scenario.epoch, horizon_hours=horizon)
    return table.episodes(scenario.onset_profile or ONSET_DEFAULT, rng=rng)
