"""Write the fixtures of ``tests/models/test_external_tools.py``.

Run from the repository top after changing this script (or ``models/data/authoring.py``)::

    .venv/bin/python tests/data/make_external_tools_fixtures.py

It writes

* ``tests/data/valid/external_tools_sample.bpmn``: a small model built with
  ``models.data.authoring.ModelBuilder`` that uses every construct the external-tool checks look at
  (black-box pool, two laned pools, message and timer events, a timer boundary event, an exclusive
  split with conditions, probabilities and a default, message flows, ``ms:*`` extensions, quotes
  with ``'``, ``&`` and ``<`` in them);
* ``tests/data/invalid/external_tools_*.bpmn``: copies of it, each broken in one way that one
  check must report (see ``BROKEN``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make ``models`` importable
    sys.path.insert(0, str(ROOT))

from models.data.authoring import NS, ModelBuilder, cite  # noqa: E402

DATA = Path(__file__).resolve().parent
SAMPLE = DATA / "valid" / "external_tools_sample.bpmn"


def build_sample() -> ModelBuilder:
    """The sample model: a child missing from a home, reported to the police."""
    b = ModelBuilder("external_tools_sample", authority="Test authority",
                     document="000_73184d58ab7670c6.txt")
    b.omit("9.9", "the child's views & wishes <must> be recorded",
           "SILENT: fixture omission, to exercise escaping of ' & < in text")
    b.black_box("p_child", "Child", citation=cite("1", "the child"))
    home = b.pool("p_home", "Children's home", citation=cite("2", "the home"))
    carer = home.lane("l_carer", "Home staff", role="carer", citation=cite("2", "staff"))
    police = b.pool("p_police", "Police", citation=cite("3", "the police"))
    control = police.lane("l_control", "Control room", role="police_control_room",
                          citation=cite("3", "control room"))
    officer = police.lane("l_officer", "Investigating officer", role="police_officer",
                          citation=cite("3", "officer"))

    carer.start("h_start", "Child not where expected", citation=cite("2.1", "not where expected"))
    carer.task("h_search", "Search the home and grounds", duty="locate_child",
               time=("TriangularDistribution", "PT10M", "PT30M", "PT1H"),
               citation=cite("2.2", "search the home", "must"))
    carer.boundary("h_search_late", "Search has taken an hour", attached_to="h_search",
                   interrupting=False, duration="PT1H", calendar="clock",
                   citation=cite("2.2", "after one hour"))
    carer.end("h_escalated", "Manager told", citation=cite("2.2", "tell the manager"))
    carer.gateway("h_found", "Child found?", citation=cite("2.3", "if the child is found"))
    carer.end("h_found_end", "Child found", citation=cite("2.3", "found"))
    carer.task("h_report", "Report the child missing to the police", duty="report_missing",
               kind="sendTask", time=("ConstantParameter", "PT15M"),
               citation=cite("2.4", "report to the police", "must"),
               deadlines=[{"name": "report within 2 hours", "anchor": "h_start",
                           "limit": "PT2H", "calendar": "clock", "modality": "must"}])
    carer.catch("h_return", "Child's return", citation=cite("2.5", "when the child returns"))
    carer.end("h_end", "Child back", citation=cite("2.5", "back"))
    b.chain("h_start", "h_search", "h_found")
    b.flow("h_search_late", "h_escalated")
    b.flow("h_found", "h_found_end", name="found", condition='decision == "found"',
           probability=0.7, citation=cite("2.3", "found"))
    b.flow("h_found", "h_report", name="not found", probability=0.3, default=True,
           citation=cite("2.3", "not found"))
    b.chain("h_report", "h_return", "h_end")

    control.start("c_report", "Report received", event="message",
                  citation=cite("3.1", "a report is received"))
    control.task("c_grade", "Grade the risk", duty="police_risk_assessment",
                 time=("UniformDistribution", "PT5M", "PT20M"),
                 citation=cite("3.2", "grade the risk", "must"))
    control.gateway("c_risk", "Risk?", citation=cite("3.2", "the risk"))
    officer.task("o_search", "Search and investigate", duty="police_investigation",
                 time=("ExponentialDistribution", "PT4H"),
                 citation=cite("3.3", "investigate", "must"))
    officer.timer("o_review", "Review after 24 hours", duration="PT24H", calendar="clock",
                  citation=cite("3.4", "review after 24 hours", "should"))
    officer.end("o_end", "Investigation closed", citation=cite("3.5", "closed"))
    control.end("c_absent", "Recorded as absent", citation=cite("3.2", "absent"))
    b.chain("c_report", "c_grade", "c_risk")
    b.flow("c_risk", "o_search", name="missing", condition='risk in ["low", "medium", "high"]',
           citation=cite("3.2", "missing"))
    b.flow("c_risk", "c_absent", name="absent", default=True, citation=cite("3.2", "absent"))
    b.chain("o_search", "o_review", "o_end")

    b.message("h_report", "c_report", "Missing report", citation=cite("2.4", "report"),
              latency="PT5M", flow_id="mf_report")
    b.message("p_child", "h_return", "Child returns", citation=cite("2.5", "returns"),
              flow_id="mf_return")
    return b


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


def _bounds(root: etree._Element, element_id: str) -> etree._Element:
    found = root.find(f".//{_q('bpmndi', 'BPMNShape')}[@bpmnElement='{element_id}']/"
                      f"{_q('dc', 'Bounds')}")
    assert found is not None, element_id
    return found


def _overlap(root: etree._Element) -> None:
    """The 'Grade the risk' task drawn half over 'Report received'."""
    start, task = _bounds(root, "c_report"), _bounds(root, "c_grade")
    task.set("x", str(int(start.get("x", "0")) + 10))


def _missing_di(root: etree._Element) -> None:
    """No shape for a task, no edge for a sequence flow, no edge for a message flow."""
    plane = root.find(f".//{_q('bpmndi', 'BPMNPlane')}")
    assert plane is not None
    for di in list(plane):
        if di.get("bpmnElement") in {"c_grade", "mf_report"} or (
                di.tag == _q("bpmndi", "BPMNEdge")
                and di.get("bpmnElement") == _first_flow(root)):
            plane.remove(di)


def _first_flow(root: etree._Element) -> str:
    flow = root.find(f".//{_q('bpmn', 'sequenceFlow')}")
    assert flow is not None
    return flow.get("id", "")


def _outside_lane(root: etree._Element) -> None:
    """The officer's timer drawn in the control-room lane (same pool, free space)."""
    lane, timer = _bounds(root, "l_control"), _bounds(root, "o_review")
    timer.set("y", str(int(lane.get("y", "0")) + 2))


