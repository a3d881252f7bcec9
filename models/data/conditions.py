"""The gateway and event condition language: parsed once to a tree, evaluated without ``eval``.

Grammar (see models/README.md)::

    expr    := disj
    disj    := conj ("or" conj)*
    conj    := neg ("and" neg)*
    neg     := "not" neg | compare
    compare := value [op value]          op: == != < <= > >= in
    value   := NAME | NAME "(" STRING ")" | STRING | NUMBER | true | false
               | "[" value ("," value)* "]" | "(" expr ")"

>>> tree = parse_condition('risk in ["medium", "high"] and not looked_after')
>>> evaluate(tree, {"risk": "high", "looked_after": False})
True
>>> sorted(names(tree))
['looked_after', 'risk']
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "DECISION",
    "OTHER",
    "And",
    "Call",
    "Compare",
    "Condition",
    "ConditionError",
    "ConditionSpace",
    "Const",
    "ListOf",
    "Name",
    "Not",
    "Or",
    "Variable",
    "calls",
    "compile_condition",
    "condition_domains",
    "decision_outcomes",
    "difference",
    "evaluate",
    "format_condition",
    "integer_variable",
    "names",
    "parse_condition",
    "satisfiable",
    "simplify",
    "space_for",
    "type_errors",
    "unknown_attributes",
]


class ConditionError(ValueError):
    """The text is not in the condition language; the message says where."""


@dataclass(frozen=True, slots=True)
class Const:
    value: Any


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    arg: str


@dataclass(frozen=True, slots=True)
class ListOf:
    items: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True, slots=True)
class Not:
    operand: Any


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Any, ...]


Node = Const | Name | Call | ListOf | Compare | Not | And | Or

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>\"[^\"]*\"|'[^']*')|(?P<op>==|!=|<=|>=|<|>)"
    r"|(?P<punct>[()\[\],])|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionError(f"unexpected character {text[pos:].strip()[:1]!r} at column "
                                 f"{pos + 1} in condition {text!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        column = m.start(kind) + 1
        if kind == "name" and value in _KEYWORDS:
            kind = value
        out.append((kind, value, column))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        if self.i >= len(self.toks):
            return None
        kind, text, _col = self.toks[self.i]
        return text if kind == "punct" else kind

    def take(self, kind: str | None = None) -> tuple[str, str, int]:
        if self.i >= len(self.toks):
            raise ConditionError(f"condition {self.text!r} ends too early")
        tok = self.toks[self.i]
        if kind and tok[0] != kind and tok[1] != kind:
            raise ConditionError(f"expected {kind!r} at column {tok[2]} in condition "
                                 f"{self.text!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def disj(self) -> Node:
        parts = [self.conj()]
        while self.peek() == "or":
            self.take()
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def conj(self) -> Node:
        parts = [self.neg()]
        while self.peek() == "and":
            self.take()
            parts.append(self.neg())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def neg(self) -> Node:
        if self.peek() == "not":
            self.take()
            return Not(self.neg())
        return self.compare()

    def compare(self) -> Node:
        left = self.value()
        if self.peek() in ("op", "in"):
            op = self.take()[1]
            return Compare(op, left, self.value())
        return left

    def value(self) -> Node:
        kind, text, col = self.take()
        if kind == "num":
            return Const(float(text) if "." in text else int(text))
        if kind == "str":
            return Const(text[1:-1])
        if kind in ("true", "false"):
            return Const(kind == "true")
        if kind == "name":
            if self.peek() == "(":
                self.take("(")
                arg = self.take("str")[1][1:-1]
                self.take(")")
                return Call(text, arg)
            return Name(text)
        if text == "(":
            inner = self.disj()
            self.take(")")
            return inner
        if text == "[":
            items = [self.value()]
            while self.peek() == ",":
                self.take()
                items.append(self.value())
            self.take("]")
            return ListOf(tuple(items))
        raise ConditionError(f"unexpected {text!r} at column {col} in condition {self.text!r}")


def parse_condition(text: str) -> Node:
    """Parse condition text; raises ConditionError saying where it goes wrong."""
    if not text or not text.strip():
        raise ConditionError("empty condition")
    p = _Parser(text)
    tree = p.disj()
    if p.i != len(p.toks):
        tok = p.toks[p.i]
        raise ConditionError(f"unexpected {tok[1]!r} at column {tok[2]} in condition {text!r}")
    return tree


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in _children(node):
        yield from _walk(child)


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Compare):
        return (node.left, node.right)
    if isinstance(node, Not):
        return (node.operand,)
    if isinstance(node, And | Or):
        return node.operands
    if isinstance(node, ListOf):
        return node.items
    return ()


def names(node: Node) -> set[str]:
    """The attribute names a condition reads."""
    return {n.name for n in _walk(node) if isinstance(n, Name)}


def calls(node: Node) -> list[Call]:
    """The function calls in a condition, such as ``episodes_in("P30D")``."""
    return [n for n in _walk(node) if isinstance(n, Call)]


def evaluate(node: Node, env: Mapping[str, Any],
             functions: Mapping[str, Callable[[str], Any]] | None = None) -> Any:
    """Value of the condition for the attributes in ``env``; a missing name is an error."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Name):
        if node.name not in env:
            raise ConditionError(f"condition reads unknown attribute {node.name!r}")
        return env[node.name]
    if isinstance(node, Call):
        if not functions or node.name not in functions:
            raise ConditionError(f"condition calls unknown function {node.name!r}")
        return functions[node.name](node.arg)
    if isinstance(node, ListOf):
        return [evaluate(i, env, functions) for i in node.items]
    if isinstance(node, Not):
        return not evaluate(node.operand, env, functions)
    if isinstance(node, And):
        return all(evaluate(o, env, functions) for o in node.operands)
    if isinstance(node, Or):
        return any(evaluate(o, env, functions) for o in node.operands)
    left, right = evaluate(node.left, env, functions), evaluate(node.right, env, functions)
    try:
        return _OPS[node.op](left, right)
    except TypeError as exc:
        raise ConditionError(f"cannot compare {left!r} {node.op} {right!r}") from exc


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
}


