"""Helpers that build requests and read bodies: OpenAPI parameter styles, bodies of
every content type, payload replacements and Selector Objects.

Merged into :data:`arazzogen.build.codegen.helpers.HELPERS`; same rules: complete,
typed source using the standard library and httpx only, dependencies in ``REQUIRES``.

Parameter styles follow the OpenAPI Specification's style table (RFC 6570 expansions):
values are percent-encoded, the delimiters a style adds (``,`` ``.`` ``;`` ``=`` ``|``
``[`` ``]``) are not. ``None`` (an omitted input) and an empty array leave a query
parameter out.
"""

from __future__ import annotations

HELPERS: dict[str, str] = {
    "_response_body": '''
def _response_body(response: httpx.Response) -> object:
    """The response body: decoded JSON when the media type is JSON (or absent and the
    text parses), otherwise the text (XML, plain text...); None when it is empty."""
    if not response.content:
        return None
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not media or media == "application/json" or media.endswith("+json"):
        try:
            return cast(object, response.json())
        except (ValueError, RecursionError):  # not JSON, or nested too deep to decode
            pass
    return response.text
''',
    "_request_body": '''
def _request_body(request: httpx.Request) -> object:
    """The body the step sent: decoded JSON for a JSON media type, else the text."""
    content = request.read()
    if not content:
        return None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    text = content.decode("utf-8", "replace")
    if media == "application/json" or media.endswith("+json"):
        try:
            return cast(object, json.loads(text))
        except ValueError:
            pass
    return text
''',
    "_encode": '''
def _encode(value: object) -> str:
    """A scalar as percent-encoded text (RFC 3986 unreserved characters kept)."""
    return quote(_text(value), safe="")
''',
    "_style_items": '''
def _style_items(value: object, explode: bool, pair: str) -> list[str]:
    """The encoded items of an array, or of an object as ``key<pair>value`` (exploded)
    or ``key,value`` (not exploded); a scalar is one item."""
    if isinstance(value, list):
        return [_encode(item) for item in cast("list[object]", value)]
    if isinstance(value, dict):
        members = cast("dict[str, object]", value)
        if explode:
            return [f"{_encode(k)}{pair}{_encode(v)}" for k, v in members.items()]
        return [f"{_encode(k)},{_encode(v)}" for k, v in members.items()]
    return [_encode(value)]
''',
    "_simple": '''
def _simple(value: object, explode: bool = False) -> str:
    """OpenAPI ``simple`` style: ``a,b``; an object ``k,v`` (exploded ``k=v``)."""
    if isinstance(value, str):  # the common case, without building a list
        return quote(value, safe="")
    return ",".join(_style_items(value, explode, "="))
''',
    "_label": '''
def _label(value: object, explode: bool = False) -> str:
    """OpenAPI ``label`` style: ``.a,b`` (exploded ``.a.b``); dots in values encoded."""
    items = [item.replace(".", "%2E") for item in _style_items(value, explode, "=")]
    return "." + ("." if explode else ",").join(items)
''',
    "_matrix": '''
def _matrix(name: str, value: object, explode: bool = False) -> str:
    """OpenAPI ``matrix`` style: ``;id=a,b`` (exploded ``;id=a;id=b``, ``;k=v``)."""
    items = _style_items(value, explode, "=")
    if not explode or not isinstance(value, list | dict):
        return f";{_encode(name)}=" + ",".join(items)
    if isinstance(value, dict):
        return "".join(";" + item for item in items)
    return "".join(f";{_encode(name)}={item}" for item in items)
''',
    "_form": '''
def _form(name: str, value: object, explode: bool = True) -> str:
    """OpenAPI ``form`` style query (the default): ``id=a&id=b`` (not exploded
    ``id=a,b``), an exploded object as its own members; "" leaves it out."""
    if value is None or value == []:
        return ""
    items = _style_items(value, explode, "=")
    if not explode:
        return f"{_encode(name)}=" + ",".join(items)
    if isinstance(value, dict):
        return "&".join(items)
    return "&".join(f"{_encode(name)}={item}" for item in items)
''',
    "_delimited": '''
def _delimited(name: str, value: object, delimiter: str) -> str:
    """OpenAPI ``spaceDelimited`` (``%20``) and ``pipeDelimited`` (``|``) styles."""
    if value is None or value == []:
        return ""
    return f"{_encode(name)}=" + delimiter.join(_style_items(value, False, "="))
''',
    "_deep_object": '''
def _deep_object(name: str, value: object) -> str:
    """OpenAPI ``deepObject`` style: ``id[k]=v&id[k2]=v2``."""
    if not isinstance(value, dict):
        return _form(name, value)
    members = cast("dict[str, object]", value)
    return "&".join(f"{_encode(name)}[{_encode(k)}]={_encode(v)}" for k, v in members.items())
''',
    "_query_string": '''
def _query_string(parts: dict[str, str]) -> str:
    """``?`` and the serialized query parameters, or "" when there are none."""
    joined = "&".join(part for part in parts.values() if part)
    return "?" + joined if joined else ""
''',
    "_header_value": '''
def _header_value(value: object, explode: bool = False) -> str:
    """OpenAPI ``simple`` style for a header: ``a,b``; an object ``k,v`` (``k=v``)."""
    if isinstance(value, list):
        return ",".join(_text(item) for item in cast("list[object]", value))
    if isinstance(value, dict):
        pair = "=" if explode else ","
        members = cast("dict[str, object]", value)
        return ",".join(f"{k}{pair}{_text(v)}" for k, v in members.items())
    return _text(value)
''',
    "_form_query": '''
def _form_query(value: object) -> str:
    """An ``in: querystring`` value: text as it is, an object form-urlencoded."""
    if isinstance(value, dict):
        members = cast("dict[str, object]", value)
        return "&".join(_form(k, v) for k, v in members.items() if v is not None)
    return _text(value)
''',
    "_multipart": '''
def _multipart(fields: dict[str, object]) -> list[tuple[str, tuple[None, str, str]]]:
    """``multipart/form-data`` parts: strings as ``text/plain``, other values as
    ``application/json``; an array gives one part per item."""
    parts: list[tuple[str, tuple[None, str, str]]] = []
    for name, value in fields.items():
        for item in cast("list[object]", value) if isinstance(value, list) else [value]:
            kind = "text/plain" if isinstance(item, str) else "application/json"
            parts.append((name, (None, _text(item), kind)))
    return parts
''',
    "_xml_text": '''
def _xml_text(value: object) -> str:
    """A structured payload as XML: its single member is the root element; objects
    become child elements (``@name`` members attributes), arrays repeat the element."""

    def fill(element: ElementTree.Element, content: object) -> None:
        if isinstance(content, dict):
            for key, item in cast("dict[str, object]", content).items():
                if key.startswith("@"):
                    element.set(key[1:], _xml_scalar(item))
                    continue
                for each in cast("list[object]", item) if isinstance(item, list) else [item]:
                    fill(ElementTree.SubElement(element, key), each)
        elif content is not None:
            element.text = _xml_scalar(content)

    if not isinstance(value, dict):
        return _text(value)
    members = cast("dict[str, object]", value)
    if len(members) != 1:
        return _text(members)
    (name, content), = members.items()
    root = ElementTree.Element(name)
    fill(root, content)
    return ElementTree.tostring(root, encoding="unicode")
''',
    "_xml_scalar": '''
def _xml_scalar(value: object) -> str:
    """A scalar as XML text: ``true``/``false``, numbers as JSON writes them."""
    return value if isinstance(value, str) else json.dumps(value)
''',
    "_set_pointer": '''
def _set_pointer(document: object, tokens: tuple[str, ...], value: object) -> object:
    """Set the value at a JSON Pointer like RFC 6902 ``add``: an object member is set,
    an array item replaced (``-`` appends), missing parents become objects; an
    unreachable location changes nothing. The value is copied, so later replacements
    never change the caller's data. Returns the (new) document."""
    value = copy.deepcopy(value)
    if not tokens:
        return value
    node = document
    for token in tokens[:-1]:
        if isinstance(node, dict):
            node = cast("dict[str, object]", node).setdefault(token, {})
        elif isinstance(node, list) and _ARRAY_INDEX.fullmatch(token):
            items = cast("list[object]", node)
            if int(token) >= len(items):
                return document
            node = items[int(token)]
        else:
            return document
    last = tokens[-1]
    if isinstance(node, dict):
        cast("dict[str, object]", node)[last] = value
    elif isinstance(node, list):
        items = cast("list[object]", node)
        if last == "-":
            items.append(value)
        elif _ARRAY_INDEX.fullmatch(last) and int(last) < len(items):
            items[int(last)] = value
    return document
''',
    "_set_children": '''
def _set_children(parents: list[object], key: str | int | None, value: object) -> None:
    """Replace the member ``key`` (an index when int; every child when None) of each
    node a JSONPath query selected; only existing members are replaced (by copies)."""
    for node in parents:
        if isinstance(node, dict):
            members = cast("dict[object, object]", node)
            names = list(members) if key is None else [key] if key in members else []
            for name in names:
                members[name] = copy.deepcopy(value)
        elif isinstance(node, list):
            items = cast("list[object]", node)
            if key is None:
                items[:] = [copy.deepcopy(value) for _ in items]
            elif isinstance(key, int) and -len(items) <= key < len(items):
                items[key] = copy.deepcopy(value)
''',
    "_set_matching": '''
def _set_matching(
    parents: list[object], pick: Callable[[str | int, object, int], bool], value: object
) -> None:
    """Replace, in each node a JSONPath query selected, the members and elements
    ``pick`` selects (given the name or index, the child and the node's size) by
    copies of ``value``. Every location is found before any is replaced, as the
    query sees the payload before the replacement."""
    members: list[tuple[dict[str, object], str]] = []
    elements: list[tuple[list[object], int]] = []
    for node in parents:
        if isinstance(node, dict):
            found = cast("dict[str, object]", node)
            size = len(found)
            members += [(found, k) for k, v in found.items() if pick(k, v, size)]
        elif isinstance(node, list):
            items = cast("list[object]", node)
            size = len(items)
            elements += [(items, i) for i, v in enumerate(items) if pick(i, v, size)]
    for mapping, name in members:
        mapping[name] = copy.deepcopy(value)
    for array, index in elements:
        array[index] = copy.deepcopy(value)
''',
    "_first_node": '''
def _first_node(nodes: list[object]) -> object:
    """The value a singular JSONPath query selects, or None when it selects nothing."""
    return nodes[0] if nodes else None
''',
    "_regex_text_search": '''
def _regex_text_search(pattern: str, value: object) -> bool:
    """A regex criterion whose pattern embeds runtime values: fails on null, on a
    pattern that does not compile (Arazzo 1.1, "Evaluation Errors") and, like every
    regex criterion, on a text longer than 1,000,000 characters."""
    if value is None:
        return False
    try:
        compiled = re.compile(pattern)
    except re.error:
        return False
    text = _text(value)
    return len(text) <= 1_000_000 and compiled.search(text) is not None
''',
    "_parse_json": '''
def _parse_json(text: str) -> object:
    """A JSON payload written as a template, decoded so replacements can apply."""
    return cast(object, json.loads(text))
''',
}

