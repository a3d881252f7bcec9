"""The `missingsim` command: the composition root, and the one place input errors are caught.

The input contract (README, "Input contract"): every command-line value is checked before any
work; an unusable one gives one line on stderr (what is wrong, what is expected, values quoted
short), exit status 2, and nothing written. SIGINT and SIGTERM stop the workers, remove the
partial results and exit with one line (status 130 and 143). A sub-command is a ``_name``
function taking the parsed arguments and returning the exit status, plus its block in
:func:`build_parser`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from models import (
    MODEL_NAMES,
    MissingsimError,
    ModelError,
    ProtocolModel,
    Report,
    load_model,
    model_path,
    verify,
)
from models.data.calendars import STAFF_HOURS
from models.data.errors import did_you_mean
from models.data.findings import exit_status
from simulation.results.publish import missingsim_version, shown
from simulation.run.interrupts import Interrupted, stop_on_signals

__all__ = ["MAX_JOBS", "MAX_LATENCY_HOURS", "MAX_REPLICATIONS", "MAX_SEED", "build_parser",
           "main"]

# Limits on command-line values, each named in the message that refuses a value beyond it.
MAX_JOBS = 256                  # worker processes
MAX_REPLICATIONS = 10_000       # as a scenario's `replications` (simulation.run.scenario, issue 11)
MAX_SEED = 2**63 - 1            # as a scenario's `seed`
MAX_LATENCY_HOURS = 366 * 24    # gaps --latency: a notice taking over a year is a typo
# Structural findings that make a model impossible to analyse or run (the rest still allow it).
BLOCKING_KINDS = ("dangling_reference", "timer", "condition")


class CommandLineError(MissingsimError):
    """A command-line value cannot be used; one line naming the option."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.message = message
        super().__init__(f"{option}: {message}")


class _Parser(argparse.ArgumentParser):
    """argparse, with every usage error on one line (the usage text is left to ``--help``) and
    long values shortened."""

    def error(self, message: str) -> NoReturn:
        text = re.sub(r"'([^']{61,})'", lambda m: shown(m.group(1), 60), message) + \
            _likely_choice(message)
        self.exit(2, f"{self.prog}: error: {_one_line(text)} (see {self.prog} --help)\n")


def _likely_choice(message: str) -> str:
    """'; did you mean verify?' for argparse's "invalid choice: 'verfy' (choose from ...)"
    when one choice is close to what was typed; empty otherwise."""
    found = re.search(r"invalid choice: '?([^'()]{1,60}?)'? \(choose from (.*)\)", message)
    if not found:
        return ""
    listed = found.group(2)  # quoted in Python 3.11, bare in later releases
    choices = re.findall(r"'([^']+)'", listed) or [c.strip() for c in listed.split(",")]
    return did_you_mean(found.group(1), choices)


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else f"{flat[:limit - 1]}…"


def _whole(option: str, low: int, high: int, why: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``; the message names both."""

    def parse(text: str) -> int:
        expected = f"expected a whole number from {low} to {high}{why}"
        if not re.fullmatch(r"\s*[+-]?\d+\s*", text):
            raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not a whole number; "
                                             f"{expected}")
        value = int(text) if len(text.strip()) <= 40 else None  # no 4300-digit int() error
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{shown(text.strip(), 30)} is out of range; "
                                             f"{expected}")
        return value

    parse.__name__ = option  # argparse names the type in some messages
    return parse


def _duration(text: str) -> str:
    """An argparse type: an ISO 8601 duration from PT0H to P1Y (``gaps --latency``)."""
    from models.data.durations import parse_duration

    try:
        hours = parse_duration(text).nominal_hours
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not an ISO 8601 duration; "
                                         "expected e.g. PT2H, P1D (not negative)") from None
    if hours > MAX_LATENCY_HOURS:
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is longer than the limit of a year "
                                         "(P1Y); expected e.g. PT2H, P1D")
    return text.strip()


def _folder(text: str) -> str:
    """An argparse type: a folder path (not empty)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; expected a folder path")
    return text


def _placement(text: str) -> tuple[str, str]:
    """An argparse type: ``RESPONSIBLE:HOST`` as two model names or paths."""
    a, sep, b = text.rpartition(":")
    if not sep or not a or not b:
        raise argparse.ArgumentTypeError(f"{shown(text, 60)} is not RESPONSIBLE:HOST; expected "
                                         "e.g. somerset:lambeth")
    return a, b


def _target(text: str) -> Any:
    """An argparse type: ``DUTY:SHARE`` (``staffing --target``)."""
    from simulation.results.staffing_search import parse_target

    if len(text) > 80:
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not DUTY:SHARE; expected e.g. "
                                         "return_interview:0.95")
    try:
        return parse_target(text)
    except MissingsimError as exc:
        raise argparse.ArgumentTypeError(getattr(exc, "message", str(exc))) from None


