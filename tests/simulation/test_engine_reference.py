"""The engine computes what it computed when the reference was pinned, case by case.

`data/engine_reference.json` holds, for each shipped model, 40 episodes of its scenario's
population, the scenario's staffing, and a digest per case of everything the run recorded for it
(event rows, deadline outcomes, staff uses, triggers; times rounded to 1e-6 hours). Each model
runs twice: with the pinned staffing (queues, office hours, the return interview roster) and with
every role unconstrained. Which member of a role's staff did a task is left out (checked instead:
no role has more at work at once than its count). A speed-up of the engine must leave every
digest as it is; rewrite the file with `make_engine_reference.py` only for a change of behaviour,
and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from make_engine_reference import case_digests, run_case  # type: ignore[import-not-found]

DATA = json.loads((Path(__file__).parent / "data" / "engine_reference.json").read_text())


@pytest.mark.parametrize("staffed", [True, False], ids=["staffed", "unconstrained"])
@pytest.mark.parametrize("entry", DATA["models"], ids=[m["model"] for m in DATA["models"]])
def test_engine_matches_the_pinned_reference(entry: dict, staffed: bool) -> None:
    expected = entry["digests"]["staffed" if staffed else "unconstrained"]
    result = run_case(entry, staffed)
    got = case_digests(result)
    differ = sorted(c for c in expected.keys() | got.keys() if expected.get(c) != got.get(c))
    assert not differ, f"{entry['model']}: cases whose records changed: {differ}"
    # the digests leave out which member of staff did the work: no role has more at work at
    # once than it has staff
    for role, spec in entry["staffing"].items() if staffed else ():
        count = spec["count"] if spec["count"] is not None else max(
            (c for *_, c in spec["shifts"]), default=None)
        changes = sorted([(u.granted_hours, 1) for u in result.resources if u.role == role]
                         + [(u.released_hours, -1) for u in result.resources if u.role == role])
        busy = peak = 0
        for _, step in changes:
            busy += step
            peak = max(peak, busy)
        assert count is None or peak <= count, (role, peak, count)
