"""The combined model for a looked-after child of one authority placed in another.

The verdicts pinned here were checked by hand against the documents: Somerset's return home
interview starts from a police referral ("The police will refer to Somerset Direct who will contact
the Preventing Missing and Exploitation team (PMEX) to arrange the Return Home Interview",
Somerset, Returning children and follow up interviews), which the Metropolitan Police of
Lambeth's protocol do not send to another authority (Lambeth §3.6, §6: MERLIN goes to Lambeth's
own social care); Derby and Derbyshire's social care starts from the notice Lambeth's social care
sends the responsible authority for a child placed in Lambeth (Lambeth §13).
"""

from __future__ import annotations

import dataclasses

import pytest

from models import load_all, verify_model
from models.analyses.composition import HOST_PREFIX, RESPONSIBLE_PREFIX, compose, verify_composition
from models.analyses.gaps import gaps
from models.checks.structure import dangling_references
from simulation.commands.cli import main

PAIRS = [(a, b) for a in ("lambeth", "derby_derbyshire", "childrens_home", "somerset",
                          "darlington")
         for b in ("lambeth", "derby_derbyshire", "childrens_home", "somerset", "darlington")
         if a != b]


@pytest.fixture(scope="module")
def models():
    return load_all()


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_every_combined_model_is_well_formed(models, a, b):
    c = compose(models[a], models[b])
    m = c.model
    assert list(dangling_references(m)) == []
    for el in m.elements.values():
        side, original = c.origin(el.id)
        assert side in ("responsible", "host", "link")
        source = models[a] if side == "responsible" else models[b]
        if side in ("responsible", "host") and original in source.elements:
            # every element keeps its own document's citation
            assert el.citations == source.elements[original].citations
    # A's police and placement pools are B's for this child; the child's return comes from B
    assert not any(p.startswith(RESPONSIBLE_PREFIX + "p_police") for p in m.participants)
    boxes = [p for p in m.participants.values() if not p.process]
    assert [p.id.startswith(HOST_PREFIX) for p in boxes] == [True]


@pytest.mark.parametrize(("a", "b"), [("derby_derbyshire", "darlington"),
                                      ("somerset", "darlington"),
                                      ("childrens_home", "darlington"),
                                      ("derby_derbyshire", "childrens_home")])
def test_side_by_side_verdict_equals_exploring_the_whole_combined_model(models, a, b):
    c = compose(models[a], models[b])
    whole = verify_model(c.model, state_limit=400_000)
    assert whole.properties["explored_completely"]
    split = verify_composition(c)
    assert split.ok == whole.ok
    assert split.properties["dead_activities"] == sorted(whole.properties["dead_activities"])
    assert split.properties["option_to_complete"] == whole.properties["option_to_complete"]
    assert split.ids("dead_activity") == whole.ids("dead_activity")


def test_derby_child_placed_in_lambeth_passes_through_lambeths_notice(models):
    c = compose(models["derby_derbyshire"], models["lambeth"])
    # the carers' call to the social worker goes to the same start: not linked twice
    assert [(lk.source, lk.target) for lk in c.links] == [("h_la_oa_notify", "r_s_la")]
    assert verify_composition(c).ok
    # Lambeth's own Barnardos interview is not done for Derby's child: a pass-through
    assert c.model.elements["h_rhi_interview"].kind == "intermediateThrowEvent"
    assert "h_rhi_interview" in c.not_owned
    # Derby's own interview is kept, with its 72-hour deadline
    assert any(d.duty == "return_interview" for e in c.model.elements.values()
               if e.id.startswith(RESPONSIBLE_PREFIX) for d in e.deadlines)


def test_without_the_hosts_notice_the_responsible_side_is_dead(models):
    """Editing the host's model changes the verdict: a model is data."""
    lam = models["lambeth"]
    changed = dict(lam.elements)
    for el_id in ("la_oa_notify", "c_ua_notify", "c_inform"):  # the notice, the carers' calls
        el = lam.elements[el_id]
        assert el.task is not None
        changed[el_id] = dataclasses.replace(
            el, name="Record it", task=dataclasses.replace(el.task, duty="record_episode"),
            notices=())
    silent = dataclasses.replace(lam, elements=changed, flows={
        k: dataclasses.replace(f, notices=()) for k, f in lam.flows.items()})
    c = compose(models["derby_derbyshire"], silent)
    assert c.links == ()
    assert "r_s_la" in c.unlinked
    r = verify_composition(c)
    assert not r.ok and "r_s_la" in r.ids("dead_activity")
    report = gaps(models["derby_derbyshire"], silent)
    assert report.composed_verified is False
    waits = silent.label_of("la_oa_notify")
    assert any("Notification received (police COMPACT, or carer)" in line
               for line in report.combined), (waits, report.combined)


def test_somerset_child_placed_in_lambeth_loses_its_return_interview(models):
    """Somerset's interview route starts from its own police's referral ("The police will
    refer to Somerset Direct ... to arrange the Return Home Interview"); Lambeth's police send
    none to Somerset, and Lambeth as host (12.10) gives nobody an interview: unowned."""
    report = gaps(models["somerset"], models["lambeth"])
    assert report.composed_verified is False
    assert any("'Police referral for RHI' waits for a message from its police" in line
               for line in report.combined)
    found = [f for f in report.findings if f.kind == "unowned_duty"]
    assert [f.topic for f in found] == ["return_interview"]
    f = found[0]
    assert "pm_rhi" in f.detail["dead"]  # type: ignore[operator]
    assert f.responsible.document == "003_5b004b400d0de97a.txt" and not f.responsible.silent
    assert f.host.authority == "Lambeth" and f.host.silent


def test_darlington_child_waits_for_a_closure_notice_no_host_police_sends(models):
    """Darlington §5.3: the police send the closure notice and VC form to CAP, which starts
    the return interview (§7.8-7.9); Derbyshire Constabulary send theirs to Derby or
    Derbyshire, not to Darlington. The combined model says so; the interview is still
    Darlington's by its text (§7.9: for a child placed outside the Durham force area the
    coordinator arranges an independent person), so it is not an unowned duty."""
    report = gaps(models["darlington"], models["derby_derbyshire"])
    assert any("'Closure notice and VC form received; screened by CAP' waits" in line
               for line in report.combined)
    assert not report.of_kind("unowned_duty")


def test_verify_cli_checks_combined_models(capsys):
    assert main(["verify", "--placed", "derby_derbyshire:lambeth"]) == 0
    assert "PASS derby_derbyshire_placed_in_lambeth" in capsys.readouterr().out
    assert main(["verify", "--placed", "somerset:lambeth"]) == 1
    out = capsys.readouterr().out
    assert "FAIL somerset_placed_in_lambeth" in out and "r_la_ref" in out
    assert main(["verify", "--placed", "somerset"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--placed" in err
