"""A simulated Invopop Transform API for behavioural tests (standard library only).

It serves the one operation of the bundled Invopop example, as Invopop's "Create a
workflow" reference page describes it: ``PUT /transform/v1/workflows/{id}`` with a JSON
body of ``country``, ``description``, ``name``, ``schema`` and ``steps`` (each step:
``action``, ``config``, ``id``, ``name``, ``next``, ``notes``, ``summary``; each ``next``
item: ``code``, ``status``, ``step_id``, ``steps``, ``stop``). It answers with the stored
workflow: the fields sent, plus ``id``, ``hash`` (a partial SHA-256 of the contents),
``version``, ``draft``, ``disabled``, ``rescue``, ``created_at`` and ``updated_at``.

Where the reference page is silent, the simulator makes the simplest plausible choice:

* a new workflow is answered 201, a PUT to an existing id replaces it and is answered
  200 (HTTP PUT semantics); ``version`` counts the changes of the contents ("1", "2"...);
* ``hash`` is the first 16 hex digits of the SHA-256 of the contents as canonical JSON
  (:func:`content_hash`); ``draft`` and ``disabled`` are ``False`` unless configured;
* errors are ``{"message": ...}``: 401 without ``Authorization: Bearer <token>`` (the
  body echoes the header it got in ``request_authorization``, to prove that callers
  redact secrets), 404 for other routes, 415 for a body that is not
  ``application/json``, 400 for a body that is not JSON, 422 for an id that is not a UUID
  or a body that does not have the documented shape (unknown fields included).

Scripted answers (:meth:`JsonApiSimulator.script`, :meth:`InvopopSimulator.error`)
simulate rate limits and outages.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from api_simulator import Answer, JsonApiSimulator, RecordedRequest, is_json

DEFAULT_TOKEN = "inv_test_token_0123"
WORKFLOW_FIELDS = frozenset({"country", "description", "name", "schema", "steps"})
STEP_FIELDS = frozenset({"action", "config", "id", "name", "next", "notes", "summary"})
NEXT_FIELDS = frozenset({"code", "status", "step_id", "steps", "stop"})
NEXT_STATUSES = ("", "OK", "SKIP", "KO", "TIMEOUT")
MAX_DEPTH = 16

_WORKFLOW = re.compile(r"^/transform/v1/workflows/(?P<id>[^/]+)$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def content_hash(contents: dict[str, Any]) -> str:
    """The simulator's partial SHA-256 of a workflow's contents."""
    canonical = json.dumps(contents, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def timestamp(seconds: int) -> str:
    """The simulator's clock: ``seconds`` after a fixed instant."""
    minutes, secs = divmod(seconds, 60)
    return f"2024-05-22T12:{minutes % 60:02d}:{secs:02d}Z"


