"""The bad-input catalogue: scenarios, models and data files that cannot be used.

Every case runs the real command line (``simulation.commands.cli.main`` in this process, capturing
stderr; a few through a subprocess of ``missingsim``) and checks the input contract of the README:
exit status 2, exactly one line on stderr naming the problem (the case's expected words), no
traceback, values quoted short, no child data echoed, and nothing written (no results folder, no
other file beside the inputs). Positive controls check that the unbroken inputs do run, so each
case fails for the reason it names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from model_fixtures import BROKEN, TIME, C, base

from simulation.commands.cli import main

ROOT = Path(__file__).resolve().parents[2]
SECRET_CHILD = "ZQ778812"  # noqa: S105 - a made-up child id that must never be echoed
SECRET_DOB = "14/02/2013"  # noqa: S105 - likewise a made-up date of birth
COLUMNS = "CHILD,DOB,MISSING,MIS_START,MIS_END"
GOOD_ROW = f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2026,11/04/2026"
LONG = "x" * 5000


@dataclass(frozen=True)
class Case:
    """One bad input: the files to write, the command to run on them, the words expected."""

    command: tuple[str, ...]
    files: dict[str, str | bytes]
    expect: str
    simulate: bool = True  # pass --out and --quiet
    extra: dict[str, Callable[[Path], None]] = field(default_factory=dict)


def _yaml(**keys: str | None) -> str:
    """A small valid scenario (Lambeth, 30 days, 1 replication, synthetic population), with the
    top-level keys given replaced (None removes one); ``extra`` lines are appended as given."""
    data: dict[str, str | None] = {
        "models": "[lambeth]", "epoch": "2026-04-06", "horizon_days": "30",
        "warmup_days": "0", "replications": "1", "seed": "1",
        "population": "{synthetic: {}}"}
    extra = keys.pop("extra", None) or ""
    data.update(keys)
    return "".join(f"{k}: {v}\n" for k, v in data.items() if v is not None) + extra


def _scenario(expect: str, text: str | bytes | None = None, **files: str | bytes) -> Case:
    payload: dict[str, str | bytes] = {"s.yaml": text if text is not None else _yaml()}
    payload.update(files)
    return Case(("simulate", "s.yaml"), payload, expect)


def _data(expect: str, missing: str | bytes | None, header: str | bytes | None = None,
          **keys: str | None) -> Case:
    population = "{ssda903: missing.csv" + (", ssda903_header: header.csv}" if header is not None
                                            else "}")
    files: dict[str, str | bytes] = {"s.yaml": _yaml(population=population, **keys)}
    if missing is not None:
        files["missing.csv"] = missing
    if header is not None:
        files["header.csv"] = header
    return Case(("simulate", "s.yaml"), files, expect)


# -- scenarios ---------------------------------------------------------------------------------

BILLION_LAUGHS = (
    "a: &a [x,x,x,x,x,x,x,x,x]\n"
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n")
MANY_ALIASES = "x: &x 1\ny: [" + ",".join(["*x"] * 60) + "]\n"

SCENARIO_CASES: dict[str, Case] = {
    "billion laughs (230 bytes of nested aliases)": _scenario("100,000 values", BILLION_LAUGHS),
    "billion laughs as a scenario value": _scenario("100,000 values", _yaml(
        name=None, extra=BILLION_LAUGHS.replace("f: [", "name: [")
        .replace("a: &a", "x_a: &a"))),
    "more than 50 aliases": _scenario("50 aliases", MANY_ALIASES),
    "alias to a value containing itself": _scenario("contains it", "a: &a [1, *a]\n"),
    "nesting deeper than 20 levels": _scenario("nested more than 20", "a: " + "[" * 30
                                               + "]" * 30 + "\n"),
    "duplicate top-level key": _scenario("duplicate key 'seed'", _yaml(extra="seed: 2\n")),
    "duplicate nested key": _scenario("duplicate key 'count'", _yaml(
        extra="staffing:\n  return_interview_provider: {count: 1, count: 2}\n")),
    "epoch 2026-02-30": _scenario("not a calendar date", _yaml(epoch="2026-02-30")),
    "epoch month 13": _scenario("not a calendar date", _yaml(epoch="2026-13-01")),
    "epoch quoted, not a date": _scenario("epoch", _yaml(epoch='"2026-02-30"')),
    "epoch a word": _scenario("epoch", _yaml(epoch="soon")),
    "epoch before the calendars": _scenario("outside 2000-2060", _yaml(epoch="1999-01-01")),
    "epoch missing": _scenario("epoch: required key", _yaml(epoch=None)),
    "horizon_days 100000000": _scenario("at most 3660 days", _yaml(horizon_days="100000000")),
    "horizon_days zero": _scenario("horizon_days", _yaml(horizon_days="0")),
    "horizon_days negative": _scenario("horizon_days", _yaml(horizon_days="-5")),
    "horizon_days infinite": _scenario("horizon_days", _yaml(horizon_days=".inf")),
    "horizon_days not a number": _scenario("horizon_days", _yaml(horizon_days=".nan")),
    "horizon_days a string": _scenario("horizon_days", _yaml(horizon_days='"365"')),
    "horizon past the calendars": _scenario("after the last year", _yaml(
        epoch="2060-06-01", horizon_days="365")),
    "warm-up as long as the run": _scenario("warmup_days", _yaml(warmup_days="30")),
    "replications zero": _scenario("replications", _yaml(replications="0")),
    "replications above the limit": _scenario("at most 10,000", _yaml(replications="100001")),
    "replications a fraction": _scenario("replications", _yaml(replications="2.5")),
    "replications a boolean": _scenario("replications", _yaml(replications="true")),
    "seed negative": _scenario("seed", _yaml(seed="-1")),
    "seed above 2**63 - 1": _scenario("2**63 - 1", _yaml(seed=str(2**64))),
    "seed with 5000 digits": _scenario("not a usable whole number", _yaml(seed="9" * 5000)),
    "seed missing": _scenario("seed: required key", _yaml(seed=None)),
    "not UTF-8": _scenario("not UTF-8", _yaml(extra="name: Caf\u00e9\n").encode("latin-1")),
    "larger than 1 MiB": _scenario("larger than 1,048,576 bytes",
                                   _yaml(extra="#" + "x" * 1_100_000 + "\n")),
    "empty file": _scenario("must be a mapping", ""),
    "a list, not a mapping": _scenario("must be a mapping", "- models\n- epoch\n"),
    "not YAML": _scenario("not valid YAML at line", "models: [lambeth\nepoch: : :\n"),
    "python object tag": _scenario("not valid YAML", "a: !!python/object/apply:os.system "
                                                     "['true']\n"),
    "unknown top-level key": _scenario("unknown key", _yaml(extra="colour: blue\n")),
    "unknown key 5000 characters long": _scenario("unknown key", _yaml(extra=f"? {LONG}\n: 1\n")),
    "value 5000 characters long": _scenario("horizon_days", _yaml(horizon_days=f'"{LONG}"')),
    "two models": _scenario("a scenario runs one", _yaml(models="[lambeth, somerset]")),
    "no models": _scenario("models", _yaml(models="[]")),
    "models a string": _scenario("models", _yaml(models="lambeth")),
    "unknown model": _scenario("unknown model 'nowhere'", _yaml(models="[nowhere]")),
    "unknown model 5000 characters long": _scenario("unknown model", _yaml(models=f"[{LONG}]")),
    "model file absent": _scenario("does not exist", _yaml(models="[absent.bpmn]")),
    "name empty": _scenario("name", _yaml(extra='name: ""\n')),
    "base absent": _scenario("base", _yaml(extra="base: absent.yaml\n")),
    "base is itself": _scenario("includes itself", _yaml(extra="base: s.yaml\n")),
    "base a number": _scenario("base", _yaml(extra="base: 12\n")),
    "base chain longer than 10": Case(("simulate", "s.yaml"), {
        "s.yaml": "base: b1.yaml\n",
        **{f"b{i}.yaml": f"base: b{i + 1}.yaml\n" for i in range(1, 12)},
        "b12.yaml": _yaml()}, "more than 10 files"),
    "population missing": _scenario("population", _yaml(population=None)),
    "population both kinds": _scenario("exactly one", _yaml(
        population="{synthetic: {}, ssda903: missing.csv}"), **{"missing.csv": COLUMNS + "\n"}),
    "onset profile with a synthetic population": _scenario("applies only with", _yaml(
        population="{synthetic: {}, onset_profile: [1]}")),
    "staffing unknown role": _scenario("unknown role", _yaml(
        extra="staffing: {wizard: {count: 1}}\n")),
    "staffing role with no lane": _scenario("no lane", _yaml(
        extra="staffing: {emergency_duty_team: {count: 1}}\n")),
    "staffing count negative": _scenario("count", _yaml(
        extra="staffing: {return_interview_provider: {count: -1}}\n")),
    "staffing count a word": _scenario("count", _yaml(
        extra="staffing: {return_interview_provider: {count: two}}\n")),
    "staffing calendar unknown": _scenario("calendar", _yaml(
        extra="staffing: {return_interview_provider: {count: 1, calendar: lunar}}\n")),
    "roster time unquoted": _scenario("write the time in quotes", _yaml(
        extra="staffing: {return_interview_provider: {roster: [{days: [mon], start: '09:00', "
              "end: 17:00, count: 1}]}}\n")),
    "roster unknown day": _scenario("days[0]", _yaml(
        extra="staffing: {return_interview_provider: {roster: [{days: [funday], "
              "start: '09:00', end: '17:00', count: 1}]}}\n")),
    "roster shift of no length": _scenario("must not end when it starts", _yaml(
        extra="staffing: {return_interview_provider: {roster: [{days: [mon], "
              "start: '09:00', end: '09:00', count: 1}]}}\n")),
    "roster empty": _scenario("non-empty list", _yaml(
        extra="staffing: {return_interview_provider: {roster: []}}\n")),
    "override unknown element": _scenario("no element 'nowhere'", _yaml(
        extra="overrides: [{element: nowhere, field: limit, value: PT48H}]\n")),
    "override unknown duty": _scenario("unknown duty", _yaml(
        extra="overrides: [{duty: sorcery, field: limit, value: PT48H}]\n")),
    "override unknown field": _scenario("field", _yaml(
        extra="overrides: [{duty: return_interview, field: colour, value: red}]\n")),
    "override limit PT24X": _scenario("not an ISO 8601 duration", _yaml(
        extra="overrides: [{duty: return_interview, field: limit, value: PT24X}]\n")),
    "override timer P99999999Y": _scenario("longer than any calendar reaches", _yaml(
        extra="overrides: [{element: p_t24, field: duration, value: P99999999Y}]\n")),
    "override duration 5000 characters long": _scenario("not an ISO 8601 duration", _yaml(
        extra=f"overrides: [{{element: p_t24, field: duration, value: P{LONG}}}]\n")),
    "override probability above 1": _scenario("between 0 and 1", _yaml(
        extra="overrides: [{element: f_84, field: probability, value: 1.5}]\n")),
    "overrides not a list": _scenario("must be a list", _yaml(extra="overrides: {a: 1}\n")),
    "school holidays reversed": _scenario("after it ends", _yaml(
        extra="school_holidays: [[2026-08-01, 2026-07-01]]\n")),
    "school holiday 2026-02-30": _scenario("not a calendar date", _yaml(
        extra="school_holidays: [[2026-02-01, 2026-02-30]]\n")),
    "out of area no hosts": _scenario("hosts", _yaml(extra="out_of_area: {hosts: []}\n")),
    "out of area host is itself": _scenario("own model", _yaml(
        extra="out_of_area: {hosts: [lambeth]}\n")),
    "out of area share 2": _scenario("share", _yaml(
        extra="out_of_area: {hosts: [somerset], share: 2}\n")),
    "out of area latency negative": _scenario("latency", _yaml(
        extra="out_of_area: {hosts: [somerset], latency: PT-1H}\n")),
    "scenario file absent": Case(("simulate", "absent.yaml"), {}, "cannot read the file"),
    "scenario is a folder": Case(("simulate", "folder"), {"folder/keep.txt": "x"},
                                 "cannot read the file"),
}


# -- models ------------------------------------------------------------------------------------

def _base_xml() -> str:
    b, _ = base("catalogue")
    return b.to_xml()


def _with_timer(duration: str, limit: str = "PT1H") -> str:
    b, cr = base("timer")
    cr.boundary("b_24h", "24 hours missing", attached_to="t_grade",  # type: ignore[attr-defined]
                interrupting=False, duration=duration, citation=C)
    cr.task("t_escalate", "Escalate", duty="notify_senior_manager",  # type: ignore[attr-defined]
            time=TIME, citation=C)
    cr.end("e_esc", "Escalated", citation=C)  # type: ignore[attr-defined]
    b.chain("b_24h", "t_escalate", "e_esc")
    return b.to_xml().replace('limit="PT1H"', f'limit="{limit}"')


def _condition(text: str) -> str:
    b, _ = base("condition")
    for f in b.flows:
        if f.source == "g_risk" and f.condition:
            f.condition = text
    return b.to_xml()


def _no_start_event() -> str:
    from models.data.authoring import ModelBuilder

    b = ModelBuilder("no_start", authority="Fixture", document="fixture.txt")
    lane = b.pool("p_home", "Home", citation=C).lane("l_carer", "Carer", role="carer",
                                                     citation=C)
    lane.task("t_search", "Search", duty="locate_child", time=TIME, citation=C)
    lane.end("e", "Done", citation=C)
    b.chain("t_search", "e")
    return b.to_xml()


def _unreadable_models() -> dict[str, tuple[str | bytes, str]]:
    """Model files that cannot be read at all: (content, expected words)."""
    xml = _base_xml()
    body = xml.split("?>", 1)[1]
    return {
        "malformed XML": (xml[: len(xml) // 2], "not well-formed XML"),
        "DOCTYPE": ('<?xml version="1.0"?>\n<!DOCTYPE d>\n' + body, "DOCTYPE"),
        "entity bomb": ('<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaa">'
                        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                        + body.replace('name="Search"', 'name="&b;"'), "DOCTYPE"),
        "external entity": ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM '
                            '"file:///etc/passwd">]>\n' + body.replace('name="Search"',
                                                                        'name="&x;"'),
                            "DOCTYPE"),
        "unknown element type": (xml.replace('<bpmn:exclusiveGateway id="g_merge"',
                                             '<bpmn:complexGateway id="g_merge"').replace(
            "</bpmn:exclusiveGateway>\n    <bpmn:intermediateCatchEvent",
            "</bpmn:complexGateway>\n    <bpmn:intermediateCatchEvent"), "unknown element type"),
        "calendar not a calendar": (xml.replace('calendar="clock" modality="must"',
                                                'calendar="fortnightly" modality="must"', 1),
                                    "invalid extension value"),
        "processing time not a duration": (xml.replace(
            '<ms:processingTime distribution="ConstantParameter" value="PT1H"/>',
            '<ms:processingTime distribution="ConstantParameter" value="an hour"/>', 1),
            "invalid extension value"),
        "modality unknown": (xml.replace('modality="must"', 'modality="perhaps"', 1),
                             "invalid extension value"),
        # 'PT' (a time part with no number) matches the schema's duration pattern but is no
        # duration: it passed the reader and verify, then crashed simulate (latency) or the
        # reader itself (processing time) with a traceback.
        "processing time PT": (xml.replace(
            '<ms:processingTime distribution="ConstantParameter" value="PT1H"/>',
            '<ms:processingTime distribution="ConstantParameter" value="PT"/>', 1),
            "ms:processingTime value 'PT' is not an ISO 8601 duration"),
        "message latency PT": (xml.replace(
            '<bpmn:messageFlow id="mf_12" name="report" sourceRef="t_report" targetRef="ps">\n'
            '      <bpmn:extensionElements>\n',
            '<bpmn:messageFlow id="mf_12" name="report" sourceRef="t_report" targetRef="ps">\n'
            '      <bpmn:extensionElements>\n        <ms:latency value="PT"/>\n', 1),
            "ms:latency value 'PT' is not an ISO 8601 duration"),
        "root not definitions": ('<?xml version="1.0"?>\n<model/>\n', "bpmn:definitions"),
        "binary, not XML": (bytes(range(256)) * 4, "not well-formed XML"),
        "empty file": ("", "not well-formed XML"),
    }


def _failing_models() -> dict[str, tuple[str, str]]:
    """Model files that read but fail verification: (content, expected words)."""
    cases = {name: (make()[0], "fails verification") for name, make in BROKEN.items()}
    cases.update({
        "timer PT24X": (_with_timer("PT24X"), "not an ISO 8601 duration"),
        "timer P99999999Y": (_with_timer("P99999999Y"), "longer than any calendar reaches"),
        "deadline limit P99999999Y": (_with_timer("PT24H", limit="P99999999Y"),
                                      "longer than any calendar reaches"),
        "unsafe condition (Python code)": (_condition("__import__('os').system('true')"),
                                           "condition"),
        "condition reading an unknown attribute": (_condition("colour == 'red'"),
                                                   "unknown attribute"),
        "no start event": (_no_start_event(), "no start event"),
    })
    return cases


MODEL_SCENARIO = ("models: [m.bpmn]\nepoch: 2026-04-06\nhorizon_days: 10\nwarmup_days: 0\n"
                  "replications: 1\nseed: 1\npopulation: {synthetic: {}}\n")


def _model_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for name, (text, expect) in _unreadable_models().items():
        for command in ("verify", "rules", "deadlines"):
            cases[f"model {name}: {command}"] = Case((command, "m.bpmn"), {"m.bpmn": text},
                                                     expect, simulate=False)
        cases[f"model {name}: simulate"] = Case(("simulate", "s.yaml"), {
            "m.bpmn": text, "s.yaml": MODEL_SCENARIO}, "cannot be loaded")
        cases[f"model {name}: as an out-of-area host"] = Case(("simulate", "s.yaml"), {
            "m.bpmn": text, "s.yaml": _yaml(extra="out_of_area: {hosts: [m.bpmn]}\n")},
            "cannot be loaded")
    for name, (text, expect) in _failing_models().items():
        cases[f"model {name}: simulate"] = Case(("simulate", "s.yaml"), {
            "m.bpmn": text, "s.yaml": MODEL_SCENARIO}, expect)
    for absent in ("verify", "rules", "deadlines"):
        cases[f"model file absent: {absent}"] = Case((absent, "absent.bpmn"), {},
                                                     "cannot read file", simulate=False)
        cases[f"model name unknown: {absent}"] = Case((absent, "lamb"), {},
                                                      "no shipped model of that name",
                                                      simulate=False)
    return cases


# -- SSDA903 data files ------------------------------------------------------------------------

def _rows(*rows: str) -> str:
    return COLUMNS + "\n" + "".join(r + "\n" for r in rows)


def _workbook(*rows: list[str]) -> bytes:
    """The rows as an Excel workbook (.xlsx), as a spreadsheet saves them by default."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER_OK = f"CHILD,SEX,DOB\n{SECRET_CHILD},2,{SECRET_DOB}\n"