def _lint(root: etree._Element) -> None:
    """A task with no name and no flows: bpmnlint label-required and no-disconnected."""
    proc = root.find(f".//{_q('bpmn', 'process')}[@id='proc_p_police']")
    assert proc is not None
    etree.SubElement(proc, _q("bpmn", "task"), id="t_orphan")


def _unresolved(root: etree._Element) -> None:
    """A sequence flow whose target is a typo: an import warning in every reader."""
    flow = root.find(f".//{_q('bpmn', 'sequenceFlow')}[@targetRef='o_end']")
    assert flow is not None
    flow.set("targetRef", "o_end_typo")


BROKEN: dict[str, Callable[[etree._Element], None]] = {
    "external_tools_overlap.bpmn": _overlap,
    "external_tools_missing_di.bpmn": _missing_di,
    "external_tools_outside_lane.bpmn": _outside_lane,
    "external_tools_lint.bpmn": _lint,
    "external_tools_unresolved.bpmn": _unresolved,
}


def main() -> None:
    sample = build_sample()
    sample.write(SAMPLE)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for name, breaker in BROKEN.items():
        root = etree.fromstring(SAMPLE.read_bytes(), parser)
        breaker(root)
        (DATA / "invalid" / name).write_bytes(
            etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        print(DATA / "invalid" / name)
    print(SAMPLE)


if __name__ == "__main__":
    main()
