"""What a deadline is called in the outputs: its limit as actually run, and its element id when
two deadlines would otherwise read alike.

A deadline's name is the model's (``"Return home interview within 72 hours of return"``), and
its limit is the one in force after the scenario's overrides (:func:`deadline_limits`, from the
same :func:`simulation.run.plan.compile_plan` the engine runs). When a scenario changes the limit,
the name must not keep saying the old one, so :func:`deadline_label`:

- replaces, in the name, the first phrase stating the model's limit (``72 hours``, ``72-hour``,
  ``3 days``, ``one working day``, ``6 working days``; numbers in figures or words up to ten)
  by the limit in force, and drops a bracket right after it that restated the old limit
  (``"within 72 hours (three calendar days)"``);
- always adds ``[limit overridden by the scenario: model says 72 hours]``, or, when no phrase
  was found, ``[limit in force: 48 hours; model says 72 hours]``.

An unchanged limit leaves the name as written. :func:`label_deadlines` then adds the element id,
``[la_h_rhi]``, to every label that two deadlines of one authority share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.data.durations import Duration, parse_duration

__all__ = ["DeadlineLimit", "deadline_label", "deadline_limits", "label_deadlines",
           "limit_change", "limit_words", "relabel"]

DeadlineKey = tuple[str, str, str]  # element id, name as in the model, duty

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten")
_CALENDAR_UNIT = {"working_days": "working day", "school_days": "school day",
                  "working_hours": "working hour"}


@dataclass(frozen=True, slots=True)
class DeadlineLimit:
    """A deadline's limit in the model and in force in the scenario (ISO 8601 text)."""

    element_id: str
    name: str
    duty: str
    calendar: str
    model_limit: str
    limit: str
    immediate: bool = False
    """"Immediately", "without delay", "as soon as possible": ``limit`` is the scenario's
    tolerance (``immediate_tolerance``), an assumption of the tool, not a number of the text."""

    @property
    def words(self) -> str:
        """The limit in force in words; an immediate duty says so, with its tolerance."""
        if self.immediate:
            return f"immediately (tolerance {limit_words(self.limit, 'clock')}, assumed)"
        return limit_words(self.limit, self.calendar)

    @property
    def overridden(self) -> bool:
        """Whether the scenario changed the limit."""
        return parse_duration(self.limit).nominal_hours != \
            parse_duration(self.model_limit).nominal_hours

    @property
    def key(self) -> DeadlineKey:
        """(element id, name, duty), as the KPI tables key a deadline."""
        return self.element_id, self.name, self.duty


def _plural(n: float, unit: str) -> str:
    shown = f"{n:g}"
    return f"{shown} {unit}" + ("" if n == 1 else "s")


def limit_words(limit: str | Duration, calendar: str = "clock") -> str:
    """A limit in words: ``PT72H`` -> ``72 hours``; ``P1D`` on working days -> ``1 working day``.

    >>> limit_words("PT48H"), limit_words("P6D", "working_days"), limit_words("PT30M")
    ('48 hours', '6 working days', '30 minutes')
    """
    d = parse_duration(limit) if isinstance(limit, str) else limit
    unit_day = _CALENDAR_UNIT.get(calendar, "day") if calendar != "working_hours" else "day"
    unit_hour = "working hour" if calendar == "working_hours" else "hour"
    parts = []
    if d.years:
        parts.append(_plural(d.years, "year"))
    if d.months:
        parts.append(_plural(d.months, "month"))
    if d.days:
        parts.append(_plural(d.days, unit_day))
    if d.hours:
        whole = int(d.hours)
        minutes = round((d.hours - whole) * 60)
        if whole:
            parts.append(_plural(whole, unit_hour))
        if minutes:
            parts.append(_plural(minutes, "minute"))
    return " ".join(parts) or "0 hours"


def _phrase_pattern(limit: str, calendar: str) -> re.Pattern[str] | None:
    """How a name states the model's limit, when it is a single number of one unit."""
    d = parse_duration(limit)
    if d.years or d.months or (d.days and d.hours):
        return None
    if d.days:
        n, unit = d.days, {"working_days": r"working[ -]days?", "school_days": r"school[ -]days?"
                           }.get(calendar, r"(?:calendar[ -])?days?")
    elif d.hours == int(d.hours):
        n, unit = int(d.hours), r"(?:working[ -])?hours?"
    else:
        return None
    numbers = [str(n)] + ([_NUMBER_WORDS[n]] if n < len(_NUMBER_WORDS) else [])
    number = "|".join(re.escape(x) for x in numbers)
    return re.compile(rf"\b(?:{number})[ -]{unit}\b(?:\s*\([^)]*\b(?:hours?|days?)\b[^)]*\))?",
                      re.IGNORECASE)


