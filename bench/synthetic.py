"""Synthetic inputs for the benchmarks: a large OpenAPI description and Arazzo documents.

Everything is generated deterministically (no randomness, no network), so two runs
measure the same bytes. The OpenAPI description is shaped like a large vendor
description (Stripe's): many resources, each with a schema of many documented
properties, CRUD paths with parameters, and ``$ref``\\ s between schemas.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

_WORDS = [
    "account",
    "balance",
    "charge",
    "customer",
    "dispute",
    "event",
    "file",
    "invoice",
    "payment",
    "payout",
    "plan",
    "price",
    "product",
    "quote",
    "refund",
    "review",
    "session",
    "setup",
    "source",
    "subscription",
    "tax",
    "token",
    "transfer",
    "webhook",
    "card",
    "bank",
    "mandate",
    "reader",
    "location",
    "terminal",
    "issuing",
    "treasury",
    "climate",
    "order",
]

_SENTENCE = (
    "The {a} of the {b}, as returned by the API when the {c} is {d}. Only present when "
    "the {b} has been {e}; see the documentation of {f} objects for the full lifecycle."
)


def _word(i: int) -> str:
    return _WORDS[i % len(_WORDS)]


def _schema(index: int, properties: int, resources: int) -> dict[str, object]:
    props: dict[str, object] = {}
    for p in range(properties):
        name = f"{_word(index + p)}_{_word(p * 7 + 3)}_{p}"
        description = _SENTENCE.format(
            a=_word(p),
            b=_word(index),
            c=_word(p + 5),
            d=_word(p * 3 + 1),
            e=_word(p + index + 2),
            f=_word(p * 11),
        )
        kind = p % 6
        prop: dict[str, object]
        if kind == 0:
            prop = {"type": "string", "maxLength": 5000, "description": description}
        elif kind == 1:
            prop = {"type": "integer", "format": "int64", "description": description}
        elif kind == 2:
            prop = {"type": "boolean", "nullable": True, "description": description}
        elif kind == 3:
            prop = {
                "type": "string",
                "enum": [_word(p + k) for k in range(4)],
                "description": description,
            }
        elif kind == 4:
            target = (index + p) % resources
            prop = {
                "anyOf": [
                    {"maxLength": 5000, "type": "string"},
                    {"$ref": f"#/components/schemas/resource_{target}"},
                ],
                "description": description,
                "x-expansionResources": {
                    "oneOf": [{"$ref": f"#/components/schemas/resource_{target}"}]
                },
            }
        else:
            prop = {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": description,
            }
        props[name] = prop
    return {
        "type": "object",
        "title": f"Resource{index}",
        "description": f"A {_word(index)} resource (number {index}) of the synthetic API.",
        "properties": {"id": {"type": "string"}, "object": {"type": "string"}, **props},
        "required": ["id", "object"],
        "x-resourceId": f"resource_{index}",
    }


def _operation(
    op_id: str, summary: str, ref: str, body: bool, params: list[dict[str, object]]
) -> dict[str, object]:
    operation: dict[str, object] = {
        "operationId": op_id,
        "summary": summary,
        "description": summary
        + " "
        + _SENTENCE.format(a="id", b="object", c="request", d="valid", e="created", f="related"),
        "parameters": params,
        "responses": {
            "200": {
                "description": "Successful response.",
                "content": {"application/json": {"schema": {"$ref": ref}}},
            },
            "default": {
                "description": "Error response.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/error"}}},
            },
        },
    }
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": ref}}},
        }
    return operation


def openapi(resources: int, properties: int = 40) -> dict[str, object]:
    """An OpenAPI 3.0 description with ``resources`` resources of ``properties`` fields."""
    paths: dict[str, object] = {}
    schemas: dict[str, object] = {
        "error": {"type": "object", "properties": {"message": {"type": "string"}}},
    }
    for i in range(resources):
        ref = f"#/components/schemas/resource_{i}"
        schemas[f"resource_{i}"] = _schema(i, properties, resources)
        query = [
            {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}},
            {
                "name": "expand",
                "in": "query",
                "required": False,
                "schema": {"type": "array", "items": {"type": "string"}},
            },
        ]
        ident = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
        paths[f"/v1/resource_{i}"] = {
            "get": _operation(f"listResource{i}", f"List resource {i}", ref, False, query),
            "post": _operation(f"createResource{i}", f"Create resource {i}", ref, True, []),
        }
        paths[f"/v1/resource_{i}/{{id}}"] = {
            "get": _operation(f"getResource{i}", f"Retrieve resource {i}", ref, False, ident),
            "delete": _operation(f"deleteResource{i}", f"Delete resource {i}", ref, False, ident),
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def openapi_of_size(target_bytes: int, *, as_json: bool) -> str:
    """The text of a synthetic OpenAPI description of about ``target_bytes``."""
    probe = _dump(openapi(10), as_json=as_json)
    resources = max(2, round(10 * target_bytes / len(probe)))
    return _dump(openapi(resources), as_json=as_json)


def _dump(data: object, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, indent=2) + "\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, width=100)


def arazzo(workflows: int, source_url: str, resources: int) -> dict[str, object]:
    """An Arazzo 1.0.1 document of ``workflows`` two-step workflows against the synthetic API."""
    flows: list[object] = []
    for w in range(workflows):
        r = w % resources
        flows.append(
            {
                "workflowId": f"create-and-fetch-{_word(w)}-{w}",
                "summary": f"Create resource {r}, then read it back.",
                "inputs": {
                    "type": "object",
                    "required": ["apiKey", "limit"],
                    "properties": {"apiKey": {"type": "string"}, "limit": {"type": "integer"}},
                },
                "steps": [
                    {
                        "stepId": "create",
                        "operationId": f"createResource{r}",
                        "parameters": [
                            {
                                "name": "Authorization",
                                "in": "header",
                                "value": "Bearer {$inputs.apiKey}",
                            }
                        ],
                        "requestBody": {
                            "contentType": "application/json",
                            "payload": {"object": "resource", "id": "new"},
                        },
                        "successCriteria": [{"condition": "$statusCode == 200"}],
                        "outputs": {"id": "$response.body#/id"},
                    },
                    {
                        "stepId": "fetch",
                        "operationId": f"getResource{r}",
                        "parameters": [
                            {
                                "name": "Authorization",
                                "in": "header",
                                "value": "Bearer {$inputs.apiKey}",
                            },
                            {"name": "id", "in": "path", "value": "$steps.create.outputs.id"},
                        ],
                        "successCriteria": [
                            {"condition": "$statusCode == 200"},
                            {
                                "context": "$response.body",
                                "condition": "$.object",
                                "type": "jsonpath",
                            },
                        ],
                        "outputs": {"object": "$response.body#/object"},
                    },
                ],
                "outputs": {
                    "id": "$steps.create.outputs.id",
                    "kind": "$steps.fetch.outputs.object",
                },
            }
        )
    return {
        "arazzo": "1.0.1",
        "info": {"title": f"Synthetic flows ({workflows})", "version": "1.0.0"},
        "sourceDescriptions": [{"name": "api", "url": source_url, "type": "openapi"}],
        "workflows": flows,
    }


def limits_document(steps: int, source_url: str, resources: int) -> dict[str, object]:
    """One workflow of ``steps`` steps made to cost black the most: every step id of
    another length and every description with quotes, so that no two pieces of the
    module share a shape (see ``arazzogen/emit/formatting.py``)."""
    flow_steps: list[object] = []
    for s in range(steps):
        r = s % resources
        flow_steps.append(
            {
                "stepId": "s" + "x" * s,
                "description": f"Step {s}'s request: \"quoted\" text, {s * 7919}.",
                "operationId": f"getResource{r}",
                "parameters": [{"name": "id", "in": "path", "value": f"id-{s}"}],
                "successCriteria": [{"condition": "$statusCode == 200"}],
                "outputs": {"object": "$response.body#/object"},
            }
        )
    return {
        "arazzo": "1.0.1",
        "info": {"title": "Largest allowed", "version": "1.0.0", "description": "Limits."},
        "sourceDescriptions": [{"name": "api", "url": source_url, "type": "openapi"}],
        "workflows": [{"workflowId": "largest", "description": "Many steps.", "steps": flow_steps}],
    }


def write_inputs(folder: Path) -> dict[str, Path]:
    """Write every benchmark input into ``folder``; the paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def put(name: str, text: str) -> None:
        files[name] = folder / name
        files[name].write_text(text, encoding="utf-8")

    put("large.openapi.yaml", openapi_of_size(3_200_000, as_json=False))
    put("large.openapi.json", openapi_of_size(5_000_000, as_json=True))
    put("tiny.openapi.yaml", _dump(openapi(2), as_json=False))
    small_resources = 20
    put("small.openapi.yaml", _dump(openapi(small_resources, properties=5), as_json=False))
    for name, source in (
        ("large-yaml", "large.openapi.yaml"),
        ("large-json", "large.openapi.json"),
        ("tiny", "tiny.openapi.yaml"),
    ):
        put(f"{name}.arazzo.yaml", _dump(arazzo(1, source, 2), as_json=False))
    for count in (10, 100, 1000):
        put(
            f"flows-{count}.arazzo.yaml",
            _dump(arazzo(count, "small.openapi.yaml", small_resources), as_json=False),
        )
    # the number of steps is fitted to the default `module-bytes` by the benchmark
    put(
        "limits.arazzo.yaml",
        _dump(limits_document(100, "small.openapi.yaml", small_resources), as_json=False),
    )
    return files
