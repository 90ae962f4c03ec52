"""RFC 9535 JSONPath parser: trees, errors, typing rules, the lenient condition form."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from arazzogen.expressions import ast as jp
from arazzogen.expressions.ast import (
    AndExpr,
    ComparisonExpr,
    ExpressionError,
    FilterSelector,
    FunctionCall,
    IndexSelector,
    JsonLiteral,
    JsonPathQuery,
    LenientJsonPathComparison,
    NameSelector,
    NotExpr,
    OrExpr,
    Segment,
    SliceSelector,
    WildcardSelector,
)
from arazzogen.expressions.iregexp import translate_iregexp
from arazzogen.expressions.jsonpath import parse_jsonpath, parse_jsonpath_condition

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def q(root: str, *segments: Segment) -> JsonPathQuery:
    return JsonPathQuery(root, segments)  # type: ignore[arg-type]


def child(*selectors: Any) -> Segment:
    return Segment(tuple(selectors))


def name(text: str) -> Segment:
    return child(NameSelector(text))


def error_of(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse_jsonpath(text)
    return info.value


# ---------------------------------------------------------------------- trees


def test_segments_and_selectors() -> None:
    assert parse_jsonpath("$.a['b'][0][-1][1:2:3][:][::-1][*].*..c..*..[0, 'd']") == q(
        "$",
        name("a"),
        name("b"),
        child(IndexSelector(0)),
        child(IndexSelector(-1)),
        child(SliceSelector(1, 2, 3)),
        child(SliceSelector(None, None, None)),
        child(SliceSelector(None, None, -1)),
        child(WildcardSelector()),
        child(WildcardSelector()),
        Segment((NameSelector("c"),), descendant=True),
        Segment((WildcardSelector(),), descendant=True),
        Segment((IndexSelector(0), NameSelector("d")), descendant=True),
    )


def test_root_alone_and_blank_between_segments() -> None:
    assert parse_jsonpath("$") == q("$")
    assert parse_jsonpath("$ .a\t[ 'b' , 1 ]\n..c") == q(
        "$",
        name("a"),
        child(NameSelector("b"), IndexSelector(1)),
        Segment((NameSelector("c"),), descendant=True),
    )


def test_filter_tree() -> None:
    query = parse_jsonpath("$[?@.a == 'x' && (!@.b || count(@.*) > 2)]")
    (segment,) = query.segments
    (selector,) = segment.selectors
    assert isinstance(selector, FilterSelector)
    assert selector.expr == AndExpr(
        (
            ComparisonExpr("==", q("@", name("a")), JsonLiteral("x")),
            OrExpr(
                (
                    NotExpr(jp.TestExpr(q("@", name("b")))),
                    ComparisonExpr(
                        ">",
                        FunctionCall("count", (q("@", child(WildcardSelector())),)),
                        JsonLiteral(2),
                    ),
                )
            ),
        )
    )


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("1", 1),
        ("-1", -1),
        ("0", 0),
        ("-0", 0),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("1E-2", 0.01),
        ("-0.5e+1", -5.0),
        ("true", True),
        ("false", False),
        ("null", None),
        ("'it\\'s'", "it's"),
        ('"say \\"hi\\""', 'say "hi"'),
    ],
)
def test_literals(literal: str, value: object) -> None:
    query = parse_jsonpath(f"$[?@ == {literal}]")
    selector = query.segments[0].selectors[0]
    assert isinstance(selector, FilterSelector)
    assert isinstance(selector.expr, ComparisonExpr)
    assert selector.expr.right == JsonLiteral(value)  # type: ignore[arg-type]
    assert type(selector.expr.right.value) is type(value)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$['\\b\\f\\n\\r\\t\\/\\\\']", "\b\f\n\r\t/\\"),
        ("$['\\u00e9\\u00E9']", "éé"),
        ('$["\\uD834\\uDD1E"]', "\U0001d11e"),
        ("$['\"']", '"'),
        ('$["\'"]', "'"),
        ("$['\\'']", "'"),
        ('$["\\""]', '"'),
        ("$['𝄞 ü']", "𝄞 ü"),
        ("$.ü_1", "ü_1"),
        ("$._", "_"),
    ],
)
def test_name_escapes(text: str, expected: str) -> None:
    assert parse_jsonpath(text) == q("$", name(expected))


def test_integer_range() -> None:
    assert parse_jsonpath("$[9007199254740991]") == q("$", child(IndexSelector(2**53 - 1)))
    assert parse_jsonpath("$[-9007199254740991:]") == q(
        "$", child(SliceSelector(-(2**53 - 1), None, None))
    )
    assert "range" in error_of("$[9007199254740992]").message
    assert "range" in error_of("$[::-9007199254740992]").message


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("", 0),
        ("a", 0),
        (" $", 0),
        ("$ ", 1),
        ("$.", 2),
        ("$. a", 2),
        ("$..", 3),
        ("$...a", 3),
        ("$.1", 2),
        ("$[]", 2),
        ("$[0 2]", 4),
        ("$[0,]", 4),
        ("$[01]", 2),
        ("$[-0]", 2),
        ("$[1.0]", 3),
        ("$[1:2:3:4]", 7),
        ("$['a]", 2),
        ("$['\\x41']", 3),
        ("$['\\uD800']", 3),
        ("$['\\uDC00']", 3),
        ("$['\x01']", 3),
        ("$[@.a]", 2),
        ("$[?@.a = 1]", 7),
        ("$[?@.a == 1 == 2]", 12),
        ("$[?true]", 3),
        ("$[?@.a==01]", 8),
        ("$[?@.a==1.]", 8),
        ("$[?@.a==True]", 8),
        ("$[?!@.a == 1]", 3),
        ("$[?!!@.a]", 4),
        ("$[?(@.a]", 7),
        ("$[?count (@.*)==1]", 8),
        ("$[?foo(@.a)]", 3),
        ("$[?@[*]==0]", 3),
    ],
)
def test_invalid_queries_raise_with_offset(text: str, offset: int) -> None:
    assert error_of(text).offset == offset


@pytest.mark.parametrize(
    "text",
    [
        # RFC 9535 section 2.4.9 (function well-typedness) and neighbours.
        "$[?length(@.*) < 3]",
        "$[?count(1) == 1]",
        "$[?match(@.timezone, 'Europe/.*') == true]",
        "$[?value(@..color)]",
        "$[?length(@.a)]",
        "$[?count(@.a, @.b) == 1]",
        "$[?match(@.a)]",
        "$[?search(@.a, 'x') && length(@) > 1 == true]",
        "$[?length(@.a == 1) == 1]",
        "$[?count(@.a == 1) == 1]",
    ],
)
def test_ill_typed_function_use_is_rejected(text: str) -> None:
    error_of(text)


def descendant(text: str) -> Segment:
    return Segment((NameSelector(text),), descendant=True)


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        (
            "$[?length(@) < 3]",
            ComparisonExpr("<", FunctionCall("length", (q("@"),)), JsonLiteral(3)),
        ),
        (
            "$[?count(@.*) == 1]",
            ComparisonExpr(
                "==", FunctionCall("count", (q("@", child(WildcardSelector())),)), JsonLiteral(1)
            ),
        ),
        (
            "$[?match(@.timezone, 'Europe/.*')]",
            jp.TestExpr(
                FunctionCall("match", (q("@", name("timezone")), JsonLiteral("Europe/.*")))
            ),
        ),
        (
            '$[?value(@..color) == "red"]',
            ComparisonExpr(
                "==", FunctionCall("value", (q("@", descendant("color")),)), JsonLiteral("red")
            ),
        ),
        (
            "$[?length(value(@..x)) == 1]",
            ComparisonExpr(
                "==",
                FunctionCall("length", (FunctionCall("value", (q("@", descendant("x")),)),)),
                JsonLiteral(1),
            ),
        ),
        (
            "$[?!search(@, $.pattern)]",
            NotExpr(jp.TestExpr(FunctionCall("search", (q("@"), q("$", name("pattern")))))),
        ),
        (
            "$[?match(1, 'a')]",
            jp.TestExpr(FunctionCall("match", (JsonLiteral(1), JsonLiteral("a")))),
        ),
        (
            "$[?@ == $.a[0]['b']]",
            ComparisonExpr(
                "==", q("@"), q("$", name("a"), child(IndexSelector(0)), name("b"))
            ),
        ),
    ],
)
def test_well_typed_function_use_is_accepted(text: str, expr: jp.LogicalExpr) -> None:
    """Each is parsed into one filter selector holding exactly this expression."""
    assert parse_jsonpath(text) == q("$", child(FilterSelector(expr)))


def test_invalid_literal_regex_is_a_compile_time_error() -> None:
    err = error_of("$[?match(@.a, 'a(b')]")
    assert "I-Regexp" in err.message
    assert err.offset == 14


@pytest.mark.parametrize(
    "pattern", ["a(b", "a)", "[]", "[^]", "*a", "a**", "a{2,1}", "\\d", "\\p{Xx}", "[a-\\p{L}]"]
)
def test_invalid_iregexp(pattern: str) -> None:
    with pytest.raises(ExpressionError):
        translate_iregexp(pattern)


@pytest.mark.parametrize("pattern", ["a{4294967295}", "a{99999999999}", "a{1,4294967296}"])
def test_repetition_count_beyond_the_engine_is_an_expression_error(pattern: str) -> None:
    """Python's ``re`` raises OverflowError past its MAXREPEAT: a syntax error here."""
    with pytest.raises(ExpressionError, match="repetition count above 4294967294"):
        translate_iregexp(pattern)
    err = error_of(f"$[?match(@.a, '{pattern}')]")
    assert "I-Regexp" in err.message
    assert err.offset == 14


