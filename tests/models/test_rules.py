"""The rule table is generated from the file: editing a timer in a copy changes what it prints."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

from models import model_path
from simulation.cli import main


def _rules(capsys, path, fmt="csv") -> str:
    assert main(["rules", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def test_editing_a_timer_changes_the_rules(tmp_path, capsys) -> None:
    original = model_path("lambeth")
    copy = tmp_path / "lambeth_variant.bpmn"
    shutil.copy(original, copy)
    before = list(csv.DictReader(io.StringIO(_rules(capsys, copy))))
    text = copy.read_text(encoding="utf-8")
    first = re.search(r"(<bpmn:timeDuration[^>]*>)([^<]+)(</bpmn:timeDuration>)", text)
    assert first is not None
    old = first.group(2)
    new = "PT99H" if old != "PT99H" else "PT98H"
    copy.write_text(text[: first.start(2)] + new + text[first.end(2):], encoding="utf-8")
    after = list(csv.DictReader(io.StringIO(_rules(capsys, copy))))
    changed = [(b["element_id"], b["deadline"], a["deadline"]) for b, a in zip(before, after,
                                                                              strict=True)
               if b != a]
    assert len(changed) == 1
    assert old in changed[0][1] and new in changed[0][2]


def test_rules_table_lists_deadlines_with_calendar_and_citation(capsys) -> None:
    data = json.loads(_rules(capsys, "lambeth", "json"))
    deadlines = [r for r in data["rules"] if r["kind"] == "deadline"]
    assert deadlines
    assert all(r["calendar"] and r["section"] and r["quote"] for r in deadlines)
    assert data["not_encoded"] and all(o["reason"] for o in data["not_encoded"])
    table = _rules(capsys, "lambeth", "table")
    assert "Not encoded (deliberately):" in table
