"""The types of a workflow's outputs, and the result function that checks them.

A workflow output has the type of what it reads. ``$steps.<s>.outputs.<o>`` has the
type of step ``s``'s output ``o``; a step output ``$response.body#/ptr`` has the type
of the schema the pointer reaches in the operation's response for the step's success
status (``$statusCode == N`` in its success criteria, else its 2XX responses), ``T | None``
when a member on the way may be absent or null; ``$statusCode`` is ``int``, a header
``str | None``, ``$url``/``$method`` and strings ``str``. The output is ``T | None``
when some path through the workflow that returns normally skips the step, and
``object`` (with the reason in its docstring) when nothing is knowable, e.g. when a
failure action of the step carries on with the outputs of a failed response.

At run time the values are what the server sent: the result function checks each one
against its type before it is labelled so, and raises ``ResponseTypeError`` when it does
not match (the module never hands out a value under a type it does not have).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from arazzogen import pointer as jp
from arazzogen.bind.openapi import RefResolver, ResolvedOperation
from arazzogen.bind.resolve import ResolvedWorkflow
from arazzogen.bind.response_schema import OpenApiReader, json_schema, success_statuses, walk
from arazzogen.build import ir
from arazzogen.build import pytypes as pt
from arazzogen.build.codegen.emit import Emitter, wrapped
from arazzogen.build.codegen.literals import docstring, py_literal
from arazzogen.build.codegen.names import Scope, pascal_case
from arazzogen.build.step import Action
from arazzogen.build.values import MODULE_NAMES
from arazzogen.check.rules import model
from arazzogen.diagnostics import Reporter
from arazzogen.expressions.ast import ExpressionError, RuntimeExpr, Template
from arazzogen.expressions.runtime import parse_value
from arazzogen.load.document import LoadedDocument


@dataclass(frozen=True)
class OutputType:
    """The type of one output and the step whose response it comes from."""

    type: pt.PyType
    step_id: str = ""


class OutputTypes:
    """The output types of the steps and workflows of one module."""

    def __init__(self, dicts: pt.TypedDicts, version: str) -> None:
        self.dicts = dicts
        self.version = version
        self.converters: dict[int, pt.Converter] = {}
        #: workflow id -> its outputs' types (a step that runs it has them)
        self.workflows: dict[str, dict[str, pt.PyType]] = {}
        #: ``$ref``\ s in response schemas that could not be resolved, as
        #: ``file:line:col: what``, until :func:`typed_result` reports them (AZ315)
        self.problems: list[str] = []
        #: the problems reported so far: each once per module
        self.reported: set[str] = set()

    def converter(self, resolver: RefResolver) -> tuple[OpenApiReader, pt.Converter]:
        found = self.converters.get(id(resolver))
        if found is None:
            found = pt.Converter(OpenApiReader(resolver), self.dicts, inputs=False)
            self.converters[id(resolver)] = found
        reader = found.reader
        assert isinstance(reader, OpenApiReader)
        return reader, found

    # ------------------------------------------------------------------ steps

    def step_output(
        self,
        steps: Mapping[str, tuple[Mapping[str, object], ResolvedOperation | str | None]],
        step_id: str,
        output: str,
        hint: str,
        depth: int = 0,
    ) -> pt.PyType:
        """The type of output ``output`` of step ``step_id`` when the step succeeded (a
        step that runs a workflow, named by its id, has that workflow's outputs)."""
        if step_id not in steps or depth > 8:
            return pt.unknown("the step is not known")
        data, operation = steps[step_id]
        if isinstance(operation, str):
            found = self.workflows.get(operation, {}).get(output)
            return found or pt.unknown("an output of a step that runs a workflow")
        outputs = data.get("outputs")
        text = outputs.get(output) if isinstance(outputs, Mapping) else None
        if text is None:
            return pt.unknown("the step does not declare the output")
        if not isinstance(text, str):
            return pt.unknown("the value a selector picks is not typed")
        if operation is None:
            return pt.unknown("the output of a step that runs a workflow")
        try:
            parsed = parse_value(str(text), version=self.version)
        except ExpressionError:
            return pt.unknown("the output's expression does not parse")
        if isinstance(parsed, str | Template):
            return pt.STR
        return self.expression(steps, step_id, parsed, operation, hint, depth)

    def expression(
        self,
        steps: Mapping[str, tuple[Mapping[str, object], ResolvedOperation | str | None]],
        step_id: str,
        expr: RuntimeExpr,
        operation: ResolvedOperation,
        hint: str,
        depth: int,
    ) -> pt.PyType:
        kind = expr.kind
        if kind == "statusCode":
            return pt.INT
        if kind in ("url", "method"):
            return pt.STR
        if kind == "response" and expr.source == "header":
            return pt.optional(pt.STR)
        if kind == "response" and expr.source == "body":
            data, _ = steps[step_id]
            return self.body(operation, data, expr.pointer or "", hint)
        if kind == "steps" and len(expr.path) == 3 and expr.path[1] == "outputs":
            if expr.pointer:
                return pt.unknown("a pointer into another step's output")
            return self.step_output(steps, expr.path[0], expr.path[2], hint, depth + 1)
        return pt.unknown(f"the value of `{expr.text}` is not typed")

    def body(
        self, operation: ResolvedOperation, data: Mapping[str, object], pointer: str, hint: str
    ) -> pt.PyType:
        """The type at ``pointer`` in the body of the step's success response."""
        responses = operation.responses
        if responses is None:
            return pt.unknown("the operation describes no responses")
        reader, converter = self.converter(responses.resolver)
        statuses = success_statuses(data, responses.node.value)
        if not statuses:
            return pt.unknown("the step's success status has no response described")
        found: list[pt.PyType] = []
        responses.resolver.take_problems()  # met before, and reported then
        for status in statuses:
            schema = json_schema(reader, reader.child(responses.node, status))
            tokens = jp.split(pointer) if pointer else []
            reached = walk(reader, schema, tokens) if schema is not None else None
            target, may_miss = (reached.target, reached.may_miss) if reached else (None, False)
            value = converter.convert(target, hint) if target is not None else pt.OBJECT
            problems = responses.resolver.take_problems()
            if problems:
                self.problems.extend(problems)
                return pt.unknown(f"a `$ref` in response {status} cannot be resolved")
            if schema is None:
                return pt.unknown(f"response {status} has no JSON schema")
            if target is None:
                return pt.unknown(f"the pointer `{pointer}` leads nowhere in response {status}")
            found.append(pt.optional(value) if may_miss and value.kind != "object" else value)
        return pt.union(*found)


# ---------------------------------------------------------------------- flow


def always_run(
    step_ids: Sequence[str], edges: Mapping[str, set[str]]
) -> set[str]:
    """The steps on every path from the first step to a normal end (``""``): a step is
    on every path when, without it, the end cannot be reached."""
    if not step_ids:
        return set()

    def reaches_end(without: str) -> bool:
        seen, stack = set(), [step_ids[0]]
        while stack:
            node = stack.pop()
            if node == "":
                return True
            if node == without or node in seen:
                continue
            seen.add(node)
            stack.extend(edges.get(node, ()))
        return False

    return {s for s in step_ids if s == step_ids[0] or not reaches_end(s)}


def flow_edges(
    step_ids: Sequence[str],
    actions: Sequence[tuple[Sequence[Mapping[str, object]], Sequence[Mapping[str, object]]]],
) -> tuple[dict[str, set[str]], set[str]]:
    """Where control may go after each step (``""`` is a normal end), and the steps whose
    failure actions go on (``goto``/``end``) with the outputs of a failed response."""
    edges: dict[str, set[str]] = {}
    keeps_failure: set[str] = set()
    for index, step_id in enumerate(step_ids):
        success, failure = actions[index]
        after = step_ids[index + 1] if index + 1 < len(step_ids) else ""
        targets: set[str] = set()
        falls_through = True
        for action in success:
            targets.add(_target(action, step_id))
            if not action.get("criteria"):
                falls_through = False
                break
        if falls_through:
            targets.add(after)
        for action in failure:
            target = _target(action, step_id)
            targets.add(target)
            if target != step_id:
                keeps_failure.add(step_id)
        edges[step_id] = targets
    return edges, keeps_failure


def _target(action: Mapping[str, object], step_id: str) -> str:
    kind = action.get("type")
    if kind == "retry":
        return step_id
    if kind == "goto" and isinstance(action.get("stepId"), str):
        return str(action["stepId"])
    return ""  # end, or a goto to a workflow (the workflow ends after it)


# ---------------------------------------------------------------------- result


@dataclass(frozen=True)
class ResultParts:
    fields: tuple[ir.Field, ...]
    function: str
    params: tuple[ir.Field, ...]
    checks: tuple[ir.ResultCheck, ...]
    args: tuple[ir.Assignment, ...]
    imports: frozenset[str]
    helpers: frozenset[str]


def result_parts(
    workflow_id: str,
    names: Sequence[tuple[str, str]],
    types: Mapping[str, OutputType],
    function_name: str,
    reserved: set[str],
) -> ResultParts:
    """The result class's fields and the result function (``function_name``) that checks
    each typed output; ``names`` is (output key, field name) in order."""
    fields: list[ir.Field] = []
    params: list[ir.Field] = []
    checks: list[ir.ResultCheck] = []
    args: list[ir.Assignment] = []
    imports: set[str] = set()
    helpers: set[str] = set()
    scope = Scope(reserved=set(reserved))
    for key, name in names:
        found = types.get(key, OutputType(pt.unknown("the output is not typed")))
        t = found.type
        text = pt.annotation(t)
        doc = f"Workflow output ``{key}``."
        if t.kind == "object":
            doc += f" Typed ``object``: {t.reason}."
        fields.append(ir.Field(name, text, docstring(doc)))
        param = scope.claim(name, key=key)
        params.append(ir.Field(param, "object", ""))
        value = param
        if t.kind != "object":
            condition = pt.predicate(t, param)
            checks.append(
                ir.ResultCheck(
                    param=param,
                    failed_code=negated(condition),
                    expected_code=py_literal(text),
                    output_code=py_literal(key),
                    step_id_code=py_literal(found.step_id),
                )
            )
            imports |= pt.imports(t)
            helpers |= pt.helpers(t)
            if not pt.narrows(t):
                # the type as text: no typing subscription is evaluated per call
                value = f"cast({py_literal(text)}, {param})"
                imports.add("from typing import cast")
        args.append(ir.Assignment(name, value))
    return ResultParts(
        fields=tuple(fields),
        function=function_name if checks else "",
        params=tuple(params),
        checks=tuple(checks),
        args=tuple(args),
        imports=frozenset(imports),
        helpers=frozenset(helpers),
    )


def negated(condition: str) -> str:
    """``not condition``, written as a person would."""
    if condition.endswith(" is None") and " " not in condition[: -len(" is None")]:
        return condition[: -len(" is None")] + " is not None"
    head, paren, rest = condition.partition("(")
    if paren and (head == "" or head.isidentifier()) and wrapped(paren + rest):
        return "not " + condition
    return f"not ({condition})"


def workflow_outputs(
    types: OutputTypes,
    outputs: object,
    steps: Sequence[tuple[str, Mapping[str, object], ResolvedOperation | str | None]],
    actions: Sequence[tuple[Sequence[Mapping[str, object]], Sequence[Mapping[str, object]]]],
) -> dict[str, OutputType]:
    """The type of each output of a workflow (see the module's docstring)."""
    if not isinstance(outputs, Mapping):
        return {}
    step_ids = [s[0] for s in steps]
    by_id = {s[0]: (s[1], s[2]) for s in steps}
    edges, keeps_failure = flow_edges(step_ids, actions)
    always = always_run(step_ids, edges)
    found: dict[str, OutputType] = {}
    for key, text in outputs.items():
        if not isinstance(text, str):
            found[str(key)] = OutputType(pt.unknown("the value a selector picks is not typed"))
            continue
        try:
            parsed = parse_value(str(text), version=types.version)
        except ExpressionError:
            found[str(key)] = OutputType(pt.unknown("the expression does not parse"))
            continue
        if isinstance(parsed, str | Template):
            found[str(key)] = OutputType(pt.STR)
            continue
        path = parsed.path
        if parsed.kind != "steps" or len(path) != 3 or path[1] != "outputs" or parsed.pointer:
            reason = f"the value of `{parsed.text}` is not typed"
            found[str(key)] = OutputType(pt.unknown(reason))
            continue
        step_id, output = path[0], path[2]
        if step_id in keeps_failure:
            reason = (
                f"a failure action of step `{step_id}` goes on with the outputs of a "
                "failed response"
            )
            found[str(key)] = OutputType(pt.unknown(reason), step_id)
            continue
        t = types.step_output(by_id, step_id, output, pascal(str(key)))
        if step_id not in always and t.kind != "object":
            t = pt.optional(t)
        found[str(key)] = OutputType(t, step_id)
    return found


def pascal(text: str) -> str:
    return pascal_case(text, fallback="Output")


class _Builder(Protocol):
    """What :func:`typed_result` needs of the module builder."""

    resolved: Mapping[str, ResolvedOperation | ResolvedWorkflow]
    output_types: OutputTypes
    doc: LoadedDocument
    reporter: Reporter
    names: Scope
    emitter: Emitter


def typed_result(
    builder: _Builder,
    info: model.WorkflowInfo,
    actions: Sequence[tuple[Sequence[Action], Sequence[Action]]],
    fields: tuple[ir.Field, ...],
    function_name: str,
) -> ResultParts:
    """The result fields of a workflow typed as the outputs read, and its result
    function; the imports and helpers they need go to the builder's emitter."""
    steps: list[tuple[str, Mapping[str, object], ResolvedOperation | str | None]] = []
    for step in info.steps:
        target = builder.resolved.get(step.pointer)
        operation: ResolvedOperation | str | None = None
        if isinstance(target, ResolvedOperation):
            operation = target
        elif isinstance(target, ResolvedWorkflow) and target.source_name is None:
            operation = target.workflow_id  # a workflow of this document
        steps.append((str(step.step_id), step.data, operation))
    outputs = info.data.get("outputs")
    types = workflow_outputs(
        builder.output_types,
        outputs,
        steps,
        [([a.data for a in s], [a.data for a in f]) for s, f in actions],
    )
    for problem in dict.fromkeys(builder.output_types.problems):
        if problem in builder.output_types.reported:
            continue
        builder.output_types.reported.add(problem)
        builder.reporter.report(
            "AZ315",
            f"an output's type reads a response schema with an unresolved `$ref` at {problem}",
            builder.doc.locate(jp.join(info.pointer, "outputs")),
        )
    builder.output_types.problems.clear()
    keys = [str(k) for k in outputs] if isinstance(outputs, Mapping) else []
    builder.output_types.workflows[str(info.workflow_id)] = {
        key: found.type for key, found in types.items()
    }
    parts = result_parts(
        str(info.workflow_id),
        list(zip(keys, (f.name for f in fields), strict=True)),
        types,
        (
            builder.names.claim(f"_{function_name}_result")
            if any(t.type.kind != "object" for t in types.values())
            else ""
        ),
        set(MODULE_NAMES),
    )
    builder.emitter.imports |= parts.imports
    builder.emitter.helpers |= parts.helpers
    return parts
