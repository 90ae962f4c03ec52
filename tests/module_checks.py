"""Checks every generated module must pass, run once over a folder of modules.

Used by tests/test_generated_module.py (the checked-in examples) and
tests/test_features.py (the feature modules). Each check is one tool run over all the
files of a folder, so the suite stays fast however many modules it checks; the result
maps each file name to its problems (an empty list when the file passes).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import black


def run_tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m <args>`` in ``cwd`` with this interpreter; output captured, never raises
    on a non-zero exit (the caller reads the report)."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def format_report(directory: Path) -> dict[str, list[str]]:
    """Whether black and ``ruff format``, both with their default settings (88
    columns), leave each module of ``directory`` unchanged: file -> what would change."""
    files = sorted(p.name for p in directory.glob("*.py"))
    report: dict[str, list[str]] = {name: [] for name in files}
    for name in files:
        text = (directory / name).read_text(encoding="utf-8")
        if black.format_str(text, mode=black.Mode()) != text:
            report[name].append(f"{name}: black (default settings) would reformat it")
    # formatted in place in a copy, then compared: --isolated reads no configuration
    # file, so these are ruff's defaults
    copy = directory / "_ruff_format"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for name in files:
        shutil.copy(directory / name, copy / name)
    result = run_tool("ruff", "format", "--isolated", *files, cwd=copy)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in files:
        if (copy / name).read_bytes() != (directory / name).read_bytes():
            report[name].append(f"{name}: ruff format (default settings) would reformat it")
    shutil.rmtree(copy)
    return report
