"""``compile`` and ``validate`` for the command line, over one or many documents.

A :class:`Session` resolves what to do: the configuration (``[tool.arazzogen]``), the
command-line options over it, the documents (named, found in folders, or configured
modules), the lock file. Then each module is checked for freshness from its trailer
(:mod:`arazzogen.load.freshness`) and compiled only when that does not settle it; all
diagnostics are printed together, in one report.

Only this module, :mod:`arazzogen.load.config`, :mod:`arazzogen.load.freshness`,
:mod:`arazzogen.digest` and :mod:`arazzogen.bind.lock` are imported for a check that finds
everything up to date; the compiler is imported on first use.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO, cast

from arazzogen import __version__, digest, streams
from arazzogen.load.config import Problem, ProjectConfig, find_config, load_config
from arazzogen.load.freshness import check_fresh
from arazzogen.load.paths import absolute
from arazzogen.settings import ModuleSpec, Settings

if TYPE_CHECKING:
    from arazzogen.api import Outcome
    from arazzogen.bind.lock import Lock
    from arazzogen.bind.sources import SourceOptions
    from arazzogen.check.limits import Limits
    from arazzogen.diagnostics import Diagnostic, Reporter

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
#: AZ9xx errors that are about the output, not the usage: exit status 1
_EXIT_1 = frozenset({"AZ904", "AZ920"})


class Target(NamedTuple):
    document: Path
    output: Path | None
    settings: Settings


class Session:
    """One run of ``compile`` or ``validate`` (a plain class: see :mod:`arazzogen.settings`
    for why the fast path avoids dataclasses)."""

    def __init__(
        self,
        args: argparse.Namespace,
        cwd: Path,
        environ: Mapping[str, str],
        config: ProjectConfig | None,
        base: Settings,
        cli: dict[str, object],
        problems: list[Problem],
    ) -> None:
        self.args = args
        self.cwd = cwd
        self.environ = environ
        self.config = config
        self.base = base
        self.cli = cli
        self.problems = problems
        self.lock: Lock | None = None
        self.lock_path: Path | None = None
        self.changed: list[Path] = []
        #: the documents of this run (for ``--show-source``'s confinement)
        self.documents: list[Path] = []
        self._reporter: Reporter | None = None

    @property
    def reporter(self) -> Reporter:
        """Every diagnostic of the run (created on first use: a run that finds everything
        up to date never imports the diagnostics machinery)."""
        if self._reporter is None:
            from arazzogen.diagnostics import Location, Reporter

            self._reporter = Reporter()
            for p in self.problems:
                self._reporter.report(
                    p.code,
                    p.message,
                    Location(p.file, p.line, p.column, None, None, "") if p.file else None,
                    hint=p.hint,
                )
        return self._reporter

    # ------------------------------------------------------------------ setting up

    @classmethod
    def start(
        cls, args: argparse.Namespace, cwd: Path, environ: Mapping[str, str]
    ) -> Session | None:
        """The session, or None after printing why the options cannot be used."""
        problems: list[Problem] = []
        config: ProjectConfig | None = None
        if not args.isolated:
            path = args.config if args.config is not None else find_config(cwd)
            if path is not None:
                config = load_config(path, problems, cwd)
        base = Settings().merged(config.options if config else {})
        cli = _cli_values(args, cwd, problems)
        session = cls(args, cwd, environ, config, base, cli, problems)
        if not problems:  # the configuration's `ignore` was checked where it is written
            session._check_ignored(frozenset(args.ignore or ()))
        if problems:
            session._emit(session.reporter.diagnostics, base.merged(cli), sys.stdout)
            return None
        return session

    def _check_ignored(self, codes: frozenset[str]) -> None:
        if not codes:
            return
        from arazzogen.codes import REGISTRY

        for code in sorted(codes):
            entry = REGISTRY.get(code)
            if entry is None:
                why = f"--ignore {code}: there is no such code (see `arazzogen codes`)"
            elif entry.severity == "error":
                why = f"--ignore {code}: {code} is an error, and errors cannot be ignored"
            else:
                continue
            self.problems.append(Problem("AZ906", why, ""))

    def settings_for(self, document: Path) -> tuple[Settings, ModuleSpec | None]:
        """Defaults < [tool.arazzogen] < the module's entry < the command line."""
        module = self._module_of(document)
        settings = self.base.merged(module.options if module else {})
        return settings.merged(self.cli), module

    def _module_of(self, document: Path) -> ModuleSpec | None:
        if self.config is None:
            return None
        wanted = absolute(document)
        return next((m for m in self.config.modules if Path(m.document) == wanted), None)

    def _project_root(self) -> Path:
        return self.config.root if self.config is not None else self.cwd

    def _source_options(self, settings: Settings, *, check: bool) -> SourceOptions:
        from arazzogen.bind.sources import SourceOptions

        cli_sources = self.cli.get("sources")
        return SourceOptions(
            mapping=dict(settings.sources),
            allow_remote=settings.allow_remote,
            # a check reads the lock even offline: a source it records is not fetched again
            lock=self._lock(settings) if settings.allow_remote or check else None,
            refresh=bool(self.args.refresh),
            check=check,
            fix_command=self._relock(),
            timeout=float(settings.remote_timeout),
            warn_unused=frozenset(cli_sources) if isinstance(cli_sources, dict) else frozenset(),
        )

    def _lock_usable(self, all_settings: list[Settings], *, check: bool = False) -> bool:
        """False (AZ343 reported) when remote sources are allowed, or ``--check`` reads the
        lock, and the lock is broken: nothing fetched could be verified, no digest trusted,
        so nothing is compiled or checked (and no source is AZ302 on top of it)."""
        remote = [s for s in all_settings if s.allow_remote or check]
        return not remote or self._lock(remote[0]) is not None

    def _lock(self, settings: Settings) -> Lock | None:
        if self.lock_path is None:
            from arazzogen.bind.lock import read_lock

            self.lock_path = self._project_root() / settings.lock_file
            lock, why = read_lock(self.lock_path)
            if lock is None:
                shown = self._shown(self.lock_path)
                hint = f"delete it and run `{self._relock()}` to write it again"
                self._report("AZ343", f"{shown}: {why}", shown, hint=hint)
            self.lock = lock
        return self.lock

    def _shown(self, path: Path) -> str:
        try:
            return absolute(path).relative_to(absolute(self.cwd)).as_posix()
        except ValueError:
            return path.as_posix()

    # ------------------------------------------------------------------ compile

    def compile(self) -> int:
        args = self.args
        if args.document is None:
            if args.output is not None:
                return self._usage("-o/--output needs a document")
            modules = self.config.modules if self.config else ()
            if not modules:
                return self._nothing("no document given, and no [[tool.arazzogen.modules]] in "
                                     + (self._shown(self.config.path) if self.config
                                        else "a pyproject.toml above this folder"))
            targets = [self._target(Path(m.document), Path(str(m.output))) for m in modules]
        else:
            module = self._module_of(args.document)
            output = args.output
            if output is None and module is not None:
                output = Path(str(module.output))
            targets = [self._target(args.document, output)]
        if (args.check or args.diff) and any(t.output is None for t in targets):
            return self._usage("--check and --diff need -o/--output")
        settings = targets[0].settings
        to_stdout = targets[0].output is None
        if not self._lock_usable([t.settings for t in targets], check=args.check or args.diff):
            self._emit(self._diagnostics(), settings, sys.stdout)
            return self._status()
        diffs: list[str] = []
        for target in targets:
            self._compile_one(target, diffs)
        self._write_lock()
        stream = sys.stderr if to_stdout else sys.stdout
        if diffs:
            self._print_diff("".join(diffs), settings)
        self._emit(self._diagnostics(), settings, stream)
        # a single `compile DOC -o OUT` stays silent; many modules, or a hook, say what changed
        if not settings_quiet(args) and (args.document is None or args.exit_nonzero_on_change):
            for path in self.changed:
                streams.write(sys.stderr, f"arazzogen: wrote {self._shown(path)}\n")
        return self._status(changed=bool(self.changed) and args.exit_nonzero_on_change)

    def _target(self, document: Path, output: Path | None) -> Target:
        self.documents.append(document)
        settings, _ = self.settings_for(document)
        return Target(document, output, settings)

    def _compile_one(self, target: Target, diffs: list[str]) -> None:
        args, output, settings = self.args, target.output, target.settings
        if output is not None and not args.refresh and self._fresh(target):
            return
        from arazzogen.api import compile_document
        from arazzogen.emit.writer import read_text

        outcome = compile_document(
            target.document,
            strict=settings.strict,
            output=output,
            ignore=settings.ignore,
            sources=self._source_options(settings, check=args.check or args.diff),
            allow_paths=_allow_paths(args, settings),
            limits=_limits(args, settings),
        )
        self.reporter.extend(outcome.diagnostics)
        if outcome.module is None:
            return
        if output is None:
            try:
                streams.write_utf8(outcome.module)
            except streams.StreamError as exc:  # diagnostics go to standard error here
                self._report("AZ914", f"cannot write the module to standard output: {exc.reason}")
            return
        current = read_text(output)
        if current == outcome.module:
            return
        shown = self._shown(output)
        if args.diff:
            diffs.append(_unified_diff(current or "", outcome.module, shown))
        if args.check:
            hint = f"run `{self._regenerate()}` to regenerate it"
            state = "does not exist" if current is None else "is not up to date"
            self._report("AZ904", f"{shown} {state}", shown, hint=hint)
            return
        if args.diff:
            return
        if not args.force and _foreign_file(output, current):
            self._report(
                "AZ920",
                f"refusing to replace {output.as_posix()}: it exists and was not generated by "
                "arazzogen (no generated header)",
                output.as_posix(),
            )
            return
        self._write(output, outcome.module, target.document)

    def _regenerate(self) -> str:
        """The command that brings the modules up to date: this one without ``--check``
        (every option that shapes them, such as ``--source``, kept)."""
        import shlex

        kept = [a for a in self.args.argv if a not in ("--check", "--diff")]
        return shlex.join(["arazzogen", *kept])

    def _relock(self) -> str:
        """The command that fetches the remote sources and writes the lock: this one
        without ``--check`` (or ``--diff``), with ``--allow-remote``."""
        import shlex

        kept = [a for a in self.args.argv if a not in ("--check", "--diff")]
        if "--allow-remote" not in kept:
            kept.append("--allow-remote")
        return shlex.join(["arazzogen", *kept])

    def _fresh(self, target: Target) -> bool:
        assert target.output is not None
        settings = target.settings
        checking = bool(self.args.check or self.args.diff)
        locked: dict[str, str] = {}
        # `--check` trusts the lock (no network, even without --allow-remote); a compile
        # with --allow-remote fetches every remote source again and verifies it against
        # the lock (AZ341), so a module that reads one is never taken as fresh.
        if checking or not settings.allow_remote:
            lock = self._lock(settings)
            locked = {url: e.sha256 for url, e in lock.entries.items()} if lock else {}
        fingerprint = digest.fingerprint(
            __version__,
            strict=settings.strict,
            sources=settings.sources,
            base=str(absolute(target.output).parent),
        )
        return check_fresh(target.output, target.document, fingerprint, locked)

    def _write(self, output: Path, text: str, document: Path) -> None:
        from arazzogen.emit.writer import write_atomic

        shown = self._shown(output)
        is_folder = output.is_dir()
        if is_folder or self.args.output_names_folder:
            what = "is a folder" if is_folder else "names a folder (it ends with a slash)"
            self._report(
                "AZ901",
                f"cannot write {shown}: it {what}, and -o names the module file to write",
                output.as_posix(),
                hint=f"name the file, for example `-o {shown}/{_module_file(document)}`",
            )
            return
        try:
            output.parent.mkdir(parents=True, exist_ok=True)  # as configured, or as `-o` says
            write_atomic(output, text)
        except (FileExistsError, NotADirectoryError):  # a file where a folder must be
            blocking = next((p for p in output.parents if p.exists() and not p.is_dir()), None)
            where = self._shown(blocking) if blocking is not None else "a part of its folder path"
            self._report(
                "AZ901",
                f"cannot write {shown}: {where} is a file, not a folder",
                output.as_posix(),
                hint="choose an output path whose folders are folders",
            )
            return
        except OSError as exc:
            self._report("AZ901", f"cannot write {shown}: {exc.strerror or exc}", output.as_posix())
            return
        self.changed.append(output)

    def _write_lock(self) -> None:
        lock, path = self.lock, self.lock_path
        writes = not (getattr(self.args, "check", False) or getattr(self.args, "diff", False))
        if lock is None or path is None or not lock.changed or not writes:
            return
        from arazzogen.emit.writer import write_atomic

        try:
            write_atomic(path, lock.text())
        except OSError as exc:
            shown = self._shown(path)
            self._report("AZ908", f"cannot write {shown}: {exc.strerror or exc}", shown)

    # ------------------------------------------------------------------ validate

    def validate(self) -> int:
        from arazzogen.api import validate

        documents = self._documents()
        if documents is None:
            return self._status()
        self.documents.extend(documents)
        settings = self.base.merged(self.cli)
        if self.args.refresh:
            self._check_refresh(documents)
        if not self._lock_usable([self.settings_for(d)[0] for d in documents]):
            self._emit(self._diagnostics(), settings, sys.stdout)
            return self._status()
        for document in documents:
            doc_settings, _ = self.settings_for(document)
            outcome: Outcome = validate(
                document,
                use_sources=not self.args.no_sources,
                strict=doc_settings.strict,
                ignore=doc_settings.ignore,
                sources=self._source_options(doc_settings, check=False),
                allow_paths=_allow_paths(self.args, doc_settings),
                limits=_limits(self.args, doc_settings),
            )
            self.reporter.extend(outcome.diagnostics)
        self._write_lock()
        self._emit(self.reporter.diagnostics, settings, sys.stdout)
        return self._status()

    def _check_refresh(self, documents: list[Path]) -> None:
        """``validate --refresh`` only re-locks fetched sources: say so when none is
        fetched (``compile --refresh`` also compiles up-to-date modules: never idle)."""
        if "AZ915" in self.base.merged(self.cli).ignore:
            return
        if self.args.no_sources:
            why = "--no-sources reads no source"
        elif not any(self.settings_for(d)[0].allow_remote for d in documents):
            why = "no remote source is fetched without --allow-remote (or `allow-remote = true`)"
        else:
            return
        self._report("AZ915", f"--refresh has no effect: {why}")

    def _documents(self) -> list[Path] | None:
        paths: Sequence[Path] = self.args.paths
        if not paths:
            modules = self.config.modules if self.config else ()
            if not modules:
                self._nothing("no document given, and no [[tool.arazzogen.modules]] configured")
                return None
            return list(dict.fromkeys(Path(m.document) for m in modules))
        from arazzogen.load.discover import SKIPPED, find_documents, is_folder

        found: list[Path] = []
        for path in paths:
            if is_folder(path):
                inside = find_documents(path)
                if not inside:
                    # like a missing document: the input cannot be read (exit status 1)
                    self._report(
                        "AZ001",
                        f"no Arazzo document found in the folder {self._shown(path)}",
                        hint="documents are found by name: *.arazzo.yaml, *.arazzo.yml or "
                        "*.arazzo.json, in the folder and below it (except hidden folders, "
                        f"{', '.join(sorted(SKIPPED))}); rename the document, or name its file",
                    )
                found.extend(inside)
            else:
                found.append(path)
        return found

    # ------------------------------------------------------------------ output

    def _usage(self, message: str) -> int:
        sys.stderr.write(f"arazzogen: error: {message}\n")
        return EXIT_USAGE

    def _diagnostics(self) -> list[Diagnostic]:
        if self._reporter is None and not self.problems:
            return []
        return self.reporter.diagnostics

    def _report(self, code: str, message: str, file: str = "", *, hint: str | None = None) -> None:
        from arazzogen.diagnostics import Location

        where = Location(file, 1, 1, None, None, "") if file else None
        self.reporter.report(code, message, where, hint=hint)

    def _nothing(self, message: str) -> int:
        self._report("AZ907", message)
        self._emit(self.reporter.diagnostics, self.base.merged(self.cli), sys.stdout)
        return EXIT_USAGE

    def _status(self, *, changed: bool = False) -> int:
        if self._reporter is None and not self.problems:
            return EXIT_ERRORS if changed else EXIT_OK
        errors = [d for d in self.reporter.diagnostics if d.severity.value == "error"]
        if any(d.code.startswith("AZ9") and d.code not in _EXIT_1 for d in errors):
            return EXIT_USAGE
        return EXIT_ERRORS if errors or changed else EXIT_OK

    def _emit(self, diagnostics: list[Diagnostic], settings: Settings, stream: TextIO) -> None:
        if settings_quiet(self.args):
            diagnostics = [d for d in diagnostics if d.severity.value == "error"]
        if settings.output_format == "text" and not diagnostics:
            return
        from arazzogen.load.document import read_source_file
        from arazzogen.render_diagnostics import render

        text = render(
            diagnostics,
            settings.output_format,
            show_source=settings.show_source,
            read_source=self._confined_reader() if settings.show_source else read_source_file,
            tool_version=__version__,
        )
        if settings.output_format == "text" and self._color(settings, stream):
            from arazzogen.render_diagnostics.color import colorize_diagnostics

            text = colorize_diagnostics(text)
        streams.write(stream, text)

    def _confined_reader(self) -> Callable[[str], str | None]:
        """``--show-source`` reads only files inside the project root of the documents
        (or an ``--allow-path``): a diagnostic can never print another file's lines."""
        from arazzogen.bind.sources import confine
        from arazzogen.load.document import read_source_file

        zones = [
            confine(doc, None, _allow_paths(self.args, self.settings_for(doc)[0]))
            for doc in self.documents
        ]

        def read(file: str) -> str | None:
            if not any(zone.allows(Path(file)) for zone in zones):
                return None
            return read_source_file(file)

        return read

    def _color(self, settings: Settings, stream: TextIO) -> bool:
        from arazzogen.render_diagnostics.color import use_color

        return use_color(settings.color, stream, self.environ)

    def _print_diff(self, text: str, settings: Settings) -> None:
        if self._color(settings, sys.stdout):
            from arazzogen.render_diagnostics.color import colorize_diff

            text = colorize_diff(text)
        streams.write(sys.stdout, text)


