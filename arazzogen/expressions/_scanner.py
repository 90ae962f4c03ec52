"""The scanner behind the runtime expression parsers (see :mod:`.runtime`).

Grammar: the ABNF of the "Runtime Expressions" section of Arazzo 1.0.1 and 1.1.0, with
the decisions documented in :mod:`arazzogen.expressions.runtime`.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Literal, NoReturn

from arazzogen.expressions.ast import ExpressionError, RuntimeExpr, RuntimeKind
from arazzogen.pointer import escape

Mode = Literal["whole", "embedded", "condition", "braceless"]
"""Where an expression sits, which decides where it ends:

* ``whole``: the expression is the entire string;
* ``embedded``: inside ``{...}``, it ends at ``}``;
* ``condition``: in a simple condition, it ends at whitespace, an operator or ``)``;
  ``[index]`` and ``.name`` after it are read as the spec's index/dereference operators;
* ``braceless``: in text without braces (lenient), it ends at the first character that
  cannot continue an identifier-like expression.
"""

VERSIONS = ("1.0", "1.1")
_IDENT = frozenset(string.ascii_letters + string.digits + "_-")
WORD = frozenset(string.ascii_letters + string.digits + "_")
_TCHAR = frozenset("!#$%&'*+-.^_`|~" + string.ascii_letters + string.digits)
COND_STOP = frozenset("=!<>&|()[]'\"")
"""Characters that end a runtime expression inside a simple condition (besides space)."""
_COND_FOLLOW = frozenset("=!<>&|)")
_BRACELESS_POINTER = frozenset(string.ascii_letters + string.digits + "_-.~/")

_BARE_KINDS = ("url", "method", "statusCode", "self")
_HTTP_KINDS = ("request", "response", "message")
_KINDS_10: tuple[RuntimeKind, ...] = (
    "url",
    "method",
    "statusCode",
    "request",
    "response",
    "inputs",
    "outputs",
    "steps",
    "workflows",
    "sourceDescriptions",
    "components",
)
_KINDS_11: tuple[RuntimeKind, ...] = (*_KINDS_10, "message", "self")
_INDEXABLE = ("inputs", "outputs", "steps", "workflows")
Source = Literal["header", "query", "path", "body", "payload"]
_SOURCES_10: tuple[Source, ...] = ("header", "query", "path", "body")
_SOURCES_11: tuple[Source, ...] = (*_SOURCES_10, "payload")


def check_version(version: str) -> None:
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {', '.join(VERSIONS)}, not {version!r}")


def kinds_for(version: str) -> tuple[RuntimeKind, ...]:
    return _KINDS_11 if version == "1.1" else _KINDS_10


def _expected_kinds(version: str) -> str:
    return ", ".join("$" + k + ("" if k in _BARE_KINDS else ".") for k in kinds_for(version))


class Scanner:
    """Reads one runtime expression out of ``text`` at a given position.

    Offsets in results and errors are positions in ``text`` plus ``base``.
    """

    def __init__(self, text: str, *, version: str, mode: Mode, base: int = 0) -> None:
        check_version(version)
        self.text = text
        self.version = version
        self.mode: Mode = mode
        self.base = base

    def fail(self, message: str, pos: int) -> NoReturn:
        raise ExpressionError(message, self.base + pos)

    def _char(self, pos: int) -> str:
        return self.text[pos] if pos < len(self.text) else ""

    # ------------------------------------------------------------------ entry point

    def scan(self, pos: int) -> tuple[RuntimeExpr, int]:
        """Read the expression whose ``$`` is at ``pos``; return it and its end."""
        text = self.text
        if self._char(pos) != "$":
            self.fail("expected a runtime expression starting with '$'", pos)
        j = pos + 1
        while j < len(text) and text[j] in WORD:
            j += 1
        word = text[pos + 1 : j]
        kind = self._kind(word, pos)
        if kind in _BARE_KINDS:
            return self._finish(RuntimeExpr(kind=kind, text=""), pos, j)
        if self._char(j) != ".":
            self.fail(f"expected '.' after '${kind}'", j)
        if kind in _HTTP_KINDS:
            return self._http(kind, pos, j + 1)
        return self._named(kind, pos, j + 1)

    def _kind(self, word: str, pos: int) -> RuntimeKind:
        for kind in kinds_for(self.version):
            if kind == word:
                return kind
        if word in ("self", "message"):
            self.fail(f"'${word}' is an Arazzo 1.1 expression; this document is Arazzo 1.0", pos)
        shown = "$" + word if word else self.text[pos : pos + 2]
        hint = ""
        nxt = self._char(pos + 1)
        if not word and nxt in (".", "["):
            hint = "; JSONPath ('$.x', '$[...]') needs a criterion with `type: jsonpath`"
        elif not word:
            shown = "$"
        for kind in kinds_for(self.version):
            if word and kind.lower() == word.lower():
                hint = f"; did you mean '${kind}'? (expressions are case-sensitive)"
        self.fail(
            f"unknown runtime expression '{shown}'; expected one of "
            f"{_expected_kinds(self.version)}{hint}",
            pos,
        )

    # ------------------------------------------------------------------ $request, $response

    def _http(self, kind: RuntimeKind, start: int, j: int) -> tuple[RuntimeExpr, int]:
        text = self.text
        k = j
        while k < len(text) and text[k] in WORD:
            k += 1
        word = text[j:k]
        sources = _SOURCES_11 if self.version == "1.1" else _SOURCES_10
        src = next((s for s in sources if s == word), None)
        plural = False
        if src is None and word == "headers":  # lenient AZ512: read as `header`
            src, plural = "header", True
        if src is None:
            hint = ""
            for s in sources:
                if word and (word.lower() == s or word.lower() == s + "s"):
                    hint = f"; did you mean '{s}'?"
            found = f"unknown source '{word}'" if word else "expected a source"
            self.fail(f"{found} after '${kind}.'; expected one of {', '.join(sources)}{hint}", j)
        if src == "header" or src == "query" or src == "path":
            if self._char(k) != ".":
                self.fail(f"expected '.' after '${kind}.{src}'", k)
            k += 1
            e = self._name_end(k, header=src == "header")
            what = "header" if src == "header" else "parameter"
            if e == k:
                self.fail(f"expected a {what} name after '${kind}.{src}.'", k)
            self._check_edges(k, e)
            expr = RuntimeExpr(
                kind=kind, text="", source=src, name=text[k:e], plural_headers=plural
            )
            return self._finish(expr, start, e)
        assert src == "body" or src == "payload"
        tokens: list[str] = []
        while self._char(k) == "." and self._continues(k + 1):
            e = self._segment_end(kind, 0, k + 1)
            if e == k + 1:
                self.fail(f"expected a property name after '{text[start:k + 1]}'", k + 1)
            self._check_edges(k + 1, e)
            tokens.append(text[k + 1 : e])
            k = e
        pointer: str | None = None
        if tokens:
            pointer = "".join("/" + escape(t) for t in tokens)
        if self._pointer_follows(k):
            if tokens:
                self.fail(
                    f"'{text[start:k]}' uses dots, so it cannot also take '#'; write "
                    f"'${kind}.{src}#{pointer}...'",
                    k,
                )
            k, pointer = self._pointer(k + 1)
        k, pointer = self._postfix(k, pointer, True)
        expr = RuntimeExpr(
            kind=kind, text="", source=src, pointer=pointer, dotted_body=bool(tokens)
        )
        return self._finish(expr, start, k)

    # ------------------------------------------------------------------ named kinds

    def _named(self, kind: RuntimeKind, start: int, j: int) -> tuple[RuntimeExpr, int]:
        text = self.text
        segments: list[str] = []
        k = j
        while True:
            e = self._segment_end(kind, len(segments), k)
            if e == k:
                self.fail(f"expected a name after '{text[start:k]}'", k)
            self._check_edges(k, e)
            segments.append(text[k:e])
            k = e
            if self._char(k) == "." and (self.mode != "braceless" or self._continues(k + 1)):
                k += 1
                continue
            break
        pointer: str | None = None
        if self._pointer_follows(k):
            k, pointer = self._pointer(k + 1)
        k, pointer = self._postfix(k, pointer, kind in _INDEXABLE)
        expr = RuntimeExpr(kind=kind, text="", path=tuple(segments), pointer=pointer)
        return self._finish(expr, start, k)

    # ------------------------------------------------------------------ pieces

    def _allowed(self, ch: str, strict: bool) -> bool:
        """Whether ``ch`` may appear in a name segment."""
        if self.mode == "braceless" or strict:
            return ch in _IDENT
        if ch in ".#{}" or ch < " " or ch == "\x7f":
            return False
        return not (self.mode == "condition" and (ch.isspace() or ch in COND_STOP))

    def _segment_end(self, kind: RuntimeKind, index: int, k: int) -> int:
        strict = self.version == "1.1" and not (kind == "sourceDescriptions" and index >= 1)
        text = self.text
        while k < len(text) and self._allowed(text[k], strict):
            k += 1
        return k

    def _continues(self, k: int) -> bool:
        """In braceless text, a '.' is only part of the expression before a name."""
        return self.mode != "braceless" or self._char(k) in _IDENT

    def _name_end(self, k: int, *, header: bool) -> int:
        text = self.text
        while k < len(text):
            ch = text[k]
            if self.mode == "braceless":
                ok = ch in _IDENT
            elif header:
                ok = ch in _TCHAR and not (self.mode == "condition" and ch in COND_STOP)
            else:  # query and path names: *CHAR, dots and '#' included
                ok = self._allowed(ch, False) or ch in ".#"
            if not ok:
                break
            k += 1
        return k

    def _check_edges(self, k: int, e: int) -> None:
        if self.text[k].isspace():
            self.fail("a name cannot start with whitespace", k)
        if self.text[e - 1].isspace():
            self.fail("a name cannot end with whitespace", e - 1)

    def _pointer_follows(self, k: int) -> bool:
        if self._char(k) != "#":
            return False
        return self.mode != "braceless" or self._char(k + 1) == "/"

    def _pointer(self, k: int) -> tuple[int, str]:
        """Read a JSON Pointer starting at ``k`` (just after '#')."""
        text = self.text
        e = k
        while e < len(text):
            ch = text[e]
            if self.mode == "embedded":
                if ch == "}":
                    break
                if ch == "{":
                    self.fail("'{' cannot appear in a JSON Pointer inside '{...}'", e)
            elif self.mode == "condition":
                if ch.isspace() or ch in COND_STOP:
                    break
            elif self.mode == "braceless" and ch not in _BRACELESS_POINTER:
                break
            e += 1
        if self.mode == "braceless":
            while e > k and text[e - 1] == ".":
                e -= 1
        value = text[k:e]
        if value and not value.startswith("/"):
            self.fail("a JSON Pointer after '#' must be empty or start with '/'", k)
        i = value.find("~")
        while i >= 0:
            if value[i + 1 : i + 2] not in ("0", "1"):
                self.fail(
                    "'~' in a JSON Pointer must be followed by 0 or 1 ('~0' is '~', '~1' is '/')",
                    k + i,
                )
            i = value.find("~", i + 2)
        return e, value

    def _postfix(self, k: int, pointer: str | None, indexable: bool) -> tuple[int, str | None]:
        """In conditions, ``[0]``, ``['key']`` and ``.name`` after an index."""
        if self.mode != "condition" or self._char(k) != "[":
            return k, pointer
        if not indexable:
            self.fail("'[...]' can only follow a body, payload or named value", k)
        text = self.text
        tokens: list[str] = []
        while self._char(k) in ("[", "."):
            if self._char(k) == ".":
                e = k + 1
                while e < len(text) and text[e] in _IDENT:
                    e += 1
                if e == k + 1:
                    self.fail("expected a property name after '.'", k + 1)
                tokens.append(text[k + 1 : e])
                k = e
                continue
            k += 1
            if self._char(k).isdigit():
                e = k
                while e < len(text) and text[e].isdigit():
                    e += 1
                tokens.append(text[k:e])
                k = e
            elif self._char(k) == "'":
                key, k = read_single_quoted(text, k, self.fail)
                tokens.append(key)
            else:
                self.fail("expected an index (0, 1, ...) or a 'quoted key' after '['", k)
            if self._char(k) != "]":
                self.fail("expected ']'", k)
            k += 1
        return k, (pointer or "") + "".join("/" + escape(t) for t in tokens)

    def _finish(self, expr: RuntimeExpr, start: int, end: int) -> tuple[RuntimeExpr, int]:
        text = self.text
        source = text[start:end]
        ch = self._char(end)
        if self.mode == "whole" and ch:
            hint = "; expected the end of the expression"
            if ch == "[":
                hint = "; '[...]' indexing is only supported in simple conditions: use '#/0'"
            elif ch.isspace():
                hint = "; a runtime expression cannot contain whitespace here"
            elif (
                self.version == "1.1"
                and expr.kind not in _BARE_KINDS
                and expr.source not in ("header", "query", "path")
                and ch not in "#.}"
            ):
                hint += " (Arazzo 1.1 names contain only letters, digits, '-' and '_')"
            self.fail(f"unexpected {ch!r} after '{source}'{hint}", end)
        if self.mode == "embedded" and ch != "}":
            found = f"found {ch!r}" if ch else "found the end of the text"
            self.fail(f"expected '}}' to close '{{{source}', {found}", end)
        if self.mode == "condition" and ch and not (ch.isspace() or ch in _COND_FOLLOW):
            self.fail(
                f"unexpected {ch!r} after '{source}'; expected an operator, ')' or whitespace",
                end,
            )
        done = RuntimeExpr(
            kind=expr.kind,
            text=source,
            source=expr.source,
            name=expr.name,
            path=expr.path,
            pointer=expr.pointer,
            dotted_body=expr.dotted_body,
            plural_headers=expr.plural_headers,
            start=self.base + start,
            end=self.base + end,
        )
        return done, end


def read_single_quoted(text: str, k: int, fail: Callable[[str, int], NoReturn]) -> tuple[str, int]:
    """Read ``'...'`` at ``k`` (a quote is written ``''``); return value and end."""
    out: list[str] = []
    i = k + 1
    while True:
        j = text.find("'", i)
        if j < 0:
            fail("unterminated string: expected a closing \"'\" (write '' for a quote)", k)
        out.append(text[i:j])
        if text[j + 1 : j + 2] == "'":
            out.append("'")
            i = j + 2
            continue
        return "".join(out), j + 1
