"""Stage: bind every step to the operation or workflow it calls.

``operationId`` (bare, or ``$sourceDescriptions.<name>.<operationId>``), ``operationPath``
(``{$sourceDescriptions.<name>.url}#/paths/<escaped path>/<method>``) and ``workflowId``
(bare, or ``$sourceDescriptions.<name>.<workflowId>``) are resolved against the loaded
sources. The lenient forms real documents use are accepted with a named warning:
case-insensitive operationIds (AZ506), ``source.opId`` (AZ507), ``/path`` and
``POST /path`` (AZ508), ``<name>#/paths/...`` (AZ320) and ``.workflows.<id>`` (AZ321).
Every diagnostic points at the reference in the Arazzo document. Unknown sources,
sources of the wrong type and unknown local workflows use the rules stage's codes
(AZ211, AZ212, AZ207), and a reference that already has an error is not looked at again.

Steps whose source could not be loaded, or has a type arazzogen cannot compile, are left
out silently: loading already reported why (the compiler refuses such steps, AZ607).
``channelPath`` steps (AsyncAPI) are not resolved here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from arazzogen import pointer as jp
from arazzogen.bind.openapi import (
    HTTP_METHODS,
    OperationEntry,
    RefResolver,
    index_operations,
    normalise,
)
from arazzogen.bind.openapi import OperationParameter as OperationParameter  # re-exported
from arazzogen.bind.openapi import ResolvedOperation as ResolvedOperation  # re-exported
from arazzogen.bind.sources import SourceDescription, Sources
from arazzogen.check.schema.text import join_words
from arazzogen.diagnostics import Reporter
from arazzogen.load.document import LoadedDocument

_PREFIX = "$sourceDescriptions."
_STANDARD_PATH = re.compile(
    r"\{\$sourceDescriptions\.(?P<name>[^{}]+?)\.url\}#(?P<fragment>.*)", re.S
)
_SHORTHAND_PATH = re.compile(r"(?:(?P<method>[A-Za-z]+)\s+)?(?P<path>/\S*)")
#: a problem of :class:`RefResolver`: ``<file>:<line>:<col>: <what>``
_REF_PROBLEM = re.compile(r"(?P<where>(?P<file>.+?):\d+:\d+): (?:\$ref )?(?P<what>.*)", re.S)


@dataclass(frozen=True)
class ResolvedWorkflow:
    source_name: str | None  # None: the same document
    workflow_id: str


Resolved = ResolvedOperation | ResolvedWorkflow


def step_pointers(
    doc: LoadedDocument,
) -> list[tuple[str, dict[str, object], str, dict[str, object]]]:
    """(workflow pointer, workflow, step pointer, step) for every well-formed step."""
    found: list[tuple[str, dict[str, object], str, dict[str, object]]] = []
    workflows = doc.data.get("workflows") if isinstance(doc.data, dict) else None
    if not isinstance(workflows, list):
        return found
    for wi, workflow in enumerate(workflows):
        steps = workflow.get("steps") if isinstance(workflow, dict) else None
        if not isinstance(workflow, dict) or not isinstance(steps, list):
            continue
        for si, step in enumerate(steps):
            if isinstance(step, dict):
                wp = jp.join("/workflows", wi)
                found.append((wp, workflow, jp.join(wp, "steps", si), step))
    return found


def resolve_steps(doc: LoadedDocument, sources: Sources, reporter: Reporter) -> dict[str, Resolved]:
    """Resolve every step; keyed by the step's JSON Pointer. Unresolved steps are absent."""
    resolver = _Resolver(doc, sources, reporter)
    handlers: dict[str, Callable[[str, str], Resolved | None]] = {
        "operationId": resolver.operation_id,
        "operationPath": resolver.operation_path,
        "workflowId": resolver.workflow_id,
    }
    result: dict[str, Resolved] = {}
    for _wp, _workflow, pointer, step in step_pointers(doc):
        resolved: Resolved | None = None
        for field_name, handler in handlers.items():
            value = step.get(field_name)
            if isinstance(value, str):
                at = jp.join(pointer, field_name)
                # An earlier stage (rules: AZ207, AZ211, AZ212, AZ228) already said what
                # is wrong with this reference: do not say it twice.
                if not reporter.errors_at_or_below(at):
                    resolved = handler(value.strip(), at)
                break
        if resolved is not None:
            result[pointer] = resolved
    return result


