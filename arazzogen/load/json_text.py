"""Reading ``.json`` documents strictly (RFC 8259), keeping positions.

The parser is iterative (an explicit stack), so no nesting depth can raise
``RecursionError``; nesting deeper than ``max_depth()`` is reported at the bracket that
goes too deep. Duplicate keys are reported at the second key and the first value is kept,
as the YAML reader does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from arazzogen import pointer as jp
from arazzogen.diagnostics import Location, Reporter
from arazzogen.load.positions import LineIndex, LoadError, Positions, max_depth, shorten

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_STRING_BODY = re.compile(r'(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*')
_LITERALS: dict[str, object] = {"true": True, "false": False, "null": None}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class _Frame:
    container: dict[str, object] | list[object]
    pointer: str | None  # None: the value of a duplicate key, parsed and dropped
    start: int
    first_seen: dict[str, int] = field(default_factory=dict)
    key: str | None = None
    key_pointer: str | None = None


class _Parser:
    def __init__(self, text: str, display: str, reporter: Reporter) -> None:
        self.text = text
        self.display = display
        self.reporter = reporter
        self.lines = LineIndex(text)
        self.positions = Positions()
        self.pos = 0

    # -- helpers -------------------------------------------------------------
    def fail(self, message: str, offset: int, code: str = "AZ004") -> LoadError:
        line, column = self.lines.position(offset)
        return LoadError(code, message, line, column)

    def skip(self) -> None:
        match = _WHITESPACE.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def found(self) -> str:
        char = self.peek()
        if char == "":
            return "the end of the file"
        word = _WORD.match(self.text, self.pos)
        if word:
            return repr(shorten(word.group(), 20))
        if char.isprintable():
            return repr(char)
        return f"character U+{ord(char):04X}"

    def record(self, pointer: str | None, start: int, end: int) -> None:
        if pointer is not None:
            self.positions.values[pointer] = self.lines.span(start, end)

    # -- scalars -------------------------------------------------------------
    def string(self) -> str:
        start = self.pos
        body = _STRING_BODY.match(self.text, start + 1)
        end = body.end() if body else start + 1
        if end >= len(self.text):
            raise self.fail("unterminated string", start)
        char = self.text[end]
        if char == "\\":
            raise self.fail("invalid escape sequence in string", end)
        if char != '"':
            raise self.fail(f"control character U+{ord(char):04X} in string", end)
        self.pos = end + 1
        value = json.loads(self.text[start : end + 1])
        assert isinstance(value, str)
        return value

    def scalar(self) -> object:
        char = self.peek()
        if char == '"':
            return self.string()
        number = _NUMBER.match(self.text, self.pos)
        if number and number.end() > self.pos:
            self.pos = number.end()
            try:
                value = json.loads(number.group())
            except ValueError:  # more digits than Python converts
                raise self.fail("number too long", number.start()) from None
            if isinstance(value, float) and value in (float("inf"), float("-inf")):
                raise self.fail("number out of range", number.start())
            return value
        word = _WORD.match(self.text, self.pos)
        if word and word.group() in _LITERALS:
            self.pos = word.end()
            return _LITERALS[word.group()]
        raise self.fail(f"expected a value, found {self.found()}", self.pos)

    # -- structure -----------------------------------------------------------
    def parse(self) -> object:
        self.skip()
        if self.pos >= len(self.text):
            raise LoadError("AZ006", "the file is empty")
        stack: list[_Frame] = []
        pointer: str | None = ""
        limit = max_depth()
        while True:
            # A value starts at self.pos; it belongs at ``pointer``.
            self.skip()
            start = self.pos
            char = self.peek()
            value: object
            if char in "{[":
                if len(stack) >= limit:
                    raise self.fail(f"nesting deeper than {limit} levels", start, "AZ009")
                container: dict[str, object] | list[object] = {} if char == "{" else []
                stack.append(_Frame(container, pointer, start))
                self.pos += 1
                self.skip()
                closer = "}" if char == "{" else "]"
                if self.peek() == closer:
                    self.pos += 1
                    value = container
                    stack.pop()
                else:
                    if char == "{":
                        pointer = self.key(stack[-1])
                    else:
                        pointer = None if pointer is None else jp.join(pointer, 0)
                    continue
            else:
                value = self.scalar()
            self.record(pointer, start, self.pos)
            # Attach the finished value, then close every container that ends here.
            while True:
                if not stack:
                    self.skip()
                    if self.pos < len(self.text):
                        raise self.fail(
                            f"extra data after the JSON value: {self.found()}", self.pos
                        )
                    return value
                frame = stack[-1]
                self.attach(frame, value)
                self.skip()
                closer = "}" if isinstance(frame.container, dict) else "]"
                char = self.peek()
                if char == ",":
                    self.pos += 1
                    self.skip()
                    if isinstance(frame.container, dict):
                        pointer = self.key(frame)
                    else:
                        index = len(frame.container)
                        pointer = None if frame.pointer is None else jp.join(frame.pointer, index)
                    break
                if char != closer:
                    raise self.fail(f"expected ',' or '{closer}', found {self.found()}", self.pos)
                self.pos += 1
                stack.pop()
                value = frame.container
                self.record(frame.pointer, frame.start, self.pos)

    def key(self, frame: _Frame) -> str | None:
        """Read ``"name":`` inside ``frame``; return the member's pointer (None if dropped)."""
        self.skip()
        start = self.pos
        if self.peek() != '"':
            raise self.fail(f"expected a property name in double quotes, found {self.found()}",
                            start)
        name = self.string()
        key_end = self.pos
        self.skip()
        if self.peek() != ":":
            raise self.fail(f"expected ':' after the property name, found {self.found()}",
                            self.pos)
        self.pos += 1
        frame.key = name
        if frame.pointer is None:
            frame.key_pointer = None
            return None
        child = jp.join(frame.pointer, name)
        line, _ = self.lines.position(start)
        if name in frame.first_seen:
            span = self.lines.span(start, key_end)
            self.reporter.report(
                "AZ005",
                f"duplicate key '{shorten(name)}' (first defined on line {frame.first_seen[name]})",
                Location(self.display, span.line, span.column, span.end_line, span.end_column,
                         child),
            )
            frame.key_pointer = None
            return None
        frame.first_seen[name] = line
        self.positions.keys[child] = self.lines.span(start, key_end)
        frame.key_pointer = child
        return child

    @staticmethod
    def attach(frame: _Frame, value: object) -> None:
        if isinstance(frame.container, list):
            frame.container.append(value)
        elif frame.key_pointer is not None:
            assert frame.key is not None
            frame.container[frame.key] = value
        elif frame.pointer is None and frame.key is not None:
            # inside a dropped value: keep the shape, positions are not recorded
            frame.container.setdefault(frame.key, value)


def parse_json(text: str, display: str, reporter: Reporter) -> tuple[object, Positions]:
    """Parse ``text`` as one JSON value; raise :class:`LoadError` on the first problem."""
    parser = _Parser(text, display, reporter)
    return parser.parse(), parser.positions
