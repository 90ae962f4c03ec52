"""The generated client against a hostile or broken server: secrets redacted in every
encoding, path values that are dot-segments, deeply nested JSON.

Before: a key echoed URL-encoded or JSON-escaped with ``\\/`` reached
``StepFailedError.body``; a server-supplied id of ``..`` sent the next authenticated
request to another path; a deeply nested JSON body raised a bare ``RecursionError``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest
from conftest import import_source

from arazzogen.api import compile_document

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Vault", "version": "1"},
    "servers": [{"url": "https://vault.example.test"}],
    "components": {
        "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
    },
    "paths": {
        "/items": {
            "post": {
                "operationId": "createItem",
                "parameters": [
                    {"name": "Authorization", "in": "header", "schema": {"type": "string"}},
                    {"name": "X-Api-Key", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "X-Api-Key", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
}

ARAZZO: dict[str, Any] = {
    "arazzo": "1.0.1",
    "info": {"title": "Vault", "version": "1"},
    "sourceDescriptions": [{"name": "vault", "url": "vault.openapi.json", "type": "openapi"}],
    "workflows": [
        {
            "workflowId": "store",
            "inputs": {
                "type": "object",
                "required": ["user", "password", "api_key"],
                "properties": {
                    "user": {"type": "string"},
                    "password": {"type": "string"},
                    "api_key": {"type": "string"},
                },
            },
            "steps": [
                {
                    "stepId": "create",
                    "operationId": "createItem",
                    "parameters": [
                        {
                            "name": "Authorization",
                            "in": "header",
                            "value": "Basic {$inputs.user}:{$inputs.password}",
                        },
                        {"name": "X-Api-Key", "in": "header", "value": "$inputs.api_key"},
                    ],
                    "successCriteria": [{"condition": "$statusCode == 200"}],
                    "outputs": {"id": "$response.body#/id"},
                },
                {
                    "stepId": "fetch",
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "id", "in": "path", "value": "$steps.create.outputs.id"},
                        {"name": "X-Api-Key", "in": "header", "value": "$inputs.api_key"},
                    ],
                    "successCriteria": [{"condition": "$statusCode == 200"}],
                    "outputs": {"item": "$response.body"},
                },
            ],
            "outputs": {"item": "$steps.fetch.outputs.item"},
        }
    ],
}

USER = "alice"
PASSWORD = "p@ss/w0rd +&=\\"
API_KEY = "sk_live/ABC+def=ghi/\"q\""


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("vault")
    (folder / "vault.openapi.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    doc = folder / "vault.arazzo.json"
    doc.write_text(json.dumps(ARAZZO), encoding="utf-8")
    outcome = compile_document(doc, output=folder / "vault_flow.py")
    assert outcome.module is not None, outcome.diagnostics
    return import_source("vault_flow", outcome.module, folder)


def _run(module: Any, answer: Any, **inputs: str) -> Any:
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        return module.store(
            client=client,
            user=inputs.get("user", USER),
            password=inputs.get("password", PASSWORD),
            api_key=inputs.get("api_key", API_KEY),
        )


def _echoes(*secrets: str) -> list[str]:
    forms = []
    for secret in secrets:
        forms += [secret, quote(secret, safe=""), quote_plus(secret)]
        forms += [json.dumps(secret)[1:-1], json.dumps(secret)[1:-1].replace("/", "\\/")]
        forms += [json.dumps(secret, ensure_ascii=False)[1:-1]]
    forms.append(base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    return forms


def test_secrets_are_redacted_in_every_encoding(vault: Any) -> None:
    echoed = _echoes(API_KEY, PASSWORD)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text="denied: " + " | ".join(echoed))

    with pytest.raises(vault.StepFailedError) as caught:
        _run(vault, answer)
    error = caught.value
    shown = " ".join([error.body, str(error), repr(error), repr(error.args)])
    for form in echoed:
        assert form not in shown, form
    assert error.body.count("[REDACTED]") >= len(echoed) - 2


def test_a_dot_segment_id_stays_one_segment(vault: Any) -> None:
    paths: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        if request.method == "POST":
            return httpx.Response(200, json={"id": ".."})
        return httpx.Response(200, json={"ok": True})

    _run(vault, answer)
    assert paths == ["/items", "/items/%2E%2E"]


def test_deeply_nested_json_is_not_a_recursion_error(vault: Any) -> None:
    deep = "[" * 100_000 + "]" * 100_000

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=deep.encode(), headers={"content-type": "application/json"}
        )

    try:
        _run(vault, answer)
    except RecursionError:  # pragma: no cover - the bug
        pytest.fail("RecursionError escaped")
    except vault.WorkflowError:
        pass  # a typed error is fine: the body is not usable JSON


# ---------------------------------------------------------------------- bounded evaluation


def _criteria_module(folder: Path, criteria: list[dict[str, Any]], name: str) -> Any:
    spec = json.loads(json.dumps(OPENAPI))
    (folder / "vault.openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    arazzo = {
        "arazzo": "1.0.1",
        "info": {"title": "Vault", "version": "1"},
        "sourceDescriptions": [{"name": "vault", "url": "vault.openapi.json"}],
        "workflows": [
            {
                "workflowId": "check",
                "steps": [
                    {"stepId": "get", "operationId": "createItem", "successCriteria": criteria}
                ],
            }
        ],
    }
    doc = folder / f"{name}.arazzo.json"
    doc.write_text(json.dumps(arazzo), encoding="utf-8")
    outcome = compile_document(doc, output=folder / f"{name}.py")
    assert outcome.module is not None, outcome.diagnostics
    return import_source(name, outcome.module, folder)


def test_regex_criteria_read_at_most_a_million_characters(tmp_path: Path) -> None:
    criteria = [{"context": "$response.body", "type": "regex", "condition": "^ok"}]
    module = _criteria_module(tmp_path, criteria, "regex_cap")

    def small(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="ok")

    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="ok" + "x" * 1_000_000)

    with httpx.Client(transport=httpx.MockTransport(small)) as client:
        module.check(client=client)
    with httpx.Client(transport=httpx.MockTransport(huge)) as client, pytest.raises(
        module.StepFailedError
    ):
        module.check(client=client)


def test_jsonpath_node_lists_are_bounded(tmp_path: Path) -> None:
    criteria = [{"context": "$response.body", "type": "jsonpath", "condition": "$..*..*..*"}]
    module = _criteria_module(tmp_path, criteria, "jsonpath_cap")
    nested: list[object] = [0, 1, 2]
    for _ in range(300):  # 1,200 nodes; each `..*` multiplies the node list
        nested = [nested, 0, 1, 2]
    body = {"a": nested}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    with httpx.Client(transport=httpx.MockTransport(answer)) as client, pytest.raises(
        module.StepLimitError, match="JSONPath"
    ) as caught:
        module.check(client=client)
    # the module's typed error (it used to be a bare OverflowError)
    assert (caught.value.step_id, caught.value.limit) == ("get", "JSONPath node list")
    assert isinstance(caught.value.__cause__, OverflowError)


def test_a_non_ascii_key_inside_a_bearer_header_fails_the_step_without_the_key(
    tmp_path: Path,
) -> None:
    # `Authorization: Bearer {$inputs.apiKey}` is text around an expression: it used to
    # be taken for constant text, built outside the guard, and raised httpx's
    # UnicodeEncodeError, which carries the whole header value
    knock = Path(__file__).resolve().parents[1] / "generated_examples" / "knock"
    source = (knock / "knock_bulk_set_objects_notify.py").read_text(encoding="utf-8")
    module = import_source("knock_non_ascii_key", source, tmp_path)
    key = "sk_\u043a\u043b\u044e\u0447"
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"id": "b"})

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        pytest.raises(module.StepRequestError) as caught,
    ):
        module.bulk_set_objects_notify(
            api_key=key,
            collection="c",
            objects=[],
            notify_object_id="o",
            workflow_key="w",
            client=client,
        )
    error = caught.value
    assert error.step_id == "bulkSetObjects" and "not ASCII" in error.reason
    assert sent == []
    link: BaseException | None = error
    while link is not None:
        assert not isinstance(link, UnicodeError)
        assert key not in repr(link) and key not in str(link)
        assert "\u043a\u043b\u044e\u0447" not in repr(link.args)
        link = link.__cause__ or link.__context__