def _suggest(word: str, candidates: list[str], limit: int = 3) -> list[str]:
    import difflib  # only for a name that is not found (~1 ms to import)

    return difflib.get_close_matches(word, sorted(set(candidates)), n=limit, cutoff=0.6)


class _Resolver:
    def __init__(self, doc: LoadedDocument, sources: Sources, reporter: Reporter) -> None:
        self.doc = doc
        self.sources = sources
        self.reporter = reporter
        self.refs = RefResolver(sources.store)
        self._index: dict[str, list[OperationEntry]] = {}

    # -- helpers -------------------------------------------------------------------------
    def report(self, code: str, message: str, at: str, hint: str | None = None) -> None:
        self.reporter.report(code, message, self.doc.locate(at), hint=hint)

    def entries(self, source: SourceDescription) -> list[OperationEntry]:
        if source.name not in self._index:
            assert source.document is not None
            self._index[source.name] = index_operations(source.name, source.document, self.refs)
            self.refs.take_problems()  # a broken path item is reported by the step naming it
        return self._index[source.name]

    def openapi_sources(self) -> list[SourceDescription]:
        return [s for s in self.sources.by_name.values() if s.type == "openapi" and s.document]

    def unloaded_openapi(self) -> bool:
        """Whether an OpenAPI source (or one of unknown type) could not be loaded."""
        return any(
            s.type in ("openapi", "") and s.document is None for s in self.sources.by_name.values()
        )

    def split_source(self, rest: str) -> tuple[str, str] | None:
        """``<name>.<tail>`` with the longest declared source name; None when none fits."""
        for name in sorted(self.sources.by_name, key=len, reverse=True):
            if rest.startswith(name + "."):
                return name, rest[len(name) + 1 :]
        # the same name in other case: the rules stage reported the lenient AZ511
        for name in sorted(self.sources.by_name, key=len, reverse=True):
            if rest.casefold().startswith(name.casefold() + "."):
                return name, rest[len(name) + 1 :]
        return None

    def usable(self, name: str, wanted: str, at: str, field_name: str) -> SourceDescription | None:
        """The source ``name`` if it exists, has type ``wanted`` and is loaded; else report."""
        source = self.sources.by_name.get(name) or next(
            (s for n, s in self.sources.by_name.items() if n.casefold() == name.casefold()), None
        )  # other case: the rules stage reported the lenient AZ511
        if source is None:
            near = _suggest(name, list(self.sources.by_name))
            hint = f"did you mean `{near[0]}`?" if near else None
            self.report(
                "AZ211", f"{field_name} names the unknown source description {name!r}", at, hint
            )
            return None
        if source.type != wanted:
            # Types arazzogen cannot compile were reported when loading (AZ305); the
            # compiler refuses such steps (AZ607), `validate` accepts them.
            if source.type in ("openapi", "arazzo"):
                self.report(
                    "AZ212",
                    f"{field_name} names source description {name!r}, which has type "
                    f"{source.type!r}, not {wanted!r}",
                    at,
                )
            return None
        return source if source.document is not None else None

    def finish(self, entry: OperationEntry, at: str) -> ResolvedOperation:
        source = self.sources.by_name[entry.source_name]
        assert source.document is not None
        resolved = normalise(entry, source.document, self.refs)
        for problem in self.refs.take_problems():
            self.report("AZ315", _ref_problem(problem), at)
        return resolved

    # -- operationId ---------------------------------------------------------------------
    def operation_id(self, value: str, at: str) -> ResolvedOperation | None:
        if value.startswith(_PREFIX):
            split = self.split_source(value[len(_PREFIX) :])
            if split is None:
                self.no_tail(value, "openapi", "operationId", at)
                return None
            source = self.usable(split[0], "openapi", at, "operationId")
            if source is None:
                return None
            found = self.match(source, split[1], at, quiet=False)
            return self.finish(found, at) if found is not None else None
        exact = [
            e for s in self.openapi_sources() for e in self.entries(s) if e.operation_id == value
        ]
        if len(exact) == 1:
            return self.finish(exact[0], at)
        if len(exact) > 1:
            self.ambiguous("operationId", value, exact, at)
            return None
        split = self.split_source(value)
        if split is not None:
            source = self.sources.by_name[split[0]]
            if source.type == "openapi" and source.document is not None:
                found = self.match(source, split[1], at, quiet=True)
                if found is not None:
                    self.report(
                        "AZ507",
                        f"operationId {value!r} is qualified as `source.operationId`; read as "
                        f"`$sourceDescriptions.{split[0]}.{split[1]}`",
                        at,
                        hint=f"write `$sourceDescriptions.{split[0]}.{split[1]}`",
                    )
                    return self.finish(found, at)
        folded = [
            e
            for s in self.openapi_sources()
            for e in self.entries(s)
            if e.operation_id is not None and e.operation_id.casefold() == value.casefold()
        ]
        if len(folded) == 1:
            self.case_warning(value, folded[0], at)
            return self.finish(folded[0], at)
        if len(folded) > 1:
            self.ambiguous("operationId", value, folded, at)
            return None
        if self.unloaded_openapi():
            return None  # it may be in the source that could not be loaded
        self.not_found(value, self.openapi_sources(), at)
        return None

    def no_tail(self, value: str, wanted: str, field_name: str, at: str) -> None:
        """``$sourceDescriptions.<x>`` without a known ``<name>.<id>`` split."""
        name = value[len(_PREFIX) :].split(".", 1)[0]
        if name in self.sources.by_name:
            what = "operationId" if wanted == "openapi" else "workflowId"
            self.report(
                "AZ310" if wanted == "openapi" else "AZ314",
                f"{field_name} {value!r} names source {name!r} but no {what} after it",
                at,
                hint=f"write `$sourceDescriptions.{name}.<{what}>`",
            )
            return
        self.usable(name, wanted, at, field_name)

    def match(
        self, source: SourceDescription, op_id: str, at: str, *, quiet: bool
    ) -> OperationEntry | None:
        """Find ``op_id`` in one source: exact, else case-insensitively (AZ506)."""
        entries = self.entries(source)
        exact = [e for e in entries if e.operation_id == op_id]
        if not exact:
            exact = [
                e
                for e in entries
                if e.operation_id is not None and e.operation_id.casefold() == op_id.casefold()
            ]
            if len(exact) == 1:
                self.case_warning(op_id, exact[0], at)
                return exact[0]
        if len(exact) == 1:
            return exact[0]
        if quiet:
            return None
        if exact:
            self.ambiguous("operationId", op_id, exact, at)
        else:
            self.not_found(op_id, [source], at, qualified=source.name)
        return None

    def case_warning(self, value: str, entry: OperationEntry, at: str) -> None:
        self.report(
            "AZ506",
            f"operationId {value!r} matches {entry.operation_id!r} in source "
            f"{entry.source_name!r} only when case is ignored",
            at,
            hint=f"write `{entry.operation_id}`",
        )

    def ambiguous(self, what: str, value: str, entries: list[OperationEntry], at: str) -> None:
        places = ", ".join(f"{e.method.upper()} {e.path} in {e.source_name!r}" for e in entries)
        names = sorted({e.source_name for e in entries})
        hint = None
        if len(names) > 1 and entries[0].operation_id is not None:
            hint = f"qualify it, e.g. `$sourceDescriptions.{names[0]}.{entries[0].operation_id}`"
        elif entries[0].operation_id is not None:
            hint = "the source repeats this operationId; reach the operation with `operationPath`"
        message = f"{what} {value!r} matches {len(entries)} operations: {places}"
        self.report("AZ311", message, at, hint)

    def not_found(
        self, value: str, searched: list[SourceDescription], at: str, qualified: str | None = None
    ) -> None:
        pool: dict[str, str] = {}
        for source in self.openapi_sources():
            for entry in self.entries(source):
                if entry.operation_id is not None:
                    pool.setdefault(entry.operation_id, source.name)
        near = _suggest(value, list(pool))
        where = (
            f"source {qualified!r}"
            if qualified
            else (
                "the source descriptions"
                if searched
                else "any source description (none is openapi)"
            )
        )
        message = f"operationId {value!r} is not defined in {where}"
        hint = None
        if near:
            shown = join_words([f"{n!r} (in {pool[n]!r})" for n in near])
            message += f"; did you mean {shown}?"
            best = near[0]
            hint = (
                f"write `$sourceDescriptions.{pool[best]}.{best}`"
                if qualified
                else f"write `{best}`"
            )
        self.report("AZ310", message, at, hint)

    # -- operationPath -------------------------------------------------------------------
    def operation_path(self, value: str, at: str) -> ResolvedOperation | None:
        standard = _STANDARD_PATH.fullmatch(value)
        if standard is not None:
            name, fragment = standard.group("name"), standard.group("fragment")
        elif "#" in value:
            prefix, fragment = value.split("#", 1)
            loose = self.loose_source(prefix)
            if loose is None:
                self.report(
                    "AZ312",
                    f"operationPath {value!r} does not say which source description it uses",
                    at,
                )
                return None
            name = loose
            self.report(
                "AZ320",
                f"operationPath names its source as {prefix!r}; read as "
                f"`{{$sourceDescriptions.{name}.url}}`",
                at,
                hint=f"write `{{$sourceDescriptions.{name}.url}}#{fragment}`",
            )
        else:
            return self.shorthand(value, at)
        source = self.usable(name, "openapi", at, "operationPath")
        if source is None:
            return None
        return self.by_pointer(source, fragment, value, at)

    def loose_source(self, prefix: str) -> str | None:
        text = prefix.strip()
        if text.startswith("{") and text.endswith("}"):
            text = text[1:-1]
        if text.startswith(_PREFIX):
            text = text[len(_PREFIX) :]
        for candidate in (text, text[: -len(".url")] if text.endswith(".url") else text):
            if candidate in self.sources.by_name:
                return candidate
        for source in self.sources.by_name.values():
            if prefix.strip() == source.url.strip():
                return source.name
        return None

    def by_pointer(
        self, source: SourceDescription, fragment: str, value: str, at: str
    ) -> ResolvedOperation | None:
        try:
            tokens = jp.split(unquote(fragment))
        except jp.PointerError as exc:
            self.report("AZ312", f"operationPath {value!r}: {exc}", at)
            return None
        if len(tokens) not in (2, 3) or tokens[0] != "paths":
            self.report(
                "AZ312",
                f"operationPath {value!r} does not point at an operation "
                "(expected `#/paths/<escaped path>/<method>`)",
                at,
            )
            return None
        entries = self.entries(source)
        on_path = [e for e in entries if e.path == tokens[1]]
        if not on_path:
            near = _suggest(tokens[1], [e.path for e in entries])
            message = f"source {source.name!r} has no path {tokens[1]!r}"
            hint = None
            if near:
                message += f"; did you mean {near[0]!r}?"
                hint = f"write `#{jp.join('/paths', near[0])}/<method>`"
            self.report("AZ313", message, at, hint)
            return None
        methods = ", ".join(e.method for e in on_path)
        if len(tokens) == 2:
            step = self.doc.get(at.rsplit("/", 1)[0])  # one that sends a body: post, put...
            sends = isinstance(step, dict) and "requestBody" in step
            wanted = ("post", "put", "patch") if sends else ("get",)
            method = next((m for m in wanted if m in methods.split(", ")), on_path[0].method)
            self.report(
                "AZ312",
                f"operationPath {value!r} points at a path item, not an operation; "
                f"add the method ({methods})",
                at,
                hint=f"append `/{method}` to the pointer",
            )
            return None
        chosen = [e for e in on_path if e.method == tokens[2]]
        if not chosen:
            self.report(
                "AZ313",
                f"path {tokens[1]!r} in source {source.name!r} has no {tokens[2]!r} operation "
                f"(it has: {methods})",
                at,
                hint="use one of the methods listed, in lower case",
            )
            return None
        return self.finish(chosen[0], at)

    def shorthand(self, value: str, at: str) -> ResolvedOperation | None:
        match = _SHORTHAND_PATH.fullmatch(value)
        method = (match.group("method") or "").lower() if match else ""
        if match is None or (method and method not in HTTP_METHODS):
            self.report(
                "AZ312",
                f"operationPath {value!r} is not of the form "
                "`{$sourceDescriptions.<name>.url}#/paths/...`",
                at,
            )
            return None
        path = match.group("path")
        candidates = [
            e
            for s in self.openapi_sources()
            for e in self.entries(s)
            if e.path == path and (not method or e.method == method)
        ]
        if len(candidates) > 1:
            self.ambiguous("operationPath", value, candidates, at)
            return None
        if not candidates:
            if self.unloaded_openapi():
                return None
            all_paths = [e.path for s in self.openapi_sources() for e in self.entries(s)]
            near = _suggest(path, all_paths)
            extra = f"; did you mean {near[0]!r}?" if near else ""
            self.report("AZ313", f"no source description has the operation {value!r}{extra}", at)
            return None
        entry = candidates[0]
        pointer = jp.join("/paths", entry.path, entry.method)
        full = f"{{$sourceDescriptions.{entry.source_name}.url}}#{pointer}"
        self.report(
            "AZ508",
            f"operationPath {value!r} is a shorthand; read as `{full}`",
            at,
            hint=f"write `{full}`",
        )
        return self.finish(entry, at)

    # -- workflowId ----------------------------------------------------------------------
    def workflow_id(self, value: str, at: str) -> ResolvedWorkflow | None:
        if not value.startswith(_PREFIX):
            local = _workflow_ids(self.doc.data)
            if value in local:
                return ResolvedWorkflow(None, value)
            elsewhere = [
                s.name
                for s in self.sources.by_name.values()
                if s.type == "arazzo" and s.document and value in _workflow_ids(s.document.data)
            ]
            if elsewhere:
                self.report(
                    "AZ207",
                    f"workflow {value!r} is not in this document but in source "
                    f"{elsewhere[0]!r}",
                    at,
                    hint=f"write `$sourceDescriptions.{elsewhere[0]}.{value}`",
                )
                return None
            self.workflow_missing(value, local, None, at, code="AZ207")
            return None
        split = self.split_source(value[len(_PREFIX) :])
        if split is None:
            self.no_tail(value, "arazzo", "workflowId", at)
            return None
        source = self.usable(split[0], "arazzo", at, "workflowId")
        if source is None or source.document is None:
            return None
        name, workflow = split
        known = _workflow_ids(source.document.data)
        if workflow in known:
            return ResolvedWorkflow(name, workflow)
        if workflow.startswith("workflows.") and workflow[len("workflows.") :] in known:
            short = workflow[len("workflows.") :]
            self.report(
                "AZ321",
                f"workflowId {value!r} has a `.workflows.` segment; read as "
                f"`$sourceDescriptions.{name}.{short}`",
                at,
                hint=f"write `$sourceDescriptions.{name}.{short}`",
            )
            return ResolvedWorkflow(name, short)
        self.workflow_missing(workflow, known, name, at)
        return None

    def workflow_missing(
        self, value: str, known: list[str], source: str | None, at: str, code: str = "AZ314"
    ) -> None:
        near = _suggest(value, known)
        where = "this document" if source is None else f"source {source!r}"
        message = f"workflow {value!r} is not defined in {where}"
        hint = None if source is None else f"use a workflowId of source {source!r}"
        if near:
            message += f"; did you mean {near[0]!r}?"
            hint = f"write `{near[0] if source is None else f'{_PREFIX}{source}.{near[0]}'}`"
        self.report(code, message, at, hint)


def _ref_problem(problem: str) -> str:
    """The AZ315 message: the problem at its ``file:line:col``, the file named once."""
    found = _REF_PROBLEM.fullmatch(problem)
    where, what = (found["where"], found["what"].removesuffix(f" in {found['file']}")) if found \
        else (None, problem)
    return f"the operation this step calls has an unresolved `$ref` at {where}: {what}"


def _workflow_ids(data: object) -> list[str]:
    workflows = data.get("workflows") if isinstance(data, dict) else None
    if not isinstance(workflows, list):
        return []
    return [
        w["workflowId"]
        for w in workflows
        if isinstance(w, dict) and isinstance(w.get("workflowId"), str)
    ]
