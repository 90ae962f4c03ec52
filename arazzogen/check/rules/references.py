"""References by name that must resolve: workflows, steps, sources and components.

AZ207 unknown workflow, AZ208 unknown step, AZ209/AZ210 action targets, AZ211 unknown
source, AZ212 wrong source type, AZ213 unknown component, AZ214 malformed reusable
reference. (References inside runtime expressions are checked by
:mod:`arazzogen.check.rules.expressions`; the order steps run in by
:mod:`arazzogen.check.rules.flow`.)
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import unquote

from arazzogen import pointer as jp
from arazzogen.check.rules.model import (
    ACTION_KINDS,
    Ctx,
    ResolvedAction,
    WorkflowInfo,
    as_dict,
    as_list,
    as_str,
    inline_actions,
    merged_actions,
    workflow_actions,
)

_SD = "$sourceDescriptions."
_WF = "$workflows."


def check(ctx: Ctx) -> None:
    for workflow in ctx.workflows:
        _workflow_depends_on(ctx, workflow)
        for step in workflow.steps:
            _step_depends_on(ctx, workflow, step.pointer, step.data)
            _step_call_target(ctx, step.pointer, step.data)
    _reusable_references(ctx)
    _action_targets(ctx)
    _input_refs(ctx)


# ---------------------------------------------------------------------- helpers


def check_source(ctx: Ctx, name: str, where: str, *, want: str | None, what: str) -> bool:
    """Report AZ211 when no source is called ``name``, AZ212 when its type is known and
    is not ``want``. True when the source exists."""
    wanted = name
    if name not in ctx.sources:
        near = [n for n in ctx.sources if n.casefold() == name.casefold()]
        if near:  # a lenient form: the source, spelled with other case
            ctx.report(
                "AZ511",
                f"{what} names source description {name!r}, declared as {near[0]!r}",
                where,
            )
            name = near[0]
        else:
            name = ""
    if name not in ctx.sources:
        known = ", ".join(sorted(ctx.sources)) or "none"
        close = difflib.get_close_matches(wanted, list(ctx.sources), n=1)
        ctx.report(
            "AZ211",
            f"{what} names source description {wanted!r}, which is not declared "
            f"(declared: {known})",
            where,
            hint=f"did you mean `{close[0]}`?" if close else None,
        )
        return False
    kind = ctx.sources[name]
    if want is not None and kind is not None and kind != want:
        ctx.report(
            "AZ212",
            f"{what} needs an {want!r} source description, but {name!r} has type {kind!r}",
            where,
        )
    return True


def check_workflow_ref(ctx: Ctx, text: str, where: str, what: str) -> WorkflowInfo | None:
    """A workflowId: a local id, or ``$sourceDescriptions.<name>.<workflowId>``."""
    if text.startswith(_SD):
        parts = text[len(_SD) :].split(".", 1)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            ctx.report(
                "AZ207",
                f"{what} {text!r} is not `$sourceDescriptions.<name>.<workflowId>`",
                where,
            )
            return None
        check_source(ctx, parts[0], where, want="arazzo", what=what)
        return None
    workflow = ctx.by_id.get(text)
    if workflow is None:
        known = ", ".join(sorted(ctx.by_id)) or "none"
        ctx.report(
            "AZ207",
            f"{what} {text!r} names no workflow of this document (workflows: {known})",
            where,
        )
    return workflow


# ---------------------------------------------------------------------- step targets

_PATH_SOURCE = re.compile(r"^\{\$sourceDescriptions\.([^.}]+)\.url\}")


def _step_call_target(ctx: Ctx, pointer: str, step: dict[str, object]) -> None:
    """The workflow, or the source of the operation, a step names exists (checked here
    too, so that `validate --no-sources` reports them; the sources stage then does not
    report the same place again)."""
    workflow_id = as_str(step.get("workflowId"))
    if workflow_id is not None:
        check_workflow_ref(ctx, workflow_id, jp.join(pointer, "workflowId"), "step workflowId")
    operation_id = as_str(step.get("operationId"))
    if operation_id is not None and operation_id.startswith(_SD):
        name = operation_id[len(_SD) :].split(".", 1)[0]
        check_source(ctx, name, jp.join(pointer, "operationId"), want=None, what="operationId")
    path = as_str(step.get("operationPath"))
    found = _PATH_SOURCE.match(path) if path is not None else None
    if found is not None:
        check_source(
            ctx, found.group(1), jp.join(pointer, "operationPath"), want=None, what="operationPath"
        )


# ---------------------------------------------------------------------- dependsOn


def _workflow_depends_on(ctx: Ctx, workflow: WorkflowInfo) -> None:
    base = jp.join(workflow.pointer, "dependsOn")
    for i, item in enumerate(as_list(workflow.data.get("dependsOn"))):
        text = as_str(item)
        if text is not None:
            check_workflow_ref(ctx, text, jp.join(base, i), "dependsOn entry")


def _step_depends_on(
    ctx: Ctx, workflow: WorkflowInfo, pointer: str, step: dict[str, object]
) -> None:
    base = jp.join(pointer, "dependsOn")
    for i, item in enumerate(as_list(step.get("dependsOn"))):
        text = as_str(item)
        if text is None:
            continue
        where = jp.join(base, i)
        if text.startswith(_WF):
            parts = text[len(_WF) :].split(".")
            if len(parts) != 3 or parts[1] != "steps":
                ctx.report(
                    "AZ208",
                    f"dependsOn entry {text!r} is not `$workflows.<id>.steps.<stepId>`",
                    where,
                )
                continue
            other = check_workflow_ref(ctx, parts[0], where, "dependsOn entry")
            if other is not None and parts[2] not in other.step_index:
                ctx.report(
                    "AZ208",
                    f"workflow {parts[0]!r} has no step {parts[2]!r}",
                    where,
                )
        elif text.startswith(_SD):
            parts = text[len(_SD) :].split(".")
            if len(parts) != 4 or parts[2] != "steps":
                ctx.report(
                    "AZ208",
                    f"dependsOn entry {text!r} is not "
                    "`$sourceDescriptions.<name>.<workflowId>.steps.<stepId>`",
                    where,
                )
                continue
            check_source(ctx, parts[0], where, want="arazzo", what="dependsOn entry")
        elif text not in workflow.step_index:
            ctx.report(
                "AZ208",
                f"dependsOn names step {text!r}, which this workflow does not have",
                where,
            )


# ---------------------------------------------------------------------- Reusable Objects

_PARAMETER_LISTS = ("parameters",)
_ACTION_LISTS = {
    "onSuccess": "successActions",
    "successActions": "successActions",
    "onFailure": "failureActions",
    "failureActions": "failureActions",
}


def _reusable_references(ctx: Ctx) -> None:
    for workflow in ctx.workflows:
        for owner in [workflow.pointer] + [s.pointer for s in workflow.steps]:
            owner_data = as_dict(ctx.doc.get(owner)) or {}
            _reference_list(ctx, owner_data, owner, "parameters", "parameters")
            for field_name, kind in _ACTION_LISTS.items():
                for i, item in enumerate(as_list(owner_data.get(field_name))):
                    _reference_list(
                        ctx,
                        as_dict(item) or {},
                        jp.join(owner, field_name, i),
                        "parameters",
                        "parameters",
                    )
                _reference_list(ctx, owner_data, owner, field_name, kind)
    components = as_dict(ctx.data.get("components")) or {}
    for kind in ("successActions", "failureActions"):
        for key, item in (as_dict(components.get(kind)) or {}).items():
            owner = jp.join("/components", kind, key)
            _reference_list(ctx, as_dict(item) or {}, owner, "parameters", "parameters")


def _reference_list(
    ctx: Ctx, owner: dict[str, object], owner_pointer: str, field_name: str, kind: str
) -> None:
    for i, item in enumerate(as_list(owner.get(field_name))):
        reference = as_str((as_dict(item) or {}).get("reference"))
        if reference is None:
            continue
        where = jp.join(owner_pointer, field_name, i, "reference")
        prefix = f"$components.{kind}."
        if not reference.startswith(prefix) or len(reference) == len(prefix):
            ctx.report(
                "AZ214",
                f"reference `{reference}` in `{field_name}` must be `{prefix}<name>`",
                where,
                hint=f"use a name defined under `components.{kind}`",
            )
            continue
        name = reference[len(prefix) :]
        if not ctx.has_component(kind, name):
            known = sorted(as_dict((as_dict(ctx.data.get("components")) or {}).get(kind)) or {})
            shown = ", ".join(known) or "none"
            ctx.report(
                "AZ213",
                f"`components.{kind}` has no entry {name!r} (defined: {shown})",
                where,
            )


# ---------------------------------------------------------------------- action targets


def _action_targets(ctx: Ctx) -> None:
    # the fields of every action object, once, where they are written
    for pointer, action in inline_actions(ctx):
        _action_fields(ctx, pointer, action)
    # goto/retry stepIds, for every step the action applies to
    for workflow in ctx.workflows:
        checked: set[str] = set()
        for kind in ACTION_KINDS:
            actions = workflow_actions(ctx, workflow, kind)
            for step in workflow.steps:
                actions.extend(merged_actions(ctx, workflow, step, kind))
            for resolved in actions:
                if resolved.site not in checked:
                    checked.add(resolved.site)
                    _step_target(ctx, workflow, resolved)


def _action_fields(ctx: Ctx, pointer: str, action: dict[str, object]) -> None:
    kind = as_str(action.get("type"))
    has_step = "stepId" in action
    workflow_id = as_str(action.get("workflowId"))
    if has_step and workflow_id is not None:
        ctx.report(
            "AZ209",
            "this action names both `stepId` and `workflowId`",
            jp.join(pointer, "workflowId"),
            key=True,
        )
    if kind == "end" and (has_step or workflow_id is not None):
        field_name = "stepId" if has_step else "workflowId"
        ctx.report(
            "AZ210",
            f"an `end` action ignores `{field_name}`",
            jp.join(pointer, field_name),
            key=True,
        )
        return
    if workflow_id is not None:
        check_workflow_ref(ctx, workflow_id, jp.join(pointer, "workflowId"), "action workflowId")


def _step_target(ctx: Ctx, workflow: WorkflowInfo, action: ResolvedAction) -> None:
    target = as_str(action.data.get("stepId"))
    if target is None or action.type == "end" or target in workflow.step_index:
        return
    wid = workflow.workflow_id or f"workflows[{workflow.index}]"
    where = action.field_pointer("stepId")
    via = "" if action.inline else f" (through {action.pointer[1:].replace('/', '.')})"
    ctx.report(
        "AZ208",
        f"action {action.name or '(unnamed)'!r} goes to step {target!r}{via}, which "
        f"workflow {wid!r} does not have",
        where,
    )


# ---------------------------------------------------------------------- inputs $ref


def _input_refs(ctx: Ctx) -> None:
    roots = [jp.join(w.pointer, "inputs") for w in ctx.workflows]
    components = as_dict(ctx.data.get("components")) or {}
    for key in as_dict(components.get("inputs")) or {}:
        roots.append(jp.join("/components", "inputs", key))
    for root in roots:
        stack: list[tuple[str, object]] = [(root, ctx.doc.get(root))]
        while stack:
            pointer, node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#"):
                    _local_ref(ctx, ref, jp.join(pointer, "$ref"))
                for key, value in node.items():
                    if key in ("const", "enum", "default", "examples", "example"):
                        continue
                    stack.append((jp.join(pointer, key), value))
            elif isinstance(node, list):
                stack.extend((jp.join(pointer, i), v) for i, v in enumerate(node))


def _local_ref(ctx: Ctx, ref: str, where: str) -> None:
    fragment = ref[1:]
    if fragment == "":
        return
    if not fragment.startswith("/"):
        return  # an anchor ($anchor); JSON Schema resolves those itself
    marker = object()
    if ctx.doc.get(unquote(fragment), marker) is marker:
        ctx.report("AZ213", f"$ref {ref!r} points at nothing in this document", where)
