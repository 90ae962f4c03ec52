"""A hostile HTTP server on 127.0.0.1 for the generated client's fault-injection tests.

``GET /items/<case>`` answers as ``<case>`` says (every loop bounded, every wait cut
short when the service stops):

=================  ==============================================================
``ok``             200, ``{"id": "ok", "next": "ok"}``
``null``           200, ``{"id": "null", "next": null}``
``bomb``           200, a 300 KB gzip body that expands to 300 MiB of zeros
``small-bomb``     200, the same expanding to 8 MiB
``drip``           200, ``Content-Length: 64``, then one byte every 0.1 s
``drip-headers``   the status line, then its header bytes one every 0.1 s
``reset``          the connection reset (RST) before any answer
``malformed``      200, an HTML page (``text/html``) echoing the credentials
``cut``            200, ``application/json`` cut in the middle, echoing them
``deep``           200, JSON nested 100,000 levels deep
``loop``           302 to itself
``echo``           401, a JSON document quoting the credentials in every encoding
=================  ==============================================================

The credentials echoed: the ``X-Api-Key`` header as received, percent-encoded (``%20``
and ``+``), JSON-escaped (with ``\\/``), and the ``Authorization: Basic user:password``
pair base64-encoded as HTTP Basic would send it.
"""

from __future__ import annotations

import base64
import json
import socket
import struct
import zlib
from functools import cache
from typing import Any
from urllib.parse import quote, quote_plus

from loopback_server import LoopbackHandler, LoopbackService

DRIP_BYTES = 64
DRIP_DELAY = 0.1


@cache
def gzip_bomb(mebibytes: int = 300) -> bytes:
    """A valid gzip body of ``mebibytes`` MiB of zeros (about 1 KB per MiB): every MiB
    is compressed once as an independent deflate block and repeated."""
    zeros = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", crc, (mebibytes << 20) & 0xFFFFFFFF)
    return header + first + block * (mebibytes - 1) + deflate.flush() + trailer


def echoes(headers: Any) -> list[str]:
    """The credentials of a request in every form a careless server echoes them."""
    key = headers.get("X-Api-Key", "")
    forms = [key, quote(key, safe=""), quote_plus(key), json.dumps(key)[1:-1]]
    forms.append(json.dumps(key)[1:-1].replace("/", "\\/"))
    basic = headers.get("Authorization", "").removeprefix("Basic ")
    forms.append(base64.b64encode(basic.encode()).decode())
    return forms


def echo_document(headers: Any) -> str:
    """A JSON error document quoting the credentials as a JSON encoder writes them
    (escaped once, ``/`` as ``\\/`` in one member) and URL- and base64-encoded."""
    _raw, url, plus, escaped, slashes, basic = echoes(headers)
    members = [
        f'"raw": "{escaped}"',
        f'"slashes": "{slashes}"',
        f'"url": "{url}"',
        f'"plus": "{plus}"',
        f'"basic": "{basic}"',
    ]
    return "{" + ", ".join(members) + "}"


class FaultServer(LoopbackService):
    def __init__(self) -> None:
        super().__init__(
            handler=_Handler, name="fault-server", label="the fault server", socket_timeout=5.0
        )
        self.paths: list[str] = []


class _Handler(LoopbackHandler[FaultServer]):
    def answer(self, body: bytes) -> None:
        owner = self.server.owner
        owner.paths.append(self.path)
        case = self.path.rsplit("/", 1)[-1]
        if case in ("ok", "null"):
            self.send(200, json.dumps({"id": case, "next": None if case == "null" else "ok"}))
        elif case in ("bomb", "small-bomb"):
            body = gzip_bomb(300 if case == "bomb" else 8)
            self.send(200, body, {"Content-Encoding": "gzip"})
        elif case == "drip":
            self.drip_body()
        elif case == "drip-headers":
            self.drip_headers()
        elif case == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif case == "malformed":
            page = "<html><body>Bad gateway " + " ".join(echoes(self.headers)) + "</body></html>"
            self.send(200, page, {"Content-Type": "text/html"})
        elif case == "cut":
            self.send(200, '{"id": "cut", "token": "' + " ".join(echoes(self.headers)))
        elif case == "deep":
            self.send(200, "[" * 100_000 + "]" * 100_000)
        elif case == "loop":
            self.send(302, "", {"Location": self.path})
        elif case == "echo":
            self.send(401, echo_document(self.headers))
        else:
            self.send(404, "{}")

    def send(self, status: int, body: str | bytes, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        merged = {"Content-Type": "application/json", **(headers or {})}
        for name, value in merged.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def drip_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(DRIP_BYTES))
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        for _ in range(DRIP_BYTES):  # bounded; ends early when the client hangs up
            if self.server.owner._wait(DRIP_DELAY) or not self._write(b" "):
                return

    def drip_headers(self) -> None:
        self.close_connection = True
        if not self._write(b"HTTP/1.1 200 OK\r\n"):
            return
        for byte in b"X-Slow: " + b"a" * DRIP_BYTES:
            if self.server.owner._wait(DRIP_DELAY) or not self._write(bytes([byte])):
                return

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            return False
        return True

    def reject_body(self, what: str) -> None:
        self.send(400, "{}")

    do_GET = LoopbackHandler.serve
