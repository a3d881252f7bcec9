"""Write tests/simulation/data/engine_reference.json: pinned engine results on a few episodes of
each shipped model (see test_engine_reference.py).

    .venv/bin/python tests/simulation/make_engine_reference.py

Run it only when the engine's behaviour is meant to change (and say so in the commit): the file
pins what the engine computes, per case, so that a change made for speed can be checked to keep
it. The episodes, staffing and school holidays are written into the file too, so that the pin
does not move when the population generator or the scenario files change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models import load_model  # noqa: E402
from simulation.run.records import Child, Episode, RunResult  # noqa: E402
from simulation.run.runner import run_episodes  # noqa: E402
from simulation.run.staffing import RoleSpec  # noqa: E402

OUT = Path(__file__).resolve().parent / "data" / "engine_reference.json"
MODELS = ("lambeth", "derby_derbyshire", "childrens_home", "somerset", "darlington")
EPISODES = 40
HORIZON_DAYS = 150


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def case_digests(result: RunResult) -> dict[str, str]:
    """Per case, a digest of its event rows, deadline outcomes, staff uses and triggers."""
    rows: dict[str, list[Any]] = {}
    for e in result.events:
        # which member of a role's staff (``social_worker#3``) is left out: any free one may
        # take the work, and which one that is depends on the order of simultaneous events
        rows.setdefault(e.case_id, []).append(
            ("e", _r(e.time_hours), e.element_id, e.lifecycle, e.activity, e.role,
             e.resource.split("#")[0], e.authority, e.duty))
    for d in result.deadlines:
        rows.setdefault(d.case_id, []).append(
            ("d", d.element_id, d.name, d.duty, _r(d.anchor_hours), _r(d.due_hours),
             _r(d.done_hours), d.status, _r(d.lateness_hours), d.out_of_area, d.looked_after))
    for u in result.resources:
        rows.setdefault(u.case_id, []).append(
            ("u", u.role, u.element_id, _r(u.requested_hours), _r(u.granted_hours),
             _r(u.released_hours)))
    for t in result.triggers:
        rows.setdefault(t.case_id, []).append(("t", t.element_id, t.name, _r(t.time_hours)))
    return {case: hashlib.sha256(json.dumps(sorted(r, key=repr)).encode()).hexdigest()[:20]
            for case, r in sorted(rows.items())}


def episode_to_json(ep: Episode) -> dict[str, Any]:
    out = dataclasses.asdict(ep)
    out["extra"] = [list(kv) for kv in ep.extra]
    return out


def episode_from_json(d: dict[str, Any]) -> Episode:
    child = Child(**d["child"])
    return Episode(d["id"], child, d["start_hours"], d["end_hours"], d["risk"],
                   d["whereabouts_known"], tuple(tuple(kv) for kv in d["extra"]))


def spec_to_json(s: RoleSpec) -> dict[str, Any]:
    return {"role": s.role, "calendar": s.calendar, "count": s.count,
            "shifts": [[sorted(days), a, b, c] for days, a, b, c in s.shifts]}


def spec_from_json(d: dict[str, Any]) -> RoleSpec:
    return RoleSpec(d["role"], d["calendar"], d["count"],
                    tuple((frozenset(days), a, b, c) for days, a, b, c in d["shifts"]))


def run_case(entry: dict[str, Any], staffed: bool) -> RunResult:
    staffing = ({r: spec_from_json(s) for r, s in entry["staffing"].items()} if staffed else {})
    return run_episodes(
        load_model(entry["model"]), [episode_from_json(e) for e in entry["episodes"]],
        epoch=dt.datetime.fromisoformat(entry["epoch"]), horizon_hours=entry["horizon_hours"],
        staffing=staffing, seed=entry["seed"],
        school_holidays=[(dt.date.fromisoformat(a), dt.date.fromisoformat(b))
                         for a, b in entry["school_holidays"]])


def _entries(names: Iterable[str]) -> list[dict[str, Any]]:
    from simulation.run.runner import population_for, staffing_specs
    from simulation.run.scenario import load_scenario

    out = []
    for name in names:
        sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        model = load_model(name)
        episodes = population_for(sc, 0, model.authority)[:EPISODES]
        out.append({
            "model": name, "epoch": sc.epoch.isoformat(), "seed": sc.seed,
            "horizon_hours": HORIZON_DAYS * 24.0,
            "school_holidays": [[a.isoformat(), b.isoformat()] for a, b in sc.school_holidays],
            "staffing": {r: spec_to_json(s) for r, s in sorted(staffing_specs(sc).items())},
            "episodes": [episode_to_json(ep) for ep in episodes],
        })
    return out


def main() -> None:
    entries = _entries(MODELS)
    for entry in entries:
        entry["digests"] = {
            "staffed": case_digests(run_case(entry, True)),
            "unconstrained": case_digests(run_case(entry, False)),
        }
    OUT.write_text(json.dumps({"models": entries}, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
