"""arazzogen: compile Arazzo workflow documents into standalone, typed Python modules.

The pipeline runs one way, one sub-package per stage::

    load/    read YAML/JSON, keep line:column of every node          (file system)
    check/   schema/: the official Arazzo JSON Schema for the version;
             rules/: semantic rules on the document alone, control flow
    bind/    sources (file system), openapi index, resolve each step's
             operation, binding checks
    build/   the typed, frozen IR (ir.py); codegen/ turns decisions into Python
    emit/    render (Jinja templates under StrictUndefined), formatting (black),
             writer (atomic write)                                  (file system)

Shared by every stage: :mod:`arazzogen.diagnostics` and :mod:`arazzogen.codes` (values and
their registry), :mod:`arazzogen.pointer` (JSON Pointers), :mod:`arazzogen.expressions` (the
Arazzo expression languages). Imports only point down this list.

:mod:`arazzogen.api` strings the stages together; :mod:`arazzogen.cli` is a thin
command line over it.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arazzogen.api import Outcome, compile_document, validate
    from arazzogen.diagnostics import Diagnostic

__all__ = ["Diagnostic", "Outcome", "__version__", "compile_document", "validate"]

_EXPORTS = {
    "Outcome": "arazzogen.api",
    "compile_document": "arazzogen.api",
    "validate": "arazzogen.api",
    "Diagnostic": "arazzogen.diagnostics",
}


def __getattr__(name: str) -> Any:
    """The library API, imported on first use: ``import arazzogen`` stays cheap, so the
    command line (``compile --check`` above all) pays only for what it runs."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'arazzogen' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
