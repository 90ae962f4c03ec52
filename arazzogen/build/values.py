"""Where a runtime expression's value lives in the generated code.

``$inputs.x`` and ``$steps.s.outputs.o`` mean different Python in different places:
inside a step function they are keyword parameters of that function (the workflow
function passes the values in); inside the workflow function they are its own
parameters and the step-output variables. :class:`WorkflowValues` knows the workflow
function's names; :class:`StepValues` turns each reference into a step parameter.
Both resolve references the same way, through :meth:`WorkflowValues.reference`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from arazzogen.build import ir
from arazzogen.build.codegen import helpers as helper_lib
from arazzogen.build.codegen import jsonpath_emit
from arazzogen.build.codegen.emit import EmitError, Py
from arazzogen.build.codegen.literals import py_literal
from arazzogen.build.codegen.names import Scope, bound_names
from arazzogen.expressions.ast import RuntimeExpr

#: names the generated module defines or imports at top level; never shadowed locally
_FIXED_MODULE_NAMES = frozenset(
    {
        "BaseUrls",
        "WorkflowError",
        "StepFailedError",
        "StepTransportError",
        "CalledWorkflowError",
        "LoopLimitError",
        "httpx",
        "json",
        "time",
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
            step_id, output = expr.path[0], expr.path[2]
            fields = self.step_outputs.get(step_id, {})
            if output not in fields:
                raise UndeclaredOutput(
                    "AZ505", f"`{expr.text}`: step {step_id!r} declares no output {output!r}", expr
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
            return Reference(f"steps\0{step_id}\0{output}", name, "object", code, expr.path[3:])
        raise EmitError(
            "AZ605",
            f"`{expr.text}`: here only `$inputs`, `$steps.<id>.outputs`, `$statusCode`, "
            "`$response`, `$url` and `$method` can be evaluated",
            expr,
        )

    def lookup(self, expr: RuntimeExpr) -> Py:
        """Values in the workflow function itself (its outputs)."""
        ref = self.reference(expr, in_outputs=True)
        return with_rest(Py(ref.workflow_code, ref.annotation), ref.rest, self.helpers)

    def lookup_ran(self, expr: RuntimeExpr) -> Py:
        """Values in the workflow function's step loop: a step's outputs must exist."""
        ref = self.reference(expr)
        return with_rest(Py(ref.workflow_code, ref.annotation), ref.rest, self.helpers)


class StepValues:
    """The keyword parameters of one step function, created on first reference."""

    def __init__(self, workflow: WorkflowValues) -> None:
        self.workflow = workflow
        self.scope = Scope(reserved=set(STEP_LOCALS | MODULE_NAMES))
        self.params: dict[str, ir.Field] = {}
        self.args: dict[str, ir.Assignment] = {}
        self.secrets: list[str] = []
        self.optional: set[str] = set()
        self.collecting_secrets = False
        self.body_used = False
        #: some lookup since the last reset needed the response (status, body, headers...)
        self.reads_response = False

    def lookup(self, expr: RuntimeExpr) -> Py:
        kind = expr.kind
        if kind in ("statusCode", "response", "url", "method"):
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


def with_rest(base: Py, rest: tuple[str, ...], helpers: set[str]) -> Py:
    """``base`` followed by the dotted path after a name (a lenient form, AZ504)."""
    if not rest:
        return base
    helpers.add("_pointer")
    tokens = ", ".join(py_literal(t) for t in rest) + ("," if len(rest) == 1 else "")
    return Py(f"_pointer({base.code}, ({tokens}))")
