"""The command line: a thin layer over :mod:`arazzogen.api`.

Exit status: 0 success (warnings allowed), 1 the document has errors (or ``--check``
found the output stale, or ``-o`` would replace a file arazzogen did not generate), 2
usage, configuration, I/O (AZ914) or internal errors, 141 standard output was closed by
its reader (``| head``: a quiet stop, as a tool killed by SIGPIPE). Diagnostics go to
standard output, except when standard output carries the generated module (``compile``
without ``-o``): then they go to standard error.

Options come from ``[tool.arazzogen]`` in the nearest ``pyproject.toml``
(:mod:`arazzogen.load.config`), overridden by the command line (:mod:`arazzogen.settings`).
The heavy parts (the compiler, jinja2, black, jsonschema) are imported only when a module
is really compiled: ``compile --check`` of an up-to-date module does not need them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from arazzogen import __version__
from arazzogen.settings import OPTIONS, Settings
from arazzogen.streams import EXIT_BROKEN_PIPE, StreamError, silence_stdout

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

_EPILOG = """\
examples:
  arazzogen compile flows/orders.arazzo.yaml -o src/orders_flow.py
  arazzogen compile                      compile every module of [tool.arazzogen]
  arazzogen compile --check --diff       exit 1 and show what is stale, write nothing
  arazzogen validate flows/              every *.arazzo.{yaml,yml,json} below flows/
  arazzogen compile doc.arazzo.yaml --source petstore=vendor/petstore.yaml
  arazzogen compile --allow-remote --refresh   fetch remote sources, update arazzogen.lock
  arazzogen codes AZ502                  what a diagnostic code means, with an example

exit status:
  0  success (warnings allowed)
  1  a document has errors, or --check found an output stale (or a hook wrote one),
     or -o would replace a file arazzogen did not generate (AZ920)
  2  usage, configuration or internal error, or standard output failed (AZ914)
  141  standard output was closed by its reader (| head): a quiet stop

configuration: [tool.arazzogen] in the nearest pyproject.toml (walking up from the
working directory); its keys are the long options above (strict, ignore, output-format,
sources, allow-remote...), plus [[tool.arazzogen.modules]] entries {document, output}.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _output(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the output path is empty: name the module file to write, e.g. -o flow.py"
        )
    return text


def _codes_list(text: str) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def _common(parser: argparse.ArgumentParser) -> None:
    """Options of compile and validate. Every default is None: "not given", so that
    the configuration decides (see :mod:`arazzogen.settings`)."""
    out = parser.add_argument_group("output")
    out.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    out.add_argument(
        "--output-format",
        choices=_choices("output-format"),
        help="how diagnostics are printed (default: text)",
    )
    out.add_argument(
        "--show-source",
        action="store_const",
        const=True,
        help="text format: print the offending line with a caret under the problem",
    )
    out.add_argument(
        "--color",
        choices=_choices("color"),
        help="colour the text output (default: auto: on a terminal, unless NO_COLOR is set)",
    )
    rules = parser.add_argument_group("rules")
    rules.add_argument(
        "--strict",
        action="store_const",
        const=True,
        help="treat the warnings of lenient real-world forms (AZ5xx) as errors",
    )
    rules.add_argument(
        "--ignore",
        type=_codes_list,
        action="extend",
        metavar="CODE[,CODE]",
        help="do not report these warnings or notes (added to `ignore` in the configuration)",
    )
    src = parser.add_argument_group("sources")
    src.add_argument(
        "--source",
        action="append",
        metavar="NAME=PATH_OR_URL",
        help="read the source description with this name (or URL) from a local file or "
        "another URL (repeatable)",
    )
    src.add_argument(
        "--allow-remote",
        action="store_const",
        const=True,
        help="fetch remote source descriptions (https; http only to this machine) and "
        "check them against arazzogen.lock",
    )
    src.add_argument(
        "--refresh",
        action="store_true",
        help="compile: compile even a module its trailer says is up to date; with "
        "--allow-remote: accept changed upstream sources and update the lock file",
    )
    src.add_argument(
        "--allow-path",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="also read source descriptions below PATH (outside the project root); repeatable",
    )
    rules.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise a compiler limit (workflows, steps, parameters, name-length, "
        "pointer-length, pointer-segments, module-bytes, file-bytes, depth: at most "
        "300); repeatable",
    )
    cfg = parser.add_argument_group("configuration")
    cfg.add_argument(
        "--config", type=Path, metavar="PYPROJECT", help="read [tool.arazzogen] from this file"
    )
    cfg.add_argument(
        "--isolated", action="store_true", help="ignore any [tool.arazzogen] configuration"
    )


