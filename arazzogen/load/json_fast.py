"""Reading ``.json`` documents at the speed of the standard ``json`` module.

The C decoder reads the text; the guarantees of the strict reader
(:mod:`arazzogen.load.json_text`) are then checked cheaply, and whenever one of them
might not hold the text is handed to that reader, which reports the exact diagnostic:

- syntax errors, ``NaN``/``Infinity``, numbers out of range, integers too long: the C
  decoder refuses them (or the ``parse_float``/``parse_constant`` hooks do);
- nesting deeper than ``max_depth()``: one recursive walk over the containers;
- duplicate keys (the C decoder keeps the last value silently): the walk that checks
  the depth counts the members kept. Inside a string a quote is always escaped, so
  when the text has no ``\\":`` and no quote followed by blanks and a colon, each
  ``":`` ends the key of one member or opens a string starting with a colon: a count
  equal to the members kept means none was dropped. Otherwise the colons are
  compared: the text has one per member plus those inside strings; re-encoding the
  data (in C) gives one per member kept plus the same strings, so the two counts
  differ exactly when a member was dropped. A text that writes a colon as
  ``\\u003a`` takes the strict reader.

Positions are not computed while reading: :class:`JsonTextPositions` finds the span of
one pointer when a diagnostic asks, by walking the text along the pointer and
skipping the values in between with the C decoder.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable

from arazzogen import pointer as jp
from arazzogen.load.positions import LineIndex, PositionTable, Span, max_depth

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Refused(Exception):
    """The fast reader cannot vouch for this text; the strict reader decides."""


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused
    return value


def _constant(name: str) -> object:
    raise _Refused


def _members(node: dict[str, object] | list[object], depth: int, limit: int) -> int:
    """The members of the objects in ``node``, or -1 when a container sits deeper than
    ``limit`` levels (root: 1)."""
    if depth > limit:
        return -1
    if type(node) is dict:
        count = len(node)
        values: Iterable[object] = node.values()
    else:
        count = 0
        values = node
    for value in values:
        kind = type(value)
        if kind is dict or kind is list:
            inner = _members(value, depth + 1, limit)  # type: ignore[arg-type]
            if inner < 0:
                return -1
            count += inner
    return count


#: a quote followed by blanks and a colon: a key written ``"key" : value``
_SPACED_COLON = re.compile(r'"[ \t\n\r]+:')


def parse_json_fast(text: str) -> tuple[object, PositionTable] | None:
    """The data of ``text`` and a lazy position table, or None for the strict reader."""
    if "\\u003a" in text or "\\u003A" in text:
        return None
    try:
        data = json.loads(text, parse_float=_finite_float, parse_constant=_constant)
    except (ValueError, RecursionError, _Refused):
        return None
    kept = _members(data, 1, max_depth()) if isinstance(data, (dict, list)) else 0
    if kept < 0:
        return None
    # each member ends its key with `":`; a string starting with a colon adds one more
    if '\\":' not in text and not _SPACED_COLON.search(text) and text.count('":') == kept:
        return data, JsonTextPositions(text)
    try:
        again = json.dumps(data, ensure_ascii=False, check_circular=False)
    except RecursionError:
        return None
    if again.count(":") != text.count(":"):
        return None  # a member was dropped: a duplicate key
    return data, JsonTextPositions(text)


class JsonTextPositions(PositionTable):
    """Spans of a JSON text that the fast reader accepted, found on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: LineIndex | None = None
        self._cache: dict[tuple[str, bool], Span | None] = {}
        self._containers: dict[int, dict[str, tuple[tuple[int, int], int]] | list[int] | None] = {}

    def value(self, pointer: str) -> Span | None:
        return self._lookup(pointer, key=False)

    def key(self, pointer: str) -> Span | None:
        return self._lookup(pointer, key=True) if pointer else None

    def _lookup(self, pointer: str, *, key: bool) -> Span | None:
        cached = (pointer, key)
        if cached not in self._cache:
            self._cache[cached] = self._find(pointer, key=key)
        return self._cache[cached]

    def _span(self, start: int, end: int) -> Span:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.span(start, end)

    def _skip(self, pos: int) -> int:
        match = _WHITESPACE.match(self.text, pos)
        return match.end() if match else pos

    def _find(self, pointer: str, *, key: bool) -> Span | None:
        try:
            tokens = jp.split(pointer)
        except jp.PointerError:
            return None
        pos = self._skip(0)
        key_span: tuple[int, int] | None = None
        for token in tokens:
            children = self._children(pos)
            if isinstance(children, dict):
                member = children.get(token)
                if member is None:
                    return None
                key_span, pos = member
            elif children is not None:
                if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
                    return None
                index = int(token)
                if index >= len(children):
                    return None
                key_span, pos = None, children[index]
            else:
                return None
        if key:
            return None if key_span is None else self._span(*key_span)
        _, end = _DECODER.raw_decode(self.text, pos)
        return self._span(pos, end)

    def _children(
        self, pos: int
    ) -> dict[str, tuple[tuple[int, int], int]] | list[int] | None:
        """The members (key span, value offset) or items (offsets) of the value at ``pos``.

        Each container is scanned once, skipping its values with the C decoder.
        """
        if pos in self._containers:
            return self._containers[pos]
        start = pos
        text = self.text
        opener = text[pos : pos + 1]
        found: dict[str, tuple[tuple[int, int], int]] | list[int] | None = None
        if opener in ("{", "["):
            closer = "}" if opener == "{" else "]"
            members: dict[str, tuple[tuple[int, int], int]] = {}
            items: list[int] = []
            pos = self._skip(pos + 1)
            while text[pos : pos + 1] != closer:
                if opener == "{":
                    name, key_end = _DECODER.raw_decode(text, pos)
                    value_at = self._skip(self._skip(key_end) + 1)  # past the ':'
                    members.setdefault(name, ((pos, key_end), value_at))
                else:
                    value_at = pos
                    items.append(value_at)
                _, end = _DECODER.raw_decode(text, value_at)
                pos = self._skip(end)
                if text[pos : pos + 1] == ",":
                    pos = self._skip(pos + 1)
            found = members if opener == "{" else items
        self._containers[start] = found
        return found
