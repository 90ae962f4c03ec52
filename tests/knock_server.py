"""A simulated Knock API for behavioural tests (standard library only).

The simulator serves the three operations the bundled Knock example uses:

* ``POST /v1/objects/{collection}/bulk/set`` returns a queued ``BulkOperation``;
* ``GET /v1/bulk_operations/{id}`` returns it with the next status of ``poll_statuses``
  (the last status repeats once the sequence is exhausted);
* ``POST /v1/workflows/{key}/trigger`` returns ``{"workflow_run_id": run_id}``.

Requests to these routes must carry ``Authorization: Bearer <api_key>`` (401 otherwise),
and a request body must be sent as ``Content-Type: application/json`` (415 otherwise);
anything else is a 404. Malformed bodies get Knock-style 400/422 errors.
``bulk_set_status`` and ``trigger_status`` force a status: a 2xx
status keeps the normal body, any other status returns an error body that echoes the
request's ``Authorization`` header in ``request_authorization`` (to prove that callers
redact secrets from their error messages).

Use it as a context manager, or wrap it in a pytest fixture::

    @pytest.fixture
    def knock() -> Iterator[KnockSimulator]:
        with KnockSimulator() as sim:
            yield sim
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from loopback_server import LoopbackHandler, LoopbackService

DEFAULT_API_KEY = "sk_test_123"
DEFAULT_RUN_ID = "3f1c9a52-7d4e-4b8a-9c61-0e2b5d8f7a14"
DEFAULT_BULK_OPERATION_ID = "9b2e4c7a-1f3d-4e8b-a5c6-7d0f2e1b3a49"
MAX_BODY_BYTES = 1_000_000

_BULK_SET = re.compile(r"^/v1/objects/(?P<collection>[^/]+)/bulk/set$")
_BULK_OPERATION = re.compile(r"^/v1/bulk_operations/(?P<id>[^/]+)$")
_TRIGGER = re.compile(r"^/v1/workflows/(?P<key>[^/]+)/trigger$")
_BEARER = re.compile(r"^bearer (?P<token>\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the simulator received it.

    ``headers`` preserves the names as sent (repeated headers are joined with ``", "``);
    use :meth:`header` for a case-insensitive lookup. ``json`` is the decoded body when
    the body is valid JSON (whatever its Content-Type), else ``None``.
    """

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    json: Any = None

    def header(self, name: str, default: str | None = None) -> str | None:
        """The value of header ``name``, compared case-insensitively."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return default


@dataclass(frozen=True)
class _Response:
    status: int
    payload: object


def _error(status: int, code: str, message: str, kind: str, **extra: object) -> _Response:
    payload: dict[str, object] = {"code": code, "message": message, "status": status, "type": kind}
    payload.update(extra)
    return _Response(status, payload)


def _not_found(message: str) -> _Response:
    return _error(404, "resource_missing", message, "invalid_request_error")


def _invalid(message: str) -> _Response:
    return _error(422, "invalid_params", message, "invalid_request_error")


class KnockSimulator(LoopbackService):
    """A threaded HTTP server on 127.0.0.1 (ephemeral port) that behaves like Knock."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        poll_statuses: Sequence[str] = ("processing", "processing", "completed"),
        bulk_set_status: int = 200,
        trigger_status: int = 200,
        run_id: str = DEFAULT_RUN_ID,
        bulk_operation_id: str = DEFAULT_BULK_OPERATION_ID,
        socket_timeout: float = 10.0,
    ) -> None:
        if not poll_statuses:
            raise ValueError("poll_statuses must name at least one status")
        super().__init__(
            handler=_Handler,
            name="knock-simulator",
            label="the Knock simulator",
            socket_timeout=socket_timeout,
        )
        self.api_key = api_key
        self.poll_statuses: tuple[str, ...] = tuple(poll_statuses)
        self.bulk_set_status = bulk_set_status
        self.trigger_status = trigger_status
        self.run_id = run_id
        self.bulk_operation_id = bulk_operation_id
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._errors: list[str] = []
        self._polls = 0
        self._operation: dict[str, Any] | None = None

    # -- lifecycle -------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    # -- observation -----------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def errors(self) -> list[str]:
        """Unexpected failures inside the simulator itself (should stay empty)."""
        with self._lock:
            return list(self._errors)

    @property
    def poll_count(self) -> int:
        """How many times the bulk operation has been fetched successfully."""
        with self._lock:
            return self._polls

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _record_error(self, message: str) -> None:
        with self._lock:
            self._errors.append(message)

    # -- routing ---------------------------------------------------------------------

    def _handle(self, request: RecordedRequest) -> _Response:
        path = request.path
        if request.method == "POST" and (bulk_set := _BULK_SET.match(path)):
            collection = bulk_set["collection"]
            return self._guarded(request, lambda: self._bulk_set(request, collection))
        if request.method == "GET" and (operation := _BULK_OPERATION.match(path)):
            operation_id = unquote(operation["id"])
            return self._guarded(request, lambda: self._get_operation(operation_id))
        if request.method == "POST" and _TRIGGER.match(path):
            return self._guarded(request, lambda: self._trigger(request))
        return _not_found(f"No route matches {request.method} {request.path}.")

    def _guarded(self, request: RecordedRequest, handler: Callable[[], _Response]) -> _Response:
        authorization = request.header("Authorization")
        bearer = _BEARER.match(authorization or "")
        if bearer is None or bearer["token"] != self.api_key:
            message = "The API key provided is missing or invalid."
            return _error(401, "api_key_invalid", message, "authentication_error")
        if request.body and not _is_json(request.header("Content-Type")):
            message = "Request bodies must be sent as application/json."
            return _error(415, "unsupported_media_type", message, "invalid_request_error")
        if request.body and request.json is None and request.body.strip() != b"null":
            return _error(
                400, "invalid_json", "The request body is not valid JSON.", "invalid_request_error"
            )
        return handler()

    def _forced_error(self, status: int, request: RecordedRequest) -> _Response | None:
        if 200 <= status < 300:
            return None
        return _error(
            status,
            "simulated_error",
            f"The simulator was told to answer {status}.",
            "api_error",
            request_authorization=request.header("Authorization"),
        )

    def _bulk_set(self, request: RecordedRequest, raw_collection: str) -> _Response:
        forced = self._forced_error(self.bulk_set_status, request)
        if forced is not None:
            return forced
        body = request.json
        if not isinstance(body, dict) or not isinstance(body.get("objects"), list):
            return _invalid("`objects` must be a list of objects.")
        ids: list[str] = []
        for index, item in enumerate(body["objects"]):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                return _invalid(f"`objects[{index}]` must be an object with a string `id`.")
            ids.append(item["id"])
        operation: dict[str, Any] = {
            "collection": unquote(raw_collection),
            "ids": ids,
            "status": "queued",
            "step": 0,
        }
        with self._lock:
            self._operation = operation
            self._polls = 0
            body_out = self._operation_body(operation)
        return _Response(self.bulk_set_status, body_out)

    def _get_operation(self, operation_id: str) -> _Response:
        with self._lock:
            operation = self._operation
            if operation is None or operation_id != self.bulk_operation_id:
                return _not_found(f"Bulk operation {operation_id!r} was not found.")
            index = min(self._polls, len(self.poll_statuses) - 1)
            self._polls += 1
            operation["status"] = self.poll_statuses[index]
            operation["step"] = self._polls
            body = self._operation_body(operation)
        return _Response(200, body)

    def _trigger(self, request: RecordedRequest) -> _Response:
        forced = self._forced_error(self.trigger_status, request)
        if forced is not None:
            return forced
        body = request.json
        if not isinstance(body, dict) or not isinstance(body.get("recipients"), list):
            return _invalid("`recipients` must be a list of recipients.")
        for index, recipient in enumerate(body["recipients"]):
            if not _is_recipient(recipient):
                return _invalid(
                    f"`recipients[{index}]` must be a user id or an object with `id` "
                    "and `collection`."
                )
        data = body.get("data")
        if data is not None and not isinstance(data, dict):
            return _invalid("`data` must be an object.")
        return _Response(self.trigger_status, {"workflow_run_id": self.run_id})

    def _operation_body(self, operation: dict[str, Any]) -> dict[str, object]:
        status = str(operation["status"])
        ids: list[str] = operation["ids"]
        total = len(ids)
        step = int(operation["step"])
        done = status in ("completed", "failed")
        processed = total if done else (total // 2 if status == "processing" else 0)
        failed = status == "failed"
        return {
            "__typename": "BulkOperation",
            "id": self.bulk_operation_id,
            "name": f"objects.bulk_set ({operation['collection']})",
            "status": status,
            "estimated_total_rows": total,
            "processed_rows": processed,
            "success_count": 0 if failed else processed,
            "error_count": total if failed else 0,
            "error_items": (
                [{"id": oid, "collection": operation["collection"]} for oid in ids]
                if failed
                else []
            ),
            "progress_path": f"{self.base_url}/v1/bulk_operations/{self.bulk_operation_id}",
            "inserted_at": _timestamp(0),
            "updated_at": _timestamp(step),
            "started_at": _timestamp(1) if status != "queued" else None,
            "completed_at": _timestamp(step) if status == "completed" else None,
            "failed_at": _timestamp(step) if failed else None,
        }


def _timestamp(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"2024-05-22T12:{minutes % 60:02d}:{secs:02d}Z"


def _is_json(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/json"


def _is_recipient(value: object) -> bool:
    if isinstance(value, str):
        return bool(value)
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), str)
        and isinstance(value.get("collection"), str)
    )


class _Handler(LoopbackHandler[KnockSimulator]):
    server_version = "KnockSimulator/1.0"
    max_body_bytes = MAX_BODY_BYTES

    def answer(self, body: bytes) -> None:
        """Every method goes through the same recording and routing."""
        simulator = self.server.owner
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        target = urlsplit(self.path)
        try:
            decoded: Any = json.loads(body) if body else None
        except (ValueError, UnicodeDecodeError):
            decoded = None
        request = RecordedRequest(
            method=self.command,
            path=target.path,
            query=target.query,
            headers=headers,
            body=body,
            json=decoded,
        )
        simulator._record(request)
        try:
            response = simulator._handle(request)
        except Exception as exc:  # a simulator bug: answer 500 and remember it
            simulator._record_error(f"{request.method} {request.path}: {exc!r}")
            response = _error(500, "simulator_error", "The simulator failed.", "api_error")
        self._send(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = LoopbackHandler.serve

    def reject_body(self, what: str) -> None:
        self._send(_error(400, "invalid_request", f"Bad {what}.", "invalid_request_error"))

    def _send(self, response: _Response) -> None:
        payload = json.dumps(response.payload).encode("utf-8")
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
