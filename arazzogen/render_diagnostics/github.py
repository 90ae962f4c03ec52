"""GitHub Actions workflow commands: one annotation per diagnostic, one line each.

::

    ::error file=flow.arazzo.yaml,line=12,col=9,title=AZ401 (unreachable-step)::message%0Ahint: ...

Messages and property values are escaped as the Actions runner expects, so a message
can never end the command early or start another one.
"""

from __future__ import annotations

from collections.abc import Sequence

from arazzogen.diagnostics import Diagnostic, Severity
from arazzogen.render_diagnostics._common import describe, posix_path, visible

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, carriage return and line feed."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(diag: Diagnostic) -> str:
    props: list[tuple[str, object]] = []
    loc = diag.location
    if loc is not None:
        props += [("file", posix_path(loc.file)), ("line", loc.line), ("col", loc.column)]
        if loc.end_line is not None:
            props.append(("endLine", loc.end_line))
        if loc.end_column is not None:
            props.append(("endColumn", loc.end_column))
    props.append(("title", f"{diag.code} ({describe(diag.code).name})"))
    rendered = ",".join(f"{key}={escape_property(visible(str(value)))}" for key, value in props)
    message = diag.message + (f"\nhint: {diag.hint}" if diag.hint else "")
    data = escape_data(visible(message, keep="\r\n"))
    return f"::{_COMMAND[diag.severity]} {rendered}::{data}"


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(_command(diag) + "\n" for diag in diagnostics)
