"""AZ348: a step output's body pointer through a member its response schema does not list
(``arazzogen/bind/output_pointers.py``): reported where the schema lists its members and
admits no others, silent wherever the schema cannot tell."""

from __future__ import annotations

from pathlib import Path

import pytest

from arazzogen.api import validate

FLOW = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: api.yaml, type: openapi}
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: get
        successCriteria: [{condition: $statusCode == STATUS}]
        outputs:
          value: $response.body#POINTER
"""

API = """\
openapi: 3.1.0
info: {title: api, version: '1'}
paths:
  /x:
    get:
      operationId: get
      responses:
        '200':
          description: ok
          content: {application/json: {schema: SCHEMA}}
        '404':
          description: gone
          content: {application/json: {schema: {type: object, properties: {error: {}}}}}
"""


def _az348(tmp_path: Path, schema: str, pointer: str, status: str = "200") -> list[str]:
    (tmp_path / "api.yaml").write_text(API.replace("SCHEMA", schema), encoding="utf-8")
    flow = FLOW.replace("POINTER", pointer).replace("STATUS", status)
    (tmp_path / "flow.arazzo.yaml").write_text(flow, encoding="utf-8")
    outcome = validate(tmp_path / "flow.arazzo.yaml", cwd=tmp_path)
    assert not [d for d in outcome.diagnostics if d.severity == "error"], outcome.diagnostics
    return [f"{d.message} | {d.hint}" for d in outcome.diagnostics if d.code == "AZ348"]


LISTED = "{type: object, properties: {name: {}, kind: {}}}"


def test_a_misspelt_member_is_named_with_the_closest(tmp_path: Path) -> None:
    [found] = _az348(tmp_path, LISTED, "/nmae")
    assert "lists no property `nmae` (it lists `name`, `kind`)" in found
    assert found.endswith("| did you mean `/name`?")


@pytest.mark.parametrize(
    "schema",
    [
        "{type: object, properties: {name: {}}, additionalProperties: false}",
        "{allOf: [{type: object, properties: {a: {}}}, {properties: {name: {}}}]}",
        "{type: object, properties: {inner: {type: object, properties: {name: {}}}}}",
        "{type: array, items: {type: object, properties: {name: {}}}}",
    ],
)
def test_schemas_that_list_their_members_warn(tmp_path: Path, schema: str) -> None:
    pointer = "/inner/nmae" if "inner" in schema else "/0/nmae" if "array" in schema else "/nmae"
    assert len(_az348(tmp_path, schema, pointer)) == 1


@pytest.mark.parametrize(
    "schema",
    [
        "{type: object, properties: {name: {}}, additionalProperties: {type: string}}",
        "{type: object, properties: {name: {}}, additionalProperties: true}",
        "{type: object, properties: {name: {}}, patternProperties: {'^x': {}}}",
        "{oneOf: [{type: object, properties: {name: {}}}, {type: object}]}",
        "{type: object, properties: {name: {}}, anyOf: [{required: [name]}]}",
        "{type: object}",
        "{$ref: 'missing.yaml#/Thing'}",
    ],
)
def test_schemas_that_cannot_tell_are_silent(tmp_path: Path, schema: str) -> None:
    assert _az348(tmp_path, schema, "/nmae") == []


def test_a_listed_member_and_the_status_the_step_requires(tmp_path: Path) -> None:
    assert _az348(tmp_path, LISTED, "/name") == []
    # the step succeeds on 404: its schema is the one that counts
    assert _az348(tmp_path, LISTED, "/error", status="404") == []
    [found] = _az348(tmp_path, LISTED, "/name", status="404")
    assert "response 404" in found and "(it lists `error`)" in found
