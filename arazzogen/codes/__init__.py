"""The registry of diagnostic codes.

Each code has a stable id (``AZ`` + three digits), a short kebab-case name, a default
severity, a description and a default hint. Codes are grouped by stage, one module per
group, so a stage's codes live next to each other:

========  ==========================================
AZ0xx     loading files (:mod:`.load`)
AZ1xx     JSON Schema validation (:mod:`.schema`)
AZ2xx     semantic rules on the document alone (:mod:`.rules`)
AZ3xx     sources and operation binding (:mod:`.sources`)
AZ4xx     control flow (:mod:`.flow`)
AZ5xx     lenient real-world forms, warnings (:mod:`.lenient`)
AZ6xx     constructs the compiler does not support yet (:mod:`.unsupported`)
AZ9xx     usage and internal errors (:mod:`.internal`)
========  ==========================================

Ids are never reused. The README's table of codes is generated from this registry
(``python -m arazzogen codes --markdown``) and a test keeps the two in sync.
"""

from __future__ import annotations

from arazzogen.codes._model import Code
from arazzogen.codes.flow import CODES as _FLOW
from arazzogen.codes.internal import CODES as _INTERNAL
from arazzogen.codes.lenient import CODES as _LENIENT
from arazzogen.codes.load import CODES as _LOAD
from arazzogen.codes.rules import CODES as _RULES
from arazzogen.codes.schema import CODES as _SCHEMA
from arazzogen.codes.sources import CODES as _SOURCES
from arazzogen.codes.unsupported import CODES as _UNSUPPORTED


def _build() -> dict[str, Code]:
    table: dict[str, Code] = {}
    names: set[str] = set()
    for group in (_LOAD, _SCHEMA, _RULES, _SOURCES, _FLOW, _LENIENT, _UNSUPPORTED, _INTERNAL):
        for code in group:
            if code.id in table:
                raise RuntimeError(f"duplicate diagnostic code id {code.id}")
            if code.name in names:
                raise RuntimeError(f"duplicate diagnostic code name {code.name}")
            table[code.id] = code
            names.add(code.name)
    return dict(sorted(table.items()))


REGISTRY: dict[str, Code] = _build()


def lookup(code: str) -> Code:
    """Return the registry entry for ``code`` (an id such as ``AZ201``)."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"unknown diagnostic code {code!r}: add it to arazzogen/codes/") from None


__all__ = ["REGISTRY", "Code", "lookup"]
