"""The options of a run, one model for the command line and ``[tool.arazzogen]``.

Every option is declared once in :data:`OPTIONS`: its name (the long CLI flag without
``--``, which is also its key in ``pyproject.toml``), the kind of value, and where it
may appear (the top of ``[tool.arazzogen]``, a ``[[tool.arazzogen.modules]]`` entry, or
both). :class:`Settings` holds the values; its field for option ``allow-remote`` is
``allow_remote``. Adding an option means one :class:`Option` line and one field.

Precedence, lowest first: the defaults, the top of ``[tool.arazzogen]``, the module's
entry, the command line. List options (``ignore``) and mappings (``sources``) are
merged rather than replaced: the union of codes; per key, the later mapping wins.

Pure: reading ``pyproject.toml`` is :mod:`arazzogen.load.config`'s job. Named tuples
rather than dataclasses: ``compile --check`` imports this module, and ``dataclasses``
(with ``inspect``) would cost it more than all of its own work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

#: how a value is checked: bool, str, a choice among ``choices``, a list of str,
#: a table of str -> str, a path (str, relative to the folder of ``pyproject.toml``)
Kind = Literal["bool", "str", "choice", "list", "table", "path", "int", "paths", "limits"]
Scope = Literal["global", "module", "both"]


class Option(NamedTuple):
    name: str
    kind: Kind
    scope: Scope = "both"
    choices: tuple[str, ...] = ()
    help: str = ""

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


OPTIONS: tuple[Option, ...] = (
    Option("strict", "bool", help="lenient real-world forms are errors"),
    Option("ignore", "list", help="diagnostic codes (warnings, notes) not to report"),
    Option(
        "output-format",
        "choice",
        "global",
        ("text", "json", "github", "sarif"),
        "how diagnostics are printed",
    ),
    Option("show-source", "bool", "global", help="text format: show the offending line"),
    Option("color", "choice", "global", ("auto", "always", "never"), "colored text output"),
    Option("sources", "table", help="source description (name or URL) -> local file or URL"),
    Option("allow-remote", "bool", help="fetch remote source descriptions (https)"),
    Option("lock-file", "path", "global", help="where fetched sources' digests are recorded"),
    Option("remote-timeout", "int", "global", help="seconds before a fetch is given up"),
    Option("allow-path", "paths", help="folders outside the project root sources may be read from"),
    Option("limit", "limits", help="compiler limits raised: name -> number (e.g. steps = 500)"),
)

BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}
#: keys of a ``[[tool.arazzogen.modules]]`` entry besides the options
MODULE_KEYS = ("document", "output")


class Settings(NamedTuple):
    strict: bool = False
    ignore: frozenset[str] = frozenset()
    output_format: str = "text"
    show_source: bool = False
    color: str = "auto"
    #: name or URL of a source description -> local path (absolute) or URL
    sources: Mapping[str, str] = {}  # never mutated: merged() builds a new mapping
    allow_remote: bool = False
    lock_file: str = "arazzogen.lock"
    remote_timeout: int = 20
    #: folders (absolute) outside the project root that sources may be read from
    allow_path: frozenset[str] = frozenset()
    #: compiler limit name -> its raised value (see arazzogen.check.limits)
    limit: Mapping[str, int] = {}  # never mutated: merged() builds a new mapping

    def merged(self, values: Mapping[str, object]) -> Settings:
        """These settings overlaid with ``values`` (keyed by option name or attribute;
        ``None`` means "not given")."""
        changes: dict[str, object] = {}
        for key, value in values.items():
            if value is None:
                continue
            option = BY_NAME[key.replace("_", "-")]
            current = getattr(self, option.attr)
            if option.kind == "paths":
                assert isinstance(value, (list, tuple, set, frozenset))
                changes[option.attr] = frozenset(current) | frozenset(str(v) for v in value)
            elif option.kind == "limits":
                assert isinstance(value, Mapping)
                changes[option.attr] = {**current, **{str(k): int(v) for k, v in value.items()}}
            elif option.kind == "list":
                assert isinstance(value, (list, tuple, set, frozenset))
                changes[option.attr] = frozenset(current) | frozenset(str(v) for v in value)
            elif option.kind == "table":
                assert isinstance(value, Mapping)
                changes[option.attr] = {**current, **{str(k): str(v) for k, v in value.items()}}
            else:
                changes[option.attr] = value
        return self._replace(**changes)  # type: ignore[arg-type]


class ModuleSpec(NamedTuple):
    """One ``[[tool.arazzogen.modules]]`` entry (paths absolute) or one command-line pair."""

    document: str
    output: str | None
    #: this module's own options (module scope), before the command line
    options: Mapping[str, object] = {}