def _analysable(name: str) -> ProtocolModel:
    """The model, refused (one line) when a timer, condition or reference in it cannot be used
    at all: ``deadlines``, ``gaps`` and the simulator cannot work on it. The cheap structural
    checks only; the rest of ``verify`` is not needed to analyse it."""
    from models.checks.structure import structural_findings
    from models.data.catalogue import catalogue
    from models.data.graph import to_graph

    model = load_model(name)
    blocking = [f for f in structural_findings(model, to_graph(model), catalogue())
                if f.kind in BLOCKING_KINDS]
    if blocking:
        first = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        raise ModelError(model.path, f"{first.kind}: {first.message}{more}; expected a model "
                         f"that passes 'missingsim verify {Path(model.path).name}'",
                         element_id=first.element_id)
    return model


def _warn_if_unverified(model: ProtocolModel) -> None:
    """One warning line on stderr when the model fails verification (the output still shows
    what the file says, which helps to fix it)."""
    from models import verify_model

    report = verify_model(model)
    if not report.ok:
        errors = [f for f in report.findings if f.severity == "error"]
        print(_one_line(f"missingsim: warning: {model.path} fails verification ({len(errors)} "
                        f"finding{'s' if len(errors) != 1 else ''}; first: {errors[0]}); what "
                        "follows is what the file says, not a checked model: run 'missingsim "
                        f"verify {Path(model.path).name}'"), file=sys.stderr)


def _with_parts(combined: Report, parts: Sequence[Report]) -> Report:
    """The combined model's report, failed when one of its parts fails on its own (the combined
    model is built from the parts; its exploration does not re-check, say, a part's timers)."""
    from models.data.findings import Finding

    extra = tuple(
        Finding("part", p.model, Path(p.path).name,
                f"this part fails verification on its own ({len(p.findings)} finding"
                f"{'s' if len(p.findings) != 1 else ''}; first: {p.findings[0]})")
        for p in parts if not p.ok)
    if not extra:
        return combined
    return Report(combined.model, combined.path, (*combined.findings, *extra),
                  combined.properties)


def _check_scheduler(args: argparse.Namespace, out: Path) -> None:
    """Before any progress is shown: the output folder can be written, and, with
    ``--scheduler``, the distributed package is installed and the scheduler answers."""
    if args.scheduler is None:
        return
    from simulation.results.publish import check_out
    from simulation.run.cluster import check_scheduler

    check_out(out, force=args.force)
    check_scheduler(args.scheduler)


def _same_model(a: str, b: str) -> bool:
    """Whether two model arguments (names or paths) are one file: a placement needs two."""
    try:
        return a == b or model_path(a).resolve() == model_path(b).resolve()
    except (MissingsimError, OSError):
        return False  # an unknown name is reported when the model is read


def _verify(args: argparse.Namespace) -> int:
    targets = list(args.models)
    pairs = list(args.placed or ())
    for a, b in pairs:
        if _same_model(a, b):
            raise CommandLineError("--placed", f"{shown(f'{a}:{b}', 60)} names one model twice; "
                                   "expected two different models (RESPONSIBLE:HOST)")
    if args.all_placements:
        shipped = [n for n in MODEL_NAMES if model_path(n).exists()]
        pairs += [(a, b) for a in shipped for b in shipped if a != b]
    if args.all or not (targets or pairs):
        targets = [n for n in MODEL_NAMES if model_path(n).exists()]
    started = time.perf_counter()
    reports = [verify(model_path(t)) for t in targets]
    if pairs:
        from models import verify_model
        from models.analyses.composition import compose, verify_composition

        loaded: dict[str, Any] = {}
        alone: dict[str, Report] = dict(zip(targets, reports, strict=True))  # verified once
        memo: dict[object, Any] = {}
        for a, b in pairs:
            for n in (a, b):
                if n not in loaded:
                    loaded[n] = load_model(n)
                if n not in alone:
                    alone[n] = verify_model(loaded[n])
            reports.append(_with_parts(verify_composition(compose(loaded[a], loaded[b]),
                                                          cache=memo), [alone[a], alone[b]]))
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({"ok": all(r.ok for r in reports), "seconds": round(elapsed, 3),
                          "models": [r.as_dict() for r in reports]}, indent=2,
                         ensure_ascii=False))
    else:
        for r in reports:
            p = r.properties
            status = r.status.upper()  # PASS, FAIL or INCONCLUSIVE
            detail = (f"{p.get('states', '-')} states; safe={p.get('safeness')}; "
                      f"option to complete={p.get('option_to_complete')}; "
                      f"proper completion={p.get('proper_completion')}; "
                      f"dead activities={_count(p.get('dead_activities', []))}") if p else \
                "behaviour not explored (fix the structural problems first)"
            print(f"{status} {r.model} ({r.path}): {detail}")
            for f in r.findings:
                print(f"  {f}")
        print(f"{sum(r.ok for r in reports)}/{len(reports)} models pass in {elapsed:.2f} s")
    return exit_status(reports)