class InvopopSimulator(JsonApiSimulator):
    """A threaded HTTP server on 127.0.0.1 (ephemeral port) that behaves like Invopop."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        draft: bool = False,
        disabled: bool = False,
        socket_timeout: float = 10.0,
    ) -> None:
        super().__init__(
            token=token,
            name="invopop-simulator",
            label="the Invopop simulator",
            socket_timeout=socket_timeout,
        )
        self.draft = draft
        self.disabled = disabled
        self._workflows: dict[str, dict[str, Any]] = {}
        self._clock = 0

    # -- observation -----------------------------------------------------------------

    @property
    def workflows(self) -> dict[str, dict[str, Any]]:
        """The stored workflows by id (copies)."""
        with self._lock:
            return {key: json.loads(json.dumps(value)) for key, value in self._workflows.items()}

    # -- answers ---------------------------------------------------------------------

    @staticmethod
    def error(status: int, message: str, *, retry_after: str | None = None) -> Answer:
        """A scripted error answer (it echoes the request's ``Authorization``)."""
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        return Answer(status, {"message": message}, headers=headers, echo_authorization=True)

    def unauthorized(self, request: RecordedRequest) -> Answer:
        return Answer(
            401,
            {"message": "The token is missing or invalid."},
            echo_authorization=True,
        )

    def not_found(self, request: RecordedRequest) -> Answer:
        return Answer(404, {"message": f"No route matches {request.method} {request.path}."})

    def echo(self, payload: object, authorization: str | None) -> object:
        if isinstance(payload, dict):
            return {**payload, "request_authorization": authorization}
        return payload

    # -- routing ---------------------------------------------------------------------

    def route(self, request: RecordedRequest) -> Callable[[], Answer] | None:
        match = _WORKFLOW.match(request.path)
        if request.method == "PUT" and match:
            workflow_id = unquote(match["id"])
            return lambda: self._put(request, workflow_id)
        return None

    def _put(self, request: RecordedRequest, workflow_id: str) -> Answer:
        if not is_json(request.header("Content-Type")):
            return Answer(415, {"message": "The body must be sent as application/json."})
        if request.json is None:
            return Answer(400, {"message": "The body is not valid JSON."})
        if not _UUID.match(workflow_id):
            return Answer(422, {"message": f"The workflow id {workflow_id!r} is not a UUID."})
        problem = _workflow_problem(request.json)
        if problem is not None:
            return Answer(422, {"message": problem})
        contents: dict[str, Any] = request.json
        with self._lock:
            self._clock += 1
            existing = self._workflows.get(workflow_id)
            version = 1 if existing is None else int(existing["version"])
            if existing is not None and existing["hash"] != content_hash(contents):
                version += 1
            stored = {
                **contents,
                "id": workflow_id,
                "hash": content_hash(contents),
                "version": str(version),
                "draft": self.draft,
                "disabled": self.disabled,
                "rescue": [],
                "created_at": (
                    timestamp(self._clock) if existing is None else existing["created_at"]
                ),
                "updated_at": timestamp(self._clock),
            }
            self._workflows[workflow_id] = stored
        return Answer(201 if existing is None else 200, stored)


def _workflow_problem(body: object) -> str | None:
    """What is wrong with a workflow body, or None when it has the documented shape."""
    if not isinstance(body, dict):
        return "The body must be a JSON object."
    unknown = sorted(set(body) - WORKFLOW_FIELDS)
    if unknown:
        return f"Unknown field(s): {', '.join(unknown)}."
    for name in ("country", "description", "name", "schema"):
        if name in body and not isinstance(body[name], str):
            return f"`{name}` must be a string."
    if "steps" in body:
        return _steps_problem(body["steps"], "steps", 0)
    return None


def _steps_problem(steps: object, where: str, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return f"`{where}` nests steps too deeply."
    if not isinstance(steps, list):
        return f"`{where}` must be an array of steps."
    for index, step in enumerate(steps):
        here = f"{where}[{index}]"
        if not isinstance(step, dict):
            return f"`{here}` must be an object."
        unknown = sorted(set(step) - STEP_FIELDS)
        if unknown:
            return f"`{here}` has unknown field(s): {', '.join(unknown)}."
        for name in ("action", "name", "notes", "summary"):
            if name in step and not isinstance(step[name], str):
                return f"`{here}.{name}` must be a string."
        if "config" in step and not isinstance(step["config"], dict):
            return f"`{here}.config` must be an object."
        if "id" in step and not (isinstance(step["id"], str) and _UUID.match(step["id"])):
            return f"`{here}.id` must be a UUID."
        if "next" in step:
            problem = _next_problem(step["next"], f"{here}.next", depth)
            if problem is not None:
                return problem
    return None


def _next_problem(items: object, where: str, depth: int) -> str | None:
    if not isinstance(items, list):
        return f"`{where}` must be an array."
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            return f"`{here}` must be an object."
        unknown = sorted(set(item) - NEXT_FIELDS)
        if unknown:
            return f"`{here}` has unknown field(s): {', '.join(unknown)}."
        if "code" in item and not isinstance(item["code"], str):
            return f"`{here}.code` must be a string."
        if "status" in item and item["status"] not in NEXT_STATUSES:
            return f"`{here}.status` must be one of {', '.join(NEXT_STATUSES[1:])} (or empty)."
        if "step_id" in item and not (
            isinstance(item["step_id"], str) and _UUID.match(item["step_id"])
        ):
            return f"`{here}.step_id` must be a UUID."
        if "stop" in item and not isinstance(item["stop"], bool):
            return f"`{here}.stop` must be a boolean."
        if "steps" in item:
            problem = _steps_problem(item["steps"], f"{here}.steps", depth + 1)
            if problem is not None:
                return problem
    return None
