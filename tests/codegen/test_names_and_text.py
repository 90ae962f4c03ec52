"""Names and text from hostile documents: reserved module names, name collisions,
lone surrogates and bidi controls, long literals and ambiguous Unicode (ruff rules),
cookie values, and ``-o`` over a hand-written file.

The generated module's promise on ruff (README, "The generated module"): it passes
``ruff check --select E,F,W,I,B,UP,SIM,RUF,N --target-version py310`` (line length 88)
whatever text the document holds.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import import_source

from arazzogen.api import compile_document
from arazzogen.build.codegen.confusables import is_confusable
from arazzogen.build.codegen.literals import docstring, py_literal
from arazzogen.build.values import MODULE_NAMES
from arazzogen.cli import main

#: the ruff rules every generated module passes (the README states the same)
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF,N"
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--target-version", "py310"]
RUFF += ["--select", RUFF_RULES]

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Items", "version": "1"},
    "servers": [{"url": "https://items.example.test"}],
    "paths": {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "X-Note", "in": "header", "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def _step(**extra: Any) -> dict[str, Any]:
    step: dict[str, Any] = {
        "stepId": "get",
        "operationId": "getItem",
        "parameters": [{"name": "id", "in": "path", "value": "$inputs.id"}],
        "successCriteria": [{"condition": "$statusCode == 200"}],
    }
    step.update(extra)
    return step


def _workflow(workflow_id: str, **extra: Any) -> dict[str, Any]:
    workflow: dict[str, Any] = {
        "workflowId": workflow_id,
        "inputs": {"type": "object", "properties": {"id": {"type": "string"}}},
        "steps": [_step()],
    }
    workflow.update(extra)
    return workflow


def _compile(tmp_path: Path, workflows: list[dict[str, Any]], **info: str) -> tuple[Any, Path]:
    (tmp_path / "items.openapi.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    arazzo = {
        "arazzo": "1.0.1",
        "info": {"title": "Items", "version": "1", **info},
        "sourceDescriptions": [{"name": "items", "url": "items.openapi.json", "type": "openapi"}],
        "workflows": workflows,
    }
    doc = tmp_path / "flow.arazzo.json"
    # ensure_ascii keeps lone surrogates as \ud800 escapes, which JSON allows
    doc.write_text(json.dumps(arazzo, ensure_ascii=True), encoding="utf-8")
    return compile_document(doc, output=tmp_path / "flow.py"), doc


def _module_text(outcome: Any) -> str:
    errors = [d for d in outcome.diagnostics if d.severity.value == "error"]
    assert outcome.module is not None, errors
    return str(outcome.module)


def _ruff(tmp_path: Path, source: str) -> str:
    path = tmp_path / "flow.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [*RUFF, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    return "" if done.returncode == 0 else done.stdout + done.stderr


# ---------------------------------------------------------------------- reserved names

TAKEN = sorted(n for n in MODULE_NAMES if not n.startswith("_") and n != "annotations")


def test_reserved_names_cover_every_import_helpers_may_emit() -> None:
    for name in ("functools", "unicodedata", "Callable", "json", "re", "time", "quote", "cast"):
        assert name in MODULE_NAMES, name


def test_workflows_named_like_module_names_still_import(tmp_path: Path) -> None:
    """``workflowId: functools`` (and every other name the module imports or defines)
    compiled into a module that could not be imported: the function shadowed the import
    the JSONPath helpers' decorators use."""
    match = {"context": "$response.body", "type": "jsonpath"}
    criteria = [{**match, "condition": "$[?match(@.name, 'a.*')]"}]
    workflows = [
        _workflow(name, steps=[_step(successCriteria=criteria)]) for name in TAKEN
    ]
    source = _module_text(_compile(tmp_path, workflows)[0])
    tree = ast.parse(source)
    imported: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    }
    assert imported <= MODULE_NAMES
    assert not imported & defined
    module = import_source("reserved_flow", source, tmp_path)
    functions = [n for n in module.__all__ if callable(getattr(module, n)) and n[0].islower()]
    public = [n for n in functions if not n.endswith("_async")]
    assert len(public) == len(TAKEN)
    assert sorted(functions) == sorted(public + [n + "_async" for n in public])
    assert "functools_" in public and "json_" in public
    assert module.json is json  # the imports are intact


# ---------------------------------------------------------------------- collisions


def test_workflow_names_that_collide_after_conversion_are_an_error(tmp_path: Path) -> None:
    outcome, _ = _compile(tmp_path, [_workflow("get-item"), _workflow("getItem")])
    assert outcome.module is None
    [diagnostic] = [d for d in outcome.diagnostics if d.code == "AZ270"]
    assert "'get-item'" in diagnostic.message and "'getItem'" in diagnostic.message
    assert "get_item" in diagnostic.message


