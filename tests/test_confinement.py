"""Sources are read only below the project root (or an ``--allow-path``), and
``--show-source`` prints only lines of such files, in a bounded window.

Before: a source ``url`` that was absolute, used ``../``, ``file://`` or a symbolic
link was followed anywhere; with ``--show-source``, ``url: /proc/self/environ`` printed
environment variables and a credentials file printed its key; a 5 MB one-line source
took 20 s to show.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from arazzogen import api
from arazzogen.bind.sources import confine, project_root
from arazzogen.cli import main

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://pets.example.test"}],
    "paths": {
        "/pets": {
            "get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}
        }
    },
}
SECRET = "AKIA_TOP_SECRET_KEY_1234"


def _document(project: Path, url: str) -> Path:
    arazzo = {
        "arazzo": "1.0.1",
        "info": {"title": "Pets", "version": "1"},
        "sourceDescriptions": [{"name": "pets", "url": url, "type": "openapi"}],
        "workflows": [
            {"workflowId": "list", "steps": [{"stepId": "list", "operationId": "listPets"}]}
        ],
    }
    doc = project / "flows" / "flow.arazzo.json"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(json.dumps(arazzo), encoding="utf-8")
    return doc


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A project (with pyproject.toml) and a folder beside it holding a valid OpenAPI
    file and a 'credentials' file that is not YAML."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "api.openapi.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    (outside / "credentials").write_text(
        f"[default]\naws_secret_access_key = {SECRET}\n: : :\n", encoding="utf-8"
    )
    return project, outside


def _codes(outcome: api.Outcome) -> list[str]:
    return [d.code for d in outcome.diagnostics if d.severity.value == "error"]


@pytest.mark.parametrize("form", ["absolute", "dotdot", "file-url", "symlink"])
def test_sources_outside_the_project_are_refused(layout: tuple[Path, Path], form: str) -> None:
    project, outside = layout
    target = outside / "api.openapi.json"
    if form == "absolute":
        url = str(target)
    elif form == "dotdot":
        url = "../../outside/api.openapi.json"
    elif form == "file-url":
        url = target.as_uri()
    else:
        (project / "flows").mkdir()
        os.symlink(target, project / "flows" / "link.json")
        url = "link.json"
    doc = _document(project, url)
    assert _codes(api.validate(doc)) == ["AZ360"]
    assert _codes(api.compile_document(doc)) == ["AZ360"]
    # allowed explicitly, the same document compiles
    outcome = api.compile_document(doc, allow_paths=[outside])
    assert outcome.module is not None, outcome.diagnostics


def test_a_ref_outside_the_project_is_not_loaded(layout: tuple[Path, Path]) -> None:
    project, outside = layout
    (outside / "schemas.json").write_text(json.dumps({"Pet": {"type": "object"}}), "utf-8")
    spec = json.loads(json.dumps(OPENAPI))
    spec["paths"]["/pets"]["get"]["parameters"] = [
        {"$ref": "../../outside/schemas.json#/Pet"}
    ]
    (project / "flows").mkdir()
    (project / "flows" / "api.openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    doc = _document(project, "api.openapi.json")
    outcome = api.validate(doc)
    messages = " ".join(d.message for d in outcome.diagnostics)
    assert "outside the project root" in messages


def test_show_source_never_prints_a_file_outside_the_project(
    layout: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, outside = layout
    doc = _document(project, str(outside / "credentials"))
    assert main(["validate", "--show-source", str(doc)]) == 1
    out = capsys.readouterr().out
    assert "AZ360" in out
    assert SECRET not in out
    # even when a diagnostic names such a file, its lines are not read
    assert main(["validate", "--show-source", "--allow-path", str(outside), str(doc)]) == 1
    allowed = capsys.readouterr().out
    assert "AZ003" in allowed or "AZ304" in allowed  # now it is read, as asked


def test_proc_self_environ_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    (project / ".git").mkdir(parents=True)
    doc = _document(project, "/proc/self/environ")
    assert main(["validate", "--show-source", str(doc)]) == 1
    out = capsys.readouterr().out
    assert "AZ360" in out and "PATH=" not in out


def test_project_root_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a" / "b").mkdir(parents=True)
    assert project_root(repo / "a" / "b" / "flow.yaml") == repo.resolve()
    (repo / "a" / "pyproject.toml").write_text("", encoding="utf-8")
    assert project_root(repo / "a" / "b" / "flow.yaml") == (repo / "a").resolve()
    loose = tmp_path / "loose" / "deep"
    loose.mkdir(parents=True)
    # no marker: the working directory when the document is below it...
    assert project_root(loose / "flow.yaml", tmp_path / "loose") == (tmp_path / "loose").resolve()
    # ...else the document's folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert project_root(loose / "flow.yaml", elsewhere) == loose.resolve()
    zone = confine(loose / "flow.yaml", elsewhere, [elsewhere])
    assert zone.allows(elsewhere / "x.yaml") and zone.allows(loose / "y.yaml")
    assert not zone.allows(tmp_path / "z.yaml")


def test_show_source_window_is_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 5 MB line is shown as a window of at most ~120 characters."""
    (tmp_path / ".git").mkdir()
    doc = tmp_path / "flow.arazzo.yaml"
    doc.write_text("arazzo: 1.0.1\ninfo: {title: " + "x" * 5_000_000 + " ]\n", encoding="utf-8")
    assert main(["validate", "--show-source", str(doc)]) == 1
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 200
    assert "..." in out


def test_allow_path_in_the_configuration(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project, outside = layout
    doc = _document(project, str(outside / "api.openapi.json"))
    monkeypatch.chdir(project)
    assert main(["validate", str(doc)]) == 1
    assert "AZ360" in capsys.readouterr().out
    (project / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.arazzogen]\nallow-path = ['../outside']\n",
        encoding="utf-8",
    )
    assert main(["validate", str(doc)]) == 0, capsys.readouterr().out
