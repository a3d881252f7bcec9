"""Scenario files: which models to run, on which population, with which staff, for how long.

A scenario is a YAML file (read with a safe loader, ``_ScenarioYaml``) validated completely on
load into a frozen ``Scenario``, before any work starts. Every key is checked: an unknown key, a
value of the wrong type, a negative staff count, a probability outside [0, 1], a bad ISO 8601
duration, a model that does not exist or fails verification, or an override naming an element or
duty that the model does not have raises ``ScenarioError`` naming the file and the key path
(``staffing.social_worker.count``) or line on one line, with any value quoted short. Paths inside
a scenario are relative to the scenario file.

Limits, each named in its message: the file is at most ``MAX_SCENARIO_BYTES`` (1 MiB) of UTF-8
text; YAML aliases at most ``MAX_YAML_ALIASES`` (50), nesting at most ``MAX_YAML_DEPTH`` (20)
levels, and the document, with its aliases expanded, at most ``MAX_YAML_VALUES`` (100,000)
values (a "billion laughs" file is refused as it is read); a key may not appear twice in a
mapping; dates must be calendar dates; ``horizon_days`` at most ``MAX_HORIZON_DAYS`` (3,660, ten
years); ``replications`` at most ``MAX_REPLICATIONS`` (10,000); ``seed`` below 2**63;
``base:`` chains at most ``MAX_BASE_DEPTH`` (10) files.

The scenario's model, and each out-of-area host, is verified (``models.verify_model``: structure
and behaviour) when the scenario is loaded; a model with findings is refused with its first
finding. A scenario runs **one** model (one authority's protocol and population): ``models`` is a
list of one (to compare protocols, write a scenario each and use ``missingsim compare``; to place
children in another authority's area, use ``out_of_area``). With an SSDA903 population the table
is read and checked on load, once, against the run's window (``simulation.run.ssda903``).

Layout (keys in brackets are optional, with their defaults)::

    [base: other.yaml]          # start from another scenario; keys given here replace its keys
    [name: <file stem>]
    models: [lambeth]           # one shipped model name, or a .bpmn path
    epoch: 2026-04-06           # a date (midnight Europe/London) or a datetime (with offset or
                                # Europe/London wall time)
    [horizon_days: 365]         # at most 3660
    [warmup_days: 28]           # episodes anchored in the warm-up are excluded from KPIs
    [replications: 5]           # 1 to 10000
    seed: 20260406              # non-negative integer; replication r uses SeedSequence(seed, (r,))
    population:                 # exactly one of synthetic / ssda903
      synthetic: {...}          # simulation.run.population.PopulationSpec.from_mapping
      # or
      ssda903: missing.csv      # DfE SSDA903 Missing table; [ssda903_header: header.csv]
      [onset_profile: [168 weights, Monday 00:00 first]]   # with ssda903 only
    [staffing:]                 # role -> staffing; roles not listed are UNCONSTRAINED (work
      social_worker:            # starts at once, at any hour, with no queue)
        count: 12
        [calendar: office_hours]  # office_hours | always | out_of_hours; default: the role's
                                  # hours in models/catalogue.yaml
      emergency_duty_team:
        roster:                 # shifts; a shift ending before it starts crosses midnight
          - {days: [mon, tue, wed, thu, fri], start: "17:00", end: "09:00", count: 2}
    [overrides:]                # change the model's numbers without editing the .bpmn file
      - {element: la_h_rhi, field: limit, value: PT48H, [deadline: <name>]}
      - {duty: return_interview, field: limit, value: PT48H}
      - {element: f_84, field: probability, value: 0.5}
      - {element: p_t24, field: duration, value: PT12H}
      - {duty: return_interview, field: processing_time,
         value: {distribution: TriangularDistribution, min: PT1H, mode: PT2H, max: PT4H}}
    [school_holidays: [[2026-07-22, 2026-09-01], ...]]   # inclusive ranges, for school_days
    [immediate_tolerance: PT1H] # "immediately", "without delay", "as soon as possible": an
                                # immediate deadline is met within this (clock) tolerance
    [out_of_area:]              # looked-after children placed in other authorities' areas
      hosts: [somerset, darlington]   # host models (shipped names or .bpmn paths); each
                                      # out-of-area child is placed in one, at random
      [share: 0.4]              # share of looked-after children placed out of area, whatever
                                # the placement (default: the population's p_out_of_area)
      [latency: PT2H]           # how long the host's notice takes to reach us (default: at once)
    With out_of_area, an out-of-area child's episodes run through the combined model of the first
    model and its host's (models.analyses.composition); KPIs are split in area / out of area.

Write shift times in quotes: YAML 1.1 reads an unquoted ``17:00`` as the number 1020.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from models import (
    MODEL_NAMES,
    DataError,
    ModelError,
    ProtocolModel,
    ScenarioError,
    load_model,
    model_path,
    verify_model,
)
from models.checks.structure import beyond_calendars
from models.data.calendars import DEFAULT_YEARS, LONDON, STAFF_HOURS, Calendar
from models.data.catalogue import catalogue
from models.data.durations import Duration, parse_duration
from models.data.errors import did_you_mean, unknown_key
from models.data.model import DISTRIBUTION_PARAMETERS, IMMEDIATE_TOLERANCE, Distribution

if TYPE_CHECKING:
    from simulation.run.population import PopulationSpec
    from simulation.run.ssda903 import MissingTable

__all__ = [
    "CALENDAR_KINDS", "MAX_BASE_DEPTH", "MAX_HORIZON_DAYS", "MAX_REPLICATIONS",
    "MAX_SCENARIO_BYTES", "MAX_SEED", "MAX_YAML_ALIASES", "MAX_YAML_DEPTH", "MAX_YAML_VALUES",
    "OVERRIDE_FIELDS", "OutOfArea", "Override", "RoleStaffing", "Scenario", "Shift",
    "load_scenario",
]

MAX_SCENARIO_BYTES = 1_048_576
MAX_YAML_ALIASES = 50
MAX_YAML_DEPTH = 20
MAX_YAML_VALUES = 100_000
MAX_HORIZON_DAYS = 3660
MAX_REPLICATIONS = 10_000
MAX_SEED = 2**63 - 1
MAX_BASE_DEPTH = 10

CALENDAR_KINDS: tuple[str, ...] = (*STAFF_HOURS, "roster")
OVERRIDE_FIELDS: tuple[str, ...] = ("duration", "limit", "probability", "processing_time")
DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TOP_KEYS = ("base", "name", "models", "epoch", "horizon_days", "warmup_days", "replications",
             "seed", "population", "staffing", "overrides", "school_holidays", "out_of_area",
             "immediate_tolerance")
_DIST_PARAMS = DISTRIBUTION_PARAMETERS


@dataclass(frozen=True, slots=True)
class Shift:
    """Staff on duty on ``days`` (0 = Monday) from ``start_minute`` to ``end_minute`` local time.

    Minutes are after local midnight; ``end_minute`` 1440 is midnight at the end of the day. An
    ``end_minute`` before ``start_minute`` is a night shift that ends the next morning.
    """

    days: frozenset[int]
    start_minute: int
    end_minute: int
    count: int


@dataclass(frozen=True, slots=True)
class RoleStaffing:
    """How many staff of ``role`` there are and when they work.

    ``calendar`` is ``office_hours``, ``always``, ``out_of_hours`` (``count`` staff whenever the
    calendar is open) or ``roster`` (``shifts``; ``count`` is then the peak number on duty).
    """

    role: str
    count: int
    calendar: str
    shifts: tuple[Shift, ...] = ()


@dataclass(frozen=True, slots=True)
class Override:
    """A change to a model number: a timer ``duration``, a deadline ``limit``, a flow
    ``probability`` or a task ``processing_time``.

    Applies to the element with id ``element`` and/or every element whose duty is ``duty`` (for a
    deadline: the deadline's duty), in every named model; ``deadline`` narrows a limit override to
    the deadline of that name. ``value`` is typed on load: a ``models.data.durations.Duration`` for
    duration and limit, a float for probability, a ``models.data.model.Distribution`` (parameters in
    hours) for processing_time. ``simulation.run.plan.apply_overrides`` applies overrides to a
    model.
    """

    element: str | None
    duty: str | None
    field: str
    value: Duration | float | Distribution
    deadline: str | None = None


@dataclass(frozen=True, slots=True)
class OutOfArea:
    """Where the scenario's out-of-area children are placed: host models (names or paths), the
    share placed out of area (None: the population's own shares), the notice's latency."""

    hosts: tuple[str, ...]
    share: float | None = None
    latency: Duration | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario file; see the module docstring for the file layout."""

    path: str
    name: str
    models: tuple[str, ...]
    epoch: dt.datetime
    horizon_days: float
    warmup_days: float
    replications: int
    seed: int
    population: PopulationSpec | None
    ssda903: str | None
    ssda903_header: str | None
    onset_profile: tuple[float, ...] | None
    staffing: dict[str, RoleStaffing]
    overrides: tuple[Override, ...]
    school_holidays: tuple[tuple[dt.date, dt.date], ...]
    out_of_area: OutOfArea | None = None
    ssda903_table: MissingTable | None = None
    immediate_tolerance: str = IMMEDIATE_TOLERANCE  # a Duration once loaded
    loaded: Mapping[str, ProtocolModel] = dataclasses.field(default_factory=dict, compare=False,
                                                            repr=False)
    """The models as read (and verified) on load, by their name in ``models`` and
    ``out_of_area.hosts``: a run reads no model file again."""

    def model(self, name: str | None = None) -> ProtocolModel:
        """The model of that name (the scenario's model by default), as read on load; read
        from its file only for a scenario built without it."""
        key = self.models[0] if name is None else name
        found = self.loaded.get(key)
        return found if found is not None else load_model(key)

    @property
    def input_notes(self) -> tuple[str, ...]:
        """Lines for the user about what the run takes from its inputs (rows of an SSDA903 table
        used, clipped and left out)."""
        return () if self.ssda903_table is None else (self.ssda903_table.summary,)

    @property
    def horizon_hours(self) -> float:
        """The run length in hours."""
        return self.horizon_days * 24.0

    @property
    def warmup_hours(self) -> float:
        """The warm-up length in hours."""
        return self.warmup_days * 24.0


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        One line naming the file and the key path, for any invalid or unknown key.
    """
    sections = _read_sections(Path(path), ())
    return _Loader(str(path), sections).scenario()


class _YamlLimit(yaml.YAMLError):
    """A limit of ``_ScenarioYaml`` exceeded, at a place in the file."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _ScenarioYaml(yaml.SafeLoader):
    """``yaml.SafeLoader`` with limits: aliases, nesting, expanded size; no duplicate keys; a
    date or number that cannot be built is a YAML error at its line, not a traceback."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_YAML_ALIASES:
                raise _YamlLimit(f"more than {MAX_YAML_ALIASES} aliases (*name), the limit",
                                 self.peek_event().start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise _YamlLimit(f"nested more than {MAX_YAML_DEPTH} levels deep, the limit",
                                 self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_document(self) -> Any:
        node = super().compose_document()
        _expanded_size(node, {}, set())
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = (key_node.tag, key_node.value)
                if key in first:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {_short(key_node.value)} (first at line "
                        f"{first[key]}); a key may appear once", key_node.start_mark)
                first[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{_short(node.value)} is not a calendar date and time (expected "
                "YYYY-MM-DD)", node.start_mark) from None

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{_short(node.value)} is not a usable whole number",
                node.start_mark) from None


_ScenarioYaml.add_constructor("tag:yaml.org,2002:timestamp", _ScenarioYaml.construct_yaml_timestamp)
_ScenarioYaml.add_constructor("tag:yaml.org,2002:int", _ScenarioYaml.construct_yaml_int)


def _expanded_size(node: Any, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` stands for with every alias expanded (refused past the limit)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    if id(node) in open_nodes:
        raise _YamlLimit("an alias refers to a value that contains it", node.start_mark)
    open_nodes.add(id(node))
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes, open_nodes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes, open_nodes) + _expanded_size(v, sizes, open_nodes)
                    for k, v in node.value)
    open_nodes.discard(id(node))
    if size > MAX_YAML_VALUES:
        raise _YamlLimit(f"with its aliases expanded the document holds more than "
                         f"{MAX_YAML_VALUES:,} values, the limit", node.start_mark)
    sizes[id(node)] = size
    return size


def _nearby_scenario(path: Path) -> str | None:
    """The scenario file a missing path most likely means: the name with ``.yaml`` (for
    ``default`` or ``default.yml``), or the file of that name in ``scenarios/``."""
    if len(str(path)) > 200:
        return None
    try:
        candidates = [path.with_suffix(".yaml"), Path("scenarios") / f"{path.stem}.yaml"]
    except ValueError:  # a name with no stem, such as '..'
        return None
    for candidate in candidates:
        if candidate != path and candidate.is_file():
            return str(candidate)
    return None


def _read_text(path: Path) -> str:
    """The file as text: at most ``MAX_SCENARIO_BYTES`` of UTF-8."""
    file = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:
        near = _nearby_scenario(path) if isinstance(exc, FileNotFoundError) else None
        hint = f"; did you mean {near}?" if near else ""
        raise ScenarioError(file, None, f"cannot read the file ({exc.strerror}){hint}") from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise ScenarioError(file, None, f"the file is larger than {MAX_SCENARIO_BYTES:,} bytes, "
                                        "the limit for a scenario")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ScenarioError(file, None, f"line {line}: not UTF-8 text (byte 0x"
                                        f"{raw[exc.start]:02x}); save it as UTF-8") from None


def _read_sections(path: Path, seen: tuple[Path, ...]) -> dict[str, tuple[Path, Any]]:
    """Top-level keys -> (file that wrote it, value), following ``base:`` chains."""
    file = str(path)
    text = _read_text(path)
    try:
        data = yaml.load(text, Loader=_ScenarioYaml)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ScenarioError(file, None, f"not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise ScenarioError(file, None, f"not valid YAML: nested more than {MAX_YAML_DEPTH} "
                                        "levels deep, the limit") from None
    if not isinstance(data, dict):
        raise ScenarioError(file, None, "a scenario must be a mapping of keys to values")
    for key in data:
        if key not in _TOP_KEYS:
            raise ScenarioError(file, _name(key),
                                unknown_key(key, _TOP_KEYS))
    sections: dict[str, tuple[Path, Any]] = {}
    if "base" in data:
        base = data["base"]
        if not isinstance(base, str):
            raise ScenarioError(file, "base", f"must be a file name, got {_kind(base)}")
        base_path = (path.parent / base).resolve()
        if base_path in seen or base_path == path.resolve():
            raise ScenarioError(file, "base", f"{_short(base)} includes itself")
        if len(seen) >= MAX_BASE_DEPTH:
            raise ScenarioError(file, "base", f"more than {MAX_BASE_DEPTH} files in the chain of "
                                              "bases, the limit")
        if not base_path.is_file():
            raise ScenarioError(file, "base", f"file {_short(base)} does not exist")
        sections = _read_sections(base_path, (*seen, path.resolve()))
        sections.pop("name", None)  # a variant is never named after its base
    sections.update({k: (path, v) for k, v in data.items() if k != "base"})
    return sections


def _short(value: Any, limit: int = 40) -> str:
    """A value as quoted in a message: scalars cut to ``limit`` characters, containers by kind."""
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "...")
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**limit else "a number too large to use"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return str(value)
    return _kind(value)


def _got(value: Any) -> str:
    """What a wrong value is, for "got ...": its kind, and the value itself if a scalar."""
    if isinstance(value, list | dict) or value is None:
        return _kind(value)
    return f"{_kind(value)} {_short(value)}"


def _name(value: Any, limit: int = 40) -> str:
    """A key or identifier as it appears in a key path, cut to ``limit`` characters."""
    text = value if isinstance(value, str) else _short(value, limit)
    return text if len(text) <= limit else text[:limit] + "..."


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a mapping", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


class _Loader:
    """Validation of one scenario; each method checks one section."""

    def __init__(self, file: str, sections: dict[str, tuple[Path, Any]]) -> None:
        self.main = file
        self.sections = sections
        self.models: dict[str, ProtocolModel] = {}
        self.loaded: dict[str, ProtocolModel] = {}

    def file(self, key: str) -> str:
        src = self.sections.get(key)
        return self.main if src is None or src[0] == Path(self.main) else str(src[0])

    def fail(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(self.file(key.split(".")[0].split("[")[0]), key, message)

    def get(self, key: str, default: Any = ...) -> Any:
        if key in self.sections:
            return self.sections[key][1]
        if default is ...:
            raise ScenarioError(self.main, key, "required key is missing")
        return default

    def directory(self, key: str) -> Path:
        src = self.sections.get(key)
        return (src[0] if src else Path(self.main)).parent

    # -- scalars -----------------------------------------------------------------------------
    def integer(self, key: str, value: Any, *, minimum: int, maximum: int | None = None,
                limit: str = "") -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, got {_got(value)}")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {_short(value)}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"must be at most {limit or maximum} (the limit), got "
                                 f"{_short(value)}")
        return value

    def number(self, key: str, value: Any, *, minimum: float, strict: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise self.fail(key, f"must be a number, got {_got(value)}")
        if value < minimum or (strict and value == minimum) or math.isinf(value):
            bound = "more than" if strict else "at least"
            raise self.fail(key, f"must be finite and {bound} {minimum:g}, got {value}")
        return float(value)

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, got {_got(value)}")
        return value.strip()

    def mapping(self, key: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping, got {_kind(value)}")
        for k in value:
            if k not in allowed:
                raise self.fail(f"{key}.{k}", unknown_key(k, allowed))
        return value

    def duration(self, key: str, value: Any) -> Duration:
        if not isinstance(value, str):
            raise self.fail(key, f"must be an ISO 8601 duration such as 'PT72H', got "
                                 f"{_got(value)}")
        try:
            parsed = parse_duration(value)
        except ValueError:
            raise self.fail(key, f"{_short(value)} is not an ISO 8601 duration (expected e.g. "
                                 "'PT72H', 'P3D')") from None
        if parsed.nominal_hours <= 0:
            raise self.fail(key, f"{_short(value)} must be longer than zero")
        too_long = beyond_calendars(parsed)
        if too_long:
            raise self.fail(key, too_long)
        return parsed

    def date(self, key: str, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self.fail(key, f"must be a date (YYYY-MM-DD), got a date and time {value}")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(key, f"must be a date (YYYY-MM-DD), got {_got(value)}")

    # -- sections ----------------------------------------------------------------------------
    def scenario(self) -> Scenario:
        name = self.get("name", Path(self.main).stem)
        name = self.text("name", name)
        models = self.model_names()
        epoch = self.epoch()
        horizon = self.number("horizon_days", self.get("horizon_days", 365), minimum=0,
                              strict=True)
        if horizon > MAX_HORIZON_DAYS:
            raise self.fail("horizon_days", f"must be at most {MAX_HORIZON_DAYS} days (ten years, "
                                            f"the limit), got {_short(horizon)}")
        warmup = self.number("warmup_days", self.get("warmup_days", 28), minimum=0)
        if warmup >= horizon:
            raise self.fail("warmup_days", f"must be shorter than horizon_days ({horizon:g}), "
                                           f"got {warmup:g}")
        end = epoch + dt.timedelta(days=horizon)
        if end.year > DEFAULT_YEARS[-1]:
            raise self.fail("horizon_days", f"the run would end in {end.year}, after the last "
                                            f"year with bank holidays ({DEFAULT_YEARS[-1]})")
        replications = self.integer("replications", self.get("replications", 5), minimum=1,
                                    maximum=MAX_REPLICATIONS, limit=f"{MAX_REPLICATIONS:,}")
        seed = self.integer("seed", self.get("seed"), minimum=0, maximum=MAX_SEED,
                            limit="2**63 - 1")
        population, ssda903, header, onset = self.population()
        out_of_area = self.out_of_area(models)
        if out_of_area is not None:
            if population is None:
                raise self.fail("out_of_area", "needs a synthetic population (the SSDA903 "
                                               "Missing table does not say where a child lives)")
            from simulation.run.population import placed_among

            population = placed_among(population, out_of_area.hosts, out_of_area.share)
        staffing, overrides = self.staffing(), self.overrides()
        school_holidays = self.school_holidays()
        table = None
        if ssda903 is not None:  # last: the other keys are checked before the table is read
            from simulation.run.ssda903 import read_missing_periods

            table = read_missing_periods(ssda903, header_path=header, epoch=epoch,
                                         horizon_hours=horizon * 24.0)
            if table.used == 0:
                raise DataError(ssda903, "the table has no rows: nothing to simulate", row=1)
        return Scenario(
            path=self.main, name=name, models=models, epoch=epoch, horizon_days=horizon,
            warmup_days=warmup, replications=replications, seed=seed, population=population,
            ssda903=ssda903, ssda903_header=header, onset_profile=onset,
            staffing=staffing, overrides=overrides, school_holidays=school_holidays,
            out_of_area=out_of_area, ssda903_table=table,
            immediate_tolerance=self.duration(
                "immediate_tolerance", self.get("immediate_tolerance", IMMEDIATE_TOLERANCE)),
            loaded=dict(self.loaded))

    def out_of_area(self, models: tuple[str, ...]) -> OutOfArea | None:
        key = "out_of_area"
        if self.get(key, None) is None:
            return None
        data = self.mapping(key, self.get(key), ("hosts", "share", "latency"))
        hosts_value = data.get("hosts")
        if not isinstance(hosts_value, list) or not hosts_value:
            raise self.fail(f"{key}.hosts", f"must be a non-empty list of host models, got "
                                            f"{_kind(hosts_value)}")
        hosts: list[str] = []
        for i, item in enumerate(hosts_value):
            k = f"{key}.hosts[{i}]"
            name, _ = self.model_ref(key, k, item)
            if name == models[0]:
                raise self.fail(k, f"{_short(item)} is the responsible authority's own model")
            if name in hosts:
                raise self.fail(k, f"host {_short(item)} is named twice")
            hosts.append(name)
        share = None
        if "share" in data:
            share = self.number(f"{key}.share", data["share"], minimum=0)
            if share > 1:
                raise self.fail(f"{key}.share", f"must be a probability in [0, 1], got {share:g}")
        latency = self.duration(f"{key}.latency", data["latency"]) if "latency" in data else None
        return OutOfArea(tuple(hosts), share, latency)

    def model_names(self) -> tuple[str, ...]:
        value = self.get("models")
        if not isinstance(value, list) or not value:
            raise self.fail("models", f"must be a list of one model name, got "
                                      f"{_kind(value)}")
        if len(value) > 1:
            raise self.fail("models", f"names {len(value)} models, but a scenario runs one "
                                      "authority's protocol on its population: give one (to "
                                      "compare protocols, write a scenario for each and run "
                                      "'missingsim compare'; to place children in another "
                                      "area, use out_of_area.hosts)")
        names: list[str] = []
        for i, item in enumerate(value):
            key = f"models[{i}]"
            name, model = self.model_ref("models", key, item)
            if name in names:
                raise self.fail(key, f"model {_short(item)} is named twice")
            self.models[name] = model
            names.append(name)
        return tuple(names)

    def model_ref(self, section: str, key: str, item: Any) -> tuple[str, ProtocolModel]:
        """A shipped model name or a .bpmn path (relative to the file giving ``section``)."""
        item = self.text(key, item)
        if item.endswith(".bpmn"):
            path = self.directory(section) / item
            if not path.is_file():
                raise self.fail(key, f"model file {_short(item)} does not exist")
            name = str(path)
        elif item in MODEL_NAMES and model_path(item).is_file():
            name = item
        else:
            raise self.fail(key, f"unknown model {_short(item)} (expected one of "
                                 f"{', '.join(MODEL_NAMES)}, or a .bpmn file)"
                                 + did_you_mean(item, MODEL_NAMES))
        try:
            model = load_model(name)
        except ModelError as exc:
            raise self.fail(key, f"model {_short(item)} cannot be loaded: {exc}") from None
        problem = _verification_problem(name, model)
        if problem:
            raise self.fail(key, f"model {_short(item)} fails verification, so it cannot be "
                                 f"simulated: {problem}")
        self.loaded.setdefault(name, model)
        return name, model

    def epoch(self) -> dt.datetime:
        value = self.get("epoch")
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise self.fail("epoch", f"must be a date or an ISO 8601 date and time, got "
                                         f"{_short(value)}") from None
        if isinstance(value, dt.datetime):
            # Naive times are Europe/London wall-clock time; aware ones are converted to it.
            epoch = (value.replace(tzinfo=LONDON) if value.tzinfo is None
                     else value.astimezone(LONDON))
        elif isinstance(value, dt.date):
            epoch = dt.datetime.combine(value, dt.time(0), tzinfo=LONDON)
        else:
            raise self.fail("epoch", f"must be a date or a date and time, got {_kind(value)}")
        if epoch.year not in DEFAULT_YEARS:
            raise self.fail("epoch", f"year {epoch.year} is outside {DEFAULT_YEARS[0]}-"
                                     f"{DEFAULT_YEARS[-1]} (the years with bank holidays)")
        return epoch

    def population(self) -> tuple[PopulationSpec | None, str | None, str | None,
                                  tuple[float, ...] | None]:
        key = "population"
        data = self.mapping(key, self.get(key),
                            ("synthetic", "ssda903", "ssda903_header", "onset_profile"))
        if ("synthetic" in data) == ("ssda903" in data):
            raise self.fail(key, "give exactly one of 'synthetic' or 'ssda903'")
        if "synthetic" in data:
            for other in ("ssda903_header", "onset_profile"):
                if other in data:
                    raise self.fail(f"{key}.{other}", "applies only with 'ssda903'")
            from simulation.run.population import PopulationSpec

            spec_data = data["synthetic"]
            if spec_data is None:
                spec_data = {}
            if not isinstance(spec_data, dict):
                raise self.fail(f"{key}.synthetic", f"must be a mapping, got {_kind(spec_data)}")
            spec = PopulationSpec.from_mapping(spec_data, file=self.file(key),
                                               key=f"{key}.synthetic")
            return spec, None, None, None
        ssda903 = self.data_file(f"{key}.ssda903", data["ssda903"])
        header = (self.data_file(f"{key}.ssda903_header", data["ssda903_header"])
                  if "ssda903_header" in data else None)
        onset = None
        if "onset_profile" in data:
            onset = self.onset_profile(f"{key}.onset_profile", data["onset_profile"])
        return None, ssda903, header, onset

    def data_file(self, key: str, value: Any) -> str:
        name = self.text(key, value)
        path = self.directory("population") / name
        if not path.is_file():
            raise self.fail(key, f"file {_short(name)} does not exist (paths are relative to the "
                                 "scenario file)")
        return str(path)

    def onset_profile(self, key: str, value: Any) -> tuple[float, ...]:
        if not isinstance(value, list) or len(value) != 168:
            size = len(value) if isinstance(value, list) else _kind(value)
            raise self.fail(key, f"must be a list of 168 hour-of-week weights (Monday 00:00 "
                                 f"first), got {size}")
        weights = tuple(self.number(f"{key}[{i}]", w, minimum=0) for i, w in enumerate(value))
        if not any(weights):
            raise self.fail(key, "weights are all zero")
        return weights

    def lane_roles(self) -> set[str]:
        return {lane.role for m in self.models.values() for lane in m.lanes.values()}

    def staffing(self) -> dict[str, RoleStaffing]:
        data = self.get("staffing", {})
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise self.fail("staffing", f"must be a mapping of role to staffing, got "
                                        f"{_kind(data)}")
        roles = catalogue().roles
        used = self.lane_roles()
        result: dict[str, RoleStaffing] = {}
        for role, entry in data.items():
            key = f"staffing.{role}"
            if role not in roles:
                raise self.fail(key, f"unknown role {_short(role)} (not in "
                                     "models/catalogue.yaml)" + did_you_mean(role, tuple(roles)))
            if role not in used:
                raise self.fail(key, f"no lane of {', '.join(self.models)} uses role "
                                     f"{_short(role)}")
            result[str(role)] = self.role_staffing(key, str(role), entry,
                                                   catalogue().role_hours(str(role)).value)
        return result

    def role_staffing(self, key: str, role: str, entry: Any, default: str) -> RoleStaffing:
        entry = self.mapping(key, entry, ("count", "calendar", "roster"))
        calendar = entry.get("calendar", "roster" if "roster" in entry else default)
        if calendar not in CALENDAR_KINDS:
            raise self.fail(f"{key}.calendar", f"must be one of {', '.join(CALENDAR_KINDS)}, "
                                               f"got {_short(calendar)}"
                                               + did_you_mean(calendar, CALENDAR_KINDS))
        if "roster" not in entry:
            if calendar == "roster":
                raise self.fail(f"{key}.calendar", "calendar 'roster' needs a 'roster' list")
            if "count" not in entry:
                raise self.fail(f"{key}.count", "required key is missing")
            count = self.integer(f"{key}.count", entry["count"], minimum=0)
            return RoleStaffing(role, count, calendar)
        if calendar != "roster":
            raise self.fail(f"{key}.calendar", f"a role with a roster has calendar 'roster', "
                                               f"got {_short(calendar)}")
        if "count" in entry:
            raise self.fail(f"{key}.count", "give the count in each shift of the roster")
        shifts_data = entry["roster"]
        if not isinstance(shifts_data, list) or not shifts_data:
            raise self.fail(f"{key}.roster", f"must be a non-empty list of shifts, got "
                                             f"{_kind(shifts_data)}")
        shifts = tuple(self.shift(f"{key}.roster[{i}]", s) for i, s in enumerate(shifts_data))
        return RoleStaffing(role, _peak(shifts), "roster", shifts)

    def shift(self, key: str, value: Any) -> Shift:
        data = self.mapping(key, value, ("days", "start", "end", "count"))
        for required in ("days", "start", "end", "count"):
            if required not in data:
                raise self.fail(f"{key}.{required}", "required key is missing")
        days = data["days"]
        if not isinstance(days, list) or not days:
            raise self.fail(f"{key}.days", f"must be a non-empty list of {', '.join(DAY_NAMES)}, "
                                           f"got {_kind(days)}")
        numbers: set[int] = set()
        for i, day in enumerate(days):
            if not isinstance(day, str) or day.strip().lower() not in DAY_NAMES:
                raise self.fail(f"{key}.days[{i}]", f"must be one of {', '.join(DAY_NAMES)}, "
                                                    f"got {_short(day)}")
            number = DAY_NAMES.index(day.strip().lower())
            if number in numbers:
                raise self.fail(f"{key}.days[{i}]", f"{_short(day)} is listed twice")
            numbers.add(number)
        start = self.clock_time(f"{key}.start", data["start"])
        end = self.clock_time(f"{key}.end", data["end"])
        if start == end:
            raise self.fail(f"{key}.end", "a shift must not end when it starts (use "
                                          "start '00:00', end '24:00' for a whole day)")
        if start == 1440:
            raise self.fail(f"{key}.start", "a shift cannot start at 24:00 (use '00:00')")
        count = self.integer(f"{key}.count", data["count"], minimum=1)
        return Shift(frozenset(numbers), start, end, count)

    def clock_time(self, key: str, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            raise self.fail(key, f"write the time in quotes, e.g. \"17:00\" (YAML reads an "
                                 f"unquoted time as the number {value})")
        if isinstance(value, str):
            parts = value.strip().split(":")
            if len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts):
                hours, minutes = int(parts[0]), int(parts[1])
                if (hours < 24 and minutes < 60) or (hours, minutes) == (24, 0):
                    return hours * 60 + minutes
        raise self.fail(key, f"must be a time \"HH:MM\" (00:00 to 24:00), got {_short(value)}")

    def overrides(self) -> tuple[Override, ...]:
        data = self.get("overrides", [])
        if data is None:
            return ()
        if not isinstance(data, list):
            raise self.fail("overrides", f"must be a list of overrides, got {_kind(data)}")
        result = tuple(self.override(f"overrides[{i}]", o) for i, o in enumerate(data))
        self.check_branch_sums(result)
        return result

    def override(self, key: str, value: Any) -> Override:
        data = self.mapping(key, value, ("element", "duty", "field", "value", "deadline"))
        if "field" not in data:
            raise self.fail(f"{key}.field", "required key is missing")
        if "value" not in data:
            raise self.fail(f"{key}.value", "required key is missing")
        field = data["field"]
        if field not in OVERRIDE_FIELDS:
            raise self.fail(f"{key}.field", f"must be one of {', '.join(OVERRIDE_FIELDS)}, got "
                                            f"{_short(field)}"
                                            + did_you_mean(field, OVERRIDE_FIELDS))
        element = self.text(f"{key}.element", data["element"]) if "element" in data else None
        duty = self.text(f"{key}.duty", data["duty"]) if "duty" in data else None
        deadline = self.text(f"{key}.deadline", data["deadline"]) if "deadline" in data else None
        if element is None and duty is None:
            raise self.fail(key, "give 'element' or 'duty' (or both)")
        if deadline is not None and field != "limit":
            raise self.fail(f"{key}.deadline", "applies only to field 'limit'")
        if duty is not None:
            if duty not in catalogue().duties:
                raise self.fail(f"{key}.duty", f"unknown duty {_short(duty)} (not in "
                                               "models/catalogue.yaml)"
                                               + did_you_mean(duty, tuple(catalogue().duties)))
            if field in ("duration", "probability"):
                raise self.fail(f"{key}.duty", f"a {field} override names an element, not a duty")
        if not self.targets(field, element, duty, deadline):
            raise self.no_target(key, field, element, duty, deadline)
        raw = data["value"]
        parsed: Any
        if field in ("duration", "limit"):
            parsed = self.duration(f"{key}.value", raw)
            if field == "limit":
                self.check_limit_calendars(f"{key}.value", parsed, element, duty, deadline)
        elif field == "probability":
            parsed = self.number(f"{key}.value", raw, minimum=0)
            if parsed > 1:
                raise self.fail(f"{key}.value", f"a probability must be between 0 and 1, "
                                                 f"got {raw}")
        else:
            parsed = self.distribution(f"{key}.value", raw)
        return Override(element, duty, str(field), parsed, deadline)

    def targets(self, field: str, element: str | None, duty: str | None,
                deadline: str | None) -> list[tuple[str, str, Any]]:
        """(model, element id, target) for every model item the override applies to."""
        found: list[tuple[str, str, Any]] = []
        for name, model in self.models.items():
            if field == "probability":
                flow = model.flows.get(element or "")
                if flow is not None and flow.probability is not None:
                    found.append((name, flow.id, flow))
                continue
            for el in model.elements.values():
                if element is not None and el.id != element:
                    continue
                if field == "duration" and el.timer is not None:
                    found.append((name, el.id, el.timer))
                elif field == "processing_time" and el.task is not None \
                        and (duty is None or el.task.duty == duty):
                    found.append((name, el.id, el.task))
                elif field == "limit":
                    found.extend((name, el.id, d) for d in el.deadlines
                                 if (duty is None or d.duty == duty)
                                 and (deadline is None or d.name == deadline))
        return found

    def no_target(self, key: str, field: str, element: str | None, duty: str | None,
                  deadline: str | None) -> ScenarioError:
        names = ", ".join(Path(m).stem for m in self.models)
        what = {"duration": "timer", "limit": "deadline", "probability": "flow with a branch "
                "probability", "processing_time": "task"}[field]
        if element is not None:
            exists = any(element in m.elements or element in m.flows
                         for m in self.models.values())
            if not exists:
                return self.fail(f"{key}.element", f"no element {_short(element)} in {names}")
            if deadline is not None and self.targets(field, element, duty, None):
                return self.fail(f"{key}.deadline", f"element {_short(element)} has no "
                                                    f"deadline named {_short(deadline)}")
            extra = f" with duty {_short(duty)}" if duty else ""
            return self.fail(f"{key}.element",
                             f"{_short(element)} in {names} is not a {what}{extra}")
        extra = f" named {_short(deadline)}" if deadline else ""
        return self.fail(f"{key}.duty", f"no {what}{extra} with duty {_short(duty)} in {names}")

    def check_limit_calendars(self, key: str, parsed: Duration, element: str | None,
                              duty: str | None, deadline: str | None) -> None:
        limit = parsed.text
        for _, el_id, target in self.targets("limit", element, duty, deadline):
            cal = target.calendar
            if cal in (Calendar.WORKING_DAYS, Calendar.SCHOOL_DAYS) and (parsed.whole_days is None
                                                           or "W" in parsed.text):
                raise self.fail(key, f"{_short(limit)}: deadline '{target.name}' of '{el_id}' "
                                     f"counts in {cal}, which takes whole days (e.g. 'P2D')")
            if cal == Calendar.WORKING_HOURS and (parsed.years or parsed.months or parsed.days):
                raise self.fail(key, f"{_short(limit)}: deadline '{target.name}' of '{el_id}' "
                                     "counts in working_hours, which takes hours (e.g. 'PT8H')")

    def distribution(self, key: str, value: Any) -> Distribution:
        if isinstance(value, str):
            return Distribution("ConstantParameter",
                                (("value", self.duration(key, value).nominal_hours),))
        data = self.mapping(key, value, ("distribution", *sorted(
            {p for ps in _DIST_PARAMS.values() for p in ps})))
        kind = data.get("distribution")
        if kind not in _DIST_PARAMS:
            raise self.fail(f"{key}.distribution", f"must be one of {', '.join(_DIST_PARAMS)}, "
                                                   f"got {_short(kind)}")
        params = []
        for pname in data:
            if pname != "distribution" and pname not in _DIST_PARAMS[kind]:
                raise self.fail(f"{key}.{pname}", f"not a parameter of {kind} (expected "
                                                  f"{', '.join(_DIST_PARAMS[kind])})")
        for pname in _DIST_PARAMS[kind]:
            if pname not in data:
                raise self.fail(f"{key}.{pname}", "required key is missing")
            params.append((pname, self.duration(f"{key}.{pname}", data[pname]).nominal_hours))
        p = dict(params)
        if kind == "TriangularDistribution" and not p["min"] <= p["mode"] <= p["max"]:
            raise self.fail(key, "TriangularDistribution needs min <= mode <= max")
        if kind == "UniformDistribution" and not p["min"] < p["max"]:
            raise self.fail(key, "UniformDistribution needs min < max")
        return Distribution(kind, tuple(params))

    def check_branch_sums(self, overrides: tuple[Override, ...]) -> None:
        """After probability overrides, each gateway's chance branches must still add up."""
        new = {o.element: o.value for o in overrides
               if o.field == "probability" and isinstance(o.value, float)}
        if not new:
            return
        last = {o.element: i for i, o in enumerate(overrides) if o.field == "probability"}
        for model in self.models.values():
            for el in model.elements.values():
                outs = [model.flows[f] for f in el.outgoing if f in model.flows]
                if not any(f.id in new for f in outs):
                    continue
                probs = [new.get(f.id, f.probability) for f in outs
                         if f.probability is not None]
                total = sum(p for p in probs if p is not None)
                key = f"overrides[{max(last[f.id] for f in outs if f.id in new)}].value"
                if total > 1 + 1e-9:
                    raise self.fail(key, f"branch probabilities of gateway '{el.id}' would add "
                                         f"up to {total:g} (more than 1)")
                if el.default_flow is None and abs(total - 1) > 1e-6:
                    raise self.fail(key, f"branch probabilities of gateway '{el.id}' would add "
                                         f"up to {total:g}, and it has no default branch "
                                         "(override its other branches too)")

    def school_holidays(self) -> tuple[tuple[dt.date, dt.date], ...]:
        data = self.get("school_holidays", [])
        if data is None:
            return ()
        if not isinstance(data, list):
            raise self.fail("school_holidays", f"must be a list of [first, last] date pairs, "
                                               f"got {_kind(data)}")
        ranges = []
        for i, item in enumerate(data):
            key = f"school_holidays[{i}]"
            if not isinstance(item, list) or len(item) != 2:
                raise self.fail(key, f"must be a pair [first, last], got {_kind(item)}")
            first, last = self.date(f"{key}[0]", item[0]), self.date(f"{key}[1]", item[1])
            if first > last:
                raise self.fail(key, f"starts ({first}) after it ends ({last})")
            ranges.append((first, last))
        return tuple(sorted(ranges))


_VERIFIED: dict[tuple[str, float, int], str] = {}


def _verification_problem(name: str, model: ProtocolModel) -> str:
    """'' when the model passes ``verify``, else its first finding and how many there are.

    Remembered per file, modification time and size, so a process verifies a file once.
    """
    path = model_path(name)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime, stat.st_size)
    except OSError:
        key = (str(path), 0.0, -1)
    if key not in _VERIFIED:
        report = verify_model(model)
        problem = ""
        if not report.ok:
            first = " ".join(str(report.findings[0]).split()) if report.findings else \
                "the behaviour could not be explored completely"
            if len(first) > 160:
                first = first[:160] + "..."
            more = len(report.findings) - 1
            problem = first + (f" (and {more} more: run 'missingsim verify {name}')" if more
                               else f" (run 'missingsim verify {name}')")
        _VERIFIED[key] = problem
    return _VERIFIED[key]


def _peak(shifts: tuple[Shift, ...]) -> int:
    """The largest number of staff on duty at any minute of the week."""
    week = [0] * (7 * 1440)
    for s in shifts:
        length = (s.end_minute - s.start_minute) % 1440 or 1440
        for day in s.days:
            begin = day * 1440 + s.start_minute
            for minute in range(begin, begin + length):
                week[minute % len(week)] += s.count
    return max(week)
