"""Shared pieces of the loading stage: spans, the position table and load errors.

:mod:`arazzogen.load.document` re-exports :class:`Span` and :class:`Positions`; the YAML and
JSON readers (:mod:`arazzogen.load.yaml_text`, :mod:`arazzogen.load.json_text`) build them.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

#: deepest nesting of mappings and sequences accepted in a document, unless raised
MAX_DEPTH = 200
#: how far ``--limit depth=N`` may raise it: every later stage walks a document
#: iteratively, but the parsers of PyYAML (pure Python), ``json`` and black recurse once
#: or more per level, and deeper documents would reach Python's recursion limit
DEPTH_CEILING = 300
#: largest file accepted (64 MiB), unless raised with ``--limit file-bytes=N``
MAX_BYTES = 64 * 1024 * 1024
_DEPTH: ContextVar[int] = ContextVar("arazzogen_max_depth", default=MAX_DEPTH)
_BYTES: ContextVar[int] = ContextVar("arazzogen_max_bytes", default=MAX_BYTES)


def max_depth() -> int:
    """The nesting limit of the current compilation (AZ009)."""
    return _DEPTH.get()


def max_bytes() -> int:
    """The file size limit of the current compilation (AZ010)."""
    return _BYTES.get()


@contextmanager
def load_limits(*, depth: int, file_bytes: int) -> Iterator[None]:
    """Within the block, files are loaded with these limits (one compilation: the
    document and every source it reads)."""
    depth_token = _DEPTH.set(min(depth, DEPTH_CEILING))
    bytes_token = _BYTES.set(file_bytes)
    try:
        yield
    finally:
        _DEPTH.reset(depth_token)
        _BYTES.reset(bytes_token)


@dataclass(frozen=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


class PositionTable:
    """Where each value (by JSON Pointer) and each mapping key (by the member's pointer) is.

    :class:`Positions` is a table filled while parsing; the fast readers answer from
    the text or the node graph instead, only when a diagnostic asks
    (:mod:`arazzogen.load.yaml_fast`, :mod:`arazzogen.load.json_fast`).
    """

    def value(self, pointer: str) -> Span | None:
        raise NotImplementedError

    def key(self, pointer: str) -> Span | None:
        raise NotImplementedError


@dataclass
class Positions(PositionTable):
    """Spans of values (by JSON Pointer) and of mapping keys (by the member's pointer)."""

    values: dict[str, Span] = field(default_factory=dict)
    keys: dict[str, Span] = field(default_factory=dict)

    def value(self, pointer: str) -> Span | None:
        return self.values.get(pointer)

    def key(self, pointer: str) -> Span | None:
        return self.keys.get(pointer)


class LoadError(Exception):
    """A problem that stops loading; becomes one diagnostic with ``code`` at line:column."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


_NEWLINE = re.compile(r"\r\n|\r|\n")
# YAML 1.1 (and PyYAML's marks) also break lines at NEL, LINE and PARAGRAPH SEPARATOR.
_YAML_NEWLINE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class LineIndex:
    """Turns character offsets into 1-based line and column numbers."""

    def __init__(self, text: str, *, yaml: bool = False) -> None:
        pattern = _YAML_NEWLINE if yaml else _NEWLINE
        self._starts = [0] + [m.end() for m in pattern.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)


def non_finite(value: object) -> bool:
    """True for a float that JSON cannot represent (NaN or an infinity)."""
    return isinstance(value, float) and not math.isfinite(value)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
