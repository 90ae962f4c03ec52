"""Every runtime expression in the document: it parses, it names things that exist, and
it is used where its value can exist.

AZ211 sources, AZ213 components, AZ215 inputs, AZ216 workflow outputs, AZ217 steps,
AZ218 expressions with no value at their place, AZ219 syntax, AZ231 HTTP expressions
on workflow steps; the lenient AZ502-AZ505. Criteria are read by
:mod:`arazzogen.check.rules.criteria`, which calls :func:`check_expression` for the
expressions inside conditions. ``$steps`` references are collected for
:mod:`arazzogen.check.rules.flow`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from arazzogen import pointer as jp
from arazzogen.check.rules import lenient
from arazzogen.check.rules.model import Ctx, StepInfo, WorkflowInfo, as_dict, as_list, as_str
from arazzogen.expressions.ast import ExpressionError, RuntimeExpr
from arazzogen.expressions.runtime import parse_runtime_expression, parse_value

Phase = Literal["request", "response", "outputs", "component"]
_HTTP = ("url", "method", "statusCode", "request", "response")
_COMPONENT_KINDS = ("parameters", "successActions", "failureActions", "inputs")
_ACTION_FIELDS = {
    "onSuccess": "successActions",
    "successActions": "successActions",
    "onFailure": "failureActions",
    "failureActions": "failureActions",
}


@dataclass(frozen=True)
class Place:
    """Where a value is evaluated.

    * ``request``: before a step's request is sent (parameters, request body);
    * ``response``: after it (success criteria, step outputs, actions);
    * ``outputs``: the workflow's outputs, after its last step;
    * ``component``: in ``components``, outside any workflow.

    ``step`` is None for workflow-level parameters and actions (they apply to every step).
    """

    phase: Phase
    workflow: WorkflowInfo | None = None
    step: StepInfo | None = None


@dataclass(frozen=True)
class StepRef:
    """A ``$steps.<target>`` reference, for the control-flow analysis."""

    place: Place
    target: str
    pointer: str
    offset: int


@dataclass
class Collected:
    step_refs: list[StepRef] = field(default_factory=list)


CriteriaCheck = Callable[[Ctx, object, str, Place, Collected], None]
"""The criterion checker (:func:`arazzogen.check.rules.criteria.check_criterion`)."""


# ---------------------------------------------------------------------- values


def check_value(ctx: Ctx, value: object, pointer: str, place: Place, out: Collected) -> None:
    """A parameter value, payload or replacement value: any JSON, strings may hold
    expressions, and (Arazzo 1.1) objects may be Selector Objects."""
    if isinstance(value, str):
        _string(ctx, value, pointer, place, out, require=False)
    elif isinstance(value, dict):
        if ctx.version == "1.1" and _is_selector(value):
            check_whole(ctx, value.get("context"), jp.join(pointer, "context"), place, out)
            _selector(ctx, value, pointer, place, out)
            return
        for key, item in value.items():
            check_value(ctx, item, jp.join(pointer, key), place, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_value(ctx, item, jp.join(pointer, i), place, out)


def _selector(ctx: Ctx, value: dict[str, object], pointer: str, place: Place,
              out: Collected) -> None:
    """An XPath Selector Object's selector is checked as an XPath condition is."""
    selector = as_str(value.get("selector"))
    kind = value.get("type")
    kind = (as_dict(kind) or {}).get("type") if isinstance(kind, dict) else kind
    if selector is not None and kind == "xpath":
        from arazzogen.check.rules.criteria import check_xpath  # criteria imports this module

        check_xpath(ctx, selector, jp.join(pointer, "selector"), place, out)


def check_output(ctx: Ctx, value: object, pointer: str, place: Place, out: Collected) -> None:
    """An output value: a runtime expression (or, leniently, text embedding some), or a
    Selector Object (1.1)."""
    if isinstance(value, str):
        _string(ctx, value, pointer, place, out, require=True)
    elif isinstance(value, dict):
        check_whole(ctx, value.get("context"), jp.join(pointer, "context"), place, out)
        _selector(ctx, value, pointer, place, out)


def check_whole(ctx: Ctx, value: object, pointer: str, place: Place, out: Collected) -> None:
    """A field that must be exactly one runtime expression (a criterion's or selector's
    ``context``)."""
    text = as_str(value)
    if text is None:
        return
    try:
        expr = parse_runtime_expression(text, version=ctx.version)
    except ExpressionError as error:
        ctx.report(
            "AZ219", f"invalid runtime expression: {error.message}", pointer, offset=error.offset
        )
        return
    check_expression(ctx, expr, pointer, place, out)


