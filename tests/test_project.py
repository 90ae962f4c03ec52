"""A project configured in pyproject.toml ([tool.arazzogen]) and the CLI conventions:
compile/check everything with no arguments, configuration errors, ignore, quiet, colour,
codes CODE, validate DIR, --diff, --help."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from project_kit import NAMES, arazzogen, flow, make_project

from arazzogen import __version__
from arazzogen.cli import main
from arazzogen.codes import REGISTRY


def _outputs(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "src").glob("*.py"))}


def test_three_modules_compiled_checked_and_kept_fresh(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = arazzogen("compile", cwd=root)
    assert first.returncode == 0, first.stdout + first.stderr
    written = _outputs(root)
    assert sorted(written) == [f"{n}_flow.py" for n in sorted(NAMES)]
    for name in NAMES:
        assert f"from ../flows/{name}.arazzo.yaml" in " ".join(written[f"{name}_flow.py"].split())
    assert "wrote src/orders_flow.py" in first.stderr

    again = arazzogen("compile", "--exit-nonzero-on-change", cwd=root)
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert _outputs(root) == written
    check = arazzogen("compile", "--check", cwd=root)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")

    # one document changes: only its module is stale, and --check writes nothing
    doc = root / "flows" / "billing.arazzo.yaml"
    doc.write_text(doc.read_text().replace("Read the pet back.", "Read it."), encoding="utf-8")
    stale = arazzogen("compile", "--check", "--output-format", "json", cwd=root)
    assert stale.returncode == 1
    report = json.loads(stale.stdout)["diagnostics"]
    assert [(d["code"], d["location"]["file"]) for d in report] == [
        ("AZ904", "src/billing_flow.py")
    ]
    assert _outputs(root) == written

    diff = arazzogen("compile", "--diff", "--color", "never", cwd=root)
    assert diff.returncode == 0, diff.stderr
    assert "--- src/billing_flow.py (current)" in diff.stdout
    assert "+++ src/billing_flow.py (generated)" in diff.stdout
    assert "+    Read it." in diff.stdout or "Read it." in diff.stdout
    assert "orders_flow" not in diff.stdout
    assert _outputs(root) == written  # --diff writes nothing

    hook = arazzogen("compile", "--exit-nonzero-on-change", cwd=root)
    assert hook.returncode == 1 and "wrote src/billing_flow.py" in hook.stderr
    assert arazzogen("compile", "--check", cwd=root).returncode == 0


def test_a_hand_edited_module_is_stale(tmp_path: Path) -> None:
    root = make_project(tmp_path, names=("orders",))
    assert arazzogen("compile", cwd=root).returncode == 0
    module = root / "src" / "orders_flow.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original.replace("def adopt(", "def adopt_edited("), encoding="utf-8")
    check = arazzogen("compile", "--check", cwd=root)
    assert check.returncode == 1 and "[AZ904]" in check.stdout
    # the configured modules are regenerated all at once, by the command with no document
    assert "hint: run `arazzogen compile` to regenerate it" in check.stdout
    assert arazzogen("compile", cwd=root).returncode == 0
    assert module.read_text(encoding="utf-8") == original


def test_configured_outputs_in_a_missing_folder_are_written(tmp_path: Path) -> None:
    root = make_project(tmp_path, names=("orders",))
    (root / "src").rmdir()  # a fresh checkout where the generated folder is not committed yet
    done = arazzogen("compile", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "src" / "orders_flow.py").read_text(encoding="utf-8").startswith('"""')


def test_config_is_found_from_a_subfolder(tmp_path: Path) -> None:
    root = make_project(tmp_path, names=("orders",))
    inner = root / "src" / "deep"
    inner.mkdir(parents=True)
    assert arazzogen("compile", cwd=inner).returncode == 0
    assert (root / "src" / "orders_flow.py").is_file()
    # a named document that is a configured module goes to its configured output
    (root / "src" / "orders_flow.py").unlink()
    assert arazzogen("compile", "../../flows/orders.arazzo.yaml", cwd=inner).returncode == 0
    assert (root / "src" / "orders_flow.py").is_file()


def test_isolated_ignores_the_configuration(tmp_path: Path) -> None:
    root = make_project(tmp_path, names=("orders",))
    result = arazzogen("compile", "--isolated", cwd=root)
    assert result.returncode == 2 and "[AZ907]" in result.stdout


