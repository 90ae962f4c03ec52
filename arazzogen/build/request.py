"""Building a step's HTTP request: URL, parameters by their OpenAPI style, the body in
its content type, and payload replacements.

Each function takes the step builder (:class:`arazzogen.build.step._Builder`) for its
value emitter and returns IR pieces; every decision about serialization is made here,
the template only prints them.

* Path parameters: ``simple`` (default), ``label``, ``matrix``; query parameters:
  ``form`` (default, exploded), ``spaceDelimited``, ``pipeDelimited``, ``deepObject``;
  headers ``simple``; cookies as ``name=value`` (arrays comma-joined). The query string
  is built by the module (not httpx's ``params=``) so the delimiters of a style stay
  literal as the OpenAPI style table writes them.
* ``in: querystring`` (Arazzo 1.1, OpenAPI 3.2): the value is the whole query string;
  an object is form-encoded, and for a non-form media type (``content``) the text is
  percent-encoded.
* Bodies: JSON (members as a dict, ``null`` kept), form-urlencoded, multipart/form-data,
  XML (a string template, or a structured payload whose single member is the root
  element), ``text/*`` and any other type (strings as they are, other values as JSON
  text).
* Replacements: JSON Pointer targets (RFC 6902 ``add`` semantics), JSONPath targets
  (every selected node replaced) and XPath targets in XML payloads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from arazzogen import pointer as jp
from arazzogen.bind.openapi import OperationParameter
from arazzogen.build import ir
from arazzogen.build.codegen import jsonpath_emit
from arazzogen.build.codegen.emit import EmitError, Py
from arazzogen.build.codegen.literals import py_literal
from arazzogen.build.selector_types import expression_type
from arazzogen.expressions.ast import (
    ExpressionError,
    IndexSelector,
    JsonPathQuery,
    NameSelector,
    RuntimeExpr,
    Segment,
    Template,
    WildcardSelector,
)
from arazzogen.expressions.jsonpath_goessner import parse_versioned
from arazzogen.expressions.runtime import parse_value

if TYPE_CHECKING:
    from arazzogen.build.step import _Builder

FORM_TYPE = "application/x-www-form-urlencoded"
MULTIPART_TYPE = "multipart/form-data"


@dataclass
class Request:
    """The pieces of one request."""

    url_code: str = ""
    groups: list[ir.RequestGroup] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    body_keyword: str = ""
    body_code: str = ""
    content_type: str | None = None


def media_kind(content_type: str) -> str:
    """``json``, ``form``, ``multipart``, ``xml``, ``text`` or ``other``."""
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if media == FORM_TYPE:
        return "form"
    if media == MULTIPART_TYPE:
        return "multipart"
    if media in ("application/xml", "text/xml") or media.endswith("+xml"):
        return "xml"
    if media.startswith("text/"):
        return "text"
    return "other"


# ---------------------------------------------------------------------- parameters


def _declared(b: _Builder, name: str, where: str) -> OperationParameter | None:
    for param in b.operation.parameters:
        if param.location == where and (
            param.name == name or (where == "header" and param.name.lower() == name.lower())
        ):
            return param
    return None


def parameters(b: _Builder) -> tuple[list[ir.RequestPart], dict[str, list[ir.RequestPart]]]:
    """(path parameters, query/header/cookie parts), each value serialized by its style."""
    from arazzogen.build.step import _is_secret

    op = b.operation
    path: list[ir.RequestPart] = []
    parts: dict[str, list[ir.RequestPart]] = {"query": [], "header": [], "cookie": []}
    for param in b.spec.parameters:
        with b.at(param.pointer):
            where, raw = param.location, param.data.get("value")
            if where not in ("path", "query", "header", "cookie", "querystring"):
                raise EmitError("AZ336", f"parameter {param.name!r} without `in`")
            b.values.collecting_secrets = _is_secret(param.name, where, op)
            value = b.value(raw, jp.join(param.pointer, "value"))
            b.values.collecting_secrets = False
            declared = _declared(b, param.name, where)
            style = declared.style if declared else ("form" if where == "query" else "simple")
            explode = declared.explode if declared else style == "form"
            key = py_literal(param.name)
            when = b.skip_if_none(raw, value)
            if when is None and _nullable(value) and where != "querystring":
                # never "null" in a URL or header: a value the request needs fails the
                # step when None; an optional header or cookie is left out
                if where == "path" or (declared is not None and declared.required):
                    reason = py_literal(f"{where} parameter {param.name!r} is null")
                    b.required.append(ir.RequiredValue(value.code, reason))
                elif where in ("header", "cookie") and value.code.isidentifier():
                    when = f"{value.code} is not None"
            if where == "path":
                b.values.request_path[param.name] = value
                b.path_raw[param.name] = (raw, jp.join(param.pointer, "value"))
                path.append(ir.RequestPart(key, _path_code(b, param.name, value, style, explode)))
            elif where == "query":
                code = _query_code(b, param.name, value, style, explode)
                parts["query"].append(ir.RequestPart(key, code, when))
            elif where == "querystring":
                parts["query"].append(ir.RequestPart(key, _querystring_code(b, value, declared)))
            elif value.type == "str":
                parts[where].append(ir.RequestPart(key, value.code, when))
            else:
                b.em.helpers.add("_header_value")
                extra = ", True" if explode and where == "header" else ""
                parts[where].append(
                    ir.RequestPart(key, f"_header_value({value.code}{extra})", when)
                )
    return path, parts


def _nullable(value: Py) -> bool:
    """Whether the value may be None at run time (an output, an optional input...)."""
    parts = {part.strip() for part in value.type.split("|")}
    return bool(parts & {"object", "None", "Any"})


def _path_code(b: _Builder, name: str, value: Py, style: str, explode: bool) -> str:
    flag = ", True" if explode else ""
    if style == "label":
        b.em.helpers.add("_label")
        return f"_label({value.code}{flag})"
    if style == "matrix":
        b.em.helpers.add("_matrix")
        return f"_matrix({py_literal(name)}, {value.code}{flag})"
    if style != "simple":
        raise EmitError("AZ613", f"path parameter {name!r} with style {style!r}")
    if value.type == "str" and not explode:
        b.em.imports.add("from urllib.parse import quote")
        return f'quote({value.code}, safe="")'
    b.em.helpers.add("_simple")
    return f"_simple({value.code}{flag})"


def _query_code(b: _Builder, name: str, value: Py, style: str, explode: bool) -> str:
    key = py_literal(name)
    if style == "form":
        b.em.helpers.add("_form")
        return f"_form({key}, {value.code}{'' if explode else ', False'})"
    if style in ("spaceDelimited", "pipeDelimited"):
        b.em.helpers.add("_delimited")
        delimiter = '"%20"' if style == "spaceDelimited" else '"|"'
        return f"_delimited({key}, {value.code}, {delimiter})"
    if style == "deepObject":
        b.em.helpers.add("_deep_object")
        return f"_deep_object({key}, {value.code})"
    raise EmitError("AZ613", f"query parameter {name!r} with style {style!r}")


def _querystring_code(b: _Builder, value: Py, declared: OperationParameter | None) -> str:
    media = declared.content_type if declared and declared.content_type else FORM_TYPE
    if media_kind(media) != "form":
        b.em.helpers.add("_encode")
        return f"_encode({value.code})"
    if value.type == "str":
        return value.code
    b.em.helpers.add("_form_query")
    return f"_form_query({value.code})"


def url_code(b: _Builder, path: list[ir.RequestPart], has_query: bool) -> str:
    """The URL as ``base_url.rstrip("/") + "/items/" + _segment(<value>) + ...``: the path
    template is split here, not at run time; a ``{name}`` without a value stays as text."""
    values = {part.key_code: part.value_code for part in path}
    pieces = ['base_url.rstrip("/")']
    text = ""
    # literal, name, literal, name, ..., literal
    for index, part in enumerate(re.split(r"\{([^{}]*)\}", b.operation.path)):
        value = values.get(py_literal(part)) if index % 2 else None
        if value is None:
            text += "{" + part + "}" if index % 2 else part
            continue
        if text:
            pieces.append(py_literal(text))
        pieces.append(f"_segment({value})")
        b.em.helpers.add("_segment")
        text = ""
    if text:
        pieces.append(py_literal(text))
    code = " + ".join(pieces)
    if has_query:
        b.em.helpers.add("_query_string")
        code += " + _query_string(query)"
    return code


# ---------------------------------------------------------------------- body


def body(b: _Builder) -> Request:
    """The body keyword and value, its member group, replacements and Content-Type."""
    out = Request()
    raw = b.spec.data.get("requestBody")
    if not isinstance(raw, Mapping):
        return out
    base = jp.join(b.spec.pointer, "requestBody")
    declared = raw.get("contentType")
    op_types = b.operation.request_content_types
    content_type = (
        declared if isinstance(declared, str) else (op_types[0] if op_types else "application/json")
    )
    kind = media_kind(content_type)
    payload = raw.get("payload")
    replacements = raw.get("replacements")
    has_replacements = isinstance(replacements, list) and bool(replacements)
    pointer = jp.join(base, "payload")
    if kind != "multipart":
        out.content_type = content_type
    if kind == "json" and isinstance(payload, str) and not has_replacements:
        parsed = parse_value(payload, version=b.version)
        if isinstance(parsed, RuntimeExpr):
            b.em.helpers.add("_json_bytes")  # `json=` would not send a null
            out.body_keyword, out.body_code = "content", f"_json_bytes({b.em.expr(parsed).code})"
            return out
    if (
        isinstance(payload, Mapping)
        and not _is_selector(payload)
        and kind in ("json", "form", "multipart")
    ):
        if has_replacements and _root_target(replacements):
            pass  # the whole payload is replaced: built as one value below
        else:
            _members(b, out, payload, kind, pointer)
            if has_replacements:
                _replacements(b, out, replacements, base, kind, in_place=True)
            return out
    if has_replacements and kind in ("json", "xml"):
        _replaced_document(b, out, payload, replacements, base, kind)
        return out
    if has_replacements:
        raise EmitError(
            "AZ613",
            f"`replacements` in a {content_type!r} payload that is not a mapping",
            pointer=jp.join(base, "replacements"),
        )
    _whole(b, out, payload, kind, pointer)
    return out


def _is_selector(value: Mapping[str, object]) -> bool:
    return "selector" in value and "context" in value


def _root_target(replacements: object) -> bool:
    """Whether a replacement replaces the whole payload (JSON Pointer ``""``, JSONPath ``$``)."""

    def whole(r: Mapping[str, object]) -> bool:
        kind = r.get("targetSelectorType")
        kind = kind.get("type") if isinstance(kind, Mapping) else kind
        target = str(r.get("target", "")).strip()
        return (kind is None and target == "") or (kind == "jsonpath" and target == "$")

    items = replacements if isinstance(replacements, list) else []
    return any(isinstance(r, Mapping) and whole(r) for r in items)


def _members(
    b: _Builder, out: Request, payload: Mapping[str, object], kind: str, pointer: str
) -> None:
    parts = []
    for key, raw in payload.items():
        value = b.value(raw, jp.join(pointer, str(key)))
        code = b.em.text(value).code if kind == "form" else value.code
        parts.append(ir.RequestPart(py_literal(str(key)), code, b.skip_if_none(raw, value)))
    if kind == "form":
        out.groups.append(ir.RequestGroup("payload", "dict[str, str]", "data", tuple(parts)))
        out.content_type = None  # httpx sends the form type
    elif kind == "multipart":
        b.em.helpers.add("_multipart")
        out.groups.append(ir.RequestGroup("payload", "dict[str, object]", "", tuple(parts)))
        out.body_keyword, out.body_code = "files", "_multipart(payload)"
    else:
        out.groups.append(ir.RequestGroup("payload", "dict[str, object]", "json", tuple(parts)))
        if out.content_type and out.content_type.split(";")[0].strip().lower() == (
            "application/json"
        ):
            out.content_type = None  # httpx says application/json


def _whole(b: _Builder, out: Request, payload: object, kind: str, pointer: str) -> None:
    """A payload sent as one value (no member group)."""
    if isinstance(payload, str):
        parsed = parse_value(payload, version=b.version)
        value = b.em.value(parsed)
        if isinstance(parsed, RuntimeExpr) and kind in ("form", "xml", "multipart"):
            helper = {"form": "_form_query", "xml": "_xml_text", "multipart": "_multipart"}[kind]
            b.em.helpers.add(helper)
            if kind == "multipart":
                out.body_keyword, out.body_code = "files", f"_multipart({value.code})"
            else:
                out.body_keyword, out.body_code = "content", f"{helper}({value.code})"
            return
        # a templated document (JSON, XML, form or text written as a string): sent as is
        out.body_keyword, out.body_code = "content", b.em.text(value).code
        return
    code = b.json_code(payload, pointer)
    if kind == "json":
        if out.content_type and out.content_type.split(";")[0].strip().lower() == (
            "application/json"
        ):
            out.content_type = None
        out.body_keyword, out.body_code = "json", code
    elif kind == "xml":
        b.em.helpers.add("_xml_text")
        out.body_keyword, out.body_code = "content", f"_xml_text({code})"
    elif kind == "form":
        b.em.helpers.add("_form_query")
        out.body_keyword, out.body_code = "content", f"_form_query({code})"
    elif kind == "multipart":
        b.em.helpers.add("_multipart")
        out.body_keyword, out.body_code = "files", f"_multipart({code})"
    else:
        b.em.helpers.add("_text")
        out.body_keyword, out.body_code = "content", f"_text({code})"


def _replaced_document(
    b: _Builder, out: Request, payload: object, replacements: object, base: str, kind: str
) -> None:
    """``payload: object = ...`` then each replacement, then the body from it."""
    pointer = jp.join(base, "payload")
    if kind == "xml":
        code = b.em.text(b.value(payload, pointer)).code if isinstance(payload, str) else None
        if code is None:
            b.em.helpers.add("_xml_text")
            code = f"_xml_text({b.json_code(payload, pointer)})"
        out.statements.append(f"payload = {code}")
        _replacements(b, out, replacements, base, kind, in_place=False)
        out.body_keyword, out.body_code = "content", "payload"
        return
    if isinstance(payload, str):
        parsed = parse_value(payload, version=b.version)
        if isinstance(parsed, RuntimeExpr):
            b.em.imports.add("import copy")
            code = f"copy.deepcopy({b.em.expr(parsed).code})"
        else:
            b.em.helpers.add("_parse_json")
            code = f"_parse_json({b.em.text(b.em.value(parsed)).code})"
    else:
        code = b.json_code(payload, pointer)
    out.statements.append(f"payload: object = {code}")
    _replacements(b, out, replacements, base, kind, in_place=False)
    b.em.helpers.add("_json_bytes")
    out.body_keyword, out.body_code = "content", "_json_bytes(payload)"


def _replacements(
    b: _Builder, out: Request, replacements: object, base: str, kind: str, *, in_place: bool
) -> None:
    for i, item in enumerate(replacements if isinstance(replacements, list) else []):
        if not isinstance(item, Mapping):
            continue
        where = jp.join(base, "replacements", i)
        with b.at(where):
            target = str(item.get("target", ""))
            selector_type, version = expression_type(
                item.get("targetSelectorType"), where + "/targetSelectorType"
            )
            if selector_type is None:
                selector_type = "xpath" if kind == "xml" else "jsonpointer"
            value = b.value(item.get("value"), where + "/value")
            code = b.em.text(value).code if kind == "form" else value.code
            if selector_type == "xpath":
                if kind != "xml":
                    raise EmitError(
                        "AZ613",
                        f"an XPath replacement target in a {kind} payload",
                        pointer=where + "/target",
                    )
                out.statements.append(f"payload = {_xml_replace(b, target, value, where)}")
            elif kind == "xml":
                raise EmitError(
                    "AZ613",
                    f"a {selector_type} replacement target in an XML payload",
                    pointer=where + "/target",
                )
            elif selector_type == "jsonpointer":
                out.statements.append(_pointer_replace(b, target, code, in_place, where))
            else:
                out.statements.append(_jsonpath_replace(b, target, code, where, version))


def _pointer_replace(b: _Builder, target: str, code: str, in_place: bool, where: str) -> str:
    try:
        tokens = jp.split(target)
    except jp.PointerError as err:
        raise EmitError(
            "AZ613", f"replacement target {target!r}: {err}", pointer=where + "/target"
        ) from None
    b.em.helpers.add("_set_pointer")
    items = ", ".join(py_literal(t) for t in tokens) + ("," if len(tokens) == 1 else "")
    call = f"_set_pointer(payload, ({items}), {code})"
    return call if in_place else f"payload = {call}"


def _jsonpath_replace(
    b: _Builder, target: str, code: str, where: str, version: str | None
) -> str:
    try:
        query = parse_versioned(target, version)
    except ExpressionError as err:
        raise EmitError(
            "AZ613",
            f"the {version or 'RFC 9535'} JSONPath replacement target {target!r}: "
            f"{err.message}",
            pointer=where + "/target",
        ) from None
    if not query.segments:  # `$`: the whole payload, like the JSON Pointer ""
        b.em.imports.add("import copy")
        return f"payload = copy.deepcopy({code})"
    last: Segment = query.segments[-1]
    only = last.selectors[0]
    parents = JsonPathQuery("$", query.segments[:-1])
    nodes = jsonpath_emit.emit_nodes(parents, "payload", b.em.jsonpath_helpers)
    if last.descendant:  # `..[sel]`: the selector applied to every node below, and to it
        b.em.jsonpath_helpers.add("_jp_descendants")
        nodes = f"_jp_descendants({nodes})"
    simple = isinstance(only, NameSelector | IndexSelector | WildcardSelector)
    if len(last.selectors) == 1 and simple:
        key = (
            py_literal(only.name)
            if isinstance(only, NameSelector)
            else py_literal(only.index)
            if isinstance(only, IndexSelector)
            else "None"
        )
        b.em.helpers.add("_set_children")
        return f"_set_children({nodes}, {key}, {code})"
    pick = jsonpath_emit.emit_pick(last.selectors, "payload", b.em.jsonpath_helpers)
    b.em.helpers.add("_set_matching")
    return f"_set_matching({nodes}, {pick}, {code})"


def _xml_replace(b: _Builder, target: str, value: Py, where: str) -> str:
    return b.xml_replace(target, value, where + "/target")


def template_text(b: _Builder, raw: str) -> str:
    """A string value as the code of its text."""
    parsed = parse_value(raw, version=b.version)
    if isinstance(parsed, str | Template):
        return b.em.value(parsed).code
    return b.em.text(b.em.expr(parsed)).code
