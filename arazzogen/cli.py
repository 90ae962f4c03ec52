"""The command line: a thin layer over :mod:`arazzogen.api`.

Exit status: 0 success (warnings allowed), 1 the document has errors (or ``--check``
found the output stale), 2 usage or internal errors. Diagnostics go to standard output,
except when standard output carries the generated module (``compile`` without ``-o``):
then they go to standard error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from arazzogen import __version__
from arazzogen.api import Outcome, compile_document, validate
from arazzogen.bind.sources import confine
from arazzogen.check.limits import Limits
from arazzogen.diagnostics import Location, Reporter
from arazzogen.emit.writer import is_generated, read_text, write_atomic
from arazzogen.load.document import read_source_file
from arazzogen.render_diagnostics import FORMATS, render

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _common(parser: argparse.ArgumentParser, *, many: bool = False) -> None:
    if many:
        parser.add_argument(
            "documents", type=Path, nargs="+", metavar="DOC", help="Arazzo documents (YAML or JSON)"
        )
    else:
        parser.add_argument("document", type=Path, help="the Arazzo document (YAML or JSON)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat the warnings of lenient real-world forms (AZ5xx) as errors",
    )
    parser.add_argument(
        "--output-format",
        choices=FORMATS,
        default="text",
        help="how diagnostics are printed (default: text)",
    )
    parser.add_argument(
        "--show-source",
        action="store_true",
        help="text format: print the offending line with a caret under the problem",
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise a compiler limit: " + ", ".join(Limits.names()) + "; repeatable",
    )
    parser.add_argument(
        "--allow-path",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="also read source descriptions below PATH (outside the project root); "
        "repeatable",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="arazzogen",
        description="Compile Arazzo workflow documents into standalone, typed Python modules.",
    )
    parser.add_argument("--version", action="version", version=f"arazzogen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    comp = sub.add_parser("compile", help="validate a document and generate its Python module")
    _common(comp)
    comp.add_argument("-o", "--output", type=Path, help="write the module here (default: stdout)")
    comp.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if OUTPUT differs from what would be generated",
    )
    comp.add_argument(
        "--force",
        action="store_true",
        help="replace OUTPUT even when it is not a module arazzogen generated",
    )
    comp.add_argument(
        "--exit-nonzero-on-change",
        action="store_true",
        help="exit 1 when OUTPUT was created or changed (for pre-commit hooks)",
    )
    val = sub.add_parser("validate", help="check documents without generating code")
    _common(val, many=True)
    val.add_argument(
        "--no-sources",
        action="store_true",
        help="check the document alone: do not load source descriptions or bind operations",
    )
    codes = sub.add_parser("codes", help="list the diagnostic codes")
    codes.add_argument("--markdown", action="store_true", help="as the README's Markdown table")
    return parser


def _confined_reader(args: argparse.Namespace) -> Callable[[str], str | None]:
    """``--show-source`` reads only files inside the project root of the documents
    (or an ``--allow-path``): a diagnostic can never print another file's lines."""
    documents = args.documents if hasattr(args, "documents") else [args.document]
    zones = [confine(Path(doc), None, args.allow_path) for doc in documents]

    def read(file: str) -> str | None:
        path = Path(file)
        if not any(zone.allows(path) for zone in zones):
            return None
        return read_source_file(file)

    return read


def _emit(outcome: Outcome, args: argparse.Namespace, stream: TextIO) -> None:
    diagnostics = list(outcome.diagnostics)
    if args.output_format == "text" and not diagnostics:
        return
    text = render(
        diagnostics,
        args.output_format,
        show_source=args.show_source,
        read_source=_confined_reader(args) if args.show_source else read_source_file,
        tool_version=__version__,
    )
    stream.write(text)
    stream.flush()


