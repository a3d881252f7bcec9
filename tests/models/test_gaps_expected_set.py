"""The labelled evaluation set for `gaps` (tests/data/gaps_expected.yaml) is itself well formed.

It is the yardstick the gap analysis is scored against (contract: /work/wt/GAPS_SCHEMA.md), so a
mistake in it would silently move recall and precision. Checked here: the schema, ids, kinds and
topics from the allowed lists, every pair one of the 20 ordered pairs of the shipped models, and
every quote verbatim (whitespace, typographic quotes and dashes normalised) in the document of the
side it cites, at most 25 words.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from models import MODEL_NAMES, load_model
from models.data.catalogue import catalogue
from models.data.sources import document_path, quote_span

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "gaps_expected.yaml"

KINDS = {
    "conflicting_deadline", "conflicting_interval", "conflicting_trigger", "eligibility",
    "absent_to_missing", "placement_notification", "applicable_protocol", "definition",
    "unowned_duty", "duplicate_duty", "unreachable_deadline", "unreceived_information",
}
TOPICS = {
    "repeat_trigger", "absent_to_missing", "risk_categories", "applicable_protocol", "scope",
    "placement_notification", "return_interview_eligibility", "missing_definition",
}
ENTRY_KEYS = {"id", "responsible", "host", "kind", "topic", "summary", "responsible_citation",
              "host_citation"}
PAIRS = set(itertools.permutations(MODEL_NAMES, 2))


@pytest.fixture(scope="module")
def findings() -> list[dict[str, Any]]:
    data = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"version", "findings"}, "top-level keys"
    assert data["version"] == 1
    assert isinstance(data["findings"], list) and data["findings"]
    return data["findings"]


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """Each shipped model's document file name."""
    return {name: load_model(name).document for name in MODEL_NAMES}


def test_entries_follow_the_schema(findings: list[dict[str, Any]]) -> None:
    duties = set(catalogue().duties)
    bad = []
    for f in findings:
        if set(f) != ENTRY_KEYS:
            bad.append((f.get("id"), "keys", sorted(set(f) ^ ENTRY_KEYS)))
            continue
        if f["kind"] not in KINDS:
            bad.append((f["id"], "kind", f["kind"]))
        if f["topic"] not in TOPICS and f["topic"] not in duties:
            bad.append((f["id"], "topic is neither an allowed topic nor a catalogue duty",
                        f["topic"]))
        if (f["responsible"], f["host"]) not in PAIRS:
            bad.append((f["id"], "pair", (f["responsible"], f["host"])))
        expected_id = "__".join((f["responsible"], f["host"], f["kind"], f["topic"]))
        if f["id"] != expected_id:
            bad.append((f["id"], "id should be", expected_id))
        if not isinstance(f["summary"], str) or len(f["summary"].split()) < 8:
            bad.append((f["id"], "summary", f["summary"]))
    assert bad == []


def test_ids_are_unique(findings: list[dict[str, Any]]) -> None:
    ids = [f["id"] for f in findings]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_every_pair_is_labelled(findings: list[dict[str, Any]]) -> None:
    """Each of the 20 ordered pairs has at least one finding (every pair differs somewhere)."""
    assert PAIRS - {(f["responsible"], f["host"]) for f in findings} == set()


def test_citations_are_verbatim_in_the_sides_document(findings: list[dict[str, Any]],
                                                     documents: dict[str, str]) -> None:
    texts = {d: document_path(d).read_text(encoding="utf-8") for d in documents.values()}
    bad = []
    for f in findings:
        for side in ("responsible", "host"):
            cite = f[f"{side}_citation"]
            where = (f["id"], side)
            if not isinstance(cite, dict) or cite.get("document") != documents[f[side]]:
                bad.append((*where, "document should be", documents[f[side]]))
                continue
            if cite.get("silent") is True:
                if set(cite) != {"document", "silent"}:
                    bad.append((*where, "a silent citation has only document and silent"))
                continue
            if set(cite) != {"document", "section", "quote"}:
                bad.append((*where, "keys", sorted(cite)))
                continue
            if not str(cite["section"]).strip():
                bad.append((*where, "empty section"))
            quote = str(cite["quote"])
            if len(quote.split()) > 25:
                bad.append((*where, "quote longer than 25 words"))
            if quote_span(texts[cite["document"]], quote) is None:
                bad.append((*where, "quote not in the document", quote))
    assert bad == []


def test_a_finding_cites_at_least_one_side(findings: list[dict[str, Any]]) -> None:
    """A finding with both sides silent would rest on nothing the reader can check."""
    both_silent = [f["id"] for f in findings
                   if f["responsible_citation"].get("silent") and f["host_citation"].get("silent")]
    assert both_silent == []