def _count(items: list[str] | None) -> str:
    """How many, or "not decided" (an exploration cut off at its state limit)."""
    return "not decided" if items is None else str(len(items))


def _rules(args: argparse.Namespace) -> int:
    from simulation.results.analysis_tables import format_rules

    model = load_model(args.model)
    text = format_rules(model, args.format)
    _warn_if_unverified(model)
    sys.stdout.write(text)
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    from simulation.results.analysis_tables import format_deadlines

    model = _analysable(args.model)
    text = format_deadlines(model, args.format)
    _warn_if_unverified(model)
    sys.stdout.write(text)
    return 0


def _simulate(args: argparse.Namespace) -> int:
    import dataclasses

    from tqdm import tqdm

    from simulation.results.outputs import OUTPUT_STEPS, write_simulation_outputs
    from simulation.results.publish import publish_directory
    from simulation.run.runner import replicate
    from simulation.run.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    for note in scenario.input_notes:  # e.g. SSDA903 rows used, clipped, left out
        print(f"missingsim: {note}", file=sys.stderr)
    if args.seed is not None:
        scenario = dataclasses.replace(scenario, seed=args.seed)
    if args.replications is not None:
        scenario = dataclasses.replace(scenario, replications=args.replications)
    out = Path(args.out or Path("results") / Path(args.scenario).stem)
    _check_scheduler(args, out)
    with publish_directory(out, force=args.force, command="simulate") as tmp:
        with tqdm(total=scenario.replications, desc=f"{scenario.name}: replications",
                  unit="rep", disable=args.quiet) as bar:
            results = replicate(scenario, jobs=args.jobs, progress=bar.update,
                                scheduler=args.scheduler)
        with tqdm(total=len(OUTPUT_STEPS), desc=f"{scenario.name}: results", unit="step",
                  disable=args.quiet) as bar:
            def step(name: str) -> None:
                bar.set_postfix_str(f"{name} done", refresh=False)
                bar.update(1)

            write_simulation_outputs(scenario, results, tmp, progress=step)
    episodes = sum(r.episodes for r in results)
    print(f"{scenario.name}: {len(results)} replication{'s' * (len(results) != 1)}, "
          f"{episodes} episodes; "
          f"results in {out}/ (report.md, report.html, compliance.csv, kpis.xlsx, "
          "event_log.csv)")
    return 0


def _compare(args: argparse.Namespace) -> int:
    import dataclasses
    import math

    from tqdm import tqdm

    from simulation.results.compare import check_common_random_numbers, compare
    from simulation.results.compare_report import COMPARISON_STEPS, write_comparison
    from simulation.results.publish import publish_directory
    from simulation.run.scenario import load_scenario

    scenarios = [load_scenario(p) for p in args.scenarios]
    if args.replications is not None:
        scenarios = [dataclasses.replace(s, replications=args.replications) for s in scenarios]
    check_common_random_numbers(scenarios)
    stems = "_vs_".join(Path(p).stem for p in args.scenarios)
    out = Path(args.out or Path("results") / f"compare_{stems}")
    _check_scheduler(args, out)
    with publish_directory(out, force=args.force, command="compare") as tmp:
        with tqdm(total=len(scenarios) * scenarios[0].replications, unit="rep",
                  desc="compare: replications", disable=args.quiet) as bar:
            arms, rows = compare(scenarios, jobs=args.jobs, progress=bar.update,
                                 scheduler=args.scheduler)
        with tqdm(total=len(COMPARISON_STEPS), unit="file", desc="compare: results",
                  disable=args.quiet) as bar:
            def step(name: str) -> None:
                bar.set_postfix_str(f"{name} done", refresh=False)
                bar.update(1)

            write_comparison(scenarios, arms, rows, tmp, progress=step)
    print(f"Paired comparison, {scenarios[0].replications} replications per arm, seed "
          f"{scenarios[0].seed} (common random numbers); deadlines met, variant - baseline:")
    for r in rows:
        if r["kpi"] != "compliance" or r["split"] != "all" or not r["pairs"]:
            continue
        interval = ("no interval" if math.isnan(r["difference_ci_low"]) else
                    f"95% CI {100 * r['difference_ci_low']:+.1f} to "
                    f"{100 * r['difference_ci_high']:+.1f}")
        limit = ("" if r["baseline_limit"] == r["variant_limit"]
                 else f" [limit {r['baseline_limit']} -> {r['variant_limit']}]")
        print(f"  {r['variant']}: {r['item']} {r['deadline']}{limit}: "
              f"{100 * r['difference_mean']:+.1f} pp ({interval}) {r['verdict']}")
    print(f"results in {out}/ (compare.html, compare.md, compare.csv, compare.png, "
          "compare.xlsx)")
    return 0


