"""Usage errors told with the subcommand's usage line; small messages: an empty ``-o``, a
folder with no document, ``--refresh`` with nothing to refresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from arazzogen.cli import main

VALID = REPO / "tests" / "cases" / "_valid" / "flow.arazzo.yaml"
TOP_USAGE = "usage: arazzogen [-h] [-V] {compile,validate,codes} ..."


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """The lines argparse printed for a usage error (exit status 2)."""
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", str(VALID), "--limit", "stepz=3"], "argument --limit: unknown limit 'stepz'"),
        (["validate", str(VALID), "--limit", "steps=abc"], "'abc' is not a number"),
        (["validate", str(VALID), "--limit", "depth=1000"], "limit depth: at most 300"),
        (["compile", "a.yaml", "b.yaml"], "unrecognized arguments: b.yaml (compile takes one DOC"),
        (["compile", "a.yaml", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_subcommand_errors_show_the_subcommand_usage(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    lines = usage_error(capsys, *argv)
    command = argv[0]
    assert lines[0].startswith(f"usage: arazzogen {command} [-h]")
    assert TOP_USAGE not in lines
    assert lines[-1].startswith(f"arazzogen {command}: error: ")
    assert message in lines[-1]


def test_the_codes_subcommand_too(capsys: pytest.CaptureFixture[str]) -> None:
    lines = usage_error(capsys, "codes", "AZ001", "AZ002")
    assert lines[0] == "usage: arazzogen codes [-h] [--markdown] [CODE]"
    assert lines[-1] == "arazzogen codes: error: unrecognized arguments: AZ002"


def test_top_level_errors_keep_the_top_level_usage(capsys: pytest.CaptureFixture[str]) -> None:
    lines = usage_error(capsys, "--bogus", "compile", str(VALID))
    assert lines[0] == TOP_USAGE
    assert lines[-1] == "arazzogen: error: unrecognized arguments: --bogus"


def test_an_empty_output_path_is_named_as_such(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = usage_error(capsys, "compile", str(VALID), "-o", "")
    assert lines[0].startswith("usage: arazzogen compile")
    assert lines[-1] == (
        "arazzogen compile: error: argument -o/--output: the output path is empty: "
        "name the module file to write, e.g. -o flow.py"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_documents_says_what_is_looked_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "orders.yaml").write_text("arazzo: 1.0.1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "flows", "--output-format", "json"]) == 1
    [diagnostic] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert diagnostic["code"] == "AZ001" and diagnostic["location"] is None
    assert diagnostic["message"] == "no Arazzo document found in the folder flows"
    hint = diagnostic["hint"]
    assert "*.arazzo.yaml, *.arazzo.yml or *.arazzo.json" in hint and "hidden" in hint
    assert "source URLs" not in hint


def test_validate_refresh_without_remote_sources_is_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(VALID), "--refresh", "--output-format", "json"]) == 0
    [diagnostic] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (diagnostic["code"], diagnostic["severity"]) == ("AZ915", "warning")
    assert diagnostic["message"].startswith("--refresh has no effect: no remote source")
    assert main(["validate", str(VALID), "--refresh", "--ignore", "AZ915"]) == 0
    assert capsys.readouterr().out == ""
    # with remote sources allowed there is something to refresh (here: nothing remote)
    assert main(["validate", str(VALID), "--refresh", "--allow-remote", "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_compile_refresh_without_remote_sources_still_compiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documented: `--refresh` compiles even a module its trailer says is up to date, so it
    is accepted without --allow-remote (and said nothing about)."""
    import arazzogen.api

    output = tmp_path / "flow.py"
    assert main(["compile", str(VALID), "-o", str(output)]) == 0
    compiled: list[Path] = []
    real = arazzogen.api.compile_document

    def counting(document: Path, **kwargs: object) -> arazzogen.api.Outcome:
        compiled.append(document)
        return real(document, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(arazzogen.api, "compile_document", counting)
    assert main(["compile", str(VALID), "-o", str(output)]) == 0
    assert compiled == []  # answered from the trailer
    assert main(["compile", str(VALID), "-o", str(output), "--refresh"]) == 0
    assert compiled == [VALID]
