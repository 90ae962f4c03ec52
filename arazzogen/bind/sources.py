"""Stage: load the documents an Arazzo description's ``sourceDescriptions`` name.

Relative (and ``file:``) URLs are resolved against the Arazzo document's directory, as
RFC 3986 says; a file that is missing there but present relative to the current
directory is used with the lenient warning AZ509. A source may be mapped, by its name or
its URL, to a local file or another URL (``--source``, ``[tool.arazzogen.sources]``).
Remote URLs are refused (AZ302) unless ``--allow-remote`` is given: then they are
fetched (:mod:`arazzogen.bind.remote`) and their SHA-256 checked against, or recorded
in, the lock file (:mod:`arazzogen.bind.lock`, :mod:`arazzogen.bind.locked`); without it
no socket is ever opened, and ``--check`` answers from the lock (never AZ302).
Each loaded file is sanity-checked against its declared ``type`` (AZ303, AZ304); types
arazzogen cannot compile (``asyncapi``) are a warning here (AZ305) so that
``arazzogen validate`` still works.

Besides :mod:`arazzogen.load.document` and :mod:`arazzogen.emit.writer` this is the only module that
touches the file system: :class:`DocumentStore` also loads the files that ``$ref``\\ s
inside OpenAPI descriptions point at, for :mod:`arazzogen.bind.openapi`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from arazzogen import pointer as jp
from arazzogen.bind.lock import Lock
from arazzogen.bind.locked import check_offline, fetch_source
from arazzogen.diagnostics import Location, Reporter
from arazzogen.load.document import LoadedDocument, load_document
from arazzogen.load.paths import absolute

#: How many files ``$ref``\ s may pull in, over all sources of one document.
MAX_REFERENCED_FILES = 64

_OPENAPI_VERSION = re.compile(r"^3\.[012](\.\d+)?(-[0-9A-Za-z.-]+)?$")
_COMPILABLE = frozenset({"openapi", "arazzo"})


@dataclass
class SourceOptions:
    """How source descriptions are found: mappings, remote fetching, the lock."""

    #: a source's name or URL -> an absolute local path or a URL
    mapping: Mapping[str, str] = field(default_factory=dict)
    allow_remote: bool = False
    #: the lock in use (None: no lock file, e.g. the library API by default)
    lock: Lock | None = None
    #: accept a changed upstream and record its new digest
    refresh: bool = False
    #: ``--check``: the lock is not written, so a missing entry is an error (AZ342), and
    #: without ``allow_remote`` a remote source is never fetched (AZ345, AZ346)
    check: bool = False
    #: the command that fetches the remote sources and writes the lock (the hints' fix)
    fix_command: str = "arazzogen compile --allow-remote"
    timeout: float = 20.0
    #: mapping keys that deserve a warning (AZ344) when they match no source (``--source``)
    warn_unused: frozenset[str] = frozenset()
    #: filled in: the mapping keys that matched a source description
    used: set[str] = field(default_factory=set)
    #: filled in: the codes reported once per compilation (AZ345, AZ346: one command, in
    #: their hint, fixes them for every source)
    reported_once: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class SourceDescription:
    name: str
    #: "openapi" | "arazzo" | another type as written; inferred from the file when absent,
    #: "" when absent and the file could not be read
    type: str
    url: str
    #: None when not loaded (remote, missing, unreadable, unsupported, wrong type)
    document: LoadedDocument | None
    #: where the Source Description Object is in the Arazzo document
    pointer: str = ""


@dataclass(frozen=True)
class Confinement:
    """Where source files may be read from: below the project root, or below a path
    the user allowed (``--allow-path``). Paths are compared once resolved, so ``..``,
    absolute paths, ``file:`` URLs and symbolic links cannot lead outside."""

    root: Path
    allowed: tuple[Path, ...]

    def allows(self, path: Path) -> bool:
        target = _absolute(path)
        return any(target == base or base in target.parents for base in self.allowed)


def project_root(document: Path, cwd: Path | None = None) -> Path:
    """The nearest folder at or above the document's folder that holds ``.git`` or
    ``pyproject.toml``; without one, the working directory when the document is below
    it, else the document's folder."""
    folder = _absolute(document).parent
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists() or (candidate / "pyproject.toml").is_file():
                return candidate
        except OSError:
            continue
    here = _absolute(cwd or Path.cwd())
    if here == folder or here in folder.parents:
        return here
    return folder


