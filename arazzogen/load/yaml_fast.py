"""Reading YAML documents at the speed of libyaml, positions on demand.

libyaml (PyYAML's ``CParser``) composes the node graph, line and column on every node;
this module turns the graph into plain data with one recursive pass that keeps no
positions. A diagnostic that needs a position walks the graph along its JSON Pointer
(:class:`NodePositions`).

The pass accepts only ordinary documents and hands everything else to the pure-Python
reader (:mod:`arazzogen.load.yaml_text`), which reports exactly what it always has, at
the same line and column: any libyaml error (syntax, control characters, libyaml's own
nesting limit of 1000), a duplicate key, a merge key ``<<``, a key that is not a plain
value, a tag other than the JSON ones, a value that JSON cannot hold, nesting deeper
than ``max_depth()``, and aliases that are recursive or expand past
:data:`MAX_ALIAS_EXPANSION`. Aliases are noticed by the pass itself, when it meets a
collection a second time (one set insertion per collection); only then is the graph
walked to size what the aliases expand to, before converting again. A text without
aliases to collections is a tree and is never walked twice.
"""

from __future__ import annotations

import yaml

from arazzogen import pointer as jp
from arazzogen.load.positions import PositionTable, Span, max_depth
from arazzogen.load.yaml_text import MAX_ALIAS_EXPANSION

#: whether PyYAML was built with libyaml; without it every text takes the pure-Python reader
AVAILABLE = bool(getattr(yaml, "__with_libyaml__", False))

#: texts longer than this do not keep their node graph; a diagnostic composes it again
KEEP_GRAPH_BELOW = 1_000_000

#: libyaml 0.2.6 and later stop at 1,000 levels of nesting; PyYAML's composer recurses in C
#: once per level, so an older libyaml composing ``[[[[…`` 100,000 deep overflows the C
#: stack (a segmentation fault, not an exception). With an older libyaml the events are
#: counted first (iteratively, in C) and a text nested deeper than ``max_depth()`` never
#: reaches the composer.
NESTING_LIMITED = False
if AVAILABLE:
    from yaml import _yaml as _libyaml

    NESTING_LIMITED = tuple(_libyaml.get_version()) >= (0, 2, 6)

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_INT = _TAG + "int"
_FLOAT = _TAG + "float"
_BOOL = _TAG + "bool"
_NULL = _TAG + "null"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"


if AVAILABLE:

    class _CLoader(yaml.CSafeLoader):
        """libyaml with the safe constructor; dates and ``=`` stay strings."""

    _CLoader.yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in (_TAG + "timestamp", _TAG + "value")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _Irregular(Exception):
    """Something the fast pass does not decide; the pure-Python reader will."""


class _Aliased(Exception):
    """The graph shares a collection: the text has aliases."""


class TooDeep(yaml.YAMLError):
    """The text nests deeper than ``max_depth()`` (checked only where libyaml does not)."""


