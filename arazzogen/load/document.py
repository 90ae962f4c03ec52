"""Stage 1: read a YAML or JSON file into plain data, keeping positions.

The result is ordinary JSON-shaped Python data (dicts with string keys, lists, str,
int, float, bool, None), so later stages and ``jsonschema`` work on it directly, plus a
:class:`Positions` table mapping every JSON Pointer to the span of its value and, for
mapping members, of its key. Timestamps stay strings (YAML 1.1 would turn
``2024-01-01`` into a date, which is not JSON). Duplicate keys are an error.

``.json`` files are read strictly as JSON (:mod:`arazzogen.load.json_text`), everything else
as YAML (:mod:`arazzogen.load.yaml_text`). Every problem becomes one AZ0xx diagnostic with
the position of its cause; nothing raises: nesting is limited (:data:`MAX_DEPTH`), the
expansion of YAML aliases is bounded before it happens, files are read up to
:data:`MAX_BYTES`.

This module and :mod:`arazzogen.bind.sources` and :mod:`arazzogen.emit.writer` are the only ones
that touch the file system.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from arazzogen import pointer as jp
from arazzogen.diagnostics import Location, Reporter
from arazzogen.load.json_fast import parse_json_fast
from arazzogen.load.json_text import parse_json
from arazzogen.load.positions import (
    MAX_BYTES,
    MAX_DEPTH,
    LoadError,
    Positions,
    PositionTable,
    Span,
    load_limits,
    max_bytes,
)
from arazzogen.load.yaml_fast import parse_yaml_fast
from arazzogen.load.yaml_text import MAX_ALIAS_EXPANSION, parse_yaml

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_BYTES",
    "MAX_DEPTH",
    "LoadError",
    "LoadedDocument",
    "Positions",
    "Span",
    "load_bytes",
    "load_document",
    "load_limits",
]


@dataclass
class LoadedDocument:
    path: Path
    display: str
    data: object
    positions: PositionTable
    text: str
    #: SHA-256 of the bytes read (hex), for the generated module's trailer; None when
    #: the document was made some other way
    sha256: str | None = None
    #: the http(s) URL the document was fetched from; "" for a local file
    url: str = ""

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """The location of ``pointer``, or of its nearest ancestor that has one.

        With ``key=True`` a mapping member points at its key rather than its value.
        """
        current: str | None = pointer
        while current is not None:
            span = (self.positions.key(current) if key else None) or self.positions.value(current)
            if span is not None:
                return Location(
                    self.display, span.line, span.column, span.end_line, span.end_column, pointer
                )
            current = jp.parent(current)
        return Location(self.display, 1, 1, None, None, pointer)

    def get(self, pointer: str, default: object = None) -> object:
        try:
            return jp.resolve(self.data, pointer)
        except (KeyError, jp.PointerError):
            return default


_JSON_SUFFIXES = {".json"}
_COMMENT_ONLY = re.compile(r"^\s*(#.*)?$")


def load_document(
    path: Path, reporter: Reporter, *, display: str | None = None
) -> LoadedDocument | None:
    """Read ``path``; report problems to ``reporter`` and return None on failure."""
    shown = display if display is not None else str(path)
    raw = _read(path, shown, reporter)
    if raw is None:
        return None
    return load_bytes(raw, path, shown, reporter)


def _read(path: Path, shown: str, reporter: Reporter) -> bytes | None:
    try:
        if path.is_dir():
            reporter.report(
                "AZ001",
                f"{shown} is a directory, not a file",
                None,
                hint="name an Arazzo document; `arazzogen validate DIR` checks every document "
                "below a folder",
            )
            return None
        if not path.exists():
            reporter.report(
                "AZ001", f"no such file: {shown}", None, hint="check the path and its spelling"
            )
            return None
        if not path.is_file():
            reporter.report("AZ001", f"{shown} is not a regular file", None)
            return None
        size = path.stat().st_size
        if size > max_bytes():
            reporter.report("AZ010", _too_large(shown, size, cut=False), Location(shown, 1, 1))
            return None
        with path.open("rb") as handle:
            # one byte past the size seen tells whether the file has grown since stat();
            # asking for max_bytes() at once would allocate that much for any file
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes() + 1 - len(raw))
    except OSError as exc:
        reporter.report("AZ001", f"cannot read {shown}: {exc.strerror or exc}", None)
        return None
    if len(raw) > max_bytes():  # grew while being read: only a prefix was read
        reporter.report("AZ010", _too_large(shown, len(raw), cut=True), Location(shown, 1, 1))
        return None
    return raw


def _too_large(shown: str, size: int, *, cut: bool) -> str:
    more = "more than " if cut else ""
    limit = max_bytes()
    raise_it = "" if limit < MAX_BYTES else " (raise it with `--limit file-bytes=N`)"
    return f"{shown} is {more}{size:,} bytes; the limit is {limit:,}{raise_it}"


def load_bytes(
    raw: bytes, path: Path, display: str, reporter: Reporter, *, url: str = ""
) -> LoadedDocument | None:
    """Decode and parse ``raw`` (the content of ``path``, shown as ``display``; ``url``:
    where it was fetched from, for a remote document)."""
    if len(raw) > max_bytes():
        reporter.report("AZ010", _too_large(display, len(raw), cut=False), Location(display, 1, 1))
        return None
    digest = _hashing(raw)
    try:
        text = _decode(raw, display, reporter)
        if text is None:
            return None
        try:
            data, positions = _parse(text, path, display, reporter)
        except LoadError as err:
            location = Location(display, err.line, err.column, None, None, "")
            reporter.report(err.code, err.message, location)
            return None
    finally:
        sha256 = digest()  # never leaves a thread behind
    return LoadedDocument(path, display, data, positions, text, sha256, url)


#: from this size on, a file's bytes are hashed on another thread while they are parsed
#: (hashlib lets go of the interpreter lock while it hashes; the parsers hold it)
HASH_IN_THREAD = 1 << 20


def _hashing(raw: bytes) -> Callable[[], str]:
    """Start hashing ``raw``; the function returned waits for and gives the SHA-256."""
    hasher = hashlib.sha256()
    if len(raw) < HASH_IN_THREAD:
        hasher.update(raw)
        return hasher.hexdigest
    import threading

    worker = threading.Thread(target=hasher.update, args=(raw,), name="arazzogen-sha256")
    worker.start()

    def finished() -> str:
        worker.join()
        return hasher.hexdigest()

    return finished


def _decode(raw: bytes, display: str, reporter: Reporter) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        # everything before the first bad byte decodes, so the column counts characters
        column = len(raw[line_start : exc.start].decode("utf-8")) + 1
        message = f"invalid UTF-8 byte 0x{raw[exc.start]:02x}"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            message += " (the file looks like UTF-16)"
        elif b"\x00" in raw[:1024]:
            message += " (is this a binary file?)"
        reporter.report("AZ002", message, Location(display, line, column, None, None, ""))
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _parse(
    text: str, path: Path, display: str, reporter: Reporter
) -> tuple[object, PositionTable]:
    if path.suffix.lower() in _JSON_SUFFIXES:
        fast = parse_json_fast(text)
        return fast if fast is not None else parse_json(text, display, reporter)
    if text.strip() == "" or _only_comments(text):
        raise LoadError("AZ006", "the file is empty" if text.strip() == "" else
                        "the file holds only comments")
    fast = parse_yaml_fast(text)
    return fast if fast is not None else parse_yaml(text, display, reporter)


def _only_comments(text: str) -> bool:
    return all(_COMMENT_ONLY.match(line) for line in text.splitlines())


def read_source_file(file: str) -> str | None:
    """The text of ``file`` for ``--show-source``, or None when it cannot be read.

    Bytes that are not UTF-8 decode to U+FFFD, one per bad sequence, so a file that
    failed to load (AZ002) still shows its line, the caret under the first bad byte.
    """
    path = Path(file)
    try:
        if not path.is_file():
            return None
        return path.read_bytes().decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None
