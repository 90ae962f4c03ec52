"""Every compiler feature, compiled from a small document and run against a local server.

Each document in tests/features/ (with its OpenAPI files) is compiled once per session;
the modules must compile without errors, parse, pass ``mypy --strict`` (one run over
all of them) and ``ruff``, and be deterministic. The tests then call the generated
workflow functions against :class:`feature_server.FeatureServer` and assert the exact
requests sent and the result returned or the exception raised.
"""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import import_source
from feature_server import FeatureServer as Server
from feature_server import Reply
from features.harness import (
    DOCUMENTS,
    FLAVOR,
    LINT_BUGS,
    compile_feature,
    compile_in_subprocess,
    input_signature,
    mypy_report,
    ruff_report,
    run,
    with_known_bugs,
)
from module_checks import format_report

Mods = dict[str, Any]  # document name -> its imported module


@pytest.fixture(scope="session")
def sources() -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in DOCUMENTS:
        outcome = compile_feature(name)
        errors = [d for d in outcome.diagnostics if d.severity.value == "error"]
        assert outcome.module is not None and not errors, (name, errors)
        texts[name] = outcome.module
    return texts


@pytest.fixture(scope="session")
def module_dir(sources: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("feature_modules")
    for name, text in sources.items():
        (directory / f"feature_{name}.py").write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def mods(sources: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Mods:
    directory = tmp_path_factory.mktemp("feature_imports")
    return {n: import_source(f"feature_{n}", text, directory) for n, text in sources.items()}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that calls a workflow against the server runs with the sync function
    and with its async twin."""
    if "server" in metafunc.fixturenames:
        metafunc.parametrize("flavor", ["sync", "async"], indirect=True)


@pytest.fixture(autouse=True)
def flavor(request: pytest.FixtureRequest) -> Iterator[str]:
    FLAVOR["current"] = getattr(request, "param", "sync")
    yield FLAVOR["current"]
    FLAVOR["current"] = "sync"


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as running:
        yield running
    assert not running.errors


# ---------------------------------------------------------------- every module


def test_diagnostics_are_exactly_the_expected_warnings() -> None:
    for name, expected in DOCUMENTS.items():
        outcome = compile_feature(name)
        codes = {d.code for d in outcome.diagnostics if d.severity.value != "note"}
        assert codes == expected, name
        assert all(d.severity.value != "error" for d in outcome.diagnostics)


def test_modules_parse_and_import_only_httpx_and_stdlib(sources: dict[str, str]) -> None:
    for name, text in sources.items():
        tree = ast.parse(text, filename=name)
        imported = {
            (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert {m.split(".")[0] for m in imported} - set(sys.stdlib_module_names) == {"httpx"}


def test_only_a_workflow_that_can_wait_takes_sleep(mods: Mods) -> None:
    for name, function, waits in [
        ("linear", "create_and_fetch", False),
        ("flow", "failures", False),  # actions, but it neither repeats nor retries
        ("flow", "poll", True),  # a goto that repeats its step
        ("errors", "loop", True),
    ]:
        for suffix, default in (("", "time.sleep"), ("_async", "asyncio.sleep")):
            signature = inspect.signature(getattr(mods[name], function + suffix))
            doc = getattr(mods[name], function + suffix).__doc__
            assert ("sleep" in signature.parameters) is waits, (name, function, suffix)
            assert (f"by default ``{default}``" in doc) is waits, (name, function, suffix)


def test_a_module_that_never_waits_does_not_load_asyncio(
    sources: dict[str, str], module_dir: Path
) -> None:
    """Its async twins import asyncio when they first send (an event loop has loaded it
    already); importing the module for sync use does not."""
    top = {
        alias.asname or alias.name
        for node in ast.parse(sources["linear"]).body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not top & {"asyncio", "Awaitable", "Callable"}
    script = (
        "import sys\nimport feature_linear\n"
        "assert 'asyncio' not in sys.modules, 'asyncio imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(module_dir)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_asyncio_is_imported_once_where_a_module_needs_it(sources: dict[str, str]) -> None:
    """At the top when a workflow waits (the ``asyncio.sleep`` default), and then not
    again inside ``_send_async``; else only inside ``_send_async``."""
    for name, waits in (("flow", True), ("linear", False)):
        tree = ast.parse(sources[name])
        top = [
            alias.name
            for node in tree.body
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name == "asyncio"
        ]
        send = next(
            node
            for node in tree.body
            if isinstance(node, ast.AsyncFunctionDef) and node.name == "_send_async"
        )
        inside = [
            alias.name
            for node in ast.walk(send)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name == "asyncio"
        ]
        assert (len(top), len(inside)) == ((1, 0) if waits else (0, 1)), name


@pytest.fixture(scope="session")
def mypy_lines(module_dir: Path) -> dict[str, list[str]]:
    return mypy_report(module_dir)


@pytest.fixture(scope="session")
def ruff_lines(module_dir: Path) -> dict[str, list[str]]:
    return ruff_report(module_dir)


@pytest.mark.parametrize("name", with_known_bugs(LINT_BUGS))
def test_module_passes_ruff(name: str, ruff_lines: dict[str, list[str]]) -> None:
    assert ruff_lines[f"feature_{name}.py"] == []


@pytest.fixture(scope="session")
def format_lines(module_dir: Path) -> dict[str, list[str]]:
    return format_report(module_dir)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_module_is_black_and_ruff_format_stable(
    name: str, format_lines: dict[str, list[str]]
) -> None:
    assert format_lines[f"feature_{name}.py"] == []


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_module_passes_mypy_strict(name: str, mypy_lines: dict[str, list[str]]) -> None:
    assert mypy_lines[f"feature_{name}.py"] == []


def test_compilation_is_deterministic_across_runs_and_hash_seeds(sources: dict[str, str]) -> None:
    assert {name: compile_feature(name).module for name in DOCUMENTS} == sources
    assert compile_in_subprocess("4242") == sources


# ---------------------------------------------------------------- 1. linear workflows


def _linear_routes(server: Server, create_status: int = 201) -> None:
    server.route("GET", "/v1/ping", Reply(204))
    server.route("POST", "/v1/items", Reply(create_status, {"id": "it 1", "unread": 1}))
    server.route("GET", "/v1/items/it%201", Reply(200, {"name": "Widget"}))


def test_linear_workflow_runs_every_step_in_order(mods: Mods, server: Server) -> None:
    _linear_routes(server)
    result = run(mods["linear"], "create_and_fetch", server, name="Widget")
    assert result == mods["linear"].CreateAndFetchResult(
        item_id="it 1", unread_count=1, created_status=201
    )
    assert server.calls == [("GET", "/v1/ping"), ("POST", "/v1/items"), ("GET", "/v1/items/it%201")]
    ping, create, fetch = server.requests
    assert ping.body == b"" and ping.query == "" and fetch.body == b""
    assert create.json == {"name": "Widget"}
    assert create.header("Content-Type") == "application/json"


def test_linear_workflow_without_a_client_creates_its_own(mods: Mods, server: Server) -> None:
    _linear_routes(server)
    urls = mods["linear"].BaseUrls(api=server.base_url + "/v1")
    result = mods["linear"].create_and_fetch(name="W", base_urls=urls, timeout=5)
    assert result.item_id == "it 1"
    assert len(server.requests) == 3


def test_linear_workflow_stops_at_the_failing_step(mods: Mods, server: Server) -> None:
    _linear_routes(server, create_status=200)  # the criterion wants 201
    with pytest.raises(mods["linear"].StepFailedError) as caught:
        run(mods["linear"], "create_and_fetch", server, name="Widget")
    assert (caught.value.step_id, caught.value.status_code) == ("create", 200)
    assert server.calls == [("GET", "/v1/ping"), ("POST", "/v1/items")]


def test_workflow_without_outputs_returns_an_empty_result(mods: Mods, server: Server) -> None:
    server.route("GET", "/v1/ping", Reply(200))
    assert run(mods["linear"], "only_ping", server) == mods["linear"].OnlyPingResult()
    assert server.calls == [("GET", "/v1/ping")]


# ---------------------------------------------------------------- 2. control flow


def _visit(server: Server, name: str, *replies: Reply) -> None:
    server.route("GET", f"/v1/steps/{name}", *replies, default=replies[-1])


def _visited(server: Server) -> list[str]:
    return [path.rsplit("/", 1)[1] for _, path in server.calls]


def test_goto_forward_skips_a_step(mods: Mods, server: Server) -> None:
    _visit(server, "a", Reply(200, {"seen": "a", "skip": True}))
    _visit(server, "b", Reply(200, {"seen": "b"}))
    _visit(server, "c", Reply(200, {"seen": "c"}))
    _visit(server, "d", Reply(200, {"seen": "d"}))
    result = run(mods["flow"], "jumps", server)
    assert _visited(server) == ["a", "c", "d"]
    assert result == mods["flow"].JumpsResult(a="a", b=None, c="c", d="d")


def test_goto_backward_then_end(mods: Mods, server: Server) -> None:
    _visit(server, "a", Reply(200, {"seen": "a", "skip": False}))
    _visit(server, "b", Reply(200, {"seen": "b1"}), Reply(200, {"seen": "b2"}))
    _visit(server, "c", Reply(200, {"seen": "c1", "again": True}), Reply(200, {"stop": True}))
    result = run(mods["flow"], "jumps", server)
    assert _visited(server) == ["a", "b", "c", "b", "c"]
    assert result == mods["flow"].JumpsResult(a="a", b="b2", c=None, d=None)


def test_goto_self_polls_until_done(mods: Mods, server: Server) -> None:
    pending = Reply(200, {"state": "PENDING"})
    _visit(server, "wait", pending, pending, Reply(200, {"state": "done"}))
    assert run(mods["flow"], "poll", server).state == "done"
    assert _visited(server) == ["wait"] * 3


@pytest.mark.parametrize("max_repeats", [0, 2])
def test_self_loop_stops_after_max_repeats(mods: Mods, server: Server, max_repeats: int) -> None:
    _visit(server, "wait", Reply(200, {"state": "pending"}))
    with pytest.raises(mods["flow"].LoopLimitError) as caught:
        run(mods["flow"], "poll", server, max_repeats=max_repeats)
    assert (caught.value.workflow_id, caught.value.step_id) == ("poll", "wait")
    assert len(server.requests) == max_repeats + 1


@pytest.mark.parametrize(
    ("first_status", "visited", "outputs"),
    [
        (200, ["first", "second"], (200, 200, None)),  # onSuccess end (unconditional)
        (404, ["first"], (404, None, None)),  # onFailure end: outputs of later steps are None
        (409, ["first", "fallback"], (409, None, 200)),  # onFailure goto
    ],
)
def test_failure_actions(
    mods: Mods,
    server: Server,
    first_status: int,
    visited: list[str],
    outputs: tuple[object, ...],
) -> None:
    for name, status in (("first", first_status), ("second", 200), ("fallback", 200)):
        _visit(server, name, Reply(status, {}))
    result = run(mods["flow"], "failures", server)
    assert _visited(server) == visited
    assert (result.first, result.second, result.fallback) == outputs


def test_failure_without_a_matching_action_raises(mods: Mods, server: Server) -> None:
    _visit(server, "first", Reply(500, "boom"))
    with pytest.raises(mods["flow"].StepFailedError) as caught:
        run(mods["flow"], "failures", server)
    error = caught.value
    assert (error.step_id, error.status_code, error.body) == ("first", 500, "boom")


@pytest.mark.parametrize(
    ("a", "b", "visited"),
    [
        (Reply(200, {"done": True}), None, ["wa"]),  # workflow-level reusable end action
        (Reply(200, {"jump": True}), None, ["wa", "wc"]),  # workflow-level goto
        (Reply(200, {}), Reply(200, {"done": True}), ["wa", "wb", "wc"]),  # step's own wins
        (Reply(418), None, ["wa"]),  # workflow-level failure end
        (Reply(200, {}), Reply(418), ["wa", "wb", "wc"]),  # step's own failure goto wins
        (Reply(503), None, ["wa", "wc"]),  # reusable failure action
    ],
)
def test_workflow_level_actions(
    mods: Mods, server: Server, a: Reply, b: Reply | None, visited: list[str]
) -> None:
    _visit(server, "wa", a)
    _visit(server, "wb", b or Reply(200, {}))
    _visit(server, "wc", Reply(200, {"seen": "c"}))
    result = run(mods["flow"], "workflow_actions", server)
    assert _visited(server) == visited
    assert result.c == ("c" if "wc" in visited else None)


# ---------------------------------------------------------------- 3. parameters


def test_parameters_in_every_location(mods: Mods, server: Server) -> None:
    path = "/v1/things/a%20b%2Fc%3F%C3%A9"
    server.route("GET", path, Reply(200))
    inputs = {"key": "a b/c?é", "tags": ["x", "y z"], "filter_": "f&=", "opt": "o"}
    run(mods["parameters"], "get_thing", server, **inputs, theme="dark", extra={"k": 1})
    (request,) = server.requests
    assert request.path == path
    assert request.query_pairs == [
        ("tag", "x"),
        ("tag", "y z"),
        ("limit", "25"),  # reusable parameter, value overridden by the step
        ("filter", "f&="),
        ("k", "1"),  # an object, OpenAPI form style exploded: its own members
    ]
    # the step's `x-trace` replaces the workflow's `X-Trace`; arrays embed as JSON text
    assert request.header_values("X-Trace") == ['step-["x","y z"]']
    assert request.header("X-Mode") == "default-mode"  # workflow-level reusable parameter
    assert request.header("X-Opt") == "o"
    assert request.cookies == {"theme": "dark"}


def test_omitted_optional_inputs_are_left_out(mods: Mods, server: Server) -> None:
    server.route("GET", "/v1/things/k", Reply(200))
    run(mods["parameters"], "get_thing", server, key="k", tags=["one"])
    (request,) = server.requests
    assert request.query_pairs == [("tag", "one"), ("limit", "25")]
    assert "x-opt" not in request.header_names
    assert "cookie" not in request.header_names


def test_omitted_optional_secret_redacts_nothing(mods: Mods, server: Server) -> None:
    server.route("GET", "/v1/things/k", Reply(500, '{"value": null}'))
    with pytest.raises(mods["parameters"].StepFailedError) as caught:
        run(mods["parameters"], "get_thing", server, key="k", tags=[])
    assert caught.value.body == '{"value": null}'


def test_cookies_use_no_deprecated_httpx_api(mods: Mods, server: Server) -> None:
    server.route("GET", "/v1/things/k", Reply(200))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        run(mods["parameters"], "get_thing", server, key="k", tags=[], theme="t")
    assert server.requests[0].cookies == {"theme": "t"}


@pytest.mark.parametrize(("extra", "sent"), [(7, "7"), ("plain", "plain"), (False, "false")])
def test_optional_input_without_a_type(
    mods: Mods, server: Server, extra: object, sent: str
) -> None:
    server.route("GET", "/v1/things/k", Reply(200))
    run(mods["parameters"], "get_thing", server, key="k", tags=[], extra=extra)
    assert server.requests[0].query_pairs == [("limit", "25"), ("extra", sent)]


def test_array_path_parameter_and_reusable_default(mods: Mods, server: Server) -> None:
    server.route("GET", "/v1/things/a,b%20c,%2C", Reply(200))
    run(mods["parameters"], "path_array", server, keys=["a", "b c", ","])
    assert server.calls == [("GET", "/v1/things/a,b%20c,%2C")]
    assert server.requests[0].query_pairs == [("limit", "10")]


# ---------------------------------------------------------------- 4. request bodies


def _post(server: Server, method: str, path: str) -> None:
    server.route(method, path, Reply(200))


@pytest.mark.parametrize("note", [None, "n"])
def test_json_payload_with_nested_expressions(mods: Mods, server: Server, note: str | None) -> None:
    _post(server, "POST", "/v1/bodies/json")
    run(mods["bodies"], "nested_json", server, name="Ann", count=3, tags=["t"], note=note)
    (request,) = server.requests
    expected: dict[str, object] = {
        "name": "Ann",
        "meta": {
            "count": 3,
            "label": "item Ann x3",
            "tags": ["t"],
            "list": ["Ann", {"inner": 3}, 7],
            "flags": {"on": True, "off": False, "nothing": None},
        },
        "constant": 1.5,
    }
    if note is not None:
        expected["note"] = note
    assert request.json == expected
    assert request.header_values("Content-Type") == ["application/json"]


@pytest.mark.parametrize(
    "body",
    [
        [1, {"a": None}],
        {"x": "y"},
        "text",
        0,
        None,
    ],
)
def test_json_payload_that_is_one_expression(mods: Mods, server: Server, body: object) -> None:
    _post(server, "POST", "/v1/bodies/json")
    run(mods["bodies"], "whole_json", server, body=body)
    assert server.requests[0].body and server.requests[0].json == body
    assert server.requests[0].header("Content-Type") == "application/json"


def test_string_template_payloads_are_sent_as_they_are(mods: Mods, server: Server) -> None:
    _post(server, "POST", "/v1/bodies/xml")
    _post(server, "POST", "/v1/bodies/json")
    run(mods["bodies"], "xml_template", server, name="Widget", qty=2)
    run(mods["bodies"], "json_text", server, name="Ann")
    xml, text = server.requests
    assert xml.text == "<order><name>Widget</name><qty>2</qty></order>"
    assert xml.header_values("Content-Type") == ["application/xml"]
    assert text.text == '{"name": "Ann",  "spaced": true}'
    assert text.header_values("Content-Type") == ["application/json"]


@pytest.mark.parametrize("nickname", [None, "Al"])
def test_form_urlencoded_payload(mods: Mods, server: Server, nickname: str | None) -> None:
    _post(server, "POST", "/v1/bodies/form")
    run(mods["bodies"], "form", server, user="a b&c", age=30, nickname=nickname)
    (request,) = server.requests
    expected = [("user", "a b&c"), ("age", "30"), ("greeting", "hi a b&c & co"), ("fixed", "a=b")]
    assert request.form == expected + ([("nickname", nickname)] if nickname else [])
    assert request.header_values("Content-Type") == ["application/x-www-form-urlencoded"]


def test_plus_json_media_type_keeps_its_content_type(mods: Mods, server: Server) -> None:
    _post(server, "PATCH", "/v1/bodies/merge")
    run(mods["bodies"], "merge_patch", server, title="T")
    (request,) = server.requests
    assert request.method == "PATCH"
    assert request.json == {"title": "T", "removed": None}
    assert request.header_values("Content-Type") == ["application/merge-patch+json"]


# ---------------------------------------------------------------- 5. criteria

CRITERIA: list[tuple[str, Reply, bool]] = [
    ("case_insensitive", Reply(200, {"name": "ALICE"}), True),
    ("case_insensitive", Reply(200, {"name": "alicia"}), False),
    ("case_insensitive", Reply(200, {}), False),
    ("is_null", Reply(200, {"value": None}), True),
    ("is_null", Reply(200, {"value": 0}), False),
    ("is_null", Reply(200, {"value": "null"}), False),
    ("numeric_string", Reply(200, {"count": "5"}), True),
    ("numeric_string", Reply(200, {"count": 5}), True),
    ("numeric_string", Reply(200, {"count": "5.0"}), True),
    ("numeric_string", Reply(200, {"count": "five"}), False),
    ("numeric_string", Reply(200, {"count": 6}), False),
    ("and_or", Reply(200, {"a": 1}), True),
    ("and_or", Reply(200, {"b": "YES"}), True),
    ("and_or", Reply(200, {"a": 2, "b": "no"}), False),
    ("and_or", Reply(201, {"a": 1}), False),
    ("negation", Reply(200, {"state": "ok"}), True),
    ("negation", Reply(200, {"state": "Failed"}), False),
    ("boolean_flag", Reply(200, {"flag": True}), True),
    ("boolean_flag", Reply(200, {"flag": 1}), False),
    ("boolean_not_number", Reply(200, {"flag": True}), False),
    ("boolean_not_number", Reply(200, {"flag": 1}), True),
    ("status_regex", Reply(204), True),
    ("status_regex", Reply(404), False),
    ("body_regex", Reply(200, '{"status":   "ok"}', {"Content-Type": "application/json"}), True),
    ("body_regex", Reply(200, {"status": "ok"}), False),
    ("jsonpath_filter", Reply(200, [{"status": "no"}, {"status": "ok"}]), True),
    ("jsonpath_filter", Reply(200, {"one": {"status": "ok"}}), True),
    ("jsonpath_filter", Reply(200, [{"status": "no"}, {"status": "OK"}]), False),
    ("jsonpath_filter", Reply(200, []), False),
    ("jsonpath_filter", Reply(200, None), False),
    ("jsonpath_filter", Reply(200), False),
    ("jsonpath_lenient", Reply(200, {"status": "completed"}), True),
    ("jsonpath_lenient", Reply(200, {"status": "running"}), False),
    ("jsonpath_lenient", Reply(200, [{"status": "completed"}]), False),
    ("no_criteria", Reply(299, {}), True),
    ("no_criteria", Reply(404, {}), False),
    ("no_criteria", Reply(500), False),
]


@pytest.mark.parametrize(("workflow", "reply", "passes"), CRITERIA)
def test_criteria(mods: Mods, server: Server, workflow: str, reply: Reply, passes: bool) -> None:
    module = mods["criteria"]
    server.route("GET", "/v1/probe", reply)
    if passes:
        run(module, workflow, server)
    else:
        with pytest.raises(module.StepFailedError) as caught:
            run(module, workflow, server)
        assert (caught.value.step_id, caught.value.status_code) == ("probe", reply.status)
    assert server.calls == [("GET", "/v1/probe")]


# ---------------------------------------------------------------- 6. errors

SECRETS = {"token": "TOKEN-5ecr3t", "api_key": "KEY-5ecr3t", "sid": "SID-5ecr3t"}


def _secure(mods: Mods, server: Server, reply: Reply) -> Any:
    server.route("GET", "/v1/secure", reply)
    with pytest.raises(mods["errors"].StepFailedError) as caught:
        run(mods["errors"], "secure", server, **SECRETS)
    return caught.value


def test_step_failed_error_attributes(mods: Mods, server: Server) -> None:
    error = _secure(mods, server, Reply(403, "denied: " + " ".join(SECRETS.values())))
    assert isinstance(error, mods["errors"].WorkflowError)
    assert (error.workflow_id, error.step_id, error.status_code) == ("secure", "call", 403)
    assert str(error) == "workflow 'secure' failed at step 'call': HTTP 403"
    assert error.body == "denied: [REDACTED] [REDACTED] [REDACTED]"
    (request,) = server.requests
    assert request.header("Authorization") == "Bearer TOKEN-5ecr3t"
    assert request.query_pairs == [("sig", "KEY-5ecr3t")]  # an apiKey security scheme
    assert request.cookies == {"sid": "SID-5ecr3t"}


@pytest.mark.parametrize("secret", sorted(SECRETS.values()))
def test_redaction_at_the_truncation_point(mods: Mods, server: Server, secret: str) -> None:
    error = _secure(mods, server, Reply(500, "x" * 1995 + secret + "tail"))
    assert error.body == "x" * 1995 + "[REDACTED]"[:5]
    assert secret[:5] not in error.body


def test_long_error_bodies_are_truncated(mods: Mods, server: Server) -> None:
    error = _secure(mods, server, Reply(502, "y" * 5000))
    assert error.body == "y" * 2000


def test_loop_limit_error(mods: Mods, server: Server) -> None:
    _visit(server, "spin", Reply(200, {"state": "pending"}))
    with pytest.raises(mods["errors"].LoopLimitError) as caught:
        run(mods["errors"], "loop", server, max_repeats=3)
    error = caught.value
    assert isinstance(error, mods["errors"].WorkflowError)
    assert not isinstance(error, mods["errors"].StepFailedError)
    assert (error.workflow_id, error.step_id) == ("loop", "spin")
    assert "max_repeats=3" in str(error)
    assert len(server.requests) == 4


# ---------------------------------------------------------------- 7. values


def test_response_values_and_dotted_output_access(mods: Mods, server: Server) -> None:
    created = {"id": "i/1", "owner": {"name": "Olga"}}
    server.route("POST", "/v1/items", Reply(201, created, {"x-request-id": "req-7"}))
    server.route("GET", "/v1/items/i%2F1", Reply(200, {}))
    result = run(mods["values"], "response_values", server, user="u", name="n")
    assert result == mods["values"].ResponseValuesResult(
        request_id="req-7",
        url=server.base_url + "/v1/items",
        method="POST",
        status=201,
        owner_name="Olga",
        fetched=200,
        echo="n",
    )
    assert server.calls == [("POST", "/v1/items"), ("GET", "/v1/items/i%2F1")]
    assert server.requests[0].json == {"name": "n", "owner": "u"}


def test_inputs_from_ref_and_all_of(mods: Mods, server: Server) -> None:
    module = mods["values"]
    assert input_signature(module.response_values) == {"user": True, "name": True, "limit": False}
    assert input_signature(module.ref_inputs) == {"name": True}
    created = Reply(201, {"id": "1"})
    server.route("POST", "/v1/items", created, default=created)
    server.route("GET", "/v1/items/1", Reply(200, {}))
    run(module, "response_values", server, user="u", name="n", limit=5)
    run(module, "ref_inputs", server, name="z")
    assert server.calls == [("POST", "/v1/items"), ("GET", "/v1/items/1"), ("POST", "/v1/items")]
    assert (server.requests[0].json, server.requests[2].json) == (
        {"name": "n", "owner": "u", "limit": 5},
        {"name": "z"},
    )


# ---------------------------------------------------------------- 8. no servers


def test_source_without_servers_makes_base_urls_required(mods: Mods, server: Server) -> None:
    module = mods["noservers"]
    with pytest.raises(TypeError):
        module.BaseUrls()
    parameter = inspect.signature(module.greet).parameters["base_urls"]
    assert parameter.default is inspect.Parameter.empty
    assert module.BaseUrls(bare="http://x").api == "https://api.example.test/v1"
    server.route("GET", "/hello", Reply(200, {"said": "hi"}))
    server.route("GET", "/v1/ping", Reply(204))
    urls = module.BaseUrls(bare=server.base_url, api=server.base_url + "/v1")
    assert run(module, "greet", server, base_urls=urls).said == "hi"
    assert server.calls == [("GET", "/hello"), ("GET", "/v1/ping")]


# ---------------------------------------------------------------- 9. step timeout (1.1)


def test_step_timeout_is_passed_to_httpx(mods: Mods, server: Server) -> None:
    server.route("GET", "/v1/slow", Reply(200, {}, delay=0.3), Reply(200, {}))
    with pytest.raises(mods["timeout"].StepTransportError) as caught:
        run(mods["timeout"], "slow", server)  # the client allows 5 s; the step 50 ms
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert (caught.value.workflow_id, caught.value.step_id) == ("slow", "wait")
    assert caught.value.reason == type(caught.value.__cause__).__name__
    assert run(mods["timeout"], "slow", server).status == 200
    assert len(server.requests) == 2
