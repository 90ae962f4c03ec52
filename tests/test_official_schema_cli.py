"""The Arazzo project's schema tests, through the command line.

``arazzogen validate --no-sources FILE --output-format json`` on every file of
``shared/spec/schema-tests/{1.0,1.1}/{pass,fail}``: a ``fail`` file exits 1 with at least
one error; a ``pass`` file exits 0, unless it is listed below with the semantic rule
that rejects it (the schema accepts it, the specification's prose does not), and warns
exactly as recorded below.

Most files run in-process through :func:`arazzogen.cli.main` (fast); a sample also runs
as a real ``python -m arazzogen`` subprocess, which must print the same JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from arazzogen.cli import main
from arazzogen.codes import REGISTRY

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCHEMA_TESTS = SHARED / "spec" / "schema-tests"

#: ``pass`` files the schema accepts but the specification forbids, by
#: "<version>/<file name>", with the distinct error codes that reject them (``--no-sources``).
#: The ``characterization-*`` files say so themselves (they pin what the schema alone lets
#: through); each was checked against the spec text.
CHARACTERIZATION: dict[str, tuple[str, ...]] = {
    # channelPath "definitely-not-a-runtime-expression": the spec requires a runtime
    # expression naming the source description
    "1.1/characterization-async-invalid-channelPath-string.arazzo.yaml": ("AZ227",),
    # an AsyncAPI step without `action` (send/receive)
    "1.1/characterization-asyncapi-operationId-without-action.arazzo.yaml": ("AZ229",),
    # operationPath that is not `{$sourceDescriptions.<name>.url}#<pointer>`
    "1.1/characterization-openapi-invalid-operationPath-string.arazzo.yaml": ("AZ227",),
    # `action` on a step of an OpenAPI source
    "1.1/characterization-openapi-operationId-with-action.arazzo.yaml": ("AZ228",),
    # `correlationId` (and `action: receive`) on a step of an OpenAPI source
    "1.1/characterization-openapi-receive-with-correlationId.arazzo.yaml": ("AZ228",),
    # a step that runs a workflow has a requestBody
    "1.1/characterization-workflow-step-with-requestBody.arazzo.yaml": ("AZ230",),
}

#: ``pass`` files that are not marked as characterizations yet break the spec's prose.
#: Reviewed by hand: each is a fault of the example, not of arazzogen.
SEMANTICALLY_INVALID: dict[str, tuple[str, ...]] = {
    # step authenticateCustomerAndAuthorizeLoan uses its own output
    # ($steps.authenticateCustomerAndAuthorizeLoan.outputs.redirectAuthToken: AZ403);
    # `$response.headers.Location` is only a warning (lenient AZ512)
    "1.0/bnpl-example.yaml": ("AZ403",),
    "1.1/bnpl-example.yaml": ("AZ403",),
    # channelPath "createUser": not a runtime expression naming the source description
    "1.1/async-with-channel-path.arazzo.yaml": ("AZ227",),
    # replacement value context `$steps.previous.outputs`: the workflow has no step 'previous'
    "1.1/payload-replacement-using-selector.arazzo.yaml": ("AZ217",),
}

#: the distinct warning codes of each ``pass`` file that has any (``--no-sources``):
#: lenient readings (AZ5xx) and questionable but legal forms; every other file has none
EXPECTED_WARNINGS: dict[str, tuple[str, ...]] = {
    "1.0/bnpl-example.yaml": ("AZ503", "AZ505", "AZ512"),
    "1.0/oauth-example.yaml": ("AZ501",),
    "1.0/pet-coupons-example.yaml": ("AZ231",),
    "1.1/async-depends-on-cross-workflow.arazzo.yaml": ("AZ503",),
    "1.1/async-depends-on.arazzo.yaml": ("AZ503",),
    "1.1/asyncapi-success-criteria.arazzo.yaml": ("AZ501",),
    "1.1/bnpl-example.yaml": ("AZ503", "AZ505", "AZ512"),
    "1.1/oauth-example.yaml": ("AZ501",),
    "1.1/openapi-and-asyncapi.arazzo.yaml": ("AZ503",),
    # `$sourceDescriptions.userAPI.listUsers` for the source `UserAPI`
    "1.1/openapi-success-criteria.arazzo.yaml": ("AZ511",),
    "1.1/workflow-success-criteria.arazzo.yaml": ("AZ511",),
    # selector context `$inputs.user` in a workflow without `inputs`
    "1.1/parameter-with-selector.arazzo.yaml": ("AZ235",),
    "1.1/pet-coupons-example.yaml": ("AZ231",),
}

REJECTED_PASS_FILES = {**CHARACTERIZATION, **SEMANTICALLY_INVALID}

#: files also run as a real subprocess (one per group); the rest run in-process
SUBPROCESS_SAMPLE = (
    "1.0/pass/oauth-example.yaml",
    "1.0/fail/not-an-object.yaml",
    "1.1/pass/minimal.arazzo.yaml",
    "1.1/pass/characterization-workflow-step-with-requestBody.arazzo.yaml",
    "1.1/fail/openapi-both-operationId-and-operationPath.arazzo.yaml",
)

requires_tests = pytest.mark.skipif(
    not SCHEMA_TESTS.is_dir(), reason="shared/spec/schema-tests is not available"
)


def _files(kind: str) -> list[Path]:
    if not SCHEMA_TESTS.is_dir():
        return []
    return sorted(p for p in SCHEMA_TESTS.glob(f"*/{kind}/*") if p.suffix in (".yaml", ".json"))


def _key(path: Path) -> str:
    """The "<version>/<file name>" key the dicts above use."""
    return f"{path.parent.parent.name}/{path.name}"


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, object]:
        data = json.loads(self.stdout)
        assert isinstance(data, dict)
        return data

    @property
    def diagnostics(self) -> list[dict[str, object]]:
        items = self.report["diagnostics"]
        assert isinstance(items, list)
        return items

    def codes(self, severity: str) -> tuple[str, ...]:
        found = {str(d["code"]) for d in self.diagnostics if d["severity"] == severity}
        return tuple(sorted(found))

    @property
    def error_codes(self) -> tuple[str, ...]:
        return self.codes("error")


def _argv(path: Path) -> list[str]:
    return ["validate", "--no-sources", str(path), "--output-format", "json"]


def run_in_process(path: Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(_argv(path))
    return Run(code, out.getvalue(), err.getvalue())


def run_subprocess(path: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "arazzogen", *_argv(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _check_well_formed(run: Run) -> None:
    """What holds for every run: no traceback, a parsable report that adds up."""
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stderr == "", run.stderr
    report = run.report
    assert report["version"] == 1
    for diag in run.diagnostics:
        assert diag["code"] in REGISTRY, diag
        assert not str(diag["code"]).startswith("AZ9"), diag
        location = diag["location"]
        assert isinstance(location, dict), diag
        assert isinstance(location["line"], int) and location["line"] >= 1, diag
        assert isinstance(location["column"], int) and location["column"] >= 1, diag
    errors = sum(1 for d in run.diagnostics if d["severity"] == "error")
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["errors"] == errors


@requires_tests
def test_the_suite_is_there() -> None:
    assert len(_files("pass")) >= 30 and len(_files("fail")) >= 20
    assert {p.parent.parent.name for p in _files("pass")} == {"1.0", "1.1"}


@requires_tests
@pytest.mark.parametrize("path", _files("pass"), ids=_key)
def test_pass_file(path: Path) -> None:
    run = run_in_process(path)
    _check_well_formed(run)
    expected = REJECTED_PASS_FILES.get(_key(path), ())
    if expected:
        assert run.exit_code == 1, run.stdout
        assert run.error_codes == expected, run.stdout
    else:
        assert run.exit_code == 0, run.stdout
        assert run.error_codes == (), run.stdout
    assert run.codes("warning") == EXPECTED_WARNINGS.get(_key(path), ()), run.stdout


@requires_tests
@pytest.mark.parametrize("path", _files("fail"), ids=_key)
def test_fail_file(path: Path) -> None:
    run = run_in_process(path)
    _check_well_formed(run)
    assert run.exit_code == 1, run.stdout
    assert run.error_codes, run.stdout


@requires_tests
def test_every_characterization_file_is_listed() -> None:
    names = {_key(p) for p in _files("pass")}
    characterizations = {n for n in names if n.split("/", 1)[1].startswith("characterization-")}
    assert characterizations == set(CHARACTERIZATION)
    assert set(SEMANTICALLY_INVALID) <= names, "stale entries in SEMANTICALLY_INVALID"
    assert set(EXPECTED_WARNINGS) <= names, "stale entries in EXPECTED_WARNINGS"


@requires_tests
@pytest.mark.parametrize("name", SUBPROCESS_SAMPLE)
def test_the_real_command_line_agrees(name: str) -> None:
    path = SCHEMA_TESTS / name
    real = run_subprocess(path)
    _check_well_formed(real)
    local = run_in_process(path)
    assert real.exit_code == local.exit_code
    assert real.report == local.report
    expected_exit = 1 if "/fail/" in name or _key(path) in REJECTED_PASS_FILES else 0
    assert real.exit_code == expected_exit, real.stdout
