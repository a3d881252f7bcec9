"""Calendar arithmetic: opening hours, bank holidays, 24/7 rosters, deadlines and hour of week.

Every function here is pure and shared by the deadline analysis and the simulation engine. Every
datetime taken must be timezone-aware (a naive one raises ValueError); every datetime returned is
in Europe/London. Elapsed time is always computed in UTC, so a UK clock change never adds or loses
an hour of work: local wall-clock times are used only to decide *when* a calendar is open and, for
calendar units (years, months, days), which local day and time a duration lands on.

Opening intervals are half-open, ``[opening, closing)``: an office open 09:00-17:00 is open at
09:00 and closed at 17:00.
"""

from __future__ import annotations

import calendar as month_lengths
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from zoneinfo import ZoneInfo

import holidays

from models.data.durations import Duration, parse_duration
from models.data.model import CALENDARS, Calendar

__all__ = [
    "DEFAULT_YEARS",
    "LONDON",
    "STAFF_HOURS",
    "Calendar",
    "StaffHours",
    "WorkingCalendar",
    "add_duration",
    "add_working_hours",
    "duration_parts",
    "hour_of_week",
    "is_open",
    "is_school_day",
    "is_working_day",
    "next_open",
    "opening_hours_on",
    "school_days_between",
    "staff_hours",
    "working_days_between",
    "working_hours_between",
]

LONDON = ZoneInfo("Europe/London")


class StaffHours(StrEnum):
    """When a role's staff can work: a scenario's staffing ``calendar`` (but ``roster``), the
    hours a role keeps in ``models/catalogue.yaml`` (:func:`staff_hours`), and the calendar a
    task waits for in the deadline analysis. A member is its name as a string."""

    OFFICE_HOURS = "office_hours"
    ALWAYS = "always"
    OUT_OF_HOURS = "out_of_hours"


STAFF_HOURS: tuple[str, ...] = tuple(h.value for h in StaffHours)
"""The staff calendar names, in the order of ``StaffHours``."""

_STAFF_HOURS_NAMES: dict[str, StaffHours] = {
    **{h.value: h for h in StaffHours},
    "office": StaffHours.OFFICE_HOURS,  # a role's hours in models/catalogue.yaml
    "always_open": StaffHours.ALWAYS,  # WorkingCalendar.always_open's name
}


def staff_hours(name: str) -> StaffHours | None:
    """The staff calendar a name stands for: a role's ``hours`` in ``models/catalogue.yaml``
    (``office``, ``always``, ``out_of_hours``) or a calendar name; None for any other name.
    The one place these names are mapped.

    >>> staff_hours("office").value
    'office_hours'
    >>> staff_hours("fortnightly") is None
    True
    """
    return _STAFF_HOURS_NAMES.get(name)

DEFAULT_YEARS = range(2000, 2061)
"""Years whose England and Wales bank holidays a calendar knows unless told otherwise."""

Interval = tuple[int, int]
"""Minutes after local midnight, half-open: ``(540, 1020)`` is 09:00-17:00; 1440 is midnight."""
DayHours = tuple[Interval, ...]

_DAY_MINUTES = 1440
_FULL_DAY: DayHours = ((0, _DAY_MINUTES),)
_MAX_CLOSED_DAYS = 2 * 366  # a calendar closed this long is a mistake, not a roster
_OFFICE_WEEKDAYS: Mapping[int, tuple[dt.time, dt.time]] = {
    day: (dt.time(9), dt.time(17)) for day in range(5)
}


