"""Tests for the plumbing shared by the test servers (tests/loopback_server.py)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
from loopback_server import LoopbackHandler, LoopbackService

# A bound for "this must finish at all" (hang guards), never a timing expectation.
HANG_GUARD = 20.0


class EchoService(LoopbackService):
    def __init__(self) -> None:
        super().__init__(
            handler=_EchoHandler, name="echo-service", label="the echo service", socket_timeout=5.0
        )
        self.answered_by: list[str] = []


class _EchoHandler(LoopbackHandler[EchoService]):
    max_body_bytes = 8

    def answer(self, body: bytes) -> None:
        self.server.owner.answered_by.append(threading.current_thread().name)
        self._reply(200, b"echo:" + body)

    def reject_body(self, what: str) -> None:
        self._reply(400, f"refused {what}".encode())

    def _reply(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = LoopbackHandler.serve


@pytest.fixture
def echo() -> Iterator[EchoService]:
    with EchoService() as service:
        yield service


def test_served_methods_get_the_body_and_others_get_501(echo: EchoService) -> None:
    with httpx.Client(base_url=echo.base_url, timeout=HANG_GUARD) as http:
        assert http.get("/").content == b"echo:"
        assert http.post("/", content=b"abc").content == b"echo:abc"
        chunked = http.post("/", content=iter([b"ab", b"cd"]))
        assert chunked.content == b"echo:abcd"
        assert http.put("/", content=b"x").status_code == 501
    assert echo.answered_by == ["echo-service-connection"] * 3


@pytest.mark.parametrize(
    ("framing", "what"),
    [
        (b"Content-Length: x\r\n\r\n", "Content-Length"),
        (b"Content-Length: -1\r\n\r\n", "Content-Length"),
        (b"Content-Length: 9\r\n\r\n123456789", "Content-Length"),
        (b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", "chunked body"),
        (b"Transfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n4\r\n6789\r\n0\r\n\r\n", "chunked body"),
    ],
)
def test_unreadable_bodies_are_refused_and_close_the_connection(
    echo: EchoService, framing: bytes, what: str
) -> None:
    port = int(echo.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD) as conn:
        conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n" + framing)
        received = b""
        while chunk := conn.recv(4096):  # ends only when the server closes the connection
            received += chunk
    head, _, payload = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"\r\nConnection: close" in head
    assert payload == f"refused {what}".encode()
    assert echo.answered_by == []


def test_stop_cuts_waits_short_and_start_rearms_them() -> None:
    service = EchoService()
    service.start()
    results: list[bool] = []
    waiter = threading.Thread(target=lambda: results.append(service._wait(10 * HANG_GUARD)))
    waiter.start()
    service.stop()
    waiter.join(HANG_GUARD)
    assert results == [True]
    with service:
        assert service._wait(0.01) is False
    with pytest.raises(RuntimeError, match="the echo service has not been started"):
        _ = EchoService().base_url
