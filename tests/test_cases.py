"""One broken document per diagnostic code, in ``tests/cases/``.

Each case file is named ``<code>-<name>.<ext>`` and declares what running it must
produce, in comment lines at its top (for JSON documents, in a sidecar
``<code>-<name>.expect`` file holding the same lines)::

    # expect: AZ201 at 14:9        one line per diagnostic (``# expect: AZ001`` when
                                   the diagnostic has no location)
    # mode: validate               or validate-no-sources, or compile (default: validate)
    # strict: true                 run with --strict
    # xfail: <reason>              a known bug; remove the line once it is fixed

Other comment lines say what the case is about. Source descriptions a case needs sit in
a folder named like the case without its extensions
(``tests/cases/AZ310-operation-not-found/``); ``validate-no-sources`` cases need none.
``tests/cases/_valid/`` holds the valid document the cases depart from.

The test asserts that the set of (code, line, column) a run produces is exactly the
declared one, so an unexpected extra diagnostic fails as surely as a missing one. Each
case's ``text`` (with the source line and caret) and ``json`` renderings are
snapshot-tested (``tests/__snapshots__/test_cases.ambr``; after a deliberate change of
wording, run ``pytest tests/test_cases.py --snapshot-update`` and review the diff).

Codes no document can trigger (output files, internal errors, a file over 64 MiB, a
missing document) have a test of their own below, marked with :func:`covers`;
:func:`test_every_code_is_covered` fails when a code of the registry has neither a case
nor such a test (nor an entry in :data:`UNREACHABLE`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from syrupy.assertion import SnapshotAssertion

from arazzogen import api, cli
from arazzogen.codes import REGISTRY
from arazzogen.diagnostics import Diagnostic
from arazzogen.load.document import read_source_file
from arazzogen.render_diagnostics import render

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
#: a valid document with its OpenAPI source: the base every case departs from
VALID = CASES / "_valid" / "flow.arazzo.yaml"
VALID_SHOWN = "tests/cases/_valid/flow.arazzo.yaml"

#: what ``python -m arazzogen`` runs with
DEFAULT_RECURSION_LIMIT = 1000

MODES = ("validate", "validate-no-sources", "compile")
_CASE_NAME = re.compile(r"^(AZ\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.")
_HEADER = re.compile(r"^#\s*(expect|mode|strict|xfail)\s*:\s*(.*?)\s*$")
_EXPECT = re.compile(r"^(AZ\d{3})(?:\s+at\s+(\d+):(\d+))?$")

#: codes no document (nor a test) can trigger today, and why
UNREACHABLE: dict[str, str] = {}

#: codes covered by a test of their own (filled by :func:`covers`)
EXPLICIT: dict[str, str] = {}

Key = tuple[str, int | None, int | None]
F = TypeVar("F", bound=Callable[..., Any])


def covers(code: str) -> Callable[[F], F]:
    """Mark a test as the one that shows ``code`` (for :func:`test_every_code_is_covered`)."""

    def mark(test: F) -> F:
        EXPLICIT[code] = test.__name__
        return test

    return mark


# ---------------------------------------------------------------------- reading the cases


@dataclass(frozen=True)
class Case:
    path: Path
    code: str
    name: str
    expected: frozenset[Key]
    mode: str
    strict: bool
    xfail: str | None

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}"

    @property
    def shown(self) -> str:
        return self.path.relative_to(REPO).as_posix()


def _header_lines(path: Path) -> list[str]:
    if path.suffix == ".json":
        return (
            path.with_name(path.name.split(".", 1)[0] + ".expect").read_text("utf-8").splitlines()
        )
    lines: list[str] = []
    # the AZ002 case is not UTF-8 past its header
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
    return Case(path, found.group(1), found.group(2), frozenset(expected), mode, strict, xfail)


def _case_files() -> list[Path]:
    return sorted(
        p
        for p in CASES.iterdir()
        if p.is_file() and p.name.startswith("AZ") and p.suffix in (".yaml", ".yml", ".json")
    )


ALL_CASES = [parse_case(p) for p in _case_files()]


def _params(*, xfail: bool) -> list[Any]:
    """One parameter per case; a known bug is an expected failure (``xfail=True``) or,
    for the snapshots, which would only record the bug, skipped."""
    out: list[Any] = []
    for case in ALL_CASES:
        marks: list[Any] = []
        if case.xfail:
            marks.append(
                pytest.mark.xfail(reason=case.xfail, strict=True)
                if xfail
                else pytest.mark.skip(reason=f"known bug: {case.xfail}")
            )
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


# ---------------------------------------------------------------------- running them


@contextlib.contextmanager
def default_recursion_limit() -> Iterator[None]:
    """Run with Python's default recursion limit, as the command line does.

    Whether a deeply nested document is too deep for the schema check (AZ107) depends on
    it, and some tests of the session raise it for good (``mypy.api.run`` sets 16384).
    """
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(DEFAULT_RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def run_document(path: Path, mode: str, *, strict: bool = False) -> tuple[Diagnostic, ...]:
    """The diagnostics of ``path`` (absolute), with paths shown relative to the repository."""
    with default_recursion_limit():
        if mode == "compile":
            return api.compile_document(path, strict=strict, cwd=REPO).diagnostics
        return api.validate(
            path, use_sources=mode == "validate", strict=strict, cwd=REPO
        ).diagnostics


@functools.cache
def run_case(case: Case) -> tuple[Diagnostic, ...]:
    return run_document(case.path, case.mode, strict=case.strict)


def keys(diagnostics: tuple[Diagnostic, ...]) -> set[Key]:
    return {
        (d.code, d.location.line, d.location.column) if d.location else (d.code, None, None)
        for d in diagnostics
    }


def text_of(diagnostics: tuple[Diagnostic, ...]) -> str:
    """The text format with ``--show-source``, as the CLI prints it from the repository."""
    return render(
        list(diagnostics),
        "text",
        show_source=True,
        read_source=lambda f: read_source_file(str(REPO / f)),
    )


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[Any]]:
    """Run the command line in-process with ``--output-format json``: (exit status,
    the diagnostics printed on standard output)."""
    status = cli.main([*argv, "--output-format", "json"])
    printed = capsys.readouterr().out
    return status, json.loads(printed)["diagnostics"]


# ---------------------------------------------------------------------- the cases


def test_valid_base_document_is_clean() -> None:
    """The document the cases depart from has no diagnostic at all, in every mode."""
    for mode in MODES:
        assert run_document(VALID, mode) == (), mode


def test_case_files_are_well_formed() -> None:
    assert ALL_CASES, "no case files found"
    for case in ALL_CASES:
        assert case.code in REGISTRY, f"{case.path.name}: {case.code} is not a registered code"
        assert case.name == REGISTRY[case.code].name, (
            f"{case.path.name}: {case.code} is called {REGISTRY[case.code].name}"
        )
        assert any(code == case.code for code, _, _ in case.expected), (
            f"{case.path.name} does not expect its own code"
        )
    stems = [c.id for c in ALL_CASES]
    assert len(stems) == len(set(stems)), "two case files for one code"


@pytest.mark.parametrize("case", _params(xfail=True))
def test_case_diagnostics(case: Case) -> None:
    diagnostics = run_case(case)
    assert keys(diagnostics) == set(case.expected), text_of(diagnostics)
    for diag in diagnostics:
        assert diag.location is None or not Path(diag.location.file).is_absolute(), diag


@pytest.mark.parametrize("case", _params(xfail=False))
def test_case_text(case: Case, snapshot: SnapshotAssertion) -> None:
    assert text_of(run_case(case)) == snapshot


@pytest.mark.parametrize("case", _params(xfail=False))
def test_case_json(case: Case, snapshot: SnapshotAssertion) -> None:
    assert render(list(run_case(case)), "json") == snapshot


def test_no_case_breaks_another_mode() -> None:
    """Every case also runs through the other modes (compiling the ones with only
    warnings) without an internal error and without reporting one thing twice."""
    for case in ALL_CASES:
        for mode in MODES:
            diagnostics = run_document(case.path, mode)
            shown = f"{case.id} ({mode}):\n{text_of(diagnostics)}"
            assert "AZ903" not in {d.code for d in diagnostics}, shown
            assert len(keys(diagnostics)) == len(diagnostics), shown


# ---------------------------------------------------------------------- codes no document shows


@covers("AZ001")
def test_missing_document() -> None:
    diagnostics = api.validate(CASES / "no-such-document.arazzo.yaml", cwd=REPO).diagnostics
    assert keys(diagnostics) == {("AZ001", None, None)}
    assert "tests/cases/no-such-document.arazzo.yaml" in diagnostics[0].message


@covers("AZ010")
def test_file_over_64_mib(tmp_path: Path) -> None:
    huge = tmp_path / "huge.arazzo.yaml"
    with huge.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no 65 MiB are written
    diagnostics = api.validate(huge, cwd=tmp_path).diagnostics
    assert keys(diagnostics) == {("AZ010", 1, 1)}
    assert diagnostics[0].location is not None
    assert diagnostics[0].location.file == "huge.arazzo.yaml"


@covers("AZ901")
def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("a file where the output's folder would be\n")
    output = tmp_path / "notes.txt" / "flow.py"
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", str(output))
    assert status == 2
    assert [(d["code"], d["location"]["line"], d["location"]["column"]) for d in diagnostics] == [
        ("AZ901", 1, 1)
    ]
    assert diagnostics[0]["location"]["file"] == output.as_posix()
    assert "is a file, not a folder" in diagnostics[0]["message"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_missing_output_folders_are_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "src" / "generated" / "flow.py"
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", str(output))
    assert (status, diagnostics) == (0, [])
    assert output.read_text(encoding="utf-8").startswith('"""')


