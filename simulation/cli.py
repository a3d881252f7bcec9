"""The `missingsim` command: the composition root, and the one place input errors are caught."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from models import MODEL_NAMES, MissingsimError, load_model, model_path, verify
from models.rules import format_rules

__all__ = ["main"]


def _verify(args: argparse.Namespace) -> int:
    targets = list(args.models)
    if args.all or not targets:
        targets = [n for n in MODEL_NAMES if model_path(n).exists()]
    started = time.perf_counter()
    reports = [verify(model_path(t)) for t in targets]
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
    v.set_defaults(run=_verify)
    r = sub.add_parser("rules", help="the rule table of a model, with citations")
    r.add_argument("model", help="model name or .bpmn path")
    r.add_argument("--format", choices=("table", "csv", "json"), default="table")
    r.set_defaults(run=_rules)
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


if __name__ == "__main__":
    raise SystemExit(main())
