"""Helpers shared by the renderers: registry look-ups, counts and text safety."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from arazzogen.codes import Code, lookup
from arazzogen.diagnostics import Diagnostic, Severity

#: characters that end a line for PyYAML (and so for the loader's line numbers)
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_SURROGATE = re.compile("[\ud800-\udfff]")
# Bidirectional embedding, override and isolate controls: invisible, yet they reorder
# what a reader sees ("Trojan Source"); shown as escapes like control characters.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def describe(code: str) -> Code:
    """The registry entry for ``code``; a placeholder for an unknown code, never an error."""
    try:
        return lookup(code)
    except KeyError:
        return Code(code, code.lower(), "error", "", "")


def _needs_escape(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI


def escape_char(ch: str) -> str:
    """A visible, ASCII spelling of one control character."""
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep: str = "") -> str:
    """``text`` with control, line-separator, surrogate and bidi characters escaped.

    Characters in ``keep`` are left alone (the GitHub renderer keeps newlines, which it
    encodes itself). The result never moves the cursor or changes the terminal's state.
    """
    if not any(_needs_escape(ch) for ch in text):
        return text
    return "".join(escape_char(ch) if _needs_escape(ch) and ch not in keep else ch for ch in text)


def json_safe(text: str) -> str:
    """``text`` with lone surrogates (not encodable as UTF-8) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def cell_width(ch: str) -> int:
    """How many terminal cells ``ch`` occupies once printed (0, 1 or 2)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def posix_path(file: str) -> str:
    """The path with forward slashes, as GitHub and SARIF expect."""
    return file.replace("\\", "/")


@dataclass(frozen=True)
class Counts:
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    files: int = 0


def count(diagnostics: Sequence[Diagnostic]) -> Counts:
    by_severity = {severity: 0 for severity in Severity}
    files: set[str] = set()
    for diag in diagnostics:
        by_severity[diag.severity] += 1
        if diag.location is not None:
            files.add(diag.location.file)
    return Counts(
        by_severity[Severity.ERROR],
        by_severity[Severity.WARNING],
        by_severity[Severity.NOTE],
        len(files),
    )