def test_an_output_ending_with_a_slash_names_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "new"
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", f"{output}/")
    assert status == 2 and [d["code"] for d in diagnostics] == ["AZ901"]
    assert "names a folder (it ends with a slash)" in diagnostics[0]["message"]
    assert f"-o {output.as_posix()}/flow.py" in diagnostics[0]["hint"]
    assert not output.exists()  # neither a file named like the folder nor the folder


def test_a_folder_as_output_names_a_file_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", str(folder))
    assert status == 2
    assert [d["code"] for d in diagnostics] == ["AZ901"]
    assert "it is a folder" in diagnostics[0]["message"]
    expected = f"-o {folder.as_posix()}/{VALID.name.split('.')[0].replace('-', '_')}.py"
    assert expected in diagnostics[0]["hint"]
    assert list(folder.iterdir()) == []


@covers("AZ902")
def test_generated_code_that_does_not_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    import arazzogen.emit.render

    monkeypatch.setattr(arazzogen.emit.render, "render_module", lambda module: "def broken(:\n")
    outcome = api.compile_document(VALID, cwd=REPO)
    assert outcome.module is None
    assert keys(outcome.diagnostics) == {("AZ902", 1, 1)}
    assert outcome.diagnostics[0].location is not None
    assert outcome.diagnostics[0].location.file == VALID_SHOWN
    assert "line 1" in outcome.diagnostics[0].message


