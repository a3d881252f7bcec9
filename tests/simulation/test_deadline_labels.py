"""Immediate duties are named as what they are in every output: "immediately", with the
scenario's tolerance said to be an assumption, never a bare "1 hour" a reader would take for
the text's limit."""

from __future__ import annotations

from pathlib import Path

from simulation import load_scenario
from simulation.results.deadline_labels import deadline_limits, label_deadlines

REPO = Path(__file__).resolve().parents[2]


def _lambeth(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(f"base: {REPO / 'scenarios' / 'lambeth.yaml'}\nname: labels\n{extra}",
                    encoding="utf-8")
    return path


def test_immediate_deadlines_say_immediately_with_the_assumed_tolerance(tmp_path: Path) -> None:
    limits = deadline_limits(load_scenario(_lambeth(tmp_path)))
    iro = [v for k, v in limits.items() if k[0] == "la_c_notify"]
    assert [v.words for v in iro] == ["immediately (tolerance 1 hour, assumed)"]
    labels = label_deadlines([iro[0].key], limits)
    assert labels[iro[0].key] == (iro[0].name, "immediately (tolerance 1 hour, assumed)")
    rhi = [v for k, v in limits.items() if k[0] == "rhi_interview"]
    assert [v.words for v in rhi] == ["72 hours"]


def test_the_scenarios_tolerance_is_the_one_shown(tmp_path: Path) -> None:
    limits = deadline_limits(load_scenario(_lambeth(tmp_path, "immediate_tolerance: PT2H\n")))
    iro = [v for k, v in limits.items() if k[0] == "la_c_notify"]
    assert [v.words for v in iro] == ["immediately (tolerance 2 hours, assumed)"]
