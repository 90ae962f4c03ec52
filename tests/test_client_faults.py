"""The generated client against a hostile server on 127.0.0.1 (tests/fault_server.py):
a gzip bomb, a server dripping its body or its headers, a reset connection, HTML or a
cut-off document on 200, JSON nested too deep, a redirect loop, credentials echoed in
every encoding, a null id, a credential that is not ASCII.

Each case asserts the typed error (workflow, step, limit or status), that no secret
shows in its text, repr, arguments, traceback or any exception it chains, and that it
survives pickling; every case runs the sync function and its async twin.

Before (issue 11): the bomb took ~1 GB, the drip held the call for the whole drip, a
200 with HTML succeeded with every output None and the next request went to
``/items/null``, a redirect loop raised httpx.TooManyRedirects itself, a non-ASCII key
raised a UnicodeEncodeError that carried it, and the errors could not be unpickled.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import time
import traceback
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import import_source
from fault_server import DRIP_BYTES, DRIP_DELAY, FaultServer, echoes

from arazzogen.api import compile_document

ITEM = {
    "get": {
        "operationId": "getItem",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "X-Api-Key", "in": "header", "schema": {"type": "string"}},
            {"name": "Authorization", "in": "header", "schema": {"type": "string"}},
        ],
        "responses": {
            "200": {
                "description": "the item",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    }
}
OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Items", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:9"}],
    "paths": {"/items/{id}": ITEM},
}


def _get(step_id: str, item: str, **extra: Any) -> dict[str, Any]:
    return {
        "stepId": step_id,
        "operationId": "getItem",
        "parameters": [
            {"name": "id", "in": "path", "value": item},
            {"name": "X-Api-Key", "in": "header", "value": "$inputs.api_key"},
            {
                "name": "Authorization",
                "in": "header",
                "value": "Basic {$inputs.user}:{$inputs.password}",
            },
        ],
        "successCriteria": [{"condition": "$statusCode == 200"}],
        "outputs": {"next": "$response.body#/next"},
        **extra,
    }


INPUTS = {
    "type": "object",
    "required": ["item", "api_key", "user", "password"],
    "properties": {
        "item": {"type": "string"},
        "api_key": {"type": "string"},
        "user": {"type": "string"},
        "password": {"type": "string"},
    },
}
ARAZZO: dict[str, Any] = {
    "arazzo": "1.0.1",
    "info": {"title": "Faults", "version": "1"},
    "sourceDescriptions": [{"name": "items", "url": "items.openapi.json", "type": "openapi"}],
    "workflows": [
        {
            "workflowId": "fetch",
            "inputs": INPUTS,
            "steps": [
                _get("get", "$inputs.item"),
                _get("follow", "$steps.get.outputs.next"),
            ],
            "outputs": {"next": "$steps.follow.outputs.next"},
        },
        {
            "workflowId": "tolerant",
            "inputs": INPUTS,
            "steps": [
                _get("get", "$inputs.item", onFailure=[{"name": "giveUp", "type": "end"}])
            ],
            "outputs": {"next": "$steps.get.outputs.next"},
        },
    ],
}

API_KEY = "sk_live/ABC+def=ghi/\"q\" &x"
USER = "alice"
PASSWORD = "p@ss/w0rd +&="
SECRETS = (API_KEY, PASSWORD)


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("faults")
    (folder / "items.openapi.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    doc = folder / "faults.arazzo.json"
    doc.write_text(json.dumps(ARAZZO), encoding="utf-8")
    outcome = compile_document(doc, output=folder / "faults_flow.py")
    assert outcome.module is not None, outcome.diagnostics
    return import_source("faults_flow", outcome.module, folder)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def call(
    module: Any,
    server: FaultServer,
    mode: str,
    item: str,
    *,
    workflow: str = "fetch",
    **options: Any,
) -> Any:
    """Run a workflow against the fault server, sync or async, with its own client."""
    follow = options.pop("follow_redirects", False)
    arguments = {
        "item": item,
        "api_key": options.pop("api_key", API_KEY),
        "user": USER,
        "password": PASSWORD,
        "base_urls": module.BaseUrls(items=server.base_url),
        **options,
    }
    if mode == "sync":
        with httpx.Client(follow_redirects=follow, max_redirects=3) as client:
            return getattr(module, workflow)(client=client, **arguments)

    async def run() -> Any:
        async with httpx.AsyncClient(follow_redirects=follow, max_redirects=3) as client:
            return await getattr(module, f"{workflow}_async")(client=client, **arguments)

    return asyncio.run(run())


def chain(error: BaseException) -> list[BaseException]:
    """The error and every exception it chains (cause or context), each once."""
    found: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and link not in found:
        found.append(link)
        link = link.__cause__ or link.__context__
    return found


def assert_safe(error: BaseException, *secrets: str) -> None:
    """No secret, in any form a server may echo it, shows anywhere in the error; and
    it survives pickling with its message and attributes."""
    texts = ["".join(traceback.format_exception(error))]
    for link in chain(error):
        texts += [str(link), repr(link), repr(link.args), repr(vars(link))]
    shown = "\n".join(texts)
    for secret in secrets:
        for form in echoes({"X-Api-Key": secret, "Authorization": f"Basic {USER}:{secret}"}):
            assert form not in shown, form
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (str(copy), vars(copy)) == (str(error), vars(error))


def test_a_gzip_bomb_stops_at_the_cap(faults: Any, server: FaultServer, mode: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(faults.StepLimitError) as caught:
            call(faults, server, mode, "bomb", max_response_bytes=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = caught.value
    assert (error.workflow_id, error.step_id, error.limit) == ("fetch", "get", "max_response_bytes")
    assert "max_response_bytes=1048576" in str(error)
    # 300 MiB behind 300 KB: never more than the cap (and the compressed body) in memory
    assert peak < 8 << 20, peak
    assert isinstance(error, faults.StepTransportError)
    assert_safe(error, *SECRETS)


def test_a_gzip_body_under_the_cap_is_read(faults: Any, server: FaultServer, mode: str) -> None:
    # 8 MiB of zeros behind 8 KB is within a cap of 8 MiB: the cap counts decompressed
    # bytes exactly, it does not refuse compression as such
    with pytest.raises(faults.MalformedBodyError) as caught:  # zeros are not JSON
        call(faults, server, mode, "small-bomb", max_response_bytes=8 << 20)
    assert caught.value.status_code == 200


def test_a_dripping_body_is_cut_at_the_deadline(
    faults: Any, server: FaultServer, mode: str
) -> None:
    start = time.monotonic()
    with pytest.raises(faults.StepLimitError) as caught:
        call(faults, server, mode, "drip", deadline=0.4, timeout=30.0)
    elapsed = time.monotonic() - start
    assert (caught.value.step_id, caught.value.limit) == ("get", "deadline")
    assert "deadline=0.4 seconds" in str(caught.value)
    # the per-read timeout (30 s) never fires: each byte comes within 0.1 s
    assert elapsed < 0.4 + 4 * DRIP_DELAY < DRIP_BYTES * DRIP_DELAY
    assert_safe(caught.value, *SECRETS)


def test_dripping_headers_are_cut_at_the_deadline_async(
    faults: Any, server: FaultServer
) -> None:
    # the async twin waits under asyncio.wait_for: the deadline holds before the headers
    # too (the sync function bounds each read by it; see the README)
    start = time.monotonic()
    with pytest.raises(faults.StepLimitError) as caught:
        call(faults, server, "async", "drip-headers", deadline=0.4)
    assert time.monotonic() - start < 0.4 + 4 * DRIP_DELAY
    assert caught.value.limit == "deadline"


def test_a_limit_fails_the_step_so_its_failure_actions_apply(
    faults: Any, server: FaultServer, mode: str
) -> None:
    # onFailure `end`: the workflow ends instead of raising
    result = call(faults, server, mode, "bomb", workflow="tolerant", max_response_bytes=1 << 20)
    assert result.next_ is None
    result = call(faults, server, mode, "drip", workflow="tolerant", deadline=0.3)
    assert result.next_ is None


def test_a_reset_connection_is_a_transport_error(
    faults: Any, server: FaultServer, mode: str
) -> None:
    with pytest.raises(faults.StepTransportError) as caught:
        call(faults, server, mode, "reset")
    error = caught.value
    assert not isinstance(error, faults.StepLimitError)
    assert isinstance(error.__cause__, httpx.TransportError)
    assert error.reason == type(error.__cause__).__name__
    assert_safe(error, *SECRETS)


@pytest.mark.parametrize("case", ["malformed", "cut"])
def test_a_200_that_is_not_json_fails_the_step(
    faults: Any, server: FaultServer, mode: str, case: str
) -> None:
    before = len(server.paths)
    with pytest.raises(faults.MalformedBodyError) as caught:
        call(faults, server, mode, case)
    error = caught.value
    assert (error.workflow_id, error.step_id, error.status_code) == ("fetch", "get", 200)
    assert "HTTP 200 with a body that is not JSON" in str(error)
    assert error.body.count("[REDACTED]") >= 5
    assert_safe(error, *SECRETS)
    # the next step never ran (it used to request /items/null)
    assert server.paths[before:] == [f"/items/{case}"]


def test_deeply_nested_json_is_a_limit(faults: Any, server: FaultServer, mode: str) -> None:
    with pytest.raises(faults.StepLimitError) as caught:
        call(faults, server, mode, "deep")
    assert (caught.value.step_id, caught.value.limit) == ("get", "nesting depth")
    assert_safe(caught.value, *SECRETS)


def test_a_redirect_loop_is_a_transport_error(
    faults: Any, server: FaultServer, mode: str
) -> None:
    with pytest.raises(faults.StepTransportError) as caught:
        call(faults, server, mode, "loop", follow_redirects=True)
    assert caught.value.reason == "TooManyRedirects"
    assert isinstance(caught.value.__cause__, httpx.TooManyRedirects)
    assert_safe(caught.value, *SECRETS)


def test_echoed_credentials_are_redacted(faults: Any, server: FaultServer, mode: str) -> None:
    with pytest.raises(faults.StepFailedError) as caught:
        call(faults, server, mode, "echo")
    error = caught.value
    assert error.status_code == 401
    assert json.loads(error.body) == dict.fromkeys(
        ["raw", "slashes", "url", "plus", "basic"], "[REDACTED]"
    )
    assert_safe(error, *SECRETS)


def test_a_null_path_value_is_never_sent(faults: Any, server: FaultServer, mode: str) -> None:
    before = len(server.paths)
    with pytest.raises(faults.StepRequestError) as caught:
        call(faults, server, mode, "null")
    error = caught.value
    assert (error.workflow_id, error.step_id) == ("fetch", "follow")
    assert error.reason == "path parameter 'id' is null"
    assert server.paths[before:] == ["/items/null"]  # the first step's only
    assert_safe(error, *SECRETS)


def test_a_non_ascii_credential_is_not_carried_by_the_error(
    faults: Any, server: FaultServer, mode: str
) -> None:
    key = "sk_live_\u00e9l\u00e8ve_secret"
    before = len(server.paths)
    with pytest.raises(faults.StepRequestError) as caught:
        call(faults, server, mode, "ok", api_key=key)
    error = caught.value
    assert "not ASCII" in error.reason
    assert error.__context__ is None or isinstance(error.__cause__, Exception)
    assert all(not isinstance(link, UnicodeError) for link in chain(error))
    assert_safe(error, key, *SECRETS)
    assert server.paths[before:] == []


def test_a_chained_error_showing_a_secret_is_replaced(faults: Any) -> None:
    shown = httpx.ConnectError(f"cannot reach https://u:{PASSWORD}@host/?key={API_KEY}")
    error = faults._step_error(shown, "fetch", "get", SECRETS)
    assert isinstance(error, faults.StepTransportError) and error.reason == "ConnectError"
    assert error.__cause__ is not shown and "[REDACTED]" in str(error.__cause__)
    assert_safe(error, *SECRETS)
    clean = httpx.ConnectError("connection refused")
    assert faults._step_error(clean, "fetch", "get", SECRETS).__cause__ is clean


def test_every_error_class_pickles(faults: Any) -> None:
    errors = [
        faults.WorkflowError("stopped", workflow_id="w", step_id="s"),
        faults.StepFailedError(workflow_id="w", step_id="s", status_code=500, body="x"),
        faults.MalformedBodyError(workflow_id="w", step_id="s", status_code=200, body="<"),
        faults.StepTransportError(workflow_id="w", step_id="s", reason="ReadError"),
        faults.StepLimitError(workflow_id="w", step_id="s", limit="deadline", reason="slow"),
        faults.StepRequestError(workflow_id="w", step_id="s", reason="null"),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), vars(copy)) == (type(error), str(error), vars(error))


def test_the_limits_are_keyword_arguments_of_both_twins(faults: Any) -> None:
    import inspect

    for function in (faults.fetch, faults.fetch_async):
        parameters = inspect.signature(function).parameters
        assert parameters["max_response_bytes"].default == 10 * 1024 * 1024
        assert parameters["deadline"].default == 120.0
        assert parameters["max_response_bytes"].kind is inspect.Parameter.KEYWORD_ONLY


def test_a_normal_run_still_succeeds(faults: Any, server: FaultServer, mode: str) -> None:
    assert call(faults, server, mode, "ok").next_ == "ok"


def test_the_cap_holds_for_a_body_the_transport_already_read(faults: Any) -> None:
    # a transport that hands over a read body (httpx.MockTransport): counted after
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"next": "x" * 2000})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client, pytest.raises(
        faults.StepLimitError
    ) as caught:
        faults.fetch(
            item="a", api_key="k", user="u", password="p", client=client, max_response_bytes=1000
        )
    assert caught.value.limit == "max_response_bytes"


def test_source_mentions_no_module_outside_stdlib_and_httpx(faults: Any) -> None:
    source = Path(faults.__file__).read_text(encoding="utf-8")
    imported = {
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from "))
    }
    allowed = {"asyncio", "base64", "json", "re", "time", "zlib", "collections", "dataclasses"}
    assert imported <= allowed | {"typing", "urllib", "httpx"}
