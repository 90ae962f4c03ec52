"""Python types from JSON Schema: the types of workflow outputs (from the OpenAPI response
schemas) and of workflow inputs (from the ``inputs`` schema).

A schema becomes a :class:`PyType`: ``str``, ``int``, ``float``, ``bool``, ``None``,
``Literal[...]`` for an enum, a list, a dict, a generated ``TypedDict`` for an object with
properties, a union, or ``object`` where nothing can be known (with the reason). Inputs
use ``Sequence``/``Mapping`` (read-only, so that ``list[dict[str, str]]`` is accepted);
outputs use ``list``/``dict`` (what ``json`` decodes). Every output type also has a
*predicate*: plain Python that checks a decoded JSON value has that type, which the
result function of a workflow runs before it labels the value (``ResponseTypeError``).

Where the schemas come from is a :class:`SchemaReader`: the OpenAPI documents (bind's
``$ref`` resolver, across files) or the Arazzo document (``#/components/inputs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from arazzogen.build import ir
from arazzogen.build.codegen.literals import annotation_string, docstring, py_literal
from arazzogen.build.codegen.names import Scope, is_member_name, pascal_case, snake_case

#: nesting deeper than this is typed ``object``
MAX_DEPTH = 12
#: an enum with a string longer than this, or more values than this, is typed by its kind
MAX_LITERAL_TEXT = 40
MAX_LITERAL_VALUES = 32

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True)
class PyType:
    """A Python type. ``kind`` is one of: ``scalar`` (``name`` is str/int/float/bool/None),
    ``literal`` (``values``), ``list`` and ``dict`` (``args[0]`` the item/value type),
    ``typeddict`` (``name`` the class, ``checker`` its predicate function), ``union``
    (``args``), ``object`` (``reason`` says why nothing more is known)."""

    kind: str
    name: str = ""
    values: tuple[str | int | bool, ...] = ()
    args: tuple[PyType, ...] = ()
    reason: str = ""
    checker: str = ""


OBJECT = PyType("object", reason="the schema does not say")
NONE = PyType("scalar", "None")
STR = PyType("scalar", "str")
INT = PyType("scalar", "int")


def unknown(reason: str) -> PyType:
    return PyType("object", reason=reason)


def union(*members: PyType) -> PyType:
    """The union of ``members`` (flattened, duplicates dropped, None last); ``object`` when
    one member is ``object``."""
    flat: list[PyType] = []
    for member in members:
        if member.kind == "object":
            return member
        for item in member.args if member.kind == "union" else (member,):
            if item not in flat:
                flat.append(item)
    flat = [m for m in flat if m != NONE] + ([NONE] if NONE in flat else [])
    literals = [m for m in flat if m.kind == "literal"]
    if len(literals) > 1:  # Literal["a"] | Literal["b"] -> Literal["a", "b"]
        values = tuple(dict.fromkeys(v for m in literals for v in m.values))
        merged = PyType("literal", values=values)
        first = flat.index(literals[0])
        flat = [m for m in flat if m.kind != "literal"]
        flat.insert(first, merged)
    return flat[0] if len(flat) == 1 else PyType("union", args=tuple(flat))


def optional(t: PyType) -> PyType:
    return union(t, NONE)


def annotation(t: PyType, *, inputs: bool = False) -> str:
    """The annotation of ``t``; ``inputs`` uses the read-only ``Sequence``/``Mapping``.

    A TypedDict that contains itself refers to itself by a forward reference (its name
    in quotes, as :class:`Converter` makes it): the annotation that holds one is quoted
    whole (``"Node | None"``, ``"list[Node]"``), since ``"Node" | None`` fails when the
    class is created."""
    text = _annotation(t, inputs)
    return annotation_string(text) if forward(t) else text


def forward(t: PyType) -> bool:
    """Whether ``t`` holds a forward reference to a TypedDict being defined."""
    if t.kind == "typeddict":
        return t.name.startswith('"')
    return any(forward(a) for a in t.args)


def _annotation(t: PyType, inputs: bool) -> str:
    if t.kind == "typeddict":
        return t.name.strip('"')
    if t.kind == "scalar":
        return t.name
    if t.kind == "literal":
        return "Literal[" + ", ".join(py_literal(v) for v in t.values) + "]"
    if t.kind == "list":
        return f"{'Sequence' if inputs else 'list'}[{_annotation(t.args[0], inputs)}]"
    if t.kind == "dict":
        return f"{'Mapping' if inputs else 'dict'}[str, {_annotation(t.args[0], inputs)}]"
    if t.kind == "union":
        return " | ".join(_annotation(a, inputs) for a in t.args)
    return "object"


def structured(t: PyType) -> bool:
    """Whether a value of type ``t`` may be an array or an object (``object`` included)."""
    if t.kind == "union":
        return any(structured(arg) for arg in t.args)
    return t.kind not in ("scalar", "literal")


def imports(t: PyType, *, inputs: bool = False) -> set[str]:
    """The import lines ``annotation(t)`` needs."""
    found: set[str] = set()
    if t.kind == "literal":
        found.add("from typing import Literal")
    if inputs and t.kind == "list":
        found.add("from collections.abc import Sequence")
    if inputs and t.kind == "dict":
        found.add("from collections.abc import Mapping")
    for arg in t.args:
        found |= imports(arg, inputs=inputs)
    return found


def predicate(t: PyType, var: str) -> str:
    """A Python condition that holds when the decoded JSON value ``var`` has type ``t``
    ("True" for ``object``)."""
    if t.kind == "scalar":
        return {
            "str": f"isinstance({var}, str)",
            "bool": f"isinstance({var}, bool)",
            "int": f"(isinstance({var}, int) and not isinstance({var}, bool))",
            "float": f"(isinstance({var}, int | float) and not isinstance({var}, bool))",
            "None": f"{var} is None",
        }[t.name]
    if t.kind == "literal":
        # a helper, not `var in (...)`: whether `in` narrows to the Literal depends on the
        # type checker's version (pyright does, mypy before 2.x does not), and the cast
        # the result needs must be needed under every one
        listed = ", ".join(py_literal(v) for v in t.values)
        return f"_one_of({var}, ({listed}{',' if len(t.values) == 1 else ''}))"
    if t.kind == "typeddict":
        return f"{t.checker}({var})"
    if t.kind == "list":
        item = predicate(t.args[0], "v")
        if item == "True":
            return f"isinstance({var}, list)"
        return f"_is_list({var}, {_callable(item)})"
    if t.kind == "dict":
        item = predicate(t.args[0], "v")
        if item == "True":
            return f"_is_dict({var})"
        return f"_is_dict({var}, {_callable(item)})"
    if t.kind == "union":
        return "(" + " or ".join(predicate(a, var) for a in t.args) + ")"
    return "True"


def _callable(condition: str) -> str:
    """A predicate on ``v`` as a callable: ``f`` for ``f(v)``, else a lambda."""
    if condition.endswith("(v)") and condition[:-3].isidentifier():
        return condition[:-3]
    return f"lambda v: {condition}"


def helpers(t: PyType) -> set[str]:
    """The runtime helpers ``predicate(t)`` calls."""
    found: set[str] = set()
    if t.kind == "literal":
        found.add("_one_of")
    if t.kind == "list" and predicate(t.args[0], "v") != "True":
        found.add("_is_list")
    if t.kind == "dict":
        found.add("_is_dict")
    for arg in t.args:
        found |= helpers(arg)
    return found


def narrows(t: PyType) -> bool:
    """Whether both mypy and pyright narrow a value to ``t`` from its predicate (then the
    value needs no ``cast``: a cast would be redundant, an error under both)."""
    if t.kind == "scalar":
        return t.name in ("str", "bool", "None", "int")
    if t.kind == "union":
        return all(narrows(a) for a in t.args)
    return False


def erase_forward(t: PyType) -> PyType:
    """``t`` with each forward reference to a TypedDict typed as an object of unknown
    members (a ``dict``)."""
    if t.kind == "typeddict" and t.name.startswith('"'):
        return PyType("dict", args=(unknown("the object refers back to the type it is in"),))
    if not t.args:
        return t
    args = tuple(erase_forward(a) for a in t.args)
    return union(*args) if t.kind == "union" else PyType(t.kind, args=args)


def uses_typeddicts(t: PyType) -> set[str]:
    found = {t.name} if t.kind == "typeddict" else set()
    for arg in t.args:
        found |= uses_typeddicts(arg)
    return found


class SchemaReader(Protocol):
    """Reads schemas wherever they are: ``open`` follows ``$ref``\\ s and gives the
    schema as a mapping (``{}`` when it is not one) and the name of the component it
    is ("" for an inline one); ``child`` is a handle on a member schema."""

    def open(self, handle: object) -> tuple[Mapping[str, object], str]: ...

    def child(self, handle: object, *tokens: str | int) -> object | None: ...

    def key(self, handle: object) -> object: ...


@dataclass
class TypedDicts:
    """The ``TypedDict`` classes of a module, each built once per schema and use
    (outputs and inputs differ: ``list`` vs ``Sequence``)."""

    names: Scope
    defs: list[ir.TypedDictDef] = field(default_factory=list)
    by_key: dict[object, PyType] = field(default_factory=dict)
    imports: set[str] = field(default_factory=set)
    helpers: set[str] = field(default_factory=set)
    #: TypedDict name -> its members: (key, type, required)
    members: dict[str, tuple[tuple[str, PyType, bool], ...]] = field(default_factory=dict)


class Converter:
    """Schema -> :class:`PyType` for one reader."""

    def __init__(self, reader: SchemaReader, dicts: TypedDicts, *, inputs: bool) -> None:
        self.reader = reader
        self.dicts = dicts
        self.inputs = inputs
        #: the TypedDicts being built (a schema that contains itself refers to it by name)
        self.building: dict[object, tuple[str, str]] = {}
        #: the schemas whose one ``allOf`` member is being typed (a cycle of them ends)
        self.all_of_open: set[object] = set()

    def convert(self, handle: object, hint: str, depth: int = 0) -> PyType:
        """The type of values of the schema ``handle``; ``hint`` names a TypedDict made
        for an inline object schema."""
        if depth > MAX_DEPTH:
            return unknown(f"the schema nests deeper than {MAX_DEPTH} levels")
        schema, name = self.reader.open(handle)
        if not schema:
            return unknown("the schema does not say")
        hint = pascal_case(name, fallback=hint) if name else hint
        nullable = schema.get("nullable") is True
        for word in ("oneOf", "anyOf"):
            members = schema.get(word)
            if isinstance(members, list) and members:
                found = [
                    self.convert(self.reader.child(handle, word, i), f"{hint}{i + 1}", depth + 1)
                    for i in range(len(members))
                ]
                result = union(*found)
                return optional(result) if nullable else result
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            return self.all_of(handle, schema, hint, depth, nullable)
        result = self.plain(handle, schema, hint, depth)
        return optional(result) if nullable and result.kind != "object" else result

    def all_of(
        self,
        handle: object,
        schema: Mapping[str, object],
        hint: str,
        depth: int,
        nullable: bool,
    ) -> PyType:
        """``allOf``: one member alone is that member; members that are all objects are
        one object with every member's properties. A member that is the schema itself (or
        one whose ``allOf`` it is in) adds nothing: it is left out."""
        members = schema.get("allOf")
        assert isinstance(members, list)
        key = self.reader.key(handle)
        around = self.all_of_open | {key}
        handles = [
            h
            for h in (self.reader.child(handle, "allOf", i) for i in range(len(members)))
            if h is None or self.reader.key(h) not in around
        ]
        if not handles:
            if schema.get("type") is not None or "properties" in schema:
                result = self.plain(handle, schema, hint, depth)
                return optional(result) if nullable and result.kind != "object" else result
            return unknown("the schema's `allOf` refers only to the schema itself")
        opened = [self.reader.open(h)[0] for h in handles]
        own = {k: v for k, v in schema.items() if k not in ("allOf", "description", "title")}
        if len(handles) == 1 and not own.get("properties"):
            self.all_of_open.add(key)
            try:
                result = self.convert(handles[0], hint, depth + 1)
            finally:
                self.all_of_open.discard(key)
            return optional(result) if nullable and result.kind != "object" else result
        if all(_is_object(m) for m in opened) and _is_object(schema, absent_ok=True):
            result = self.object_of([h for h in handles] + [handle], hint, depth, key=handle)
            return optional(result) if nullable and result.kind != "object" else result
        return unknown("an `allOf` of schemas that are not all objects")

    def plain(
        self, handle: object, schema: Mapping[str, object], hint: str, depth: int
    ) -> PyType:
        kind = schema.get("type")
        kinds = [kind] if isinstance(kind, str) else list(kind) if isinstance(kind, list) else []
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return self.enum(enum, kinds)
        if "const" in schema:
            return self.enum([schema["const"]], kinds)
        if not kinds:
            if isinstance(schema.get("properties"), Mapping):
                kinds = ["object"]
            elif "items" in schema:
                kinds = ["array"]
            else:
                return unknown("the schema gives no `type`")
        found: list[PyType] = []
        for item in kinds:
            if item == "null":
                found.append(NONE)
            elif item in _SCALARS:
                found.append(PyType("scalar", _SCALARS[str(item)]))
            elif item == "array":
                items = self.reader.child(handle, "items")
                item_type = (
                    self.convert(items, hint + "Item", depth + 1)
                    if items is not None
                    else unknown("the array's `items` are not described")
                )
                found.append(PyType("list", args=(item_type,)))
            elif item == "object":
                found.append(self.object_of([handle], hint, depth, key=handle))
            else:
                return unknown(f"the schema's type {item!r} is unknown")
        return union(*found)

    def enum(self, values: list[object], kinds: list[object]) -> PyType:
        nullable = None in values or "null" in kinds
        kept = [v for v in values if v is not None]
        if kept and len(kept) <= MAX_LITERAL_VALUES and all(
            (isinstance(v, str) and len(v) <= MAX_LITERAL_TEXT)
            or (isinstance(v, int) and not isinstance(v, bool))
            for v in kept
        ):
            found = [v for v in kept if isinstance(v, str | int) and not isinstance(v, bool)]
            literal = PyType("literal", values=tuple(dict.fromkeys(found)))
            return optional(literal) if nullable else literal
        if kept and all(isinstance(v, str) for v in kept):
            return optional(STR) if nullable else STR
        if not kept:
            return NONE
        return unknown("an enum of values that are not all strings or integers")

    def object_of(
        self, handles: list[object], hint: str, depth: int, *, key: object
    ) -> PyType:
        """An object schema (or the merged members of an ``allOf``): a TypedDict when it
        has properties, else a dict."""
        props: dict[str, object] = {}
        required: set[str] = set()
        extra: object | None = None
        open_ended = False
        doc = ""
        for h in handles:
            schema, _ = self.reader.open(h)
            own = schema.get("properties")
            if isinstance(own, Mapping):
                for name in own:
                    props[str(name)] = self.reader.child(h, "properties", str(name))
            listed = schema.get("required")
            if isinstance(listed, list):
                required |= {str(r) for r in listed}
            more = schema.get("additionalProperties")
            open_ended = open_ended or more is True or isinstance(more, Mapping)
            if isinstance(more, Mapping):
                extra = self.reader.child(h, "additionalProperties")
            doc = doc or str(schema.get("description", "") or schema.get("title", "")).strip()
        if not props:
            if extra is not None:
                value = self.convert(extra, hint + "Value", depth + 1)
                return PyType("dict", args=(value,))
            return PyType("dict", args=(unknown("the object's members are not described"),))
        if self.inputs and open_ended:
            # a TypedDict would reject the other members the schema invites (no closed or
            # extra_items TypedDicts before Python 3.13's typing_extensions)
            return PyType("dict", args=(unknown("other members are allowed"),))
        cache_key = (self.inputs, self.reader.key(key))
        if cache_key in self.dicts.by_key:
            return self.dicts.by_key[cache_key]
        if cache_key in self.building:  # it contains itself: refer to it by name
            name, checker = self.building[cache_key]
            return PyType("typeddict", f'"{name}"', checker=checker)
        keys = list(props)
        if not all(is_member_name(k) for k in keys if k in required) and not all(
            is_member_name(k) for k in keys if k not in required
        ):
            return PyType(
                "dict",
                args=(unknown("some of the object's member names are not Python names"),),
            )
        name = self.dicts.names.claim(hint if hint[:1].isupper() else pascal_case(hint))
        # inputs are the caller's: only output TypedDicts are checked at run time
        checker = (
            "" if self.inputs else self.dicts.names.claim("_is_" + snake_case(name, fallback="v"))
        )
        self.building[cache_key] = (name, checker)
        try:
            fields = []
            for prop in keys:
                value = self.convert(props[prop], hint_for(name, prop), depth + 1)
                schema, _ = self.reader.open(props[prop])
                text = str(schema.get("description", "")).strip()
                fields.append((prop, value, prop in required, text))
        finally:
            del self.building[cache_key]
        result = PyType("typeddict", name, checker=checker)
        self.dicts.members[name] = tuple((k, v, r) for k, v, r, _ in fields)
        self.dicts.by_key[cache_key] = result
        self.dicts.defs.append(self.definition(name, checker, doc, fields))
        return result

    def definition(
        self, name: str, checker: str, doc: str, fields: list[tuple[str, PyType, bool, str]]
    ) -> ir.TypedDictDef:
        required = [f for f in fields if f[2]]
        optional_ = [f for f in fields if not f[2]]
        for _, value, _, _ in fields:
            self.dicts.imports |= imports(value, inputs=self.inputs)
            if checker:
                self.dicts.helpers |= helpers(value)

        def block_fields(
            group: list[tuple[str, PyType, bool, str]], *, base: bool = False
        ) -> tuple[ir.DictField, ...]:
            # pyright cannot type a class whose functional-form base refers back to it
            # (a member typed by a TypedDict still being built): there such a member is
            # typed as the plain object it is (its checker still checks every member)
            typed = [(k, erase_forward(v) if base else v, text) for k, v, _, text in group]
            for _, v, _ in typed:
                self.dicts.imports |= imports(v, inputs=self.inputs)
            return tuple(
                ir.DictField(
                    key_code=py_literal(k),
                    name=k,
                    annotation=annotation(v, inputs=self.inputs),
                    doc=docstring(text) if text else "",
                )
                for k, v, text in typed
            )

        blocks: list[ir.DictBlock] = []
        text = docstring(doc or f"The object ``{name}``.")
        if not required or not optional_:
            group = required or optional_
            blocks.append(
                ir.DictBlock(
                    name, "TypedDict", bool(required), all(is_member_name(k) for k, *_ in group),
                    block_fields(group), text,
                )
            )
        else:
            first_safe = all(is_member_name(k) for k, *_ in required)
            last_safe = all(is_member_name(k) for k, *_ in optional_)
            # the class must have Python names; the base may be written in functional form
            first, second = (required, optional_) if last_safe else (optional_, required)
            base = self.dicts.names.claim("_" + name + ("Required" if last_safe else "Optional"))
            class_syntax = first_safe if last_safe else last_safe
            blocks.append(
                ir.DictBlock(
                    base, "TypedDict", first is required, class_syntax,
                    block_fields(first, base=not class_syntax),
                    docstring(f"The keys of ``{name}`` that "
                    + ("are always present." if first is required else "may be absent.")),
                )
            )
            blocks.append(
                ir.DictBlock(
                    name, base, second is required, True, block_fields(second), text,
                )
            )
        checks: list[str] = []
        for key, value, is_required, _ in fields if checker else []:
            code = predicate(value, f"item[{py_literal(key)}]")
            if is_required:
                checks.append(f"{py_literal(key)} in item" + ("" if code == "True" else
                              f" and {code}"))
            elif code != "True":
                checks.append(f"({py_literal(key)} not in item or {code})")
        self.dicts.imports.add("from typing import TypedDict")
        if checker:
            self.dicts.imports.add("from typing import cast")
        return ir.TypedDictDef(
            name=name,
            blocks=tuple(blocks),
            checker=checker,
            checker_doc=docstring(f"Whether a decoded JSON value has the members of ``{name}``."),
            checks=tuple(checks),
            uses_item=bool(checks),
        )


def hint_for(parent: str, prop: str) -> str:
    return parent + pascal_case(prop, fallback="Member")


def _is_object(schema: Mapping[str, object], *, absent_ok: bool = False) -> bool:
    kind = schema.get("type")
    if kind == "object" or isinstance(schema.get("properties"), Mapping):
        return True
    return absent_ok and kind is None
