"""The async twin: one per workflow, sharing every pure function with the sync one.

Behaviour (loops, errors, waits, requests) is tested with both flavors in
tests/test_knock_behaviour.py, tests/test_features.py and the conformance suite; this
file checks the shape of the module and the names.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from arazzogen.api import compile_document

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://api.example.test"}],
    "paths": {
        "/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "ok"}}}}
    },
}


def _compile(tmp_path: Path, *workflow_ids: str) -> tuple[str | None, list[str]]:
    arazzo = {
        "arazzo": "1.0.1",
        "info": {"title": "t", "version": "1"},
        "sourceDescriptions": [{"name": "api", "url": "openapi.json", "type": "openapi"}],
        "workflows": [
            {"workflowId": wid, "steps": [{"stepId": "ping", "operationId": "ping"}]}
            for wid in workflow_ids
        ],
    }
    (tmp_path / "openapi.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    doc = tmp_path / "flow.arazzo.json"
    doc.write_text(json.dumps(arazzo, indent=1), encoding="utf-8")
    outcome = compile_document(doc, cwd=tmp_path)
    return outcome.module, [d.code for d in outcome.diagnostics if d.severity.value != "note"]


def test_every_workflow_has_an_async_twin_and_steps_are_written_once(tmp_path: Path) -> None:
    source, codes = _compile(tmp_path, "first", "second")
    assert source is not None and codes == []
    tree = ast.parse(source)
    sync = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    coroutines = {n.name for n in tree.body if isinstance(n, ast.AsyncFunctionDef)}
    # the coroutines: the twins, and the I/O helpers that send a request and read its
    # response (under the deadline)
    assert coroutines == {"first_async", "second_async", "_send_async", "_receive_async"}
    assert {"first", "second"} <= sync
    # the step functions are pure and shared: one request builder, one response judge
    assert {"_ping_request", "_ping", "_ping_request_2", "_ping_2"} <= sync
    assert not any(name.endswith("_async") for name in sync)
    exported = next(
        n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "__all__"
    )
    assert isinstance(exported, ast.List)
    names = {e.value for e in exported.elts if isinstance(e, ast.Constant)}
    assert {"first", "first_async", "second", "second_async"} <= names


def test_the_twin_awaits_only_io(tmp_path: Path) -> None:
    source, _ = _compile(tmp_path, "only")
    assert source is not None
    tree = ast.parse(source)
    twin = next(n for n in tree.body if isinstance(n, ast.AsyncFunctionDef))
    awaited = sorted(
        ast.unparse(node.value.func)
        for node in ast.walk(twin)
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call)
    )
    assert awaited == ["_send_async", "http.aclose"]


def test_a_workflow_named_like_another_ones_twin_is_an_error(tmp_path: Path) -> None:
    source, codes = _compile(tmp_path, "run", "runAsync")
    assert source is None
    assert codes == ["AZ270"]
