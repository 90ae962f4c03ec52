from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Code:
    """One entry of the diagnostic code registry."""

    id: str
    name: str
    severity: Literal["error", "warning", "note"]
    description: str
    hint: str
    #: a lenient real-world form: a warning that ``--strict`` turns into an error
    lenient: bool = False