def confine(document: Path, cwd: Path | None = None, allow: Sequence[Path] = ()) -> Confinement:
    """The :class:`Confinement` of a compilation of ``document``."""
    root = project_root(document, cwd)
    base = _absolute(cwd or Path.cwd())
    extra = tuple(_absolute(p if p.is_absolute() else base / p) for p in allow)
    return Confinement(root, (root, *extra))


class DocumentStore:
    """Loads and caches the files of one compilation, by resolved path.

    Files reached through ``$ref`` are loaded at most once and at most
    :data:`MAX_REFERENCED_FILES` of them; problems come back as messages (the caller
    decides where to report them) rather than as diagnostics in the referenced file.
    """

    def __init__(
        self,
        cwd: Path | None = None,
        limit: int = MAX_REFERENCED_FILES,
        confinement: Confinement | None = None,
    ) -> None:
        self.cwd = absolute(cwd or Path.cwd())
        self.confinement = confinement
        self._limit = limit
        self._docs: dict[Path, LoadedDocument] = {}
        self._failed: dict[Path, str] = {}
        self._loaded_by_ref = 0
        #: fetched documents: URL -> SHA-256 of the bytes
        self.remote: dict[str, str] = {}
        #: files looked for and not found, that would have been read had they existed
        self.absent: set[Path] = set()

    def local_files(self) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
        """(files read, files looked for and missing): what a compilation depended on."""
        return tuple(self._docs), (*self._failed, *sorted(self.absent))

    def digests(self) -> dict[Path, str]:
        """The SHA-256 of each file read, by resolved path, of the bytes that were read."""
        return {path: doc.sha256 for path, doc in self._docs.items() if doc.sha256 is not None}

    def display(self, path: Path) -> str:
        """``path`` relative to the current directory when below it, else as resolved."""
        try:
            return path.relative_to(self.cwd).as_posix()
        except ValueError:
            return path.as_posix()

    def display_file(self, path: Path) -> str:
        """:meth:`display` of ``path`` once resolved."""
        return self.display(_absolute(path))

    def add(self, doc: LoadedDocument) -> None:
        if not doc.url:  # a fetched document is no local file (its path is only a name)
            self._docs.setdefault(_absolute(doc.path), doc)

    def referenced(self, base: LoadedDocument, reference: str) -> tuple[LoadedDocument | None, str]:
        """Load the file part of a ``$ref`` made in ``base``; (document, error message)."""
        if base.url:
            return None, f"reference {reference!r} in a remote document is not fetched"
        parts = urlsplit(reference)
        if parts.scheme in ("http", "https"):
            return None, f"remote reference {reference!r} is not fetched"
        if parts.scheme == "file":
            target = _file_url_path(parts.path)
        elif parts.scheme and len(parts.scheme) > 1:
            return None, f"reference {reference!r} uses the unsupported scheme {parts.scheme!r}"
        else:
            target = Path(unquote(reference))
        path = _absolute(base.path.parent / target)
        if path in self._docs:
            return self._docs[path], ""
        if path in self._failed:
            return None, self._failed[path]
        if self._loaded_by_ref >= self._limit:
            return None, f"more than {self._limit} referenced files; {reference!r} was not loaded"
        shown = self.display(path)
        if self.confinement is not None and not self.confinement.allows(path):
            message = (
                f"referenced file {shown} is outside the project root "
                f"`{self.display(self.confinement.root)}`; pass --allow-path to read it"
            )
            self._failed[path] = message
            return None, message
        self._loaded_by_ref += 1
        if not path.is_file():
            message = f"referenced file {shown} does not exist"
            self._failed[path] = message
            return None, message
        private = Reporter()
        doc = load_document(path, private, display=shown)
        if doc is None:
            first = private.diagnostics[0] if private.diagnostics else None
            where = (
                f":{first.location.line}:{first.location.column}"
                if first and first.location
                else ""
            )
            message = f"referenced file {shown}{where} cannot be read" + (
                f": {first.message}" if first else ""
            )
            self._failed[path] = message
            return None, message
        self._docs[path] = doc
        return doc, ""


