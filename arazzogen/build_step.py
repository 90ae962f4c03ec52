"""Building the IR of one step: its request, criteria, outputs and actions.

A step becomes one private function. Every value it needs from outside (workflow
inputs, earlier steps' outputs) becomes one of its keyword parameters, so the function
reads on its own and the workflow function only wires values through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from arazzogen import ir
from arazzogen.codegen import jsonpath_emit
from arazzogen.codegen.emit import EmitError, Emitter, Py
from arazzogen.codegen.literals import comment, docstring, py_literal
from arazzogen.codegen.names import Scope
from arazzogen.expressions.ast import RuntimeExpr
from arazzogen.expressions.condition import parse_condition
from arazzogen.expressions.jsonpath import parse_jsonpath_condition
from arazzogen.expressions.runtime import parse_runtime_expression, parse_value
from arazzogen.resolve import ResolvedOperation

STEP_LOCALS = {
    "http",
    "base_url",
    "response",
    "body",
    "outputs",
    "query",
    "headers",
    "cookies",
    "payload",
    "httpx",
    "json",
    "time",
    "re",
    "quote",
    "cast",
    "dataclass",
    "TypeVar",
}
CREDENTIAL_HEADERS = {"authorization", "proxy-authorization", "cookie", "x-api-key", "api-key"}
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class InputRef:
    """A workflow input as the workflow function holds it."""

    var: str
    annotation: str


@dataclass
class WorkflowScope:
    """What a step builder needs to know about its workflow."""

    workflow_id: str
    version: str
    inputs: Mapping[str, InputRef]
    step_vars: Mapping[str, str]
    step_outputs: Mapping[str, Mapping[str, str]]  # step id -> output name -> field name
    linear: bool
    helpers: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)
    jsonpath_helpers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class StepSpec:
    """One step as the workflow builder hands it over."""

    data: Mapping[str, object]
    step_id: str
    function_name: str
    outputs_class: str | None
    next_step: str | None
    operation: ResolvedOperation
    base_url_field: str
    parameters: Sequence[Mapping[str, object]]
    on_success: Sequence[Mapping[str, object]]
    on_failure: Sequence[Mapping[str, object]]


class StepRefs:
    """The parameters of one step function, created on first reference."""

    def __init__(self, scope: WorkflowScope) -> None:
        self.wf = scope
        self.local = Scope(reserved=set(STEP_LOCALS))
        self.params: dict[str, ir.Field] = {}
        self.args: dict[str, ir.Assignment] = {}
        self.secrets: list[str] = []
        self.collecting_secrets = False
        self.body_used = False

    def _param(self, key: str, wanted: str, annotation: str, value_code: str) -> Py:
        if key not in self.params:
            name = self.local.claim(wanted, key=key)
            self.params[key] = ir.Field(name, annotation, "")
            self.args[key] = ir.Assignment(name, value_code)
        param = self.params[key]
        if self.collecting_secrets and param.name not in self.secrets:
            self.secrets.append(param.name)
        return Py(param.name, param.annotation)

    def params_by_name(self, name: str) -> Py:
        for param in self.params.values():
            if param.name == name:
                return Py(param.name, param.annotation)
        raise KeyError(name)

    def lookup(self, expr: RuntimeExpr) -> Py:
        kind = expr.kind
        if kind == "statusCode":
            return Py("response.status_code", "int")
        if kind == "response" and expr.source == "body":
            self.body_used = True
            return Py("body")
        if kind == "response" and expr.source == "header" and expr.name is not None:
            return Py(f"response.headers.get({py_literal(expr.name)})", "str | None")
        if kind == "url":
            return Py("str(response.request.url)", "str")
        if kind == "method":
            return Py("response.request.method", "str")
        if kind == "inputs":
            for cut in range(len(expr.path), 0, -1):
                name = ".".join(expr.path[:cut])
                if name in self.wf.inputs:
                    ref = self.wf.inputs[name]
                    base = self._param("inputs\0" + name, ref.var, ref.annotation, ref.var)
                    return self._pointer(base, expr.path[cut:])
            raise EmitError("AZ605", f"{expr.text} names no declared workflow input", expr)
        if kind == "steps" and len(expr.path) >= 3 and expr.path[1] == "outputs":
            step_id, output = expr.path[0], expr.path[2]
            fields = self.wf.step_outputs.get(step_id, {})
            if output not in fields:
                raise EmitError("AZ605", f"{expr.text} names no declared step output", expr)
            var = self.wf.step_vars[step_id]
            if self.wf.linear:
                holder = var
            else:
                self.wf.helpers.add("_ran")
                holder = f"_ran({var}, {py_literal(self.wf.workflow_id)}, {py_literal(step_id)})"
            base = self._param(
                f"steps\0{step_id}\0{output}",
                fields[output],
                "object",
                f"{holder}.{fields[output]}",
            )
            return self._pointer(base, expr.path[3:])
        raise EmitError("AZ605", f"{expr.text} cannot be evaluated inside a step yet", expr)

    def _pointer(self, base: Py, rest: tuple[str, ...]) -> Py:
        if not rest:
            return base
        self.wf.helpers.add("_pointer")
        tokens = ", ".join(py_literal(t) for t in rest) + ("," if len(rest) == 1 else "")
        return Py(f"_pointer({base.code}, ({tokens}))")


def build_step(spec: StepSpec, wf: WorkflowScope) -> ir.Step:
    refs = StepRefs(wf)
    em = Emitter(refs.lookup, wf.helpers, wf.imports, wf.jsonpath_helpers)
    op = spec.operation
    version = wf.version
    path_params: list[ir.RequestPart] = []
    parts: dict[str, list[ir.RequestPart]] = {"query": [], "header": [], "cookie": []}
    for param in spec.parameters:
        name, where, raw = str(param.get("name")), param.get("in"), param.get("value")
        if where not in ("path", "query", "header", "cookie"):
            raise EmitError("AZ610", f"parameter {name!r} with location {where!r}")
        refs.collecting_secrets = where == "header" and _is_credential(name, op)
        refs.collecting_secrets |= where == "query" and name in op.credential_query
        value = _value(em, raw, version)
        refs.collecting_secrets = False
        if where == "path":
            path_params.append(ir.RequestPart(py_literal(name), value.code))
            continue
        skip = _optional_var(raw, value, version)
        parts[str(where)].append(ir.RequestPart(py_literal(name), em.text(value).code, skip))
    body_keyword, body_code, body_group, content_type = _body(
        spec.data.get("requestBody"), op, em, version
    )
    if content_type is not None:
        parts["header"].append(ir.RequestPart(py_literal("Content-Type"), py_literal(content_type)))
    groups = [
        ir.RequestGroup(var, "dict[str, str]", keyword, tuple(parts[where]))
        for where, var, keyword in (
            ("query", "query", "params"),
            ("header", "headers", "headers"),
            ("cookie", "cookies", "cookies"),
        )
        if parts[where]
    ]
    if body_group is not None:
        groups.append(body_group)
    failed = _failed(spec.data.get("successCriteria"), em, version)
    outputs, output_values = _outputs(spec, em, version, wf)
    has_outputs = spec.outputs_class is not None
    on_success = _actions(
        spec.on_success, em, version, "onSuccess", "outputs" if has_outputs else None
    )
    on_failure = _actions(
        spec.on_failure, em, version, "onFailure", "None" if has_outputs else None
    )
    if wf.linear and (on_success or on_failure):
        raise EmitError("AZ903", "actions in a workflow compiled as straight-line code")
    if wf.linear:
        annotation = spec.outputs_class or "None"
        fallthrough = "outputs" if has_outputs else ""
    else:
        out = spec.outputs_class or ""
        if out and on_failure:
            out += " | None"
        annotation = f"tuple[{out}, str | None]" if out else "str | None"
        fallthrough = _return_code("outputs" if has_outputs else None, py_literal(spec.next_step))
    wf.helpers.update({"_build_url", "_redact"})
    if refs.body_used:
        wf.helpers.add("_json_body")
    secrets = ", ".join(em.text(refs.params_by_name(n)).code for n in refs.secrets)
    secrets_code = f"({secrets},)" if refs.secrets else "()"
    doc_lines = [str(spec.data.get("description") or spec.data.get("summary") or "").strip()]
    where = f"Step ``{spec.step_id}``: ``{op.method} {op.path}`` ({op.source_name})."
    return ir.Step(
        step_id_code=py_literal(spec.step_id),
        workflow_id_code=py_literal(wf.workflow_id),
        function_name=spec.function_name,
        var_name=wf.step_vars[spec.step_id],
        doc=docstring("\n\n".join(x for x in (*doc_lines, where) if x)),
        params=tuple(refs.params.values()),
        call_args=tuple(refs.args.values()),
        return_annotation=annotation,
        base_url_field=spec.base_url_field,
        method_code=py_literal(op.method),
        path_template_code=py_literal(op.path),
        path_params=tuple(path_params),
        request_groups=tuple(groups),
        body_keyword=body_keyword,
        body_code=body_code,
        uses_body=refs.body_used,
        failed_code=failed,
        error_body_code=f"_redact(response.text[:2000], {secrets_code})",
        outputs_class=spec.outputs_class,
        outputs_doc=docstring(f"Outputs of step ``{spec.step_id}``."),
        outputs=outputs,
        output_values=output_values,
        on_success=on_success,
        on_failure=on_failure,
        success_falls_through=all(a.condition_code != "True" for a in on_success),
        failure_falls_through=all(a.condition_code != "True" for a in on_failure),
        success_return_code=fallthrough,
    )


def _return_code(outputs: str | None, target: str) -> str:
    return f"{outputs}, {target}" if outputs else target


def _is_credential(name: str, op: ResolvedOperation) -> bool:
    lowered = name.lower()
    return lowered in CREDENTIAL_HEADERS or lowered in {h.lower() for h in op.credential_headers}


def _value(em: Emitter, raw: object, version: str) -> Py:
    if isinstance(raw, str):
        return em.value(parse_value(raw, version=version))
    return Py(_json_code(em, raw, version))


def _json_code(em: Emitter, raw: object, version: str) -> str:
    if isinstance(raw, str):
        return em.value(parse_value(raw, version=version)).code
    if isinstance(raw, dict):
        items = (f"{py_literal(str(k))}: {_json_code(em, v, version)}" for k, v in raw.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(raw, list):
        return "[" + ", ".join(_json_code(em, v, version) for v in raw) + "]"
    return py_literal(raw)


def _optional_var(raw: object, value: Py, version: str) -> str | None:
    """The parameter name when ``raw`` is exactly an optional input (may be None)."""
    if not isinstance(raw, str) or not value.type.endswith("| None"):
        return None
    parsed = parse_value(raw, version=version)
    if isinstance(parsed, RuntimeExpr) and parsed.kind == "inputs" and not parsed.pointer:
        return value.code
    return None


def _body(
    raw: object, op: ResolvedOperation, em: Emitter, version: str
) -> tuple[str, str, ir.RequestGroup | None, str | None]:
    """(keyword, value code, member group, explicit Content-Type header) of a request body."""
    if not isinstance(raw, Mapping):
        return "", "", None, None
    if raw.get("replacements"):
        raise EmitError("AZ609", "request body `replacements`")
    content_type = raw.get("contentType")
    if not isinstance(content_type, str):
        content_type = (
            op.request_content_types[0] if op.request_content_types else "application/json"
        )
    media = content_type.split(";")[0].strip().lower()
    payload = raw.get("payload")
    if media == "application/json" or media.endswith("+json"):
        keyword, annotation = "json", "dict[str, object]"
    elif media == FORM_TYPE and isinstance(payload, Mapping):
        keyword, annotation = "data", "dict[str, str]"
    else:
        raise EmitError("AZ606", f"request body content type {content_type!r}")
    header = None if media in ("application/json", FORM_TYPE) else content_type
    if not isinstance(payload, Mapping):
        return keyword, _json_code(em, payload, version), None, header
    members: list[ir.RequestPart] = []
    for key, value in payload.items():
        py = _value(em, value, version)
        code = em.text(py).code if keyword == "data" else py.code
        members.append(
            ir.RequestPart(py_literal(str(key)), code, _optional_var(value, py, version))
        )
    return keyword, "", ir.RequestGroup("payload", annotation, keyword, tuple(members)), header


def _criteria(raw: object, em: Emitter, version: str, *, default: str) -> str:
    if not isinstance(raw, list) or not raw:
        return default
    codes = [_criterion(c, em, version) for c in raw if isinstance(c, Mapping)]
    return " and ".join(codes) if len(codes) > 1 else codes[0]


def _failed(raw: object, em: Emitter, version: str) -> str:
    """The condition under which a step failed: its success criteria, negated."""
    criteria = [c for c in raw if isinstance(c, Mapping)] if isinstance(raw, list) else []
    if not criteria:
        return "not response.is_success"
    if len(criteria) == 1 and criteria[0].get("type") in (None, "simple"):
        cond = parse_condition(str(criteria[0].get("condition", "")), version=version)
        return em.negated_condition(cond)
    return f"not ({' and '.join(_criterion(c, em, version) for c in criteria)})"


def _criterion(crit: Mapping[str, object], em: Emitter, version: str) -> str:
    kind = crit.get("type")
    if isinstance(kind, Mapping):
        if kind.get("type") == "jsonpath" and str(kind.get("version", "")).startswith(
            "draft-goessner"
        ):
            raise EmitError(
                "AZ604", "a JSONPath criterion of version draft-goessner (use RFC 9535)"
            )
        kind = kind.get("type")
    condition = str(crit.get("condition", ""))
    if kind in (None, "simple"):
        return em.condition(parse_condition(condition, version=version))
    if "{$" in condition:
        raise EmitError("AZ605", f"a runtime expression embedded in a {kind} condition")
    context = em.expr(parse_runtime_expression(str(crit.get("context", "")), version=version))
    if kind == "regex":
        return em.regex(condition, context)
    if kind == "jsonpath":
        return jsonpath_emit.emit_condition(
            parse_jsonpath_condition(condition), context.code, em.jsonpath_helpers
        )
    raise EmitError("AZ604", f"a criterion of type {kind!r}")


def _outputs(
    spec: StepSpec, em: Emitter, version: str, wf: WorkflowScope
) -> tuple[tuple[ir.Field, ...], tuple[ir.Assignment, ...]]:
    raw = spec.data.get("outputs")
    if not isinstance(raw, Mapping):
        return (), ()
    names = wf.step_outputs[spec.step_id]
    fields, values = [], []
    for key, value in raw.items():
        code = _value(em, value, version).code
        fields.append(ir.Field(names[str(key)], "object", docstring(f"Output ``{key}``.")))
        values.append(ir.Assignment(names[str(key)], code))
    return tuple(fields), tuple(values)


def _actions(
    actions: Sequence[Mapping[str, object]],
    em: Emitter,
    version: str,
    where: str,
    outputs: str | None,
) -> tuple[ir.Action, ...]:
    """The actions in order, up to the first unconditional one (the rest cannot run)."""
    out: list[ir.Action] = []
    for action in actions:
        kind = str(action.get("type"))
        name = str(action.get("name", ""))
        if kind == "retry":
            raise EmitError("AZ602", f"retry action {name!r} in {where}")
        if action.get("workflowId") is not None:
            raise EmitError(
                "AZ603", f"{kind} action {name!r} to workflow {action.get('workflowId')!r}"
            )
        if action.get("parameters"):
            raise EmitError("AZ611", f"parameters on action {name!r}")
        condition = _criteria(action.get("criteria"), em, version, default="True")
        target = py_literal(str(action["stepId"])) if kind == "goto" else "None"
        out.append(
            ir.Action(
                comment(f"{where} {kind} {name}".strip()), condition, _return_code(outputs, target)
            )
        )
        if condition == "True":
            break
    return tuple(out)
