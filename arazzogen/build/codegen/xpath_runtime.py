"""The run-time side of compiled XPath 1.0: small functions over ElementTree, copied by
source into the generated modules that use them.

Like :mod:`arazzogen.build.codegen.jsonpath_runtime`, these are real code so that they are
type-checked and tested; a module embeds only the ``_xp_*`` functions its expressions
call (and those they call). Standard library only, Python 3.10 syntax.

Values follow XPath 1.0 (section 1): a node-set is a ``list[object]`` of elements
(``ElementTree.Element``) and, for attribute and text nodes, their string values; a
number is a float (or an int), a string a str, a boolean a bool. The document node is an
element with the empty tag holding the document element, so that ``/name`` selects the
document element. Names are compared by local name: Arazzo has no way to bind namespace
prefixes, so ``soap:Envelope`` and ``Envelope`` both match ``{uri}Envelope``.
"""

import math
from collections.abc import Callable
from typing import cast
from xml.etree import ElementTree

__all__ = ["RUNTIME_FUNCTIONS"]


def _xp_document(value: object) -> list[object]:
    """The document node of an XML text, as a node-set; empty when not XML."""
    if not isinstance(value, str):
        return []
    try:
        root = ElementTree.fromstring(value)
    except ElementTree.ParseError:
        return []
    document = ElementTree.Element("")
    document.append(root)
    return [document]


def _xp_test(value: object, test: Callable[[list[object]], bool]) -> bool:
    """An xpath criterion: fails when the context is null or not XML (Arazzo 1.1)."""
    document = _xp_document(value)
    return bool(document) and test(document)


def _xp_select(value: object, select: Callable[[list[object]], object]) -> object:
    """An xpath Selector Object: a node-set gives its first node's string value (None
    when empty), an integral number an int; None when the context is not XML."""
    document = _xp_document(value)
    if not document:
        return None
    found = select(document)
    if isinstance(found, list):
        nodes = cast("list[object]", found)
        return _xp_string(nodes[:1]) if nodes else None
    if isinstance(found, float) and found.is_integer():
        return int(found)
    return found


def _xp_named(node: object, name: str | None) -> bool:
    """Whether an element's local name is ``name`` (any element when None)."""
    if not isinstance(node, ElementTree.Element):
        return False
    element = cast(ElementTree.Element, node)
    return name is None or element.tag.rpartition("}")[2] == name


def _xp_where(
    candidates: list[object], predicates: tuple[Callable[[object, int, int], bool], ...]
) -> list[object]:
    """Apply predicates in turn; each sees a node, its position (from 1), the size."""
    for predicate in predicates:
        size = len(candidates)
        candidates = [n for i, n in enumerate(candidates, 1) if predicate(n, i, size)]
    return candidates


def _xp_children(
    nodes: list[object], name: str | None, *predicates: Callable[[object, int, int], bool]
) -> list[object]:
    """``child::name[...]`` (``*`` when ``name`` is None)."""
    found: list[object] = []
    for node in nodes:
        if isinstance(node, ElementTree.Element):
            found.extend(_xp_where([c for c in node if _xp_named(c, name)], predicates))
    return found


def _xp_descendants(
    nodes: list[object], name: str | None, *predicates: Callable[[object, int, int], bool]
) -> list[object]:
    """``descendant::name[...]``, in document order without duplicates."""
    found: list[object] = []
    seen: set[int] = set()
    for node in nodes:
        if isinstance(node, ElementTree.Element):
            inner: list[object] = [d for d in node.iter() if d is not node and _xp_named(d, name)]
            for each in _xp_where(inner, predicates):
                if id(each) not in seen:
                    seen.add(id(each))
                    found.append(each)
    return found


def _xp_descendants_or_self(nodes: list[object]) -> list[object]:
    """``descendant-or-self::node()`` (the ``//`` abbreviation), elements only."""
    found: list[object] = []
    seen: set[int] = set()
    for node in nodes:
        if isinstance(node, ElementTree.Element):
            for each in node.iter():
                if id(each) not in seen:
                    seen.add(id(each))
                    found.append(each)
    return found


def _xp_attributes(nodes: list[object], name: str | None) -> list[object]:
    """``attribute::name`` (``@name``; ``@*`` when None): the attribute values."""
    found: list[object] = []
    for node in nodes:
        if isinstance(node, ElementTree.Element):
            for key, value in node.attrib.items():
                if name is None or key.rpartition("}")[2] == name:
                    found.append(value)
    return found


def _xp_texts(nodes: list[object]) -> list[object]:
    """``text()``: the text nodes of elements (their text, their children's tails)."""
    found: list[object] = []
    for node in nodes:
        if isinstance(node, ElementTree.Element):
            pieces = [node.text] + [child.tail for child in node]
            found.extend(piece for piece in pieces if piece)
    return found


def _xp_union(left: object, right: object) -> list[object]:
    """``a | b``: the nodes of both, without duplicates."""
    found: list[object] = []
    seen: set[int] = set()
    for node in [*_xp_nodes(left), *_xp_nodes(right)]:
        if id(node) not in seen:
            seen.add(id(node))
            found.append(node)
    return found


