"""Write the fixtures of the verifier checks in ``tests/models/test_verify_fixtures.py``.

Run from the repository top after changing this script (or ``models/data/authoring.py``)::

    .venv/bin/python tests/data/make_verifier_fixtures.py

It writes

* ``tests/data/invalid/verify_split_uncovered.bpmn``: the police grade the risk and split on
  ``risk == "high"`` and ``age >= 10`` with no default (the default flow replaced by a
  condition that holds only from age 10): a child under 10 not at high risk takes no branch;
* ``tests/data/valid/verify_branch_never_taken.bpmn``: the carer reports only a looked-after
  child (a guard in the carer's pool); the police, across the message flow, split on
  ``not looked_after``: no child takes that branch (a warning);
* ``tests/data/valid/verify_integer_list.bpmn``: a split on ``age in [12, 13, 14, 15]`` and
  ``not age in [12, 13, 14, 15]`` with no default: every child takes a branch, and the list
  condition can be true;
* ``tests/data/valid/verify_concurrent.bpmn``: a sound model with four parallel branches, to be
  explored with a state limit too small for it (inconclusive, not "can get stuck").
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make ``models`` importable
    sys.path.insert(0, str(ROOT))

from models.data.authoring import LaneBuilder, ModelBuilder, cite  # noqa: E402

DATA = Path(__file__).resolve().parent
C = cite("1", "fixture")
TIME = ("ConstantParameter", "PT1H")


def _police(name: str, *, always_report: bool = True
            ) -> tuple[ModelBuilder, LaneBuilder, LaneBuilder]:
    """A carer reports (``always_report``: for every child; else the caller adds the flows
    from the start); the police grade the risk, then (added by the caller) split."""
    b = ModelBuilder(name, authority="Fixture", document="fixture.txt")
    b.black_box("p_child", "Child", citation=C)
    carer = b.pool("p_home", "Home", citation=C).lane("l_carer", "Carer", role="carer",
                                                      citation=C)
    carer.start("s", "Child not where expected", citation=C)
    carer.task("t_report", "Report to police", kind="sendTask", duty="report_missing",
               time=TIME, citation=C)
    carer.end("e", "Reported", citation=C)
    b.chain("t_report", "e")
    if always_report:
        b.chain("s", "t_report")
    cr = b.pool("p_police", "Police", citation=C).lane("l_cr", "Control room",
                                                       role="police_control_room", citation=C)
    cr.start("ps", "Report received", event="message", citation=C)
    cr.task("t_grade", "Grade risk", duty="police_risk_assessment", time=TIME, citation=C)
    cr.gateway("g_split", "Which response?", citation=C)
    cr.task("t_a", "Response A", duty="police_investigation", time=TIME, citation=C)
    cr.task("t_b", "Response B", duty="police_investigation", time=TIME, citation=C)
    cr.gateway("g_merge", "Merge", citation=C)
    cr.catch("c_found", "Child found", citation=C)
    cr.end("pe", "Closed", citation=C)
    b.chain("ps", "t_grade", "g_split")
    b.chain("t_a", "g_merge")
    b.chain("t_b", "g_merge", "c_found", "pe")
    b.message("t_report", "ps", "report", citation=C)
    b.message("p_child", "c_found", "returns", citation=C)
    return b, carer, cr


def split_uncovered() -> ModelBuilder:
    b, _, _ = _police("verify_split_uncovered")
    b.flow("g_split", "t_a", condition='risk == "high"', name="high risk", flow_id="f_high")
    b.flow("g_split", "t_b", condition="age >= 10", name="aged 10 or more", flow_id="f_ten")
    return b


def branch_never_taken() -> ModelBuilder:
    b, carer, _ = _police("verify_branch_never_taken", always_report=False)
    carer.gateway("g_who", "Looked after?", citation=C)
    carer.end("e_not", "Parents deal with it", citation=C)
    b.chain("s", "g_who")
    b.flow("g_who", "t_report", condition="looked_after", name="looked after")
    b.flow("g_who", "e_not", default=True, name="not looked after")
    b.flow("g_split", "t_a", condition="not looked_after", name="not looked after",
           flow_id="f_never")
    b.flow("g_split", "t_b", default=True, name="otherwise")
    return b


def integer_list() -> ModelBuilder:
    b, _, _ = _police("verify_integer_list")
    b.flow("g_split", "t_a", condition="age in [12, 13, 14, 15]", name="12 to 15",
           flow_id="f_list")
    b.flow("g_split", "t_b", condition="not age in [12, 13, 14, 15]", name="other ages",
           flow_id="f_rest")
    return b


def concurrent() -> ModelBuilder:
    b, _, cr = _police("verify_concurrent")
    b.flow("g_split", "t_a", condition='risk == "high"', name="high risk")
    b.flow("g_split", "t_b", default=True, name="otherwise")
    b.flows = [f for f in b.flows if not (f.source == "g_merge" and f.target == "c_found")]
    cr.gateway("g_fork", "Everyone at once", kind="parallel", citation=C)
    cr.gateway("g_join", "All done", kind="parallel", citation=C)
    b.chain("g_merge", "g_fork")
    for i in range(4):
        cr.task(f"t_p{i}", f"Parallel task {i}", duty="police_investigation", time=TIME,
                citation=C)
        b.chain("g_fork", f"t_p{i}", "g_join")
    b.chain("g_join", "c_found")
    return b


def main() -> None:
    for folder, build in (("invalid", split_uncovered), ("valid", branch_never_taken),
                          ("valid", integer_list),
                          ("valid", concurrent)):
        b = build()
        path = DATA / folder / f"{b.name}.bpmn"
        path.write_text(b.to_xml(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