def _choices(name: str) -> tuple[str, ...]:
    return next(o.choices for o in OPTIONS if o.name == name)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="arazzogen",
        description="Compile Arazzo workflow documents into standalone, typed Python modules.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"arazzogen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    comp = sub.add_parser(
        "compile",
        help="validate documents and generate their Python modules",
        description="Validate a document and generate its module; with no DOC, every module "
        "of [tool.arazzogen].",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    comp.add_argument(
        "document", type=Path, nargs="?", metavar="DOC", help="the Arazzo document (YAML/JSON)"
    )
    comp.add_argument(
        "-o", "--output", type=_output, help="write the module here (default: stdout)"
    )
    comp.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if an output differs from what would be generated",
    )
    comp.add_argument(
        "--diff", action="store_true", help="write nothing; print a unified diff of the changes"
    )
    comp.add_argument(
        "--force",
        action="store_true",
        help="replace OUTPUT even when it is not a module arazzogen generated",
    )
    comp.add_argument(
        "--exit-nonzero-on-change",
        action="store_true",
        help="exit 1 when an output was created or changed (for pre-commit hooks)",
    )
    _common(comp)
    comp.set_defaults(usage_parser=comp)  # usage errors are told with this command's usage
    val = sub.add_parser(
        "validate",
        help="check documents without generating code",
        description="Check documents (files, or folders searched for *.arazzo.yaml, "
        "*.arazzo.yml and *.arazzo.json); with none, the documents of [tool.arazzogen].",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    val.add_argument(
        "paths", type=Path, nargs="*", metavar="PATH", help="Arazzo documents or folders"
    )
    val.add_argument(
        "--no-sources",
        action="store_true",
        help="check the document alone: do not load source descriptions or bind operations",
    )
    _common(val)
    val.set_defaults(usage_parser=val)
    codes = sub.add_parser(
        "codes", help="list the diagnostic codes, or explain one", description="With CODE: "
        "its description, hint and an example document that shows it."
    )
    codes.add_argument("code", nargs="?", metavar="CODE", help="a code such as AZ502")
    codes.add_argument("--markdown", action="store_true", help="as the README's Markdown table")
    codes.set_defaults(usage_parser=codes)
    return parser


def _unrecognized(command: str, extra: list[str]) -> str:
    message = f"unrecognized arguments: {' '.join(extra)}"
    if command == "compile" and any(not a.startswith("-") for a in extra):
        message += (
            " (compile takes one DOC; `validate` checks several, and "
            "[[tool.arazzogen.modules]] lists several modules to compile)"
        )
    return message


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    raw = list(sys.argv[1:] if argv is None else argv)  # the command as it was asked
    args, extra = parser.parse_known_args(raw)
    # errors are said by the subcommand's parser, with its usage line (an unknown option
    # before the subcommand's name is the top-level parser's)
    own: argparse.ArgumentParser = getattr(args, "usage_parser", None) or parser
    if extra:
        before = raw[: raw.index(args.command)] if args.command in raw else []
        (parser if any(a in before for a in extra) else own).error(
            _unrecognized(args.command, extra)
        )
    args.argv = raw
    args.limits = None
    if args.command == "compile":
        given = args.output
        args.output = None if given is None else Path(given)
        # `-o out/` names a folder even when it does not exist yet (Path drops the slash)
        args.output_names_folder = given is not None and given.endswith(("/", os.sep))
    if args.command in ("compile", "validate") and args.limit:
        from arazzogen.check.limits import Limits

        limits = Limits()
        for text in args.limit:
            try:
                limits = limits.with_override(text)
            except ValueError as exc:
                own.error(f"argument --limit: {exc}")
        args.limits = limits
    try:
        if args.command == "codes":
            from arazzogen.codes_cli import run_codes

            return run_codes(args.code, markdown=args.markdown)
        from arazzogen.commands import Session

        session = Session.start(args, Path.cwd(), dict(os.environ))
        if session is None:
            return EXIT_USAGE
        if args.command == "compile":
            return session.compile()
        return session.validate()
    except KeyboardInterrupt:
        _say("arazzogen: interrupted\n")
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): stop quietly
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except StreamError as exc:  # not a bug: the disk behind `>` is full, the terminal gone
        if exc.stream == "standard output":
            silence_stdout()
            from arazzogen.codes import REGISTRY

            _say(f"arazzogen: error: {exc} [AZ914]\n  hint: {REGISTRY['AZ914'].hint}\n")
        return EXIT_USAGE
    except Exception as exc:  # a bug; say so plainly rather than with a traceback
        _say(
            f"arazzogen: internal error: {type(exc).__name__}: {exc} [AZ903]\n"
            "  hint: please report this with the document that triggers it\n"
        )
        return EXIT_USAGE


def _say(text: str) -> None:
    """A last word on standard error, which may be failing too (then nothing is said)."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except OSError:
        pass


def run() -> NoReturn:
    sys.exit(main())


__all__ = ["EXIT_ERRORS", "EXIT_OK", "EXIT_USAGE", "Settings", "build_parser", "main", "run"]
