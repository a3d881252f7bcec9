"""ISO 8601 durations as written in timers and deadlines: one grammar, one error style."""

from __future__ import annotations

import re

import isodate

__all__ = ["Duration", "parse_duration"]

_SHAPE = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


class Duration(str):
    """A parsed duration: its ISO 8601 text, as written, with its calendar parts (years,
    months, days) and its time part in hours.

    A ``Duration`` is its text (a ``str``): it compares, hashes, formats, serialises and is
    written back exactly as the text it was read from, so a model or scenario keeps its values
    typed from the reader on without changing any output. Immutable; only
    :func:`parse_duration` makes one.
    """

    years: int
    months: int
    days: int
    hours: float

    def __new__(cls, text: str, years: int, months: int, days: int, hours: float) -> Duration:
        self = super().__new__(cls, text)
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "hours", hours)
        return self

    def __getnewargs__(self) -> tuple[str, int, int, int, float]:  # type: ignore[override]
        return (str(self), self.years, self.months, self.days, self.hours)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Duration is immutable (cannot set {name!r})")

    @property
    def text(self) -> str:
        """The ISO 8601 text, as a plain ``str``."""
        return str.__str__(self)

    @property
    def nominal_hours(self) -> float:
        """Length in hours taking a month as 30 days and a year as 365 (for comparisons only)."""
        return (self.years * 365 + self.months * 30 + self.days) * 24 + self.hours

    @property
    def whole_days(self) -> int | None:
        """The number of days when the duration is a whole number of days (or weeks), else None."""
        if self.years or self.months or self.hours:
            return None
        return self.days

    def __str__(self) -> str:
        return self.text


def parse_duration(text: str) -> Duration:
    """Parse ``PT72H``, ``P3D``, ``P1W``, ``P1M``, ``P6M``, ``PT30M``; a ``Duration`` (parsed
    already, by the reader or a scenario's loader) is returned as it is.

    Raises ValueError naming the text when it is not an ISO 8601 duration.

    >>> parse_duration("PT72H").nominal_hours
    72.0
    >>> parse_duration("P1W").days
    7
    >>> parse_duration("PT24H").whole_days is None
    True
    """
    if isinstance(text, Duration):
        return text
    raw = (text or "").strip()
    if not _SHAPE.match(raw):
        raise ValueError(f"'{text}' is not an ISO 8601 duration (expected e.g. 'PT72H', 'P3D')")
    isodate.parse_duration(raw)  # the library's own check of the grammar
    m = _SHAPE.match(raw)
    assert m is not None

    def part(i: int) -> float:
        g = m.group(i)
        return float(g[:-1]) if g else 0.0

    years, months, weeks, days = (int(part(i)) for i in (1, 2, 3, 4))
    hours = part(6) + part(7) / 60 + part(8) / 3600
    return Duration(raw, years, months, weeks * 7 + days, hours)
