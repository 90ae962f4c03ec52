"""The one identifier sanitizer: document names become Python identifiers only here.

``snake_case`` and ``pascal_case`` turn a document name (``workflowId``, an input
property, an output name) into an ASCII identifier; a :class:`Scope` hands out names
that do not collide with each other, with Python keywords, soft keywords, builtins or
names the generated module reserves, deterministically in order of request.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass, field

_BUILTINS = frozenset(dir(builtins))
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _ascii_words(text: str) -> list[str]:
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", normal):
        words.extend(_WORD.findall(chunk))
    return words


def snake_case(text: str, *, fallback: str = "value") -> str:
    words = [w.lower() for w in _ascii_words(text)]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def pascal_case(text: str, *, fallback: str = "Value") -> str:
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:].lower() for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return name


def bound_names(import_line: str) -> set[str]:
    """The names an ``import`` line binds: ``import a.b`` -> ``a``;
    ``from m import x, y as z`` -> ``x``, ``z``."""
    line = import_line.strip()
    if line.startswith("from "):
        _, _, imported = line.partition(" import ")
        items = imported.strip("() ").split(",")
    elif line.startswith("import "):
        items = line[len("import ") :].split(",")
    else:
        raise ValueError(f"not an import line: {import_line!r}")
    names: set[str] = set()
    for item in items:
        item = item.strip()
        if not item:
            continue
        if " as " in item:
            names.add(item.rsplit(" as ", 1)[1].strip())
        else:
            names.add(item.split(".", 1)[0])
    return names


#: names pycodestyle (ruff E741) rejects as ambiguous: ``l``, ``O`` and ``I``
_AMBIGUOUS = frozenset({"l", "O", "I"})


def is_reserved(name: str) -> bool:
    return (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in _BUILTINS
        or name in _AMBIGUOUS
    )


def is_member_name(key: str) -> bool:
    """Whether a JSON member name can be written as a field of a ``TypedDict`` class body
    as it is (the key must stay the document's): an ASCII identifier, not a keyword, and
    not ``__x`` (a class body would mangle it to ``_Class__x``). Other keys need the
    functional ``TypedDict("Name", {...})`` form."""
    return (
        key.isidentifier()
        and key.isascii()
        and not keyword.iskeyword(key)
        and not (key.startswith("__") and not key.endswith("__"))
    )


@dataclass
class Scope:
    """Names already taken in one Python scope (module, function, class body).

    Claiming is linear in the number of names: the taken names are one set that only
    grows, and the probe for ``name_2``, ``name_3``... resumes where the last probe for the
    same base stopped (a name found taken stays taken, so the result is the same as
    probing from ``_2`` every time).
    """

    reserved: set[str] = field(default_factory=set)
    _taken: dict[str, str] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    _next: dict[str, int] = field(default_factory=dict)

    def claim(self, wanted: str, *, key: str | None = None) -> str:
        """Return a free identifier based on ``wanted`` (already an identifier shape).

        The same ``key`` always gets the same name. Clashes get ``_2``, ``_3``...;
        keywords and builtins get a trailing underscore first.
        """
        if key is not None and key in self._taken:
            return self._taken[key]
        base = wanted
        if is_reserved(base) or base in self.reserved:
            base = base + "_"
        name = base
        n = self._next.get(base, 2)
        pascal = base.lstrip("_")[:1].isupper()  # a class name: Outputs2, not Outputs_2
        while name in self._names or name in self.reserved or is_reserved(name):
            name = f"{base}{n}" if pascal or base.endswith("_") else f"{base}_{n}"
            n += 1
        if name != base:
            self._next[base] = n
        self._names.add(name)
        self._taken[key if key is not None else f"\0{name}"] = name
        return name

    def child(self) -> Scope:
        """A nested scope that also avoids every name taken here."""
        return Scope(reserved=self.reserved | self._names)
