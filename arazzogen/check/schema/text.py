"""Words for schema diagnostics: object kinds, accepted forms, values and types.

Everything here turns schema or document fragments into short human text. Values are
never shown as Python reprs: strings are quoted and cut, objects and arrays are
described by shape.
"""

from __future__ import annotations

import json

from arazzogen.load.positions import shorten

#: names of the schema's ``$defs`` as users know them ("step", "success action")
KIND_NAMES: dict[str, str] = {
    "root": "Arazzo document",
    "info": "info",
    "source-description-object": "source description",
    "workflow-object": "workflow",
    "step-object": "step",
    "step-object-base": "step",
    "openapi-step-object": "OpenAPI step",
    "asyncapi-step-object": "AsyncAPI step",
    "workflow-step-object": "workflow step",
    "request-body-object": "request body",
    "criterion-object": "criterion",
    "criterion-expression-type-object": "criterion expression type",
    "expression-type-object": "expression type",
    "success-action-object": "success action",
    "failure-action-object": "failure action",
    "reusable-object": "reusable",
    "parameter-object": "parameter",
    "payload-replacement-object": "payload replacement",
    "components-object": "components",
    "selector-object": "selector",
    "selector-type": "selector type",
    "schema": "JSON Schema",
}

#: definitions that are mixed into others and never name the object on their own
MIXINS = frozenset({"specification-extensions", "step-object-base", "operation-step-parameters"})

#: the accepted forms, as listed when an object matches none of them
FORM_NAMES: dict[str, str] = {
    "openapi-step-object": "an OpenAPI step (with operationId or operationPath)",
    "asyncapi-step-object": "an AsyncAPI step (with operationId or channelPath, and action)",
    "workflow-step-object": "a workflow step (with workflowId)",
    "success-action-object": "a success action (with name and type)",
    "failure-action-object": "a failure action (with name and type)",
    "reusable-object": "a reusable object (with reference)",
    "parameter-object": "a parameter (with name, value and, for operations, in)",
    "selector-object": "a selector object (with context, selector and type)",
    "expression-type-object": "an expression type object (with type and version)",
    "criterion-expression-type-object": "an expression type object (with type and version)",
}

#: what the schema's regular expressions ask for, as a predicate after "must"
PATTERN_TEXT: dict[str, str] = {
    r"^[A-Za-z0-9_\-]+$": "use letters, digits, '_' and '-' only",
    r"^[a-zA-Z0-9\.\-_]+$": "use letters, digits, '.', '-' and '_' only",
    r"^[^#]*$": "not contain a fragment ('#')",
    r"^(?!\$).+$": "be a stepId of this workflow",
    r"^\$workflows\.[^.]+\.steps\.[^.]+$": "be '$workflows.<workflowId>.steps.<stepId>'",
    r"^\$sourceDescriptions\.[^.]+\.[^.]+\.steps\.[^.]+$": (
        "be '$sourceDescriptions.<name>.<workflowId>.steps.<stepId>'"
    ),
}

_TYPE_PHRASES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
    "object": "an object",
    "array": "an array",
}


def kind_name(definition: str) -> str:
    """The user's name for a ``$defs`` entry."""
    if definition in KIND_NAMES:
        return KIND_NAMES[definition]
    name = definition.removesuffix("-object")
    return name.replace("-", " ")


def object_phrase(kind: str | None) -> str:
    """"step object", "Arazzo document", "JSON Schema" or "object"."""
    if kind is None:
        return "object"
    name = kind_name(kind)
    if kind in ("root", "schema"):
        return name
    return f"{name} object"


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def type_phrase(name: str) -> str:
    return _TYPE_PHRASES.get(name, name)


def join_words(words: list[str], last: str = "or") -> str:
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def quoted(name: str) -> str:
    """A property name or key, in single quotes and cut to a readable length."""
    return "'" + shorten(name, 60).replace("\n", "\\n") + "'"


def value_text(value: object) -> str:
    """A short description of a document value for a message."""
    if isinstance(value, str):
        return json.dumps(shorten(value, 60), ensure_ascii=False)
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, list):
        return "an empty array" if not value else f"an array of {len(value)} items"
    if isinstance(value, dict):
        if not value:
            return "an empty object"
        keys = [quoted(str(k)) for k in list(value)[:3]]
        more = ", \u2026" if len(value) > 3 else ""
        return f"an object with {', '.join(keys)}{more}"
    return "a value"


def typed_value_text(value: object) -> str:
    """"a string ("3")", "the number 1.0", "an object with 'a'"."""
    kind = json_type(value)
    if kind in ("object", "array"):
        return value_text(value)
    if kind == "null":
        return "null"
    if kind in ("integer", "number"):
        return f"the number {value_text(value)}"
    return f"{type_phrase(kind)} ({value_text(value)})"


def expected_types(expected: object) -> str:
    names = [expected] if isinstance(expected, str) else (
        list(expected) if isinstance(expected, list) else [])
    return join_words([type_phrase(str(n)) for n in names])


def choices_text(choices: object) -> str:
    items = choices if isinstance(choices, list) else [choices]
    return join_words([value_text(c) for c in items])


def describe_form(branch: object, definition: str | None) -> str:
    """A short description of one alternative of a ``oneOf``/``anyOf``."""
    if definition is not None:
        if definition in FORM_NAMES:
            return FORM_NAMES[definition]
        return f"{_article(kind_name(definition))} {object_phrase(definition)}"
    if not isinstance(branch, dict):
        return "a value"
    pattern = branch.get("pattern")
    if isinstance(pattern, str):
        text = PATTERN_TEXT.get(pattern)
        if text is not None and text.startswith("be "):
            return text[3:]
        return f"a string matching {shorten(pattern, 60)}"
    if "enum" in branch:
        return "one of " + choices_text(branch["enum"])
    if "const" in branch:
        return value_text(branch["const"])
    required = branch.get("required")
    if isinstance(required, list) and set(branch) <= {"required", "$comment", "description"}:
        return join_words([quoted(str(r)) for r in required], "and")
    if "type" in branch:
        return expected_types(branch["type"])
    return "a value of another form"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" else "a"
