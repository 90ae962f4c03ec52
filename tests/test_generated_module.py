"""The generated Knock module: checked in, snapshot, typed, linted, deterministic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOCK_DOC, KNOCK_MODULE, REPO
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class PythonSnapshot(SingleFileSnapshotExtension):
    """Snapshots stored as readable ``.py`` files."""

    file_extension = "py"
    _write_mode = WriteMode.TEXT


@pytest.fixture
def py_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(PythonSnapshot)


def test_snapshot(knock_source: str, py_snapshot: SnapshotAssertion) -> None:
    assert knock_source == py_snapshot


def test_checked_in_example_is_up_to_date(knock_source: str) -> None:
    on_disk = KNOCK_MODULE.read_bytes()
    assert on_disk == knock_source.encode("utf-8"), (
        "generated_examples/knock is stale: run `arazzogen compile "
        "generated_examples/knock/arazzo/knock-bulk-set-objects-notify.arazzo.yaml "
        "-o generated_examples/knock/knock_bulk_set_objects_notify.py`"
    )


def test_imports_only_httpx_and_the_standard_library(knock_source: str) -> None:
    import ast

    tree = ast.parse(knock_source)
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.module is not None
            modules.add(node.module.split(".")[0])
    assert modules - set(sys.stdlib_module_names) == {"httpx"}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_passes_mypy_strict(knock_source: str, tmp_path: Path) -> None:
    (tmp_path / "flow.py").write_text(knock_source, encoding="utf-8")
    for version in ("3.10", "3.13"):
        result = _run(
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-version",
            version,
            "flow.py",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_passes_ruff(knock_source: str, tmp_path: Path) -> None:
    (tmp_path / "flow.py").write_text(knock_source, encoding="utf-8")
    result = _run(
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--isolated",
        "--target-version",
        "py310",
        "--select",
        "E,F,W,I,B,UP,SIM,RUF,N",
        "--line-length",
        "100",
        "flow.py",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_byte_for_byte_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"flow_{seed}.py"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "arazzogen", "compile", str(KNOCK_DOC), "-o", str(out)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_header_names_the_document_relatively(knock_source: str) -> None:
    assert "from arazzo/knock-bulk-set-objects-notify.arazzo.yaml" in " ".join(knock_source.split())
    assert str(REPO) not in knock_source