@dataclass(frozen=True)
class Sources:
    by_name: Mapping[str, SourceDescription]
    #: the file cache shared by the later stages (``$ref`` targets)
    store: DocumentStore = field(default_factory=DocumentStore, compare=False, repr=False)


def _absolute(path: Path) -> Path:
    return absolute(path)  # never raises: a loop of links, a NUL byte in the name


def _is_file(path: Path) -> bool:
    """``Path.is_file`` that says no instead of raising (name too long, NUL byte...)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def load_sources(
    doc: LoadedDocument,
    reporter: Reporter,
    *,
    cwd: Path | None = None,
    confinement: Confinement | None = None,
    options: SourceOptions | None = None,
    nested: bool = False,
) -> Sources:
    """Load every source description of ``doc`` that can be loaded; report the others.
    ``nested``: ``doc`` is an Arazzo source of the document compiled (its hints map a
    source by URL, since a name may also be one of the other documents' sources).

    Files are read only where ``confinement`` allows (by default: below the project
    root of ``doc``); a source elsewhere is AZ360. A source mapped by ``options`` (the
    user's own ``--source`` or configuration) is read wherever it points."""
    options = options or SourceOptions()
    if confinement is None:
        confinement = confine(doc.path, cwd)
    store = DocumentStore(cwd, confinement=confinement)
    store.add(doc)
    by_name: dict[str, SourceDescription] = {}
    entries = doc.data.get("sourceDescriptions") if isinstance(doc.data, dict) else None
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            pointer = jp.join("/sourceDescriptions", index)
            source = _load_one(doc, entry, pointer, store, reporter, options, nested)
            if source is not None and source.name not in by_name:
                by_name[source.name] = source
    return Sources(by_name, store)


def report_unused_mappings(doc: LoadedDocument, options: SourceOptions, reporter: Reporter) -> None:
    """AZ344 for each ``--source`` key no source description matched: called once the
    document and its Arazzo sources, at any depth, have all been loaded."""
    for key in sorted(options.warn_unused - options.used):
        reporter.report(
            "AZ344",
            f"--source {key}=...: no source description of {doc.display} "
            "(or of its Arazzo sources) has this name or URL",
            doc.locate("/sourceDescriptions"),
        )


def _load_one(
    doc: LoadedDocument,
    entry: object,
    pointer: str,
    store: DocumentStore,
    reporter: Reporter,
    options: SourceOptions,
    nested: bool = False,
) -> SourceDescription | None:
    if not isinstance(entry, dict):
        return None
    name, url, declared = entry.get("name"), entry.get("url"), entry.get("type")
    if not isinstance(name, str) or not isinstance(url, str):
        return None  # the schema stage reports the shape
    kind = declared if isinstance(declared, str) else ""
    url_at = doc.locate(jp.join(pointer, "url"))
    if kind and kind not in _COMPILABLE:
        reporter.report(
            "AZ305",
            f"source description {name!r} has type {kind!r}, which arazzogen cannot compile; "
            "steps that use it will be errors at compile time",
            doc.locate(jp.join(pointer, "type")),
        )
        return SourceDescription(name, kind, url, None, pointer)
    # a source of a remote document is relative to its URL (RFC 3986), and only remote
    absolute = urljoin(doc.url, url.strip()) if doc.url else url.strip()
    key = next((k for k in (name, url.strip()) if k in options.mapping), absolute)
    target = options.mapping.get(key)
    if target is not None:
        options.used.add(key)
    location = absolute if target is None else target
    if target is None and doc.url and urlsplit(absolute).scheme not in ("http", "https"):
        reporter.report(
            "AZ302",
            f"source description {name!r} of the remote document {doc.display}: {url} is not "
            "an http(s) URL, and a remote document never names a local file",
            url_at,
            hint=f"map it to a local copy with `--source {absolute}=PATH` if it should be read",
        )
        return SourceDescription(name, kind, url, None, pointer)
    path = _local_path(location)
    if path is None:
        scheme = urlsplit(location.strip()).scheme
        remote = scheme in ("http", "https")
        # --check offline works from the lock (the library without a lock: AZ302 below)
        if remote and options.check and not options.allow_remote and options.lock is not None:
            check_offline(name, location.strip(), url_at, store, reporter, options)
            return SourceDescription(name, kind, url, None, pointer)
        if scheme in ("http", "https") and options.allow_remote:
            loaded = fetch_source(name, location.strip(), url_at, store, reporter, options)
            if loaded is None:
                return SourceDescription(name, kind, url, None, pointer)
            return _typed(name, kind, url, loaded, pointer, url_at, reporter)
        if scheme in ("http", "https"):
            message = (
                f"source description {name!r}: {location} is remote, and remote sources are "
                "fetched only with --allow-remote"
            )
            # the message says what to do; the hint offers the ways around it
            map_by = absolute if nested else name
            hint: str | None = (
                f"map it to a local copy with `--source {map_by}=PATH` (or in "
                "[tool.arazzogen.sources]), or fetch it with `--allow-remote`; "
                "`arazzogen validate --no-sources` checks the document alone"
            )
        else:
            given = "the --source mapping's target" if target is not None else "the URL"
            message = f"source description {name!r}: {given} {location.strip()!r} has the "
            message += f"scheme {scheme!r}, which arazzogen does not read"
            hint = (
                "use a local path, a `file:` URL or an `http(s)` URL (with --allow-remote); "
                f"a copy of the file can be mapped with `--source {name}=PATH`"
            )
        reporter.report("AZ302", message, url_at, hint=hint)
        return SourceDescription(name, kind, url, None, pointer)
    primary = _absolute(path if path.is_absolute() else doc.path.parent / path)
    confined = target is None and store.confinement is not None
    if confined and store.confinement is not None and not store.confinement.allows(primary):
        # refused before looking at the file: not even its existence is probed
        reporter.report(
            "AZ360",
            f"source description {name!r}: {store.display(primary)} is outside the project "
            f"root `{store.display(store.confinement.root)}`; arazzogen does not read it",
            url_at,
            hint=f"pass `--allow-path {store.display(primary.parent)}` if it should be read",
        )
        return SourceDescription(name, kind, url, None, pointer)
    found = _find_file(doc, path, store) if target is None else _find_mapped(path)
    if found is None:
        if target is not None:
            reporter.report(
                "AZ301",
                f"source description {name!r} is mapped to {store.display(_absolute(path))}, "
                "which does not exist",
                url_at,
                hint="fix the path given with --source or in [tool.arazzogen.sources]",
            )
            return SourceDescription(name, kind, url, None, pointer)
        shown = store.display(_absolute(doc.path.parent / path))
        reporter.report(
            "AZ301",
            f"source description {name!r}: no such file {shown}",
            url_at,
        )
        return SourceDescription(name, kind, url, None, pointer)
    resolved, relative_to_cwd = found
    if relative_to_cwd:
        reporter.report(
            "AZ509",
            f"source description {name!r}: {url!r} does not exist relative to the document; "
            f"using {store.display(resolved)} (relative to the current directory)",
            url_at,
        )
    loaded = load_document(resolved, reporter, display=store.display(resolved))
    if loaded is None:
        return SourceDescription(name, kind, url, None, pointer)
    store.add(loaded)
    return _typed(name, kind, url, loaded, pointer, url_at, reporter)


def _find_mapped(path: Path) -> tuple[Path, bool] | None:
    return (_absolute(path), False) if _is_file(path) else None


def _typed(
    name: str,
    kind: str,
    url: str,
    loaded: LoadedDocument,
    pointer: str,
    url_at: Location,
    reporter: Reporter,
) -> SourceDescription:
    """The source description once its file is loaded: its type inferred or checked."""
    actual = _detect_type(loaded.data)
    if not kind:
        if actual is None:
            reporter.report(
                "AZ304",
                f"source description {name!r} has no `type` and {loaded.display} is neither an "
                "OpenAPI nor an Arazzo document",
                url_at,
            )
            return SourceDescription(name, "", url, None, pointer)
        kind = actual
        if kind not in _COMPILABLE:
            reporter.report(
                "AZ305",
                f"source description {name!r} is an {kind} document, which arazzogen cannot "
                "compile; steps that use it will be errors at compile time",
                url_at,
            )
            return SourceDescription(name, kind, url, None, pointer)
    if not _check_kind(name, kind, loaded, url_at, reporter):
        return SourceDescription(name, kind, url, None, pointer)
    return SourceDescription(name, kind, url, loaded, pointer)


def _file_url_path(path: str) -> Path:
    """The file path of a ``file:`` URL's path part."""
    # imported here: urllib.request (http.client, email, ssl) costs a compile ~13 ms to import
    from urllib.request import url2pathname

    return Path(url2pathname(path))


def _local_path(url: str) -> Path | None:
    """The file path a URL names, or None when it is remote or of another scheme."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme == "file":
        return _file_url_path(unquote(parts.path))
    if parts.scheme and len(parts.scheme) > 1:  # one letter: a Windows drive
        return None
    without_fragment = text.split("#", 1)[0]
    return Path(unquote(without_fragment))


def _find_file(doc: LoadedDocument, path: Path, store: DocumentStore) -> tuple[Path, bool] | None:
    if path.is_absolute():
        return (_absolute(path), False) if _is_file(path) else None
    beside = _absolute(doc.path.parent / path)
    if _is_file(beside):
        return beside, False
    from_cwd = _absolute(store.cwd / path)
    outside = store.confinement is not None and not store.confinement.allows(from_cwd)
    if _is_file(from_cwd) and not outside:
        store.absent.add(beside)
        return from_cwd, True
    return None


def _detect_type(data: object) -> str | None:
    if not isinstance(data, dict):
        return None
    for key in ("openapi", "swagger", "arazzo", "asyncapi"):
        if key in data:
            return "openapi" if key == "swagger" else key
    return None


def _check_kind(
    name: str, kind: str, loaded: LoadedDocument, url_at: Location, reporter: Reporter
) -> bool:
    data = loaded.data if isinstance(loaded.data, dict) else {}
    shown = loaded.display
    if kind == "openapi":
        version = data.get("openapi")
        if "swagger" in data and version is None:
            reporter.report(
                "AZ303",
                f"source description {name!r}: {shown} is Swagger {data.get('swagger')}, "
                "which arazzogen does not read",
                url_at,
            )
            return False
        if version is None:
            what = "an Arazzo document" if "arazzo" in data else "not an OpenAPI document"
            reporter.report(
                "AZ304",
                f"source description {name!r} has type 'openapi', but {shown} is {what} "
                "(no `openapi` field)",
                url_at,
            )
            return False
        if not isinstance(version, str) or not _OPENAPI_VERSION.match(version):
            reporter.report(
                "AZ303",
                f"source description {name!r}: {shown} is OpenAPI {version!s}; arazzogen reads "
                "3.0.x, 3.1.x and 3.2.x",
                url_at,
            )
            return False
        return True
    if kind == "arazzo" and "arazzo" not in data:
        what = (
            "an OpenAPI document" if "openapi" in data or "swagger" in data
            else "not an Arazzo document"
        )
        reporter.report(
            "AZ304",
            f"source description {name!r} has type 'arazzo', but {shown} is {what} "
            "(no `arazzo` field)",
            url_at,
        )
        return False
    return True
