"""Workflow outputs typed from the OpenAPI response schemas (issue 8, item 1).

The conformance case types/outputs-typed-from-response-schema runs the schema forms
(sync and async) and the ResponseTypeError of a value of another type; here: the Knock
result's annotations, and the flow rules (``T | None`` when a path skips the step,
``object`` when a failure action carries on with a failed response's outputs).
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Literal

from conftest import import_source

from arazzogen.api import compile_document

OPENAPI = """\
openapi: 3.1.0
info: {title: api, version: 1.0.0}
servers: [{url: https://api.example.com}]
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [v, kind]
                properties:
                  v: {type: string}
                  kind: {type: [string, 'null'], enum: [x, y, null]}
"""

FLOW = """\
arazzo: 1.0.1
info: {title: flow, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: api.openapi.yaml, type: openapi}
workflows:
  - workflowId: branches
    steps:
      - stepId: first
        operationId: a
        successCriteria: [{condition: $statusCode == 200}]
        outputs: {v: $response.body#/v, kind: $response.body#/kind}
        onSuccess:
          - name: skip
            type: goto
            stepId: third
            criteria: [{condition: $response.body#/v == 'skip'}]
      - stepId: second
        operationId: a
        successCriteria: [{condition: $statusCode == 200}]
        outputs: {v: $response.body#/v}
      - stepId: third
        operationId: a
        successCriteria: [{condition: $statusCode == 200}]
        outputs: {v: $response.body#/v}
    outputs:
      first: $steps.first.outputs.v
      kind: $steps.first.outputs.kind
      second: $steps.second.outputs.v
      third: $steps.third.outputs.v
  - workflowId: keepsFailure
    steps:
      - stepId: first
        operationId: a
        successCriteria: [{condition: $statusCode == 200}]
        outputs: {v: $response.body#/v}
        onFailure:
          - {name: onward, type: goto, stepId: second}
      - stepId: second
        operationId: a
        successCriteria: [{condition: $statusCode == 200}]
        outputs: {v: $response.body#/v}
    outputs:
      first: $steps.first.outputs.v
      second: $steps.second.outputs.v
"""


def test_knock_result_is_typed_from_the_openapi(knock_source: str, tmp_path: Path) -> None:
    module = import_source("knock_typed", knock_source, tmp_path)
    hints = typing.get_type_hints(module.BulkSetObjectsNotifyResult)
    assert hints == {
        "bulk_operation_id": str,
        "bulk_status": Literal["queued", "processing", "completed", "failed"],
        "workflow_run_id": str,
    }


def _compile(tmp_path: Path) -> str:
    (tmp_path / "api.openapi.yaml").write_text(OPENAPI, encoding="utf-8")
    (tmp_path / "flow.arazzo.yaml").write_text(FLOW, encoding="utf-8")
    outcome = compile_document(tmp_path / "flow.arazzo.yaml", cwd=tmp_path)
    assert outcome.module is not None, outcome.diagnostics
    return outcome.module


def test_an_output_is_optional_only_when_some_path_skips_its_step(tmp_path: Path) -> None:
    module = import_source("flow_typed", _compile(tmp_path), tmp_path)
    hints = typing.get_type_hints(module.BranchesResult)
    # `first` and `third` run on every path that returns; `second` is skipped by `skip`
    assert hints == {
        "first": str,
        "kind": Literal["x", "y"] | None,
        "second": str | None,
        "third": str,
    }


def test_failure_outputs_kept_by_a_failure_action_are_object_with_the_reason(
    tmp_path: Path,
) -> None:
    source = _compile(tmp_path)
    module = import_source("flow_failure", source, tmp_path)
    hints = typing.get_type_hints(module.KeepsFailureResult)
    assert hints == {"first": object, "second": str}
    assert (
        "Typed ``object``: a failure action of step `first`\n    goes on with the outputs "
        "of a failed response." in source
    )


CALLS = """\
arazzo: 1.0.1
info: {title: calls, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: api.openapi.yaml, type: openapi}
workflows:
  - workflowId: inner
    steps:
      - stepId: get
        operationId: a
        successCriteria: [{condition: $statusCode == 200}]
        outputs: {v: $response.body#/v, kind: $response.body#/kind}
    outputs:
      v: $steps.get.outputs.v
      kind: $steps.get.outputs.kind
  - workflowId: outer
    steps:
      - stepId: run
        workflowId: inner
    outputs:
      v: $steps.run.outputs.v
      kind: $steps.run.outputs.kind
"""


def test_a_step_that_runs_a_workflow_has_its_output_types(tmp_path: Path) -> None:
    (tmp_path / "api.openapi.yaml").write_text(OPENAPI, encoding="utf-8")
    (tmp_path / "calls.arazzo.yaml").write_text(CALLS, encoding="utf-8")
    outcome = compile_document(tmp_path / "calls.arazzo.yaml", cwd=tmp_path)
    assert outcome.module is not None, outcome.diagnostics
    module = import_source("calls_typed", outcome.module, tmp_path)
    expected = {"v": str, "kind": Literal["x", "y"] | None}
    assert typing.get_type_hints(module.InnerResult) == expected
    assert typing.get_type_hints(module.OuterResult) == expected


def test_an_unresolved_ref_in_a_response_schema_is_a_warning_and_the_reason(
    tmp_path: Path,
) -> None:
    # before: ignored without a word, and the field's docstring said "response 200 has
    # no JSON schema"
    broken = OPENAPI.replace(
        "              schema:\n                type: object",
        "              schema:\n                $ref: 'missing.yaml#/Thing'\n"
        "                type: object",
    )
    assert broken != OPENAPI
    (tmp_path / "api.openapi.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "flow.arazzo.yaml").write_text(FLOW, encoding="utf-8")
    outcome = compile_document(tmp_path / "flow.arazzo.yaml", cwd=tmp_path)
    assert outcome.module is not None
    found = [d for d in outcome.diagnostics if d.code == "AZ315"]
    assert len(found) == 1, outcome.diagnostics
    assert "missing.yaml" in found[0].message and "api.openapi.yaml:" in found[0].message
    where = found[0].location
    assert where is not None and (where.pointer, where.line) == ("/workflows/0/outputs", 26)
    text = " ".join(outcome.module.split())  # docstrings are wrapped
    assert "Typed ``object``: a `$ref` in response 200 cannot be resolved." in text
    assert "has no JSON schema" not in text
