"""Fixtures for the rules tests: write a document, load it, run the rules.

Every inline document is first checked against the official JSON Schema (as the
pipeline does before the rules run), so each test shows a problem the schema lets
through.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import yaml

from arazzogen.check.rules import check_document
from arazzogen.diagnostics import Diagnostic, Reporter
from arazzogen.load.document import load_document

SCHEMAS = Path(__file__).resolve().parents[2] / "arazzogen" / "schemas"


class Result:
    """The diagnostics of one document, with shorthands for the assertions."""

    def __init__(self, diagnostics: list[Diagnostic], text: str = "") -> None:
        self.diagnostics = diagnostics
        self.text = text

    def pos(self, needle: str, nth: int = 0) -> tuple[int, int]:
        """Line and column (1-based) of the ``nth`` occurrence of ``needle`` in the text;
        with a ``»`` in the needle, of the character after it (``"stepId: »a"``)."""
        skip = needle.find("»")
        if skip >= 0:
            needle = needle.replace("»", "", 1)
        index = -1
        for _ in range(nth + 1):
            index = self.text.index(needle, index + 1)
        index += max(skip, 0)
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def at(self, code: str) -> list[tuple[int, int]]:
        """Line and column of every diagnostic with ``code``, in order."""
        out = []
        for d in self.diagnostics:
            if d.code == code:
                assert d.location is not None
                out.append((d.location.line, d.location.column))
        return out

    def codes(self, *, notes: bool = False) -> list[str]:
        """The codes reported (notes left out unless asked for)."""
        return [d.code for d in self.diagnostics if notes or d.severity.value != "note"]

    def messages(self, code: str) -> list[str]:
        return [d.message for d in self.diagnostics if d.code == code]


Lint = Callable[..., Result]


@cache
def _validator(version: str) -> jsonschema.protocols.Validator:
    schema = yaml.safe_load((SCHEMAS / f"arazzo-{version}.schema.yaml").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return validator


def lint_file(path: Path, version: str, *, schema_valid: bool = True) -> Result:
    reporter = Reporter()
    doc = load_document(path, reporter)
    assert doc is not None, reporter.diagnostics
    if schema_valid:
        errors = [e.message for e in _validator(version).iter_errors(doc.data)]
        assert errors == [], "the test document must pass the JSON Schema"
    check_document(doc, reporter, version=version)
    return Result(reporter.diagnostics, doc.text)


@pytest.fixture
def lint(tmp_path: Path) -> Lint:
    """``lint(yaml_text, version="1.0")``: the diagnostics of the document."""

    def run(text: str, version: str = "1.0", *, schema_valid: bool = True) -> Result:
        path = tmp_path / "doc.arazzo.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return lint_file(path, version, schema_valid=schema_valid)

    return run
