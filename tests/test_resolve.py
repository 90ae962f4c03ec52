"""Resolving steps to operations and workflows, and normalising OpenAPI operations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arazzogen.bind.resolve import (
    OperationParameter,
    Resolved,
    ResolvedOperation,
    ResolvedWorkflow,
    resolve_steps,
)
from arazzogen.bind.sources import Sources, load_sources
from arazzogen.diagnostics import Reporter, Severity
from arazzogen.load.document import LoadedDocument, load_document

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
REPO = Path(__file__).resolve().parent.parent
KNOCK = (
    REPO.parent
    / "shared"
    / "seeds"
    / "knock"
    / "arazzo"
    / "knock-bulk-set-objects-notify.arazzo.yaml"
)

SOURCES = """\
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
workflows:
  - workflowId: main
    steps:
"""


def pos(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first character of ``needle`` (which must be unique)."""
    assert text.count(needle) == 1, needle
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def steps(*refs: str) -> str:
    """A document whose one workflow has one step per ``field: value`` reference."""
    body = "".join(f"      - stepId: s{i}\n        {ref}\n" for i, ref in enumerate(refs))
    return SOURCES + body


def run(
    tmp_path: Path, text: str, *, strict: bool = False
) -> tuple[LoadedDocument, Sources, dict[str, Resolved], Reporter]:
    root = tmp_path / "api"
    shutil.copytree(FIXTURES, root)
    path = root / "doc.arazzo.yaml"
    path.write_text(text)
    reporter = Reporter(strict=strict)
    doc = load_document(path, reporter, display="doc.arazzo.yaml")
    assert doc is not None
    sources = load_sources(doc, reporter, cwd=tmp_path)
    return doc, sources, resolve_steps(doc, sources, reporter), reporter


def codes(reporter: Reporter) -> list[tuple[str, int, int]]:
    return [
        (d.code, d.location.line if d.location else 0, d.location.column if d.location else 0)
        for d in reporter.diagnostics
    ]


def op(resolved: dict[str, Resolved], index: int = 0) -> ResolvedOperation:
    target = resolved[f"/workflows/0/steps/{index}"]
    assert isinstance(target, ResolvedOperation)
    return target


# -- operationId ----------------------------------------------------------------------


def test_bare_operation_id_unique_in_one_source(tmp_path: Path) -> None:
    _doc, _s, resolved, reporter = run(tmp_path, steps("operationId: createPet"))
    assert codes(reporter) == []
    created = op(resolved)
    assert (created.source_name, created.operation_id) == ("pets", "createPet")
    assert (created.method, created.path) == ("POST", "/pets")
    assert created.server_url == "https://api.example.com/v1"
    assert created.request_body_required is True
    assert created.has_request_body is True
    assert created.request_content_types == ("application/json",)
    assert created.response_content_types == ("application/json",)
    assert created.credential_headers == ("X-Api-Key",)
    assert created.credential_query == ()
    assert created.source_display == "api/petstore.openapi.yaml"
    assert created.pointer == "/paths/~1pets/post"


def test_bare_operation_id_in_two_sources_is_ambiguous(tmp_path: Path) -> None:
    text = steps("operationId: listPets")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [("AZ311", *pos(text, "listPets"))]
    (diag,) = reporter.diagnostics
    assert "'pets'" in diag.message and "'users'" in diag.message
    assert "$sourceDescriptions.pets.listPets" in diag.hint
    assert resolved == {}


def test_qualified_operation_id(tmp_path: Path) -> None:
    _doc, _s, resolved, reporter = run(
        tmp_path,
        steps(
            "operationId: $sourceDescriptions.users.listPets",
            "operationId: $sourceDescriptions.pets.listPets",
        ),
    )
    assert codes(reporter) == []
    assert op(resolved, 0).source_name == "users"
    assert op(resolved, 1).source_name == "pets"


