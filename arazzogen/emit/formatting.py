"""Stage 6: format generated source with black and check that it parses.

black is the formatter of record, but it is not run on the module as a whole: its time
grows faster than the length of what it formats, and most of a module repeats from one
workflow, or one compilation, to the next.

- The module is cut into its top-level definitions (each ``def`` or ``class`` with its
  decorators and the comments just above it; the statements between them as one
  piece), each piece is formatted on its own, and the pieces are joined with the two
  blank lines black puts around every top-level definition.
- A piece is formatted in its abstract shape (:func:`abstract`): every name and plain
  string replaced by the placeholder of its length (docstrings keep their spaces and
  line breaks), put back afterwards in order. black decides a layout from the kinds
  and widths of tokens and never reorders them, so pieces of the same shape (the
  helpers every module shares, the step functions of a workflow whose ids have the
  same lengths) are formatted once per process: the shape is the key of a
  content-addressed cache. Should black's output of a shape not hold its
  placeholders, the piece itself is formatted.
- The cache is kept on disk too (``ARAZZOGEN_CACHE_DIR``, by default the user's cache
  folder; empty disables it): a compile whose shapes were all seen before never imports
  black.
- When a module has many shapes not seen yet, they are formatted by worker processes,
  one per available core (Linux, where the workers fork with black already imported).

The result is a pure function of the source, and byte-for-byte black's result for the
whole module (``tests/test_formatting.py`` checks it on every generated module and on
documents of many similar workflows).
"""

from __future__ import annotations

import ast
import keyword
import os
import re
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from arazzogen.emit import writer

if TYPE_CHECKING:
    import black

#: formatted shapes kept per process
CACHE_SIZE = 8192
#: how many new shapes a module needs before worker processes format them
PARALLEL_FROM = 48

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class GeneratedCodeError(Exception):
    """The generated source is not valid Python: a bug in arazzogen."""


def format_source(source: str) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise GeneratedCodeError(f"line {exc.lineno}: {exc.msg}") from None
    abstracted = [abstract(piece) for piece in split_definitions(source, tree)]
    if not any(shape.strip() for shape, _ in abstracted):
        return format_whole(source)
    SHAPES.fill([shape for shape, _ in abstracted])
    pieces = [_formatted(shape, originals) for shape, originals in abstracted]
    return "\n\n\n".join(piece.strip("\n") for piece in pieces if piece.strip()) + "\n"


def format_whole(source: str) -> str:
    """black over the whole module at once (what :func:`format_source` must equal)."""
    import black

    return black.format_str(source, mode=_mode())


@lru_cache(maxsize=1)
def _mode() -> black.Mode:
    import black

    return black.Mode(target_versions={black.mode.TargetVersion.PY310}, line_length=88)


def format_piece(piece: str) -> str:
    """black's formatting of one top-level piece of a module, through its shape."""
    return _formatted(*abstract(piece))


def _formatted(shape: str, originals: list[str]) -> str:
    try:
        return fill(SHAPES.template(shape), originals)
    except _Mismatch:  # not seen yet; black on the piece itself is still right
        return _black(concrete(shape, originals))


def _black(shape: str) -> str:
    import black

    return black.format_str(shape, mode=_mode())


