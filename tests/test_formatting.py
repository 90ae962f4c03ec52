"""Formatting piece by piece gives exactly black's output for the whole module."""

from __future__ import annotations

from pathlib import Path

import pytest

from arazzogen.api import _front, _Run
from arazzogen.build.workflow import build_module
from arazzogen.diagnostics import Reporter
from arazzogen.emit import formatting
from arazzogen.emit.formatting import GeneratedCodeError, format_source, format_whole
from arazzogen.emit.render import render_module

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [
        *ROOT.glob("generated_examples/*/arazzo/*.arazzo.yaml"),
        *ROOT.glob("tests/features/*.arazzo.yaml"),
    ]
)


def rendered(path: Path) -> str:
    reporter = Reporter()
    run = _front(_Run(reporter), path, use_sources=True, cwd=ROOT)
    assert run.doc is not None and run.version is not None and run.resolved is not None
    module = build_module(run.doc, run.version, run.resolved, reporter,  # type: ignore[arg-type]
                          source_path=path.name)
    assert module is not None, [d.message for d in reporter.diagnostics]
    return render_module(module)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_generated_modules_format_as_black_formats_them_whole(path: Path) -> None:
    source = rendered(path)
    formatting.format_piece.cache_clear()
    assert format_source(source) == format_whole(source)
    # a second time, from the cache: the same text
    assert format_source(source) == format_whole(source)
    assert formatting.format_piece.cache_info().hits > 0


EDGE_CASES = [
    # comments just above a definition belong to it; a module docstring, imports, constants
    '"""Doc."""\nimport os\nX=1\n# about f\n# more\ndef f(a,b):\n  return a\n'
    "@decorator\n@other( 1 )\nclass C:\n  x:int=1\nY = [1,\n2]\n\n\n\n\ndef g(): pass\n",
    # statements between definitions keep their blank lines; a trailing comment
    "def f():\n    pass\nA = 1\n\nB = 2\n# the end\n",
    # an indented comment at the end of a body, then a definition
    "def f():\n    x = 1\n    # inside\ndef g():\n    return 2\n",
    # a comment block separated from the definition by a blank line
    "x = 1\n# loose\n\ndef f(): ...\nclass E(Exception): ...\n",
    # async definitions, overloads without bodies
    "import typing\n@typing.overload\ndef f(x: int) -> int: ...\n@typing.overload\n"
    "def f(x: str) -> str: ...\ndef f(x): return x\nasync def g():\n    await h()\n",
    # only statements
    "a = 1\nb = 2\n",
    # a long call black must split
    "def f():\n    return some_function(argument_number_one, argument_number_two, "
    "argument_number_three, argument_four)\n",
]


@pytest.mark.parametrize("source", EDGE_CASES)
def test_edge_cases_format_as_black_formats_them_whole(source: str) -> None:
    assert format_source(source) == format_whole(source)


def test_empty_source() -> None:
    assert format_source("") == format_whole("")


def test_invalid_code_is_refused() -> None:
    with pytest.raises(GeneratedCodeError):
        format_source("def f(:\n")
