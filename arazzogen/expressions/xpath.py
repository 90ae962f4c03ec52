"""XPath 1.0 expressions, parsed at compile time (the subset arazzogen compiles).

Grammar: XPath 1.0 (W3C Recommendation, 1999), sections 2 and 3, with its lexical
disambiguation rules (3.7). The tree keeps every construct of the language; the code
generator (:mod:`arazzogen.build.codegen.xpath_emit`) says which ones it compiles and
names any other. Variables (``$x``) are not part of an Arazzo condition (runtime
expressions are embedded as ``{$...}`` and substituted before parsing) and are a
syntax error here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TypeAlias


class XPathError(ValueError):
    """A syntax error in an XPath expression, at a 0-based offset."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class String:
    value: str


@dataclass(frozen=True)
class Step:
    """``axis::test[predicates]``. ``test`` is a name (``*``, ``prefix:*``, a QName) or
    ``text()``, ``node()``, ``comment()``, ``processing-instruction()``."""

    axis: str
    test: str
    predicates: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class Path:
    """A location path; ``start`` is a filter expression it continues (``f(x)/a``) or
    None; ``absolute`` when it starts at the document root."""

    absolute: bool
    steps: tuple[Step, ...]
    start: Expr | None = None


@dataclass(frozen=True)
class Filter:
    primary: Expr
    predicates: tuple[Expr, ...]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Binary:
    op: str  # or and = != < <= > >= + - * div mod |
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Negate:
    operand: Expr


Expr: TypeAlias = "Number | String | Path | Filter | Call | Binary | Negate"

_NCNAME = r"[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*"
_TOKEN_SOURCE = (
    r"""\s*(?:
    (?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<string>"[^"]*"|'[^']*')
  | (?P<op>//|::|!=|<=|>=|\.\.|[/()\[\]@,|+\-=<>*.$])
  | (?P<name>(?:NCNAME:)?(?:\*|NCNAME))
    )""".replace("NCNAME", _NCNAME)
)


@cache
def _token_pattern() -> re.Pattern[str]:
    # compiled at the first XPath, not at import: its character classes reach U+FFFF,
    # which makes it cost about 9 ms to compile, and most documents have no XPath
    return re.compile(_TOKEN_SOURCE, re.X)


