"""Building the IR of one step: its request, criteria, outputs and actions.

A step becomes one private function. Every value it needs from outside (workflow
inputs, earlier steps' outputs) becomes one of its keyword parameters, so the function
reads on its own and the workflow function only wires values through. Each construct
the compiler cannot handle yet is reported at its own place in the document; the step
is refused once all of them are known.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from arazzogen import pointer as jp
from arazzogen.bind.binding import StepParameter
from arazzogen.bind.resolve import ResolvedOperation
from arazzogen.build import ir
from arazzogen.build import request as req
from arazzogen.build.codegen import jsonpath_emit
from arazzogen.build.codegen.emit import EmitError, Emitter, Py, negate, wrapped
from arazzogen.build.codegen.literals import comment, docstring, py_literal
from arazzogen.build.embedded import substitute
from arazzogen.build.selector_types import expression_type
from arazzogen.build.values import StepValues, WorkflowValues
from arazzogen.expressions.ast import (
    ExpressionError,
    LenientJsonPathComparison,
    RuntimeExpr,
    Template,
)
from arazzogen.expressions.condition import parse_condition
from arazzogen.expressions.jsonpath_goessner import parse_versioned, parse_versioned_condition
from arazzogen.expressions.runtime import parse_runtime_expression, parse_value

if TYPE_CHECKING:
    # XPath's parser and compiler are imported by the methods that read an XPath
    # expression: most documents have none, and they cost a compile ~7 ms to import
    from arazzogen.build.codegen.xpath_emit import XPathEmitter
    from arazzogen.expressions import xpath as xpath_ast

ERROR_BODY_LIMIT = 2000
#: parameter names that carry credentials: their values are redacted from errors
_SECRET_NAME = re.compile(r"auth|token|secret|passw|key|session|cookie|credential", re.I)


@dataclass(frozen=True)
class Action:
    """A success or failure action after Reusable Objects were followed."""

    data: Mapping[str, object]
    pointer: str


@dataclass(frozen=True)
class StepSpec:
    """One step as the workflow builder hands it over."""

    data: Mapping[str, object]
    pointer: str
    step_id: str
    function_name: str
    outputs_class: str | None
    next_step: str | None
    #: None for a step that runs a workflow (arazzogen.build.call)
    operation: ResolvedOperation | None
    base_url_field: str
    parameters: Sequence[StepParameter]
    on_success: Sequence[Action]
    on_failure: Sequence[Action]
    #: action pointer -> the label under which the workflow function runs the workflow
    #: that action names (``goto``/``retry`` with a ``workflowId``)
    jump_labels: Mapping[str, str] = field(default_factory=dict)
    #: an HTTP step: the function that builds its request
    request_function: str = ""
    #: a step that runs a workflow: its async twin (it runs the callee's async twin)
    async_function_name: str = ""


class StepRefused(Exception):
    """Every construct of a step that cannot be compiled, with its pointer."""

    def __init__(self, problems: list[tuple[EmitError, str]]) -> None:
        super().__init__(f"{len(problems)} construct(s) cannot be compiled")
        self.problems = problems


class _Builder:
    def __init__(
        self, spec: StepSpec, workflow: WorkflowValues, version: str, emitter: Emitter
    ) -> None:
        self.spec = spec
        self.version = version
        # the request function's values first; responding() switches to the response's
        self.request_values = StepValues(workflow, before_send=True)
        self.values = self.request_values
        self.em = Emitter(
            self.values.lookup, emitter.helpers, emitter.imports, emitter.jsonpath_helpers
        )
        self.problems: list[tuple[EmitError, str]] = []
        #: path parameter -> (its raw value, where), for ``$request.path.<name>``
        self.path_raw: dict[str, tuple[object, str]] = {}
        #: some retry action needs the step's retry counts (a ``retried`` parameter)
        self.uses_retry = False
        #: building the actions taken when the request could not be sent (no response)
        self.transport_failure = False
        #: the step never has an HTTP response (it runs a workflow)
        self.no_response = False
        self.action_pointer = ""
        #: request values that must not be None (path parameters, required ones)
        self.required: list[ir.RequiredValue] = []

    @property
    def operation(self) -> ResolvedOperation:
        if self.spec.operation is None:
            raise AssertionError("only a step that calls an operation sends a request")
        return self.spec.operation

    def path_value(self, name: str) -> Py | None:
        """A path parameter's value computed again in the response function."""
        if name not in self.path_raw:
            return None
        raw, pointer = self.path_raw[name]
        return self.value(raw, pointer)

    def responding(self) -> None:
        """From now on, values are those of the response function (criteria, outputs,
        actions); it receives the request's secrets too, to redact them from errors."""
        self.values = StepValues(self.values.workflow)
        self.values.share_secrets(self.request_values)
        self.values.path_value = self.path_value
        self.em = Emitter(
            self.values.lookup, self.em.helpers, self.em.imports, self.em.jsonpath_helpers
        )

    @contextmanager
    def at(self, pointer: str) -> Iterator[None]:
        """Collect an unsupported construct at ``pointer`` and carry on with the rest."""
        try:
            yield
        except EmitError as err:
            self.problems.append((err, err.pointer or pointer))
        except ExpressionError as err:
            self.problems.append(
                (
                    EmitError("AZ903", f"an expression that failed to parse: " f"{err.message}"),
                    pointer,
                )
            )

    # ------------------------------------------------------------------ values

    def value(self, raw: object, pointer: str = "") -> Py:
        """A parameter value, payload member, replacement value or output: a constant,
        a runtime expression (or a string embedding some), or a Selector Object."""
        if isinstance(raw, str):
            return self.em.value(parse_value(raw, version=self.version))
        if isinstance(raw, Mapping) and "selector" in raw and "context" in raw:
            return self.selector(raw, pointer)
        return Py(self.json_code(raw, pointer))

    def json_code(self, raw: object, pointer: str = "") -> str:
        if isinstance(raw, str):
            return self.value(raw, pointer).code
        if isinstance(raw, Mapping):
            if "selector" in raw and "context" in raw:
                return self.selector(raw, pointer).code
            items = (
                f"{py_literal(str(k))}: {self.json_code(v, jp.join(pointer, str(k)))}"
                for k, v in raw.items()
            )
            return "{" + ", ".join(items) + "}"
        if isinstance(raw, list):
            return "[" + ", ".join(self.json_code(v, jp.join(pointer, i))
                                   for i, v in enumerate(raw)) + "]"
        return py_literal(raw)

    def selector(self, raw: Mapping[str, object], pointer: str) -> Py:
        """A Selector Object (Arazzo 1.1): a JSON Pointer, JSONPath or XPath selector
        applied to the value of its ``context`` expression."""
        kind, version = expression_type(raw.get("type"), jp.join(pointer, "type"))
        context = self.em.expr(
            parse_runtime_expression(str(raw.get("context", "")), version=self.version)
        )
        text = str(raw.get("selector", ""))
        if kind == "jsonpointer":
            try:
                tokens = tuple(jp.split(text))
            except jp.PointerError as err:
                raise EmitError("AZ613", f"selector {text!r}: {err}",
                                pointer=jp.join(pointer, "selector")) from None
            if not tokens:
                return context
            self.em.helpers.add("_pointer")
            items = ", ".join(py_literal(t) for t in tokens) + ("," if len(tokens) == 1 else "")
            return Py(f"_pointer({context.code}, ({items}))")
        if kind == "jsonpath":
            try:
                query = parse_versioned(text, version)
            except ExpressionError as err:
                raise EmitError(
                    "AZ613",
                    f"the {version or 'RFC 9535'} JSONPath selector {text!r}: {err.message}",
                    pointer=jp.join(pointer, "selector"),
                ) from None
            nodes = jsonpath_emit.emit_nodes(query, context.code, self.em.jsonpath_helpers)
            if query.singular:
                self.em.helpers.add("_first_node")
                return Py(f"_first_node({nodes})")
            return Py(nodes)
        if kind == "xpath":
            return self.xpath_select(text, context, jp.join(pointer, "selector"))
        raise EmitError("AZ613", f"a Selector Object of type {kind!r}",
                        pointer=jp.join(pointer, "type"))

    def xpath_select(self, text: str, context: Py, pointer: str) -> Py:
        """An XPath Selector Object: the string value of the first node it selects, or
        the number, string or boolean it computes."""
        from arazzogen.build.codegen.xpath_emit import XPathUnsupported

        expr, emitter = self.xpath(text, pointer)
        try:
            code = emitter.value(expr)
        except XPathUnsupported as err:
            raise EmitError("AZ604", f"XPath {text!r}: {err}", pointer=pointer) from None
        self.em.helpers.add("_xp_select")
        return Py(f"_xp_select({context.code}, lambda _xp_doc: {_lambda_body(code)})")

    def xml_replace(self, target: str, value: Py, pointer: str) -> str:
        """An XPath replacement target in an XML payload: the elements it selects get
        the value as their text, or (``.../@name``) as that attribute."""
        from arazzogen.build.codegen.xpath_emit import XPathUnsupported
        from arazzogen.expressions import xpath as xpath_ast

        expr, emitter = self.xpath(target, pointer)
        attribute = "None"
        if isinstance(expr, xpath_ast.Path) and expr.steps and expr.steps[-1].axis == "attribute":
            last = expr.steps[-1]
            if last.test == "*" or last.test.endswith("()") or last.predicates:
                raise EmitError("AZ604", f"XPath target {target!r}: its attribute step must "
                                "name one attribute", pointer=pointer)
            attribute = py_literal(last.test.rpartition(":")[2])
            expr = xpath_ast.Path(expr.absolute, expr.steps[:-1], expr.start)
        try:
            nodes = emitter.nodes_of(expr)
        except XPathUnsupported as err:
            raise EmitError("AZ604", f"XPath target {target!r}: {err}", pointer=pointer) from None
        self.em.helpers.add("_xml_replace")
        text = self.em.text(value).code
        return f"_xml_replace(payload, lambda _xp_doc: {_lambda_body(nodes)}, {attribute}, {text})"

    def skip_if_none(self, raw: object, value: Py) -> str | None:
        """``<param> is not None`` when ``raw`` is exactly an input the caller may omit."""
        if not isinstance(raw, str) or value.code not in self.values.optional:
            return None
        parsed = parse_value(raw, version=self.version)
        if isinstance(parsed, RuntimeExpr) and parsed.kind == "inputs" and not parsed.pointer:
            return f"{value.code} is not None"
        return None

    # ------------------------------------------------------------------ criteria

    def criterion(self, crit: Mapping[str, object], pointer: str = "") -> str:
        """A Criterion Object as a Python condition. Runtime expressions embedded in a
        regex, JSONPath or XPath condition (1.1) are evaluated and spliced in."""
        kind, version = expression_type(crit.get("type"), jp.join(pointer, "type"))
        condition = str(crit.get("condition", ""))
        if kind in (None, "simple"):
            return self.em.condition(parse_condition(condition, version=self.version))
        if kind == "jsonpointer":
            raise EmitError("AZ613", "a criterion of type 'jsonpointer' (a selector type)",
                            pointer=jp.join(pointer, "type"))
        context_expr = parse_runtime_expression(str(crit.get("context", "")), version=self.version)
        if kind == "regex":
            # a whole body is matched as the response text, not as re-serialised JSON
            text = Py("response.text", "str") if _whole_body(context_expr) else None
            context = text or self.em.expr(context_expr)
            parsed = parse_value(condition, version=self.version, braceless=False)
            if isinstance(parsed, Template):
                return self.em.regex_dynamic(self.em.template(parsed).code, context)
            return self.em.regex(condition, context)
        if kind == "xpath":
            return self.xpath_condition(condition, context_expr, jp.join(pointer, "condition"))
        context = self.em.expr(context_expr)
        query, embedded = substitute(condition, self.version, self.em)
        try:
            parsed_query = parse_versioned_condition(query, version)
        except ExpressionError as err:
            if version is not None and version != "rfc9535":
                raise EmitError(
                    "AZ613",
                    f"the {version} JSONPath {condition!r}: {err.message}",
                    pointer=jp.join(pointer, "condition"),
                ) from None
            if not embedded:
                raise
            raise EmitError(
                "AZ613",
                f"a runtime expression embedded where the JSONPath syntax takes no literal "
                f"({err.message})",
                pointer=jp.join(pointer, "condition"),
            ) from None
        code = jsonpath_emit.emit_condition(
            parsed_query, context.code, self.em.jsonpath_helpers, embedded
        )
        if isinstance(parsed_query, LenientJsonPathComparison):
            return code
        return f"({context.code} is not None and {code})"  # a null context fails (1.1)

    def xpath(self, text: str, pointer: str) -> tuple[xpath_ast.Expr, XPathEmitter]:
        """An XPath expression parsed (embedded runtime expressions in place), and the
        emitter that compiles it; AZ604 names what is outside the compiled subset."""
        from arazzogen.build.codegen.xpath_emit import XPathEmitter
        from arazzogen.expressions import xpath as xpath_ast

        query, embedded = substitute(text, self.version, self.em)
        try:
            return xpath_ast.parse_xpath(query), XPathEmitter(self.em.helpers, embedded)
        except xpath_ast.XPathError as err:
            raise EmitError(
                "AZ604", f"the XPath expression {text!r}: {err.message}", pointer=pointer
            ) from None

    def xpath_condition(self, condition: str, context: RuntimeExpr, pointer: str) -> str:
        """An ``xpath`` criterion: XPath 1.0 boolean conversion of the result; a null or
        non-XML context fails (Arazzo 1.1)."""
        from arazzogen.build.codegen.xpath_emit import XPathUnsupported

        expr, emitter = self.xpath(condition, pointer)
        try:
            test = emitter.condition(expr)
        except XPathUnsupported as err:
            raise EmitError("AZ604", f"XPath {condition!r}: {err}", pointer=pointer) from None
        self.em.helpers.add("_xp_test")
        return f"_xp_test({self.em.expr(context).code}, lambda _xp_doc: {_lambda_body(test)})"

    def criteria(self, raw: object, pointer: str) -> list[str]:
        codes: list[str] = []
        for i, crit in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(crit, Mapping):
                with self.at(jp.join(pointer, i)):
                    codes.append(self.criterion(crit, jp.join(pointer, i)))
        return codes

    def failed(self) -> str:
        """When the step failed: its success criteria negated (2xx when it has none)."""
        raw = self.spec.data.get("successCriteria")
        pointer = jp.join(self.spec.pointer, "successCriteria")
        criteria = [c for c in raw if isinstance(c, Mapping)] if isinstance(raw, list) else []
        if not criteria:
            return "not response.is_success"
        if len(criteria) == 1 and criteria[0].get("type") in (None, "simple"):
            with self.at(jp.join(pointer, 0)):
                cond = parse_condition(str(criteria[0].get("condition", "")), version=self.version)
                return self.em.negated_condition(cond)
            return "False"
        codes = self.criteria(raw, pointer)
        return negate(" and ".join(codes)) if codes else "False"

    # ------------------------------------------------------------------ outputs, actions

    def retry(self, data: Mapping[str, object], key: str) -> tuple[str, str] | None:
        """(the condition that retries are left, the ``_Retry`` to return) of a retry
        action; None when its ``retryLimit`` is 0.

        Arazzo: ``retryLimit`` defaults to a single retry and must be used up before
        later failure actions run; ``retryAfter`` is seconds (a decimal), overruled by
        a ``Retry-After`` response header; a ``stepId`` runs before the retry."""
        limit = data.get("retryLimit", 1)
        after = data.get("retryAfter", 0)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise EmitError("AZ903", f"retryLimit {limit!r}", pointer=None)
        if isinstance(after, bool) or not isinstance(after, int | float) or after < 0:
            raise EmitError("AZ903", f"retryAfter {after!r}", pointer=None)
        if limit == 0:
            return None
        self.uses_retry = True
        key_code = py_literal(key)
        delay = py_literal(float(after))
        if self.transport_failure or self.no_response:
            wait = delay
        else:
            self.em.helpers.add("_retry_after")
            wait = f"_retry_after(response, {delay})"
        first = ""
        if data.get("stepId") is not None:
            first = f", {py_literal(str(data['stepId']))}"
        elif data.get("workflowId") is not None:
            first = f", {py_literal(self.spec.jump_labels[self.action_pointer])}"
        self.em.helpers.add("_Retry")
        return f"retried.get({key_code}, 0) < {limit}", f"_Retry({key_code}, {wait}{first})"

    def outputs(self) -> tuple[tuple[ir.Field, ...], tuple[ir.Assignment, ...]]:
        raw = self.spec.data.get("outputs")
        if not isinstance(raw, Mapping):
            return (), ()
        names = self.values.workflow.step_outputs[self.spec.step_id]
        fields, values = [], []
        for key, value in raw.items():
            with self.at(jp.join(self.spec.pointer, "outputs", str(key))):
                code = self.value(value, jp.join(self.spec.pointer, "outputs", str(key))).code
                fields.append(ir.Field(names[str(key)], "object", docstring(f"Output ``{key}``.")))
                values.append(ir.Assignment(names[str(key)], code))
        return tuple(fields), tuple(values)

    def actions(
        self, actions: Sequence[Action], where: str, outputs: str | None
    ) -> tuple[ir.Action, ...]:
        """The actions in order, up to the first unconditional one (the rest cannot run)."""
        out: list[ir.Action] = []
        for index, action in enumerate(actions):
            data, pointer = action.data, action.pointer
            kind, name = str(data.get("type")), str(data.get("name", ""))
            self.action_pointer = pointer
            with self.at(pointer):
                self.values.reads_response = False
                conditions = self.criteria(data.get("criteria"), pointer + "/criteria")
                if self.transport_failure and self.values.reads_response:
                    continue  # criteria about the response cannot hold without one
                if kind == "retry":
                    retry = self.retry(data, name or f"#{index}")
                    if retry is None:
                        continue  # retryLimit 0: never retries
                    conditions.append(retry[0])
                    target = retry[1]
                elif kind == "goto" and data.get("workflowId") is not None:
                    # the workflow function runs it (and ends): see WorkflowJump
                    target = py_literal(self.spec.jump_labels[pointer])
                elif kind == "goto":
                    target = py_literal(str(data["stepId"]))
                else:
                    target = "None"
                out.append(
                    ir.Action(
                        name_comment=comment(f"{where} {kind} {name}".strip()),
                        condition_code=" and ".join(conditions) or "True",
                        unconditional=not conditions,
                        return_code=_return(outputs, target),
                    )
                )
                if not conditions:
                    break
        return tuple(out)


