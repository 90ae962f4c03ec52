"""Reading YAML documents into JSON-shaped data, keeping positions.

PyYAML composes the node graph; this module converts it to plain data itself so that
it controls everything the data may contain: only the JSON scalar types (timestamps and
``=`` stay strings), string keys, standard tags. Nesting is limited while composing
(``max_depth()``), and the size that aliases would expand to is computed on the graph
before any conversion, so an alias bomb costs nothing.
"""

from __future__ import annotations

import yaml
from yaml.events import AliasEvent, ScalarEvent

from arazzogen import pointer as jp
from arazzogen.diagnostics import Location, Reporter
from arazzogen.load.positions import (
    LineIndex,
    LoadError,
    Positions,
    Span,
    max_depth,
    non_finite,
    shorten,
)

#: how many values aliases may add to a document beyond those written in it
MAX_ALIAS_EXPANSION = 250_000

_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG + "merge"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates and ``=`` as strings, limits depth, records aliases."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.limit = max_depth()
        self.aliases: list[tuple[str, yaml.Mark, yaml.Node]] = []

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            node = super().compose_node(parent, index)  # type: ignore[arg-type]
            if node is not None:
                self.aliases.append((str(event.anchor), event.start_mark, node))
            return node
        if self.check_event(ScalarEvent):
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        self.depth += 1
        try:
            if self.depth > self.limit:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise LoadError("AZ009", f"nesting deeper than {self.limit} levels",
                                mark.line + 1, mark.column + 1)
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in (_TAG + "timestamp", _TAG + "value")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _tag_name(tag: str) -> str:
    return shorten("!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag, 40)


def _error_at(code: str, message: str, mark: yaml.Mark | None) -> LoadError:
    if mark is None:
        return LoadError(code, message)
    return LoadError(code, message, mark.line + 1, mark.column + 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_expansion(root: yaml.Node, aliases: list[tuple[str, yaml.Mark, yaml.Node]]) -> None:
    """Raise AZ009 for a recursive alias or when aliases would expand the data too much.

    Sizes are computed once per node of the graph (iteratively), so the check is linear
    in the size of the text whatever the aliases would expand to.
    """
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            visiting.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in visiting:
            mark = next((m for _, m, target in aliases if target is node), node.start_mark)
            raise _error_at("AZ009", "recursive alias: a value contains itself", mark)
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))
    written = len(sizes)
    total = sizes[id(root)]
    if total - written <= MAX_ALIAS_EXPANSION:
        return
    anchor, mark, target = max(aliases, key=lambda item: sizes.get(id(item[2]), 0))
    raise _error_at(
        "AZ009",
        f"alias *{shorten(anchor, 40)} expands to {sizes[id(target)]:,} values; the aliases "
        f"would add more than {MAX_ALIAS_EXPANSION:,} values to the document",
        mark,
    )


