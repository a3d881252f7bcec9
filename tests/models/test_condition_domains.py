"""One function decides which values a condition's names can take (`condition_domains`): the
catalogue's attributes, a chance gateway's outcomes for ``decision``, and no domain at all for an
unknown attribute."""

from __future__ import annotations

from models.data.catalogue import catalogue
from models.data.conditions import (
    OTHER,
    condition_domains,
    decision_outcomes,
    parse_condition,
    satisfiable,
    unknown_attributes,
)


def test_attributes_take_the_catalogue_domains() -> None:
    attributes = catalogue().domains()
    tree = parse_condition("looked_after and risk == 'high'")
    domains = condition_domains(tree, attributes)
    assert domains is not None
    assert domains["looked_after"] == [False, True]
    assert domains["risk"] == attributes["risk"]


def test_decision_takes_the_outcomes_named_and_one_other() -> None:
    tree = parse_condition('decision == "accepted" or "refer" == decision')
    assert decision_outcomes(tree) == ["refer", "accepted"]
    domains = condition_domains(tree, {})
    assert domains is not None
    assert sorted(domains["decision"]) == sorted(["accepted", "refer", OTHER])
    # a branch that names no outcome the condition names can still be taken
    negated = parse_condition('not (decision == "accepted")')
    negated_domains = condition_domains(negated, {})
    assert negated_domains is not None and satisfiable(negated, negated_domains)
    given = condition_domains(tree, {}, ["accepted"])
    assert given is not None and given["decision"] == ["accepted"]


def test_an_unknown_attribute_has_no_domain() -> None:
    tree = parse_condition("colour == 'red' and looked_after")
    assert unknown_attributes(tree, catalogue().domains()) == ["colour"]
    assert condition_domains(tree, catalogue().domains()) is None
    assert unknown_attributes(parse_condition('decision == "x"'), {}) == []
