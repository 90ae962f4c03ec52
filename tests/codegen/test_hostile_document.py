"""Hostile text in every corner of a document never becomes code.

The document below puts quotes, triple quotes, backslashes, newlines, braces and
`__import__('os').system(...)` into titles, descriptions, ids, names, parameter names
and values, payload keys, output names, action names, regexes and server URLs. The
generated module must parse, import without side effects, call nothing it should not,
and still pass mypy --strict and ruff.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import import_source

from arazzogen.api import compile_document

CANARY = "PWNED_CANARY"
EVIL = f"x'\"\"\"\\n{{}}\\\\ __import__('os').system('touch {CANARY}') #"


def _write(tmp_path: Path) -> Path:
    openapi = {
        "openapi": "3.1.0",
        "info": {"title": EVIL, "version": "1"},
        "servers": [{"url": "https://example.test/base'\"path"}],
        "paths": {
            "/items/{item'id}": {
                "post": {
                    "operationId": "createItem",
                    "parameters": [
                        {
                            "name": "item'id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": 'X-Evil"Header', "in": "header", "schema": {"type": "string"}},
                        {"name": "q'\"", "in": "query", "schema": {"type": "string"}},
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    arazzo = {
        "arazzo": "1.0.1",
        "info": {"title": EVIL, "summary": EVIL, "description": EVIL, "version": "1"},
        "sourceDescriptions": [{"name": "import", "url": "openapi.json", "type": "openapi"}],
        "workflows": [
            {
                "workflowId": "class",
                "summary": EVIL,
                "description": EVIL + '"""',
                "inputs": {
                    "type": "object",
                    "required": ["import"],
                    "properties": {
                        "import": {"type": "string", "description": EVIL},
                        "def'\"": {"type": "string", "description": EVIL},
                        "print": {"type": "integer"},
                    },
                },
                "steps": [
                    {
                        "stepId": "return",
                        "description": EVIL,
                        "operationId": "createItem",
                        "parameters": [
                            {"name": "item'id", "in": "path", "value": "$inputs.import"},
                            {"name": 'X-Evil"Header', "in": "header", "value": EVIL},
                            {"name": "q'\"", "in": "query", "value": "{$inputs.print} " + EVIL},
                        ],
                        "requestBody": {
                            "contentType": "application/json",
                            "payload": {EVIL: [EVIL, {"k": "$inputs.import"}], "n": 1.5},
                        },
                        "successCriteria": [
                            {
                                "condition": "$statusCode == 200 && $response.body#/a == "
                                + repr(EVIL.replace("'", ""))
                            },
                            {
                                "context": "$response.body",
                                "condition": "^x'\"\\\\",
                                "type": "regex",
                            },
                        ],
                        "outputs": {"for": "$response.body#/a~1b", EVIL[:10]: "$statusCode"},
                        "onSuccess": [
                            {
                                "name": EVIL,
                                "type": "end",
                                "criteria": [{"condition": "$statusCode == 200"}],
                            },
                        ],
                    }
                ],
                "outputs": {"lambda": "$steps.return.outputs.for"},
            }
        ],
    }
    (tmp_path / "openapi.json").write_text(json.dumps(openapi), encoding="utf-8")
    doc = tmp_path / "evil.arazzo.json"
    doc.write_text(json.dumps(arazzo), encoding="utf-8")
    return doc


FORBIDDEN = ("__import__", "system", "touch", "PWNED", "eval", "exec")


def _identifiers(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.arg) or (isinstance(node, ast.keyword) and node.arg is not None):
            names.append(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
    return names


@pytest.fixture(scope="module")
def evil_module(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    tmp_path = tmp_path_factory.mktemp("evil")
    outcome = compile_document(_write(tmp_path), output=tmp_path / "evil_flow.py")
    errors = [d for d in outcome.diagnostics if d.severity.value == "error"]
    assert outcome.module is not None, errors
    return outcome.module, tmp_path


def test_hostile_text_stays_in_literals(evil_module: tuple[str, Path]) -> None:
    source, _ = evil_module
    tree = ast.parse(source)
    for name in _identifiers(tree):
        assert name.isidentifier() and name.isascii(), name
        assert not any(bad in name for bad in FORBIDDEN), name
    calls = [ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert not [c for c in calls if any(bad in c for bad in FORBIDDEN)]
    # the hostile text is there, but only as string constants (literals and docstrings)
    constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert sum(isinstance(c, str) and "__import__('os')" in c for c in constants) >= 5
    # the sanitized names the document asked for
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert "class_" in functions and "_return" in functions
    base_urls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "BaseUrls")
    fields = [
        n.target.id
        for n in base_urls.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    assert fields == ["import_"]  # a source named like a keyword


def test_hostile_module_imports_without_side_effects(
    evil_module: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, _ = evil_module
    monkeypatch.chdir(tmp_path)
    module = import_source("evil_flow_module", source, tmp_path)
    assert not (tmp_path / CANARY).exists()
    assert callable(module.class_)


def test_hostile_module_type_checks_and_lints(evil_module: tuple[str, Path]) -> None:
    source, directory = evil_module
    path = directory / "evil_flow.py"
    path.write_text(source, encoding="utf-8")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout
    ruff = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--line-length",
            "100",
            "--select",
            "E,F,W,I,B,UP,SIM,RUF",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout


def test_lone_surrogates_in_class_docstrings_import(tmp_path: Path) -> None:
    # CPython cannot create a class whose docstring holds a lone surrogate (the class
    # statement raises UnicodeEncodeError): the result class's docstring names the
    # workflow id, a TypedDict's the schema's description
    openapi = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://example.test"}],
        "paths": {
            "/x": {
                "get": {
                    "operationId": "get",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "description": "thing \udc00",
                                        "properties": {"id": {"type": "string"}},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    flow = {
        "arazzo": "1.0.1",
        "info": {"title": "t \ud800", "version": "1", "description": "d \udfff"},
        "sourceDescriptions": [{"name": "api", "url": "api.json", "type": "openapi"}],
        "workflows": [
            {
                "workflowId": "w\udc00",
                "description": "x \udc00 y",
                "steps": [
                    {
                        "stepId": "s\ud800",
                        "operationId": "get",
                        "outputs": {"thing": "$response.body"},
                    }
                ],
                "outputs": {"thing": "$steps.s\ud800.outputs.thing"},
            }
        ],
    }
    (tmp_path / "api.json").write_text(json.dumps(openapi), encoding="utf-8")
    (tmp_path / "flow.arazzo.json").write_text(json.dumps(flow), encoding="utf-8")
    outcome = compile_document(tmp_path / "flow.arazzo.json", cwd=tmp_path)
    assert outcome.module is not None, outcome.diagnostics
    outcome.module.encode("utf-8")  # the source holds no surrogate
    module = import_source("surrogate_docstrings", outcome.module, tmp_path)
    result_class = next(v for k, v in vars(module).items() if k.endswith("Result"))
    assert result_class.__doc__ == "Outputs of workflow ``w\\udc00``."
