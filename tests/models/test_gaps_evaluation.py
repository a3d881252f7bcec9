"""Recall and precision of `missingsim gaps --matrix` against the labelled set.

The set (tests/data/gaps_expected.yaml) was written from the five documents, not from the
tool. Matching rule (GAPS_SCHEMA.md): a tool finding matches an entry when (responsible, host,
kind, topic) are equal; recall = matched entries / entries; precision = tool findings that
match an entry / tool findings. Both figures are printed (``pytest -s`` shows them) and must be
at least 0.90.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from simulation.commands.cli import main

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "gaps_expected.yaml"


def _tool_findings(out: Path) -> list[tuple[str, str, str, str]]:
    data = json.loads((out / "gaps_findings.json").read_text(encoding="utf-8"))
    return [(f["responsible"], f["host"], f["kind"], f["topic"])
            for pair in data for f in pair["findings"]]


def test_recall_and_precision_against_the_labelled_set(tmp_path, capsys):
    assert main(["gaps", "--matrix", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    entries = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["findings"]
    expected = {(e["responsible"], e["host"], e["kind"], e["topic"]) for e in entries}
    tool = _tool_findings(tmp_path)
    assert tool, "the matrix found nothing"
    matched_entries = expected & set(tool)
    recall = len(matched_entries) / len(expected)
    precision = sum(1 for t in tool if t in expected) / len(tool)
    missed = sorted(expected - set(tool))
    extra = sorted(t for t in set(tool) if t not in expected)
    with capsys.disabled():
        print(f"\ngaps --matrix against tests/data/gaps_expected.yaml: {len(expected)} entries, "
              f"{len(tool)} tool findings, recall {recall:.3f}, precision {precision:.3f}")
        for m in missed:
            print("  missed:", *m)
        for x in extra:
            print("  not in the set:", *x)
    assert recall >= 0.90, missed
    assert precision >= 0.90, extra
