"""The condition language: parsing, evaluation and satisfiability, with generated expressions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.data.conditions import (
    ConditionError,
    ConditionSpace,
    Const,
    evaluate,
    format_condition,
    integer_variable,
    parse_condition,
    satisfiable,
    simplify,
    type_errors,
)
from models.data.durations import parse_duration

RISKS = ["absent", "no_apparent_risk", "low", "medium", "high"]
DOMAINS = {"risk": RISKS, "looked_after": [False, True], "age": ("int", 0, 17)}

atoms = st.one_of(
    st.sampled_from(RISKS).map(lambda r: (f'risk == "{r}"', lambda e, r=r: e["risk"] == r)),
    st.just(("looked_after", lambda e: e["looked_after"])),
    st.integers(0, 18).map(lambda n: (f"age < {n}", lambda e, n=n: e["age"] < n)),
    st.lists(st.sampled_from(RISKS), min_size=1, max_size=3).map(
        lambda rs: ("risk in [" + ", ".join(f'"{r}"' for r in rs) + "]",
                    lambda e, rs=rs: e["risk"] in rs)),
    st.lists(st.integers(-2, 20), min_size=1, max_size=5).map(
        lambda ns: ("age in [" + ", ".join(str(n) for n in ns) + "]",
                    lambda e, ns=ns: e["age"] in ns)),
    st.tuples(st.sampled_from(["==", "!=", "<=", ">=", ">"]), st.integers(-1, 18)).map(
        lambda p: (f"age {p[0]} {p[1]}", lambda e, p=p: {
            "==": e["age"] == p[1], "!=": e["age"] != p[1], "<=": e["age"] <= p[1],
            ">=": e["age"] >= p[1], ">": e["age"] > p[1]}[p[0]])),
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


EVERY_CHILD = [{"risk": r, "looked_after": la, "age": a}
               for r in RISKS for la in (False, True) for a in range(18)]


@given(expressions)
def test_simplified_condition_holds_for_the_same_children(expr) -> None:
    text, meaning = expr
    short = simplify(parse_condition(text), DOMAINS)
    written = format_condition(short)
    again = parse_condition(written)  # the simplified text is in the language
    for child in EVERY_CHILD:
        assert bool(evaluate(again, child)) == bool(meaning(child)), (text, written, child)
    assert isinstance(short, Const) == (len({bool(meaning(c)) for c in EVERY_CHILD}) == 1)


@given(expressions)
def test_format_condition_reads_back_as_the_same_condition(expr) -> None:
    text, meaning = expr
    written = format_condition(parse_condition(text))
    again = parse_condition(written)
    assert format_condition(again) == written  # nested "and"s and "or"s read flat
    for child in EVERY_CHILD:
        assert bool(evaluate(again, child)) == bool(meaning(child)), (text, written, child)


@pytest.mark.parametrize(("text", "expected"), [
    ("age in [12, 13, 14, 15]", "age >= 12 and age < 16"),
    ('looked_after and risk == "high" or looked_after and risk == "low"',
     'looked_after and risk in ["low", "high"]'),
    ("looked_after or not looked_after", "true"),
    ("age > 17 and age < 3", "false"),
    ('not looked_after and (risk == "high" or age >= 10) or looked_after and age >= 10',
     'age >= 10 or not looked_after and risk == "high"'),
])
def test_simplify_by_hand(text, expected) -> None:
    assert format_condition(simplify(parse_condition(text), DOMAINS)) == expected


def test_integer_lists_are_satisfiable() -> None:
    assert satisfiable(parse_condition("age in [12, 13, 14, 15]"), DOMAINS)
    assert not satisfiable(parse_condition("age in [18, 19]"), DOMAINS)
    assert not satisfiable(parse_condition("age in [12, 13] and age > 13"), DOMAINS)


def test_growing_and_forgetting_a_variable() -> None:
    tree = parse_condition("age < 10")
    age = integer_variable(parse_condition("age"), 0, 17, [tree, parse_condition("age >= 12")])
    space = ConditionSpace([age])
    under_ten = space.mask(tree)
    grown = space.grow(under_ten, 0)  # the hours (here: an age) may since have grown: any value
    assert grown == space.full and space.forget(under_ten, 0) == space.full
    assert space.grow(space.mask(parse_condition("age >= 12")), 0) == space.mask(
        parse_condition("age >= 12"))
    assert space.example(under_ten) == {"age": 0}


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_with_a_condition_error(text) -> None:
    try:
        tree = parse_condition(text)
    except ConditionError:
        return
    assert parse_condition(format_condition(tree)) is not None


def test_comparisons_that_fail_for_some_child_are_found() -> None:
    assert type_errors(parse_condition('not (risk > 3)'), DOMAINS)
    assert type_errors(parse_condition('age == "ten" or looked_after'), DOMAINS) == []
    assert type_errors(parse_condition('age in [12, 13] and risk != "high"'), DOMAINS) == []


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


@given(st.integers(min_value=0), st.sets(st.integers(0, 16), min_size=2, max_size=5))
def test_forgetting_several_variables_at_once_in_a_large_space(seed, chosen) -> None:
    """Above 2**16 combinations `forget_all` goes through a numpy grid: same answer as one
    variable at a time with integer operations."""
    import random

    from models.data.conditions import Name, Variable

    space = ConditionSpace([Variable(f"b{i}", Name(f"b{i}"), (False, True)) for i in range(17)])
    assert space.size >= 1 << 16
    mask = random.Random(seed).getrandbits(space.size)  # noqa: S311 - test data
    one_by_one = mask
    for var in chosen:
        one_by_one = space.forget(one_by_one, var)
    assert space.forget_all(mask, chosen) == one_by_one
