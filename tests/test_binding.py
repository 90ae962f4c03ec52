"""Checking what steps pass against the operations and workflows they call, plus a run of
the whole source stage over the third-party corpus."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from arazzogen.bind.binding import check_bindings, content_type_accepted
from arazzogen.bind.resolve import resolve_steps
from arazzogen.bind.sources import load_sources
from arazzogen.diagnostics import Reporter, Severity
from arazzogen.load.document import load_document

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
KNOCK = SHARED / "seeds" / "knock" / "arazzo" / "knock-bulk-set-objects-notify.arazzo.yaml"
CORPUS = SHARED / "corpus"

HEAD = """\
arazzo: 1.0.1
info:
  title: t
  version: 1.0.0
sourceDescriptions:
  - name: pets
    url: petstore.openapi.yaml
    type: openapi
  - name: users
    url: users.openapi.yaml
    type: openapi
  - name: flows
    url: flows.arazzo.yaml
    type: arazzo
"""


def pos(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first character of ``needle`` (which must be unique)."""
    assert text.count(needle) == 1, needle
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def check(tmp_path: Path, text: str) -> Reporter:
    root = tmp_path / "api"
    shutil.copytree(FIXTURES, root)
    (root / "doc.arazzo.yaml").write_text(text)
    reporter = Reporter()
    doc = load_document(root / "doc.arazzo.yaml", reporter, display="doc.arazzo.yaml")
    assert doc is not None
    sources = load_sources(doc, reporter, cwd=tmp_path)
    resolved = resolve_steps(doc, sources, reporter)
    check_bindings(doc, sources, resolved, reporter)
    return reporter


def codes(reporter: Reporter) -> list[tuple[str, int, int]]:
    return [
        (d.code, d.location.line if d.location else 0, d.location.column if d.location else 0)
        for d in reporter.diagnostics
    ]


def test_undeclared_parameters(tmp_path: Path) -> None:
    text = HEAD + """\
workflows:
  - workflowId: w
    steps:
      - stepId: show
        operationId: showPetById
        parameters:
          - {name: petId, in: path, value: 1}
          - {name: pet_id, in: path, value: 1}
          - {name: x-TRACE, in: header, value: t}
          - {name: verbose, in: query, value: true}
          - {name: X-Other, in: header, value: o}
          - {name: theme, in: cookie, value: dark}
          - {name: accept, in: header, value: application/json}
          - {name: Content-Type, in: header, value: application/json}
          - {name: AUTHORIZATION, in: header, value: Bearer x}
          - {name: X-Api-Key, in: header, value: k}
          - {name: api_key, in: query, value: k}
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [
        ("AZ330", *pos(text, "pet_id")),
        ("AZ331", *pos(text, "verbose")),
        ("AZ331", *pos(text, "X-Other")),
        ("AZ331", *pos(text, "theme")),
    ]
    path_error, *warnings = reporter.diagnostics
    assert path_error.severity is Severity.ERROR
    assert "has no path parameter 'pet_id' (it has: petId)" in path_error.message
    assert all(d.severity is Severity.WARNING for d in warnings)
    assert "GET /pets/{petId} (pets)" in warnings[0].message


def test_missing_required_parameters(tmp_path: Path) -> None:
    text = HEAD + """\
workflows:
  - workflowId: w
    steps:
      - stepId: none
        operationId: showPetById
      - stepId: some
        operationId: getUser
        parameters:
          - {name: userId, in: path, value: u}
      - stepId: external
        operationId: getExternal
      - stepId: creds
        operationId: createThing
        requestBody:
          payload: {}
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [
        ("AZ332", *pos(text, "showPetById")),
        ("AZ332", *pos(text, "showPetById")),
        ("AZ332", *pos(text, "parameters")),
        ("AZ332", *pos(text, "getExternal")),
        ("AZ332", *pos(text, "createThing")),
    ]
    messages = sorted(d.message for d in reporter.diagnostics)
    assert any("the path parameter 'petId'" in m for m in messages)
    assert any("the header parameter 'x-trace'" in m for m in messages)
    assert any("the query parameter 'fields'" in m for m in messages)
    assert any("the query parameter 'region'" in m for m in messages)
    # the credential `api_key` is not required of the step; the cookie is
    assert any("the cookie parameter 'session'" in m for m in messages)


def test_workflow_parameters_are_merged_and_overridden(tmp_path: Path) -> None:
    text = HEAD + """\
workflows:
  - workflowId: w
    parameters:
      - {name: petId, in: path, value: 1}
      - {name: X-Trace, in: header, value: t}
      - {name: debug, in: query, value: 1}
      - {name: orphan, in: path, value: 1}
    steps:
      - stepId: inherits
        operationId: showPetById
      - stepId: overrides
        operationId: showPetById
        parameters:
          - {name: debug, in: query, value: 2}
"""
    reporter = check(tmp_path, text)
    # workflow-level parameters supply what the operation requires and are not checked
    # against each operation; the step's own `debug` overrides the workflow's and is
    assert codes(reporter) == [("AZ331", *pos(text, "debug, in: query, value: 2"))]


