"""XPath 1.0 subset: parsing, the Python the compiler emits, and its results on ElementTree."""

from __future__ import annotations

import math

import pytest

from arazzogen.build.codegen.xpath_emit import XPathEmitter, XPathUnsupported
from arazzogen.build.codegen.xpath_runtime import RUNTIME_FUNCTIONS, _xp_document
from arazzogen.expressions.xpath import Binary, Call, Number, Path, Step, XPathError, parse_xpath

PETS = (
    '<root><pets><pet id="1"><name>Rex</name><price>5</price></pet>'
    '<pet id="2"><name>Tom</name><price>12.5</price></pet></pets>'
    "<note>a <b>bold</b> tail</note></root>"
)


def evaluate(xpath: str, xml: str = PETS) -> object:
    """Compile ``xpath`` to Python as the generated module would, and run it."""
    helpers: set[str] = set()
    code = XPathEmitter(helpers).value(parse_xpath(xpath))
    namespace: dict[str, object] = {fn.__name__: fn for fn in RUNTIME_FUNCTIONS}
    namespace["math"] = math
    function = eval(f"lambda _xp_doc: {code}", namespace)
    return function(_xp_document(xml))


def test_parse_tree() -> None:
    assert parse_xpath("count(/a/b) > 0") == Binary(
        ">",
        Call("count", (Path(True, (Step("child", "a"), Step("child", "b"))),)),
        Number(0.0),
    )
    # `*` after an operand is multiplication; `div` a name before one
    assert parse_xpath("2 * 3") == Binary("*", Number(2.0), Number(3.0))
    assert parse_xpath("div/*") == Path(False, (Step("child", "div"), Step("child", "*")))
    everywhere = Step("descendant-or-self", "node()")
    assert parse_xpath("//a") == Path(True, (everywhere, Step("child", "a")))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("/a[", "expected"),
        ("$x", "variables"),
        ("a b", "unexpected"),
        ("foo::a", "unknown axis"),
        ("count(", "expected"),
        ("(" * 5000 + "1" + ")" * 5000, "nested too deeply"),
    ],
)
def test_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(XPathError, match=message):
        parse_xpath(text)


@pytest.mark.parametrize(
    ("xpath", "expected"),
    [
        ("count(/root/pets/pet)", 2),
        ("/root/pets/pet[2]/name = 'Tom'", True),
        ("/root/pets/pet[last()]/@id = '2'", True),
        ("//pet[price > 10]/name = 'Tom'", True),
        ("//pet[price > 100]", []),
        ("string(//pet[1]/price * 2)", "10"),
        ("sum(//price)", 17.5),
        ("7 div 2", 3.5),
        ("1 div 0", math.inf),
        ("2" + "0" * 308, math.inf),  # beyond the largest double: Infinity (IEEE 754)
        ("-" + "9" * 400 + " < 0", True),
        ("9" * 400 + " = 1 div 0", True),
        ("7 mod 3", 1.0),
        ("-(3)", -3),
        ("round(2.5) + floor(1.7) + ceiling(1.2)", 6.0),
        ("concat('a', //pet[1]/name, 1)", "aRex1"),
        ("substring('abcdef', 2, 3)", "bcd"),
        ("normalize-space('  a   b ')", "a b"),
        ("string-length(//pet[1]/name)", 3),
        ("starts-with(//pet[2]/name, 'T') and contains(//note, 'bold')", True),
        ("not(//dog)", True),
        ("boolean(//pet)", True),
        ("local-name(/root/*[1])", "pets"),
        ("count(//note/text())", 2),
        ("//pet/@id = '2'", True),
        ("//pet/@id != '1'", True),
        ("count(//pet | //name)", 4),
        ("count(/root//name)", 2),
        ("count(/root/descendant::price)", 2),
        ("number('x') = number('x')", False),
        ("true() = 1", True),
        ("'10' > 9", True),
    ],
)
def test_results(xpath: str, expected: object) -> None:
    found = evaluate(xpath)
    if isinstance(found, list):
        found = [n if isinstance(n, str) else n.tag for n in found]
    assert found == expected


@pytest.mark.parametrize(
    ("xpath", "construct"),
    [
        ("//name/..", "parent axis"),
        ("ancestor::pet", "ancestor axis"),
        ("//comment()", "comment()"),
        ("translate('a', 'a', 'b')", "translate()"),
        ("position()", "outside a predicate"),
        ("count('a')", "not a node-set"),
        ("@id[1]", "attribute axis with predicates"),
    ],
)
def test_unsupported_constructs_are_named(xpath: str, construct: str) -> None:
    with pytest.raises(XPathUnsupported, match=construct.replace("(", r"\(").replace(")", r"\)")):
        XPathEmitter(set()).value(parse_xpath(xpath))


def test_not_xml_and_null_contexts_have_no_document() -> None:
    assert _xp_document("not <xml") == []
    assert _xp_document(None) == []
    assert _xp_document({"a": 1}) == []


def test_emitted_code_is_plain_where_types_allow() -> None:
    helpers: set[str] = set()
    code = XPathEmitter(helpers).condition(parse_xpath("count(/a/b) > 0"))
    assert code == 'len(_xp_children(_xp_children(_xp_doc, "a"), "b")) > 0'
    assert helpers == {"_xp_children"}


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "/a" * n,
        lambda n: "floor(" * n + "1" + ")" * n,
        lambda n: "a[" * n + "b" + "]" * n,
        lambda n: "(a = " * n + "1" + ")" * n,
        lambda n: "a[count(a[" * n + "1" + "])]" * n,
        lambda n: "-" * n + "1",
    ],
)
def test_nesting_is_bounded_below_what_python_parses(shape) -> None:  # type: ignore[no-untyped-def]
    """The deepest expression accepted compiles to Python that parses (Python refuses
    200 nested brackets); one level more is a syntax error naming the limit."""
    for n in range(1, 100):
        try:
            parse_xpath(shape(n + 1))
        except XPathError as err:
            assert "nests more than 64" in err.message
            break
    else:
        pytest.fail("no limit")
    assert n >= 6
    code = XPathEmitter(set()).condition(parse_xpath(shape(n)))
    compile(f"lambda _xp_doc: {code}", "<xpath>", "eval")


def test_long_location_path() -> None:
    assert len(parse_xpath("/a" * 63).steps) == 63  # type: ignore[union-attr]
    with pytest.raises(XPathError, match="nests more than 64 location steps"):
        parse_xpath("/a" * 200)
