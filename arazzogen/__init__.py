"""arazzogen: compile Arazzo workflow documents into standalone, typed Python modules.

The pipeline runs one way, one module per stage::

    loader      read YAML/JSON, keep line:column of every node     (file system)
    validate_schema   the official Arazzo JSON Schema for the document's version
    rules       semantic rules on the document alone, control flow
    sources     load the source descriptions                        (file system)
    resolve     bind each step to its operation; binding checks
    build       the typed IR (ir.py) of the module to generate
    render      Jinja templates (templates/) under StrictUndefined
    formatting  black, then a syntax check
    writer      atomic write                                        (file system)

:mod:`arazzogen.api` strings the stages together; :mod:`arazzogen.cli` is a thin
command line over it.
"""

__version__ = "0.1.0"
