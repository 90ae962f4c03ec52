"""Diagnostics as values.

Every problem arazzogen finds becomes a :class:`Diagnostic`: a stable code from the
registry (:mod:`arazzogen.codes`), a severity, a one-line message, a location (file,
1-based line and column, end position where known, JSON Pointer) and a one-line hint
saying what to do. Stages never print; they add diagnostics to a :class:`Reporter`,
and :mod:`arazzogen.render_diagnostics` turns the collected list into text, JSON,
GitHub annotations or SARIF.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from arazzogen.codes import lookup

#: the longest message kept; longer ones (quoting huge document text) are cut
MAX_MESSAGE = 500


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Location:
    """Where a diagnostic points. Lines and columns are 1-based."""

    file: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    pointer: str = ""


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    location: Location | None
    hint: str

    @property
    def name(self) -> str:
        return lookup(self.code).name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        if loc is None:
            return ("", 0, 0, self.code, self.message)
        return (loc.file, loc.line, loc.column, self.code, self.message)


@dataclass
class Reporter:
    """Collects diagnostics across a run.

    ``strict`` turns the warnings of lenient forms into errors (``--strict``).
    Identical diagnostics (same code, location and message) are kept once.
    """

    strict: bool = False
    #: codes (warnings and notes) that are not reported (``--ignore``)
    ignore: frozenset[str] = frozenset()
    _items: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, Location | None, str]] = field(default_factory=set)
    #: the pointer of every error and every ancestor of it (for errors_at_or_below)
    _error_scopes: set[str] = field(default_factory=set)
    _error_count: int = 0

    def report(
        self,
        code: str,
        message: str,
        location: Location | None,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        entry = lookup(code)
        if len(message) > MAX_MESSAGE:  # document text quoted in a message can be huge
            message = message[: MAX_MESSAGE - 3] + "..."
        sev = severity or Severity(entry.severity)
        if self.strict and entry.lenient and sev is Severity.WARNING:
            sev = Severity.ERROR
        diag = Diagnostic(code, sev, message, location, hint or entry.hint)
        key = (code, location, message)
        if code in self.ignore and entry.severity != "error":
            return diag
        if key not in self._seen:
            self._seen.add(key)
            self._add(diag)
        return diag

    def _add(self, diag: Diagnostic) -> None:
        self._items.append(diag)
        if diag.severity is Severity.ERROR:
            self._error_count += 1
        if diag.severity is Severity.ERROR and diag.location is not None:
            pointer = diag.location.pointer
            while pointer not in self._error_scopes:
                self._error_scopes.add(pointer)
                if not pointer:
                    break
                pointer = pointer.rsplit("/", 1)[0]

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diag in diagnostics:
            key = (diag.code, diag.location, diag.message)
            if diag.code in self.ignore and lookup(diag.code).severity != "error":
                continue
            if key not in self._seen:
                self._seen.add(key)
                self._add(diag)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(self._items, key=Diagnostic.sort_key)

    @property
    def has_errors(self) -> bool:
        return self._error_count > 0

    def errors_at_or_below(self, pointer: str) -> bool:
        """True if an error was reported at ``pointer`` or inside it (constant time)."""
        return pointer in self._error_scopes

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self._items)
