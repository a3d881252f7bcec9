"""The `missingsim` command: the composition root, and the one place input errors are caught."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from models import MODEL_NAMES, MissingsimError, ScenarioError, load_model, model_path, verify
from models.rules import format_rules

__all__ = ["main"]


def _placement(text: str) -> tuple[str, str]:
    """``RESPONSIBLE:HOST`` as two model names."""
    a, sep, b = text.partition(":")
    if not sep or not a or not b:
        raise ScenarioError("command line", "--placed",
                            f"'{text}' is not RESPONSIBLE:HOST (e.g. somerset:lambeth)")
    return a, b


def _verify(args: argparse.Namespace) -> int:
    targets = list(args.models)
    pairs = [_placement(p) for p in args.placed or ()]
    if args.all_placements:
        shipped = [n for n in MODEL_NAMES if model_path(n).exists()]
        pairs += [(a, b) for a in shipped for b in shipped if a != b]
    if args.all or not (targets or pairs):
        targets = [n for n in MODEL_NAMES if model_path(n).exists()]
    started = time.perf_counter()
    reports = [verify(model_path(t)) for t in targets]
    if pairs:
        from models.composition import compose, verify_composition

        loaded: dict[str, Any] = {}
        memo: dict[object, Any] = {}
        for a, b in pairs:
            for n in (a, b):
                if n not in loaded:
                    loaded[n] = load_model(n)
            reports.append(verify_composition(compose(loaded[a], loaded[b]), cache=memo))
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({"ok": all(r.ok for r in reports), "seconds": round(elapsed, 3),
                          "models": [r.as_dict() for r in reports]}, indent=2,
                         ensure_ascii=False))
    else:
        for r in reports:
            p = r.properties
            status = "PASS" if r.ok else "FAIL"
            detail = (f"{p.get('states', '-')} states; safe={p.get('safeness')}; "
                      f"option to complete={p.get('option_to_complete')}; "
                      f"proper completion={p.get('proper_completion')}; "
                      f"dead activities={len(p.get('dead_activities', []))}") if p else \
                "behaviour not explored (fix the structural problems first)"
            print(f"{status} {r.model} ({r.path}): {detail}")
            for f in r.findings:
                print(f"  {f}")
        print(f"{sum(r.ok for r in reports)}/{len(reports)} models pass in {elapsed:.2f} s")
    return 0 if all(r.ok for r in reports) else 1


def _rules(args: argparse.Namespace) -> int:
    sys.stdout.write(format_rules(load_model(args.model), args.format))
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    from models.deadlines import format_deadlines

    sys.stdout.write(format_deadlines(load_model(args.model), args.format))
    return 0


def _simulate(args: argparse.Namespace) -> int:
    import dataclasses
    from pathlib import Path

    from tqdm import tqdm

    from models import load_model

    from .compare import publish_directory
    from .eventlog import write_event_log
    from .html_report import write_html_report
    from .kpis import kpi_tables, write_tables
    from .report import write_report
    from .runner import replicate
    from .scenario import load_scenario

    scenario = load_scenario(args.scenario)
    if args.seed is not None:
        scenario = dataclasses.replace(scenario, seed=args.seed)
    if args.replications is not None:
        scenario = dataclasses.replace(scenario, replications=args.replications)
    out = Path(args.out or Path("results") / Path(args.scenario).stem)
    with publish_directory(out) as tmp:
        with tqdm(total=scenario.replications, desc=f"{scenario.name}: replications",
                  unit="rep", disable=args.quiet) as bar:
            results = replicate(scenario, jobs=args.jobs, progress=bar.update,
                                scheduler=args.scheduler)
        duties = {e.id: e.task.duty for m in scenario.models
                  for e in load_model(m).elements.values() if e.task}
        write_event_log(results, tmp / "event_log.csv", epoch=scenario.epoch)
        tables = kpi_tables(results, epoch=scenario.epoch, task_duties=duties)
        write_tables(results, tmp, tables=tables)
        notes: list[str] = []
        if scenario.out_of_area is not None:
            from .placements import never_done

            notes = never_done(load_model(scenario.models[0]), scenario.out_of_area.hosts,
                               latency=scenario.out_of_area.latency)
        write_report(results, tmp, scenario_name=scenario.name, models=scenario.models,
                     seed=scenario.seed, epoch=scenario.epoch, task_duties=duties,
                     out_of_area_notes=notes, tables=tables)
        write_html_report(results, tmp, scenario_name=scenario.name, models=scenario.models,
                          seed=scenario.seed, epoch=scenario.epoch, task_duties=duties,
                          scenario=scenario, out_of_area_notes=notes, tables=tables)
    episodes = sum(r.episodes for r in results)
    print(f"{scenario.name}: {len(results)} replications, {episodes} episodes; "
          f"results in {out}/ (report.md, report.html, compliance.csv, event_log.csv)")
    return 0


def _compare(args: argparse.Namespace) -> int:
    import dataclasses
    import math
    from pathlib import Path

    from tqdm import tqdm

    from .compare import (
        check_common_random_numbers,
        compare,
        publish_directory,
        write_comparison,
    )
    from .scenario import load_scenario

    scenarios = [load_scenario(p) for p in args.scenarios]
    if args.replications is not None:
        scenarios = [dataclasses.replace(s, replications=args.replications) for s in scenarios]
    check_common_random_numbers(scenarios)
    stems = "_vs_".join(Path(p).stem for p in args.scenarios)
    out = Path(args.out or Path("results") / f"compare_{stems}")
    with publish_directory(out) as tmp:
        with tqdm(total=len(scenarios) * scenarios[0].replications, unit="rep",
                  desc="compare: replications", disable=args.quiet) as bar:
            arms, rows = compare(scenarios, jobs=args.jobs, progress=bar.update,
                                 scheduler=args.scheduler)
        write_comparison(scenarios, arms, rows, tmp)
    print(f"Paired comparison, {scenarios[0].replications} replications per arm, seed "
          f"{scenarios[0].seed} (common random numbers); deadlines met, variant - baseline:")
    for r in rows:
        if r["kpi"] != "compliance" or r["split"] != "all" or not r["pairs"]:
            continue
        interval = ("no interval" if math.isnan(r["difference_ci_low"]) else
                    f"95% CI {100 * r['difference_ci_low']:+.1f} to "
                    f"{100 * r['difference_ci_high']:+.1f}")
        print(f"  {r['variant']}: {r['item']} {r['deadline']}: "
              f"{100 * r['difference_mean']:+.1f} pp ({interval}) {r['verdict']}")
    print(f"results in {out}/ (compare.md, compare.csv, compare.png)")
    return 0


def _staffing(args: argparse.Namespace) -> int:
    import dataclasses
    import math
    from pathlib import Path

    from tqdm import tqdm

    from .compare import publish_directory
    from .scenario import load_scenario
    from .staffing_search import parse_target, search, write_staffing

    scenario = load_scenario(args.scenario)
    if args.replications is not None:
        scenario = dataclasses.replace(scenario, replications=args.replications)
    target = parse_target(args.target)
    out = Path(args.out or Path("results") / f"staffing_{Path(args.scenario).stem}_{args.role}")
    total = None if args.max is None else (args.max - args.min + 1) * scenario.replications
    with publish_directory(out) as tmp:
        with tqdm(total=total, unit="rep", desc=f"{scenario.name}: {args.role} staffing",
                  disable=args.quiet) as bar:
            result = search(scenario, args.role, target, minimum=args.min, maximum=args.max,
                            calendar=args.calendar, jobs=args.jobs, progress=bar.update,
                            scheduler=args.scheduler)
        write_staffing(result, tmp)
    print(f"{scenario.name}: staff of {result.role} ({result.calendar}) for every "
          f"{target.duty} deadline met in at least {100 * target.share:g}% of cases "
          f"({scenario.replications} replications per count, seed {scenario.seed}; "
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
    from pathlib import Path

    from models import load_all
    from models.gaps import (
        findings_csv,
        format_gaps,
        format_matrix,
        gaps,
        matrix,
        matrix_csv,
        write_heatmap,
    )

    if args.matrix:
        started = time.perf_counter()
        reports = matrix(load_all(), latency=args.latency)
        elapsed = time.perf_counter() - started
        out = Path(args.out or Path("results") / "gaps")
        out.mkdir(parents=True, exist_ok=True)
        (out / "gaps_matrix.csv").write_text(matrix_csv(reports), encoding="utf-8")
        (out / "gaps_findings.csv").write_text(findings_csv(reports), encoding="utf-8")
        (out / "gaps_findings.json").write_text(json.dumps(
            [r.as_dict() for r in reports], indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8")
        write_heatmap(reports, out / "gaps_heatmap.png")
        if args.format == "json":
            print(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
        else:
            sys.stdout.write(format_matrix(reports))
            print(f"{len(reports)} ordered pairs in {elapsed:.2f} s; results in {out}/ "
                  "(gaps_matrix.csv, gaps_findings.csv, gaps_findings.json, gaps_heatmap.png)")
        return 0
    if not args.responsible or not args.host:
        print("missingsim: error: gaps needs --responsible A --host B, or --matrix",
              file=sys.stderr)
        return 2
    if args.responsible == args.host:
        print("missingsim: error: --responsible and --host must be different models",
              file=sys.stderr)
        return 2
    report = gaps(load_model(args.responsible), load_model(args.host), latency=args.latency)
    sys.stdout.write(format_gaps(report, args.format))
    return 0


def _scheduler_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the replications on this Dask distributed scheduler (e.g. "
                        "tcp://10.0.0.5:8786; needs missingsim[cluster]; results identical; "
                        "--jobs is then ignored)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="missingsim",
        description="Missing-children protocols as verified process models, simulated.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="check models for unreachable states, dead ends and "
                       "soundness")
    v.add_argument("models", nargs="*", help="model names (lambeth, ...) or .bpmn paths")
    v.add_argument("--all", action="store_true", help="every shipped model")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.add_argument("--placed", action="append", metavar="RESPONSIBLE:HOST",
                   help="also verify the combined model for a looked-after child of RESPONSIBLE "
                        "placed in HOST (models.composition); repeatable")
    v.add_argument("--all-placements", action="store_true",
                   help="also verify the combined model of every ordered pair of shipped models")
    v.set_defaults(run=_verify)
    r = sub.add_parser("rules", help="the rule table of a model, with citations")
    r.add_argument("model", help="model name or .bpmn path")
    r.add_argument("--format", choices=("table", "csv", "json"), default="table")
    r.set_defaults(run=_rules)
    d = sub.add_parser("deadlines", help="can each deadline be met at all, by hour of the week "
                       "of its anchor (minimum durations, calendars, notification chains)")
    d.add_argument("model", help="model name or .bpmn path")
    d.add_argument("--format", choices=("table", "csv", "json"), default="table")
    d.set_defaults(run=_deadlines)
    s = sub.add_parser("simulate", help="run a scenario: KPI tables, event log and report")
    s.add_argument("scenario", help="scenario YAML file (scenarios/default.yaml)")
    s.add_argument("--out", help="results directory (default results/<scenario name>)")
    s.add_argument("--replications", type=int, help="override the scenario's replications")
    s.add_argument("--seed", type=int, help="override the scenario's seed")
    s.add_argument("--jobs", type=int, default=1, help="worker processes (results identical)")
    _scheduler_option(s)
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(run=_simulate)
    c = sub.add_parser("compare", help="paired comparison of scenario variants (common random "
                       "numbers): differences in every KPI with 95% intervals")
    c.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="baseline scenario, then one or more variants (same seed and population)")
    c.add_argument("--out", help="results directory (default results/compare_<A>_vs_<B>)")
    c.add_argument("--replications", type=int, help="override every arm's replications")
    c.add_argument("--jobs", type=int, default=1, help="worker processes (results identical)")
    _scheduler_option(c)
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    c.set_defaults(run=_compare)
    st = sub.add_parser("staffing", help="smallest staff count of a role meeting a deadline "
                        "compliance target, with the compliance-against-staff curve")
    st.add_argument("scenario", help="scenario YAML file")
    st.add_argument("--role", required=True, help="role to staff (catalogue id)")
    st.add_argument("--target", required=True, metavar="DUTY:SHARE",
                    help="e.g. return_interview:0.95: every deadline of the duty met in 95%%")
    st.add_argument("--min", type=int, default=1, help="smallest count to try (default 1)")
    st.add_argument("--max", type=int, help="sweep every count from --min to --max (default: "
                    "doubling from --min, then bisection)")
    st.add_argument("--calendar", choices=("office_hours", "always", "out_of_hours"),
                    help="staff on this calendar (needed for a role on a roster)")
    st.add_argument("--replications", type=int, help="override the scenario's replications")
    st.add_argument("--jobs", type=int, default=1, help="worker processes (results identical)")
    _scheduler_option(st)
    st.add_argument("--out", help="results directory (default results/staffing_<scenario>_<role>)")
    st.add_argument("--quiet", action="store_true", help="no progress bar")
    st.set_defaults(run=_staffing)
    g = sub.add_parser("gaps", help="gaps between two protocols for a looked-after child of one "
                       "authority placed in another (or --matrix for every ordered pair)")
    g.add_argument("--responsible", metavar="A", help="model of the responsible (placing) "
                   "authority")
    g.add_argument("--host", metavar="B", help="model of the host authority")
    g.add_argument("--matrix", action="store_true", help="every ordered pair of the shipped "
                   "models: counts by kind, CSV and heatmap PNG")
    g.add_argument("--latency", metavar="DURATION", help="how long the host's notice takes to "
                   "reach the responsible authority (ISO 8601, clock; default: the next "
                   "opening of its front door)")
    g.add_argument("--format", choices=("table", "json"), default="table")
    g.add_argument("--out", help="results directory for --matrix (default results/gaps)")
    g.set_defaults(run=_gaps)
    from .population_export import add_parser as add_population_parser
    add_population_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 findings, 2 unusable input)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except MissingsimError as exc:
        print(f"missingsim: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("missingsim: interrupted; no partial results were kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
