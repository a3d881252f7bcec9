"""What the checkers return: findings about a loadable model, each naming an element."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.data.model import Citation

__all__ = ["EXIT_FINDINGS", "EXIT_INCONCLUSIVE", "EXIT_PASS", "Finding", "Report", "exit_status"]

EXIT_PASS, EXIT_FINDINGS, EXIT_INCONCLUSIVE = 0, 1, 3
"""Exit statuses of `missingsim verify` (2 is a file that cannot be used at all)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: its kind, the element it concerns, and where that element comes from.

    ``severity`` is "error"; "warning" for something to look at that does not fail the model;
    or "inconclusive" for a check that could not be decided (an exploration cut off at its
    state limit): neither a pass nor a fact about the model.
    """

    kind: str
    element_id: str
    label: str
    message: str
    citation: Citation | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f" [{self.citation.document} §{self.citation.section}]" if self.citation else ""
        warn = "warning: " if self.severity == "warning" else ""
        return f"{warn}{self.kind}: {self.element_id} ({self.label}): {self.message}{where}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "element_id": self.element_id, "label": self.label,
            "message": self.message, "severity": self.severity,
            "citation": None if self.citation is None else {
                "document": self.citation.document, "section": self.citation.section,
                "quote": self.citation.quote},
        }


@dataclass(frozen=True)
class Report:
    """The verdict on one model: ``ok`` only when no finding is an error and every check was
    decided; ``status`` is "pass", "fail" (some error) or "inconclusive" (no error found, but
    some check not decided)."""

    model: str
    path: str
    findings: tuple[Finding, ...]
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "pass"

    @property
    def status(self) -> str:
        if any(f.severity == "error" for f in self.findings):
            return "fail"
        if any(f.severity == "inconclusive" for f in self.findings):
            return "inconclusive"
        return "pass"

    def by_kind(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.kind, []).append(f)
        return out

    def ids(self, kind: str | None = None) -> set[str]:
        """Element ids named by the findings (of one kind, if given)."""
        return {f.element_id for f in self.findings if kind is None or f.kind == kind}

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "path": self.path, "ok": self.ok, "status": self.status,
                "properties": self.properties,
                "findings": [f.as_dict() for f in self.findings]}


def exit_status(reports: list[Report] | tuple[Report, ...]) -> int:
    """0 when every report passes, 1 when one fails, else 3 when one is inconclusive."""
    statuses = {r.status for r in reports}
    if "fail" in statuses:
        return EXIT_FINDINGS
    if "inconclusive" in statuses:
        return EXIT_INCONCLUSIVE
    return EXIT_PASS
