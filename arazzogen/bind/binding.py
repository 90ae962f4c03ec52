"""Stage: check what each step passes against the operation or workflow it calls.

A step's parameters are merged with its workflow's (a step parameter overrides a
workflow one with the same ``name`` and ``in``; header names compare case-insensitively)
and Reusable Objects (``reference: $components.parameters.x``, optional ``value``) are
resolved from ``components.parameters``. Then, for a step bound to an operation:

* ``in: path`` names the operation does not declare are errors (the URL cannot be built);
  undeclared query, header, cookie and querystring names are warnings. Headers the
  OpenAPI Specification ignores as parameters (``Accept``, ``Content-Type``,
  ``Authorization``) and the credential headers and query names of the source's
  security schemes are always accepted. Only the step's own parameters are checked this
  way: workflow-level ones apply to every step and need not fit each operation.
* every required parameter (path parameters always are) must be supplied, by the step or
  its workflow; credentials are exempt (the caller's HTTP client may carry them);
* a required request body must be given; a body the operation does not describe is a
  warning; ``contentType`` must be one the operation accepts;
* a parameter without ``in`` is an error;
* an output that reads ``$response.body#/...`` through a member the success response's
  schema does not list is a warning (AZ348, :mod:`arazzogen.bind.output_pointers`).

For a step bound to a workflow, parameters are the target workflow's inputs: unknown
names warn, required inputs that are missing are errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from arazzogen import pointer as jp
from arazzogen.bind.openapi import (
    IGNORED_HEADERS,
    RefResolver,
    ResolvedOperation,
    all_credentials,
    parameter_key,
)
from arazzogen.bind.output_pointers import check_output_pointers
from arazzogen.bind.resolve import ResolvedWorkflow, step_pointers
from arazzogen.bind.sources import Sources
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import LoadedDocument

_COMPONENT_PREFIX = "$components.parameters."


@dataclass(frozen=True)
class StepParameter:
    """A parameter as the step sees it after merging and resolving references."""

    name: str
    location: str | None  # None when `in` is absent
    pointer: str  # where to point diagnostics (the parameter, or its `reference`)
    from_step: bool  # False: inherited from the workflow's `parameters`
    #: the parameter object, a Reusable Object's `value` applied over its component
    data: Mapping[str, object] = field(default_factory=dict)


def merged_parameters(
    doc: LoadedDocument,
    wp: str,
    workflow: Mapping[str, object],
    sp: str,
    step: Mapping[str, object],
) -> list[StepParameter]:
    """The parameters a step sends: the workflow's, then the step's, a step parameter
    replacing a workflow one with the same name and ``in`` (header names ignore case);
    Reusable Objects (``reference: $components.parameters.x``) resolved."""
    by_key: dict[tuple[str, str], StepParameter] = {}
    for owner, base, from_step in ((workflow, wp, False), (step, sp, True)):
        listing = owner.get("parameters")
        if not isinstance(listing, list):
            continue
        for index, raw in enumerate(listing):
            param = _parameter(doc, raw, jp.join(base, "parameters", index), from_step)
            if param is not None:
                by_key[parameter_key(param.name, param.location or "")] = param
    return list(by_key.values())


def _parameter(
    doc: LoadedDocument, raw: object, pointer: str, from_step: bool
) -> StepParameter | None:
    if not isinstance(raw, dict):
        return None
    if "reference" in raw:
        ref = raw.get("reference")
        if not isinstance(ref, str) or not ref.startswith(_COMPONENT_PREFIX):
            return None  # not a parameter reference: the rules stage reports it
        target = doc.get(jp.join("/components/parameters", ref[len(_COMPONENT_PREFIX) :]))
        if not isinstance(target, dict):
            return None  # unknown component: the rules stage reports it (AZ213)
        raw = {**target, **({"value": raw["value"]} if "value" in raw else {})}
        pointer = jp.join(pointer, "reference")
    name, location = raw.get("name"), raw.get("in")
    if not isinstance(name, str):
        return None
    where = location if isinstance(location, str) else None
    return StepParameter(name, where, pointer, from_step, raw)


def check_bindings(
    doc: LoadedDocument,
    sources: Sources,
    resolved: Mapping[str, ResolvedOperation | ResolvedWorkflow],
    reporter: Reporter,
    *,
    version: str = "1.0",
) -> None:
    """Report parameters, bodies and output pointers that do not fit the step's target
    (``version``: the document's Arazzo version, for its runtime expressions)."""
    checker = _Checker(doc, sources, reporter)
    for wp, workflow, sp, step in step_pointers(doc):
        target = resolved.get(sp)
        if target is None:
            continue
        params = merged_parameters(doc, wp, workflow, sp, step)
        if isinstance(target, ResolvedOperation):
            checker.operation(sp, step, params, target)
            check_output_pointers(doc, reporter, sp, step, target, version)
        else:
            checker.workflow(sp, step, params, target)


def _media(text: str) -> tuple[str, str]:
    """(type, subtype) of a media type or range, lower case, parameters dropped."""
    essence = text.split(";", 1)[0].strip().lower()
    kind, _, sub = essence.partition("/")
    return kind, sub


def _suffix(sub: str) -> str:
    """The structured-syntax suffix: `json` for `json` and `vnd.api+json`."""
    return sub.rsplit("+", 1)[-1]


def content_type_accepted(sent: str, accepted: tuple[str, ...]) -> bool:
    """Whether ``sent`` fits one of the media types or ranges in ``accepted``."""
    kind, sub = _media(sent)
    for offered in accepted:
        okind, osub = _media(offered)
        if okind == "*" or (okind == kind and osub in ("*", sub)):
            return True
        if okind == kind and _suffix(osub) == _suffix(sub) and _suffix(sub) in ("json", "xml"):
            return True
    return False


class _Checker:
    def __init__(self, doc: LoadedDocument, sources: Sources, reporter: Reporter) -> None:
        self.doc = doc
        self.sources = sources
        self.reporter = reporter
        self.refs = RefResolver(sources.store)
        self._credentials: dict[str, tuple[set[str], set[str]]] = {}

    def report(self, code: str, message: str, pointer: str, *, key: bool = False) -> None:
        self.reporter.report(code, message, self.doc.locate(pointer, key=key))

    # -- operations ----------------------------------------------------------------------
    def credentials(self, op: ResolvedOperation) -> tuple[set[str], set[str]]:
        """Credential header names (lower case) and query names accepted for ``op``."""
        if op.source_name not in self._credentials:
            headers: set[str] = set()
            query: set[str] = set()
            source = self.sources.by_name.get(op.source_name)
            if source is not None and source.document is not None:
                h, q = all_credentials(source.document, self.refs)
                headers.update(x.lower() for x in h)
                query.update(q)
                self.refs.take_problems()
            self._credentials[op.source_name] = (headers, query)
        headers, query = self._credentials[op.source_name]
        return headers | {h.lower() for h in op.credential_headers}, query | set(
            op.credential_query
        )

    def operation(
        self, sp: str, step: dict[str, object], params: list[StepParameter], op: ResolvedOperation
    ) -> None:
        cred_headers, cred_query = self.credentials(op)
        declared = {parameter_key(p.name, p.location) for p in op.parameters}
        supplied: set[tuple[str, str]] = set()
        where = f"{op.method} {op.path} ({op.source_name})"
        for param in params:
            if param.location is None:
                if not self.reporter.errors_at_or_below(param.pointer):
                    self.report(
                        "AZ336",
                        f"parameter {param.name!r} has no `in`, which a parameter passed to an "
                        "operation must have",
                        param.pointer,
                    )
                continue
            key = parameter_key(param.name, param.location)
            supplied.add(key)
            if not param.from_step or key in declared:
                continue
            if param.location == "header" and (
                param.name.lower() in IGNORED_HEADERS or param.name.lower() in cred_headers
            ):
                continue
            if param.location == "query" and param.name in cred_query:
                continue
            at = (
                param.pointer
                if param.pointer.endswith("/reference")
                else jp.join(param.pointer, "name")
            )
            if param.location == "path":
                names = [p.name for p in op.parameters if p.location == "path"]
                self.report(
                    "AZ330",
                    f"operation {where} has no path parameter {param.name!r}"
                    + (f" (it has: {', '.join(names)})" if names else ""),
                    at,
                )
            else:
                self.report(
                    "AZ331",
                    f"operation {where} does not declare the {param.location} parameter "
                    f"{param.name!r}",
                    at,
                )
        self.missing_parameters(sp, step, op, supplied, cred_headers, cred_query, where)
        self.request_body(sp, step, op, where)

    def missing_parameters(
        self,
        sp: str,
        step: dict[str, object],
        op: ResolvedOperation,
        supplied: set[tuple[str, str]],
        cred_headers: set[str],
        cred_query: set[str],
        where: str,
    ) -> None:
        for param in op.parameters:
            if not param.required or parameter_key(param.name, param.location) in supplied:
                continue
            if param.location == "header" and param.name.lower() in cred_headers:
                continue
            if param.location == "query" and param.name in cred_query:
                continue
            ref_field = "operationId" if "operationId" in step else "operationPath"
            at = jp.join(sp, "parameters") if "parameters" in step else jp.join(sp, ref_field)
            self.report(
                "AZ332",
                f"operation {where} requires the {param.location} parameter {param.name!r}, "
                "which the step does not pass",
                at,
                key="parameters" in step,
            )

    def request_body(
        self, sp: str, step: dict[str, object], op: ResolvedOperation, where: str
    ) -> None:
        body = step.get("requestBody")
        ref_field = "operationId" if "operationId" in step else "operationPath"
        if body is None:
            if op.request_body_required:
                self.report(
                    "AZ333",
                    f"operation {where} requires a request body"
                    + (
                        f" ({', '.join(op.request_content_types)})"
                        if op.request_content_types
                        else ""
                    ),
                    jp.join(sp, ref_field),
                )
            return
        body_at = jp.join(sp, "requestBody")
        if not op.has_request_body:
            self.report("AZ334", f"operation {where} describes no request body", body_at, key=True)
            return
        content_type = body.get("contentType") if isinstance(body, dict) else None
        if (
            isinstance(content_type, str)
            and op.request_content_types
            and not content_type_accepted(content_type, op.request_content_types)
        ):
            self.report(
                "AZ335",
                f"operation {where} does not accept {content_type!r} "
                f"(it accepts: {', '.join(op.request_content_types)})",
                jp.join(body_at, "contentType"),
            )

    # -- workflows -----------------------------------------------------------------------
    def workflow(
        self,
        sp: str,
        step: dict[str, object],
        params: list[StepParameter],
        target: ResolvedWorkflow,
    ) -> None:
        if target.source_name is None:
            owner: LoadedDocument | None = self.doc
        else:
            source = self.sources.by_name.get(target.source_name)
            owner = source.document if source is not None else None
        if owner is None:
            return
        schema = _inputs_schema(owner, target.workflow_id)
        properties, required, closed = _input_names(owner, schema)
        given = {p.name for p in params}
        label = (
            target.workflow_id
            if target.source_name is None
            else (f"$sourceDescriptions.{target.source_name}.{target.workflow_id}")
        )
        for param in params:
            if param.from_step and closed and param.name not in properties:
                at = (
                    param.pointer
                    if param.pointer.endswith("/reference")
                    else jp.join(param.pointer, "name")
                )
                known = ", ".join(sorted(properties)) or "none"
                self.report(
                    "AZ337",
                    f"workflow {label!r} has no input {param.name!r} (its inputs: {known})",
                    at,
                )
        for name in required:
            if name not in given:
                at = (
                    jp.join(sp, "parameters") if "parameters" in step else jp.join(sp, "workflowId")
                )
                self.report(
                    "AZ338",
                    f"workflow {label!r} requires the input {name!r}, which the step does not pass",
                    at,
                    key="parameters" in step,
                )


def _inputs_schema(owner: LoadedDocument, workflow_id: str) -> object:
    workflows = owner.data.get("workflows") if isinstance(owner.data, dict) else None
    for workflow in workflows if isinstance(workflows, list) else []:
        if isinstance(workflow, dict) and workflow.get("workflowId") == workflow_id:
            return workflow.get("inputs")
    return None


_OPEN_KEYWORDS = ("anyOf", "oneOf", "patternProperties", "if", "dependentSchemas", "not")


def _input_names(
    owner: LoadedDocument, schema: object, depth: int = 0
) -> tuple[set[str], list[str], bool]:
    """(property names, required names, whether unknown names can be told apart).

    Local ``$ref``\\ s (``#/components/inputs/x``) and ``allOf`` are followed; a schema
    using other composition keywords or unresolvable references is treated as open.
    """
    if schema is None:
        return set(), [], True
    if not isinstance(schema, dict) or depth > 16:
        return set(), [], False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if not ref.startswith("#"):
            return set(), [], False
        return _input_names(owner, owner.get(ref[1:]), depth + 1)
    props = schema.get("properties")
    names = set(props) if isinstance(props, dict) else set()
    required = (
        [r for r in schema.get("required", []) if isinstance(r, str)]
        if isinstance(schema.get("required"), list)
        else []
    )
    extra = schema.get("additionalProperties")
    closed = not any(k in schema for k in _OPEN_KEYWORDS) and (extra is None or extra is False)
    parts = schema.get("allOf")
    for part in parts if isinstance(parts, list) else []:
        more, more_required, more_closed = _input_names(owner, part, depth + 1)
        names |= more
        required += [r for r in more_required if r not in required]
        closed = closed and more_closed
    return names, required, closed
