"""Compiler limits (AZ011-AZ016) and resources on large inputs.

Before: a `.json` document with one 10 MB string took 1.26 GB; 2,000 steps took 33 s
and 10^4 steps did not finish in 2 minutes; one JSON Pointer of 10^5 segments took 59 s
(black). Now every limit is a named diagnostic with the limit in its message, raised
with ``--limit NAME=N``; the resource test runs each large input in a subprocess and
bounds its peak memory (1 GiB) and its time (a hard timeout; the measured times are
printed, the 10-second goal is the README's).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from arazzogen import api
from arazzogen.check.limits import Limits
from arazzogen.cli import main

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://x.test"}],
    "paths": {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def _steps(count: int, *, goto: bool = False, segments: int = 0) -> list[dict[str, Any]]:
    steps = []
    for i in range(count):
        step: dict[str, Any] = {
            "stepId": f"s{i}",
            "operationId": "getItem",
            "parameters": [{"name": "id", "in": "path", "value": "x"}],
            "outputs": {"id": "$response.body#/id" + "/a" * (segments if i == 0 else 0)},
        }
        if goto and i + 1 < count:
            step["onSuccess"] = [{"name": "next", "type": "goto", "stepId": f"s{i + 1}"}]
        steps.append(step)
    return steps


def _write(folder: Path, workflows: list[dict[str, Any]], **info: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "api.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    doc = {
        "arazzo": "1.0.1",
        "info": {"title": "t", "version": "1", **info},
        "sourceDescriptions": [{"name": "api", "url": "api.json", "type": "openapi"}],
        "workflows": workflows,
    }
    path = folder / "flow.arazzo.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _errors(outcome: api.Outcome) -> list[str]:
    return [d.code for d in outcome.diagnostics if d.severity.value == "error"]


def test_each_limit_is_a_named_diagnostic_with_the_limit(tmp_path: Path) -> None:
    doc = _write(tmp_path, [{"workflowId": f"w{i}", "steps": _steps(3)} for i in range(3)])
    cases = {
        "AZ011": Limits(workflows=2),
        "AZ012": Limits(steps=8),
        "AZ013": Limits(parameters=0 + 1),
        "AZ014": Limits(name_length=1),
        "AZ015": Limits(pointer_length=5),
    }
    # one step with two parameters for AZ013
    data = json.loads(doc.read_text(encoding="utf-8"))
    data["workflows"][0]["steps"][0]["parameters"].append(
        {"name": "X", "in": "header", "value": "y"}
    )
    doc.write_text(json.dumps(data), encoding="utf-8")
    for code, limits in cases.items():
        outcome = api.validate(doc, limits=limits)
        assert code in _errors(outcome), (code, outcome.diagnostics)
        [diagnostic] = [d for d in outcome.diagnostics if d.code == code][:1]
        assert "the limit is" in diagnostic.message and "--limit" in diagnostic.message
    assert _errors(api.validate(doc)) == []  # the defaults accept it


def test_pointer_segments_and_module_size(tmp_path: Path) -> None:
    doc = _write(tmp_path, [{"workflowId": "w", "steps": _steps(2, segments=300)}])
    assert _errors(api.validate(doc)) == ["AZ015"]
    small = _write(tmp_path / "small", [{"workflowId": "w", "steps": _steps(3)}])
    assert _errors(api.compile_document(small, limits=Limits(module_bytes=1000))) == ["AZ016"]
    assert api.compile_document(small).module is not None


def test_limits_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _write(tmp_path, [{"workflowId": "w", "steps": _steps(4)}])
    assert main(["validate", "--limit", "steps=3", str(doc)]) == 1
    out = capsys.readouterr().out
    assert "[AZ012]" in out and "the limit is 3" in out
    assert main(["validate", "--limit", "steps=3", "--limit", "steps=4", str(doc)]) == 0
    with pytest.raises(SystemExit) as stop:
        main(["validate", "--limit", "nonsense=3", str(doc)])
    assert stop.value.code == 2
    assert "unknown limit" in capsys.readouterr().err


# ---------------------------------------------------------------------- resources

GIB = 1024**3
#: a hard bound on each run (the goal, 10 s, is measured and printed)
HARD_TIMEOUT = 60


def _large_inputs(folder: Path) -> dict[str, Path]:
    inputs: dict[str, Path] = {}
    inputs["10k-steps"] = _write(folder / "steps", [{"workflowId": "w", "steps": _steps(10_000)}])
    inputs["5k-goto-chain"] = _write(
        folder / "goto", [{"workflowId": "w", "steps": _steps(5_000, goto=True)}]
    )
    inputs["pointer-1e5-segments"] = _write(
        folder / "pointer", [{"workflowId": "w", "steps": _steps(1, segments=100_000)}]
    )
    inputs["json-60MiB-string"] = _write(
        folder / "string",
        [{"workflowId": "w", "steps": _steps(1)}],
        description="x" * (60 * 1024 * 1024),
    )
    yaml_doc = folder / "yaml" / "flow.arazzo.yaml"
    yaml_doc.parent.mkdir(parents=True)
    (yaml_doc.parent / "api.json").write_text(json.dumps(OPENAPI), encoding="utf-8")
    with yaml_doc.open("w", encoding="utf-8") as handle:
        handle.write("arazzo: 1.0.1\ninfo:\n  title: t\n  version: '1'\n  description: ")
        handle.write("y" * (60 * 1024 * 1024))
        handle.write("\nsourceDescriptions: [{name: api, url: api.json}]\nworkflows: []\n")
    inputs["yaml-60MiB-string"] = yaml_doc
    return inputs


@pytest.fixture(scope="module")
def large_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _large_inputs(tmp_path_factory.mktemp("large"))


@pytest.mark.parametrize(
    "name",
    ["10k-steps", "5k-goto-chain", "pointer-1e5-segments", "json-60MiB-string",
     "yaml-60MiB-string"],
)
def test_large_input_is_answered_in_bounded_time_and_memory(
    name: str, large_inputs: dict[str, Path]
) -> None:
    doc = large_inputs[name]
    probe = (
        "import sys\n"
        # Linux carries the parent's high-water mark across fork and exec, so a child
        # of a big pytest process would report the parent's peak: reset it first
        # (clear_refs 5), then read the child's own peak (VmHWM).
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "from arazzogen.cli import main\n"
        "status = main(['compile', sys.argv[1], '--output-format', 'json'])\n"
        "status_lines = open('/proc/self/status').read().splitlines()\n"
        "peak = next(int(x.split()[1]) for x in status_lines if x.startswith('VmHWM:'))\n"
        "sys.stderr.write(f'\\nPEAK_KB={peak}\\n')\n"
        "sys.exit(status)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", probe, str(doc)],
        cwd=doc.parent,
        capture_output=True,
        text=True,
        timeout=HARD_TIMEOUT,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 * GIB, 2 * GIB)),
    )
    elapsed = time.monotonic() - started
    peak_kb = int(done.stderr.rsplit("PEAK_KB=", 1)[1].split()[0])
    print(f"{name}: exit {done.returncode}, {elapsed:.1f} s, peak {peak_kb / 1024:.0f} MiB")
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert peak_kb * 1024 < GIB
    report = json.loads(done.stderr.split("\nPEAK_KB=")[0]) if done.returncode else None
    if report is not None:
        codes = {d["code"] for d in report["diagnostics"] if d["severity"] == "error"}
        assert codes and not any(code.startswith("AZ9") for code in codes), codes


def test_limits_in_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _write(tmp_path, [{"workflowId": "w", "steps": _steps(4)}])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.arazzogen]\nlimit = { steps = 3 }\n", encoding="utf-8"
    )
    assert main(["validate", str(doc)]) == 1
    assert "the limit is 3" in capsys.readouterr().out
    assert main(["validate", "--limit", "steps=10", str(doc)]) == 0  # the CLI wins
    capsys.readouterr()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.arazzogen]\nlimit = { stepz = 3 }\n", encoding="utf-8"
    )
    assert main(["validate", str(doc)]) == 2
    assert "AZ912" in capsys.readouterr().out


# ---------------------------------------------------------------------- loader limits


def _nested_source(folder: Path, levels: int, suffix: str) -> Path:
    """A document whose OpenAPI source (``api`` + suffix) nests ``levels`` levels deep
    (an extension member). Arazzo documents themselves nest at most 100 levels: deeper
    ones cannot be checked against the schema (AZ107); sources have no such bound."""
    deep: object = "leaf"
    for _ in range(levels - 2):
        deep = [deep]
    doc = _write(folder, [{"workflowId": "w", "steps": _steps(1)}])
    spec = {**OPENAPI, "x-deep": deep}
    (folder / "api.json").unlink()
    (folder / f"api{suffix}").write_text(json.dumps(spec), encoding="utf-8")  # JSON is YAML
    data = json.loads(doc.read_text(encoding="utf-8"))
    data["sourceDescriptions"][0]["url"] = f"api{suffix}"
    doc.write_text(json.dumps(data), encoding="utf-8")
    return doc


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_the_nesting_limit_can_be_raised_and_lowered(tmp_path: Path, suffix: str) -> None:
    doc = _nested_source(tmp_path, 250, suffix)
    refused = api.validate(doc)
    assert "AZ009" in _errors(refused), refused.diagnostics
    assert any("200 levels" in d.message for d in refused.diagnostics)
    assert _errors(api.validate(doc, limits=Limits(depth=260))) == []
    # lowered, it applies to the document itself too
    assert _errors(api.validate(doc, limits=Limits().with_override("depth=3"))) == ["AZ009"]


def test_the_nesting_limit_has_a_ceiling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # deeper than 300, the parsers (pure-Python YAML, json, black) reach Python's
    # recursion limit: the override is refused rather than risking an internal error
    with pytest.raises(ValueError, match="at most 300"):
        Limits().with_override("depth=301")
    doc = _write(tmp_path, [{"workflowId": "w", "steps": _steps(1)}])
    with pytest.raises(SystemExit) as stop:
        main(["validate", "--limit", "depth=1000", str(doc)])
    assert stop.value.code == 2
    assert "at most 300" in capsys.readouterr().err


def test_the_file_size_limit_can_be_lowered_and_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _write(tmp_path, [{"workflowId": "w", "steps": _steps(2)}])
    size = doc.stat().st_size
    assert main(["validate", "--limit", f"file-bytes={size - 1}", str(doc)]) == 1
    out = capsys.readouterr().out
    assert "[AZ010]" in out and f"the limit is {size - 1:,}" in out
    assert main(["validate", "--limit", f"file-bytes={size}", str(doc)]) == 0
    # the limit applies to the sources too
    source = tmp_path / "api.json"
    source.write_text(json.dumps({**OPENAPI, "x-pad": "a" * size}), encoding="utf-8")
    outcome = api.validate(doc, limits=Limits(file_bytes=size))
    assert "AZ010" in [d.code for d in outcome.diagnostics], outcome.diagnostics


def test_loader_limits_in_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _nested_source(tmp_path, 250, ".json")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.arazzogen]\nlimit = { depth = 260 }\n", encoding="utf-8"
    )
    assert main(["validate", str(doc)]) == 0
    (tmp_path / "pyproject.toml").write_text(
        "[tool.arazzogen]\nlimit = { depth = 400 }\n", encoding="utf-8"
    )
    assert main(["validate", str(doc)]) == 2
    assert "at most 300" in capsys.readouterr().out
