"""Reading ``.json`` documents at the speed of the standard ``json`` module.

The C decoder reads the text; the guarantees of the strict reader
(:mod:`arazzogen.load.json_text`) are then checked cheaply, and whenever one of them
might not hold the text is handed to that reader, which reports the exact diagnostic:

- syntax errors, ``NaN``/``Infinity``, numbers out of range, integers too long: the C
  decoder refuses them (or the ``parse_float``/``parse_constant`` hooks do);
- duplicate keys (a ``dict`` keeps the last value silently): the decoder hands each
  object's members to :func:`_unique` as a list, which is longer than the ``dict``
  made of it exactly when a key repeats. One call per object costs less than any
  count over the text, which must step over the colons and quotes inside strings;
- nesting deeper than ``max_depth()``: one walk over the containers, level by level.

Positions are not computed while reading: :class:`JsonTextPositions` finds the span of
one pointer when a diagnostic asks, by walking the text along the pointer and
skipping the values in between with the C decoder.
"""

from __future__ import annotations

import gc
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


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """The object of ``pairs``; refused when a key repeats."""
    members = dict(pairs)
    if len(members) != len(pairs):
        raise _Refused
    return members


def _deeper_than(data: object, limit: int) -> bool:
    """Whether a container sits deeper than ``limit`` levels (root: 1).

    The walk goes level by level in C: ``gc.get_referents`` gives the values of the
    objects and the items of the arrays of a level, and only those the garbage
    collector tracks make the next level. CPython tracks every ``list`` and every
    ``dict`` holding a container (the collector must reach each container), never a
    ``str``, number, ``bool`` or ``None``, nor a ``dict`` holding only such values: the
    objects with nothing but scalars below them (most of a description's leaves) are
    not looked into. Such an object is a level itself, so the last level the limit
    allows is checked value by value.
    """
    if type(data) is not dict and type(data) is not list:
        return False
    if limit < 1:
        return True
    level: list[dict[str, object] | list[object]] = [data]
    for _ in range(limit - 1):
        if not level:
            return False
        # only dicts and lists: nothing else in JSON data is ever tracked
        level = list(filter(gc.is_tracked, gc.get_referents(*level)))
    for node in level:
        values: Iterable[object] = node.values() if isinstance(node, dict) else node
        if any(type(value) is dict or type(value) is list for value in values):
            return True
    return False


def parse_json_fast(text: str) -> tuple[object, PositionTable] | None:
    """The data of ``text`` and a lazy position table, or None for the strict reader."""
    try:
        data = json.loads(
            text, parse_float=_finite_float, parse_constant=_constant, object_pairs_hook=_unique
        )
    except (ValueError, RecursionError, _Refused):
        return None
    if _deeper_than(data, max_depth()):
        return None
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
