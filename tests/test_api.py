"""The library API: what ``arazzogen`` exports, the path types it accepts, Outcome's repr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePath

from conftest import KNOCK_DOC, KNOCK_MODULE, REPO

import arazzogen


class _FsPath:
    """A user type implementing ``os.PathLike`` (not a ``pathlib.Path``)."""

    def __init__(self, path: PurePath) -> None:
        self._path = path

    def __fspath__(self) -> str:
        return str(self._path)


def test_package_exports_the_api() -> None:
    from arazzogen import api, diagnostics

    assert set(arazzogen.__all__) == {
        "Diagnostic",
        "Outcome",
        "__version__",
        "compile_document",
        "validate",
    }
    assert arazzogen.compile_document is api.compile_document
    assert arazzogen.validate is api.validate
    assert arazzogen.Outcome is api.Outcome
    assert arazzogen.Diagnostic is diagnostics.Diagnostic


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        arazzogen.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("arazzogen.no_such_thing did not raise")


def test_import_arazzogen_is_cheap() -> None:
    """The exports are loaded on first use: importing the package loads no stage."""
    code = "import sys, arazzogen; print(sorted(m for m in sys.modules if 'arazzogen' in m))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "['arazzogen']"


def test_compile_accepts_str_and_pathlike() -> None:
    expected = KNOCK_MODULE.read_text(encoding="utf-8")
    for document, output, cwd in (
        (str(KNOCK_DOC), str(KNOCK_MODULE), str(REPO)),
        (_FsPath(KNOCK_DOC), _FsPath(KNOCK_MODULE), _FsPath(REPO)),
    ):
        outcome = arazzogen.compile_document(document, output=output, cwd=cwd)
        assert outcome.ok, outcome.diagnostics
        assert outcome.module == expected


def test_validate_accepts_str_and_reports_a_missing_file(tmp_path: Path) -> None:
    assert arazzogen.validate(str(KNOCK_DOC), cwd=str(REPO)).ok
    missing = arazzogen.validate(str(tmp_path / "nope.arazzo.yaml"), cwd=str(tmp_path))
    assert not missing.ok
    assert [d.code for d in missing.diagnostics] == ["AZ001"]


def test_outcome_repr_is_short() -> None:
    outcome = arazzogen.compile_document(KNOCK_DOC, cwd=REPO)
    assert outcome.module is not None
    text = repr(outcome)
    warnings = sum(d.severity.value == "warning" for d in outcome.diagnostics)
    lines = outcome.module.count("\n")
    assert text == (
        f"Outcome(ok=True, errors=0, warnings={warnings}, notes=0, module={lines} lines)"
    )
    assert len(text) < 100
    failed = arazzogen.validate(REPO / "no-such.arazzo.yaml", cwd=REPO)
    assert repr(failed) == "Outcome(ok=False, errors=1, warnings=0, notes=0, module=None)"