Condition = Callable[[Mapping[str, Any], Mapping[str, Callable[[str], Any]]], Any]


def compile_condition(node: Node) -> Condition:
    """``node`` as a function of (attributes, functions) with the value and errors of
    `models.data.conditions.evaluate`, without its dispatch on the node's type at every step."""
    if isinstance(node, Const):
        value = node.value
        return lambda env, fns: value
    if isinstance(node, Name):
        name = node.name

        def read(env: Mapping[str, Any], fns: Mapping[str, Callable[[str], Any]]) -> Any:
            try:
                return env[name]
            except KeyError:
                raise ConditionError(f"condition reads unknown attribute {name!r}") from None
        return read
    if isinstance(node, Call):
        fname, arg = node.name, node.arg

        def call(env: Mapping[str, Any], fns: Mapping[str, Callable[[str], Any]]) -> Any:
            if not fns or fname not in fns:
                raise ConditionError(f"condition calls unknown function {fname!r}")
            return fns[fname](arg)
        return call
    if isinstance(node, ListOf):
        items = [compile_condition(i) for i in node.items]
        return lambda env, fns: [f(env, fns) for f in items]
    if isinstance(node, Not):
        operand = compile_condition(node.operand)
        return lambda env, fns: not operand(env, fns)
    if isinstance(node, And | Or):
        parts = tuple(compile_condition(o) for o in node.operands)
        if len(parts) == 2:
            first, second = parts
            if isinstance(node, And):
                return lambda env, fns: bool(first(env, fns) and second(env, fns))
            return lambda env, fns: bool(first(env, fns) or second(env, fns))
        if isinstance(node, And):
            return lambda env, fns: all(f(env, fns) for f in parts)
        return lambda env, fns: any(f(env, fns) for f in parts)
    op_text = node.op
    op = _OPS[op_text]
    left, right = compile_condition(node.left), compile_condition(node.right)
    if isinstance(node.right, Const | ListOf) and all(
            isinstance(i, Const) for i in getattr(node.right, "items", (node.right,))):
        # a constant right-hand side (a value, or a list of values): worked out once
        fixed = right({}, {})

        def compare_fixed(env: Mapping[str, Any],
                          fns: Mapping[str, Callable[[str], Any]]) -> Any:
            a = left(env, fns)
            try:
                return op(a, fixed)
            except TypeError as exc:
                raise ConditionError(f"cannot compare {a!r} {op_text} {fixed!r}") from exc
        return compare_fixed

    def compare(env: Mapping[str, Any], fns: Mapping[str, Callable[[str], Any]]) -> Any:
        a, b = left(env, fns), right(env, fns)
        try:
            return op(a, b)
        except TypeError as exc:
            raise ConditionError(f"cannot compare {a!r} {op_text} {b!r}") from exc
    return compare


