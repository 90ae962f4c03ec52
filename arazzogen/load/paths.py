"""Absolute paths of user-given files that never raise.

``Path.resolve()`` raises on a loop of symbolic links (``RuntimeError`` before Python
3.13, ``OSError`` after) and ``ValueError`` on a NUL byte in the name. The paths arazzogen
shows or compares come from the command line and from documents, so they are resolved
here: such a path is made absolute without following its links, and reading it then
fails with the error the loader reports (AZ001: too many levels of symbolic links).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["absolute"]


def absolute(path: Path) -> Path:
    """``path.resolve()``, or ``path.absolute()`` when its links loop or its name is
    not a file name."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()
