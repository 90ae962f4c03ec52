"""Plumbing shared by the loopback HTTP servers of the tests (standard library only).

:class:`LoopbackService` runs a threaded HTTP/1.1 server on 127.0.0.1 (an ephemeral
port) from a background thread; subclasses add what the server answers:

* :class:`LoopbackHTTPServer` binds without a reverse DNS lookup, tracks its open
  connections and handler threads, ends the connections at once when the service stops
  and joins the handler threads with a timeout;
* :class:`LoopbackHandler` bounds every blocking read with the service's
  ``socket_timeout``, sends with ``TCP_NODELAY``, stays quiet (no request log) and reads
  request bodies (``Content-Length`` or chunked, at most ``max_body_bytes``).

A service is a context manager::

    with MyService() as service:
        httpx.get(f"{service.base_url}/path")

Thread names: ``<name>`` serves, ``<name>-connection`` handles one connection.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from typing import Any, ClassVar, Generic, TypeVar

OwnerT = TypeVar("OwnerT", bound="LoopbackService")
_ServiceT = TypeVar("_ServiceT", bound="LoopbackService")


class LoopbackService:
    """The lifecycle of a loopback server: start, stop, context manager, base URL.

    ``handler`` answers the requests (its ``server.owner`` is this service), ``name``
    names the threads, and ``label`` (e.g. ``"the feature server"``) starts the messages
    of the errors :meth:`start` and :attr:`base_url` raise.
    """

    def __init__(
        self,
        *,
        handler: type[LoopbackHandler[Any]],
        name: str,
        label: str,
        socket_timeout: float,
    ) -> None:
        self.socket_timeout = socket_timeout
        self._handler = handler
        self._name = name
        self._label = label
        self._stopping = threading.Event()
        self._server: LoopbackHTTPServer[Any] | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None

    def __enter__(self: _ServiceT) -> _ServiceT:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Bind an ephemeral port on 127.0.0.1 and serve from a background thread."""
        if self._server is not None:
            raise RuntimeError(f"{self._label} is already running")
        self._stopping.clear()
        server = LoopbackHTTPServer(self, self._handler, f"{self._name}-connection")
        host, port = server.server_address[:2]
        self._server = server
        self._base_url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self._name,
            daemon=True,
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, cut :meth:`_wait` short, drop open connections, free the port
        and join the threads (each join bounded by ``timeout`` seconds)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = None
        self._thread = None
        self._stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout)
        server.join_handlers(timeout)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``; kept after :meth:`stop` so tests can probe the port."""
        if self._base_url is None:
            raise RuntimeError(f"{self._label} has not been started")
        return self._base_url

    def _wait(self, delay: float) -> bool:
        """Sleep ``delay`` seconds unless the server stops first; True when it stopped."""
        return self._stopping.wait(delay) if delay > 0 else False


class LoopbackHTTPServer(socketserver.ThreadingMixIn, HTTPServer, Generic[OwnerT]):
    """Tracks its connections so that :meth:`close_connections` can end them at once."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self, owner: OwnerT, handler: type[LoopbackHandler[OwnerT]], thread_name: str
    ) -> None:
        self.owner = owner
        self._thread_name = thread_name
        self._conn_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._handlers: set[threading.Thread] = set()
        self._closing = False
        super().__init__(("127.0.0.1", 0), handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (socket.getfqdn), which can
        # stall on machines without reverse DNS; the name is not needed here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conn_lock:
            if self._closing:
                self.shutdown_request(request)
                return
            thread = threading.Thread(
                target=self.process_request_thread,
                args=(request, client_address),
                name=self._thread_name,
                daemon=True,
            )
            self._connections.add(request)
            self._handlers.add(thread)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._conn_lock:
                self._connections.discard(request)
                self._handlers.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection-level failures (client gone, socket closed at stop) are not news."""

    def close_connections(self) -> None:
        """Refuse new connections and shut down the open ones (their reads return EOF)."""
        with self._conn_lock:
            self._closing = True
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def join_handlers(self, timeout: float) -> None:
        with self._conn_lock:
            handlers = list(self._handlers)
        for handler in handlers:
            handler.join(timeout)


class LoopbackHandler(BaseHTTPRequestHandler, Generic[OwnerT]):
    """HTTP/1.1 keep-alive handler.

    Subclasses implement :meth:`answer` and :meth:`reject_body`, and serve the HTTP
    methods they support with :meth:`serve` (``do_GET = do_POST = LoopbackHandler.serve``);
    the others get the standard library's 501.
    """

    protocol_version = "HTTP/1.1"
    max_body_bytes: ClassVar[int] = 1_000_000
    server: LoopbackHTTPServer[OwnerT]

    def setup(self) -> None:
        super().setup()
        # A bound on every blocking read: an idle or stalled client cannot pin this thread.
        self.connection.settimeout(self.server.owner.socket_timeout)
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests inspect the recorded requests instead of logs."""

    def serve(self) -> None:
        """Read the request body, then :meth:`answer` the request (unless the body was
        refused or cut short)."""
        body = self.read_body()
        if body is not None:
            self.answer(body)

    def answer(self, body: bytes) -> None:
        """Answer the request (``self.command``, ``self.path``, ``self.headers``) whose
        body is ``body``."""
        raise NotImplementedError

    def reject_body(self, what: str) -> None:
        """Answer a request whose body cannot be read; ``what`` is ``"Content-Length"``
        or ``"chunked body"``. The connection is already marked to close."""
        raise NotImplementedError

    def read_body(self) -> bytes | None:
        """The request body, or None when there is none to answer: a bad length or
        chunking (after :meth:`reject_body` answered) or a body cut short."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length", "0") or "0")
        except ValueError:
            length = -1
        if not 0 <= length <= self.max_body_bytes:
            self.close_connection = True
            self.reject_body("Content-Length")
            return None
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client (or stop()) closed the connection mid-body
            self.close_connection = True
            return None
        return body

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                size = -1
            total += max(size, 0)
            if size < 0 or total > self.max_body_bytes:
                self.close_connection = True
                self.reject_body("chunked body")
                return None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)