def _lookup(values: Mapping[str, Any], name: str, arg: str) -> Any:
    return values[name + "(" + arg + ")"]


def satisfiable(node: Node, domains: Mapping[str, Any]) -> bool:
    """Whether some assignment of the attributes in their domains makes the condition true.

    ``domains`` maps a name to a list of values, or to ``("int", lo, hi)`` for an integer range;
    a function call such as ``episodes_in("P30D")`` is a free integer from 1 upwards. Exact:
    integers are cut into regions at every constant they are compared with (lists too). A name
    with no domain raises KeyError.
    """
    space = space_for([node], domains)
    return space.mask(node) != 0


# ---------------------------------------------------------------------------------------------
# Sets of children: a condition as the set of attribute values that make it true
# ---------------------------------------------------------------------------------------------

OTHER = "__other__"
"""The value of a chance variable on a gateway's default flow (none of the named outcomes)."""

DECISION = "decision"
"""The name a condition reads for a chance outcome (``decision == "accepted"``): not an
attribute of the child but the draw of the gateway the condition leaves."""


def decision_outcomes(tree: Node) -> list[str]:
    """The outcomes a condition compares ``decision`` with (``decision == "x"``, ``"x" ==
    decision``, ``decision in ["x", "y"]``), in the order met, repeats included."""
    out: list[str] = []
    stack: list[Node] = [tree]
    while stack:
        n = stack.pop()
        if isinstance(n, Compare):
            sides = (n.left, n.right)
            if any(isinstance(s, Name) and s.name == DECISION for s in sides):
                for s in sides:
                    if isinstance(s, Const):
                        out.append(str(s.value))
                    elif isinstance(s, ListOf):
                        out += [str(i.value) for i in s.items if isinstance(i, Const)]
            stack.extend(sides)
        for attr in ("operands", "items"):
            stack.extend(getattr(n, attr, ()))
        if hasattr(n, "operand"):
            stack.append(n.operand)
    return out


def unknown_attributes(tree: Node, attributes: Mapping[str, Any]) -> list[str]:
    """The names a condition reads that have no domain: neither an attribute of ``attributes``
    nor ``decision``; sorted."""
    return sorted(n for n in names(tree) if n not in attributes and n != DECISION)


def condition_domains(tree: Node, attributes: Mapping[str, Any],
                      outcomes: Iterable[str] | None = None) -> dict[str, Any] | None:
    """The values each name a condition reads can take: the one place that decides them.

    An attribute takes its values in ``attributes`` (``Catalogue.domains``, or a narrower
    mapping for one kind of child); ``decision`` takes ``outcomes`` (a chance gateway's
    outcomes), by default the outcomes the condition names and one other (``OTHER``: a
    branch it does not name). None when the condition reads an unknown attribute (see
    ``unknown_attributes``): it has no domain, and ``models.checks.verify`` reports it; each caller
    says what such a condition means for it.
    """
    if unknown_attributes(tree, attributes):
        return None
    domains = dict(attributes)
    domains[DECISION] = (list(outcomes) if outcomes is not None
                         else [*decision_outcomes(tree), OTHER])
    return domains


