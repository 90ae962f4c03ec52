"""The source text of module-level runtime helper functions, as ``inspect.getsource``
gives it, without tokenizing: one read of each file and a scan of its lines.

``inspect.getsource`` tokenizes each function's block in pure Python (about 12 ms for
the 52 JSONPath, I-Regexp and XPath helpers, at every start of the compiler). Here a
function starts at its code object's first line (its first decorator) and ends before
the first line after its ``def`` that starts at column 0 and is neither blank, a comment, nor the
``)`` that closes a signature black split over lines; blank lines before that end, and
comments indented less than the body, are not part of it (as with ``getsource``).
``tests/codegen/test_runtime_source.py`` checks the result equals ``inspect.getsource``
for every helper.
"""

from __future__ import annotations

import inspect
import linecache
from collections.abc import Callable, Iterable


def function_sources(functions: Iterable[Callable[..., object]]) -> dict[str, str]:
    """Name -> source text (decorators included, ending with a line break) of each
    module-level function, in the order given."""
    sources: dict[str, str] = {}
    for function in functions:
        code = inspect.unwrap(function).__code__
        lines = linecache.getlines(code.co_filename)
        if not lines:
            raise OSError(f"the source of {function.__name__} cannot be read")
        start = code.co_firstlineno - 1
        end = start
        while not lines[end].startswith(("def ", "async def ")):  # decorators
            end += 1
        body = end + 1  # past the line of `def`
        end = body
        while end < len(lines) and not _ends_block(lines[end]):
            end += 1
        code = [line for line in lines[body:end] if _is_code(line) and line[0] != ")"]
        indent = min((_columns(line) for line in code), default=0)
        # trailing blank lines, and comments indented less than the body, are not part of it
        while not _is_code(lines[end - 1]) and (
            not lines[end - 1].strip() or _columns(lines[end - 1]) < indent
        ):
            end -= 1
        sources[function.__name__] = "".join(lines[start:end])
    return sources


def _ends_block(line: str) -> bool:
    return line[:1] not in ("", " ", "\t", "\n", "#", ")")


def _is_code(line: str) -> bool:
    """Neither blank nor a comment (the ``)`` of a split signature is, at column 0)."""
    return line.lstrip()[:1] not in ("", "#")


def _columns(line: str) -> int:
    return len(line) - len(line.lstrip())
