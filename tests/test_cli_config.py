"""Diagnostics about the configuration: a ``--config`` that is no file, an ``ignore`` entry
of ``[tool.arazzogen]`` located where it is written, a stray sub-table at its own line, paths
shown relative to the working directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from project_kit import make_project

from arazzogen.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[Any]]:
    status = main([*argv, "--output-format", "json"])
    return status, json.loads(capsys.readouterr().out)["diagnostics"]


def where(diagnostic: dict[str, Any]) -> tuple[str, int, int] | None:
    at = diagnostic["location"]
    return None if at is None else (at["file"], at["line"], at["column"])


def test_a_config_file_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, [diagnostic] = run(capsys, "compile", "--check", "--config", "nope.toml")
    assert status == 2 and diagnostic["code"] == "AZ910" and where(diagnostic) is None
    assert diagnostic["message"] == "the configuration file nope.toml does not exist"
    assert "Errno" not in diagnostic["message"]
    assert "--config" in diagnostic["hint"] and "syntax" not in diagnostic["hint"]


def test_a_config_that_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    status, [diagnostic] = run(capsys, "compile", "--check", "--config", "conf")
    assert status == 2 and diagnostic["code"] == "AZ910" and where(diagnostic) is None
    assert diagnostic["message"] == "the configuration file conf is a folder"
    assert diagnostic["hint"] == "name the file itself: `--config conf/pyproject.toml`"


def test_a_config_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.arazzogen]\nstrict = "\xff"\n')
    status, [diagnostic] = run(capsys, "compile", "--check")
    assert status == 2 and where(diagnostic) == ("pyproject.toml", 1, 1)
    assert diagnostic["message"] == "not UTF-8 (byte 0xff at offset 27)"
    assert "UTF-8" in diagnostic["hint"]


IGNORES = 'ignore = [\n  "AZ502",\n  "az310",\n]\n'  # lines 6-9 of the pyproject.toml


def test_ignoring_an_error_in_the_configuration_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, extra=IGNORES, names=("orders",))
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("ignore = ['AZ512', 'AZ999']\n")  # in the module entry (line 14)
    monkeypatch.chdir(root)
    status, diagnostics = run(capsys, "compile", "--check", "-q")
    assert status == 2
    assert [(d["code"], where(d)) for d in diagnostics] == [
        ("AZ906", ("pyproject.toml", 8, 3)),
        ("AZ906", ("pyproject.toml", 14, 20)),
    ]
    assert diagnostics[0]["message"] == (
        "`ignore` in [tool.arazzogen]: AZ310 is an error, and errors cannot be ignored"
    )
    assert diagnostics[0]["hint"] == (
        "remove AZ310 from `ignore`: only warnings and notes can be ignored"
    )
    assert diagnostics[1]["message"] == (
        "`ignore` in module 1 of [[tool.arazzogen.modules]]: there is no code AZ999"
    )


def test_the_command_line_keeps_its_own_wording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, extra='ignore = ["AZ502"]\n', names=("orders",))
    monkeypatch.chdir(root)
    status, [diagnostic] = run(capsys, "compile", "--check", "--ignore", "AZ310")
    assert status == 2 and where(diagnostic) is None
    assert diagnostic["message"] == (
        "--ignore AZ310: AZ310 is an error, and errors cannot be ignored"
    )


STRAY = """\
[project]
name = "demo"

[tool.arazzogen]
strict = false

[tool.arazzogen.sources]
pets = "flows/api.openapi.yaml"

[tool.arazzogen.modules.x]
document = "flows/orders.arazzo.yaml"
"""


def test_a_stray_modules_sub_table_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(STRAY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, [diagnostic] = run(capsys, "compile", "--check")
    assert status == 2 and diagnostic["code"] == "AZ912"
    assert where(diagnostic) == ("pyproject.toml", 10, 1)


def test_a_sub_table_inside_a_module_entry_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, names=("orders", "billing"))
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.arazzogen.modules.extra]\nx = 1\n")
    monkeypatch.chdir(root)
    status, [diagnostic] = run(capsys, "compile", "--check")
    lines = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    assert status == 2 and diagnostic["code"] == "AZ911"
    assert where(diagnostic) == (
        "pyproject.toml", lines.index("[tool.arazzogen.modules.extra]") + 1, 1
    )


def test_config_paths_are_relative_to_the_working_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "project", extra="colour = 'always'\n", names=("orders",))
    monkeypatch.chdir(tmp_path)
    status, [diagnostic] = run(capsys, "compile", "--config", str(root / "pyproject.toml"))
    assert status == 2 and where(diagnostic) == ("project/pyproject.toml", 6, 1)