def _compile(args: argparse.Namespace) -> int:
    output: Path | None = args.output
    if args.check and output is None:
        sys.stderr.write("arazzogen: error: --check needs -o/--output\n")
        return EXIT_USAGE
    outcome = compile_document(
        args.document,
        strict=args.strict,
        output=output,
        allow_paths=args.allow_path,
        limits=args.limits,
    )
    stream = sys.stdout if output is not None else sys.stderr
    if outcome.module is None:
        _emit(outcome, args, stream)
        return EXIT_ERRORS if _only_document_errors(outcome) else EXIT_USAGE
    if output is None:
        _emit(outcome, args, stream)
        _write_stdout(outcome.module)
        return EXIT_OK
    if args.check:
        if read_text(output) != outcome.module:
            reporter = Reporter()
            reporter.extend(outcome.diagnostics)
            reporter.report(
                "AZ904",
                f"{output.as_posix()} is not up to date",
                Location(output.as_posix(), 1, 1, None, None, ""),
            )
            _emit(Outcome(tuple(reporter.diagnostics)), args, stream)
            return EXIT_ERRORS
        _emit(outcome, args, stream)
        return EXIT_OK
    existing = read_text(output)
    if not args.force and _foreign_file(output, existing):
        reporter = Reporter()
        reporter.extend(outcome.diagnostics)
        reporter.report(
            "AZ920",
            f"refusing to replace {output.as_posix()}: it exists and was not generated by "
            "arazzogen (no generated header)",
            Location(output.as_posix(), 1, 1, None, None, ""),
        )
        _emit(Outcome(tuple(reporter.diagnostics)), args, stream)
        return EXIT_ERRORS
    changed = existing != outcome.module
    try:
        if changed:
            write_atomic(output, outcome.module)
    except OSError as exc:
        reporter = Reporter()
        reporter.extend(outcome.diagnostics)
        reporter.report(
            "AZ901",
            f"cannot write {output.as_posix()}: {exc.strerror or exc}",
            Location(output.as_posix(), 1, 1, None, None, ""),
        )
        _emit(Outcome(tuple(reporter.diagnostics)), args, stream)
        return EXIT_USAGE
    _emit(outcome, args, stream)
    if changed and args.exit_nonzero_on_change:
        sys.stderr.write(f"arazzogen: wrote {output.as_posix()}\n")
        return EXIT_ERRORS
    return EXIT_OK


def _foreign_file(output: Path, existing: str | None) -> bool:
    """True when ``output`` exists with content arazzogen did not generate (an empty
    file is not someone's work)."""
    try:
        exists = output.is_file() and output.stat().st_size > 0
    except OSError:
        return False
    if not exists:
        return False
    return existing is None or not is_generated(existing)


def _write_stdout(text: str) -> None:
    """Generated code is UTF-8 whatever the terminal's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (e.g. under test capture)
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def _only_document_errors(outcome: Outcome) -> bool:
    """True unless the failure was arazzogen's own (AZ9xx)."""
    return not any(
        d.code.startswith("AZ9") and d.severity.value == "error" for d in outcome.diagnostics
    )


def _validate(args: argparse.Namespace) -> int:
    """Validate each document; all diagnostics are rendered together, in one report."""
    reporter = Reporter()
    for document in args.documents:
        outcome = validate(
            document,
            use_sources=not args.no_sources,
            strict=args.strict,
            allow_paths=args.allow_path,
            limits=args.limits,
        )
        reporter.extend(outcome.diagnostics)
    combined = Outcome(tuple(reporter.diagnostics))
    _emit(combined, args, sys.stdout)
    if combined.ok:
        return EXIT_OK
    return EXIT_ERRORS if _only_document_errors(combined) else EXIT_USAGE


def _codes(args: argparse.Namespace) -> int:
    from arazzogen.codes import REGISTRY
    from arazzogen.codes_doc import markdown_table

    if args.markdown:
        sys.stdout.write(markdown_table())
        return EXIT_OK
    for code in REGISTRY.values():
        sys.stdout.write(f"{code.id}  {code.severity:<7}  {code.name}\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in ("compile", "validate"):
        limits = Limits()
        for text in args.limit:
            try:
                limits = limits.with_override(text)
            except ValueError as exc:
                parser.error(f"--limit: {exc}")
        args.limits = limits
    try:
        if args.command == "compile":
            return _compile(args)
        if args.command == "validate":
            return _validate(args)
        return _codes(args)
    except KeyboardInterrupt:
        sys.stderr.write("arazzogen: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug; say so plainly rather than with a traceback
        sys.stderr.write(
            f"arazzogen: internal error: {type(exc).__name__}: {exc} [AZ903]\n"
            "  hint: please report this with the document that triggers it\n"
        )
        return EXIT_USAGE


def run() -> NoReturn:
    sys.exit(main())
