"""Calendar arithmetic: hand-computed deadlines, bank holidays, clock changes and properties.

Reference times below were worked out by hand from the 2026-2027 calendar and the published
England and Wales bank holidays (gov.uk/bank-holidays); the UK clocks go forward at 01:00 GMT
on Sunday 2027-03-28.
"""

from __future__ import annotations

import datetime as dt

import isodate
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.data.calendars import (
    LONDON,
    WorkingCalendar,
    add_duration,
    add_working_hours,
    hour_of_week,
    is_open,
    is_school_day,
    is_working_day,
    next_open,
    opening_hours_on,
    school_days_between,
    working_days_between,
    working_hours_between,
)

YEARS = range(2025, 2030)
OFFICE = WorkingCalendar.office_hours(years=YEARS)
OUT_OF_HOURS = WorkingCalendar.out_of_hours(OFFICE)
ALWAYS = WorkingCalendar.always_open(years=YEARS)
HALF_TERM = (dt.date(2027, 2, 15), dt.date(2027, 2, 19))
SCHOOL = WorkingCalendar.office_hours(years=YEARS, school_holidays=[HALF_TERM])
CALENDARS = {"office": OFFICE, "out_of_hours": OUT_OF_HOURS, "always_open": ALWAYS}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def elapsed_hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)) / dt.timedelta(hours=1)


# -- bank holidays from the `holidays` package, subdivision ENG --------------------------------


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 12, 25),  # Christmas Day, Friday
        dt.date(2026, 12, 28),  # Boxing Day substitute, Monday
        dt.date(2027, 3, 26),  # Good Friday
        dt.date(2027, 3, 29),  # Easter Monday
        dt.date(2027, 5, 31),  # Spring bank holiday
        dt.date(2027, 12, 27),  # Christmas Day substitute
        dt.date(2027, 12, 28),  # Boxing Day substitute
    ],
)
def test_england_and_wales_bank_holidays_close_the_office(day: dt.date) -> None:
    assert day in OFFICE.bank_holidays
    assert not is_working_day(OFFICE, day)
    assert opening_hours_on(OUT_OF_HOURS, day) == ((0, 1440),)


def test_scottish_only_holidays_are_not_included() -> None:
    # 2 January is a bank holiday in Scotland only; St Andrew's Day likewise.
    assert dt.date(2027, 1, 4) not in OFFICE.bank_holidays
    assert is_working_day(OFFICE, dt.date(2027, 1, 4))
    assert dt.date(2026, 11, 30) not in OFFICE.bank_holidays


# -- the worked cases ---------------------------------------------------------------------------


def test_return_friday_evening_interview_done_monday_within_72_hours() -> None:
    returned = at(2026, 12, 4, 18)
    assert next_open(OFFICE, returned) == at(2026, 12, 7, 9)
    done = add_working_hours(OFFICE, returned, 2)
    assert done == at(2026, 12, 7, 11)
    deadline = add_duration(returned, "PT72H", "clock")
    assert deadline == at(2026, 12, 7, 18)
    assert done <= deadline


def test_return_before_bank_holiday_monday_breaches_72_hours() -> None:
    returned = at(2027, 5, 28, 18)  # Friday; Monday 31 May is the Spring bank holiday
    done = add_working_hours(OFFICE, returned, 2)
    assert done == at(2027, 6, 1, 11)
    deadline = add_duration(returned, "PT72H", "clock")
    assert deadline == at(2027, 5, 31, 18)
    assert done > deadline


def test_within_three_days_clock_from_saturday_2am() -> None:
    reported = at(2026, 12, 5, 2)
    assert add_duration(reported, "P3D", "clock") == at(2026, 12, 8, 2)
    assert add_duration(reported, "PT72H", "clock") == at(2026, 12, 8, 2)


def test_working_days_across_christmas() -> None:
    # 24 Dec 2026 is Thursday; 25 (Fri) and 28 (Mon, substitute) are bank holidays.
    assert add_duration(at(2026, 12, 24, 10), "P1D", "working_days", OFFICE) == at(2026, 12, 29, 10)
    # 24, 29, 30, 31 Dec, (1 Jan bank holiday), 4 Jan.
    assert add_duration(at(2026, 12, 23, 14), "P5D", "working_days", OFFICE) == at(2027, 1, 4, 14)