@pytest.mark.parametrize(
    "pattern", ["", "a|", "()", "[-a]", "[a-]", "[\\]]", "\\p{Lu}", "[\\P{L}0-9]", "a{2,}"]
)
def test_valid_iregexp(pattern: str) -> None:
    assert isinstance(translate_iregexp(pattern), str)


def test_nesting_limit_is_an_expression_error() -> None:
    deep = "$[?" + "(" * 200 + "@" + ")" * 200 + "]"
    assert "nested" in error_of(deep).message
    assert "complex" in error_of("$" + "[*]" * 100).message


def test_random_input_only_ever_raises_expression_error() -> None:
    rng = random.Random(9535)
    tokens = ["count(", "match(", "value(", "true", "null", "\\u", "D800"]
    alphabet = [*"$@.[]()?*,:'\"\\-019e +!=<>&|abcghlmnrstuvpP{}\t\u00e9\ud800", *tokens]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        try:
            parse_jsonpath_condition(text)
        except ExpressionError as exc:
            assert 0 <= exc.offset <= len(text)


# ---------------------------------------------------------------------- lenient form


def test_lenient_single_comparison() -> None:
    result = parse_jsonpath_condition("$.status == 'completed'")
    assert result == LenientJsonPathComparison(
        ComparisonExpr("==", q("$", name("status")), JsonLiteral("completed"))
    )


