"""Tests for the simulated Knock API (tests/knock_server.py) and the bundled example's files."""

from __future__ import annotations

import errno
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from knock_server import (
    DEFAULT_BULK_OPERATION_ID,
    DEFAULT_RUN_ID,
    KnockSimulator,
    RecordedRequest,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "generated_examples" / "knock"
AUTH = {"Authorization": "Bearer sk_test_123"}
OBJECTS = [{"id": "project_1", "name": "One"}, {"id": "project_2", "name": "Two"}]
# A bound for "this must finish at all" (hang guards), never a timing expectation.
HANG_GUARD = 20.0


@pytest.fixture
def knock() -> Iterator[KnockSimulator]:
    with KnockSimulator() as sim:
        yield sim


@pytest.fixture
def client(knock: KnockSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=knock.base_url, timeout=HANG_GUARD) as http:
        yield http


def bulk_set(client: httpx.Client, collection: str = "projects", **kwargs: Any) -> httpx.Response:
    kwargs.setdefault("headers", AUTH)
    kwargs.setdefault("json", {"objects": OBJECTS})
    return client.post(f"/v1/objects/{collection}/bulk/set", **kwargs)


def poll(client: httpx.Client, operation_id: str = DEFAULT_BULK_OPERATION_ID) -> httpx.Response:
    return client.get(f"/v1/bulk_operations/{operation_id}", headers=AUTH)


def trigger(client: httpx.Client, key: str = "object-updated", **kwargs: Any) -> httpx.Response:
    kwargs.setdefault("headers", AUTH)
    kwargs.setdefault("json", {"recipients": [{"id": "project_1", "collection": "projects"}]})
    return client.post(f"/v1/workflows/{key}/trigger", **kwargs)


# -- the happy path --------------------------------------------------------------------------


def test_bulk_set_returns_a_queued_operation(knock: KnockSimulator, client: httpx.Client) -> None:
    response = bulk_set(client)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["__typename"] == "BulkOperation"
    assert body["id"] == DEFAULT_BULK_OPERATION_ID
    assert body["status"] == "queued"
    assert body["estimated_total_rows"] == len(OBJECTS)
    assert body["processed_rows"] == 0
    assert body["progress_path"] == f"{knock.base_url}/v1/bulk_operations/{body['id']}"
    assert body["completed_at"] is None


def test_polling_walks_the_statuses_and_repeats_the_last(client: httpx.Client) -> None:
    bulk_set(client)
    seen = [poll(client).json()["status"] for _ in range(5)]
    assert seen == ["processing", "processing", "completed", "completed", "completed"]


@pytest.mark.parametrize(
    "statuses",
    [("completed",), ("queued", "failed"), ("queued", "processing", "processing", "completed")],
)
def test_custom_poll_statuses(statuses: tuple[str, ...]) -> None:
    with (
        KnockSimulator(poll_statuses=statuses) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        bulk_set(http)
        seen = [poll(http).json()["status"] for _ in range(len(statuses) + 1)]
        assert seen == [*statuses, statuses[-1]]
        assert sim.poll_count == len(statuses) + 1


def test_terminal_statuses_fill_counters_and_timestamps() -> None:
    with (
        KnockSimulator(poll_statuses=("failed",)) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        bulk_set(http, collection="teams")
        failed = poll(http).json()
    assert failed["failed_at"] is not None and failed["completed_at"] is None
    assert failed["error_count"] == len(OBJECTS) and failed["success_count"] == 0
    assert failed["error_items"] == [{"id": o["id"], "collection": "teams"} for o in OBJECTS]


def test_a_new_bulk_set_restarts_the_status_sequence(client: httpx.Client) -> None:
    bulk_set(client)
    assert [poll(client).json()["status"] for _ in range(3)][-1] == "completed"
    assert bulk_set(client).json()["status"] == "queued"
    assert poll(client).json()["status"] == "processing"


def test_trigger_returns_the_run_id(client: httpx.Client) -> None:
    response = trigger(client, json={"recipients": ["user_1"], "data": {"n": 1}, "actor": "me"})
    assert response.status_code == 200
    assert response.json() == {"workflow_run_id": DEFAULT_RUN_ID}


def test_trigger_run_id_is_configurable() -> None:
    run_id = "00000000-0000-4000-8000-000000000001"
    with (
        KnockSimulator(run_id=run_id, api_key="sk_other") as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        response = trigger(http, headers={"Authorization": "Bearer sk_other"})
    assert response.json() == {"workflow_run_id": run_id}


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer sk_wrong"}, {"Authorization": "sk_test_123"}],
    ids=["missing", "wrong-key", "no-scheme"],
)
def test_bad_credentials_are_rejected_everywhere(
    client: httpx.Client, headers: dict[str, str]
) -> None:
    responses = [
        bulk_set(client, headers=headers),
        client.get(f"/v1/bulk_operations/{DEFAULT_BULK_OPERATION_ID}", headers=headers),
        trigger(client, headers=headers),
    ]
    for response in responses:
        assert response.status_code == 401
        body = response.json()
        assert body["code"] == "api_key_invalid"
        assert body["status"] == 401
        assert body["type"] == "authentication_error"
        assert body["message"]


def test_bearer_scheme_is_case_insensitive(client: httpx.Client) -> None:
    assert bulk_set(client, headers={"authorization": "bearer sk_test_123"}).status_code == 200


def test_unknown_operation_and_routes_are_404(client: httpx.Client) -> None:
    assert poll(client).status_code == 404  # nothing has been bulk set yet
    bulk_set(client)
    unknown = poll(client, "11111111-1111-4111-8111-111111111111")
    assert unknown.status_code == 404
    assert unknown.json()["status"] == 404
    assert client.get("/v1/objects/projects/bulk/set", headers=AUTH).status_code == 404
    assert client.delete("/v1/workflows/x/trigger", headers=AUTH).status_code == 404
    assert client.get("/v2/anything", headers=AUTH).status_code == 404


def test_request_bodies_must_be_json(knock: KnockSimulator, client: httpx.Client) -> None:
    body = json.dumps({"objects": OBJECTS}).encode()
    as_text = bulk_set(
        client, json=None, content=body, headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert as_text.status_code == 415
    untyped = bulk_set(client, json=None, content=body)
    assert untyped.status_code == 415
    typed = {**AUTH, "Content-Type": "application/json; charset=utf-8"}
    assert bulk_set(client, json=None, content=body, headers=typed).status_code == 200
    assert [r.json for r in knock.requests] == [{"objects": OBJECTS}] * 3


def test_invalid_json_and_invalid_bodies(client: httpx.Client) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    assert bulk_set(client, json=None, content=b"{nope", headers=headers).status_code == 400
    assert bulk_set(client, json={"objects": [{"name": "no id"}]}).status_code == 422
    assert bulk_set(client, json={"items": []}).status_code == 422
    assert trigger(client, json={"recipients": [{"id": "x"}]}).status_code == 422
    assert trigger(client, json={"recipients": ["u"], "data": [1]}).status_code == 422
    assert trigger(client, json={}).status_code == 422


def test_chunked_bodies_are_read(knock: KnockSimulator, client: httpx.Client) -> None:
    payload = json.dumps({"objects": OBJECTS}).encode()
    chunks = iter([payload[:7], payload[7:]])
    response = bulk_set(
        client, json=None, content=chunks, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 200
    recorded = knock.requests[-1]
    assert recorded.header("transfer-encoding") == "chunked"
    assert recorded.body == payload


@pytest.mark.parametrize("status", [500, 503, 429])
def test_forced_error_status_echoes_the_authorization_header(status: int) -> None:
    with (
        KnockSimulator(bulk_set_status=status, trigger_status=status) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        for response in (bulk_set(http), trigger(http)):
            assert response.status_code == status
            body = response.json()
            assert body["status"] == status
            assert body["request_authorization"] == AUTH["Authorization"]
        assert sim.errors == []


def test_forced_error_status_still_requires_credentials() -> None:
    with (
        KnockSimulator(bulk_set_status=500) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        assert bulk_set(http, headers={}).status_code == 401


def test_forced_success_status_keeps_the_normal_body() -> None:
    with (
        KnockSimulator(bulk_set_status=201, trigger_status=202) as sim,
        httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http,
    ):
        created = bulk_set(http)
        accepted = trigger(http)
    assert created.status_code == 201 and created.json()["status"] == "queued"
    assert accepted.status_code == 202 and accepted.json() == {"workflow_run_id": DEFAULT_RUN_ID}


# -- recording ---------------------------------------------------------------------------------


def test_requests_are_recorded_in_order(knock: KnockSimulator, client: httpx.Client) -> None:
    bulk_set(client, collection="my%20things", headers={**AUTH, "X-Trace-ID": "abc"})
    poll(client)
    client.get("/nowhere?x=1")
    trigger(client)
    requests = knock.requests
    assert [(r.method, r.path) for r in requests] == [
        ("POST", "/v1/objects/my%20things/bulk/set"),
        ("GET", f"/v1/bulk_operations/{DEFAULT_BULK_OPERATION_ID}"),
        ("GET", "/nowhere"),
        ("POST", "/v1/workflows/object-updated/trigger"),
    ]
    first = requests[0]
    assert isinstance(first, RecordedRequest)
    assert "X-Trace-ID" in first.headers  # names are kept as sent
    assert first.header("x-trace-id") == "abc"
    assert first.header("AUTHORIZATION") == AUTH["Authorization"]
    assert first.header("x-missing") is None
    assert first.json == {"objects": OBJECTS}
    assert json.loads(first.body) == {"objects": OBJECTS}
    assert requests[1].body == b"" and requests[1].json is None
    assert requests[2].query == "x=1"
    assert knock.requests is not knock.requests  # snapshots, safe to keep


def test_concurrent_requests_are_all_recorded(knock: KnockSimulator) -> None:
    count, workers = 8, 4
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            with httpx.Client(base_url=knock.base_url, timeout=HANG_GUARD) as http:
                for index in range(count):
                    trigger(http, key=f"w{worker}-{index}")
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HANG_GUARD)
    assert failures == []
    paths = sorted(r.path for r in knock.requests)
    expected = sorted(
        f"/v1/workflows/w{w}-{i}/trigger" for w in range(workers) for i in range(count)
    )
    assert paths == expected
    for worker in range(workers):  # each client's own requests stay in order
        mine = [r.path for r in knock.requests if r.path.startswith(f"/v1/workflows/w{worker}-")]
        assert mine == [f"/v1/workflows/w{worker}-{i}/trigger" for i in range(count)]


# -- lifecycle ---------------------------------------------------------------------------------


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise
        return True


def _simulator_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("knock-simulator")}


def _stop_with_guard(sim: KnockSimulator) -> None:
    stopper = threading.Thread(target=sim.stop)
    stopper.start()
    stopper.join(HANG_GUARD)
    assert not stopper.is_alive(), "KnockSimulator.stop() hung"


def test_configuration_errors() -> None:
    with pytest.raises(ValueError):
        KnockSimulator(poll_statuses=())
    with pytest.raises(RuntimeError):
        _ = KnockSimulator().base_url
    with KnockSimulator() as sim, pytest.raises(RuntimeError):
        sim.start()


def test_stop_frees_the_port_and_refuses_connections() -> None:
    before = _simulator_threads()  # other tests' simulators may be running: ignore them
    with KnockSimulator() as sim:
        assert sim.base_url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD) as http:
            assert bulk_set(http).status_code == 200
        assert not _port_is_free(sim.port)
    assert _port_is_free(sim.port)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{sim.base_url}/v1/bulk_operations/x", timeout=HANG_GUARD)
    assert _simulator_threads() <= before


def test_stop_does_not_wait_for_connected_clients() -> None:
    # The socket timeout is far above the guard, so only an active close can pass this test.
    before = _simulator_threads()
    sim = KnockSimulator(socket_timeout=600.0)
    sim.start()
    idle = socket.create_connection(("127.0.0.1", sim.port), timeout=HANG_GUARD)
    stalled = socket.create_connection(("127.0.0.1", sim.port), timeout=HANG_GUARD)
    stalled.sendall(
        b"POST /v1/workflows/k/trigger HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"recip'
    )
    keep_alive = httpx.Client(base_url=sim.base_url, timeout=HANG_GUARD)
    try:
        assert trigger(keep_alive).status_code == 200  # leaves a pooled, open connection
        _stop_with_guard(sim)
        assert idle.recv(1) == b""  # the server closed the idle connection
        assert _simulator_threads() <= before
        assert _port_is_free(sim.port)
    finally:
        idle.close()
        stalled.close()
        keep_alive.close()
    assert sim.errors == []


def test_socket_timeout_ends_idle_connections() -> None:
    with KnockSimulator(socket_timeout=0.2) as sim:
        idle = socket.create_connection(("127.0.0.1", sim.port), timeout=HANG_GUARD)
        with idle:
            assert idle.recv(1) == b""  # closed by the server once the read timed out


# -- the example's files -----------------------------------------------------------------------


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((EXAMPLE / "openapi" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_example_openapi_files_are_valid_and_match_the_arazzo_document() -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    arazzo = yaml.safe_load(
        (EXAMPLE / "arazzo" / "knock-bulk-set-objects-notify.arazzo.yaml").read_text("utf-8")
    )
    operation_ids: set[str] = set()
    for source in arazzo["sourceDescriptions"]:
        spec = _load(Path(source["url"]).name)
        validator.validate(spec)
        assert spec["openapi"] == "3.0.3"
        assert [server["url"] for server in spec["servers"]] == ["https://api.knock.app"]
        assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
        for item in spec["paths"].values():
            operation_ids.update(op["operationId"] for op in item.values() if "operationId" in op)
    for step in arazzo["workflows"][0]["steps"]:
        if "operationId" in step:
            assert step["operationId"] in operation_ids
        else:
            fragment = step["operationPath"].split("#", 1)[1]
            path = fragment.split("/")[2].replace("~1", "/").replace("~0", "~")
            workflows = _load("knock-workflows-api-openapi.yml")
            assert workflows["paths"][path]["post"]["operationId"] == "triggerWorkflow"


def test_simulator_responses_match_the_example_schemas(client: httpx.Client) -> None:
    schema_validator = pytest.importorskip("openapi_schema_validator")

    def check(spec_name: str, schema_name: str, instance: object) -> None:
        spec = _load(spec_name)
        schema = {**spec["components"]["schemas"][schema_name], "components": spec["components"]}
        schema_validator.validate(
            instance,
            schema,
            cls=schema_validator.OAS30Validator,
            format_checker=schema_validator.oas30_format_checker,
        )

    check("knock-objects-api-openapi.yml", "BulkOperation", bulk_set(client).json())
    for _ in range(3):
        check("knock-bulk-operations-api-openapi.yml", "BulkOperation", poll(client).json())
    check("knock-workflows-api-openapi.yml", "TriggerWorkflowResponse", trigger(client).json())
    check("knock-objects-api-openapi.yml", "Error", bulk_set(client, headers={}).json())
    request = {"recipients": [{"id": "p", "collection": "projects"}, "u"], "data": None}
    check("knock-workflows-api-openapi.yml", "TriggerWorkflowRequest", request)