def test_reusable_parameters(tmp_path: Path) -> None:
    text = HEAD + """\
components:
  parameters:
    pet:
      name: petId
      in: path
      value: 1
    wrong:
      name: id
      in: path
      value: 1
    trace:
      name: X-Trace
      in: header
      value: t
workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: showPetById
        parameters:
          - reference: $components.parameters.pet
            value: 7
          - reference: $components.parameters.trace
      - stepId: b
        operationId: showPetById
        parameters:
          - reference: $components.parameters.wrong
          - reference: $components.parameters.trace
          - reference: $components.parameters.missing
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [
        ("AZ332", *pos(text, "parameters:\n          - reference: $components.parameters.wrong")),
        ("AZ330", *pos(text, "$components.parameters.wrong")),
    ]


def test_request_bodies(tmp_path: Path) -> None:
    text = HEAD + """\
workflows:
  - workflowId: w
    steps:
      - stepId: missing
        operationId: createPet
      - stepId: unexpected
        operationPath: '{$sourceDescriptions.pets.url}#/paths/~1pets~1{petId}/delete'
        parameters:
          - {name: petId, in: path, value: 1}
        requestBody:
          payload: {}
      - stepId: wrongType
        operationId: createPet
        requestBody:
          contentType: text/plain
          payload: x
      - stepId: charset
        operationId: createPet
        requestBody:
          contentType: application/json; charset=utf-8
          payload: {}
      - stepId: range
        operationId: uploadImage
        requestBody:
          contentType: image/png
          payload: x
      - stepId: suffix
        operationId: createThing
        parameters:
          - {name: session, in: cookie, value: s}
        requestBody:
          contentType: application/json
          payload: {}
      - stepId: notXml
        operationId: createThing
        parameters:
          - {name: session, in: cookie, value: s}
        requestBody:
          contentType: application/xml
          payload: x
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [
        ("AZ333", *pos(text, "createPet\n      - stepId: unexpected")),
        ("AZ334", *pos(text, "requestBody:\n          payload: {}\n      - stepId: wrongType")),
        ("AZ335", *pos(text, "text/plain")),
        ("AZ335", *pos(text, "application/xml")),
    ]
    missing, unexpected, wrong, xml = reporter.diagnostics
    assert "requires a request body (application/json)" in missing.message
    assert unexpected.severity is Severity.WARNING
    assert "(it accepts: application/json)" in wrong.message
    assert "(it accepts: application/vnd.api+json)" in xml.message


def test_parameters_without_in(tmp_path: Path) -> None:
    text = HEAD + """\
workflows:
  - workflowId: w
    parameters:
      - {name: shared, value: 1}
    steps:
      - stepId: a
        operationId: PingService
        parameters:
          - {name: petId, value: 1}
      - stepId: b
        operationId: PingService
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [
        ("AZ336", *pos(text, "{name: shared")),
        ("AZ336", *pos(text, "{name: petId")),
    ]


def test_workflow_inputs(tmp_path: Path) -> None:
    text = HEAD + """\
components:
  inputs:
    local:
      type: object
      required: [token]
      properties:
        token: {type: string}
workflows:
  - workflowId: callee
    inputs:
      $ref: '#/components/inputs/local'
    steps:
      - stepId: ping
        operationId: PingService
  - workflowId: open
    inputs:
      type: object
      additionalProperties: true
    steps:
      - stepId: ping
        operationId: PingService
  - workflowId: caller
    steps:
      - stepId: remote
        workflowId: $sourceDescriptions.flows.adopt
        parameters:
          - {name: petId, value: 1}
          - {name: nickname, value: rex}
      - stepId: local
        workflowId: callee
      - stepId: anything
        workflowId: open
        parameters:
          - {name: whatever, value: 1}
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [
        ("AZ338", *pos(text, "parameters:\n          - {name: petId")),
        ("AZ337", *pos(text, "nickname")),
        ("AZ338", *pos(text, "callee\n      - stepId: anything")),
    ]
    owner, unknown, token = reporter.diagnostics
    assert "requires the input 'owner'" in owner.message
    assert "$sourceDescriptions.flows.adopt" in owner.message
    assert "(its inputs: note, owner, petId)" in unknown.message
    assert "requires the input 'token'" in token.message