def test_one_working_day_from_friday_after_closing() -> None:
    friday_late = at(2026, 12, 4, 17, 30)
    due = add_duration(friday_late, "P1D", "working_days", OFFICE)
    assert due == at(2026, 12, 8, 9)  # deemed received Monday 09:00, due Tuesday 09:00
    # ...which is the same working instant as the close of Monday.
    assert working_hours_between(OFFICE, at(2026, 12, 7, 17), due) == 0
    assert working_days_between(OFFICE, friday_late, due) == 1


def test_one_working_day_is_not_24_working_hours() -> None:
    monday = at(2026, 12, 7, 10)
    assert add_duration(monday, "P1D", "working_days", OFFICE) == at(2026, 12, 8, 10)
    assert add_duration(monday, "PT24H", "working_hours", OFFICE) == at(2026, 12, 10, 10)
    assert add_duration(at(2026, 12, 4, 16), "P1D", "working_days", OFFICE) == at(2026, 12, 7, 16)


def test_working_days_from_friday_at_closing_time() -> None:
    # 17:00 is closed (intervals are half-open), so it is deemed Monday 09:00.
    assert add_duration(at(2026, 12, 4, 17), "P1D", "working_days", OFFICE) == at(2026, 12, 8, 9)


def test_working_days_over_easter_and_the_clock_change() -> None:
    # Thursday 25 March 2027 12:00 GMT; Good Friday and Easter Monday closed; BST from Sunday.
    due = add_duration(at(2027, 3, 25, 12), "P1D", "working_days", OFFICE)
    assert due == at(2027, 3, 30, 12)
    assert due.utcoffset() == dt.timedelta(hours=1)


def test_school_days_skip_half_term() -> None:
    # Wednesday 10 Feb 2027: 11, 12, (15-19 half term), 22-26, 1, 2, 3 March.
    due = add_duration(at(2027, 2, 10, 10), "P10D", "school_days", SCHOOL)
    assert due == at(2027, 3, 3, 10)
    assert school_days_between(SCHOOL, at(2027, 2, 10, 10), due) == 10
    assert not is_school_day(SCHOOL, dt.date(2027, 2, 17))
    assert is_working_day(SCHOOL, dt.date(2027, 2, 17))


def test_school_days_start_from_the_next_school_day_opening() -> None:
    # Reported in half term: deemed start Monday 22 Feb 09:00, two school days later Wednesday.
    due = add_duration(at(2027, 2, 16, 13), "P2D", "school_days", SCHOOL)
    assert due == at(2027, 2, 24, 9)


def test_working_hours_calendar_via_add_duration() -> None:
    assert add_duration(at(2026, 12, 4, 18), "PT2H", "working_hours", OFFICE) == at(2026, 12, 7, 11)
    assert add_duration(at(2026, 12, 4, 16), "PT1H30M", "working_hours", OFFICE) == at(
        2026, 12, 7, 9, 30
    )


def test_work_filling_the_day_ends_at_closing_not_next_opening() -> None:
    assert add_working_hours(OFFICE, at(2026, 12, 7, 9), 8) == at(2026, 12, 7, 17)
    assert add_working_hours(OFFICE, at(2026, 12, 7, 17), 1) == at(2026, 12, 8, 10)


def test_zero_hours_is_the_identity_even_when_closed() -> None:
    assert add_working_hours(OFFICE, at(2026, 12, 5, 3), 0) == at(2026, 12, 5, 3)


def test_out_of_hours_and_always_open_rosters() -> None:
    assert add_working_hours(ALWAYS, at(2026, 12, 4, 18), 2) == at(2026, 12, 4, 20)
    assert add_working_hours(OUT_OF_HOURS, at(2026, 12, 7, 16), 2) == at(2026, 12, 7, 19)
    # Monday 17:00-24:00 is 7 hours, then Tuesday 00:00-03:00.
    assert add_working_hours(OUT_OF_HOURS, at(2026, 12, 7, 17), 10) == at(2026, 12, 8, 3)
    # The emergency duty team works the whole Boxing Day substitute Monday.
    assert is_open(OUT_OF_HOURS, at(2026, 12, 28, 12))
    assert not is_open(OFFICE, at(2026, 12, 28, 12))


# -- the clock change ---------------------------------------------------------------------------


def test_clock_hours_are_elapsed_across_bst_start() -> None:
    saturday = at(2027, 3, 27, 2)  # GMT
    end = add_duration(saturday, "PT72H", "clock")
    assert end == at(2027, 3, 30, 3)  # BST: the wall clock jumped an hour
    assert elapsed_hours(saturday, end) == 72