def deadline_label(name: str, model_limit: str, limit: str, calendar: str = "clock") -> str:
    """The name of a deadline as run with ``limit`` (see the module docstring).

    >>> deadline_label("Interview within 72 hours (three calendar days)", "PT72H", "PT48H")
    'Interview within 48 hours [limit overridden by the scenario: model says 72 hours]'
    >>> deadline_label("Interview within 72 hours", "PT72H", "PT72H")
    'Interview within 72 hours'
    """
    if parse_duration(model_limit).nominal_hours == parse_duration(limit).nominal_hours:
        return name
    old, new = limit_words(model_limit, calendar), limit_words(limit, calendar)
    pattern = _phrase_pattern(model_limit, calendar)
    match = pattern.search(name) if pattern else None
    if match is None:
        return f"{name} [limit in force: {new}; model says {old}]"
    rewritten = name[:match.start()] + new + name[match.end():]
    return f"{rewritten} [limit overridden by the scenario: model says {old}]"


def label_deadlines(keys: Iterable[DeadlineKey],
                    limits: Mapping[DeadlineKey, DeadlineLimit] | None = None
                    ) -> dict[DeadlineKey, tuple[str, str]]:
    """For the deadlines of one authority: key -> (label, limit in force in words).

    The limit is ``""`` for a deadline ``limits`` does not know. Labels that two keys share get
    ``[element id]`` appended (and, if still alike, the duty).
    """
    keys = list(dict.fromkeys(keys))
    out: dict[DeadlineKey, tuple[str, str]] = {}
    for key in keys:
        known = (limits or {}).get(key)
        if known is None:
            out[key] = (key[1], "")
        else:
            label = known.name if known.immediate else deadline_label(
                key[1], known.model_limit, known.limit, known.calendar)
            out[key] = (label, known.words)
    for extra in (0, 2):  # element id first, then the duty if two still read alike
        seen: dict[str, list[DeadlineKey]] = {}
        for key in keys:
            seen.setdefault(out[key][0], []).append(key)
        for same in seen.values():
            if len(same) > 1:
                for key in same:
                    out[key] = (f"{out[key][0]} [{key[extra]}]", out[key][1])
    return out


def deadline_limits(scenario: Any) -> dict[DeadlineKey, DeadlineLimit]:
    """Every deadline a run of ``scenario`` can record, with its limit in the model and in force.

    The scenario's first model is compiled with its overrides exactly as the engine does; the
    deadlines of out-of-area hosts (their own protocol, never overridden) are keyed as
    :func:`simulation.run.placements.map_back` records them (``host:element``, ``"<authority>
    (host): <name>"``).
    """
    from models import load_model
    from simulation.run.plan import compile_plan

    def model_of(name: str) -> Any:
        return scenario.model(name) if hasattr(scenario, "model") else load_model(name)

    out: dict[DeadlineKey, DeadlineLimit] = {}
    model = model_of(scenario.models[0])
    plan = compile_plan(model, getattr(scenario, "overrides", ()),
                        getattr(scenario, "immediate_tolerance", None))
    for el in model.elements.values():
        specs = plan.elements[el.id].deadlines if el.id in plan.elements else ()
        for written, spec in zip(el.deadlines, specs, strict=False):
            limit = DeadlineLimit(el.id, written.name, written.duty, written.calendar,
                                  written.limit, spec.limit, written.immediate)
            out[limit.key] = limit
    placed = getattr(scenario, "out_of_area", None)
    for host in (placed.hosts if placed is not None else ()):
        host_model = model_of(host)
        for el in host_model.elements.values():
            for d in el.deadlines:
                limit = DeadlineLimit(f"{host_model.name}:{el.id}",
                                      f"{host_model.authority} (host): {d.name}", d.duty,
                                      d.calendar, d.limit, d.limit, d.immediate)
                out[limit.key] = limit
    return out


def relabel(sentences: Iterable[str], limits: Iterable[DeadlineLimit]) -> list[str]:
    """``sentences`` that name deadlines as the model writes them, with each overridden
    deadline's name replaced by its label (:func:`deadline_label`).

    >>> limit = DeadlineLimit("e", "Interview within 72 hours", "d", "clock", "PT72H", "PT48H")
    >>> relabel(["Never done: (Interview within 72 hours)."], [limit])[0][:50]
    'Never done: (Interview within 48 hours [limit over'
    """
    out = list(sentences)
    for limit in limits:
        if limit.overridden:
            label = deadline_label(limit.name, limit.model_limit, limit.limit, limit.calendar)
            out = [s.replace(limit.name, label) for s in out]
    return out


def limit_change(row: Mapping[str, Any]) -> str:
    """The limits in force in the two arms of a comparison row (``baseline_limit``,
    ``variant_limit``): ``72 hours -> 48 hours`` when they differ, ``72 hours`` when not,
    ``n/a`` when unknown."""
    a, b = row.get("baseline_limit", ""), row.get("variant_limit", "")
    if not (a or b):
        return "n/a"
    return a if a == b else f"{a or 'n/a'} → {b or 'n/a'}"
