"""The condition language: parsing, evaluation and satisfiability, with generated expressions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.conditions import ConditionError, evaluate, parse_condition, satisfiable
from models.durations import parse_duration

RISKS = ["absent", "no_apparent_risk", "low", "medium", "high"]
DOMAINS = {"risk": RISKS, "looked_after": [False, True], "age": ("int", 0, 17)}

atoms = st.one_of(
    st.sampled_from(RISKS).map(lambda r: (f'risk == "{r}"', lambda e, r=r: e["risk"] == r)),
    st.just(("looked_after", lambda e: e["looked_after"])),
    st.integers(0, 18).map(lambda n: (f"age < {n}", lambda e, n=n: e["age"] < n)),
    st.lists(st.sampled_from(RISKS), min_size=1, max_size=3).map(
        lambda rs: ("risk in [" + ", ".join(f'"{r}"' for r in rs) + "]",
                    lambda e, rs=rs: e["risk"] in rs)),
)


def _combine(children):
    def both(pair, op):
        (ta, fa), (tb, fb) = pair
        if op == "and":
            return f"({ta} and {tb})", lambda e: fa(e) and fb(e)
        return f"({ta} or {tb})", lambda e: fa(e) or fb(e)

    return st.one_of(
        st.tuples(children, children).map(lambda p: both(p, "and")),
        st.tuples(children, children).map(lambda p: both(p, "or")),
        children.map(lambda c: (f"not {c[0]}", lambda e, f=c[1]: not f(e))),
    )


expressions = st.recursive(atoms, _combine, max_leaves=6)
children = st.fixed_dictionaries({"risk": st.sampled_from(RISKS), "looked_after": st.booleans(),
                                  "age": st.integers(0, 17)})


@given(expressions, children)
def test_parsed_condition_means_what_it_says(expr, child) -> None:
    text, meaning = expr
    assert evaluate(parse_condition(text), child) == meaning(child)


@given(expressions)
def test_satisfiable_iff_some_child_makes_it_true(expr) -> None:
    text, meaning = expr
    every_child = [{"risk": r, "looked_after": la, "age": a}
                   for r in RISKS for la in (False, True) for a in range(18)]
    assert satisfiable(parse_condition(text), DOMAINS) == any(meaning(c) for c in every_child)


def test_episode_window_rule() -> None:
    tree = parse_condition('episodes_in("P30D") >= 3')
    assert evaluate(tree, {}, {"episodes_in": lambda w: 3}) is True
    assert evaluate(tree, {}, {"episodes_in": lambda w: 2}) is False
    assert satisfiable(tree, DOMAINS)
    assert not satisfiable(parse_condition("age > 17 and age < 3"), DOMAINS)


@pytest.mark.parametrize("text", ["risk ==", "risk = 'high'", "risk; 1",
                                  "(risk == 'high'", "episodes_in(30) > 1"])
def test_bad_conditions_are_refused(text) -> None:
    with pytest.raises(ConditionError):
        parse_condition(text)


@given(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99))
def test_duration_parts(days, hours, minutes) -> None:
    d = parse_duration(f"P{days}DT{hours}H{minutes}M")
    assert d.days == days
    assert d.nominal_hours == pytest.approx(days * 24 + hours + minutes / 60)


@pytest.mark.parametrize("text", ["72 hours", "P", "PT", "P3", "PT72", "3D", ""])
def test_bad_durations_are_refused(text) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_duration(text)


def test_unknown_functions_are_never_called() -> None:
    tree = parse_condition("__import__('os')")
    with pytest.raises(ConditionError, match="unknown function"):
        evaluate(tree, {})