def test_workflow_without_inputs_takes_no_parameters(tmp_path: Path) -> None:
    text = HEAD + """\
workflows:
  - workflowId: bare
    steps:
      - stepId: ping
        operationId: PingService
  - workflowId: caller
    steps:
      - stepId: call
        workflowId: bare
        parameters:
          - {name: extra, value: 1}
"""
    reporter = check(tmp_path, text)
    assert codes(reporter) == [("AZ337", *pos(text, "extra"))]
    assert "(its inputs: none)" in reporter.diagnostics[0].message


@pytest.mark.parametrize(
    ("sent", "accepted", "ok"),
    [
        ("application/json", ("application/json",), True),
        ("Application/JSON; charset=utf-8", ("application/json",), True),
        ("image/png", ("image/*",), True),
        ("text/csv", ("*/*",), True),
        ("application/json", ("application/vnd.api+json",), True),
        ("application/merge-patch+json", ("application/json",), True),
        ("application/atom+xml", ("application/xml",), True),
        ("text/plain", ("application/json", "application/xml"), False),
        ("application/xml", ("application/json",), False),
        ("image/png", ("text/*",), False),
        ("text/json", ("application/json",), False),
    ],
)
def test_content_type_matching(sent: str, accepted: tuple[str, ...], ok: bool) -> None:
    assert content_type_accepted(sent, accepted) is ok


@pytest.mark.skipif(not KNOCK.is_file(), reason="the Knock seed is not present")
def test_knock_reference_binds_cleanly() -> None:
    reporter = Reporter()
    doc = load_document(KNOCK, reporter)
    assert doc is not None
    sources = load_sources(doc, reporter, cwd=REPO.parent)
    resolved = resolve_steps(doc, sources, reporter)
    assert len(resolved) == 3
    check_bindings(doc, sources, resolved, reporter)
    assert reporter.diagnostics == []


# -- the corpus -----------------------------------------------------------------------

#: Arazzo documents of the corpus whose sources load and whose steps resolve and bind
#: without an error (warnings allowed). The others fail for reasons the documents carry:
#: remote or missing sources, wrong parameter names, missing request bodies.
CLEAN = {
    "OAI__Arazzo-Specification/examples/1.0.0/FAPI-PAR.arazzo.yaml",
    "OAI__Arazzo-Specification/examples/1.0.0/oauth.arazzo.yaml",
    "Redocly__museum-openapi-example/arazzo/museum-api.arazzo.yaml",
    "Redocly__museum-openapi-example/arazzo/museum-tickets.arazzo.yaml",
    "Redocly__redocly-cli/resources/museum-api.arazzo.yaml",
    "Redocly__redocly-cli/resources/museum-tickets.arazzo.yaml",
    "Redocly__redocly-cli/tests/e2e/lint/arazzo-1-1-valid-description/cafe-workflows.yaml",
    "Redocly__redocly-cli/tests/e2e/respect/free-apis/free.arazzo.yaml",
    "Redocly__redocly-cli/tests/e2e/respect/inputs-passed-to-step-target-workflow-and-remapped/"
    "inputs-passed-to-step-target-workflow-and-remapped.arazzo.yaml",
    "Redocly__redocly-cli/tests/e2e/respect/max-steps/arazzo.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/discord/discord.arazzo.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/newyork_times/newyork_times.arazzo.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/sample_login_workflow/login_workflow.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/sample_test/example_workflow.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/spotify/spotify.arazzo.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/train/train.arazzo.yaml",
    "jentic__arazzo-engine/runner/tests/fixtures/xkcd/xkcd.arazzo.yaml",
}


def _corpus_documents() -> list[str]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row["local_path"] for row in rows if row["kind"] == "arazzo"]


@pytest.mark.skipif(not _corpus_documents(), reason="the corpus is not present")
def test_corpus_runs_through_the_source_stage(capsys: pytest.CaptureFixture[str]) -> None:
    clean: set[str] = set()
    for local in _corpus_documents():
        reporter = Reporter()
        doc = load_document(CORPUS / local, reporter, display=local)
        assert doc is not None, local
        sources = load_sources(doc, reporter, cwd=CORPUS)
        resolved = resolve_steps(doc, sources, reporter)
        check_bindings(doc, sources, resolved, reporter)
        if not reporter.has_errors:
            clean.add(local)
            # a clean document has every step that names a target resolved, unless the
            # target's source type is one arazzogen cannot compile (reported, AZ305)
            uncompilable = any(d.code == "AZ305" for d in reporter.diagnostics)
            workflows = doc.get("/workflows")
            assert isinstance(workflows, list)
            for wi, workflow in enumerate(workflows):
                for si, step in enumerate(workflow.get("steps", [])):
                    named = any(k in step for k in ("operationId", "operationPath", "workflowId"))
                    if named and not uncompilable:
                        assert f"/workflows/{wi}/steps/{si}" in resolved, (local, wi, si)
    assert clean == CLEAN
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
