"""Stage 2: validate a loaded document against the official Arazzo JSON Schema.

The schema is chosen by the document's ``arazzo`` field (1.0.x or 1.1.x); the schemas
ship inside the package (``arazzogen/schemas``), are parsed once and their compiled
validators cached. Validation errors are explained by :mod:`arazzogen.check.schema.errors`
and reported as AZ1xx diagnostics pointing at the offending key, value or object.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jsonschema import (  # type: ignore[import-untyped,unused-ignore]
    Draft202012Validator,
    FormatChecker,
    validators,
)
from jsonschema_specifications import (  # type: ignore[import-untyped,unused-ignore]
    REGISTRY as META_SCHEMAS,
)
from referencing import Resource

from arazzogen.check.schema.errors import Explainer
from arazzogen.check.schema.model import SchemaModel, SchemaValidator
from arazzogen.check.schema.text import json_type, typed_value_text
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import LoadedDocument
from arazzogen.load.positions import shorten

VERSIONS = ("1.0", "1.1")

_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:/?#@\[\]]|%[0-9A-Fa-f]{2})*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# brackets only around an IP literal host: [::1], [v1.x]
_IP_LITERAL = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^/?#@\[\]]*@)?\[[0-9A-Za-z:.]+\](?::[0-9]*)?"
    r"(?:[/?#][^\[\]]*)?$"
)


def is_uri_reference(value: object) -> bool:
    """RFC 3986 URI-reference: allowed characters, valid escapes, one fragment at most."""
    if not isinstance(value, str):
        return True
    if not _URI_CHARS.match(value) or value.count("#") > 1:
        return False
    if ("[" in value or "]" in value) and not _IP_LITERAL.match(value):
        return False
    # a relative reference's first segment cannot hold a colon
    return bool(_SCHEME.match(value)) or ":" not in re.split(r"[/?#]", value, maxsplit=1)[0]


def _format_checker() -> object:
    # Only the formats the Arazzo schemas use, checked the same way whatever optional
    # packages are installed.
    checker = FormatChecker(formats=())
    checker.checks("uri-reference")(is_uri_reference)
    return checker


@dataclass(frozen=True)
class CompiledSchema:
    version: str
    schema: dict[str, object]
    validator: SchemaValidator
    model: SchemaModel
    version_pattern: re.Pattern[str]


def _criterion_type_object(defs: dict[str, Any]) -> None:
    # 1.0 spec: a criterion's `type` is a string or a Criterion Expression Type Object;
    # the 1.0 schema only accepts the string (OAI/Arazzo-Specification#336).
    branch = defs["criterion-object"]["anyOf"][0]["properties"]
    branch["type"] = {
        "oneOf": [branch["type"], {"$ref": "#/$defs/criterion-expression-type-object"}]
    }


def _replacement_value_any(defs: dict[str, Any]) -> None:
    # 1.0 spec: a payload replacement's `value` is "Any | {expression}"; the schema says string.
    defs["payload-replacement-object"]["properties"]["value"] = {}


def _replacement_value_constants(defs: dict[str, Any]) -> None:
    # 1.1 spec: "Any | {expression} | Selector Object"; the schema accepts a string or a
    # selector. Accept every non-object constant too, as the parameter value does.
    value = defs["payload-replacement-object"]["properties"]["value"]
    value["oneOf"][0] = {"type": ["string", "boolean", "array", "number", "null"]}


def _action_name_optional(defs: dict[str, Any]) -> None:
    # Not an erratum: the spec requires `name`, but real documents omit it. The schema
    # lets it through so that the rules stage reports the lenient form AZ510 (a warning,
    # an error with --strict) instead of a schema error.
    for kind in ("success-action-object", "failure-action-object"):
        required = defs[kind].get("required")
        if isinstance(required, list) and "name" in required:
            required.remove("name")


#: corrections where the bundled schema contradicts the normative spec text, and the
#: one relaxation for a lenient real-world form (reported by the rules as AZ510)
ERRATA: dict[str, tuple[Callable[[dict[str, Any]], None], ...]] = {
    "1.0": (_criterion_type_object, _replacement_value_any, _action_name_optional),
    "1.1": (_replacement_value_constants, _action_name_optional),
}


#: the deepest nesting checked against the schema; deeper documents get AZ107. jsonschema
#: recurses several frames per level (more for nested JSON Schemas in `inputs`), so the
#: limit stays well inside Python's default recursion limit whatever the caller's stack.
MAX_SCHEMA_DEPTH = 100


def _depth(data: object) -> int:
    """The nesting depth of JSON data (0 for a scalar), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def _identity(value: object) -> object:
    """A hashable key equal for JSON values that JSON Schema calls equal (1 == 1.0,
    but true != 1); a collision only costs a slow exact check."""
    if isinstance(value, bool) or value is None:
        return ("c", value)
    if isinstance(value, int | float):
        return ("n", float(value))
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("l", tuple(_identity(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _identity(v)) for k, v in value.items()))
    return ("o", id(value))


