"""Stage 4: build the typed IR of the generated module from a validated document.

Input: the loaded Arazzo document (already schema- and rule-checked) and the operation
each step resolved to. Output: an :class:`arazzogen.build.ir.Module`, or None after
reporting every construct the compiler does not support yet (AZ6xx), each at its own
place. Nothing here touches the file system.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from arazzogen import __version__
from arazzogen import pointer as jp
from arazzogen.bind.binding import merged_parameters
from arazzogen.bind.resolve import ResolvedOperation, ResolvedWorkflow
from arazzogen.build import ir
from arazzogen.build.call import Callee, build_call_step, cast_to
from arazzogen.build.codegen import helpers as helper_lib
from arazzogen.build.codegen import jsonpath_emit
from arazzogen.build.codegen.emit import EmitError, Emitter, Py, no_lookup
from arazzogen.build.codegen.literals import docstring, py_literal
from arazzogen.build.codegen.names import Scope, pascal_case, snake_case
from arazzogen.build.step import Action, StepRefused, StepSpec, build_step
from arazzogen.build.types import input_properties, optional, python_type, resolve_schema
from arazzogen.build.values import MODULE_NAMES, InputRef, UndeclaredOutput, WorkflowValues
from arazzogen.check.rules import model
from arazzogen.diagnostics import Reporter, Severity
from arazzogen.expressions.ast import ExpressionError
from arazzogen.expressions.runtime import parse_value
from arazzogen.load.document import LoadedDocument

WORKFLOW_LOCALS = frozenset(
    {
        "client",
        "base_urls",
        "timeout",
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


class _Refused(Exception):
    """Raised after an unsupported construct was reported."""


class ModuleBuilder:
    def __init__(
        self,
        doc: LoadedDocument,
        version: str,
        resolved: Mapping[str, ResolvedOperation | ResolvedWorkflow],
        reporter: Reporter,
        source_path: str,
    ) -> None:
        self.doc = doc
        self.version = version
        self.resolved = resolved
        self.reporter = reporter
        self.source_path = source_path
        self.names = Scope(reserved=set(MODULE_NAMES))
        self.base_url_names = Scope(reserved={"_"})
        self.emitter = Emitter(no_lookup)  # holds the helpers and imports the module uses
        self.base_urls: dict[str, ir.BaseUrlField] = {}
        #: workflow id -> (function name, result class)
        self.workflow_names: dict[str, tuple[str, str, str]] = {}
        #: the workflows built so far, as the steps that run them see them
        self.callees: dict[str, Callee] = {}
        #: action pointer -> the step-loop label of the workflow it runs (current workflow)
        self.labels_by_pointer: dict[str, str] = {}
        #: `type: arazzo` source name -> its document, compiled into the same module
        self.foreign: Mapping[str, ForeignDocument] = {}
        #: `type: arazzo` source name -> its workflows, as steps that run them see them
        self.foreign_callees: dict[str, dict[str, Callee]] = {}
        #: the BaseUrls keys of a foreign document's sources are qualified by its name
        self.base_prefix = ""

    def share(self, parent: ModuleBuilder, source_name: str) -> None:
        """Build into ``parent``'s module: one name scope, helpers and base URLs."""
        self.names = parent.names
        self.base_url_names = parent.base_url_names
        self.emitter = parent.emitter
        self.base_urls = parent.base_urls
        self.base_prefix = source_name + "\0"

    def find_callee(self, text: str) -> Callee | None:
        """The built workflow a ``workflowId`` names: of this document, or
        ``$sourceDescriptions.<name>.<workflowId>`` of a foreign one."""
        if text.startswith("$sourceDescriptions."):
            name, _, workflow_id = text[len("$sourceDescriptions.") :].partition(".")
            return self.foreign_callees.get(name, {}).get(workflow_id)
        return self.callees.get(text)

    def check_collisions(
        self, kind: str, items: list[tuple[str, str]], convert: Callable[[str], str]
    ) -> None:
        """AZ270 for each name in ``items`` (name, pointer) that becomes the same Python
        name as an earlier one: numbering them would make the API depend on order."""
        seen: dict[str, str] = {}
        for name, pointer in items:
            python = convert(name)
            first = seen.setdefault(python, name)
            if first != name:
                shown = python.split(" / ")[0]
                self.reporter.report(
                    "AZ270",
                    f"{kind} names {first!r} and {name!r} both become the Python name `{shown}`",
                    self.doc.locate(pointer),
                )

    def twin_collisions(self, workflows: list[model.WorkflowInfo]) -> None:
        """AZ270 when a workflow's Python name is another one's async twin (``run``
        and ``runAsync`` both want ``run_async``)."""
        named = [
            (snake_case(str(w.workflow_id), fallback="workflow"), w) for w in workflows
        ]
        first = {name: str(w.workflow_id) for name, w in named}
        for name, info in named:
            twin_of = first.get(name.removesuffix("_async")) if name.endswith("_async") else None
            if twin_of is not None and twin_of != str(info.workflow_id):
                self.reporter.report(
                    "AZ270",
                    f"workflow {str(info.workflow_id)!r} becomes the Python name `{name}`, "
                    f"the name of the async twin of workflow {twin_of!r}",
                    self.doc.locate(jp.join(info.pointer, "workflowId")),
                )

    def workflow_collisions(self, info: model.WorkflowInfo) -> None:
        """AZ270 among the inputs, the outputs and each step's outputs of a workflow."""
        raw = info.data
        props, _required = input_properties(raw.get("inputs"), self.doc.data)
        inputs_at = jp.join(info.pointer, "inputs")
        direct = raw.get("inputs")
        if isinstance(direct, Mapping) and isinstance(direct.get("properties"), Mapping):
            inputs_at = jp.join(inputs_at, "properties")
        self.check_collisions(
            "input",
            [(str(k), jp.join(inputs_at, str(k))) for k in props],
            lambda key: snake_case(key, fallback="input"),
        )
        groups = [(raw.get("outputs"), jp.join(info.pointer, "outputs"))]
        groups += [(s.data.get("outputs"), jp.join(s.pointer, "outputs")) for s in info.steps]
        for outputs, pointer in groups:
            if isinstance(outputs, Mapping):
                self.check_collisions(
                    "output",
                    [(str(k), jp.join(pointer, str(k))) for k in outputs],
                    lambda key: snake_case(key, fallback="output"),
                )

    def refuse(self, code: str, message: str, pointer: str) -> _Refused:
        self.reporter.report(code, f"cannot compile {message}", self.doc.locate(pointer))
        return _Refused()

    def build(self) -> ir.Module | None:
        ctx = self.prepare()
        if ctx is None:
            return None
        foreign: list[ir.Workflow] = []
        for name, document in self.foreign.items():
            child = ModuleBuilder(
                document.doc, document.version, document.resolved, self.reporter, self.source_path
            )
            child.share(self, name)
            child_ctx = child.prepare()
            if child_ctx is not None:
                foreign += child.build_all(child_ctx)
                self.foreign_callees[name] = child.callees
        if self.reporter.has_errors:
            return None
        workflows = foreign + self.build_all(ctx)
        if self.reporter.has_errors:
            return None
        return self.module(ctx.data, workflows)

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
        for info in _callees_first(ctx):
            try:
                built[str(info.workflow_id)] = self.workflow(ctx, info)
            except _Refused:
                continue
        return [built[str(i.workflow_id)] for i in ctx.workflows if str(i.workflow_id) in built]

    def module(self, data: Mapping[str, object], workflows: list[ir.Workflow]) -> ir.Module:
        info = data.get("info") if isinstance(data.get("info"), Mapping) else {}
        assert isinstance(info, Mapping)
        parts = [str(info.get("title", "")).strip()]
        parts += [str(info[k]).strip() for k in ("summary", "description") if info.get(k)]
        has_loops = any(w.has_jumps for w in workflows)
        has_calls = any(isinstance(s, ir.CallStep) for w in workflows for s in w.steps)
        if has_loops:
            self.emitter.helpers.add("_Flow")
        if workflows:  # the I/O of both flavors: sending, and the injectable waits
            self.emitter.helpers |= {ir.SYNC.send_helper, ir.ASYNC.send_helper}
            self.emitter.imports |= {
                "import asyncio",
                "import time",
                "from collections.abc import Awaitable, Callable",
            }
        names, imports = helper_lib.collect(self.emitter.helpers)
        early = [n for n in names if n in helper_lib.EARLY]
        names = [n for n in names if n not in helper_lib.EARLY]
        # every workflow function waits through its `sleep` argument (default time.sleep)
        imports |= self.emitter.imports | {"import time", "from collections.abc import Callable"}
        imports |= set(jsonpath_emit.helper_imports(self.emitter.jsonpath_helpers))
        sources = [helper_lib.source(n) for n in names]
        sources += [
            s.strip("\n") for s in jsonpath_emit.helper_sources(self.emitter.jsonpath_helpers)
        ]
        exports = sorted(
            ["BaseUrls", "WorkflowError", "StepFailedError", "StepTransportError"]
            + (["LoopLimitError"] if has_loops else [])
            + (["CalledWorkflowError"] if has_calls else [])
            + [f.name for w in workflows for f in w.functions]
            + [w.result_class for w in workflows]
        )
        version = str(data.get("arazzo", ""))
        header = (
            f"Generated by arazzogen {__version__} from {self.source_path} (Arazzo {version}).\n"
            "Do not edit: change the Arazzo document and run `arazzogen compile` again."
        )
        fields = list(self.base_urls.values())
        return ir.Module(
            doc=docstring("\n\n".join(p for p in parts if p)),
            header_comment=docstring(header),
            imports=_import_lines(imports),
            exports=tuple(exports),
            # fields without a default first, as dataclasses require
            base_urls=tuple(
                [f for f in fields if not f.default_code] + [f for f in fields if f.default_code]
            ),
            base_urls_required=any(not f.default_code for f in fields),
            workflows=tuple(workflows),
            helpers=tuple(sources),
            early_helpers=tuple(helper_lib.source(n) for n in early),
            uses_typevar="_ran" in names,
            has_loops=has_loops,
            has_calls=has_calls,
        )

    # ------------------------------------------------------------------ workflow

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
            out_scope = Scope(reserved={"_"})
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
                            pass_repeats=not linear,
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
        dependency_runs = [
            ir.WorkflowRun(
                f"{runs[c.workflow_id]} = " if runs[c.workflow_id] in values.read_vars else "",
                c.function_name,
                c.async_function_name,
                tuple(self.input_args(c, input_refs)),
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
        parts = [str(raw.get(k)).strip() for k in ("summary", "description") if raw.get(k)]
        self.callees[workflow_id] = Callee(
            workflow_id,
            function_name,
            async_name,
            result_class,
            input_refs,
            dict(zip(_keys(raw.get("outputs")), (f.name for f in fields), strict=True)),
            not linear,
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
            doc=docstring("\n\n".join(parts) or f"Run workflow ``{workflow_id}``."),
            inputs=tuple(inputs),
            steps=tuple(_assignments(s, values) for s in built),
            first_step_code=py_literal(step_ids[0]) if step_ids else "None",
            result_fields=fields,
            result_values=results,
            has_jumps=not linear,
            has_calls=any(isinstance(s, ir.CallStep) for s in built),
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
            elif str(item) in self.workflow_names:
                raise _Refused()  # it could not be compiled (reported there)
            else:
                raise self.refuse(
                    "AZ608",
                    f"the dependency {item!r}: it is a workflow of a further Arazzo document "
                    "(one level of Arazzo sources is compiled)",
                    jp.join(pointer, "dependsOn", i),
                )
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
            if text.startswith("$workflows."):
                other = text[len("$workflows.") :].split(".steps.")[0]
                if other not in {c.workflow_id for c in depends}:
                    raise self.refuse(
                        "AZ622",
                        f"step dependency {text!r}: the workflow does not depend on "
                        f"{other!r} (`dependsOn`), so that step may not have run",
                        jp.join(step.pointer, "dependsOn", i),
                    )
            elif text.startswith("$"):
                raise self.refuse(
                    "AZ608",
                    f"step dependency {text!r}: it is a step of another Arazzo document",
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
            if target in self.workflow_names:
                raise _Refused()  # it could not be compiled (reported there)
            raise self.refuse(
                "AZ603",
                f"the action's workflow {target!r}: it belongs to a further Arazzo document "
                "(one level of Arazzo sources is compiled)",
                action_pointer + "/workflowId",
            )
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
            py_literal(label), callee.function_name, callee.async_function_name, tuple(args)
        )

    def callee_of(self, step: model.StepInfo) -> Callee | None:
        """The workflow a step runs, when it runs one of this document."""
        target = self.resolved.get(step.pointer)
        if isinstance(target, ResolvedWorkflow) and target.source_name is None:
            return self.callees.get(target.workflow_id)
        if isinstance(target, ResolvedWorkflow) and target.source_name is not None:
            return self.foreign_callees.get(target.source_name, {}).get(target.workflow_id)
        return None

    @staticmethod
    def actions(
        ctx: model.Ctx, info: model.WorkflowInfo, step: model.StepInfo, kind: model.ActionKind
    ) -> list[Action]:
        """The step's actions of ``kind``, merged with the workflow's (the rules' model)."""
        return [Action(a.data, a.pointer) for a in model.merged_actions(ctx, info, step, kind)]

    def report_problem(self, problem: EmitError, pointer: str) -> None:
        if isinstance(problem, UndeclaredOutput):
            self.reporter.report(
                problem.code,
                f"cannot compile {problem.message}; declare the output in the step's `outputs`",
                self.doc.locate(pointer),
                severity=Severity.ERROR,
            )
        else:
            self.reporter.report(
                problem.code, f"cannot compile {problem.message}", self.doc.locate(pointer)
            )

    def inputs(
        self, schema: object, local: Scope, pointer: str
    ) -> tuple[list[ir.InputParam], dict[str, InputRef], list[ir.Assignment]]:
        """The workflow function's input parameters, how the function refers to each
        input, and the array/object defaults it applies to omitted inputs."""
        props, required = input_properties(schema, self.doc.data)
        params: list[ir.InputParam] = []
        refs: dict[str, InputRef] = {}
        defaults: list[ir.Assignment] = []
        ordered = [k for k in props if k in required] + [k for k in props if k not in required]
        for key in ordered:
            prop = resolve_schema(props[key], self.doc.data)
            base = python_type(prop, self.doc.data)
            is_required = key in required
            name = local.claim(snake_case(key, fallback="input"), key=f"input:{key}")
            default = None if is_required else prop.get("default")
            if default is not None and not _fits(default, base):
                self.reporter.report(
                    "AZ621",
                    f"the default {default!r} of input {key!r} does not fit its type `{base}`",
                    self.doc.locate(pointer),
                )
                default = None
            annotation, default_code = base, "None"
            if default is None:
                annotation = base if is_required else optional(base)
            elif isinstance(default, list | dict):
                annotation = optional(base)  # a mutable default is applied in the body
                defaults.append(ir.Assignment(name, py_literal(default)))
            else:
                default_code = py_literal(default)
            description = str(prop.get("description", "")).strip()
            text = f"{name}: {description}" if description else f"{name}: input ``{key}``."
            if default is not None:
                text += f" Default: ``{py_literal(default)}``."
            doc = docstring(text, width=72)
            params.append(ir.InputParam(name, annotation, is_required, doc, default_code))
            # an input with a default always has a value once the function has started
            if default is None:
                refs[key] = InputRef(name, annotation, is_required)
            else:
                refs[key] = InputRef(name, base, True)
        return params, refs, defaults

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
            if (
                isinstance(target, ResolvedWorkflow)
                and target.source_name is not None
                and self.callee_of(step) is None
            ):
                raise self.refuse(
                    "AZ601",
                    f"step {step_id!r}: it runs workflow {target.workflow_id!r} of the Arazzo "
                    f"source {target.source_name!r} (one level of Arazzo sources is compiled)",
                    pointer + "/workflowId",
                )
            if self.callee_of(step) is None:
                raise _Refused()  # the workflow it runs could not be compiled (reported)
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

    def base_url(self, op: ResolvedOperation) -> str:
        """The ``BaseUrls`` field of the step's server: one per source, and one per
        operation that has its own (operation- or path-level) ``servers``."""
        key, wanted = self.base_prefix + op.source_name, op.source_name
        doc = f"Base URL for source ``{op.source_name}``."
        if op.own_servers:
            label = op.operation_id or f"{op.method} {op.path}"
            key = f"{self.base_prefix}{op.source_name}\0{op.method} {op.path}"
            wanted = f"{op.source_name} {label}"
            doc = (
                f"Base URL for ``{op.method} {op.path}`` of source ``{op.source_name}`` "
                "(its own ``servers``)."
            )
        if key not in self.base_urls:
            name = self.base_url_names.claim(snake_case(wanted, fallback="source"), key=key)
            url = op.server_url
            if url is None or "://" not in url:
                self.reporter.report(
                    "AZ612",
                    f"source {op.source_name!r} has no absolute server URL; callers "
                    "must pass `base_urls`",
                    self.doc.locate(self.source_pointer(op.source_name)),
                )
                default = ""
            else:
                default = py_literal(url.rstrip("/"))
                self.warn_credentials(op.source_name, url)
            self.base_urls[key] = ir.BaseUrlField(name, default, docstring(doc))
        return self.base_urls[key].name

    def warn_secret_in_query(self, spec: StepSpec) -> None:
        """AZ272 for a credential sent as a query parameter: URLs end up in logs (httpx
        logs every request URL, proxies and servers keep access logs)."""
        from arazzogen.build.step import _is_secret

        if not isinstance(spec.operation, ResolvedOperation):
            return
        for param in spec.parameters:
            if param.location == "query" and _is_secret(param.name, "query", spec.operation):
                self.reporter.report(
                    "AZ272",
                    f"step {spec.step_id!r} sends the credential {param.name!r} in the URL "
                    "query, where logs keep it",
                    self.doc.locate(param.pointer),
                )

    def warn_credentials(self, source_name: str, url: str) -> None:
        """AZ271 when a server URL carries credentials over plain HTTP."""
        try:
            parts = urlsplit(url)
            has_credentials = parts.username is not None or parts.password is not None
        except ValueError:
            return
        if parts.scheme.lower() == "http" and has_credentials:
            self.reporter.report(
                "AZ271",
                f"source {source_name!r}: its server URL sends credentials over plain "
                "http://; anyone on the network can read them",
                self.doc.locate(self.source_pointer(source_name)),
            )

    def source_pointer(self, name: str) -> str:
        listed = self.doc.get("/sourceDescriptions")
        for i, item in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(item, Mapping) and item.get("name") == name:
                return f"/sourceDescriptions/{i}/url"
        return "/sourceDescriptions"

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


def _callees_first(ctx: model.Ctx) -> list[model.WorkflowInfo]:
    """The workflows in document order, except that a workflow another one runs (through a
    step or an action) or depends on comes before it. The rules stage refused cycles."""
    ordered: list[model.WorkflowInfo] = []
    done: set[int] = set()

    def visit(info: model.WorkflowInfo, depth: int) -> None:
        if info.index in done or depth > len(ctx.workflows):
            return
        for step in info.steps:
            targets = [step.data.get("workflowId")]
            for kind in ("success", "failure"):
                targets += [
                    a.data.get("workflowId") for a in model.merged_actions(ctx, info, step, kind)
                ]
            for target in targets:
                other = ctx.by_id.get(target) if isinstance(target, str) else None
                if other is not None:
                    visit(other, depth + 1)
        for target in model.as_list(info.data.get("dependsOn")):
            other = ctx.by_id.get(target) if isinstance(target, str) else None
            if other is not None:
                visit(other, depth + 1)
        if info.index not in done:
            done.add(info.index)
            ordered.append(info)

    for info in ctx.workflows:
        visit(info, 0)
    return ordered


def _import_lines(imports: set[str]) -> tuple[str, ...]:
    """Standard-library import lines in isort order (``dataclasses`` is always there)."""
    straight = sorted(i.split()[1] for i in imports if i.startswith("import "))
    names: dict[str, set[str]] = {"dataclasses": {"dataclass"}}
    for line in imports:
        if line.startswith("from "):
            module, _, listed = line[len("from ") :].partition(" import ")
            names.setdefault(module.strip(), set()).update(n.strip() for n in listed.split(","))

    def order(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)

    froms = [f"from {m} import {', '.join(sorted(n, key=order))}" for m, n in sorted(names.items())]
    return tuple(f"import {m}" for m in straight) + tuple(froms)


@dataclass(frozen=True)
class ForeignDocument:
    """An Arazzo document named by a ``type: arazzo`` source, bound to its own sources:
    its workflows are compiled into the same module."""

    doc: LoadedDocument
    version: str
    resolved: Mapping[str, ResolvedOperation | ResolvedWorkflow]


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
