"""Writing to standard output and standard error, for the command line.

A stream that cannot be written is not a bug in arazzogen: a full disk behind
``> file`` (ENOSPC), a terminal that went away (EIO). :func:`write` turns such an
``OSError`` into :class:`StreamError`, which the command line reports as AZ914. A reader
that stopped reading (``| head``) is different: :class:`BrokenPipeError` passes through,
and the command line exits quietly with :data:`EXIT_BROKEN_PIPE`, as a tool killed by
``SIGPIPE`` does.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

#: the status a shell shows for a process killed by SIGPIPE (128 + 13)
EXIT_BROKEN_PIPE = 141


class StreamError(Exception):
    """``stream`` (standard output or standard error) could not be written."""

    def __init__(self, stream: str, cause: OSError) -> None:
        self.stream = stream
        self.reason = cause.strerror or str(cause) or type(cause).__name__
        super().__init__(f"cannot write to {stream}: {self.reason}")


def _name(stream: object) -> str:
    return "standard error" if stream is sys.stderr else "standard output"


def write(stream: TextIO, text: str) -> None:
    """Write ``text`` and flush; a failing stream raises :class:`StreamError` (a broken
    pipe raises :class:`BrokenPipeError`)."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StreamError(_name(stream), exc) from exc


def write_utf8(text: str) -> None:
    """Write ``text`` to standard output as UTF-8 whatever the terminal's encoding
    (generated code), like :func:`write`."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (e.g. under test capture)
        write(sys.stdout, text)
        return
    try:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StreamError("standard output", exc) from exc


def silence_stdout() -> None:
    """After standard output failed: point it at the null device, so that the
    interpreter's last flush of what is still buffered fails no more (no "Exception
    ignored" message at exit). Does nothing when standard output is not a real file."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)
