"""The library entry points: the pipeline strung together, stage by stage.

``validate`` runs load -> schema -> rules [-> sources -> resolve -> binding];
``compile_document`` continues with build -> render -> format. Both return a
:class:`Outcome` holding every diagnostic collected; neither prints, writes or
raises for a bad document. An unexpected exception inside a stage becomes the
diagnostic AZ903 instead of a traceback.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from arazzogen.check.limits import Limits
from arazzogen.diagnostics import Diagnostic, Location, Reporter
from arazzogen.load.document import LoadedDocument, load_document
from arazzogen.load.paths import absolute

if TYPE_CHECKING:
    from arazzogen.bind.sources import SourceOptions, Sources
    from arazzogen.build.module_base import ForeignDocument

#: what the entry points accept as a path
StrPath = str | os.PathLike[str]


@dataclass(frozen=True)
class Outcome:
    diagnostics: tuple[Diagnostic, ...]
    #: the generated module (``compile_document`` only, when there were no errors)
    module: str | None = None

    @property
    def ok(self) -> bool:
        return not any(d.severity.value == "error" for d in self.diagnostics)

    def __repr__(self) -> str:
        """Counts, not the whole module: ``Outcome(ok=True, errors=0, ..., module=472 lines)``."""
        counts = {"error": 0, "warning": 0, "note": 0}
        for d in self.diagnostics:
            counts[d.severity.value] = counts.get(d.severity.value, 0) + 1
        module = "None" if self.module is None else f"{self.module.count(chr(10))} lines"
        return (
            f"Outcome(ok={self.ok}, errors={counts['error']}, warnings={counts['warning']}, "
            f"notes={counts['note']}, module={module})"
        )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """How a path is shown in diagnostics: relative to the working directory when below it."""
    base = absolute(cwd or Path.cwd())
    try:
        return absolute(path).relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class _Run:
    reporter: Reporter
    doc: LoadedDocument | None = None
    version: str | None = None
    resolved: Mapping[str, object] | None = None
    sources: Sources | None = None
    #: every file read: the document and its loaded source descriptions
    inputs: tuple[Path, ...] = ()
    #: the sources of the ``type: arazzo`` source documents (any depth), read for the module
    nested: tuple[Sources, ...] = ()
    #: an Arazzo source (any depth) whose own sources were not looked at (not readable)
    unreached: bool = False


def _front(
    run: _Run,
    path: Path,
    *,
    use_sources: bool,
    cwd: Path | None,
    sources: SourceOptions | None = None,
    allow_paths: Sequence[StrPath] = (),
    limits: Limits | None = None,
    loaded: LoadedDocument | None = None,
) -> _Run:
    """Every stage up to and including operation binding; diagnostics go to ``run``.
    ``loaded``: the document at ``path``, already read (an Arazzo source, maybe remote)."""
    from arazzogen.load.positions import load_limits

    chosen = limits or Limits()
    with load_limits(depth=chosen.depth, file_bytes=chosen.file_bytes):
        return _stages(run, path, use_sources, cwd, sources, allow_paths, chosen, loaded)


def _stages(
    run: _Run,
    path: Path,
    use_sources: bool,
    cwd: Path | None,
    sources: SourceOptions | None,
    allow_paths: Sequence[StrPath],
    limits: Limits,
    loaded: LoadedDocument | None = None,
) -> _Run:
    from arazzogen.bind.binding import check_bindings
    from arazzogen.bind.resolve import resolve_steps
    from arazzogen.bind.sources import confine, load_sources
    from arazzogen.check.limits import check_limits
    from arazzogen.check.rules import check_document
    from arazzogen.check.schema.validate import validate_schema

    run.doc = loaded or load_document(path, run.reporter, display=display_path(path, cwd))
    if run.doc is None or run.reporter.has_errors:
        return run
    if not check_limits(run.doc, run.reporter, limits):
        return run
    run.version = validate_schema(run.doc, run.reporter)
    if run.version is None or run.reporter.has_errors:
        return run
    check_document(run.doc, run.reporter, version=run.version)
    if use_sources:
        confinement = confine(path, cwd, [Path(p) for p in allow_paths])
        found = run.sources = load_sources(
            run.doc,
            run.reporter,
            cwd=cwd,
            confinement=confinement,
            options=sources,
            nested=loaded is not None,
        )
        run.inputs = (
            *(() if run.doc.url else (path,)),
            *(s.document.path for s in found.by_name.values() if s.document and not s.document.url),
        )
        run.resolved = resolve_steps(run.doc, found, run.reporter)
        check_bindings(run.doc, found, run.resolved, run.reporter, version=run.version)
    return run


def _internal_error(reporter: Reporter, path: Path, exc: BaseException, cwd: Path | None) -> None:
    reporter.report(
        "AZ903",
        f"internal error: {type(exc).__name__}: {exc}",
        Location(display_path(path, cwd), 1, 1, None, None, ""),
    )


_P = ParamSpec("_P")
_T = TypeVar("_T")
#: garbage collector thresholds while a document is checked or compiled
GC_THRESHOLDS = (100_000, 50, 100)


def _few_collections(function: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run ``function`` with the cyclic garbage collector tuned for building large
    object graphs: what is alive when it starts (modules, compiled schemas) frozen out
    of collections, and collections of young objects 100 times rarer. With Python's
    defaults, parsing the 7 MB module of a 1000-workflow document took 2.7 times as
    long as without collections. Garbage is still collected, and the settings are put
    back when the function returns (a nested call leaves them to the outer one)."""

    @functools.wraps(function)
    def tuned(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        if gc.get_threshold() == GC_THRESHOLDS:  # already tuned by a caller
            return function(*args, **kwargs)
        before = gc.get_threshold()
        freeze = gc.get_freeze_count() == 0  # never thaw what the application froze
        if freeze:
            gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            return function(*args, **kwargs)
        finally:
            gc.set_threshold(*before)
            if freeze:
                gc.unfreeze()

    return tuned


@_few_collections
def validate(
    path: StrPath,
    *,
    use_sources: bool = True,
    strict: bool = False,
    cwd: StrPath | None = None,
    ignore: Iterable[str] = (),
    sources: SourceOptions | None = None,
    allow_paths: Sequence[StrPath] = (),
    limits: Limits | None = None,
) -> Outcome:
    """Check a document (and, with ``use_sources``, bind its steps to their operations).

    Source descriptions are read only below the document's project root or below one
    of ``allow_paths`` (see :func:`arazzogen.bind.sources.project_root`).

    ``ignore``: codes of warnings and notes not to report. ``sources``: how source
    descriptions are found (mappings, remote fetching, the lock); by default, as the
    document says, local files only."""
    path, cwd = Path(path), None if cwd is None else Path(cwd)
    reporter = Reporter(strict=strict, ignore=frozenset(ignore))
    try:
        run = _front(
            _Run(reporter),
            path,
            use_sources=use_sources,
            cwd=cwd,
            sources=sources,
            allow_paths=allow_paths,
            limits=limits,
        )
        # the Arazzo sources too, even when this document has errors: one report
        _foreign_documents(run, cwd=cwd, sources=sources, allow_paths=allow_paths, limits=limits)
        _report_unused_mappings(run, sources)
    except Exception as exc:  # a bug: report it as a diagnostic, never a traceback
        _internal_error(reporter, path, exc, cwd)
    return Outcome(tuple(reporter.diagnostics))


@_few_collections
def compile_document(
    path: StrPath,
    *,
    strict: bool = False,
    cwd: StrPath | None = None,
    output: StrPath | None = None,
    ignore: Iterable[str] = (),
    sources: SourceOptions | None = None,
    allow_paths: Sequence[StrPath] = (),
    limits: Limits | None = None,
) -> Outcome:
    """Validate ``path`` and generate its module. ``output`` (where the module will be
    written) only decides how the header names the document: relative to it."""
    path, cwd = Path(path), None if cwd is None else Path(cwd)
    output = None if output is None else Path(output)
    from arazzogen.build.workflow import build_module
    from arazzogen.digest import seal
    from arazzogen.emit.formatting import GeneratedCodeError, format_source
    from arazzogen.emit.render import render_module

    reporter = Reporter(strict=strict, ignore=frozenset(ignore))
    try:
        run = _front(
            _Run(reporter),
            path,
            use_sources=True,
            cwd=cwd,
            sources=sources,
            allow_paths=allow_paths,
            limits=limits,
        )
        # the Arazzo sources are checked even when this document has errors: one report
        foreign = _foreign_documents(
            run, cwd=cwd, sources=sources, allow_paths=allow_paths, limits=limits
        )
        _report_unused_mappings(run, sources)
        if run.doc is None or run.version is None or run.resolved is None or reporter.has_errors:
            return Outcome(tuple(reporter.diagnostics))
        if output is not None and _same_file(output, run.inputs):
            reporter.report(
                "AZ905",
                f"refusing to overwrite {output.as_posix()}: it is an input " "of this compilation",
                Location(output.as_posix(), 1, 1, None, None, ""),
            )
            return Outcome(tuple(reporter.diagnostics))
        module = build_module(
            run.doc,
            run.version,
            run.resolved,  # type: ignore[arg-type]
            reporter,
            foreign=foreign,
            source_path=_header_path(path, output),
            trailer=_trailer(run, path, output, strict=strict, sources=sources),
        )
        if module is None or reporter.has_errors:
            return Outcome(tuple(reporter.diagnostics))
        rendered = render_module(module)
        size_limit = (limits or Limits()).module_bytes
        if len(rendered) > size_limit:
            reporter.report(
                "AZ016",
                f"the generated module would be {len(rendered):,} bytes; the limit is "
                f"{size_limit:,} (raise it with `--limit module-bytes=N`)",
                run.doc.locate(""),
            )
            return Outcome(tuple(reporter.diagnostics))
        try:
            text = seal(format_source(rendered))
        except GeneratedCodeError as exc:
            reporter.report("AZ902", f"generated code does not parse: {exc}", run.doc.locate(""))
            return Outcome(tuple(reporter.diagnostics))
        return Outcome(tuple(reporter.diagnostics), text)
    except Exception as exc:  # a bug: report it as a diagnostic, never a traceback
        _internal_error(reporter, path, exc, cwd)
        return Outcome(tuple(reporter.diagnostics))


def _foreign_documents(
    run: _Run,
    *,
    cwd: Path | None,
    sources: SourceOptions | None,
    allow_paths: Sequence[StrPath],
    limits: Limits | None,
    top: _Run | None = None,
    seen: dict[str, ForeignDocument] | None = None,
    stack: tuple[str, ...] = (),
) -> dict[str, ForeignDocument]:
    """The ``type: arazzo`` source descriptions, each checked and bound to its own sources
    (and its own Arazzo sources, at any depth), so that the workflows steps and actions run
    from them compile into the same module. A document reached twice is checked once; a
    document that is its own source, directly or through others, is AZ614."""
    from arazzogen import pointer as jp
    from arazzogen.build.module_base import ForeignDocument

    found: dict[str, ForeignDocument] = {}
    if run.sources is None or run.doc is None:
        return found
    seen = {} if seen is None else seen
    top = top or run  # the files of every document read count as inputs of the module
    stack = stack or (_document_key(run.doc),)
    for name, source in run.sources.by_name.items():
        document = source.document
        if document is None and source.type in ("arazzo", ""):
            top.unreached = True  # its own sources were not looked at
        if document is None or not isinstance(document.data, dict):
            continue
        if "arazzo" not in document.data:
            continue
        key = _document_key(document)
        if key in stack:
            run.reporter.report(
                "AZ614",
                f"source description {name!r} is {document.display}, which is "
                + ("this document itself" if key == stack[-1] else "a document that names this one")
                + " (directly or through other Arazzo sources): the workflows would be "
                "compiled into the module without end",
                run.doc.locate(jp.join(source.pointer, "url") if source.pointer else "/"),
            )
            continue
        if key in seen:
            found[name] = seen[key]
            continue
        # its own reporter: its errors must not stop this document's checks, nor its
        # pointers stand for this document's (merged into the caller's below)
        sub = _front(
            _Run(Reporter(strict=run.reporter.strict, ignore=run.reporter.ignore)),
            Path(document.path),
            use_sources=True,
            cwd=cwd,
            sources=sources,  # the user's mappings, remote fetching and lock hold at any depth
            allow_paths=allow_paths,
            limits=limits,
            loaded=document,
        )
        if sub.doc is None or sub.version is None or sub.resolved is None:
            top.unreached = top.unreached or sub.sources is None
            run.reporter.extend(sub.reporter.diagnostics)
            continue
        nested = _foreign_documents(
            sub,
            cwd=cwd,
            sources=sources,
            allow_paths=allow_paths,
            limits=limits,
            top=top,
            seen=seen,
            stack=(*stack, key),
        )
        run.reporter.extend(sub.reporter.diagnostics)
        top.inputs = (*top.inputs, *(p for p in sub.inputs if p not in top.inputs))
        if sub.sources is not None:
            top.nested = (*top.nested, sub.sources)
        found[name] = seen[key] = ForeignDocument(
            sub.doc, sub.version, sub.resolved, key, nested  # type: ignore[arg-type]
        )
    return found


def _report_unused_mappings(run: _Run, sources: SourceOptions | None) -> None:
    from arazzogen.bind.sources import report_unused_mappings

    # a mapping may be meant for a source of an Arazzo source that could not be read
    reached = run.sources is not None and not run.unreached
    if run.doc is not None and sources is not None and reached:
        report_unused_mappings(run.doc, sources, run.reporter)


def _document_key(document: LoadedDocument) -> str:
    """One text per document, however its path was written (for cycles and sharing):
    its URL when it was fetched."""
    return document.url or os.path.normcase(os.path.abspath(os.fspath(document.path)))


def _trailer(
    run: _Run, path: Path, output: Path | None, *, strict: bool, sources: SourceOptions | None
) -> tuple[str, ...]:
    """What the module was generated from (:mod:`arazzogen.digest`), relative to its folder."""
    from arazzogen import __version__, digest
    from arazzogen.load.freshness import collect_inputs

    assert run.sources is not None
    base = absolute(output if output is not None else path).parent
    read, missing = run.sources.store.local_files()
    remote = dict(run.sources.store.remote)
    known = run.sources.store.digests()
    for nested in run.nested:  # the files the Arazzo source documents read
        more_read, more_missing = nested.store.local_files()
        read, missing = (*read, *more_read), (*missing, *more_missing)
        remote.update(nested.store.remote)
        known.update(nested.store.digests())
    hashes = collect_inputs(path, read, missing, remote, base, known)
    mapping = sources.mapping if sources is not None else {}
    fingerprint = digest.fingerprint(__version__, strict=strict, sources=mapping, base=str(base))
    return digest.trailer_lines([e for e, _ in hashes], digest.inputs_digest(fingerprint, hashes))


def _same_file(output: Path, inputs: tuple[Path, ...]) -> bool:
    target = absolute(output)
    return any(target == absolute(p) for p in inputs)


def _header_path(path: Path, output: Path | None) -> str:
    """The document's path as the generated header shows it: relative to the output
    file's folder when there is one, else just the file name. Never absolute."""
    if output is not None:
        try:
            rel = os.path.relpath(absolute(path), absolute(output).parent)
            return Path(rel).as_posix()
        except ValueError:
            pass
    return path.name
