"""Parsers for runtime expressions and for values that embed them.

Grammar: the ABNF of the "Runtime Expressions" section of Arazzo 1.0.1 and 1.1.0.

* ``parse_runtime_expression`` reads a string that is exactly one expression.
* ``parse_value`` reads a parameter value, payload string or output: one expression, a
  template embedding ``{$...}`` (and, leniently, ``$...`` without braces), or plain text.
* ``iter_runtime_expressions`` lists every expression in a parsed value or condition.

Decisions the ABNF leaves open, made here once:

* Names after ``$inputs.``, ``$outputs.``, ``$steps.``, ``$workflows.``,
  ``$sourceDescriptions.`` and ``$components.`` are split at dots into ``path``; an
  optional ``#<json-pointer>`` may follow. The shape (``<id>.outputs.<name>`` and so on)
  is checked by the rules engine, not here.
* Arazzo 1.1 names are identifiers (``[A-Za-z0-9_-]``), except the part after
  ``$sourceDescriptions.<name>.`` (an operationId, which may contain anything). Arazzo
  1.0 names are ``*CHAR``: any character but control characters, ``{``, ``}``, and the
  separators ``.`` and ``#``; so ``$steps.Plan a Trip.outputs.x`` is one 1.0 expression.
  A name never starts or ends with whitespace.
* JSON Pointers may contain ``{`` and ``}`` in a whole-string expression (RFC 6901 and
  Arazzo 1.0 allow them); inside ``{...}`` a ``}`` ends the expression.
* ``$message.`` and the ``payload`` source (AsyncAPI, Arazzo 1.1) are parsed; the
  compiler decides what it supports.
"""

from __future__ import annotations

from collections.abc import Iterator

from arazzogen.expressions._scanner import WORD, Scanner, check_version
from arazzogen.expressions.ast import (
    And,
    Compare,
    Condition,
    ExpressionError,
    Not,
    Or,
    RuntimeExpr,
    Template,
    Truthy,
)

# ---------------------------------------------------------------------- public API

_BRACELESS_DOTTED = ("inputs", "steps", "response", "request", "outputs", "workflows",
                     "sourceDescriptions", "components")
_BRACELESS_BARE = ("statusCode", "url", "method")


def parse_runtime_expression(text: str, *, version: str = "1.1", offset: int = 0) -> RuntimeExpr:
    """Parse ``text``, which must be exactly one runtime expression.

    ``start``/``end`` of the result and the offset of an ``ExpressionError`` are
    positions in ``text`` plus ``offset`` (the position of ``text`` in its enclosing
    string).
    """
    scanner = Scanner(text, version=version, mode="whole", base=offset)
    expr, _ = scanner.scan(0)
    return expr


def _braceless_at(text: str, i: int, version: str) -> bool:
    """Whether ``text[i]`` (a '$') starts a known expression written without braces."""
    j = i + 1
    while j < len(text) and text[j] in WORD:
        j += 1
    word = text[i + 1 : j]
    after = text[j : j + 1]
    dotted = _BRACELESS_DOTTED + (("message",) if version == "1.1" else ())
    bare = _BRACELESS_BARE + (("self",) if version == "1.1" else ())
    return (word in dotted and after == ".") or word in bare


def parse_value(
    text: str, *, version: str = "1.1", braceless: bool = True
) -> RuntimeExpr | Template | str:
    """Parse a parameter value, payload string or output.

    * exactly one runtime expression (``$inputs.id``) -> ``RuntimeExpr`` (type kept);
    * text embedding ``{$...}`` -> ``Template`` (``{$inputs.id}`` alone is a Template
      too: an embedded expression is converted to a string);
    * text embedding a known expression without braces (``Bearer $inputs.key``) ->
      ``Template`` listing it in ``braceless`` too (lenient; off with
      ``braceless=False``, e.g. for regex and JSONPath conditions);
    * anything else (``costs $5``, ``{"a": 1}``) -> the string itself.

    A ``{`` not followed by ``$`` and a lone ``}`` are literal text. A malformed
    ``{$...}``, or a malformed expression that starts with a known prefix, raises
    ``ExpressionError``.
    """
    check_version(version)
    whole_error: ExpressionError | None = None
    if text.startswith("$"):
        try:
            return parse_runtime_expression(text, version=version)
        except ExpressionError as error:
            whole_error = error
    parts: list[str | RuntimeExpr] = []
    found: list[RuntimeExpr] = []
    loose: list[RuntimeExpr] = []
    literal_start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        embedded = ch == "{" and text.startswith("$", i + 1)
        bare = ch == "$" and braceless and _braceless_at(text, i, version)
        if not (embedded or bare):
            i += 1
            continue
        if literal_start < i:
            parts.append(text[literal_start:i])
        if embedded:
            scanner = Scanner(text, version=version, mode="embedded")
            expr, end = scanner.scan(i + 1)
            i = end + 1  # past the '}' that _finish checked
        else:
            try:
                expr, i = Scanner(text, version=version, mode="braceless").scan(i)
            except ExpressionError:
                if i == 0 and whole_error is not None:
                    raise whole_error from None
                raise
            loose.append(expr)
        parts.append(expr)
        found.append(expr)
        literal_start = i
    if not found:
        if whole_error is not None and _braceless_at(text, 0, version):
            raise whole_error
        return text
    if literal_start < n:
        parts.append(text[literal_start:])
    return Template(parts=tuple(parts), braceless=tuple(loose))


def iter_runtime_expressions(
    node: RuntimeExpr | Template | Condition | str,
) -> Iterator[RuntimeExpr]:
    """Every runtime expression inside ``node``, in source order."""
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, RuntimeExpr):
            yield item
        elif isinstance(item, Template):
            stack.extend(p for p in reversed(item.parts) if isinstance(p, RuntimeExpr))
        elif isinstance(item, Compare):
            stack.extend((item.right, item.left))
        elif isinstance(item, Truthy | Not):
            stack.append(item.operand)
        elif isinstance(item, And | Or):
            stack.extend((item.right, item.left))
        # str and Lit hold no expression
