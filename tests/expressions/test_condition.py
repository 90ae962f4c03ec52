"""The `simple` criterion language (arazzogen.expressions.condition)."""

from __future__ import annotations

import pytest

from arazzogen.expressions import ExpressionError, parse_condition
from arazzogen.expressions.ast import (
    And,
    Compare,
    Condition,
    Lit,
    LiteralValue,
    Not,
    Or,
    RuntimeExpr,
    Truthy,
)
from arazzogen.expressions.condition import MAX_DEPTH, MAX_OPERATORS


def _show(node: Condition | RuntimeExpr | Lit) -> str:
    """A compact, fully parenthesised rendering, to assert tree shapes."""
    if isinstance(node, RuntimeExpr):
        return node.text
    if isinstance(node, Lit):
        return repr(node.value)
    if isinstance(node, Compare):
        return f"({_show(node.left)} {node.op} {_show(node.right)})"
    if isinstance(node, Truthy):
        return f"T[{_show(node.operand)}]"
    if isinstance(node, Not):
        return f"!{_show(node.operand)}"
    if isinstance(node, And):
        return f"({_show(node.left)} && {_show(node.right)})"
    assert isinstance(node, Or)
    return f"({_show(node.left)} || {_show(node.right)})"


# ------------------------------------------------------------------ literals


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("200", 200),
        ("0", 0),
        ("-1", -1),
        ("2.5", 2.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        ("1.5E-2", 0.015),
        ("true", True),
        ("false", False),
        ("null", None),
        ("'done'", "done"),
        ("''", ""),
        ("'it''s'", "it's"),
        ("''''", "'"),
        ("'a\\nb'", "a\\nb"),  # no backslash escapes in single quotes
        ("'a && b || (c)'", "a && b || (c)"),
        ('"quia\\nsuscipit"', "quia\nsuscipit"),  # double quotes are JSON strings
        ('"say \\"hi\\""', 'say "hi"'),
        ('"it\'s"', "it's"),
        ('"\\u00e9"', "\u00e9"),
    ],
)
def test_literals(literal: str, value: LiteralValue) -> None:
    node = parse_condition(f"$statusCode == {literal}")
    assert isinstance(node, Compare)
    assert isinstance(node.right, Lit)
    assert node.right.value == value
    assert type(node.right.value) is type(value)
    assert (node.right.start, node.right.end) == (15, 15 + len(literal))
    assert node.right.double_quoted == literal.startswith('"')


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_comparison_operators(op: str) -> None:
    node = parse_condition(f"$response.body#/count {op} $inputs.threshold")
    assert isinstance(node, Compare)
    assert node.op == op
    assert isinstance(node.left, RuntimeExpr) and node.left.pointer == "/count"
    assert isinstance(node.right, RuntimeExpr) and node.right.path == ("threshold",)


def test_operands_on_either_side() -> None:
    node = parse_condition("200 == $statusCode")
    assert isinstance(node, Compare)
    assert isinstance(node.left, Lit) and isinstance(node.right, RuntimeExpr)
    node = parse_condition("'a' != 'b'")
    assert isinstance(node, Compare) and isinstance(node.left, Lit)


