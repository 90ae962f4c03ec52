"""Read ``[tool.arazzogen]`` from ``pyproject.toml``.

The file is found by walking up from the working directory: the first
``pyproject.toml`` that has a ``[tool.arazzogen]`` table is the project's configuration,
and its folder is the project root (relative paths in it are relative to that folder).
Keys are the long command-line flags (:data:`arazzogen.settings.OPTIONS`); unknown keys
and wrong values are diagnostics (AZ91x) pointing at the line of the key, never ignored.

TOML is read with :mod:`tomllib` (Python 3.11+) or its backport ``tomli`` on 3.10.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from arazzogen.load.paths import absolute
from arazzogen.load.positions import DEPTH_CEILING
from arazzogen.settings import BY_NAME, MODULE_KEYS, ModuleSpec, Option

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FILE_NAME = "pyproject.toml"
#: the names of the compiler limits (arazzogen.check.limits.Limits, not imported: light)
_LIMIT_NAMES = (
    "workflows",
    "steps",
    "parameters",
    "name-length",
    "pointer-length",
    "pointer-segments",
    "module-bytes",
    "file-bytes",
    "depth",
)


def _limit_ok(name: object, value: object) -> bool:
    return (
        name in _LIMIT_NAMES
        and isinstance(value, int)
        and not isinstance(value, bool)
        and value > 0
        and (name != "depth" or value <= DEPTH_CEILING)
    )
#: a pyproject.toml larger than this is not read
MAX_BYTES = 4 * 1024 * 1024


class Problem(NamedTuple):
    """A diagnostic about the configuration, before it becomes a
    :class:`~arazzogen.diagnostics.Diagnostic` (this module stays light to import)."""

    code: str
    message: str
    #: the file shown (relative to the working directory when below it), "" for none
    file: str
    line: int = 1
    column: int = 1
    #: a hint for this case, instead of the code's own
    hint: str | None = None


class ProjectConfig(NamedTuple):
    """The ``[tool.arazzogen]`` table of one ``pyproject.toml``, checked."""

    path: Path
    root: Path
    #: option name -> value (paths made absolute)
    options: Mapping[str, object] = {}
    modules: tuple[ModuleSpec, ...] = ()


def find_config(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` with a ``[tool.arazzogen]``."""
    folder = absolute(start)
    for candidate in (folder, *folder.parents):
        path = candidate / FILE_NAME
        try:
            if path.is_file() and _mentions_table(path.read_bytes()[:MAX_BYTES]):
                return path
        except OSError:
            continue
    return None


def _mentions_table(data: bytes) -> bool:
    """A quick test before parsing: does the text open ``[tool.arazzogen...]``?"""
    return re.search(rb"^\s*\[\[?\s*tool\s*\.\s*arazzogen\b", data, re.MULTILINE) is not None


def shown_path(path: Path, cwd: Path | None) -> str:
    """``path`` as diagnostics show it: relative to ``cwd`` when below it."""
    if cwd is not None:
        try:
            return absolute(path).relative_to(absolute(cwd)).as_posix()
        except (OSError, ValueError):
            pass
    return path.as_posix()


def load_config(
    path: Path, problems: list[Problem], cwd: Path | None = None
) -> ProjectConfig | None:
    """Parse and check ``path``; ``None`` (with ``problems``) when it cannot be used.
    Paths in ``problems`` are shown relative to ``cwd`` when below it."""
    shown = shown_path(path, cwd)
    text = _read(path, shown, problems)
    if text is None:
        return None
    try:
        parsed = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError
        line, column = _error_position(str(exc))
        problems.append(Problem("AZ910", f"not valid TOML: {exc}", shown, line, column))
        return None
    tool = parsed.get("tool")
    table = tool.get("arazzogen") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return ProjectConfig(path, absolute(path.parent))
    reader = _Reader(path, shown, text, problems)
    return reader.read(table)


