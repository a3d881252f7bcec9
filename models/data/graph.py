"""The state graph of a model in networkx: flow nodes, sequence flows, attachments, messages.

This is the only place a `ProtocolModel` becomes a graph; every checker takes the graph it returns.
"""

from __future__ import annotations

import networkx as nx

from models.data.model import ProtocolModel

__all__ = ["control_flow", "to_graph"]


def to_graph(model: ProtocolModel) -> nx.MultiDiGraph:
    """All flow nodes (and black-box pools) with edges of kind sequence, attached and message.

    Node attributes: kind, name, process, lane, event; edge attributes: kind, id, condition.
    Dangling references are left out (the structural checks report them).
    """
    g = nx.MultiDiGraph(name=model.name)
    for el in model.elements.values():
        g.add_node(el.id, kind=el.kind, name=el.name, process=el.process, lane=el.lane,
                   event=el.event)
    for part in model.participants.values():
        if not part.process:
            g.add_node(part.id, kind="participant", name=part.name, process=None, lane=None,
                       event=None)
    for el in model.elements.values():
        if el.attached_to and el.attached_to in model.elements:
            g.add_edge(el.attached_to, el.id, key=f"{el.id}@attached", kind="attached", id=el.id,
                       condition=None)
    for f in model.flows.values():
        if f.source in g and f.target in g:
            g.add_edge(f.source, f.target, key=f.id, kind=f.kind, id=f.id, condition=f.condition)
    return g


def control_flow(g: nx.MultiDiGraph) -> nx.DiGraph:
    """The sequence-flow and attachment edges only, as a plain directed graph."""
    d = nx.DiGraph()
    d.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        if data["kind"] in ("sequence", "attached"):
            d.add_edge(u, v)
    return d
