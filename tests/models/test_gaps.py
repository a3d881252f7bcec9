"""Gaps between two protocols for a looked-after child of one authority placed in another.

The pinned findings were checked by hand against the documents in shared/protocols/ (sections
named in each test's docstring). The contract for kinds and topics is GAPS_SCHEMA.md.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from models import load_all
from models.analyses.gaps import (
    KIND_LABELS,
    KINDS,
    TOPICS,
    GapFinding,
    PairReport,
    gaps,
    matrix,
)
from models.data.catalogue import catalogue
from models.data.sources import document_path, quote_span
from simulation.commands.cli import main
from simulation.results.analysis_tables import findings_csv, format_gaps, format_matrix, matrix_csv
from simulation.results.charts import write_gaps_heatmap

ANALYSES_DIR = Path(__file__).resolve().parents[2] / "models" / "analyses"


@pytest.fixture(scope="module")
def models():
    return load_all()


@pytest.fixture(scope="module")
def reports(models) -> list[PairReport]:
    return matrix(models)


def _pair(reports: list[PairReport], responsible: str, host: str) -> PairReport:
    return next(r for r in reports if r.responsible == responsible and r.host == host)


def _find(report: PairReport, kind: str, topic: str) -> list[GapFinding]:
    return [f for f in report.findings if f.kind == kind and f.topic == topic]


def _one(report: PairReport, kind: str, topic: str) -> GapFinding:
    found = _find(report, kind, topic)
    assert len(found) == 1, [f.message for f in report.findings]
    return found[0]


# ----------------------------------------------------------------------- hand-checked findings
def test_72_hours_against_timely_lambeth_child_in_somerset(reports):
    """Lambeth 14.2: "will be offered an independent return home interview within 72 hours of
    their return". Somerset (Returning children and follow up interviews): PMEX arranges the
    interview for a child found in Somerset and should "ensure that it takes place in a timely
    way": no deadline. The texts conflict: a conflicting deadline citing both."""
    f = _one(_pair(reports, "lambeth", "somerset"), "conflicting_deadline", "return_interview")
    assert (f.responsible.section, f.responsible.quote) == (
        "14.2", "will be offered an independent return home interview within 72 hours of their "
        "return")
    assert f.host.quote == "ensure that it takes place in a timely way"
    assert "within 72 hours of return" in f.message and "timely" in f.message


def test_72_hours_from_the_return_against_72_hours_from_being_located(reports):
    """Lambeth 14.2 counts the 72 hours from the return; the children's home procedure 6.5
    "within 72 hours of the child/young person being located or returning from absence": same
    limit, different event. Derby and Derbyshire 6.8 ("within 72 hours of their return") is
    Lambeth's rule: no finding for that pair."""
    f = _one(_pair(reports, "lambeth", "childrens_home"), "conflicting_deadline",
             "return_interview")
    assert "within 72 hours of located or return" in f.message and f.host.section == "6.5"
    assert not _find(_pair(reports, "lambeth", "derby_derbyshire"), "conflicting_deadline",
                     "return_interview")


def test_a_host_that_binds_no_interview_is_not_compared(reports):
    """Lambeth as host (12.10) gives no interview rule for a child another authority placed in
    Lambeth, so Derby's 72 hours meet nothing of Lambeth's: no conflicting deadline, but the
    absent/missing rules of Lambeth's police (3.4, 3.5) do govern the child (definition)."""
    r = _pair(reports, "derby_derbyshire", "lambeth")
    assert not r.of_kind("conflicting_deadline") and not r.of_kind("eligibility")
    f = _one(r, "definition", "risk_categories")
    assert f.responsible.section == "3.1" and f.host.section == "3.5"


def test_deadline_against_a_timer_strategy_meeting(reports):
    """Lambeth 12.4: "within 3 days of going missing" (a deadline); Derby and Derbyshire 5.4:
    "If the child is missing for three days ... will convene" (a timer: the meeting starts
    then). Same length, different rule."""
    f = _one(_pair(reports, "lambeth", "derby_derbyshire"), "conflicting_deadline",
             "strategy_meeting")
    assert "within 3 days of missing" in f.message
    assert "once 3 days have passed since missing" in f.message


