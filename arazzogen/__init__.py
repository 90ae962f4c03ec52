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