@dataclass(frozen=True)
class WorkingCalendar:
    """When a role is open for work, and which days count as working days and school days.

    Parameters
    ----------
    name : str
        Label used in messages.
    weekly_hours : tuple of 7 DayHours
        Opening intervals per weekday, Monday first, in local minutes after midnight.
    holiday_hours : DayHours
        Opening intervals on a bank holiday or a closed date (empty for an office).
    bank_holidays : frozenset of date
        England and Wales bank holidays for the years in ``holiday_years``.
    holiday_years : tuple of int
        First and last year (inclusive) ``bank_holidays`` covers; asking about a date outside
        raises ValueError whenever the answer could depend on a bank holiday.
    closed_dates : frozenset of date
        Extra dates treated like bank holidays (an office closure day).
    school_holidays : tuple of (date, date)
        Inclusive ranges with no school days (terms, half terms).
    """

    name: str
    weekly_hours: tuple[DayHours, ...]
    holiday_hours: DayHours = ()
    bank_holidays: frozenset[dt.date] = frozenset()
    holiday_years: tuple[int, int] = (DEFAULT_YEARS[0], DEFAULT_YEARS[-1])
    closed_dates: frozenset[dt.date] = frozenset()
    school_holidays: tuple[tuple[dt.date, dt.date], ...] = ()

    def __post_init__(self) -> None:
        """Check the shape of the opening hours and the school holiday ranges."""
        if len(self.weekly_hours) != 7:
            msg = f"calendar '{self.name}': weekly_hours needs 7 days, got {len(self.weekly_hours)}"
            raise ValueError(msg)
        for hours in (*self.weekly_hours, self.holiday_hours):
            _check_day_hours(self.name, hours)
        for first, last in self.school_holidays:
            if first > last:
                msg = f"calendar '{self.name}': school holiday {first}..{last} starts after it ends"
                raise ValueError(msg)
        if self.holiday_years[0] > self.holiday_years[1]:
            msg = f"calendar '{self.name}': holiday_years {self.holiday_years} is empty"
            raise ValueError(msg)

    @classmethod
    def office_hours(
        cls,
        hours: Mapping[int, tuple[dt.time, dt.time]] | None = None,
        *,
        closed_dates: Iterable[dt.date] = (),
        school_holidays: Iterable[tuple[dt.date, dt.date]] = (),
        years: range = DEFAULT_YEARS,
        name: str = "office_hours",
    ) -> WorkingCalendar:
        """Office hours, closed on England and Wales bank holidays and on ``closed_dates``.

        Parameters
        ----------
        hours : mapping of weekday (0 = Monday) to (opening, closing), optional
            Default Monday to Friday 09:00-17:00. A closing time of 00:00 means midnight.
        closed_dates : iterable of date
            Extra days closed all day.
        school_holidays : iterable of (date, date)
            Inclusive ranges that are not school days.
        years : range
            Years whose bank holidays to load (from the ``holidays`` package, GB subdivision ENG).
        name : str
            Label used in messages.

        Returns
        -------
        WorkingCalendar

        Examples
        --------
        >>> office = WorkingCalendar.office_hours(years=range(2026, 2028))
        >>> dt.date(2026, 12, 28) in office.bank_holidays  # Boxing Day substitute
        True
        """
        table = _OFFICE_WEEKDAYS if hours is None else hours
        weekly: list[DayHours] = []
        for day in range(7):
            if day in table:
                opening, closing = table[day]
                weekly.append(((_minutes(opening), _minutes(closing, closing=True)),))
            else:
                weekly.append(())
        unknown = sorted(set(table) - set(range(7)))
        if unknown:
            msg = f"calendar '{name}': weekdays are 0 (Monday) to 6, got {unknown}"
            raise ValueError(msg)
        return cls(
            name=name,
            weekly_hours=tuple(weekly),
            holiday_hours=(),
            bank_holidays=_england_and_wales_bank_holidays(years),
            holiday_years=(years[0], years[-1]),
            closed_dates=frozenset(closed_dates),
            school_holidays=tuple(sorted(school_holidays)),
        )

    @classmethod
    def always_open(cls, *, years: range = DEFAULT_YEARS) -> WorkingCalendar:
        """Open 24 hours a day, every day (police, emergency duty team).

        Bank holidays are still recorded so that school days can be counted.

        Examples
        --------
        >>> WorkingCalendar.always_open(years=range(2026, 2027)).weekly_hours[6]
        ((0, 1440),)
        """
        return cls(
            name="always_open",
            weekly_hours=(_FULL_DAY,) * 7,
            holiday_hours=_FULL_DAY,
            bank_holidays=_england_and_wales_bank_holidays(years),
            holiday_years=(years[0], years[-1]),
        )

    @classmethod
    def out_of_hours(cls, office: WorkingCalendar | None = None) -> WorkingCalendar:
        """Open exactly when ``office`` is closed: evenings, nights, weekends and bank holidays.

        Parameters
        ----------
        office : WorkingCalendar, optional
            The office whose complement to take; default ``office_hours()``.

        Examples
        --------
        >>> office = WorkingCalendar.office_hours(years=range(2026, 2027))
        >>> WorkingCalendar.out_of_hours(office).weekly_hours[0]
        ((0, 540), (1020, 1440))
        """
        base = cls.office_hours() if office is None else office
        return cls(
            name="out_of_hours",
            weekly_hours=tuple(_complement(hours) for hours in base.weekly_hours),
            holiday_hours=_complement(base.holiday_hours),
            bank_holidays=base.bank_holidays,
            holiday_years=base.holiday_years,
            closed_dates=base.closed_dates,
            school_holidays=base.school_holidays,
        )


