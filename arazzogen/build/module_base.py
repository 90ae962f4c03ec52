"""The module-wide part of stage 4: shared state, name checks, inputs, base URLs, and the
assembly of the :class:`arazzogen.build.ir.Module` from the built workflows.

:class:`arazzogen.build.workflow.ModuleBuilder` builds each workflow on top of this.
Nothing here touches the file system.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from arazzogen import __version__
from arazzogen import pointer as jp
from arazzogen.bind.resolve import ResolvedOperation, ResolvedWorkflow
from arazzogen.build import ir, pytypes
from arazzogen.build.call import Callee
from arazzogen.build.codegen import helpers as helper_lib
from arazzogen.build.codegen import helpers_client, jsonpath_emit
from arazzogen.build.codegen.emit import EmitError, Emitter, no_lookup
from arazzogen.build.codegen.flow_helper import FlowFeatures, flow_args, flow_source
from arazzogen.build.codegen.literals import docstring, py_literal
from arazzogen.build.codegen.names import Scope, pascal_case, snake_case
from arazzogen.build.result_types import OutputTypes
from arazzogen.build.step import StepSpec
from arazzogen.build.types import ArazzoReader, fits, input_properties, optional, resolve_schema
from arazzogen.build.values import ALWAYS_EXPORTED, MODULE_NAMES, InputRef, UndeclaredOutput
from arazzogen.check.rules import model
from arazzogen.diagnostics import Reporter, Severity
from arazzogen.load.document import LoadedDocument


class _Refused(Exception):
    """Raised after an unsupported construct was reported."""


@dataclass(frozen=True)
class ForeignDocument:
    """An Arazzo document named by a ``type: arazzo`` source, bound to its own sources:
    its workflows are compiled into the same module."""

    doc: LoadedDocument
    version: str
    resolved: Mapping[str, ResolvedOperation | ResolvedWorkflow]
    #: one text per document (its absolute path): a document two sources name is built once
    key: str = ""
    #: its own ``type: arazzo`` sources, by name (any depth; the compile refused cycles)
    foreign: Mapping[str, ForeignDocument] = field(default_factory=dict)


class BuilderBase:
    """The module-wide state of a build (names, helpers, base URLs) and the checks and
    parts that do not depend on a workflow's control flow."""

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
        #: how base URL docstrings name the document (empty: the main document)
        self.of_document = ""
        #: the module's TypedDicts and the types of workflow outputs
        self.dicts = pytypes.TypedDicts(self.names)
        self.output_types = OutputTypes(self.dicts, version)

    def share(self, parent: BuilderBase, document_key: str, source_name: str) -> None:
        """Build into ``parent``'s module: one name scope, helpers and base URLs.
        ``source_name``: the ``type: arazzo`` source that names this document."""
        self.names = parent.names
        self.base_url_names = parent.base_url_names
        self.emitter = parent.emitter
        self.base_urls = parent.base_urls
        self.dicts = parent.dicts
        self.output_types = OutputTypes(self.dicts, self.version)
        self.base_prefix = document_key + "\0"
        self.of_document = f" of Arazzo source ``{source_name}``"

    def find_callee(self, text: str) -> Callee | None:
        """The built workflow a ``workflowId`` names: of this document, or
        ``$sourceDescriptions.<name>.<workflowId>`` of a foreign one."""
        if text.startswith("$sourceDescriptions."):
            name, _, workflow_id = text[len("$sourceDescriptions.") :].partition(".")
            return self.foreign_callees.get(name, {}).get(workflow_id)
        return self.callees.get(text)

    def callee_of(self, step: model.StepInfo) -> Callee | None:
        """The workflow a step runs, when it runs one of this document."""
        target = self.resolved.get(step.pointer)
        if isinstance(target, ResolvedWorkflow) and target.source_name is None:
            return self.callees.get(target.workflow_id)
        if isinstance(target, ResolvedWorkflow) and target.source_name is not None:
            return self.foreign_callees.get(target.source_name, {}).get(target.workflow_id)
        return None

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

    def unbuilt(self, what: str, pointer: str) -> _Refused:
        """A workflow named here that was not built: it could not be compiled, and its
        errors were reported where it is. Without such an error this is a bug, reported
        rather than leaving the workflow out of the module."""
        if self.reporter.has_errors:
            return _Refused()
        return self.refuse("AZ903", f"{what}: the workflow it names was not built", pointer)

    def refuse(self, code: str, message: str, pointer: str) -> _Refused:
        self.reporter.report(code, f"cannot compile {message}", self.doc.locate(pointer))
        return _Refused()

    def module(self, data: Mapping[str, object], workflows: list[ir.Workflow]) -> ir.Module:
        info = data.get("info") if isinstance(data.get("info"), Mapping) else {}
        assert isinstance(info, Mapping)
        parts = [str(info.get("title", "")).strip()]
        parts += [str(info[k]).strip() for k in ("summary", "description") if info.get(k)]
        has_loops = any(w.loops for w in workflows)
        has_calls = any(isinstance(s, ir.CallStep) for w in workflows for s in w.steps)
        checks_types = any(w.result_function for w in workflows)
        has_json_checks = any(
            isinstance(s, ir.Step) and "MalformedBodyError" in s.failed_error_code
            for w in workflows
            for s in w.steps
        )
        self.emitter.imports |= self.dicts.imports
        self.emitter.helpers |= self.dicts.helpers
        features = FlowFeatures(
            loops=has_loops,
            retries="_Retry" in self.emitter.helpers,
            requires=any(s.requires_code for w in workflows for s in w.steps),
            loopless=any(w.has_jumps and not w.loops for w in workflows),
        )
        if any(w.has_jumps for w in workflows):
            self.emitter.helpers.add("_Flow")
            workflows = [
                dataclasses.replace(
                    w, flow_args_code=flow_args(features, w.workflow_id_code, w.loops)
                )
                for w in workflows
            ]
        if any(s.outputs_class for w in workflows for s in w.steps):
            self.emitter.imports.add("from typing import NamedTuple")
        if workflows:  # the I/O of both flavors
            self.emitter.helpers |= {ir.SYNC.send_helper, ir.ASYNC.send_helper}
        if any(w.waits for w in workflows):  # the `sleep` argument and its defaults
            self.emitter.imports |= {
                "import asyncio",
                "import time",
                "from collections.abc import Awaitable, Callable",
            }
        names, imports = helper_lib.collect(self.emitter.helpers)
        early = [n for n in names if n in helper_lib.EARLY]
        names = [n for n in names if n not in helper_lib.EARLY]
        imports |= self.emitter.imports
        imports |= set(jsonpath_emit.helper_imports(self.emitter.jsonpath_helpers))
        sources = [helper_lib.source(n) for n in names]  # (_Flow is early)
        if "import asyncio" in imports:  # at the top already: not again inside _send_async
            sources = [s.replace(helpers_client.ASYNCIO_WHERE_USED, "") for s in sources]
        sources += [
            s.strip("\n") for s in jsonpath_emit.helper_sources(self.emitter.jsonpath_helpers)
        ]
        exports = sorted(
            [*ALWAYS_EXPORTED]
            + (["MalformedBodyError"] if has_json_checks else [])
            + (["LoopLimitError"] if has_loops else [])
            + (["CalledWorkflowError"] if has_calls else [])
            + [f.name for w in workflows for f in w.functions]
            + [w.result_class for w in workflows]
            + (["ResponseTypeError"] if checks_types else [])
            + [d.name for d in self.dicts.defs]
        )
        version = str(data.get("arazzo", ""))
        header = (
            f"Generated by arazzogen {__version__} from {self.source_path} (Arazzo {version}).\n"
            "Do not edit: change the Arazzo document and run `arazzogen compile` again."
        )
        fields = list(self.base_urls.values())
        return ir.Module(
            doc=docstring("\n\n".join(p for p in parts if p), alone=False),
            header_comment=docstring(header, alone=False),
            imports=_import_lines(imports),
            exports=tuple(exports),
            # fields without a default first, as dataclasses require
            base_urls=tuple(
                [f for f in fields if not f.default_code] + [f for f in fields if f.default_code]
            ),
            base_urls_required=any(not f.default_code for f in fields),
            workflows=tuple(workflows),
            helpers=tuple(sources),
            early_helpers=tuple(
                flow_source(features) if n == "_Flow" else helper_lib.source(n) for n in early
            ),
            flow_waits=features.waits,
            uses_typevar="_ran" in names or "_plain" in names,
            has_loops=has_loops,
            has_calls=has_calls,
            typed_dicts=tuple(self.dicts.defs),
            checks_types=checks_types,
            has_json_checks=has_json_checks,
        )

    # ------------------------------------------------------------------ workflow

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
        converter = pytypes.Converter(ArazzoReader(self.doc.data), self.dicts, inputs=True)
        for key in ordered:
            prop = resolve_schema(props[key], self.doc.data)
            typed = converter.convert(props[key], pascal_case(key, fallback="Input"))
            base = pytypes.annotation(typed, inputs=True)
            self.emitter.imports |= pytypes.imports(typed, inputs=True)
            is_required = key in required
            name = local.claim(snake_case(key, fallback="input"), key=f"input:{key}")
            default = None if is_required else prop.get("default")
            if default is not None and not fits(default, typed, self.dicts):
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
            doc = docstring(text, width=72, alone=False)
            plain = pytypes.structured(typed)
            if plain:
                self.emitter.helpers.add("_plain")
            params.append(
                ir.InputParam(name, annotation, is_required, doc, default_code, plain=plain)
            )
            # an input with a default always has a value once the function has started
            if default is None:
                refs[key] = InputRef(name, annotation, is_required)
            else:
                refs[key] = InputRef(name, base, True)
        return params, refs, defaults

    def reserve_base_url_names(self) -> None:
        """Claim the ``BaseUrls`` names of this document's servers before its Arazzo
        sources are built (their workflows come first): where a name is wanted twice,
        this document's source keeps it and the Arazzo source's is numbered."""
        for target in self.resolved.values():
            if isinstance(target, ResolvedOperation) and not target.own_servers:
                self._base_url_name(target)

    def _base_url_name(self, op: ResolvedOperation) -> tuple[str, str]:
        """(key, field name) of the ``BaseUrls`` field of ``op``'s server (the same key
        always gets the same name)."""
        key, wanted = self.base_prefix + op.source_name, op.source_name
        if op.own_servers:
            label = op.operation_id or f"{op.method} {op.path}"
            key = f"{self.base_prefix}{op.source_name}\0{op.method} {op.path}"
            wanted = f"{op.source_name} {label}"
        return key, self.base_url_names.claim(snake_case(wanted, fallback="source"), key=key)

    def base_url(self, op: ResolvedOperation) -> str:
        """The ``BaseUrls`` field of the step's server: one per source, and one per
        operation that has its own (operation- or path-level) ``servers``."""
        key, name = self._base_url_name(op)
        doc = f"Base URL for source ``{op.source_name}``{self.of_document}."
        if op.own_servers:
            doc = (
                f"Base URL for ``{op.method} {op.path}`` of source ``{op.source_name}``"
                f"{self.of_document} (its own ``servers``)."
            )
        if key not in self.base_urls:
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


def _import_lines(imports: set[str]) -> tuple[str, ...]:
    """Standard-library import lines in isort order (``dataclasses`` is always there)."""
    straight = sorted(i.split()[1] for i in imports if i.startswith("import "))
    names: dict[str, set[str]] = {"dataclasses": {"dataclass"}}
    for line in imports:
        if line.startswith("from "):
            module, _, listed = line[len("from ") :].partition(" import ")
            names.setdefault(module.strip(), set()).update(n.strip() for n in listed.split(","))

    def order(name: str) -> tuple[int, str, str]:  # ruff's isort: by type, then ignoring case
        return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name.lower(), name)

    froms = [f"from {m} import {', '.join(sorted(n, key=order))}" for m, n in sorted(names.items())]
    return tuple(f"import {m}" for m in straight) + tuple(froms)


def callees_first(ctx: model.Ctx) -> list[model.WorkflowInfo]:
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
