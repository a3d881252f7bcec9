"""Verify a model: structural checks, then exhaustive behavioural checks, as one report."""

from __future__ import annotations

from pathlib import Path

from models.checks.soundness import DEFAULT_STATE_LIMIT, behavioural_findings, explore
from models.checks.structure import structural_findings
from models.data.bpmn_xml import read_model
from models.data.catalogue import catalogue
from models.data.findings import Report
from models.data.graph import to_graph
from models.data.model import ProtocolModel

__all__ = ["verify", "verify_model"]


def verify_model(model: ProtocolModel, *, state_limit: int = DEFAULT_STATE_LIMIT) -> Report:
    """Check a loaded model; the report's ``ok`` is True only when every check passes."""
    cat = catalogue()
    g = to_graph(model)
    findings = structural_findings(model, g, cat)
    properties: dict[str, object] = {}
    if not any(f.kind == "dangling_reference" for f in findings):
        space = explore(model, cat.domains(), state_limit=state_limit)
        findings += behavioural_findings(model, space)
        decided = space.complete  # a cut-off exploration decides neither of these
        properties = {
            "states": space.states, "explored_completely": space.complete,
            # a violation found is a fact; no violation found is one only when complete
            "safeness": space.safe if decided or not space.safe else None,
            "option_to_complete": space.option_to_complete if decided else None,
            "proper_completion": space.proper_completion
            if decided or not space.proper_completion else None,
            "dead_activities": space.dead_activities if decided else None,
        }
    return Report(model.name, model.path, tuple(findings), properties)


def verify(path: str | Path, *, state_limit: int = DEFAULT_STATE_LIMIT) -> Report:
    """Read and check a `.bpmn` file.

    Raises `ModelError` when the file cannot be read at all (malformed XML, unknown element
    type, invalid extension value); every other problem is a finding in the report.
    """
    return verify_model(read_model(path), state_limit=state_limit)
