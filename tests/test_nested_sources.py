"""Sources of an Arazzo source description: fetched remotely (--allow-remote, the lock)
and mapped (--source), as for the document's own sources."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conformance.runner import CASES, load_case
from project_kit import SourceServer, arazzogen

from arazzogen.bind.lock import parse_lock, sha256

# a URL no test resolves: 192.0.2.0/24 is TEST-NET-1, reserved for documentation
OFFLINE = "https://192.0.2.1/specs/api.openapi.yaml"
FILES = load_case(CASES / "flow" / "call-workflow-of-arazzo-source.yaml").files
MAIN, AUTH, API = FILES["flow.arazzo.yaml"], FILES["auth.arazzo.yaml"], FILES["api.openapi.yaml"]
AUTH_SOURCE = "{name: auth, url: auth.arazzo.yaml, type: arazzo}"
AUTH_API_SOURCE = "- {name: api, url: api.openapi.yaml, type: openapi}"


@pytest.fixture
def server() -> SourceServer:
    with SourceServer() as running:
        yield running  # type: ignore[misc]


def _report(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """The diagnostics of a run with ``--output-format json``."""
    return json.loads(done.stdout)["diagnostics"]  # type: ignore[no-any-return]


def _located_errors(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    return [(d["code"], d["location"]["file"]) for d in _report(done) if d["severity"] == "error"]


def _errors(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int]]:
    """Errors and warnings, sorted, with their file and line (notes left out)."""
    return sorted(
        (d["code"], d["location"]["file"], d["location"]["line"])
        for d in _report(done)
        if d["severity"] != "note"
    )


def _project(folder: Path, *, main: str = MAIN, auth: str | None = AUTH) -> Path:
    (folder / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    (folder / "api.openapi.yaml").write_text(API, encoding="utf-8")
    if auth is not None:
        (folder / "auth.arazzo.yaml").write_text(auth, encoding="utf-8")
    (folder / "flow.arazzo.yaml").write_text(main, encoding="utf-8")
    return folder / "flow.arazzo.yaml"


def test_a_remote_arazzo_source_and_its_relative_source_are_fetched_and_locked(
    tmp_path: Path, server: SourceServer
) -> None:
    auth_url = server.serve("/flows/auth.arazzo.yaml", AUTH.encode())
    # the remote document's relative source resolves against its URL
    api_url = server.serve("/flows/api.openapi.yaml", API.encode())
    main = MAIN.replace(AUTH_SOURCE, f"{{name: auth, url: '{auth_url}', type: arazzo}}")
    doc = _project(tmp_path, main=main, auth=None)

    refused = arazzogen("compile", str(doc), "-o", "out.py", cwd=tmp_path)
    assert refused.returncode == 1 and "[AZ302]" in refused.stdout, refused.stdout
    assert server.requests == [] and not (tmp_path / "out.py").exists()

    done = arazzogen("compile", str(doc), "-o", "out.py", "--allow-remote", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(server.requests) == ["/flows/api.openapi.yaml", "/flows/auth.arazzo.yaml"]
    module = (tmp_path / "out.py").read_text(encoding="utf-8")
    assert "def login(" in module and "def fetch_thing(" in module
    assert f"# arazzogen-input: {auth_url}" in module
    assert f"# arazzogen-input: {api_url}" in module
    lock = parse_lock((tmp_path / "arazzogen.lock").read_text(encoding="utf-8"))
    assert {url: entry.sha256 for url, entry in lock.entries.items()} == {
        auth_url: sha256(AUTH.encode()),
        api_url: sha256(API.encode()),
    }

    # --check answers from the lock, without a request
    check = arazzogen("compile", str(doc), "-o", "out.py", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert len(server.requests) == 2

    # the nested source changes upstream: refused (AZ341), nothing rewritten
    server.serve("/flows/api.openapi.yaml", API.replace("the thing", "a thing").encode())
    changed = arazzogen(
        "compile",
        str(doc),
        "-o",
        "out.py",
        "--allow-remote",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    errors = _located_errors(changed)
    assert changed.returncode == 1 and errors == [("AZ341", auth_url)], changed.stdout
    assert (tmp_path / "out.py").read_text(encoding="utf-8") == module


def test_a_check_without_the_lock_is_one_error_for_the_nested_sources_too(
    tmp_path: Path, server: SourceServer
) -> None:
    auth_url = server.serve("/flows/auth.arazzo.yaml", AUTH.encode())
    server.serve("/flows/api.openapi.yaml", API.encode())
    main = MAIN.replace(AUTH_SOURCE, f"{{name: auth, url: '{auth_url}', type: arazzo}}")
    doc = _project(tmp_path, main=main, auth=None)
    done = arazzogen("compile", str(doc), "-o", "out.py", "--allow-remote", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "arazzogen.lock").unlink()
    for flags in ((), ("--allow-remote",)):
        check = arazzogen(
            "compile", str(doc), "-o", "out.py", "--check", *flags, "--output-format", "json",
            cwd=tmp_path,
        )
        assert check.returncode == 1 and _located_errors(check) == [
            ("AZ345", "flow.arazzo.yaml")
        ], check.stdout
    assert len(server.requests) == 2  # the first compile's only


@pytest.mark.parametrize("key", [OFFLINE, "api"])
def test_source_maps_a_source_of_an_arazzo_source(tmp_path: Path, key: str) -> None:
    # the Arazzo source names its OpenAPI description by a URL this machine cannot reach
    auth = AUTH.replace(AUTH_API_SOURCE, f"- {{name: api, url: '{OFFLINE}', type: openapi}}")
    doc = _project(tmp_path, auth=auth)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "api.yaml").write_text(API, encoding="utf-8")

    unmapped = arazzogen("compile", str(doc), "-o", "out.py", cwd=tmp_path)
    assert unmapped.returncode == 1 and "[AZ302]" in unmapped.stdout, unmapped.stdout
    assert "auth.arazzo.yaml" in unmapped.stdout  # located in the document that names it

    mapped = ("--source", f"{key}=vendor/api.yaml")
    done = arazzogen("compile", str(doc), "-o", "out.py", *mapped, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    module = (tmp_path / "out.py").read_text(encoding="utf-8")
    assert "# arazzogen-input: vendor/api.yaml" in module
    assert "def login(" in module
    check = arazzogen("compile", str(doc), "-o", "out.py", "--check", *mapped, cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_a_remote_document_never_names_a_local_file(tmp_path: Path, server: SourceServer) -> None:
    named = "file:///etc/hostname"
    auth = AUTH.replace(AUTH_API_SOURCE, f"- {{name: api, url: '{named}', type: openapi}}")
    auth_url = server.serve("/auth.arazzo.yaml", auth.encode())
    main = MAIN.replace(AUTH_SOURCE, f"{{name: auth, url: '{auth_url}', type: arazzo}}")
    doc = _project(tmp_path, main=main, auth=None)
    done = arazzogen(
        "compile",
        str(doc),
        "-o",
        "out.py",
        "--allow-remote",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    errors = _located_errors(done)
    assert done.returncode == 1 and errors[0] == ("AZ302", auth_url), done.stdout
    refusal = next(d for d in _report(done) if d["code"] == "AZ302")
    assert "never names a local file" in refusal["message"]
    assert server.requests == ["/auth.arazzo.yaml"] and not (tmp_path / "out.py").exists()


def test_an_absolute_path_in_a_remote_document_is_on_its_server(
    tmp_path: Path, server: SourceServer
) -> None:
    # RFC 3986: `/etc/hostname` in http://host/auth.arazzo.yaml is http://host/etc/hostname
    auth = AUTH.replace(AUTH_API_SOURCE, "- {name: api, url: /etc/hostname, type: openapi}")
    auth_url = server.serve("/auth.arazzo.yaml", auth.encode())
    main = MAIN.replace(AUTH_SOURCE, f"{{name: auth, url: '{auth_url}', type: arazzo}}")
    doc = _project(tmp_path, main=main, auth=None)
    done = arazzogen("compile", str(doc), "-o", "out.py", "--allow-remote", cwd=tmp_path)
    assert done.returncode == 1 and "[AZ340]" in done.stdout, done.stdout  # HTTP 404 there
    assert server.requests == ["/auth.arazzo.yaml", "/etc/hostname"]


def test_validate_checks_the_arazzo_sources_too(tmp_path: Path) -> None:
    # the Arazzo source's step names an operation its OpenAPI description does not have
    doc = _project(tmp_path, auth=AUTH.replace("operationId: refreshToken", "operationId: nope"))
    done = arazzogen("validate", str(doc), "--output-format", "json", cwd=tmp_path)
    errors = _located_errors(done)
    assert done.returncode == 1 and ("AZ310", "auth.arazzo.yaml") in errors, done.stdout


@pytest.mark.parametrize("command", ["validate", "compile"])
def test_errors_of_the_document_and_of_its_arazzo_source_come_in_one_report(
    tmp_path: Path, command: str
) -> None:
    auth = AUTH.replace(AUTH_API_SOURCE, f"- {{name: api, url: '{OFFLINE}', type: openapi}}")
    doc = _project(
        tmp_path,
        main=MAIN.replace("operationId: getThing", "operationId: getThng"),
        auth=auth.replace("operationId: refreshToken", "operationId: refreshTokn"),
    )
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "api.yaml").write_text(API, encoding="utf-8")
    output = ["-o", "out.py"] if command == "compile" else []
    done = arazzogen(
        command,
        str(doc),
        *output,
        "--source",
        f"{OFFLINE}=vendor/api.yaml",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    # both typos at once, and no AZ344: the mapping is used by the Arazzo source
    assert done.returncode == 1
    assert _errors(done) == [("AZ310", "auth.arazzo.yaml", 14), ("AZ310", "flow.arazzo.yaml", 14)]


def test_schema_errors_of_an_arazzo_source_are_reported(tmp_path: Path) -> None:
    doc = _project(tmp_path, auth=AUTH.replace("workflowId: login", "workflowid: login"))
    done = arazzogen("validate", str(doc), "--output-format", "json", cwd=tmp_path)
    codes = {(code, file) for code, file, _ in _errors(done)}
    assert {("AZ101", "auth.arazzo.yaml"), ("AZ102", "auth.arazzo.yaml")} <= codes, done.stdout


def test_no_unused_mapping_warning_when_an_arazzo_source_cannot_be_read(tmp_path: Path) -> None:
    doc = _project(tmp_path, auth=None)  # auth.arazzo.yaml is missing
    done = arazzogen(
        "validate",
        str(doc),
        "--source",
        f"{OFFLINE}=api.openapi.yaml",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    assert [code for code, _, _ in _errors(done)] == ["AZ301"], done.stdout


def test_the_hint_for_a_remote_source_of_an_arazzo_source_maps_it_by_url(tmp_path: Path) -> None:
    auth = AUTH.replace(AUTH_API_SOURCE, f"- {{name: api, url: '{OFFLINE}', type: openapi}}")
    doc = _project(tmp_path, auth=auth)
    done = arazzogen("validate", str(doc), "--output-format", "json", cwd=tmp_path)
    refusal = next(d for d in _report(done) if d["code"] == "AZ302")
    assert f"`--source {OFFLINE}=PATH`" in refusal["hint"]  # the name `api` is the main's too