def test_review_intervals_lambeth_child_in_derby(reports):
    """Lambeth 12.4: reviews "at a minimum of fortnightly for the first month, then ... every
    28 days"; Derby and Derbyshire 5.4: "at least every five days thereafter"."""
    f = _one(_pair(reports, "lambeth", "derby_derbyshire"), "conflicting_interval",
             "review_strategy_meeting")
    assert "every 14 days, then every 28 days" in f.message and "every 5 days" in f.message


def test_eligibility_away_from_placement(reports):
    """Derby and Derbyshire interviews children in care "regardless of categorisation" (6.8),
    away without authorisation included (4.1.4); Darlington's criterion is an absent or missing
    episode reported to the police (7.8), and its 'absent' excludes away from placement (2.1).
    The home's "returning from absence" (6.5) does not say whether away counts: Derby against
    the home is not compared on it."""
    f = _one(_pair(reports, "derby_derbyshire", "darlington"), "eligibility",
             "return_interview_eligibility")
    assert f.responsible.section == "6.8" and f.host.section == "7.8"
    assert not _pair(reports, "derby_derbyshire", "childrens_home").of_kind("eligibility")
    assert _find(_pair(reports, "lambeth", "darlington"), "eligibility",
                 "return_interview_eligibility")


def test_repeat_triggers_count_and_window(reports):
    """Somerset: "three or more occasions in a 28 day period"; Derby and Derbyshire 6.6: "three
    or more times in a 30 day period": same count, different window. Lambeth has no counted
    trigger for a looked-after child (11.2's 2 in 90 days is for children not open to social
    care) and Darlington as host refers a placed child "reported missing on repeated occasions"
    (7.12), no count either: no finding for Lambeth's child in Darlington."""
    f = _one(_pair(reports, "somerset", "derby_derbyshire"), "conflicting_trigger",
             "repeat_trigger")
    assert "3 or more episodes in 28 days" in f.message
    assert "3 or more episodes in 30 days" in f.message
    assert not _pair(reports, "lambeth", "darlington").of_kind("conflicting_trigger")
    assert _pair(reports, "childrens_home", "darlington").of_kind("conflicting_trigger")


def test_absent_to_missing_24_hours_against_no_limit(reports):
    """Lambeth 3.4: "categorised as missing by the police after 24 hours"; Darlington 2.1: a
    continuum of risk, no time limit. Lambeth and Derby (4.2: no child "Missing, No Apparent
    Risk" for more than 24 hours) agree."""
    for pair in (("lambeth", "darlington"), ("darlington", "lambeth")):
        f = _one(_pair(reports, *pair), "absent_to_missing", "absent_to_missing")
        assert "missing after 24 hours at most" in f.message
    assert not _pair(reports, "lambeth", "derby_derbyshire").of_kind("absent_to_missing")


def test_whose_protocol_applies_and_scope(reports):
    """Lambeth 12.9: "If children placed out of borough run away, this protocol should still
    be followed"; Derby and Derbyshire 4.1.3: placing authorities "will be required to comply
    with this protocol": neither says which prevails. Darlington 4.3 covers a placed child only
    "where compliance with the protocol is specified in the contract" (scope). Derby, which
    itself says the host's protocol applies to its child placed elsewhere (6.8), agrees with
    Somerset's protocol for all agencies in Somerset: no finding."""
    f = _one(_pair(reports, "lambeth", "derby_derbyshire"), "applicable_protocol",
             "applicable_protocol")
    assert (f.responsible.section, f.host.section) == ("12.9", "4.1.3")
    g = _one(_pair(reports, "derby_derbyshire", "darlington"), "applicable_protocol", "scope")
    assert g.host.section == "4.3"
    assert not _pair(reports, "derby_derbyshire", "somerset").of_kind("applicable_protocol")


def test_placement_notification_silent_placing_authority(reports):
    """Somerset's protocol says nothing of telling the host when it places a child; Darlington
    7.12 requires every placing authority to share the placement plan and risk assessment at
    the time of placement. Somerset is cited as silent."""
    f = _one(_pair(reports, "somerset", "darlington"), "placement_notification",
             "placement_notification")
    assert f.responsible.silent and not f.responsible.quote
    assert f.host.section == "7.12"


