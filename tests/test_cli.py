"""The command line: exit codes, where output goes, --check, atomic writes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOCK_DOC, KNOCK_MODULE, REPO

from arazzogen.cli import main
from arazzogen.digest import without_trailer


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arazzogen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_compile_to_stdout_prints_the_module_and_warnings_to_stderr() -> None:
    result = cli("compile", str(KNOCK_DOC))
    assert result.returncode == 0
    assert result.stdout.startswith('"""Knock Bulk Set Objects and Notify')
    assert "def bulk_set_objects_notify(" in result.stdout
    assert "[AZ502]" in result.stderr and "[AZ501]" in result.stderr
    assert "Traceback" not in result.stderr


def test_compile_to_file_writes_the_checked_in_module(tmp_path: Path) -> None:
    out = tmp_path / "flow.py"
    result = cli("compile", str(KNOCK_DOC), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    # the header and the trailer name the inputs relative to the output file
    body = without_trailer(out.read_text(encoding="utf-8")).split('"""', 2)[2]
    assert body == without_trailer(KNOCK_MODULE.read_text(encoding="utf-8")).split('"""', 2)[2]
    assert [p.name for p in tmp_path.iterdir()] == ["flow.py"]  # no temporary file left


def test_check_reports_a_stale_output_and_never_writes(tmp_path: Path) -> None:
    out = tmp_path / "flow.py"
    out.write_text("# stale\n", encoding="utf-8")
    result = cli("compile", str(KNOCK_DOC), "-o", str(out), "--check")
    assert result.returncode == 1
    assert "[AZ904]" in result.stdout
    assert out.read_text(encoding="utf-8") == "# stale\n"
    fresh = cli("compile", str(KNOCK_DOC), "-o", str(KNOCK_MODULE), "--check")
    assert fresh.returncode == 0, fresh.stdout


def test_strict_turns_lenient_forms_into_errors(tmp_path: Path) -> None:
    out = tmp_path / "flow.py"
    result = cli("compile", str(KNOCK_DOC), "-o", str(out), "--strict")
    assert result.returncode == 1
    assert "error:" in result.stdout and "[AZ502]" in result.stdout
    assert not out.exists()


def test_validate_ok_and_json_output() -> None:
    result = cli("validate", str(KNOCK_DOC), "--output-format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    codes = sorted(d["code"] for d in data["diagnostics"])
    assert codes == ["AZ501", "AZ501", "AZ502", "AZ502", "AZ502"]
    assert data["summary"]["errors"] == 0


def test_broken_document_exits_1_with_a_located_diagnostic(tmp_path: Path) -> None:
    doc = tmp_path / "bad.arazzo.yaml"
    doc.write_text(
        "arazzo: 1.0.1\ninfo:\n  title: x\n  version: '1'\nworkflows: []\n", encoding="utf-8"
    )
    out = tmp_path / "flow.py"
    result = cli("compile", "bad.arazzo.yaml", "-o", "flow.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("bad.arazzo.yaml:")
    assert "error:" in result.stdout
    assert not out.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff\xfe binary", b"a: [", b"[" * 50_000, b"- just\n- a list\n", b"{}"],
    ids=["empty", "binary", "bad-yaml", "deep", "list-root", "empty-mapping"],
)
def test_garbage_never_gives_a_traceback(tmp_path: Path, content: bytes) -> None:
    doc = tmp_path / "garbage.yaml"
    doc.write_bytes(content)
    for command in (["validate"], ["validate", "--no-sources"], ["compile"]):
        result = cli(*command, str(doc))
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert "[AZ0" in result.stdout + result.stderr or "[AZ1" in result.stdout + result.stderr


def test_missing_file_and_usage_errors(tmp_path: Path) -> None:
    missing = cli("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "[AZ001]" in missing.stdout
    assert cli().returncode == 2
    assert cli("compile").returncode == 2
    assert cli("frobnicate", "x").returncode == 2
    check_without_output = cli("compile", str(KNOCK_DOC), "--check")
    assert check_without_output.returncode == 2


def test_unwritable_output_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where a folder would be\n", encoding="utf-8")
    out = tmp_path / "taken" / "flow.py"
    result = cli("compile", str(KNOCK_DOC), "-o", str(out))
    assert result.returncode == 2
    assert "[AZ901]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_internal_errors_are_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import arazzogen.build.workflow as build

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "build_module", explode)
    assert main(["compile", str(KNOCK_DOC)]) == 2
    err = capsys.readouterr().err
    assert "[AZ903]" in err and "boom" in err and "Traceback" not in err


def test_codes_command_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    from arazzogen.codes import REGISTRY

    assert main(["codes"]) == 0
    out = capsys.readouterr().out
    assert all(code in out for code in REGISTRY)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert "arazzogen 0.1.0" in capsys.readouterr().out


def test_validate_takes_several_documents_and_reports_them_together(tmp_path: Path) -> None:
    bad = tmp_path / "bad.arazzo.yaml"
    bad.write_text("arazzo: 9.9.9\n", encoding="utf-8")
    result = cli("validate", str(KNOCK_DOC), str(bad))
    assert result.returncode == 1
    assert "[AZ100]" in result.stdout and "[AZ502]" in result.stdout
    summary = result.stdout.rstrip().splitlines()[-1]
    assert summary.startswith("Found 1 error and 5 warnings in 2 files")


def test_exit_nonzero_on_change_is_for_pre_commit(tmp_path: Path) -> None:
    out = tmp_path / "flow.py"
    first = cli("compile", str(KNOCK_DOC), "-o", str(out), "--exit-nonzero-on-change")
    assert first.returncode == 1 and out.is_file()
    second = cli("compile", str(KNOCK_DOC), "-o", str(out), "--exit-nonzero-on-change")
    assert second.returncode == 0


def test_pre_commit_hooks_point_at_real_commands() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    parser_commands = {"validate", "compile"}
    for hook in hooks:
        program, command, *_ = hook["entry"].split()
        assert program == "arazzogen" and command in parser_commands
    assert {h["id"] for h in hooks} == {
        "arazzogen-validate",
        "arazzogen-compile",
        "arazzogen-check",
    }
