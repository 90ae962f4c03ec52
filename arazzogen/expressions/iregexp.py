"""I-Regexp (RFC 9485) to Python ``re``, for the JSONPath ``match`` and ``search`` functions.

The compiler translates a literal pattern once, at compile time (``translate_iregexp``).
When the pattern is only known at run time, the generated module embeds the ``_jp_*``
functions below, by their source, so every function here is self-contained: standard
library only, no module-level state, Python 3.10 syntax without a ``__future__`` import.

Translation, as RFC 9485 section 5 describes for regexp flavours like Python's:

* ``.`` matches any character but CR and LF: ``[^\\n\\r]``.
* groups ``(...)`` are non-capturing: ``(?:...)``.
* ``\\p{Lu}`` / ``\\P{Lu}`` (Python's ``re`` has no Unicode properties) become explicit
  character classes from ``unicodedata``.
* ``^`` and ``$`` act as anchors, as in the ECMAScript and PCRE mappings (the JSONPath
  compliance test suite expects this); ``$`` becomes ``\\Z``.
* every literal character is escaped, so the result is plain ASCII.

Whole-string matching (``match``) is the caller's ``re.fullmatch``.
"""

import functools
import re
import unicodedata

from arazzogen.expressions.ast import ExpressionError

__all__ = ["RUNTIME_FUNCTIONS", "translate_iregexp"]


def translate_iregexp(pattern: str) -> str:
    """The Python ``re`` pattern for an I-Regexp, or ExpressionError (offset into it)."""
    try:
        return _jp_iregexp_translate(pattern)
    except ValueError as exc:
        message = str(exc.args[0]) if exc.args else "invalid I-Regexp"
        offset = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        raise ExpressionError(f"invalid I-Regexp (RFC 9485): {message}", offset) from None


@functools.lru_cache(maxsize=256)
def _jp_iregexp(pattern: str) -> str | None:
    """The Python ``re`` pattern for an I-Regexp (RFC 9485), or None if it is not one."""
    try:
        return _jp_iregexp_translate(pattern)
    except ValueError:
        return None


def _jp_iregexp_translate(pattern: str) -> str:
    """Translate an I-Regexp to a Python pattern; ValueError(message, offset) if invalid."""
    out: list[str] = []
    depth = 0
    can_repeat = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "*+?{":
            if not can_repeat:
                raise ValueError(f"quantifier {ch!r} has nothing to repeat", i)
            can_repeat = False
            if ch != "{":
                out.append(ch)
                i += 1
                continue
            quant = re.compile(r"\{([0-9]+)(?:(,)([0-9]*))?\}").match(pattern, i)
            if quant is None:
                raise ValueError("malformed '{m,n}' quantifier", i)
            low, comma, high = quant.group(1), quant.group(2), quant.group(3)
            if comma and high and int(high) < int(low):
                raise ValueError("quantifier maximum is below its minimum", i)
            if max(int(low), int(high or 0)) >= 4294967295:  # Python's re: OverflowError
                raise ValueError("repetition count above 4294967294", i)
            out.append(quant.group(0))
            i = quant.end()
            continue
        can_repeat = ch not in "(|^$"
        if ch == "(":
            depth += 1
            out.append("(?:")
        elif ch == ")":
            if depth == 0:
                raise ValueError("unbalanced ')'", i)
            depth -= 1
            out.append(")")
        elif ch in "|^":
            out.append(ch)
        elif ch == "$":
            out.append("\\Z")
        elif ch == ".":
            out.append("[^\\n\\r]")
        elif ch == "[":
            text, i = _jp_iregexp_class(pattern, i)
            out.append(text)
            continue
        elif ch == "\\":
            item, i = _jp_iregexp_escape(pattern, i)
            if len(item) == 1:
                out.append(_jp_iregexp_char(ord(item)))
            else:
                ranges = _jp_iregexp_category(item[1:])
                body = "".join(_jp_iregexp_range(low, high) for low, high in ranges)
                out.append(("[^" if item[0] == "P" else "[") + body + "]")
            continue
        elif ch in "]}" or 0xD800 <= ord(ch) <= 0xDFFF:
            raise ValueError(f"unexpected {ch!r}", i)
        else:
            out.append(_jp_iregexp_char(ord(ch)))
        i += 1
    if depth:
        raise ValueError("unclosed '('", len(pattern))
    result = "".join(out)
    try:
        re.compile(result)
    except (re.error, OverflowError, RecursionError) as exc:
        raise ValueError(f"not usable as a regular expression: {exc}", 0) from None
    return result


