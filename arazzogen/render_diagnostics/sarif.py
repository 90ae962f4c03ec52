"""SARIF 2.1.0 (``--format sarif``), the log format of GitHub code scanning and others.

One run, whose ``tool.driver.rules`` describe the codes that occur (sorted by id) and
whose ``results`` follow the diagnostics' order. Columns count Unicode code points
(``columnKind``), end columns are exclusive, as in SARIF. The output holds no timestamp,
absolute path or other machine-dependent value that the diagnostics do not carry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from urllib.parse import quote

from arazzogen.diagnostics import Diagnostic, Location
from arazzogen.render_diagnostics._common import describe, json_safe, posix_path

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
TOOL_NAME = "arazzogen"

_DRIVE = re.compile(r"[A-Za-z]:/")


def _quote(path: str) -> str:
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = json_safe(path).encode("utf-8")
    return quote(raw, safe="/")


def artifact_uri(file: str) -> str:
    """``file`` as a URI reference: forward slashes, percent-encoded, relative as given.

    A Windows drive path becomes a ``file:///`` URI (``C:`` would otherwise read as a
    URI scheme); so does a UNC path (``file://server/share/...``).
    """
    path = posix_path(file)
    if _DRIVE.match(path):
        return "file:///" + path[:2] + _quote(path[2:])
    if path.startswith("//"):
        return "file:" + _quote(path)
    return _quote(path)


def _title(name: str) -> str:
    words = name.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _rule(code: str) -> dict[str, object]:
    entry = describe(code)
    full = entry.description
    if entry.lenient:
        full = f"{full} A lenient form: `--strict` makes this warning an error.".strip()
    return {
        "id": entry.id,
        "name": entry.name,
        "shortDescription": {"text": _title(entry.name)},
        "fullDescription": {"text": full},
        "help": {"text": entry.hint},
        "defaultConfiguration": {"level": entry.severity},
    }


def _region(loc: Location) -> dict[str, int]:
    region = {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}
    if loc.end_line is not None:
        region["endLine"] = max(loc.end_line, region["startLine"])
    if loc.end_column is not None:
        region["endColumn"] = max(loc.end_column, 1)
    return region


def _result(diag: Diagnostic, rule_index: int) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": diag.code,
        "ruleIndex": rule_index,
        "level": diag.severity.value,
        "message": {"text": json_safe(diag.message)},
    }
    properties: dict[str, object] = {}
    loc = diag.location
    if loc is not None:
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(loc.file)},
                    "region": _region(loc),
                }
            }
        ]
        properties["pointer"] = json_safe(loc.pointer)
    if diag.hint:
        properties["hint"] = json_safe(diag.hint)
    if properties:
        result["properties"] = properties
    return result


def to_sarif_data(diagnostics: Sequence[Diagnostic], *, tool_version: str) -> dict[str, object]:
    """The SARIF log as plain data."""
    codes = sorted({diag.code for diag in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": TOOL_NAME,
        "version": tool_version,
        "rules": [_rule(code) for code in codes],
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(diag, index[diag.code]) for diag in diagnostics],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(diagnostics: Sequence[Diagnostic], *, tool_version: str) -> str:
    data = to_sarif_data(diagnostics, tool_version=tool_version)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