def _xp_nodes(value: object) -> list[object]:
    return cast("list[object]", value) if isinstance(value, list) else []


def _xp_string(value: object) -> str:
    """XPath ``string()``: a node-set's first node, numbers without ``.0``."""
    if isinstance(value, list):
        nodes = cast("list[object]", value)
        if not nodes:
            return ""
        first = nodes[0]
        if isinstance(first, ElementTree.Element):
            return "".join(first.itertext())
        return str(first)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def _xp_number(value: object) -> float:
    """XPath ``number()``: NaN for text that is no number."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    text = _xp_string(value).strip()
    try:
        return float(text) if text and "e" not in text.lower() else math.nan
    except ValueError:
        return math.nan


def _xp_boolean(value: object) -> bool:
    """XPath ``boolean()``: non-empty node-sets and strings, numbers but 0 and NaN."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value != 0 and not math.isnan(value)
    return bool(value)


def _xp_compare(left: object, op: str, right: object) -> bool:
    """XPath 1.0 comparison (3.4): node-sets compare node by node."""
    if any(isinstance(side, list) for side in (left, right)):  # (no narrowing of either)
        if isinstance(left, bool) or isinstance(right, bool):
            return _xp_compare(_xp_boolean(left), op, _xp_boolean(right))
        lefts: list[object] = [left]
        if isinstance(left, list):
            lefts = [_xp_string([n]) for n in cast("list[object]", left)]
        rights: list[object] = [right]
        if isinstance(right, list):
            rights = [_xp_string([n]) for n in cast("list[object]", right)]
        return any(_xp_compare(a, op, b) for a in lefts for b in rights)
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            same = _xp_boolean(left) == _xp_boolean(right)
        elif isinstance(left, int | float) or isinstance(right, int | float):
            same = _xp_number(left) == _xp_number(right)
        else:
            same = _xp_string(left) == _xp_string(right)
        return same if op == "=" else not same
    a, b = _xp_number(left), _xp_number(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _xp_div(left: float, right: float) -> float:
    """``div`` with IEEE 754 results for a zero divisor."""
    if right == 0:
        if left == 0 or math.isnan(left):
            return math.nan
        return math.copysign(math.inf, left) * math.copysign(1.0, right)
    return left / right


def _xp_mod(left: float, right: float) -> float:
    """``mod``: the remainder truncating toward zero (NaN for a zero divisor)."""
    return math.nan if right == 0 else math.fmod(left, right)


def _xp_sum(nodes: object) -> float:
    """``sum()`` of the nodes' numeric values."""
    return sum((_xp_number([n]) for n in _xp_nodes(nodes)), 0.0)


def _xp_round(value: float) -> float:
    """``round()``: half rounds up (toward positive infinity)."""
    return value if math.isnan(value) or math.isinf(value) else float(math.floor(value + 0.5))


def _xp_name(nodes: object) -> str:
    """``local-name()`` / ``name()`` of the first node ("" for none, a non-element)."""
    found = _xp_nodes(nodes)
    first = found[0] if found else None
    if isinstance(first, ElementTree.Element):
        return str(cast(ElementTree.Element, first).tag).rpartition("}")[2]
    return ""


def _xp_substring(text: str, start: float, length: float = math.inf) -> str:
    """``substring()`` with XPath's rounding of the (1-based) positions."""
    first = _xp_round(start)
    last = first + _xp_round(length)
    return "".join(ch for i, ch in enumerate(text, 1) if first <= i < last)


def _xp_predicate(value: object, position: int) -> bool:
    """A predicate whose type is known only at run time: a number is a position."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value == position
    return _xp_boolean(value)


def _xp_embedded(value: object) -> object:
    """A runtime expression embedded where an XPath literal stands: a number when its
    text is one, else its text as a string."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = value if isinstance(value, str) else _xp_string(value)
    number = _xp_number(text)
    return text if math.isnan(number) else number


def _xml_replace(
    text: str,
    select: Callable[[list[object]], list[object]],
    attribute: str | None,
    value: str,
) -> str:
    """Set the text of the elements an XPath target selects (or their attribute
    ``attribute``); the XML is written again. Text that is not XML is unchanged."""
    document = _xp_document(text)
    if not document:
        return text
    for node in select(document):
        if not isinstance(node, ElementTree.Element):
            continue
        element = cast(ElementTree.Element, node)
        if attribute is not None:
            element.set(attribute, value)
        else:
            for child in list(element):
                element.remove(child)
            element.text = value
    root = document[0]
    assert isinstance(root, ElementTree.Element)
    return ElementTree.tostring(root[0], encoding="unicode")


RUNTIME_FUNCTIONS = (
    _xp_document,
    _xp_test,
    _xp_select,
    _xp_named,
    _xp_where,
    _xp_children,
    _xp_descendants,
    _xp_descendants_or_self,
    _xp_attributes,
    _xp_texts,
    _xp_union,
    _xp_nodes,
    _xp_string,
    _xp_number,
    _xp_boolean,
    _xp_compare,
    _xp_div,
    _xp_mod,
    _xp_sum,
    _xp_round,
    _xp_name,
    _xp_substring,
    _xp_predicate,
    _xp_embedded,
    _xml_replace,
)
