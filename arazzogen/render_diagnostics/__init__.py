"""Render collected diagnostics as text, JSON, GitHub Actions annotations or SARIF.

:func:`render` is the one entry point; each format lives in its own module. Renderers
take the diagnostics as they come (already sorted by the reporter), never raise on
odd text and never print: the caller writes the returned string.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from arazzogen.diagnostics import Diagnostic
from arazzogen.render_diagnostics.github import render_github
from arazzogen.render_diagnostics.machine import render_json, to_json_data
from arazzogen.render_diagnostics.sarif import render_sarif, to_sarif_data
from arazzogen.render_diagnostics.text import render_text, summary

FORMATS = ("text", "json", "github", "sarif")


def render(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    *,
    show_source: bool = False,
    read_source: Callable[[str], str | None] | None = None,
    tool_version: str = "0.1.0",
) -> str:
    """Render ``diagnostics`` in format ``fmt`` (one of :data:`FORMATS`).

    ``show_source`` (text only) adds the source line and a caret under the span, read
    through ``read_source(file)``, which returns the text of a file as named in
    ``Location.file`` or ``None``. ``tool_version`` goes into the SARIF log.
    """
    if fmt == "text":
        return render_text(diagnostics, show_source=show_source, read_source=read_source)
    if fmt == "json":
        return render_json(diagnostics)
    if fmt == "github":
        return render_github(diagnostics)
    if fmt == "sarif":
        return render_sarif(diagnostics, tool_version=tool_version)
    raise ValueError(f"unknown diagnostics format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "summary", "to_json_data", "to_sarif_data"]
