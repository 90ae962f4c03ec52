"""Building the IR of a step that runs another workflow (``workflowId``).

The step becomes a private function that calls the other workflow's generated function
with the step's parameters as its inputs, over the same client and base URLs (and
``sleep``, when the callee can wait).
The callee's outputs become the step's outputs (``$steps.<id>.outputs.<name>``); the
step may declare more outputs, reading the callee's with ``$outputs.<name>``. A callee
that fails (any ``WorkflowError``) fails the step: its failure actions apply, and when
none does the workflow raises ``CalledWorkflowError`` chained to the callee's error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from arazzogen import pointer as jp
from arazzogen.build import ir
from arazzogen.build.codegen.emit import EmitError, Emitter, Py
from arazzogen.build.codegen.literals import docstring, py_literal
from arazzogen.build.step import StepRefused, StepSpec, _Builder, _return
from arazzogen.build.values import InputRef, StepValues, WorkflowValues
from arazzogen.expressions.ast import RuntimeExpr


@dataclass(frozen=True)
class Callee:
    """What a caller needs to know about a built workflow."""

    workflow_id: str
    function_name: str
    async_function_name: str
    result_class: str
    #: input name -> the callee's keyword parameter
    inputs: Mapping[str, InputRef]
    #: output name -> the field of the callee's result
    outputs: Mapping[str, str]
    #: a ``goto`` can run a step again: the function takes ``max_repeats``/``repeat_delay``
    loops: bool
    #: the function can wait: it takes ``sleep``
    waits: bool
    #: input name -> the callee's signature parameter (type and default)
    params: Mapping[str, ir.InputParam] = field(default_factory=dict)


class _CallValues(StepValues):
    """Step values, plus ``$outputs.<name>``: the callee's result."""

    def __init__(self, workflow: WorkflowValues, callee: Callee) -> None:
        super().__init__(workflow)
        self.callee = callee
        self.result_used = False

    def lookup(self, expr: RuntimeExpr) -> Py:
        if expr.kind == "outputs" and expr.path:
            name = expr.path[0]
            if name not in self.callee.outputs:
                raise EmitError(
                    "AZ605",
                    f"`{expr.text}`: workflow {self.callee.workflow_id!r} has no output {name!r}",
                    expr,
                )
            self.reads_response = True  # it needs the callee's result
            self.result_used = True
            return Py(f"result.{self.callee.outputs[name]}")
        if expr.kind in ("statusCode", "response", "url", "method"):
            raise EmitError(
                "AZ605", f"`{expr.text}` in a step that runs a workflow (it has no response)", expr
            )
        return super().lookup(expr)


