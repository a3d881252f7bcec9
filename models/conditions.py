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
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "And",
    "Call",
    "Compare",
    "Condition",
    "ConditionError",
    "Const",
    "ListOf",
    "Name",
    "Not",
    "Or",
    "calls",
    "compile_condition",
    "evaluate",
    "names",
    "parse_condition",
    "satisfiable",
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
    `models.conditions.evaluate`, without its dispatch on the node's type at every step."""
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


def _int_candidates(node: Node, name: str, lo: int, hi: int) -> list[int]:
    """Boundary values for an integer attribute: its limits and each constant compared, +-1."""
    values = {lo, hi}
    for n in _walk(node):
        if isinstance(n, Compare):
            for side, other in ((n.left, n.right), (n.right, n.left)):
                if (isinstance(side, Name | Call) and getattr(side, "name", None) == name
                        and isinstance(other, Const) and isinstance(other.value, int | float)):
                    v = int(other.value)
                    values.update({v - 1, v, v + 1})
    return sorted(v for v in values if lo <= v <= hi)


def _lookup(values: Mapping[str, Any], name: str, arg: str) -> Any:
    return values[name + "(" + arg + ")"]


def satisfiable(node: Node, domains: Mapping[str, Any]) -> bool:
    """Whether some assignment of the attributes in their domains makes the condition true.

    ``domains`` maps a name to a list of values, or to ``("int", lo, hi)`` for an integer range;
    a function call such as ``episodes_in("P30D")`` is a free integer from 1 upwards.
    """
    keys: list[str] = sorted(names(node))
    fn_keys = sorted({c.name + "(" + c.arg + ")" for c in calls(node)})
    choices: list[list[Any]] = []
    for k in keys:
        d = domains[k]
        choices.append(_int_candidates(node, k, d[1], d[2]) if isinstance(d, tuple) else list(d))
    for _k in fn_keys:
        choices.append(_int_candidates(node, _k.split("(")[0], 1, 10_000))
    for combo in itertools.product(*choices):
        env = dict(zip(keys, combo, strict=False))
        fvals = dict(zip(fn_keys, combo[len(keys):], strict=False))
        funcs: dict[str, Callable[[str], Any]] = {}
        for c in calls(node):
            funcs[c.name] = functools.partial(_lookup, fvals, c.name)
        try:
            if evaluate(node, env, funcs):
                return True
        except ConditionError:
            return False
    return False
