"""Is a generated module up to date? Answered from its trailer and the files alone.

:func:`check_fresh` reads the module, verifies the digest of its own text, hashes the
inputs its trailer lists (relative to its folder) and compares the digest of the inputs
with the one recorded (:mod:`arazzogen.digest`). Only the standard library is imported:
this is what makes ``arazzogen compile --check`` on an unchanged module cheap. Any doubt
(no trailer, an unreadable file, a URL the lock does not know) answers "not known to be
fresh", and the caller compiles for real.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from arazzogen import digest
from arazzogen.load.paths import absolute

_CHUNK = 1 << 20


def hash_file(path: Path) -> str | None:
    """SHA-256 of the file's bytes; None when it is not a regular file or cannot be read
    (a FIFO is never opened: reading it could block)."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            h = hashlib.sha256()
            while chunk := handle.read(_CHUNK):
                h.update(chunk)
            return h.hexdigest()
    except (OSError, ValueError):
        return None


def _is_url(entry: str) -> bool:
    return entry.startswith(("https://", "http://"))


def relative_entry(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive
        return path.as_posix()


def collect_inputs(
    document: Path,
    read: Iterable[Path],
    missing: Iterable[Path],
    remote: Mapping[str, str],
    base: Path,
    known: Mapping[Path, str] | None = None,
) -> list[tuple[str, str | None]]:
    """The trailer's inputs (document first, then files read, files missing, URLs),
    each with the SHA-256 of its content, as :func:`digest.inputs_digest` takes them.

    ``known``: the SHA-256 of files by resolved path, taken of the bytes the compilation
    read (a file is not read a second time to be hashed)."""
    known = known or {}

    def sha(path: Path) -> str | None:
        return known.get(path) or hash_file(path)

    doc = absolute(document)
    out: list[tuple[str, str | None]] = [(relative_entry(doc, base), sha(doc))]
    others = sorted({absolute(p) for p in read} - {doc})
    out.extend((relative_entry(p, base), sha(p)) for p in others)
    gone = sorted({absolute(p) for p in missing})
    out.extend((digest.MISSING + relative_entry(p, base), None) for p in gone)
    out.extend((url, remote[url]) for url in sorted(remote))
    return out


def current_hashes(
    entries: Iterable[str], base: Path, locked: Mapping[str, str]
) -> list[tuple[str, str | None]] | None:
    """Hash the inputs a trailer lists, now; None when one of them cannot be known."""
    out: list[tuple[str, str | None]] = []
    for entry in entries:
        if _is_url(entry):
            sha = locked.get(entry)
            if sha is None:
                return None
            out.append((entry, sha))
        elif entry.startswith(digest.MISSING):
            path = base / entry[len(digest.MISSING) :]
            if path.exists():
                return None  # it appeared: the compilation would read it now
            out.append((entry, None))
        else:
            sha = hash_file(base / entry)
            if sha is None:
                return None
            out.append((entry, sha))
    return out


def check_fresh(
    output: Path, document: Path, fingerprint_text: str, locked: Mapping[str, str]
) -> bool:
    """True when ``output`` is exactly what compiling ``document`` with these options
    would write (as far as the digests tell); False when unknown or stale."""
    try:
        if not output.is_file():
            return False
        text = output.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    trailer = digest.parse_trailer(text)
    if trailer is None or not trailer.inputs:
        return False
    if digest.module_digest(trailer.body) != trailer.module_digest:
        return False  # edited by hand
    base = absolute(output).parent
    if absolute(base / trailer.inputs[0]) != absolute(document):
        return False  # generated from another document
    hashes = current_hashes(trailer.inputs, base, locked)
    if hashes is None:
        return False
    return digest.inputs_digest(fingerprint_text, hashes) == trailer.inputs_digest
