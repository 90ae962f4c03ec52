"""A small programmable HTTP server for behaviour tests of generated modules.

Standard library only. It listens on 127.0.0.1 (an ephemeral port), records every
request it receives, and answers each ``(method, path)`` route from a queue of
:class:`Reply` objects; once the queue is empty the route's default reply repeats.
Requests to a route nobody programmed get a 404 (and are recorded too).

    with FeatureServer() as server:
        server.route("GET", "/items/1", Reply(200, {"id": 1}), default=Reply(404))
        ...
        assert server.requests[0].query_pairs == [("a", "1")]

``path`` is matched exactly as the client sent it (still percent-encoded), so tests
can assert the encoding. A :class:`Reply` may ``delay`` its answer (bounded, and cut
short when the server stops) to provoke client timeouts.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from loopback_server import LoopbackHandler, LoopbackService

MAX_BODY_BYTES = 1_000_000
MAX_DELAY = 5.0
"""The longest a reply may be delayed, in seconds."""


@dataclass(frozen=True)
class Reply:
    """One programmed response.

    ``body``: ``bytes`` and ``str`` are sent as they are (``str`` as UTF-8); any other
    value is sent as JSON (``None`` is the JSON text ``null``). The default is an empty
    body. ``Content-Type`` defaults to JSON for JSON values and to ``text/plain`` for
    text; a ``headers`` entry overrides it.
    """

    status: int = 200
    body: object = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def encoded(self) -> tuple[bytes, str | None]:
        """The body bytes and the default Content-Type (None for an empty body)."""
        if isinstance(self.body, bytes):
            return self.body, ("application/octet-stream" if self.body else None)
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode("utf-8"), "application/json"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it.

    ``path`` and ``query`` are the raw (percent-encoded) parts of the request target.
    ``header_items`` keeps every header line in order, names as sent.
    """

    method: str
    path: str
    query: str
    header_items: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive); repeated ones joined by ``, ``."""
        values = self.header_values(name)
        return ", ".join(values) if values else None

    def header_values(self, name: str) -> list[str]:
        """Every value sent for header ``name`` (case-insensitive), in order."""
        wanted = name.lower()
        return [value for key, value in self.header_items if key.lower() == wanted]

    @property
    def header_names(self) -> list[str]:
        """The lower-cased header names, in order."""
        return [key.lower() for key, _ in self.header_items]

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        """The decoded query parameters, in order, repeats kept."""
        return parse_qsl(self.query, keep_blank_values=True)

    @property
    def form(self) -> list[tuple[str, str]]:
        """The body decoded as ``application/x-www-form-urlencoded`` pairs."""
        return parse_qsl(self.body.decode("utf-8"), keep_blank_values=True)

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies of the ``Cookie`` header(s)."""
        jar: SimpleCookie = SimpleCookie()
        for value in self.header_values("Cookie"):
            jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}

    @property
    def json(self) -> Any:
        """The body decoded as JSON; ValueError when it is not JSON."""
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _Route:
    def __init__(self, replies: tuple[Reply, ...], default: Reply) -> None:
        self.queue: deque[Reply] = deque(replies)
        self.default = default

    def next(self) -> Reply:
        return self.queue.popleft() if self.queue else self.default


class FeatureServer(LoopbackService):
    """A threaded HTTP/1.1 server on 127.0.0.1 with programmable routes."""

    def __init__(self, *, socket_timeout: float = 10.0) -> None:
        super().__init__(
            handler=_Handler,
            name="feature-server",
            label="the feature server",
            socket_timeout=socket_timeout,
        )
        self._lock = threading.Lock()
        self._routes: dict[tuple[str, str], _Route] = {}
        self._requests: list[RecordedRequest] = []
        self._errors: list[str] = []

    # -- programming and observation ---------------------------------------------------

    def route(self, method: str, path: str, *replies: Reply, default: Reply | None = None) -> None:
        """Answer ``method path`` with ``replies`` in turn, then ``default`` (200, empty)."""
        for reply in (*replies, *([default] if default else [])):
            if not 0 <= reply.delay <= MAX_DELAY:
                raise ValueError(f"a reply delay must be within 0..{MAX_DELAY} seconds")
        with self._lock:
            self._routes[(method.upper(), path)] = _Route(tuple(replies), default or Reply())

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def calls(self) -> list[tuple[str, str]]:
        """``(method, path)`` of every request so far."""
        return [(r.method, r.path) for r in self.requests]

    @property
    def errors(self) -> list[str]:
        """Failures inside the server itself (should stay empty)."""
        with self._lock:
            return list(self._errors)

    def _answer(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            route = self._routes.get((request.method, request.path))
            if route is None:
                return Reply(404, {"error": f"no route for {request.method} {request.path}"})
            return route.next()

    def _record_error(self, message: str) -> None:
        with self._lock:
            self._errors.append(message)


class _Handler(LoopbackHandler[FeatureServer]):
    server_version = "FeatureServer/1.0"
    max_body_bytes = MAX_BODY_BYTES

    def answer(self, body: bytes) -> None:
        owner = self.server.owner
        target = urlsplit(self.path)
        request = RecordedRequest(
            method=self.command,
            path=target.path,
            query=target.query,
            header_items=tuple((k, v) for k, v in self.headers.items()),
            body=body,
        )
        try:
            reply = owner._answer(request)
        except Exception as exc:  # a server bug: answer 500 and remember it
            owner._record_error(f"{request.method} {request.path}: {exc!r}")
            reply = Reply(500, {"error": "feature server failure"})
        if owner._wait(reply.delay):
            self.close_connection = True
            return
        self._send(reply)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = LoopbackHandler.serve
    do_HEAD = do_OPTIONS = LoopbackHandler.serve

    def reject_body(self, what: str) -> None:
        self._send(Reply(400, {"error": f"bad {what}"}))

    def _send(self, reply: Reply) -> None:
        payload, content_type = reply.encoded()
        self.send_response(reply.status)
        names = {name.lower() for name in reply.headers}
        if content_type is not None and "content-type" not in names:
            self.send_header("Content-Type", content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
