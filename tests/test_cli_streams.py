"""Standard output that cannot be written: a full disk is an I/O error (AZ914), never an
internal one; a reader that stops reading (``| head``) ends the run quietly."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from arazzogen.cli import main
from arazzogen.streams import EXIT_BROKEN_PIPE

VALID = REPO / "tests" / "cases" / "_valid" / "flow.arazzo.yaml"


class FullStream(io.StringIO):
    """A text stream on a full disk: every write fails with ENOSPC."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_module_that_cannot_be_written_to_stdout_is_az914(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", FullStream())
    status = main(["compile", str(VALID), "-q", "--output-format", "json"])
    [diagnostic] = json.loads(capsys.readouterr().err)["diagnostics"]
    assert status == 2
    assert diagnostic["code"] == "AZ914" and diagnostic["location"] is None
    assert diagnostic["message"] == (
        "cannot write the module to standard output: No space left on device"
    )
    assert "-o FILE" in diagnostic["hint"] and "report" not in diagnostic["hint"]


def test_diagnostics_that_cannot_be_written_to_stdout_are_said_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdout", FullStream())
    assert main(["validate", str(tmp_path / "missing.arazzo.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "arazzogen: error: cannot write to standard output: No space left on device [AZ914]\n"
    )
    assert "AZ903" not in err
    assert main(["codes"]) == 2
    assert "[AZ914]" in capsys.readouterr().err


def _run(argv: list[str], stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arazzogen", *argv],
        cwd=REPO,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv",
    [
        ["compile", "tests/cases/_valid/flow.arazzo.yaml", "-q"],
        ["validate", "tests/cases/no-such-document.arazzo.yaml"],
    ],
)
def test_dev_full(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = _run(argv, full.fileno())
    assert done.returncode == 2, done.stderr
    assert "No space left on device [AZ914]" in done.stderr
    assert "AZ903" not in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["compile", "tests/cases/_valid/flow.arazzo.yaml"],
        ["validate", "tests/cases/no-such-document.arazzo.yaml"],
        ["codes"],
    ],
)
def test_a_closed_pipe_ends_the_run_quietly(argv: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written, as after `| head -c 10`
    try:
        done = _run(argv, write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (EXIT_BROKEN_PIPE, "")
