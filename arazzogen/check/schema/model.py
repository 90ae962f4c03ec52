"""Static knowledge of a JSON Schema document, used to explain validation errors.

:class:`SchemaModel` answers two questions about the bundled Arazzo schemas:

* what an alternative (a ``oneOf``/``anyOf`` branch, or any subschema) declares: its
  properties, property patterns, required properties and ``$defs`` name
  (:meth:`SchemaModel.static`), following ``$ref``, ``allOf`` and the conditional and
  alternative applicators, without ever looking into property schemas;
* what kind of object each instance location is, following a validation error's
  schema path from the root (:meth:`SchemaModel.walk`).

Only local references (``#/$defs/...`` and ``#anchor``) are followed; a reference to
another document (the JSON Schema meta-schema, for workflow ``inputs``) ends the walk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from arazzogen import pointer as jp
from arazzogen.check.schema.text import MIXINS, quoted, value_text

_DEFS = "#/$defs/"
_ALTERNATIVES = ("allOf", "anyOf", "oneOf")
_CONDITIONALS = ("if", "then", "else")
_TO_ITEM = ("items", "additionalProperties", "unevaluatedProperties", "contains",
            "unevaluatedItems")
_TO_MEMBER = ("properties", "patternProperties", "prefixItems")
_IGNORED_KEYS = {"$comment", "description", "title", "$anchor"}


class SchemaError(Protocol):
    """The parts of ``jsonschema.ValidationError`` the explanation uses."""

    @property
    def validator(self) -> object: ...
    @property
    def validator_value(self) -> object: ...
    @property
    def instance(self) -> object: ...
    @property
    def absolute_path(self) -> Sequence[str | int]: ...
    @property
    def absolute_schema_path(self) -> Sequence[str | int]: ...
    @property
    def relative_path(self) -> Sequence[str | int]: ...
    @property
    def relative_schema_path(self) -> Sequence[str | int]: ...
    @property
    def context(self) -> list[SchemaError] | None: ...


class SchemaValidator(Protocol):
    """The parts of a ``jsonschema`` validator the explanation uses."""

    def iter_errors(self, instance: object) -> Iterable[SchemaError]: ...
    def is_valid(self, instance: object) -> bool: ...
    def evolve(self, *, schema: object) -> SchemaValidator: ...


@dataclass(frozen=True)
class Static:
    """What a subschema declares for the object it applies to."""

    props: frozenset[str]
    patterns: frozenset[str]
    required: frozenset[str]
    definition: str | None
    #: the subschema is nothing but ``required: [...]``
    pure_required: bool


@dataclass(frozen=True)
class Walk:
    """Where a validation error's schema path leads."""

    #: kinds[d]: the ``$defs`` name of the instance node at depth d (None if unknown)
    kinds: tuple[str | None, ...]
    #: the schema object that holds the failing keyword (None past an external reference)
    node: dict[str, object] | None
    #: "when 'type' is "goto"": the condition of a ``then`` on the failing object or its parent
    condition: str | None


