"""Stage 6: format generated source with black and check that it parses.

black is the formatter of record, but it is not run on the module as a whole: its time
grows faster than the length of what it formats, and most of a large module repeats
from one compilation to the next. The module is cut into its top-level definitions
(each ``def`` or ``class`` with its decorators and the comments just above it; the
statements between them as one piece), each piece is formatted on its own, and the
pieces are joined with the two blank lines black puts around every top-level
definition. Formatting a piece is a pure function of its text, so results are kept in
a content-addressed cache for the life of the process (the helpers every module shares,
the same workflow compiled again). The result is byte-for-byte black's result for the
whole module (``tests/test_formatting.py`` checks it on every generated module).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

#: formatted pieces kept per process
CACHE_SIZE = 8192

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class GeneratedCodeError(Exception):
    """The generated source is not valid Python: a bug in arazzogen."""


def format_source(source: str) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise GeneratedCodeError(f"line {exc.lineno}: {exc.msg}") from None
    pieces = [format_piece(piece) for piece in split_definitions(source, tree)]
    if not any(piece.strip() for piece in pieces):
        return format_whole(source)
    return "\n\n\n".join(piece.strip("\n") for piece in pieces if piece.strip()) + "\n"


def format_whole(source: str) -> str:
    """black over the whole module at once (what :func:`format_source` must equal)."""
    import black

    return black.format_str(source, mode=_mode())


@lru_cache(maxsize=1)
def _mode() -> black.Mode:
    import black

    return black.Mode(target_versions={black.mode.TargetVersion.PY310}, line_length=88)


@lru_cache(maxsize=CACHE_SIZE)
def format_piece(piece: str) -> str:
    """black's formatting of one top-level piece of a module (cached by its text)."""
    import black

    return black.format_str(piece, mode=_mode())


def split_definitions(source: str, tree: ast.Module) -> list[str]:
    """``source`` cut before and after every top-level ``def`` and ``class``.

    A definition's piece starts at its first decorator, or at the comment lines just
    above it; the statements between two definitions stay together, with their blank
    lines, as black would keep them. Where the lines between two statements hold
    anything but blank lines and comments in the first column (an indented comment
    that black would move), or where one is a stub definition whose body is ``...``
    (black keeps such lines together as written), the two stay in one piece.
    """
    lines = source.splitlines(keepends=True)
    cuts: list[int] = []  # 0-based line indexes where a piece starts
    previous: ast.stmt | None = None
    previous_end = 0
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        gap = lines[previous_end:start]
        clean = all(not line.strip() or line.startswith("#") for line in gap)
        definition = isinstance(node, _DEFINITIONS)
        # black may keep a stub (``def f(): ...``) next to its neighbours: no cut there
        clean = clean and not _stub(node) and not (previous is not None and _stub(previous))
        if previous is not None and clean and (definition or isinstance(previous, _DEFINITIONS)):
            if definition:
                while start > previous_end and lines[start - 1].startswith("#"):
                    start -= 1  # the comments just above belong to the definition
            else:
                start = previous_end
            cuts.append(start)
        previous = node
        previous_end = node.end_lineno if node.end_lineno is not None else len(lines)
    pieces: list[str] = []
    begin = 0
    for cut in [*cuts, len(lines)]:
        if cut > begin:
            pieces.append("".join(lines[begin:cut]))
        begin = max(begin, cut)
    return pieces


def _stub(node: ast.stmt) -> bool:
    if not isinstance(node, _DEFINITIONS):
        return False
    last = node.body[-1]
    return isinstance(last, ast.Expr) and isinstance(last.value, ast.Constant) and (
        last.value.value is Ellipsis
    )
