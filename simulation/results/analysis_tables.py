"""The static analyses as text, CSV and JSON: the output of ``rules``, ``deadlines`` and ``gaps``.

The analyses (`models.analyses.rules`, `models.analyses.deadlines`, `models.analyses.gaps`) return
data; this module only formats what they return, for the command line and the web app. The gap
heatmap is drawn by `simulation.results.charts`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from models.analyses.deadlines import (
    BANK_HOLIDAY_WEEK,
    REFERENCE_WEEK,
    DeadlineReach,
    deadline_reachability,
    hour_label,
)
from models.analyses.gaps import KIND_LABELS, KINDS, PairReport
from models.analyses.rules import rule_table
from models.data.calendars import WorkingCalendar
from models.data.model import Deadline, ProtocolModel

__all__ = [
    "DEADLINE_CSV_COLUMNS",
    "FINDING_CSV_COLUMNS",
    "RULE_CSV_COLUMNS",
    "deadline_row",
    "findings_csv",
    "format_deadlines",
    "format_gaps",
    "format_matrix",
    "format_rules",
    "limit_as_printed",
    "matrix_csv",
    "matrix_json",
]


# ------------------------------------------------------------------------------------ rules
RULE_CSV_COLUMNS: tuple[str, ...] = (
    "kind", "element_id", "duty", "trigger", "anchor", "deadline", "calendar", "owner",
    "conditions", "modality", "side", "section", "quote")


def format_rules(model: ProtocolModel, fmt: str = "table") -> str:
    """The rule table as an aligned text table, CSV or JSON; the table lists omissions too."""
    rows = rule_table(model)
    if fmt == "json":
        return json.dumps({
            "model": model.name, "authority": model.authority, "document": model.document,
            "rules": [asdict(r) for r in rows],
            "not_encoded": [{"section": o.citation.section, "quote": o.citation.quote,
                             "reason": o.reason} for o in model.omissions],
        }, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(RULE_CSV_COLUMNS)
        for r in rows:
            w.writerow([getattr(r, c) for c in RULE_CSV_COLUMNS])
        return buf.getvalue()
    shown = ("kind", "duty", "trigger", "anchor", "deadline", "calendar", "owner", "conditions",
             "modality", "side", "section")
    table = [[c.upper() for c in shown]] + [[str(getattr(r, c)) for c in shown] for r in rows]
    limits = [200 if c == "conditions" else 46 for c in shown]  # conditions are not cut short
    widths = [min(max(len(row[i]) for row in table), limits[i]) for i in range(len(shown))]
    lines = [f"{model.authority}: rules from {model.document}", ""]
    for row in table:
        lines.append("  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths, strict=True))
                     .rstrip())
    if model.omissions:
        lines += ["", "Not encoded (deliberately):"]
        for o in model.omissions:
            lines.append(f"- §{o.citation.section} \"{o.citation.quote}\": {o.reason}")
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------- deadlines
DEADLINE_CSV_COLUMNS: tuple[str, ...] = (
    "authority", "duty", "deadline", "limit", "calendar", "task", "owner", "anchor",
    "classification", "cannot_be_met", "best_slack_hours", "worst_slack_hours",
    "worst_case_anchor", "bank_holiday_classification", "bank_holiday_also_missed", "section",
    "quote", "path")


def limit_as_printed(d: Deadline) -> str:
    """A deadline's limit as printed: ``PT72H``, or ``immediately (tolerance PT1H)``."""
    return f"immediately (tolerance {d.limit})" if d.immediate else d.limit


def deadline_row(r: DeadlineReach) -> dict[str, str]:
    """One deadline's reachability as the text cells of :data:`DEADLINE_CSV_COLUMNS`."""
    ref = r.reference
    worst = ref.worst_hour

    def num(x: float | None) -> str:
        return "" if x is None else f"{x:.1f}"

    return {
        "authority": r.authority, "duty": r.duty_label, "deadline": r.deadline.name,
        "limit": limit_as_printed(r.deadline), "calendar": r.deadline.calendar,
        "task": r.task, "owner": r.role_label, "anchor": r.anchor_label,
        "classification": r.classification, "cannot_be_met": ref.unmet_ranges,
        "best_slack_hours": num(ref.best_slack), "worst_slack_hours": num(ref.worst_slack),
        "worst_case_anchor": hour_label(ref.hours[worst].anchor_time, dated=False)
        if worst is not None else "",
        "bank_holiday_classification": r.bank_holiday.classification,
        "bank_holiday_also_missed": r.bank_holiday_extra,
        "section": r.citation.section if r.citation else "",
        "quote": r.citation.quote if r.citation else "",
        "path": " > ".join(ref.worst_path),
    }