def _check_depth(text: str) -> None:
    """Raise :class:`TooDeep` if ``text`` nests collections deeper than ``max_depth()``."""
    loader = _CLoader(text)
    depth = 0
    limit = max_depth()
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    raise TooDeep(f"nesting deeper than {limit} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The node graph of ``text`` (libyaml); raises ``yaml.YAMLError`` on bad YAML.

    Never recurses more than ``max_depth()`` levels deep, whatever libyaml's version.
    """
    if not NESTING_LIMITED:
        _check_depth(text)
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse_yaml_fast(text: str) -> tuple[object, PositionTable] | None:
    """The data of ``text`` and a lazy position table, or None for the pure-Python reader.

    None also when the document is empty: the pure-Python reader words that.
    """
    if not AVAILABLE:
        return None
    try:
        root = compose(text)
    except (yaml.YAMLError, RecursionError):
        return None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL
                        and root.value == ""):
        return None
    try:
        try:
            data = _Converter(track=True).convert(root, 1)
        except _Aliased:
            # a collection met twice: the text has aliases; check what they expand to
            if not _expansion_ok(root):
                return None
            data = _Converter(track=False).convert(root, 1)
    except (_Irregular, RecursionError):
        return None
    return data, NodePositions(text, root if len(text) < KEEP_GRAPH_BELOW else None)


def _expansion_ok(root: yaml.Node) -> bool:
    """False for a recursive alias, or when aliases add more than the limit of values.

    Sizes are computed once per node of the graph (iteratively), so the check is
    linear in the size of the text whatever the aliases would expand to.
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
            return False
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))
    return sizes[id(root)] - len(sizes) <= MAX_ALIAS_EXPANSION


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class _Converter:
    """One recursive pass from a regular node graph to JSON-shaped data."""

    def __init__(self, *, track: bool) -> None:
        self.constructor = yaml.constructor.SafeConstructor()
        #: ids of the collections converted so far, while no alias has been seen
        self.seen: set[int] | None = set() if track else None
        self.limit = max_depth()

    def convert(self, node: yaml.Node, depth: int) -> object:
        kind = type(node)
        if kind is yaml.ScalarNode:
            tag = node.tag
            if tag == _STR:
                return node.value
            return self.scalar(node)  # type: ignore[arg-type]
        if depth > self.limit:
            raise _Irregular
        if self.seen is not None:
            key = id(node)
            if key in self.seen:
                raise _Aliased
            self.seen.add(key)
        if kind is yaml.MappingNode:
            if node.tag != _MAP:
                raise _Irregular
            convert = self.convert
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _Irregular
                tag = key_node.tag
                if tag != _STR:
                    self.scalar(key_node)  # a key that cannot be read is refused
                key = key_node.value
                if key in result:
                    raise _Irregular  # a duplicate key
                result[key] = convert(value_node, depth + 1)
            return result
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise _Irregular
            return [self.convert(item, depth + 1) for item in node.value]
        raise _Irregular

    def scalar(self, node: yaml.ScalarNode) -> object:
        tag = node.tag
        try:
            if tag == _INT:
                return self.constructor.construct_yaml_int(node)
            if tag == _FLOAT:
                value = self.constructor.construct_yaml_float(node)
                if value != value or value in (float("inf"), float("-inf")):
                    raise _Irregular
                return value
            if tag == _BOOL:
                return self.constructor.construct_yaml_bool(node)
            if tag == _NULL:
                return None
        except (yaml.constructor.ConstructorError, ValueError, TypeError):
            raise _Irregular from None
        raise _Irregular  # a merge key or any other tag


def _text_end(text: str) -> tuple[int, int]:
    """The line and column just past the last character, counting YAML's line breaks."""
    breaks = sum(text.count(c) for c in "\n\r\x85\u2028\u2029") - text.count("\r\n")
    last = max(text.rfind(c) for c in "\n\r\x85\u2028\u2029")
    return breaks + 1, len(text) - last


def _span(node: yaml.Node, end_of_text: tuple[int, int]) -> Span:
    """The span of ``node``, as the pure-Python reader reports it.

    When the text does not end with a line break, libyaml ends the collections that
    are open at the end of the file on a line after it; they end at the end of the text.
    """
    start, end = node.start_mark, node.end_mark
    end_at = min((end.line + 1, end.column + 1), end_of_text)
    return Span(start.line + 1, start.column + 1, *end_at)


class NodePositions(PositionTable):
    """Spans from the node graph of a document the fast pass accepted, on demand.

    A pointer is followed from the root: a mapping member by its key's text (the
    first one: the pass accepted no duplicates), a list item by its index. The graph
    of a large text is composed again on the first question rather than kept.
    """

    def __init__(self, text: str, root: yaml.Node | None) -> None:
        self._text = text
        self._root = root
        self._members: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        self._end: tuple[int, int] | None = None

    def value(self, pointer: str) -> Span | None:
        found = self._walk(pointer)
        return None if found is None else self._span(found[1])

    def key(self, pointer: str) -> Span | None:
        found = self._walk(pointer)
        return None if found is None or found[0] is None else self._span(found[0])

    def _span(self, node: yaml.Node) -> Span:
        if self._end is None:
            self._end = _text_end(self._text)
        return _span(node, self._end)

    def _members_of(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        members = self._members.get(id(node))
        if members is None:
            members = {}
            for key_node, value_node in node.value:
                members.setdefault(key_node.value, (key_node, value_node))
            self._members[id(node)] = members
        return members

    def _walk(self, pointer: str) -> tuple[yaml.Node | None, yaml.Node] | None:
        try:
            tokens = jp.split(pointer)
        except jp.PointerError:
            return None
        if self._root is None:
            self._root = compose(self._text)
        node: yaml.Node | None = self._root
        key_node: yaml.Node | None = None
        for token in tokens:
            if isinstance(node, yaml.MappingNode):
                member = self._members_of(node).get(token)
                if member is None:
                    return None
                key_node, node = member
            elif isinstance(node, yaml.SequenceNode):
                if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
                    return None
                index = int(token)
                if index >= len(node.value):
                    return None
                key_node, node = None, node.value[index]
            else:
                return None
        return None if node is None else (key_node, node)
