"""Every runtime expression, value and simple condition in ../shared/corpus parses."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from arazzogen.expressions import (
    ExpressionError,
    iter_runtime_expressions,
    parse_condition,
    parse_runtime_expression,
    parse_value,
)
from arazzogen.expressions.ast import Condition, RuntimeExpr, Template

# ------------------------------------------------------------------ real documents

_SHARED = Path(__file__).resolve().parents[2].parent / "shared"
_CORPUS = _SHARED / "corpus"

Item = tuple[str, str, str, str]  # (what, text, version, file)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _walk(node: object, version: str, where: str, out: list[Item]) -> None:
    """Collect every string the document means as an expression, value or condition."""
    if isinstance(node, list):
        for item in node:
            _walk(item, version, where, out)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "condition" and isinstance(value, str):
            kind = node.get("type")
            kind = kind.get("type") if isinstance(kind, dict) else kind
            # regex/jsonpath/xpath conditions may only embed {$...}
            out.append(("condition" if kind in (None, "simple") else "template",
                        value, version, where))
        elif key in ("context", "reference") and isinstance(value, str):
            out.append(("expression", value, version, where))
        elif key in ("operationId", "workflowId") and isinstance(value, str):
            if value.startswith("$"):
                out.append(("expression", value, version, where))
        elif key == "dependsOn" and isinstance(value, list):
            out.extend(("expression", v, version, where) for v in value
                       if isinstance(v, str) and v.startswith("$"))
        elif key in ("value", "operationPath", "channelPath", "correlationId"):
            if isinstance(value, str):
                out.append(("value", value, version, where))
            else:
                _walk(value, version, where, out)
        elif key == "payload":
            out.extend(("value", s, version, where) for s in _strings(value))
        elif key == "outputs" and isinstance(value, dict):
            for output in value.values():
                if isinstance(output, str):
                    out.append(("value", output, version, where))
                else:
                    _walk(output, version, where, out)
        elif key != "inputs":  # inputs are JSON Schema
            _walk(value, version, where, out)


def _documents() -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    manifest = _CORPUS / "MANIFEST.tsv"
    if manifest.is_file():
        with manifest.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["kind"] in ("arazzo", "schema-test-pass", "schema-test-fail"):
                    found.append((_CORPUS / row["local_path"], row["local_path"]))
    for seed in sorted((_SHARED / "seeds").glob("*/arazzo/*.yaml")):
        found.append((seed, "seeds/" + str(seed.relative_to(_SHARED / "seeds"))))
    return found


def _corpus_items() -> list[Item]:
    items: list[Item] = []
    for path, where in _documents():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        declared = str(data.get("arazzo", ""))
        if declared.startswith(("1.0.", "1.1.")):
            _walk(data, declared[:3], where, items)
    return items


# Genuinely invalid in the corpus, each checked by hand:
# (`$response.headers.Location`, in the bnpl examples, is read leniently: AZ512.)
# * `$inputs` alone (a Selector Object context in Redocly's cafe example): every ABNF
#   form is `$inputs.<name>`; there is no expression for the whole inputs object.
EXPECTED_FAILURES = {
    ("expression", "$inputs",
     "Redocly__redocly-cli/tests/e2e/lint/arazzo-1-1-valid-description/cafe-workflows.yaml"),
}


def test_every_corpus_expression_value_and_condition_parses() -> None:
    if not _CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    items = _corpus_items()
    assert {what for what, *_ in items} == {"condition", "template", "expression", "value"}
    failures: set[tuple[str, str, str]] = set()
    for what, text, version, where in items:
        try:
            if what == "condition":
                result: RuntimeExpr | Template | Condition | str
                result = parse_condition(text, version=version)
            elif what == "expression":
                result = parse_runtime_expression(text, version=version)
            else:
                result = parse_value(text, version=version, braceless=what == "value")
        except ExpressionError:
            failures.add((what, text, where))
            continue
        for expr in iter_runtime_expressions(result):
            assert text[expr.start : expr.end] == expr.text
    assert failures == EXPECTED_FAILURES