@dataclass(frozen=True, slots=True)
class Variable:
    """One dimension of a `ConditionSpace`.

    ``key`` is unique in the space (``age``, ``episodes_in("P90D")``, ``decision@gw``);
    ``node`` is how it is written in a condition (a `Name` or a `Call`); ``values`` are the
    values of an enumerated attribute, or for an integer the regions ``(lo, hi)`` that no
    constant compared with it splits; ``ordered`` marks an integer.
    """

    key: str
    node: Name | Call
    values: tuple[Any, ...]
    ordered: bool = False

    def representative(self, index: int) -> Any:
        """A value of the ``index``-th region or value, to evaluate a comparison with."""
        value = self.values[index]
        return value[0] if self.ordered else value


def _split_points(trees: list[Node], key: str) -> set[int]:
    """Integers where a comparison of the attribute or call ``key`` with a constant can flip."""
    points: set[int] = set()

    def add(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        lo, hi = math.floor(value), math.ceil(value)
        points.update({lo, lo + 1, hi, hi + 1})

    for tree in trees:
        for n in _walk(tree):
            if not isinstance(n, Compare):
                continue
            for side, other in ((n.left, n.right), (n.right, n.left)):
                if _key_of(side) != key:
                    continue
                if isinstance(other, Const):
                    add(other.value)
                elif isinstance(other, ListOf):
                    for item in other.items:
                        if isinstance(item, Const):
                            add(item.value)
    return points


def _key_of(node: Node) -> str | None:
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Call):
        return f'{node.name}("{node.arg}")'
    return None


def integer_variable(node: Name | Call, lo: int, hi: int, trees: list[Node],
                     key: str | None = None) -> Variable:
    """An integer attribute (or call) in ``[lo, hi]`` cut into the regions ``trees`` tell apart."""
    k = key or _key_of(node) or ""
    cuts = sorted(p for p in _split_points(trees, _key_of(node) or "") | {lo + 1} if lo < p <= hi)
    bounds = [lo, *cuts, hi + 1]
    regions = tuple((a, b - 1) for a, b in itertools.pairwise(bounds) if a < b)
    return Variable(k, node, regions, ordered=True)


