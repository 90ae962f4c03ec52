"""Python types for workflow inputs, from their JSON Schema."""

from __future__ import annotations

from collections.abc import Mapping

from arazzogen import pointer as jp

_SCALARS = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}


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


def input_properties(schema: object, document: object) -> tuple[dict[str, object], set[str]]:
    """The properties and required names of a workflow ``inputs`` schema, following
    ``$ref`` and merging ``allOf`` members."""
    resolved = resolve_schema(schema, document)
    props: dict[str, object] = {}
    required: set[str] = set()
    members = resolved.get("allOf")
    for member in members if isinstance(members, list) else []:
        more, needed = input_properties(member, document)
        props.update(more)
        required |= needed
    own = resolved.get("properties")
    if isinstance(own, Mapping):
        props.update({str(k): v for k, v in own.items()})
    listed = resolved.get("required")
    if isinstance(listed, list):
        required |= {str(r) for r in listed}
    return props, required


def python_type(schema: object, document: object, depth: int = 0) -> str:
    """The annotation for a value described by ``schema`` (``object`` when unsure)."""
    resolved = resolve_schema(schema, document)
    if depth > 8 or not resolved:
        return "object"
    kind = resolved.get("type")
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    if not kinds and isinstance(resolved.get("enum"), list):
        values = resolved["enum"]
        assert isinstance(values, list)
        if values and all(isinstance(v, str) for v in values):
            kinds = ["string"]
    names: list[str] = []
    for item in kinds:
        if not isinstance(item, str):
            return "object"
        if item in _SCALARS:
            names.append(_SCALARS[item])
        elif item == "array":
            names.append(f"list[{python_type(resolved.get('items'), document, depth + 1)}]")
        elif item == "object":
            names.append("dict[str, object]")
        else:
            return "object"
    if resolved.get("nullable") is True and "None" not in names:
        names.append("None")
    if not names:
        return "object"
    if names == ["None"]:
        return "None"
    ordered = [n for n in names if n != "None"] + (["None"] if "None" in names else [])
    return " | ".join(dict.fromkeys(ordered))


def optional(annotation: str) -> str:
    if annotation == "object" or annotation.endswith("| None") or annotation == "None":
        return annotation
    return f"{annotation} | None"
