"""Stage 3: semantic rules on the document alone (AZ2xx, AZ4xx, some AZ5xx).

:func:`check_document` runs after the JSON Schema passed, so the document's shape is
known to be valid; the rules still check types before use and never raise. They need
no source description: binding steps to OpenAPI operations is
:mod:`arazzogen.bind.sources`' job.

One module per family: :mod:`.uniqueness`, :mod:`.references`, :mod:`.steps`,
:mod:`.expressions` and :mod:`.criteria` (every runtime expression and condition),
:mod:`.lenient` (the lenient forms), :mod:`.flow` (control-flow analysis) and
:mod:`.style`.
"""

from __future__ import annotations

from arazzogen.check.rules import criteria, expressions, flow, references, steps, style, uniqueness
from arazzogen.check.rules.model import build, merged_actions
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import LoadedDocument

__all__ = ["check_document", "merged_actions"]


def check_document(doc: LoadedDocument, reporter: Reporter, *, version: str) -> None:
    """Report every semantic problem of ``doc`` (an Arazzo ``version`` "1.0" or "1.1"
    document that passed the JSON Schema) to ``reporter``."""
    if version not in ("1.0", "1.1"):
        raise ValueError(f"version must be '1.0' or '1.1', not {version!r}")
    ctx = build(doc, reporter, version)
    if ctx is None:
        return
    uniqueness.check(ctx)
    references.check(ctx)
    steps.check(ctx)
    collected = expressions.Collected()
    expressions.walk(ctx, collected, criteria.check_criterion)
    flow.check(ctx, collected)
    style.check(ctx)
