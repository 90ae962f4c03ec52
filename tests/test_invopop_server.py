"""Tests for the simulated Invopop API (tests/invopop_server.py) and the example's files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from invopop_server import DEFAULT_TOKEN, InvopopSimulator, content_hash, timestamp

EXAMPLE = Path(__file__).resolve().parents[1] / "generated_examples" / "invopop"
OPENAPI = EXAMPLE / "openapi" / "invopop-transform-api-openapi.yml"
ARAZZO = EXAMPLE / "arazzo" / "invopop-create-workflow.arazzo.yaml"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
WORKFLOW_ID = "186522a6-e697-4e34-8498-eee961bcb845"
STEP_ID = "0b7e0f54-4c1a-4e0c-9d55-3f1e4b2d9a10"
# The request body of the reference page's example, with its placeholders filled in.
BODY: dict[str, Any] = {
    "country": "ES",
    "description": "Send each invoice by email",
    "name": "Email invoices",
    "schema": "bill/invoice",
    "steps": [
        {
            "action": "email.send",
            "config": {},
            "id": STEP_ID,
            "name": "Send",
            "next": [{"code": "", "status": "OK", "step_id": STEP_ID, "steps": [{}], "stop": True}],
            "notes": "internal",
            "summary": "email",
        }
    ],
}
HANG_GUARD = 20.0


@pytest.fixture
def sim() -> Iterator[InvopopSimulator]:
    with InvopopSimulator() as simulator:
        yield simulator


@pytest.fixture
def client(sim: InvopopSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http:
        yield http


def put(client: httpx.Client, workflow_id: str = WORKFLOW_ID, **kwargs: Any) -> httpx.Response:
    kwargs.setdefault("headers", AUTH)
    kwargs.setdefault("json", BODY)
    return client.put(f"/transform/v1/workflows/{workflow_id}", **kwargs)


def test_create_answers_201_with_the_stored_workflow(
    sim: InvopopSimulator, client: httpx.Client
) -> None:
    response = put(client)
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        **BODY,
        "id": WORKFLOW_ID,
        "hash": content_hash(BODY),
        "version": "1",
        "draft": False,
        "disabled": False,
        "rescue": [],
        "created_at": timestamp(1),
        "updated_at": timestamp(1),
    }
    assert sim.workflows == {WORKFLOW_ID: response.json()}
    assert sim.errors == []


def test_hash_is_a_partial_sha256_of_the_contents() -> None:
    assert content_hash({"name": "a"}) == content_hash({"name": "a"})
    assert content_hash({"name": "a"}) != content_hash({"name": "b"})
    assert len(content_hash(BODY)) == 16
    int(content_hash(BODY), 16)


def test_put_again_replaces_with_200_and_counts_versions(client: httpx.Client) -> None:
    first = put(client).json()
    same = put(client)
    assert same.status_code == 200
    assert same.json()["version"] == "1"
    assert same.json()["created_at"] == first["created_at"]
    changed = put(client, json={**BODY, "name": "Renamed"})
    assert changed.status_code == 200
    assert changed.json()["version"] == "2"
    assert changed.json()["name"] == "Renamed"
    assert changed.json()["hash"] != first["hash"]
    assert changed.json()["updated_at"] == timestamp(3)


def test_only_the_fields_sent_are_stored(client: httpx.Client) -> None:
    minimal = {"name": "Minimal", "schema": "bill/invoice", "steps": []}
    body = put(client, json=minimal).json()
    assert "country" not in body and "description" not in body
    assert body["steps"] == []


def test_draft_and_disabled_are_configurable() -> None:
    with (
        InvopopSimulator(draft=True, disabled=True) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        body = put(http).json()
    assert (body["draft"], body["disabled"]) == (True, True)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": DEFAULT_TOKEN},
        {"Authorization": "Basic x"},
    ],
)
def test_requires_the_bearer_token(client: httpx.Client, headers: dict[str, str]) -> None:
    response = put(client, headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "message": "The token is missing or invalid.",
        "request_authorization": headers.get("Authorization"),
    }


def test_bearer_scheme_is_case_insensitive(client: httpx.Client) -> None:
    assert put(client, headers={"Authorization": f"bearer {DEFAULT_TOKEN}"}).status_code == 201


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "The body must be a JSON object."),
        ({**BODY, "rescue": []}, "Unknown field(s): rescue."),
        ({**BODY, "name": None}, "`name` must be a string."),
        ({**BODY, "steps": {}}, "`steps` must be an array of steps."),
        ({**BODY, "steps": [{"id": "x"}]}, "`steps[0].id` must be a UUID."),
        ({**BODY, "steps": [{"cfg": 1}]}, "`steps[0]` has unknown field(s): cfg."),
        ({**BODY, "steps": [{"config": []}]}, "`steps[0].config` must be an object."),
        (
            {**BODY, "steps": [{"next": [{"status": "DONE"}]}]},
            "`steps[0].next[0].status` must be one of OK, SKIP, KO, TIMEOUT (or empty).",
        ),
        (
            {**BODY, "steps": [{"next": [{"steps": [{"name": 1}]}]}]},
            "`steps[0].next[0].steps[0].name` must be a string.",
        ),
        (
            {**BODY, "steps": [{"next": [{"stop": "yes"}]}]},
            "`steps[0].next[0].stop` must be a boolean.",
        ),
    ],
)
def test_rejects_bodies_of_the_wrong_shape(
    sim: InvopopSimulator, client: httpx.Client, body: object, message: str
) -> None:
    response = put(client, json=body)
    assert response.status_code == 422
    assert response.json() == {"message": message}
    assert sim.workflows == {}


def test_nesting_is_bounded(client: httpx.Client) -> None:
    steps: list[Any] = [{}]
    for _ in range(40):
        steps = [{"next": [{"steps": steps}]}]
    response = put(client, json={"steps": steps})
    assert response.status_code == 422
    assert "nests steps too deeply" in response.json()["message"]


def test_rejects_ids_that_are_not_uuids(client: httpx.Client) -> None:
    response = put(client, workflow_id="not-a-uuid")
    assert response.status_code == 422
    assert response.json() == {"message": "The workflow id 'not-a-uuid' is not a UUID."}


def test_rejects_non_json_bodies(client: httpx.Client) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    assert put(client, json=None, content=b"{", headers=headers).status_code == 400
    form = put(client, json=None, data={"name": "x"})
    assert form.status_code == 415


def test_other_routes_are_404(client: httpx.Client) -> None:
    assert client.get(f"/transform/v1/workflows/{WORKFLOW_ID}", headers=AUTH).status_code == 404
    assert client.put("/transform/v1/workflows", headers=AUTH, json=BODY).status_code == 404


def test_scripted_answers_come_first_then_normal_service(
    sim: InvopopSimulator, client: httpx.Client
) -> None:
    sim.script(sim.error(429, "Slow down.", retry_after="0"), times=2)
    sim.script(sim.error(503, "Down."))
    assert sim.scripted_left == 3
    first, second, third = put(client), put(client), put(client)
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 503]
    assert first.headers["retry-after"] == "0"
    assert "retry-after" not in third.headers
    assert first.json() == {"message": "Slow down.", "request_authorization": AUTH["Authorization"]}
    assert put(client).status_code == 201
    assert sim.scripted_left == 0
    assert len(sim.requests) == 4


def test_scripted_answers_wait_for_authentication(
    sim: InvopopSimulator, client: httpx.Client
) -> None:
    sim.script(sim.error(429, "Slow down."))
    assert put(client, headers={}).status_code == 401
    assert sim.scripted_left == 1


def test_a_scripted_raw_body_is_sent_as_is(sim: InvopopSimulator, client: httpx.Client) -> None:
    from api_simulator import Answer

    sim.script(Answer(200, raw=b'{"id": "1865'))
    response = put(client)
    assert response.status_code == 200
    assert response.content == b'{"id": "1865'
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_script_refuses_a_negative_count(sim: InvopopSimulator) -> None:
    with pytest.raises(ValueError, match="times"):
        sim.script(sim.error(429, "x"), times=-1)


def test_records_requests(sim: InvopopSimulator, client: httpx.Client) -> None:
    put(client)
    (request,) = sim.requests
    assert (request.method, request.path) == ("PUT", f"/transform/v1/workflows/{WORKFLOW_ID}")
    assert request.header("authorization") == AUTH["Authorization"]
    assert request.json == BODY


# -- the example's files -----------------------------------------------------------------------


def _spec() -> dict[str, Any]:
    data = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_openapi_file_is_valid_and_matches_the_arazzo_document() -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    spec = _spec()
    validator.validate(spec)
    assert spec["openapi"] == "3.1.0"
    assert [server["url"] for server in spec["servers"]] == ["https://api.invopop.com"]
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    operation = spec["paths"]["/transform/v1/workflows/{id}"]["put"]
    arazzo = yaml.safe_load(ARAZZO.read_text(encoding="utf-8"))
    (workflow,) = arazzo["workflows"]
    assert workflow["workflowId"] == "create-workflow"
    assert [step["operationId"] for step in workflow["steps"]] == [operation["operationId"]]
    body_fields = set(workflow["steps"][0]["requestBody"]["payload"])
    request_schema = spec["components"]["schemas"]["WorkflowRequest"]
    assert body_fields == set(request_schema["properties"])


def test_simulator_answers_match_the_openapi_schemas(
    sim: InvopopSimulator, client: httpx.Client
) -> None:
    schema_validator = pytest.importorskip("openapi_schema_validator")
    spec = _spec()

    def check(name: str, instance: object) -> None:
        schema = {**spec["components"]["schemas"][name], "components": spec["components"]}
        schema_validator.validate(instance, schema, cls=schema_validator.OAS31Validator)

    check("WorkflowRequest", BODY)
    check("Workflow", put(client).json())
    check("Workflow", put(client).json())
    check("Error", put(client, headers={}).json())
    sim.script(sim.error(429, "Slow down.", retry_after="0"))
    check("Error", put(client).json())


def test_the_flow_validates_without_any_diagnostic() -> None:
    from arazzogen.api import validate

    outcome = validate(ARAZZO, strict=True, cwd=ARAZZO.parents[3])
    assert [d.code for d in outcome.diagnostics] == []