REQUIRES: dict[str, tuple[str, ...]] = {
    "_response_body": ("from typing import cast",),
    "_request_body": ("from typing import cast", "import json"),
    "_encode": ("_text", "from urllib.parse import quote"),
    "_style_items": ("_encode", "from typing import cast"),
    "_simple": ("_style_items", "from urllib.parse import quote"),
    "_label": ("_style_items",),
    "_matrix": ("_style_items", "_encode"),
    "_form": ("_style_items", "_encode"),
    "_delimited": ("_style_items", "_encode"),
    "_deep_object": ("_form", "_encode", "from typing import cast"),
    "_query_string": (),
    "_header_value": ("_text", "from typing import cast"),
    "_form_query": ("_form", "_text", "from typing import cast"),
    "_multipart": ("_text", "from typing import cast"),
    "_xml_text": (
        "_xml_scalar",
        "_text",
        "from xml.etree import ElementTree",
        "from typing import cast",
    ),
    "_xml_scalar": ("import json",),
    "_set_pointer": ("_ARRAY_INDEX", "import re", "import copy", "from typing import cast"),
    "_set_children": ("import copy", "from typing import cast"),
    "_set_matching": (
        "import copy",
        "from collections.abc import Callable",
        "from typing import cast",
    ),
    "_first_node": (),
    "_parse_json": ("import json", "from typing import cast"),
    "_regex_text_search": ("_text", "import re"),
}