class ConditionSpace:
    """Every combination of the values of some variables, one bit each, in a Python integer.

    A condition becomes a mask (the combinations that make it true); and, or and not are
    bitwise; `simplify` turns a mask back into a short condition. Integers are cut into regions
    at the constants the conditions compare them with, so a mask is exact for those conditions.
    """

    def __init__(self, variables: list[Variable]) -> None:
        self.variables = list(variables)
        self.index = {v.key: i for i, v in enumerate(self.variables)}
        self.strides: list[int] = []
        size = 1
        for v in self.variables:
            self.strides.append(size)
            size *= max(1, len(v.values))
        self.size = size
        self.full = (1 << size) - 1
        self._eq: dict[tuple[int, int], int] = {}
        self._factor_cache: dict[int, list[tuple[tuple[str, ...], Node]]] = {}

    # -- building masks ---------------------------------------------------------------------
    def value_mask(self, var: int, values: Iterable[int]) -> int:
        """The combinations where variable ``var`` takes one of the value indices ``values``."""
        mask = 0
        for value in values:
            key = (var, value)
            if key not in self._eq:
                stride = self.strides[var]
                period = stride * len(self.variables[var].values)
                pattern, length = ((1 << stride) - 1) << (value * stride), period
                while length < self.size:  # repeat the period by doubling
                    pattern |= pattern << length
                    length *= 2
                self._eq[key] = pattern & self.full
            mask |= self._eq[key]
        return mask

    def mask(self, node: Node, rename: Mapping[str, str] | None = None,
             functions: Mapping[str, Callable[[str], Any]] | None = None) -> int:
        """The combinations that make ``node`` true; ``rename`` maps a name to a variable key.

        A comparison that cannot be evaluated (a string against a number) is false. A name
        that is no variable of the space raises KeyError.
        """
        rename = rename or {}
        if isinstance(node, And):
            out = self.full
            for o in node.operands:
                out &= self.mask(o, rename)
            return out
        if isinstance(node, Or):
            out = 0
            for o in node.operands:
                out |= self.mask(o, rename)
            return out
        if isinstance(node, Not):
            return self.full & ~self.mask(node.operand, rename)
        keys = sorted({rename.get(k, k) for k in (_key_of(n) for n in _walk(node)
                                                  if isinstance(n, Name | Call)) if k})
        idx = [self.index[k] for k in keys]  # KeyError: not a variable of the space
        out = 0
        for combo in itertools.product(*(range(len(self.variables[i].values)) for i in idx)):
            env: dict[str, Any] = {}
            fvals: dict[str, Any] = {}
            for i, value in zip(idx, combo, strict=True):
                var = self.variables[i]
                rep = var.representative(value)
                if isinstance(var.node, Call):
                    fvals[var.node.name + "(" + var.node.arg + ")"] = rep
                else:
                    env[var.node.name] = rep
            funcs = {c.name: functools.partial(_lookup, fvals, c.name) for c in calls(node)}
            try:
                truth = bool(evaluate(node, env, funcs))
            except ConditionError:
                truth = False
            if truth:
                part = self.full
                for i, value in zip(idx, combo, strict=True):
                    part &= self.value_mask(i, (value,))
                out |= part
        return out

    # -- operations -------------------------------------------------------------------------
    def forget(self, mask: int, var: int) -> int:
        """Some value of ``var``: the mask with that variable made free (existential)."""
        stride, count = self.strides[var], len(self.variables[var].values)
        base = 0
        for value in range(count):
            base |= (mask & self.value_mask(var, (value,))) >> (value * stride)
        out = 0
        for value in range(count):
            out |= base << (value * stride)
        return out

    def grow(self, mask: int, var: int) -> int:
        """The value of the ordered ``var`` may since have grown (upward closure)."""
        stride, count = self.strides[var], len(self.variables[var].values)
        running, out = 0, 0
        for value in range(count):
            running |= (mask & self.value_mask(var, (value,))) >> (value * stride)
            out |= running << (value * stride)
        return out

    def depends(self, mask: int, var: int) -> bool:
        """Whether the mask tells apart two values of ``var``."""
        return self.forget(mask, var) != mask

    def example(self, mask: int, among: Iterable[int] | None = None) -> dict[str, Any] | None:
        """One combination in the mask: a value (an integer: its lowest) per variable of
        ``among`` (default: every variable); None when the mask is empty."""
        if not mask:
            return None
        bit = (mask & -mask).bit_length() - 1
        out: dict[str, Any] = {}
        chosen = range(len(self.variables)) if among is None else among
        for i in chosen:
            var = self.variables[i]
            value = (bit // self.strides[i]) % len(var.values)
            out[var.key] = var.representative(value)
        return out

    # -- back to a condition ----------------------------------------------------------------
    def simplify(self, mask: int) -> Node:
        """A short condition with exactly the combinations of ``mask``: `Const` True or False,
        else the conjunction of its independent factors (`factors`), each a sum of products
        with the literals common to all its products taken out."""
        parts = [node for _keys, node in self.factors(mask)]
        parts.sort(key=lambda n: isinstance(n, Or))  # plain literals first
        if not parts:
            return Const(bool(mask & self.full))
        return _conj(parts)

    def factors(self, mask: int) -> list[tuple[tuple[str, ...], Node]]:
        """``mask`` as a conjunction of conditions over disjoint sets of variables, each with
        the keys of its variables, smallest sets first found in variable order; empty for a
        mask that holds for all combinations or for none."""
        mask &= self.full
        if mask in (0, self.full):
            return []
        if mask in self._factor_cache:
            return self._factor_cache[mask]
        grid = self._grid(mask)
        axes = list(reversed(range(len(self.variables))))  # the variable of each axis
        for var in sorted(range(len(self.variables)),
                          key=lambda i: -len(self.variables[i].values)):
            axis = axes.index(var)
            if grid.shape[axis] > 1 and bool(np.diff(grid, axis=axis).any()):
                continue  # the mask depends on it
            grid = grid.take(0, axis=axis)  # it does not: drop the axis, the grid shrinks
            axes.pop(axis)
        support = sorted(axes)
        sub = ConditionSpace([self.variables[i] for i in support])
        picked = grid  # axes in descending variable order, as a grid of the sub-space
        small = self._from_bits(np.ravel(picked))
        out = [(tuple(sub.variables[j].key for j in group), sub._sum_of_products(part))
               for group, part in sub._split(small)]
        self._factor_cache[mask] = out
        return out

    def _forget_all(self, mask: int, variables: Iterable[int]) -> int:
        return self.forget_all(mask, variables)

    def forget_all(self, mask: int, variables: Iterable[int]) -> int:
        """Some value of each of ``variables`` (`forget` for several at once)."""
        chosen = sorted(set(variables))
        if not chosen or not mask:
            return mask
        if len(chosen) == 1 or self.size < 1 << 16:
            for var in chosen:
                mask = self.forget(mask, var)
            return mask
        n = len(self.variables)
        axes = tuple(n - 1 - i for i in chosen)
        grid = self._grid(mask)
        return self._from_bits(np.ravel(np.broadcast_to(grid.any(axis=axes, keepdims=True),
                                                        grid.shape)))

    def _grid(self, mask: int) -> np.ndarray:
        """The mask as booleans, one axis per variable (the last variable first)."""
        octets = np.frombuffer(mask.to_bytes((self.size + 7) // 8, "little"), dtype=np.uint8)
        bits = np.unpackbits(octets, bitorder="little")[: self.size].astype(bool)
        return bits.reshape([len(v.values) for v in reversed(self.variables)] or [1])

    @staticmethod
    def _from_bits(bits: np.ndarray) -> int:
        return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")

    def _split(self, mask: int) -> list[tuple[list[int], int]]:
        """Independent groups of variables (every one the mask depends on) and the mask of
        each: their conjunction is ``mask``."""
        rest = list(range(len(self.variables)))
        out: list[tuple[list[int], int]] = []
        while rest:
            first, others = rest[0], rest[1:]
            group = rest
            for size in range(len(others)):
                found = None
                for combo in itertools.combinations(others, size):
                    trial = [first, *combo]
                    outside = [v for v in rest if v not in trial]
                    if self._forget_all(mask, outside) & self._forget_all(mask, trial) == mask:
                        found = trial
                        break
                if found is not None:
                    group = found
                    break
            outside = [v for v in rest if v not in group]
            out.append((group, self._forget_all(mask, outside)))
            mask = self._forget_all(mask, group)
            rest = outside
        return out

    def _sum_of_products(self, mask: int) -> Node:
        """A cover of ``mask`` by products, the literals common to all of them taken out."""
        sizes = [len(v.values) for v in self.variables]
        on = {p for p in itertools.product(*(range(s) for s in sizes))
              if mask >> sum(v * self.strides[j] for j, v in enumerate(p)) & 1}
        cubes = _cover(on, sizes)
        literals = [[self._literal(j, values) for j, values in enumerate(cube)
                     if len(values) < sizes[j]] for cube in cubes]
        return _factor_out(literals)

    def _literal(self, var: int, values: frozenset[int]) -> Node:
        v = self.variables[var]
        ref: Node = v.node
        if v.ordered:
            return _interval_literal(ref, [v.values[i] for i in sorted(values)], v.values)
        chosen = [v.values[i] for i in sorted(values)]
        others = [x for x in v.values if x not in chosen]
        if set(chosen) <= {False, True} and set(v.values) == {False, True} and len(chosen) == 1:
            return ref if chosen[0] is True else Not(ref)
        if OTHER in chosen:  # the default branch of a chance gateway: none of the others
            return (Compare("!=", ref, Const(others[0])) if len(others) == 1
                    else Not(Compare("in", ref, ListOf(tuple(Const(x) for x in others)))))
        if len(chosen) == 1:
            return Compare("==", ref, Const(chosen[0]))
        if len(others) == 1:
            return Compare("!=", ref, Const(others[0]))
        return Compare("in", ref, ListOf(tuple(Const(x) for x in chosen)))


def _interval_literal(ref: Node, regions: list[tuple[int, int]],
                      every: tuple[Any, ...]) -> Node:
    """Integer regions as comparisons: ``x >= a``, ``x < b``, both, ``x == v`` or ``x in [..]``."""
    lo_all, hi_all = every[0][0], every[-1][1]
    spans: list[list[int]] = []
    for lo, hi in regions:
        if spans and spans[-1][1] == lo - 1:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    if all(lo == hi for lo, hi in spans) and len(spans) > 1:
        return Compare("in", ref, ListOf(tuple(Const(lo) for lo, _hi in spans)))
    parts: list[Node] = []
    for lo, hi in spans:
        if lo == hi:
            parts.append(Compare("==", ref, Const(lo)))
        elif lo == lo_all:
            parts.append(Compare("<", ref, Const(hi + 1)))
        elif hi == hi_all:
            parts.append(Compare(">=", ref, Const(lo)))
        else:
            parts.append(And((Compare(">=", ref, Const(lo)), Compare("<", ref, Const(hi + 1)))))
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def _factor_out(products: list[list[Node]]) -> Node:
    """A sum of products with shared literals taken out, most shared first:
    ``a and b or a and c or d`` becomes ``a and (b or c) or d``."""
    if not products:
        return Const(False)
    if any(not p for p in products):
        return Const(True)
    if len(products) == 1:
        return _conj(products[0])
    counts: dict[Node, int] = {}
    for p in products:
        for lit in p:
            counts[lit] = counts.get(lit, 0) + 1
    best = max(counts, key=lambda lit: counts[lit])  # first in order among the most shared
    if counts[best] < 2:
        return Or(tuple(_conj(p) for p in products))
    inner = _factor_out([[lit for lit in p if lit != best] for p in products if best in p])
    with_best = _conj([best, inner])
    others = [p for p in products if best not in p]
    if not others:
        return with_best
    rest = _factor_out(others)
    terms = [with_best, *(rest.operands if isinstance(rest, Or) else (rest,))]
    return Or(tuple(terms))


def _conj(parts: list[Node]) -> Node:
    flat: list[Node] = []
    for p in parts:
        if p == Const(True):
            continue
        flat.extend(p.operands if isinstance(p, And) else (p,))
    if not flat:
        return Const(True)
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _cover(on: set[tuple[int, ...]], sizes: list[int]) -> list[tuple[frozenset[int], ...]]:
    """A small set of cubes (a value set per variable) whose union is exactly ``on``.

    Greedy: each uncovered point grows into the largest cube inside ``on`` found by widening
    one variable at a time (whole domain first), trying each variable order; cubes that the
    others cover are dropped.
    """

    def inside(cube: tuple[frozenset[int], ...]) -> bool:
        return all(p in on for p in itertools.product(*cube))

    def grow(point: tuple[int, ...], order: tuple[int, ...]) -> tuple[frozenset[int], ...]:
        cube = [frozenset({v}) for v in point]
        for j in order:
            whole = frozenset(range(sizes[j]))
            trial = cube.copy()
            trial[j] = whole
            if inside(tuple(trial)):
                cube = trial
                continue
            for value in range(sizes[j]):
                if value in cube[j]:
                    continue
                trial = cube.copy()
                trial[j] = cube[j] | {value}
                if inside(tuple(trial)):
                    cube = trial
        return tuple(cube)

    n = len(sizes)
    orders = list(itertools.permutations(range(n))) if n <= 4 else \
        [tuple(range(n)), tuple(reversed(range(n)))] + \
        [tuple(range(k, n)) + tuple(range(k)) for k in range(1, n)]
    uncovered = set(on)
    cubes: list[tuple[frozenset[int], ...]] = []
    while uncovered:
        point = min(uncovered)
        best = max((grow(point, o) for o in orders),
                   key=lambda c: (len(set(itertools.product(*c)) & uncovered),
                                  -sum(len(s) < sizes[j] for j, s in enumerate(c))))
        cubes.append(best)
        uncovered -= set(itertools.product(*best))
    # irredundant: drop a cube whose points the others cover
    for cube in list(cubes):
        others = [c for c in cubes if c is not cube]
        covered = set().union(*(set(itertools.product(*c)) for c in others)) if others else set()
        if set(itertools.product(*cube)) <= covered:
            cubes = others
    return cubes


def space_for(trees: list[Node], domains: Mapping[str, Any]) -> ConditionSpace:
    """The space of the names and calls ``trees`` read, with their ``domains`` (a list of
    values, or ``("int", lo, hi)``; a call such as ``episodes_in("P30D")`` is an integer from
    1 to 10 000). A name with no domain raises KeyError."""
    variables: list[Variable] = []
    seen: set[str] = set()
    for tree in trees:
        for n in _walk(tree):
            key = _key_of(n)
            if key is None or key in seen:
                continue
            seen.add(key)
            if isinstance(n, Call):
                variables.append(integer_variable(n, 1, 10_000, trees))
                continue
            assert isinstance(n, Name)
            d = domains[n.name]
            if isinstance(d, tuple):
                variables.append(integer_variable(n, int(d[1]), int(d[2]), trees))
            else:
                variables.append(Variable(n.name, n, tuple(d)))
    return ConditionSpace(variables)


def simplify(node: Node, domains: Mapping[str, Any]) -> Node:
    """A short condition true for exactly the same children as ``node`` (over ``domains``)."""
    space = space_for([node], domains)
    return space.simplify(space.mask(node))


def type_errors(node: Node, domains: Mapping[str, Any]) -> list[str]:
    """Comparisons that fail for some value of their attributes (a string compared with a
    number, ``<`` between strings and numbers): the simulator would stop there."""
    space = space_for([node], domains)
    found: list[str] = []
    for n in _walk(node):
        if not isinstance(n, Compare):
            continue
        keys = sorted({k for k in (_key_of(x) for x in _walk(n) if isinstance(x, Name | Call))
                       if k})
        idx = [space.index[k] for k in keys]
        for combo in itertools.product(*(range(len(space.variables[i].values)) for i in idx)):
            env: dict[str, Any] = {}
            fvals: dict[str, Any] = {}
            for i, value in zip(idx, combo, strict=True):
                var = space.variables[i]
                if isinstance(var.node, Call):
                    fvals[var.node.name + "(" + var.node.arg + ")"] = var.representative(value)
                else:
                    env[var.node.name] = var.representative(value)
            funcs = {c.name: functools.partial(_lookup, fvals, c.name) for c in calls(n)}
            try:
                evaluate(n, env, funcs)
            except ConditionError as exc:
                found.append(str(exc))
                break
    return found


def difference(a: Node, b: Node, domains: Mapping[str, Any]) -> Node:
    """The children ``a`` holds for and ``b`` does not, simplified (``Const(False)``: none):
    e.g. who one authority's return interview covers and another's does not."""
    space = space_for([a, b], domains)
    return space.simplify(space.mask(a) & ~space.mask(b))


_PRECEDENCE = {Or: 1, And: 2, Not: 3}


def format_condition(node: Node) -> str:
    """Condition text that `parse_condition` reads back as the same condition."""
    if isinstance(node, Const):
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        if isinstance(node.value, str):
            return f"'{node.value}'" if '"' in node.value else f'"{node.value}"'
        return repr(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Call):
        return f'{node.name}("{node.arg}")'
    if isinstance(node, ListOf):
        return "[" + ", ".join(format_condition(i) for i in node.items) + "]"

    def inner(child: Node, level: int) -> str:
        text = format_condition(child)
        own = _PRECEDENCE.get(type(child), 4)
        return f"({text})" if (own <= level and own < 4) or (
            level == 4 and isinstance(child, Compare)) else text

    if isinstance(node, Or):
        return " or ".join(inner(o, 1) if not isinstance(o, Or) else format_condition(o)
                           for o in node.operands)
    if isinstance(node, And):
        return " and ".join(inner(o, 2) if not isinstance(o, And) else format_condition(o)
                            for o in node.operands)
    if isinstance(node, Not):
        return "not " + inner(node.operand, 2)
    return f"{inner(node.left, 4)} {node.op} {inner(node.right, 4)}"
