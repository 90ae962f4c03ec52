"""``compile --check`` of a module with remote sources, and the lock file it reads.

A check never writes the lock and, without ``--allow-remote``, never opens a socket: it
answers from the module's digests and the SHA-256 the lock records. When that cannot
settle it, the user gets one diagnostic whose hint is the command that fixes it (the
command without ``--check``, with ``--allow-remote``), never an AZ302 per source."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from project_kit import FLOW, OPENAPI, SourceServer, arazzogen

NAMES = ("pets", "billing", "shipping")


@pytest.fixture
def server() -> SourceServer:
    with SourceServer() as running:
        yield running  # type: ignore[misc]


def _three_sources(folder: Path, server: SourceServer) -> tuple[Path, list[str]]:
    """The valid document with three remote OpenAPI sources (its steps qualified, since
    the three are the same API), served by ``server``."""
    urls = [server.serve(f"/{name}.yaml", OPENAPI.encode()) for name in NAMES]
    listed = "".join(
        f"  - name: {name}\n    url: {url}\n    type: openapi\n"
        for name, url in zip(NAMES, urls, strict=True)
    )
    text = FLOW.replace("  - name: pets\n    url: api.openapi.yaml\n    type: openapi\n", listed)
    text = text.replace("operationId: createPet", "operationId: $sourceDescriptions.pets.createPet")
    text = text.replace("operationId: getPet", "operationId: $sourceDescriptions.pets.getPet")
    doc = folder / "flow.arazzo.yaml"
    doc.write_text(text, encoding="utf-8")
    return doc, urls


def _report(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return json.loads(done.stdout)["diagnostics"]  # type: ignore[no-any-return]


def _codes(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [d["code"] for d in _report(done)]


def _fix(diagnostic: dict[str, Any]) -> list[str]:
    """The arguments of the command a hint says to run (between its backquotes)."""
    command = shlex.split(diagnostic["hint"].split("`")[1])
    assert command[0] == "arazzogen"
    return command[1:]


def _compiled(folder: Path, server: SourceServer) -> tuple[Path, list[str], str]:
    doc, urls = _three_sources(folder, server)
    done = arazzogen("compile", doc.name, "-o", "flow.py", "--allow-remote", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(server.requests) == sorted(f"/{name}.yaml" for name in NAMES)
    lock = (folder / "arazzogen.lock").read_text(encoding="utf-8")
    assert sorted(json.loads(lock)["sources"]) == sorted(urls)
    return doc, urls, lock


CHECK = ("compile", "flow.arazzo.yaml", "-o", "flow.py", "--check", "--output-format", "json")


def test_an_unchanged_module_checks_from_the_lock_alone(
    tmp_path: Path, server: SourceServer
) -> None:
    _compiled(tmp_path, server)
    done = arazzogen(*CHECK, cwd=tmp_path)
    assert done.returncode == 0 and _report(done) == [], done.stdout
    assert len(server.requests) == 3


@pytest.mark.parametrize("allow_remote", [False, True], ids=["offline", "allow-remote"])
def test_no_lock_file_is_one_error_whose_hint_writes_it(
    tmp_path: Path, server: SourceServer, allow_remote: bool
) -> None:
    _, urls, lock = _compiled(tmp_path, server)
    module = (tmp_path / "flow.py").read_text(encoding="utf-8")
    (tmp_path / "arazzogen.lock").unlink()
    flags = ("--allow-remote",) if allow_remote else ()
    done = arazzogen(*CHECK, *flags, cwd=tmp_path)
    assert done.returncode == 1
    (only,) = _report(done)  # not one AZ302 (nor AZ342) per source
    assert only["code"] == "AZ345" and only["severity"] == "error"
    assert only["location"]["line"] == 8  # the first remote source's url
    assert urls[0] in only["message"] and "arazzogen.lock" in only["message"]
    assert len(server.requests) == 3  # nothing fetched by the check
    assert not (tmp_path / "arazzogen.lock").exists()  # nor written

    # the hint is the one step that fixes it: the command without --check, with
    # --allow-remote; it writes the same lock, and the check passes again offline
    fix = _fix(only)
    assert "--check" not in fix and "--allow-remote" in fix
    assert arazzogen(*fix, cwd=tmp_path).returncode == 0
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == lock
    assert (tmp_path / "flow.py").read_text(encoding="utf-8") == module
    again = arazzogen(*CHECK, cwd=tmp_path)
    assert again.returncode == 0 and _report(again) == [], again.stdout


@pytest.mark.parametrize("allow_remote", [False, True], ids=["offline", "allow-remote"])
def test_a_broken_lock_is_the_only_error_of_a_check(
    tmp_path: Path, server: SourceServer, allow_remote: bool
) -> None:
    _compiled(tmp_path, server)
    (tmp_path / "arazzogen.lock").write_text("{not json", encoding="utf-8")
    flags = ("--allow-remote",) if allow_remote else ()
    done = arazzogen(*CHECK, *flags, cwd=tmp_path)
    assert done.returncode == 1
    assert _codes(done) == ["AZ343"], done.stdout  # no AZ302 for each remote source
    (broken,) = _report(done)
    assert broken["location"]["file"] == "arazzogen.lock"
    assert broken["hint"].startswith("delete it and run `")
    fix = _fix(broken)
    assert "--check" not in fix and "--allow-remote" in fix
    assert len(server.requests) == 3
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == "{not json"

    # following the hint: delete it, run the command; then the check passes offline
    (tmp_path / "arazzogen.lock").unlink()
    assert arazzogen(*fix, cwd=tmp_path).returncode == 0
    again = arazzogen(*CHECK, cwd=tmp_path)
    assert again.returncode == 0 and _report(again) == [], again.stdout


def test_an_offline_check_of_a_changed_document_is_one_error(
    tmp_path: Path, server: SourceServer
) -> None:
    doc, urls, _ = _compiled(tmp_path, server)
    doc.write_text(doc.read_text(encoding="utf-8").replace("title: Pets", "title: Pets 2"))
    done = arazzogen(*CHECK, cwd=tmp_path)
    assert done.returncode == 1
    (only,) = _report(done)  # the module must be compiled again: that needs the sources
    assert only["code"] == "AZ346" and urls[0] in only["message"]
    assert len(server.requests) == 3  # still no socket without --allow-remote
    # with --allow-remote the check fetches, compiles and finds the module stale
    online = arazzogen(*CHECK, "--allow-remote", cwd=tmp_path)
    assert online.returncode == 1 and _codes(online) == ["AZ904"], online.stdout
    assert len(server.requests) == 6
    # the hint regenerates the module; the check then passes offline
    assert arazzogen(*_fix(only), cwd=tmp_path).returncode == 0
    again = arazzogen(*CHECK, cwd=tmp_path)
    assert again.returncode == 0 and _report(again) == [], again.stdout


@pytest.mark.parametrize("allow_remote", [False, True], ids=["offline", "allow-remote"])
def test_a_source_the_lock_does_not_record(
    tmp_path: Path, server: SourceServer, allow_remote: bool
) -> None:
    _, urls, lock = _compiled(tmp_path, server)
    data = json.loads(lock)
    del data["sources"][urls[1]]  # e.g. a source added since the lock was written
    (tmp_path / "arazzogen.lock").write_text(json.dumps(data), encoding="utf-8")
    flags = ("--allow-remote",) if allow_remote else ()
    done = arazzogen(*CHECK, *flags, cwd=tmp_path)
    assert done.returncode == 1
    missing = [d for d in _report(done) if d["code"] == "AZ342"]
    (only,) = missing
    assert urls[1] in only["message"] and "arazzogen.lock" in only["message"]
    # offline, the module must also be compiled again (AZ346, once); with --allow-remote
    # the recorded sources are fetched and verified, and only the unrecorded one is an error
    assert sorted(_codes(done)) == (["AZ342", "AZ346"] if not allow_remote else ["AZ342"])
    fix = _fix(only)
    assert "--check" not in fix and "--allow-remote" in fix
    assert arazzogen(*fix, cwd=tmp_path).returncode == 0
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == lock
    again = arazzogen(*CHECK, cwd=tmp_path)
    assert again.returncode == 0 and _report(again) == [], again.stdout