def _string(
    ctx: Ctx, text: str, pointer: str, place: Place, out: Collected, *, require: bool
) -> None:
    try:
        parsed = parse_value(text, version=ctx.version)
    except ExpressionError as error:
        ctx.report(
            "AZ219", f"invalid runtime expression: {error.message}", pointer, offset=error.offset
        )
        return
    if isinstance(parsed, str):
        if require and text.startswith("$"):
            check_whole(ctx, text, pointer, place, out)  # reports why it is no expression
        elif require:
            ctx.report(
                "AZ219",
                f"an output must be a runtime expression, not the text {text!r}",
                pointer,
                hint="write e.g. `$response.body#/id` or `$steps.<id>.outputs.<name>`",
            )
        return
    if isinstance(parsed, RuntimeExpr):
        check_expression(ctx, parsed, pointer, place, out)
        return
    lenient.braceless(ctx, parsed, pointer)
    for part in parsed.parts:
        if isinstance(part, RuntimeExpr):
            check_expression(ctx, part, pointer, place, out)


def _is_selector(value: dict[str, object]) -> bool:
    keys = {k for k in value if not k.startswith("x-")}
    return keys == {"context", "selector", "type"} and isinstance(value.get("context"), str)


# ---------------------------------------------------------------------- one expression


def check_expression(
    ctx: Ctx, expr: RuntimeExpr, pointer: str, place: Place, out: Collected
) -> None:
    """Check what ``expr`` names, and that it has a value at ``place``."""
    lenient.dotted_body(ctx, expr, pointer)
    kind = expr.kind
    if kind in _HTTP or kind == "message":
        _exchange(ctx, expr, pointer, place)
    elif kind == "inputs":
        _inputs(ctx, expr, pointer, place.workflow, expr.path, "this workflow")
    elif kind == "outputs":
        _outputs(ctx, expr, pointer, place)
    elif kind == "steps":
        _steps(ctx, expr, pointer, place, out)
    elif kind == "workflows":
        _workflows(ctx, expr, pointer)
    elif kind == "sourceDescriptions":
        name = expr.path[0] if expr.path else ""
        if name not in ctx.sources:
            known = ", ".join(sorted(ctx.sources)) or "none"
            ctx.report(
                "AZ211",
                f"`{expr.text}` names source description {name!r}, which is "
                f"not declared (declared: {known})",
                pointer,
                at=expr,
            )
    elif kind == "components":
        _components(ctx, expr, pointer)


def _exchange(ctx: Ctx, expr: RuntimeExpr, pointer: str, place: Place) -> None:
    step = place.step
    if place.phase == "request":
        ctx.report(
            "AZ218",
            f"`{expr.text}` has no value here: the step's request has not been sent yet",
            pointer,
            at=expr,
            hint="take the value from an earlier step: `$steps.<id>.outputs.<name>`",
        )
    elif place.phase == "outputs":
        ctx.report(
            "AZ218",
            f"`{expr.text}` has no value in workflow outputs, which are computed after "
            "the last step",
            pointer,
            at=expr,
            hint="declare a step output and use `$steps.<id>.outputs.<name>`",
        )
    elif step is not None and step.calls_workflow:
        ctx.report(
            "AZ231",
            f"`{expr.text}`: step {step.step_id!r} calls a workflow and has no HTTP "
            "exchange of its own",
            pointer,
            at=expr,
        )
    elif step is not None and expr.kind == "message" and ctx.step_source_type(step) == "openapi":
        ctx.report(
            "AZ218",
            f"`{expr.text}` is for AsyncAPI steps; step {step.step_id!r} calls an HTTP "
            "operation (use `$response`)",
            pointer,
            at=expr,
        )
    elif (
        step is not None
        and expr.kind in ("request", "response", "statusCode")
        and ctx.step_source_type(step) == "asyncapi"
    ):
        ctx.report(
            "AZ218",
            f"`{expr.text}` is for HTTP steps; step {step.step_id!r} uses an AsyncAPI "
            "channel (use `$message`)",
            pointer,
            at=expr,
        )


def _inputs(
    ctx: Ctx,
    expr: RuntimeExpr,
    pointer: str,
    workflow: WorkflowInfo | None,
    names: tuple[str, ...],
    owner: str,
) -> None:
    if workflow is None or not names:
        return
    if workflow.inputs is None:
        if "inputs" not in workflow.data:  # valid Arazzo, but nothing says what it is
            ctx.report(
                "AZ235",
                f"`{expr.text}`: {owner} has no `inputs` schema",
                pointer,
                at=expr,
            )
        return  # a free-form inputs schema (no `properties`) accepts any name
    found, _ = lenient.match_name(names, workflow.inputs)
    if found is None:
        shown = ", ".join(sorted(workflow.inputs)) or "none"
        ctx.report(
            "AZ215",
            f"`{expr.text}`: {owner} declares no input {names[0]!r} (inputs: {shown})",
            pointer,
            at=expr,
        )