def settings_quiet(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "quiet", False))


def _allow_paths(args: argparse.Namespace, settings: Settings) -> list[Path]:
    """``--allow-path`` and the configuration's ``allow-path``, together."""
    return [*args.allow_path, *(Path(p) for p in sorted(settings.allow_path))]


def _limits(args: argparse.Namespace, settings: Settings) -> Limits | None:
    """The configuration's ``limit`` table, then ``--limit`` (checked by the CLI)."""
    if not settings.limit:
        return cast("Limits | None", args.limits)
    from arazzogen.check.limits import Limits

    limits = Limits()
    for name, value in sorted(settings.limit.items()):
        limits = limits.with_override(f"{name}={value}")
    for text in args.limit:
        limits = limits.with_override(text)
    return limits


def _cli_values(args: argparse.Namespace, cwd: Path, problems: list[Problem]) -> dict[str, object]:
    values: dict[str, object] = {
        "strict": args.strict,
        "ignore": args.ignore,
        "output-format": args.output_format,
        "show-source": args.show_source,
        "color": args.color,
        "allow-remote": args.allow_remote,
    }
    if args.source:
        mapping: dict[str, str] = {}
        for item in args.source:
            key, sep, target = item.partition("=")
            if not sep or not key.strip() or not target.strip():
                problems.append(Problem("AZ909", f"--source {item!r} is not NAME=PATH_OR_URL", ""))
                continue
            target = target.strip()
            if "://" not in target:
                target = str(absolute(cwd / target))
            mapping[key.strip()] = target
        values["sources"] = mapping
    return values


def _foreign_file(output: Path, existing: str | None) -> bool:
    """True when ``output`` exists with content arazzogen did not generate (an empty
    file is not someone's work)."""
    from arazzogen.emit.writer import is_generated

    try:
        exists = output.is_file() and output.stat().st_size > 0
    except OSError:
        return False
    if not exists:
        return False
    return existing is None or not is_generated(existing)


def _unified_diff(current: str, new: str, shown: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        current.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{shown} (current)",
        tofile=f"{shown} (generated)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _module_file(document: Path) -> str:
    """A module file name for ``document``: ``knock-flow.arazzo.yaml`` -> ``knock_flow.py``."""
    from arazzogen.build.codegen.names import snake_case

    return snake_case(document.name.split(".")[0], fallback="flow") + ".py"
