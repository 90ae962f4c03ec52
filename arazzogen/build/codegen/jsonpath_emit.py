"""Compile JSONPath trees (RFC 9535) to plain Python expressions.

No interpreter is shipped: a query becomes nested calls of small ``_jp_*`` helper
functions (their sources are in ``HELPERS``; a module embeds only those it uses, see
``helper_sources`` and ``helper_imports``) with filters as ``lambda`` expressions, e.g.
``$.items[?@.kind == 'a'].id`` applied to ``body``::

    _jp_path(_jp_filter(_jp_path([body], 'items'),
             lambda _jp_at: _jp_eq(_jp_path([_jp_at], 'kind'), ['a'])), 'id')

Member names, string literals and regular expressions enter the source only through
``py_literal``. I-Regexp patterns that are literals are translated to Python ``re`` at
compile time; only a pattern computed at run time needs the translating helper.
Emitted names start with ``_jp_``; the ``context`` expression must not use that prefix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from arazzogen.build.codegen.jsonpath_runtime import RUNTIME_FUNCTIONS
from arazzogen.build.codegen.lambdas import lambda_expr
from arazzogen.build.codegen.literals import py_literal
from arazzogen.build.codegen.runtime_source import function_sources
from arazzogen.expressions import iregexp
from arazzogen.expressions.ast import (
    AndExpr,
    Comparable,
    ComparisonExpr,
    FilterSelector,
    FunctionArg,
    FunctionCall,
    IndexSelector,
    JsonLiteral,
    JsonPathQuery,
    LenientJsonPathComparison,
    LogicalExpr,
    NameSelector,
    NotExpr,
    OrExpr,
    Selector,
    SliceSelector,
    TestExpr,
    WildcardSelector,
)
from arazzogen.expressions.iregexp import translate_iregexp

__all__ = [
    "HELPERS",
    "emit_condition",
    "emit_nodes",
    "emit_pick",
    "helper_imports",
    "helper_sources",
]

HELPERS: dict[str, str] = function_sources((*RUNTIME_FUNCTIONS, *iregexp.RUNTIME_FUNCTIONS))
"""Helper name -> the full source of one module-level function (decorators included)."""

_IMPORTS = {
    "import functools": re.compile(r"\bfunctools\."),
    "import json": re.compile(r"\bjson\."),
    "import re": re.compile(r"\bre\."),
    "import unicodedata": re.compile(r"\bunicodedata\."),
    "from collections.abc import Callable": re.compile(r"\bCallable\["),
    "from typing import cast": re.compile(r"\bcast\("),
}
_HELPER_NAME = re.compile(r"\b_jp_\w+")
#: placeholders of embedded runtime expressions (see arazzogen.build.embedded)
_QUOTED = re.compile("\ue000([0-9]+)\ue001")
_BARE = re.compile("\ue002([0-9]+)\ue003")


def emit_nodes(
    query: JsonPathQuery, context: str, used: set[str], embedded: Sequence[tuple[str, str]] = ()
) -> str:
    """A Python expression (``list[object]``): the node list of ``query`` on ``context``.

    ``context`` is a Python expression of static type ``object`` (decoded JSON); it is
    evaluated once. Names of the helpers the expression calls are added to ``used``.
    """
    if query.root != "$":
        raise ValueError("emit_nodes needs a query rooted at '$'")
    if _root_in_filter(query):
        body = _Emitter(used, "_jp_root", embedded).nodes(query, "")
        return f"{_use(used, '_jp_let')}({context}, {lambda_expr('_jp_root', body)})"
    return _Emitter(used, context, embedded).nodes(query, "")


def emit_pick(selectors: Sequence[Selector], root: str, used: set[str]) -> str:
    """A Python ``lambda`` (name or index, child, size of the parent) -> ``bool``: whether
    one of ``selectors`` (a segment's) selects that child; ``root`` names the query
    argument (``$`` in a filter). For replacement targets, which need locations."""
    emitter = _Emitter(used, root)
    emitter.depth = 1  # the child is `_jp_at`; nested filters take `_jp_at2`...
    parts: list[str] = []
    for selector in selectors:
        if isinstance(selector, NameSelector):
            parts.append(f"_jp_key == {emitter.string(selector.name)}")
        elif isinstance(selector, IndexSelector):
            index = selector.index
            parts.append(f"_jp_key == {index}" if index >= 0 else f"_jp_key == _jp_size - {-index}")
        elif isinstance(selector, WildcardSelector):
            parts.append("True")
        elif isinstance(selector, SliceSelector):
            if selector.step == 0:
                parts.append("False")  # RFC 9535: a zero step selects nothing
                continue
            bounds = ":".join("" if b is None else str(b) for b in (selector.start, selector.end))
            if selector.step is not None:
                bounds += f":{selector.step}"
            parts.append(f"(isinstance(_jp_key, int) and _jp_key in range(_jp_size)[{bounds}])")
        else:
            parts.append(emitter.logical(selector.expr, "_jp_at"))
    return lambda_expr("_jp_key, _jp_at, _jp_size", " or ".join(parts))


def emit_condition(
    cond: JsonPathQuery | LenientJsonPathComparison,
    context: str,
    used: set[str],
    embedded: Sequence[tuple[str, str]] = (),
) -> str:
    """A Python ``bool`` expression: a criterion of ``type: jsonpath`` on ``context``.

    A query holds when its node list is not empty. The lenient form compares the values
    its singular queries select, with RFC 9535 comparison semantics (Nothing equals only
    Nothing; numbers by value; strings exactly; booleans are not numbers).
    ``embedded`` holds (text code, value code) of the runtime expressions the condition
    embeds (:mod:`arazzogen.build.embedded` placed their placeholders).
    """
    if isinstance(cond, JsonPathQuery):
        return f"bool({emit_nodes(cond, context, used, embedded)})"
    if context.isidentifier():
        return _Emitter(used, context, embedded).logical(cond.expr, "")
    body = _Emitter(used, "_jp_root", embedded).logical(cond.expr, "")
    return f"{_use(used, '_jp_let_test')}({context}, {lambda_expr('_jp_root', body)})"


def helper_sources(used: set[str]) -> list[str]:
    """Sources of the ``_jp_*`` helpers in ``used`` and those they call, sorted by name.

    Names without the ``_jp_`` prefix are ignored (the set may be shared with other
    emitters); an unknown ``_jp_`` name is a KeyError.
    """
    return [HELPERS[name] for name in _closure(used)]


def helper_imports(used: set[str]) -> list[str]:
    """The import lines the helpers in ``used`` need (isort order: ``import`` first)."""
    text = "\n".join(helper_sources(used))
    lines = [line for line, pattern in _IMPORTS.items() if pattern.search(text)]
    return sorted(lines, key=lambda line: (line.startswith("from "), line))


def _closure(used: set[str]) -> list[str]:
    ours = sorted(name for name in used if name.startswith("_jp_"))
    unknown = [name for name in ours if name not in HELPERS]
    if unknown:
        raise KeyError(f"unknown JSONPath helper(s): {', '.join(unknown)}")
    seen: set[str] = set()
    todo = ours
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for called in _HELPER_NAME.findall(HELPERS[name]):
            if called in HELPERS and called not in seen:
                todo.append(called)
    return sorted(seen)


def _use(used: set[str], name: str) -> str:
    used.add(name)
    return name


def _root_in_filter(query: JsonPathQuery, in_filter: bool = False) -> bool:
    if query.root == "$" and in_filter:
        return True
    for segment in query.segments:
        for selector in segment.selectors:
            if isinstance(selector, FilterSelector) and _expr_uses_root(selector.expr):
                return True
    return False


def _expr_uses_root(expr: LogicalExpr | FunctionArg) -> bool:
    if isinstance(expr, JsonPathQuery):
        return _root_in_filter(expr, in_filter=True)
    if isinstance(expr, ComparisonExpr):
        return _expr_uses_root(expr.left) or _expr_uses_root(expr.right)
    if isinstance(expr, TestExpr | NotExpr):
        return _expr_uses_root(expr.operand)
    if isinstance(expr, AndExpr | OrExpr):
        return any(_expr_uses_root(o) for o in expr.operands)
    if isinstance(expr, FunctionCall):
        return any(_expr_uses_root(a) for a in expr.args)
    return False


def _str(value: str) -> str:
    """A string literal (a long one as parenthesized pieces a formatter can wrap)."""
    return py_literal(value)


def _literal(value: object) -> str:
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, float) and math.isinf(value):
        return 'float("inf")' if value > 0 else 'float("-inf")'
    return py_literal(value)


class _Emitter:
    """Emits one expression. ``root`` names the query argument; ``current`` in the
    methods names the filter's current node (``@``)."""

    def __init__(
        self, used: set[str], root: str, embedded: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.used = used
        self.root = root
        self.depth = 0
        self.embedded = embedded

    def string(self, value: str) -> str:
        """A string literal, or the concatenation that splices embedded values in."""
        if _QUOTED.search(value) is None:
            return _str(value)
        pieces = []
        for i, piece in enumerate(_QUOTED.split(value)):
            if i % 2:
                pieces.append(self.embedded[int(piece)][0])
            elif piece:
                pieces.append(py_literal(piece))
        return " + ".join(pieces)

    def bare(self, value: object) -> str | None:
        """The code of an embedded expression standing where a literal does, or None."""
        if not isinstance(value, str):
            return None
        found = _BARE.fullmatch(value)
        return self.embedded[int(found.group(1))][1] if found else None

    def use(self, name: str) -> str:
        self.used.add(name)
        return name

    def fresh(self, base: str) -> str:
        self.depth += 1
        return base if self.depth == 1 else f"{base}{self.depth}"

    # ------------------------------------------------------------------ node lists

    def nodes(self, query: JsonPathQuery, current: str) -> str:
        expr = f"[{self.root if query.root == '$' else current}]"
        steps: list[str] = []
        for segment in query.segments:
            only = segment.selectors[0]
            if len(segment.selectors) == 1 and not segment.descendant:
                if isinstance(only, NameSelector):
                    steps.append(self.string(only.name))
                    continue
                if isinstance(only, IndexSelector):
                    steps.append(py_literal(only.index))
                    continue
            expr = self.path(expr, steps)
            steps = []
            if segment.descendant:
                expr = f"{self.use('_jp_descendants')}({expr})"
            if len(segment.selectors) == 1:
                expr = self.selector(expr, only)
            else:
                node = self.fresh("_jp_n")
                # a list display, not `a + b`: a lambda's body has brackets (lambdas.py)
                parts = ", ".join("*" + self.selector(f"[{node}]", s) for s in segment.selectors)
                self.depth -= 1
                expr = f"{self.use('_jp_each')}({expr}, {lambda_expr(node, f'[{parts}]')})"
        return self.path(expr, steps)

    def path(self, expr: str, steps: list[str]) -> str:
        if not steps:
            return expr
        return f"{self.use('_jp_path')}({expr}, {', '.join(steps)})"

    def selector(self, expr: str, selector: Selector) -> str:
        if isinstance(selector, NameSelector):
            return self.path(expr, [self.string(selector.name)])
        if isinstance(selector, IndexSelector):
            return self.path(expr, [py_literal(selector.index)])
        if isinstance(selector, WildcardSelector):
            return f"{self.use('_jp_children')}({expr})"
        if isinstance(selector, SliceSelector):
            bounds = ", ".join(py_literal(b) for b in (selector.start, selector.end, selector.step))
            return f"{self.use('_jp_slice')}({expr}, {bounds})"
        node = self.fresh("_jp_at")
        test = self.logical(selector.expr, node)
        self.depth -= 1
        return f"{self.use('_jp_filter')}({expr}, {lambda_expr(node, test)})"

    # ------------------------------------------------------------------ logical

    def logical(self, expr: LogicalExpr, current: str) -> str:
        if isinstance(expr, ComparisonExpr):
            plain = self.plain_comparison(expr, current)
            if plain is not None:
                return plain
            left = self.value(expr.left, current)
            right = self.value(expr.right, current)
            if expr.op == "==":
                return f"{self.use('_jp_eq')}({left}, {right})"
            if expr.op == "!=":
                return f"not {self.use('_jp_eq')}({left}, {right})"
            name = self.use("_jp_lt" if expr.op in ("<", ">") else "_jp_le")
            if expr.op in (">", ">="):
                left, right = right, left
            return f"{name}({left}, {right})"
        if isinstance(expr, TestExpr):
            if isinstance(expr.operand, JsonPathQuery):
                return f"bool({self.nodes(expr.operand, current)})"
            return self.logical_function(expr.operand, current)
        if isinstance(expr, NotExpr):
            inner = expr.operand
            if isinstance(inner, NotExpr):
                return self.logical(inner.operand, current)
            if isinstance(inner, ComparisonExpr) and inner.op == "!=":
                return self.logical(ComparisonExpr("==", inner.left, inner.right), current)
            simple = (
                self.plain_comparison(inner, current) if isinstance(inner, ComparisonExpr) else None
            )
            if simple is not None and " and " in simple:
                return f"not ({simple})"  # `a and b`: parenthesised
            return f"not {self.logical(inner, current)}"
        if isinstance(expr, AndExpr):
            return "(" + " and ".join(self.logical(o, current) for o in expr.operands) + ")"
        parts = []
        for operand in expr.operands:
            code = self.logical(operand, current)
            equals = isinstance(operand, ComparisonExpr) and operand.op == "=="
            if equals and " and " in code and code.startswith("_jp_member("):
                code = f"({code})"  # a plain comparison `a and b` inside `or` (RUF021)
            parts.append(code)
        return "(" + " or ".join(parts) + ")"

    def plain_comparison(self, expr: ComparisonExpr, current: str) -> str | None:
        """``$.a.b == 'x'`` (a path of at most three member names compared with ``==`` or
        ``!=`` to a literal, outside filters) as the Python a person would write, or None.
        Exact RFC 9535 semantics: a member that is absent (or a parent that is no
        object) is Nothing, which equals no literal, not even ``null``; ``true`` equals
        no number; ``1`` equals ``1.0``; strings compare exactly."""
        if expr.op not in ("==", "!=") or self.depth:
            # not inside a filter's lambda: black and ruff format would split a long
            # `lambda: a and b` differently; there the general helpers stay
            return None
        for query, literal in ((expr.left, expr.right), (expr.right, expr.left)):
            if not isinstance(query, JsonPathQuery) or not isinstance(literal, JsonLiteral):
                continue
            names = [
                s.selectors[0].name
                for s in query.segments
                if not s.descendant
                and len(s.selectors) == 1
                and isinstance(s.selectors[0], NameSelector)
            ]
            if (
                self.bare(literal.value) is None
                and 1 <= len(names) <= 3
                and len(names) == len(query.segments)
            ):
                if literal.value is None:
                    return None  # absent is not null: the general helpers tell them apart
                base = self.root if query.root == "$" else current
                return self.member_equals(base, names, literal.value, expr.op)
        return None

    def member_equals(self, base: str, names: list[str], value: object, op: str) -> str:
        """Whether the member at ``names`` of ``base`` equals (``==``) or does not equal
        (``!=``) ``value``: a string, boolean or number, which an absent member (None
        from ``_jp_member``) never equals."""
        keys = ", ".join(self.string(n) for n in names)
        got = f"{self.use('_jp_member')}({base}, {keys})"
        if isinstance(value, bool):
            return f"{got} is {value}" if op == "==" else f"{got} is not {value}"
        if isinstance(value, str):
            return f"{got} {op} {self.string(value)}"
        if value in (0, 1):  # a number, never a boolean (Python has True == 1)
            test = f"{got} == {_literal(value)} and {got} is not {bool(value)}"
            return test if op == "==" else f"not ({test})"
        return f"{got} {op} {_literal(value)}"

    def logical_function(self, call: FunctionCall, current: str) -> str:
        subject = self.value(call.args[0], current)
        pattern_arg = call.args[1]
        dynamic = isinstance(pattern_arg, JsonLiteral) and (
            self.bare(pattern_arg.value) is not None
            or (isinstance(pattern_arg.value, str) and _QUOTED.search(pattern_arg.value))
        )
        if isinstance(pattern_arg, JsonLiteral) and not dynamic:
            if isinstance(pattern_arg.value, str):
                pattern = _str(translate_iregexp(pattern_arg.value))
            else:
                pattern = "None"
        else:
            pattern = f"{self.use('_jp_pattern')}({self.value(pattern_arg, current)})"
        return f"{self.use('_jp_' + call.name)}({subject}, {pattern})"

    # ------------------------------------------------------------------ values

    def value(self, operand: Comparable | FunctionArg, current: str) -> str:
        """A ``list[object]`` of at most one element (empty: Nothing)."""
        if isinstance(operand, JsonLiteral):
            bare = self.bare(operand.value)
            if bare is not None:
                return f"{self.use('_jp_embedded')}({bare})"
            if isinstance(operand.value, str):
                return f"[{self.string(operand.value)}]"
            return f"[{_literal(operand.value)}]"
        if isinstance(operand, JsonPathQuery):
            return self.nodes(operand, current)
        if isinstance(operand, FunctionCall):
            arg = operand.args[0]
            if operand.name == "length":
                return f"{self.use('_jp_length')}({self.value(arg, current)})"
            if operand.name == "count" and isinstance(arg, JsonPathQuery):
                return f"[len({self.nodes(arg, current)})]"
            if operand.name == "value" and isinstance(arg, JsonPathQuery):
                return f"{self.use('_jp_value')}({self.nodes(arg, current)})"
        raise ValueError(f"not a JSONPath value expression: {operand!r}")
