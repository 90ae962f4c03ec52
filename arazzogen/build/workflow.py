"""Stage 4: build the typed IR of the generated module from a validated document.

The module-wide state, name checks, inputs and base URLs are in
:mod:`arazzogen.build.module_base`; this module builds each workflow.

Input: the loaded Arazzo document (already schema- and rule-checked) and the operation
each step resolved to. Output: an :class:`arazzogen.build.ir.Module`, or None after
reporting every construct the compiler does not support yet (AZ6xx), each at its own
place. Nothing here touches the file system.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from arazzogen import pointer as jp
from arazzogen.bind.binding import merged_parameters
from arazzogen.bind.resolve import ResolvedOperation, ResolvedWorkflow
from arazzogen.build import ir
from arazzogen.build.call import Callee, build_call_step, cast_to
from arazzogen.build.codegen.emit import EmitError, Emitter, Py
from arazzogen.build.codegen.literals import docstring, py_literal
from arazzogen.build.codegen.names import Scope, pascal_case, snake_case
from arazzogen.build.module_base import BuilderBase, ForeignDocument, _Refused, callees_first
from arazzogen.build.result_types import typed_result
from arazzogen.build.step import Action, StepRefused, StepSpec, build_step
from arazzogen.build.values import InputRef, WorkflowValues
from arazzogen.check.rules import model
from arazzogen.diagnostics import Reporter
from arazzogen.expressions.ast import ExpressionError
from arazzogen.expressions.runtime import parse_value
from arazzogen.load.document import LoadedDocument

WORKFLOW_LOCALS = frozenset(
    {
        "client",
        "base_urls",
        "timeout",
        "max_response_bytes",
        "deadline",
        "max_repeats",
        "repeat_delay",
        "http",
        "urls",
        "flow",
        "then",
        "step",
        "delay",
        "sleep",
        "response",
    }
)


class ModuleBuilder(BuilderBase):
    """Builds each workflow of a document (and of its Arazzo sources) into one module."""

    def build(self) -> ir.Module | None:
        ctx = self.prepare()
        if ctx is None:
            return None
        self.reserve_base_url_names()
        foreign = self.build_foreign({})
        if self.reporter.has_errors:
            return None
        workflows = foreign + self.build_all(ctx)
        if self.reporter.has_errors:
            return None
        return self.module(ctx.data, workflows)

    def build_foreign(self, built: dict[str, dict[str, Callee]]) -> list[ir.Workflow]:
        """The workflows of this document's ``type: arazzo`` sources and of theirs, the
        deepest first, so that each is built before the workflows that run it. A document
        two sources name (``built``: by document) is built once and shared."""
        workflows: list[ir.Workflow] = []
        for name, document in self.foreign.items():
            key = document.key or name
            if key not in built:
                child = ModuleBuilder(
                    document.doc,
                    document.version,
                    document.resolved,
                    self.reporter,
                    self.source_path,
                )
                child.share(self, key, name)
                child.foreign = document.foreign
                built[key] = child.callees
                child_ctx = child.prepare()
                if child_ctx is not None:
                    workflows += child.build_foreign(built)
                    workflows += child.build_all(child_ctx)
            self.foreign_callees[name] = built[key]
        return workflows

    def prepare(self) -> model.Ctx | None:
        """The rules stage's model of the document (workflows, steps, actions with Reusable
        Objects followed), after AZ270 checks; claims the workflows' names."""
        ctx = model.build(self.doc, Reporter(), self.version)
        if ctx is None:
            return None
        self.check_collisions(
            "workflow",
            [(str(i.workflow_id), jp.join(i.pointer, "workflowId")) for i in ctx.workflows],
            lambda key: (
                snake_case(key, fallback="workflow") + " / " + pascal_case(key, fallback="Workflow")
            ),
        )
        self.twin_collisions(list(ctx.workflows))
        for info in ctx.workflows:
            self.workflow_collisions(info)
        if self.reporter.has_errors:
            return None
        for info in ctx.workflows:  # names in document order, whatever the build order
            workflow_id = str(info.workflow_id)
            function_name = self.names.claim(snake_case(workflow_id, fallback="workflow"))
            self.workflow_names[workflow_id] = (
                function_name,
                self.names.claim(function_name + "_async"),
                self.names.claim(pascal_case(workflow_id, fallback="Workflow") + "Result"),
            )
        return ctx

    def build_all(self, ctx: model.Ctx) -> list[ir.Workflow]:
        """Every workflow that compiles, in document order (built callees first)."""
        built: dict[str, ir.Workflow] = {}
        for info in callees_first(ctx):
            try:
                built[str(info.workflow_id)] = self.workflow(ctx, info)
            except _Refused:
                continue
        return [built[str(i.workflow_id)] for i in ctx.workflows if str(i.workflow_id) in built]

    def workflow(self, ctx: model.Ctx, info: model.WorkflowInfo) -> ir.Workflow:
        raw, pointer = info.data, info.pointer
        workflow_id = str(info.workflow_id)
        depends = self.dependencies(raw, pointer)
        function_name, async_name, result_class = self.workflow_names[workflow_id]
        local = Scope(reserved=set(WORKFLOW_LOCALS) | self.names.reserved)
        inputs, input_refs, input_defaults = self.inputs(
            raw.get("inputs"), local, jp.join(pointer, "inputs")
        )
        own_params = dict(zip(input_refs, inputs, strict=True))
        # the inputs of the workflows it depends on, that it does not declare itself
        for dependency in depends:
            for key, param in dependency.params.items():
                if key not in input_refs:
                    name = local.claim(snake_case(key, fallback="input"), key=f"input:{key}")
                    inputs.append(dataclasses.replace(param, name=name))
                    input_refs[key] = dataclasses.replace(dependency.inputs[key], var=name)
        runs = {
            c.workflow_id: local.claim(snake_case(c.workflow_id, fallback="workflow") + "_result")
            for c in depends
        }
        steps = info.steps
        step_ids = [str(s.step_id) for s in steps]
        step_vars = {
            sid: local.claim(snake_case(sid, fallback="step"), key=sid) for sid in step_ids
        }
        step_outputs: dict[str, dict[str, str]] = {}
        for step in steps:
            # the fields of a NamedTuple: not its tuple methods
            out_scope = Scope(reserved={"_", "count", "index"})
            outs = step.data.get("outputs")
            keys = [str(k) for k in (outs if isinstance(outs, Mapping) else {})]
            callee = self.callee_of(step)
            if callee is not None:  # a step running a workflow has the callee's outputs
                keys = list(callee.outputs) + [k for k in keys if k not in callee.outputs]
            step_outputs[str(step.step_id)] = {
                k: out_scope.claim(snake_case(k), key=k) for k in keys
            }
        actions = [
            (self.actions(ctx, info, step, "success"), self.actions(ctx, info, step, "failure"))
            for step in steps
        ]
        linear = not any(success or failure for success, failure in actions)
        # a step can run again only through a `goto` to itself or an earlier step (retries
        # are bounded by retryLimit): only then the function takes max_repeats/repeat_delay
        loops = any(
            step_ids.index(str(a.data["stepId"])) <= i
            for i, (success, failure) in enumerate(actions)
            for a in success + failure
            if a.data.get("type") == "goto" and str(a.data.get("stepId")) in step_ids
        )
        values = WorkflowValues(
            workflow_id,
            input_refs,
            step_vars,
            step_outputs,
            linear,
            self.emitter.helpers,
            dependencies={c.workflow_id: (runs[c.workflow_id], c.outputs) for c in depends},
        )
        document = self.doc.data if isinstance(self.doc.data, Mapping) else {}
        values.document = document
        values.version = self.version
        self_uri = document.get("$self")
        values.self_uri = self_uri if isinstance(self_uri, str) else self.source_path
        written = raw.get("outputs")
        if isinstance(written, Mapping):
            values.outputs = {str(k): str(v) for k, v in written.items()}
        jump_map = self.jump_labels(ctx, info)
        built: list[ir.Step | ir.CallStep] = []
        refused = False
        for i, step in enumerate(steps):
            try:
                spec = self.step_spec(info, step, step_ids, i, actions[i], step_outputs)
                self.warn_secret_in_query(spec)
                callee = self.callee_of(step)
                if callee is not None:
                    built.append(
                        build_call_step(
                            spec,
                            callee,
                            values,
                            self.version,
                            self.emitter,
                            pass_repeats=loops,
                        )
                    )
                else:
                    built.append(build_step(spec, values, self.version, self.emitter))
            except StepRefused as err:
                for problem, where in err.problems:
                    self.report_problem(problem, where)
                refused = True
            except _Refused:
                refused = True
        jumps: list[ir.WorkflowJump] = []
        for label, (action_pointer, target) in jump_map.items():
            try:
                jumps.append(self.jump(info, label, action_pointer, target, values))
            except _Refused:
                refused = True
        fields, results = self.results(raw.get("outputs"), values, pointer + "/outputs")
        typed = typed_result(self, info, actions, fields, function_name)
        dependency_runs = [
            ir.WorkflowRun(
                f"{runs[c.workflow_id]} = " if runs[c.workflow_id] in values.read_vars else "",
                c.function_name,
                c.async_function_name,
                tuple(self.input_args(c, input_refs)),
                c.waits,
            )
            for c in depends
        ]
        for i, step in enumerate(steps):
            try:
                requires = self.step_requires(step, depends, linear)
            except _Refused:
                refused = True
                continue
            if requires and i < len(built):
                built[i] = dataclasses.replace(built[i], requires_code=requires)
        if refused:
            raise _Refused()
        # a repeat or a retry waits (through `sleep`), and so may a workflow it runs: only
        # a function that can wait takes `sleep`
        retries = any("_Retry" in s.return_annotation for s in built)
        waits = (
            loops
            or retries
            or any(isinstance(s, ir.CallStep) and s.waits for s in built)
            or any(j.waits for j in jumps)
            or any(c.waits for c in depends)
        )
        parts = [str(raw.get(k)).strip() for k in ("summary", "description") if raw.get(k)]
        self.callees[workflow_id] = Callee(
            workflow_id,
            function_name,
            async_name,
            result_class,
            input_refs,
            dict(zip(_keys(raw.get("outputs")), (f.name for f in fields), strict=True)),
            loops,
            waits,
            own_params,
        )
        return ir.Workflow(
            workflow_id_code=py_literal(workflow_id),
            function_name=function_name,
            functions=(
                ir.WorkflowFunction(function_name, ir.SYNC),
                ir.WorkflowFunction(async_name, ir.ASYNC),
            ),
            result_class=result_class,
            result_doc=docstring(f"Outputs of workflow ``{workflow_id}``."),
            doc=docstring("\n\n".join(parts) or f"Run workflow ``{workflow_id}``.", alone=False),
            inputs=tuple(inputs),
            steps=tuple(_assignments(s, values) for s in built),
            first_step_code=py_literal(step_ids[0]) if step_ids else "None",
            result_fields=typed.fields,
            result_values=results,
            result_call=typed.function or result_class,
            result_function=typed.function,
            result_function_doc=docstring(
                f"The result of workflow ``{workflow_id}``, each output checked against the "
                "type of its field (``ResponseTypeError`` when the server sent another)."
            ),
            result_params=typed.params,
            result_checks=typed.checks,
            result_args=typed.args,
            has_jumps=not linear,
            has_calls=any(isinstance(s, ir.CallStep) for s in built),
            loops=loops,
            waits=waits,
            waits_in_flow=loops or retries,
            # a step may choose a retry (a retry action whose retryLimit is not 0)
            then_annotation="str | _Retry | None" if retries else "str | None",
            jumps=tuple(jumps),
            input_defaults=tuple(input_defaults),
            dependencies=tuple(dependency_runs),
        )

    def dependencies(self, raw: Mapping[str, object], pointer: str) -> list[Callee]:
        """The workflows named by ``dependsOn``, already built."""
        found: list[Callee] = []
        for i, item in enumerate(model.as_list(raw.get("dependsOn"))):
            callee = self.find_callee(str(item))
            if callee is not None:
                found.append(callee)
            else:
                raise self.unbuilt(f"the dependency {item!r}", jp.join(pointer, "dependsOn", i))
        return found

    def input_args(self, callee: Callee, refs: Mapping[str, InputRef]) -> list[ir.Assignment]:
        """The inputs passed on to a workflow this one depends on: those of the same name."""
        args: list[ir.Assignment] = []
        for key, ref in callee.inputs.items():
            own = refs.get(key)
            if own is None:
                continue
            param = callee.params.get(key)
            wanted = param.annotation if param is not None else ref.annotation
            value = Py(own.var, own.annotation)
            code = own.var if own.annotation == wanted else cast_to(wanted, value)
            if code.startswith("cast("):
                self.emitter.imports.add("from typing import cast")
            args.append(ir.Assignment(ref.var, code))
        return args

    def step_requires(
        self, step: model.StepInfo, depends: list[Callee], linear: bool
    ) -> str:
        """The steps a step depends on (1.1 ``dependsOn``) that the loop checks have run."""
        local: list[str] = []
        for i, item in enumerate(model.as_list(step.data.get("dependsOn"))):
            text = str(item)
            if text.startswith("$"):  # a step of another workflow, here or in a source
                workflow = text.split(".steps.")[0]
                if workflow.startswith("$workflows."):
                    workflow = workflow[len("$workflows.") :]
                callee = self.find_callee(workflow)
                if not any(c is callee for c in depends):
                    raise self.refuse(
                        "AZ622",
                        f"step dependency {text!r}: the workflow does not depend on "
                        f"{workflow!r} (`dependsOn`), so that step may not have run",
                        jp.join(step.pointer, "dependsOn", i),
                    )
            else:
                local.append(text)
        if linear or not local:
            return ""  # in a straight sequence the rules stage checked the order (AZ404)
        items = ", ".join(py_literal(s) for s in local)
        return f"({items},)" if len(local) == 1 else f"({items})"

    def jump_labels(
        self, ctx: model.Ctx, info: model.WorkflowInfo
    ) -> dict[str, tuple[str, str]]:
        """Label -> (action pointer, workflow id) of each action of the workflow's steps
        that runs a workflow; also fills ``labels_by_pointer`` for the step builders."""
        labels: dict[str, tuple[str, str]] = {}
        self.labels_by_pointer = {}
        for step in info.steps:
            for kind in ("success", "failure"):
                for action in model.merged_actions(ctx, info, step, kind):
                    target = action.data.get("workflowId")
                    if not isinstance(target, str) or action.pointer in self.labels_by_pointer:
                        continue
                    label = target if target.startswith("$") else f"$workflows.{target}"
                    if action.data.get("parameters"):
                        label += f"@{action.data.get('name', '')}"
                    base, n = label, 2
                    while label in labels and labels[label] != (action.pointer, target):
                        if not action.data.get("parameters") and labels[label][1] == target:
                            break  # the same workflow with the same inputs: one label
                        label, n = f"{base}#{n}", n + 1
                    labels.setdefault(label, (action.pointer, target))
                    self.labels_by_pointer[action.pointer] = label
        return labels

    def jump(
        self,
        info: model.WorkflowInfo,
        label: str,
        action_pointer: str,
        target: str,
        values: WorkflowValues,
    ) -> ir.WorkflowJump:
        """The call of the workflow an action runs, from the workflow function's loop."""
        callee = self.find_callee(target)
        if callee is None:
            raise self.unbuilt(f"the action's workflow {target!r}", action_pointer + "/workflowId")
        action = self.doc.get(action_pointer)
        given: dict[str, tuple[object, str]] = {}
        if isinstance(action, Mapping) and action.get("parameters"):
            for param in merged_parameters(self.doc, info.pointer, {}, action_pointer, action):
                given[param.name] = (param.data.get("value"), param.pointer)
        else:  # Arazzo 1.0 actions have no parameters: same-named inputs are passed on
            for key in callee.inputs:
                if key in values.inputs:
                    given[key] = (f"$inputs.{key}", action_pointer)
        missing = [k for k, ref in callee.inputs.items() if ref.required and k not in given]
        if missing:
            raise self.refuse(
                "AZ620",
                f"the action to workflow {target!r}: it does not supply its required input(s) "
                + ", ".join(repr(m) for m in missing),
                action_pointer + ("/parameters" if given else "/workflowId"),
            )
        emitter = Emitter(
            values.lookup_ran,
            self.emitter.helpers,
            self.emitter.imports,
            self.emitter.jsonpath_helpers,
        )
        args: list[ir.Assignment] = []
        for key, ref in callee.inputs.items():
            if key not in given:
                continue
            raw, where = given[key]
            try:
                value = (
                    emitter.value(parse_value(raw, version=self.version))
                    if isinstance(raw, str)
                    else Py(py_literal(raw))
                )
            except EmitError as err:
                self.report_problem(err, where)
                raise _Refused() from None
            except ExpressionError as err:
                raise self.refuse("AZ903", f"parameter {key!r}: {err.message}", where) from None
            code = value.code if value.type == ref.annotation else cast_to(ref.annotation, value)
            if code.startswith("cast("):
                self.emitter.imports.add("from typing import cast")
            args.append(ir.Assignment(ref.var, code))
        return ir.WorkflowJump(
            py_literal(label),
            callee.function_name,
            callee.async_function_name,
            tuple(args),
            callee.waits,
        )

    @staticmethod
    def actions(
        ctx: model.Ctx, info: model.WorkflowInfo, step: model.StepInfo, kind: model.ActionKind
    ) -> list[Action]:
        """The step's actions of ``kind``, merged with the workflow's (the rules' model)."""
        return [Action(a.data, a.pointer) for a in model.merged_actions(ctx, info, step, kind)]

    def step_spec(
        self,
        info: model.WorkflowInfo,
        step: model.StepInfo,
        step_ids: list[str],
        index: int,
        actions: tuple[list[Action], list[Action]],
        step_outputs: Mapping[str, Mapping[str, str]],
    ) -> StepSpec:
        step_id, pointer = step_ids[index], step.pointer
        target = self.resolved.get(pointer)
        if isinstance(target, ResolvedWorkflow) or step.calls_workflow:
            if self.callee_of(step) is None:
                raise self.unbuilt(f"step {step_id!r}", pointer + "/workflowId")
            operation: ResolvedOperation | None = None
        elif target is None:
            field = next(
                (k for k in ("operationId", "operationPath", "channelPath") if k in step.data), ""
            )
            raise self.refuse(
                "AZ607",
                f"step {step_id!r}: its target is not an HTTP operation of an OpenAPI source",
                jp.join(pointer, field) if field else pointer,
            )
        else:
            operation = target
        # names are claimed in this order: the step function, its twin (the async one of a
        # step that runs a workflow, the request builder of an HTTP step), the outputs class
        name, key = "_" + snake_case(step_id, fallback="step"), self.base_prefix + pointer
        function_name = self.names.claim(name, key=key)
        if operation is None:
            twin = self.names.claim(name + "_async", key=key + "#async")
        else:
            twin = self.names.claim(name + "_request", key=key + "#request")
        outputs_class = (
            self.names.claim("_" + pascal_case(step_id, fallback="Step") + "Outputs")
            if step_outputs[step_id]
            else None
        )
        return StepSpec(
            data=step.data,
            pointer=pointer,
            step_id=step_id,
            function_name=function_name,
            outputs_class=outputs_class,
            next_step=step_ids[index + 1] if index + 1 < len(step_ids) else None,
            operation=operation,
            base_url_field="" if operation is None else self.base_url(operation),
            parameters=merged_parameters(self.doc, info.pointer, info.data, pointer, step.data),
            on_success=actions[0],
            on_failure=actions[1],
            jump_labels=self.labels_by_pointer,
            request_function="" if operation is None else twin,
            async_function_name=twin if operation is None else "",
        )

    def results(
        self, raw: object, values: WorkflowValues, pointer: str
    ) -> tuple[tuple[ir.Field, ...], tuple[ir.Assignment, ...]]:
        if not isinstance(raw, Mapping):
            return (), ()
        names = Scope(reserved={"_"})
        emitter = Emitter(
            values.lookup, self.emitter.helpers, self.emitter.imports, self.emitter.jsonpath_helpers
        )
        fields, assignments = [], []
        for key, value in raw.items():
            name = names.claim(snake_case(str(key), fallback="output"), key=str(key))
            where = jp.join(pointer, str(key))
            try:
                code = emitter.value(parse_value(str(value), version=self.version)).code
            except EmitError as err:
                self.report_problem(err, where)
                raise _Refused() from None
            except ExpressionError as err:
                raise self.refuse(
                    "AZ903", f"workflow output {key!r}: {err.message}", where
                ) from None
            fields.append(ir.Field(name, "object", docstring(f"Workflow output ``{key}``.")))
            assignments.append(ir.Assignment(name, code))
        return tuple(fields), tuple(assignments)