DATA_CASES: dict[str, Case] = {
    "missing table absent": _data("does not exist", None),
    "missing table empty": _data("file is empty", ""),
    "missing table header only": _data("no rows", COLUMNS + "\n"),
    "missing column": _data("column MIS_END", "CHILD,DOB,MISSING,MIS_START\n"
                            f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2026\n"),
    "table separated by semicolons": _data(
        "separated by semicolons: save the table as comma-separated values (CSV)",
        _rows(GOOD_ROW).replace(",", ";")),
    "table separated by tabs": _data("separated by tabs", _rows(GOOD_ROW).replace(",", "\t")),
    "bad start date": _data("line 3: column MIS_START", _rows(
        GOOD_ROW, f"{SECRET_CHILD},{SECRET_DOB},M,32/04/2026,")),
    "start date in ISO form": _data("dd/mm/yyyy", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,2026-04-10,")),
    "end date 31/02": _data("column MIS_END", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2026,31/02/2026")),
    "date of birth 31/02": _data("column DOB", _rows(f"{SECRET_CHILD},31/02/2013,M,10/04/2026,")),
    "end before start": _data("MIS_END is before MIS_START", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2026,09/04/2026")),
    "MISSING not M or A": _data("column MISSING", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},X,10/04/2026,")),
    "empty CHILD": _data("column CHILD", _rows(f",{SECRET_DOB},M,10/04/2026,")),
    "empty MIS_START": _data("column MIS_START", _rows(f"{SECRET_CHILD},{SECRET_DOB},M,,")),
    "short row": _data("too few fields", _rows(f"{SECRET_CHILD},{SECRET_DOB},M")),
    "too many fields": _data("fields but the header", _rows(GOOD_ROW + ",1,2")),
    "overlapping periods (DfE rule 574)": _data("rule 574", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2026,", f"{SECRET_CHILD},{SECRET_DOB},M,"
        "12/04/2026,13/04/2026")),
    "age over 17": _data("outside 0-17", _rows(f"{SECRET_CHILD},01/01/2000,M,10/04/2026,")),
    "not UTF-8": _data("line 3: not UTF-8", (_rows(GOOD_ROW) + "K\xe9,01/01/2013,M,12/04/2026,"
                                             "\n").encode("latin-1")),
    "an Excel workbook": _data("an Excel workbook (.xlsx), not a CSV table: save it as 'CSV "
                               "UTF-8'", _workbook(COLUMNS.split(","), GOOD_ROW.split(","))),
    "NUL byte": _data("line 3: column MIS_START", _rows(
        GOOD_ROW, f"K2,{SECRET_DOB},M,1\x002/04/2026,")),
    "field longer than the csv limit": _data("131,072", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2026,\"{'x' * 200_000}\"")),
    "every period before the epoch": _data("no period starts in the run", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2025,11/04/2025")),
    "every period after the run": _data("no period starts in the run", _rows(
        f"{SECRET_CHILD},{SECRET_DOB},M,10/04/2027,11/04/2027")),
    "missing table is a folder": Case(("simulate", "s.yaml"), {
        "s.yaml": _yaml(population="{ssda903: folder}"), "folder/x": "x"}, "does not exist"),
    "header SEX not a code": _data("column SEX", _rows(GOOD_ROW),
                                   f"CHILD,SEX,DOB\n{SECRET_CHILD},X,{SECRET_DOB}\n"),
    "header SEX empty": _data("column SEX", _rows(GOOD_ROW),
                              f"CHILD,SEX,DOB\n{SECRET_CHILD},,{SECRET_DOB}\n"),
    "header child twice": _data("earlier line", _rows(GOOD_ROW), HEADER_OK + HEADER_OK[14:]),
    "header without SEX column": _data("column SEX", _rows(GOOD_ROW),
                                       f"CHILD,DOB\n{SECRET_CHILD},{SECRET_DOB}\n"),
    "header empty": _data("file is empty", _rows(GOOD_ROW), ""),
    "header bad date of birth": _data("column DOB", _rows(GOOD_ROW),
                                      f"CHILD,SEX,DOB\n{SECRET_CHILD},1,30/02/2013\n"),
    "SSDA903 with out-of-area placements": _data("needs a synthetic population", _rows(GOOD_ROW),
                                                 extra="out_of_area: {hosts: [somerset]}\n"),
}

CASES: dict[str, Case] = {**SCENARIO_CASES, **_model_cases(), **DATA_CASES}


def _write(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_catalogue_has_at_least_110_cases() -> None:
    assert len(CASES) >= 110


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    _write(tmp_path, case.files)
    monkeypatch.chdir(tmp_path)  # paths relative, and a default results/ would land here
    before = _listing(tmp_path)
    argv = list(case.command)
    if case.simulate:
        argv += ["--out", "out", "--quiet"]
    status = main(argv)
    captured = capsys.readouterr()
    err = captured.err
    assert status == 2, (status, err)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith("missingsim: error: ")
    assert case.expect in err, err
    assert len(err) < 600, "values must be quoted short"
    assert SECRET_CHILD not in err and SECRET_DOB not in err
    assert _listing(tmp_path) == before, "nothing may be written"


# -- positive controls: the unbroken inputs run ------------------------------------------------

def test_unbroken_inputs_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"m.bpmn": _base_xml(), "model.yaml": MODEL_SCENARIO,
                      "data.yaml": _yaml(population="{ssda903: missing.csv, "
                                                    "ssda903_header: header.csv}",
                                         horizon_days="10"),
                      "missing.csv": _rows(GOOD_ROW), "header.csv": HEADER_OK})
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "m.bpmn"]) == 0
    for scenario in ("model.yaml", "data.yaml"):
        assert main(["simulate", scenario, "--out", f"out_{scenario}", "--quiet"]) == 0
        assert (tmp_path / f"out_{scenario}" / "report.md").is_file()
    err = capsys.readouterr().err
    assert "1 rows; 1 periods start in the run" in err and SECRET_CHILD not in err


def test_verify_reports_an_unreachable_timer_as_a_finding(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    path = tmp_path / "m.bpmn"
    path.write_text(_with_timer("P99999999Y"), encoding="utf-8")
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "b_24h" in out and "at most P61Y" in out


# -- through the installed command -------------------------------------------------------------

def _missingsim() -> list[str]:
    exe = Path(sys.executable).with_name("missingsim")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "simulation.commands.cli"]


@pytest.mark.parametrize("name", ["billion laughs (230 bytes of nested aliases)",
                                  "model timer P99999999Y: simulate",
                                  "every period before the epoch"])
def test_through_the_installed_command(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    _write(tmp_path, case.files)
    proc = subprocess.run([*_missingsim(), *case.command, "--out", "out", "--quiet"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert case.expect in proc.stderr
    assert not (tmp_path / "out").exists()
    if name.startswith("billion"):
        assert len(BILLION_LAUGHS.encode()) <= 230
