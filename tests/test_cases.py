"""One broken document per diagnostic code, in ``tests/cases/``.

Each case file is named ``<code>-<name>.<ext>`` and declares what running it must
produce, in comment lines at its top (for JSON documents, in a sidecar
``<code>-<name>.expect`` file holding the same lines)::

    # expect: AZ201 at 14:9        one line per diagnostic (``# expect: AZ001`` when
                                   the diagnostic has no location)
    # mode: validate               or validate-no-sources, or compile (default: validate)
    # strict: true                 run with --strict
    # xfail: <reason>              a known bug; the lead removes the line once it is fixed

Source descriptions a case needs sit in a folder named like the case without its
extensions (``tests/cases/AZ310-operation-not-found/``). The test asserts that the set
of (code, line, column) a run produces is exactly the declared one, so an unexpected
extra diagnostic fails as surely as a missing one. Each case's ``text`` (with the source
line and caret) and ``json`` renderings are snapshot-tested.

Codes no document can trigger (output files, internal errors, a file over 64 MiB, a
missing document) have a test of their own below; :func:`test_every_code_is_covered`
fails when a code of the registry has neither a case nor such a test.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from arazzogen import api, cli
from arazzogen.codes import REGISTRY
from arazzogen.diagnostics import Diagnostic
from arazzogen.render_diagnostics import render

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
#: a valid document with its OpenAPI source: the base every case departs from
VALID = CASES / "_valid" / "flow.arazzo.yaml"

MODES = ("validate", "validate-no-sources", "compile")
_CASE_NAME = re.compile(r"^(AZ\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.")
_HEADER = re.compile(r"^#\s*(expect|mode|strict|xfail)\s*:\s*(.*?)\s*$")
_EXPECT = re.compile(r"^(AZ\d{3})(?:\s+at\s+(\d+):(\d+))?$")

#: codes no document can trigger today, and why (see the report to the lead)
UNREACHABLE: dict[str, str] = {
    "AZ613": (
        "`compile` has no --no-sources option and api.compile_document always loads "
        "the sources, so nothing reports it"
    ),
}

Key = tuple[str, int | None, int | None]


@dataclass(frozen=True)
class Case:
    path: Path
    code: str
    expected: frozenset[Key]
    mode: str
    strict: bool
    xfail: str | None

    @property
    def id(self) -> str:
        return _CASE_NAME.match(self.path.name).group(0)[:-1]  # type: ignore[union-attr]

    @property
    def shown(self) -> str:
        return self.path.relative_to(REPO).as_posix()


def _header_lines(path: Path) -> list[str]:
    if path.suffix == ".json":
        expect = path.with_name(path.name.split(".", 1)[0] + ".expect")
        return expect.read_text("utf-8").splitlines()
    lines: list[str] = []
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def parse_case(path: Path) -> Case:
    found = _CASE_NAME.match(path.name)
    assert found is not None, f"{path.name}: not named <code>-<name>.<ext>"
    expected: set[Key] = set()
    mode, strict, xfail = "validate", False, None
    for line in _header_lines(path):
        header = _HEADER.match(line)
        if header is None:
            continue
        key, value = header.groups()
        if key == "expect":
            item = _EXPECT.match(value)
            assert item is not None, f"{path.name}: bad expectation {value!r}"
            code, row, col = item.groups()
            expected.add((code, int(row) if row else None, int(col) if col else None))
        elif key == "mode":
            assert value in MODES, f"{path.name}: unknown mode {value!r}"
            mode = value
        elif key == "strict":
            assert value in ("true", "false"), f"{path.name}: strict must be true or false"
            strict = value == "true"
        else:
            xfail = value
    return Case(path, found.group(1), frozenset(expected), mode, strict, xfail)


def _case_files() -> list[Path]:
    return sorted(
        p
        for p in CASES.iterdir()
        if p.is_file() and p.name.startswith("AZ") and p.suffix in (".yaml", ".yml", ".json")
    )


ALL_CASES = [parse_case(p) for p in _case_files()]


def _params() -> list[object]:
    return [
        pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=c.xfail, strict=True)])
        if c.xfail
        else pytest.param(c, id=c.id)
        for c in ALL_CASES
    ]


def run_document(path: Path, mode: str, *, strict: bool = False) -> tuple[Diagnostic, ...]:
    """The diagnostics of ``path`` (absolute), shown relative to the repository."""
    if mode == "compile":
        return api.compile_document(path, strict=strict, cwd=REPO).diagnostics
    return api.validate(
        path, use_sources=mode == "validate", strict=strict, cwd=REPO
    ).diagnostics


@functools.cache
def run_case(case: Case) -> tuple[Diagnostic, ...]:
    return run_document(case.path, case.mode, strict=case.strict)


def keys(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> set[Key]:
    return {
        (d.code, d.location.line if d.location else None, d.location.column if d.location else None)
        for d in diagnostics
    }


def read_source(file: str) -> str | None:
    path = REPO / file
    return path.read_text("utf-8") if path.is_file() else None


def text_of(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> str:
    return render(list(diagnostics), "text", show_source=True, read_source=read_source)


# ---------------------------------------------------------------------- the cases


def test_valid_base_document_is_clean() -> None:
    """The base the cases depart from has no diagnostic at all, in every mode."""
    for mode in MODES:
        assert run_document(VALID, mode) == (), mode


def test_case_files_are_well_formed() -> None:
    assert ALL_CASES, "no case files found"
    for case in ALL_CASES:
        assert case.expected, f"{case.path.name} declares no expectation"
        assert any(code == case.code for code, _, _ in case.expected), (
            f"{case.path.name} does not expect its own code {case.code}"
        )
        assert case.code in REGISTRY, f"{case.path.name}: {case.code} is not a registered code"
        name = _CASE_NAME.match(case.path.name).group(2)  # type: ignore[union-attr]
        assert name == REGISTRY[case.code].name, f"{case.path.name}: the code is called {name}"


@pytest.mark.parametrize("case", _params())
def test_case_diagnostics(case: Case) -> None:
    diagnostics = run_case(case)
    assert keys(diagnostics) == set(case.expected), text_of(diagnostics)
    shown = {d.location.file for d in diagnostics if d.location is not None}
    assert all(not Path(f).is_absolute() for f in shown), shown


@pytest.mark.parametrize("case", _params())
def test_case_text(case: Case, snapshot: SnapshotAssertion) -> None:
    assert text_of(run_case(case)) == snapshot


@pytest.mark.parametrize("case", _params())
def test_case_json(case: Case, snapshot: SnapshotAssertion) -> None:
    assert render(list(run_case(case)), "json") == snapshot
