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

from arazzogen.build.codegen.confusables import is_confusable


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


#: a string literal longer than this (as source) is split into pieces a formatter wraps
_MAX_PIECE = 48


def _str_literal(text: str) -> str:
    """A string literal; a long one as parenthesized, implicitly concatenated pieces
    (black wraps them, so no line exceeds the line length)."""
    text = str(text)
    if text.isascii() and text.isprintable():  # the common case, without a loop per character
        return _ascii_literal(text)
    escapes = _escapes(text)
    rendered = _quoted(text, escapes, 0, len(text))
    if len(rendered) <= _MAX_PIECE + _MAX_PIECE // 2:
        return rendered
    pieces: list[str] = []
    start = 0
    size = 0
    for index, ch in enumerate(text):
        width = len(escapes.get(index, ch))
        # prefer a break after a space, so that words stay whole
        after_space = index > 0 and text[index - 1] == " "
        full = size + width > _MAX_PIECE or (after_space and size >= _MAX_PIECE * 3 // 4)
        if full and index > start:
            pieces.append(_quoted(text, escapes, start, index))
            start, size = index, 0
        size += width
    pieces.append(_quoted(text, escapes, start, len(text)))
    return "(" + " ".join(pieces) + ")"


_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _ascii_literal(text: str) -> str:
    """Printable ASCII: only backslashes and quotes are escaped; long text is cut into
    pieces of at most :data:`_MAX_PIECE` characters (as source), after a space if one
    is near, never inside an escape."""

    def quoted(piece: str) -> str:
        return '"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"'

    if len(text) + text.count("\\") + text.count('"') <= _MAX_PIECE + _MAX_PIECE // 2:
        return quoted(text)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        piece = text[start : start + _MAX_PIECE]
        end = start + max(_MAX_PIECE - piece.count("\\") - piece.count('"'), _MAX_PIECE // 2)
        if end < len(text):
            space = text.rfind(" ", start + _MAX_PIECE // 4, end)
            end = space + 1 if space != -1 else end
        pieces.append(quoted(text[start:end]))
        start = end
    return "(" + " ".join(pieces) + ")"


def _quoted(text: str, escapes: dict[int, str], start: int, end: int) -> str:
    return '"' + "".join(escapes.get(i, text[i]) for i in range(start, end)) + '"'


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escapes(text: str) -> dict[int, str]:
    """Position -> escape sequence, for every character a literal must not hold as is:
    backslashes and control characters, anything not printable (lone surrogates, bidi
    and other format controls, line separators, unassigned code points) and characters
    ruff reports as ambiguous (see :func:`needs_escape`)."""
    found: dict[int, str] = {}
    for index, ch in enumerate(text):
        if ch in _SIMPLE_ESCAPES:
            found[index] = _SIMPLE_ESCAPES[ch]
        elif ch.isascii():
            if not ch.isprintable():
                found[index] = _escape(ch)
        elif needs_escape(text, index):
            found[index] = _escape(ch)
    return found


def needs_escape(text: str, index: int) -> bool:
    """True when the non-ASCII ``text[index]`` must be written as an escape sequence:
    it is not printable (lone surrogates, bidi and other format controls, separators,
    unassigned code points), or ruff could report it as ambiguous (RUF001-RUF003): an
    ambiguous symbol anywhere, an ambiguous letter in a word without a letter of
    another script that is not ambiguous itself (``Привет`` stays as it is)."""
    ch = text[index]
    if not ch.isprintable():
        return True
    if not is_confusable(ch):
        return False
    if not ch.isalpha():
        return True
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = index
    while end < len(text) and text[end].isalpha():
        end += 1
    return not any(
        not c.isascii() and not is_confusable(c) for c in text[start:end]
    )


#: document text longer than this is cut in docstrings (a description is not a payload)
MAX_DOC = 20_000

_UNSAFE_IN_DOCSTRING = {
    "\\": "\\\\",
    '"': '\\"',
    "\r": "",
    "\u2028": " ",
    "\u2029": " ",
}


def docstring(text: str, *, width: int = 80, alone: bool = True) -> str:
    """Text made safe for the body of a triple-double-quoted docstring.

    Backslashes and double quotes are escaped (so ``\"\"\"`` cannot close the string
    and no escape sequence is interpreted), other control characters are dropped,
    trailing spaces are trimmed. Lone surrogates, bidi and other invisible format
    characters and characters ruff reports as ambiguous are written as ``\\uXXXX``
    escapes (the docstring's value is unchanged; its source is plain and valid
    UTF-8), except a lone surrogate: its value holds the escape as text, because a
    class's docstring cannot hold a surrogate. Lines are wrapped at ``width``. The
    caller adds the quotes.

    ``alone``: the text is the whole docstring, its quotes on its first and last line
    (``\"\"\"text\"\"\"`` when it is one line). Such a text that fits on one line but not with
    both quotes (at an indentation of 4, more than ``width - 2`` characters: 4 + 3 + 78 +
    3 = 88 columns for the default width) is wrapped onto two lines. Each line of a
    longer text is within ``width``, so with its quotes within 88 columns.
    """
    if len(text) > MAX_DOC:
        text = text[:MAX_DOC] + " [...]"
    out = []
    for index, ch in enumerate(text):
        if ch in _UNSAFE_IN_DOCSTRING:
            out.append(_UNSAFE_IN_DOCSTRING[ch])
        elif ch == "\n" or ch == "\t":
            out.append(ch if ch == "\n" else "    ")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            continue
        elif "\ud800" <= ch <= "\udfff":
            # as the text `\udc00`: CPython cannot make a class whose docstring holds a
            # lone surrogate (the class statement fails with UnicodeEncodeError)
            out.append("\\" + _escape(ch))
        elif not ch.isascii() and needs_escape(text, index):
            out.append(_escape(ch))
        else:
            out.append(ch)
    paragraphs = re.split(r"\n\s*\n", "".join(out).strip())
    wrapped = [
        (
            textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
            if "\n" not in p.strip() or not _looks_preformatted(p)
            else "\n".join(_wrap_line(line.rstrip(), width) for line in p.split("\n"))
        )
        for p in paragraphs
    ]
    result = "\n\n".join(w for w in wrapped if w)
    if alone and "\n" not in result and len(result) > width - 2:
        result = textwrap.fill(
            result, width=width - 2, break_long_words=False, break_on_hyphens=False
        )
    return result


def _wrap_line(line: str, width: int) -> str:
    """A preformatted line keeps its indentation; a line longer than ``width`` wraps."""
    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.fill(
        line.strip(),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _looks_preformatted(paragraph: str) -> bool:
    """Lists and indented blocks keep their line breaks; prose is re-wrapped."""
    return any(line.startswith(("-", "*", " ", "\t", "|")) for line in paragraph.split("\n")[1:])


#: the longest comment text (a longer one is cut and ends with ``...``)
MAX_COMMENT = 72


def comment(text: str) -> str:
    """Text made safe for a single ``#`` comment line, at most :data:`MAX_COMMENT` long."""
    flat = " ".join(docstring(text).split())
    if len(flat) > MAX_COMMENT:
        flat = flat[: MAX_COMMENT - 3].rstrip() + "..."
    return flat


def annotation_string(text: str) -> str:
    """A type annotation (names and ``py_literal`` output only) as one string literal, a
    forward reference, quoted as black and ruff format keep it (double quotes unless they
    need more escapes than single ones). Never split into pieces as :func:`py_literal`
    splits a long string: an annotation must be one literal."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    body = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return quote + body + quote
