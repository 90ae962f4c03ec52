"""A loop of symbolic links, as the document, a source or the output, is a diagnostic
(``Path.resolve()`` raises on one: RuntimeError before Python 3.13, OSError after),
never an internal error (AZ903)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from arazzogen.cli import main

DOC = """\
arazzo: 1.0.1
info: {title: t, version: '1'}
sourceDescriptions:
  - {name: api, url: SOURCE, type: openapi}
workflows:
  - workflowId: w
    steps:
      - {stepId: s, operationId: get}
"""

API = """\
openapi: 3.1.0
info: {title: api, version: '1'}
servers: [{url: https://example.test}]
paths:
  /x: {get: {operationId: get, responses: {'200': {description: ok}}}}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    os.symlink("loop2.yaml", tmp_path / "loop1.yaml")
    os.symlink("loop1.yaml", tmp_path / "loop2.yaml")
    (tmp_path / "api.yaml").write_text(API, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _codes(capsys: pytest.CaptureFixture[str]) -> str:
    seen = capsys.readouterr()
    text = seen.out + seen.err
    assert "AZ903" not in text and "Traceback" not in text, text
    return text


@pytest.mark.parametrize("command", ["validate", "compile"])
def test_a_source_that_is_a_loop_of_links(
    project: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "flow.arazzo.yaml").write_text(DOC.replace("SOURCE", "loop1.yaml"), "utf-8")
    args = [command, "flow.arazzo.yaml"] + (["-o", "flow.py"] if command == "compile" else [])
    assert main(args) == 1
    assert "[AZ301]" in _codes(capsys)
    assert not (project / "flow.py").exists()


def test_a_document_that_is_a_loop_of_links(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "loop1.yaml"]) != 0
    assert "[AZ001]" in _codes(capsys)


def test_an_output_that_is_a_loop_of_links(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "flow.arazzo.yaml").write_text(DOC.replace("SOURCE", "api.yaml"), "utf-8")
    assert main(["compile", "flow.arazzo.yaml", "-o", "loop1.yaml", "-q"]) != 0
    assert "[AZ901]" in _codes(capsys)
    assert os.readlink(project / "loop1.yaml") == "loop2.yaml"  # left as it was