def _assignments(step: ir.Step | ir.CallStep, values: WorkflowValues) -> ir.Step | ir.CallStep:
    """How the workflow function receives a step's result, now that it is known which
    output variables anything reads (an unread one would be a lint error)."""
    read = step.outputs_class is not None and step.var_name in values.read_vars
    if values.linear:
        assign = f"{step.var_name} = " if read else ""
        declare = ""
    elif step.outputs_class is None:
        assign, declare = "then = ", ""
    else:
        assign = f"{step.var_name}, then = " if read else "_, then = "
        declare = f"{step.var_name}: {step.outputs_class} | None = None" if read else ""
    return dataclasses.replace(step, assign_code=assign, declare_code=declare)


def _fits(value: object, annotation: str) -> bool:
    """Whether a JSON Schema ``default`` is a value of the input's Python type."""
    checks: dict[str, Callable[[object], bool]] = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
    }
    if annotation in checks:
        return checks[annotation](value)
    if annotation.startswith("list["):
        return isinstance(value, list)
    if annotation.startswith("dict["):
        return isinstance(value, dict)
    return True


def _keys(raw: object) -> list[str]:
    return [str(k) for k in raw] if isinstance(raw, Mapping) else []


def build_module(
    doc: LoadedDocument,
    version: str,
    resolved: Mapping[str, ResolvedOperation | ResolvedWorkflow],
    reporter: Reporter,
    *,
    source_path: str,
    trailer: tuple[str, ...] = (),
    foreign: Mapping[str, ForeignDocument] | None = None,
) -> ir.Module | None:
    builder = ModuleBuilder(doc, version, resolved, reporter, source_path)
    builder.foreign = foreign or {}
    module = builder.build()
    return None if module is None else dataclasses.replace(module, trailer=trailer)
