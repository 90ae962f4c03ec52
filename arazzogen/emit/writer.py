"""Stage 7: write the generated module atomically.

The text goes to a temporary file in the destination folder, is flushed and synced,
then replaces the destination in one ``os.replace``: readers see the old file or the
new one, never half of one, and a failure leaves the destination as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class NotARegularFile(OSError):
    """The destination exists but is a directory, a device, a pipe...: never replaced."""


def write_atomic(path: Path, text: str) -> None:
    if (path.exists() or path.is_symlink()) and not path.is_file():
        raise NotARegularFile(f"{path} exists and is not a regular file")
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_text(path: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