def _outputs(ctx: Ctx, expr: RuntimeExpr, pointer: str, place: Place) -> None:
    step = place.step
    owner: WorkflowInfo | None = place.workflow
    label = "this workflow"
    if step is not None and step.calls_workflow and place.phase == "response":
        # in a workflow step's outputs and criteria, $outputs are the called workflow's
        owner = ctx.by_id.get(as_str(step.data.get("workflowId")) or "")
        label = f"workflow {as_str(step.data.get('workflowId'))!r}"
    if owner is None or not expr.path:
        return
    lenient.output_reference(
        ctx,
        expr,
        pointer,
        owner=label,
        names=expr.path,
        declared=owner.outputs,
        undeclared_code="AZ216",
    )


def _steps(ctx: Ctx, expr: RuntimeExpr, pointer: str, place: Place, out: Collected) -> None:
    workflow = place.workflow
    if workflow is None:
        return
    path = expr.path
    target = path[0] if path else ""
    index = workflow.step_index.get(target)
    if index is None:
        known = ", ".join(workflow.step_index) or "none"
        ctx.report(
            "AZ217",
            f"`{expr.text}`: this workflow has no step {target!r} (steps: {known})",
            pointer,
            at=expr,
        )
        return
    out.step_refs.append(StepRef(place, target, pointer, expr.start))
    _step_outputs(ctx, expr, pointer, workflow.steps[index], path[1:])


def _step_outputs(
    ctx: Ctx, expr: RuntimeExpr, pointer: str, step: StepInfo, rest: tuple[str, ...]
) -> None:
    """``rest`` follows ``$steps.<id>``: ``outputs`` (all of them) or ``outputs.<name>``."""
    if not rest or rest[0] != "outputs":
        ctx.report(
            "AZ219",
            f"`{expr.text}` is not `$steps.<stepId>.outputs.<name>`",
            pointer,
            at=expr,
            hint=f"write `$steps.{step.step_id}.outputs.<name>`",
        )
        return
    if len(rest) == 1:
        return  # the whole outputs map
    declared = list((as_dict(step.data.get("outputs")) or {}).keys())
    target = as_str(step.data.get("workflowId")) or ""
    if target.startswith("$sourceDescriptions."):
        return  # the outputs of another document's workflow: the compiler checks them
    callee = ctx.by_id.get(target)
    if callee is not None:  # a step running a workflow has that workflow's outputs too
        declared += list((as_dict(callee.data.get("outputs")) or {}).keys())
    lenient.output_reference(
        ctx,
        expr,
        pointer,
        owner=f"step {step.step_id!r}",
        names=rest[1:],
        declared=declared,
        undeclared_code="AZ505",
    )


def _workflows(ctx: Ctx, expr: RuntimeExpr, pointer: str) -> None:
    path = expr.path
    wid = path[0] if path else ""
    other = ctx.by_id.get(wid)
    if other is None:
        known = ", ".join(sorted(ctx.by_id)) or "none"
        ctx.report(
            "AZ207",
            f"`{expr.text}` names no workflow of this document " f"(workflows: {known})",
            pointer,
            at=expr,
        )
        return
    if len(path) >= 3 and path[1] == "steps":
        # $workflows.<id>.steps.<stepId>.outputs.<name> (Arazzo 1.1 cross-workflow dependsOn)
        index = other.step_index.get(path[2])
        if index is None:
            ctx.report(
                "AZ208",
                f"`{expr.text}`: workflow {wid!r} has no step {path[2]!r}",
                pointer,
                at=expr,
            )
            return
        _step_outputs(ctx, expr, pointer, other.steps[index], path[3:])
        return
    if len(path) < 3 or path[1] not in ("inputs", "outputs"):
        ctx.report(
            "AZ219",
            f"`{expr.text}` is not `$workflows.<id>.inputs.<name>` or "
            "`$workflows.<id>.outputs.<name>`",
            pointer,
            at=expr,
        )
        return
    if path[1] == "inputs":
        _inputs(ctx, expr, pointer, other, path[2:], f"workflow {wid!r}")
        return
    lenient.output_reference(
        ctx,
        expr,
        pointer,
        owner=f"workflow {wid!r}",
        names=path[2:],
        declared=other.outputs,
        undeclared_code="AZ216",
    )


def _components(ctx: Ctx, expr: RuntimeExpr, pointer: str) -> None:
    path = expr.path
    if len(path) < 2 or path[0] not in _COMPONENT_KINDS:
        ctx.report(
            "AZ219",
            f"`{expr.text}` is not `$components.<parameters|successActions|failureActions"
            "|inputs>.<name>`",
            pointer,
            at=expr,
        )
        return
    name = ".".join(path[1:])
    if not ctx.has_component(path[0], name):
        ctx.report(
            "AZ213",
            f"`{expr.text}`: components.{path[0]} has no entry {name!r}",
            pointer,
            at=expr,
        )


