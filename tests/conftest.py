"""Shared fixtures: where things are, and the compiled examples (Knock, Invopop, Chakra)."""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

# The formatting cache of the test run (and of the CLI processes it starts) is its own,
# never the user's; removed when the run ends.
_CACHE = tempfile.mkdtemp(prefix="arazzogen-test-cache-")
os.environ["ARAZZOGEN_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "generated_examples"
KNOCK_DOC = EXAMPLES / "knock" / "arazzo" / "knock-bulk-set-objects-notify.arazzo.yaml"
KNOCK_MODULE = EXAMPLES / "knock" / "knock_bulk_set_objects_notify.py"
INVOPOP_DOC = EXAMPLES / "invopop" / "arazzo" / "invopop-create-workflow.arazzo.yaml"
INVOPOP_MODULE = EXAMPLES / "invopop" / "invopop_create_workflow.py"
CHAKRA_DOC = EXAMPLES / "chakra" / "arazzo" / "chakra-bulk-update-processes.arazzo.yaml"
CHAKRA_MODULE = EXAMPLES / "chakra" / "chakra_bulk_update_processes.py"


def compile_to_text(document: Path, output: Path) -> str:
    """Compile ``document`` as `arazzogen compile -o output` would; fail on errors."""
    from arazzogen.api import compile_document

    outcome = compile_document(document, output=output, cwd=REPO)
    errors = [d for d in outcome.diagnostics if d.severity.value == "error"]
    assert outcome.module is not None, errors
    return outcome.module


def import_source(name: str, source: str, directory: Path) -> ModuleType:
    """Write ``source`` to ``directory/name.py`` and import it as a fresh module."""
    path = directory / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def knock_source() -> str:
    return compile_to_text(KNOCK_DOC, KNOCK_MODULE)


@pytest.fixture(scope="session")
def knock_module(knock_source: str, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_source("knock_flow", knock_source, tmp_path_factory.mktemp("knock"))


@pytest.fixture(scope="session")
def invopop_source() -> str:
    return compile_to_text(INVOPOP_DOC, INVOPOP_MODULE)


@pytest.fixture(scope="session")
def invopop_module(invopop_source: str, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_source("invopop_flow", invopop_source, tmp_path_factory.mktemp("invopop"))


@pytest.fixture(scope="session")
def chakra_source() -> str:
    return compile_to_text(CHAKRA_DOC, CHAKRA_MODULE)


@pytest.fixture(scope="session")
def chakra_module(chakra_source: str, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_source("chakra_flow", chakra_source, tmp_path_factory.mktemp("chakra"))
