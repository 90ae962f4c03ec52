"""AZ348: a step output reads a member of the response body that the response schema
does not list, which is most often a misspelt pointer (``$response.body#/nmae``).

Reported only where the schema says enough to tell: at some level of the pointer, the
object schema of every success response (with the members of its ``allOf``) lists
``properties``, none of them is the member, and nothing there admits other members by
name or shape (``additionalProperties`` or ``patternProperties`` given, ``oneOf``,
``anyOf``). An object schema that merely leaves ``additionalProperties`` out still gets
the warning: the member is not documented, and the output is typed ``object``. No
schema, a ``$ref`` that does not resolve, an array index past ``items``: no warning.
"""

from __future__ import annotations

from collections.abc import Mapping

from arazzogen import pointer as jp
from arazzogen.bind.openapi import ResolvedOperation
from arazzogen.bind.response_schema import OpenApiReader, json_schema, success_statuses, walk
from arazzogen.diagnostics import Reporter
from arazzogen.expressions.ast import ExpressionError, RuntimeExpr
from arazzogen.expressions.runtime import parse_value
from arazzogen.load.document import LoadedDocument


def check_output_pointers(
    doc: LoadedDocument,
    reporter: Reporter,
    step_pointer: str,
    step: Mapping[str, object],
    operation: ResolvedOperation,
    version: str,
) -> None:
    """Warn (AZ348) at each output of the step whose body pointer names a member its
    response schemas do not list."""
    outputs = step.get("outputs")
    if not isinstance(outputs, Mapping):
        return
    for key, text in outputs.items():
        if not isinstance(text, str):
            continue
        try:
            parsed = parse_value(text, version=version)
        except ExpressionError:
            continue  # reported by the rules
        if not isinstance(parsed, RuntimeExpr) or parsed.kind != "response":
            continue
        if parsed.source != "body" or not parsed.pointer:
            continue
        found = unlisted_member(operation, step, parsed.pointer)
        if found is None:
            continue
        status, where, member, listed = found
        at = f" at `{where}`" if where else ""
        close = _close(member, listed)
        reporter.report(
            "AZ348",
            f"`{text}`: the schema of response {status} of {_operation(operation)} "
            f"lists no property `{member}`{at} (it lists {_names(listed)}); the output "
            "is typed `object`",
            doc.locate(jp.join(step_pointer, "outputs", str(key))),
            hint=(
                f"did you mean `{jp.join(where, close)}`?"
                if close
                else "check the pointer against the response schema, or document the "
                "member in the OpenAPI description"
            ),
        )


def unlisted_member(
    operation: ResolvedOperation, data: Mapping[str, object], pointer: str
) -> tuple[str, str, str, list[str]] | None:
    """(status, the pointer to the object, the member, the properties listed there) when
    the schema of every success response of the step lists the properties of an object
    on the way of ``pointer`` and none is the member; None when a schema reaches the
    pointer or cannot tell (the module docstring says when)."""
    responses = operation.responses
    if responses is None:
        return None
    reader = OpenApiReader(responses.resolver)
    statuses = success_statuses(data, responses.node.value)
    saved = responses.resolver.take_problems()  # what the typing walk records stays its own
    try:
        first: tuple[str, str, str, list[str]] | None = None
        for status in statuses:
            schema = json_schema(reader, reader.child(responses.node, status))
            reached = walk(reader, schema, jp.split(pointer)) if schema is not None else None
            miss = reached.unlisted if reached is not None else None
            if responses.resolver.take_problems() or miss is None:
                return None
            first = first or (status, *miss)
        return first
    finally:
        responses.resolver.problems = saved


def _operation(operation: ResolvedOperation) -> str:
    if operation.operation_id:
        return f"`{operation.operation_id}`"
    return f"`{operation.method} {operation.path}`"


def _close(member: str, listed: list[str]) -> str | None:
    import difflib  # only when a member is not listed (~1 ms to import)

    close = difflib.get_close_matches(member, listed, n=1, cutoff=0.6)
    return close[0] if close else None


def _names(listed: list[str], limit: int = 8) -> str:
    shown = ", ".join(f"`{name}`" for name in listed[:limit])
    return shown + (f" and {len(listed) - limit} more" if len(listed) > limit else "")
