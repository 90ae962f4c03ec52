"""The document as the rules see it: workflows, steps, sources and resolved actions.

Built once per :func:`arazzogen.check.rules.check_document` call. The JSON Schema has already
passed, but everything here stays defensive (``isinstance`` before use) so that a rule
can never crash on an odd document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

from arazzogen import pointer as jp
from arazzogen.diagnostics import Location, Reporter
from arazzogen.expressions.ast import RuntimeExpr
from arazzogen.load.document import LoadedDocument

ActionKind = Literal["success", "failure"]
ACTION_KINDS: tuple[ActionKind, ...] = ("success", "failure")
IDENTIFIER = re.compile(r"[A-Za-z0-9_\-]+")
_SOURCE_URL = re.compile(r"\{\$sourceDescriptions\.([^.{}]+)\.url\}#")
_SOURCE_PREFIX = re.compile(r"\$sourceDescriptions\.([^.#{}]+)[.#]")


def as_dict(value: object) -> dict[str, object] | None:
    return value if isinstance(value, dict) else None


def as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


@dataclass
class StepInfo:
    workflow_id: str
    index: int
    step_id: str | None
    pointer: str
    data: dict[str, object]

    @property
    def calls_workflow(self) -> bool:
        return "workflowId" in self.data


@dataclass
class WorkflowInfo:
    workflow_id: str | None
    index: int
    pointer: str
    data: dict[str, object]
    steps: list[StepInfo] = field(default_factory=list)
    #: stepId -> position of its FIRST occurrence
    step_index: dict[str, int] = field(default_factory=dict)
    #: declared input names, or None when the inputs schema declares no properties
    inputs: set[str] | None = None
    outputs: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ResolvedAction:
    """A success or failure action after following a Reusable Object.

    ``site`` is the pointer of the list item (the inline action or the ``reference``
    object); ``pointer`` is where the action's own fields are (equal to ``site`` for an
    inline action, inside ``components`` for a referenced one).
    """

    data: dict[str, object]
    site: str
    pointer: str
    level: Literal["step", "workflow"]

    @property
    def inline(self) -> bool:
        return self.site == self.pointer

    @property
    def name(self) -> str | None:
        return as_str(self.data.get("name"))

    @property
    def type(self) -> str | None:
        return as_str(self.data.get("type"))

    @property
    def conditional(self) -> bool:
        return bool(as_list(self.data.get("criteria")))

    def field_pointer(self, name: str) -> str:
        """Where to point for one of the action's fields: the field itself when the action
        is inline, otherwise the ``reference`` at the use site."""
        if self.inline:
            return jp.join(self.pointer, name)
        return jp.join(self.site, "reference")


@dataclass
class Ctx:
    doc: LoadedDocument
    reporter: Reporter
    version: str
    data: dict[str, object]
    #: source name -> type (None when absent), first occurrence wins
    sources: dict[str, str | None] = field(default_factory=dict)
    workflows: list[WorkflowInfo] = field(default_factory=list)
    #: workflowId -> the FIRST workflow with that id
    by_id: dict[str, WorkflowInfo] = field(default_factory=dict)
    _lines: list[str] | None = None

    # ------------------------------------------------------------------ reporting

    def report(
        self,
        code: str,
        message: str,
        pointer: str,
        *,
        key: bool = False,
        hint: str | None = None,
        offset: int | None = None,
        at: RuntimeExpr | None = None,
    ) -> None:
        """Report at the value (or key) at ``pointer``; within a string value, from
        character ``offset`` to its end, or over the expression ``at`` in it."""
        location = self.doc.locate(pointer, key=key)
        if at is not None:
            location = self._shift(location, pointer, at.start, len(at.text))
        elif offset is not None:
            location = self._shift(location, pointer, offset)
        self.reporter.report(code, message, location, hint=hint)

    def _shift(
        self, location: Location, pointer: str, offset: int, length: int | None = None
    ) -> Location:
        """Move ``location`` to character ``offset`` of the string value at ``pointer``
        when the value is written on one line as a plain or quoted scalar, ending
        ``length`` characters later (by default where the value ends)."""
        value = self.doc.get(pointer)
        if not isinstance(value, str) or location.pointer != pointer or offset < 0:
            return location
        if self._lines is None:
            self._lines = self.doc.text.splitlines()
        lines = self._lines
        if not 1 <= location.line <= len(lines):
            return location
        rest = lines[location.line - 1][location.column - 1 :]
        if rest.startswith(value):
            skip = 0
        elif rest[:1] in ("'", '"') and rest[1:].startswith(value):
            skip = 1
        else:
            return location
        column = location.column + skip + min(offset, len(value))
        if length is None:
            end_line, end_column = location.end_line, location.end_column
        else:
            end_line, end_column = location.line, column + min(length, len(value) - offset)
        return Location(location.file, location.line, column, end_line, end_column, pointer)

    # ------------------------------------------------------------------ lookups

    def component(self, kind: str, name: str) -> dict[str, object] | None:
        components = as_dict(self.data.get("components")) or {}
        table = as_dict(components.get(kind)) or {}
        return as_dict(table.get(name))

    def has_component(self, kind: str, name: str) -> bool:
        components = as_dict(self.data.get("components")) or {}
        table = as_dict(components.get(kind)) or {}
        return name in table

    def step_source(self, step: StepInfo) -> str | None:
        """The name of the source a step's operation lives in, when the step says so."""
        for key in ("operationId", "operationPath", "channelPath"):
            text = as_str(step.data.get(key))
            if text is None:
                continue
            found = _SOURCE_URL.match(text) or _SOURCE_PREFIX.match(text)
            if found:
                return found.group(1)
        return None

    def step_source_type(self, step: StepInfo) -> str | None:
        """``openapi``, ``asyncapi``, ``arazzo`` or None when it cannot be told."""
        if step.calls_workflow:
            return None
        name = self.step_source(step)
        if name is not None:
            return self.sources.get(name)
        if "channelPath" in step.data:
            return None
        kinds = {t for t in self.sources.values() if t != "arazzo"}
        return next(iter(kinds)) if len(kinds) == 1 else None

    def iter_steps(self) -> Iterator[tuple[WorkflowInfo, StepInfo]]:
        for workflow in self.workflows:
            for step in workflow.steps:
                yield workflow, step


