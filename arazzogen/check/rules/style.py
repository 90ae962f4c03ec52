"""Checks about presentation, for parity with Spectral's Arazzo ruleset.

AZ232 ``<script`` in descriptive text, AZ233 missing descriptions (a note: docstrings of
the generated module are taken from them), AZ234 source descriptions without ``type``.
"""

from __future__ import annotations

from arazzogen import pointer as jp
from arazzogen.check.rules.model import Ctx, as_dict, as_list

_TEXT_FIELDS = ("description", "summary", "title")


def check(ctx: Ctx) -> None:
    _script_tags(ctx)
    if "description" not in (as_dict(ctx.data.get("info")) or {}):
        ctx.report("AZ233", "the document's info has no description", "/info", key=True)
    for workflow in ctx.workflows:
        if workflow.workflow_id is not None and "description" not in workflow.data:
            ctx.report(
                "AZ233",
                f"workflow {workflow.workflow_id!r} has no description",
                jp.join(workflow.pointer, "workflowId"),
            )
        for step in workflow.steps:
            if step.step_id is not None and "description" not in step.data:
                ctx.report(
                    "AZ233",
                    f"step {step.step_id!r} has no description",
                    jp.join(step.pointer, "stepId"),
                )
    for i, item in enumerate(as_list(ctx.data.get("sourceDescriptions"))):
        source = as_dict(item)
        if source is not None and "type" not in source:
            ctx.report(
                "AZ234",
                f"source description {source.get('name')!r} has no type",
                jp.join("/sourceDescriptions", i, "name"),
            )


def _script_tags(ctx: Ctx) -> None:
    stack: list[tuple[str, object]] = [("", ctx.data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                child = jp.join(pointer, key)
                if key in _TEXT_FIELDS and isinstance(value, str):
                    if "<script" in value.lower():
                        ctx.report("AZ232", f"`{key}` contains a `<script>` tag", child)
                else:
                    stack.append((child, value))
        elif isinstance(node, list):
            stack.extend((jp.join(pointer, i), v) for i, v in enumerate(node))