def _read(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The text of the configuration file, or None with an AZ910 that says why and what
    to do (a missing file or a folder can only come from ``--config``)."""
    why, hint, file = "", "", ""
    try:
        if path.is_dir():
            why = f"the configuration file {shown} is a folder"
            hint = f"name the file itself: `--config {(path / FILE_NAME).as_posix()}`"
        else:
            data = path.read_bytes()
            if len(data) > MAX_BYTES:
                why = f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
                hint = "a pyproject.toml that large is not read: keep it under 4 MiB"
                file = shown
            else:
                return data.decode("utf-8")
    except FileNotFoundError:
        why = f"the configuration file {shown} does not exist"
        hint = "check the path given to `--config`: it names a pyproject.toml file"
    except PermissionError:
        why, file = "cannot read it: permission denied", shown
        hint = "make the file readable by you, or pass `--isolated` to ignore it"
    except UnicodeDecodeError as exc:
        why = f"not UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
        file = shown
        hint = "save the file as UTF-8: TOML files are UTF-8"
    except OSError as exc:
        why, file = f"cannot read it: {exc.strerror or exc}", shown
        hint = "check that the file can be read"
    problems.append(Problem("AZ910", why, file, hint=hint))
    return None


def _error_position(message: str) -> tuple[int, int]:
    found = re.search(r"at line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)


class _Reader:
    def __init__(self, path: Path, shown: str, text: str, problems: list[Problem]) -> None:
        self.path = path
        self.shown = shown
        self.root = absolute(path.parent)
        self.lines = text.splitlines()
        self.problems = problems
        self.ok = True

    def read(self, table: dict[str, object]) -> ProjectConfig | None:
        options = self._options(table, "global", "tool.arazzogen", 0)
        modules: list[ModuleSpec] = []
        entries = table.get("modules", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            self._error("AZ912", "modules", "`modules` must be an array of tables "
                        "(`[[tool.arazzogen.modules]]`)")
            entries = []
        outputs: dict[Path, int] = {}
        for index, entry in enumerate(entries, 1):
            module = self._module(entry, index)
            if module is None:
                continue
            assert module.output is not None
            output = Path(module.output)
            if output in outputs:
                self._error("AZ913", "output", f"modules {outputs[output]} and {index} both "
                            f"write {self._shown(output)}", nth=index)
                continue
            outputs[output] = index
            modules.append(module)
        if not self.ok:
            return None
        return ProjectConfig(self.path, self.root, options, tuple(modules))

    # -- pieces ----------------------------------------------------------------------

    def _options(
        self, table: dict[str, object], scope: str, where: str, nth: int
    ) -> dict[str, object]:
        values: dict[str, object] = {}
        allowed_extra = {"modules"} if scope == "global" else set(MODULE_KEYS)
        for key, value in table.items():
            if key in allowed_extra:
                continue
            option = BY_NAME.get(key)
            if option is None or option.scope not in (scope, "both"):
                import difflib  # only for a key that is wrong (~1.4 ms to import)

                known = [o.name for o in BY_NAME.values() if o.scope in (scope, "both")]
                close = difflib.get_close_matches(key, [*known, *allowed_extra], n=1)
                if option is not None:
                    why = f"`{key}` cannot be set per module; set it in [tool.arazzogen]"
                else:
                    why = f"unknown key `{key}` in [{where}]" + (
                        f"; did you mean `{close[0]}`?" if close else ""
                    )
                self._error("AZ911", key, why, nth=nth)
                continue
            checked = self._value(option, value, nth)
            if checked is not None and option.name == "ignore":
                assert isinstance(checked, list)
                checked = self._ignorable(checked, nth)
            if checked is not None:
                values[option.name] = checked
        return values

    def _ignorable(self, codes: list[str], nth: int) -> list[str] | None:
        """``codes`` when each is a warning or a note (AZ906 at the entry otherwise)."""
        from arazzogen.codes import REGISTRY  # only for a configuration that ignores codes

        where = f"module {nth} of [[tool.arazzogen.modules]]" if nth else "[tool.arazzogen]"
        ok = True
        for code in codes:
            entry = REGISTRY.get(code)
            if entry is None:
                why = f"`ignore` in {where}: there is no code {code}"
                hint = "correct or remove it: `arazzogen codes` lists the codes"
            elif entry.severity == "error":
                why = f"`ignore` in {where}: {code} is an error, and errors cannot be ignored"
                hint = f"remove {code} from `ignore`: only warnings and notes can be ignored"
            else:
                continue
            ok = False
            self._error("AZ906", "ignore", why, nth=nth, hint=hint, at=self._locate_item(nth, code))
        return codes if ok else None

    def _locate_item(self, nth: int, code: str) -> tuple[int, int]:
        """The position of the string ``code`` in the ``ignore`` array (which may span
        lines), or of the key when it cannot be found."""
        line, column = self._locate("ignore", nth)
        quoted = re.compile(rf"""(["'])\s*{re.escape(code)}\s*\1""", re.IGNORECASE)
        for number in range(line, len(self.lines) + 1):
            text = self.lines[number - 1]
            if number > line and re.match(r"^\s*(\[|[A-Za-z0-9_\"'-]+\s*=)", text):
                break  # the next table or key: the array has ended
            found = quoted.search(text, column - 1 if number == line else 0)
            if found:
                return number, found.start() + 1
        return line, column

    def _value(self, option: Option, value: object, nth: int) -> object | None:
        kind = option.kind
        if kind == "bool" and isinstance(value, bool):
            return value
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if kind in ("str", "path") and isinstance(value, str) and value:
            return str(self.root / value) if kind == "path" else value
        if kind == "choice" and value in option.choices:
            return value
        if kind == "list" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip().upper() for v in value]
        if kind == "paths" and isinstance(value, list) and all(
            isinstance(v, str) and v for v in value
        ):
            return [str(self.root / v) for v in value]
        if kind == "limits" and isinstance(value, dict) and all(
            _limit_ok(k, v) for k, v in value.items()
        ):
            return {str(k): int(v) for k, v in value.items()}
        if kind == "table" and isinstance(value, dict) and all(
            isinstance(v, str) and v for v in value.values()
        ):
            return {k: self._target(v) for k, v in value.items()}
        expected = {
            "bool": "true or false",
            "int": "a positive integer",
            "str": "a non-empty string",
            "path": "a path (a non-empty string)",
            "choice": " or ".join(f'"{c}"' for c in option.choices),
            "list": "an array of strings",
            "table": "a table of strings (name or URL = path or URL)",
            "paths": "an array of paths (relative to the pyproject.toml folder)",
            "limits": "a table of limit = positive integer (limits: "
            + ", ".join(_LIMIT_NAMES) + f"; depth at most {DEPTH_CEILING})",
        }[kind]
        self._error(
            "AZ912", option.name, f"`{option.name}` must be {expected}, not {value!r}", nth=nth
        )
        return None

    def _target(self, value: str) -> str:
        """A mapping's target: a URL stays as written, a path becomes absolute."""
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", value):
            return value
        return str(self.root / value)

    def _module(self, entry: dict[str, object], index: int) -> ModuleSpec | None:
        paths: dict[str, str] = {}
        for key in MODULE_KEYS:
            value = entry.get(key)
            if not isinstance(value, str) or not value:
                self._error("AZ913", key if key in entry else "modules",
                            f"module {index} needs `{key}` (a path relative to "
                            f"{FILE_NAME})", nth=index)
                return None
            paths[key] = str(absolute(self.root / value))
        options = self._options(entry, "module", "tool.arazzogen.modules", index)
        return ModuleSpec(paths["document"], paths["output"], options)

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def _error(
        self,
        code: str,
        key: str,
        message: str,
        *,
        nth: int = 0,
        hint: str | None = None,
        at: tuple[int, int] | None = None,
    ) -> None:
        self.ok = False
        line, column = at or self._locate(key, nth)
        self.problems.append(Problem(code, message, self.shown, line, column, hint))

    def _locate(self, key: str, nth: int) -> tuple[int, int]:
        """Best effort: the line of ``key =`` inside ``[tool.arazzogen...]`` (in the
        ``nth`` ``[[tool.arazzogen.modules]]`` entry when ``nth`` > 0)."""
        inside, seen = False, 0
        # `key = ...`, or a dotted key below it (`key.name = ...`)
        pattern = re.compile(rf"^\s*(\"?{re.escape(key)}\"?)\s*[=.]")
        # a table of its own: [tool.arazzogen.KEY], or below it ([tool.arazzogen.KEY.x])
        own = "tool.arazzogen." + (key if nth == 0 or key == "modules" else f"modules.{key}")
        for number, line in enumerate(self.lines, 1):
            header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if header:
                name = header.group(1).replace(" ", "")
                if name == "tool.arazzogen.modules":
                    seen += 1
                inside = name.startswith("tool.arazzogen") and (nth == 0 or seen == nth)
                if inside and (name == own or name.startswith(own + ".")):
                    return number, 1
                continue
            found = pattern.match(line)
            if inside and found:
                return number, found.start(1) + 1
        for number, line in enumerate(self.lines, 1):
            if re.match(r"^\s*\[\s*tool\.arazzogen\s*\]", line):
                return number, 1
        return 1, 1
