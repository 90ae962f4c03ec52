"""ANSI colours for the text format and for ``--diff``, added after rendering.

``--color auto`` (the default) colours only a terminal, and not when the ``NO_COLOR``
environment variable is set to anything non-empty (https://no-color.org) or ``TERM`` is
``dumb``; ``always`` and ``never`` decide regardless.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TextIO

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
RED = "\x1b[31m"
GREEN = "\x1b[32m"
YELLOW = "\x1b[33m"
CYAN = "\x1b[36m"

_SEVERITY = {"error": BOLD + RED, "warning": BOLD + YELLOW, "note": BOLD + CYAN}
_HEADER = re.compile(
    r"^(?P<where>.*?): (?P<sev>error|warning|note): (?P<msg>.*) \[(?P<code>AZ\d{3})\]$"
)


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colorize_diagnostics(text: str) -> str:
    """Colour the lines of :func:`arazzogen.render_diagnostics.text.render_text`."""
    out = []
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            sev = header["sev"]
            line = (
                f"{BOLD}{header['where']}{RESET}: {_SEVERITY[sev]}{sev}{RESET}: "
                f"{header['msg']} {DIM}[{RESET}{BOLD}{header['code']}{RESET}{DIM}]{RESET}"
            )
        elif line.startswith("  hint: "):
            line = f"  {CYAN}hint{RESET}: {line[8:]}"
        elif line.startswith("Found "):
            line = BOLD + line + RESET
        out.append(line)
    return "\n".join(out)


def colorize_diff(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if line.startswith(("+++", "---")):
            line = BOLD + line + RESET
        elif line.startswith("@@"):
            line = CYAN + line + RESET
        elif line.startswith("+"):
            line = GREEN + line + RESET
        elif line.startswith("-"):
            line = RED + line + RESET
        out.append(line)
    return "\n".join(out)
