"""The Arazzo project's own schema tests (``shared/spec/schema-tests/{1.0,1.1}/{pass,fail}``).

Every ``pass`` document loads and validates without an error; every ``fail`` document
gets at least one error from loading or schema validation, unless it is listed in
``SEMANTIC_ONLY`` with the semantic rule that rejects it instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from arazzogen.check.schema.validate import validate_schema
from arazzogen.diagnostics import Reporter, Severity
from arazzogen.load.document import load_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCHEMA_TESTS = SHARED / "spec" / "schema-tests"

#: fail documents the schema accepts, by "<version>/<file name>", with the rule that
#: rejects them. Every fail document is currently rejected by the schema itself.
SEMANTIC_ONLY: dict[str, str] = {}

#: the codes each known fail document gets (reviewed by hand: the intended problem,
#: reported once, from the alternative the document meant)
EXPECTED: dict[str, tuple[str, ...]] = {
    "1.0/invalid-arazzo-version.yaml": ("AZ100",),
    "1.0/not-an-object.yaml": ("AZ007",),
    "1.1/async-both-operationId-and-channelPath.arazzo.yaml": ("AZ106",),
    "1.1/async-channelPath-without-action.arazzo.yaml": ("AZ101",),
    "1.1/async-depends-on-duplicate-values.arazzo.yaml": ("AZ104",),
    "1.1/async-depends-on-empty.arazzo.yaml": ("AZ104",),
    "1.1/async-depends-on-invalid-reference.arazzo.yaml": ("AZ105",),
    "1.1/channel-path-is-invalid-for-openapi.arazzo.yaml": ("AZ101",),
    "1.1/invalid-arazzo-version.yaml": ("AZ100",),
    "1.1/invalid-async-correlation-id-non-receive-action.arazzo.yaml": ("AZ104",),
    "1.1/invalid-async-parameter-without-in.arazzo.yaml": ("AZ101",),
    "1.1/invalid-async.arazzo.yaml": ("AZ104",),
    "1.1/invalid-expression-type-object.arazzo.yaml": ("AZ101", "AZ102", "AZ104"),
    "1.1/invalid-openapi-parameter-without-in.arazzo.yaml": ("AZ101",),
    "1.1/invalid-openapi-success-criteria.arazzo.yaml": ("AZ104",),
    "1.1/invalid-querystring-without-value.arazzo.yaml": ("AZ101",),
    "1.1/invalid-selector-object.arazzo.yaml": ("AZ101", "AZ101", "AZ102"),
    "1.1/invalid-self-fragment.arazzo.yaml": ("AZ104",),
    "1.1/invalid-targetSelectorType.arazzo.yaml": ("AZ104",),
    "1.1/invalid-workflow-step-with-operationId.arazzo.yaml": ("AZ106",),
    "1.1/invalid-workflow-success-criteria.arazzo.yaml": ("AZ104",),
    "1.1/not-an-object.yaml": ("AZ007",),
    "1.1/openapi-both-operationId-and-operationPath.arazzo.yaml": ("AZ106",),
    "1.1/openapi-duplicate-parameters.arazzo.yaml": ("AZ104",),
    "1.1/openapi-missing-operation-target.arazzo.yaml": ("AZ105",),
    "1.1/workflow-duplicate-parameters.arazzo.yaml": ("AZ104",),
    "1.1/workflow-missing-workflowId.arazzo.yaml": ("AZ105",),
    "1.1/workflow-step-with-action.arazzo.yaml": ("AZ102",),
    "1.1/workflow-step-with-channelPath.arazzo.yaml": ("AZ102",),
}


def _files(kind: str) -> list[Path]:
    if not SCHEMA_TESTS.is_dir():
        return []
    return sorted(SCHEMA_TESTS.glob(f"*/{kind}/*.yaml"))


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def _errors(path: Path) -> list[str]:
    reporter = Reporter()
    doc = load_document(path, reporter, display=path.name)
    if doc is not None:
        validate_schema(doc, reporter)
    return [f"{d.code} {d.message}" for d in reporter.diagnostics if d.severity is Severity.ERROR]


requires_tests = pytest.mark.skipif(not SCHEMA_TESTS.is_dir(),
                                    reason="shared/spec/schema-tests is not available")


@requires_tests
def test_the_suite_is_there() -> None:
    assert len(_files("pass")) >= 3 and len(_files("fail")) >= 2


@requires_tests
@pytest.mark.parametrize("path", _files("pass"), ids=_id)
def test_pass_documents_have_no_errors(path: Path) -> None:
    assert _errors(path) == []


@requires_tests
@pytest.mark.parametrize("path", _files("fail"), ids=_id)
def test_fail_documents_are_rejected(path: Path) -> None:
    errors = _errors(path)
    if _id(path) in SEMANTIC_ONLY:
        assert errors == [], "the schema now rejects it: remove it from SEMANTIC_ONLY"
    else:
        assert errors, "accepted by the schema: list it in SEMANTIC_ONLY with its rule"
    if _id(path) in EXPECTED:
        assert tuple(sorted(e.split()[0] for e in errors)) == EXPECTED[_id(path)], errors


@requires_tests
def test_semantic_only_entries_exist() -> None:
    names = {_id(p) for p in _files("fail")}
    assert set(SEMANTIC_ONLY) <= names