def _jp_iregexp_escape(pattern: str, i: int) -> tuple[str, int]:
    """The escape at ``pattern[i]`` (a backslash): one character, or ``pLu`` / ``PLu``."""
    ch = pattern[i + 1] if i + 1 < len(pattern) else ""
    if ch in ("n", "r", "t"):
        return {"n": "\n", "r": "\r", "t": "\t"}[ch], i + 2
    if ch and ch in "()*+-.?[\\]^{|}":
        return ch, i + 2
    if ch in ("p", "P"):
        prop = re.compile(r"\{(L[lmotu]?|M[cen]?|N[dlo]?|P[c-fios]?|Z[lps]?|S[ckmo]?|C[cfno]?)\}")
        found = prop.match(pattern, i + 2)
        if found is None:
            raise ValueError("unknown Unicode property in '\\p{...}'", i)
        return ch + found.group(1), found.end()
    raise ValueError(f"invalid escape '\\{ch}'", i)


def _jp_iregexp_class(pattern: str, i: int) -> tuple[str, int]:
    """The character class starting at ``pattern[i]`` (``[``) and the index after it."""
    start = i
    i += 1
    negated = i < len(pattern) and pattern[i] == "^"
    if negated:
        i += 1
    ranges: list[tuple[int, int]] = []
    while True:
        if i >= len(pattern):
            raise ValueError("unclosed '['", start)
        ch = pattern[i]
        if ch == "]" and i > start + 1 + negated:
            i += 1
            break
        if ch == "-" and (i == start + 1 + negated or pattern[i + 1 : i + 2] == "]"):
            ranges.append((0x2D, 0x2D))
            i += 1
            continue
        if ch == "\\":
            item, i = _jp_iregexp_escape(pattern, i)
            if len(item) > 1:
                found = _jp_iregexp_category(item[1:])
                if item[0] == "P":
                    found = _jp_iregexp_complement(found)
                ranges.extend(found)
                continue
            low = ord(item)
        elif ch in "[]-" or 0xD800 <= ord(ch) <= 0xDFFF:
            raise ValueError(f"{ch!r} must be escaped in a character class", i)
        else:
            low = ord(ch)
            i += 1
        high = low
        if pattern[i : i + 1] == "-" and pattern[i + 1 : i + 2] not in ("]", ""):
            ch = pattern[i + 1]
            if ch == "\\":
                item, i = _jp_iregexp_escape(pattern, i + 1)
                if len(item) > 1:
                    raise ValueError("a range cannot end with a Unicode property", i)
                high = ord(item)
            elif ch in "[-" or 0xD800 <= ord(ch) <= 0xDFFF:
                raise ValueError(f"{ch!r} must be escaped in a character class", i + 1)
            else:
                high = ord(ch)
                i += 2
            if high < low:
                raise ValueError("character range is out of order", i)
        ranges.append((low, high))
    body = "".join(_jp_iregexp_range(low, high) for low, high in ranges)
    return ("[^" if negated else "[") + body + "]", i


def _jp_iregexp_char(code: int) -> str:
    """One code point as an ASCII-only Python ``re`` atom, valid in and out of classes."""
    ch = chr(code)
    if ch.isascii() and (ch.isalnum() or ch == "_"):
        return ch
    if 0x21 <= code <= 0x7E:
        return "\\" + ch
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _jp_iregexp_range(low: int, high: int) -> str:
    """A class member: one code point or a ``low-high`` range."""
    if low == high:
        return _jp_iregexp_char(low)
    return _jp_iregexp_char(low) + "-" + _jp_iregexp_char(high)


@functools.lru_cache(maxsize=64)
def _jp_iregexp_category(prop: str) -> tuple[tuple[int, int], ...]:
    """Code point ranges of a Unicode general category (``Lu``) or group (``L``)."""
    ranges: list[tuple[int, int]] = []
    begin = -1
    for code in range(0x110000):
        if unicodedata.category(chr(code)).startswith(prop):
            if begin < 0:
                begin = code
        elif begin >= 0:
            ranges.append((begin, code - 1))
            begin = -1
    if begin >= 0:
        ranges.append((begin, 0x10FFFF))
    return tuple(ranges)


def _jp_iregexp_complement(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The code point ranges not in ``ranges`` (sorted, disjoint)."""
    result: list[tuple[int, int]] = []
    nxt = 0
    for low, high in ranges:
        if low > nxt:
            result.append((nxt, low - 1))
        nxt = high + 1
    if nxt <= 0x10FFFF:
        result.append((nxt, 0x10FFFF))
    return tuple(result)


RUNTIME_FUNCTIONS = (
    _jp_iregexp,
    _jp_iregexp_translate,
    _jp_iregexp_escape,
    _jp_iregexp_class,
    _jp_iregexp_char,
    _jp_iregexp_range,
    _jp_iregexp_category,
    _jp_iregexp_complement,
)
