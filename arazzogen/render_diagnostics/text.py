"""The human format: mypy-style lines, optionally with the source line and a caret.

::

    flow.arazzo.yaml:12:9: error: step `pay` is never reached [AZ401]
       12 |       - stepId: pay
          |         ^~~~~~~~~~~
      hint: add a `goto` to it or remove the step
    Found 1 error in 1 file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from arazzogen.diagnostics import Diagnostic, Location
from arazzogen.render_diagnostics._common import (
    LINE_BREAK,
    cell_width,
    count,
    escape_char,
    visible,
)

TAB_SIZE = 4
#: source lines wider than this are shown as a window around the span
MAX_WIDTH = 120
#: how many characters of context to keep before the span in a windowed line
CONTEXT = 40
ELLIPSIS = "..."
#: characters of a line considered on each side of the problem (bounds the work)
SLICE = 4 * MAX_WIDTH

ReadSource = Callable[[str], str | None]


@dataclass(frozen=True)
class _Cell:
    text: str
    width: int


def _cells(line: str) -> list[_Cell]:
    """One display cell group per character: tabs expanded, control characters escaped."""
    cells: list[_Cell] = []
    column = 0
    for ch in line:
        if ch == "\t":
            width = TAB_SIZE - column % TAB_SIZE
            cell = _Cell(" " * width, width)
        elif visible(ch) != ch:
            escaped = escape_char(ch)
            cell = _Cell(escaped, len(escaped))
        else:
            cell = _Cell(ch, cell_width(ch))
        cells.append(cell)
        column += cell.width
    return cells


def _width(cells: Sequence[_Cell]) -> int:
    return sum(cell.width for cell in cells)


def _window(cells: list[_Cell], start: int) -> tuple[int, int]:
    """The range of characters to show so that the start of the span is visible."""
    if _width(cells) <= MAX_WIDTH:
        return 0, len(cells)
    limit = MAX_WIDTH - 2 * len(ELLIPSIS)
    first = min(start, len(cells))
    used = 0
    while first > 0 and used + cells[first - 1].width <= CONTEXT:
        first -= 1
        used += cells[first].width
    last = first
    used = 0
    while last < len(cells) and used + cells[last].width <= limit:
        used += cells[last].width
        last += 1
    while first > 0 and used + cells[first - 1].width <= limit:
        first -= 1
        used += cells[first].width
    return first, last


def snippet(line: str, column: int, end_column: int | None) -> tuple[str, str]:
    """The source line as shown and the caret line under ``column``..``end_column``.

    Columns are 1-based character positions; ``end_column`` is exclusive (the position
    after the span) and ``None`` marks a single point or a span reaching past this line.
    """
    start = max(column - 1, 0)
    end = start + 1 if end_column is None else max(end_column - 1, start + 1)
    # only a bounded slice of a long line is ever looked at (a 5 MB line costs no more
    # than a short one); the window below is chosen inside it
    cut = max(0, start - SLICE)
    cut_after = len(line) > start + SLICE
    line = line[cut : start + SLICE]
    start, end = start - cut, end - cut
    cells = _cells(line)
    first, last = _window(cells, start)
    shown = cells[first:last]
    prefix = ELLIPSIS if first > 0 or cut else ""
    suffix = ELLIPSIS if last < len(cells) or cut_after else ""
    source = prefix + "".join(cell.text for cell in shown) + suffix
    offset = len(prefix) + _width(cells[first : min(start, last)])
    span = max(1, _width(cells[start : min(end, last)]))
    caret = " " * offset + "^" + "~" * (span - 1)
    return source.rstrip(), caret


class _Sources:
    """Source lines by file, read once per file."""

    def __init__(self, read_source: ReadSource | None) -> None:
        self._read = read_source
        self._lines: dict[str, list[str] | None] = {}

    def line(self, file: str, number: int) -> str | None:
        if self._read is None:
            return None
        if file not in self._lines:
            try:
                text = self._read(file)
            except (OSError, UnicodeError, ValueError):
                text = None
            self._lines[file] = None if text is None else LINE_BREAK.split(text)
        lines = self._lines[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def _header(diag: Diagnostic) -> str:
    loc = diag.location
    where = "arazzogen" if loc is None else f"{visible(loc.file)}:{loc.line}:{loc.column}"
    return f"{where}: {diag.severity.value}: {visible(diag.message)} [{diag.code}]"


def _source_lines(loc: Location, sources: _Sources) -> list[str]:
    line = sources.line(loc.file, loc.line)
    if line is None:
        return []
    one_line = loc.end_line is None or loc.end_line == loc.line
    source, caret = snippet(line, loc.column, loc.end_column if one_line else None)
    gutter = f"{loc.line:>5} | "
    blank = " " * (len(gutter) - 2) + "| "
    return [(gutter + source).rstrip(), blank + caret]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``Found 2 errors and 1 warning in 1 file.``, or ``No problems found.``"""
    counts = count(diagnostics)
    parts = [
        _plural(n, word)
        for n, word in (
            (counts.errors, "error"),
            (counts.warnings, "warning"),
            (counts.notes, "note"),
        )
        if n
    ]
    if not parts:
        return "No problems found."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    where = f" in {_plural(counts.files, 'file')}" if counts.files else ""
    return f"Found {listed}{where}."


def render_text(
    diagnostics: Sequence[Diagnostic],
    *,
    show_source: bool = False,
    read_source: ReadSource | None = None,
) -> str:
    sources = _Sources(read_source if show_source else None)
    out: list[str] = []
    for diag in diagnostics:
        out.append(_header(diag))
        if show_source and diag.location is not None:
            out.extend(_source_lines(diag.location, sources))
        if diag.hint:
            out.append(f"  hint: {visible(diag.hint)}")
        if show_source:
            out.append("")
    out.append(summary(diagnostics))
    return "\n".join(out) + "\n"