# ---------------------------------------------------------------------- building


def build(doc: LoadedDocument, reporter: Reporter, version: str) -> Ctx | None:
    data = as_dict(doc.data)
    if data is None:
        return None
    ctx = Ctx(doc, reporter, version, data)
    for item in as_list(data.get("sourceDescriptions")):
        source = as_dict(item)
        name = as_str(source.get("name")) if source else None
        if source is not None and name is not None and name not in ctx.sources:
            ctx.sources[name] = as_str(source.get("type"))
    for w, item in enumerate(as_list(data.get("workflows"))):
        wf = as_dict(item)
        if wf is None:
            continue
        info = WorkflowInfo(as_str(wf.get("workflowId")), w, jp.join("/workflows", w), wf)
        for s, raw in enumerate(as_list(wf.get("steps"))):
            step = as_dict(raw)
            if step is None:
                step = {}
            sid = as_str(step.get("stepId"))
            info.steps.append(
                StepInfo(info.workflow_id or "", s, sid, jp.join(info.pointer, "steps", s), step)
            )
            if sid is not None:
                info.step_index.setdefault(sid, s)
        info.inputs = declared_inputs(ctx, wf.get("inputs"))
        info.outputs = set((as_dict(wf.get("outputs")) or {}).keys())
        ctx.workflows.append(info)
        if info.workflow_id is not None:
            ctx.by_id.setdefault(info.workflow_id, info)
    return ctx


