"""Goessner-only JSONPath syntax is named; the forms RFC 9535 shares are accepted."""

from __future__ import annotations

import pytest

from arazzogen.expressions.ast import ExpressionError
from arazzogen.expressions.jsonpath_goessner import GOESSNER, goessner_only, parse_versioned


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("$..book[(@.length-1)]", "script expression"),
        ("$.a[ (@.x) ]", "script expression"),
        ("$.a[?(@.price * 2 > 10)]", "arithmetic `*`"),
        ("$[?(@.first-name == 1)]", "arithmetic `-`"),
        ("$.first-name", "`-` in a member name"),
        ("$.a[?(@.t.match(/x/))]", "method call `.match(...)`"),
        ("$.a[?(@.x =~ /y/)]", "`=~`"),
        ("$.a[?(@.x === 1)]", "`===`"),
        ("$.a[?(@.x !== 1)]", "`!==`"),
        ("$.a[?(@.tags.length > 1)]", "`.length`"),
    ],
)
def test_goessner_only_constructs_are_named(query: str, named: str) -> None:
    found = goessner_only(query)
    assert found is not None and named in found
    with pytest.raises(ExpressionError, match="it uses"):
        parse_versioned(query, GOESSNER)


@pytest.mark.parametrize(
    "query",
    [
        "$.a[?(@.x == 'y')]",
        "$[?(@.status == \"pl-a*c/ed (x)\")]",
        "$.a[?(@.isbn)]",
        "$.a[?(@.x && @.y || !@.z)]",
        "$.a[-1]",
        "$.a[1:-1:2]",
        "$.a[?@.x > -1]",
        "$..*",
        "$.a.*",
        "$['a','b']",
        "$.a[?length(@.b) > 1 && count(@.c[*]) == 2]",
    ],
)
def test_shared_forms_parse_as_rfc_9535(query: str) -> None:
    assert goessner_only(query) is None
    assert parse_versioned(query, GOESSNER) == parse_versioned(query, None)


def test_length_is_a_member_name_in_an_rfc_9535_query() -> None:
    assert goessner_only("$.a[?(@.length > 1)]", goessner=False) is None
    parse_versioned("$.a[?(@.length > 1)]", "rfc9535")


def test_syntax_errors_name_the_goessner_construct() -> None:
    with pytest.raises(ExpressionError, match="script expression"):
        parse_versioned("$.a[(@.length-1)]", None)
    with pytest.raises(ExpressionError, match="not RFC 9535 syntax either"):
        parse_versioned("$.a[", GOESSNER)
