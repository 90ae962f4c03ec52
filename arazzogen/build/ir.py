"""The intermediate representation: every decision about the generated module.

The IR is built by :mod:`arazzogen.build.workflow` and rendered by :mod:`arazzogen.emit.render`.
All decisions (names, types, which helper to call, what to redact, where control goes)
are made while building it; templates only loop over it and print fields. Fields named
``*_code`` hold Python source that is already safe: document text reached it only
through :func:`arazzogen.build.codegen.literals.py_literal` and identifiers only through
:mod:`arazzogen.build.codegen.names`. Fields named ``*_doc`` hold docstring-safe text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BaseUrlField:
    """One field of the module's ``BaseUrls`` dataclass."""

    name: str
    default_code: str
    doc: str


@dataclass(frozen=True)
class InputParam:
    """A keyword-only parameter of a workflow function, from the ``inputs`` schema."""

    name: str
    annotation: str
    required: bool
    doc: str
    #: the signature default of an optional input: its JSON Schema ``default`` when that
    #: is a scalar, else ``None``
    default_code: str = "None"
    #: an array or object (or untyped) input: the function turns what the caller passed
    #: into plain lists and dicts first (``_plain``), since ``Sequence``/``Mapping`` admit
    #: tuples and read-only mappings that the request code would not send as JSON
    plain: bool = False


@dataclass(frozen=True)
class Field:
    """A field of a generated dataclass (step outputs, workflow result)."""

    name: str
    annotation: str
    doc: str


@dataclass(frozen=True)
class DictField:
    """A member of a generated ``TypedDict``."""

    #: the member name as a string literal (the functional form's key)
    key_code: str
    #: the member name as written in a class body (only when it is a Python name)
    name: str
    annotation: str
    doc: str


@dataclass(frozen=True)
class DictBlock:
    """One ``TypedDict`` class: ``class name(base, total=...)`` when ``class_syntax``, else
    the functional form ``name = TypedDict("name", {...}, total=...)`` (member names
    that are not Python names). A TypedDict with required and optional members is two
    blocks (Python 3.10 has no ``NotRequired``): the base, then the class."""

    name: str
    base: str
    total: bool
    class_syntax: bool
    fields: tuple[DictField, ...]
    doc: str


@dataclass(frozen=True)
class TypedDictDef:
    """A generated ``TypedDict`` and its ``checker``: a function that tells whether a
    decoded JSON value has its members (``checks``, one condition per member, over
    ``item``, the value as ``dict[str, object]``)."""

    name: str
    blocks: tuple[DictBlock, ...]
    checker: str
    checker_doc: str
    checks: tuple[str, ...]
    uses_item: bool


@dataclass(frozen=True)
class ResultCheck:
    """In a workflow's result function: raise ``ResponseTypeError`` when ``failed_code``
    holds (the output's value does not have the type of its field)."""

    param: str
    failed_code: str
    expected_code: str
    output_code: str
    step_id_code: str


@dataclass(frozen=True)
class Assignment:
    """``name=value_code`` in a call or a constructor."""

    name: str
    value_code: str


@dataclass(frozen=True)
class RequestPart:
    """A query/header/cookie parameter, or a top-level JSON body member.

    When ``when_code`` is set the part is added only if that condition holds, e.g.
    ``theme is not None`` for an optional input the caller omitted (instead of sending
    null), or ``cookies`` for the Cookie header of cookie parameters.
    """

    key_code: str
    value_code: str
    when_code: str | None = None


@dataclass(frozen=True)
class RequestGroup:
    """A dict built before the request: query ``params``, ``headers``, ``cookies``, or the
    members of a JSON/form body (``json``/``data``)."""

    var: str
    annotation: str
    keyword: str
    parts: tuple[RequestPart, ...]


@dataclass(frozen=True)
class RequiredValue:
    """A value the request cannot do without (a path parameter, a required query or
    header parameter): when it is None at run time the request is not sent and the
    step fails with ``reason_code``."""

    value_code: str
    reason_code: str


@dataclass(frozen=True)
class Action:
    """A success or failure action: when ``condition_code`` holds, return ``return_code``
    (the step's outputs and/or the id of the step to run next; ``None`` ends the
    workflow). An unconditional action has ``condition_code == "True"``."""

    name_comment: str
    condition_code: str
    unconditional: bool
    return_code: str


@dataclass(frozen=True)
class Flavor:
    """Sync or async: everything in which the two workflow functions differ (the I/O).

    Both flavors of a workflow function are rendered from one template; the step
    functions (building each request, judging each response) are pure and shared."""

    is_async: bool
    def_code: str
    #: ``"await "`` before each I/O call in the async flavor, else ""
    await_code: str
    client_class: str
    #: the helper that sends a request: its response, or the transport error
    send_helper: str
    sleep_annotation: str
    sleep_default: str
    close_code: str
    client_doc: str
    sleep_doc: str
    #: the ``deadline`` argument's docstring (only the async twin bounds the headers too)
    deadline_doc: str


