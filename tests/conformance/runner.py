"""Load, compile and run the conformance cases in ``cases/``.

A case (one YAML file, ``cases/<area>/<slug>.yaml``) holds the files of a small Arazzo +
OpenAPI pair, the spec sentence it rests on, and either the error codes its compilation
must be refused with or a list of runs: the keyword arguments of a call, the exact HTTP
exchanges it must make (replayed by an :class:`httpx.MockTransport`), the delays it asks
for, and the outputs it returns or the error it raises. The format is described in the
README's "Conformance suite" section.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import yaml

from arazzogen.api import Outcome, compile_document

CASES = Path(__file__).resolve().parent / "cases"

CASE_KEYS = {"spec", "files", "document", "warnings", "refused", "runs"}
RUN_KEYS = {"call", "inputs", "options", "exchanges", "sleeps", "outputs", "error"}
EXCHANGE_KEYS = {"request", "response", "raise"}
REQUEST_KEYS = {
    "method",
    "url",
    "headers",
    "absent_headers",
    "json",
    "content",
    "form",
    "content_contains",
}
RESPONSE_KEYS = {"status", "headers", "json", "text", "content"}


class CaseError(Exception):
    """The case file itself is malformed (a typo must fail the suite, not pass silently)."""


@dataclass(frozen=True)
class Case:
    id: str
    path: Path
    spec: str
    files: Mapping[str, str]
    document: str
    warnings: frozenset[str]
    refused: frozenset[str] | None
    runs: tuple[Mapping[str, Any], ...]

    @property
    def module_name(self) -> str:
        return "conf_" + re.sub(r"\W", "_", self.id)


def _check_keys(where: str, data: object, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise CaseError(f"{where}: expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    return data


def load_case(path: Path) -> Case:
    case_id = path.relative_to(CASES).with_suffix("").as_posix()
    data = _check_keys(case_id, yaml.safe_load(path.read_text(encoding="utf-8")), CASE_KEYS)
    spec = data.get("spec")
    if not isinstance(spec, str) or not re.search(r"Arazzo|RFC|OpenAPI", spec):
        raise CaseError(f"{case_id}: `spec` must quote the sentence the case rests on")
    files = data.get("files")
    if not isinstance(files, Mapping) or not files:
        raise CaseError(f"{case_id}: `files` must map file names to their text")
    documents = [name for name in files if str(name).endswith(".arazzo.yaml")]
    document = data.get("document") or (documents[0] if len(documents) == 1 else None)
    if document not in files:
        raise CaseError(f"{case_id}: name the Arazzo document with `document`")
    refused = data.get("refused")
    runs = data.get("runs") or []
    if (refused is None) == (not runs):
        raise CaseError(f"{case_id}: a case has either `refused` or `runs`")
    for index, run in enumerate(runs):
        where = f"{case_id} run {index}"
        _check_keys(where, run, RUN_KEYS)
        if "call" not in run or ("outputs" in run) == ("error" in run):
            raise CaseError(f"{where}: needs `call` and exactly one of `outputs`, `error`")
        for number, exchange in enumerate(run.get("exchanges") or []):
            at = f"{where} exchange {number}"
            _check_keys(at, exchange, EXCHANGE_KEYS)
            _check_keys(at, exchange.get("request"), REQUEST_KEYS)
            if ("response" in exchange) == ("raise" in exchange):
                raise CaseError(f"{at}: needs exactly one of `response`, `raise`")
            if "response" in exchange:
                _check_keys(at, exchange["response"], RESPONSE_KEYS)
    return Case(
        id=case_id,
        path=path,
        spec=spec,
        files={str(k): str(v) for k, v in files.items()},
        document=str(document),
        warnings=frozenset(data.get("warnings") or ()),
        refused=frozenset(refused) if refused is not None else None,
        runs=tuple(runs),
    )


def all_cases() -> list[Case]:
    return [load_case(path) for path in sorted(CASES.rglob("*.yaml"))]


def compile_case(case: Case, directory: Path) -> Outcome:
    """Write the case's files into ``directory`` and compile its document there."""
    for name, text in case.files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return compile_document(directory / case.document, cwd=directory)


# ---------------------------------------------------------------- running


@dataclass
class Replay:
    """The scripted server: checks each request against the next exchange, answers it."""

    exchanges: list[Mapping[str, Any]]
    problems: list[str] = field(default_factory=list)
    sent: int = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        index = self.sent
        self.sent += 1
        if index >= len(self.exchanges):
            self.problems.append(f"unexpected request {index}: {request.method} {request.url}")
            raise AssertionError(self.problems[-1])
        exchange = self.exchanges[index]
        mismatch = request_mismatch(request, exchange["request"])
        if mismatch:
            self.problems.append(f"request {index} ({request.method} {request.url}): {mismatch}")
            raise AssertionError(self.problems[-1])
        if "raise" in exchange:
            raise getattr(httpx, exchange["raise"])(
                "raised by the conformance replay", request=request
            )
        return make_response(exchange["response"])