# ------------------------------------------------------------------ structure


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("$statusCode == 200", "($statusCode == 200)"),
        ("$response.body#/done", "T[$response.body#/done]"),
        ("true", "T[True]"),
        ("!$response.body#/done", "!T[$response.body#/done]"),
        ("!!$url", "!!T[$url]"),
        ("$url && $method || $statusCode",
         "((T[$url] && T[$method]) || T[$statusCode])"),
        ("$url || $method && $statusCode",
         "(T[$url] || (T[$method] && T[$statusCode]))"),
        ("$url && $method && $statusCode", "((T[$url] && T[$method]) && T[$statusCode])"),
        ("$url || $method || $statusCode", "((T[$url] || T[$method]) || T[$statusCode])"),
        ("($url || $method) && $statusCode",
         "((T[$url] || T[$method]) && T[$statusCode])"),
        ("!($statusCode == 200) && $url", "(!($statusCode == 200) && T[$url])"),
        ("!$url && $method", "(!T[$url] && T[$method])"),
        ("$statusCode == 200 || $statusCode == 201",
         "(($statusCode == 200) || ($statusCode == 201))"),
        ("((($statusCode >= 500)))", "($statusCode >= 500)"),
        # whitespace-insensitive, including none at all
        ("$statusCode==200&&$response.body#/ok!=null",
         "(($statusCode == 200) && ($response.body#/ok != None))"),
        ("  \t$statusCode\n==\n200  ", "($statusCode == 200)"),
        ("($url)||(!$method)", "(T[$url] || !T[$method])"),
    ],
)
def test_structure(text: str, shape: str) -> None:
    assert _show(parse_condition(text)) == shape


def test_operand_offsets_point_into_the_condition() -> None:
    text = "$statusCode == 200 && $response.body#/id == 'it''s'"
    node = parse_condition(text)
    assert isinstance(node, And)
    operands: list[RuntimeExpr | Lit] = []
    for compare in (node.left, node.right):
        assert isinstance(compare, Compare)
        operands.extend((compare.left, compare.right))
    slices = [text[o.start : o.end] for o in operands]
    assert slices == ["$statusCode", "200", "$response.body#/id", "'it''s'"]


def test_runtime_expression_ends_at_operators_and_parens() -> None:
    node = parse_condition("($response.header.content-type=='text/html')")
    assert isinstance(node, Compare) and isinstance(node.left, RuntimeExpr)
    assert node.left.name == "content-type"
    node = parse_condition("$request.query.q!=''")
    assert isinstance(node, Compare) and isinstance(node.left, RuntimeExpr)
    assert node.left.name == "q"


def test_dotted_body_in_conditions_is_marked() -> None:
    # the spec's own examples write `$response.body.count > $inputs.threshold`
    node = parse_condition("$response.body.data != null")
    assert isinstance(node, Compare) and isinstance(node.left, RuntimeExpr)
    assert node.left.dotted_body and node.left.pointer == "/data"


@pytest.mark.parametrize(
    ("text", "pointer", "path"),
    [
        ("$response.body[0]", "/0", ()),
        ("$response.body#/items[0].id", "/items/0/id", ()),
        ("$response.body.items[1]['a b']", "/items/1/a b", ()),
        ("$response.body['it''s'][2]", "/it's/2", ()),
        ("$response.body['a/b']", "/a~1b", ()),
        ("$inputs.list[3]", "/3", ("list",)),
        ("$steps.s.outputs.rows[0].name", "/0/name", ("s", "outputs", "rows")),
        ("$steps.s.outputs.rows#/0[1]", "/0/1", ("s", "outputs", "rows")),
    ],
)
def test_index_and_dereference_operators(text: str, pointer: str, path: tuple[str, ...]) -> None:
    node = parse_condition(f"{text} == 1")
    assert isinstance(node, Compare) and isinstance(node.left, RuntimeExpr)
    assert node.left.pointer == pointer
    assert node.left.path == path
    assert node.left.text == text


def test_version_is_passed_to_expressions() -> None:
    with pytest.raises(ExpressionError, match=r"Arazzo 1\.1"):
        parse_condition("$self == 'x'", version="1.0")
    node = parse_condition("$inputs.naïve == 1", version="1.0")
    assert isinstance(node, Compare) and isinstance(node.left, RuntimeExpr)
    assert node.left.path == ("naïve",)
    with pytest.raises(ValueError, match="version"):
        parse_condition("true", version="1")


# ------------------------------------------------------------------ errors