def build_step(spec: StepSpec, workflow: WorkflowValues, version: str, emitter: Emitter) -> ir.Step:
    """The IR of one step; StepRefused lists every construct that cannot be compiled."""
    b = _Builder(spec, workflow, version, emitter)
    op = b.operation
    path_params, parts = req.parameters(b)
    request = req.Request()
    with b.at(jp.join(spec.pointer, "requestBody")):
        request = req.body(b)
    content_type = request.content_type
    header_names = {p.key_code.lower() for p in parts["header"]}
    if content_type is not None and py_literal("content-type") not in header_names:
        parts["header"].append(ir.RequestPart(py_literal("Content-Type"), py_literal(content_type)))
    if parts["cookie"]:  # one Cookie header (httpx deprecates per-request cookies=)
        workflow.helpers.add("_cookie_header")
        parts["header"].append(
            ir.RequestPart(py_literal("Cookie"), "_cookie_header(cookies)", "cookies")
        )
    groups = [
        ir.RequestGroup(var, annotation, keyword, tuple(parts[where]))
        for where, var, keyword, annotation in (
            ("query", "query", "", "dict[str, str]"),
            ("cookie", "cookies", "", "dict[str, str]"),
            ("header", "headers", "headers", "dict[str, str]"),
        )
        if parts[where]
    ]
    groups.extend(request.groups)
    url = req.url_code(b, path_params, bool(parts["query"]))
    timeout_code = ""
    with b.at(jp.join(spec.pointer, "timeout")):
        timeout_code = _timeout(spec.data.get("timeout"))
    b.responding()
    failed = b.failed()
    outputs, output_values = b.outputs()
    has_outputs = spec.outputs_class is not None
    linear = workflow.linear
    on_success = b.actions(spec.on_success, "onSuccess", "outputs" if has_outputs else None)
    on_failure = b.actions(spec.on_failure, "onFailure", "outputs" if has_outputs else None)
    # a request that could not be sent fails the step too: the failure actions whose
    # criteria do not need a response apply (Arazzo 1.1: a timeout fails the step)
    b.transport_failure = True
    on_transport = b.actions(spec.on_failure, "onFailure", "None" if has_outputs else None)
    b.transport_failure = False
    if b.uses_retry:
        b.values.params["\0retried"] = ir.Field("retried", "dict[str, int]", "")
        b.values.args["\0retried"] = ir.Assignment("retried", "flow.retried")
    if b.problems:
        raise StepRefused(b.problems)
    if linear:
        annotation = spec.outputs_class or "None"
        fallthrough = "outputs" if has_outputs else ""
    else:
        goes = "str | _Retry | None" if b.uses_retry else "str | None"
        outputs_type = f"{spec.outputs_class}{' | None' if on_transport else ''}"
        annotation = f"tuple[{outputs_type}, {goes}]" if has_outputs else goes
        fallthrough = _return("outputs" if has_outputs else None, py_literal(spec.next_step))
    limit = f"[:{ERROR_BODY_LIMIT}]"
    workflow.helpers.add("_redact")  # also for errors chained from httpx (_step_error)
    secrets = "".join(f"{secret}, " for secret in b.values.secrets).rstrip(" ")
    error_body = f"_redact(response.text, ({secrets})){limit}"
    if not secrets:
        error_body = f"response.text{limit}"
    read_body, failed_error = "", "StepFailedError"
    expects_json = _declares_json(op)
    if expects_json:
        # a body that is not JSON fails the step, whatever the criteria say
        workflow.helpers.add("_json_body")
        read_body = (
            "body, well_formed = _json_body(response)"
            if b.values.body_used
            else "well_formed = _json_body(response)[1]"
        )
        failed = f"not well_formed or {failed if _binds_tighter(failed) else f'({failed})'}"
        failed_error = "(StepFailedError if well_formed else MalformedBodyError)"
    elif b.values.body_used:
        workflow.helpers.add("_response_body")
        read_body = "body = _response_body(response)"
    workflow.helpers.add("_step_error")
    checks_headers = any(
        group.keyword == "headers" and not all(_ascii_constant(p.value_code) for p in group.parts)
        for group in groups
    )
    description = str(spec.data.get("description") or spec.data.get("summary") or "").strip()
    operation = f"``{op.method} {op.path}`` ({op.source_name})"
    where = f"Step ``{spec.step_id}``: {operation}."
    return ir.Step(
        step_id_code=py_literal(spec.step_id),
        workflow_id_code=py_literal(workflow.workflow_id),
        function_name=spec.function_name,
        request_function=spec.request_function,
        var_name=workflow.step_vars[spec.step_id],
        doc=docstring("\n\n".join(x for x in (description, where) if x), alone=False),
        request_doc=docstring(f"The request of step ``{spec.step_id}``: {operation}."),
        request_params=tuple(b.request_values.params.values()),
        request_args=tuple(b.request_values.args.values()),
        params=tuple(b.values.params.values()),
        call_args=tuple(b.values.args.values()),
        return_annotation=annotation,
        base_url_field=spec.base_url_field,
        method_code=py_literal(op.method),
        url_code=url,
        request_groups=tuple(groups),
        request_statements=tuple(request.statements),
        body_keyword=request.body_keyword,
        body_code=request.body_code,
        timeout_code=timeout_code,
        uses_body=b.values.body_used,
        failed_code=failed,
        error_body_code=error_body,
        read_body_code=read_body,
        failed_error_code=failed_error,
        secrets_code=f"({secrets})",
        guarded=b.values.body_used or expects_json,
        required_values=tuple(b.required),
        checks_headers=checks_headers,
        outputs_class=spec.outputs_class,
        outputs_doc=docstring(f"Outputs of step ``{spec.step_id}``."),
        outputs=outputs,
        output_values=output_values,
        on_success=on_success,
        on_failure=on_failure,
        on_transport_failure=on_transport,
        success_falls_through=not any(a.unconditional for a in on_success),
        failure_falls_through=not any(a.unconditional for a in on_failure),
        transport_falls_through=not any(a.unconditional for a in on_transport),
        success_return_code=fallthrough,
        assign_code="",
    )


