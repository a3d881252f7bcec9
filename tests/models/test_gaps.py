"""Gaps between two protocols for a looked-after child of one authority placed in another.

The pinned findings were checked by hand against the documents in shared/protocols/ (sections
named in each test's docstring).
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from models import load_all
from models.gaps import (
    KIND_LABELS,
    KINDS,
    GapFinding,
    PairReport,
    applicable,
    findings_csv,
    format_gaps,
    format_matrix,
    gaps,
    matrix,
    matrix_csv,
    write_heatmap,
)
from models.sources import document_path, normalise, quote_span
from simulation.cli import main


@pytest.fixture(scope="module")
def models():
    return load_all()


@pytest.fixture(scope="module")
def reports(models) -> list[PairReport]:
    return matrix(models)


def _pair(reports: list[PairReport], responsible: str, host: str) -> PairReport:
    return next(r for r in reports if r.responsible == responsible and r.host == host)


def _one(report: PairReport, kind: str, duty: str) -> GapFinding:
    found = [f for f in report.findings if f.kind == kind and f.duty == duty]
    assert len(found) == 1, [f.message for f in report.findings]
    return found[0]


def _text(document: str) -> str:
    return normalise(document_path(document).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------- hand-checked findings
def test_nobody_owns_informing_the_iro_darlington_child_in_lambeth(reports):
    """Lambeth 12.3 gives the responsible authority's social worker the duty to inform the IRO
    ("The social worker will then inform the child's Independent Reviewing Officer (IRO) and
    their team manager"; la_c_notify, side="responsible"). Darlington's procedure never mentions
    an IRO or an Independent Reviewing Officer anywhere (checked by search), and its 7.12 leaves
    the care plan of a child placed elsewhere to the placing authority without naming the IRO.
    So for a Darlington child placed in Lambeth, nobody owns telling the IRO."""
    f = _one(_pair(reports, "darlington", "lambeth"), "nobody_owns", "notify_iro")
    assert f.host.document == "000_73184d58ab7670c6.txt" and f.host.section == "12.3"
    assert "Independent Reviewing Officer" in f.host.quote and not f.host.silent
    assert f.responsible.silent and f.responsible.document == "004_9f545ef69107aa00.txt"
    darlington = _text("004_9f545ef69107aa00.txt")
    assert "independent reviewing" not in darlington and " iro " not in darlington


def test_nobody_owns_the_24_hour_strategy_discussion_derby_child_in_lambeth(reports):
    """Lambeth 12.4: "it is expected that the social work team and police will have a strategy
    discussion over the telephone within at least 24 hours" (la_c_sd, side="responsible").
    Derby and Derbyshire 5.4 has no strategy discussion: the local authority convenes "an
    emergency professionals / missing strategy meeting" when the child has been missing three
    days; the words "strategy discussion" do not occur in the document."""
    f = _one(_pair(reports, "derby_derbyshire", "lambeth"), "nobody_owns",
             "strategy_discussion")
    assert (f.host.section, f.host.element) == ("12.4", "la_c_sd")
    assert f.responsible.silent
    assert "strategy discussion" not in _text("001_d79ef67c129974ea.txt")


def test_lambeth_host_notice_is_owned_by_derby_as_host(reports):
    """Lambeth 12.10 has the host notify the responsible authority (la_oa_notify, side host);
    Derby 6.8 has the host open a record and forward the details to the placing authority
    (t_la_host, side host): owned, so no 'nobody owns' finding for it."""
    r = _pair(reports, "lambeth", "derby_derbyshire")
    assert not [f for f in r.of_kind("nobody_owns") if f.duty == "notify_placing_authority"]


def test_conflicting_interval_senior_manager_lambeth_child_in_somerset(reports):
    """Lambeth 12.3: "If the child remains missing for 3 days the Assistant Director must be
    informed." Somerset, Timescales: "Somerset Children Looked After who are missing for more
    than 24 hours should be reported to the relevant CLA Operations Manager". Same duty
    (escalate to a senior manager), 3 days against 24 hours: Somerset's is stricter, but
    Somerset writes it for its own looked-after children (side responsible), so a Lambeth child
    in Somerset gets Lambeth's 3 days."""
    f = _one(_pair(reports, "lambeth", "somerset"), "conflicting_interval",
             "notify_senior_manager")
    assert f.detail["stricter"] == "Somerset" and f.detail["owner"] == "responsible"
    assert f.responsible.quote == ("If the child remains missing for 3 days the Assistant "
                                   "Director must be informed.")
    assert "CLA Operations Manager" in f.host.quote
    assert "The child gets Lambeth's" in f.message


def test_conflicting_interval_reviews_lambeth_child_in_derby(reports):
    """Lambeth 11.3: follow-up meetings "within maximum of 14 days" (10: "at least
    fortnightly"), every 28 days after a month; Derby and Derbyshire 5.4: the emergency meeting
    at three days, "Further such reviews will take place at least every five days thereafter".
    Derby's is stricter; the reviews are chaired by the responsible authority, so the Lambeth
    child gets Lambeth's fortnightly reviews."""
    f = _one(_pair(reports, "lambeth", "derby_derbyshire"), "conflicting_interval",
             "review_strategy_meeting")
    assert f.detail["stricter"] == "Derby and Derbyshire"
    assert f.detail["owner"] == "responsible"
    assert "14 days" in f.responsible.quote and f.host.section == "5.4"


def test_unreachable_by_chain_lambeth_child_in_darlington(reports):
    """Lambeth 12.4: telephone strategy discussion within 24 hours of the report (la_c_sd,
    PT24H clock, anchor c_report). In Lambeth's own model a report on Friday 15 January 2027 at
    14:00 reaches the front door at once via MERLIN (3.6) and the discussion can be done by
    15:30. For a Lambeth child in Darlington, Darlington's CAP passes the information to the
    placing authority only on the police closure notice (5.3, 5.4: la_pass, side host): the
    earliest is 16:25; Lambeth's front door records it and the social worker informs the IRO by
    17:00, and the social worker's next office hour is Monday 09:00, so the discussion is done
    at 09:35 on Monday 18 January, after the due time (Saturday 14:00). Reports from 16:00 on a
    Friday miss it in Lambeth's own model too, so what the placement loses is Fri 14:00-15:59."""
    f = _one(_pair(reports, "lambeth", "darlington"), "unreachable_by_chain",
             "strategy_discussion")
    assert f.detail["task"] == "la_c_sd" and f.detail["sender"] == "la_pass"
    assert f.detail["lost"] == "Fri 14:00-15:59"
    assert f.detail["lost_hours"] == [4 * 24 + 14, 4 * 24 + 15]
    assert f.responsible.section == "12.4" and f.host.element == "la_pass"


def test_no_receiver_for_the_placement_risk_assessment_derby_child_in_lambeth(reports):
    """Derby and Derbyshire 6.8: "The Placing Authority will provide the Host Authority's
    Missing Lead with a copy of the relevant risk assessments and a recent photograph ... This
    information will be shared prior to the young person being placed or within 24 hours of the
    placement being made." (an ms:omission of the Derby model). Lambeth's model has nothing that
    receives a placement risk assessment from another authority; its only out-of-area element
    as host is the notice to the responsible authority (12.10)."""
    f = _one(_pair(reports, "derby_derbyshire", "lambeth"), "no_receiver",
             "risk_assessment_share")
    assert f.responsible.section == "6.8" and "within 24 hours" in f.responsible.quote
    assert f.host.silent and f.host.element == "la_oa_notify"


def test_lambeth_notice_has_no_receiver_in_darlington(reports):
    """Lambeth 12.10 (as host) notifies the responsible authority; Darlington's council starts
    only from its own police's notification (7.8: "the CAP will receive a notification from the
    police (sleuth) and/or EDT"), with no element receiving a notice from another authority."""
    f = _one(_pair(reports, "darlington", "lambeth"), "no_receiver", "notify_placing_authority")
    assert f.host.element == "la_oa_notify" and f.responsible.element == "la_start"
    assert f.responsible.silent


# ---------------------------------------------------------------------------------- the rules
def test_applicability_follows_default_flows(models):
    """Lambeth's 'missing from home, not open to CSC' route is the default flow of la_gw_path:
    it does not apply to a looked-after child; the 'missing from care' route, reached through
    the out-of-area notice, does."""
    app = applicable(models["lambeth"])
    assert not app["la_u_screen"] and not app["la_h_sm"]
    assert app["la_c_sd"] and app["la_oa_notify"]


def test_darlington_out_of_area_child_gets_the_independent_person(models):
    app = applicable(models["darlington"])
    assert app["rhi_arrange"] and not app["rhi_ri_sw"]


# ---------------------------------------------------------------------------------- the matrix
def test_matrix_covers_twenty_pairs_quickly(models):
    started = time.perf_counter()
    reports = matrix(models)
    assert time.perf_counter() - started < 10
    assert len(reports) == 20
    assert len({(r.responsible, r.host) for r in reports}) == 20
    assert all(r.findings for r in reports)


def test_every_finding_cites_both_documents(models, reports):
    docs = {m.authority: m.document for m in models.values()}
    for r in reports:
        for f in r.findings:
            assert f.kind in KINDS and f.duty_label and f.message
            assert f.responsible.authority == r.responsible_authority
            assert f.host.authority == r.host_authority
            assert f.responsible.document == docs[r.responsible_authority]
            assert f.host.document == docs[r.host_authority]
            for c in (f.responsible, f.host):
                if c.quote:
                    text = document_path(c.document).read_text(encoding="utf-8")
                    assert quote_span(text, c.quote) is not None, c
                else:
                    assert c.silent


def test_tables_use_names_not_ids(models, reports):
    table = format_matrix(reports)
    for m in models.values():
        assert m.authority in table
    for label in KIND_LABELS.values():
        assert label in table
    assert "lambeth ->" not in table and "nobody_owns" not in table
    rows = list(csv.DictReader(io.StringIO(matrix_csv(reports))))
    assert len(rows) == 20 and rows[0]["responsible_authority"] == "Lambeth"
    assert sum(int(r["Total"]) for r in rows) == sum(len(r.findings) for r in reports)
    detail = list(csv.DictReader(io.StringIO(findings_csv(reports))))
    assert len(detail) == sum(len(r.findings) for r in reports)
    text = format_gaps(_pair(reports, "lambeth", "darlington"))
    assert "Lambeth placed in Darlington" in text and "Strategy discussion" in text
    assert json.loads(format_gaps(_pair(reports, "lambeth", "darlington"), "json"))["counts"]


def test_heatmap_png(tmp_path, reports):
    out = write_heatmap(reports, tmp_path / "h.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_latency_parameter(models):
    """A notice that takes 24 hours makes the 24-hour strategy discussion unreachable at every
    anchor hour (with the default, next opening of the front door, Derby loses none)."""
    slow = gaps(models["lambeth"], models["derby_derbyshire"], latency="PT24H")
    found = [f for f in slow.of_kind("unreachable_by_chain")
             if f.detail["deadline"] == "Strategy discussion within 24 hours of the report"]
    assert len(found) == 1 and found[0].detail["composed_met_hours"] == 0
    default = gaps(models["lambeth"], models["derby_derbyshire"])
    assert not default.of_kind("unreachable_by_chain")


# ------------------------------------------------------------------------------------- the CLI
def test_cli_pair_and_matrix(tmp_path, capsys):
    assert main(["gaps", "--responsible", "lambeth", "--host", "darlington",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["host_authority"] == "Darlington"
    assert main(["gaps", "--matrix", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "20 ordered pairs" in out
    for name in ("gaps_matrix.csv", "gaps_findings.csv", "gaps_findings.json",
                 "gaps_heatmap.png"):
        assert (Path(tmp_path) / name).stat().st_size > 0
    assert main(["gaps", "--responsible", "lambeth"]) == 2
    assert main(["gaps", "--responsible", "lambeth", "--host", "lambeth"]) == 2
