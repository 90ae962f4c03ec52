"""Property-based fuzzing: arbitrary text in every field of a document.

Hypothesis fills every string of a small, valid document (titles, descriptions, ids,
input and output names, parameter names and values, payload keys and values, action
names, server URL) with arbitrary Unicode, lone surrogates and control characters
included. For each example:

- the compiler answers with diagnostics, never an exception nor an internal error
  (AZ9xx);
- when it produces a module: the module parses; every document string that could not
  be an identifier appears only inside string constants (string tokens and comments),
  never in code; importing the module has no side effects (no output, no file, no
  socket, no subprocess).

``FUZZ_EXAMPLES`` (default 500, what CI runs) sets the number of examples; the run
takes about a minute on a loaded 2-core machine (about 0.1 s an example).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import tokenize
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arazzogen.api import compile_document

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))

#: any code point, lone surrogates and controls included
TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    max_size=24,
)
#: a value field: arbitrary, or shaped like the expressions and quoting it may hold
VALUE = st.one_of(
    TEXT,
    TEXT,
    TEXT.map(lambda t: "$inputs." + t),
    TEXT.map(lambda t: "{$inputs.name}" + t),
    TEXT.map(lambda t: t + "'\"\"\"\\"),
    st.sampled_from(["__import__('os').system('x')", '"""', "\\", "\x00", "\ud800", "\u202e"]),
)
#: a regex criterion: arbitrary (often invalid) or an escaped literal
PATTERN = st.one_of(TEXT, TEXT.map(re.escape))
#: which of the 25 fields hold values (the others are names and prose)
VALUE_FIELDS = frozenset({12, 13, 14, 15, 17, 18})


def _fields() -> st.SearchStrategy[list[str]]:
    parts = [
        VALUE if i in VALUE_FIELDS else PATTERN if i == 20 else TEXT for i in range(25)
    ]
    return st.tuples(*parts).map(list)


OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://pets.example.test"}],
    "paths": {
        "/pets/{petId}": {
            "post": {
                "operationId": "createPet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {}},
                    {"name": "X-Note", "in": "header", "schema": {}},
                    {"name": "q", "in": "query", "schema": {}},
                    {"name": "c", "in": "cookie", "schema": {}},
                ],
                "requestBody": {"content": {"application/json": {"schema": {}}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def _document(f: list[str]) -> dict[str, Any]:
    return {
        "arazzo": "1.0.1",
        "info": {"title": f[0], "summary": f[1], "description": f[2], "version": f[3]},
        "sourceDescriptions": [{"name": "pets", "url": "api.json", "type": "openapi"}],
        "workflows": [
            {
                "workflowId": f[4],
                "summary": f[5],
                "description": f[6],
                "inputs": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": f[7]},
                        f[8]: {"type": "string", "description": f[9]},
                    },
                },
                "steps": [
                    {
                        "stepId": f[10],
                        "description": f[11],
                        "operationId": "createPet",
                        "parameters": [
                            {"name": "petId", "in": "path", "value": f[12]},
                            {"name": "X-Note", "in": "header", "value": f[13]},
                            {"name": "q", "in": "query", "value": f[14]},
                            {"name": "c", "in": "cookie", "value": f[15]},
                        ],
                        "requestBody": {
                            "contentType": "application/json",
                            "payload": {f[16]: f[17], "n": [f[18], {f[19]: "$inputs.name"}]},
                        },
                        "successCriteria": [
                            {"condition": "$statusCode == 200"},
                            {"context": "$response.body", "type": "regex", "condition": f[20]},
                        ],
                        "outputs": {f[21]: "$response.body#/id", "s": "$statusCode"},
                        "onSuccess": [{"name": f[22], "type": "end"}],
                        "onFailure": [{"name": f[23], "type": "end"}],
                    }
                ],
                "outputs": {f[24]: "$inputs.name"},
            }
        ],
    }


#: characters a code token of a generated module never holds (only string literals and
#: comments can): a document string with one of them found among the code tokens would
#: be text that became code
_NEVER_IN_CODE = re.compile(r"[^\x00-\x7f]|[$?`'\"\\;]")


def _code_text(source: str) -> str:
    """The module's code without string literals and comments."""
    kept: list[str] = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    string_parts = {tokenize.STRING, tokenize.COMMENT}
    string_parts |= {getattr(tokenize, n) for n in ("FSTRING_MIDDLE",) if hasattr(tokenize, n)}
    for token in tokens:
        if token.type not in string_parts:
            kept.append(token.string)
    return " ".join(kept)


class _Forbidden(Exception):
    pass


def _import_without_side_effects(source: str, folder: Path) -> None:
    """Run the module's top level with the doors to the outside world closed."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise _Forbidden("side effect at import")

    module = types.ModuleType("fuzzed_flow")
    module.__file__ = str(folder / "fuzzed_flow.py")
    before = set(os.listdir(folder))
    out = io.StringIO()
    patches = [
        (socket, "socket", refuse),
        (socket, "create_connection", refuse),
        (subprocess, "Popen", refuse),
        (os, "system", refuse),
    ]
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        for obj, name, value in patches:
            setattr(obj, name, value)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            exec(compile(source, module.__file__, "exec"), module.__dict__)
    finally:
        for obj, name, value in saved:
            setattr(obj, name, value)
        del sys.modules[module.__name__]
    assert out.getvalue() == ""
    assert set(os.listdir(folder)) == before
    assert callable(getattr(module, module.__all__[-1], None)) or module.__all__


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz")
    (path / "api.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    return path


@settings(
    max_examples=EXAMPLES,
    deadline=None,  # black's first call is slow; the whole run is bounded by the count
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # the same examples on every run: a failure is reproducible
    database=None,
)
@given(fields=_fields())
def test_arbitrary_text_in_every_field(fields: list[str], folder: Path) -> None:
    doc = folder / "flow.arazzo.json"
    # JSON with \uXXXX escapes carries lone surrogates, which YAML could not
    doc.write_text(json.dumps(_document(fields), ensure_ascii=True), encoding="utf-8")
    outcome = compile_document(doc, output=folder / "fuzzed_flow.py")
    internal = [d for d in outcome.diagnostics if d.code.startswith("AZ9")]
    assert not internal, internal
    if outcome.module is None:
        assert not outcome.ok
        return
    source = outcome.module
    source.encode("utf-8")  # valid UTF-8, no lone surrogate in the source
    code = _code_text(source)  # tokenizes, so the module is valid Python...
    compile(source, "fuzzed_flow.py", "exec")  # ...and compiles
    for text in fields:
        if len(text) >= 3 and _NEVER_IN_CODE.search(text):
            assert text not in code, text
    _import_without_side_effects(source, folder)
