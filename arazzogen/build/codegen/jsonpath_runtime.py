"""The run-time side of compiled JSONPath (RFC 9535): small functions, copied by source.

A generated module embeds, verbatim, only the ``_jp_*`` functions its conditions use
(``arazzogen.build.codegen.jsonpath_emit.helper_sources``). They are real code here so that
they are type-checked, linted and unit-tested like the rest of the package; hence the
rules for this file: standard library only, each function self-contained apart from
calls to other ``_jp_*`` functions, no module-level state, Python 3.10 syntax without a
``__future__`` import.

Values are decoded JSON (dict, list, str, int, float, bool, None). A node list is a
``list[object]``; a JSONPath "value" (RFC 9535 ValueType) is a list of at most one
element, the empty list being "Nothing".
"""

import json
import re
from collections.abc import Callable
from typing import cast

from arazzogen.expressions.iregexp import _jp_iregexp

__all__ = ["RUNTIME_FUNCTIONS"]


def _jp_path(nodes: list[object], *steps: str | int) -> list[object]:
    """Apply name (str) and index (int) selectors, one child segment per step."""
    found = nodes
    for step in steps:
        selected: list[object] = []
        for node in found:
            if isinstance(step, str):
                if isinstance(node, dict) and step in node:
                    selected.append(cast("dict[str, object]", node)[step])
            elif isinstance(node, list):
                items = cast("list[object]", node)
                if -len(items) <= step < len(items):
                    selected.append(items[step])
        found = selected
    return found


def _jp_member(value: object, *names: str) -> object:
    """The value a plain member path (``$.a.b``) selects, None when it selects nothing
    (compared only with strings, numbers and booleans, which None never equals)."""
    for name in names:
        if not isinstance(value, dict):
            return None
        value = cast("dict[str, object]", value).get(name)
    return value


def _jp_children(nodes: list[object]) -> list[object]:
    """The wildcard selector: array elements and object member values, in order."""
    selected: list[object] = []
    for node in nodes:
        if isinstance(node, list):
            selected.extend(cast("list[object]", node))
        elif isinstance(node, dict):
            selected.extend(cast("dict[str, object]", node).values())
        if len(selected) > 1_000_000:
            raise OverflowError("JSONPath: more than 1,000,000 nodes selected")
    return selected


def _jp_slice(
    nodes: list[object], start: int | None, end: int | None, step: int | None
) -> list[object]:
    """The array slice selector (Python's slicing is RFC 9535's for a non-zero step)."""
    selected: list[object] = []
    if step == 0:
        return selected
    for node in nodes:
        if isinstance(node, list):
            selected.extend(cast("list[object]", node)[start:end:step])
    return selected


def _jp_filter(nodes: list[object], test: Callable[[object], bool]) -> list[object]:
    """The filter selector: the children for which ``test`` holds."""
    return [child for child in _jp_children(nodes) if test(child)]


def _jp_descendants(nodes: list[object]) -> list[object]:
    """Each node followed by all its descendants, in document order."""
    selected: list[object] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        selected.append(node)
        if len(selected) > 1_000_000:  # repeated `..` on a large body: stop, do not hang
            raise OverflowError("JSONPath: more than 1,000,000 nodes selected")
        if isinstance(node, list):
            stack.extend(reversed(cast("list[object]", node)))
        elif isinstance(node, dict):
            stack.extend(reversed(list(cast("dict[str, object]", node).values())))
    return selected


def _jp_each(nodes: list[object], select: Callable[[object], list[object]]) -> list[object]:
    """A segment of several selectors: ``select`` yields the results for one node."""
    return [found for node in nodes for found in select(node)]


def _jp_let(root: object, query: Callable[[object], list[object]]) -> list[object]:
    """Evaluate ``query`` with the root value bound once."""
    return query(root)


def _jp_let_test(root: object, test: Callable[[object], bool]) -> bool:
    """Evaluate ``test`` with the root value bound once."""
    return test(root)


def _jp_equal(left: object, right: object) -> bool:
    """JSON equality: numbers by value, booleans are not numbers, containers deeply."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        lefts, rights = cast("list[object]", left), cast("list[object]", right)
        return len(lefts) == len(rights) and all(
            _jp_equal(a, b) for a, b in zip(lefts, rights, strict=True)
        )
    if isinstance(left, dict) and isinstance(right, dict):
        one, other = cast("dict[str, object]", left), cast("dict[str, object]", right)
        return one.keys() == other.keys() and all(_jp_equal(v, other[k]) for k, v in one.items())
    return left is None and right is None


def _jp_eq(left: list[object], right: list[object]) -> bool:
    """RFC 9535 ``==`` on two values (an empty list is Nothing)."""
    if not left or not right:
        return not left and not right
    return _jp_equal(left[0], right[0])


def _jp_lt(left: list[object], right: list[object]) -> bool:
    """RFC 9535 ``<``: numbers numerically, strings by code point, else false."""
    if not left or not right:
        return False
    a, b = left[0], right[0]
    if isinstance(a, str) and isinstance(b, str):
        return a < b
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a < b
    return False


def _jp_le(left: list[object], right: list[object]) -> bool:
    """RFC 9535 ``<=``."""
    return _jp_lt(left, right) or _jp_eq(left, right)


def _jp_length(value: list[object]) -> list[object]:
    """The ``length()`` function: characters, elements or members; else Nothing."""
    if value and isinstance(value[0], str | list | dict):
        return [len(cast(str | list[object] | dict[str, object], value[0]))]
    return []


def _jp_value(nodes: list[object]) -> list[object]:
    """The ``value()`` function: the value of a single node, else Nothing."""
    return nodes if len(nodes) == 1 else []


def _jp_match(value: list[object], pattern: str | None) -> bool:
    """The ``match()`` function, with a pattern already translated to Python ``re``."""
    if pattern is None or not value or not isinstance(value[0], str):
        return False
    return re.fullmatch(pattern, value[0]) is not None


def _jp_search(value: list[object], pattern: str | None) -> bool:
    """The ``search()`` function, with a pattern already translated to Python ``re``."""
    if pattern is None or not value or not isinstance(value[0], str):
        return False
    return re.search(pattern, value[0]) is not None


def _jp_pattern(value: list[object]) -> str | None:
    """A pattern known only at run time: its Python translation, None if not
    I-Regexp."""
    if value and isinstance(value[0], str):
        return _jp_iregexp(value[0])
    return None


def _jp_embedded(value: object) -> list[object]:
    """A runtime expression embedded where a literal stands (Arazzo 1.1): the JSON
    literal its text spells (Nothing when the text is no literal)."""
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        literal: object = json.loads(text)
    except ValueError:
        return []
    return [] if isinstance(literal, dict | list) else [literal]


RUNTIME_FUNCTIONS = (
    _jp_embedded,
    _jp_member,
    _jp_path,
    _jp_children,
    _jp_slice,
    _jp_filter,
    _jp_descendants,
    _jp_each,
    _jp_let,
    _jp_let_test,
    _jp_equal,
    _jp_eq,
    _jp_lt,
    _jp_le,
    _jp_length,
    _jp_value,
    _jp_match,
    _jp_search,
    _jp_pattern,
)
