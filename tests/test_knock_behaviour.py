"""The generated Knock module, run against a simulated Knock API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from knock_server import DEFAULT_BULK_OPERATION_ID, DEFAULT_RUN_ID, KnockSimulator

API_KEY = "sk_test_123"
OBJECTS = [{"id": "project_1", "name": "One"}, {"id": "project_2", "name": "Two"}]


@pytest.fixture
def sim() -> Iterator[KnockSimulator]:
    with KnockSimulator(api_key=API_KEY) as simulator:
        yield simulator


class Run:
    """Calls the workflow function, sync or its async twin (each test runs with both),
    with a simulator's base URLs; waits are recorded in ``slept``, never slept."""

    def __init__(self, flavor: str) -> None:
        self.flavor = flavor
        self.slept: list[float] = []

    def __call__(self, module: ModuleType, sim: KnockSimulator, **overrides: Any) -> Any:
        urls = module.BaseUrls(
            knock_objects_api=sim.base_url,
            knock_bulk_operations_api=sim.base_url,
            knock_workflows_api=sim.base_url,
        )
        arguments: dict[str, Any] = {
            "api_key": API_KEY,
            "collection": "projects",
            "objects": OBJECTS,
            "notify_object_id": "project_1",
            "workflow_key": "new-comment",
            "base_urls": urls,
            "repeat_delay": 0,
        }
        arguments.update(overrides)
        if self.flavor == "sync":
            with httpx.Client(timeout=10) as client:
                return module.bulk_set_objects_notify(
                    client=client, sleep=self.slept.append, **arguments
                )

        async def sleep(seconds: float) -> None:
            self.slept.append(seconds)

        async def main() -> Any:
            async with httpx.AsyncClient(timeout=10) as client:
                return await module.bulk_set_objects_notify_async(
                    client=client, sleep=sleep, **arguments
                )

        return asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Run:
    return Run(request.param)


def test_polls_until_completed_then_triggers(
    run: Run, knock_module: ModuleType, sim: KnockSimulator
) -> None:
    result = run(knock_module, sim, data={"note": "hello"})

    assert result.bulk_status == "completed"
    assert result.workflow_run_id == DEFAULT_RUN_ID
    assert result.bulk_operation_id == DEFAULT_BULK_OPERATION_ID
    calls = [(r.method, r.path) for r in sim.requests]
    assert calls == [
        ("POST", "/v1/objects/projects/bulk/set"),
        ("GET", f"/v1/bulk_operations/{DEFAULT_BULK_OPERATION_ID}"),
        ("GET", f"/v1/bulk_operations/{DEFAULT_BULK_OPERATION_ID}"),
        ("GET", f"/v1/bulk_operations/{DEFAULT_BULK_OPERATION_ID}"),
        ("POST", "/v1/workflows/new-comment/trigger"),
    ]
    assert all(r.header("Authorization") == f"Bearer {API_KEY}" for r in sim.requests)
    assert sim.requests[0].json == {"objects": OBJECTS}
    assert sim.requests[1].body == b""
    assert sim.requests[4].json == {
        "recipients": [{"id": "project_1", "collection": "projects"}],
        "data": {"note": "hello"},
    }


def test_omitted_optional_input_is_left_out_of_the_payload(
    run: Run, knock_module: ModuleType, sim: KnockSimulator
) -> None:
    run(knock_module, sim)
    assert sim.requests[-1].json == {"recipients": [{"id": "project_1", "collection": "projects"}]}


def test_failed_bulk_operation_falls_through_to_the_next_step(
    run: Run,
    knock_module: ModuleType,
) -> None:
    # Neither onSuccess action matches `failed`, so per the spec the next step runs.
    with KnockSimulator(api_key=API_KEY, poll_statuses=("processing", "failed")) as sim:
        result = run(knock_module, sim)
    assert result.bulk_status == "failed"
    assert [r.method for r in sim.requests] == ["POST", "GET", "GET", "POST"]


def test_non_200_raises_step_failed_without_the_api_key(run: Run, knock_module: ModuleType) -> None:
    with (
        KnockSimulator(api_key=API_KEY, bulk_set_status=500) as sim,
        pytest.raises(knock_module.StepFailedError) as caught,
    ):
        run(knock_module, sim)
    error = caught.value
    assert error.workflow_id == "bulk-set-objects-notify"
    assert error.step_id == "bulkSetObjects"
    assert error.status_code == 500
    assert "bulkSetObjects" in str(error) and "500" in str(error)
    # the simulator echoes the Authorization header in its error body
    assert "[REDACTED]" in error.body
    for text in (str(error), repr(error), error.body, repr(error.args)):
        assert API_KEY not in text
    assert len(sim.requests) == 1