def test_unowned_and_duplicate_return_interview(reports):
    """Somerset's interview route starts from its own police's referral, which a host's police
    never send (the combined model: the task can never happen), and for its child living
    elsewhere Somerset says only that the care provider notifies it; Derby 6.8 leaves the
    interview to the placing authority: unowned. Lambeth's child in Somerset gets two: Lambeth
    refers to Barnardos (12.3) and Somerset Direct asks PMEX to arrange one for every child the
    police refer: duplicate."""
    f = _one(_pair(reports, "somerset", "derby_derbyshire"), "unowned_duty", "return_interview")
    assert f.host.silent and f.detail["dead"]
    d = _one(_pair(reports, "lambeth", "somerset"), "duplicate_duty", "return_interview")
    assert d.host.element == "la_pmex"
    assert not _pair(reports, "lambeth", "derby_derbyshire").of_kind("unowned_duty")


def test_unreceived_records(reports):
    """Lambeth 12.9: the risk assessment "should be notified to the local police service and
    local missing coordinator"; Somerset's protocol names no receiver. Derby 6.8 shares "a copy
    of the return interview, with the host authority"; Lambeth 12.10 gives no one that task."""
    f = _one(_pair(reports, "lambeth", "somerset"), "unreceived_information",
             "risk_assessment_share")
    assert f.responsible.section == "12.9" and f.host.silent
    g = _one(_pair(reports, "derby_derbyshire", "lambeth"), "unreceived_information",
             "share_return_interview")
    assert g.responsible.section == "6.8"


def test_no_unreachable_deadline_with_the_shipped_models(reports):
    """With the child still missing, every deadline of the responsible side that the combined
    model can reach at all is met at the same anchor hours as in its own model (the carers and
    the host's front door tell the placing authority at once)."""
    assert not any(r.of_kind("unreachable_deadline") for r in reports)


def test_a_slow_notice_makes_a_deadline_unreachable(models):
    """With a notice taking 24 hours to arrive, Lambeth's 24-hour strategy discussion (12.4)
    for its child placed in Derby and Derbyshire can no longer be met at any anchor hour at
    which Lambeth's own model meets it (the child still missing)."""
    slow = gaps(models["lambeth"], models["derby_derbyshire"], latency="PT24H")
    found = [f for f in slow.of_kind("unreachable_deadline")
             if f.detail["deadline"] == "Strategy discussion within 24 hours of the report"]
    assert len(found) == 1
    assert found[0].detail["composed_met_hours"] == 0
    assert found[0].detail["own_met_hours"] > 0
    assert found[0].host.element == "t_la_host"


# --------------------------------------------------------------------- data, not word lists
def test_labels_do_not_change_the_findings(models, reports):
    """Every label and pool name replaced by the element id: the same findings (no word
    lists)."""
    def blank(m):
        return dataclasses.replace(
            m, elements={k: dataclasses.replace(e, name=k) for k, e in m.elements.items()},
            flows={k: dataclasses.replace(f, name=k) for k, f in m.flows.items()},
            participants={k: dataclasses.replace(p, name=k)
                          for k, p in m.participants.items()},
            omissions=())

    plain = matrix({n: blank(m) for n, m in models.items()})
    def keys(rs):
        return sorted((r.responsible, r.host, f.kind, f.topic) for r in rs for f in r.findings)
    assert keys(plain) == keys(reports)


def test_a_provision_is_data(models):
    """Somerset's "timely" (an ms:provision) taken away: the conflicting deadline with Lambeth
    goes, as Somerset then states no interview rule binding a child placed in Somerset."""
    som = models["somerset"]
    without = dataclasses.replace(som, provisions=tuple(
        p for p in som.provisions if p.topic != "return_interview"))
    assert _find(gaps(models["lambeth"], som), "conflicting_deadline", "return_interview")
    assert not _find(gaps(models["lambeth"], without), "conflicting_deadline",
                     "return_interview")


def test_without_provisions_the_models_timings_are_compared(models):
    """With every ms:provision taken out of both models, the comparison falls back on the
    models: Lambeth's interview task has a 72-hour deadline (rhi_interview, 14.2); the task
    Somerset's front door does for a child placed in Somerset (la_pmex, 'Contact PMEX to arrange
    the Return Home Interview') has none: deadline against no deadline, a baseline duty."""
    bare = {n: dataclasses.replace(models[n], provisions=()) for n in ("lambeth", "somerset")}
    f = _one(gaps(bare["lambeth"], bare["somerset"]), "conflicting_deadline",
             "return_interview")
    assert f.responsible.element == "rhi_interview" and f.host.element == "la_pmex"
    assert "PT72H" in f.message and "no deadline" in f.message


