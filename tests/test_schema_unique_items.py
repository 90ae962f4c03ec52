"""``uniqueItems`` is checked in linear time, with JSON Schema's notion of equality."""

from __future__ import annotations

import json
from pathlib import Path

from arazzogen.check.schema.validate import _identity, validate_schema
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import load_document


def _validate(tmp_path: Path, doc: dict[str, object]) -> list[tuple[str, int, str]]:
    path = tmp_path / "doc.arazzo.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    reporter = Reporter()
    loaded = load_document(path, reporter)
    assert loaded is not None
    validate_schema(loaded, reporter)
    return [
        (d.code, d.location.line if d.location else 0, d.location.pointer if d.location else "")
        for d in reporter.diagnostics
    ]


def _doc(sources: list[object]) -> dict[str, object]:
    return {
        "arazzo": "1.0.1",
        "info": {"title": "t", "version": "1"},
        "sourceDescriptions": sources,
        "workflows": [{"workflowId": "w", "steps": [{"stepId": "s", "operationId": "o"}]}],
    }


def test_identical_items_are_reported(tmp_path: Path) -> None:
    source = {"name": "a", "url": "a.yaml", "type": "openapi"}
    found = _validate(tmp_path, _doc([source, dict(source)]))
    assert [code for code, _, _ in found] == ["AZ104"]
    assert found[0][2].startswith("/sourceDescriptions")


def test_different_items_pass(tmp_path: Path) -> None:
    sources = [{"name": f"a{i}", "url": "a.yaml", "type": "openapi"} for i in range(300)]
    assert _validate(tmp_path, _doc(sources)) == []


def test_identity_follows_json_schema_equality() -> None:
    assert _identity(1) == _identity(1.0)
    assert _identity(True) != _identity(1)
    assert _identity(None) != _identity(False)
    assert _identity({"a": [1, "x"]}) == _identity({"a": [1.0, "x"]})
    assert _identity({"a": 1, "b": 2}) == _identity({"b": 2, "a": 1})
    assert _identity([1, 2]) != _identity([2, 1])
    assert _identity("1") != _identity(1)