def _staffing(args: argparse.Namespace) -> int:
    import dataclasses
    import math

    from tqdm import tqdm

    from simulation.results.publish import check_out, publish_directory
    from simulation.results.staffing_search import check_search, search, write_staffing
    from simulation.run.scenario import load_scenario

    if args.max is not None and args.max < args.min:
        raise CommandLineError("--max", f"{args.max} is below --min ({args.min}); expected "
                                        "--max at least --min")
    scenario = load_scenario(args.scenario)
    if args.replications is not None:
        scenario = dataclasses.replace(scenario, replications=args.replications)
    target = args.target
    role = re.sub(r"[^A-Za-z0-9_.-]", "_", args.role)[:60]
    out = Path(args.out or Path("results") / f"staffing_{Path(args.scenario).stem}_{role}")
    # a bad output folder, role, duty or bound is one line before any progress is shown
    check_out(out, force=args.force)
    check_search(scenario, args.role, target, minimum=args.min, maximum=args.max,
                 calendar=args.calendar)
    _check_scheduler(args, out)
    total = None if args.max is None else (args.max - args.min + 1) * scenario.replications
    with publish_directory(out, force=args.force, command="staffing") as tmp:
        with tqdm(total=total, unit="rep", desc=f"{scenario.name}: {args.role} staffing",
                  disable=args.quiet) as bar:
            result = search(scenario, args.role, target, minimum=args.min, maximum=args.max,
                            calendar=args.calendar, jobs=args.jobs, progress=bar.update,
                            scheduler=args.scheduler)
        write_staffing(result, tmp)
    print(f"{scenario.name}: staff of {result.role} ({result.calendar}) for every "
          f"{target.duty} deadline met in at least {100 * target.share:g}% of cases "
          f"({scenario.replications} replication{'s' * (scenario.replications != 1)} per count, "
          f"seed {scenario.seed}; "
          f"{result.method})")
    print("  staff  lowest deadline met  meets target")
    for p in result.points:
        worst = "n/a" if math.isnan(p.worst) else f"{100 * p.worst:.1f}%"
        print(f"  {p.count:>5}  {worst:>19}  {'yes' if p.meets else 'no'}")
    if result.answer is None:
        print(f"No count evaluated meets the target; results in {out}/ "
              "(staffing.csv, staffing.png)")
        return 1
    below = result.answer - 1
    proof = (f"{below} does not" if any(p.count == below and not p.meets for p in result.points)
             else "the smallest count evaluated")
    note = "" if result.monotone else " (a larger count evaluated fails it again: noisy)"
    print(f"Smallest count meeting the target: {result.answer} ({proof}){note}; results in "
          f"{out}/ (staffing.csv, staffing.png)")
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from models import load_all
    from models.analyses.gaps import gaps, matrix
    from simulation.results.analysis_tables import (
        findings_csv,
        format_gaps,
        format_matrix,
        matrix_csv,
        matrix_json,
    )

    if args.matrix:
        from simulation.results.publish import check_out, publish_directory

        check_out(args.out or Path("results") / "gaps", force=args.force)
        started = time.perf_counter()
        reports = matrix(load_all(), latency=args.latency)
        elapsed = time.perf_counter() - started
        out = Path(args.out or Path("results") / "gaps")
        with publish_directory(out, force=args.force, command="gaps") as tmp:
            (tmp / "gaps_matrix.csv").write_text(matrix_csv(reports), encoding="utf-8")
            (tmp / "gaps_findings.csv").write_text(findings_csv(reports), encoding="utf-8")
            (tmp / "gaps_findings.json").write_text(matrix_json(reports), encoding="utf-8")
            from simulation.results.charts import write_gaps_heatmap

            write_gaps_heatmap(reports, tmp / "gaps_heatmap.png")
        if args.format == "json":
            sys.stdout.write(matrix_json(reports))
        else:
            sys.stdout.write(format_matrix(reports))
            print(f"{len(reports)} ordered pairs in {elapsed:.2f} s; results in {out}/ "
                  "(gaps_matrix.csv, gaps_findings.csv, gaps_findings.json, gaps_heatmap.png)")
        return 0
    if not args.responsible or not args.host:
        raise CommandLineError("gaps", "needs --responsible A --host B, or --matrix")
    if _same_model(args.responsible, args.host):
        raise CommandLineError("--host", "is the --responsible model too; expected two "
                                         "different models")
    if args.out is not None:
        raise CommandLineError("--out", "is written only with --matrix; expected --matrix, "
                                        "or no --out")
    report = gaps(_analysable(args.responsible), _analysable(args.host), latency=args.latency)
    sys.stdout.write(format_gaps(report, args.format))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from simulation.commands.serve import serve

    return serve(args.dir, host=args.host, port=args.port)


