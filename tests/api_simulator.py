"""A base for simulated JSON APIs with Bearer authentication (standard library only).

:class:`JsonApiSimulator` runs on 127.0.0.1 (see :mod:`loopback_server`), records every
request, checks ``Authorization: Bearer <token>`` and hands the request to the
subclass's :meth:`JsonApiSimulator.route`. Tests can script the next answers of the
routed operations, after authentication, to simulate what a real API does under load::

    sim.script(sim.rate_limited(retry_after="0"), times=2)   # two 429s, then normal
    sim.script(Answer(503, {"message": "down"}))
    sim.script(Answer(200, raw=b'{"id": "trunc'))             # a malformed JSON body

A scripted answer with ``echo_authorization`` set (the default for scripted errors)
carries the request's ``Authorization`` header in its body, so that tests prove callers
redact secrets from their errors. Each simulator documents which answers it builds.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from knock_server import RecordedRequest
from loopback_server import LoopbackHandler, LoopbackService

MAX_BODY_BYTES = 1_000_000
_BEARER = re.compile(r"^bearer (?P<token>\S+)$", re.IGNORECASE)

__all__ = ["Answer", "JsonApiSimulator", "RecordedRequest"]


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: a JSON ``payload``, or ``raw`` bytes sent as they are.

    With ``echo_authorization``, the simulator adds the request's ``Authorization``
    header to the payload (see :meth:`JsonApiSimulator.echo`).
    """

    status: int
    payload: object = None
    raw: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    echo_authorization: bool = False

    def body(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return json.dumps(self.payload).encode("utf-8")


class JsonApiSimulator(LoopbackService):
    """Recording, Bearer authentication and scripted answers for a JSON API.

    Subclasses implement :meth:`route` (None when no route matches: 404),
    :meth:`unauthorized` (the 401 answer) and :meth:`echo` (how a scripted answer
    carries the ``Authorization`` header it received).
    """

    def __init__(self, *, token: str, name: str, label: str, socket_timeout: float) -> None:
        super().__init__(handler=_Handler, name=name, label=label, socket_timeout=socket_timeout)
        self.token = token
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._errors: list[str] = []
        self._scripted: deque[Answer] = deque()

    # -- scripting -------------------------------------------------------------------

    def script(self, answer: Answer, *, times: int = 1) -> None:
        """Answer the next ``times`` authenticated, routed requests with ``answer``."""
        if times < 0:
            raise ValueError("times must not be negative")
        with self._lock:
            self._scripted.extend([answer] * times)

    @property
    def scripted_left(self) -> int:
        """How many scripted answers have not been used yet."""
        with self._lock:
            return len(self._scripted)

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

    # -- for subclasses --------------------------------------------------------------

    def route(self, request: RecordedRequest) -> Callable[[], Answer] | None:
        """The handler of ``request``'s operation, or None when no route matches."""
        raise NotImplementedError

    def unauthorized(self, request: RecordedRequest) -> Answer:
        """The answer to a request without the right Bearer token."""
        raise NotImplementedError

    def not_found(self, request: RecordedRequest) -> Answer:
        """The answer to a request no route matches."""
        raise NotImplementedError

    def echo(self, payload: object, authorization: str | None) -> object:
        """``payload`` carrying the request's ``Authorization`` header."""
        raise NotImplementedError

    # -- handling --------------------------------------------------------------------

    def _handle(self, request: RecordedRequest) -> Answer:
        answer = self._answer(request)
        if answer.echo_authorization:
            payload = self.echo(answer.payload, request.header("Authorization"))
            answer = replace(answer, payload=payload, echo_authorization=False)
        return answer

    def _answer(self, request: RecordedRequest) -> Answer:
        handler = self.route(request)
        if handler is None:
            return self.not_found(request)
        bearer = _BEARER.match(request.header("Authorization") or "")
        if bearer is None or bearer["token"] != self.token:
            return self.unauthorized(request)
        with self._lock:
            scripted = self._scripted.popleft() if self._scripted else None
        return scripted if scripted is not None else handler()

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _record_error(self, message: str) -> None:
        with self._lock:
            self._errors.append(message)


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (parameters such as ``charset`` ignored)."""
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/json"


class _Handler(LoopbackHandler[JsonApiSimulator]):
    server_version = "JsonApiSimulator/1.0"
    max_body_bytes = MAX_BODY_BYTES

    def answer(self, body: bytes) -> None:
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
            answer = simulator._handle(request)
        except Exception as exc:  # a simulator bug: answer 500 and remember it
            simulator._record_error(f"{request.method} {request.path}: {exc!r}")
            answer = Answer(500, {"message": "The simulator failed."})
        self._send(answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = LoopbackHandler.serve

    def reject_body(self, what: str) -> None:
        self._send(Answer(400, {"message": f"Bad {what}."}))

    def _send(self, answer: Answer) -> None:
        payload = answer.body()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
