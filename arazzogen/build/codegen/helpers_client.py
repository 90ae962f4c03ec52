"""Helpers of the generated client's I/O: sending a step's request and reading its
response within the limits of the call, and turning what went wrong into the module's
typed errors.

Merged into :data:`arazzogen.build.codegen.helpers.HELPERS`; same rules: complete,
typed source using the standard library and httpx only, dependencies in ``REQUIRES``.

Both flavors share every pure piece (:class:`_Body` counts and bounds a body as it
arrives, ``_bound`` caps the request's timeouts, ``_step_error`` builds the typed
error); ``_send`` and ``_send_async`` differ only in their I/O. The async twin also
waits under ``asyncio.wait_for``, so its deadline holds whatever the server does; the
sync one checks the deadline after each chunk and no single network operation may
wait past it (a server that drips the *headers* can hold it longer, up to the
per-operation timeout for each byte it sends: stated in the README).
"""

from __future__ import annotations

#: the line of ``_send_async`` that imports asyncio where it runs; dropped from a module
#: that imports asyncio at the top anyway (one whose workflows wait: ``asyncio.sleep``)
ASYNCIO_WHERE_USED = (
    "    import asyncio  # here, not at the top: a module used only sync never loads it\n\n"
)

HELPERS: dict[str, str] = {
    "_UnsentError": '''
class _UnsentError(Exception):
    """Why a step's request was not sent or its response not read: a limit of the call
    (``limit`` names it) or a value the request cannot carry. Its text holds no value
    of the request, so no secret."""

    def __init__(self, reason: str, limit: str = "") -> None:
        super().__init__(reason, limit)
        self.reason = reason
        self.limit = limit

    def __str__(self) -> str:
        return self.reason
''',
    "_Body": '''
class _Body:
    """A streamed response body, bounded while it arrives: more than ``max_bytes``
    (after gzip or deflate decompression, decompressed at most one byte past what is
    left at a time, so a compression bomb never expands) or a chunk arriving after
    ``end`` (a ``time.monotonic()`` value) stops the read."""

    def __init__(
        self, response: httpx.Response, max_bytes: int, deadline: float, end: float
    ) -> None:
        self.coding = response.headers.get("content-encoding", "").strip().lower()
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.end = end
        self.left = max_bytes  # decompressed bytes still allowed
        self.raw_left = max_bytes  # received bytes still allowed
        self.chunks: list[bytes] = []
        self.decoder = (
            zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib, by its header
            if self.coding in ("gzip", "x-gzip", "deflate")
            else None
        )

    def feed(self, chunk: bytes) -> None:
        """Take one received chunk; raise ``_UnsentError`` past a limit."""
        self.chunks.append(chunk)
        self.raw_left -= len(chunk)
        if self.decoder is None:
            self.left = self.raw_left
        else:
            try:
                self._expand(chunk)
            except zlib.error as exc:
                if self.coding != "deflate" or len(self.chunks) > 1:
                    message = "the response body is not valid " + self.coding
                    raise httpx.DecodingError(message) from exc
                # "deflate" without its zlib header, as some servers send it
                self.decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                self.left = self.max_bytes
                self._expand(chunk)
        if self.left < 0 or self.raw_left < 0:
            raise _UnsentError(
                f"the response body is larger than max_response_bytes={self.max_bytes}",
                "max_response_bytes",
            )
        if time.monotonic() > self.end:
            message = f"the response took longer than deadline={self.deadline} seconds"
            raise _UnsentError(message, "deadline")

    def _expand(self, chunk: bytes) -> None:
        assert self.decoder is not None
        data = self.decoder.unconsumed_tail + chunk
        while data and self.left >= 0:
            self.left -= len(self.decoder.decompress(data, self.left + 1))
            data = self.decoder.unconsumed_tail
''',
    "_bound": '''
def _bound(request: httpx.Request, deadline: float) -> float:
    """The ``time.monotonic()`` by which the request must be answered and read; no
    single network operation of it (connect, write, each read) may wait longer."""
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        given = cast("dict[str, object]", timeouts)
        # a loop and a tuple (not any() and `int | float`): this runs for every request
        for value in given.values():
            if not isinstance(value, (int, float)) or value > deadline:
                request.extensions["timeout"] = {
                    key: min(v, deadline) if isinstance(v, (int, float)) else deadline
                    for key, v in given.items()
                }
                break
    return time.monotonic() + deadline
''',
    "_send": '''
def _send(
    http: httpx.Client, request: httpx.Request | _UnsentError, max_bytes: int, deadline: float
) -> httpx.Response | Exception:
    """Send a step's request and read its response, at most ``max_bytes`` of body
    within ``deadline`` seconds in all: the response, or the error that kept it from
    being sent or read (the step's function decides what that error means)."""
    if isinstance(request, _UnsentError):
        return request
    end = _bound(request, deadline)
    try:
        response = http.send(request, stream=True)
        stream = response.stream
        if not response.is_stream_consumed and isinstance(stream, httpx.SyncByteStream):
            body = _Body(response, max_bytes, deadline, end)
            try:
                for chunk in stream:
                    body.feed(chunk)
            finally:
                stream.close()
            response.stream = httpx.ByteStream(b"".join(body.chunks))
        response.read()
    except (httpx.HTTPError, _UnsentError) as exc:
        return exc
    return _within(response, max_bytes)
''',
    "_send_async": '''
async def _send_async(
    http: httpx.AsyncClient,
    request: httpx.Request | _UnsentError,
    max_bytes: int,
    deadline: float,
) -> httpx.Response | Exception:
    """The async twin of ``_send``; the deadline also bounds waiting for the headers."""
    import asyncio  # here, not at the top: a module used only sync never loads it

    if isinstance(request, _UnsentError):
        return request
    end = _bound(request, deadline)
    try:
        response = await asyncio.wait_for(
            _receive_async(http, request, max_bytes, deadline, end), deadline
        )
    except (httpx.HTTPError, _UnsentError) as exc:
        return exc
    # what wait_for raises: on Python 3.10 it is not the built-in TimeoutError
    except asyncio.exceptions.TimeoutError:
        message = f"the response took longer than deadline={deadline} seconds"
        return _UnsentError(message, "deadline")
    return _within(response, max_bytes)
''',
    "_receive_async": '''
async def _receive_async(
    http: httpx.AsyncClient, request: httpx.Request, max_bytes: int, deadline: float, end: float
) -> httpx.Response:
    """Send and read, bounded like ``_send`` (``_send_async`` adds the deadline)."""
    response = await http.send(request, stream=True)
    stream = response.stream
    if not response.is_stream_consumed and isinstance(stream, httpx.AsyncByteStream):
        body = _Body(response, max_bytes, deadline, end)
        try:
            async for chunk in stream:
                body.feed(chunk)
        finally:
            await stream.aclose()
        response.stream = httpx.ByteStream(b"".join(body.chunks))
    await response.aread()
    return response
''',
    "_within": '''
def _within(response: httpx.Response, max_bytes: int) -> httpx.Response | _UnsentError:
    """The response, unless its body (read in full by the transport, e.g.
    ``httpx.MockTransport``, before ``_Body`` could count it) is over the cap."""
    if len(response.content) > max_bytes:
        message = f"the response body is larger than max_response_bytes={max_bytes}"
        return _UnsentError(message, "max_response_bytes")
    return response
''',
    "_step_error": '''
def _step_error(
    error: Exception, workflow_id: str, step_id: str, secrets: tuple[object, ...]
) -> WorkflowError:
    """The typed error of a step whose request was not sent, whose response was not
    read, or whose body was beyond what the module evaluates, when no failure action
    applied. The original error is its ``__cause__``, replaced by a redacted copy of
    its text when that text, or the text of an error it chains, shows a secret."""
    failure: WorkflowError
    if isinstance(error, RecursionError):
        failure = StepLimitError(
            workflow_id=workflow_id,
            step_id=step_id,
            limit="nesting depth",
            reason="the response body is nested too deeply to evaluate",
        )
    elif isinstance(error, OverflowError):  # a JSONPath node list past its cap
        failure = StepLimitError(
            workflow_id=workflow_id,
            step_id=step_id,
            limit="JSONPath node list" if str(error).startswith("JSONPath") else "number size",
            reason=str(error),
        )
    elif isinstance(error, _UnsentError) and error.limit:
        failure = StepLimitError(
            workflow_id=workflow_id, step_id=step_id, limit=error.limit, reason=error.reason
        )
    elif isinstance(error, _UnsentError):
        failure = StepRequestError(workflow_id=workflow_id, step_id=step_id, reason=error.reason)
    else:
        failure = StepTransportError(
            workflow_id=workflow_id, step_id=step_id, reason=type(error).__name__
        )
    failure.__cause__ = _safe_cause(error, secrets)
    return failure
''',
    "_safe_cause": '''
def _safe_cause(error: BaseException, secrets: tuple[object, ...]) -> BaseException:
    """``error``, or a redacted stand-in when its text or repr, or that of an error it
    chains, shows one of ``secrets`` in any encoding ``_redact`` knows."""
    link: BaseException | None = error
    for _ in range(16):  # chains are short; a cycle ends here too
        if link is None:
            return error
        for shown in (str(link), repr(link)):
            if _redact(shown, secrets) != shown:
                return _UnsentError(f"{type(error).__name__}: {_redact(str(error), secrets)}")
        link = link.__cause__ or link.__context__
    return error
''',
    "_json_body": '''
def _json_body(response: httpx.Response) -> tuple[object, bool]:
    """The body of a response the operation declares as JSON, and whether it is JSON:
    (decoded JSON, True), (None, True) when empty, (its text, False) when it does not
    parse. A body nested too deeply to decode is beyond a limit (``_UnsentError``)."""
    if not response.content:
        return None, True
    try:
        return response.json(), True
    except RecursionError:
        raise _UnsentError(
            "the response body is nested too deeply to decode", "nesting depth"
        ) from None
    except ValueError:
        return response.text, False
''',
}

REQUIRES: dict[str, tuple[str, ...]] = {
    "_UnsentError": (),
    "_Body": ("_UnsentError", "import time", "import zlib"),
    "_bound": ("import time", "from typing import cast"),
    "_send": ("_UnsentError", "_Body", "_bound", "_within"),
    "_send_async": ("_UnsentError", "_receive_async", "_bound", "_within"),
    "_within": ("_UnsentError",),
    "_receive_async": ("_Body",),
    "_step_error": ("_UnsentError", "_safe_cause"),
    "_safe_cause": ("_UnsentError", "_redact"),
    "_json_body": ("_UnsentError",),
}
