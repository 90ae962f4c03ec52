"""Garbage in, a coded diagnostic out: never a traceback, always exit status 1.

Each input runs through :func:`arazzogen.cli.main` as ``validate``, ``validate
--no-sources`` and ``compile -o`` with ``--output-format json``; the deepest ones also run
as a real ``python -m arazzogen`` process. Every run must exit 1 with at least one error
whose code is registered, the expected code among them, no internal error (AZ9xx), and
no module written.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from arazzogen.cli import main
from arazzogen.codes import REGISTRY

REPO = Path(__file__).resolve().parents[1]

MAX_BYTES = 64 * 1024 * 1024  # the loader's documented limit (AZ010)
LONG = 100 * 1024  # "every string is 100 KB long"
#: the brief asks for 10k workflows; schema validation is superlinear in their number
#: (10k take over a minute), so the suite uses fewer: see the report
MANY_WORKFLOWS = 1000

FILE_LEVEL_CODES = frozenset({"AZ001"})
MODES = ("validate", "no-sources", "compile")

OPENAPI = """\
openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok}
"""


# ---------------------------------------------------------------------- the inputs


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _json(path: Path, data: object) -> Path:
    return _write(path, json.dumps(data))


def random_binary(d: Path) -> Path:
    return _write(d / "random.arazzo.yaml", random.Random(20240607).randbytes(64 * 1024))


def random_text(d: Path) -> Path:
    rng = random.Random(7)
    alphabet = "abc:-[]{}&*!|>'\"%@`#,? \n\t"
    return _write(d / "noise.arazzo.yaml", "".join(rng.choice(alphabet) for _ in range(20_000)))


def sparse_huge(d: Path) -> Path:
    path = d / "huge.arazzo.yaml"
    path.touch()
    os.truncate(path, MAX_BYTES + 1)  # sparse: costs no disk space
    return path


def deep_sequences(d: Path) -> Path:
    return _write(d / "deep.arazzo.yaml", "[" * 100_000)


def deep_sequences_closed(d: Path) -> Path:
    return _write(d / "deep.arazzo.json", "[" * 100_000 + "]" * 100_000)


def deep_mappings_json(d: Path) -> Path:
    return _write(d / "deep.arazzo.json", '{"a":' * 10_000 + "1" + "}" * 10_000)


def deep_mappings_flow(d: Path) -> Path:
    return _write(d / "deep.arazzo.yaml", "{a: " * 10_000 + "1" + "}" * 10_000)


def deep_mappings_block(d: Path) -> Path:
    # block style needs indentation, so 10k levels would be 50M characters: 2,000 it is
    return _write(d / "deep.arazzo.yaml", "".join(" " * i + "a:\n" for i in range(2_000)) + "x")


def empty(d: Path) -> Path:
    return _write(d / "empty.arazzo.yaml", "")


def only_comments(d: Path) -> Path:
    return _write(d / "comments.arazzo.yaml", "# nothing\n\n   # here either\n")


def utf16_with_bom(d: Path) -> Path:
    text = "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\n"
    return _write(d / "utf16.arazzo.yaml", text.encode("utf-16"))  # BOM included


def alias_bomb(d: Path) -> Path:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return _write(d / "bomb.arazzo.yaml", "\n".join(lines) + "\n")


def trailing_comma(d: Path) -> Path:
    return _write(d / "trailing.arazzo.json", '{"arazzo": "1.0.1", "info": {"title": "t"},}')


def version_is_a_number(d: Path) -> Path:
    return _write(
        d / "number.arazzo.yaml",
        "arazzo: 1.0\ninfo: {title: t, version: '1'}\n"
        "sourceDescriptions: [{name: api, url: api.yaml, type: openapi}]\n"
        "workflows: [{workflowId: w, steps: [{stepId: s, operationId: getItem}]}]\n",
    )


def a_directory(d: Path) -> Path:
    path = d / "folder.arazzo.yaml"
    path.mkdir()
    return path


def missing_file(d: Path) -> Path:
    return d / "does-not-exist.arazzo.yaml"


def a_fifo(d: Path) -> Path:
    path = d / "pipe.arazzo.yaml"
    os.mkfifo(path)  # opening it for reading would block forever
    return path


def _long_document(version: str) -> dict[str, object]:
    def s(char: str) -> str:
        return char * LONG

    return {
        "arazzo": version,
        "info": {"title": s("t"), "version": s("1"), "description": s("d")},
        "sourceDescriptions": [{"name": s("a"), "url": s("u"), "type": "openapi"}],
        "workflows": [
            {
                "workflowId": s("w"),
                "summary": s("s"),
                "inputs": {"type": "object", "properties": {s("i"): {"type": "string"}}},
                "steps": [
                    {
                        "stepId": s("x"),
                        "operationId": s("o"),
                        "description": s("e"),
                        "parameters": [{"name": s("n"), "in": "query", "value": s("v")}],
                        "successCriteria": [{"condition": s("c")}],
                        "outputs": {s("k"): "$statusCode"},
                    }
                ],
                "outputs": {s("r"): f"$steps.{s('x')}.outputs.{s('k')}"},
            }
        ],
    }


def _stretch(node: object) -> object:
    """Every string (keys are left alone) made LONG characters long."""
    if isinstance(node, str):
        return (node * (LONG // max(len(node), 1) + 1))[:LONG]
    if isinstance(node, list):
        return [_stretch(item) for item in node]
    if isinstance(node, dict):
        return {key: _stretch(value) for key, value in node.items()}
    return node


def every_string_long(d: Path) -> Path:
    return _json(d / "long.arazzo.json", _stretch(_long_document("1.0.1")))


def long_strings_valid_version(d: Path) -> Path:
    """Every string 100 KB but the version, so that every stage sees them."""
    return _json(d / "long.arazzo.json", _long_document("1.0.1"))


def nul_in_source_url(d: Path) -> Path:
    _write(d / "api.openapi.yaml", OPENAPI)
    return _write(
        d / "nul.arazzo.yaml",
        "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\n"
        "sourceDescriptions: [{name: api, url: 'api%00.openapi.yaml', type: openapi}]\n"
        "workflows: [{workflowId: w, steps: [{stepId: s, operationId: getItem,\n"
        "  parameters: [{name: id, in: path, value: x}]}]}]\n",
    )


def many_workflows(d: Path) -> Path:
    _write(d / "api.openapi.yaml", OPENAPI)
    workflows: list[dict[str, object]] = [
        {
            "workflowId": f"w{i}",
            "description": "d",
            "steps": [
                {
                    "stepId": "s",
                    "description": "d",
                    "operationId": "getItem",
                    "parameters": [{"name": "id", "in": "path", "value": "x"}],
                }
            ],
        }
        for i in range(MANY_WORKFLOWS)
    ]
    workflows.append({**workflows[0], "description": "the same id again"})
    return _json(
        d / "many.arazzo.json",
        {
            "arazzo": "1.0.1",
            "info": {"title": "t", "version": "1", "description": "d"},
            "sourceDescriptions": [{"name": "api", "url": "api.openapi.yaml", "type": "openapi"}],
            "workflows": workflows,
        },
    )


# ---------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    #: an error code every run must report (per mode where they differ)
    codes: dict[str, str]
    modes: tuple[str, ...] = MODES


def _same(code: str) -> dict[str, str]:
    return dict.fromkeys(MODES, code)


CASES = [
    Case("random-binary", random_binary, _same("AZ002")),
    Case("random-text", random_text, _same("AZ003")),
    Case("sparse-file-over-64MiB", sparse_huge, _same("AZ010")),
    Case("100k-open-brackets", deep_sequences, _same("AZ009")),
    Case("100k-nested-sequences-json", deep_sequences_closed, _same("AZ009")),
    Case("10k-nested-mappings-json", deep_mappings_json, _same("AZ009")),
    Case("10k-nested-mappings-flow-yaml", deep_mappings_flow, _same("AZ009")),
    Case("2k-nested-mappings-block-yaml", deep_mappings_block, _same("AZ009")),
    Case("empty", empty, _same("AZ006")),
    Case("only-comments", only_comments, _same("AZ006")),
    Case("utf16-with-bom", utf16_with_bom, _same("AZ002")),
    Case("yaml-alias-bomb", alias_bomb, _same("AZ009")),
    Case("json-trailing-comma", trailing_comma, _same("AZ004")),
    Case("arazzo-version-is-a-number", version_is_a_number, _same("AZ100")),
    Case("a-directory", a_directory, _same("AZ001")),
    Case("missing-file", missing_file, _same("AZ001")),
    Case("a-fifo", a_fifo, _same("AZ001")),
    # 100 KB ids and names are over the name-length limit (AZ014), checked before the
    # schema stage so that a huge document costs little
    Case("every-string-100KB", every_string_long, _same("AZ014")),
    Case("every-string-100KB-but-the-version", long_strings_valid_version, _same("AZ014")),
    Case(
        "nul-byte-in-source-url",
        nul_in_source_url,
        {"validate": "AZ301", "compile": "AZ301"},
        modes=("validate", "compile"),  # the document alone is fine
    ),
    # over the workflows limit (200 by default): refused before the schema stage
    Case(f"{MANY_WORKFLOWS}-workflows-one-duplicate-id", many_workflows, _same("AZ011")),
]


def _params() -> list[object]:
    return [
        pytest.param(case, mode, id=f"{case.name}-{mode}") for case in CASES for mode in case.modes
    ]


# ---------------------------------------------------------------------- running


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def _argv(mode: str, document: Path, output: Path) -> list[str]:
    fmt = ["--output-format", "json"]
    if mode == "validate":
        return ["validate", str(document), *fmt]
    if mode == "no-sources":
        return ["validate", "--no-sources", str(document), *fmt]
    return ["compile", str(document), "-o", str(output), *fmt]


def run_in_process(argv: list[str]) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse; never expected here
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue())


def _error_codes(run: Run) -> list[str]:
    """Check the report's shape; return the codes of its errors."""
    text = run.stdout + run.stderr
    assert "Traceback" not in text and "internal error" not in text, text[-3000:]
    assert run.stderr == "", run.stderr[-3000:]
    report = json.loads(run.stdout)
    codes = []
    for diag in report["diagnostics"]:
        code = diag["code"]
        assert code in REGISTRY, diag["code"]
        assert not code.startswith("AZ9"), (code, diag["message"][:500])
        location = diag["location"]
        if location is None:
            assert code in FILE_LEVEL_CODES, code
        else:
            assert location["line"] >= 1 and location["column"] >= 1, location
        if diag["severity"] == "error":
            codes.append(code)
    assert report["summary"]["errors"] == len(codes)
    return codes