def test_unknown_operation_id_suggests_from_all_sources(tmp_path: Path) -> None:
    text = steps("operationId: getUsr", "operationId: $sourceDescriptions.pets.getUser")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [
        ("AZ310", *pos(text, "getUsr")),
        ("AZ310", *pos(text, "$sourceDescriptions.pets.getUser")),
    ]
    bare, qualified = reporter.diagnostics
    assert "did you mean 'getUser' (in 'users')" in bare.message
    assert bare.hint == "write `getUser`"
    assert "not defined in source 'pets'" in qualified.message
    assert "did you mean 'getUser' (in 'users')" in qualified.message
    assert qualified.hint == "write `$sourceDescriptions.users.getUser`"
    assert resolved == {}


def test_unknown_operation_id_without_suggestion(tmp_path: Path) -> None:
    text = steps("operationId: zzzzzz")
    _doc, _s, _r, reporter = run(tmp_path, text)
    (diag,) = reporter.diagnostics
    assert diag.code == "AZ310" and "did you mean" not in diag.message


def test_case_mismatch_is_a_lenient_warning(tmp_path: Path) -> None:
    text = steps("operationId: pingservice", "operationId: $sourceDescriptions.pets.CREATEPET")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [
        ("AZ506", *pos(text, "pingservice")),
        ("AZ506", *pos(text, "$sourceDescriptions.pets.CREATEPET")),
    ]
    assert all(d.severity is Severity.WARNING for d in reporter.diagnostics)
    assert op(resolved, 0).operation_id == "PingService"
    assert op(resolved, 1).operation_id == "createPet"


def test_source_dot_operation_id_is_a_lenient_warning(tmp_path: Path) -> None:
    text = steps("operationId: users.listPets")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [("AZ507", *pos(text, "users.listPets"))]
    assert reporter.diagnostics[0].hint == "write `$sourceDescriptions.users.listPets`"
    assert op(resolved).source_name == "users"


def test_lenient_forms_become_errors_when_strict(tmp_path: Path) -> None:
    _doc, _s, _r, reporter = run(tmp_path, steps("operationId: users.listPets"), strict=True)
    assert [d.severity for d in reporter.diagnostics] == [Severity.ERROR]