class SchemaModel:
    def __init__(self, root: dict[str, object]) -> None:
        self.root = root
        self.anchors: dict[str, dict[str, object]] = {}
        self._collect_anchors(root)
        self._static: dict[int, Static] = {}

    def _collect_anchors(self, node: object) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, dict):
                anchor = current.get("$anchor")
                if isinstance(anchor, str):
                    self.anchors[anchor] = current
                stack.extend(current.values())
            elif isinstance(current, list):
                stack.extend(current)

    def resolve(self, ref: object) -> tuple[dict[str, object] | None, str | None]:
        """The target of a local reference and its ``$defs`` name; (None, None) otherwise."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None, None
        if ref.startswith("#/"):
            try:
                target = jp.resolve(self.root, ref[1:])
            except (KeyError, jp.PointerError):
                return None, None
            name = ref[len(_DEFS):] if ref.startswith(_DEFS) and "/" not in ref[len(_DEFS):] \
                else None
            return (target, name) if isinstance(target, dict) else (None, None)
        return self.anchors.get(ref[1:]), None

    def definition_of(self, schema: object) -> str | None:
        """The ``$defs`` name a subschema refers to (``{$ref: '#/$defs/x', ...}``)."""
        if isinstance(schema, dict):
            _, name = self.resolve(schema.get("$ref"))
            return name
        return None

    # -- what a subschema declares -------------------------------------------
    def static(self, schema: object) -> Static:
        if not isinstance(schema, dict):
            return Static(frozenset(), frozenset(), frozenset(), None, False)
        cached = self._static.get(id(schema))
        if cached is not None:
            return cached
        props: set[str] = set()
        patterns: set[str] = set()
        required: set[str] = set()
        seen: set[int] = set()
        self._declare(schema, props, patterns, required, seen, top=True)
        keys = set(schema) - _IGNORED_KEYS
        result = Static(
            frozenset(props), frozenset(patterns), frozenset(required),
            self.definition_of(schema), keys == {"required"},
        )
        self._static[id(schema)] = result
        return result

    def _declare(self, schema: object, props: set[str], patterns: set[str],
                 required: set[str], seen: set[int], top: bool) -> None:
        if not isinstance(schema, dict) or id(schema) in seen:
            return
        seen.add(id(schema))
        declared = schema.get("properties")
        if isinstance(declared, dict):
            props.update(str(k) for k in declared)
        pattern_props = schema.get("patternProperties")
        if isinstance(pattern_props, dict):
            patterns.update(str(k) for k in pattern_props)
        needed = schema.get("required")
        if top and isinstance(needed, list):
            required.update(str(r) for r in needed)
        target, _ = self.resolve(schema.get("$ref"))
        if target is not None:
            self._declare(target, props, patterns, required, seen, top)
        for keyword in ("allOf",):
            for sub in _list(schema.get(keyword)):
                self._declare(sub, props, patterns, required, seen, top)
        for keyword in ("anyOf", "oneOf"):
            for sub in _list(schema.get(keyword)):
                self._declare(sub, props, patterns, required, seen, False)
        for keyword in _CONDITIONALS:
            self._declare(schema.get(keyword), props, patterns, required, seen, False)
        dependent = schema.get("dependentSchemas")
        if isinstance(dependent, dict):
            for sub in dependent.values():
                self._declare(sub, props, patterns, required, seen, False)

    # -- following an error's schema path ------------------------------------
    def walk(self, schema_path: Sequence[str | int], depth: int) -> Walk:
        """Follow ``schema_path`` (which ``jsonschema`` writes without ``$ref`` steps)."""
        kinds: list[str | None] = ["root"]
        node: dict[str, object] | None = self.root
        condition: str | None = None
        condition_depth = 0
        tokens = list(schema_path)
        i = 0
        while node is not None and i < len(tokens):
            token = tokens[i]
            node = self._through_refs(node, token, kinds)
            if node is None or i == len(tokens) - 1:
                break  # the last token is the failing keyword itself
            nxt = tokens[i + 1]
            step = 1
            child: object
            if token in _TO_MEMBER:
                child = _member(node.get(str(token)), nxt)
                kinds.append(None)
                step = 2
            elif token in _TO_ITEM:
                child = node.get(str(token))
                kinds.append(None)
            elif token in _ALTERNATIVES or token == "dependentSchemas":
                child = _member(node.get(str(token)), nxt)
                step = 2
            elif token in ("then", "else"):
                condition = describe_condition(node.get("if"), negated=token == "else")
                condition_depth = len(kinds)
                child = node.get(str(token))
            else:  # "if", "not", "propertyNames", ...
                child = node.get(str(token))
            node = child if isinstance(child, dict) else None
            if node is not None and kinds[-1] is None:
                name = self.definition_of(node)
                if name is not None and name not in MIXINS:
                    kinds[-1] = name
            i += step
        if node is None:
            # past an external reference (the JSON Schema meta-schema): a JSON Schema
            kinds.extend(["schema"] * (depth + 1 - len(kinds)))
        if len(kinds) != depth + 1:
            kinds = (kinds + [None] * (depth + 1))[: depth + 1]
        # a condition explains the object it is on and that object's own properties
        if len(kinds) - condition_depth > 1:
            condition = None
        return Walk(tuple(kinds), node, condition)

    def _through_refs(self, node: dict[str, object], token: str | int,
                      kinds: list[str | None]) -> dict[str, object] | None:
        """Follow ``$ref`` until ``token`` is a keyword of the schema (None: external)."""
        hops = 0
        while str(token) not in node and "$ref" in node and hops < 64:
            target, name = self.resolve(node["$ref"])
            if target is None:
                return None
            if name is not None and name not in MIXINS:
                kinds[-1] = name
            node = target
            hops += 1
        return node


def describe_condition(schema: object, *, negated: bool = False) -> str | None:
    """"when 'parameters' is present", "when 'type' is "goto"", or None."""
    if not isinstance(schema, dict) or negated:
        return None
    keys = set(schema) - _IGNORED_KEYS
    required = [str(r) for r in _list(schema.get("required"))]
    props = schema.get("properties")
    if keys == {"required"} and required:
        return "when " + " and ".join(quoted(r) for r in required) + " is present"
    if isinstance(props, dict) and len(props) == 1 and keys <= {"required", "properties"}:
        (name, sub), = props.items()
        if isinstance(sub, dict):
            if "const" in sub:
                return f"when {quoted(str(name))} is {value_text(sub['const'])}"
            enum = sub.get("enum")
            if isinstance(enum, list) and len(enum) == 1:
                return f"when {quoted(str(name))} is {value_text(enum[0])}"
    for keyword in ("oneOf", "anyOf"):
        branches = _list(schema.get(keyword))
        if keys == {keyword} and branches and all(
            isinstance(b, dict) and set(b) == {"required"} for b in branches
        ):
            names = [quoted(str(r)) for b in branches if isinstance(b, dict)
                     for r in _list(b.get("required"))]
            return "when " + " or ".join(names) + " is present"
    return None


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _member(container: object, token: object) -> object:
    if isinstance(container, dict) and token is not None:
        return container.get(str(token))
    if isinstance(container, list) and isinstance(token, int) and 0 <= token < len(container):
        return container[token]
    return None
