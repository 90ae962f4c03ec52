"""The one literal renderer: document text becomes Python source only through here.

``py_literal`` renders JSON-shaped data as a Python expression that evaluates to the
same value. Strings go through ``repr`` (never through formatting or concatenation),
so quotes, backslashes, newlines, NULs and Unicode line separators cannot end the
literal early. ``docstring`` and ``comment`` make text safe inside a docstring or a
``#`` comment.
"""

from __future__ import annotations

import math
import re
import textwrap


class LiteralError(ValueError):
    """A value that cannot be rendered as a Python literal."""


def py_literal(value: object) -> str:
    """Python source for ``value`` (str, int, float, bool, None, list, dict)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise LiteralError(f"cannot render non-finite number {value!r}")
        return repr(float(value))
    if isinstance(value, str):
        return _str_literal(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise LiteralError(f"mapping key {key!r} is not a string")
            items.append(f"{_str_literal(key)}: {py_literal(item)}")
        return "{" + ", ".join(items) + "}"
    raise LiteralError(f"cannot render {type(value).__name__} as a literal")


def _str_literal(text: str) -> str:
    # repr() escapes quotes, backslashes and control characters; it leaves other
    # printable Unicode alone. Line and paragraph separators are printable to Python's
    # tokenizer only inside literals, but escape them too so the source reads plainly.
    rendered = repr(str(text))
    return rendered.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_UNSAFE_IN_DOCSTRING = {
    "\\": "\\\\",
    '"': '\\"',
    "\r": "",
    "\u2028": " ",
    "\u2029": " ",
}


def docstring(text: str, *, width: int = 80) -> str:
    """Text made safe for the body of a triple-double-quoted docstring.

    Backslashes and double quotes are escaped (so ``\"\"\"`` cannot close the string
    and no escape sequence is interpreted), other control characters are dropped,
    trailing spaces are trimmed. The caller adds the quotes.
    """
    out = []
    for ch in text:
        if ch in _UNSAFE_IN_DOCSTRING:
            out.append(_UNSAFE_IN_DOCSTRING[ch])
        elif ch == "\n" or ch == "\t":
            out.append(ch if ch == "\n" else "    ")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            continue
        else:
            out.append(ch)
    paragraphs = re.split(r"\n\s*\n", "".join(out).strip())
    wrapped = [
        (
            textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
            if "\n" not in p.strip() or not _looks_preformatted(p)
            else "\n".join(line.rstrip() for line in p.split("\n"))
        )
        for p in paragraphs
    ]
    return "\n\n".join(w for w in wrapped if w)


def _looks_preformatted(paragraph: str) -> bool:
    """Lists and indented blocks keep their line breaks; prose is re-wrapped."""
    return any(line.startswith(("-", "*", " ", "\t", "|")) for line in paragraph.split("\n")[1:])


def comment(text: str) -> str:
    """Text made safe for a single ``#`` comment line."""
    flat = " ".join(docstring(text).split())
    return flat