# ---------------------------------------------------------------------- the walk


def walk(ctx: Ctx, out: Collected, criteria_check: CriteriaCheck) -> None:
    """Visit every value, output and criterion of the document."""
    for workflow in ctx.workflows:
        request = Place("request", workflow)
        _parameters(ctx, workflow.data, workflow.pointer, request, out)
        _actions(
            ctx, workflow.data, workflow.pointer, Place("response", workflow), out, criteria_check
        )
        for name, value in (as_dict(workflow.data.get("outputs")) or {}).items():
            check_output(
                ctx,
                value,
                jp.join(workflow.pointer, "outputs", name),
                Place("outputs", workflow),
                out,
            )
        for step in workflow.steps:
            before = Place("request", workflow, step)
            after = Place("response", workflow, step)
            _parameters(ctx, step.data, step.pointer, before, out)
            body = as_dict(step.data.get("requestBody")) or {}
            body_pointer = jp.join(step.pointer, "requestBody")
            if "payload" in body:
                check_value(ctx, body["payload"], jp.join(body_pointer, "payload"), before, out)
            for i, item in enumerate(as_list(body.get("replacements"))):
                replacement = as_dict(item) or {}
                if "value" in replacement:
                    where = jp.join(body_pointer, "replacements", i, "value")
                    check_value(ctx, replacement["value"], where, before, out)
            for i, item in enumerate(as_list(step.data.get("successCriteria"))):
                where = jp.join(step.pointer, "successCriteria", i)
                criteria_check(ctx, item, where, after, out)
            for name, value in (as_dict(step.data.get("outputs")) or {}).items():
                check_output(ctx, value, jp.join(step.pointer, "outputs", name), after, out)
            _actions(ctx, step.data, step.pointer, after, out, criteria_check)
    components = as_dict(ctx.data.get("components")) or {}
    component = Place("component")
    for key, item in (as_dict(components.get("parameters")) or {}).items():
        param = as_dict(item) or {}
        if "value" in param:
            where = jp.join("/components", "parameters", key, "value")
            check_value(ctx, param["value"], where, component, out)
    for kind in ("successActions", "failureActions"):
        for key, item in (as_dict(components.get(kind)) or {}).items():
            _action(
                ctx,
                as_dict(item) or {},
                jp.join("/components", kind, key),
                component,
                out,
                criteria_check,
            )


def _parameters(
    ctx: Ctx, owner: dict[str, object], owner_pointer: str, place: Place, out: Collected
) -> None:
    for i, item in enumerate(as_list(owner.get("parameters"))):
        param = as_dict(item) or {}
        if "value" in param:
            where = jp.join(owner_pointer, "parameters", i, "value")
            check_value(ctx, param["value"], where, place, out)
        elif place.workflow is not None:
            # a reusable parameter is evaluated where it is used
            found = _component(ctx, param, "parameters")
            if found is not None and "value" in found[1]:
                where = jp.join(found[0], "value")
                check_value(ctx, found[1]["value"], where, place, out)


def _component(
    ctx: Ctx, item: dict[str, object], kind: str
) -> tuple[str, dict[str, object]] | None:
    """The component a Reusable Object names: its pointer and value."""
    reference = as_str(item.get("reference"))
    prefix = f"$components.{kind}."
    if reference is None or not reference.startswith(prefix):
        return None
    name = reference[len(prefix) :]
    found = ctx.component(kind, name)
    return None if found is None else (jp.join("/components", kind, name), found)


def _actions(
    ctx: Ctx,
    owner: dict[str, object],
    owner_pointer: str,
    place: Place,
    out: Collected,
    criteria_check: CriteriaCheck,
) -> None:
    for field_name, kind in _ACTION_FIELDS.items():
        for i, item in enumerate(as_list(owner.get(field_name))):
            action = as_dict(item) or {}
            if "reference" not in action:
                _action(
                    ctx, action, jp.join(owner_pointer, field_name, i), place, out, criteria_check
                )
                continue
            # a reusable action is evaluated where it is used
            found = _component(ctx, action, kind)
            if found is not None:
                _action(ctx, found[1], found[0], place, out, criteria_check)


def _action(
    ctx: Ctx,
    action: dict[str, object],
    pointer: str,
    place: Place,
    out: Collected,
    criteria_check: CriteriaCheck,
) -> None:
    for i, item in enumerate(as_list(action.get("criteria"))):
        criteria_check(ctx, item, jp.join(pointer, "criteria", i), place, out)
    # action parameters are inputs of the workflow the action goes to, evaluated now
    _parameters(ctx, action, pointer, place, out)
