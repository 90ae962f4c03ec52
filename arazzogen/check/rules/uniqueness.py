"""Ids and names that must be unique, and ids that must be identifiers.

AZ201 workflowIds, AZ202 stepIds, AZ203 source names, AZ204 parameters (``name`` and
``in``, after following references), AZ205 action names (within one list: reusable
actions in ``components`` may share a ``name`` when no list uses both), AZ206 ids that runtime
expressions cannot name, and AZ223 repeated replacement targets. (Repeated identical
list items, criteria included, are already rejected by the schema's ``uniqueItems``.)
"""

from __future__ import annotations

from arazzogen import pointer as jp
from arazzogen.check.rules.model import IDENTIFIER, Ctx, as_dict, as_list, as_str, inline_actions


def check(ctx: Ctx) -> None:
    _sources(ctx)
    _workflows(ctx)
    for list_pointer, kind in _parameter_lists(ctx):
        _parameters(ctx, list_pointer, kind)
    for list_pointer in _action_lists(ctx):
        _action_names(ctx, list_pointer)
    for _, step in ctx.iter_steps():
        _replacements(ctx, jp.join(step.pointer, "requestBody", "replacements"))


def _sources(ctx: Ctx) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(as_list(ctx.data.get("sourceDescriptions"))):
        source = as_dict(item) or {}
        name = as_str(source.get("name"))
        if name is None:
            continue
        if name in seen:
            ctx.report(
                "AZ203",
                f"source description name {name!r} is already used by "
                f"sourceDescriptions[{seen[name]}]",
                jp.join("/sourceDescriptions", i, "name"),
            )
        else:
            seen[name] = i


def _workflows(ctx: Ctx) -> None:
    seen: dict[str, int] = {}
    for workflow in ctx.workflows:
        wid = workflow.workflow_id
        where = jp.join(workflow.pointer, "workflowId")
        if wid is not None:
            if wid in seen:
                ctx.report(
                    "AZ201",
                    f"workflowId {wid!r} is already used by workflows[{seen[wid]}]",
                    where,
                )
            else:
                seen[wid] = workflow.index
            if not IDENTIFIER.fullmatch(wid):
                ctx.report("AZ206", _not_identifier(ctx, "workflowId", wid, "$workflows"), where)
        for step in workflow.steps:
            sid = step.step_id
            if sid is None:
                continue
            where = jp.join(step.pointer, "stepId")
            first = workflow.step_index.get(sid)
            if first is not None and first != step.index:
                ctx.report(
                    "AZ202",
                    f"stepId {sid!r} is already used by steps[{first}] of this workflow",
                    where,
                )
            if not IDENTIFIER.fullmatch(sid):
                ctx.report("AZ206", _not_identifier(ctx, "stepId", sid, "$steps"), where)


def _not_identifier(ctx: Ctx, field: str, value: str, prefix: str) -> str:
    """AZ206's message: what can name the id in this document's version."""
    head = f"{field} {value!r} is not an identifier (`[A-Za-z0-9_-]+`)"
    if ctx.version == "1.1":
        return f"{head}, so `{prefix}.<id>` cannot name it (Arazzo 1.1 allows only these)"
    return (
        f"{head}: in this Arazzo 1.0 document `{prefix}.<id>` can name it (not in text "
        "without braces, nor where a space would end the name), but Arazzo 1.1's grammar "
        "and other tools cannot"
    )


# ---------------------------------------------------------------------- lists


def _parameter_lists(ctx: Ctx) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for workflow in ctx.workflows:
        out.append((jp.join(workflow.pointer, "parameters"), "workflow"))
        for step in workflow.steps:
            out.append((jp.join(step.pointer, "parameters"), "step"))
    for site, _ in inline_actions(ctx):
        out.append((jp.join(site, "parameters"), "action"))
    return out


def _action_lists(ctx: Ctx) -> list[str]:
    out: list[str] = []
    for workflow in ctx.workflows:
        out.append(jp.join(workflow.pointer, "successActions"))
        out.append(jp.join(workflow.pointer, "failureActions"))
        for step in workflow.steps:
            out.append(jp.join(step.pointer, "onSuccess"))
            out.append(jp.join(step.pointer, "onFailure"))
    return out


def _parameters(ctx: Ctx, list_pointer: str, kind: str) -> None:
    seen: dict[tuple[str, str | None], int] = {}
    for i, item in enumerate(as_list(ctx.doc.get(list_pointer))):
        param = as_dict(item)
        if param is None:
            continue
        reference = as_str(param.get("reference"))
        if reference is not None:
            prefix = "$components.parameters."
            resolved = (
                ctx.component("parameters", reference[len(prefix) :])
                if reference.startswith(prefix)
                else None
            )
            if resolved is None:
                continue  # the references rule reports it
            param = resolved
        name = as_str(param.get("name"))
        if name is None:
            continue
        where = as_str(param.get("in"))
        key = (name, where)
        if key in seen:
            shown = f"{name!r}" + (f" in {where}" if where else "")
            ctx.report(
                "AZ204",
                f"parameter {shown} is already given by parameters[{seen[key]}] of this {kind}",
                jp.join(list_pointer, i),
            )
        else:
            seen[key] = i


def _action_names(ctx: Ctx, list_pointer: str) -> None:
    seen: dict[str, int] = {}
    components = as_dict(ctx.data.get("components")) or {}
    for i, item in enumerate(as_list(ctx.doc.get(list_pointer))):
        action = as_dict(item)
        if action is None:
            continue
        name = as_str(action.get("name"))
        where = jp.join(list_pointer, i, "name")
        reference = as_str(action.get("reference"))
        if reference is not None:
            where = jp.join(list_pointer, i, "reference")
            parts = reference.split(".", 2)
            if len(parts) == 3 and parts[0] == "$components":
                table = as_dict(components.get(parts[1])) or {}
                name = as_str((as_dict(table.get(parts[2])) or {}).get("name"))
        if name is None:
            continue
        if name in seen:
            ctx.report(
                "AZ205",
                f"action name {name!r} is already used by {jp.split(list_pointer)[-1]}"
                f"[{seen[name]}]",
                where,
            )
        else:
            seen[name] = i


def _replacements(ctx: Ctx, list_pointer: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(as_list(ctx.doc.get(list_pointer))):
        target = as_str((as_dict(item) or {}).get("target"))
        if target is None:
            continue
        if target in seen:
            ctx.report(
                "AZ223",
                f"replacement target {target!r} is already set by replacements[{seen[target]}]",
                jp.join(list_pointer, i, "target"),
            )
        else:
            seen[target] = i