_NODE_TYPES = ("comment", "text", "processing-instruction", "node")
_OPERATOR_NAMES = ("and", "or", "mod", "div")
AXES = (
    "ancestor",
    "ancestor-or-self",
    "attribute",
    "child",
    "descendant",
    "descendant-or-self",
    "following",
    "following-sibling",
    "namespace",
    "parent",
    "preceding",
    "preceding-sibling",
    "self",
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # number string op name operator end
    text: str
    pos: int


def _tokens(text: str) -> list[_Tok]:
    found: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _token_pattern().match(text, pos)
        if match is None or match.end() == pos:
            at = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise XPathError(f"unexpected {text[at]!r}", at)
        kind = match.lastgroup or ""
        value = match.group(kind)
        start = match.start(kind)
        previous = found[-1] if found else None
        # 3.7: after a token that can end an operand, `*` and the operator names are
        # operators
        operand_before = previous is not None and not (
            previous.kind == "operator"
            or (
                previous.kind == "op"
                and previous.text
                in (
                    "@",
                    "::",
                    "(",
                    "[",
                    ",",
                    "/",
                    "//",
                    "|",
                    "+",
                    "-",
                    "=",
                    "!=",
                    "<",
                    "<=",
                    ">",
                    ">=",
                    "$",
                )
            )
        )
        if operand_before and ((kind == "op" and value == "*") or value in _OPERATOR_NAMES):
            kind = "operator"
        found.append(_Tok(kind, value, start))
        pos = match.end()
    found.append(_Tok("end", "", len(text)))
    return found


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> _Tok:
        return self.toks[min(self.i + ahead, len(self.toks) - 1)]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def accept(self, *texts: str) -> _Tok | None:
        tok = self.peek()
        if tok.kind in ("op", "operator") and tok.text in texts:
            return self.take()
        return None

    def expect(self, text: str) -> None:
        if self.accept(text) is None:
            tok = self.peek()
            shown = repr(tok.text) if tok.text else "the end"
            raise XPathError(f"expected {text!r}, found {shown}", tok.pos)

    def parse(self) -> Expr:
        expr = self.binary(0)
        tok = self.peek()
        if tok.kind != "end":
            raise XPathError(f"unexpected {tok.text!r}", tok.pos)
        return expr

    _LEVELS = (
        ("or",),
        ("and",),
        ("=", "!="),
        ("<", "<=", ">", ">="),
        ("+", "-"),
        ("*", "div", "mod"),
    )

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while True:
            tok = self.peek()
            if tok.kind in ("op", "operator") and tok.text in self._LEVELS[level]:
                if tok.text in ("*", "div", "mod", "and", "or") and tok.kind != "operator":
                    break
                self.take()
                left = Binary(tok.text, left, self.binary(level + 1))
            else:
                return left
        return left

    def unary(self) -> Expr:
        if self.accept("-"):
            return Negate(self.unary())
        left = self.path()
        while self.accept("|"):
            left = Binary("|", left, self.path())
        return left

    def path(self) -> Expr:
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("/", "//"):
            self.take()
            steps: list[Step] = []
            if tok.text == "//":
                steps.append(Step("descendant-or-self", "node()"))
                steps.extend(self.relative())
            elif self.starts_step():
                steps.extend(self.relative())
            return Path(True, tuple(steps))
        if self.starts_primary():
            primary = self.primary()
            predicates = self.predicates()
            start: Expr = Filter(primary, predicates) if predicates else primary
            sep = self.accept("/", "//")
            if sep is None:
                return start
            steps = [Step("descendant-or-self", "node()")] if sep.text == "//" else []
            steps.extend(self.relative())
            return Path(False, tuple(steps), start)
        return Path(False, tuple(self.relative()))

    def starts_step(self) -> bool:
        tok = self.peek()
        return tok.kind == "name" or (tok.kind == "op" and tok.text in ("@", ".", "..", "*"))

    def starts_primary(self) -> bool:
        tok = self.peek()
        if tok.kind in ("number", "string") or (tok.kind == "op" and tok.text in ("(", "$")):
            return True
        nxt = self.peek(1)
        return (
            tok.kind == "name"
            and nxt.kind == "op"
            and nxt.text == "("
            and tok.text not in _NODE_TYPES
        )

    def relative(self) -> list[Step]:
        steps = [self.step()]
        while True:
            sep = self.accept("/", "//")
            if sep is None:
                return steps
            if sep.text == "//":
                steps.append(Step("descendant-or-self", "node()"))
            steps.append(self.step())

    def step(self) -> Step:
        if self.accept("."):
            return Step("self", "node()")
        if self.accept(".."):
            return Step("parent", "node()")
        axis = "child"
        if self.accept("@"):
            axis = "attribute"
        elif self.peek().kind == "name" and self.peek(1).text == "::":
            tok = self.take()
            if tok.text not in AXES:
                raise XPathError(f"unknown axis {tok.text!r}", tok.pos)
            axis = tok.text
            self.take()
        tok = self.peek()
        if tok.kind == "op" and tok.text == "*":
            self.take()
            test = "*"
        elif tok.kind == "name":
            self.take()
            test = tok.text
            if tok.text in _NODE_TYPES and self.accept("("):
                if tok.text == "processing-instruction" and self.peek().kind == "string":
                    self.take()
                self.expect(")")
                test = tok.text + "()"
        else:
            shown = repr(tok.text) if tok.text else "the end"
            raise XPathError(
                f"expected a step (a name, '*', '@', '.' or '..'), found {shown}", tok.pos
            )
        return Step(axis, test, self.predicates())

    def predicates(self) -> tuple[Expr, ...]:
        found: list[Expr] = []
        while self.accept("["):
            found.append(self.binary(0))
            self.expect("]")
        return tuple(found)

    def primary(self) -> Expr:
        tok = self.take()
        if tok.kind == "number":
            return Number(float(tok.text))
        if tok.kind == "string":
            return String(tok.text[1:-1])
        if tok.text == "(":
            inner = self.binary(0)
            self.expect(")")
            return inner
        if tok.text == "$":
            raise XPathError(
                "XPath variables are not available: embed a runtime expression as {$...}",
                tok.pos,
            )
        self.expect("(")
        args: list[Expr] = []
        if not self.accept(")"):
            args.append(self.binary(0))
            while self.accept(","):
                args.append(self.binary(0))
            self.expect(")")
        return Call(tok.text, tuple(args))


#: how deeply an expression may nest, counted as :func:`_nesting` does: each location step,
#: call and operator nests the emitted Python one call deeper (a predicate three), and
#: Python's parser refuses more than 200 open brackets; real conditions stay far below
MAX_NESTING = 64


def parse_xpath(text: str) -> Expr:
    """Parse an XPath 1.0 expression; XPathError on a syntax error or past MAX_NESTING."""
    if not text.strip():
        raise XPathError("an empty XPath expression", 0)
    try:
        expr = _Parser(text).parse()
    except RecursionError:
        raise XPathError("the expression is nested too deeply", 0) from None
    if _nesting(expr) > MAX_NESTING:
        raise XPathError(
            f"the expression nests more than {MAX_NESTING} location steps, predicates, "
            "function calls and operators (the limit of the compiled subset)",
            0,
        )
    return expr


def _nesting(expr: Expr) -> int:
    """An upper bound of the nesting of the Python emitted for ``expr``, counted in
    calls: a step wraps the steps before it, a predicate wraps them in a filter whose
    lambda holds the predicate, a call or an operator wraps its operands (with a
    conversion). The tree is no deeper than the parser's recursion allowed."""
    if isinstance(expr, (Number, String)):
        return 0
    if isinstance(expr, Negate):
        return 2 + _nesting(expr.operand)
    if isinstance(expr, Binary):
        return 2 + max(_nesting(expr.left), _nesting(expr.right))
    if isinstance(expr, Call):
        return 2 + max((_nesting(arg) for arg in expr.args), default=0)
    if isinstance(expr, Filter):
        return _predicates(_nesting(expr.primary), expr.predicates)
    depth = 0 if expr.start is None else _nesting(expr.start)
    for step in expr.steps:
        depth = _predicates(depth + 1, step.predicates)
    return depth


def _predicates(depth: int, predicates: tuple[Expr, ...]) -> int:
    deepest = depth
    for predicate in predicates:
        depth += 1
        deepest = max(deepest, depth + 2 + _nesting(predicate))
    return max(depth, deepest)
