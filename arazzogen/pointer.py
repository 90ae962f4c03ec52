"""RFC 6901 JSON Pointers: the one place that escapes and unescapes tokens."""

from __future__ import annotations

from collections.abc import Iterable


class PointerError(ValueError):
    """A string that is not a valid JSON Pointer."""


def escape(token: str | int) -> str:
    text = token if type(token) is str else str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def join(base: str, *tokens: str | int) -> str:
    # a loop, not a generator expression: every walk over a document joins pointers
    for token in tokens:
        base = f"{base}/{escape(token)}"
    return base


def from_parts(tokens: Iterable[str | int]) -> str:
    return join("", *tokens)


def split(pointer: str) -> list[str]:
    """Split a pointer into unescaped reference tokens ("" is the whole document)."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PointerError(f"JSON Pointer {pointer!r} must be empty or start with '/'")
    tokens = []
    for raw in pointer[1:].split("/"):
        i = 0
        while True:
            i = raw.find("~", i)
            if i < 0:
                break
            if i + 1 >= len(raw) or raw[i + 1] not in "01":
                raise PointerError(f"JSON Pointer {pointer!r} has '~' not followed by 0 or 1")
            i += 2
        tokens.append(raw.replace("~1", "/").replace("~0", "~"))
    return tokens


def parent(pointer: str) -> str | None:
    if pointer == "":
        return None
    return pointer.rsplit("/", 1)[0]


_MISSING = object()


def resolve(document: object, pointer: str) -> object:
    """Return the value at ``pointer`` or raise ``KeyError``."""
    node = document
    for token in split(pointer):
        if isinstance(node, dict):
            if token not in node:
                raise KeyError(pointer)
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or (len(token) > 1 and token.startswith("0")):
                raise KeyError(pointer)
            index = int(token)
            if index >= len(node):
                raise KeyError(pointer)
            node = node[index]
        else:
            raise KeyError(pointer)
    return node
