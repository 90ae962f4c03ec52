"""JSONPath compiled to Python: RFC 9535 examples, comparison semantics, helpers, typing.

The tests exec the generated source (generated modules themselves never do).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import black
import pytest

from arazzogen.build.codegen.jsonpath_emit import (
    HELPERS,
    emit_condition,
    emit_nodes,
    helper_imports,
    helper_sources,
)
from arazzogen.expressions.ast import ExpressionError
from arazzogen.expressions.jsonpath import parse_jsonpath, parse_jsonpath_condition

REPO = Path(__file__).resolve().parents[2]


def module_source(functions: list[str], used: set[str]) -> str:
    imports = "\n".join(helper_imports(used))
    helpers = "\n\n".join(helper_sources(used))
    return f'"""Generated."""\n\n{imports}\n\n\n{helpers}\n\n' + "\n\n".join(functions)


def compile_fn(signature: str, expr: str, used: set[str]) -> Callable[..., Any]:
    source = module_source([f"def fn{signature}:\n    return {expr}\n"], used)
    namespace: dict[str, Any] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    return namespace["fn"]  # type: ignore[no-any-return]


def nodes(query: str, document: object, context: str = "document") -> list[object]:
    used: set[str] = set()
    expr = emit_nodes(parse_jsonpath(query), context, used)
    fn = compile_fn("(document: object) -> list[object]", expr, used)
    return fn(document)  # type: ignore[no-any-return]


def holds(condition: str, document: object, context: str = "document") -> bool:
    used: set[str] = set()
    expr = emit_condition(parse_jsonpath_condition(condition), context, used)
    fn = compile_fn("(document: object) -> bool", expr, used)
    result = fn(document)
    assert isinstance(result, bool)
    return result


def same(a: object, b: object) -> bool:
    """JSON equality that tells booleans from numbers (Python's == does not)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


# ---------------------------------------------------------------------- RFC 9535 examples

BOOKS: list[dict[str, object]] = [
    {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
    {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
    {
        "category": "fiction",
        "author": "Melville",
        "title": "Moby Dick",
        "isbn": "0-553",
        "price": 8.99,
    },
    {"category": "fiction", "author": "Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99},
]
STORE = {"store": {"book": BOOKS, "bicycle": {"color": "red", "price": 399}}}
AUTHORS = [b["author"] for b in BOOKS]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("$.store.book[*].author", AUTHORS),
        ("$..author", AUTHORS),
        ("$.store.*", [BOOKS, {"color": "red", "price": 399}]),
        ("$.store..price", [8.95, 12.99, 8.99, 22.99, 399]),
        ("$..book[2]", [BOOKS[2]]),
        ("$..book[2].author", ["Melville"]),
        ("$..book[2].publisher", []),
        ("$..book[-1]", [BOOKS[3]]),
        ("$..book[0,1]", BOOKS[:2]),
        ("$..book[:2]", BOOKS[:2]),
        ("$..book[?@.isbn]", BOOKS[2:]),
        ("$..book[?@.price<10]", [BOOKS[0], BOOKS[2]]),
        (
            "$..book[?@.price < $.store.bicycle.price && @.category != 'reference'].title",
            ["Sword", "Moby Dick", "LOTR"],
        ),
    ],
)
def test_bookstore(query: str, expected: list[object]) -> None:
    assert same(nodes(query, STORE), expected)


FILTER_DOC = {
    "a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
    "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}},
    "e": "f",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("$.a[?@.b == 'kilo']", [{"b": "kilo"}]),
        ("$.a[?(@.b == 'kilo')]", [{"b": "kilo"}]),
        ("$.a[?@>3.5]", [5, 4, 6]),
        ("$.a[?@.b]", [{"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}]),
        ("$[?@.*]", [FILTER_DOC["a"], FILTER_DOC["o"]]),
        ("$[?@[?@.b]]", [FILTER_DOC["a"]]),
        ("$.o[?@<3, ?@<3]", [1, 2, 1, 2]),
        ('$.a[?@<2 || @.b == "k"]', [1, {"b": "k"}]),
        ('$.a[?match(@.b, "[jk]")]', [{"b": "j"}, {"b": "k"}]),
        ('$.a[?search(@.b, "[jk]")]', [{"b": "j"}, {"b": "k"}, {"b": "kilo"}]),
        ("$.o[?@>1 && @<4]", [2, 3]),
        ("$.o[?@.u || @.x]", [{"u": 6}]),
        ("$.a[?@.b == $.x]", [3, 5, 1, 2, 4, 6]),
        ("$.a[?@ == @]", FILTER_DOC["a"]),
    ],
)
def test_filter_examples(query: str, expected: list[object]) -> None:
    assert same(nodes(query, FILTER_DOC), expected)


@pytest.mark.parametrize(
    ("query", "document", "expected"),
    [
        ("$.o['j j']['k.k']", {"o": {"j j": {"k.k": 3}}}, [3]),
        ('$["\'"]["@"]', {"'": {"@": 2}}, [2]),
        ("$.o[*, *]", {"o": {"j": 1, "k": 2}}, [1, 2, 1, 2]),
        ("$[1]", ["a", "b"], ["b"]),
        ("$[-2]", ["a", "b"], ["a"]),
        ("$[2]", ["a", "b"], []),
        ("$[1:3]", list("abcdefg"), ["b", "c"]),
        ("$[5:]", list("abcdefg"), ["f", "g"]),
        ("$[1:5:2]", list("abcdefg"), ["b", "d"]),
        ("$[5:1:-2]", list("abcdefg"), ["f", "d"]),
        ("$[::-1]", list("abcdefg"), list("gfedcba")),
        ("$[::0]", list("abc"), []),
        ("$[-9007199254740991:9007199254740991]", [1, 2], [1, 2]),
        ("$.a[0]", {"a": {"0": 1}}, []),
        ("$['0']", [1], []),
        ("$[0]", [True], [True]),
    ],
)
def test_selectors(query: str, document: object, expected: list[object]) -> None:
    assert same(nodes(query, document), expected)


DESCENDANT_DOC: dict[str, Any] = {"o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]]}
WIDE_DEEP = [{"j": 4}, {"k": 6}, 4, 6]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("$..j", [1, 4]),
        ("$..[0]", [5, {"j": 4}]),
        ("$..*", [*DESCENDANT_DOC.values(), 1, 2, 5, 3, DESCENDANT_DOC["a"][2], *WIDE_DEEP]),
        ("$..o", [{"j": 1, "k": 2}]),
        ("$.o..[*, *]", [1, 2, 1, 2]),
        ("$.a..[0, 1]", [5, 3, {"j": 4}, {"k": 6}]),
    ],
)
def test_descendants(query: str, expected: list[object]) -> None:
    assert same(nodes(query, DESCENDANT_DOC), expected)


NULLS = {"a": None, "b": [None], "c": [{}], "null": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("$.a", [None]),
        ("$.a[0]", []),
        ("$.a.d", []),
        ("$.b[0]", [None]),
        ("$.b[*]", [None]),
        ("$.b[?@]", [None]),
        ("$.b[?@==null]", [None]),
        ("$.c[?@.d==null]", []),
        ("$.null", [1]),
    ],
)
def test_null_semantics(query: str, expected: list[object]) -> None:
    assert same(nodes(query, NULLS), expected)


# ---------------------------------------------------------------------- comparisons

COMPARE_DOC = {"obj": {"x": "y"}, "arr": [2, 3]}
COMPARISONS = [
    # RFC 9535 section 2.3.5.3, comparison examples.
    ("$.absent1 == $.absent2", True),
    ("$.absent1 <= $.absent2", True),
    ("$.absent == 'g'", False),
    ("$.absent1 != $.absent2", False),
    ("$.absent != 'g'", True),
    ("1 <= 2", True),
    ("1 > 2", False),
    ("13 == '13'", False),
    ("'a' <= 'b'", True),
    ("'a' > 'b'", False),
    ("$.obj == $.arr", False),
    ("$.obj != $.arr", True),
    ("$.obj == $.obj", True),
    ("$.obj != $.obj", False),
    ("$.arr == $.arr", True),
    ("$.arr != $.arr", False),
    ("$.obj == 17", False),
    ("$.obj != 17", True),
    ("$.obj <= $.arr", False),
    ("$.obj < $.arr", False),
    ("$.obj <= $.obj", True),
    ("$.arr <= $.arr", True),
    ("1 <= $.arr", False),
    ("1 >= $.arr", False),
    ("1 > $.arr", False),
    ("1 < $.arr", False),
    ("true <= true", True),
    ("true > true", False),
    # Numbers by value, booleans are not numbers, strings case-sensitively.
    ("$.arr[0] == 2.0", True),
    ("$.arr[0] >= 2e0", True),
    ("$.arr[1] > 1e400", False),
    ("$.arr[1] < 1e400", True),
    ("$.obj.x == 'Y'", False),
    ("$.obj.x < 'z'", True),
    ("1 == true", False),
    ("$.obj.x != null", True),
    ("$.missing != null", True),
    ("$.missing == null", False),
    ("$.obj.x == 'y'", True),
]


@pytest.mark.parametrize(("condition", "expected"), COMPARISONS)
def test_lenient_comparisons(condition: str, expected: bool) -> None:
    assert holds(condition, COMPARE_DOC) is expected


@pytest.mark.parametrize(("condition", "expected"), COMPARISONS)
def test_same_comparisons_inside_a_filter(condition: str, expected: bool) -> None:
    # $[?<cond>] on [doc] selects doc exactly when <cond> holds with $ = [doc]; so
    # rewrite $ to $[0] to keep the comparison about the same values.
    query = "$[?" + condition.replace("$.", "$[0].") + "]"
    assert holds(query, [COMPARE_DOC]) is expected


def test_boolean_structure_of_lenient_conditions() -> None:
    doc = {"status": "processing", "count": 3, "a": {"b": None}}
    assert holds("$.status == 'queued' || $.status == 'processing'", doc)
    assert not holds("$.status == 'queued' || $.status == 'done'", doc)
    assert holds("$.count > 0 && !($.status == 'done')", doc)
    assert not holds("!($.count > 0 && $.a.b == null)", doc)
    assert holds("!($.count > 0) || $.a.b == null", doc)


def test_bool_is_not_a_number_in_filters() -> None:
    assert same(nodes("$[?@ == 1]", [1, True, 1.0, "1"]), [1, 1.0])
    assert same(nodes("$[?@ == true]", [1, True, 1.0]), [True])
    assert same(nodes("$[?@ < 2]", [1, True, False, None, "1"]), [1])


def test_condition_is_non_empty_node_list() -> None:
    assert holds("$.items[?(@.category == 'beverage')]", {"items": [{"category": "beverage"}]})
    assert not holds("$.items[?(@.category == 'beverage')]", {"items": [{"category": "food"}]})
    assert holds("$.email", {"email": None})
    assert not holds("$.email", {"name": "x"})
    assert holds("$[?count(@.products) > 0]", {"x": {"products": [1]}})


# ---------------------------------------------------------------------- functions


def test_functions() -> None:
    doc = [{"a": "abc", "b": [1, 2]}, {"a": "ab", "b": {"k": 1}}, {"a": 3}]
    assert same(nodes("$[?length(@.a) == 3]", doc), [doc[0]])
    assert same(nodes("$[?length(@.b) == 1]", doc), [doc[1]])
    assert same(nodes("$[?count(@.*) == 1]", doc), [doc[2]])
    assert same(nodes("$[?value(@..k) == 1]", doc), [doc[1]])
    assert same(nodes("$[?match(@.a, 'a.')]", doc), [doc[1]])
    assert same(nodes("$[?search(@.a, 'b')]", doc), [doc[0], doc[1]])
    assert same(nodes("$[?match(@.a, 1)]", doc), [])


def test_iregexp_semantics() -> None:
    words = ["Ж", "ж", "1", "a\nb", "a\rb", "a.b", "a\u2028b", "x$", "^x", "x"]
    assert same(nodes("$[?match(@, '\\\\p{Lu}')]", words), ["Ж"])
    assert same(nodes("$[?match(@, '\\\\P{Lu}')]", words), ["ж", "1", "x"])
    assert same(nodes("$[?match(@, 'a.b')]", words), ["a.b", "a\u2028b"])
    assert same(nodes("$[?match(@, 'a\\\\.b')]", words), ["a.b"])
    assert same(nodes("$[?match(@, '[^a-z\\\\p{N}]')]", words), ["Ж", "ж"])
    # ^ and $ anchor (as the compliance suite expects), they are not literal characters.
    assert same(nodes("$[?search(@, '^x')]", words), ["x$", "x"])
    assert same(nodes("$[?search(@, 'x$')]", words), ["^x", "x"])


def test_runtime_patterns_match_compile_time_ones() -> None:
    words = ["Ж", "ж", "1", "a.b", "a\u2028b", "(x)", "y{2}"]
    for pattern in ["\\p{Lu}", "[^\\P{Ll}]", "a.b", "\\(x\\)", "y\\{2\\}", "[\\p{N}\\p{Lu}]"]:
        quoted = pattern.replace("\\", "\\\\").replace("'", "\\'")
        literal = f"$[?match(@, '{quoted}')]"
        compiled = nodes(literal, words)
        dynamic = nodes("$.w[?match(@, $.p)]", {"w": words, "p": pattern})
        assert same(compiled, dynamic), pattern


def test_invalid_runtime_pattern_matches_nothing() -> None:
    doc = {"w": ["a", "("], "p": "("}
    assert nodes("$.w[?match(@, $.p)]", doc) == []
    assert nodes("$.w[?search(@, $.q)]", doc) == []


# ---------------------------------------------------------------------- emission


def test_literals_go_through_safe_rendering() -> None:
    tricky = "a'\"\\\n\u2028}{$"
    query = "$[" + json.dumps(tricky) + "]"
    assert nodes(query, {tricky: 7}) == [7]
    assert holds("$.k == " + json.dumps(tricky), {"k": tricky})


def test_context_expression_is_evaluated_once() -> None:
    calls: list[int] = []

    def load(doc: object) -> object:
        calls.append(1)
        return doc

    for text in ("$.a[?@ > $.min]", "$.a == 1 || $.b == 2"):
        used: set[str] = set()
        expr = emit_condition(parse_jsonpath_condition(text), "load(document)", used)
        source = module_source([f"def fn(document, load):\n    return {expr}\n"], used)
        namespace: dict[str, Any] = {}
        exec(compile(source, "<generated>", "exec"), namespace)
        calls.clear()
        namespace["fn"]({"a": [1, 5], "min": 2, "b": 2}, load)
        assert len(calls) == 1, text


def test_only_needed_helpers_are_used() -> None:
    used: set[str] = set()
    emit_nodes(parse_jsonpath("$.a[0].b"), "doc", used)
    assert used == {"_jp_path"}
    used = set()
    emit_nodes(parse_jsonpath("$[?match(@.a, 'x.')]"), "doc", used)
    assert "_jp_pattern" not in used
    assert all(not name.startswith("_jp_iregexp") for name in _closure_names(used))
    used = set()
    emit_nodes(parse_jsonpath("$[?match(@.a, $.p)]"), "doc", used)
    assert "_jp_iregexp_translate" in _closure_names(used)


def _closure_names(used: set[str]) -> set[str]:
    return {name for name, source in HELPERS.items() if source in helper_sources(used)}


def test_helper_sources_are_closed_and_deterministic() -> None:
    sources = helper_sources({"_jp_le"})
    names = [source.split("def ", 1)[1].split("(", 1)[0] for source in sources]
    assert names == ["_jp_eq", "_jp_equal", "_jp_le", "_jp_lt"]
    assert helper_sources({"_jp_le", "_jp_lt"}) == sources
    assert helper_imports({"_jp_path"}) == ["from typing import cast"]
    assert helper_imports({"_jp_filter", "_jp_match"}) == [
        "import re",
        "from collections.abc import Callable",
        "from typing import cast",
    ]
    assert helper_sources({"_jp_path", "other_helper"}) == helper_sources({"_jp_path"})
    with pytest.raises(KeyError):
        helper_sources({"_jp_nope"})


def test_helpers_do_not_evaluate_code() -> None:
    for name, source in HELPERS.items():
        assert name.startswith("_jp_")
        assert f"def {name}(" in source
        assert not re.search(r"(?<![\w.])(eval|exec|compile|__import__)\(|\bimport ", source)


def _nested(depth: int) -> object:
    """``depth`` arrays, one inside the other, around ``0``."""
    value: object = 0
    for _ in range(depth):
        value = [value]
    return value


def test_deep_nesting_compiles() -> None:
    """31 filters nested around 16 wildcards stay within Python's nesting limits, and
    the code runs: a child of the root is selected when it has a chain of 30 more
    children for the inner filters, then 16 levels for the wildcards (46 in all)."""
    query = "$" + "[?@" * 31 + "[*]" * 16 + "]" * 31
    expr = emit_nodes(parse_jsonpath(query), "doc", set())
    compile(expr, "<generated>", "eval")
    document = [_nested(45), _nested(46), "leaf", {"deep": _nested(45)}, {}, _nested(47)]
    assert nodes(query, document) == [_nested(46), {"deep": _nested(45)}, _nested(47)]
    assert nodes(query, [_nested(45), [_nested(44)]]) == []


# ---------------------------------------------------------------------- typing


TYPED_QUERIES = [
    "$.items[?(@.category == 'beverage')]",
    "$[?count(@.products) > 0]",
    "$.status == 'queued' || $.status == 'processing'",
    "$.a.b != null",
    "!($.a == 1) && $.b[0] >= 2",
    "$..book[?@.price < $.expensive].title",
    "$[?match(@.a, '\\\\p{Lu}[a-z]+$')]",
    "$[?search(@.a, $.re)]",
    "$[0,1]['a','b']",
    "$[?!(@.a!=1)]",
    "$[1:-1:2]",
    "$.*[*]..x",
    "$[?length(@.name) >= 3 && value(@..id) == 1.5e3]",
    '$[?@.a == true || @.b == "x" || @.c == 1e400]',
]


def _typed_module() -> str:
    used: set[str] = set()
    functions = []
    for index, text in enumerate(TYPED_QUERIES):
        cond = parse_jsonpath_condition(text)
        for context, param in (("body", "body: object"), ("r.get('b')", "r: dict[str, object]")):
            expr = emit_condition(cond, context, used)
            functions.append(
                f"def c{index}_{len(functions)}({param}) -> bool:\n    return {expr}\n"
            )
    expr = emit_nodes(parse_jsonpath("$.a[*].b"), "body", used)
    functions.append(f"def nodes(body: object) -> list[object]:\n    return {expr}\n")
    in_loop = emit_condition(parse_jsonpath_condition("$[?@.a == $.b]"), "item", used)
    functions.append(
        "def loop(items: list[object]) -> int:\n    n = 0\n    for item in items:\n"
        f"        if {in_loop}:\n            n += 1\n    return n\n"
    )
    # runtime expressions embedded (Arazzo 1.1): bare where a literal stands, and in a string
    embedded = parse_jsonpath_condition("$[?@.a > '\ue0020\ue003' && @.b == 'p\ue0001\ue001']")
    expr = emit_condition(embedded, "body", used, [("str(x)", "x"), ("str(x)", "x")])
    functions.append(f"def embedded(body: object, x: object) -> bool:\n    return {expr}\n")
    # The module exercises every helper, so each one is type-checked and linted.
    assert _closure_names(used) == set(HELPERS)
    source = module_source(functions, used)
    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY310})
    return black.format_str(source, mode=mode)


