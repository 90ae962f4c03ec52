"""The request and body helpers a generated module embeds, run on edge cases.

Each helper is loaded exactly as a module would embed it (its source and the imports
``helpers.collect`` names), then called directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from arazzogen.build.codegen import helpers


def load(name: str) -> Callable[..., Any]:
    names, imports = helpers.collect([name])
    source = "\n".join(sorted(imports)) + "\nimport httpx\n\n"
    source += "\n\n".join(helpers.source(n) for n in names)
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<{name}>", "exec"), namespace)  # the embedded helper, as emitted
    return namespace[name]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("q", None), ""),
        (("q", []), ""),
        (("q", True), "q=true"),
        (("q", 1.5), "q=1.5"),
        (("q", "a b&c"), "q=a%20b%26c"),
        (("q", ["a", "b,c"]), "q=a&q=b%2Cc"),
        (("q", ["a", "b,c"], False), "q=a,b%2Cc"),
        (("q", {"k": "v w"}), "k=v%20w"),
        (("q", {"k": 1, "j": None}, False), "q=k,1,j,null"),
        (("a b", "x"), "a%20b=x"),
    ],
)
def test_form(args: tuple[Any, ...], expected: str) -> None:
    assert load("_form")(*args) == expected


def test_path_styles() -> None:
    assert load("_simple")("a/b") == "a%2Fb"
    assert load("_simple")({"R": 1, "G": 2}) == "R,1,G,2"
    assert load("_simple")({"R": 1, "G": 2}, True) == "R=1,G=2"
    assert load("_label")(".") == ".%2E"  # never a `..` path segment
    assert load("_label")(["a", "b"], True) == ".a.b"
    assert load("_matrix")("id", 5) == ";id=5"
    assert load("_matrix")("id", [1, 2]) == ";id=1,2"
    assert load("_matrix")("id", {"a": 1}, True) == ";a=1"


def test_query_helpers() -> None:
    assert load("_delimited")("c", ["a", "b"], "%20") == "c=a%20b"
    assert load("_delimited")("c", None, "|") == ""
    assert load("_deep_object")("c", {"a": "x y"}) == "c[a]=x%20y"
    assert load("_deep_object")("c", 3) == "c=3"
    assert load("_query_string")({"a": "", "b": ""}) == ""
    assert load("_query_string")({"a": "a=1", "b": "", "c": "c=2"}) == "?a=1&c=2"
    assert load("_form_query")({"a": 1, "b": None, "c": ["x", "y"]}) == "a=1&c=x&c=y"
    assert load("_form_query")("raw=text") == "raw=text"
    assert load("_header_value")(["a", 1]) == "a,1"
    assert load("_header_value")({"a": 1}, True) == "a=1"


def test_set_pointer() -> None:
    set_pointer = load("_set_pointer")
    assert set_pointer({"a": 1}, (), 7) == 7
    assert set_pointer({}, ("a", "b", "c"), 1) == {"a": {"b": {"c": 1}}}
    assert set_pointer({"l": [1]}, ("l", "-"), 2) == {"l": [1, 2]}
    assert set_pointer({"l": [1]}, ("l", "0"), 9) == {"l": [9]}
    assert set_pointer({"l": [1]}, ("l", "5"), 9) == {"l": [1]}  # past the end: unchanged
    assert set_pointer({"l": [1]}, ("l", "01"), 9) == {"l": [1]}  # not an index
    assert set_pointer({"s": "text"}, ("s", "x"), 9) == {"s": "text"}  # a scalar: unchanged
    assert set_pointer([1, "x"], ("1", "y"), 9) == [1, "x"]  # a scalar parent: unchanged


def test_replacements_never_change_the_callers_data() -> None:
    given = {"k": [1]}
    document = load("_set_pointer")({}, (), given)
    load("_set_pointer")(document, ("k", "-"), 2)
    load("_set_children")([document], "k", given)
    assert given == {"k": [1]}
    assert document == {"k": {"k": [1]}}


def test_set_children() -> None:
    set_children = load("_set_children")
    nodes: list[Any] = [{"a": 1, "b": 2}, [1, 2, 3], "scalar"]
    set_children(nodes, None, 0)
    assert nodes == [{"a": 0, "b": 0}, [0, 0, 0], "scalar"]
    nodes = [{"a": 1}, [1, 2]]
    set_children(nodes, "missing", 5)
    set_children(nodes, -1, 5)
    assert nodes == [{"a": 1}, [1, 5]]


def test_xml_text() -> None:
    xml_text = load("_xml_text")
    value = {"r": {"@id": 1, "a": [True, None], "b": {"c": 1.5}}}
    assert xml_text(value) == '<r id="1"><a>true</a><a /><b><c>1.5</c></b></r>'
    assert xml_text({"r": "<&>"}) == "<r>&lt;&amp;&gt;</r>"
    assert xml_text({"a": 1, "b": 2}) == '{"a":1,"b":2}'  # no single root: JSON text


def test_multipart_parts() -> None:
    parts = load("_multipart")({"f": ["a", 1], "o": {"k": None}})
    assert parts == [
        ("f", (None, "a", "text/plain")),
        ("f", (None, "1", "application/json")),
        ("o", (None, '{"k":null}', "application/json")),
    ]


@pytest.mark.parametrize(
    ("headers", "content", "expected"),
    [
        ({"Content-Type": "application/json"}, b'{"a": 1}', {"a": 1}),
        ({"Content-Type": "application/problem+json"}, b"[1]", [1]),
        ({"Content-Type": "application/json"}, b"{broken", "{broken"),
        ({"Content-Type": "application/xml"}, b"<a>1</a>", "<a>1</a>"),
        ({"Content-Type": "text/plain"}, b"42", "42"),  # text stays text
        ({}, b"42", 42),  # no media type: JSON when it parses
        ({}, b"", None),
    ],
)
def test_response_body(headers: dict[str, str], content: bytes, expected: object) -> None:
    response = httpx.Response(200, headers=headers, content=content)
    assert load("_response_body")(response) == expected


def test_request_body() -> None:
    request_body = load("_request_body")
    assert request_body(httpx.Request("POST", "https://x.test", json={"a": 1})) == {"a": 1}
    text = httpx.Request("POST", "https://x.test", content=b"a=1", headers={"Content-Type": "x"})
    assert request_body(text) == "a=1"
    assert request_body(httpx.Request("GET", "https://x.test")) is None


def test_dynamic_regex_fails_on_bad_patterns_and_null() -> None:
    search = load("_regex_text_search")
    assert search("^a(b|c)$", "ac")
    assert not search("(unclosed", "(unclosed")
    assert not search("a", None)
    assert search("true", True)
    assert not search("a", "a" * 1_000_001)  # bounded work, as for every regex criterion