def opening_hours_on(cal: WorkingCalendar, day: dt.date) -> DayHours:
    """Return the opening intervals of ``cal`` on the local date ``day``.

    Raises
    ------
    ValueError
        When ``day`` is outside ``cal.holiday_years`` and a bank holiday would change the answer.
    """
    regular = cal.weekly_hours[day.weekday()]
    if day in cal.closed_dates:
        return cal.holiday_hours
    if regular != cal.holiday_hours:
        _check_year(cal, day)
    if day in cal.bank_holidays:
        return cal.holiday_hours
    return regular


def is_working_day(cal: WorkingCalendar, day: dt.date) -> bool:
    """Return whether ``cal`` opens at all on the local date ``day``."""
    return bool(opening_hours_on(cal, day))


def is_school_day(cal: WorkingCalendar, day: dt.date) -> bool:
    """Return whether ``day`` is a school day.

    A school day is a Monday to Friday that is not a bank holiday, not one of ``cal.closed_dates``
    and not inside a ``cal.school_holidays`` range. Opening hours play no part.
    """
    if day.weekday() >= 5 or day in cal.closed_dates:
        return False
    _check_year(cal, day)
    if day in cal.bank_holidays:
        return False
    return not any(first <= day <= last for first, last in cal.school_holidays)


def is_open(cal: WorkingCalendar, t: dt.datetime) -> bool:
    """Return whether ``cal`` is open at the instant ``t``.

    Examples
    --------
    >>> office = WorkingCalendar.office_hours(years=range(2026, 2027))
    >>> is_open(office, dt.datetime(2026, 12, 7, 9, 0, tzinfo=LONDON))
    True
    >>> is_open(office, dt.datetime(2026, 12, 7, 17, 0, tzinfo=LONDON))
    False
    """
    instant = _utc(t)
    day = instant.astimezone(LONDON).date()
    return any(
        start <= instant < end for start, end in _day_intervals(cal, day)
    )


def next_open(cal: WorkingCalendar, t: dt.datetime) -> dt.datetime:
    """Return the first instant at or after ``t`` when ``cal`` is open (``t`` itself if open).

    Examples
    --------
    >>> office = WorkingCalendar.office_hours(years=range(2026, 2027))
    >>> next_open(office, dt.datetime(2026, 12, 4, 18, 0, tzinfo=LONDON)).isoformat()
    '2026-12-07T09:00:00+00:00'
    """
    instant = _utc(t)
    start, _ = next(_intervals_from(cal, instant))
    return max(start, instant).astimezone(LONDON)


def add_working_hours(cal: WorkingCalendar, t: dt.datetime, hours: float) -> dt.datetime:
    """Return when ``hours`` of hands-on work started at ``t`` is done, working only while open.

    Work started while ``cal`` is closed begins at the next opening; work pauses at each closing
    and resumes at the next opening. Hours are elapsed (UTC) time, so a night shift spanning a
    clock change works its real length. For ``hours > 0`` the result is either an open instant
    or *exactly a closing time* (work that fills an interval ends at the closing, e.g. 8 hours
    from Monday 09:00 ends Monday 17:00, not Tuesday 09:00). ``hours == 0`` returns ``t``
    unchanged, so ``add(add(t, a), b) == add(t, a + b)`` holds for all ``a, b >= 0``.

    Parameters
    ----------
    cal : WorkingCalendar
        When the worker is available.
    t : datetime
        Timezone-aware start request time.
    hours : float
        Hands-on work, at least 0.

    Returns
    -------
    datetime
        Completion time in Europe/London.

    Raises
    ------
    ValueError
        If ``hours`` is negative or ``t`` is naive.

    Examples
    --------
    >>> office = WorkingCalendar.office_hours(years=range(2026, 2027))
    >>> friday_evening = dt.datetime(2026, 12, 4, 18, 0, tzinfo=LONDON)
    >>> add_working_hours(office, friday_evening, 2).isoformat()
    '2026-12-07T11:00:00+00:00'
    """
    if hours < 0:
        msg = f"working hours to add must be at least 0, got {hours}"
        raise ValueError(msg)
    instant = _utc(t)
    remaining = dt.timedelta(hours=hours)
    if not remaining:
        return instant.astimezone(LONDON)
    for start, end in _intervals_from(cal, instant):
        begin = max(start, instant)
        available = end - begin
        if remaining <= available:
            return (begin + remaining).astimezone(LONDON)
        remaining -= available
    raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover


