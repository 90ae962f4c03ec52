"""Runtime expressions, values and conditions as plain Python source.

An :class:`Emitter` works inside one generated function. It asks its ``lookup``
callback what a runtime expression's base value is in that function (a parameter,
``response.status_code``, the decoded ``body``...) and builds the rest itself: JSON
Pointer access, embedded templates, Arazzo comparisons, JSONPath and regex criteria.
Every literal goes through :func:`py_literal`; helpers used are collected in
``helpers`` so the module emits exactly those.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from arazzogen import pointer as jp
from arazzogen.build.codegen.literals import py_literal
from arazzogen.expressions.ast import (
    And,
    Compare,
    Condition,
    Lit,
    Not,
    Or,
    RuntimeExpr,
    Template,
    Truthy,
)

NUMERIC = {"int", "float"}
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


@dataclass(frozen=True)
class Py:
    """A Python expression and its static type (a Python annotation)."""

    code: str
    type: str = "object"


class EmitError(Exception):
    """A construct the code generator does not support yet.

    ``code`` is an AZ6xx diagnostic code; ``expr`` the expression at fault, if any.
    """

    def __init__(
        self, code: str, message: str, expr: RuntimeExpr | None = None, pointer: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.expr = expr
        #: where in the document, when the raiser knows better than its caller
        self.pointer = pointer


Lookup = Callable[[RuntimeExpr], Py]


def no_lookup(expr: RuntimeExpr) -> Py:
    """The lookup of an emitter that only collects helpers: it evaluates nothing."""
    raise EmitError("AZ903", f"`{expr.text}` evaluated where no value can be known", expr)


@dataclass
class Emitter:
    lookup: Lookup
    helpers: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)
    #: JSONPath helpers (``_jp_*``), emitted by :mod:`arazzogen.build.codegen.jsonpath_emit`
    jsonpath_helpers: set[str] = field(default_factory=set)

    # ------------------------------------------------------------ values

    def expr(self, expr: RuntimeExpr) -> Py:
        base = self.lookup(expr)
        if not expr.pointer:
            return base
        tokens = tuple(jp.split(expr.pointer))
        self.helpers.add("_pointer")
        return Py(f"_pointer({base.code}, {_tuple_code(tokens)})")

    def template(self, template: Template) -> Py:
        pieces: list[str] = []
        for part in template.parts:
            if isinstance(part, str):
                if part:
                    pieces.append(py_literal(part))
            else:
                pieces.append(self.text(self.expr(part)).code)
        if not pieces:
            return Py('""', "str")
        return Py(" + ".join(pieces), "str")

    def text(self, value: Py) -> Py:
        """``value`` converted to ``str`` the way Arazzo embeds values in strings."""
        if value.type == "str":
            return value
        self.helpers.add("_text")
        return Py(f"_text({value.code})", "str")

    def value(self, parsed: RuntimeExpr | Template | str) -> Py:
        if isinstance(parsed, RuntimeExpr):
            return self.expr(parsed)
        if isinstance(parsed, Template):
            return self.template(parsed)
        return Py(py_literal(parsed), "str")

    # ------------------------------------------------------------ conditions

    def condition(self, cond: Condition) -> str:
        if isinstance(cond, And):
            return f"({self.condition(cond.left)} and {self.condition(cond.right)})"
        if isinstance(cond, Or):
            return f"({self.condition(cond.left)} or {self.condition(cond.right)})"
        if isinstance(cond, Not):
            return self.negated_condition(cond.operand)
        if isinstance(cond, Truthy):
            operand = self.operand(cond.operand)
            if operand.type == "bool":
                return operand.code
            self.helpers.add("_truthy")
            return f"_truthy({operand.code})"
        assert isinstance(cond, Compare)
        left, right = self.operand(cond.left), self.operand(cond.right)
        if left.type in NUMERIC and right.type in NUMERIC:
            return f"{left.code} {cond.op} {right.code}"
        if cond.op in ("==", "!="):
            self.helpers.add("_equals")
            call = f"_equals({left.code}, {right.code})"
            return call if cond.op == "==" else f"not {call}"
        self.helpers.add("_compare")
        return f"_compare({left.code}, {py_literal(cond.op)}, {right.code})"

    def negated_condition(self, cond: Condition) -> str:
        """``not cond``, written plainly where that is simple (``a != b`` for ``a == b``)."""
        if isinstance(cond, Not):
            return self.condition(cond.operand)
        if isinstance(cond, Compare):
            left, right = self.operand(cond.left), self.operand(cond.right)
            if left.type in NUMERIC and right.type in NUMERIC:
                return f"{left.code} {_NEGATED[cond.op]} {right.code}"
            if cond.op in ("==", "!="):
                return self.condition(
                    Compare("!=" if cond.op == "==" else "==", cond.left, cond.right)
                )
        return negate(self.condition(cond))

    def operand(self, operand: RuntimeExpr | Lit) -> Py:
        if isinstance(operand, Lit):
            value = operand.value
            kind = "object"
            if isinstance(value, bool):
                kind = "bool"
            elif isinstance(value, int):
                kind = "int"
            elif isinstance(value, float):
                kind = "float"
            elif isinstance(value, str):
                kind = "str"
            return Py(py_literal(value), kind)
        return self.expr(operand)

    def regex(self, pattern: str, context: Py) -> str:
        """A regex criterion (the rules stage has checked that the pattern compiles)."""
        self.helpers.add("_regex_search")
        self.imports.add("import re")
        return f"_regex_search(re.compile({py_literal(pattern)}), {context.code})"

    def regex_dynamic(self, pattern_code: str, context: Py) -> str:
        """A regex criterion whose pattern embeds runtime expressions (Arazzo 1.1)."""
        self.helpers.add("_regex_text_search")
        return f"_regex_text_search({pattern_code}, {context.code})"


def negate(code: str) -> str:
    """``not code``, parenthesised unless ``code`` already is as a whole."""
    return f"not {code}" if wrapped(code) else f"not ({code})"


def wrapped(code: str) -> bool:
    """Whether ``code`` is one parenthesised expression: ``(a or b)``, not ``(a) or (b)``."""
    if not (code.startswith("(") and code.endswith(")")):
        return False
    depth, quote, escaped = 0, "", False
    for i, ch in enumerate(code):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(code) - 1:
                return False
    return depth == 0


def _tuple_code(tokens: tuple[str, ...]) -> str:
    if len(tokens) == 1:
        return f"({py_literal(tokens[0])},)"
    return "(" + ", ".join(py_literal(t) for t in tokens) + ")"
