"""Request URLs joined from the path template at compile time: several parameters in one
template, text after a parameter in the same segment, a base URL with a trailing slash,
values that must be encoded or are dot-segments, and the emitted code itself."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from conftest import import_source

from arazzogen.api import compile_document

PATH = "/orgs/{org}/items/{id}.json"

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Paths", "version": "1"},
    "servers": [{"url": "https://paths.example.test/v1/"}],
    "paths": {
        PATH: {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
}

ARAZZO: dict[str, Any] = {
    "arazzo": "1.0.1",
    "info": {"title": "Paths", "version": "1"},
    "sourceDescriptions": [{"name": "paths", "url": "paths.openapi.json", "type": "openapi"}],
    "workflows": [
        {
            "workflowId": "fetch",
            "inputs": {
                "type": "object",
                "required": ["org", "item"],
                "properties": {"org": {"type": "string"}, "item": {"type": "string"}},
            },
            "steps": [
                {
                    "stepId": "get",
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "id", "in": "path", "value": "$inputs.item"},
                        {"name": "org", "in": "path", "value": "$inputs.org"},
                    ],
                    "successCriteria": [{"condition": "$statusCode == 200"}],
                }
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("paths")
    (folder / "paths.openapi.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    doc = folder / "paths.arazzo.json"
    doc.write_text(json.dumps(ARAZZO), encoding="utf-8")
    outcome = compile_document(doc, output=folder / "paths_flow.py")
    assert outcome.module is not None, outcome.diagnostics
    return outcome.module


@pytest.fixture(scope="module")
def module(source: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_source("paths_flow", source, tmp_path_factory.mktemp("paths_module"))


def _path(module: Any, org: str, item: str) -> str:
    paths: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        module.fetch(org=org, item=item, client=client)
    return paths[0]


def test_each_parameter_fills_its_place_in_the_template(module: Any) -> None:
    # the server URL's trailing slash is not doubled; ".json" stays after the value
    assert _path(module, "acme", "42") == "/v1/orgs/acme/items/42.json"


def test_values_are_encoded_and_a_dot_segment_stays_one_segment(module: Any) -> None:
    assert _path(module, "a/b", "x y") == "/v1/orgs/a%2Fb/items/x%20y.json"
    assert _path(module, "..", "7") == "/v1/orgs/%2E%2E/items/7.json"
    # "{id}" in a value is not a placeholder: values are filled in, not the template
    assert _path(module, "{id}", "7") == "/v1/orgs/%7Bid%7D/items/7.json"


def test_the_template_is_split_at_compile_time(source: str) -> None:
    url = source[source.index('base_url.rstrip("/")') :].split(",\n")[0]
    assert [line.strip() for line in url.splitlines()] == [
        'base_url.rstrip("/")',
        *('+ "/orgs/"', '+ _segment(quote(org, safe=""))'),
        *('+ "/items/"', '+ _segment(quote(item, safe=""))'),
        '+ ".json"',
    ]