def working_hours_between(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> float:
    """Return the open hours of ``cal`` in ``[start, end)``; 0 when ``end <= start``.

    The inverse of ``add_working_hours``: ``working_hours_between(cal, t, add_working_hours(cal,
    t, h)) == h``.
    """
    begin, finish = _utc(start), _utc(end)
    total = dt.timedelta(0)
    if finish <= begin:
        return 0.0
    for opening, closing in _intervals_from(cal, begin):
        if opening >= finish:
            break
        total += min(closing, finish) - max(opening, begin)
    return total / dt.timedelta(hours=1)


def working_days_between(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Return how many working days of ``cal`` have passed from ``start`` to ``end``.

    Counting starts from the *deemed start* ``next_open(cal, start)`` as in ``add_duration``: the
    result is the number of working days after the deemed start's local date up to and including
    ``end``'s local date, and 0 if there are none. For every ``t`` and ``n``,
    ``working_days_between(cal, t, add_duration(t, f"P{n}D", "working_days", cal)) == n``.
    """
    deemed = next_open(cal, start)
    return _days_counted(deemed.date(), _utc(end).astimezone(LONDON).date(),
                         partial(is_working_day, cal))


def school_days_between(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Return how many school days have passed from ``start`` to ``end``, as for working days.

    The deemed start is the first open instant of ``cal`` at or after ``start`` on a school day.
    """
    deemed = _next_open_on(cal, start, partial(is_school_day, cal))
    return _days_counted(deemed.date(), _utc(end).astimezone(LONDON).date(),
                         partial(is_school_day, cal))


def add_duration(
    t: dt.datetime,
    duration: str | Duration,
    calendar_name: str,
    cal: WorkingCalendar | None = None,
) -> dt.datetime:
    """Return when a timer or deadline of ``duration`` counted in ``calendar_name`` from ``t`` ends.

    ``clock``
        Years, months and days are calendar units on the Europe/London calendar (months as
        calendar months, clamped to the month's last day as in ``isodate``: 31 January + P1M =
        28 February; P1D = the same local time the next day, 23 or 25 hours across a clock
        change). The time part (``PT72H``) is elapsed time: PT72H is always 72 real hours.
        ``cal`` is not used.
    ``working_hours``
        ``PTnH`` (hours, minutes, seconds only) of open time of ``cal``, as
        ``add_working_hours``.
    ``working_days``
        ``PnD`` (days only; weeks are refused as ambiguous). Rule: the *deemed start* is
        ``s = next_open(cal, t)`` (``t`` itself when ``cal`` is open, else the next opening).
        The result is the same local time of day as ``s`` on the n-th working day (a day on
        which ``cal`` opens) after ``s``'s local date. So P1D is the next working day at the
        same time, never 24 working hours: Monday 10:00 gives Tuesday 10:00, Friday 16:00
        gives Monday 16:00, and Friday 17:30 (closed) is deemed Monday 09:00 and gives Tuesday
        09:00, which is the same working instant as Monday 17:00.
    ``school_days``
        As ``working_days`` over school days (``is_school_day``): the deemed start is the first
        open instant of ``cal`` on a school day.

    Parameters
    ----------
    t : datetime
        Timezone-aware anchor time.
    duration : str or Duration
        ISO 8601 duration.
    calendar_name : str
        One of ``clock``, ``working_hours``, ``working_days``, ``school_days``.
    cal : WorkingCalendar, optional
        Required for every calendar but ``clock``.

    Returns
    -------
    datetime
        The end in Europe/London.

    Raises
    ------
    ValueError
        For an unknown calendar, a missing ``cal``, a naive ``t``, or a duration the calendar
        cannot count (days in ``working_hours``, hours or months in ``working_days``).

    Examples
    --------
    >>> saturday = dt.datetime(2026, 12, 5, 2, 0, tzinfo=LONDON)
    >>> add_duration(saturday, "P3D", "clock").isoformat()
    '2026-12-08T02:00:00+00:00'
    >>> office = WorkingCalendar.office_hours(years=range(2026, 2027))
    >>> friday_late = dt.datetime(2026, 12, 4, 17, 30, tzinfo=LONDON)
    >>> add_duration(friday_late, "P1D", "working_days", office).isoformat()
    '2026-12-08T09:00:00+00:00'
    """
    parsed = duration if isinstance(duration, Duration) else parse_duration(duration)
    instant = _utc(t)
    if calendar_name not in CALENDARS:
        msg = f"unknown calendar '{calendar_name}' (expected one of {', '.join(CALENDARS)})"
        raise ValueError(msg)
    if calendar_name == "clock":
        return _add_clock(instant, parsed)
    if cal is None:
        msg = f"calendar '{calendar_name}' needs a WorkingCalendar to count '{parsed.text}'"
        raise ValueError(msg)
    years, months, days, hours = duration_parts(parsed)
    if calendar_name == "working_hours":
        if years or months or days:
            msg = (f"'{parsed.text}' in working_hours: only hours and minutes count in working "
                   "hours (write e.g. 'PT8H', or use working_days)")
            raise ValueError(msg)
        return add_working_hours(cal, instant, hours)
    if years or months or hours or "W" in parsed.text:
        msg = (f"'{parsed.text}' in {calendar_name}: only whole days count in {calendar_name} "
               "(write e.g. 'P1D', 'P5D')")
        raise ValueError(msg)
    day_test = is_working_day if calendar_name == "working_days" else is_school_day
    counts = partial(day_test, cal)
    deemed = _next_open_on(cal, instant, counts)
    target = _nth_day_after(deemed.date(), days, counts)
    wall = dt.datetime.combine(target, deemed.time(), tzinfo=LONDON)
    return _utc(wall).astimezone(LONDON)


def hour_of_week(t: dt.datetime) -> int:
    """Return the local hour of the week, 0 (Monday 00:00-00:59) to 167 (Sunday 23:00-23:59).

    Examples
    --------
    >>> hour_of_week(dt.datetime(2026, 12, 4, 18, 0, tzinfo=LONDON))
    114
    """
    local = _utc(t).astimezone(LONDON)
    return local.weekday() * 24 + local.hour


def _utc(t: dt.datetime) -> dt.datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        msg = f"datetime {t.isoformat()} is naive: calendars need a timezone-aware datetime"
        raise ValueError(msg)
    return t.astimezone(dt.UTC)


def _minutes(t: dt.time, *, closing: bool = False) -> int:
    minutes = t.hour * 60 + t.minute
    if closing and minutes == 0:
        return _DAY_MINUTES
    return minutes


def _check_day_hours(name: str, hours: DayHours) -> None:
    previous = 0
    for start, end in hours:
        if not (previous <= start < end <= _DAY_MINUTES):
            msg = (f"calendar '{name}': opening hours {hours} must be sorted, non-overlapping "
                   "intervals within the day, each opening before it closes")
            raise ValueError(msg)
        previous = end


def _complement(hours: DayHours) -> DayHours:
    gaps: list[Interval] = []
    cursor = 0
    for start, end in hours:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = end
    if cursor < _DAY_MINUTES:
        gaps.append((cursor, _DAY_MINUTES))
    return tuple(gaps)


def _england_and_wales_bank_holidays(years: range) -> frozenset[dt.date]:
    if not years:
        msg = "years must not be empty"
        raise ValueError(msg)
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=list(years)).keys())


