"""Runtime expressions and values that embed them (arazzogen.expressions.runtime)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from arazzogen.expressions import (
    ExpressionError,
    iter_runtime_expressions,
    parse_condition,
    parse_runtime_expression,
    parse_value,
)
from arazzogen.expressions.ast import RuntimeExpr, Template

# ------------------------------------------------------------------ grammar forms

FORMS: list[tuple[str, str, dict[str, Any]]] = [
    ("$url", "1.1", {"kind": "url"}),
    ("$method", "1.0", {"kind": "method"}),
    ("$statusCode", "1.0", {"kind": "statusCode"}),
    ("$self", "1.1", {"kind": "self"}),
    ("$request.header.Accept", "1.1", {"kind": "request", "source": "header", "name": "Accept"}),
    ("$response.header.X-Rate-Limit", "1.0",
     {"kind": "response", "source": "header", "name": "X-Rate-Limit"}),
    ("$response.header.a.b", "1.1", {"source": "header", "name": "a.b"}),  # '.' is a tchar
    ("$request.query.page", "1.1", {"kind": "request", "source": "query", "name": "page"}),
    ("$request.query.filter[name]", "1.1", {"source": "query", "name": "filter[name]"}),
    ("$request.path.id", "1.0", {"kind": "request", "source": "path", "name": "id"}),
    ("$response.body", "1.1", {"source": "body", "pointer": None}),
    ("$response.body#", "1.1", {"source": "body", "pointer": ""}),
    ("$response.body#/items/0/id", "1.1", {"source": "body", "pointer": "/items/0/id"}),
    ("$request.body#/user/uuid", "1.0", {"kind": "request", "pointer": "/user/uuid"}),
    ("$response.body#/a~1b/c~0d", "1.1", {"pointer": "/a~1b/c~0d"}),
    ("$message.payload#/status", "1.1",
     {"kind": "message", "source": "payload", "pointer": "/status"}),
    ("$message.header.requestId", "1.1", {"kind": "message", "source": "header"}),
    ("$inputs.username", "1.1", {"kind": "inputs", "path": ("username",)}),
    ("$inputs.customer#/firstName", "1.1", {"path": ("customer",), "pointer": "/firstName"}),
    ("$inputs.env.AUTH_TOKEN", "1.1", {"path": ("env", "AUTH_TOKEN")}),
    ("$outputs.bar", "1.0", {"kind": "outputs", "path": ("bar",)}),
    ("$steps.a.outputs.b", "1.1", {"kind": "steps", "path": ("a", "outputs", "b")}),
    ("$steps.find-pet.outputs.my_pet_id#/0/id", "1.1",
     {"path": ("find-pet", "outputs", "my_pet_id"), "pointer": "/0/id"}),
    ("$workflows.foo.outputs.mapped#/name", "1.1",
     {"kind": "workflows", "path": ("foo", "outputs", "mapped"), "pointer": "/name"}),
    ("$sourceDescriptions.petstore.getPetById", "1.1",
     {"kind": "sourceDescriptions", "path": ("petstore", "getPetById")}),
    ("$sourceDescriptions.petstore.url", "1.0", {"path": ("petstore", "url")}),
    ("$sourceDescriptions.api#/paths/~1users/get", "1.1",
     {"path": ("api",), "pointer": "/paths/~1users/get"}),
    # RFC 6901 allows braces in a pointer of a whole-string expression
    ("$sourceDescriptions.m#/paths/~1e~1{id}/get", "1.1", {"pointer": "/paths/~1e~1{id}/get"}),
    # an operationId may contain anything (1.1: source-reference-id = 1*CHAR)
    ("$sourceDescriptions.api.triggerWorkflow (2)", "1.1",
     {"path": ("api", "triggerWorkflow (2)")}),
    ("$components.parameters.pageSize", "1.1",
     {"kind": "components", "path": ("parameters", "pageSize")}),
    ("$components.failureActions.auth_failure", "1.0",
     {"path": ("failureActions", "auth_failure")}),
    # Arazzo 1.0 names are *CHAR: a step id may contain spaces
    ("$steps.Plan a Trip_0.outputs.tripResponse", "1.0",
     {"path": ("Plan a Trip_0", "outputs", "tripResponse")}),
    ("$inputs.naïve", "1.0", {"path": ("naïve",)}),
]


@pytest.mark.parametrize(("text", "version", "fields"), FORMS)
def test_grammar_forms(text: str, version: str, fields: dict[str, Any]) -> None:
    expr = parse_runtime_expression(text, version=version)
    assert expr.text == text
    assert (expr.start, expr.end) == (0, len(text))
    for field, value in fields.items():
        assert getattr(expr, field) == value, field
    assert not expr.dotted_body


def test_defaults_of_unused_fields() -> None:
    expr = parse_runtime_expression("$inputs.a")
    assert (expr.source, expr.name, expr.pointer) == (None, None, None)
    assert parse_runtime_expression("$statusCode").path == ()


def test_offset_is_added() -> None:
    expr = parse_runtime_expression("$steps.a.outputs.b", offset=12)
    assert (expr.start, expr.end) == (12, 30)
    with pytest.raises(ExpressionError) as info:
        parse_runtime_expression("$steps", offset=12)
    assert info.value.offset == 18


# ------------------------------------------------------------------ lenient forms


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("$response.body.id", "/id"),
        ("$response.body.links.self", "/links/self"),
        ("$request.body.x", "/x"),
        ("$message.payload.orderId", "/orderId"),
        ("$response.body.a~b", "/a~0b"),
    ],
)
def test_dotted_body(text: str, pointer: str) -> None:
    expr = parse_runtime_expression(text, version="1.1" if "~" not in text else "1.0")
    assert expr.dotted_body
    assert expr.pointer == pointer


def test_dotted_output_access_keeps_all_segments() -> None:
    expr = parse_runtime_expression("$steps.s.outputs.a.b")
    assert expr.path == ("s", "outputs", "a", "b")
    assert expr.pointer is None


def test_dotted_body_cannot_take_a_pointer_too() -> None:
    with pytest.raises(ExpressionError, match="cannot also take '#'"):
        parse_runtime_expression("$response.body.a#/b")


# ------------------------------------------------------------------ versions


@pytest.mark.parametrize(
    "text", ["$self", "$message.payload", "$message.header.x"]
)
def test_arazzo_11_only_expressions_fail_under_10(text: str) -> None:
    with pytest.raises(ExpressionError, match=r"Arazzo 1\.1") as info:
        parse_runtime_expression(text, version="1.0")
    assert info.value.offset == 0


def test_payload_source_is_11_only() -> None:
    assert parse_runtime_expression("$response.payload", version="1.1").source == "payload"
    with pytest.raises(ExpressionError, match="unknown source 'payload'"):
        parse_runtime_expression("$response.payload", version="1.0")


def test_11_names_are_identifiers() -> None:
    with pytest.raises(ExpressionError, match="letters, digits") as info:
        parse_runtime_expression("$inputs.naïve", version="1.1")
    assert info.value.offset == len("$inputs.na")
    with pytest.raises(ExpressionError, match="whitespace") as info:
        parse_runtime_expression("$steps.Plan a.outputs.x", version="1.1")
    assert info.value.offset == len("$steps.Plan")


def test_bad_version_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="version"):
        parse_runtime_expression("$url", version="2.0")
    with pytest.raises(ValueError, match="version"):
        parse_value("x", version="1.0.1")


# ------------------------------------------------------------------ errors

ERRORS: list[tuple[str, str, int, str]] = [
    ("", "1.1", 0, "starting with '$'"),
    (" $url", "1.1", 0, "starting with '$'"),
    ("$", "1.1", 0, "unknown runtime expression '$'; expected one of $url"),
    ("$foo.bar", "1.1", 0, "unknown runtime expression '$foo'; expected one of"),
    ("$StatusCode", "1.1", 0, "did you mean '$statusCode'"),
    ("$.status", "1.1", 0, "type: jsonpath"),
    ("$steps", "1.1", 6, "expected '.' after '$steps'"),
    ("$inputs", "1.1", 7, "expected '.' after '$inputs'"),
    ("$steps.", "1.1", 7, "expected a name after '$steps.'"),
    ("$steps.a..b", "1.1", 9, "expected a name after '$steps.a.'"),
    ("$steps.a.", "1.0", 9, "expected a name"),
    ("$inputs. a", "1.0", 8, "cannot start with whitespace"),
    ("$inputs.a #/x", "1.0", 9, "cannot end with whitespace"),
    ("$response", "1.1", 9, "expected '.' after '$response'"),
    ("$response.", "1.1", 10, "expected a source after '$response.'"),
    ("$response.Header.Location", "1.1", 10, "did you mean 'header'"),
    ("$response.header", "1.1", 16, "expected '.' after '$response.header'"),
    ("$response.header.", "1.1", 17, "expected a header name"),
    ("$request.query.", "1.1", 15, "expected a parameter name"),
    ("$response.header.a b", "1.1", 18, "unexpected ' '"),
    ("$response.body#a", "1.1", 15, "must be empty or start with '/'"),
    ("$response.body#/a~2", "1.1", 17, "'~' in a JSON Pointer must be followed by 0 or 1"),
    ("$response.body#/a~", "1.1", 17, "followed by 0 or 1"),
    ("$steps.a.outputs.b#/~", "1.1", 20, "followed by 0 or 1"),
    ("$response.body.", "1.1", 15, "expected a property name after '$response.body.'"),
    ("$response.bodyx", "1.1", 10, "unknown source 'bodyx'"),
    ("$statusCode.x", "1.1", 11, "unexpected '.' after '$statusCode'"),
    ("$url2", "1.1", 0, "unknown runtime expression '$url2'"),
    ("$inputs.a[0]", "1.1", 9, "only supported in simple conditions"),
    ("$inputs.a}", "1.1", 9, "unexpected '}'"),
    ("$inputs.{a}", "1.0", 8, "expected a name"),
]


@pytest.mark.parametrize(("text", "version", "offset", "message"), ERRORS)
def test_errors(text: str, version: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_runtime_expression(text, version=version)
    assert message in info.value.message
    assert info.value.offset == offset


# ------------------------------------------------------------------ values


def test_value_that_is_one_expression_keeps_its_type() -> None:
    value = parse_value("$steps.a.outputs.b")
    assert isinstance(value, RuntimeExpr)
    assert value.path == ("a", "outputs", "b")


@pytest.mark.parametrize(
    "text", ["plain", "", "costs $5", "$5.00", "{ not: expr }", "a } b", "$faker.x({ a: 1 })",
             "$[?@.a == 1]", "US$ 4", "$urlx", "$inputsx.a"]
)
def test_values_without_expressions_stay_strings(text: str) -> None:
    assert parse_value(text) == text


def test_template_parts_in_order() -> None:
    text = "https://{$inputs.host}/api/{$steps.create.outputs.id}/status"
    value = parse_value(text)
    assert isinstance(value, Template)
    assert value.braceless == ()
    literals = [p for p in value.parts if isinstance(p, str)]
    exprs = [p for p in value.parts if isinstance(p, RuntimeExpr)]
    assert literals == ["https://", "/api/", "/status"]
    assert [e.text for e in exprs] == ["$inputs.host", "$steps.create.outputs.id"]
    assert [type(p) for p in value.parts] == [str, RuntimeExpr, str, RuntimeExpr, str]
    for expr in exprs:  # offsets point into the value, at the '$'
        assert text[expr.start : expr.end] == expr.text
        assert text[expr.start - 1] == "{" and text[expr.end] == "}"


def test_single_embedded_expression_is_a_template() -> None:
    value = parse_value("{$inputs.id}")
    assert isinstance(value, Template)
    assert len(value.parts) == 1 and isinstance(value.parts[0], RuntimeExpr)


def test_template_literal_braces_and_pointer_after_expression() -> None:
    text = "{$sourceDescriptions.petstore.url}#/paths/~1pets~1{petId}/get"
    value = parse_value(text)
    assert isinstance(value, Template)
    assert value.parts[1] == "#/paths/~1pets~1{petId}/get"
    value = parse_value('{\n  "a": "{$inputs.a#/x}"\n}\n')
    assert isinstance(value, Template)
    assert value.parts[0] == '{\n  "a": "'
    assert value.parts[2] == '"\n}\n'
    assert isinstance(value.parts[1], RuntimeExpr) and value.parts[1].pointer == "/x"
    value = parse_value("{{$inputs.a}}")
    assert isinstance(value, Template) and value.parts[0] == "{" and value.parts[2] == "}"


def test_embedded_expression_ends_at_brace() -> None:
    value = parse_value("{$response.body#/a/b}!")
    assert isinstance(value, Template)
    expr = value.parts[0]
    assert isinstance(expr, RuntimeExpr) and expr.pointer == "/a/b"
    assert value.parts[1] == "!"


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("{$inputs.a", 10, "expected '}' to close '{$inputs.a'"),
        ("x {$inputs.a b}", 12, "found ' '"),
        ("{$foo}", 1, "unknown runtime expression '$foo'"),
        ("a{$inputs.a#/x{y}", 14, "'{' cannot appear in a JSON Pointer"),
        ("{$steps}", 7, "expected '.' after '$steps'"),
        ("{$self}", 1, "Arazzo 1.1"),
    ],
)
def test_malformed_embedded_expression(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_value(text, version="1.0" if "$self" in text else "1.1")
    assert message in info.value.message
    assert info.value.offset == offset


@pytest.mark.parametrize(
    ("text", "exprs", "literals"),
    [
        ("Bearer $inputs.apiKey", ["$inputs.apiKey"], ["Bearer "]),
        ("Bearer $steps.login.outputs.token.", ["$steps.login.outputs.token"], ["Bearer ", "."]),
        ('"$inputs.id", $response.body#/a/b.', ["$inputs.id", "$response.body#/a/b"],
         ['"', '", ', "."]),
        ("x$statusCode y", ["$statusCode"], ["x", " y"]),
        ("$url and $method", ["$url", "$method"], [" and "]),
        ("a $response.header.X-Id;", ["$response.header.X-Id"], ["a ", ";"]),
        ("see $response.body.id", ["$response.body.id"], ["see "]),
        ("pay $self now", ["$self"], ["pay ", " now"]),
        ("{$inputs.a} $inputs.b", ["$inputs.a", "$inputs.b"], [" "]),
        # 1.1 names are identifiers: the expression stops at the space
        ("$inputs.a b", ["$inputs.a"], [" b"]),
    ],
)
def test_braceless_expressions(text: str, exprs: list[str], literals: list[str]) -> None:
    value = parse_value(text)
    assert isinstance(value, Template)
    assert [p.text for p in value.parts if isinstance(p, RuntimeExpr)] == exprs
    assert [p for p in value.parts if isinstance(p, str)] == literals
    # every expression not written inside {...} is listed as braceless
    unbraced = [
        p for p in value.parts if isinstance(p, RuntimeExpr) and text[p.start - 1 : p.start] != "{"
    ]
    assert list(value.braceless) == unbraced
    for expr in value.braceless:
        assert text[expr.start : expr.end] == expr.text


def test_braceless_dotted_body_is_marked() -> None:
    value = parse_value("id=$response.body.id")
    assert isinstance(value, Template)
    assert value.braceless[0].dotted_body and value.braceless[0].pointer == "/id"


def test_braceless_detection_depends_on_version_and_flag() -> None:
    assert parse_value("pay $self now", version="1.0") == "pay $self now"
    assert parse_value("Bearer $inputs.key", braceless=False) == "Bearer $inputs.key"
    value = parse_value("^{$inputs.p}$inputs.q$", braceless=False)
    assert isinstance(value, Template) and value.braceless == ()
    assert value.parts[2] == "$inputs.q$"


def test_10_whole_value_may_contain_spaces() -> None:
    value = parse_value("$inputs.a b", version="1.0")
    assert isinstance(value, RuntimeExpr) and value.path == ("a b",)


@pytest.mark.parametrize(
    ("text", "braceless", "message"),
    [
        ("$response.Header.Location", True, "did you mean 'header'"),
        ("Location: $response.Header.Location", True, "did you mean 'header'"),
        ("$inputs.", True, "expected a name after '$inputs.'"),
        ("x $steps. y", True, "expected a name after '$steps.'"),
        ("$inputs.x y", False, "cannot contain whitespace"),  # the whole-string error
    ],
)
def test_malformed_known_expression_in_value_raises(
    text: str, braceless: bool, message: str
) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_value(text, braceless=braceless)
    assert message in info.value.message


# ------------------------------------------------------------------ iter_runtime_expressions


def test_iter_runtime_expressions_in_source_order() -> None:
    value = parse_value("{$inputs.a}-{$steps.s.outputs.b}-$statusCode")
    assert isinstance(value, Template)
    assert [e.text for e in iter_runtime_expressions(value)] == [
        "$inputs.a", "$steps.s.outputs.b", "$statusCode"
    ]
    cond = parse_condition("$inputs.a == 1 && (!$response.body#/x || $url != $inputs.b)")
    assert [e.text for e in iter_runtime_expressions(cond)] == [
        "$inputs.a", "$response.body#/x", "$url", "$inputs.b"
    ]
    single = parse_runtime_expression("$url")
    assert list(iter_runtime_expressions(single)) == [single]
    assert list(iter_runtime_expressions("plain $inputs.a")) == []
    assert list(iter_runtime_expressions(parse_condition("true"))) == []


# ------------------------------------------------------------------ robustness

_PIECES = [
    *"$.#/~01{}[]()'\"=!<>&| \t\nabxy-_é\x00",
    "$inputs.", "$steps.", "$response.body", "$request.header.", "$statusCode", "{$", "$self",
    "$message.payload", ".outputs.", "''", "==", "&&", "||", "1.5e3", "-", "true", "null",
    "9" * 40, "\\n", "\\u12",
]


def test_garbage_raises_only_expression_errors() -> None:
    rng = random.Random(20240611)
    for _ in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14)))
        for version in ("1.0", "1.1"):
            for parse in (parse_runtime_expression, parse_value, parse_condition):
                try:
                    result = parse(text, version=version)
                except ExpressionError as error:
                    assert 0 <= error.offset <= len(text), (text, error.offset)
                    assert error.message
                    continue
                for expr in iter_runtime_expressions(result):
                    assert text[expr.start : expr.end] == expr.text, text


def test_plural_headers_is_read_as_header() -> None:
    expr = parse_runtime_expression("$response.headers.Location")
    assert (expr.source, expr.name, expr.plural_headers) == ("header", "Location", True)
    assert not parse_runtime_expression("$response.header.Location").plural_headers
