"""JSONPath (RFC 9535) parser, and the lenient comparison form real Arazzo documents use.

``parse_jsonpath`` is strict RFC 9535: the whole grammar, the well-typedness rules of the
function extensions (``length``, ``count``, ``match``, ``search``, ``value``), singular
queries in comparisons, the I-JSON integer range, whitespace only where the grammar has
``S``. ``parse_jsonpath_condition`` also accepts ``$.status == 'done'`` (a comparison
outside a filter). Every failure is an ``ExpressionError`` with a 0-based offset.
"""

from __future__ import annotations

from typing import Literal, NoReturn

from arazzogen.expressions.ast import (
    AndExpr,
    Comparable,
    CompareOp,
    ComparisonExpr,
    ExpressionError,
    FilterSelector,
    FunctionArg,
    FunctionCall,
    IndexSelector,
    JsonLiteral,
    JsonPathQuery,
    LenientJsonPathComparison,
    LiteralValue,
    LogicalExpr,
    NameSelector,
    NotExpr,
    OrExpr,
    Segment,
    Selector,
    SliceSelector,
    TestExpr,
    WildcardSelector,
)
from arazzogen.expressions.iregexp import translate_iregexp
from arazzogen.expressions.jsonpath_lex import DIGITS, MAX_INT, scan_int, scan_number, scan_string

__all__ = ["MAX_INT", "parse_jsonpath", "parse_jsonpath_condition"]

# Implementation limits, generous for real documents, that keep the parser's recursion and
# the nesting of the generated Python (its parser allows 200 open brackets) bounded.
_MAX_NESTING = 32
_MAX_SEGMENTS = 48
_BLANKS = " \t\n\r"
_OPERATORS: tuple[CompareOp, ...] = ("==", "!=", "<=", ">=", "<", ">")
_FunctionName = Literal["length", "count", "match", "search", "value"]
_FUNCTION_NAMES: dict[str, _FunctionName] = {
    "length": "length",
    "count": "count",
    "match": "match",
    "search": "search",
    "value": "value",
}
# RFC 9535 section 2.4: declared result types; count() and value() take NodesType, the
# others ValueType parameters.
_FUNCTIONS = {
    "length": "value",
    "count": "value",
    "value": "value",
    "match": "logical",
    "search": "logical",
}
_ARITY = {"length": 1, "count": 1, "value": 1, "match": 2, "search": 2}


def parse_jsonpath(text: str) -> JsonPathQuery:
    """Parse an RFC 9535 JSONPath query; ExpressionError when it is not one."""
    parser = _Parser(text)
    try:
        return parser.parse_query_text()
    except RecursionError:
        raise ExpressionError("expression is nested too deeply", parser.pos) from None


def parse_jsonpath_condition(text: str) -> JsonPathQuery | LenientJsonPathComparison:
    """A ``type: jsonpath`` criterion: a query (strict), else the lenient comparison form.

    The lenient form compares singular queries rooted at ``$`` and literals, combined
    with ``&&``, ``||``, ``!`` and parentheses: ``$.status == 'queued' || $.n > 0``.
    When neither parses, the strict parser's error is raised.
    """
    try:
        return parse_jsonpath(text)
    except ExpressionError as strict_error:
        parser = _Parser(text, lenient=True)
        try:
            return LenientJsonPathComparison(parser.parse_lenient_text())
        except (ExpressionError, RecursionError):
            raise strict_error from None


class _Bare:
    """An operand not (yet) compared: a literal, a query or a function call."""

    def __init__(self, operand: Comparable, offset: int) -> None:
        self.operand = operand
        self.offset = offset