def _check_year(cal: WorkingCalendar, day: dt.date) -> None:
    first, last = cal.holiday_years
    if not first <= day.year <= last:
        msg = (f"calendar '{cal.name}' knows bank holidays for {first}-{last} only, "
               f"not for {day.isoformat()}")
        raise ValueError(msg)


def _local_instant(day: dt.date, minutes: int) -> dt.datetime:
    # A wall time in the spring-forward gap resolves through fold=0 to the pre-change offset,
    # i.e. to the instant the clocks jumped over it; UTC makes it a real instant.
    day, minutes = day + dt.timedelta(days=minutes // _DAY_MINUTES), minutes % _DAY_MINUTES
    wall = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=LONDON)
    return wall.astimezone(dt.UTC)


def _day_intervals(cal: WorkingCalendar, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    for start, end in opening_hours_on(cal, day):
        yield _local_instant(day, start), _local_instant(day, end)


def _intervals_from(
    cal: WorkingCalendar, instant: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Yield the open intervals (UTC) that end after ``instant``, in order, without end."""
    day = instant.astimezone(LONDON).date()
    closed_run = 0
    while True:
        any_open = False
        for start, end in _day_intervals(cal, day):
            any_open = True
            if end > instant:
                yield start, end
        closed_run = 0 if any_open else closed_run + 1
        if closed_run > _MAX_CLOSED_DAYS:
            msg = f"calendar '{cal.name}' is closed for more than {_MAX_CLOSED_DAYS} days"
            raise ValueError(msg)
        day += dt.timedelta(days=1)


def _next_open_on(
    cal: WorkingCalendar, t: dt.datetime, counts: Callable[[dt.date], bool]
) -> dt.datetime:
    candidate = next_open(cal, t)
    for _ in range(_MAX_CLOSED_DAYS):
        if counts(candidate.date()):
            return candidate
        next_midnight = _local_instant(candidate.date(), _DAY_MINUTES)
        candidate = next_open(cal, next_midnight)
    msg = f"calendar '{cal.name}' has no counted day open within {_MAX_CLOSED_DAYS} days"
    raise ValueError(msg)


def _nth_day_after(day: dt.date, n: int, counts: Callable[[dt.date], bool]) -> dt.date:
    skipped = 0
    while n > 0:
        day += dt.timedelta(days=1)
        if counts(day):
            n -= 1
            skipped = 0
        else:
            skipped += 1
            if skipped > _MAX_CLOSED_DAYS:
                msg = f"no counted day within {_MAX_CLOSED_DAYS} days after {day.isoformat()}"
                raise ValueError(msg)
    return day


def _days_counted(first: dt.date, last: dt.date, counts: Callable[[dt.date], bool]) -> int:
    total = 0
    day = first + dt.timedelta(days=1)
    while day <= last:
        total += counts(day)
        day += dt.timedelta(days=1)
    return total


def duration_parts(duration: Duration) -> tuple[int, int, int, float]:
    """Split into (years, months, days, hours) with days from the date part only.

    ``Duration`` folds whole days of the time part into ``days`` (PT72H has days=3), but a
    calendar day and 24 elapsed hours differ across a clock change and in working calendars,
    so the days are re-read from the text before the ``T``.
    """
    date_part = duration.text.split("T", 1)[0]
    weeks = re.search(r"(\d+)W", date_part)
    days = re.search(r"(\d+)D", date_part)
    calendar_days = (int(weeks.group(1)) * 7 if weeks else 0) + (int(days.group(1)) if days else 0)
    hours = (duration.days - calendar_days) * 24 + duration.hours
    return duration.years, duration.months, calendar_days, hours


def _add_clock(instant: dt.datetime, duration: Duration) -> dt.datetime:
    years, months, days, hours = duration_parts(duration)
    if years or months or days:
        local = instant.astimezone(LONDON)
        month_index = local.month - 1 + months
        year = local.year + years + month_index // 12
        month = month_index % 12 + 1
        day = min(local.day, month_lengths.monthrange(year, month)[1])
        date = dt.date(year, month, day) + dt.timedelta(days=days)
        wall = dt.datetime.combine(date, local.time(), tzinfo=LONDON).replace(fold=local.fold)
        instant = wall.astimezone(dt.UTC)
    return (instant + dt.timedelta(hours=hours)).astimezone(LONDON)
