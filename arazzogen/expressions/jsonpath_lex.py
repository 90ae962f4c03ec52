"""Lexical rules of RFC 9535 JSONPath: string literals, integers and numbers.

Each scanner reads one token of ``text`` at ``pos`` and returns its value and the offset
after it, or raises ``ExpressionError`` at the token's start.
"""

from __future__ import annotations

from arazzogen.expressions.ast import ExpressionError

__all__ = ["DIGITS", "MAX_INT", "scan_int", "scan_number", "scan_string"]

MAX_INT = 2**53 - 1
"""Largest magnitude of an index or slice bound (I-JSON exact integers)."""

DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "/": "/", "\\": "\\"}


def _digits_end(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in DIGITS:
        pos += 1
    return pos


def scan_int(text: str, pos: int) -> tuple[int, int]:
    """An index or slice bound: ``0`` or ``-``? non-zero digit, digits; no ``-0``."""
    start = pos
    if text.startswith("-", pos):
        pos += 1
    end = _digits_end(text, pos)
    digits = text[pos:end]
    if not digits:
        raise ExpressionError("expected an integer", start)
    if len(digits) > 1 and digits[0] == "0":
        raise ExpressionError("integers have no leading zeros", start)
    if digits == "0" and pos > start:
        raise ExpressionError("'-0' is not an index", start)
    if len(digits) > 16 or int(digits) > MAX_INT:
        raise ExpressionError("integer is outside the range -(2^53-1)..2^53-1", start)
    return (-int(digits) if pos > start else int(digits)), end


def scan_number(text: str, pos: int) -> tuple[int | float, int]:
    """A number literal: ``(int / "-0") [frac] [exp]``; an int unless it has either."""
    start = pos
    if text.startswith("-", pos):
        pos += 1
    end = _digits_end(text, pos)
    if end == pos:
        raise ExpressionError("invalid number", start)
    if text[pos] == "0" and end > pos + 1:
        raise ExpressionError("numbers have no leading zeros", start)
    pos = end
    is_float = False
    if text.startswith(".", pos):
        is_float = True
        end = _digits_end(text, pos + 1)
        if end == pos + 1:
            raise ExpressionError("a fraction needs digits after '.'", start)
        pos = end
    if pos < len(text) and text[pos] in "eE":
        is_float = True
        pos += 1
        if pos < len(text) and text[pos] in "+-":
            pos += 1
        end = _digits_end(text, pos)
        if end == pos:
            raise ExpressionError("an exponent needs digits", start)
        pos = end
    literal = text[start:pos]
    try:
        return (float(literal) if is_float else int(literal)), pos
    except ValueError:
        raise ExpressionError("number literal is too long", start) from None


def scan_string(text: str, pos: int) -> tuple[str, int]:
    """A string literal in single or double quotes, with JSON escapes (RFC 9535 2.3.1.1)."""
    start = pos
    quote = text[pos]
    pos += 1
    out: list[str] = []
    while True:
        if pos >= len(text):
            raise ExpressionError("unterminated string literal", start)
        ch = text[pos]
        if ch == quote:
            return "".join(out), pos + 1
        if ch == "\\":
            value, pos = _scan_escape(text, pos, quote)
            out.append(value)
            continue
        code = ord(ch)
        if code < 0x20:
            raise ExpressionError(f"control character U+{code:04X} must be escaped", pos)
        if 0xD800 <= code <= 0xDFFF:
            raise ExpressionError("lone surrogate in a string", pos)
        out.append(ch)
        pos += 1


def _scan_escape(text: str, pos: int, quote: str) -> tuple[str, int]:
    start = pos
    ch = text[pos + 1 : pos + 2]
    if ch == quote:
        return quote, pos + 2
    if ch and ch in _ESCAPES:
        return _ESCAPES[ch], pos + 2
    if ch != "u":
        raise ExpressionError(f"invalid escape '\\{ch}' in a string", start)
    code = _hex4(text, pos + 2, start)
    pos += 6
    if 0xDC00 <= code <= 0xDFFF:
        raise ExpressionError("low surrogate escape without a high surrogate", start)
    if 0xD800 <= code <= 0xDBFF:
        low = _hex4(text, pos + 2, start) if text.startswith("\\u", pos) else -1
        if not 0xDC00 <= low <= 0xDFFF:
            raise ExpressionError("a high surrogate escape needs a low surrogate escape", start)
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        pos += 6
    return chr(code), pos


def _hex4(text: str, pos: int, start: int) -> int:
    digits = text[pos : pos + 4]
    if len(digits) != 4 or any(c not in _HEX for c in digits):
        raise ExpressionError("'\\u' needs four hexadecimal digits", start)
    return int(digits, 16)
