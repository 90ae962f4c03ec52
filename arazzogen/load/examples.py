"""Example documents for ``arazzogen codes CODE``: the test suite's case files.

Each code's case (``tests/cases/<code>-<name>.<ext>``) is a small document that shows
exactly that diagnostic; the wheel carries them as ``arazzogen/_cases`` and a checkout
reads them from ``tests/cases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_EXPECT = re.compile(r"^#\s*expect\s*:\s*(AZ\d{3})(?:\s+at\s+(\d+):(\d+))?\s*$")


@dataclass(frozen=True)
class Example:
    name: str
    text: str
    #: (line, column) where the code is reported, if it has a location
    at: tuple[int, int] | None


def _folders() -> list[Path]:
    return [_PACKAGE / "_cases", _PACKAGE.parent / "tests" / "cases"]


def find_example(code: str) -> Example | None:
    for folder in _folders():
        try:
            candidates = sorted(folder.glob(f"{code}-*"))
        except OSError:
            continue
        for path in candidates:
            if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
                continue
            try:
                text = path.read_bytes().decode("utf-8", errors="replace")
                header = text
                if path.suffix == ".json":
                    header = path.with_name(path.name.split(".", 1)[0] + ".expect").read_text(
                        encoding="utf-8"
                    )
            except OSError:
                continue
            at = None
            for line in header.splitlines():
                found = _EXPECT.match(line)
                if found and found.group(1) == code and found.group(2):
                    at = (int(found.group(2)), int(found.group(3)))
                    break
            return Example(path.name, text, at)
    return None