def format_deadlines(model: ProtocolModel, fmt: str = "table", *,
                     staffing: Mapping[str, str | WorkingCalendar] | None = None) -> str:
    """The reachability of every deadline (`models.analyses.deadlines.deadline_reachability`) as an
    aligned text table, CSV or JSON."""
    results = deadline_reachability(model, staffing=staffing)
    if fmt == "json":
        return json.dumps({
            "model": model.name, "authority": model.authority, "document": model.document,
            "reference_week": REFERENCE_WEEK.isoformat(),
            "bank_holiday_week": BANK_HOLIDAY_WEEK.isoformat(),
            "deadlines": [r.as_dict() for r in results],
        }, indent=2, ensure_ascii=False) + "\n"
    rows = [deadline_row(r) for r in results]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(DEADLINE_CSV_COLUMNS)
        for row in rows:
            w.writerow([row[c] for c in DEADLINE_CSV_COLUMNS])
        return buf.getvalue()
    shown = ("authority", "duty", "deadline", "limit", "calendar", "owner", "classification",
             "cannot_be_met", "worst_slack_hours", "bank_holiday_also_missed", "section", "task")
    heads = ("AUTHORITY", "DUTY", "DEADLINE", "LIMIT", "CALENDAR", "OWNER", "REACHABLE",
             "CANNOT BE MET (ANCHOR AT)", "WORST SLACK H", "ALSO MISSED, BANK HOLIDAY WEEK",
             "SECTION", "ELEMENT")
    table = [list(heads)] + [[row[c] for c in shown] for row in rows]
    cap = 60
    widths = [min(max(len(line[i]) for line in table), cap) for i in range(len(shown))]
    lines = [f"{model.authority}: deadline reachability from {model.document}",
             f"(minimum durations, no queueing; anchor hours of the week of "
             f"{REFERENCE_WEEK:%d %B %Y}, and of {BANK_HOLIDAY_WEEK:%d %B}-"
             f"{BANK_HOLIDAY_WEEK + dt.timedelta(days=6):%d %B %Y} with its bank holiday)", ""]
    if not rows:
        return "\n".join([*lines, "No deadlines in this model."]) + "\n"
    for line in table:
        lines.append("  ".join(cell if len(cell) <= cap else cell[: cap - 3] + "..."
                               for cell in (c.ljust(w) for c, w in
                                            zip(line, widths, strict=True))).rstrip())
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------- gaps
def _wrap(text: str, width: int = 96, indent: str = "    ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)


def format_gaps(report: PairReport, fmt: str = "table") -> str:
    """One pair's findings as readable text, or JSON."""
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    lines = [f"A looked-after child of {report.responsible_authority} placed in "
             f"{report.host_authority}: {len(report.findings)} findings"]
    if report.composed_verified is not None:
        lines.append("  The combined model of the two protocols "
                     + ("passes verification (no dead ends across the boundary)."
                        if report.composed_verified else "fails verification:"))
        for line in report.combined:
            lines += _wrap(line, indent="    ")
        lines += _wrap("Notices it carries across the boundary: "
                       + ("; ".join(report.crossings) if report.crossings else "none") + ".",
                       indent="  ")
    lines.append("")
    counts = report.counts()
    lines += [f"  {KIND_LABELS[k]:<46} {counts[k]:>3}" for k in KINDS]
    for kind in KINDS:
        items = report.of_kind(kind)
        if not items:
            continue
        lines += ["", f"{KIND_LABELS[kind]} ({len(items)})"]
        for i, f in enumerate(items, 1):
            lines += _wrap(f"{i}. [{f.kind}/{f.topic}] {f.message}", indent="  ")
            lines += _wrap(f"responsible: {f.responsible.short()}")
            lines += _wrap(f"host:        {f.host.short()}")
    return "\n".join(lines) + "\n"


def format_matrix(reports: Sequence[PairReport]) -> str:
    """Counts of findings by kind for every ordered pair, as an aligned text table."""
    heads = ["Responsible authority -> host authority", *(KIND_LABELS[k] for k in KINDS),
             "Total"]
    rows = [[f"{r.responsible_authority} -> {r.host_authority}",
             *(str(r.counts()[k]) for k in KINDS), str(len(r.findings))] for r in reports]
    widths = [max(len(x[i]) for x in [heads, *rows]) for i in range(len(heads))]
    out = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    for row in rows:
        out.append("  ".join([row[0].ljust(widths[0]),
                              *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]))
    return "\n".join(out) + "\n"


def matrix_csv(reports: Sequence[PairReport]) -> str:
    """The matrix as CSV: one row per ordered pair, one column per kind (machine names)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["responsible", "host", "responsible_authority", "host_authority", *KINDS,
                "total"])
    for r in reports:
        w.writerow([r.responsible, r.host, r.responsible_authority, r.host_authority,
                    *(r.counts()[k] for k in KINDS), len(r.findings)])
    return buf.getvalue()


def matrix_json(reports: Sequence[PairReport]) -> str:
    """Every pair with its findings as JSON (``gaps_findings.json``), one line break at the
    end."""
    return json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False) + "\n"


FINDING_CSV_COLUMNS: tuple[str, ...] = (
    "responsible", "host", "kind", "topic", "responsible_authority", "host_authority",
    "kind_label", "topic_label", "message", "responsible_document", "responsible_section",
    "responsible_quote", "responsible_silent", "responsible_note", "host_document",
    "host_section", "host_quote", "host_silent", "host_note", "responsible_element",
    "host_element")


def findings_csv(reports: Sequence[PairReport]) -> str:
    """Every finding of every pair as CSV: machine-readable kind and topic, both citations."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FINDING_CSV_COLUMNS)
    for r in reports:
        for f in r.findings:
            a, b = f.responsible, f.host
            w.writerow([r.responsible, r.host, f.kind, f.topic, r.responsible_authority,
                        r.host_authority, KIND_LABELS[f.kind], f.topic_label, f.message,
                        a.document, a.section, a.quote, "silent" if a.silent else "", a.note,
                        b.document, b.section, b.quote, "silent" if b.silent else "", b.note,
                        a.element, b.element])
    return buf.getvalue()
