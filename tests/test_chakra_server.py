"""Tests for the simulated Chakra API (tests/chakra_server.py) and the example's files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from chakra_server import (
    DEFAULT_TOKEN,
    TELE_SALES,
    Accepted,
    ChakraSimulator,
    Procedure,
    wrapper,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "generated_examples" / "chakra"
OPENAPI = EXAMPLE / "openapi" / "chakra-process-api-openapi.yml"
ARAZZO = EXAMPLE / "arazzo" / "chakra-bulk-update-processes.arazzo.yaml"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
# The documentation's curl example.
PROCESSES: list[dict[str, Any]] = [
    {"lead_id": "EXT-TEST-143", "update": {"data": {"score": "105"}}},
    {
        "id": "1e50dd73-9ce6-405b-932a-9c4c5e7b5599",
        "update": {"data": {"city": "Goa"}, "state": "IN_PROGRESS"},
    },
]
HANG_GUARD = 20.0


@pytest.fixture
def sim() -> Iterator[ChakraSimulator]:
    with ChakraSimulator() as simulator:
        yield simulator


@pytest.fixture
def client(sim: ChakraSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http:
        yield http


def patch(client: httpx.Client, procedure: str = "tele_sales", **kwargs: Any) -> httpx.Response:
    kwargs.setdefault("headers", AUTH)
    kwargs.setdefault("json", {"processes": PROCESSES})
    return client.patch(f"/v1/procedure/{procedure}/process", **kwargs)


@pytest.mark.parametrize("procedure", [TELE_SALES.short_id, TELE_SALES.id])
def test_accepts_by_id_or_short_id(
    sim: ChakraSimulator, client: httpx.Client, procedure: str
) -> None:
    response = patch(client, procedure)
    assert response.status_code == 200
    assert response.json() == {"_data": {}, "_meta": {}, "_errors": []}
    assert sim.accepted == [Accepted(TELE_SALES.id, PROCESSES)]
    assert sim.errors == []


def test_acknowledgment_data_and_meta_are_configurable() -> None:
    with (
        ChakraSimulator(data={"accepted": 2}, meta={"requestId": "r1"}) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        body = patch(http).json()
    assert body == {"_data": {"accepted": 2}, "_meta": {"requestId": "r1"}, "_errors": []}


def test_every_documented_update_field_is_accepted(
    sim: ChakraSimulator, client: httpx.Client
) -> None:
    update = {
        "data": {"score": 42, "city": "Bangalore", "name": "Shane Warne"},
        "state": "IN_PROGRESS",
        "status": "CANCELLED",
        "assignedTo": "shane.warne",
        "nextActionAt": 1616253910842,
        "isDeleted": True,
    }
    processes = [
        {"id": "LEAD-001", "update": update},
        {"lead_id": "L2", "update": {"nextActionAt": "1616253910842"}},
    ]
    assert patch(client, json={"processes": processes}).status_code == 200
    assert sim.accepted[-1].processes == processes


def test_the_primary_key_depends_on_the_procedure() -> None:
    calls = Procedure("0d1f2c3b-0000-4000-8000-000000000001", "calls", "phone_number")
    with (
        ChakraSimulator(procedures=[calls]) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        item = {"phone_number": "9901258433", "update": {"status": "OPEN"}}
        assert patch(http, "calls", json={"processes": [item]}).status_code == 200
        response = patch(http, "calls", json={"processes": [{**item, "lead_id": "x"}]})
        assert patch(http, "tele_sales").status_code == 404
    assert response.status_code == 400
    assert response.json()["_errors"] == [
        {"message": "`processes[0]` has unknown field(s): lead_id."}
    ]


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ([], ["The body must be an object with just `processes`."]),
        (
            {"processes": PROCESSES, "extra": 1},
            ["The body must be an object with just `processes`."],
        ),
        ({"processes": {}}, ["`processes` must be an array."]),
        ({"processes": [1]}, ["`processes[0]` must be an object."]),
        (
            {"processes": [{"update": {"state": "X"}}]},
            ["`processes[0]` needs `id` or `lead_id`."],
        ),
        (
            {"processes": [{"id": "", "update": {"state": "X"}}]},
            ["`processes[0].id` must be a non-empty string."],
        ),
        (
            # the flat form of the documentation's "valid examples"
            {"processes": [{"lead_id": "LEAD-910", "data": {"city": "Tokyo"}}]},
            [
                "`processes[0]` has unknown field(s): data.",
                "`processes[0].update` must be an object with at least one field.",
            ],
        ),
        (
            {
                "processes": [
                    {
                        "id": "p",
                        "update": {
                            "data": [],
                            "state": 1,
                            "assignedTo": None,
                            "status": "DONE",
                            "nextActionAt": "soon",
                            "isDeleted": "yes",
                            "colour": "red",
                        },
                    }
                ]
            },
            [
                "`processes[0].update` has unknown field(s): colour.",
                "`processes[0].update.data` must be an object.",
                "`processes[0].update.state` must be a string.",
                "`processes[0].update.assignedTo` must be a string.",
                "`processes[0].update.status` must be one of OPEN, COMPLETED, CANCELLED.",
                "`processes[0].update.nextActionAt` must be epoch milliseconds.",
                "`processes[0].update.isDeleted` must be a boolean.",
            ],
        ),
        (
            {"processes": [{"id": "p", "update": {"nextActionAt": True}}]},
            ["`processes[0].update.nextActionAt` must be epoch milliseconds."],
        ),
    ],
)
def test_rejects_bodies_of_the_wrong_shape(
    sim: ChakraSimulator, client: httpx.Client, body: object, messages: list[str]
) -> None:
    response = patch(client, json=body)
    assert response.status_code == 400
    assert response.json() == wrapper(errors=[{"message": text} for text in messages])
    assert sim.accepted == []


def test_rejects_bodies_that_are_not_json(client: httpx.Client) -> None:
    response = patch(client, json=None, content=b"processes=1")
    assert response.status_code == 400
    assert response.json()["_errors"] == [{"message": "The body is not valid JSON."}]


def test_content_type_is_not_checked(sim: ChakraSimulator, client: httpx.Client) -> None:
    # the documentation's curl example sends JSON without a Content-Type of its own
    headers = {**AUTH, "Content-Type": "application/x-www-form-urlencoded"}
    body = b'{"processes": [{"id": "p", "update": {"state": "X"}}]}'
    assert patch(client, json=None, content=body, headers=headers).status_code == 200


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": DEFAULT_TOKEN}]
)
def test_requires_the_bearer_token(
    sim: ChakraSimulator, client: httpx.Client, headers: dict[str, str]
) -> None:
    response = patch(client, headers=headers)
    assert response.status_code == 401
    assert response.json() == wrapper(
        errors=[
            {
                "message": "The access token is missing or invalid.",
                "request_authorization": headers.get("Authorization"),
            }
        ]
    )
    assert sim.accepted == []


def test_unknown_procedures_and_routes_are_404(client: httpx.Client) -> None:
    response = patch(client, "unknown")
    assert response.status_code == 404
    assert response.json()["_errors"] == [{"message": "No procedure 'unknown'."}]
    assert patch(client, "tele_sales/extra").status_code == 404
    assert client.post("/v1/procedure/tele_sales/process", headers=AUTH).status_code == 404
    # the other path form of the documentation is not served: the example uses this one
    assert client.patch("/v1/ext/procedure/tele_sales/process", headers=AUTH).status_code == 404


def test_scripted_errors_and_rejections(sim: ChakraSimulator, client: httpx.Client) -> None:
    sim.script(sim.error(429, "Slow down.", retry_after="0"))
    sim.script(sim.error(503, "Down.", retry_after="2"))
    sim.script(sim.rejected("processes[0]: no such lead", "processes[1]: locked"))
    limited, down, rejected = patch(client), patch(client), patch(client)
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "0")
    assert (down.status_code, down.headers["retry-after"]) == (503, "2")
    assert rejected.status_code == 200
    token = AUTH["Authorization"]
    assert rejected.json() == wrapper(
        errors=[
            {"message": "processes[0]: no such lead", "request_authorization": token},
            {"message": "processes[1]: locked", "request_authorization": token},
        ]
    )
    assert sim.accepted == []
    assert patch(client).status_code == 200
    assert len(sim.accepted) == 1


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
    assert [server["url"] for server in spec["servers"]] == ["https://api.chakrahq.com"]
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    assert list(spec["paths"]) == ["/v1/procedure/{procedure}/process"]
    operation = spec["paths"]["/v1/procedure/{procedure}/process"]["patch"]
    arazzo = yaml.safe_load(ARAZZO.read_text(encoding="utf-8"))
    (workflow,) = arazzo["workflows"]
    assert workflow["workflowId"] == "bulk-update-processes"
    assert [step["operationId"] for step in workflow["steps"]] == [operation["operationId"]]
    update_schema = spec["components"]["schemas"]["ProcessUpdate"]
    item_schema = workflow["inputs"]["properties"]["processes"]["items"]
    assert set(item_schema["properties"]["update"]["properties"]) == set(
        update_schema["properties"]
    )


def test_simulator_answers_match_the_openapi_schemas(
    sim: ChakraSimulator, client: httpx.Client
) -> None:
    schema_validator = pytest.importorskip("openapi_schema_validator")
    spec = _spec()

    def check(name: str, instance: object) -> None:
        schema = {**spec["components"]["schemas"][name], "components": spec["components"]}
        schema_validator.validate(instance, schema, cls=schema_validator.OAS31Validator)

    check("BulkUpdateRequest", {"processes": PROCESSES})
    check("Wrapper", patch(client).json())
    check("Wrapper", patch(client, headers={}).json())
    check("Wrapper", patch(client, json={"processes": [1]}).json())
    sim.script(sim.error(429, "Slow down.", retry_after="0"))
    check("Wrapper", patch(client).json())
    sim.script(sim.rejected("no"))
    check("Wrapper", patch(client).json())


def test_the_flow_validates_without_any_diagnostic() -> None:
    from arazzogen.api import validate

    outcome = validate(ARAZZO, strict=True, cwd=ARAZZO.parents[3])
    assert [d.code for d in outcome.diagnostics] == []
