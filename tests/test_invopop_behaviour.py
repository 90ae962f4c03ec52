"""The generated Invopop module, run against the simulated Invopop API on 127.0.0.1."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from api_simulator import Answer
from flow_runner import MODES, run_workflow
from invopop_server import InvopopSimulator, content_hash

TOKEN = "inv_live_5f1e0c9b7a2d4e3f"
WORKFLOW_ID = "186522a6-e697-4e34-8498-eee961bcb845"
STEP_ID = "0b7e0f54-4c1a-4e0c-9d55-3f1e4b2d9a10"
STEPS: list[dict[str, Any]] = [
    {
        "action": "email.send",
        "config": {"to": "billing@example.com"},
        "id": STEP_ID,
        "name": "Send the invoice",
        "next": [{"status": "OK", "stop": True}],
        "summary": "email the PDF",
    }
]
REQUIRED = {"name": "Email invoices", "schema": "bill/invoice", "steps": STEPS}
OPTIONAL = {"description": "Send each invoice by email", "country": "ES"}
PATH = f"/transform/v1/workflows/{WORKFLOW_ID}"

pytestmark = pytest.mark.parametrize("mode", MODES)


@pytest.fixture
def sim() -> Iterator[InvopopSimulator]:
    with InvopopSimulator(token=TOKEN) as simulator:
        yield simulator


def run(
    module: ModuleType, mode: str, sim: InvopopSimulator, slept: list[float], **overrides: Any
) -> Any:
    arguments: dict[str, Any] = {
        "api_key": TOKEN,
        "workflow_id": WORKFLOW_ID,
        **REQUIRED,
        **OPTIONAL,
        "base_urls": module.BaseUrls(invopop_transform_api=sim.base_url),
    }
    arguments.update(overrides)
    return run_workflow(module, "create_workflow", mode, slept, **arguments)


def assert_one_exact_request_per_attempt(
    sim: InvopopSimulator, attempts: int, body: dict[str, Any]
) -> None:
    requests = sim.requests
    assert len(requests) == attempts
    for request in requests:
        assert (request.method, request.path, request.query) == ("PUT", PATH, "")
        assert request.header("Authorization") == f"Bearer {TOKEN}"
        assert request.header("Content-Type") == "application/json"
        assert request.json == body


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


def test_success_creates_the_workflow(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    slept: list[float] = []
    result = run(invopop_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, 1, {**REQUIRED, **OPTIONAL})
    assert (result.id_, result.hash_, result.version) == (
        WORKFLOW_ID,
        content_hash({**REQUIRED, **OPTIONAL}),
        "1",
    )
    assert (result.draft, result.disabled) == (False, False)
    assert sim.workflows[WORKFLOW_ID]["name"] == "Email invoices"
    assert slept == []


def test_optional_inputs_left_out_are_not_sent(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    slept: list[float] = []
    result = run(invopop_module, mode, sim, slept, description=None, country=None)
    assert_one_exact_request_per_attempt(sim, 1, REQUIRED)
    assert result.hash_ == content_hash(REQUIRED)


def test_put_to_an_existing_id_answers_200_and_succeeds(
    invopop_module: ModuleType, mode: str
) -> None:
    with InvopopSimulator(token=TOKEN, draft=True) as sim:
        slept: list[float] = []
        first = run(invopop_module, mode, sim, slept)
        second = run(invopop_module, mode, sim, slept, name="Renamed")
    assert [r.method for r in sim.requests] == ["PUT", "PUT"]
    assert (first.version, second.version) == ("1", "2")
    assert second.hash_ != first.hash_
    assert second.draft is True


@pytest.mark.parametrize(
    ("retry_after", "waits"),
    [("0", []), ("2", [2.0, 2.0]), (None, [1.0, 1.0])],
    ids=["retry-after-0", "retry-after-2", "no-retry-after"],
)
def test_429_then_success_retries_after_retry_after(
    invopop_module: ModuleType,
    mode: str,
    sim: InvopopSimulator,
    retry_after: str | None,
    waits: list[float],
) -> None:
    sim.script(sim.error(429, "Too many requests.", retry_after=retry_after), times=2)
    slept: list[float] = []
    result = run(invopop_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, 3, {**REQUIRED, **OPTIONAL})
    assert result.id_ == WORKFLOW_ID
    assert result.version == "1"
    # Retry-After overrules retryAfter (1 s); a zero wait is no wait at all
    assert slept == waits


def test_retries_exhausted_fail_the_step_after_three_retries(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    sim.script(sim.error(429, "Too many requests.", retry_after="3"), times=4)
    slept: list[float] = []
    with pytest.raises(invopop_module.StepFailedError) as caught:
        run(invopop_module, mode, sim, slept)

    assert_one_exact_request_per_attempt(sim, 4, {**REQUIRED, **OPTIONAL})
    assert slept == [3.0, 3.0, 3.0]
    error = caught.value
    assert (error.workflow_id, error.step_id, error.status_code) == (
        "create-workflow",
        "createWorkflow",
        429,
    )
    assert str(error) == "workflow 'create-workflow' failed at step 'createWorkflow': HTTP 429"
    # the simulator echoes the Authorization header in its error body
    assert '"request_authorization": "Bearer [REDACTED]"' in error.body
    assert_secret_free(error, TOKEN)
    assert sim.workflows == {}


def test_a_fifth_answer_is_never_requested(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    sim.script(sim.error(429, "Too many requests.", retry_after="0"), times=5)
    with pytest.raises(invopop_module.StepFailedError):
        run(invopop_module, mode, sim, [])
    assert sim.scripted_left == 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_not_retried(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator, status: int
) -> None:
    sim.script(sim.error(status, "Unavailable.", retry_after="0"))
    slept: list[float] = []
    with pytest.raises(invopop_module.StepFailedError) as caught:
        run(invopop_module, mode, sim, slept)
    assert caught.value.status_code == status
    assert len(sim.requests) == 1
    assert slept == []
    assert_secret_free(caught.value, TOKEN)


def test_401_fails_at_once_without_the_key(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    wrong = "inv_wrong_9d8c7b6a5f4e"
    slept: list[float] = []
    with pytest.raises(invopop_module.StepFailedError) as caught:
        run(invopop_module, mode, sim, slept, api_key=wrong)
    error = caught.value
    assert (error.step_id, error.status_code) == ("createWorkflow", 401)
    assert error.body == (
        '{"message": "The token is missing or invalid.", '
        '"request_authorization": "Bearer [REDACTED]"}'
    )
    assert_secret_free(error, wrong, TOKEN)
    assert len(sim.requests) == 1
    assert slept == []


def test_a_rejected_body_fails_with_the_api_message(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    with pytest.raises(invopop_module.StepFailedError) as caught:
        run(invopop_module, mode, sim, [], steps=[{"id": "not-a-uuid"}])
    assert caught.value.status_code == 422
    assert caught.value.body == '{"message": "`steps[0].id` must be a UUID."}'


def test_a_malformed_json_body_on_200(
    invopop_module: ModuleType, mode: str, sim: InvopopSimulator
) -> None:
    # Changed on purpose (issue 11): the operation declares JSON, so a 200 whose body
    # is not JSON fails the step (it used to succeed with every output None). The
    # error names the step and the status and carries the body, redacted.
    cut = b'{"id": "186522a6-e697-4e34-8498-eee961bcb845", "token": "' + TOKEN.encode()
    sim.script(Answer(200, raw=cut))
    with pytest.raises(invopop_module.MalformedBodyError) as caught:
        run(invopop_module, mode, sim, [])
    error = caught.value
    assert isinstance(error, invopop_module.StepFailedError)
    assert (error.step_id, error.status_code) == ("createWorkflow", 200)
    assert "HTTP 200 with a body that is not JSON" in str(error)
    assert error.body == cut.decode().replace(TOKEN, "[REDACTED]")
    assert_secret_free(error, TOKEN)
    assert len(sim.requests) == 1
