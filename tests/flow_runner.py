"""Run a generated workflow function, sync or async, with a recording ``sleep``.

The behaviour tests of the generated examples call :func:`run_workflow` with
``mode="sync"`` or ``mode="async"``: the same arguments, the same assertions, for the
function ``name`` and its twin ``name_async`` (skipped while a module has no async twin).
Every wait goes through the injected ``sleep``, which records the seconds in ``slept``
instead of waiting, so no test ever sleeps (a function that cannot wait has no ``sleep``
parameter and gets none).
"""

from __future__ import annotations

import asyncio
import inspect
from types import ModuleType
from typing import Any

import httpx

MODES = ("sync", "async")
# A bound for "this must finish at all" (hang guards), never a timing expectation.
HANG_GUARD = 20.0


def run_workflow(
    module: ModuleType, function_name: str, mode: str, slept: list[float], /, **arguments: Any
) -> Any:
    """Call workflow function ``function_name`` of ``module`` with a client of the mode's
    kind (positional parameters, so that workflow inputs may have any name)."""
    waits = "sleep" in inspect.signature(getattr(module, function_name)).parameters
    if mode == "sync":
        if waits:
            arguments["sleep"] = slept.append
        with httpx.Client(timeout=HANG_GUARD) as client:
            return getattr(module, function_name)(client=client, **arguments)
    function = getattr(module, f"{function_name}_async", None)
    assert function is not None, f"{module.__name__} has no async twin {function_name}_async"

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    if waits:
        arguments["sleep"] = sleep

    async def main() -> Any:
        async with httpx.AsyncClient(timeout=HANG_GUARD) as client:
            return await function(client=client, **arguments)

    return asyncio.run(main())
