"""Compile the feature documents, check the modules with mypy and ruff, call them.

Used by tests/test_features.py. The documents sit beside this file; each compiles to
one module named ``feature_<document>``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from feature_server import FeatureServer
from module_checks import run_tool

from arazzogen.api import Outcome, compile_document

FEATURES = Path(__file__).resolve().parent
REPO = FEATURES.parents[1]
#: document -> the warnings (never errors) its compilation must report, no more
DOCUMENTS: dict[str, set[str]] = {
    "linear": set(),
    "flow": set(),
    "parameters": set(),
    "bodies": set(),
    "criteria": {"AZ501"},
    "errors": {"AZ272"},  # the `sig` query parameter is a credential in the URL
    "values": {"AZ504"},
    "noservers": {"AZ612"},
    "timeout": set(),
}
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF,N"  # the rules the README promises
#: document -> why its module does not pass ruff yet (a compiler bug; strict xfail)
LINT_BUGS: dict[str, str] = {}
#: keyword parameters of a workflow function that are not workflow inputs
CALL_OPTIONS = frozenset(
    {
        "client",
        "base_urls",
        "timeout",
        "max_response_bytes",
        "deadline",
        "max_repeats",
        "repeat_delay",
        "sleep",
    }
)


def compile_feature(name: str) -> Outcome:
    return compile_document(FEATURES / f"{name}.arazzo.yaml", cwd=REPO)


def compile_in_subprocess(seed: str) -> dict[str, str | None]:
    """Every document compiled by a fresh interpreter with ``PYTHONHASHSEED=seed``."""
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom arazzogen.api import compile_document\n"
        "print(json.dumps({n: compile_document(Path(sys.argv[1]) / (n + '.arazzo.yaml'),"
        " cwd=Path.cwd()).module for n in sys.argv[2:]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(FEATURES), *DOCUMENTS],
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    texts: dict[str, str | None] = json.loads(result.stdout)
    return texts


def mypy_report(directory: Path) -> dict[str, list[str]]:
    """One ``mypy --strict`` run over every module in ``directory``: file -> its lines."""
    files = sorted(p.name for p in directory.glob("*.py"))
    args = ["--strict", "--no-incremental", "--python-version", "3.10", "--no-error-summary"]
    result = run_tool("mypy", *args, *files, cwd=directory)
    report: dict[str, list[str]] = {name: [] for name in files}
    for line in result.stdout.splitlines():
        report.setdefault(line.split(":", 1)[0], []).append(line)
    assert result.returncode in (0, 1) and set(report) == set(files), result.stdout + result.stderr
    assert (result.returncode == 0) == (not any(report.values())), result.stdout
    return report


def ruff_report(directory: Path) -> dict[str, list[str]]:
    """One ``ruff check`` run over every module in ``directory``: file -> its violations."""
    files = sorted(p.name for p in directory.glob("*.py"))
    args = ["check", "--isolated", "--target-version", "py310"]
    args += ["--select", RUFF_RULES, "--output-format", "json", "--exit-zero"]
    result = run_tool("ruff", *args, *files, cwd=directory)
    assert result.returncode == 0, result.stderr
    report: dict[str, list[str]] = {name: [] for name in files}
    for item in json.loads(result.stdout):
        name = Path(item["filename"]).name
        report[name].append(f"{name}:{item['location']['row']}: {item['code']} {item['message']}")
    return report


#: which function :func:`run` calls: the sync one or its ``_async`` twin
FLAVOR = {"current": "sync"}


def run(module: ModuleType, function: str, server: FeatureServer, **kwargs: Any) -> Any:
    """Call ``module.function`` (or ``function_async``, see ``FLAVOR``) with a client
    and the ``api`` base URL on ``server``; loops repeat without waiting."""
    if "base_urls" not in kwargs:
        kwargs["base_urls"] = module.BaseUrls(api=server.base_url + "/v1")
    if "max_repeats" in inspect.signature(getattr(module, function)).parameters:
        kwargs.setdefault("repeat_delay", 0)
    if FLAVOR["current"] == "sync":
        with httpx.Client(timeout=5) as client:
            return getattr(module, function)(client=client, **kwargs)

    async def main() -> Any:
        async with httpx.AsyncClient(timeout=5) as client:
            return await getattr(module, function + "_async")(client=client, **kwargs)

    return asyncio.run(main())


def input_signature(function: Callable[..., object]) -> dict[str, bool]:
    """Workflow input parameter -> whether the caller must pass it."""
    return {
        name: parameter.default is inspect.Parameter.empty
        for name, parameter in inspect.signature(function).parameters.items()
        if name not in CALL_OPTIONS
    }


def with_known_bugs(bugs: dict[str, str]) -> list[Any]:
    """Every document as a test parameter; those in ``bugs`` marked strict xfail."""
    return [
        (
            pytest.param(
                name, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=why)
            )
            if (why := bugs.get(name))
            else name
        )
        for name in DOCUMENTS
    ]
