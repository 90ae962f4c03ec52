"""Compile XPath 1.0 trees to plain Python over ElementTree.

An expression becomes calls of small ``_xp_*`` helpers (their sources are in
:mod:`arazzogen.build.codegen.xpath_runtime`; a module embeds only those it uses) with
predicates as lambdas, and plain Python operators wherever the static types allow
(``count(/a/b) > 0`` becomes ``len(...) > 0``). The subset compiled: location paths on
the ``child``, ``attribute``, ``descendant``, ``descendant-or-self`` and ``self`` axes
(and their abbreviations ``/``, ``//``, ``@``, ``.``), name tests, ``*`` and ``text()``,
predicates (positions included), every operator, and the functions ``last``,
``position``, ``count``, ``local-name``, ``name``, ``string``, ``concat``,
``starts-with``, ``contains``, ``substring``, ``string-length``, ``normalize-space``,
``boolean``, ``not``, ``true``, ``false``, ``number``, ``sum``, ``floor``, ``ceiling``,
``round``. Anything else (the ``parent``, ``ancestor``, ``following`` and ``preceding``
axes, ``node()`` and ``comment()`` tests, other functions) raises
:class:`XPathUnsupported` naming the construct.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from arazzogen.build.codegen.lambdas import lambda_expr
from arazzogen.build.codegen.literals import py_literal
from arazzogen.build.embedded import BARE, QUOTED
from arazzogen.expressions.xpath import (
    Binary,
    Call,
    Expr,
    Filter,
    Negate,
    Number,
    Path,
    Step,
    String,
)

_INFIX = ("+", "-", "*", "=", "!=", "<", "<=", ">", ">=")
_COMPARE = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class XPathUnsupported(Exception):
    """A construct outside the compiled subset; the message names it."""


@dataclass(frozen=True)
class X:
    """Python code and its XPath type: nodes, str, num, bool or any."""

    code: str
    kind: str


class XPathEmitter:
    """Emits one expression whose document node-set is ``doc``."""

    def __init__(self, helpers: set[str], embedded: Sequence[tuple[str, str]] = ()) -> None:
        self.helpers = helpers
        self.embedded = embedded
        self.depth = 0
        #: the lambda parameters of the innermost predicate: (node, position, size)
        self.scope: tuple[str, str, str] | None = None

    def use(self, name: str) -> str:
        self.helpers.add(name)
        return name

    # ------------------------------------------------------------ entry points

    def condition(self, expr: Expr) -> str:
        """A ``bool`` expression (XPath 1.0 boolean conversion of the result)."""
        return self.boolean(self.bounded(expr))

    def value(self, expr: Expr) -> str:
        return self.bounded(expr).code

    def bounded(self, expr: Expr) -> X:
        try:
            return self.expr(expr)
        except RecursionError:
            raise XPathUnsupported("an expression nested too deeply") from None

    def nodes_of(self, expr: Expr) -> str:
        found = self.bounded(expr)
        if found.kind != "nodes":
            raise XPathUnsupported("an expression that is not a location path")
        return found.code

    # ------------------------------------------------------------ conversions

    def boolean(self, x: X) -> str:
        if x.kind == "bool":
            return x.code
        if x.kind in ("nodes", "str"):
            return f"bool({x.code})"
        return f"{self.use('_xp_boolean')}({x.code})"

    def string(self, x: X) -> str:
        return x.code if x.kind == "str" else f"{self.use('_xp_string')}({x.code})"

    def number(self, x: X) -> str:
        return x.code if x.kind == "num" else f"{self.use('_xp_number')}({x.code})"

    # ------------------------------------------------------------ expressions

    def expr(self, expr: Expr) -> X:
        if isinstance(expr, Number):
            value = expr.value
            if math.isinf(value):  # a literal beyond the largest double is Infinity (IEEE 754)
                return X('float("inf")', "num")
            return X(py_literal(int(value) if value.is_integer() else value), "num")
        if isinstance(expr, String):
            return self.literal(expr.value)
        if isinstance(expr, Negate):
            return X(f"-{self.number(self.operand(expr.operand))}", "num")
        if isinstance(expr, Binary):
            return self.binary(expr)
        if isinstance(expr, Call):
            return self.call(expr)
        if isinstance(expr, Filter):
            base = self.expr(expr.primary)
            if base.kind != "nodes":
                raise XPathUnsupported("a predicate on a value that is not a node-set")
            preds = ", ".join(self.predicate(p) for p in expr.predicates)
            return X(f"{self.use('_xp_where')}({base.code}, ({preds},))", "nodes")
        return self.path(expr)

    def literal(self, value: str) -> X:
        bare = BARE.fullmatch(value)
        if bare:
            return X(f"{self.use('_xp_embedded')}({self.embedded[int(bare.group(1))][1]})", "any")
        if QUOTED.search(value) is None:
            return X(py_literal(value), "str")
        pieces = []
        for i, piece in enumerate(QUOTED.split(value)):
            if i % 2:
                pieces.append(self.embedded[int(piece)][0])
            elif piece:
                pieces.append(py_literal(piece))
        return X(pieces[0] if len(pieces) == 1 else "(" + " + ".join(pieces) + ")", "str")

    def binary(self, expr: Binary) -> X:
        op = expr.op
        if op in ("or", "and"):
            return X(f"({self.condition(expr.left)} {op} {self.condition(expr.right)})", "bool")
        left, right = self.operand(expr.left), self.operand(expr.right)
        if op == "|":
            return X(f"{self.use('_xp_union')}({left.code}, {right.code})", "nodes")
        if op in _COMPARE:
            simple = (left.kind == right.kind and left.kind in ("num", "str", "bool")) and (
                left.kind == "num" or op in ("=", "!=")
            )
            if simple:
                return X(f"{left.code} {_COMPARE[op]} {right.code}", "bool")
            return X(
                f"{self.use('_xp_compare')}({left.code}, {py_literal(op)}, {right.code})", "bool"
            )
        a, b = self.number(left), self.number(right)
        if op == "div":
            return X(f"{self.use('_xp_div')}({a}, {b})", "num")
        if op == "mod":
            return X(f"{self.use('_xp_mod')}({a}, {b})", "num")
        return X(f"{a} {op} {b}", "num")

    def operand(self, expr: Expr) -> X:
        """An operand of an operator: parenthesized when it is an operation itself."""
        found = self.expr(expr)
        if (isinstance(expr, Binary) and expr.op in _INFIX) or isinstance(expr, Negate):
            return X(f"({found.code})", found.kind)
        return found

    # ------------------------------------------------------------ functions

    def context(self) -> str:
        return f"[{self.scope[0]}]" if self.scope else "_xp_doc"

    def call(self, expr: Call) -> X:
        name, args = expr.name, expr.args
        values = [self.expr(a) for a in args]
        arity = len(values)

        def need(*allowed: int) -> None:
            if arity not in allowed:
                raise XPathUnsupported(f"{name}() with {arity} argument(s)")

        def text(i: int) -> str:
            return self.string(values[i]) if arity > i else self.string(X(self.context(), "nodes"))

        if name in ("position", "last"):
            need(0)
            if self.scope is None:
                raise XPathUnsupported(f"{name}() outside a predicate")
            return X(self.scope[1] if name == "position" else self.scope[2], "num")
        if name == "count":
            need(1)
            return X(f"len({self.nodes(values[0], name)})", "num")
        if name in ("local-name", "name"):
            need(0, 1)
            nodes = self.nodes(values[0], name) if arity else self.context()
            return X(f"{self.use('_xp_name')}({nodes})", "str")
        if name == "string":
            need(0, 1)
            return X(text(0), "str")
        if name == "concat":
            if arity < 2:
                raise XPathUnsupported("concat() with fewer than 2 arguments")
            return X("(" + " + ".join(self.string(v) for v in values) + ")", "str")
        if name in ("starts-with", "contains"):
            need(2)
            a, b = self.string(values[0]), self.string(values[1])
            return X(f"{a}.startswith({b})" if name == "starts-with" else f"{b} in {a}", "bool")
        if name == "substring":
            need(2, 3)
            rest = ", ".join(self.number(v) for v in values[1:])
            return X(f"{self.use('_xp_substring')}({self.string(values[0])}, {rest})", "str")
        if name == "string-length":
            need(0, 1)
            return X(f"len({text(0)})", "num")
        if name == "normalize-space":
            need(0, 1)
            literal = args[0] if arity else None
            if isinstance(literal, String) and not (
                QUOTED.search(literal.value) or BARE.search(literal.value)
            ):
                return X(py_literal(" ".join(literal.value.split())), "str")  # folded
            return X(f'" ".join({text(0)}.split())', "str")
        if name == "boolean":
            need(1)
            return X(self.boolean(values[0]), "bool")
        if name == "not":
            need(1)
            inner = self.boolean(values[0])
            return X(
                f"not {inner}"
                if inner.startswith(("(", "_", "bool(")) or inner.isidentifier()
                else f"not ({inner})",
                "bool",
            )
        if name in ("true", "false"):
            need(0)
            return X("True" if name == "true" else "False", "bool")
        if name == "number":
            need(0, 1)
            return X(self.number(values[0] if arity else X(self.context(), "nodes")), "num")
        if name == "sum":
            need(1)
            return X(f"{self.use('_xp_sum')}({self.nodes(values[0], name)})", "num")
        if name in ("floor", "ceiling"):
            need(1)
            self.helpers.add("import math")
            fn = "floor" if name == "floor" else "ceil"
            return X(f"float(math.{fn}({self.number(values[0])}))", "num")
        if name == "round":
            need(1)
            return X(f"{self.use('_xp_round')}({self.number(values[0])})", "num")
        raise XPathUnsupported(f"the function {name}()")

    def nodes(self, x: X, function: str) -> str:
        if x.kind not in ("nodes", "any"):
            raise XPathUnsupported(f"{function}() of a value that is not a node-set")
        return x.code

    # ------------------------------------------------------------ paths

    def path(self, path: Path) -> X:
        if path.start is not None:
            start = self.expr(path.start)
            if start.kind != "nodes":
                raise XPathUnsupported("a path after a value that is not a node-set")
            code = start.code
        else:
            code = "_xp_doc" if path.absolute else self.context()
        for step in path.steps:
            code = self.step(code, step)
        return X(code, "nodes")

    def step(self, code: str, step: Step) -> str:
        test = step.test
        preds = "".join(", " + self.predicate(p) for p in step.predicates)
        if step.axis == "self" and test == "node()" and not preds:
            return code
        if step.axis == "descendant-or-self" and test == "node()" and not preds:
            return f"{self.use('_xp_descendants_or_self')}({code})"
        if test == "text()" and step.axis == "child" and not preds:
            return f"{self.use('_xp_texts')}({code})"
        if step.axis not in ("child", "descendant", "attribute"):
            shown = {"parent": "the parent axis (`..`)"}.get(step.axis, f"the {step.axis} axis")
            raise XPathUnsupported(shown)
        if test.endswith("()"):
            raise XPathUnsupported(f"the node test {test} on the {step.axis} axis")
        name = "None" if test == "*" or test.endswith(":*") else py_literal(test.rpartition(":")[2])
        if step.axis == "child":
            return f"{self.use('_xp_children')}({code}, {name}{preds})"
        if step.axis == "descendant":
            return f"{self.use('_xp_descendants')}({code}, {name}{preds})"
        if step.axis == "attribute" and not preds:
            return f"{self.use('_xp_attributes')}({code}, {name})"
        raise XPathUnsupported(f"the {step.axis} axis" + (" with predicates" if preds else ""))

    def predicate(self, expr: Expr) -> str:
        self.depth += 1
        suffix = "" if self.depth == 1 else str(self.depth)
        outer = self.scope
        self.scope = (f"_xp_n{suffix}", f"_xp_i{suffix}", f"_xp_size{suffix}")
        try:
            value = self.expr(expr)
            if value.kind == "num":
                test = f"{self.scope[1]} == {value.code}"
            elif value.kind == "any":
                test = f"{self.use('_xp_predicate')}({value.code}, {self.scope[1]})"
            else:
                test = self.boolean(value)
            node, position, size = self.scope
            return lambda_expr(f"{node}, {position}, {size}", test)
        finally:
            self.scope = outer
            self.depth -= 1