def test_nothing_to_compile_without_configuration(tmp_path: Path) -> None:
    result = arazzogen("compile", cwd=tmp_path)
    assert result.returncode == 2
    assert "[AZ907]" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("extra", "code", "line", "needle"),
    [
        ("strictness = true\n", "AZ911", 6, "did you mean `strict`"),
        ('strict = "yes"\n', "AZ912", 6, "true or false"),
        ('output-format = "xml"\n', "AZ912", 6, '"text" or "json"'),
        ("lock-file = 3\n", "AZ912", 6, "a path"),
        ("strict = \n", "AZ910", 6, "not valid TOML"),
        ("[tool.arazzogen.sources]\npets = 3\n", "AZ912", 6, "table of strings"),
    ],
)
def test_configuration_errors_are_located(
    tmp_path: Path, extra: str, code: str, line: int, needle: str
) -> None:
    root = make_project(tmp_path, extra=extra, names=("orders",))
    result = arazzogen("compile", "--output-format", "json", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    [diag] = json.loads(result.stdout)["diagnostics"]
    assert diag["code"] == code and needle in diag["message"], diag
    assert diag["location"]["file"].endswith("pyproject.toml")
    assert diag["location"]["line"] == line
    assert not (root / "src" / "orders_flow.py").exists()


def test_module_entry_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.arazzogen]\n\n[[tool.arazzogen.modules]]\ndocument = 'a.arazzo.yaml'\n\n"
        "[[tool.arazzogen.modules]]\ndocument = 'b.arazzo.yaml'\noutput = 'x.py'\n"
        "[[tool.arazzogen.modules]]\ndocument = 'c.arazzo.yaml'\noutput = 'x.py'\n"
        "output-format = 'json'\n",
        encoding="utf-8",
    )
    result = arazzogen("compile", "--output-format", "json", cwd=tmp_path)
    assert result.returncode == 2
    found = [(d["code"], d["location"]["line"]) for d in json.loads(result.stdout)["diagnostics"]]
    # module 1 lacks `output`; modules 2 and 3 write the same file; output-format is global
    assert found == [("AZ913", 3), ("AZ913", 11), ("AZ911", 12)]


def test_per_module_options_and_ignore(tmp_path: Path) -> None:
    extra = 'ignore = ["AZ502"]\n'
    root = make_project(tmp_path, extra=extra, names=("orders", "billing"))
    for name in ("orders", "billing"):
        doc = root / "flows" / f"{name}.arazzo.yaml"
        doc.write_text(
            doc.read_text().replace("name: $inputs.name", "name: Mr $inputs.name"), encoding="utf-8"
        )
    quiet = arazzogen("validate", cwd=root)
    assert quiet.returncode == 0 and quiet.stdout == "", quiet.stdout  # AZ502 ignored
    shown = arazzogen("validate", "--isolated", str(root / "flows"), cwd=root)
    assert shown.stdout.count("[AZ502]") == 2
    # an ignored code stays ignored under --strict: ignoring it is explicit
    assert arazzogen("validate", "--strict", cwd=root).returncode == 0
    # strict for one module only: its lenient form is an error, the other still compiles
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text().replace(extra, "")
    pyproject.write_text(
        text.replace(
            'output = "src/billing_flow.py"\n', 'output = "src/billing_flow.py"\nstrict = true\n'
        ),
        encoding="utf-8",
    )
    result = arazzogen("compile", "--output-format", "json", cwd=root)
    assert result.returncode == 1
    report = json.loads(result.stdout)["diagnostics"]
    assert {(d["code"], d["severity"], d["location"]["file"]) for d in report} == {
        ("AZ502", "error", "flows/billing.arazzo.yaml"),
        ("AZ502", "warning", "flows/orders.arazzo.yaml"),
    }
    assert (root / "src" / "orders_flow.py").is_file()
    assert not (root / "src" / "billing_flow.py").exists()