class _Parser:
    def __init__(self, text: str, *, lenient: bool = False) -> None:
        self.text = text
        self.pos = 0
        self.lenient = lenient
        self.nesting = 0
        self.filters = 0
        self.segments = 0

    # ------------------------------------------------------------------ scanning

    def fail(self, message: str, offset: int | None = None) -> NoReturn:
        raise ExpressionError(message, self.pos if offset is None else offset)

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else ""

    def blanks(self) -> None:
        while self.peek() and self.peek() in _BLANKS:
            self.pos += 1

    def at(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def expect(self, token: str, what: str) -> None:
        if not self.at(token):
            found = repr(self.peek()) if self.peek() else "the end"
            self.fail(f"expected {what}, found {found}")
        self.pos += len(token)

    def describe(self) -> str:
        return repr(self.peek()) if self.peek() else "the end of the expression"

    # ------------------------------------------------------------------ queries

    def parse_query_text(self) -> JsonPathQuery:
        if self.peek() != "$":
            self.fail("a JSONPath query starts with '$'")
        query = self.parse_query()
        if self.pos != len(self.text):
            rest = self.text[self.pos :].lstrip(_BLANKS)
            operator = rest[: len(rest) - len(rest.lstrip("=!<>&|"))]
            if operator:
                self.fail(
                    f"unexpected {operator!r}: comparisons and logical operators "
                    "belong inside a filter selector, e.g. $[?@.status == 'done']"
                )
            if self.peek() in _BLANKS:
                self.fail("unexpected whitespace")
            self.fail(f"unexpected {self.describe()}")
        return query

    def parse_query(self) -> JsonPathQuery:
        root: Literal["$", "@"] = "$" if self.peek() == "$" else "@"
        self.pos += 1
        segments: list[Segment] = []
        while True:
            save = self.pos
            self.blanks()
            if self.at(".."):
                self.pos += 2
                segments.append(Segment(self.parse_descendant_selectors(), descendant=True))
            elif self.at("."):
                self.pos += 1
                segments.append(Segment((self.parse_dot_selector(),)))
            elif self.at("["):
                segments.append(Segment(self.parse_bracketed()))
            else:
                self.pos = save
                return JsonPathQuery(root, tuple(segments))
            last = segments[-1]
            simple = isinstance(last.selectors[0], NameSelector | IndexSelector)
            if last.descendant or len(last.selectors) > 1 or not simple:
                self.segments += 1
            if self.segments > _MAX_SEGMENTS:
                self.fail(f"query is too complex (over {_MAX_SEGMENTS} non-trivial segments)")

    def parse_descendant_selectors(self) -> tuple[Selector, ...]:
        if self.at("["):
            return self.parse_bracketed()
        return (self.parse_dot_selector(),)

    def parse_dot_selector(self) -> Selector:
        if self.at("*"):
            self.pos += 1
            return WildcardSelector()
        if not _is_name_first(self.peek()):
            if self.peek() and self.peek() in _BLANKS:
                self.fail("no whitespace is allowed after '.' or '..'")
            self.fail(f"expected a member name or '*' after '.', found {self.describe()}")
        start = self.pos
        while _is_name_first(self.peek()) or (self.peek() and self.peek() in DIGITS):
            self.pos += 1
        return NameSelector(self.text[start : self.pos])

    def parse_bracketed(self) -> tuple[Selector, ...]:
        self.pos += 1
        selectors: list[Selector] = []
        while True:
            self.blanks()
            selectors.append(self.parse_selector())
            self.blanks()
            if self.at(","):
                self.pos += 1
                continue
            self.expect("]", "',' or ']'")
            return tuple(selectors)

    def parse_selector(self) -> Selector:
        ch = self.peek()
        if ch in ("'", '"'):
            return NameSelector(self.parse_string())
        if ch == "*":
            self.pos += 1
            return WildcardSelector()
        if ch == "?":
            self.pos += 1
            self.blanks()
            self.filters += 1
            expr = self.parse_logical()
            self.filters -= 1
            return FilterSelector(expr)
        if ch and (ch in DIGITS or ch in "-:"):
            return self.parse_index_or_slice()
        if ch in ("@", "$"):
            self.fail(f"a query in brackets needs a filter: '[?{ch}...]'")
        self.fail(f"expected a selector, found {self.describe()}")

    def parse_index_or_slice(self) -> Selector:
        start = self.parse_int() if self.peek() != ":" else None
        save = self.pos
        self.blanks()
        if not self.at(":"):
            self.pos = save
            if start is None:
                self.fail("expected ':' in a slice")
            return IndexSelector(start)
        self.pos += 1
        self.blanks()
        end = self.parse_int() if self.peek() in ("-", *DIGITS) and self.peek() else None
        self.blanks()
        step = None
        if self.at(":"):
            self.pos += 1
            self.blanks()
            step = self.parse_int() if self.peek() in ("-", *DIGITS) and self.peek() else None
        return SliceSelector(start, end, step)

    def parse_int(self) -> int:
        value, self.pos = scan_int(self.text, self.pos)
        return value

    def parse_string(self) -> str:
        value, self.pos = scan_string(self.text, self.pos)
        return value

    # ------------------------------------------------------------------ filters

    def parse_lenient_text(self) -> LogicalExpr:
        self.blanks()
        expr = self.parse_logical()
        self.blanks()
        if self.pos != len(self.text):
            self.fail(f"unexpected {self.describe()}")
        return expr

    @property
    def lenient_here(self) -> bool:
        return self.lenient and self.filters == 0

    def parse_logical(self) -> LogicalExpr:
        result = self.parse_or()
        if isinstance(result, _Bare):
            return self.as_test(result)
        return result

    def parse_or(self) -> LogicalExpr | _Bare:
        self.nesting += 1
        if self.nesting > _MAX_NESTING:
            self.fail("expression is nested too deeply")
        operands = [self.parse_and()]
        while True:
            save = self.pos
            self.blanks()
            if not self.at("||"):
                self.pos = save
                break
            self.pos += 2
            self.blanks()
            operands.append(self.parse_and())
        self.nesting -= 1
        if len(operands) == 1:
            return operands[0]
        return OrExpr(tuple(self.as_logical(o) for o in operands))

    def parse_and(self) -> LogicalExpr | _Bare:
        operands = [self.parse_basic()]
        while True:
            save = self.pos
            self.blanks()
            if not self.at("&&"):
                self.pos = save
                break
            self.pos += 2
            self.blanks()
            operands.append(self.parse_basic())
        if len(operands) == 1:
            return operands[0]
        return AndExpr(tuple(self.as_logical(o) for o in operands))

    def parse_basic(self) -> LogicalExpr | _Bare:
        if self.at("!"):
            bang = self.pos
            self.pos += 1
            self.blanks()
            if self.at("("):
                return NotExpr(self.parse_paren())
            start = self.pos
            if self.peek() not in ("@", "$") and not _is_lower(self.peek()):
                self.fail("'!' applies to a query, a function or a parenthesized expression")
            negated = NotExpr(self.as_test(_Bare(self.parse_operand(), start)))
            if self.text[self.pos :].lstrip(_BLANKS)[:1] in ("=", "!", "<", ">"):
                self.fail("'!' cannot negate a comparison; write !(...) around it", bang)
            return negated
        if self.at("("):
            return self.parse_paren()
        start = self.pos
        left = self.parse_operand()
        save = self.pos
        self.blanks()
        op = next((o for o in _OPERATORS if self.at(o)), None)
        if op is None:
            self.pos = save
            return _Bare(left, start)
        self.pos += len(op)
        self.blanks()
        right_start = self.pos
        right = self.parse_operand()
        return ComparisonExpr(
            op, self.as_comparable(left, start), self.as_comparable(right, right_start)
        )

    def parse_paren(self) -> LogicalExpr:
        self.pos += 1
        self.blanks()
        expr = self.parse_logical()
        self.blanks()
        self.expect(")", "')'")
        return expr

    def parse_operand(self) -> Comparable:
        ch = self.peek()
        if ch == "@" and self.lenient_here:
            self.fail("'@' is only meaningful inside a filter")
        if ch in ("@", "$"):
            return self.parse_query()
        if ch in ("'", '"'):
            return JsonLiteral(self.parse_string())
        if ch == "-" or (ch and ch in DIGITS):
            return JsonLiteral(self.parse_number())
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.at(word):
                self.pos += len(word)
                return JsonLiteral(value)
        if _is_lower(ch) and not self.lenient_here:
            return self.parse_function()
        self.fail(f"expected a query, a literal or a function, found {self.describe()}")

    def parse_number(self) -> LiteralValue:
        value, self.pos = scan_number(self.text, self.pos)
        return value

    def parse_function(self) -> FunctionCall:
        start = self.pos
        while _is_lower(self.peek()) or (self.peek() and self.peek() in DIGITS + "_"):
            self.pos += 1
        name = self.text[start : self.pos]
        if name not in _FUNCTIONS:
            self.fail(f"unknown function {name!r}", start)
        if not self.at("("):
            self.fail(f"expected '(' right after the function name {name!r}")
        self.pos += 1
        self.blanks()
        args: list[tuple[FunctionArg | _Bare, int]] = []
        if not self.at(")"):
            while True:
                arg_start = self.pos
                args.append((self.parse_or(), arg_start))
                self.blanks()
                if not self.at(","):
                    break
                self.pos += 1
                self.blanks()
        self.expect(")", "',' or ')'")
        return self.check_function(name, args, start)

    # ------------------------------------------------------------------ typing

    def check_function(
        self, name: str, args: list[tuple[FunctionArg | _Bare, int]], start: int
    ) -> FunctionCall:
        arity = _ARITY[name]
        if len(args) != arity:
            self.fail(f"{name}() takes {arity} argument{'s' if arity > 1 else ''}", start)
        checked: list[FunctionArg] = []
        for index, (arg, offset) in enumerate(args):
            if name in ("count", "value"):
                checked.append(self.nodes_arg(name, arg, offset))
            else:
                checked.append(self.value_arg(name, arg, offset))
                if index == 1 and name in ("match", "search"):
                    self.check_regex(checked[-1], offset)
        return FunctionCall(_FUNCTION_NAMES[name], tuple(checked))

    def nodes_arg(self, name: str, arg: FunctionArg | _Bare, offset: int) -> FunctionArg:
        if isinstance(arg, _Bare) and isinstance(arg.operand, JsonPathQuery):
            return arg.operand
        self.fail(f"the argument of {name}() must be a query (NodesType)", offset)

    def value_arg(self, name: str, arg: FunctionArg | _Bare, offset: int) -> FunctionArg:
        if isinstance(arg, _Bare):
            return self.as_comparable(arg.operand, offset, context=f"an argument of {name}()")
        self.fail(f"an argument of {name}() must be a value, not a logical expression", offset)

    def check_regex(self, arg: FunctionArg, offset: int) -> None:
        if isinstance(arg, JsonLiteral) and isinstance(arg.value, str):
            try:
                translate_iregexp(arg.value)
            except ExpressionError as exc:
                self.fail(exc.message, offset)

    def as_comparable(
        self, operand: Comparable, offset: int, context: str = "a comparison"
    ) -> Comparable:
        if isinstance(operand, JsonPathQuery) and not operand.singular:
            self.fail(f"a query in {context} must be singular (names and indexes only)", offset)
        if isinstance(operand, FunctionCall) and _FUNCTIONS[operand.name] != "value":
            self.fail(
                f"{operand.name}() returns a logical value; it cannot be used in {context}",
                offset,
            )
        return operand

    def as_test(self, bare: _Bare) -> LogicalExpr:
        operand = bare.operand
        if isinstance(operand, JsonLiteral):
            self.fail("a literal must be compared with something", bare.offset)
        if self.lenient_here:
            self.fail("the lenient form only compares values", bare.offset)
        if isinstance(operand, FunctionCall) and _FUNCTIONS[operand.name] == "value":
            self.fail(f"the result of {operand.name}() must be compared", bare.offset)
        return TestExpr(operand)

    def as_logical(self, item: LogicalExpr | _Bare) -> LogicalExpr:
        return self.as_test(item) if isinstance(item, _Bare) else item


def _is_name_first(ch: str) -> bool:
    if not ch:
        return False
    code = ord(ch)
    if ch.isascii():
        return ch.isalpha() or ch == "_"
    return code >= 0x80 and not 0xD800 <= code <= 0xDFFF


def _is_lower(ch: str) -> bool:
    return bool(ch) and "a" <= ch <= "z"
