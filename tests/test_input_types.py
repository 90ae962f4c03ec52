"""Workflow inputs typed from their JSON Schema (issue 8, item 2).

The conformance case types/inputs-typed-from-json-schema runs the module (sync and
async) with nested inputs; here: the annotations the caller sees, on a real import.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from conformance.runner import CASES, compile_case, load_case
from conftest import import_source


def test_inputs_are_typeddicts_literals_sequences_and_mappings(tmp_path: Path) -> None:
    case = load_case(CASES / "types" / "inputs-typed-from-json-schema.yaml")
    outcome = compile_case(case, tmp_path)
    assert outcome.module is not None
    module = import_source("typed_inputs", outcome.module, tmp_path)
    hints = typing.get_type_hints(module.order)
    assert hints["customer"] is module.Customer
    assert hints["lines"] == Sequence[module.LinesItem]
    assert hints["mode"] == Literal["fast", "cheap"]
    assert hints["when"] == str | None  # format: date-time stays str
    assert hints["meta"] == Mapping[str, object] | None
    assert hints["priority"] is int
    # required members are keys of the TypedDict proper, optional ones of its
    # total=False subclass (Python 3.10 has no NotRequired)
    assert module.Customer.__required_keys__ == {"id"}
    assert module.Customer.__optional_keys__ == {"tags"}
    assert typing.get_type_hints(module.Customer) == {"id": str, "tags": Sequence[str]}
    assert module.LinesItem.__required_keys__ == {"sku"}
    assert "Default: ``3``." in outcome.module


def test_an_input_object_that_allows_other_members_is_a_mapping(tmp_path: Path) -> None:
    chakra = Path(__file__).resolve().parents[1] / "generated_examples" / "chakra"
    source = (chakra / "chakra_bulk_update_processes.py").read_text(encoding="utf-8")
    module = import_source("chakra_inputs", source, tmp_path)
    hints = typing.get_type_hints(module.bulk_update_processes)
    # `additionalProperties: true` (the procedure's primary key under its own name): a
    # TypedDict would reject those keys
    assert hints["processes"] == Sequence[Mapping[str, object]]


DEFAULTS = """\
arazzo: 1.0.1
info: {title: defaults, version: 1.0.0}
sourceDescriptions:
  - {name: api, url: api.openapi.yaml, type: openapi}
workflows:
  - workflowId: send
    inputs:
      type: object
      properties:
        target:
          type: object
          required: [id]
          properties:
            id: {type: string}
            tags: {type: array, items: {type: string}}
          default: DEFAULT
    steps:
      - stepId: call
        operationId: create
        requestBody:
          contentType: application/json
          payload: {target: $inputs.target}
"""

API = """\
openapi: 3.1.0
info: {title: api, version: 1.0.0}
servers: [{url: https://api.example.com}]
paths:
  /things:
    post:
      operationId: create
      responses: {'200': {description: ok}}
"""


def test_an_object_default_must_be_a_value_of_its_typeddict(tmp_path: Path) -> None:
    from arazzogen.api import compile_document

    (tmp_path / "api.openapi.yaml").write_text(API, encoding="utf-8")
    outcomes = {}
    for name, default in {
        "fits": '{id: a1, tags: [x]}',
        "missing": "{tags: [x]}",
        "extra": "{id: a1, other: 1}",
        "wrong": "{id: 7}",
    }.items():
        document = tmp_path / f"{name}.arazzo.yaml"
        document.write_text(DEFAULTS.replace("DEFAULT", default), encoding="utf-8")
        outcomes[name] = compile_document(document, cwd=tmp_path)
    assert outcomes["fits"].module is not None
    assert "target = {\"id\": \"a1\", \"tags\": [\"x\"]}" in outcomes["fits"].module
    for name in ("missing", "extra", "wrong"):
        codes = {d.code for d in outcomes[name].diagnostics if d.severity.value == "error"}
        assert codes == {"AZ621"}, (name, outcomes[name].diagnostics)


def test_a_tuple_of_read_only_mappings_is_sent_as_a_json_array_of_objects(
    tmp_path: Path,
) -> None:
    # `Sequence[Mapping[str, object]]` admits a tuple of MappingProxyTypes; json.dumps
    # would refuse the mapping proxies and parameter styles would not see an array:
    # the function turns the inputs into lists and dicts before using them
    import json
    from types import MappingProxyType

    import httpx

    knock = Path(__file__).resolve().parents[1] / "generated_examples" / "knock"
    source = (knock / "knock_bulk_set_objects_notify.py").read_text(encoding="utf-8")
    module = import_source("knock_plain_inputs", source, tmp_path)
    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            bodies.append(json.loads(request.content))
        if request.url.path.endswith("/bulk/set"):
            return httpx.Response(200, json={"id": "bo_1", "status": "queued"})
        if request.url.path.startswith("/v1/bulk_operations/"):
            return httpx.Response(200, json={"id": "bo_1", "status": "completed"})
        return httpx.Response(200, json={"workflow_run_id": "wr_1"})

    objects = (
        MappingProxyType({"id": "a", "tags": ("x", "y")}),
        MappingProxyType({"id": "b", "nested": MappingProxyType({"k": (1, 2)})}),
    )
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = module.bulk_set_objects_notify(
            api_key="sk_test",
            collection="projects",
            objects=objects,
            notify_object_id="a",
            workflow_key="wf",
            data=MappingProxyType({"list": ("z",)}),
            client=client,
            sleep=lambda _: None,
        )
    assert result.workflow_run_id == "wr_1"
    assert bodies[0] == {
        "objects": [{"id": "a", "tags": ["x", "y"]}, {"id": "b", "nested": {"k": [1, 2]}}]
    }
    assert bodies[1]["data"] == {"list": ["z"]}  # type: ignore[index]
