"""Fields that must fit the kind of step (or action) they sit on.

AZ224 content type, AZ225/AZ226 parameters with ``in`` where they are inputs, AZ227
operation or channel paths no form can read, AZ228/AZ229 AsyncAPI-only fields, AZ230
a request body on a workflow step, and AZ510 actions without a name.
"""

from __future__ import annotations

import re

from arazzogen import pointer as jp
from arazzogen.check.rules.model import Ctx, as_dict, as_list, as_str, inline_actions
from arazzogen.check.rules.references import check_source

_MEDIA_TYPE = re.compile(
    r"[A-Za-z0-9!#$&^_.+\-]+/[A-Za-z0-9!#$&^_.+\-*]+(\s*;\s*[^;=\s]+=[^;]*)*\s*"
)
_CHANNEL_PATH = re.compile(r"\{\$sourceDescriptions\.([^.{}]+)\.url\}#(/.*)?")
_METHOD_PATH = re.compile(r"[A-Za-z]+\s+/")


def check(ctx: Ctx) -> None:
    for _, step in ctx.iter_steps():
        data = step.data
        _request_body(ctx, step.pointer, data, calls_workflow=step.calls_workflow)
        _paths(ctx, step.pointer, data)
        _async(ctx, step.pointer, data, ctx.step_source_type(step))
        if step.calls_workflow:
            for i, item in enumerate(as_list(data.get("parameters"))):
                param = as_dict(item) or {}
                if "in" in param and "reference" not in param:
                    ctx.report(
                        "AZ226",
                        f"parameter {param.get('name')!r} is an input of workflow "
                        f"{data.get('workflowId')!r}; its `in` is ignored",
                        jp.join(step.pointer, "parameters", i, "in"),
                        key=True,
                    )
    for pointer, action in inline_actions(ctx):
        if "name" not in action:
            ctx.report("AZ510", "this action has no `name`", pointer)
        for i, item in enumerate(as_list(action.get("parameters"))):
            param = as_dict(item) or {}
            where = jp.join(pointer, "parameters", i)
            reference = as_str(param.get("reference"))
            if reference is not None and reference.startswith("$components.parameters."):
                target = ctx.component("parameters", reference[len("$components.parameters.") :])
                if target is not None and "in" in target:
                    ctx.report(
                        "AZ225",
                        f"{reference} has `in: {target.get('in')}`, but action parameters are "
                        "workflow inputs",
                        jp.join(where, "reference"),
                    )
            elif "in" in param:
                ctx.report(
                    "AZ225",
                    f"action parameter {param.get('name')!r} must not have `in`",
                    jp.join(where, "in"),
                    key=True,
                )


def _request_body(ctx: Ctx, pointer: str, data: dict[str, object], *, calls_workflow: bool) -> None:
    body = as_dict(data.get("requestBody"))
    if body is None:
        return
    if calls_workflow:
        ctx.report(
            "AZ230",
            f"this step calls workflow {data.get('workflowId')!r}, which takes no request body",
            jp.join(pointer, "requestBody"),
            key=True,
        )
    content_type = as_str(body.get("contentType"))
    if content_type is not None and not _MEDIA_TYPE.fullmatch(content_type):
        ctx.report(
            "AZ224",
            f"contentType {content_type!r} is not a media type",
            jp.join(pointer, "requestBody", "contentType"),
        )


def _paths(ctx: Ctx, pointer: str, data: dict[str, object]) -> None:
    operation_path = as_str(data.get("operationPath"))
    if operation_path is not None and not _readable_operation_path(operation_path):
        ctx.report(
            "AZ227",
            f"operationPath {operation_path!r} is neither "
            "`{$sourceDescriptions.<name>.url}#<json-pointer>` nor a path",
            jp.join(pointer, "operationPath"),
        )
    channel_path = as_str(data.get("channelPath"))
    if channel_path is None:
        return
    where = jp.join(pointer, "channelPath")
    found = _CHANNEL_PATH.fullmatch(channel_path)
    if found is None and "#" not in channel_path:
        ctx.report(
            "AZ227",
            f"channelPath {channel_path!r} is not "
            "`{$sourceDescriptions.<name>.url}#<json-pointer>`",
            where,
            hint="write e.g. `{$sourceDescriptions.events.url}#/channels/orders`",
        )
    elif found is not None and found.group(1) in ctx.sources:
        check_source(ctx, found.group(1), where, want="asyncapi", what="channelPath")


def _readable_operation_path(text: str) -> bool:
    """True for every form some stage can read: the spec's form and the lenient ones
    (``name#/paths/...``, ``URL#/paths/...``, ``/path``, ``METHOD /path``), which the
    sources stage checks in detail."""
    return "#" in text or text.startswith("/") or _METHOD_PATH.match(text) is not None


def _async(ctx: Ctx, pointer: str, data: dict[str, object], source_type: str | None) -> None:
    if "workflowId" in data:
        return
    is_async = source_type == "asyncapi" or "channelPath" in data
    if is_async and "action" not in data:
        field_name = "channelPath" if "channelPath" in data else "operationId"
        ctx.report(
            "AZ229",
            "this step uses an AsyncAPI source but has no `action`",
            jp.join(pointer, field_name),
            key=True,
        )
    if source_type is not None and source_type != "asyncapi" and "channelPath" not in data:
        for field_name in ("action", "correlationId"):
            if field_name in data:
                ctx.report(
                    "AZ228",
                    f"`{field_name}` applies to AsyncAPI steps; this step's source is "
                    f"{source_type!r}",
                    jp.join(pointer, field_name),
                    key=True,
                )
