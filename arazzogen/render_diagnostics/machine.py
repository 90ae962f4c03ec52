"""The JSON format (``--format json``): a stable, versioned document for other tools.

::

    {
      "version": 1,
      "diagnostics": [
        {"code": "AZ201", "name": "...", "severity": "error", "message": "...",
         "hint": "...", "location": {"file": "...", "line": 3, "column": 7,
         "end_line": 3, "end_column": 12, "pointer": "/workflows/0"}}
      ],
      "summary": {"errors": 1, "warnings": 0, "notes": 0}
    }

``location`` is ``null`` for a diagnostic about no particular place. Keys keep this
order; the output ends with a newline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from arazzogen.diagnostics import Diagnostic, Location
from arazzogen.render_diagnostics._common import count, describe, json_safe

JSON_VERSION = 1


def _location(loc: Location | None) -> dict[str, object] | None:
    if loc is None:
        return None
    return {
        "file": json_safe(loc.file),
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "pointer": json_safe(loc.pointer),
    }


def to_json_data(diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    """The JSON format as plain data."""
    counts = count(diagnostics)
    return {
        "version": JSON_VERSION,
        "diagnostics": [
            {
                "code": diag.code,
                "name": describe(diag.code).name,
                "severity": diag.severity.value,
                "message": json_safe(diag.message),
                "hint": json_safe(diag.hint),
                "location": _location(diag.location),
            }
            for diag in diagnostics
        ],
        "summary": {"errors": counts.errors, "warnings": counts.warnings, "notes": counts.notes},
    }


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(to_json_data(diagnostics), indent=2, ensure_ascii=False) + "\n"