SYNC = Flavor(
    is_async=False,
    def_code="def",
    await_code="",
    client_class="httpx.Client",
    send_helper="_send",
    sleep_annotation="Callable[[float], None]",
    sleep_default="time.sleep",
    close_code="http.close()",
    client_doc="the ``httpx.Client`` to use; by default one is created and closed.",
    sleep_doc="how to wait (repeats and retries); by default ``time.sleep``.",
    deadline_doc=(
        "seconds one request may take in all, from sending it to the end\n"
        "            of its body; a slower one fails its step (``StepLimitError``). It is\n"
        "            checked as the body arrives: a server that drips its headers can hold\n"
        "            a call longer (each read waits at most ``deadline``)."
    ),
)
ASYNC = Flavor(
    is_async=True,
    def_code="async def",
    await_code="await ",
    client_class="httpx.AsyncClient",
    send_helper="_send_async",
    sleep_annotation="Callable[[float], Awaitable[None]]",
    sleep_default="asyncio.sleep",
    close_code="await http.aclose()",
    client_doc="the ``httpx.AsyncClient`` to use; by default one is created and closed.",
    sleep_doc="how to wait (repeats and retries); by default ``asyncio.sleep``.",
    deadline_doc=(
        "seconds one request may take in all, from sending it to the end\n"
        "            of its body, however slowly the server answers; a slower one fails its\n"
        "            step (``StepLimitError``)."
    ),
)


@dataclass(frozen=True)
class WorkflowFunction:
    """One public function of a workflow: the sync one or its ``_async`` twin."""

    name: str
    flavor: Flavor


@dataclass(frozen=True)
class Step:
    """A step becomes two pure functions: ``request_function`` builds the
    ``httpx.Request`` (through the client's ``build_request``, so the client's own
    headers and settings apply) and ``function_name`` judges the ``httpx.Response``
    (criteria, outputs, next step). The workflow function sends the request: that is
    the only I/O, and the only part that differs between sync and async."""

    step_id_code: str
    workflow_id_code: str
    function_name: str
    request_function: str
    var_name: str
    doc: str
    request_doc: str
    #: parameters and arguments of the request function
    request_params: tuple[Field, ...]
    request_args: tuple[Assignment, ...]
    #: parameters and arguments of the response function
    params: tuple[Field, ...]
    call_args: tuple[Assignment, ...]
    return_annotation: str
    base_url_field: str
    method_code: str
    #: the request URL: ``base_url.rstrip("/") + "/path/" + _segment(<param>)`` + query string
    url_code: str
    request_groups: tuple[RequestGroup, ...]
    #: statements after the groups: the body document and its payload replacements
    request_statements: tuple[str, ...]
    body_keyword: str
    body_code: str
    timeout_code: str
    uses_body: bool
    failed_code: str
    error_body_code: str
    #: the statement that reads the response body (``body = ...``), or ""
    read_body_code: str
    #: the error class raised when the step fails (a conditional expression when the
    #: operation declares JSON: ``MalformedBodyError`` for a body that is not JSON)
    failed_error_code: str
    #: the secret values of the step as a tuple, for redaction (``(api_key,)``)
    secrets_code: str
    #: the judging of the response runs under ``try`` (evaluation limits become typed)
    guarded: bool
    #: values checked for None before the request is built
    required_values: tuple[RequiredValue, ...]
    #: the request is built under ``try`` (a header that is not ASCII fails the step)
    checks_headers: bool
    outputs_class: str | None
    outputs_doc: str
    outputs: tuple[Field, ...]
    output_values: tuple[Assignment, ...]
    on_success: tuple[Action, ...]
    on_failure: tuple[Action, ...]
    #: the failure actions that apply when the request could not be sent (no response)
    on_transport_failure: tuple[Action, ...]
    success_falls_through: bool
    failure_falls_through: bool
    transport_falls_through: bool
    success_return_code: str
    #: how the workflow function receives the step's result (``x = ``, ``_, then = ``...)
    assign_code: str
    #: the declaration of the step's output variable before the loop, or ""
    declare_code: str = ""
    template: str = "step.py.jinja"
    #: the ids of the steps this one depends on (1.1 ``dependsOn``), checked before it runs
    requires_code: str = ""
    #: whether the step runs a workflow (a CallStep)
    runs_workflow: bool = False


