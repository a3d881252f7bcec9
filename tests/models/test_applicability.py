"""`models.checks.applicability` against an independent oracle: the token-game explorer of
`models.checks.soundness`, run for one child at a time.

For a child whose attributes are fixed (each domain a single value; the hours and the chance
outcomes free), the explorer reaches exactly the elements that apply to that child, except that
it lets a conditional event fire whatever its condition (so there the analysis may say less,
never more). Default flows are given their meaning (none of the siblings' conditions) for the
explorer, which otherwise treats a default as always open.
"""

from __future__ import annotations

import dataclasses
import random

import networkx as nx
import pytest

from models import load_model
from models.checks.applicability import reach
from models.checks.soundness import explore
from models.data.catalogue import catalogue
from models.data.model import ProtocolModel

CHILDREN = {"lambeth": 3, "derby_derbyshire": 6, "childrens_home": 6, "somerset": 6,
            "darlington": 8}


def _defaults_spelled_out(model: ProtocolModel) -> ProtocolModel:
    """Each default flow of a split on the child's attributes gets the condition it stands
    for; a chance split keeps its default (its outcomes are free)."""
    flows = dict(model.flows)
    for el in model.elements.values():
        if not el.default_flow or el.default_flow not in flows:
            continue
        siblings = [model.flows[f].condition for f in el.outgoing
                    if f != el.default_flow and model.flows[f].condition]
        if siblings and not any("decision" in c for c in siblings if c):
            text = "not (" + " or ".join(f"({c})" for c in siblings) + ")"
            flows[el.default_flow] = dataclasses.replace(flows[el.default_flow], condition=text)
    return dataclasses.replace(model, flows=flows)


def _after_conditional_events(model: ProtocolModel) -> set[str]:
    g = nx.DiGraph()
    g.add_edges_from((f.source, f.target) for f in model.flows.values())
    g.add_edges_from((e.attached_to, e.id) for e in model.elements.values() if e.attached_to)
    out: set[str] = set()
    for e in model.elements.values():
        if e.event == "conditional" and e.id in g:
            out |= nx.descendants(g, e.id) | {e.id}
    return out


@pytest.mark.parametrize("name", sorted(CHILDREN))
def test_applicability_agrees_with_the_explorer_child_by_child(name: str) -> None:
    model = load_model(name)
    r = reach(model)
    oracle_model = _defaults_spelled_out(model)
    free_events = _after_conditional_events(model)
    domains = catalogue().domains()
    attributes = [v for v in r.space.variables if v.key in domains and not v.ordered]
    rng = random.Random(f"applicability {name}")  # noqa: S311 - a fixed sample of children
    checked = 0
    for _ in range(CHILDREN[name]):
        child = {v.key: rng.choice(v.values) for v in attributes}
        fixed = dict(domains)
        fixed.update({k: [v] for k, v in child.items()})
        space = explore(oracle_model, fixed)
        assert space.complete
        never = set(space.dead_activities) | set(space.never_fired)
        for el_id in model.elements:
            analysed, explored = r.for_child(el_id, child), el_id not in never
            if el_id in free_events:
                assert explored or not analysed, (el_id, child)
            else:
                assert analysed == explored, (el_id, child)
                checked += 1
    assert checked > 10 * CHILDREN[name]
