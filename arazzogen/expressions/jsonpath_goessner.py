"""Goessner's JSONPath (``draft-goessner-dispatch-jsonpath-00``) read as RFC 9535.

Arazzo's Expression Type Object names Goessner's draft as a ``jsonpath`` version. Its
syntax is mostly the RFC's: names, indexes, ``*``, ``..``, slices, unions and filters,
whose Goessner spelling ``[?(@.x == 'y')]`` is also an RFC 9535 filter (a parenthesised
logical expression). Those are compiled with RFC 9535 semantics. ``[?(@.isbn)]`` is an
RFC existence test: the draft describes it as "filter all books with isbn number".

The rest of Goessner's syntax is JavaScript evaluated by the implementation, with no
RFC 9535 meaning (or a different one): script expressions ``[(@.length-1)]``,
arithmetic, ``.length`` and other properties or methods of JavaScript values, ``=~`` and
``/regex/`` literals, ``===``. :func:`goessner_only` names the first such construct, so
that the compiler refuses it with a message that says what it is and what to write.
"""

from __future__ import annotations

from arazzogen.expressions.ast import ExpressionError, JsonPathQuery, LenientJsonPathComparison
from arazzogen.expressions.jsonpath import parse_jsonpath, parse_jsonpath_condition

__all__ = ["GOESSNER", "goessner_only", "parse_versioned", "parse_versioned_condition"]

GOESSNER = "draft-goessner-dispatch-jsonpath-00"

_OPERAND_END = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_)]'\"")
_NAME = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def goessner_only(query: str, *, goessner: bool = True) -> str | None:
    """The first construct of ``query`` (outside string literals) that only Goessner's
    JavaScript-based JSONPath has, described with what to write instead; None when there
    is none. ``goessner``: the query is declared Goessner's, so ``.length`` is the
    JavaScript property (in an RFC 9535 query it is a member name)."""
    i, n = 0, len(query)
    last = ""  # the last significant character outside strings
    depth = 0  # parentheses open: inside a (JavaScript) filter or script expression
    while i < n:
        c = query[i]
        if c in "'\"":
            end = _string_end(query, i)
            last, i = c, end
            continue
        if c.isspace():
            i += 1
            continue
        rest = query[i:]
        if c == "[" and query[i + 1 :].lstrip().startswith("("):
            return (
                "a script expression `[(...)]` (JavaScript computing an index or a name), "
                "which RFC 9535 does not have: write the index or slice itself, e.g. `[-1]` "
                "for `[(@.length-1)]`"
            )
        if rest.startswith(("===", "!==")):
            return (
                f"JavaScript's strict equality `{rest[:3]}`: write `{rest[:2]}` (RFC 9535 "
                "compares without type conversion)"
            )
        if rest.startswith("=~"):
            return (
                "a regular-expression match `=~`: write `match(@.x, 'pattern')` (whole "
                "string) or `search(@.x, 'pattern')` (RFC 9535 functions, I-Regexp)"
            )
        if c == "/" and last not in _OPERAND_END:
            return (
                "a JavaScript regular-expression literal `/.../`: write `match(@.x, "
                "'pattern')` or `search(@.x, 'pattern')`"
            )
        if c in "+-*/%" and last in _OPERAND_END:
            if not depth:
                return f"`{c}` in a member name: write the name in brackets, `['first-name']`"
            return f"arithmetic `{c}` (a JavaScript expression), which RFC 9535 does not have"
        if c == "." and query[i + 1 : i + 2] in _NAME:
            j = i + 1
            while j < n and query[j] in _NAME:
                j += 1
            name = query[i + 1 : j]
            if query[j:].lstrip().startswith("("):
                return (
                    f"the JavaScript method call `.{name}(...)`: RFC 9535 has the functions "
                    "`length()`, `count()`, `match()`, `search()` and `value()`"
                )
            if goessner and name == "length":
                return (
                    "`.length`, in Goessner's JSONPath the JavaScript length of an array or "
                    "string: write `length(@.x)`, or `['length']` for a member of that name"
                )
            last, i = name[-1], j
            continue
        depth += 1 if c == "(" else -1 if c == ")" and depth else 0
        last = c
        i += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The index after the string literal that starts at ``start`` (or the end)."""
    quote, i = text[start], start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i + 1
        else:
            i += 1
    return len(text)


def parse_versioned(query: str, version: str | None) -> JsonPathQuery:
    """A JSONPath query of the given Expression Type version (None: RFC 9535); raises
    :class:`ExpressionError` naming a Goessner-only construct."""
    _refuse_goessner(query, version)
    try:
        return parse_jsonpath(query)
    except ExpressionError as err:
        raise _named(err, query, version) from None


def parse_versioned_condition(
    query: str, version: str | None
) -> JsonPathQuery | LenientJsonPathComparison:
    """Like :func:`parse_versioned`, for a criterion (the lenient comparison form too)."""
    _refuse_goessner(query, version)
    try:
        return parse_jsonpath_condition(query)
    except ExpressionError as err:
        raise _named(err, query, version) from None


def _refuse_goessner(query: str, version: str | None) -> None:
    if version == GOESSNER:
        construct = goessner_only(query)
        if construct is not None:
            raise ExpressionError(f"it uses {construct}")


def _named(err: ExpressionError, query: str, version: str | None) -> ExpressionError:
    """A syntax error, naming the Goessner construct that caused it when there is one."""
    construct = goessner_only(query, goessner=False)
    if construct is not None:
        return ExpressionError(f"{err.message}; the query uses {construct}", err.offset)
    if version == GOESSNER:
        return ExpressionError(f"not RFC 9535 syntax either ({err.message})", err.offset)
    return err