@dataclass(frozen=True)
class CallStep:
    """A step that runs another workflow of the module (``workflowId``)."""

    step_id_code: str
    workflow_id_code: str
    #: the id of the workflow it runs
    called_code: str
    function_name: str
    #: the step function of the async twin: it awaits the callee's async twin
    async_function_name: str
    var_name: str
    doc: str
    params: tuple[Field, ...]
    call_args: tuple[Assignment, ...]
    leading_args: str
    return_annotation: str
    callee_function: str
    callee_async_function: str
    callee_args: tuple[Assignment, ...]
    #: the callee can wait: the step function takes ``sleep`` and passes it on
    waits: bool
    #: whether anything reads the callee's result (else it is not assigned)
    result_used: bool
    outputs_class: str | None
    outputs_doc: str
    outputs: tuple[Field, ...]
    output_values: tuple[Assignment, ...]
    #: the step's own success criteria negated, or "" when it has none
    failed_code: str
    on_success: tuple[Action, ...]
    on_failure: tuple[Action, ...]
    #: the failure actions that apply when the callee raised
    on_call_failure: tuple[Action, ...]
    success_falls_through: bool
    failure_falls_through: bool
    call_falls_through: bool
    success_return_code: str
    assign_code: str
    declare_code: str = ""
    template: str = "call_step.py.jinja"
    requires_code: str = ""
    runs_workflow: bool = True


@dataclass(frozen=True)
class WorkflowJump:
    """A workflow that an action runs (``goto``/``retry`` with a ``workflowId``): the
    workflow function runs it under ``label_code`` in its step loop, then goes on with
    ``None`` (a ``goto`` ends the workflow; a ``retry`` returns to its step)."""

    label_code: str
    callee_function: str
    callee_async_function: str
    args: tuple[Assignment, ...]
    #: the callee can wait: it is passed ``sleep``
    waits: bool


@dataclass(frozen=True)
class WorkflowRun:
    """A workflow that this one depends on (``dependsOn``), run before its first step;
    ``assign_code`` keeps its result when ``$workflows.<id>.outputs`` reads it."""

    assign_code: str
    callee_function: str
    callee_async_function: str
    args: tuple[Assignment, ...]
    #: the callee can wait: it is passed ``sleep``
    waits: bool


@dataclass(frozen=True)
class Workflow:
    workflow_id_code: str
    function_name: str
    #: the sync function and its async twin
    functions: tuple[WorkflowFunction, ...]
    result_class: str
    result_doc: str
    doc: str
    inputs: tuple[InputParam, ...]
    steps: tuple[Step | CallStep, ...]
    first_step_code: str
    result_fields: tuple[Field, ...]
    result_values: tuple[Assignment, ...]
    has_jumps: bool
    #: some step runs another workflow
    has_calls: bool = False
    #: a ``goto`` can run a step again: the function takes ``max_repeats``/``repeat_delay``
    loops: bool = False
    #: the function can wait (it loops, has a retry action, or runs a workflow that can
    #: wait): only then it takes ``sleep``
    waits: bool = False
    #: it loops or retries itself: it waits the delay ``_Flow.enter`` returns
    waits_in_flow: bool = False
    #: the arguments of ``_Flow(...)`` (module-wide features, see codegen.flow_helper)
    flow_args_code: str = ""
    #: the annotation of ``then`` in the step loop
    then_annotation: str = "str | None"
    jumps: tuple[WorkflowJump, ...] = ()
    #: ``if <name> is None: <name> = <value>``: array and object defaults of inputs
    input_defaults: tuple[Assignment, ...] = ()
    dependencies: tuple[WorkflowRun, ...] = ()
    #: what the workflow function calls to make its result: the result class, or the
    #: result function, which checks the outputs' types first
    result_call: str = ""
    #: the result function (when some output has a type to check): its parameters
    #: (one ``object`` per output), checks and the result class's arguments
    result_function: str = ""
    result_function_doc: str = ""
    result_params: tuple[Field, ...] = ()
    result_checks: tuple[ResultCheck, ...] = ()
    result_args: tuple[Assignment, ...] = ()


@dataclass(frozen=True)
class Module:
    doc: str
    header_comment: str
    imports: tuple[str, ...]
    exports: tuple[str, ...]
    base_urls: tuple[BaseUrlField, ...]
    #: some source has no default base URL: callers must pass ``base_urls``
    base_urls_required: bool
    workflows: tuple[Workflow, ...]
    helpers: tuple[str, ...]
    #: helper classes that annotations name, emitted before the workflows
    early_helpers: tuple[str, ...]
    uses_typevar: bool
    #: some workflow loops (LoopLimitError is defined)
    has_loops: bool
    #: some step runs another workflow (CalledWorkflowError is defined)
    has_calls: bool = False
    #: some step's operation declares a JSON body (MalformedBodyError is defined)
    has_json_checks: bool = False
    #: the freshness trailer (:mod:`arazzogen.digest`): comment lines ending the module
    trailer: tuple[str, ...] = ()
    #: the TypedDicts of the workflows' inputs and outputs, dependencies first
    typed_dicts: tuple[TypedDictDef, ...] = ()
    #: some result function checks types (ResponseTypeError is defined)
    checks_types: bool = False
    #: ``_Flow.enter`` returns a delay too (some workflow loops or retries)
    flow_waits: bool = False
