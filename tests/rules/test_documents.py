"""Whole documents: the Knock reference workflow, the official schema tests, the corpus.

These read ``../shared`` next to the repository and skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from arazzogen.check.rules import check_document
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import load_document

from .conftest import _validator, lint_file

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
KNOCK = SHARED / "seeds" / "knock" / "arazzo" / "knock-bulk-set-objects-notify.arazzo.yaml"
SCHEMA_TESTS = SHARED / "spec" / "schema-tests"
CORPUS = SHARED / "corpus"

# What the JSON Schema lets through although the spec forbids it, and the rule that
# rejects each file (the official "characterization" tests of Arazzo 1.1).
CHARACTERIZATION = {
    "characterization-async-invalid-channelPath-string.arazzo.yaml": ["AZ227"],
    "characterization-asyncapi-operationId-without-action.arazzo.yaml": ["AZ229"],
    "characterization-openapi-invalid-operationPath-string.arazzo.yaml": ["AZ227"],
    "characterization-openapi-operationId-with-action.arazzo.yaml": ["AZ228"],
    "characterization-openapi-receive-with-correlationId.arazzo.yaml": ["AZ228", "AZ228"],
    "characterization-workflow-step-with-requestBody.arazzo.yaml": ["AZ230"],
}


def _version(data: object) -> str:
    text = str(data.get("arazzo", "")) if isinstance(data, dict) else ""
    return "1.1" if text.startswith("1.1") else "1.0"


def test_knock_reference_workflow() -> None:
    if not KNOCK.is_file():
        pytest.skip("../shared/seeds is not available")
    result = lint_file(KNOCK, "1.0")
    found = [
        (d.code, d.location.line if d.location else 0)
        for d in result.diagnostics
        if d.severity.value != "note"
    ]
    # the braceless `Bearer $inputs.apiKey` (three steps), the two comparisons outside
    # a JSONPath filter; nothing else
    assert found == [
        ("AZ502", 68),
        ("AZ502", 88),
        ("AZ501", 102),
        ("AZ501", 109),
        ("AZ502", 119),
    ]
    assert all(d.severity.value == "warning" for d in result.diagnostics if d.code[2] == "5")


@pytest.mark.parametrize("name", sorted(CHARACTERIZATION))
def test_characterization_files_are_rejected(name: str) -> None:
    path = SCHEMA_TESTS / "1.1" / "pass" / name
    if not path.is_file():
        pytest.skip("../shared/spec is not available")
    result = lint_file(path, "1.1")  # passes the JSON Schema (checked by lint_file) ...
    errors = [d.code for d in result.diagnostics if d.severity.value == "error"]
    assert errors == CHARACTERIZATION[name]  # ... and the rules reject it


def _schema_fail_files() -> list[Path]:
    return sorted(SCHEMA_TESTS.glob("*/fail/*.yaml")) if SCHEMA_TESTS.is_dir() else []


def _short(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


@pytest.mark.parametrize("path", _schema_fail_files(), ids=_short)
def test_schema_fail_files_are_rejected_by_schema_or_rules(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return  # not an object: the schema rejects it at the root
    version = path.parent.parent.name
    if list(_validator(version).iter_errors(data)):
        return
    result = lint_file(path, version, schema_valid=False)
    assert any(d.severity.value == "error" for d in result.diagnostics)


def _corpus_documents() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
    )


def test_rules_never_crash_on_the_corpus() -> None:
    documents = _corpus_documents()
    if not documents:
        pytest.skip("../shared/corpus is not available")
    checked = 0
    for path in documents:
        head = path.read_bytes()[:4096]
        if b"arazzo" not in head:
            continue  # an OpenAPI description or another file: skip the (slow) load
        reporter = Reporter()
        doc = load_document(path, reporter)
        if doc is None or not isinstance(doc.data, dict) or "arazzo" not in doc.data:
            continue
        check_document(doc, reporter, version=_version(doc.data))
        checked += 1
        for diagnostic in reporter.diagnostics:
            assert diagnostic.location is not None, diagnostic
            assert diagnostic.location.line >= 1 and diagnostic.location.column >= 1
            assert diagnostic.hint
    assert checked > 0


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_odd_shapes_do_not_crash(tmp_path: Path, version: str) -> None:
    # the rules run after the schema, but must not crash on anything
    path = tmp_path / "odd.yaml"
    path.write_text(
        "arazzo: 1\nsourceDescriptions: [1, {name: 2}, {name: a, type: 3}]\n"
        "components: {parameters: [], successActions: {x: 1}, inputs: {y: {$ref: 3}}}\n"
        "workflows:\n"
        "  - 1\n"
        "  - {workflowId: 2, steps: {a: 1}, outputs: [], dependsOn: [1, {}]}\n"
        "  - workflowId: w\n"
        "    inputs: {$ref: '#/nowhere', allOf: 1}\n"
        "    successActions: [1, {reference: 2}, {type: goto, stepId: 3}]\n"
        "    parameters: [{reference: $components.parameters.x}, {name: 1, in: []}]\n"
        "    steps:\n"
        "      - 1\n"
        "      - {stepId: s, parameters: 1, requestBody: {payload: {$x: [1, '{$bad'], 2: 3}}}\n"
        "      - stepId: t\n"
        "        successCriteria: [1, {condition: 3}, {condition: x, type: {}}]\n"
        "        onSuccess: [{name: n, type: goto, stepId: s, criteria: 1}]\n"
        "        outputs: {a: 1, b: {context: 2}}\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    doc = load_document(path, reporter)
    assert doc is not None
    check_document(doc, reporter, version=version)
    assert reporter.has_errors


def test_unknown_version_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("arazzo: 1.0.1\n", encoding="utf-8")
    reporter = Reporter()
    doc = load_document(path, reporter)
    assert doc is not None
    with pytest.raises(ValueError, match=r"'1\.0' or '1\.1'"):
        check_document(doc, reporter, version="2.0")


_BASE = {
    "arazzo": "1.1.0",
    "info": {"title": "t", "version": "1"},
    "sourceDescriptions": [{"name": "api", "url": "./api.yaml", "type": "openapi"}],
}


@pytest.mark.parametrize(
    "step",
    [
        {"stepId": "s", "operationId": "a", "workflowId": "w"},  # two targets
        {"stepId": "s"},  # no target
        {"stepId": "s", "operationId": "a", "onSuccess": [{"name": "n", "type": "goto"}]},
        {"stepId": "s", "operationId": "a", "onSuccess": [{"type": "end"}]},  # no name
        {
            "stepId": "s",
            "operationId": "a",
            "successCriteria": [{"condition": "x", "type": "regex"}],
        },
        {
            "stepId": "s",
            "operationId": "a",
            "successCriteria": [{"condition": "$statusCode == 200"}] * 2,
        },
    ],
    ids=["two-targets", "no-target", "goto-without-target", "nameless-action",
         "type-without-context", "repeated-criterion"],
)
@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_left_to_the_schema(step: dict[str, object], version: str) -> None:
    # the rules have no code for these because the JSON Schema already rejects them
    document = dict(_BASE, arazzo=f"{version}.0", workflows=[{"workflowId": "w", "steps": [step]}])
    assert list(_validator(version).iter_errors(document))
