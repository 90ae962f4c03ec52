r"""Workflow inputs' JSON Schemas: ``$ref``\ s into ``#/components/inputs``, the properties
of an ``inputs`` schema, the reader :mod:`arazzogen.build.pytypes` types them through,
and whether a ``default`` fits the type."""

from __future__ import annotations

from collections.abc import Mapping

from arazzogen import pointer as jp
from arazzogen.build import pytypes


def resolve_schema(schema: object, document: object, depth: int = 0) -> Mapping[str, object]:
    """Follow a local ``$ref`` (``#/components/inputs/...``); non-mappings become ``{}``."""
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and depth < 20:
        ref = str(schema["$ref"])
        if not ref.startswith("#"):
            return {}
        try:
            schema = jp.resolve(document, ref[1:])
        except (KeyError, jp.PointerError):
            return {}
        depth += 1
    return schema if isinstance(schema, Mapping) else {}


def input_properties(
    schema: object, document: object, seen: frozenset[int] = frozenset()
) -> tuple[dict[str, object], set[str]]:
    """The properties and required names of a workflow ``inputs`` schema, following
    ``$ref`` and merging ``allOf`` members (a member that is the schema itself, or one it
    is a member of, adds nothing)."""
    resolved = resolve_schema(schema, document)
    props: dict[str, object] = {}
    required: set[str] = set()
    if id(resolved) in seen:
        return props, required
    seen = seen | {id(resolved)}
    members = resolved.get("allOf")
    for member in members if isinstance(members, list) else []:
        more, needed = input_properties(member, document, seen)
        props.update(more)
        required |= needed
    own = resolved.get("properties")
    if isinstance(own, Mapping):
        props.update({str(k): v for k, v in own.items()})
    listed = resolved.get("required")
    if isinstance(listed, list):
        required |= {str(r) for r in listed}
    return props, required


def optional(annotation: str) -> str:
    if annotation == "object" or annotation.endswith("| None") or annotation == "None":
        return annotation
    return f"{annotation} | None"


class ArazzoReader:
    """:class:`arazzogen.build.pytypes.SchemaReader` over the Arazzo document: local
    ``$ref``\\ s (``#/components/inputs/...``)."""

    def __init__(self, document: object) -> None:
        self.document = document

    def open(self, handle: object) -> tuple[Mapping[str, object], str]:
        name = ""
        if isinstance(handle, Mapping) and isinstance(handle.get("$ref"), str):
            ref = str(handle["$ref"])
            parts = ref.split("/")
            if len(parts) == 4 and parts[0] == "#" and parts[1] == "components":
                name = parts[3]
        return resolve_schema(handle, self.document), name

    def child(self, handle: object, *tokens: str | int) -> object | None:
        node: object = handle
        for token in tokens:
            if isinstance(token, int):  # an item of a list reached by the previous token
                if not isinstance(node, list) or not 0 <= token < len(node):
                    return None
                node = node[token]
                continue
            opened = self.open(node)[0]
            if token not in opened:
                return None
            node = opened[token]
        return node

    def key(self, handle: object) -> object:
        return id(self.open(handle)[0])


def fits(value: object, t: pytypes.PyType, dicts: pytypes.TypedDicts) -> bool:
    """Whether a JSON value (an input's ``default``) is a value of ``t``: a TypedDict's
    value has its required members, no others, each of its type (as mypy checks the
    default's literal in the generated module)."""
    kind = t.kind
    if kind == "scalar":
        return {
            "str": lambda v: isinstance(v, str),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "bool": lambda v: isinstance(v, bool),
            "None": lambda v: v is None,
        }[t.name](value)
    if kind == "literal":
        return any(type(value) is type(v) and value == v for v in t.values)
    if kind == "list":
        return isinstance(value, list) and all(fits(v, t.args[0], dicts) for v in value)
    if kind == "dict":
        return isinstance(value, dict) and all(fits(v, t.args[0], dicts) for v in value.values())
    if kind == "typeddict":
        members = dicts.members.get(t.name.strip('"'), ())
        known = {key: (member, required) for key, member, required in members}
        return (
            isinstance(value, dict)
            and set(value) <= set(known)
            and all(key in value for key, (_, required) in known.items() if required)
            and all(fits(v, known[k][0], dicts) for k, v in value.items())
        )
    if kind == "union":
        return any(fits(value, a, dicts) for a in t.args)
    return True
