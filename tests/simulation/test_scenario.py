"""Scenario files: the shipped scenarios, the format's rules, and the bad-input catalogue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

import models
from models import ScenarioError
from models.data.calendars import LONDON
from models.data.durations import parse_duration
from models.data.model import Distribution
from simulation.run.scenario import Override, RoleStaffing, Shift, load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BAD = ROOT / "tests" / "data" / "scenarios"
HAVE_POPULATION = importlib.util.find_spec("simulation.run.population") is not None
needs_population = pytest.mark.skipif(not HAVE_POPULATION,
                                      reason="simulation.run.population not written yet")

SHIPPED = sorted(p.name for p in SCENARIOS.glob("*.yaml"))
AUTHORITY_DEFAULTS = {
    "lambeth.yaml": "lambeth", "derby_derbyshire.yaml": "derby_derbyshire",
    "childrens_home.yaml": "childrens_home", "somerset.yaml": "somerset",
    "darlington.yaml": "darlington",
}
POLICE_AND_CARER = {"carer", "police_control_room", "police_officer", "police_supervisor"}

HEAD = """models: [lambeth]
epoch: 2026-04-06
seed: 7
population:
  ssda903: missing.csv
"""


# a period every month from 2020 to 2035 (one child a year), so any epoch of a test finds rows
MISSING_TABLE = "CHILD,DOB,MISSING,MIS_START,MIS_END\n" + "".join(
    f"K{y},01/01/{y - 10},M,{d:02d}/{m:02d}/{y},{d + 1:02d}/{m:02d}/{y}\n"
    for y in range(2020, 2036) for m in range(1, 13) for d in (6, 20))


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    (tmp_path / "missing.csv").write_text(MISSING_TABLE)
    path = tmp_path / name
    path.write_text(text)
    return path


# -- shipped scenarios -------------------------------------------------------------------------

def test_every_authority_and_the_variants_are_shipped():
    expected = {*AUTHORITY_DEFAULTS, "default.yaml", "lambeth_rhi_48h.yaml"}
    assert expected <= set(SHIPPED)


@needs_population
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_loads(name):
    s = load_scenario(SCENARIOS / name)
    assert s.population is not None
    assert s.ssda903 is None
    assert s.epoch.tzinfo is not None
    # england.yaml is the 2023-24 collection year (366 days), for the population check only
    expected = (366, 0, 5) if name == "england.yaml" else (365, 28, 5)
    assert (s.horizon_days, s.warmup_days, s.replications) == expected
    assert isinstance(s.seed, int)


@needs_population
@pytest.mark.parametrize("name", sorted(AUTHORITY_DEFAULTS))
def test_authority_default_staffs_every_lane_role(name):
    s = load_scenario(SCENARIOS / name)
    assert s.models == (AUTHORITY_DEFAULTS[name],)
    model = models.load_model(AUTHORITY_DEFAULTS[name])
    roles = {lane.role for lane in model.lanes.values()}
    assert roles == set(s.staffing)
    for role, staffing in s.staffing.items():
        if role in POLICE_AND_CARER:
            assert staffing.calendar == "always" and staffing.count >= 100, role
        elif role == "emergency_duty_team":
            assert staffing.calendar == "out_of_hours"
        else:
            assert staffing.calendar in ("office_hours", "roster"), role
        assert staffing.count >= 1


@needs_population
def test_a_shipped_scenario_has_a_roster_with_shifts():
    rosters = [r for n in AUTHORITY_DEFAULTS for r in load_scenario(SCENARIOS / n).staffing.values()
               if r.calendar == "roster"]
    assert rosters and all(r.shifts for r in rosters)


@needs_population
def test_default_is_lambeth():
    default, lambeth = load_scenario(SCENARIOS / "default.yaml"), load_scenario(
        SCENARIOS / "lambeth.yaml")
    assert default.models == ("lambeth",)
    assert dataclasses.replace(default, path="", name="") == dataclasses.replace(
        lambeth, path="", name="")


@needs_population
def test_rhi_48h_variant_changes_only_the_return_interview_limit():
    base = load_scenario(SCENARIOS / "lambeth.yaml")
    variant = load_scenario(SCENARIOS / "lambeth_rhi_48h.yaml")
    assert variant.overrides == (Override(None, "return_interview", "limit",
                                                parse_duration("PT48H")),)
    assert dataclasses.replace(variant, path=base.path, name=base.name, overrides=()) == base
    lambeth = models.load_model("lambeth")
    hit = [el.id for el in lambeth.elements.values()
           for d in el.deadlines if d.duty == "return_interview"]
    assert sorted(hit) == ["la_h_rhi", "rhi_interview"]


# -- the format ----------------------------------------------------------------------------------

def test_minimal_scenario_defaults(tmp_path):
    s = load_scenario(write(tmp_path, HEAD))
    assert s.name == "s"
    assert s.models == ("lambeth",)
    assert s.epoch == dt.datetime(2026, 4, 6, tzinfo=LONDON)
    assert (s.horizon_days, s.warmup_days, s.replications, s.seed) == (365.0, 28.0, 5, 7)
    assert s.horizon_hours == 365 * 24 and s.warmup_hours == 28 * 24
    assert s.ssda903 == str(tmp_path / "missing.csv")
    assert s.population is None and s.ssda903_header is None and s.onset_profile is None
    assert s.staffing == {} and s.overrides == () and s.school_holidays == ()


def test_paths_are_relative_to_the_scenario_file(tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "header.csv").write_text("CHILD,SEX,DOB\n")
    write(sub, HEAD + "  ssda903_header: header.csv\n")
    monkeypatch.chdir(tmp_path)
    s = load_scenario("sub/s.yaml")
    assert Path(s.ssda903_header or "").resolve() == (sub / "header.csv").resolve()


def test_epoch_forms(tmp_path):
    aware = load_scenario(write(tmp_path, HEAD.replace("2026-04-06", "2026-07-01T08:30:00+00:00")))
    assert aware.epoch == dt.datetime(2026, 7, 1, 9, 30, tzinfo=LONDON)
    assert aware.epoch.tzinfo == LONDON
    naive = load_scenario(write(tmp_path, HEAD.replace("2026-04-06", "2026-07-01 08:30:00")))
    assert naive.epoch == dt.datetime(2026, 7, 1, 8, 30, tzinfo=LONDON)


def test_staffing_count_calendar_and_catalogue_default(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + """staffing:
  social_worker: {count: 12}
  police_officer: {count: 500, calendar: always}
  team_manager: {count: 0, calendar: out_of_hours}