ERRORS: list[tuple[str, int, str]] = [
    ("", 0, "empty condition"),
    ("   ", 0, "empty condition"),
    ("$statusCode = 200", 12, "did you mean '=='"),
    ("$url & $method", 5, "did you mean '&&'"),
    ("$url | $method", 5, "did you mean '||'"),
    ("$statusCode == ", 15, "found the end of the condition"),
    ("== 200", 0, "expected a runtime expression, a literal"),
    ("$statusCode == 200 and $url", 19, "use '&&', '||' and '!'"),
    ("$statusCode == True", 15, "literals are lowercase: 'true'"),
    ("$statusCode == done", 15, "strings need single quotes"),
    ("$statusCode == 200)", 18, "unexpected ')'"),
    ("($statusCode == 200", 19, "expected ')' to close the '(' at offset 0"),
    ("()", 1, "found ')'"),
    ("$url $method", 5, "expected '&&', '||' or the end"),
    ("'abc", 0, "unterminated string"),
    ("'it's'", 4, "a quote inside a string is written twice"),
    ('"abc', 0, "unterminated string"),
    ('"a\\q"', 0, "invalid escape"),
    ("$statusCode == 007", 15, "leading zeros"),
    ("$statusCode == 2x", 16, "after the number"),
    ("$statusCode == 1.", 16, "after the number"),
    ("$statusCode == -", 15, "unexpected '-'"),
    ("$statusCode == truex", 15, "unexpected word 'truex'"),
    ("$statusCode == true1", 15, "unexpected word"),
    ("$foo == 1", 0, "unknown runtime expression '$foo'"),
    ("$.status == 'done'", 0, "type: jsonpath"),
    ("!$statusCode == 200", 13, "'!' binds tighter than '=='"),
    ("1 < $statusCode < 3", 16, "comparisons cannot be chained"),
    ("($url) == 1", 7, "a parenthesised condition cannot be compared"),
    ("$statusCode[0] == 1", 11, "unexpected '['"),
    ("$response.header.x[0] == 1", 18, "unexpected '['"),
    ("$sourceDescriptions.a.b[0] == 1", 23, "can only follow a body"),
    ("$response.body[x] == 1", 15, "expected an index"),
    ("$response.body[0 == 1", 16, "expected ']'"),
    ("$response.body[0]. == 1", 18, "expected a property name"),
    ("[0] == 1", 0, "may only follow a runtime expression"),
    ("$inputs.a == 1 ?", 15, "unexpected '?'"),
    ("$inputs.naïve == 1", 10, "unexpected 'ï'"),
    ("$response.body#/a~2 == 1", 17, "followed by 0 or 1"),
    ("$statusCode == 200 && ", 22, "found the end"),
    ("!", 1, "found the end"),
]


@pytest.mark.parametrize(("text", "offset", "message"), ERRORS)
def test_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_condition(text)
    assert message in info.value.message
    assert info.value.offset == offset


def test_nesting_and_size_limits() -> None:
    depth_ok = "(" * MAX_DEPTH + "$url" + ")" * MAX_DEPTH
    assert _show(parse_condition(depth_ok)) == "T[$url]"
    with pytest.raises(ExpressionError, match="nested deeper"):
        parse_condition("(" * (MAX_DEPTH + 1) + "$url" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(ExpressionError, match="nested deeper"):
        parse_condition("!" * (MAX_DEPTH + 1) + "$url")
    with pytest.raises(ExpressionError, match="nested deeper"):
        parse_condition("(" * 5000)
    assert isinstance(parse_condition(" && ".join(["$url"] * (MAX_OPERATORS + 1))), And)
    with pytest.raises(ExpressionError, match="split it into several criteria"):
        parse_condition(" || ".join(["$url"] * (MAX_OPERATORS + 2)))


def test_huge_number_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError, match="too long"):
        parse_condition("$statusCode == " + "9" * 5000)
    with pytest.raises(ExpressionError, match="out of range"):
        parse_condition("$statusCode < -1e999")
