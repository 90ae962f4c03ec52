"""Remote sources under the lock: fetched and verified against ``arazzogen.lock``
(AZ340, AZ341), or, for ``--check``, answered from it (AZ342, AZ345, AZ346).

A check never writes the lock and, without ``--allow-remote``, never fetches: it trusts
the SHA-256 the lock records. When the lock cannot settle it, the diagnostic's hint is
the one command that does (:attr:`SourceOptions.fix_command`): the same command without
``--check``, with ``--allow-remote``. Called by :mod:`arazzogen.bind.sources` only.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from arazzogen.bind.lock import Lock, sha256
from arazzogen.diagnostics import Location, Reporter
from arazzogen.load.document import LoadedDocument, load_bytes

if TYPE_CHECKING:
    from arazzogen.bind.sources import DocumentStore, SourceOptions


def fetch_source(
    name: str,
    url: str,
    url_at: Location,
    store: DocumentStore,
    reporter: Reporter,
    options: SourceOptions,
) -> LoadedDocument | None:
    """Fetch ``url``, check it against the lock, and load it."""
    from arazzogen.bind.remote import FetchError, fetch

    lock = options.lock
    needs_entry = options.check and lock is not None  # a check never records one
    if needs_entry and not _locked(name, url, url_at, store, reporter, options):
        return None
    try:
        data = fetch(url, timeout=options.timeout)
    except FetchError as exc:
        reporter.report("AZ340", f"source description {name!r}: cannot fetch {exc}", url_at)
        return None
    digest = sha256(data)
    if lock is not None:
        known = lock.entries.get(url)
        if known is not None and known.sha256 != digest and not options.refresh:
            reporter.report(
                "AZ341",
                f"source description {name!r}: {url} changed upstream: its SHA-256 is "
                f"{digest[:12]}..., {_lock_shown(lock, store)} records {known.sha256[:12]}...",
                url_at,
                hint=f"review the change, then run `{options.fix_command} --refresh` to accept it",
            )
            return None
        if not options.check:
            lock.record(url, data)
    pseudo = Path(PurePosixPath(urlsplit(url).path).name or "remote.yaml")
    loaded = load_bytes(data, pseudo, url, reporter, url=url)
    if loaded is not None:
        store.remote[url] = digest
    return loaded


def _lock_shown(lock: Lock, store: DocumentStore) -> str:
    return store.display_file(lock.path) if lock.path is not None else "the lock file"


def _locked(
    name: str,
    url: str,
    url_at: Location,
    store: DocumentStore,
    reporter: Reporter,
    options: SourceOptions,
) -> bool:
    """``--check``: whether the lock records ``url``. A check never writes the lock, so
    no lock file is AZ345 (once: the first remote source; the fix writes it for all) and
    a URL it does not record is AZ342; the hints name the command that fetches them."""
    lock = options.lock
    assert lock is not None
    shown = _lock_shown(lock, store)
    if not lock.found:
        if "AZ345" in options.reported_once:
            return False
        options.reported_once.add("AZ345")
        reporter.report(
            "AZ345",
            f"source description {name!r}: {url} is remote, and `--check` takes its SHA-256 "
            f"from {shown}, which does not exist",
            url_at,
            hint=f"run `{options.fix_command}` to fetch the remote sources and write {shown} "
            "(or map them to local copies with `--source NAME=PATH`)",
        )
        return False
    if url not in lock.entries:
        reporter.report(
            "AZ342",
            f"source description {name!r}: {url} is not recorded in {shown}",
            url_at,
            hint=f"run `{options.fix_command}` to fetch it and record its digest",
        )
        return False
    return True


def check_offline(
    name: str,
    url: str,
    url_at: Location,
    store: DocumentStore,
    reporter: Reporter,
    options: SourceOptions,
) -> None:
    """``--check`` without ``--allow-remote`` reached a remote source: the module is not
    known to be up to date from its digests, so it is compiled again, and that needs the
    source's content, which is never fetched without ``--allow-remote``. Reported once
    (AZ346): the command of its hint fetches every source."""
    if not _locked(name, url, url_at, store, reporter, options):
        return
    if "AZ346" in options.reported_once:
        return
    options.reported_once.add("AZ346")
    reporter.report(
        "AZ346",
        f"source description {name!r}: {url} is remote; the module's digests do not show it "
        "up to date, so the check compiles it again, which needs this source, and `--check` "
        "fetches only with --allow-remote",
        url_at,
        hint=f"run `{options.fix_command}` to regenerate the module (or add `--allow-remote` "
        "to the check to see what changed)",
    )