def request_mismatch(request: httpx.Request, expected: Mapping[str, Any]) -> str | None:
    if "method" in expected and request.method != expected["method"]:
        return f"method {request.method} != {expected['method']}"
    if "url" in expected and str(request.url) != expected["url"]:
        return f"url {request.url} != {expected['url']}"
    for name, value in (expected.get("headers") or {}).items():
        if request.headers.get(name) != str(value):
            return f"header {name}: {request.headers.get(name)!r} != {str(value)!r}"
    for name in expected.get("absent_headers") or ():
        if name in request.headers:
            return f"header {name} sent: {request.headers[name]!r}"
    content = request.read()
    if "json" in expected:
        try:
            sent = json.loads(content)
        except ValueError:
            return f"body is not JSON: {content[:200]!r}"
        if sent != expected["json"]:
            return f"json body {sent!r} != {expected['json']!r}"
    if "content" in expected and content.decode("utf-8", "replace") != expected["content"]:
        return f"body {content[:200]!r} != {expected['content']!r}"
    if "form" in expected:
        sent_form = dict(parse_qsl(content.decode("ascii", "replace"), keep_blank_values=True))
        wanted = {str(k): str(v) for k, v in expected["form"].items()}
        if sent_form != wanted:
            return f"form body {sent_form!r} != {wanted!r}"
    for part in expected.get("content_contains") or ():
        if str(part).encode() not in content:
            return f"body does not contain {part!r}: {content[:300]!r}"
    return None


def make_response(spec: Mapping[str, Any]) -> httpx.Response:
    headers = {str(k): str(v) for k, v in (spec.get("headers") or {}).items()}
    status = int(spec.get("status", 200))
    if "json" in spec:
        return httpx.Response(status, headers=headers, json=spec["json"])
    if "text" in spec:
        return httpx.Response(status, headers=headers, text=spec["text"])
    return httpx.Response(status, headers=headers, content=str(spec.get("content", "")).encode())


def _result_fields(result: object) -> dict[str, object]:
    if result is None:
        return {}
    assert dataclasses.is_dataclass(result), f"the result is not a dataclass: {result!r}"
    return {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}


def _kwargs(
    function: Callable[..., object], run: Mapping[str, Any], sleep: object
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {**(run.get("inputs") or {}), **(run.get("options") or {})}
    parameters = inspect.signature(function).parameters
    if "sleep" in parameters:
        kwargs["sleep"] = sleep
    elif run.get("sleeps"):
        raise AssertionError("the case expects waits but the function has no `sleep` argument")
    elif "repeat_delay" in parameters:
        kwargs.setdefault("repeat_delay", 0)
    return kwargs


def check_outcome(
    run: Mapping[str, Any],
    replay: Replay,
    sleeps: list[float],
    result: object,
    error: BaseException | None,
) -> None:
    assert not replay.problems, replay.problems
    if error is not None and "error" not in run:
        raise AssertionError(f"unexpected {type(error).__name__}: {error}") from error
    exchanges = run.get("exchanges") or []
    assert replay.sent == len(exchanges), f"{replay.sent} requests sent, {len(exchanges)} expected"
    assert sleeps == [float(s) for s in run.get("sleeps") or []], f"waits {sleeps}"
    if "error" in run:
        expected = dict(run["error"])
        assert error is not None, f"no error raised; returned {result!r}"
        kind = expected.pop("type")
        names = {cls.__name__ for cls in type(error).__mro__}
        assert kind in names, f"{type(error).__name__} raised, {kind} expected: {error}"
        for attribute, value in expected.items():
            assert getattr(error, attribute) == value, (attribute, getattr(error, attribute))
    else:
        assert _result_fields(result) == run["outputs"]


def run_sync(module: ModuleType, run: Mapping[str, Any]) -> None:
    function = getattr(module, run["call"])
    replay = Replay(list(run.get("exchanges") or []))
    sleeps: list[float] = []
    kwargs = _kwargs(function, run, sleeps.append)
    result: object = None
    error: BaseException | None = None
    with httpx.Client(transport=httpx.MockTransport(replay)) as client:
        try:
            result = function(client=client, **kwargs)
        except Exception as exc:
            error = exc
    check_outcome(run, replay, sleeps, result, error)


async def run_async(module: ModuleType, run: Mapping[str, Any]) -> None:
    function: Callable[..., Awaitable[object]] = getattr(module, run["call"] + "_async")
    replay = Replay(list(run.get("exchanges") or []))
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    kwargs = _kwargs(function, run, sleep)
    result: object = None
    error: BaseException | None = None
    async with httpx.AsyncClient(transport=httpx.MockTransport(replay)) as client:
        try:
            result = await function(client=client, **kwargs)
        except Exception as exc:
            error = exc
    check_outcome(run, replay, sleeps, result, error)