def test_ignore_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, names=("orders",))
    doc = root / "flows" / "orders.arazzo.yaml"
    doc.write_text(doc.read_text().replace("name: $inputs.name", "name: Mr $inputs.name"))
    os.chdir(root)
    assert main(["validate", "--ignore", "az502,AZ509"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["validate", "--ignore", "AZ999"]) == 2
    assert "AZ999: there is no such code" in capsys.readouterr().out
    assert main(["validate", "--ignore", "AZ301"]) == 2
    assert "errors cannot be ignored" in capsys.readouterr().out


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    root = make_project(tmp_path, names=("orders", "billing"))
    good, bad = root / "flows" / "orders.arazzo.yaml", root / "flows" / "billing.arazzo.yaml"
    good.write_text(good.read_text().replace("name: $inputs.name", "name: Mr $inputs.name"))
    assert "[AZ502]" in arazzogen("validate", str(good), cwd=root).stdout
    assert arazzogen("validate", "-q", str(good), cwd=root).stdout == ""
    bad.write_text(bad.read_text().replace("operationId: getPet", "operationId: nope"))
    result = arazzogen("validate", "-q", "flows", cwd=root)
    assert result.returncode == 1
    assert "[AZ310]" in result.stdout and "[AZ502]" not in result.stdout


def test_validate_a_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "flows" / "nested").mkdir()
    (root / "flows" / "nested" / "x.arazzo.json").write_text("{", encoding="utf-8")
    (root / "flows" / ".hidden").mkdir()
    (root / "flows" / ".hidden" / "y.arazzo.yaml").write_text("nope", encoding="utf-8")
    result = arazzogen("validate", "flows", "--output-format", "json", cwd=root)
    assert result.returncode == 1
    files = {d["location"]["file"] for d in json.loads(result.stdout)["diagnostics"]}
    assert files == {"flows/nested/x.arazzo.json"}
    empty = root / "empty"
    empty.mkdir()
    nothing = arazzogen("validate", "empty", cwd=root)
    assert nothing.returncode == 1 and "[AZ001]" in nothing.stdout


def test_version_flags() -> None:
    for flag in ("-V", "--version"):
        result = arazzogen(flag, cwd=Path.cwd())
        assert (result.returncode, result.stdout) == (0, f"arazzogen {__version__}\n")


def test_help_has_examples_and_exit_status() -> None:
    for args in (["--help"], ["compile", "--help"], ["validate", "--help"]):
        result = arazzogen(*args, cwd=Path.cwd())
        assert result.returncode == 0
        assert "examples:" in result.stdout and "exit status:" in result.stdout
        assert "2  usage, configuration or internal error" in result.stdout
    from arazzogen.check.limits import Limits

    help_text = "".join(arazzogen("compile", "--help", cwd=Path.cwd()).stdout.split())
    assert all(name in help_text for name in Limits.names())


def test_codes_explains_one_code() -> None:
    result = arazzogen("codes", "az502", cwd=Path.cwd())
    assert result.returncode == 0, result.stderr
    entry = REGISTRY["AZ502"]
    out = result.stdout
    assert out.startswith("AZ502 expression-without-braces: warning (an error with --strict)")
    assert " ".join(entry.description.split()) in " ".join(out.split())
    assert "Example (AZ502-expression-without-braces.arazzo.yaml):" in out
    marked = [line for line in out.splitlines() if line.startswith(">")]
    assert len(marked) == 1 and "Bearer $inputs.token" in marked[0]
    assert arazzogen("codes", "AZ904", cwd=Path.cwd()).stdout.count("No example document") == 1
    unknown = arazzogen("codes", "AZ000", cwd=Path.cwd())
    assert unknown.returncode == 2 and "unknown code" in unknown.stderr


@pytest.mark.parametrize(
    ("color", "env", "colored"),
    [
        ("always", {}, True),
        ("never", {}, False),
        ("auto", {}, False),  # not a terminal
        ("always", {"NO_COLOR": "1"}, True),  # an explicit choice wins
    ],
)
def test_color(tmp_path: Path, color: str, env: dict[str, str], colored: bool) -> None:
    doc = tmp_path / "bad.arazzo.yaml"
    doc.write_text("arazzo: 9.9.9\n", encoding="utf-8")
    result = arazzogen(
        "validate", str(doc), "--color", color, cwd=tmp_path, env={**os.environ, **env}
    )
    assert result.returncode == 1
    assert ("\x1b[" in result.stdout) is colored
    assert "[AZ100]" in result.stdout.replace("\x1b[2m", "").replace("\x1b[0m", "").replace(
        "\x1b[1m", ""
    )


def test_no_color_is_honoured_on_a_terminal(tmp_path: Path) -> None:
    import io

    from arazzogen.render_diagnostics.color import use_color

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert use_color("auto", Tty(), {}) is True
    assert use_color("auto", Tty(), {"NO_COLOR": "1"}) is False
    assert use_color("auto", Tty(), {"NO_COLOR": ""}) is True
    assert use_color("auto", Tty(), {"TERM": "dumb"}) is False
    assert use_color("never", Tty(), {}) is False


def test_flow_helper_changes_only_the_title() -> None:
    assert flow("orders").count("title: Orders") == 1
