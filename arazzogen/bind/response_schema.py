"""Reading the response schemas of a bound operation: the success statuses a step
means, the JSON schema of a response, and the members an object schema lists.

Used by the binding checks (AZ348, a step output's pointer into a member the schema
does not list) and by the build stage, which types outputs from the same schemas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from arazzogen import pointer as jp
from arazzogen.bind.openapi import Node, RefResolver

_STATUS_CRITERION = re.compile(r"\s*\$statusCode\s*==\s*([1-5][0-9][0-9])\s*")
_JSON = re.compile(r"application/json|[^;]*\+json", re.I)


class OpenApiReader:
    """:class:`pytypes.SchemaReader` over bind's nodes: ``$ref`` across files."""

    def __init__(self, resolver: RefResolver) -> None:
        self.resolver = resolver

    def open(self, handle: object) -> tuple[Mapping[str, object], str]:
        if not isinstance(handle, Node):
            return {}, ""
        node = self.resolver.deref(handle)
        if node is None or not isinstance(node.value, dict):
            return {}, ""
        parts = jp.split(node.pointer) if node.pointer else []
        named = len(parts) == 3 and parts[0] == "components" and parts[1] == "schemas"
        title = node.value.get("title")
        name = parts[2] if named else ""
        if not name and isinstance(title, str) and handle is not node:
            name = title
        return node.value, name

    def child(self, handle: object, *tokens: str | int) -> object | None:
        node = handle if isinstance(handle, Node) else None
        for token in tokens:
            if node is None:
                return None
            node = self.resolver.child(node, token)
        return node

    def key(self, handle: object) -> object:
        if isinstance(handle, Node):
            node = self.resolver.deref(handle) or handle
            return (id(node.doc), node.pointer)
        return id(handle)


def success_statuses(data: Mapping[str, object], responses: object) -> list[str]:
    """The response keys a step's success means: the status its criteria require (or
    its ``NXX`` range, else ``default``), else every 2XX response."""
    if not isinstance(responses, Mapping):
        return []
    keys = [str(k) for k in responses]
    criteria = data.get("successCriteria")
    for criterion in criteria if isinstance(criteria, list) else []:
        if not isinstance(criterion, Mapping) or criterion.get("type") is not None:
            continue
        match = _STATUS_CRITERION.fullmatch(str(criterion.get("condition", "")))
        if match:
            status = match.group(1)
            for key in (status, status[0] + "XX", status[0] + "xx", "default"):
                if key in keys:
                    return [key]
            return []
    return [k for k in keys if k.startswith("2")]


def json_schema(reader: OpenApiReader, response: object) -> object | None:
    content = reader.child(response, "content") if response is not None else None
    media = reader.open(content)[0] if content is not None else {}
    if not media and isinstance(content, Node) and isinstance(content.value, dict):
        media = content.value
    for name in media:
        if _JSON.fullmatch(str(name).strip()):
            return reader.child(content, str(name), "schema")
    return None