def _run_options(parser: argparse.ArgumentParser, default_out: str,
                 seed: bool = False) -> None:
    """The options of every command that runs replications and writes a results folder."""
    parser.add_argument("--out", type=_folder, metavar="DIR",
                        help=f"results folder (default {default_out}); refused if it exists "
                        "and missingsim did not write it")
    parser.add_argument("--force", action="store_true",
                        help="replace --out if it holds an earlier missingsim result (never a "
                        "folder missingsim did not write)")
    parser.add_argument("--replications", metavar="N",
                        type=_whole("--replications", 1, MAX_REPLICATIONS),
                        help=f"override the replications (1 to {MAX_REPLICATIONS})")
    if seed:
        parser.add_argument("--seed", type=_whole("--seed", 0, MAX_SEED), metavar="N",
                            help="override the scenario's seed (0 to 2^63-1)")
    parser.add_argument("--jobs", type=_whole("--jobs", 1, MAX_JOBS), default=1, metavar="N",
                        help=f"worker processes, 1 to {MAX_JOBS} (results identical)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the replications on this Dask distributed scheduler (e.g. "
                        "tcp://10.0.0.5:8786; needs missingsim[cluster]; results identical; "
                        "--jobs is then ignored)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job (help texts are %-formatted by
    argparse: a percent sign is written %%)."""
    parser = _Parser(
        prog="missingsim",
        description="Missing-children protocols as verified process models, simulated. "
        "Exit status: 0 done, 1 findings (or no staff count meets the target), 2 unusable "
        "input (one line, nothing written), 3 verification inconclusive (exploration cut off), "
        "130/143 stopped by SIGINT/SIGTERM.")
    parser.add_argument("--version", action="version",
                        version=f"missingsim {missingsim_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("verify", help="check models for unreachable states, dead ends and "
                       "soundness")
    v.add_argument("models", nargs="*", help="model names (lambeth, ...) or .bpmn paths")
    v.add_argument("--all", action="store_true", help="every shipped model")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.add_argument("--placed", action="append", metavar="RESPONSIBLE:HOST", type=_placement,
                   help="also verify the combined model for a looked-after child of RESPONSIBLE "
                        "placed in HOST (models.analyses.composition), and each part on its own; "
                        "repeatable")
    v.add_argument("--all-placements", action="store_true",
                   help="also verify the combined model of every ordered pair of shipped models")
    v.set_defaults(run=_verify)
    r = sub.add_parser("rules", help="the rule table of a model, with citations")
    r.add_argument("model", help="model name or .bpmn path")
    r.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table to read (default), csv for a spreadsheet, json for programs")
    r.set_defaults(run=_rules)
    d = sub.add_parser("deadlines", help="can each deadline be met at all, by hour of the week "
                       "of its anchor (minimum durations, calendars, notification chains)")
    d.add_argument("model", help="model name or .bpmn path")
    d.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table to read (default), csv for a spreadsheet, json for programs")
    d.set_defaults(run=_deadlines)
    s = sub.add_parser("simulate", help="run a scenario: KPI tables, event log and report")
    s.add_argument("scenario", help="scenario YAML file (scenarios/default.yaml)")
    _run_options(s, "results/<scenario file name>", seed=True)
    s.set_defaults(run=_simulate)
    c = sub.add_parser("compare", help="paired comparison of scenario variants (common random "
                       "numbers): differences in every KPI with 95%% intervals")
    c.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="baseline scenario, then one or more variants (same seed and population)")
    _run_options(c, "results/compare_<A>_vs_<B>")
    c.set_defaults(run=_compare)
    st = sub.add_parser("staffing", help="smallest staff count of a role meeting a deadline "
                        "compliance target, with the compliance-against-staff curve")
    st.add_argument("scenario", help="scenario YAML file")
    st.add_argument("--role", required=True, help="role to staff (catalogue id)")
    st.add_argument("--target", required=True, metavar="DUTY:SHARE", type=_target,
                    help="e.g. return_interview:0.95 (or return_interview:95%%): every "
                         "deadline of the duty met in 95%% of cases")
    st.add_argument("--min", type=_whole("--min", 1, 4096), default=1, metavar="N",
                    help="smallest count to try (default 1; 1 to 4096)")
    st.add_argument("--max", type=_whole("--max", 1, 4096), metavar="N",
                    help="sweep every count from --min to --max (at most 4096; default: "
                    "doubling from --min, then bisection)")
    st.add_argument("--calendar", choices=STAFF_HOURS,
                    help="staff on this calendar (needed for a role on a roster)")
    _run_options(st, "results/staffing_<scenario>_<role>")
    st.set_defaults(run=_staffing)
    g = sub.add_parser("gaps", help="gaps between two protocols for a looked-after child of one "
                       "authority placed in another (or --matrix for every ordered pair)")
    g.add_argument("--responsible", metavar="A", help="model of the responsible (placing) "
                   "authority")
    g.add_argument("--host", metavar="B", help="model of the host authority")
    g.add_argument("--matrix", action="store_true", help="every ordered pair of the shipped "
                   "models: counts by kind, CSV and heatmap PNG")
    g.add_argument("--latency", metavar="DURATION", type=_duration,
                   help="how long the host's notice takes to reach the responsible authority "
                   "(ISO 8601, clock, up to P1Y; default: the next opening of its front door)")
    g.add_argument("--format", choices=("table", "json"), default="table",
                   help="table to read (default), json for programs")
    g.add_argument("--out", type=_folder, metavar="DIR",
                   help="results folder for --matrix (default results/gaps); refused if it "
                   "exists and missingsim did not write it")
    g.add_argument("--force", action="store_true",
                   help="replace --out if it holds an earlier missingsim result (never a "
                   "folder missingsim did not write)")
    g.set_defaults(run=_gaps)
    sv = sub.add_parser("serve", help="a local web app: see a protocol, save a variant, compare "
                        "it with the baseline (README, 'For policy leads')")
    sv.add_argument("--dir", type=_folder, default="missingsim_variants", metavar="FOLDER",
                    help="folder for variants and results; the app writes nowhere else "
                    "(default missingsim_variants)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                    "127.0.0.1: this computer only)")
    sv.add_argument("--port", type=_whole("--port", 1, 65535), default=8765, metavar="N",
                    help="port (default 8765)")
    sv.set_defaults(run=_serve)

    from simulation.results.population_export import add_parser as add_population_parser
    add_population_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 findings, 2 unusable input,
    130 or 143 when stopped by SIGINT or SIGTERM)."""
    with stop_on_signals():
        try:
            try:
                args = build_parser().parse_args(argv)
            except SystemExit as exc:  # --help, --version, or a usage error (one line, shown)
                return exc.code if isinstance(exc.code, int) else 2
            return int(args.run(args))
        except MissingsimError as exc:
            print(f"missingsim: error: {_one_line(str(exc))}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            return 0
        except OSError as exc:  # a file or folder that cannot be read or written (disk full...)
            where = f": {shown(exc.filename)}" if exc.filename else ""
            print(f"missingsim: error: {exc.strerror or type(exc).__name__}{where}",
                  file=sys.stderr)
            return 2
        except Interrupted as exc:
            print(f"missingsim: interrupted by {exc.name}; the workers were stopped and no "
                  "partial results were kept", file=sys.stderr)
            return exc.exit_status
        except KeyboardInterrupt:
            print("missingsim: interrupted; the workers were stopped and no partial results "
                  "were kept", file=sys.stderr)
            return 130


if __name__ == "__main__":
    raise SystemExit(main())