"""))
    assert s.staffing["social_worker"] == RoleStaffing("social_worker", 12, "office_hours")
    assert s.staffing["police_officer"] == RoleStaffing("police_officer", 500, "always")
    assert s.staffing["team_manager"].count == 0


def test_roster_shifts_night_shift_and_peak(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + """staffing:
  front_door:
    roster:
      - {days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00", count: 3}
      - {days: [Fri], start: "16:00", end: "02:30", count: 2}
      - {days: [sun], start: "00:00", end: "24:00", count: 1}
"""))
    r = s.staffing["front_door"]
    assert r.calendar == "roster"
    assert r.shifts == (Shift(frozenset(range(5)), 540, 1020, 3),
                        Shift(frozenset({4}), 960, 150, 2), Shift(frozenset({6}), 0, 1440, 1))
    assert r.count == 5  # Friday 16:00-17:00: three on the day shift plus two on the night shift


def test_roster_peak_wraps_from_sunday_night_to_monday(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + """staffing:
  front_door:
    roster:
      - {days: [sun], start: "22:00", end: "06:00", count: 2}
      - {days: [mon], start: "05:00", end: "07:00", count: 1}
"""))
    assert s.staffing["front_door"].count == 3


def test_overrides_are_parsed_per_field(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + """overrides:
  - {element: la_h_rhi, deadline: Return home interview within 72 hours of return,
     field: limit, value: PT48H}
  - {element: f_84, field: probability, value: 0.5}
  - {element: p_t24, field: duration, value: PT12H}
  - {duty: return_interview, field: processing_time, value: PT2H}
  - {element: rhi_interview, field: processing_time,
     value: {distribution: TriangularDistribution, min: PT1H, mode: PT90M, max: PT3H}}
"""))
    limit, prob, timer, constant, triangular = s.overrides
    assert limit == Override("la_h_rhi", None, "limit", parse_duration("PT48H"),
                             "Return home interview within 72 hours of return")
    assert prob == Override("f_84", None, "probability", 0.5)
    assert timer == Override("p_t24", None, "duration", parse_duration("PT12H"))
    assert constant.value == Distribution("ConstantParameter", (("value", 2.0),))
    assert triangular.value == Distribution("TriangularDistribution",
                                            (("min", 1.0), ("mode", 1.5), ("max", 3.0)))


def test_override_probability_of_zero_and_one_are_allowed(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + """overrides:
  - {element: f_84, field: probability, value: 1}
"""))
    assert s.overrides[0].value == 1.0


def test_override_with_both_element_and_duty_must_agree(tmp_path):
    path = write(tmp_path, HEAD + """overrides:
  - {element: la_h_rhi, duty: strategy_meeting, field: limit, value: PT48H}
""")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.key == "overrides[0].element"
    assert "is not a deadline with duty 'strategy_meeting'" in str(info.value)


def test_school_holidays(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + """school_holidays:
  - [2026-07-22, 2026-09-01]
  - ["2026-05-25", "2026-05-29"]
"""))
    assert s.school_holidays == ((dt.date(2026, 5, 25), dt.date(2026, 5, 29)),
                                 (dt.date(2026, 7, 22), dt.date(2026, 9, 1)))


def test_base_scenario_sections_are_replaced_whole(tmp_path):
    write(tmp_path, HEAD + "name: parent\nstaffing:\n  social_worker: {count: 3}\n", "parent.yaml")
    child = tmp_path / "child.yaml"
    child.write_text("base: parent.yaml\nseed: 99\nstaffing:\n  team_manager: {count: 1}\n")
    s = load_scenario(child)
    assert (s.name, s.seed, s.models) == ("child", 99, ("lambeth",))
    assert set(s.staffing) == {"team_manager"}
    assert s.ssda903 == str(tmp_path / "missing.csv")


def test_error_in_a_base_section_names_the_base_file(tmp_path):
    parent = write(tmp_path, HEAD + "replications: 0\n", "parent.yaml")
    child = tmp_path / "child.yaml"
    child.write_text("base: parent.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    assert info.value.file == str(parent.resolve())
    assert info.value.key == "replications"


def test_model_by_bpmn_path(tmp_path):
    bpmn = models.model_path("lambeth")
    s = load_scenario(write(tmp_path, HEAD.replace("[lambeth]", f"['{bpmn}']")))
    assert s.models == (str(bpmn),)


@needs_population
def test_synthetic_population_goes_through_population_spec(tmp_path):
    from simulation.run.population import PopulationSpec

    s = load_scenario(write(tmp_path, HEAD.replace("  ssda903: missing.csv\n",
                                                   "  synthetic: {}\n")))
    assert s.population == PopulationSpec.from_mapping({}, file="x")
    assert s.ssda903 is None


@needs_population
def test_synthetic_population_error_names_the_key_path(tmp_path):
    path = write(tmp_path, HEAD.replace("  ssda903: missing.csv\n",
                                        "  synthetic: {no_such_parameter: 1}\n"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.file == str(path)
    assert info.value.key == "population.synthetic.no_such_parameter"


def test_onset_profile_needs_168_weights(tmp_path):
    good = load_scenario(write(tmp_path, HEAD + f"  onset_profile: {[1.0] * 168}\n"))
    assert good.onset_profile == (1.0,) * 168
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, HEAD + "  onset_profile: [1, 2, 3]\n"))
    assert info.value.key == "population.onset_profile"


def test_loaded_scenario_is_frozen(tmp_path):
    s = load_scenario(write(tmp_path, HEAD))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.seed = 3  # type: ignore[misc]


# -- bad-input catalogue -------------------------------------------------------------------------

CATALOGUE = {
    "unknown_key.yaml": ("horizon_day", "unknown key (expected one of base, name, models, epoch, "
                         "horizon_days, warmup_days, replications, seed, population, staffing, "
                         "overrides, school_holidays, out_of_area, immediate_tolerance); did you "
                         "mean horizon_days?"),
    "unknown_key_nested.yaml": ("staffing.social_worker.cuont",
                                "unknown key (expected one of count, calendar, roster); "
                                "did you mean count?"),
    "negative_staff.yaml": ("staffing.social_worker.count", "must be at least 0, got -2"),
    "negative_shift_staff.yaml": ("staffing.return_interview_provider.roster[0].count",
                                  "must be at least 1, got -1"),
    "probability_above_one.yaml": ("overrides[0].value",
                                   "a probability must be between 0 and 1, got 1.5"),
    "override_unknown_element.yaml": ("overrides[0].element", "no element 'la_h_rhii' in lambeth"),
    "override_unknown_duty.yaml": ("overrides[0].duty", "unknown duty 'return_interveiw' (not in "
                                   "models/catalogue.yaml); did you mean return_interview?"),
    "override_not_a_timer.yaml": ("overrides[0].element", "'la_h_rhi' in lambeth is not a timer"),
    "override_unknown_deadline.yaml": ("overrides[0].deadline", "element 'la_h_rhi' has no "
                                       "deadline named 'Return interview in 3 days'"),
    "unknown_model.yaml": ("models[0]", "unknown model 'lambeht' (expected one of lambeth, "
                           "derby_derbyshire, childrens_home, somerset, darlington, or a .bpmn "
                           "file); did you mean lambeth?"),
    "bad_duration.yaml": ("overrides[0].value",
                          "'P72H' is not an ISO 8601 duration (expected e.g. 'PT72H', 'P3D')"),
    "wrong_type.yaml": ("replications", "must be a whole number, got a string 'five'"),
    "wrong_type_count.yaml": ("staffing.social_worker.count",
                              "must be a whole number, got a string '12'"),
    "unquoted_time.yaml": ("staffing.return_interview_provider.roster[0].end",
                           'write the time in quotes, e.g. "17:00" (YAML reads an unquoted time '
                           "as the number 1020)"),
    "unknown_role.yaml": ("staffing.social_workers",
                          "unknown role 'social_workers' (not in models/catalogue.yaml); did "
                          "you mean social_worker?"),
    "unused_role.yaml": ("staffing.emergency_duty_team",
                         "no lane of lambeth uses role 'emergency_duty_team'"),
    "unknown_calendar.yaml": ("staffing.social_worker.calendar", "must be one of office_hours, "
                              "always, out_of_hours, roster, got 'nine_to_five'"),
    "warmup_too_long.yaml": ("warmup_days", "must be shorter than horizon_days (28), got 28"),
    "missing_data_file.yaml": ("population.ssda903", "file 'no_such_file.csv' does not exist "
                               "(paths are relative to the scenario file)"),
    "bad_epoch.yaml": ("epoch", "must be a date or an ISO 8601 date and time, got "
                       "'6 April 2026'"),
    "limit_wrong_calendar.yaml": ("overrides[0].value", "'PT8H': deadline 'First strategy "
                                  "meeting or discussion within the first working day' of "
                                  "'la_c_sd' counts in working_days, which takes whole days "
                                  "(e.g. 'P2D')"),
    "branch_sum.yaml": ("overrides[0].value", "branch probabilities of gateway 'g_la_rhi' would "
                        "add up to 1.05 (more than 1)"),
    "missing_seed.yaml": ("seed", "required key is missing"),
    "both_populations.yaml": ("population", "give exactly one of 'synthetic' or 'ssda903'"),
    "base_cycle.yaml": ("base", "'base_cycle.yaml' includes itself"),
    "not_yaml.yaml": (None, "not valid YAML at line 2: expected ',' or ']', but got ':'"),
}


def test_catalogue_covers_every_file():
    assert set(CATALOGUE) == {p.name for p in BAD.glob("*.yaml")}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_input(name):
    path = BAD / name
    key, message = CATALOGUE[name]
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert (err.file, err.key) == (str(path), key)
    expected = f"{path}: {key}: {message}" if key else f"{path}: {message}"
    assert str(err) == expected
    assert "\n" not in str(err)


def test_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert str(info.value).startswith(f"{tmp_path / 'nope.yaml'}: cannot read the file")


@pytest.mark.parametrize(("typed", "meant"), [
    ("somerset", "scenarios/somerset.yaml"), ("scenarios/default.yml", "scenarios/default.yaml"),
    ("scenarios/lambeth", "scenarios/lambeth.yaml")])
def test_a_missing_scenario_file_suggests_the_one_meant(typed, meant, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(ScenarioError) as info:
        load_scenario(typed)
    assert str(info.value) == (f"{typed}: cannot read the file (No such file or directory); "
                               f"did you mean {meant}?")


def test_no_suggestion_when_no_scenario_file_is_near(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as info:
        load_scenario("somerset")
    assert "did you mean" not in str(info.value)


@pytest.mark.parametrize(("text", "key", "meant"), [
    ("models: [Lambeth]\n", "models[0]", "lambeth"),
    ("out_of_area: {hosts: [derby]}\n", "out_of_area.hosts[0]", "derby_derbyshire"),
    ("overrides:\n  - {duty: return_interveiw, field: limit, value: PT48H}\n",
     "overrides[0].duty", "return_interview"),
    ("overrides:\n  - {duty: return_interview, field: limt, value: PT48H}\n",
     "overrides[0].field", "limit"),
    ("staffing:\n  social_workr: {count: 3}\n", "staffing.social_workr", "social_worker"),
    ("staffing:\n  social_worker: {count: 3, calendar: office}\n",
     "staffing.social_worker.calendar", "office_hours")])
def test_a_mistyped_value_suggests_the_one_meant(text, key, meant, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(f"base: {SCENARIOS / 'lambeth.yaml'}\n{text}", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.key == key
    assert str(info.value).endswith(f"; did you mean {meant}?"), str(info.value)


def test_no_suggestion_for_a_value_nothing_is_close_to(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(f"base: {SCENARIOS / 'lambeth.yaml'}\nstaffing:\n  plumber: {{count: 1}}\n",
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "did you mean" not in str(info.value)