def test_clock_days_are_local_days_across_bst_start() -> None:
    saturday = at(2027, 3, 27, 2)
    end = add_duration(saturday, "P3D", "clock")
    assert end == at(2027, 3, 30, 2)
    assert elapsed_hours(saturday, end) == 71


def test_night_shift_over_bst_start_works_real_hours() -> None:
    start = at(2027, 3, 28, 0, 30)  # 00:30 GMT, Sunday
    assert add_working_hours(ALWAYS, start, 3) == at(2027, 3, 28, 4, 30)  # 03:30 UTC
    # The out-of-hours Sunday has 23 real hours.
    assert working_hours_between(OUT_OF_HOURS, at(2027, 3, 28), at(2027, 3, 29)) == 23
    assert working_hours_between(OUT_OF_HOURS, at(2027, 10, 31), at(2027, 11, 1)) == 25


def test_clock_months_are_calendar_months_like_isodate() -> None:
    assert add_duration(at(2027, 1, 31, 10), "P1M", "clock") == at(2027, 2, 28, 10)
    assert isodate.parse_duration("P1M") + dt.date(2027, 1, 31) == dt.date(2027, 2, 28)
    assert add_duration(at(2026, 8, 31, 10), "P6M", "clock") == at(2027, 2, 28, 10)
    assert add_duration(at(2027, 6, 15, 10), "P1Y", "clock") == at(2028, 6, 15, 10)


def test_hour_of_week_reference_values() -> None:
    assert hour_of_week(at(2026, 12, 7, 0, 30)) == 0
    assert hour_of_week(at(2026, 12, 4, 18)) == 114
    assert hour_of_week(at(2026, 12, 13, 23, 59)) == 167
    assert hour_of_week(dt.datetime(2026, 12, 7, 0, 30, tzinfo=dt.UTC)) == 0


# -- bad input ---------------------------------------------------------------------------------


def test_naive_datetime_is_refused() -> None:
    naive = at(2026, 12, 4, 18).replace(tzinfo=None)
    with pytest.raises(ValueError, match="is naive") as raised:
        is_open(OFFICE, naive)
    assert "2026-12-04T18:00:00" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "calendar", "message"),
    [
        ("P1D", "working_hours", "only hours and minutes count in working hours"),
        ("PT4H", "working_days", "only whole days count in working_days"),
        ("P1M", "working_days", "only whole days count in working_days"),
        ("P1W", "school_days", "only whole days count in school_days"),
        ("P1D", "business_days", "unknown calendar 'business_days'"),
    ],
)
def test_durations_a_calendar_cannot_count(text: str, calendar: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        add_duration(at(2026, 12, 7, 10), text, calendar, OFFICE)


def test_hours_of_a_whole_day_are_not_a_day() -> None:
    # PT24H is 24 elapsed hours, P1D one local day: 25 hours when the clocks go back.
    saturday = at(2027, 10, 30, 12)
    assert add_duration(saturday, "PT24H", "clock") == at(2027, 10, 31, 11)
    assert add_duration(saturday, "P1D", "clock") == at(2027, 10, 31, 12)
    # Calendar part first (Friday 12:00 -> Saturday 12:00 BST), then 24 elapsed hours.
    assert add_duration(at(2027, 10, 29, 12), "P1DT24H", "clock") == at(2027, 10, 31, 11)
    with pytest.raises(ValueError, match="only whole days count in working_days"):
        add_duration(saturday, "PT24H", "working_days", OFFICE)


def test_calendar_needed_beyond_clock() -> None:
    with pytest.raises(ValueError, match="needs a WorkingCalendar"):
        add_duration(at(2026, 12, 7, 10), "P1D", "working_days")


def test_negative_hours_refused() -> None:
    with pytest.raises(ValueError, match="at least 0"):
        add_working_hours(OFFICE, at(2026, 12, 7, 10), -1)


def test_dates_outside_the_loaded_years_are_refused() -> None:
    with pytest.raises(ValueError, match="knows bank holidays for 2025-2029 only"):
        is_open(OFFICE, at(2031, 1, 6, 10))
    assert is_open(ALWAYS, at(2031, 1, 6, 10))  # bank holidays cannot matter 24/7


def test_bad_opening_hours_refused() -> None:
    with pytest.raises(ValueError, match="must be sorted"):
        WorkingCalendar.office_hours({0: (dt.time(17), dt.time(9))}, years=YEARS)
    with pytest.raises(ValueError, match="weekdays are 0"):
        WorkingCalendar.office_hours({7: (dt.time(9), dt.time(17))}, years=YEARS)


def test_custom_hours_and_closed_dates() -> None:
    late = WorkingCalendar.office_hours(
        {day: (dt.time(10), dt.time(0)) for day in range(7)},
        closed_dates=[dt.date(2026, 12, 9)],
        years=YEARS,
    )
    assert is_open(late, at(2026, 12, 12, 23, 30))  # Saturday, open until midnight
    assert not is_open(late, at(2026, 12, 9, 12))
    assert add_working_hours(late, at(2026, 12, 8, 23), 2) == at(2026, 12, 10, 11)


# -- properties --------------------------------------------------------------------------------

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
CLOCK_CHANGES = [
    dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC),
    dt.datetime(2027, 3, 28, 1, tzinfo=dt.UTC),
    dt.datetime(2027, 10, 31, 1, tzinfo=dt.UTC),
]
anywhere = st.integers(0, 3 * 365 * 24 * 60).map(
    lambda minutes: EPOCH + dt.timedelta(minutes=minutes)
)
# Within ten days either side of a UK clock change, so that spans often cross one.
near_clock_change = st.builds(
    lambda change, minutes: change + dt.timedelta(minutes=minutes),
    st.sampled_from(CLOCK_CHANGES),
    st.integers(-10 * 24 * 60, 10 * 24 * 60),
)
instants = st.one_of(anywhere, near_clock_change).map(lambda t: t.astimezone(LONDON))
# Quarter hours are exact binary fractions, so the additivity property is exact.
work_hours = st.integers(0, 200 * 4).map(lambda quarters: quarters / 4)
calendars = st.sampled_from(sorted(CALENDARS))
MICROSECOND = dt.timedelta(microseconds=1)