def test_input_and_output_names_that_collide_are_an_error(tmp_path: Path) -> None:
    inputs = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "ID": {"type": "string"}},
    }
    step = _step(outputs={"item-id": "$response.body#/id", "itemId": "$response.body#/id"})
    workflow = _workflow("get", inputs=inputs, steps=[step], outputs={"a_b": "$inputs.id"})
    workflow["outputs"]["aB"] = "$inputs.id"
    outcome, _ = _compile(tmp_path, [workflow])
    messages = sorted(d.message for d in outcome.diagnostics if d.code == "AZ270")
    assert len(messages) == 3, messages
    assert any("'id' and 'ID'" in m for m in messages)
    assert any("'item-id' and 'itemId'" in m for m in messages)
    assert any("'a_b' and 'aB'" in m for m in messages)


# ---------------------------------------------------------------------- text


def test_lone_surrogates_and_bidi_controls_are_escaped(tmp_path: Path) -> None:
    """A lone surrogate in a description gave AZ903; bidi controls reached docstrings."""
    hostile = "admin\u202e\u2066 x \ud800 end\u200b"
    outcome, _ = _compile(
        tmp_path,
        [_workflow("get", description=hostile, steps=[_step(description=hostile)])],
        description=hostile,
    )
    source = _module_text(outcome)
    source.encode("utf-8")  # valid UTF-8: no lone surrogate in the source
    for char in ("\u202e", "\u2066", "\u200b"):
        assert char not in source
    assert "\\u202e" in source
    tree = ast.parse(source)
    doc = ast.get_docstring(tree)
    # the value is unchanged, but for the lone surrogate: the text of its escape (a class
    # docstring cannot hold a surrogate; test_hostile_document imports one)
    assert doc is not None and "\u202e" in doc and "\\ud800" in doc and "\ud800" not in doc
    assert _ruff(tmp_path, source) == ""


def test_docstring_and_literal_escape_only_what_they_must() -> None:
    assert docstring("Привет, café") == "Привет, café"
    assert docstring("a \u2013 b") == "a \\u2013 b"
    assert docstring("x\u202ey") == "x\\u202ey"
    for text in ("Привет", "\u043e\u0435 x\u2013y", "\ud800\u202e", "long " * 40, 'q"\\\n'):
        assert eval(py_literal(text)) == text


def test_long_literals_and_ambiguous_unicode_pass_ruff(tmp_path: Path) -> None:
    """The README claimed ruff-clean modules; long literals (E501) and ambiguous
    characters (RUF001-RUF003) broke the claim."""
    long_text = "word " * 60 + "\u2013\u2019 Привет \u043ee"
    preformatted = "Intro\n- " + "item " * 40 + "\n- two"
    step = _step(
        description=preformatted,
        parameters=[
            {"name": "id", "in": "path", "value": "$inputs.id"},
            {"name": "X-Note", "in": "header", "value": long_text},
        ],
        successCriteria=[{"condition": f"$response.body#/note == '{long_text}'"}],
        onSuccess=[{"name": long_text[-200:], "type": "end"}],
        outputs={"ünïcode \u2013 out": "$statusCode"},
    )
    workflow = _workflow("get" + "X" * 30, description=long_text, steps=[step])
    outcome, _ = _compile(tmp_path, [workflow], description=long_text, summary=long_text)
    source = _module_text(outcome)
    assert _ruff(tmp_path, source) == ""


def test_confusables_table_covers_what_ruff_flags(tmp_path: Path) -> None:
    """Every character the installed ruff reports as ambiguous is in our table."""
    chars = [
        chr(code)
        for code in range(0x80, 0x30000)
        if unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co", "Cc", "Zl", "Zp")
    ]
    path = tmp_path / "all.py"
    path.write_text("".join(f"# {c}\n" for c in chars), encoding="utf-8")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "ruff", "check", "--isolated", "--select", "RUF003"),
            *("--output-format", "json", "--exit-zero", str(path)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    flagged = {chars[item["location"]["row"] - 1] for item in json.loads(done.stdout)}
    assert flagged
    missing = sorted(f"U+{ord(c):04X}" for c in flagged if not is_confusable(c))
    assert not missing


# ---------------------------------------------------------------------- cookies


def test_cookie_values_are_encoded(tmp_path: Path) -> None:
    """A ``;`` in a cookie value added a cookie."""
    step = _step(
        parameters=[
            {"name": "id", "in": "path", "value": "$inputs.id"},
            {"name": "session", "in": "cookie", "value": "$inputs.session"},
        ]
    )
    inputs = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "session": {"type": "string"}},
    }
    source = _module_text(_compile(tmp_path, [_workflow("get", inputs=inputs, steps=[step])])[0])
    module = import_source("cookie_flow", source, tmp_path)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        module.get(client=client, id_="1", session="abc; admin=1, x=\"y\" %41")
    assert seen[0].headers["Cookie"] == "session=abc%3B%20admin=1%2C%20x=%22y%22%20%41"


# ---------------------------------------------------------------------- -o


def test_output_over_a_hand_written_file_needs_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, doc = _compile(tmp_path, [_workflow("get")])
    app = tmp_path / "app.py"
    app.write_text("# my application\n", encoding="utf-8")
    assert main(["compile", str(doc), "-o", str(app)]) == 1
    assert "AZ920" in capsys.readouterr().out
    assert app.read_text(encoding="utf-8") == "# my application\n"
    assert main(["compile", str(doc), "-o", str(app), "--force"]) == 0
    assert "Generated by arazzogen" in app.read_text(encoding="utf-8")
