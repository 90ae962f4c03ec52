"""Stage 6: format generated source with black and check that it parses."""

from __future__ import annotations

import ast

import black


class GeneratedCodeError(Exception):
    """The generated source is not valid Python: a bug in arazzogen."""


def format_source(source: str) -> str:
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise GeneratedCodeError(f"line {exc.lineno}: {exc.msg}") from None
    mode = black.Mode(target_versions={black.mode.TargetVersion.PY310}, line_length=88)
    return black.format_str(source, mode=mode)