class Converter:
    """Turns a composed node graph into plain data, recording positions."""

    def __init__(self, loader: _Loader, display: str, reporter: Reporter) -> None:
        self.loader = loader
        self.display = display
        self.reporter = reporter
        self.positions = Positions()
        self.limit = max_depth()

    def _record(self, table: dict[str, Span], pointer: str, node: yaml.Node, merged: bool) -> None:
        # Values brought in by a merge key (``<<``) never displace explicit ones.
        if merged:
            table.setdefault(pointer, _span(node))
        else:
            table[pointer] = _span(node)

    def convert(self, node: yaml.Node, pointer: str, depth: int, merged: bool = False) -> object:
        if depth > self.limit:
            raise _error_at("AZ009", f"nesting deeper than {self.limit} levels (through aliases)",
                            node.start_mark)
        self._record(self.positions.values, pointer, node, merged)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise _error_at("AZ009", f"unsupported YAML tag {_tag_name(node.tag)}",
                                node.start_mark)
            return [
                self.convert(item, jp.join(pointer, i), depth + 1, merged)
                for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP_TAG:
            raise _error_at("AZ009", f"unsupported YAML tag {_tag_name(node.tag)}", node.start_mark)
        return self._mapping(node, pointer, depth, merged)

    def _scalar(self, node: yaml.ScalarNode) -> object:
        if node.tag not in _SCALAR_TAGS:
            raise _error_at("AZ009", f"unsupported YAML tag {_tag_name(node.tag)}", node.start_mark)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise _error_at("AZ009", f"cannot read value: {shorten(str(problem), 80)}",
                            node.start_mark) from None
        if non_finite(value):
            raise _error_at(
                "AZ009",
                f"{shorten(str(node.value), 20)} is not a number JSON can represent",
                node.start_mark,
            )
        return value

    def _merge(self, node: yaml.Node, pointer: str, depth: int, result: dict[str, object]) -> None:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise _error_at("AZ009", "a merge key '<<' needs a mapping or a list of mappings",
                                source.start_mark)
            merged = self.convert(source, pointer, depth + 1, merged=True)
            assert isinstance(merged, dict)
            for key, value in merged.items():
                result.setdefault(key, value)

    def _mapping(
        self, node: yaml.MappingNode, pointer: str, depth: int, merged: bool
    ) -> dict[str, object]:
        result: dict[str, object] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._merge(value_node, pointer, depth, result)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise _error_at("AZ009", "a mapping key must be a plain value, not a "
                                + ("list" if isinstance(key_node, yaml.SequenceNode)
                                   else "mapping"), key_node.start_mark)
            raw_key = self._scalar(key_node)
            # A key such as `200:` or `true:` is read as the text written, as JSON has it.
            key = raw_key if isinstance(raw_key, str) else str(key_node.value)
            child = jp.join(pointer, key)
            if key in first_seen:
                if not merged:
                    span = _span(key_node)
                    self.reporter.report(
                        "AZ005",
                        f"duplicate key '{shorten(key)}' (first defined on line "
                        f"{first_seen[key]})",
                        Location(self.display, span.line, span.column, span.end_line,
                                 span.end_column, child),
                    )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self._record(self.positions.keys, child, key_node, merged)
            result[key] = self.convert(value_node, child, depth + 1, merged)
        return result


def _marked_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "syntax error"
    message = f"invalid YAML: {problem}"
    if exc.problem and exc.context and exc.context_mark is not None:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return message


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> LoadError:
    line, column = LineIndex(text, yaml=True).position(max(exc.position, 0))
    char: object = exc.character
    code = ord(char) if isinstance(char, str) and len(char) == 1 else char
    if not isinstance(code, int):
        return LoadError("AZ003", "invalid YAML: unreadable character", line, column)
    hint = " (is this a binary file?)" if code == 0 else ""
    return LoadError("AZ003", f"invalid YAML: control character U+{code:04X} is not allowed"
                     f"{hint}", line, column)


def parse_yaml(text: str, display: str, reporter: Reporter) -> tuple[object, Positions]:
    """Parse ``text`` as one YAML document; raise :class:`LoadError` on the first problem."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            if "expected a single document" in (exc.context or ""):
                raise _error_at("AZ008", "more than one YAML document in the file",
                                exc.problem_mark) from None
            raise
        if node is None or (
            isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null" and node.value == ""
        ):
            raise LoadError("AZ006", "the file holds an empty document")
        check_expansion(node, loader.aliases)
        converter = Converter(loader, display, reporter)
        data = converter.convert(node, "", 0)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except yaml.MarkedYAMLError as exc:
        raise _error_at("AZ003", _marked_message(exc), exc.problem_mark or exc.context_mark) \
            from None
    except yaml.YAMLError as exc:
        raise LoadError("AZ003", f"invalid YAML: {shorten(str(exc), 120)}") from None
    except RecursionError:
        raise LoadError("AZ009", f"nesting deeper than {max_depth()} levels") from None
    finally:
        loader.dispose()
    return data, converter.positions
