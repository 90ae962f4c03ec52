"""The conformance suite: every case compiled, type-checked, linted and run (sync and async).

See runner.py for the case format; each case names the spec sentence it rests on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import import_source
from features.harness import mypy_report, ruff_report
from module_checks import format_report

from conformance.runner import Case, all_cases, compile_case, run_async, run_sync

CASES = all_cases()
COMPILED = [case for case in CASES if case.refused is None]
RUNS = [
    pytest.param(case, index, id=f"{case.id}[{index}]")
    for case in COMPILED
    for index in range(len(case.runs))
]


class Compiled:
    """Each case compiled once per session into its own folder; modules gathered in one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.modules = root / "modules"
        self.modules.mkdir()
        self._cache: dict[str, tuple[str | None, frozenset[str], frozenset[str]]] = {}
        self._imported: dict[str, ModuleType] = {}

    def compile(self, case: Case) -> tuple[str | None, frozenset[str], frozenset[str]]:
        if case.id not in self._cache:
            folder = self.root / case.module_name
            folder.mkdir()
            outcome = compile_case(case, folder)
            errors = frozenset(d.code for d in outcome.diagnostics if d.severity.value == "error")
            warnings = frozenset(
                d.code for d in outcome.diagnostics if d.severity.value == "warning"
            )
            self._cache[case.id] = (outcome.module, errors, warnings)
            if outcome.module is not None:
                (self.modules / f"{case.module_name}.py").write_text(outcome.module, "utf-8")
        return self._cache[case.id]

    def module(self, case: Case) -> ModuleType:
        if case.id not in self._imported:
            source, errors, _ = self.compile(case)
            assert source is not None, f"{case.id} did not compile: {sorted(errors)}"
            self._imported[case.id] = import_source(case.module_name, source, self.root)
        return self._imported[case.id]


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Compiled]:
    yield Compiled(tmp_path_factory.mktemp("conformance"))


def test_there_are_cases() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_compile(case: Case, compiled: Compiled) -> None:
    module, errors, warnings = compiled.compile(case)
    if case.refused is not None:
        assert module is None and errors == case.refused, (sorted(errors), sorted(warnings))
    else:
        assert module is not None and not errors, sorted(errors)
        assert warnings == case.warnings


@pytest.mark.parametrize(("case", "index"), RUNS)
def test_run_sync(case: Case, index: int, compiled: Compiled) -> None:
    run_sync(compiled.module(case), case.runs[index])


@pytest.mark.parametrize(("case", "index"), RUNS)
def test_run_async(case: Case, index: int, compiled: Compiled) -> None:
    module = compiled.module(case)
    assert hasattr(module, case.runs[index]["call"] + "_async"), "no async twin"
    asyncio.run(run_async(module, case.runs[index]))


def test_modules_are_black_and_ruff_format_stable(compiled: Compiled) -> None:
    for case in COMPILED:
        compiled.compile(case)
    report = format_report(compiled.modules)
    assert not any(report.values()), "\n".join(line for lines in report.values() for line in lines)


def test_modules_pass_mypy_strict_and_ruff(compiled: Compiled) -> None:
    for case in COMPILED:
        compiled.compile(case)
    mypy = mypy_report(compiled.modules)
    ruff = ruff_report(compiled.modules)
    assert not any(mypy.values()), "\n".join(line for lines in mypy.values() for line in lines)
    assert not any(ruff.values()), "\n".join(line for lines in ruff.values() for line in lines)
