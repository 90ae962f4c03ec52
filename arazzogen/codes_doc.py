"""The table of diagnostic codes, as Markdown, for the README.

``python -m arazzogen.codes_doc`` prints it; ``python -m arazzogen.codes_doc --update
README.md`` rewrites the part of the README between ``<!-- codes:start -->`` and
``<!-- codes:end -->``. A test keeps the README and the registry in step.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from arazzogen.codes import REGISTRY, Code
from arazzogen.emit.writer import write_atomic

START_MARKER = "<!-- codes:start -->"
END_MARKER = "<!-- codes:end -->"

#: stage titles by the first digit of the code number (``AZ2xx`` -> ``"2"``)
STAGES = {
    "0": "Loading files",
    "1": "Schema validation",
    "2": "Document rules",
    "3": "Sources and operation binding",
    "4": "Control flow",
    "5": "Lenient real-world forms (warnings; errors with `--strict`)",
    "6": "Not supported yet",
    "9": "Usage and internal errors",
}

_HEADER = (
    "| Code | Name | Severity | Strict-sensitive | Description | Hint |\n"
    "| --- | --- | --- | --- | --- | --- |\n"
)


def _cell(text: str) -> str:
    """Table-cell text: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _row(code: Code) -> str:
    cells = (
        f"`{code.id}`",
        f"`{code.name}`",
        code.severity,
        "yes" if code.lenient else "no",
        _cell(code.description),
        _cell(code.hint),
    )
    return "| " + " | ".join(cells) + " |\n"


def _stage(code_id: str) -> str:
    return code_id[2:3]


def markdown_table(codes: Iterable[Code] | None = None, *, heading_level: int = 3) -> str:
    """The registry as Markdown: one table per stage, codes in id order.

    ``Strict-sensitive`` says whether ``--strict`` turns the code's warning into an error.
    """
    entries = sorted(REGISTRY.values() if codes is None else codes, key=lambda c: c.id)
    stages = sorted({_stage(c.id) for c in entries})
    hashes = "#" * heading_level
    parts: list[str] = []
    for stage in stages:
        title = STAGES.get(stage, "Other")
        rows = "".join(_row(c) for c in entries if _stage(c.id) == stage)
        parts.append(f"{hashes} AZ{stage}xx: {title}\n\n{_HEADER}{rows}")
    return "\n".join(parts)


def replace_section(text: str, table: str) -> str:
    """``text`` with the part between the codes markers replaced by ``table``.

    Raises ``ValueError`` when the markers are missing or out of order.
    """
    start = text.find(START_MARKER)
    end = text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"expected {START_MARKER} followed by {END_MARKER}")
    head = text[: start + len(START_MARKER)]
    return f"{head}\n\n{table}\n{text[end:]}"


def section(text: str) -> str:
    """The part of ``text`` between the codes markers, without surrounding blank lines."""
    start = text.find(START_MARKER)
    end = text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"expected {START_MARKER} followed by {END_MARKER}")
    return text[start + len(START_MARKER) : end].strip("\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    table = markdown_table()
    if not args:
        sys.stdout.write(table)
        return 0
    if len(args) == 2 and args[0] == "--update":
        path = Path(args[1])
        try:
            text = path.read_text(encoding="utf-8")
            write_atomic(path, replace_section(text, table))
        except (OSError, UnicodeError, ValueError) as exc:
            sys.stderr.write(f"arazzogen.codes_doc: {path}: {exc}\n")
            return 1
        return 0
    sys.stderr.write("usage: python -m arazzogen.codes_doc [--update README.md]\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