def test_every_provision_quote_is_verbatim(models):
    for m in models.values():
        assert m.provisions, m.name
        for p in m.provisions:
            text = document_path(p.citation.document).read_text(encoding="utf-8")
            assert p.citation.document == m.document
            assert quote_span(text, p.citation.quote) is not None, (m.name, p)
            assert len(p.citation.quote.split()) <= 25


# ---------------------------------------------------------------------------------- the matrix
def test_every_finding_has_a_contract_kind_and_topic_and_cites_both(models, reports):
    docs = {m.authority: m.document for m in models.values()}
    duties = set(catalogue().duties)
    assert len(reports) == 20
    for r in reports:
        for f in r.findings:
            assert f.kind in KINDS and (f.topic in TOPICS or f.topic in duties), f
            assert f.responsible.authority == r.responsible_authority
            assert f.host.authority == r.host_authority
            assert f.responsible.document == docs[r.responsible_authority]
            assert f.host.document == docs[r.host_authority]
            for c in (f.responsible, f.host):
                if c.quote:
                    text = document_path(c.document).read_text(encoding="utf-8")
                    assert quote_span(text, c.quote) is not None, c
                else:
                    assert c.silent, (f.message, c)


def test_tables(models, reports):
    table = format_matrix(reports)
    for m in models.values():
        assert m.authority in table
    for label in KIND_LABELS.values():
        assert label in table
    rows = list(csv.DictReader(io.StringIO(matrix_csv(reports))))
    assert len(rows) == 20 and rows[0]["responsible"] == "lambeth"
    assert sum(int(r["total"]) for r in rows) == sum(len(r.findings) for r in reports)
    detail = list(csv.DictReader(io.StringIO(findings_csv(reports))))
    assert len(detail) == sum(len(r.findings) for r in reports)
    assert {d["kind"] for d in detail} <= set(KINDS)
    text = format_gaps(_pair(reports, "lambeth", "somerset"))
    assert "Lambeth placed in Somerset" in text and "[conflicting_deadline/return_interview]" \
        in text
    data = json.loads(format_gaps(_pair(reports, "lambeth", "somerset"), "json"))
    assert data["counts"]["conflicting_deadline"] >= 1
    assert {"responsible", "host", "kind", "topic"} <= set(data["findings"][0])


def test_heatmap_png(tmp_path, reports):
    out = write_gaps_heatmap(reports, tmp_path / "h.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------------------- the layering
def _imports(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                out.append((node.module or "", alias.name))
    return out


def test_composition_sits_below_gaps_and_no_private_names_cross():
    for name in ("gap_facts.py", "composition.py", "gaps.py"):
        for module, imported in _imports(ANALYSES_DIR / name):
            assert not imported.startswith("_"), (name, module, imported)
    assert not any(m.endswith("gaps") for m, _ in _imports(ANALYSES_DIR / "composition.py"))
    assert not any(m.endswith(("gaps", "composition"))
                   for m, _ in _imports(ANALYSES_DIR / "gap_facts.py"))


# ------------------------------------------------------------------------------------- the CLI
def test_cli_pair_and_matrix(tmp_path, capsys):
    assert main(["gaps", "--responsible", "lambeth", "--host", "somerset",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["host_authority"] == "Somerset"
    assert main(["gaps", "--host", "somerset", "--responsible", "lambeth",
                 "--latency", "PT2H"]) == 0
    assert "Conflicting deadline" in capsys.readouterr().out
    assert main(["gaps", "--matrix", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "20 ordered pairs" in out
    for name in ("gaps_matrix.csv", "gaps_findings.csv", "gaps_findings.json",
                 "gaps_heatmap.png"):
        assert (Path(tmp_path) / name).stat().st_size > 0
    assert main(["gaps", "--responsible", "lambeth"]) == 2
    assert main(["gaps", "--responsible", "lambeth", "--host", "lambeth"]) == 2