def test_assembled_module_passes_mypy_strict_and_ruff(tmp_path: Path) -> None:
    mypy_api = pytest.importorskip("mypy.api")
    path = tmp_path / "generated_jsonpath.py"
    path.write_text(_typed_module(), encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    options = ["--config-file", str(config), "--strict", "--python-version", "3.10"]
    out, err, status = mypy_api.run([*options, "--cache-dir", str(tmp_path / "cache"), str(path)])
    assert status == 0, out + err
    rules = ["--select=E,F,W,I,B,UP,SIM,RUF", "--line-length=100", "--target-version=py310"]
    command = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", *rules, str(path)]
    ruff = subprocess.run(command, capture_output=True, text=True, check=False)
    if "No module named ruff" in ruff.stderr:
        pytest.skip("ruff is not installed")
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


# ---------------------------------------------------------------------- compliance suite


_CTS_DIR = "jsonpath-compliance-test-suite"


def _cts_path() -> Path | None:
    candidates = [
        os.environ.get("ARAZZOGEN_JSONPATH_CTS", ""),
        str(REPO / "tests/data/jsonpath-cts/cts.json"),  # vendored, BSD-2 (see its README)
        str(REPO / "node_modules/jsonpath-rfc9535/src/__tests__" / _CTS_DIR / "cts.json"),
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_compliance_test_suite() -> None:
    path = _cts_path()
    if path is None:
        pytest.skip("JSONPath Compliance Test Suite (cts.json) not found")
    cases = json.loads(path.read_text(encoding="utf-8"))["tests"]
    assert len(cases) > 500
    failures = []
    for case in cases:
        selector, name = case["selector"], case["name"]
        if case.get("invalid_selector"):
            try:
                parse_jsonpath(selector)
            except ExpressionError:
                pass
            except Exception as exc:
                failures.append(f"{name}: raised {exc!r}")
            else:
                failures.append(f"{name}: {selector!r} parsed")
            continue
        try:
            got = nodes(selector, case["document"])
        except Exception as exc:
            failures.append(f"{name}: {selector!r} raised {exc!r}")
            continue
        expected = [case["result"]] if "result" in case else case["results"]
        if not any(same(got, e) for e in expected):
            failures.append(f"{name}: {selector!r} gave {got!r}")
    assert failures == []
