"""Criterion Objects: the condition parses for its type, the context is an expression.

AZ219 context, AZ220 simple conditions, AZ221 regular expressions (Python's ``re``, the
engine the generated module uses), AZ222 JSONPath (RFC 9535), and the lenient AZ501.
XPath conditions (and XPath Selector Objects) are parsed: a syntax error, or an expression
nested past the compiled subset's limit, is AZ604 as in compile (a construct outside the
subset is named by compile only). A criterion with a ``type`` but no ``context`` is
rejected by the JSON Schema (``dependentRequired``). Runtime expressions embedded as
``{$...}`` in regex, JSONPath (every version) and XPath conditions are checked like any
other (AZ219 when one does not parse) and stand in as ``0`` while the condition is parsed.
"""

from __future__ import annotations

import re

from arazzogen import pointer as jp
from arazzogen.check.rules import lenient
from arazzogen.check.rules.expressions import Collected, Place, check_expression, check_whole
from arazzogen.check.rules.model import Ctx, as_dict, as_str
from arazzogen.expressions.ast import (
    ExpressionError,
    LenientJsonPathComparison,
    RuntimeExpr,
    Template,
)
from arazzogen.expressions.condition import parse_condition
from arazzogen.expressions.jsonpath_goessner import parse_versioned_condition
from arazzogen.expressions.runtime import iter_runtime_expressions, parse_value

_PLACEHOLDER = "0"


def check_criterion(ctx: Ctx, item: object, pointer: str, place: Place, out: Collected) -> None:
    criterion = as_dict(item)
    if criterion is None:
        return
    if "context" in criterion:
        check_whole(ctx, criterion["context"], jp.join(pointer, "context"), place, out)
    condition = as_str(criterion.get("condition"))
    if condition is None:
        return
    where = jp.join(pointer, "condition")
    kind, version = _type(criterion.get("type"))
    if kind == "simple":
        _simple(ctx, condition, where, place, out)
    elif kind == "regex":
        text = _embedded(ctx, condition, where, place, out)
        if text is not None:
            _regex(ctx, text, where, exact=text == condition)
    elif kind == "jsonpath" and version in (None, "rfc9535"):
        text = _embedded(ctx, condition, where, place, out)
        if text is not None:
            _jsonpath(ctx, text, where, exact=text == condition)
    elif kind == "xpath":
        check_xpath(ctx, condition, where, place, out)
    elif kind == "jsonpath":  # other versions: their expressions are checked alike
        _embedded(ctx, condition, where, place, out)


def check_xpath(ctx: Ctx, text: str, where: str, place: Place, out: Collected) -> None:
    """An XPath condition or selector: its embedded expressions, then its syntax and
    nesting (AZ604, as compile reports them; constructs outside the compiled subset are
    named by compile only)."""
    query = _embedded(ctx, text, where, place, out)
    if query is None:
        return
    from arazzogen.expressions.xpath import XPathError, parse_xpath  # only for XPath

    try:
        parse_xpath(query)
    except XPathError as error:
        offset = error.offset if query == text else None
        ctx.report("AZ604", f"invalid XPath: {error.message}", where, offset=offset)


def _type(value: object) -> tuple[str, str | None]:
    if value is None:
        return "simple", None
    if isinstance(value, str):
        return value, None
    expression_type = as_dict(value) or {}
    return as_str(expression_type.get("type")) or "", as_str(expression_type.get("version"))


def _simple(ctx: Ctx, condition: str, where: str, place: Place, out: Collected) -> None:
    try:
        parsed = parse_condition(condition, version=ctx.version)
    except ExpressionError as error:
        ctx.report("AZ220", f"invalid condition: {error.message}", where, offset=error.offset)
        return
    for expr in iter_runtime_expressions(parsed):
        check_expression(ctx, expr, where, place, out)


def _embedded(ctx: Ctx, condition: str, where: str, place: Place, out: Collected) -> str | None:
    """Check the ``{$...}`` expressions of a regex or JSONPath condition; return the
    condition with each replaced by a placeholder (None when one does not parse)."""
    try:
        parsed = parse_value(condition, version=ctx.version, braceless=False)
    except ExpressionError as error:
        ctx.report("AZ219", f"invalid embedded runtime expression: {error.message}", where,
                   offset=error.offset)
        return None
    if not isinstance(parsed, Template):
        return condition  # no embedded expression (a RuntimeExpr cannot start a pattern)
    pieces: list[str] = []
    for part in parsed.parts:
        if isinstance(part, RuntimeExpr):
            check_expression(ctx, part, where, place, out)
            pieces.append(_PLACEHOLDER)
        else:
            pieces.append(part)
    return "".join(pieces)


def _regex(ctx: Ctx, pattern: str, where: str, *, exact: bool) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        offset = error.pos if exact and error.pos is not None else None
        ctx.report("AZ221", f"invalid regular expression: {error.msg}", where, offset=offset)
        return
    except (RecursionError, OverflowError, ValueError) as error:
        ctx.report("AZ221", f"invalid regular expression: {error}", where)
        return
    if _nested_quantifier(pattern):
        ctx.report(
            "AZ273",
            "this regular expression repeats a group that itself repeats (like `(a+)+`): "
            "on some texts it takes exponential time",
            where,
        )


def _nested_quantifier(pattern: str) -> bool:
    """True when a repetition (``*``, ``+``, ``{n,}``, ``{n,m}`` with m > 1) contains
    another one: the shape of catastrophic backtracking. Walked with a stack."""
    try:
        parsed = _sre_parse(pattern)
    except Exception:  # re.compile accepted it; this analysis is only a bonus
        return False
    repeats = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
    stack: list[tuple[object, int]] = [(parsed, 0)]  # (sequence of items, repeats around)
    while stack:
        items, around = stack.pop()
        for op, arg in items:  # type: ignore[attr-defined]
            name = str(op)
            if name in repeats:
                _low, high, sub = arg
                repeating = high > 1
                if repeating and around:
                    return True
                stack.append((sub, around + (1 if repeating else 0)))
            elif name in ("SUBPATTERN",):
                stack.append((arg[-1], around))
            elif name == "BRANCH":
                stack.extend((branch, around) for branch in arg[1])
            elif name in ("ASSERT", "ASSERT_NOT"):
                stack.append((arg[1], around))
            elif name == "ATOMIC_GROUP":
                stack.append((arg, around))
    return False


def _sre_parse(pattern: str) -> object:
    try:
        from re import _parser  # type: ignore[attr-defined]  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as _parser
    return _parser.parse(pattern)


def _jsonpath(ctx: Ctx, query: str, where: str, *, exact: bool) -> None:
    try:
        parsed = parse_versioned_condition(query, None)  # names Goessner-only syntax
    except ExpressionError as error:
        offset = error.offset if exact else None
        ctx.report("AZ222", f"invalid JSONPath: {error.message}", where, offset=offset)
        return
    if isinstance(parsed, LenientJsonPathComparison):
        lenient.jsonpath_comparison(ctx, where)
