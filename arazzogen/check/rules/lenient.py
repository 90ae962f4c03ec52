"""Real-world forms the compiler accepts with a named warning (``--strict``: an error).

AZ501 JSONPath comparisons outside a filter, AZ502 expressions without braces, AZ503
dotted body access, AZ504 dotted output access, AZ505 undeclared step outputs (AZ510,
actions without a name, is reported by :mod:`arazzogen.check.rules.steps`).
"""

from __future__ import annotations

from collections.abc import Collection

from arazzogen import pointer as jp
from arazzogen.check.rules.model import Ctx
from arazzogen.expressions.ast import RuntimeExpr, Template


def match_name(
    segments: tuple[str, ...], declared: Collection[str]
) -> tuple[str | None, tuple[str, ...]]:
    """The longest dotted prefix of ``segments`` that is a declared name, and the rest.

    Names may contain dots (``^[a-zA-Z0-9.\\-_]+$``), so ``a.b`` may be one output or
    output ``a`` reached into with ``.b``.
    """
    for k in range(len(segments), 0, -1):
        name = ".".join(segments[:k])
        if name in declared:
            return name, segments[k:]
    return None, segments


def braceless(ctx: Ctx, template: Template, pointer: str) -> None:
    for expr in template.braceless:
        ctx.report(
            "AZ502",
            f"`{expr.text}` is embedded without braces; read as `{{{expr.text}}}`",
            pointer,
            at=expr,
            hint=f"wrap the expression in braces: `{{{expr.text}}}`",
        )


def dotted_body(ctx: Ctx, expr: RuntimeExpr, pointer: str) -> None:
    if expr.plural_headers:
        ctx.report(
            "AZ512",
            f"`{expr.text}` names `headers`; read as `${expr.kind}.header.{expr.name}`",
            pointer,
            at=expr,
            hint=f"write `${expr.kind}.header.{expr.name}`",
        )
    if expr.dotted_body:
        source = expr.source or "body"
        ctx.report(
            "AZ503",
            f"`{expr.text}` reaches into the {source} with dots; read as "
            f"`${expr.kind}.{source}#{expr.pointer or ''}`",
            pointer,
            at=expr,
            hint=f"write `${expr.kind}.{source}#{expr.pointer or ''}`",
        )


def output_reference(
    ctx: Ctx,
    expr: RuntimeExpr,
    pointer: str,
    *,
    owner: str,
    names: tuple[str, ...],
    declared: Collection[str],
    undeclared_code: str,
) -> None:
    """Check ``names`` (the segments after ``.outputs.``) against ``declared``.

    An exact match is fine; a declared prefix followed by more segments is dotted access
    (AZ504); no match at all is ``undeclared_code`` (AZ505 for steps, an error for
    workflows).
    """
    found, rest = match_name(names, declared)
    if found is None:
        shown = ", ".join(sorted(declared)) or "none"
        ctx.report(
            undeclared_code,
            f"{owner} declares no output {'.'.join(names)!r} (outputs: {shown})",
            pointer,
            at=expr,
        )
        return
    if rest:
        inner = jp.join("", *rest)
        ctx.report(
            "AZ504",
            f"`{expr.text}` reaches into output {found!r} with dots; read as "
            f"`...outputs.{found}#{inner}`",
            pointer,
            at=expr,
            hint=f"write `...outputs.{found}#{inner}`, or declare an output for the inner value",
        )


def jsonpath_comparison(ctx: Ctx, pointer: str) -> None:
    ctx.report(
        "AZ501",
        "this JSONPath condition is a comparison outside a filter; it is evaluated on the "
        "single value the path selects",
        pointer,
    )
