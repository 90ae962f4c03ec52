"""The Expression Type Object (Arazzo 1.1) of criteria, Selector Objects and payload
replacement targets: ``type`` as a string, or ``{type, version}``.

The 1.0 JSON Schema and the 1.0/1.1 text disagree on where a version may be given; the
text wins and both forms are accepted: a plain string (the type, default version) and an
object with ``type`` and an optional ``version``. Versions arazzogen compiles:

* ``jsonpath``: ``rfc9535`` (the default). ``draft-goessner-dispatch-jsonpath-00`` is
  compiled with RFC 9535 semantics when the query parses as RFC 9535 (the common subset:
  names, indexes, wildcards, slices, filters with comparisons); the parser reports
  Goessner-only syntax (script expressions ``(@.length-1)``) as a compile error.
* ``xpath``: ``xpath-10`` (XPath 1.0 over ElementTree). ``xpath-20``, ``xpath-30`` and
  ``xpath-31`` (the 1.1 default) are compiled when the expression stays within the XPath
  1.0 subset, whose results and boolean conversion (Effective Boolean Value) agree.
* ``jsonpointer``: ``rfc6901``.
"""

from __future__ import annotations

from collections.abc import Mapping

from arazzogen.build.codegen.emit import EmitError

KNOWN_VERSIONS = {
    "jsonpath": ("rfc9535", "draft-goessner-dispatch-jsonpath-00"),
    "xpath": ("xpath-10", "xpath-20", "xpath-30", "xpath-31"),
    "jsonpointer": ("rfc6901",),
}


def expression_type(raw: object, pointer: str) -> tuple[str | None, str | None]:
    """(type, version) of a ``type`` field; (None, None) when absent."""
    if raw is None:
        return None, None
    if isinstance(raw, str):
        kind, version = raw, None
    elif isinstance(raw, Mapping):
        kind = str(raw.get("type", ""))
        found = raw.get("version")
        version = str(found) if found is not None else None
    else:
        raise EmitError("AZ613", f"an expression type {raw!r}", pointer=pointer)
    if kind in ("simple", "regex"):
        return kind, version
    if kind not in KNOWN_VERSIONS:
        raise EmitError("AZ613", f"an expression of type {kind!r}", pointer=pointer)
    if version is not None and version not in KNOWN_VERSIONS[kind]:
        raise EmitError("AZ613", f"{kind} version {version!r}", pointer=pointer)
    return kind, version