def test_unknown_source_and_wrong_type(tmp_path: Path) -> None:
    text = steps(
        "operationId: $sourceDescriptions.petz.createPet",
        "operationId: $sourceDescriptions.flows.adopt",
        "workflowId: $sourceDescriptions.pets.createPet",
        "operationId: $sourceDescriptions.pets",
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [
        ("AZ211", *pos(text, "$sourceDescriptions.petz.createPet")),
        ("AZ212", *pos(text, "$sourceDescriptions.flows.adopt")),
        ("AZ212", *pos(text, "$sourceDescriptions.pets.createPet")),
        ("AZ310", *pos(text, "$sourceDescriptions.pets\n")),
    ]
    assert reporter.diagnostics[0].hint == "did you mean `pets`?"
    assert resolved == {}


def test_references_already_reported_are_not_reported_again(tmp_path: Path) -> None:
    root = tmp_path / "api"
    shutil.copytree(FIXTURES, root)
    (root / "doc.yaml").write_text(steps("operationId: $sourceDescriptions.petz.createPet"))
    reporter = Reporter()
    doc = load_document(root / "doc.yaml", reporter)
    assert doc is not None
    earlier = doc.locate("/workflows/0/steps/0/operationId")
    reporter.report("AZ211", "unknown source 'petz'", earlier)
    resolved = resolve_steps(doc, load_sources(doc, reporter, cwd=tmp_path), reporter)
    assert [d.code for d in reporter.diagnostics] == ["AZ211"]
    assert resolved == {}


# -- operationPath --------------------------------------------------------------------


def test_operation_path_with_escaped_slashes_and_tilde(tmp_path: Path) -> None:
    text = steps(
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~1pets~1{petId}/delete'",
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~1a~0b~1{id}/get'",
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~1a~0b~1%7Bid%7D/get'",
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == []
    deleted = op(resolved, 0)
    assert (deleted.method, deleted.path, deleted.operation_id) == (
        "DELETE",
        "/pets/{petId}",
        "deletePet",
    )
    assert deleted.server_url == "https://admin.example.com"
    assert deleted.credential_headers == ()
    assert op(resolved, 1).path == "/a~b/{id}"
    assert op(resolved, 1).pointer == "/paths/~1a~0b~1{id}/get"
    assert op(resolved, 2).operation_id == "getTilde"


def test_operation_path_errors(tmp_path: Path) -> None:
    text = steps(
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~1pets'",
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~1petz/get'",
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~1upload/get'",
        "operationPath: '{$sourceDescriptions.pets.url}#/components/schemas/Limit'",
        "operationPath: '{$sourceDescriptions.pets.url}#/paths/~2x/get'",
        "operationPath: 'somewhere#/paths/~1pets/get'",
        "operationPath: 'not a path'",
        "operationPath: '{$sourceDescriptions.nope.url}#/paths/~1pets/get'",
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [
        # a quoted scalar's position is that of its opening quote
        ("AZ312", *pos(text, "'{$sourceDescriptions.pets.url}#/paths/~1pets'")),
        ("AZ313", *pos(text, "'{$sourceDescriptions.pets.url}#/paths/~1petz/get")),
        ("AZ313", *pos(text, "'{$sourceDescriptions.pets.url}#/paths/~1upload/get")),
        ("AZ312", *pos(text, "'{$sourceDescriptions.pets.url}#/components")),
        ("AZ312", *pos(text, "'{$sourceDescriptions.pets.url}#/paths/~2x/get")),
        ("AZ312", *pos(text, "'somewhere#")),
        ("AZ312", *pos(text, "'not a path")),
        ("AZ211", *pos(text, "'{$sourceDescriptions.nope.url}")),
    ]
    messages = [d.message for d in reporter.diagnostics]
    assert "add the method (get, post)" in messages[0]
    assert reporter.diagnostics[0].hint == "append `/get` to the pointer"
    assert "did you mean '/pets'?" in messages[1]
    assert "(it has: post)" in messages[2]
    assert resolved == {}


def test_operation_path_shorthands(tmp_path: Path) -> None:
    text = steps(
        "operationPath: /users/{userId}",
        "operationPath: POST /pets",
        "operationPath: /pets",
        "operationPath: GET /nowhere",
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [
        ("AZ508", *pos(text, "/users/{userId}")),
        ("AZ508", *pos(text, "POST /pets")),
        ("AZ311", *pos(text, "/pets\n      - stepId: s3")),
        ("AZ313", *pos(text, "GET /nowhere")),
    ]
    assert reporter.diagnostics[0].hint == (
        "write `{$sourceDescriptions.users.url}#/paths/~1users~1{userId}/get`"
    )
    assert op(resolved, 0).operation_id == "getUser"
    assert op(resolved, 1).operation_id == "createPet"
    assert "/workflows/0/steps/2" not in resolved


def test_operation_path_with_loose_source_reference(tmp_path: Path) -> None:
    text = steps(
        "operationPath: 'pets#/paths/~1pets/post'",
        "operationPath: '$sourceDescriptions.users#/paths/~1ping/get'",
        "operationPath: 'petstore.openapi.yaml#/paths/~1upload/post'",
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [
        ("AZ320", *pos(text, "'pets#")),
        ("AZ320", *pos(text, "'$sourceDescriptions.users#")),
        ("AZ320", *pos(text, "'petstore.openapi.yaml#")),
    ]
    assert [op(resolved, i).operation_id for i in range(3)] == [
        "createPet",
        "PingService",
        "uploadImage",
    ]


# -- workflowId -----------------------------------------------------------------------


def test_workflow_ids(tmp_path: Path) -> None:
    text = steps(
        "workflowId: main",
        "workflowId: $sourceDescriptions.flows.adopt",
        "workflowId: $sourceDescriptions.flows.workflows.adopt",
        "workflowId: $sourceDescriptions.flows.adpot",
        "workflowId: adopt",
        "workflowId: mian",
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert resolved["/workflows/0/steps/0"] == ResolvedWorkflow(None, "main")
    assert resolved["/workflows/0/steps/1"] == ResolvedWorkflow("flows", "adopt")
    assert resolved["/workflows/0/steps/2"] == ResolvedWorkflow("flows", "adopt")
    assert len(resolved) == 3
    assert codes(reporter) == [
        ("AZ321", *pos(text, "$sourceDescriptions.flows.workflows.adopt")),
        ("AZ314", *pos(text, "$sourceDescriptions.flows.adpot")),
        ("AZ207", *pos(text, "adopt\n      - stepId: s5")),
        ("AZ207", *pos(text, "mian")),
    ]
    assert "did you mean 'adopt'?" in reporter.diagnostics[1].message
    assert reporter.diagnostics[2].hint == "write `$sourceDescriptions.flows.adopt`"
    assert "did you mean 'main'?" in reporter.diagnostics[3].message


# -- sources that could not be loaded --------------------------------------------------


def test_steps_on_unloaded_or_uncompilable_sources_are_left_out_quietly(tmp_path: Path) -> None:
    text = (
        "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
        "  - {name: gone, url: gone.yaml, type: openapi}\n"
        "  - {name: events, url: events.yaml, type: asyncapi}\n"
        "workflows:\n  - workflowId: w\n    steps:\n"
        "      - {stepId: a, operationId: anything}\n"
        "      - {stepId: b, operationId: $sourceDescriptions.events.publish}\n"
        "      - {stepId: c, operationPath: '{$sourceDescriptions.gone.url}#/paths/~1x/get'}\n"
        "      - {stepId: d, operationPath: 'GET /x'}\n"
    )
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert [d.code for d in reporter.diagnostics] == ["AZ301", "AZ305"]
    assert resolved == {}


# -- normalisation --------------------------------------------------------------------


def test_parameters_are_merged_and_refs_resolved(tmp_path: Path) -> None:
    text = steps("operationId: showPetById", "operationId: $sourceDescriptions.pets.listPets")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == []
    shown = op(resolved, 0)
    # the path-level petId comes first, the operation's x-trace overrides the path-level
    # X-Trace (header names are case-insensitive)
    assert shown.parameters == (
        OperationParameter("petId", "path", True, {"type": "string"}),
        OperationParameter("x-trace", "header", True, {"type": "string"}),
    )
    assert shown.response_content_types == ("application/json", "application/xml")
    assert shown.request_content_types == ()
    assert shown.has_request_body is False
    assert shown.credential_headers == ("Authorization",)
    listed = op(resolved, 1)
    # the Accept header parameter is ignored, as the OpenAPI Specification says
    assert listed.parameters == (
        OperationParameter(
            "limit", "query", False, {"type": "integer", "maximum": 100}, "form", True
        ),
        OperationParameter("tag", "query", False, {"type": "string"}, "form", True),
    )


def test_path_item_in_another_file(tmp_path: Path) -> None:
    _doc, _s, resolved, reporter = run(tmp_path, steps("operationId: getExternal"))
    assert codes(reporter) == []
    external = op(resolved)
    assert external.source_display == "api/paths/external.yaml"
    assert external.pointer == "/get"
    assert external.path == "/external"
    assert external.server_url == "https://api.example.com/v1"
    assert [(p.name, p.location, p.required) for p in external.parameters] == [
        ("limit", "query", False),
        ("region", "query", True),
    ]


def test_openapi_31_path_level_servers_and_content_parameters(tmp_path: Path) -> None:
    _doc, _s, resolved, reporter = run(tmp_path, steps("operationId: getUser"))
    assert codes(reporter) == []
    user = op(resolved)
    assert user.server_url == "https://users.example.com"
    assert user.parameters[1] == OperationParameter(
        "fields", "query", True, {"type": "array"}, "form", True, "application/json"
    )
    assert user.credential_headers == ()


def test_operations_and_security_variants(tmp_path: Path) -> None:
    text = steps("operationId: createThing", "operationId: uploadImage", "operationId: PingService")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == []
    thing, upload, ping = op(resolved, 0), op(resolved, 1), op(resolved, 2)
    assert thing.credential_query == ("api_key",) and thing.credential_headers == ()
    assert thing.request_content_types == ("application/vnd.api+json",)
    assert upload.request_body_required is False and upload.has_request_body is True
    assert ping.server_url is None


def test_webhooks_are_not_operations(tmp_path: Path) -> None:
    _doc, _s, resolved, reporter = run(tmp_path, steps("operationId: onNewUser"))
    assert [d.code for d in reporter.diagnostics] == ["AZ310"]
    assert resolved == {}


def test_broken_ref_is_a_warning_and_the_step_still_resolves(tmp_path: Path) -> None:
    text = steps("operationId: brokenRef")
    _doc, _s, resolved, reporter = run(tmp_path, text)
    assert codes(reporter) == [("AZ315", *pos(text, "brokenRef"))]
    (diag,) = reporter.diagnostics
    assert "api/petstore.openapi.yaml:" in diag.message
    assert "#/components/parameters/DoesNotExist" in diag.message
    assert op(resolved).parameters == ()


def test_ref_cycles_and_missing_files_are_bounded(tmp_path: Path) -> None:
    root = tmp_path / "api"
    root.mkdir()
    (root / "cyclic.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: c, version: '1'}\npaths:\n"
        "  /a:\n    get:\n      operationId: a\n      parameters:\n"
        "        - $ref: '#/components/parameters/A'\n"
        "        - $ref: 'missing.yaml#/X'\n"
        "      responses: {'200': {$ref: '#/components/responses/R'}}\n"
        "  /b:\n    $ref: '#/paths/~1b'\n"
        "components:\n  parameters:\n"
        "    A: {$ref: '#/components/parameters/B'}\n"
        "    B: {$ref: '#/components/parameters/A'}\n"
        "  responses:\n    R: {$ref: '#/components/responses/R'}\n"
    )
    text = (
        "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\n"
        "sourceDescriptions: [{name: c, url: cyclic.yaml, type: openapi}]\n"
        "workflows:\n  - workflowId: w\n    steps:\n      - {stepId: a, operationId: a}\n"
    )
    (root / "doc.yaml").write_text(text)
    reporter = Reporter()
    doc = load_document(root / "doc.yaml", reporter)
    assert doc is not None
    resolved = resolve_steps(doc, load_sources(doc, reporter, cwd=tmp_path), reporter)
    found = resolved["/workflows/0/steps/0"]
    assert isinstance(found, ResolvedOperation) and found.parameters == ()
    messages = [d.message for d in reporter.diagnostics]
    assert {d.code for d in reporter.diagnostics} == {"AZ315"}
    assert any("cycle" in m for m in messages)
    assert any("api/missing.yaml does not exist" in m for m in messages)


@pytest.mark.skipif(not KNOCK.is_file(), reason="the Knock seed is not present")
def test_knock_reference_resolves_all_three_steps() -> None:
    reporter = Reporter()
    doc = load_document(KNOCK, reporter, display="knock.arazzo.yaml")
    assert doc is not None
    resolved = resolve_steps(doc, load_sources(doc, reporter, cwd=REPO.parent), reporter)
    assert reporter.diagnostics == []
    bulk, poll, notify = (op(resolved, i) for i in range(3))
    string = {"type": "string", "x-struct": None, "x-validate": None}
    assert (bulk.source_name, bulk.method, bulk.path) == (
        "knockObjectsApi",
        "POST",
        "/v1/objects/{collection}/bulk/set",
    )
    assert bulk.parameters == (OperationParameter("collection", "path", True, string),)
    assert (poll.source_name, poll.method, poll.path) == (
        "knockBulkOperationsApi",
        "GET",
        "/v1/bulk_operations/{id}",
    )
    assert poll.parameters == (
        OperationParameter("id", "path", True, {**string, "format": "uuid"}),
    )
    assert (notify.source_name, notify.method, notify.path) == (
        "knockWorkflowsApi",
        "POST",
        "/v1/workflows/{key}/trigger",
    )
    assert notify.operation_id == "triggerWorkflow (2)"
    assert notify.parameters == (OperationParameter("key", "path", True, string),)
    for each in (bulk, poll, notify):
        assert each.server_url == "https://api.knock.app"
        assert each.credential_headers == ("Authorization",)
        assert each.response_content_types == ("application/json",)
    assert bulk.request_body_required and notify.request_body_required
    assert not poll.has_request_body