def test_lenient_combinations() -> None:
    result = parse_jsonpath_condition(
        "$.status == 'queued' || !($.count > 0 && $.a.b != null) || 1 < $[0]"
    )
    assert isinstance(result, LenientJsonPathComparison)
    assert result.expr == OrExpr(
        (
            ComparisonExpr("==", q("$", name("status")), JsonLiteral("queued")),
            NotExpr(
                AndExpr(
                    (
                        ComparisonExpr(">", q("$", name("count")), JsonLiteral(0)),
                        ComparisonExpr("!=", q("$", name("a"), name("b")), JsonLiteral(None)),
                    )
                )
            ),
            ComparisonExpr("<", JsonLiteral(1), q("$", child(IndexSelector(0)))),
        )
    )


def test_strict_queries_stay_strict() -> None:
    assert parse_jsonpath_condition("$.items[?(@.category == 'beverage')]") == parse_jsonpath(
        "$.items[?(@.category == 'beverage')]"
    )
    assert isinstance(parse_jsonpath_condition("$.email"), JsonPathQuery)


@pytest.mark.parametrize(
    "text",
    [
        "$.a = 1",
        "@.a == 1",
        "$.a[*] == 1",
        "$..a == 1",
        "$.a == 1 && $.b",
        "length($.a) == 1",
        "$.a == 'x' extra",
        "'a' == ",
    ],
)
def test_lenient_failure_raises_the_strict_error(text: str) -> None:
    with pytest.raises(ExpressionError) as strict:
        parse_jsonpath(text)
    with pytest.raises(ExpressionError) as either:
        parse_jsonpath_condition(text)
    assert (either.value.message, either.value.offset) == (
        strict.value.message,
        strict.value.offset,
    )


def test_comparison_outside_filter_error_suggests_a_filter() -> None:
    assert "filter" in error_of("$.a = 1").message


# ---------------------------------------------------------------------- documents


def _jsonpath_criteria(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        kind = node.get("type")
        if isinstance(kind, dict):
            kind = kind.get("type")
        if kind == "jsonpath":
            # Criteria (condition) and Arazzo 1.1 Selector Objects (selector).
            found.extend(node[k] for k in ("condition", "selector") if isinstance(node.get(k), str))
        for value in node.values():
            found.extend(_jsonpath_criteria(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_jsonpath_criteria(value))
    return found


def test_every_jsonpath_criterion_in_corpus_and_seeds_parses() -> None:
    roots = [SHARED / "corpus", SHARED / "seeds"]
    if not any(root.is_dir() for root in roots):
        pytest.skip("../shared/corpus and ../shared/seeds are absent")
    conditions: list[tuple[Path, str]] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
                if "arazzo" not in text or "jsonpath" not in text:
                    continue
                data = yaml.load(text, Loader=_LOADER)
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
            if isinstance(data, dict) and "arazzo" in data:
                conditions.extend((path, c) for c in _jsonpath_criteria(data))
    if not conditions:
        pytest.skip("no type: jsonpath criteria found")
    failures = []
    for path, condition in conditions:
        try:
            parse_jsonpath_condition(condition)
        except ExpressionError as exc:
            failures.append(f"{path}: {condition!r}: {exc.message}")
    assert failures == []