def declared_inputs(ctx: Ctx, schema: object) -> set[str] | None:
    """Property names an inputs schema declares (following local ``$ref`` and ``allOf``);
    None when it declares none, so that any name is accepted."""
    names: set[str] = set()
    found = False
    seen: set[str] = set()
    stack: list[object] = [schema]
    while stack:
        node = as_dict(stack.pop())
        if node is None:
            continue
        ref = as_str(node.get("$ref"))
        if ref is not None and ref.startswith("#/") and ref not in seen:
            seen.add(ref)
            stack.append(ctx.doc.get(unquote(ref[1:])))
        props = as_dict(node.get("properties"))
        if props is not None:
            found = True
            names.update(props)
        for key in ("allOf", "anyOf", "oneOf"):
            stack.extend(as_list(node.get(key)))
    return names if found else None


_ACTION_KINDS = {
    "success": ("onSuccess", "successActions"),
    "failure": ("onFailure", "failureActions"),
}


def resolve_action(
    ctx: Ctx, item: object, site: str, kind: ActionKind, level: Literal["step", "workflow"]
) -> ResolvedAction | None:
    """An inline action, or the component a Reusable Object names (None if it does not
    resolve; the references rule reports that)."""
    action = as_dict(item)
    if action is None:
        return None
    reference = as_str(action.get("reference"))
    if reference is None:
        return ResolvedAction(action, site, site, level)
    component_kind = _ACTION_KINDS[kind][1]
    prefix = f"$components.{component_kind}."
    if not reference.startswith(prefix):
        return None
    name = reference[len(prefix) :]
    target = ctx.component(component_kind, name)
    if target is None:
        return None
    return ResolvedAction(target, site, jp.join("/components", component_kind, name), level)


def step_actions(ctx: Ctx, step: StepInfo, kind: ActionKind) -> list[ResolvedAction]:
    """The step's own actions, in order."""
    field_name = _ACTION_KINDS[kind][0]
    out: list[ResolvedAction] = []
    for i, item in enumerate(as_list(step.data.get(field_name))):
        action = resolve_action(ctx, item, jp.join(step.pointer, field_name, i), kind, "step")
        if action is not None:
            out.append(action)
    return out


def workflow_actions(ctx: Ctx, workflow: WorkflowInfo, kind: ActionKind) -> list[ResolvedAction]:
    field_name = _ACTION_KINDS[kind][1]
    out: list[ResolvedAction] = []
    for i, item in enumerate(as_list(workflow.data.get(field_name))):
        site = jp.join(workflow.pointer, field_name, i)
        action = resolve_action(ctx, item, site, kind, "workflow")
        if action is not None:
            out.append(action)
    return out


def merged_actions(
    ctx: Ctx, workflow: WorkflowInfo, step: StepInfo, kind: ActionKind
) -> list[ResolvedAction]:
    """The actions that apply to ``step``: its own, in order, then the workflow's that it
    does not override (an action of the step with the same name replaces one of the
    workflow's; it cannot remove it)."""
    own = step_actions(ctx, step, kind)
    names = {a.name for a in own if a.name is not None}
    inherited = [a for a in workflow_actions(ctx, workflow, kind) if a.name not in names]
    return own + inherited


ACTION_LIST_FIELDS = ("onSuccess", "onFailure", "successActions", "failureActions")


def inline_actions(ctx: Ctx) -> list[tuple[str, dict[str, object]]]:
    """Every action object written out (in step and workflow lists, and in components),
    with its pointer; Reusable Objects are left out."""
    out: list[tuple[str, dict[str, object]]] = []
    owners = [w.pointer for w in ctx.workflows] + [s.pointer for _, s in ctx.iter_steps()]
    for owner in owners:
        owner_data = as_dict(ctx.doc.get(owner)) or {}
        for field_name in ACTION_LIST_FIELDS:
            for i, item in enumerate(as_list(owner_data.get(field_name))):
                action = as_dict(item)
                if action is not None and "reference" not in action:
                    out.append((jp.join(owner, field_name, i), action))
    components = as_dict(ctx.data.get("components")) or {}
    for kind in ("successActions", "failureActions"):
        for key, item in (as_dict(components.get(kind)) or {}).items():
            action = as_dict(item)
            if action is not None:
                out.append((jp.join("/components", kind, key), action))
    return out
