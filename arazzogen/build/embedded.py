"""Runtime expressions embedded in JSONPath (and XPath) conditions, Arazzo 1.1.

"Runtime expressions within ``{}`` are evaluated and converted to strings; the resulting
string is the final condition expression." The query is still parsed at compile time:
each ``{$...}`` is replaced by a placeholder the parser reads as a string literal, and
the code generator emits the expression's value in its place. Inside a quoted string
the value's text is spliced into the string; where a literal stands unquoted
(``@.price > {$inputs.min}``) the value's text is read as the JSON literal it spells
(a number, ``true``, ``false``, ``null`` or a quoted string), as substituting the text
would. Anywhere else a placeholder makes the query fail to parse, reported at compile
time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from arazzogen.expressions.ast import RuntimeExpr, Template
from arazzogen.expressions.runtime import parse_value

if TYPE_CHECKING:
    from arazzogen.build.codegen.emit import Emitter

#: placeholders: ``\ue000<n>\ue001`` inside a quoted string, ``\ue002<n>\ue003`` bare
QUOTED = re.compile("\ue000([0-9]+)\ue001")
BARE = re.compile("\ue002([0-9]+)\ue003")


def substitute(
    condition: str, version: str, em: Emitter, quote: str = "'"
) -> tuple[str, list[tuple[str, str]]]:
    """The condition with placeholders, and for each (text code, value code)."""
    parsed = parse_value(condition, version=version, braceless=False)
    if not isinstance(parsed, Template):
        return condition, []
    pieces: list[str] = []
    values: list[tuple[str, str]] = []
    state = _Quotes()
    for part in parsed.parts:
        if isinstance(part, str):
            state.feed(part)
            pieces.append(part)
            continue
        assert isinstance(part, RuntimeExpr)
        value = em.expr(part)
        index = len(values)
        # the text of the value only where it is spliced into a string (a bare value is
        # read as a JSON literal): an unused `_text` helper would be dead code
        text = em.text(value).code if state.inside else value.code
        values.append((text, value.code))
        if state.inside:
            pieces.append(f"\ue000{index}\ue001")
        else:
            pieces.append(f"{quote}\ue002{index}\ue003{quote}")
    return "".join(pieces), values


class _Quotes:
    """Whether the text so far ends inside a quoted string ('...' or "...")."""

    def __init__(self) -> None:
        self.quote = ""
        self.escaped = False

    @property
    def inside(self) -> bool:
        return bool(self.quote)

    def feed(self, text: str) -> None:
        for ch in text:
            if self.escaped:
                self.escaped = False
            elif self.quote and ch == "\\":
                self.escaped = True
            elif self.quote and ch == self.quote:
                self.quote = ""
            elif not self.quote and ch in "'\"":
                self.quote = ch
