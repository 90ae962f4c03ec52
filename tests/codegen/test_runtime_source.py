"""The helper sources embedded in generated modules are exactly the functions' source."""

from __future__ import annotations

import functools
import inspect

from arazzogen.build.codegen import helpers_xpath, jsonpath_emit, jsonpath_runtime, xpath_runtime
from arazzogen.build.codegen.runtime_source import function_sources
from arazzogen.expressions import iregexp

FUNCTIONS = (
    *jsonpath_runtime.RUNTIME_FUNCTIONS,
    *iregexp.RUNTIME_FUNCTIONS,
    *xpath_runtime.RUNTIME_FUNCTIONS,
)


def test_every_runtime_helper_source_equals_inspect_getsource() -> None:
    # the line scan must give what the tokenizing inspect.getsource gives, helper by helper
    expected = {fn.__name__: inspect.getsource(fn) for fn in FUNCTIONS}
    assert function_sources(FUNCTIONS) == expected
    assert expected == {**jsonpath_emit.HELPERS, **helpers_xpath.HELPERS}


@functools.lru_cache(
    maxsize=2,
)
def _sample(
    first: int,
    second: int,
) -> tuple[int, int]:
    """A docstring."""

    return (first, second)
    # indented as the body: part of it, as for inspect


# one at column 0 is not


def test_the_scan_keeps_decorators_and_split_signatures_and_ends_before_comments() -> None:
    source = function_sources([_sample])["_sample"]
    assert source == inspect.getsource(_sample)
    assert source.startswith("@functools.lru_cache(\n")
    assert source.endswith(
        "    return (first, second)\n    # indented as the body: part of it, as for inspect\n"
    )
