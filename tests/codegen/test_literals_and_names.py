"""The security boundary: document text reaches generated code only as safe literals."""

from __future__ import annotations

import ast
import keyword

import pytest

from arazzogen.build.codegen.literals import LiteralError, comment, docstring, py_literal
from arazzogen.build.codegen.names import Scope, is_reserved, pascal_case, snake_case

HOSTILE = [
    "'; import os; os.system('rm -rf /') #",
    '"""; __import__("os").system("id"); """',
    "\\",
    "a\\'b",
    "line\nbreak",
    "nul\x00byte",
    "\u2028separator\u2029",
    "{x}",
    "${{}}",
    "\r\n",
    "\U0001f600 emoji",
    "\\N{BULLET}",
    "tab\there",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literal_round_trips(text: str) -> None:
    source = py_literal(text)
    tree = ast.parse(source, mode="eval")
    assert isinstance(tree.body, ast.Constant)
    assert tree.body.value == text


def test_nested_data_round_trips() -> None:
    value = {"a'\"": [1, 2.5, None, True, {"\n": HOSTILE}], "": {}}
    assert ast.literal_eval(py_literal(value)) == value


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), {1: "x"}, object()])
def test_unrenderable_values_are_refused(bad: object) -> None:
    with pytest.raises(LiteralError):
        py_literal(bad)


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_cannot_close_the_string(text: str) -> None:
    source = f'def f() -> None:\n    """{docstring(text)}"""\n'
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    assert len(func.body) == 1  # only the docstring: nothing escaped into code


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_stays_on_one_line(text: str) -> None:
    source = f"x = 1  # {comment(text)}\ny = 2\n"
    tree = ast.parse(source)
    assert [type(n) for n in tree.body] == [ast.Assign, ast.Assign]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bulk-set-objects-notify", "bulk_set_objects_notify"),
        ("apiKey", "api_key"),
        ("HTTPStatus", "http_status"),
        ("123abc", "value_123_abc"),
        ("", "value"),
        ("héllo wörld", "hello_world"),
        ("__init__", "init"),
    ],
)
def test_snake_case(text: str, expected: str) -> None:
    assert snake_case(text) == expected


@pytest.mark.parametrize("text", [*HOSTILE, "class", "def", "None", "print", "match", "_"])
def test_names_are_always_identifiers(text: str) -> None:
    scope = Scope()
    for name in (scope.claim(snake_case(text)), scope.claim(pascal_case(text))):
        assert name.isidentifier()
        assert name.isascii()
        assert not keyword.iskeyword(name)
        assert not is_reserved(name)


def test_scope_resolves_collisions_deterministically() -> None:
    scope = Scope(reserved={"client"})
    assert scope.claim("client") == "client_"
    assert scope.claim("x", key="a") == "x"
    assert scope.claim("x", key="b") == "x_2"
    assert scope.claim("x", key="a") == "x"
    assert scope.claim("list") == "list_"
    child = scope.child()
    inner = child.claim("x")
    assert inner.isidentifier()
    assert inner not in {"x", "x_2", "client", "client_", "list_"}


def _naive_claim(taken: list[str], reserved: set[str], wanted: str) -> str:
    """The specification of Scope.claim: probe _2, _3... from the start every time."""
    base = wanted + "_" if is_reserved(wanted) or wanted in reserved else wanted
    name, n = base, 2
    pascal = base.lstrip("_")[:1].isupper()
    while name in taken or name in reserved or is_reserved(name):
        name = f"{base}{n}" if pascal or base.endswith("_") else f"{base}_{n}"
        n += 1
    taken.append(name)
    return name


def test_scope_resuming_probe_matches_probing_from_the_start() -> None:
    # names that collide with each other's suffixed forms: x, x_2 claimed directly, ...
    wanted = ["x", "x_2", "x", "x", "x_3", "x", "Out", "Out2", "Out", "list", "list_",
              "list", "x_5", "x", "Out", "y", "y_2", "y_2", "y"] * 3
    reserved = {"client", "y_3"}
    scope = Scope(reserved=set(reserved))
    taken: list[str] = []
    for word in wanted:
        assert scope.claim(word) == _naive_claim(taken, reserved, word)
    assert len(set(taken)) == len(taken)


def test_scope_hands_out_many_distinct_names() -> None:
    scope = Scope()
    names = [scope.claim("step") for _ in range(5000)]
    assert names[:3] == ["step", "step_2", "step_3"]
    assert names[-1] == "step_5000"
    assert len(set(names)) == 5000


@pytest.mark.parametrize("name", ["l", "O", "I"])
def test_ambiguous_names_are_never_claimed(name: str) -> None:
    """pycodestyle E741: an input called ``l`` must not become a parameter ``l``."""
    assert is_reserved(name)
    assert Scope().claim(name) == f"{name}_"
