"""Generated modules under pyright strict and mypy --strict, on Python 3.10 and 3.13
(issue 8, items 3 and 4).

One folder holds every generated module: the checked-in examples, the feature modules
and the conformance cases' modules. pyright runs once over it (two execution
environments, pythonVersion 3.10 and 3.13) and mypy --strict once per version
(tests/test_features.py and the conformance suite already run mypy for 3.10 there; this
adds 3.13 and the examples). A user script that uses the Knock results without a cast
must pass both checkers, and a wrong use must fail both (so the check can fail).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conformance.runner import all_cases, compile_case
from features.harness import DOCUMENTS, compile_feature
from module_checks import run_tool

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(REPO.glob("generated_examples/*/*.py"))
VERSIONS = ("3.10", "3.13")


def pyright_report(root: Path) -> dict[str, list[str]]:
    """One pyright strict run over ``root/py3XX/*.py``: "py3XX/file" -> its errors."""
    config = {
        "typeCheckingMode": "strict",
        "include": [f"py{v.replace('.', '')}" for v in VERSIONS],
        "executionEnvironments": [
            {"root": f"py{v.replace('.', '')}", "pythonVersion": v} for v in VERSIONS
        ],
    }
    (root / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = run_tool("pyright", "--outputjson", cwd=root)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    output = json.loads(result.stdout)
    report: dict[str, list[str]] = {}
    for item in output["generalDiagnostics"]:
        where = Path(item["file"]).relative_to(root).as_posix()
        line = item["range"]["start"]["line"] + 1
        message = item["message"].splitlines()[0]
        report.setdefault(where, []).append(f"{where}:{line}: {message} ({item.get('rule')})")
    files = len(list(root.glob("py*/*.py")))
    assert output["summary"]["filesAnalyzed"] == files, output["summary"]
    return report


def mypy_lines(folder: Path, version: str) -> list[str]:
    args = ["--strict", "--no-incremental", "--python-version", version, "--no-error-summary"]
    files = sorted(p.name for p in folder.glob("*.py"))
    result = run_tool("mypy", *args, *files, cwd=folder)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every generated module, once per Python version folder."""
    root = tmp_path_factory.mktemp("strict")
    gathered = root / "modules"
    gathered.mkdir()
    for example in EXAMPLES:
        shutil.copy(example, gathered / example.name)
    for name in DOCUMENTS:
        outcome = compile_feature(name)
        assert outcome.module is not None, name
        (gathered / f"feature_{name}.py").write_text(outcome.module, encoding="utf-8")
    work = root / "cases"
    work.mkdir()
    for case in all_cases():
        if case.refused is not None:
            continue
        folder = work / case.module_name
        folder.mkdir()
        outcome = compile_case(case, folder)
        assert outcome.module is not None, case.id
        (gathered / f"{case.module_name}.py").write_text(outcome.module, encoding="utf-8")
    for version in VERSIONS:
        shutil.copytree(gathered, root / f"py{version.replace('.', '')}")
    return root


def test_every_generated_module_passes_pyright_strict_on_3_10_and_3_13(modules: Path) -> None:
    report = pyright_report(modules)
    assert len(list(modules.glob("py310/*.py"))) > 100  # the examples, features and cases
    assert report == {}, "\n".join(line for lines in report.values() for line in lines)


def test_every_generated_module_passes_mypy_strict_on_3_13(modules: Path) -> None:
    assert mypy_lines(modules / "py313", "3.13") == []


USER_SCRIPT = '''\
from typing import Literal

import httpx

from knock_bulk_set_objects_notify import (
    BulkSetObjectsNotifyResult,
    ResponseTypeError,
    bulk_set_objects_notify,
    bulk_set_objects_notify_async,
)

Status = Literal["queued", "processing", "completed", "failed"]


def summary(result: BulkSetObjectsNotifyResult) -> str:
    status: Status = result.bulk_status
    if result.bulk_status == "failed":
        return "failed: " + result.bulk_operation_id
    return f"{status} {result.workflow_run_id.upper()} {len(result.bulk_operation_id)}"


def run(client: httpx.Client, names: dict[str, str]) -> str:
    # a list of dict[str, str] is a Sequence[Mapping[str, object]] (a list[dict[str, object]]
    # parameter would reject it: invariance)
    objects: list[dict[str, str]] = [{"id": "project_1", **names}]
    data: dict[str, int] = {"count": 1}
    try:
        result = bulk_set_objects_notify(
            api_key="sk_test",
            collection="projects",
            objects=objects,
            data=data,
            notify_object_id="project_1",
            workflow_key="new-comment",
            client=client,
        )
    except ResponseTypeError as error:
        return error.output + " " + error.expected + " " + error.found
    run_id: str = result.workflow_run_id
    return summary(result) + run_id


async def run_async(client: httpx.AsyncClient) -> Status:
    result = await bulk_set_objects_notify_async(
        api_key="sk_test",
        collection="projects",
        objects=[{"id": "project_1"}],
        notify_object_id="project_1",
        workflow_key="new-comment",
        client=client,
    )
    return result.bulk_status
'''

WRONG_USE = '''\
from knock_bulk_set_objects_notify import BulkSetObjectsNotifyResult


def wrong(result: BulkSetObjectsNotifyResult) -> int:
    count: int = result.workflow_run_id
    return count
'''


@pytest.fixture(scope="module")
def user_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("user")
    for version in VERSIONS:
        folder = root / f"py{version.replace('.', '')}"
        folder.mkdir()
        shutil.copy(REPO / "generated_examples/knock/knock_bulk_set_objects_notify.py", folder)
        (folder / "user_script.py").write_text(USER_SCRIPT, encoding="utf-8")
        (folder / "wrong_use.py").write_text(WRONG_USE, encoding="utf-8")
    return root


def test_a_user_script_uses_the_knock_results_without_casts(user_root: Path) -> None:
    report = pyright_report(user_root)
    for version in VERSIONS:
        folder = f"py{version.replace('.', '')}"
        assert f"{folder}/user_script.py" not in report, report
        assert f"{folder}/knock_bulk_set_objects_notify.py" not in report, report
        # a wrong use of a result field is an error: the check can fail
        wrong = report.get(f"{folder}/wrong_use.py", [])
        assert len(wrong) == 1 and "reportAssignmentType" in wrong[0], report
        lines = mypy_lines(user_root / folder, version)
        assert lines == [
            'wrong_use.py:5: error: Incompatible types in assignment (expression has type "str", '
            'variable has type "int")  [assignment]'
        ], lines
