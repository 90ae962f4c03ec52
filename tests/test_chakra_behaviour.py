"""The generated Chakra module, run against the simulated Chakra API on 127.0.0.1."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from api_simulator import Answer
from chakra_server import TELE_SALES, Accepted, ChakraSimulator
from flow_runner import MODES, run_workflow

TOKEN = "chk_live_3a9d7e1f2b4c"
PROCESSES: list[dict[str, Any]] = [
    {"lead_id": "EXT-TEST-143", "update": {"data": {"score": "105"}}},
    {
        "id": "1e50dd73-9ce6-405b-932a-9c4c5e7b5599",
        "update": {
            "data": {"city": "Goa"},
            "state": "IN_PROGRESS",
            "status": "OPEN",
            "assignedTo": "shane.warne",
            "nextActionAt": 1616253910842,
        },
    },
    {"lead_id": "LEAD-910", "update": {"isDeleted": True}},
]
ACK_DATA = {"accepted": 3}
ACK_META = {"requestId": "req-42"}

pytestmark = pytest.mark.parametrize("mode", MODES)


@pytest.fixture
def sim() -> Iterator[ChakraSimulator]:
    with ChakraSimulator(token=TOKEN, data=ACK_DATA, meta=ACK_META) as simulator:
        yield simulator


def run(
    module: ModuleType, mode: str, sim: ChakraSimulator, slept: list[float], **overrides: Any
) -> Any:
    arguments: dict[str, Any] = {
        "access_token": TOKEN,
        "procedure": "tele_sales",
        "processes": PROCESSES,
        "base_urls": module.BaseUrls(chakra_process_api=sim.base_url),
    }
    arguments.update(overrides)
    return run_workflow(module, "bulk_update_processes", mode, slept, **arguments)


def assert_one_exact_request_per_attempt(
    sim: ChakraSimulator, attempts: int, procedure: str = "tele_sales"
) -> None:
    requests = sim.requests
    assert len(requests) == attempts
    for request in requests:
        assert (request.method, request.path, request.query) == (
            "PATCH",
            f"/v1/procedure/{procedure}/process",
            "",
        )
        assert request.header("Authorization") == f"Bearer {TOKEN}"
        assert request.header("Content-Type") == "application/json"
        assert request.json == {"processes": PROCESSES}


def assert_secret_free(error: BaseException, *secrets: str) -> None:
    texts = [
        str(error),
        repr(error),
        repr(error.args),
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    ]
    body = getattr(error, "body", None)
    if body is not None:
        texts.append(body)
    for secret in secrets:
        for text in texts:
            assert secret not in text


def test_success_returns_the_wrapper_parts(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    slept: list[float] = []
    result = run(chakra_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, 1)
    assert (result.data, result.meta, result.errors) == (ACK_DATA, ACK_META, [])
    assert sim.accepted == [Accepted(TELE_SALES.id, PROCESSES)]
    assert slept == []


def test_the_procedure_id_works_as_well_as_the_short_id(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    result = run(chakra_module, mode, sim, [], procedure=TELE_SALES.id)
    assert_one_exact_request_per_attempt(sim, 1, TELE_SALES.id)
    assert result.errors == []


@pytest.mark.parametrize(
    ("statuses", "retry_after", "waits"),
    [
        ((429,), "0", []),
        ((429, 429), "2", [2.0, 2.0]),
        ((503,), "5", [5.0]),
        ((429, 503, 429), None, [1.0, 1.0, 1.0]),
    ],
    ids=["429-retry-after-0", "429-twice", "503", "429-503-429-no-retry-after"],
)
def test_429_or_503_then_success(
    chakra_module: ModuleType,
    mode: str,
    sim: ChakraSimulator,
    statuses: tuple[int, ...],
    retry_after: str | None,
    waits: list[float],
) -> None:
    for status in statuses:
        sim.script(sim.error(status, "Busy.", retry_after=retry_after))
    slept: list[float] = []
    result = run(chakra_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, len(statuses) + 1)
    assert (result.data, result.meta, result.errors) == (ACK_DATA, ACK_META, [])
    assert len(sim.accepted) == 1
    # Retry-After overrules retryAfter (1 s); a zero wait is no wait at all
    assert slept == waits


def test_retries_exhausted_fail_the_step_after_three_retries(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    for status in (503, 429, 429, 503, 429):
        sim.script(sim.error(status, "Busy.", retry_after="1"))
    slept: list[float] = []
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, 4)
    assert sim.scripted_left == 1
    assert slept == [1.0, 1.0, 1.0]
    error = caught.value
    assert (error.workflow_id, error.step_id, error.status_code) == (
        "bulk-update-processes",
        "bulkUpdateProcesses",
        503,
    )
    assert json.loads(error.body) == {
        "_data": {},
        "_meta": {},
        "_errors": [{"message": "Busy.", "request_authorization": "Bearer [REDACTED]"}],
    }
    assert_secret_free(error, TOKEN)
    assert sim.accepted == []


def test_non_empty_errors_in_a_2xx_wrapper_fail_the_step(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    sim.script(sim.rejected("processes[0]: no such lead", "processes[2]: locked"))
    slept: list[float] = []
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, 1)  # not retried
    assert slept == []
    error = caught.value
    assert (error.workflow_id, error.step_id, error.status_code) == (
        "bulk-update-processes",
        "bulkUpdateProcesses",
        200,
    )
    assert "'bulkUpdateProcesses'" in str(error)
    assert json.loads(error.body)["_errors"] == [
        {"message": "processes[0]: no such lead", "request_authorization": "Bearer [REDACTED]"},
        {"message": "processes[2]: locked", "request_authorization": "Bearer [REDACTED]"},
    ]
    assert_secret_free(error, TOKEN)


def test_a_2xx_wrapper_without_errors_member_fails_the_step(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    # the criterion asks for an empty `_errors`; a wrapper without one is not success
    sim.script(Answer(200, {"_data": {}, "_meta": {}}))
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, [])
    assert caught.value.status_code == 200


def test_any_2xx_with_empty_errors_succeeds(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    sim.script(Answer(202, {"_data": {"queued": True}, "_meta": {}, "_errors": []}))
    result = run(chakra_module, mode, sim, [])
    assert (result.data, result.meta, result.errors) == ({"queued": True}, {}, [])


def test_an_invalid_body_fails_with_the_api_errors(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    flat = [{"lead_id": "LEAD-910", "update": {"status": "DONE"}}]
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, [], processes=flat)
    assert caught.value.status_code == 400
    assert json.loads(caught.value.body)["_errors"] == [
        {"message": "`processes[0].update.status` must be one of OPEN, COMPLETED, CANCELLED."}
    ]
    assert len(sim.requests) == 1


def test_401_fails_at_once_without_the_token(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    wrong = "chk_wrong_0f9e8d7c6b5a"
    slept: list[float] = []
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, slept, access_token=wrong)
    error = caught.value
    assert (error.step_id, error.status_code) == ("bulkUpdateProcesses", 401)
    assert json.loads(error.body)["_errors"] == [
        {
            "message": "The access token is missing or invalid.",
            "request_authorization": "Bearer [REDACTED]",
        }
    ]
    assert_secret_free(error, wrong, TOKEN)
    assert len(sim.requests) == 1
    assert slept == []


def test_an_unknown_procedure_is_a_404_failure(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, [], procedure="no such/procedure")
    assert caught.value.status_code == 404
    assert sim.requests[0].path == "/v1/procedure/no%20such%2Fprocedure/process"


def test_a_malformed_json_body_on_200_fails_the_step(
    chakra_module: ModuleType, mode: str, sim: ChakraSimulator
) -> None:
    # The `_errors` criterion needs a JSON body: broken JSON is not success.
    raw = f'{{"_data": {{}}, "_errors": [], "token": "{TOKEN}", "_meta": '
    sim.script(Answer(200, raw=raw.encode()))
    slept: list[float] = []
    with pytest.raises(chakra_module.StepFailedError) as caught:
        run(chakra_module, mode, sim, slept)
    error = caught.value
    assert (error.step_id, error.status_code) == ("bulkUpdateProcesses", 200)
    assert error.body == raw.replace(TOKEN, "[REDACTED]")
    assert_secret_free(error, TOKEN)
    assert len(sim.requests) == 1
    assert slept == []