@given(calendars, instants, work_hours.filter(lambda hours: hours > 0))
def test_positive_work_ends_open_or_exactly_at_closing(name: str, t: dt.datetime, h: float) -> None:
    cal = CALENDARS[name]
    done = add_working_hours(cal, t, h)
    assert done > t
    assert is_open(cal, done) or (is_open(cal, done - MICROSECOND) and not is_open(cal, done))


@given(calendars, instants, work_hours, work_hours)
def test_work_is_monotone_and_additive(name: str, t: dt.datetime, a: float, b: float) -> None:
    cal = CALENDARS[name]
    low, high = sorted((a, b))
    assert add_working_hours(cal, t, low) <= add_working_hours(cal, t, high)
    assert add_working_hours(cal, add_working_hours(cal, t, a), b) == add_working_hours(
        cal, t, a + b
    )


@given(calendars, instants, work_hours)
def test_working_hours_between_inverts_add(name: str, t: dt.datetime, h: float) -> None:
    cal = CALENDARS[name]
    assert working_hours_between(cal, t, add_working_hours(cal, t, h)) == h


@given(instants)
def test_out_of_hours_complements_office_hours(t: dt.datetime) -> None:
    assert is_open(OFFICE, t) != is_open(OUT_OF_HOURS, t)
    assert is_open(ALWAYS, t)


@given(calendars, instants)
def test_next_open_is_open_and_fixed_when_open(name: str, t: dt.datetime) -> None:
    cal = CALENDARS[name]
    opening = next_open(cal, t)
    assert opening >= t
    assert is_open(cal, opening)
    assert (opening == t) == is_open(cal, t)
    assert working_hours_between(cal, t, opening) == 0


@given(instants)
def test_hour_of_week_in_range(t: dt.datetime) -> None:
    hour = hour_of_week(t)
    assert 0 <= hour <= 167
    assert hour == t.weekday() * 24 + t.hour


@given(instants, st.integers(0, 200))
def test_clock_hours_are_elapsed(t: dt.datetime, hours: int) -> None:
    assert elapsed_hours(t, add_duration(t, f"PT{hours}H", "clock")) == hours


@given(instants, st.integers(1, 30))
def test_working_days_count_back_and_never_24_hours(t: dt.datetime, days: int) -> None:
    due = add_duration(t, f"P{days}D", "working_days", OFFICE)
    assert due > t
    assert working_days_between(OFFICE, t, due) == days
    deemed = next_open(OFFICE, t)
    assert (due.hour, due.minute) == (deemed.hour, deemed.minute)
    assert is_working_day(OFFICE, due.date())


@given(instants, st.integers(1, 30))
def test_school_days_count_back(t: dt.datetime, days: int) -> None:
    due = add_duration(t, f"P{days}D", "school_days", SCHOOL)
    assert school_days_between(SCHOOL, t, due) == days
    assert is_school_day(SCHOOL, due.date())
