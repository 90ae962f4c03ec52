"""The registry of diagnostic codes and the Markdown table generated from it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from arazzogen import codes_doc
from arazzogen.codes import (
    REGISTRY,
    Code,
    flow,
    internal,
    lenient,
    load,
    lookup,
    rules,
    schema,
    sources,
    unsupported,
)
from arazzogen.codes_doc import END_MARKER, START_MARKER, markdown_table, replace_section, section

README = Path(__file__).resolve().parent.parent / "README.md"
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

# each group module and the first digit of its codes
GROUPS: list[tuple[ModuleType, str]] = [
    (load, "0"),
    (schema, "1"),
    (rules, "2"),
    (sources, "3"),
    (flow, "4"),
    (lenient, "5"),
    (unsupported, "6"),
    (internal, "9"),
]

ALL = sorted(REGISTRY.values(), key=lambda c: c.id)


def test_registry_is_not_empty_and_keyed_by_id() -> None:
    assert ALL
    for key, code in REGISTRY.items():
        assert key == code.id
        assert lookup(key) is code


@pytest.mark.parametrize("code", ALL, ids=lambda c: c.id)
def test_code_entry(code: Code) -> None:
    assert re.fullmatch(r"AZ\d{3}", code.id)
    assert KEBAB.fullmatch(code.name), code.name
    assert code.severity in ("error", "warning", "note")
    for text in (code.description, code.hint):
        assert text.strip() == text and text, code.id
        assert "\n" not in text and "\r" not in text, code.id


def test_names_unique() -> None:
    names = [code.name for code in ALL]
    assert len(names) == len(set(names))


def test_lenient_codes_are_warnings() -> None:
    # --strict turns exactly these warnings into errors; a lenient error would mean nothing
    for code in ALL:
        if code.lenient:
            assert code.severity == "warning", code.id


@pytest.mark.parametrize(("module", "digit"), GROUPS, ids=lambda g: getattr(g, "__name__", g))
def test_codes_live_in_their_group(module: ModuleType, digit: str) -> None:
    for code in module.CODES:
        assert code.id[2] == digit, f"{code.id} belongs to AZ{code.id[2]}xx, not {module.__name__}"
        assert REGISTRY[code.id] is code


def test_every_code_comes_from_a_group() -> None:
    grouped = {code.id for module, _ in GROUPS for code in module.CODES}
    assert grouped == set(REGISTRY)


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError, match="unknown diagnostic code"):
        lookup("AZ000X")


# --- the Markdown table ---------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row, honouring escaped pipes."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row[1:-1])]


def _rows(table: str) -> list[list[str]]:
    return [_cells(line) for line in table.splitlines() if line.startswith("| `")]


def test_table_lists_every_code_once_in_order() -> None:
    rows = _rows(markdown_table())
    assert [row[0] for row in rows] == [f"`{code.id}`" for code in ALL]
    for row, code in zip(rows, ALL, strict=True):
        assert row[1:] == [
            f"`{code.name}`",
            code.severity,
            "yes" if code.lenient else "no",
            " ".join(code.description.split()),
            " ".join(code.hint.split()),
        ]


def test_table_is_grouped_by_stage() -> None:
    table = markdown_table()
    headings = re.findall(r"^### AZ(\d)xx: (.+)$", table, flags=re.MULTILINE)
    digits = [digit for digit, _ in headings]
    assert digits == sorted({code.id[2] for code in ALL})
    assert all(title for _, title in headings)
    # every row sits under the heading of its own stage
    current = ""
    for line in table.splitlines():
        if line.startswith("### AZ"):
            current = line[6]
        elif line.startswith("| `AZ"):
            assert line[5] == current, line


def test_table_is_deterministic() -> None:
    assert markdown_table() == markdown_table()
    assert markdown_table(reversed(ALL)) == markdown_table()


def test_table_escapes_cells() -> None:
    odd = Code("AZ299", "odd-one", "error", "a | b\nnext line", "use `x|y`", lenient=False)
    table = markdown_table([odd], heading_level=2)
    assert table.startswith("## AZ2xx: ")
    (row,) = _rows(table)
    assert len(row) == 6
    assert row[4] == "a | b next line"
    assert row[5] == "use `x|y`"


def test_table_marks_strict_sensitive_codes() -> None:
    loose = Code("AZ599", "loose-form", "warning", "Loose.", "tighten it", lenient=True)
    (row,) = _rows(markdown_table([loose]))
    assert row[3] == "yes"


def test_replace_and_read_section() -> None:
    text = f"# Title\n\n{START_MARKER}\nold\n{END_MARKER}\n\nmore\n"
    updated = replace_section(text, "| new |\n")
    assert updated.startswith(f"# Title\n\n{START_MARKER}\n")
    assert updated.endswith(f"{END_MARKER}\n\nmore\n")
    assert section(updated) == "| new |"
    assert replace_section(updated, "| new |\n") == updated


@pytest.mark.parametrize("text", ["no markers", f"{END_MARKER}\n{START_MARKER}", START_MARKER])
def test_missing_markers(text: str) -> None:
    with pytest.raises(ValueError):
        section(text)
    with pytest.raises(ValueError):
        replace_section(text, "x")


def test_main_prints_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert codes_doc.main([]) == 0
    assert capsys.readouterr().out == markdown_table()


def test_main_updates_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{START_MARKER}\n{END_MARKER}\n", encoding="utf-8")
    assert codes_doc.main(["--update", str(readme)]) == 0
    assert section(readme.read_text(encoding="utf-8")) == markdown_table().strip("\n")
    readme.write_text("no markers\n", encoding="utf-8")
    assert codes_doc.main(["--update", str(readme)]) == 1
    assert "codes:start" in capsys.readouterr().err
    assert codes_doc.main(["--bogus"]) == 2


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "arazzogen.codes_doc"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == markdown_table()


def test_readme_table_is_current() -> None:
    """README.md holds exactly the generated table between the codes markers.

    Regenerate it with ``python -m arazzogen.codes_doc --update README.md``.
    """
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    assert START_MARKER in text and END_MARKER in text, (
        f"README.md needs {START_MARKER} and {END_MARKER} around the table of codes"
    )
    assert section(text) == markdown_table().strip("\n"), (
        "README.md's table of codes is stale: run python -m arazzogen.codes_doc --update README.md"
    )
