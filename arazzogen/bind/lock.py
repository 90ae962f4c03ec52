"""The lock file ``arazzogen.lock``: the SHA-256 of every remote source fetched.

Meant to be committed: it is JSON with sorted keys, two-space indentation and a final
newline, so the same sources always give the same bytes and a diff shows exactly which
upstream changed. Entries are only added or replaced (``--refresh``), never dropped
silently: a lock shared by several modules keeps the sources of all of them.

Pure: reading and writing the file is done by :mod:`arazzogen.bind.sources` and
:mod:`arazzogen.emit.writer`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1


class LockError(ValueError):
    """The text is not a lock file this version of arazzogen wrote."""


@dataclass(frozen=True)
class LockEntry:
    sha256: str
    size: int


@dataclass
class Lock:
    entries: dict[str, LockEntry] = field(default_factory=dict)
    #: URLs recorded or replaced during this run
    changed: set[str] = field(default_factory=set)
    #: False when there is no lock file (yet): ``--check`` then has no digest to trust
    found: bool = True
    #: where it is read from and written to (None: not a file, e.g. the library API)
    path: Path | None = None

    def record(self, url: str, data: bytes) -> None:
        entry = LockEntry(sha256(data), len(data))
        if self.entries.get(url) != entry:
            self.entries[url] = entry
            self.changed.add(url)

    def text(self) -> str:
        body = {
            "version": VERSION,
            "sources": {
                url: {"sha256": e.sha256, "size": e.size} for url, e in sorted(self.entries.items())
            },
        }
        return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_lock(text: str) -> Lock:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LockError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise LockError(f"expected a JSON object with \"version\": {VERSION}")
    sources = data.get("sources")
    if not isinstance(sources, dict):
        raise LockError('expected a "sources" object')
    entries: dict[str, LockEntry] = {}
    for url, entry in sources.items():
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        if not (isinstance(digest, str) and len(digest) == 64 and isinstance(size, int)):
            raise LockError(f"the entry for {url!r} needs a 64-digit sha256 and a size")
        entries[url] = LockEntry(digest.lower(), size)
    return Lock(entries)


def read_lock(path: Path) -> tuple[Lock | None, str]:
    """The lock at ``path`` (an empty one, not ``found``, when there is no file), or
    (None, why not)."""
    try:
        if not path.exists():
            return Lock(found=False, path=path), ""
        lock = parse_lock(path.read_text(encoding="utf-8"))
        lock.path = path
        return lock, ""
    except LockError as exc:
        return None, str(exc)
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read it: {exc}"