def _is_secret(name: str, where: str, op: ResolvedOperation) -> bool:
    """Whether a parameter carries a credential, so its value is redacted from errors.

    Broader than the OpenAPI security schemes on purpose: redacting too much is harmless.
    Every cookie counts."""
    if where == "cookie":
        return True
    if where == "header" and name.lower() in {h.lower() for h in op.credential_headers}:
        return True
    if where == "query" and name in op.credential_query:
        return True
    return where in ("header", "query") and _SECRET_NAME.search(name) is not None


def _declares_json(op: ResolvedOperation) -> bool:
    """Whether every response body the operation describes is JSON: then a body that
    does not parse as JSON fails the step (an HTML error page behind a 200...)."""
    kinds = {req.media_kind(media) for media in op.response_content_types}
    return kinds == {"json"}


def _binds_tighter(code: str) -> bool:
    """Whether ``x or <code>`` keeps ``code`` whole without parentheses."""
    try:
        node = ast.parse(code, mode="eval").body
    except SyntaxError:
        return False
    return not isinstance(node, ast.IfExp | ast.Lambda | ast.NamedExpr)


def _explicit(media: str, content_type: str) -> str | None:
    """The Content-Type to send explicitly: httpx already says application/json."""
    return None if media == "application/json" else content_type


def _whole_body(expr: RuntimeExpr) -> bool:
    return expr.kind == "response" and expr.source == "body" and not expr.pointer