@covers("AZ903")
@pytest.mark.parametrize("mode", MODES)
def test_internal_error(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import arazzogen.check.rules

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(arazzogen.check.rules, "check_document", explode)
    diagnostics = run_document(VALID, mode)
    assert keys(diagnostics) == {("AZ903", 1, 1)}
    assert "RuntimeError: boom" in diagnostics[0].message


def test_internal_error_path_is_relative_to_cwd(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import arazzogen.check.rules

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(arazzogen.check.rules, "check_document", explode)
    monkeypatch.chdir(tmp_path)
    [diagnostic] = api.validate(VALID, cwd=REPO).diagnostics
    assert diagnostic.location is not None
    assert diagnostic.location.file == VALID_SHOWN


@covers("AZ905")
def test_output_that_is_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    copy = tmp_path / "doc"
    shutil.copytree(VALID.parent, copy)
    document = copy / VALID.name
    before = document.read_bytes()
    status, diagnostics = cli_json(capsys, "compile", str(document), "-o", str(document))
    assert status == 2  # a usage error
    assert [(d["code"], d["location"]["line"], d["location"]["column"]) for d in diagnostics] == [
        ("AZ905", 1, 1)
    ]
    assert document.read_bytes() == before


@covers("AZ904")
def test_stale_output_with_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "flow.py"
    output.write_text("# an old module\n", encoding="utf-8")
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", str(output), "--check")
    assert status == 1
    assert [(d["code"], d["location"]["line"], d["location"]["column"]) for d in diagnostics] == [
        ("AZ904", 1, 1)
    ]
    assert diagnostics[0]["location"]["file"] == output.as_posix()
    # the command that regenerates it: this one without --check, every option kept
    again = ["arazzogen", "compile", str(VALID), "-o", str(output), "--output-format", "json"]
    assert diagnostics[0]["hint"] == f"run `{shlex.join(again)}` to regenerate it"
    assert diagnostics[0]["message"].endswith("is not up to date")
    assert output.read_text(encoding="utf-8") == "# an old module\n"
    output.unlink()
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", str(output), "--check")
    assert status == 1 and diagnostics[0]["message"].endswith(f"{output.as_posix()} does not exist")
    assert not output.exists()


LIMIT_CASES = {
    "AZ011": ("workflows", 0),
    "AZ012": ("steps", 1),
    "AZ013": ("parameters", 0),
    "AZ014": ("name-length", 3),
    "AZ015": ("pointer-segments", 0),
    "AZ016": ("module-bytes", 100),
}


def _limit_test(code: str) -> Callable[[], None]:
    name, value = LIMIT_CASES[code]

    def test(capsys: pytest.CaptureFixture[str]) -> None:
        mode = "compile" if code == "AZ016" else "validate"
        # --limit refuses values below 1; the API takes any Limits
        limits = api.Limits().with_override(f"{name}=1")
        limits = dataclasses.replace(limits, **{name.replace("-", "_"): value})
        run = api.compile_document if mode == "compile" else api.validate
        outcome = run(VALID, cwd=REPO, limits=limits)
        codes = [d.code for d in outcome.diagnostics if d.severity.value == "error"]
        assert code in codes, outcome.diagnostics
        assert all(c == code for c in codes), codes

    test.__name__ = f"test_limit_{code}"
    return covers(code)(test)


test_limit_az011 = _limit_test("AZ011")
test_limit_az012 = _limit_test("AZ012")
test_limit_az013 = _limit_test("AZ013")
test_limit_az014 = _limit_test("AZ014")
test_limit_az015 = _limit_test("AZ015")
test_limit_az016 = _limit_test("AZ016")


@covers("AZ914")
def test_standard_output_that_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import io

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    status = cli.main(["compile", str(VALID), "--output-format", "json"])
    diagnostics = json.loads(capsys.readouterr().err)["diagnostics"]  # the module was on stdout
    assert status == 2
    assert [(d["code"], d["location"]) for d in diagnostics] == [("AZ914", None)]


@covers("AZ915")
def test_refresh_with_nothing_to_refresh(capsys: pytest.CaptureFixture[str]) -> None:
    status, diagnostics = cli_json(capsys, "validate", str(VALID), "--refresh")
    assert status == 0
    assert [(d["code"], d["severity"], d["location"]) for d in diagnostics] == [
        ("AZ915", "warning", None)
    ]
    status, diagnostics = cli_json(capsys, "validate", str(VALID), "--refresh", "--no-sources")
    assert [d["message"] for d in diagnostics] == [
        "--refresh has no effect: --no-sources reads no source"
    ]


@covers("AZ920")
def test_output_not_generated_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "app.py"
    output.write_text("print('my own code')\n", encoding="utf-8")
    status, diagnostics = cli_json(capsys, "compile", str(VALID), "-o", str(output))
    assert status == 1
    assert [(d["code"], d["location"]["line"], d["location"]["column"]) for d in diagnostics] == [
        ("AZ920", 1, 1)
    ]
    assert output.read_text(encoding="utf-8") == "print('my own code')\n"
    # --force replaces it; a generated module is then replaced without --force
    assert cli_json(capsys, "compile", str(VALID), "-o", str(output), "--force") == (0, [])
    generated = output.read_text(encoding="utf-8")
    assert "Generated by arazzogen" in generated
    output.write_text(generated.replace("def ", "def  ", 1), encoding="utf-8")
    assert cli_json(capsys, "compile", str(VALID), "-o", str(output)) == (0, [])
    assert output.read_text(encoding="utf-8") == generated


# ---------------------------------------------------------------------- the command line


def _case(code: str) -> Case:
    return next(c for c in ALL_CASES if c.code == code)


def _argv(case: Case) -> list[str]:
    argv = ["compile"] if case.mode == "compile" else ["validate"]
    if case.mode == "validate-no-sources":
        argv.append("--no-sources")
    if case.strict:
        argv.append("--strict")
    return [*argv, case.shown, "--show-source"]


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("AZ233", 0),  # a note only
        ("AZ612", 0),  # a warning only; the module is generated
        ("AZ201", 1),  # an error in the document
        ("AZ508", 1),  # a lenient form, an error with --strict
        ("AZ607", 1),  # compile refuses an unsupported construct
    ],
)
def test_cli_exit_status_and_output(code: str, status: int) -> None:
    """The real command line, from the repository: its exit status, and the diagnostics
    it prints are the rendering the snapshots hold."""
    case = _case(code)
    done = subprocess.run(
        [sys.executable, "-m", "arazzogen", *_argv(case)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == status, done.stderr
    printed = done.stderr if case.mode == "compile" else done.stdout
    assert printed == text_of(run_case(case))
    if case.mode == "compile":
        assert done.stdout.startswith('"""') == (status == 0)


def test_cli_exit_status_2_when_the_output_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("a file, not a folder\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "arazzogen",
            "compile",
            VALID_SHOWN,
            "-o",
            str(tmp_path / "x" / "f.py"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "[AZ901]" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# ---------------------------------------------------------------------- coverage of the registry


def test_every_code_is_covered() -> None:
    by_case = {case.code for case in ALL_CASES}
    assert set(UNREACHABLE) <= set(REGISTRY), "UNREACHABLE names an unknown code"
    assert set(EXPLICIT) <= set(REGISTRY), "a test covers an unknown code"
    stale = (by_case | set(EXPLICIT)) & set(UNREACHABLE)
    assert not stale, f"covered, so no longer unreachable: {sorted(stale)}"
    missing = set(REGISTRY) - by_case - set(EXPLICIT) - set(UNREACHABLE)
    assert not missing, (
        f"no case in tests/cases/ and no test for {sorted(missing)}: add "
        "tests/cases/<code>-<name>.arazzo.yaml"
    )


# ---------------------------------------------------------------------- configuration, sources


def _config_project(tmp_path: Path, extra: str) -> Path:
    from project_kit import make_project

    return make_project(tmp_path, extra=extra, names=("orders",))


def _codes_at(diagnostics: list[Any]) -> list[tuple[str, int | None]]:
    return [(d["code"], d["location"]["line"] if d["location"] else None) for d in diagnostics]


@covers("AZ906")
def test_ignoring_an_error_or_an_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    status, diagnostics = cli_json(capsys, "validate", str(VALID), "--ignore", "AZ201,AZ998")
    assert status == 2
    assert _codes_at(diagnostics) == [("AZ906", None), ("AZ906", None)]


@covers("AZ907")
def test_nothing_to_compile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli_json(capsys, "compile")[1][0]["code"] == "AZ907"
    assert cli_json(capsys, "validate") == (2, cli_json(capsys, "validate")[1])


@covers("AZ908")
def test_lock_file_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from project_kit import OPENAPI, SourceServer, flow

    with SourceServer() as server:
        url = server.serve("/o.yaml", OPENAPI.encode())
        root = _config_project(tmp_path, 'lock-file = "no-such-dir/arazzogen.lock"\n')
        (root / "flows" / "orders.arazzo.yaml").write_text(flow("orders", url=url))
        monkeypatch.chdir(root)
        status, diagnostics = cli_json(capsys, "compile", "--allow-remote")
    assert status == 2
    assert _codes_at(diagnostics) == [("AZ908", 1)]
    assert (root / "src" / "orders_flow.py").is_file()  # the module itself was written


@covers("AZ909")
def test_source_option_without_equals(capsys: pytest.CaptureFixture[str]) -> None:
    status, diagnostics = cli_json(capsys, "validate", str(VALID), "--source", "pets")
    assert status == 2 and _codes_at(diagnostics) == [("AZ909", None)]


@covers("AZ910")
@covers("AZ911")
@covers("AZ912")
@covers("AZ913")
@pytest.mark.parametrize(
    ("extra", "code", "line"),
    [
        ("strict = [\n", "AZ910", 8),
        ("colour = 'always'\n", "AZ911", 6),
        ("ignore = 'AZ502'\n", "AZ912", 6),
        ("[[tool.arazzogen.modules]]\noutput = 'x.py'\n", "AZ913", 6),
    ],
)
def test_configuration_diagnostics(
    extra: str,
    code: str,
    line: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _config_project(tmp_path, extra)
    monkeypatch.chdir(root)
    status, diagnostics = cli_json(capsys, "compile")
    assert status == 2
    assert _codes_at(diagnostics) == [(code, line)]
    assert diagnostics[0]["location"]["file"] == "pyproject.toml"  # relative, as the others


def _remote_case(tmp_path: Path, url: str) -> Path:
    from project_kit import flow

    doc = tmp_path / "flow.arazzo.yaml"
    doc.write_text(flow("remote", url=url), encoding="utf-8")
    return doc


@covers("AZ340")
@covers("AZ341")
@covers("AZ342")
def test_remote_source_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from project_kit import OPENAPI, SourceServer

    monkeypatch.chdir(tmp_path)
    with SourceServer() as server:
        url = server.serve("/o.yaml", OPENAPI.encode())
        doc = str(_remote_case(tmp_path, url))
        (tmp_path / "out.py").write_text("", encoding="utf-8")
        (tmp_path / "arazzogen.lock").write_text('{"sources": {}, "version": 1}\n')
        at = (8, 10)  # the source's `url`
        status, diagnostics = cli_json(
            capsys, "compile", doc, "-o", "out.py", "--check", "--allow-remote"
        )
        assert status == 1 and keys_of(diagnostics) == {("AZ342", *at)}
        assert cli_json(capsys, "validate", doc, "--allow-remote") == (0, [])
        server.serve("/o.yaml", OPENAPI.encode() + b"\n")
        status, diagnostics = cli_json(capsys, "validate", doc, "--allow-remote")
        assert status == 1 and keys_of(diagnostics) == {("AZ341", *at)}
        missing = _remote_case(tmp_path, url.replace("/o.yaml", "/gone.yaml"))
        status, diagnostics = cli_json(capsys, "validate", str(missing), "--allow-remote")
        assert status == 1 and keys_of(diagnostics) == {("AZ340", *at)}


def keys_of(diagnostics: list[Any]) -> set[tuple[str, int, int]]:
    return {(d["code"], d["location"]["line"], d["location"]["column"]) for d in diagnostics}


@covers("AZ345")
@covers("AZ346")
def test_check_without_lock_or_network_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a check never fetches without --allow-remote: no server is needed
    monkeypatch.chdir(tmp_path)
    url = "https://192.0.2.1/o.yaml"
    doc = str(_remote_case(tmp_path, url))
    (tmp_path / "out.py").write_text("", encoding="utf-8")
    at = (8, 10)  # the source's `url`
    status, diagnostics = cli_json(capsys, "compile", doc, "-o", "out.py", "--check")
    assert status == 1 and keys_of(diagnostics) == {("AZ345", *at)}
    (tmp_path / "arazzogen.lock").write_text(
        json.dumps({"sources": {url: {"sha256": "0" * 64, "size": 1}}, "version": 1})
    )
    status, diagnostics = cli_json(capsys, "compile", doc, "-o", "out.py", "--check")
    assert status == 1 and keys_of(diagnostics) == {("AZ346", *at)}


@covers("AZ343")
def test_broken_lock_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    doc = _remote_case(tmp_path, "https://192.0.2.1/o.yaml")
    (tmp_path / "arazzogen.lock").write_text('{"version": 7}', encoding="utf-8")
    status, diagnostics = cli_json(capsys, "validate", str(doc), "--allow-remote")
    assert status == 1 and _codes_at(diagnostics) == [("AZ343", 1)]


@covers("AZ344")
def test_unused_source_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    status, diagnostics = cli_json(capsys, "validate", str(VALID), "--source", "petz=x.yaml")
    assert status == 0 and keys_of(diagnostics) == {("AZ344", 7, 3)}
