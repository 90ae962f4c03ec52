"""Where a runtime expression's value lives in the generated code.

``$inputs.x`` and ``$steps.s.outputs.o`` mean different Python in different places:
inside a step function they are keyword parameters of that function (the workflow
function passes the values in); inside the workflow function they are its own
parameters and the step-output variables. :class:`WorkflowValues` knows the workflow
function's names; :class:`StepValues` turns each reference into a step parameter.
Both resolve references the same way, through :meth:`WorkflowValues.reference`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from arazzogen import pointer as jp
from arazzogen.build import ir
from arazzogen.build.codegen import helpers as helper_lib
from arazzogen.build.codegen import jsonpath_emit
from arazzogen.build.codegen.emit import EmitError, Py
from arazzogen.build.codegen.literals import py_literal
from arazzogen.build.codegen.names import Scope, bound_names
from arazzogen.expressions.ast import ExpressionError, RuntimeExpr
from arazzogen.expressions.runtime import parse_value

#: the public classes every generated module defines and exports
ALWAYS_EXPORTED = (
    "BaseUrls",
    "WorkflowError",
    "StepFailedError",
    "StepTransportError",
    "StepLimitError",
    "StepRequestError",
)

#: names the generated module defines or imports at top level; never shadowed locally
_FIXED_MODULE_NAMES = frozenset(
    {
        *ALWAYS_EXPORTED,
        "MalformedBodyError",
        "CalledWorkflowError",
        "LoopLimitError",
        "ResponseTypeError",
        "Literal",
        "TypedDict",
        "NamedTuple",
        "Sequence",
        "Mapping",
        "httpx",
        "json",
        "time",
        "asyncio",
        "Awaitable",
        "Callable",
        "re",
        "quote",
        "cast",
        "dataclass",
        "TypeVar",
        "_T",
        "annotations",
    }
)


def _module_names() -> frozenset[str]:
    """Every name a generated module may bind at top level: the fixed ones, every
    helper, and every name an import line of a helper binds (``functools``,
    ``Callable``...), so that no document name can shadow one of them."""
    names = set(_FIXED_MODULE_NAMES) | set(helper_lib.HELPERS) | set(jsonpath_emit.HELPERS)
    lines = {line for deps in helper_lib.REQUIRES.values() for line in deps if " " in line}
    lines |= set(jsonpath_emit.helper_imports(set(jsonpath_emit.HELPERS)))
    for line in lines:
        names |= bound_names(line)
    return frozenset(names)


MODULE_NAMES = _module_names()
#: local names of a step function
STEP_LOCALS = frozenset(
    {
        "http",
        "base_url",
        "response",
        "body",
        "outputs",
        "query",
        "headers",
        "cookies",
        "payload",
        "retried",
        "exc",
        "urls",
        "sleep",
        "result",
        "max_repeats",
        "repeat_delay",
        "request",
    }
)


@dataclass(frozen=True)
class InputRef:
    """A workflow input as the workflow function holds it."""

    var: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class Reference:
    """A resolved ``$inputs`` / ``$steps`` reference: a base value and a pointer into it."""

    key: str
    wanted_name: str
    annotation: str
    workflow_code: str
    rest: tuple[str, ...]
    #: an input the caller may omit (its value is then None)
    optional: bool = False


class UndeclaredOutput(EmitError):
    """``$steps.s.outputs.o`` where step ``s`` declares no output ``o``."""


@dataclass
class WorkflowValues:
    """The names inside one workflow function, and which step variables are read."""

    workflow_id: str
    inputs: Mapping[str, InputRef]
    step_vars: Mapping[str, str]
    step_outputs: Mapping[str, Mapping[str, str]]  # step id -> output name -> field name
    linear: bool
    helpers: set[str]
    read_vars: set[str] = field(default_factory=set)
    #: the Arazzo document (for `$sourceDescriptions`, `$components`) and its version
    document: Mapping[str, object] = field(default_factory=dict)
    version: str = "1.1"
    #: what `$self` names: the document's `$self`, else its path as compiled
    self_uri: str = ""
    #: the workflow's outputs as written (for `$outputs.<name>`)
    outputs: Mapping[str, str] = field(default_factory=dict)
    resolving: set[str] = field(default_factory=set)
    #: workflow id -> (variable holding its result, output name -> result field) for the
    #: workflows this one depends on (``dependsOn``)
    dependencies: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)

    def reference(self, expr: RuntimeExpr, *, in_outputs: bool = False) -> Reference:
        """Resolve ``$inputs.x...`` or ``$steps.s.outputs.o...``; EmitError otherwise.

        In the workflow's outputs a step that did not run gives None; anywhere else
        its outputs must exist (``_ran`` raises a WorkflowError naming the step).
        """
        if expr.kind == "inputs":
            for cut in range(len(expr.path), 0, -1):
                name = ".".join(expr.path[:cut])
                if name in self.inputs:
                    ref = self.inputs[name]
                    return Reference(
                        "inputs\0" + name,
                        ref.var,
                        ref.annotation,
                        ref.var,
                        expr.path[cut:],
                        not ref.required,
                    )
            raise EmitError("AZ605", f"`{expr.text}`: the workflow declares no such input", expr)
        if expr.kind == "steps" and len(expr.path) >= 3 and expr.path[1] == "outputs":
            step_id = expr.path[0]
            fields = self.step_outputs.get(step_id, {})
            output, rest = _longest(expr.path[2:], fields)
            if output is None:
                raise UndeclaredOutput(
                    "AZ505",
                    f"`{expr.text}`: step {step_id!r} declares no output {expr.path[2]!r}",
                    expr,
                )
            var = self.step_vars[step_id]
            self.read_vars.add(var)
            name = fields[output]
            if self.linear:
                code = f"{var}.{name}"
            elif in_outputs:
                code = f"({var}.{name} if {var} is not None else None)"
            else:
                self.helpers.add("_ran")
                wf, sid = py_literal(self.workflow_id), py_literal(step_id)
                code = f"_ran({var}, {wf}, {sid}).{name}"
            return Reference(f"steps\0{step_id}\0{output}", name, "object", code, rest)
        if expr.kind == "workflows" and len(expr.path) >= 3 and expr.path[1] == "outputs":
            workflow_id = expr.path[0]
            if workflow_id not in self.dependencies:
                raise EmitError(
                    "AZ622",
                    f"`{expr.text}`: workflow {self.workflow_id!r} does not depend on "
                    f"{workflow_id!r} (`dependsOn`), so its outputs are not known here",
                    expr,
                )
            var, outputs = self.dependencies[workflow_id]
            found, rest = _longest(expr.path[2:], outputs)
            if found is None:
                raise EmitError(
                    "AZ216",
                    f"`{expr.text}`: workflow {workflow_id!r} has no output {expr.path[2]!r}",
                )
            self.read_vars.add(var)
            return Reference(
                f"workflows\0{workflow_id}\0{found}",
                outputs[found],
                "object",
                f"{var}.{outputs[found]}",
                rest,
            )
        raise EmitError(
            "AZ605",
            f"`{expr.text}`: `$workflows` expressions (the inputs and outputs of other "
            "workflows) cannot be evaluated here yet",
            expr,
        )

    def constant(self, expr: RuntimeExpr) -> Py | None:
        """``$self``, ``$sourceDescriptions.<name>.<field>`` and ``$components...``:
        values the document itself fixes, as literals (None for other kinds)."""
        if expr.kind == "self":
            return Py(py_literal(self.self_uri), "str")
        if expr.kind == "sourceDescriptions":
            name, field_name = expr.path[0], ".".join(expr.path[1:])
            for source in _list(self.document.get("sourceDescriptions")):
                if isinstance(source, Mapping) and source.get("name") == name:
                    value = source.get(field_name)
                    if isinstance(value, str) and field_name in ("name", "url", "type"):
                        return Py(py_literal(value), "str")
            raise EmitError(
                "AZ605",
                f"`{expr.text}`: an operation or workflow of a source description is not a "
                "value; only its fields `name`, `url` and `type` are",
                expr,
            )
        if expr.kind == "components":
            components = self.document.get("components")
            kind, name = expr.path[0], ".".join(expr.path[1:])
            group = components.get(kind) if isinstance(components, Mapping) else None
            if isinstance(group, Mapping) and name in group:
                return Py(py_literal(group[name]))
        return None

    def workflow_output(self, expr: RuntimeExpr, lookup: Callable[[RuntimeExpr], Py]) -> Py:
        """``$outputs.<name>``: the value of this workflow's output ``<name>`` (its
        expression evaluated where the reference stands)."""
        name, rest = _longest(expr.path, self.outputs)
        if name is None:
            raise EmitError("AZ605", f"`{expr.text}`: the workflow declares no such output", expr)
        if name in self.resolving:
            raise EmitError("AZ605", f"`{expr.text}`: workflow outputs refer to each other in "
                            "a cycle", expr)
        try:
            target = parse_value(self.outputs[name], version=self.version)
        except ExpressionError:
            raise EmitError(
                "AZ605", f"`{expr.text}`: output {name!r} does not parse", expr
            ) from None
        if not isinstance(target, RuntimeExpr):
            raise EmitError("AZ605", f"`{expr.text}`: output {name!r} is not a single "
                            "runtime expression", expr)
        self.resolving.add(name)
        try:
            value = lookup(target)
        finally:
            self.resolving.discard(name)
        if target.pointer:
            value = with_rest(value, tuple(jp.split(target.pointer)), self.helpers)
        return with_rest(value, rest, self.helpers)

    def lookup(self, expr: RuntimeExpr) -> Py:
        """Values in the workflow function itself (its outputs)."""
        found = self.constant(expr)
        if found is not None:
            return found
        if expr.kind == "outputs":
            return self.workflow_output(expr, self.lookup)
        ref = self.reference(expr, in_outputs=True)
        return with_rest(Py(ref.workflow_code, ref.annotation), ref.rest, self.helpers)

    def lookup_ran(self, expr: RuntimeExpr) -> Py:
        """Values in the workflow function's step loop: a step's outputs must exist."""
        ref = self.reference(expr)
        return with_rest(Py(ref.workflow_code, ref.annotation), ref.rest, self.helpers)


class StepValues:
    """The keyword parameters of one step function, created on first reference.

    A step has two functions: the request function (``request=True``), which cannot
    see the response, and the response function."""

    def __init__(self, workflow: WorkflowValues, *, before_send: bool = False) -> None:
        self.workflow = workflow
        self.before_send = before_send
        #: the response function's way to a path parameter's value (``$request.path.x``),
        #: evaluated again there on first use: name -> its value, or None
        self.path_value: Callable[[str], Py | None] | None = None
        self.scope = Scope(reserved=set(STEP_LOCALS | MODULE_NAMES))
        self.params: dict[str, ir.Field] = {}
        self.args: dict[str, ir.Assignment] = {}
        self.secrets: list[str] = []
        self.optional: set[str] = set()
        self.collecting_secrets = False
        self.body_used = False
        #: the values of the path parameters the step sends (for `$request.path.<name>`)
        self.request_path: dict[str, Py] = {}
        #: some lookup since the last reset needed the response (status, body, headers...)
        self.reads_response = False

    def request(self, expr: RuntimeExpr) -> Py:
        """``$request.header|query|path.<name>`` and ``$request.body``: what was sent."""
        name = expr.name or ""
        if expr.source == "header":
            return Py(f"response.request.headers.get({py_literal(name)})", "str | None")
        if expr.source == "query":
            return Py(f"response.request.url.params.get({py_literal(name)})", "str | None")
        if expr.source == "path":
            if name not in self.request_path and self.path_value is not None:
                found = self.path_value(name)
                if found is not None:
                    self.request_path[name] = found
            if name not in self.request_path:
                raise EmitError(
                    "AZ605", f"`{expr.text}`: the step sends no path parameter {name!r}", expr
                )
            return self.request_path[name]
        self.workflow.helpers.add("_request_body")
        return Py("_request_body(response.request)")

    def lookup(self, expr: RuntimeExpr) -> Py:
        kind = expr.kind
        if self.before_send and kind in ("statusCode", "response", "url", "method", "request"):
            raise EmitError("AZ605", f"`{expr.text}` before the request is sent", expr)
        if kind in ("statusCode", "response", "url", "method", "request"):
            self.reads_response = True
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
        if kind == "request":
            return self.request(expr)
        found = self.workflow.constant(expr)
        if found is not None:
            return found
        if kind == "outputs":
            return self.workflow.workflow_output(expr, self.lookup)
        ref = self.workflow.reference(expr)
        if ref.key not in self.params:
            name = self.scope.claim(ref.wanted_name, key=ref.key)
            self.params[ref.key] = ir.Field(name, ref.annotation, "")
            self.args[ref.key] = ir.Assignment(name, ref.workflow_code)
        param = self.params[ref.key]
        if ref.optional and not ref.rest and not expr.pointer:
            self.optional.add(param.name)
        if self.collecting_secrets and param.name not in self.secrets:
            self.secrets.append(param.name)
        return with_rest(Py(param.name, param.annotation), ref.rest, self.workflow.helpers)

    def share_secrets(self, other: StepValues) -> None:
        """Make the secret parameters of ``other`` (the request function) parameters
        of this function too, so that its errors can redact them."""
        for key, param in other.params.items():
            if param.name in other.secrets:
                name = self.scope.claim(param.name, key=key)
                self.params[key] = ir.Field(name, param.annotation, "")
                self.args[key] = other.args[key]
                self.secrets.append(name)


def _longest(names: tuple[str, ...], declared: Mapping[str, object]) -> tuple[
    str | None, tuple[str, ...]
]:
    """The longest dotted prefix of ``names`` that is a declared name (names may contain
    dots, Arazzo 1.1 ``identifier``), and the segments after it."""
    for cut in range(len(names), 0, -1):
        name = ".".join(names[:cut])
        if name in declared:
            return name, names[cut:]
    return None, ()


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def with_rest(base: Py, rest: tuple[str, ...], helpers: set[str]) -> Py:
    """``base`` followed by the dotted path after a name (a lenient form, AZ504)."""
    if not rest:
        return base
    helpers.add("_pointer")
    tokens = ", ".join(py_literal(t) for t in rest) + ("," if len(rest) == 1 else "")
    return Py(f"_pointer({base.code}, ({tokens}))")