def test_wrong_key_is_a_step_failure(
    run: Run, knock_module: ModuleType, sim: KnockSimulator
) -> None:
    with pytest.raises(knock_module.StepFailedError) as caught:
        run(knock_module, sim, api_key="sk_wrong")
    assert caught.value.status_code == 401
    assert "sk_wrong" not in str(caught.value) + caught.value.body


def test_trigger_failure_names_the_last_step(run: Run, knock_module: ModuleType) -> None:
    with (
        KnockSimulator(api_key=API_KEY, trigger_status=422) as sim,
        pytest.raises(knock_module.StepFailedError) as caught,
    ):
        run(knock_module, sim)
    assert caught.value.step_id == "notifyObject"
    assert caught.value.status_code == 422


def test_poll_loop_is_bounded(run: Run, knock_module: ModuleType) -> None:
    with (
        KnockSimulator(api_key=API_KEY, poll_statuses=("processing",)) as sim,
        pytest.raises(knock_module.LoopLimitError) as caught,
    ):
        run(knock_module, sim, max_repeats=3)
    assert caught.value.step_id == "pollBulkOperation"
    assert sim.poll_count == 4  # the first run and three repeats
    assert "would run again after 4 runs" in str(caught.value)
    assert "allows one run and 3 repeats" in str(caught.value)
    assert [r.method for r in sim.requests].count("POST") == 1


def test_waits_between_repeats(run: Run, knock_module: ModuleType, sim: KnockSimulator) -> None:
    run(knock_module, sim, repeat_delay=0.25)
    assert run.slept == [0.25, 0.25]  # before the second and third poll


def test_waits_through_time_sleep_and_asyncio_sleep_by_default(
    knock_module: ModuleType,
) -> None:
    sync = inspect.signature(knock_module.bulk_set_objects_notify).parameters
    twin = inspect.signature(knock_module.bulk_set_objects_notify_async).parameters
    assert sync["sleep"].default is time.sleep
    assert twin["sleep"].default is asyncio.sleep
    assert inspect.iscoroutinefunction(knock_module.bulk_set_objects_notify_async)
    assert [p for p in sync if p != "sleep"] == [p for p in twin if p != "sleep"]


def test_async_twin_creates_and_closes_its_own_client(
    knock_module: ModuleType, sim: KnockSimulator
) -> None:
    urls = knock_module.BaseUrls(
        knock_objects_api=sim.base_url,
        knock_bulk_operations_api=sim.base_url,
        knock_workflows_api=sim.base_url,
    )
    result = asyncio.run(
        knock_module.bulk_set_objects_notify_async(
            api_key=API_KEY,
            collection="c",
            objects=OBJECTS,
            notify_object_id="x",
            workflow_key="wf",
            base_urls=urls,
            repeat_delay=0,
        )
    )
    assert (result.bulk_status, result.workflow_run_id) == ("completed", DEFAULT_RUN_ID)
    assert len(sim.requests) == 5


def test_waits_through_time_sleep_by_default(knock_module: ModuleType) -> None:
    for name in ("bulk_set_objects_notify", "bulk_set_objects_notify_async"):
        parameters = inspect.signature(getattr(knock_module, name)).parameters
        assert parameters["sleep"].kind is inspect.Parameter.KEYWORD_ONLY


def test_creates_and_closes_its_own_client(knock_module: ModuleType, sim: KnockSimulator) -> None:
    urls = knock_module.BaseUrls(
        knock_objects_api=sim.base_url + "/",
        knock_bulk_operations_api=sim.base_url,
        knock_workflows_api=sim.base_url,
    )
    result = knock_module.bulk_set_objects_notify(
        api_key=API_KEY,
        collection="a b/c",
        objects=OBJECTS,
        notify_object_id="x",
        workflow_key="wf",
        base_urls=urls,
        repeat_delay=0,
    )
    assert result.bulk_status == "completed"
    # path parameters are percent-encoded; a trailing slash on a base URL is harmless
    assert sim.requests[0].path == "/v1/objects/a%20b%2Fc/bulk/set"


def test_default_base_urls_come_from_the_openapi_servers(knock_module: ModuleType) -> None:
    urls = knock_module.BaseUrls()
    assert urls.knock_objects_api == "https://api.knock.app"
    assert urls.knock_bulk_operations_api == "https://api.knock.app"
    assert urls.knock_workflows_api == "https://api.knock.app"
