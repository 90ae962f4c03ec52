"""Reading the response schemas of a bound operation: the success statuses a step
means, the JSON schema of a response, and where a JSON Pointer leads in it.

Used by the binding checks (AZ348, a step output's pointer into a member the schema
does not list) and by the build stage, which types outputs from the same schemas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from arazzogen import pointer as jp
from arazzogen.bind.openapi import Node, RefResolver

#: besides ``additionalProperties``, what lets an object schema hold members it does not list
_OPEN = ("patternProperties", "oneOf", "anyOf")
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


@dataclass(frozen=True)
class Reached:
    """Where a JSON Pointer leads in a schema."""

    #: the schema of the value it reaches, None when it leaves the schema
    target: object | None
    #: whether the value may be absent or null on the way (an optional member, an array
    #: index, a nullable object)
    may_miss: bool
    #: where it left an object schema that lists its properties and says it admits no
    #: others: (the pointer to the object, the member, the names listed)
    unlisted: tuple[str, str, list[str]] | None = None


def walk(reader: OpenApiReader, schema: object, tokens: Sequence[str]) -> Reached:
    """Follow ``tokens`` from ``schema`` through ``properties`` (of the schema and the
    members of its ``allOf``) and ``items``."""
    may_miss = False
    handle: object | None = schema
    for depth, token in enumerate(tokens):
        if handle is None:
            return Reached(None, may_miss)
        opened, _ = reader.open(handle)
        kinds = opened.get("type")
        if opened.get("nullable") is True or (isinstance(kinds, list) and "null" in kinds):
            may_miss = True
        members = [handle]
        all_of = opened.get("allOf")
        if isinstance(all_of, list):
            members += [reader.child(handle, "allOf", i) for i in range(len(all_of))]
        found: object | None = None
        for member in members:
            schema_of, _ = reader.open(member)
            props = schema_of.get("properties")
            if isinstance(props, Mapping) and token in props:
                found = reader.child(member, "properties", token)
                required = any(token in _required(reader.open(m)[0]) for m in members)
                may_miss = may_miss or not required
                break
            if "items" in schema_of and token.isdigit():
                found = reader.child(member, "items")
                may_miss = True
                break
        if found is None:
            schemas = [reader.open(m)[0] for m in members]
            return Reached(None, may_miss, _unlisted(schemas, tokens, depth))
        handle = found
    return Reached(handle, may_miss)


def _unlisted(
    schemas: Sequence[Mapping[str, object]], tokens: Sequence[str], depth: int
) -> tuple[str, str, list[str]] | None:
    listed = [
        str(name)
        for schema in schemas
        if isinstance(props := schema.get("properties"), Mapping)
        for name in props
    ]
    if not listed or any(_admits_others(s) for s in schemas):
        return None
    return jp.from_parts(tokens[:depth]), tokens[depth], listed


def _admits_others(schema: Mapping[str, object]) -> bool:
    """Whether an object schema says it admits members it does not list: an
    ``additionalProperties`` other than ``false``, ``patternProperties``, ``oneOf`` or
    ``anyOf`` (leaving ``additionalProperties`` out is not saying so)."""
    extra = schema.get("additionalProperties", False)
    return extra is not False or any(key in schema for key in _OPEN)


def _required(schema: Mapping[str, object]) -> list[object]:
    listed = schema.get("required")
    return listed if isinstance(listed, list) else []
