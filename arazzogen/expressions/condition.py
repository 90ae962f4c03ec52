"""Parser for the ``simple`` criterion language (Criterion Object, Arazzo 1.0.1/1.1.0).

Grammar, loosest binding first (``!`` > comparisons > ``&&`` > ``||``)::

    condition  = or
    or         = and *( "||" and )
    and        = unary *( "&&" unary )
    unary      = *"!" primary
    primary    = "(" or ")" / operand [ compare-op operand ]
    operand    = runtime-expression / literal
    compare-op = "==" / "!=" / "<" / "<=" / ">" / ">="

* Literals: ``true``, ``false``, ``null`` (lowercase), JSON numbers (``-1``, ``2.5``,
  ``1e3``), single-quoted strings where a quote is written twice (``'it''s'``, as the
  spec says; a backslash is an ordinary character), and double-quoted strings (used by
  real documents; read as JSON strings, so ``"a\\nb"`` holds a newline; ``Lit`` records
  ``double_quoted``).
* A bare operand is a ``Truthy`` condition. ``&&`` and ``||`` group to the left.
* A runtime expression ends at whitespace, an operator or ``)``. The spec's index
  (``[]``) and dereference (``.``) operators are supported directly after a body,
  payload or named value: ``$response.body#/items[0].id`` and ``$inputs.ids['a']`` fold
  into the expression's JSON Pointer. ``[]`` and ``.`` anywhere else are errors.
* Not supported, with an error saying so: ``!`` directly before a comparison
  (``!$a == 1``: write ``!($a == 1)`` or ``$a != 1``), chained comparisons
  (``1 < $a < 3``), comparing a parenthesised condition, arithmetic, functions.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from typing import NoReturn, cast

from arazzogen.expressions._scanner import COND_STOP, Scanner, check_version, read_single_quoted
from arazzogen.expressions.ast import (
    And,
    Compare,
    CompareOp,
    Condition,
    ExpressionError,
    Lit,
    LiteralValue,
    Not,
    Or,
    RuntimeExpr,
    Truthy,
)

MAX_DEPTH = 32
"""Deepest nesting of ``(`` and ``!`` accepted."""
MAX_OPERATORS = 64
"""Most ``&&`` / ``||`` accepted in one condition."""

_COMPARE: tuple[CompareOp, ...] = ("==", "!=", "<=", ">=", "<", ">")
_SYMBOLS = ("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")")
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")
_KEYWORDS: dict[str, LiteralValue] = {"true": True, "false": False, "null": None}
_NUMBER_FOLLOW = frozenset(string.ascii_letters + string.digits + "_.$'\"")


@dataclass(frozen=True)
class _Token:
    kind: str  # "operand", "op" or "end"
    start: int
    end: int
    op: str = ""
    operand: RuntimeExpr | Lit | None = None


def _fail(message: str, offset: int) -> NoReturn:
    raise ExpressionError(message, offset)


class _Lexer:
    def __init__(self, text: str, version: str) -> None:
        self.text = text
        self.version = version

    def tokens(self) -> list[_Token]:
        text = self.text
        out: list[_Token] = []
        i = 0
        while True:
            while i < len(text) and text[i].isspace():
                i += 1
            if i >= len(text):
                out.append(_Token("end", i, i))
                return out
            token = self._token(i)
            out.append(token)
            i = token.end

    def _token(self, i: int) -> _Token:
        text = self.text
        ch = text[i]
        if ch == "$":
            expr, end = Scanner(text, version=self.version, mode="condition").scan(i)
            return _Token("operand", i, end, operand=expr)
        if ch == "'":
            value, end = read_single_quoted(text, i, _fail)
            if text[end : end + 1] and text[end] in _WORD_CHARS:
                _fail(f"unexpected {text[end]!r} after the string {text[i:end]}; a quote "
                      "inside a string is written twice ('it''s')", end)
            return _Token("operand", i, end, operand=Lit(value, i, end))
        if ch == '"':
            return self._double_quoted(i)
        if ch.isdigit() or (ch == "-" and text[i + 1 : i + 2].isdigit()):
            return self._number(i)
        if ch in _WORD_CHARS:
            return self._word(i)
        for symbol in _SYMBOLS:
            if text.startswith(symbol, i):
                return _Token("op", i, i + len(symbol), op=symbol)
        hints = {"=": "; did you mean '=='?", "&": "; did you mean '&&'?",
                 "|": "; did you mean '||'?"}
        if ch in "[].":
            _fail(f"unexpected {ch!r}; '[]' and '.' may only follow a runtime expression", i)
        _fail(
            f"unexpected {ch!r}; expected a runtime expression, a literal, an operator, "
            f"'(' or ')'{hints.get(ch, '')}",
            i,
        )

    def _double_quoted(self, i: int) -> _Token:
        text = self.text
        j = i + 1
        while j < len(text) and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        if j >= len(text):
            _fail('unterminated string: expected a closing \'"\'', i)
        try:
            value = json.JSONDecoder(strict=False).decode(text[i : j + 1])
        except ValueError:
            _fail("invalid escape in a double-quoted string (JSON escapes such as "
                  '\\" \\\\ \\n \\uXXXX)', i)
        return _Token("operand", i, j + 1, operand=Lit(cast(str, value), i, j + 1, True))

    def _number(self, i: int) -> _Token:
        text = self.text
        j = i + 1 if text[i] == "-" else i
        start_digits = j
        while j < len(text) and text[j].isdigit():
            j += 1
        if j - start_digits > 1 and text[start_digits] == "0":
            _fail("a number cannot have leading zeros", start_digits)
        is_float = False
        if text[j : j + 1] == "." and text[j + 1 : j + 2].isdigit():
            is_float = True
            j += 1
            while j < len(text) and text[j].isdigit():
                j += 1
        if text[j : j + 1] in ("e", "E"):
            k = j + 1
            if text[k : k + 1] in ("+", "-"):
                k += 1
            if text[k : k + 1].isdigit():
                is_float = True
                j = k
                while j < len(text) and text[j].isdigit():
                    j += 1
        if text[j : j + 1] and text[j] in _NUMBER_FOLLOW:
            _fail(f"unexpected {text[j]!r} after the number {text[i:j]!r}", j)
        raw = text[i:j]
        try:
            value: int | float = float(raw) if is_float else int(raw)
        except ValueError:  # e.g. more digits than int() converts
            _fail(f"the number {raw[:20]!r}... is too long", i)
        if value in (float("inf"), float("-inf")):
            _fail(f"the number {raw!r} is out of range", i)
        return _Token("operand", i, j, operand=Lit(value, i, j))

    def _word(self, i: int) -> _Token:
        text = self.text
        j = i
        while j < len(text) and text[j] in _WORD_CHARS:
            j += 1
        word = text[i:j]
        if word in _KEYWORDS:
            if text[j : j + 1] and not (text[j].isspace() or text[j] in COND_STOP):
                _fail(f"unexpected {text[j]!r} after {word!r}", j)
            return _Token("operand", i, j, operand=Lit(_KEYWORDS[word], i, j))
        hint = ""
        if word.lower() in _KEYWORDS:
            hint = f"; literals are lowercase: '{word.lower()}'"
        elif word.lower() in ("and", "or", "not"):
            hint = "; use '&&', '||' and '!'"
        else:
            hint = "; strings need single quotes ('text') and expressions start with '$'"
        _fail(f"unexpected word {word!r}{hint}", i)


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.operators = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        token = self.tokens[self.i]
        if token.kind != "end":
            self.i += 1
        return token

    def is_op(self, *ops: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.op in ops

    def parse(self) -> Condition:
        node = self.parse_or(0)
        token = self.peek()
        if token.kind != "end":
            what = f"'{token.op}'" if token.kind == "op" else "an operand"
            _fail(f"unexpected {what}; expected '&&', '||' or the end of the condition",
                  token.start)
        return node

    def _count_operator(self) -> None:
        self.operators += 1
        if self.operators > MAX_OPERATORS:
            _fail(f"condition has more than {MAX_OPERATORS} '&&'/'||'; split it into "
                  "several criteria", self.peek().start)

    def parse_or(self, depth: int) -> Condition:
        node = self.parse_and(depth)
        while self.is_op("||"):
            self._count_operator()
            self.advance()
            node = Or(node, self.parse_and(depth))
        return node

    def parse_and(self, depth: int) -> Condition:
        node = self.parse_unary(depth)
        while self.is_op("&&"):
            self._count_operator()
            self.advance()
            node = And(node, self.parse_unary(depth))
        return node

    def parse_unary(self, depth: int) -> Condition:
        nots = 0
        while self.is_op("!"):
            nots += 1
            if depth + nots > MAX_DEPTH:
                _fail(f"condition nested deeper than {MAX_DEPTH} levels", self.peek().start)
            self.advance()
        node = self.parse_primary(depth + nots, after_not=nots > 0)
        for _ in range(nots):
            node = Not(node)
        return node

    def parse_primary(self, depth: int, *, after_not: bool) -> Condition:
        token = self.advance()
        if token.kind == "op" and token.op == "(":
            if depth + 1 > MAX_DEPTH:
                _fail(f"condition nested deeper than {MAX_DEPTH} levels", token.start)
            node = self.parse_or(depth + 1)
            close = self.advance()
            if not (close.kind == "op" and close.op == ")"):
                _fail(f"expected ')' to close the '(' at offset {token.start}", close.start)
            if self.is_op(*_COMPARE):
                _fail("a parenthesised condition cannot be compared; compare operands, "
                      "e.g. '($a == 1) && ($b == 2)'", self.peek().start)
            return node
        left = self._operand(token)
        if not self.is_op(*_COMPARE):
            return Truthy(left)
        op_token = self.advance()
        if after_not:
            _fail(f"'!' binds tighter than '{op_token.op}'; write '!(... {op_token.op} ...)'"
                  " or use '!='", op_token.start)
        right = self._operand(self.advance())
        if self.is_op(*_COMPARE):
            _fail("comparisons cannot be chained; join them with '&&'", self.peek().start)
        return Compare(cast(CompareOp, op_token.op), left, right)

    def _operand(self, token: _Token) -> RuntimeExpr | Lit:
        if token.kind == "operand" and token.operand is not None:
            return token.operand
        found = "the end of the condition" if token.kind == "end" else f"'{token.op}'"
        _fail(f"expected a runtime expression, a literal, '!' or '(', found {found}",
              token.start)


def parse_condition(text: str, *, version: str = "1.1") -> Condition:
    """Parse a ``simple`` criterion condition such as ``$statusCode == 200``.

    Raises ``ExpressionError`` (with a 0-based offset into ``text``) when it does not
    parse.
    """
    check_version(version)
    if not text.strip():
        _fail("empty condition", 0)
    tokens = _Lexer(text, version).tokens()
    return _Parser(tokens).parse()
