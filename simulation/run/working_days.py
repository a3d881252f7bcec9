""""n working days after" in simulation hours, from a table of the run's days.

`models.data.calendars.add_duration` answers it with datetime arithmetic, as the rule is written:
the deemed start is the next opening (the time itself when open), and the end is the same local
time of day on the n-th working day after the deemed start's date. The engine asks it for every
working-day deadline it records, so this module precomputes, once a run, each local day's
midnight in simulation hours and the working days in order, and answers with two bisections.
Days on which London's clock changes are left to `add_duration` (None here), so the shortcut
never has to reason about a day that is not 24 hours long.
"""

from __future__ import annotations

import bisect
import datetime as dt

from models.data.calendars import LONDON, WorkingCalendar, is_working_day
from simulation.run.staffing import OpeningTimes

__all__ = ["WorkingDays"]


class WorkingDays:
    """The working days of ``cal`` from ``epoch``'s local date for ``days`` days."""

    def __init__(self, cal: WorkingCalendar, opening: OpeningTimes, epoch: dt.datetime,
                 days: int) -> None:
        self.opening = opening
        epoch_utc = epoch.astimezone(dt.UTC)
        first = epoch.astimezone(LONDON).date()
        self.midnights: list[float] = []
        self.clock_changes: list[bool] = []
        self.rank: list[int] = []  # the day's place among working days (-1: not one)
        self.working: list[int] = []  # the working days, by index
        for k in range(days + 1):
            day = first + dt.timedelta(days=k)
            midnight = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)
            after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
            self.midnights.append((midnight.astimezone(dt.UTC) - epoch_utc).total_seconds()
                                  / 3600)
            self.clock_changes.append(midnight.utcoffset() != after.utcoffset())
            try:
                works = is_working_day(cal, day)
            except ValueError:  # outside the calendar's bank-holiday years: stop the table
                self.midnights.pop()
                self.clock_changes.pop()
                break
            self.rank.append(len(self.working) if works else -1)
            if works:
                self.working.append(k)

    def after(self, start_hours: float, days: int) -> float | None:
        """When ``days`` working days from ``start_hours`` end, or None where the table does
        not answer (a clock-change day, or beyond the table): then ask `add_duration`."""
        starts, ends = self.opening.starts, self.opening.ends
        i = bisect.bisect_right(ends, start_hours)
        if i >= len(starts):
            return None
        deemed = max(start_hours, starts[i])
        k = bisect.bisect_right(self.midnights, deemed) - 1
        if k < 0 or k >= len(self.rank) or self.clock_changes[k] or self.rank[k] < 0:
            return None
        j = self.rank[k] + days
        if j >= len(self.working):
            return None
        target = self.working[j]
        if self.clock_changes[target]:
            return None
        # in timedelta arithmetic, so that the microseconds are those of `add_duration`
        step = (dt.timedelta(hours=self.midnights[target])
                + (dt.timedelta(hours=deemed) - dt.timedelta(hours=self.midnights[k])))
        return step.total_seconds() / 3600
