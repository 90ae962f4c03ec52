"""Stage 1: read a YAML or JSON file into plain data, keeping positions.

The result is ordinary JSON-shaped Python data (dicts with string keys, lists, str,
int, float, bool, None), so later stages and ``jsonschema`` work on it directly, plus a
:class:`Positions` table mapping every JSON Pointer to the span of its value and, for
mapping members, of its key. Timestamps stay strings (YAML 1.1 would turn
``2024-01-01`` into a date, which is not JSON). Duplicate keys are an error.

This module and :mod:`arazzogen.sources` and :mod:`arazzogen.writer` are the only ones
that touch the file system.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from arazzogen import pointer as jp
from arazzogen.diagnostics import Location, Reporter

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 200


@dataclass(frozen=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class Positions:
    """Spans of values (by JSON Pointer) and of mapping keys (by the member's pointer)."""

    values: dict[str, Span] = field(default_factory=dict)
    keys: dict[str, Span] = field(default_factory=dict)


@dataclass
class LoadedDocument:
    path: Path
    display: str
    data: object
    positions: Positions
    text: str

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """The location of ``pointer``, or of its nearest ancestor that has one.

        With ``key=True`` a mapping member points at its key rather than its value.
        """
        current: str | None = pointer
        while current is not None:
            span = (self.positions.keys.get(current) if key else None) or self.positions.values.get(
                current
            )
            if span is not None:
                return Location(
                    self.display, span.line, span.column, span.end_line, span.end_column, pointer
                )
            current = jp.parent(current)
        return Location(self.display, 1, 1, None, None, pointer)

    def get(self, pointer: str, default: object = None) -> object:
        try:
            return jp.resolve(self.data, pointer)
        except (KeyError, jp.PointerError):
            return default


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay strings, as in JSON."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _LoadError(Exception):
    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Converter:
    def __init__(self, loader: _Loader, display: str, reporter: Reporter) -> None:
        self.loader = loader
        self.display = display
        self.reporter = reporter
        self.positions = Positions()
        self._active: set[int] = set()

    def convert(self, node: yaml.Node, pointer: str, depth: int) -> object:
        if depth > MAX_DEPTH:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise _LoadError("AZ009", f"nesting deeper than {MAX_DEPTH} levels", line, col)
        self.positions.values.setdefault(pointer, _span(node))
        if id(node) in self._active:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise _LoadError("AZ009", "recursive alias", line, col)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.convert(item, jp.join(pointer, i), depth + 1)
                    for i, item in enumerate(node.value)
                ]
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, pointer, depth)
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> object:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise _LoadError("AZ009", f"cannot read value: {exc.problem}", line, col) from None
        if isinstance(value, bytes | set) or not isinstance(
            value, str | int | float | bool | type(None)
        ):
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise _LoadError("AZ009", f"unsupported YAML tag {node.tag}", line, col)
        return value

    def _mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = self.convert(value_node, pointer, depth + 1)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if isinstance(source, dict):
                        for k, v in source.items():
                            result.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                raise _LoadError("AZ009", "a mapping key must be a scalar", line, col)
            raw_key = self._scalar(key_node)
            key = raw_key if isinstance(raw_key, str) else _key_text(raw_key, key_node)
            child = jp.join(pointer, key)
            if key in first_seen:
                span = _span(key_node)
                self.reporter.report(
                    "AZ005",
                    f"duplicate key {key!r} (first defined on line {first_seen[key]})",
                    Location(self.display, span.line, span.column, span.end_line,
                             span.end_column, child),
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.positions.keys[child] = _span(key_node)
            result[key] = self.convert(value_node, child, depth + 1)
        return result


def _key_text(value: object, node: yaml.ScalarNode) -> str:
    # A key such as `200:` or `true:` is read as text, the way JSON would have it.
    return str(node.value)


_JSON_SUFFIXES = {".json"}


def load_document(path: Path, reporter: Reporter, *, display: str | None = None) -> LoadedDocument | None:
    """Read ``path``; report problems to ``reporter`` and return None on failure."""
    shown = display if display is not None else str(path)
    where = Location(shown, 1, 1, None, None, "")
    try:
        if path.is_dir():
            reporter.report("AZ001", f"{shown} is a directory, not a file", None)
            return None
        size = path.stat().st_size
        if size > MAX_BYTES:
            reporter.report("AZ010", f"{shown} is {size} bytes; the limit is {MAX_BYTES}", where)
            return None
        raw = path.read_bytes()
    except FileNotFoundError:
        reporter.report("AZ001", f"no such file: {shown}", None)
        return None
    except OSError as exc:
        reporter.report("AZ001", f"cannot read {shown}: {exc.strerror or exc}", None)
        return None
    return load_bytes(raw, path, shown, reporter)


def load_bytes(raw: bytes, path: Path, display: str, reporter: Reporter) -> LoadedDocument | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        reporter.report(
            "AZ002",
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}",
            Location(display, line, column, None, None, ""),
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data, positions = _parse(text, path, display, reporter)
    except _LoadError as err:
        reporter.report(err.code, err.message, Location(display, err.line, err.column, None, None, ""))
        return None
    return LoadedDocument(path, display, data, positions, text)


def _parse(text: str, path: Path, display: str, reporter: Reporter) -> tuple[object, Positions]:
    if path.suffix.lower() in _JSON_SUFFIXES:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise _LoadError("AZ004", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        except RecursionError:
            raise _LoadError("AZ009", f"nesting deeper than {MAX_DEPTH} levels") from None
    if text.strip() == "" or _only_comments(text):
        raise _LoadError("AZ006", "the file is empty")
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            if "expected a single document" in (exc.context or ""):
                mark = exc.problem_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise _LoadError("AZ008", "more than one YAML document in the file", line, col) from None
            raise
        if node is None:
            raise _LoadError("AZ006", "the file holds no document")
        converter = _Converter(loader, display, reporter)
        data = converter.convert(node, "", 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        raise _LoadError("AZ003", f"invalid YAML: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise _LoadError("AZ003", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _LoadError("AZ009", f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    return data, converter.positions


_COMMENT_ONLY = re.compile(r"^\s*(#.*)?$")


def _only_comments(text: str) -> bool:
    return all(_COMMENT_ONLY.match(line) for line in text.splitlines())
