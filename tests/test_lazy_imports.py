"""Heavy packages are imported only by the stage that uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOCK_DOC, REPO

HEAVY = ("black", "jsonschema", "jinja2")

PROBE = """
import contextlib, io, json, sys
from arazzogen.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def imported_by(*args: str, cache: str = "", heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The heavy packages a CLI run imports (formatting cache on disk: ``cache``)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), *args],
        capture_output=True, text=True, check=True, cwd=REPO,
        env={**os.environ, "ARAZZOGEN_CACHE_DIR": cache},
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--version"], []),
        (["codes"], []),
        (["validate", str(KNOCK_DOC)], ["jsonschema"]),
        (["compile", str(KNOCK_DOC)], ["black", "jinja2", "jsonschema"]),
    ],
)
def test_heavy_imports_follow_the_stages(args: list[str], expected: list[str]) -> None:
    assert imported_by(*args) == expected


def test_a_compile_whose_shapes_are_cached_does_not_import_black(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    assert "black" in imported_by("compile", str(KNOCK_DOC), cache=cache)  # fills the cache
    assert imported_by("compile", str(KNOCK_DOC), cache=cache) == ["jinja2", "jsonschema"]


def test_a_compile_without_xpath_or_file_urls_imports_neither() -> None:
    # XPath's parser and compiler, and urllib.request (http.client, email, ssl), are
    # imported only by a document that has an XPath expression or a file: URL
    lazy = ("arazzogen.expressions.xpath", "arazzogen.build.codegen.xpath_emit", "urllib.request")
    assert imported_by("compile", str(KNOCK_DOC), heavy=lazy) == []