_EXACT_UNIQUE = Draft202012Validator.VALIDATORS["uniqueItems"]


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
    """``uniqueItems`` in linear time: jsonschema compares every pair, which made a
    document with thousands of workflows take a minute. Only a list whose keys collide
    goes through jsonschema's exact check (and its error)."""
    if unique and isinstance(instance, list):
        keys = {_identity(item) for item in instance}
        if len(keys) == len(instance):
            return
    yield from _EXACT_UNIQUE(validator, unique, instance, schema)


#: the JSON Schema meta-schema a workflow's (or the components') ``inputs`` must match
META_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
_REF = Draft202012Validator.VALIDATORS["$ref"]
#: how many distinct JSON Schemas found valid are remembered per process
VALID_SCHEMAS_KEPT = 4096
_valid_schemas: set[object] = set()


def _exact(value: object) -> object:
    """A hashable key equal only for equal JSON values of the same types (1 and 1.0
    differ, key order does not matter). Iterative: no recursion that grows with the
    value's depth."""
    if not isinstance(value, dict | list):
        return (type(value), value)
    built: dict[int, object] = {}
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, dict):
            if ready:
                built[id(node)] = ("d", frozenset((k, _child(v, built)) for k, v in node.items()))
            else:
                stack.append((node, True))
                stack.extend((v, False) for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            if ready:
                built[id(node)] = ("l", tuple(_child(v, built) for v in node))
            else:
                stack.append((node, True))
                stack.extend((v, False) for v in node if isinstance(v, dict | list))
    return built[id(value)]


def _child(value: object, built: dict[int, object]) -> object:
    return built[id(value)] if isinstance(value, dict | list) else (type(value), value)


def _ref(validator: Any, ref: Any, instance: Any, schema: Any) -> Any:
    """``$ref``, remembering which JSON Schemas matched the meta-schema: documents repeat
    the same ``inputs`` schema in many workflows, and checking one against the 2020-12
    meta-schema (``$dynamicRef`` included) was about 40 % of the validation time. The
    Arazzo schemas declare no ``$dynamicAnchor``, so the meta-schema's verdict on a
    value does not depend on where the value is; only valid values are remembered (the
    errors of an invalid one are computed every time, with their own paths)."""
    if ref != META_SCHEMA or not isinstance(instance, dict):
        yield from _REF(validator, ref, instance, schema)
        return
    key = _exact(instance)
    if key in _valid_schemas:
        return
    errors = list(_REF(validator, ref, instance, schema))
    if not errors:
        if len(_valid_schemas) >= VALID_SCHEMAS_KEPT:
            _valid_schemas.clear()
        _valid_schemas.add(key)
    yield from errors


_FastUniqueValidator = validators.extend(
    Draft202012Validator, {"uniqueItems": _unique_items, "$ref": _ref}
)


@functools.cache
def compiled(version: str) -> CompiledSchema:
    """The bundled schema for ``version`` ("1.0" or "1.1"), parsed and compiled once."""
    # the official YAML schema, shipped as JSON too: json reads it in a fraction of the time
    resource = resources.files("arazzogen") / "schemas" / f"arazzo-{version}.schema.json"
    schema = json.loads(resource.read_text(encoding="utf-8"))
    assert isinstance(schema, dict)
    for erratum in ERRATA.get(version, ()):
        erratum(schema["$defs"])
    # One registry holding the meta-schemas and this schema, crawled once: a validator
    # given only its root re-crawls every resource on each anchor it does not find,
    # which the meta-schema's `$dynamicRef: "#meta"` asks for at every JSON Schema in a
    # workflow's `inputs` (about half the validation time).
    uri = str(schema["$id"])
    registry = META_SCHEMAS.with_resource(uri, Resource.from_contents(schema)).crawl()
    validator: SchemaValidator = _FastUniqueValidator(
        schema,
        registry=registry,
        format_checker=_format_checker(),
        _resolver=registry.resolver(base_uri=uri),
    )
    properties = schema["properties"]
    pattern = properties["arazzo"]["pattern"]
    return CompiledSchema(version, schema, validator, SchemaModel(schema), re.compile(pattern))


def check_root(doc: LoadedDocument, reporter: Reporter) -> bool:
    """Report AZ007 unless the document's top level is a mapping."""
    if isinstance(doc.data, dict):
        return True
    reporter.report(
        "AZ007",
        f"the document's top level must be a mapping (object), not {_kind_of(doc.data)}",
        doc.locate(""),
    )
    return False


def _kind_of(value: object) -> str:
    if json_type(value) in ("array", "object"):
        return f"a {'list' if isinstance(value, list) else 'mapping'}"
    return typed_value_text(value)


def detect_version(doc: LoadedDocument, reporter: Reporter) -> str | None:
    """The schema version ("1.0"/"1.1") for the document's ``arazzo`` field, or AZ100."""
    assert isinstance(doc.data, dict)
    if "arazzo" not in doc.data:
        other = next((k for k in ("openapi", "swagger", "asyncapi") if k in doc.data), None)
        message = "missing the 'arazzo' field naming the Arazzo version"
        if other is not None:
            name = {"openapi": "an OpenAPI", "swagger": "a Swagger", "asyncapi": "an AsyncAPI"}[
                other
            ]
            message += f"; this looks like {name} description, not an Arazzo document"
        reporter.report("AZ100", message, doc.locate(""))
        return None
    value = doc.data["arazzo"]
    where = doc.locate("/arazzo")
    if not isinstance(value, str):
        hint = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            hint = 'write the version as a quoted string, e.g. `arazzo: "1.0.1"`'
        reporter.report(
            "AZ100",
            f"'arazzo' must be a version string such as \"1.0.1\", "
            f"not {typed_value_text(value)}",
            where,
            hint=hint,
        )
        return None
    for version in VERSIONS:
        if compiled(version).version_pattern.match(value):
            return version
    reporter.report(
        "AZ100",
        f'unsupported Arazzo version "{shorten(value, 40)}"; ' "arazzogen knows 1.0.x and 1.1.x",
        where,
    )
    return None


def validate_schema(doc: LoadedDocument, reporter: Reporter) -> str | None:
    """Validate ``doc`` against the schema its ``arazzo`` field names.

    Returns the schema version ("1.0" or "1.1"); None when the document's root is not
    a mapping (AZ007) or its version is missing or unknown (AZ100). Schema violations
    are reported (AZ101-AZ106) and the version is still returned.
    """
    if not check_root(doc, reporter):
        return None
    version = detect_version(doc, reporter)
    if version is None:
        return None
    schema = compiled(version)
    explainer = Explainer(schema.model, schema.validator, doc)
    if _depth(doc.data) > MAX_SCHEMA_DEPTH:  # decided here, not by the interpreter's stack
        reporter.report(
            "AZ107",
            f"the document nests more than {MAX_SCHEMA_DEPTH} levels deep, too deep to be "
            "checked against the Arazzo schema",
            doc.locate(""),
        )
        return version
    try:
        errors = list(schema.validator.iter_errors(doc.data))
        problems = explainer.explain_all(errors)
    except RecursionError:
        reporter.report(
            "AZ107",
            "the document nests too deeply to be checked against " "the Arazzo schema",
            doc.locate(""),
        )
        return version
    if errors and not problems:  # never let a schema violation pass silently
        reporter.report("AZ104", "the document does not match the Arazzo schema", doc.locate(""))
    for problem in problems:
        reporter.report(problem.code, problem.message, doc.locate(problem.pointer, key=problem.key))
    return version
