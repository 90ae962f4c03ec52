"""The generated example modules (sync and async) run on every Python they target
(3.10 to 3.13).

Each interpreter found (pyenv's, or on PATH) imports a generated module and runs its
workflow against its simulated API (Knock, Invopop, Chakra) served from this process.
httpx and its dependencies are pure Python, so a copy of just those packages from this
interpreter is put on the other interpreter's path.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from chakra_server import ChakraSimulator
from conftest import CHAKRA_MODULE, INVOPOP_MODULE, KNOCK_MODULE
from invopop_server import InvopopSimulator
from knock_server import DEFAULT_RUN_ID, KnockSimulator

SCRIPT = """
import asyncio, json, sys
sys.path.append(sys.argv[1])  # this interpreter's stdlib first, borrowed httpx last
sys.path.insert(0, sys.argv[2])
import knock_bulk_set_objects_notify as flow
def inputs(base):  # the sync function and its async twin each get their own simulator
    urls = flow.BaseUrls(knock_objects_api=base, knock_bulk_operations_api=base,
                         knock_workflows_api=base)
    return dict(
        api_key="sk_test_123", collection="projects", objects=[{"id": "p1"}],
        notify_object_id="p1", workflow_key="wf", base_urls=urls, repeat_delay=0,
    )
result = flow.bulk_set_objects_notify(**inputs(sys.argv[3]))
twin = asyncio.run(flow.bulk_set_objects_notify_async(**inputs(sys.argv[4])))
assert twin == result, (twin, result)
print(json.dumps({"version": list(sys.version_info[:2]), "status": result.bulk_status,
                  "run": result.workflow_run_id}))
"""


HTTPX_STACK = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "typing_extensions",
    "exceptiongroup",
)


@pytest.fixture(scope="module")
def httpx_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding copies of httpx and its pure-Python dependencies, nothing else."""
    target = tmp_path_factory.mktemp("httpx_stack")
    for name in HTTPX_STACK:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        if origin.name == "__init__.py":
            shutil.copytree(
                origin.parent, target / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(origin, target / origin.name)
    return target


def _interpreter(version: str) -> str | None:
    root = Path.home() / ".pyenv" / "versions"
    for candidate in sorted(root.glob(f"{version}.*/bin/python")) if root.is_dir() else []:
        return str(candidate)
    return shutil.which(f"python{version}")


@pytest.mark.parametrize("version", ["3.10", "3.12", "3.13"])
def test_generated_module_runs_on(version: str, httpx_only: Path) -> None:
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    site = str(httpx_only)
    with (
        KnockSimulator(api_key="sk_test_123") as sim,
        KnockSimulator(api_key="sk_test_123") as twin,
    ):
        result = subprocess.run(
            [python, "-c", SCRIPT, site, str(KNOCK_MODULE.parent), sim.base_url, twin.base_url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        polls = (sim.poll_count, twin.poll_count)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "version": [int(p) for p in version.split(".")],
        "status": "completed",
        "run": DEFAULT_RUN_ID,
    }
    assert polls == (3, 3)  # the sync function and its async twin


SEED_SCRIPT = """
import asyncio, json, sys
sys.path.append(sys.argv[1])  # this interpreter's stdlib first, borrowed httpx last
sys.path.insert(0, sys.argv[2])
example = sys.argv[3]
if example == "invopop":
    import invopop_create_workflow as flow
    function, twin = flow.create_workflow, flow.create_workflow_async
    def inputs(base):
        return dict(
            api_key="inv_test_token_0123", workflow_id="186522a6-e697-4e34-8498-eee961bcb845",
            name="Email invoices", schema="bill/invoice",
            steps=[{"action": "email.send", "config": {}}], country="ES",
            base_urls=flow.BaseUrls(invopop_transform_api=base),
        )
    def outputs(result):
        return [result.id_, result.version, result.draft, result.disabled]
else:
    import chakra_bulk_update_processes as flow
    function, twin = flow.bulk_update_processes, flow.bulk_update_processes_async
    def inputs(base):
        return dict(
            access_token="chk_test_token_0123", procedure="tele_sales",
            processes=[{"lead_id": "EXT-TEST-143", "update": {"data": {"score": "105"}}}],
            base_urls=flow.BaseUrls(chakra_process_api=base),
        )
    def outputs(result):
        return [result.data, result.meta, result.errors]
slept, slept_async = [], []
async def sleep(seconds):
    slept_async.append(seconds)
result = function(**inputs(sys.argv[4]), sleep=slept.append)
twin_result = asyncio.run(twin(**inputs(sys.argv[5]), sleep=sleep))
print(json.dumps({"version": list(sys.version_info[:2]), "outputs": outputs(result),
                  "twin": outputs(twin_result), "slept": slept, "slept_async": slept_async}))
"""


def _seed_simulator(example: str) -> InvopopSimulator | ChakraSimulator:
    sim = InvopopSimulator() if example == "invopop" else ChakraSimulator(data={"accepted": 1})
    sim.script(sim.error(429, "Too many requests.", retry_after="1"))
    return sim


@pytest.mark.parametrize("example", ["invopop", "chakra"])
@pytest.mark.parametrize("version", ["3.10", "3.12", "3.13"])
def test_seed_example_modules_run_on(version: str, example: str, httpx_only: Path) -> None:
    """The sync function and its async twin, each against its own simulator, each
    answered 429 once (``Retry-After: 1``) before the normal answer."""
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    module = INVOPOP_MODULE if example == "invopop" else CHAKRA_MODULE
    with _seed_simulator(example) as sim, _seed_simulator(example) as twin:
        result = subprocess.run(
            [
                python,
                "-c",
                SEED_SCRIPT,
                str(httpx_only),
                str(module.parent),
                example,
                sim.base_url,
                twin.base_url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        attempts = (len(sim.requests), len(twin.requests))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = (
        ["186522a6-e697-4e34-8498-eee961bcb845", "1", False, False]
        if example == "invopop"
        else [{"accepted": 1}, {}, []]
    )
    assert data == {
        "version": [int(p) for p in version.split(".")],
        "outputs": expected,
        "twin": expected,
        "slept": [1.0],
        "slept_async": [1.0],
    }
    assert attempts == (2, 2)