class ShapeCache:
    """black's formatting of each shape: kept for the life of the process, and on disk.

    The disk cache (:func:`arazzogen.emit.writer.cache_folder`) is keyed by the SHA-256
    of black's version, the mode and the shape, so a compile whose shapes were all seen
    before (the same document again, ``--check`` in CI, a pre-commit hook) never runs or
    even imports black. Entries are checked against their own digest before use.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        #: shapes read from the disk cache
        self.disk_hits = 0
        #: shapes found among those shipped with arazzogen (:func:`seeds`)
        self.seed_hits = 0
        #: how many times worker processes formatted new shapes
        self.parallel = 0
        self._formatted: dict[str, str] = {}
        self._templates: dict[str, Template] = {}
        self._folder: Path | None = None

    def clear(self) -> None:
        self._formatted.clear()
        self._templates.clear()
        self.hits = self.misses = self.disk_hits = self.seed_hits = 0

    def get(self, shape: str) -> str:
        formatted = self._formatted.get(shape)
        if formatted is not None:
            self.hits += 1
            return formatted
        self.misses += 1
        formatted = _black(shape)
        self._keep(shape, formatted, store=True)
        return formatted

    def template(self, shape: str) -> Template:
        """black's output of ``shape``, cut at its placeholders (:func:`template`)."""
        cut = self._templates.get(shape)
        if cut is None:
            cut = self._templates[shape] = template(self.get(shape))
        else:
            self.hits += 1
        return cut

    def _keep(self, shape: str, formatted: str, *, store: bool) -> None:
        if len(self._formatted) >= self.size:
            self._formatted.clear()
            self._templates.clear()
        self._formatted[shape] = formatted
        if store and self._folder is not None:
            writer.write_cache_entry(self._folder, _key(shape), formatted)

    def fill(self, shapes: list[str]) -> None:
        """Bring the shapes of one module in: from the disk cache, else from black (in
        worker processes when there are many)."""
        self._folder = writer.cache_folder()
        new = list(dict.fromkeys(s for s in shapes if s not in self._formatted))
        shipped = seeds() if new else {}
        if shipped:
            missing = []
            for shape in new:
                formatted = shipped.get(shape)
                if formatted is None:
                    missing.append(shape)
                else:
                    self.seed_hits += 1
                    self._keep(shape, formatted, store=False)
            new = missing
        if self._folder is not None and new:
            missing = []
            for shape in new:
                stored = writer.read_cache_entry(self._folder, _key(shape))
                if stored is None:
                    missing.append(shape)
                else:
                    self.disk_hits += 1
                    self._keep(shape, stored, store=False)
            new = missing
        workers = _workers()
        if len(new) < PARALLEL_FROM or workers < 2:
            return
        import concurrent.futures
        import multiprocessing

        _mode()  # black imported here, before the workers fork
        try:
            context = multiprocessing.get_context("fork")
            with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
                results = list(pool.map(_black, new, chunksize=max(1, len(new) // (4 * workers))))
        except Exception:  # no workers here: format in this process, as for few shapes
            return
        self.parallel += 1
        for shape, formatted in zip(new, results, strict=True):
            self._keep(shape, formatted, store=True)


#: black's formatting of the shapes every module shares (the helpers, the error
#: classes), shipped with arazzogen; written by ``bench/seed_shapes.py``
SEEDS = "shapes.json"


@lru_cache(maxsize=1)
def seeds() -> dict[str, str]:
    """The shapes shipped in :data:`SEEDS` and black's formatting of each, when they were
    formatted by the black installed here (same version and mode); else none."""
    import json
    from importlib import resources

    try:
        text = (resources.files("arazzogen") / "emit" / SEEDS).read_text(encoding="utf-8")
        entries = json.loads(text)
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, dict) or entries.get("black") != _key_prefix().decode():
        return {}
    pairs = entries.get("shapes")
    if not isinstance(pairs, list):
        return {}
    return {
        pair[0]: pair[1]
        for pair in pairs
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
    }


def _black_version() -> str:
    try:
        from _black_version import (  # type: ignore[import-untyped,unused-ignore]
            version,  # a one-line module black installs
        )

        return str(version)
    except ImportError:
        from importlib.metadata import version as installed

        return installed("black")


@lru_cache(maxsize=1)
def _key_prefix() -> bytes:
    return f"black {_black_version()} py310 88\n".encode()


def _key(shape: str) -> str:
    import hashlib

    return hashlib.sha256(_key_prefix() + shape.encode("utf-8")).hexdigest()


def _workers() -> int:
    """Cores this process may use, when forking is safe (Linux, no other thread)."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0))


SHAPES = ShapeCache()


_TOKENS = re.compile(
    r"""(?P<long>(?P<lprefix>[rRbBuUfF]{0,2})(?P<lquote>"{3}|'{3})(?P<lbody>(?:[^\\]|\\.)*?)(?P=lquote))"""
    r"""|(?P<keep>#[^\n]*)"""
    r"""|(?P<string>[rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))"""
    r"""|(?P<name>\b[A-Za-z_][A-Za-z0-9_]*)""",
    re.DOTALL,
)
#: string bodies that are abstracted: printable ASCII words, no quote, backslash, brace
_PLAIN_BODY = re.compile(r"[\w.,:;/=<>()\[\]!?@$%^&*+|~#-]+(?: [\w.,:;/=<>()\[\]!?@$%^&*+|~#-]+)*",
                         re.ASCII)
#: triple-quoted bodies that are abstracted: printable ASCII but quotes and backslashes,
#: spaces and line breaks, at least one other character
_PLAIN_LONG_BODY = re.compile(r"[ \n]*[!#-&(-\[\]-~][ \n!#-&(-\[\]-~]*")
#: the same for ``"""`` strings, where quotes inside do not matter to black (it pads a
#: docstring that starts or ends with a quote: such bodies are kept, see ``_plain_long``)
_PLAIN_DOUBLE_LONG_BODY = re.compile(r"[ \n]*[!-\[\]-~][ \n!-\[\]-~]*")
#: single-line bodies with an apostrophe: plain too in a ``"``-quoted string
_PLAIN_APOSTROPHE_BODY = re.compile(
    r"[\w.,:;/=<>()\[\]!?@$%^&*+|~#'-]+(?: [\w.,:;/=<>()\[\]!?@$%^&*+|~#'-]+)*", re.ASCII
)
_LONG_NOT_SPACE = re.compile(r"[^ \n]")
#: what a placeholder looks like in black's output
_NAME_PLACEHOLDER = re.compile(r"z_*")
_STRING_PLACEHOLDER = re.compile(r"s_*")
_LONG_PLACEHOLDER = re.compile(r"[ \n]*x[x \n]*")
#: names black reads (or may read) for what they say: never abstracted
_MEANINGFUL = frozenset({"print", "exec", "self", "cls"})


#: the placeholder of each name met ("" for a name kept as written)
_NAME_SHAPES: dict[str, str] = {}


def _name_shape(name: str) -> str:
    if (keyword.iskeyword(name) or keyword.issoftkeyword(name) or name.startswith("__")
            or name in _MEANINGFUL):
        return ""
    return "z" + "_" * (len(name) - 1)


def _plain_long(quote: str, body: str) -> bool:
    if quote != '"""':
        return _PLAIN_LONG_BODY.fullmatch(body) is not None
    if _PLAIN_DOUBLE_LONG_BODY.fullmatch(body) is None:
        return False
    text = body.strip(" \n")
    return text[0] != '"' and text[-1] != '"'


def abstract(piece: str) -> tuple[str, list[str]]:
    """``piece`` with names and plain strings replaced by same-length placeholders.

    Returns the shape and what the placeholders stand for, in the order they appear.
    Every placeholder of a length is the same (``z___`` for a name of four characters,
    ``"s___"`` for a string body of four), so pieces whose names and strings have the
    same lengths have one shape: black decides a layout from the kinds and widths of
    tokens, never from what a name or a string says, and never reorders tokens, which
    is how :func:`concrete` puts them back. A triple-quoted string keeps its spaces and
    line breaks (black re-indents docstrings) and has every other character replaced
    by ``x``. Kept as written: keywords and soft keywords, names starting with ``__``,
    the few names in :data:`_MEANINGFUL`, comments, f-strings, strings with a quote, a
    backslash, a brace, a space at either end or anything but printable ASCII.
    """
    originals: list[str] = []
    keep = originals.append
    names = _NAME_SHAPES

    def replace(match: re.Match[str]) -> str:
        text = match.group()
        kind = match.lastgroup
        if kind == "name":
            placeholder = names.get(text)
            if placeholder is None:
                placeholder = names[text] = _name_shape(text)
            if placeholder:
                keep(text)
                return placeholder
            return text
        if kind == "string":
            prefix = text[: len(text) - len(text.lstrip("rRbBuUfF"))]
            body = text[len(prefix) + 1 : -1]
            plain = _PLAIN_APOSTROPHE_BODY if text[len(prefix)] == '"' else _PLAIN_BODY
            if "f" in prefix.lower() or not plain.fullmatch(body):
                return text
            keep(body)
            return prefix + text[len(prefix)] + "s" + "_" * (len(body) - 1) + text[-1]
        if kind == "long":
            prefix, quote, body = match.group("lprefix", "lquote", "lbody")
            if "f" in prefix.lower() or not _plain_long(quote, body):
                return text
            keep(body)
            return prefix + quote + _LONG_NOT_SPACE.sub("x", body) + quote
        return text

    if len(names) > CACHE_SIZE * 16:
        names.clear()
    return _TOKENS.sub(replace, piece), originals


class _Mismatch(Exception):
    """black's output of a shape does not hold the placeholders the shape had."""


#: a formatted shape cut at its placeholders: the text around them, and each placeholder
#: with its kind ("name", "string" or "long"; the body for strings)
Template = tuple[list[str], list[tuple[str, str]]]


def template(formatted: str) -> Template:
    """``formatted`` (black's output of a shape) cut at the placeholders it holds."""
    segments: list[str] = []
    slots: list[tuple[str, str]] = []
    last = 0
    for match in _TOKENS.finditer(formatted):
        kind = match.lastgroup
        text = match.group()
        if kind == "name":
            if text[0] != "z" or not _NAME_PLACEHOLDER.fullmatch(text):
                continue
            start, end = match.span()
        elif kind == "string":
            quote = text[-1]
            opening = text.index(quote) + 1
            body = text[opening:-1]
            if "f" in text[:opening].lower() or not _STRING_PLACEHOLDER.fullmatch(body):
                continue
            start, end, text = match.start() + opening, match.end() - 1, body
        elif kind == "long":
            prefix, body = match.group("lprefix", "lbody")
            if "f" in prefix.lower() or not _LONG_PLACEHOLDER.fullmatch(body):
                continue
            start, end = match.span("lbody")
            text = body
        else:
            continue
        segments.append(formatted[last:start])
        slots.append((kind, text))
        last = end
    segments.append(formatted[last:])
    return segments, slots


def fill(cut: Template, originals: list[str]) -> str:
    """The text of a :func:`template` with ``originals`` in its placeholders, in order;
    raises :class:`_Mismatch` when they do not fit."""
    segments, slots = cut
    if len(slots) != len(originals):
        raise _Mismatch(f"{len(slots)} placeholders for {len(originals)} names and strings")
    out = [segments[0]]
    for (kind, placeholder), original, segment in zip(slots, originals, segments[1:], strict=True):
        if kind == "long":
            original = _put_back(placeholder, original)
        elif len(original) != len(placeholder):
            raise _Mismatch(placeholder)
        out.append(original)
        out.append(segment)
    return "".join(out)


def _put_back(placeholder: str, original: str) -> str:
    """A triple-quoted body as black laid out its placeholder, with the original's
    characters in place of each ``x`` (black changed only spaces and line breaks)."""
    characters = _LONG_NOT_SPACE.findall(original)
    if len(characters) != placeholder.count("x"):
        raise _Mismatch(placeholder)
    put = iter(characters)
    return _LONG_X.sub(lambda _: next(put), placeholder)


def concrete(shape: str, originals: list[str]) -> str:
    """Put the names and strings :func:`abstract` took out back into ``shape`` (or
    into black's formatting of it), in order; raises :class:`_Mismatch` when the
    placeholders found do not match them."""
    return fill(template(shape), originals)


_LONG_X = re.compile("x")


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