def _timeout(raw: object) -> str:
    """Arazzo 1.1 step ``timeout`` (milliseconds) as an httpx timeout in seconds."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise EmitError("AZ605", f"step timeout {raw!r}")
    return py_literal(float(raw) / 1000)


def _return(outputs: str | None, target: str) -> str:
    return f"{outputs}, {target}" if outputs else target


def _lambda_body(code: str) -> str:
    """A lambda's body, parenthesised unless it is a call or a name: black and ruff format
    split a long unparenthesised comparison in a lambda differently, and ruff removes
    parentheses around a call that black keeps; this form is stable under both."""
    try:
        node = ast.parse(code, mode="eval").body
    except SyntaxError:
        return f"({code})"
    if isinstance(node, ast.Call | ast.Name | ast.Attribute | ast.Subscript | ast.Constant):
        return code
    if wrapped(code):
        return code
    return f"({code})"


def _ascii_constant(code: str) -> bool:
    """Whether the Python expression ``code`` is a string constant of ASCII text only: a
    header value that httpx can always encode (anything else is built inside the
    ``try`` that turns a ``UnicodeEncodeError`` into a failed step)."""
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        return False
    value = tree.body
    return (
        isinstance(value, ast.Constant)
        and isinstance(value.value, str)
        and value.value.isascii()
    )
