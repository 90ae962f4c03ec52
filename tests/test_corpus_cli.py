"""Breadth: every YAML/JSON file of the third-party corpus, through the command line.

For each file of ``../shared/corpus`` (Arazzo documents, but also the OpenAPI and AsyncAPI
descriptions and fragments beside them) ``validate``, ``validate --no-sources`` and
``compile -o`` run in-process through :func:`arazzogen.cli.main` with ``--output-format
json``. None may raise, print a traceback, report an internal error (AZ9xx) or exit with
anything but 0 or 1; the JSON must parse and every diagnostic must point at a line.

Which Arazzo documents validate and which compile is recorded below as plain data, so
that a regression, or an improvement, fails with a readable diff. Every module that
compiles is parsed, imported, and checked with ``mypy --strict`` and ``ruff``.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import importlib.util
import inspect
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
from features.harness import RUFF_RULES
from module_checks import format_report

from arazzogen.build.codegen.names import snake_case
from arazzogen.cli import main
from arazzogen.codes import REGISTRY

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
MANIFEST = CORPUS / "MANIFEST.tsv"

#: Arazzo documents (MANIFEST kind ``arazzo``) that ``validate`` (with sources) accepts.
#: Why the others fail, as of writing: remote sources (AZ302) or sources missing from the
#: corpus (AZ301); steps without operationId/workflowId (AZ101); outputs that are numbers
#: or null (AZ103); `$steps.<id>.<name>` without `outputs` (AZ219); undeclared inputs
#: (AZ215); wrong or missing path parameters (AZ330/AZ332); a step using its own output
#: (AZ403); two reusable failure actions sharing a name (AZ205); an Arazzo source with
#: such errors (validate checks the workflows of Arazzo sources, as compile does).
VALIDATES_WITH_SOURCES: frozenset[str] = frozenset(
    {
        "OAI__Arazzo-Specification/examples/1.0.0/FAPI-PAR.arazzo.yaml",
        "OAI__Arazzo-Specification/examples/1.0.0/oauth.arazzo.yaml",
        "Redocly__museum-openapi-example/arazzo/museum-api.arazzo.yaml",
        "Redocly__museum-openapi-example/arazzo/museum-tickets.arazzo.yaml",
        "Redocly__redocly-cli/resources/museum-api.arazzo.yaml",
        "Redocly__redocly-cli/resources/museum-tickets.arazzo.yaml",
        "Redocly__redocly-cli/tests/e2e/respect/max-steps/arazzo.yaml",
        "jentic__arazzo-engine/runner/tests/fixtures/newyork_times/newyork_times.arazzo.yaml",
    }
)

#: Arazzo documents that ``compile`` turns into a module: every one that validates.
COMPILES: frozenset[str] = frozenset(
    {
        "OAI__Arazzo-Specification/examples/1.0.0/FAPI-PAR.arazzo.yaml",
        "OAI__Arazzo-Specification/examples/1.0.0/oauth.arazzo.yaml",
        "Redocly__museum-openapi-example/arazzo/museum-api.arazzo.yaml",
        "Redocly__museum-openapi-example/arazzo/museum-tickets.arazzo.yaml",
        "Redocly__redocly-cli/resources/museum-api.arazzo.yaml",
        "Redocly__redocly-cli/resources/museum-tickets.arazzo.yaml",
        "Redocly__redocly-cli/tests/e2e/respect/max-steps/arazzo.yaml",
        "jentic__arazzo-engine/runner/tests/fixtures/newyork_times/newyork_times.arazzo.yaml",
    }
)

#: codes about a file as a whole, which may come without a location
FILE_LEVEL_CODES = frozenset({"AZ001"})

#: MANIFEST kinds that are not Arazzo documents: `validate` must say so (AZ100), nothing else
NOT_ARAZZO_KINDS = frozenset({"openapi", "asyncapi", "openapi-fragment"})

#: one mypy run over every compiled module (the modules promise Python 3.10+)
MYPY = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
#: what the README promises of every module: these rules at ruff's default line length (88)
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--target-version", "py310"]
RUFF += ["--select", RUFF_RULES]


def _manifest() -> dict[str, str]:
    if not MANIFEST.is_file():
        return {}
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return {row["local_path"]: row["kind"] for row in csv.DictReader(handle, delimiter="\t")}


KINDS = _manifest()


def _corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".json")
    )


FILES = _corpus_files()
ARAZZO_DOCS = [f for f in FILES if KINDS.get(f) == "arazzo"]

requires_corpus = pytest.mark.skipif(not FILES, reason="shared/corpus is not available")


def _module_name(rel: str) -> str:
    stem = rel.rsplit(".", 1)[0]
    return "corpus_" + re.sub(r"\W+", "_", stem).strip("_").lower()


# ---------------------------------------------------------------------- running


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str

    def report(self) -> dict[str, object]:
        data = json.loads(self.stdout)
        assert isinstance(data, dict), self.stdout
        return data

    def diagnostics(self) -> list[dict[str, object]]:
        items = self.report()["diagnostics"]
        assert isinstance(items, list)
        return items

    def error_codes(self) -> set[str]:
        return {str(d["code"]) for d in self.diagnostics() if d["severity"] == "error"}


@dataclass(frozen=True)
class FileRuns:
    validate: Run
    no_sources: Run
    compile: Run
    module: Path

    def __iter__(self) -> Iterator[Run]:
        return iter((self.validate, self.no_sources, self.compile))


def _run(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse; never expected here
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(tuple(argv), code, out.getvalue(), err.getvalue())


@dataclass
class Corpus:
    """Runs each file's three commands once, on first use, and remembers them."""

    out_dir: Path
    _cache: dict[str, FileRuns] = field(default_factory=dict)

    def runs(self, rel: str) -> FileRuns:
        if rel not in self._cache:
            doc = str(CORPUS / rel)
            module = self.out_dir / f"{_module_name(rel)}.py"
            # each corpus folder is another project's checkout, without .git: allow it
            fmt = ("--output-format", "json", "--allow-path", str(CORPUS))
            self._cache[rel] = FileRuns(
                validate=_run("validate", doc, *fmt),
                no_sources=_run("validate", "--no-sources", doc, *fmt),
                compile=_run("compile", doc, "-o", str(module), *fmt),
                module=module,
            )
        return self._cache[rel]

    def compiled(self) -> list[tuple[str, Path]]:
        modules = [(rel, self.runs(rel).module) for rel in ARAZZO_DOCS]
        return [(rel, module) for rel, module in modules if module.exists()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus_modules"))


# ---------------------------------------------------------------------- every file


def _check_run(run: Run) -> None:
    text = run.stdout + run.stderr
    assert run.exit_code in (0, 1), (run.argv, text[-2000:])
    assert "Traceback" not in text and "internal error" not in text, (run.argv, text[-2000:])
    assert run.stderr == "", (run.argv, run.stderr[-2000:])  # json report goes to stdout
    report = run.report()
    assert report["version"] == 1
    errors = 0
    for diag in run.diagnostics():
        code = str(diag["code"])
        assert code in REGISTRY, diag
        assert not code.startswith("AZ9"), diag
        errors += diag["severity"] == "error"
        location = diag["location"]
        if location is None:
            assert code in FILE_LEVEL_CODES, diag
            continue
        assert isinstance(location, dict)
        assert isinstance(location["file"], str) and location["file"], diag
        line, column, end_line = location["line"], location["column"], location["end_line"]
        assert isinstance(line, int) and line >= 1, diag
        assert isinstance(column, int) and column >= 1, diag
        assert end_line is None or (isinstance(end_line, int) and end_line >= line), diag
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["errors"] == errors
    assert run.exit_code == (1 if errors else 0), (run.argv, run.stdout[-2000:])


@requires_corpus
@pytest.mark.parametrize("rel", FILES)
def test_file_never_crashes(rel: str, corpus: Corpus) -> None:
    runs = corpus.runs(rel)
    for run in runs:
        _check_run(run)
    # compile writes the module exactly when it succeeds
    assert runs.module.exists() == (runs.compile.exit_code == 0)
    # the stages only add checks: --no-sources finds nothing that validate does not,
    # and compile rejects everything validate rejects
    assert runs.no_sources.error_codes() <= runs.validate.error_codes()
    assert runs.validate.error_codes() <= runs.compile.error_codes()


@requires_corpus
def test_the_manifest_describes_the_files() -> None:
    assert set(KINDS) == set(FILES), set(KINDS) ^ set(FILES)
    assert len(ARAZZO_DOCS) >= 30


# ---------------------------------------------------------------------- recorded results


def _diff(actual: set[str], expected: frozenset[str]) -> str:
    gained = "\n  ".join(sorted(actual - expected)) or "-"
    lost = "\n  ".join(sorted(expected - actual)) or "-"
    return f"\nnow succeeding (add to the list):\n  {gained}\nnow failing (regression?):\n  {lost}"


@requires_corpus
def test_which_arazzo_documents_validate(corpus: Corpus) -> None:
    actual = {rel for rel in ARAZZO_DOCS if corpus.runs(rel).validate.exit_code == 0}
    assert actual == VALIDATES_WITH_SOURCES, _diff(actual, VALIDATES_WITH_SOURCES)


@requires_corpus
def test_which_arazzo_documents_compile(corpus: Corpus) -> None:
    actual = {rel for rel in ARAZZO_DOCS if corpus.runs(rel).compile.exit_code == 0}
    assert actual == COMPILES, _diff(actual, COMPILES)
    assert COMPILES <= VALIDATES_WITH_SOURCES


@requires_corpus
def test_other_documents_are_reported_as_not_arazzo(corpus: Corpus) -> None:
    others = [rel for rel in FILES if KINDS.get(rel) in NOT_ARAZZO_KINDS]
    assert others
    wrong = {}
    for rel in others:
        for run in corpus.runs(rel):
            codes = [str(d["code"]) for d in run.diagnostics()]
            if run.exit_code != 1 or codes != ["AZ100"]:
                wrong[f"{rel} {run.argv[:2]}"] = codes
    assert wrong == {}


# ---------------------------------------------------------------------- compiled modules


@pytest.fixture(scope="module")
def compiled(corpus: Corpus) -> list[tuple[str, Path]]:
    modules = corpus.compiled()
    assert len(modules) == len(COMPILES)
    return modules


@requires_corpus
def test_compiled_modules_parse(compiled: list[tuple[str, Path]]) -> None:
    for _rel, path in compiled:
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@requires_corpus
def test_compiled_modules_pass_mypy_strict(compiled: list[tuple[str, Path]]) -> None:
    out_dir = compiled[0][1].parent
    done = subprocess.run(
        [*MYPY, "--cache-dir", str(out_dir / ".mypy_cache"), *(str(p) for _r, p in compiled)],
        cwd=out_dir,  # no project configuration applies
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@requires_corpus
def test_compiled_modules_pass_ruff(compiled: list[tuple[str, Path]]) -> None:
    done = subprocess.run(
        [*RUFF, *(str(path) for _rel, path in compiled)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@requires_corpus
def test_compiled_modules_are_black_and_ruff_format_stable(
    compiled: list[tuple[str, Path]],
) -> None:
    report = format_report(compiled[0][1].parent)
    assert not any(report.values()), "\n".join(p for lines in report.values() for p in lines)


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[path.stem]
    return module


@requires_corpus
def test_compiled_modules_import_and_export_one_function_per_workflow(
    compiled: list[tuple[str, Path]],
) -> None:
    import yaml

    for rel, path in compiled:
        module = _import(path)
        exported = getattr(module, "__all__", None)
        assert isinstance(exported, list) and exported, rel
        for name in exported:
            assert hasattr(module, name), (rel, name)
        document = yaml.safe_load((CORPUS / rel).read_text(encoding="utf-8"))
        for workflow in document["workflows"]:
            function = snake_case(workflow["workflowId"])
            assert function in exported and callable(getattr(module, function)), (rel, function)
            twin = function + "_async"
            assert twin in exported and inspect.iscoroutinefunction(getattr(module, twin)), rel
