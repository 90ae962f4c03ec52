"""The freshness trailer and the fast ``compile --check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from project_kit import arazzogen, make_project

from arazzogen import digest
from arazzogen.load.freshness import check_fresh

HEAVY = ("jinja2", "black", "jsonschema", "yaml", "arazzogen.api", "arazzogen.build")


def test_trailer_round_trip() -> None:
    lines = digest.trailer_lines(["a b.yaml", "!gone.yaml", "https://x/o.json"], "f" * 32)
    text = "body\n\n\n" + "\n".join(lines) + "\n"
    sealed = digest.seal(text)
    trailer = digest.parse_trailer(sealed)
    assert trailer is not None
    assert trailer.inputs == ("a b.yaml", "!gone.yaml", "https://x/o.json")
    assert "# arazzogen-input: a%20b.yaml" in sealed
    assert trailer.inputs_digest == "f" * 32
    assert trailer.body == "body\n\n\n"
    assert trailer.module_digest == digest.module_digest("body\n\n\n") != digest.PLACEHOLDER
    assert digest.without_trailer(sealed) == "body\n\n\n"
    assert digest.parse_trailer("body\n") is None
    assert digest.parse_trailer(sealed.replace("# arazzogen-module", "# arazzogen-modul")) is None


def test_fingerprint_is_relative_and_canonical(tmp_path: Path) -> None:
    one = digest.fingerprint(
        "1",
        strict=False,
        sources={"b": str(tmp_path / "x.yaml"), "a": "https://h/o"},
        base=str(tmp_path / "src"),
    )
    two = digest.fingerprint(
        "1",
        strict=False,
        sources={"a": "https://h/o", "b": "/elsewhere/x.yaml"},
        base="/elsewhere/src",
    )
    assert one == two and "source 'b' '../x.yaml'" in one
    assert digest.fingerprint("1", strict=True, sources={}, base=".") != digest.fingerprint(
        "1", strict=False, sources={}, base="."
    )


def _fresh(root: Path, name: str = "orders", *, strict: bool = False) -> bool:
    output = root / "src" / f"{name}_flow.py"
    fingerprint = digest.fingerprint(
        __import__("arazzogen").__version__,
        strict=strict,
        sources={},
        base=str(output.parent.resolve()),
    )
    return check_fresh(output, root / "flows" / f"{name}.arazzo.yaml", fingerprint, {})


def test_what_makes_a_module_stale(tmp_path: Path) -> None:
    root = make_project(tmp_path, names=("orders",))
    assert arazzogen("compile", cwd=root).returncode == 0
    assert _fresh(root)
    assert not _fresh(root, strict=True)  # other options
    source = root / "flows" / "api.openapi.yaml"
    original = source.read_text(encoding="utf-8")
    source.write_text(original + "\n# a comment\n", encoding="utf-8")
    assert not _fresh(root)  # a source changed, even trivially
    source.write_text(original, encoding="utf-8")
    assert _fresh(root)
    module = root / "src" / "orders_flow.py"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("\n\n\n", "\n\n\n# note\n", 1), encoding="utf-8")
    assert not _fresh(root)  # edited by hand
    module.write_text(text, encoding="utf-8")
    assert _fresh(root)
    other = root / "flows" / "other.arazzo.yaml"
    other.write_text((root / "flows" / "orders.arazzo.yaml").read_text(), encoding="utf-8")
    fingerprint = digest.fingerprint(
        __import__("arazzogen").__version__,
        strict=False,
        sources={},
        base=str(module.parent.resolve()),
    )
    assert not check_fresh(module, other, fingerprint, {})  # another document


def test_a_source_that_appears_beside_the_document(tmp_path: Path) -> None:
    """A source found through the current-directory fallback (AZ509) records the file
    it looked for first; when that file appears, the module is stale."""
    root = make_project(tmp_path, names=("orders",))
    doc = root / "flows" / "orders.arazzo.yaml"
    (root / "flows" / "api.openapi.yaml").rename(root / "api.openapi.yaml")
    assert arazzogen("compile", cwd=root).returncode == 0
    text = (root / "src" / "orders_flow.py").read_text(encoding="utf-8")
    assert "# arazzogen-input: !../flows/api.openapi.yaml" in text
    assert _fresh(root)
    (root / "flows" / "api.openapi.yaml").write_text("{}", encoding="utf-8")
    assert not _fresh(root)
    assert doc.is_file()


def test_fast_check_imports_no_compiler(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert arazzogen("compile", cwd=root).returncode == 0
    code = (
        "import sys, json\n"
        "from arazzogen.cli import main\n"
        "status = main(['compile', '--check'])\n"
        f"print(json.dumps([status, [m for m in {HEAVY!r} if m in sys.modules]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]
    # a stale module takes the slow path (the compiler), and says so
    doc = root / "flows" / "orders.arazzo.yaml"
    doc.write_text(doc.read_text().replace("Read the pet back.", "Fetch it."), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    status, loaded = json.loads(done.stdout.splitlines()[-1])
    assert status == 1 and "jinja2" in loaded and "black" in loaded


def test_trailer_lines_never_trip_a_line_length_check(tmp_path: Path) -> None:
    """Long inputs continue on further lines: no trailer line is over 79 characters."""
    long = "/".join(["a-rather-long-folder-name"] * 8) + "/document.arazzo.yaml"
    lines = digest.trailer_lines([long, "https://example.com/" + "x" * 120], "0" * 32)
    module = tmp_path / "m.py"
    module.write_text("X = 1\n\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert max(len(line) for line in lines) <= 79 and len(lines) > 4
    trailer = digest.parse_trailer(digest.seal(module.read_text(encoding="utf-8")))
    assert trailer is not None and trailer.inputs == (long, "https://example.com/" + "x" * 120)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            "E501",
            "--line-length",
            "79",
            str(module),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_files_of_nested_arazzo_sources_are_inputs(tmp_path: Path) -> None:
    """A module compiled from Arazzo sources two levels deep is stale when an OpenAPI file
    only the deepest document reads changes (it is listed in the trailer)."""
    import yaml

    case = Path(__file__).parent / "conformance" / "cases" / "flow"
    files = yaml.safe_load((case / "call-workflow-second-level-arazzo-source.yaml").read_text())
    for name, text in files["files"].items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = ("compile", "flow.arazzo.yaml", "-o", "flow.py", "--isolated", "-q")
    assert arazzogen(*args, cwd=tmp_path).returncode == 0
    trailer = (tmp_path / "flow.py").read_text(encoding="utf-8")
    assert "# arazzogen-input: tokens/idp.openapi.yaml\n" in trailer
    assert arazzogen(*args, "--check", cwd=tmp_path).returncode == 0
    deepest = tmp_path / "tokens" / "idp.openapi.yaml"
    deepest.write_text(deepest.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert arazzogen(*args, "--check", cwd=tmp_path).returncode == 1


def test_inputs_are_hashed_from_the_bytes_the_compilation_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trailer's digests are of what was compiled: no input is read again to be
    hashed, and the module is fresh for the files as they are."""
    from arazzogen import api
    from arazzogen.load import freshness

    root = make_project(tmp_path, names=("orders",))
    doc = root / "flows" / "orders.arazzo.yaml"
    output = root / "src" / "orders_flow.py"

    def no_second_read(path: Path) -> str | None:
        raise AssertionError(f"{path} was read again to be hashed")

    with monkeypatch.context() as patched:
        patched.setattr(freshness, "hash_file", no_second_read)
        outcome = api.compile_document(doc, output=output, cwd=root)
    assert outcome.module is not None, outcome.diagnostics
    output.write_text(outcome.module, encoding="utf-8")
    assert "# arazzogen-input: ../flows/api.openapi.yaml" in outcome.module
    assert _fresh(root)