@pytest.mark.parametrize(("case", "mode"), _params())
def test_garbage_exits_1_with_a_coded_error(case: Case, mode: str, tmp_path: Path) -> None:
    work = tmp_path / "in"
    work.mkdir()
    document = case.make(work)
    output = tmp_path / "out.py"
    run = run_in_process(_argv(mode, document, output))
    codes = _error_codes(run)
    assert run.exit_code == 1, (run.exit_code, codes)
    assert codes, "exit 1 without an error"
    assert case.codes[mode] in codes, codes
    assert not output.exists()


def test_random_binary_is_deterministic(tmp_path: Path) -> None:
    one, two = tmp_path / "1", tmp_path / "2"
    one.mkdir()
    two.mkdir()
    assert random_binary(one).read_bytes() == random_binary(two).read_bytes()


# ---------------------------------------------------------------------- the real process


@pytest.mark.parametrize(
    ("maker", "code"),
    [(deep_sequences, "AZ009"), (deep_mappings_json, "AZ009"), (a_directory, "AZ001")],
    ids=["100k-open-brackets", "10k-nested-mappings", "a-directory"],
)
def test_the_real_process_prints_no_traceback(
    maker: Callable[[Path], Path], code: str, tmp_path: Path
) -> None:
    document = maker(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "arazzogen", "compile", str(document), "-o", "out.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"[{code}]" in done.stdout, done.stdout
    assert not (tmp_path / "out.py").exists()


# ---------------------------------------------------------------------- odd outputs


def _valid_document(d: Path) -> Path:
    _write(d / "api.openapi.yaml", OPENAPI)
    return _write(
        d / "ok.arazzo.yaml",
        "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\n"
        "sourceDescriptions: [{name: api, url: api.openapi.yaml, type: openapi}]\n"
        "workflows: [{workflowId: w, steps: [{stepId: s, operationId: getItem,\n"
        "  parameters: [{name: id, in: path, value: x}]}]}]\n",
    )


def test_compile_never_replaces_a_device_node(tmp_path: Path) -> None:
    document = _valid_document(tmp_path)
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except (OSError, AttributeError):
        pytest.skip("cannot create a device node here")
    run = run_in_process(["compile", str(document), "-o", str(device), "--output-format", "json"])
    assert "Traceback" not in run.stdout + run.stderr
    assert run.exit_code == 2, run.stdout  # refused: a usage error, not the document's
    assert "AZ901" in [d["code"] for d in json.loads(run.stdout)["diagnostics"]]
    assert stat.S_ISCHR(device.stat().st_mode), "the device node was replaced by a file"


def test_compile_to_a_fifo_neither_blocks_nor_replaces_it(tmp_path: Path) -> None:
    document = _valid_document(tmp_path)
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    # a real process with a timeout: reading the FIFO would block forever
    done = subprocess.run(
        [sys.executable, "-m", "arazzogen", "compile", str(document), "-o", str(fifo)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "[AZ901]" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