def build_call_step(
    spec: StepSpec,
    callee: Callee,
    workflow: WorkflowValues,
    version: str,
    emitter: Emitter,
    *,
    pass_repeats: bool,
) -> ir.CallStep:
    """The IR of a step that runs ``callee``; StepRefused lists what cannot be compiled."""
    b = _Builder(spec, workflow, version, emitter)
    values = _CallValues(workflow, callee)
    b.values = values
    b.em = Emitter(values.lookup, emitter.helpers, emitter.imports, emitter.jsonpath_helpers)
    b.no_response = True
    given: dict[str, ir.Assignment] = {}
    for param in spec.parameters:
        ref = callee.inputs.get(param.name)
        if ref is None:
            continue  # not an input of the callee (AZ337 says so), or meant for operations
        with b.at(param.pointer):
            value = b.value(param.data.get("value"))
            code = value.code if value.type == ref.annotation else cast_to(ref.annotation, value)
            given[param.name] = ir.Assignment(ref.var, code)
    if any(a.value_code.startswith("cast(") for a in given.values()):
        emitter.imports.add("from typing import cast")
    args = [given[key] for key in callee.inputs if key in given]
    # outputs: the callee's, then the step's own (which may replace one of the callee's)
    names = workflow.step_outputs[spec.step_id]
    fields: dict[str, ir.Field] = {}
    output_values: dict[str, ir.Assignment] = {}
    for key, field_name in callee.outputs.items():
        name = names[key]
        fields[name] = ir.Field(name, "object", docstring(f"Output ``{key}`` of the workflow."))
        output_values[name] = ir.Assignment(name, f"result.{field_name}")
        values.result_used = True
    declared = spec.data.get("outputs")
    for key, raw in (declared if isinstance(declared, Mapping) else {}).items():
        with b.at(jp.join(spec.pointer, "outputs", str(key))):
            name = names[str(key)]
            fields[name] = ir.Field(name, "object", docstring(f"Output ``{key}``."))
            output_values[name] = ir.Assignment(name, b.value(raw).code)
    has_outputs = spec.outputs_class is not None
    failed = ""
    if isinstance(spec.data.get("successCriteria"), list) and spec.data.get("successCriteria"):
        failed = b.failed()
    outputs_code = "outputs" if has_outputs else None
    on_success = b.actions(spec.on_success, "onSuccess", outputs_code)
    on_failure = b.actions(spec.on_failure, "onFailure", outputs_code)
    b.transport_failure = True  # the callee raised: actions reading its outputs cannot apply
    on_call_failure = b.actions(spec.on_failure, "onFailure", "None" if has_outputs else None)
    b.transport_failure = False
    if b.uses_retry:
        values.params["\0retried"] = ir.Field("retried", "dict[str, int]", "")
        values.args["\0retried"] = ir.Assignment("retried", "flow.retried")
    if pass_repeats and callee.loops:
        for option, annotation in (("max_repeats", "int"), ("repeat_delay", "float")):
            values.params["\0" + option] = ir.Field(option, annotation, "")
            values.args["\0" + option] = ir.Assignment(option, option)
            args.append(ir.Assignment(option, option))
    if b.problems:
        raise StepRefused(b.problems)
    args += [
        ir.Assignment("client", "http"),
        ir.Assignment("base_urls", "urls"),
        ir.Assignment("max_response_bytes", "max_response_bytes"),
        ir.Assignment("deadline", "deadline"),
    ]
    if callee.waits:
        args.append(ir.Assignment("sleep", "sleep"))
    goes = "str | _Retry | None" if b.uses_retry else "str | None"
    if workflow.linear:
        annotation = spec.outputs_class or "None"
        fallthrough = "outputs" if has_outputs else ""
    else:
        outputs_type = f"{spec.outputs_class}{' | None' if on_call_failure else ''}"
        annotation = f"tuple[{outputs_type}, {goes}]" if has_outputs else goes
        fallthrough = _return(outputs_code, py_literal(spec.next_step))
    description = str(spec.data.get("description") or spec.data.get("summary") or "").strip()
    where = f"Step ``{spec.step_id}``: runs workflow ``{callee.workflow_id}``."
    return ir.CallStep(
        step_id_code=py_literal(spec.step_id),
        workflow_id_code=py_literal(workflow.workflow_id),
        called_code=py_literal(callee.workflow_id),
        function_name=spec.function_name,
        async_function_name=spec.async_function_name,
        var_name=workflow.step_vars[spec.step_id],
        doc=docstring("\n\n".join(x for x in (description, where) if x), alone=False),
        params=tuple(values.params.values()),
        call_args=tuple(values.args.values()),
        leading_args="http, urls, max_response_bytes, deadline"
        + (", sleep" if callee.waits else ""),
        return_annotation=annotation,
        callee_function=callee.function_name,
        callee_async_function=callee.async_function_name,
        callee_args=tuple(args),
        waits=callee.waits,
        result_used=values.result_used or bool(failed),
        outputs_class=spec.outputs_class,
        outputs_doc=docstring(f"Outputs of step ``{spec.step_id}``."),
        outputs=tuple(fields.values()),
        output_values=tuple(output_values.values()),
        failed_code=failed,
        on_success=on_success,
        on_failure=on_failure,
        on_call_failure=on_call_failure,
        success_falls_through=not any(a.unconditional for a in on_success),
        failure_falls_through=not any(a.unconditional for a in on_failure),
        call_falls_through=not any(a.unconditional for a in on_call_failure),
        success_return_code=fallthrough,
        assign_code="",
    )


def cast_to(annotation: str, value: Py) -> str:
    """A value passed to a typed input of the callee (decoded JSON is ``object``)."""
    if annotation == "object":
        return value.code
    return f"cast({py_literal(annotation)}, {value.code})"  # no subscription at run time
